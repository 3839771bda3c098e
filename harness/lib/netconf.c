#include "netconf.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Send one rtnetlink request and wait for its ACK. Returns 0, or -1 with
 * errno set from the kernel's reply. */
static int rtnl_request(struct nlmsghdr *nlh)
{
	char *buf = malloc(MNL_SOCKET_BUFFER_SIZE);
	struct mnl_socket *nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	int result = -1, saved = ENOMEM;
	unsigned seq = (unsigned)time(NULL);
	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	if (!buf || !nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		saved = errno;
		goto out;
	}
	ssize_t got = mnl_socket_recvfrom(nl, buf, MNL_SOCKET_BUFFER_SIZE);
	/* mnl_cb_run turns an NLMSG_ERROR reply into -1 and errno. */
	if (got < 0 || mnl_cb_run(buf, (size_t)got, seq, mnl_socket_get_portid(nl), NULL, NULL) < 0) {
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

static int parse_address(const char *address, int *family, unsigned char bytes[16])
{
	*family = strchr(address, ':') ? AF_INET6 : AF_INET;
	return inet_pton(*family, address, bytes) == 1 ? 0 : -1;
}

int add_address(const char *ifname, const char *address, int prefix_len)
{
	unsigned char bytes[16];
	int family;
	unsigned index = if_nametoindex(ifname);
	if (parse_address(address, &family, bytes) != 0 || index == 0 || prefix_len < 0 ||
	    prefix_len > (family == AF_INET6 ? 128 : 32)) {
		errno = EINVAL;
		return -1;
	}
	char buf[256] __attribute__((aligned(4))) = {0};
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWADDR;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof *ifa);
	ifa->ifa_family = (unsigned char)family;
	ifa->ifa_prefixlen = (unsigned char)prefix_len;
	ifa->ifa_index = index;
	ifa->ifa_flags = family == AF_INET6 ? IFA_F_NODAD : 0;
	mnl_attr_put(nlh, IFA_LOCAL, family == AF_INET6 ? 16 : 4, bytes);
	mnl_attr_put(nlh, IFA_ADDRESS, family == AF_INET6 ? 16 : 4, bytes);
	return rtnl_request(nlh);
}

int create_veth(const char *name, const char *peer_name, pid_t peer_pid)
{
	if (strlen(name) >= IFNAMSIZ || strlen(peer_name) >= IFNAMSIZ) {
		errno = EINVAL;
		return -1;
	}
	char buf[512] __attribute__((aligned(4))) = {0};
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	struct nlattr *linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	struct nlattr *data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	struct nlattr *peer = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	/* The peer is described by an ifinfomsg and its own attributes. */
	struct ifinfomsg *peer_info = mnl_nlmsg_get_payload_tail(nlh);
	memset(peer_info, 0, sizeof *peer_info);
	nlh->nlmsg_len += MNL_ALIGN(sizeof *peer_info);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, peer_name);
	mnl_attr_put_u32(nlh, IFLA_NET_NS_PID, (uint32_t)peer_pid);
	mnl_attr_nest_end(nlh, peer);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	return rtnl_request(nlh);
}

int set_link_up(const char *ifname)
{
	unsigned index = if_nametoindex(ifname);
	if (index == 0)
		return -1;
	char buf[128] __attribute__((aligned(4))) = {0};
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
	ifi->ifi_index = (int)index;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	return rtnl_request(nlh);
}

int add_route(const char *prefix, int prefix_len, const char *ifname)
{
	unsigned char bytes[16];
	int family;
	unsigned index = if_nametoindex(ifname);
	if (parse_address(prefix, &family, bytes) != 0 || index == 0) {
		errno = EINVAL;
		return -1;
	}
	char buf[256] __attribute__((aligned(4))) = {0};
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWROUTE;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof *rtm);
	rtm->rtm_family = (unsigned char)family;
	rtm->rtm_dst_len = (unsigned char)prefix_len;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_STATIC;
	rtm->rtm_scope = RT_SCOPE_LINK;
	rtm->rtm_type = RTN_UNICAST;
	mnl_attr_put(nlh, RTA_DST, family == AF_INET6 ? 16 : 4, bytes);
	mnl_attr_put_u32(nlh, RTA_OIF, index);
	return rtnl_request(nlh);
}
