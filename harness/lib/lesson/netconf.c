#include "netconf.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>
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

/* Is the IPv6 address (32 hex digits) a local route (RTF_LOCAL) on ifname in
 * /proc/net/ipv6_route (net/ipv6/route.c, ipv6_route_native_seq_show:
 * "DEST PLEN SRC PLEN NEXTHOP METRIC REFCNT USE FLAGS DEVICE")? */
static int is_local_route(const char *hex, const char *ifname)
{
	char line[256], dest[40], device[IF_NAMESIZE + 1];
	unsigned prefix_len, flags;
	int found = 0;
	FILE *f = fopen("/proc/net/ipv6_route", "re");
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof line, f))
		found = sscanf(line, "%39s %x %*s %*x %*s %*x %*x %*x %x %16s", dest, &prefix_len,
			       &flags, device) == 4 &&
			strcmp(dest, hex) == 0 && prefix_len == 128 &&
			(flags & 0x80000000u) /* RTF_LOCAL */ && strcmp(device, ifname) == 0;
	fclose(f);
	return found;
}

int await_local_route(const char *ifname, const char *address, int timeout_ms)
{
	unsigned char bytes[16];
	char hex[33];
	if (inet_pton(AF_INET6, address, bytes) != 1 || strlen(ifname) > IF_NAMESIZE) {
		errno = EINVAL;
		return -1;
	}
	for (int i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", bytes[i]);
	/* Subscribed to IPv6 route events before the first look, and looking
	 * again after each event: the insertion cannot slip between the two. */
	int events = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);
	struct sockaddr_nl groups = {.nl_family = AF_NETLINK, .nl_groups = RTMGRP_IPV6_ROUTE};
	if (events < 0 || bind(events, (struct sockaddr *)&groups, sizeof groups) != 0) {
		if (events >= 0)
			close(events);
		return -1;
	}
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	int found;
	while (!(found = is_local_route(hex, ifname))) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		long left = timeout_ms - ((now.tv_sec - start.tv_sec) * 1000 +
					  (now.tv_nsec - start.tv_nsec) / 1000000);
		struct pollfd pfd = {.fd = events, .events = POLLIN};
		if (left <= 0 || poll(&pfd, 1, (int)left) < 0)
			break;
		char drain[8192];
		while (recv(events, drain, sizeof drain, 0) > 0)
			;
	}
	close(events);
	if (!found)
		errno = ETIMEDOUT;
	return found ? 0 : -1;
}
