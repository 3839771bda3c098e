#include "netconf.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int add_address(const char *ifname, const char *address, int prefix_len)
{
	unsigned char bytes[16];
	int family = strchr(address, ':') ? AF_INET6 : AF_INET;
	unsigned index = if_nametoindex(ifname);
	if (inet_pton(family, address, bytes) != 1 || index == 0 || prefix_len < 0 ||
	    prefix_len > (family == AF_INET6 ? 128 : 32)) {
		errno = EINVAL;
		return -1;
	}
	char *buf = malloc(MNL_SOCKET_BUFFER_SIZE);
	struct mnl_socket *nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	int result = -1, saved = ENOMEM;
	if (!buf || !nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		saved = errno;
		goto out;
	}
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK;
	unsigned seq = (unsigned)time(NULL);
	nlh->nlmsg_seq = seq;
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof *ifa);
	ifa->ifa_family = (unsigned char)family;
	ifa->ifa_prefixlen = (unsigned char)prefix_len;
	ifa->ifa_index = index;
	ifa->ifa_flags = family == AF_INET6 ? IFA_F_NODAD : 0;
	mnl_attr_put(nlh, IFA_LOCAL, family == AF_INET6 ? 16 : 4, bytes);
	mnl_attr_put(nlh, IFA_ADDRESS, family == AF_INET6 ? 16 : 4, bytes);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		saved = errno;
		goto out;
	}
	ssize_t got = mnl_socket_recvfrom(nl, buf, MNL_SOCKET_BUFFER_SIZE);
	/* The ACK: mnl_cb_run turns an NLMSG_ERROR reply into -1 and errno. */
	if (got < 0 || mnl_cb_run(buf, (size_t)got, seq, mnl_socket_get_portid(nl),
				  NULL, NULL) < 0) {
		saved = errno;
		goto out;
	}
	result = 0;
out:
	if (nl)
		mnl_socket_close(nl);
	free(buf);
	if (result)
		errno = saved;
	return result;
}
