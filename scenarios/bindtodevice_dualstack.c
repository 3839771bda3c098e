/* Lesson: two dual-stack listeners on the same [::]:7200 do not conflict when
 * each is bound to a different device (SO_BINDTODEVICE); a connection goes to
 * the one bound to the device its destination address is on, IPv4 included,
 * as an IPv4-mapped peer.
 *
 * dslab-capabilities: cap_net_admin
 *
 * Set-up: a veth pair lan0/lan1 (both ends in this namespace, both up) with
 * 192.0.2.1/24 and 2001:db8::1/64 on lan0. IPv6 is usable on lan0 only once
 * addrconf has inserted the address's local route, which it does from a
 * work queue even for a "nodad" address (net/ipv6/addrconf.c,
 * addrconf_dad_start -> addrconf_mod_dad_work; the route goes in at
 * __ipv6_ifa_notify, ip6_ins_rt), so the scenario waits for that route
 * (await_local_route in harness/lib/lesson/netconf.c, at most 2 s). Then CAP_NET_ADMIN is
 * lowered: the lesson's calls run with no capability at all.
 *
 * What you will see:
 *
 *                                          bindv6only=0                  bindv6only=1
 *   lan_server [::]:7200, SO_BINDTODEVICE  bind 0                        bind 0
 *     "lan0" (no capability needed)
 *   lo_server [::]:7200, SO_BINDTOIFINDEX  bind 0: no conflict           bind 0
 *     of lo
 *   another [::]:7200 on lan0              EADDRINUSE                    EADDRINUSE
 *     then moved to "lo"                   EPERM (needs CAP_NET_RAW)     EPERM
 *   AF_INET 0.0.0.0:7200 on no device      EADDRINUSE                    0
 *   IPv4 client to 127.0.0.1:7200          lo_server,                    ECONNREFUSED
 *                                            peer [::ffff:127.0.0.1]
 *   IPv4 client to 192.0.2.1:7200          lan_server,                   ECONNREFUSED
 *                                            peer [::ffff:192.0.2.1]
 *   IPv6 client to [::1]:7200              lo_server                     lo_server
 *   IPv6 client to [2001:db8::1]:7200      lan_server                    lan_server
 *
 * Each client's connection is looked for on both listeners (non-blocking:
 * the other says EAGAIN). The snapshot tells the two listeners apart by
 * the device each is bound to, which sock_diag reports (idiag_if) and the
 * snapshot writes as ss prints it: "[::]%lan0:7200" ("*%lan0:7200" in ss
 * itself, for a socket that is not v6-only); each accepted socket carries
 * its listener's device too, since the child is a clone of the listener
 * (net/ipv4/inet_connection_sock.c, inet_csk_clone_lock -> sk_clone_lock).
 * netstat and /proc/net/tcp6 show no device: there the two listeners are
 * the same line twice.
 *
 * Why:
 * - RFC 3493 §3.7: an AF_INET6 socket that is not v6-only accepts IPv4
 *   connections and names their peers ::ffff:a.b.c.d; SO_BINDTODEVICE is not
 *   in the RFC (it is Linux's socket(7) option), and it narrows both parts.
 * - Binding: net/ipv4/inet_connection_sock.c, inet_bind_conflict compares
 *   two sockets' addresses and reuse flags only "if (!sk->sk_bound_dev_if ||
 *   !bound_dev_if2 || sk->sk_bound_dev_if == bound_dev_if2)": two sockets
 *   bound to different devices never conflict; a socket bound to no device
 *   conflicts with each of them, and for an AF_INET 0.0.0.0 that overlap is
 *   with the dual-stack [::] (inet_rcv_saddr_equal), which a v6-only [::]
 *   does not have.
 * - Capability: net/core/sock.c, sock_bindtoindex_locked (reached from
 *   SO_BINDTODEVICE via sock_setbindtodevice, and from SO_BINDTOIFINDEX)
 *   returns EPERM only "if (sk->sk_bound_dev_if && !ns_capable(net->user_ns,
 *   CAP_NET_RAW))": binding a socket that is bound to no device needs no
 *   capability since Linux 5.7 (commit c427bfec18f2, "net: core: enable
 *   SO_BINDTODEVICE for non-root users"); changing or removing the binding
 *   still needs CAP_NET_RAW. getsockopt(SO_BINDTODEVICE) gives the name
 *   (sock_getbindtodevice).
 * - Which listener: an IPv4 SYN is matched in net/ipv4/inet_hashtables.c,
 *   compute_score, which skips a v6-only socket and any socket whose
 *   device is not the packet's incoming one ("if (!inet_sk_bound_dev_eq(net,
 *   sk->sk_bound_dev_if, dif, sdif)) return -1"); IPv6 in
 *   net/ipv6/inet6_hashtables.c, compute_score, the same way.
 * - Why a connection to 192.0.2.1 from this host counts as arriving on lan0
 *   although it travels over lo: net/ipv4/route.c,
 *   ip_route_output_key_hash_rcu sends a local destination out of the
 *   loopback device but, "make sure orig_oif points to fib result device
 *   even though packet rx/tx happens over loopback", sets
 *   orig_oif = FIB_RES_OIF(*res) (lan0), which __mkroute_output stores as
 *   rth->rt_iif. drivers/net/loopback.c, loopback_xmit keeps the route on
 *   the packet (skb_dst_force), and include/net/route.h, inet_iif returns
 *   rt->rt_iif when it is set, so TCP looks the SYN up with dif = lan0.
 *   127.0.0.1's local route is lo's, so dif = lo. For IPv6,
 *   net/ipv6/ip6_input.c, ip6_rcv_core sets IP6CB(skb)->iif from the route's
 *   device (ip6_dst_idev), with the comment: a packet "for our own local
 *   address on a non-loopback interface (e.g. ethX) ... should be considered
 *   as if it is being arrived via the sending interface (ethX)". A remote
 *   client on lan0's wire would reach lan_server the same way.
 */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "capability.h"
