/* Lesson: net.ipv6.conf.all.disable_ipv6=1 takes the IPv6 addresses away,
 * not the AF_INET6 sockets: a dual-stack listener on [::] still serves IPv4
 * clients as IPv4-mapped addresses, while every IPv6 address, ::1 included,
 * is gone.
 *
 * dslab-axis: disable_ipv6 net.ipv6.conf.all.disable_ipv6 0 1
 *
 * What you will see (bindv6only=0):
 *
 *                                            disable_ipv6=0  disable_ipv6=1
 *   net.ipv6.conf.lo.disable_ipv6 reads      0               1
 *   socket(AF_INET6), bind [::]:7000         0               0
 *   IPv4 client to 127.0.0.1:7000            accepted as [::ffff:127.0.0.1]
 *   AF_INET6 client to [::ffff:127.0.0.1]    accepted as [::ffff:127.0.0.1]
 *   bind(AF_INET6 socket, [::1]:7001)        0               EADDRNOTAVAIL
 *   connect(AF_INET6 socket, [::1]:7000)     0               EADDRNOTAVAIL
 *
 * Under bindv6only=1 the listener is v6-only, so the IPv4 client gets
 * ECONNREFUSED, and the AF_INET6 client, v6-only too, may not use a mapped
 * address at all: ENETUNREACH. The IPv6 rows are as above.
 *
 * Why:
 * - The sysctl does not remove AF_INET6: the family is registered by
 *   net/ipv6/af_inet6.c, inet6_init, which skips that only under the boot
 *   parameter ipv6.disable=1 ("Loaded, but administratively disabled,
 *   reboot required to enable"); then socket(AF_INET6) fails with
 *   EAFNOSUPPORT. disable_ipv6 is a per-interface setting.
 * - Writing "all" is not a master switch that is consulted later: it is a
 *   write to every interface that exists (lo is the only one in a fresh
 *   namespace) and to "default". net/ipv6/addrconf.c, addrconf_disable_ipv6:
 *   for devconf_all it sets devconf_dflt too and calls
 *   addrconf_disable_change, which walks for_each_netdev and sets each
 *   idev->cnf.disable_ipv6, then dev_disable_change, i.e. a NETDEV_DOWN for
 *   IPv6: addrconf_ifdown keeps no address when disable_ipv6 is set, so ::1
 *   and its local route go. The runner brings lo up before it writes the
 *   sysctl; lo's own entry reads 1 afterwards, as the transcript shows, so a
 *   second axis for net.ipv6.conf.lo.disable_ipv6 would add nothing.
 * - bind [::]: net/ipv6/af_inet6.c, __inet6_bind checks an address only
 *   when it is not IPV6_ADDR_ANY, so the wildcard always binds. bind [::1]:
 *   ipv6_chk_addr finds no such address: EADDRNOTAVAIL.
 * - IPv4 through the AF_INET6 listener is IPv4 on the wire (RFC 3493 §3.7,
 *   RFC 4291 §2.5.5.2 IPv4-mapped addresses): net/ipv4/inet_hashtables.c,
 *   __inet_lookup_listener finds the [::] socket unless it is v6-only, and
 *   an AF_INET6 client's connect to ::ffff:127.0.0.1 is handed to
 *   tcp_v4_connect (net/ipv6/tcp_ipv6.c, tcp_v6_connect; ENETUNREACH first
 *   if the socket is v6-only). No IPv6 setting is consulted on the way.
 * - connect [::1] (RFC 4291 §2.5.3, RFC 3493 §3.9 loopback): tcp_v6_connect
 *   needs a source address; net/ipv6/ip6_output.c, ip6_dst_lookup_tail asks
 *   ip6_route_get_saddr, and net/ipv6/addrconf.c, ipv6_dev_get_saddr finds
 *   no candidate address on any interface and returns EADDRNOTAVAIL. The
 *   error is the local one, not ENETUNREACH: the source is chosen before the
 *   route's error is looked at, and no packet is sent.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lesson.h"

/* "read NAME = 0  value N", the sysctl as the scenario sees it. */
static void report_sysctl(const char *name, const char *path)
{
	int value = -1, rc = -1;
	FILE *f = fopen(path, "re");
	if (f) {
		rc = fscanf(f, "%d", &value) == 1 ? 0 : -1;
		fclose(f);
	}
	report_value(rc, value, "read %s", name);
}

int main(void)
{
	/* Did writing "all" reach lo? */
	report_sysctl("net.ipv6.conf.lo.disable_ipv6", "/proc/sys/net/ipv6/conf/lo/disable_ipv6");

	/* An AF_INET6 listener on the wildcard, IPV6_V6ONLY at its default. */
	int server = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(server, "server", "socket(AF_INET6, SOCK_STREAM, 0)");
	struct sockaddr_in6 any6_7000 = make_sockaddr_in6("::", 7000);
	report_call(bind(server, (struct sockaddr *)&any6_7000, sizeof any6_7000),
		    "bind(server, %s)", sockaddr_text(&any6_7000));
	report_call(listen(server, 4), "listen(server, 4)");

	/* IPv4 clients: a plain AF_INET one, and an AF_INET6 one that names
	 * the IPv4 server by its mapped address. */
	int client4 = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(client4, "client4", "socket(AF_INET, SOCK_STREAM, 0)");
	struct sockaddr_in loopback4_7000 = make_sockaddr_in("127.0.0.1", 7000);
	if (report_call(connect(client4, (struct sockaddr *)&loopback4_7000, sizeof loopback4_7000),
			"connect(client4, %s)", sockaddr_text(&loopback4_7000)) == 0)
		report_accept(accept(server, NULL, NULL), "accepted4", "accept(server)");

	int client6m = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(client6m, "client6m", "socket(AF_INET6, SOCK_STREAM, 0)");
	struct sockaddr_in6 mapped_7000 = make_sockaddr_in6("::ffff:127.0.0.1", 7000);
	if (report_call(connect(client6m, (struct sockaddr *)&mapped_7000, sizeof mapped_7000),
			"connect(client6m, %s)", sockaddr_text(&mapped_7000)) == 0)
		report_accept(accept(server, NULL, NULL), "accepted6m", "accept(server)");

	/* IPv6 itself: bind to the loopback address, and connect to it. */
	int local6 = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(local6, "local6", "socket(AF_INET6, SOCK_STREAM, 0)");
	struct sockaddr_in6 loopback6_7001 = make_sockaddr_in6("::1", 7001);
	report_call(bind(local6, (struct sockaddr *)&loopback6_7001, sizeof loopback6_7001),
		    "bind(local6, %s)", sockaddr_text(&loopback6_7001));

	int client6 = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(client6, "client6", "socket(AF_INET6, SOCK_STREAM, 0)");
	struct sockaddr_in6 loopback6_7000 = make_sockaddr_in6("::1", 7000);
	if (report_call(connect(client6, (struct sockaddr *)&loopback6_7000, sizeof loopback6_7000),
			"connect(client6, %s)", sockaddr_text(&loopback6_7000)) == 0)
		report_accept(accept(server, NULL, NULL), "accepted6", "accept(server)");

	report_snapshot("end");
	return 0;
}
