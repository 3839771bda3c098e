/* netconf: setting up a case's namespace from a scenario (rtnetlink via
 * libmnl). These are set-up steps, not the calls a lesson teaches; a
 * scenario reports them like commands, e.g. "ip address add ...". They need
 * CAP_NET_ADMIN: declare `dslab-capabilities: cap_net_admin`. */
#ifndef DSLAB_NETCONF_H
#define DSLAB_NETCONF_H

/* Add address/prefix_len to interface ifname (like `ip address add`), with
 * IFA_F_NODAD for IPv6 so it is usable at once. Returns 0, or -1 with errno
 * set (from the kernel's netlink reply). */
int add_address(const char *ifname, const char *address, int prefix_len);

#endif