#include "netconf.h"
#include "lesson.h"

/* Plumbing: wait (at most 2 s) until a connection is queued on either
 * listener; the accept() calls that follow report which one. */
static void await_connection(int first, int second)
{
	struct pollfd fds[2] = {{.fd = first, .events = POLLIN}, {.fd = second, .events = POLLIN}};
	poll(fds, 2, 2000);
}

int main(void)
{
	int rc;

	/* Set-up: a second interface, lan0, with an address of each family. */
	report_call(create_veth("lan0", "lan1", getpid()), "ip link add lan0 type veth peer name lan1");
	report_call(add_address("lan0", "192.0.2.1", 24), "ip address add 192.0.2.1/24 dev lan0");
	report_call(add_address("lan0", "2001:db8::1", 64), "ip address add 2001:db8::1/64 dev lan0 nodad");
	report_call(set_link_up("lan0"), "ip link set lan0 up");
	report_call(set_link_up("lan1"), "ip link set lan1 up");
	report_call(await_local_route("lan0", "2001:db8::1", 2000),
		    "wait for: local 2001:db8::1 dev lan0 (ip -6 route show table local)");
	report_call(lower_capability("CAP_NET_ADMIN"), "lower_capability(CAP_NET_ADMIN)");

	/* 1. A dual-stack listener on [::]:7200, bound to lan0. */
	int lan_server = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0);
	report_socket(lan_server, "lan_server", "socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0)");
	report_call(setsockopt(lan_server, SOL_SOCKET, SO_BINDTODEVICE, "lan0", sizeof "lan0"),
		    "setsockopt(lan_server, SO_BINDTODEVICE, \"lan0\")");
	char device[IF_NAMESIZE] = "";
	socklen_t device_len = sizeof device;
	rc = getsockopt(lan_server, SOL_SOCKET, SO_BINDTODEVICE, device, &device_len);
	report_text(rc, 0, device, "getsockopt(lan_server, SO_BINDTODEVICE)");
	struct sockaddr_in6 any6_7200 = make_sockaddr_in6("::", 7200);
	report_call(bind(lan_server, (struct sockaddr *)&any6_7200, sizeof any6_7200), "bind(lan_server, %s)",
		    sockaddr_text(&any6_7200));
	report_call(listen(lan_server, 8), "listen(lan_server, 8)");

	/* 2. A second one on the same [::]:7200, bound to lo (by index). */
	int lo_server = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0);
	report_socket(lo_server, "lo_server", "socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0)");
	int lo_index = (int)if_nametoindex("lo");
	report_call(setsockopt(lo_server, SOL_SOCKET, SO_BINDTOIFINDEX, &lo_index, sizeof lo_index),
		    "setsockopt(lo_server, SO_BINDTOIFINDEX, if_nametoindex(\"lo\"))");
	report_call(bind(lo_server, (struct sockaddr *)&any6_7200, sizeof any6_7200), "bind(lo_server, %s)",
		    sockaddr_text(&any6_7200));
	report_call(listen(lo_server, 8), "listen(lo_server, 8)");

	/* 3. What does conflict: the same device again, or no device. */
	int again = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(again, "again", "socket(AF_INET6, SOCK_STREAM, 0)");
	report_call(setsockopt(again, SOL_SOCKET, SO_BINDTODEVICE, "lan0", sizeof "lan0"),
		    "setsockopt(again, SO_BINDTODEVICE, \"lan0\")");
	report_call(bind(again, (struct sockaddr *)&any6_7200, sizeof any6_7200), "bind(again, %s)",
		    sockaddr_text(&any6_7200));
	/* Moving a socket to another device is the privileged part. */
	report_call(setsockopt(again, SOL_SOCKET, SO_BINDTODEVICE, "lo", sizeof "lo"),
		    "setsockopt(again, SO_BINDTODEVICE, \"lo\")");
	report_call(close(again), "close(again)");

	int nodevice4 = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(nodevice4, "nodevice4", "socket(AF_INET, SOCK_STREAM, 0)");
	struct sockaddr_in any4_7200 = make_sockaddr_in("0.0.0.0", 7200);
	report_call(bind(nodevice4, (struct sockaddr *)&any4_7200, sizeof any4_7200), "bind(nodevice4, %s)",
		    sockaddr_text(&any4_7200));
	report_call(close(nodevice4), "close(nodevice4)");

	/* 4. IPv4 clients: to lo's address and to lan0's. Both listeners are
	 * asked; the one that did not get the connection says EAGAIN (its name,
	 * "...x", would label a wrong turn). */
	int client_lo4 = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(client_lo4, "client_lo4", "socket(AF_INET, SOCK_STREAM, 0)");
	struct sockaddr_in loopback4_7200 = make_sockaddr_in("127.0.0.1", 7200);
	if (report_call(connect(client_lo4, (struct sockaddr *)&loopback4_7200, sizeof loopback4_7200),
			"connect(client_lo4, %s)", sockaddr_text(&loopback4_7200)) == 0) {
		await_connection(lan_server, lo_server);
		report_accept(accept(lan_server, NULL, NULL), "on_lan4x", "accept(lan_server)");
		report_accept(accept(lo_server, NULL, NULL), "on_lo4", "accept(lo_server)");
	}

	int client_lan4 = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(client_lan4, "client_lan4", "socket(AF_INET, SOCK_STREAM, 0)");
	struct sockaddr_in lan4_7200 = make_sockaddr_in("192.0.2.1", 7200);
	if (report_call(connect(client_lan4, (struct sockaddr *)&lan4_7200, sizeof lan4_7200),
			"connect(client_lan4, %s)", sockaddr_text(&lan4_7200)) == 0) {
		await_connection(lan_server, lo_server);
		report_accept(accept(lan_server, NULL, NULL), "on_lan4", "accept(lan_server)");
		report_accept(accept(lo_server, NULL, NULL), "on_lo4x", "accept(lo_server)");
	}

	/* 5. IPv6 clients, the same way. */
	int client_lo6 = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(client_lo6, "client_lo6", "socket(AF_INET6, SOCK_STREAM, 0)");
	struct sockaddr_in6 loopback6_7200 = make_sockaddr_in6("::1", 7200);
	if (report_call(connect(client_lo6, (struct sockaddr *)&loopback6_7200, sizeof loopback6_7200),
			"connect(client_lo6, %s)", sockaddr_text(&loopback6_7200)) == 0) {
		await_connection(lan_server, lo_server);
		report_accept(accept(lan_server, NULL, NULL), "on_lan6x", "accept(lan_server)");
		report_accept(accept(lo_server, NULL, NULL), "on_lo6", "accept(lo_server)");
	}

	int client_lan6 = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(client_lan6, "client_lan6", "socket(AF_INET6, SOCK_STREAM, 0)");
	struct sockaddr_in6 lan6_7200 = make_sockaddr_in6("2001:db8::1", 7200);
	if (report_call(connect(client_lan6, (struct sockaddr *)&lan6_7200, sizeof lan6_7200),
			"connect(client_lan6, %s)", sockaddr_text(&lan6_7200)) == 0) {
		await_connection(lan_server, lo_server);
		report_accept(accept(lan_server, NULL, NULL), "on_lan6", "accept(lan_server)");
		report_accept(accept(lo_server, NULL, NULL), "on_lo6x", "accept(lo_server)");
	}

	report_snapshot("end");
	return 0;
}
