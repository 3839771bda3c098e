/* netconf: setting up a case's namespace from a scenario (rtnetlink via
 * libmnl). These are set-up steps, not the calls a lesson teaches; a
 * scenario reports them like commands, e.g. "ip address add ...". They need
 * CAP_NET_ADMIN: declare `dslab-capabilities: cap_net_admin`. All return 0,
 * or -1 with errno set (from the kernel's netlink reply). */
#ifndef DSLAB_NETCONF_H
#define DSLAB_NETCONF_H

#include <sys/types.h>

/* Add address/prefix_len to interface ifname (like `ip address add`), with
 * IFA_F_NODAD for IPv6 so it is usable at once. Returns 0, or -1 with errno
 * set (from the kernel's netlink reply). */
int add_address(const char *ifname, const char *address, int prefix_len);

/* A veth pair: name here, peer_name in the network namespace of process
 * peer_pid (like `ip link add NAME type veth peer name PEER netns PID`). */
int create_veth(const char *name, const char *peer_name, pid_t peer_pid);

/* `ip link set IFNAME up`. */
int set_link_up(const char *ifname);

/* `ip route add PREFIX/LEN dev IFNAME` (scope link: the hosts are on the wire). */
int add_route(const char *prefix, int prefix_len, const char *ifname);

/* Wait, at most timeout_ms, until the IPv6 address is a local route on
 * ifname (`ip -6 route show table local`: "local ADDRESS dev IFNAME"). An
 * address is usable only from then on, and addrconf inserts that route
 * from a work queue, even for a "nodad" address, and only once the link is
 * up (net/ipv6/addrconf.c: addrconf_dad_start -> addrconf_mod_dad_work;
 * __ipv6_ifa_notify -> ip6_ins_rt). Needs no capability. 0, or -1 with
 * errno ETIMEDOUT (or EINVAL for a bad address). */
int await_local_route(const char *ifname, const char *address, int timeout_ms);

#endif
