/* Lesson: the seed's netstat table, rebuilt — IPv4 addresses on tcp6 lines.
 *
 * dslab-capabilities: cap_sys_admin,cap_net_admin,cap_net_bind_service
 *
 * The situation (from the question "Why do IPv4 TCP connections show as
 * tcp6?"): a server, 192.0.2.12 here, runs smbd with plain AF_INET sockets
 * and a Java backup engine whose sockets are all AF_INET6, as the JVM makes
 * them (modelled by hand: see below). IPv4 machines connect to both, and
 * the Java engine connects out to IPv4 servers. Two network namespaces joined by a veth pair stand for the
 * server and the rest of the network (198.51.100.20 and 203.0.113.47;
 * documentation addresses, RFC 5737). The transcript and the snapshot are
 * the server's view: what `netstat -tan` lists there.
 *
 * What you will see: smbd's sockets (listener 0.0.0.0:445, a connection
 * from 198.51.100.20) under tcp with plain IPv4 addresses; every Java socket
 * under tcp6 — its listeners [::]:4242 and [::]:4243, a loopback-only
 * listener bound to the mapped [::ffff:127.0.0.1]:4244, the accepted
 * connection from an IPv4 client and its two outgoing connections to IPv4
 * servers — each with its IPv4 endpoints written as ::ffff:a.b.c.d. netstat
 * prints those rows with the ::ffff: dropped (net-tools), which is exactly
 * the seed's puzzle: "tcp6 ... <server>:4243 <client>:64702", IPv4 on a tcp6 line.
 * Under bindv6only=1 the modelled sockets are v6-only: the IPv4 client is
 * refused on 4243, the mapped bind fails (EINVAL), and the outgoing
 * connects to mapped addresses fail (ENETUNREACH). A real JVM does not do
 * this (below): the bindv6only=1 case shows a program that leaves
 * IPV6_V6ONLY at its default, not OpenJDK.
 *
 * What the hand-made model stands for: the "Java engine" here is plain
 * AF_INET6 sockets that leave IPV6_V6ONLY alone. OpenJDK makes every
 * socket AF_INET6 when IPv6 is available and then sets IPV6_V6ONLY to 0
 * itself, whatever the sysctl says (src/java.base/unix/native/libnio/ch/
 * Net.c, Java_sun_nio_ch_Net_socket0: "If IPv4 is available, disable
 * IPV6_V6ONLY to ensure dual-socket support", then setsockopt(fd,
 * IPPROTO_IPV6, IPV6_V6ONLY, 0); ServerSocket and Socket reach it through
 * NioSocketImpl since JDK 13). Under bindv6only=0 the model's sockets are
 * what the JVM's are (0 by default equals 0 set); under bindv6only=1 they
 * are not. Checked with Debian 12's OpenJDK 17.0.15+6-1~deb12u1 in a
 * namespace with bindv6only=1: strace shows setsockopt(IPV6_V6ONLY, [0])
 * before bind and before connect, `new ServerSocket(6000)` is listed by ss
 * as "LISTEN *:6000" (not v6-only), an IPv4 client to 127.0.0.1 connects
 * and Java sees it as /127.0.0.1, and `new Socket("127.0.0.1", P)` is
 * "ESTAB [::ffff:127.0.0.1]:EPH [::ffff:127.0.0.1]:P" in tcp6, exactly as
 * under bindv6only=0. So a JVM keeps its IPv4 traffic under bindv6only=1
 * and needs no -Djava.net.preferIPv4Stack=true for it; that property makes
 * its sockets AF_INET instead (tcp rows, 0.0.0.0:6000) and drops IPv6.
 * The lesson java_servers runs that JVM under both variants.
 *
 * Why: an AF_INET6 socket that is not IPV6_V6ONLY carries IPv4 as
 * IPv4-mapped addresses (RFC 3493 §3.7, §5.3); /proc/net/tcp6 lists every
 * TCP socket whose family is AF_INET6 (net/ipv4/tcp_ipv4.c, seq_sk_match);
 * accepted sockets inherit the listener's family (net/ipv6/tcp_ipv6.c,
 * tcp_v6_syn_recv_sock); outgoing connects to a mapped address go through
 * tcp_v4_connect (net/ipv6/tcp_ipv6.c, tcp_v6_connect, which refuses them
 * with ENETUNREACH on a v6-only socket), and binding a mapped address on a
 * v6-only socket is EINVAL (net/ipv6/af_inet6.c, __inet6_bind).
 */
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "errno_name.h"
#include "netconf.h"
#include "peer.h"
#include "lesson.h"

/* The rest of the network, in the peer's namespace: two IPv4 servers on
 * port 443 and two IPv4 clients. Its calls are not the lesson: it passes
 * the results of its connects back to the server's side. */
static int network(struct peer *self, void *unused)
{
	(void)unused;
	peer_sync(self); /* the server has made the veth pair */
	set_link_up("lo");
	set_link_up("peer0");
	add_address("peer0", "198.51.100.20", 24);
	add_address("peer0", "203.0.113.47", 24);
	add_route("192.0.2.0", 24, "peer0");

	int https1 = socket(AF_INET, SOCK_STREAM, 0), https2 = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in server1 = make_sockaddr_in("198.51.100.20", 443);
	struct sockaddr_in server2 = make_sockaddr_in("203.0.113.47", 443);
	bind(https1, (struct sockaddr *)&server1, sizeof server1);
	bind(https2, (struct sockaddr *)&server2, sizeof server2);
	listen(https1, 4);
	listen(https2, 4);
	peer_sync(self); /* both sides are configured and listening */

	peer_sync(self); /* the server's listeners are up */
	int java_client = socket(AF_INET, SOCK_STREAM, 0), smb_client = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in from = make_sockaddr_in("198.51.100.20", 0);
	bind(java_client, (struct sockaddr *)&from, sizeof from);
	bind(smb_client, (struct sockaddr *)&from, sizeof from);
	struct sockaddr_in java = make_sockaddr_in("192.0.2.12", 4243);
	struct sockaddr_in smb = make_sockaddr_in("192.0.2.12", 445);
	int java_result = connect(java_client, (struct sockaddr *)&java, sizeof java) == 0 ? 0 : errno;
	int smb_result = connect(smb_client, (struct sockaddr *)&smb, sizeof smb) == 0 ? 0 : errno;
	peer_exchange(self, java_result);
	peer_exchange(self, smb_result);

	peer_sync(self); /* the server has taken its snapshot */
	return 0;
}

int main(void)
{
	struct peer peer;
	if (peer_start(&peer, network, NULL) != 0)
		report_fail("cannot start the peer namespace");

	/* The wire: this host is 192.0.2.12 on seed0; the peer holds peer0. */
	report_call(create_veth("seed0", "peer0", peer.pid), "ip link add seed0 type veth peer name peer0 netns PEER");
	report_call(add_address("seed0", "192.0.2.12", 24), "ip address add 192.0.2.12/24 dev seed0");
	report_call(set_link_up("seed0"), "ip link set seed0 up");
	report_call(add_route("198.51.100.0", 24, "seed0"), "ip route add 198.51.100.0/24 dev seed0");
	report_call(add_route("203.0.113.0", 24, "seed0"), "ip route add 203.0.113.0/24 dev seed0");
	peer_sync(&peer);
	peer_sync(&peer);
	report_note("peer: 198.51.100.20 and 203.0.113.47 on peer0, IPv4 servers listening on port 443");

	/* smbd: a plain IPv4 listener. */
	int smbd = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(smbd, "smbd", "socket(AF_INET, SOCK_STREAM, 0)");
	struct sockaddr_in any4_445 = make_sockaddr_in("0.0.0.0", 445);
	report_call(bind(smbd, (struct sockaddr *)&any4_445, sizeof any4_445), "bind(smbd, %s)",
		    sockaddr_text(&any4_445));
	report_call(listen(smbd, 4), "listen(smbd, 4)");

	/* The Java engine, modelled: AF_INET6 sockets, IPV6_V6ONLY left at its
	 * default (a real JVM sets it to 0 itself: see the header). */
	int java_4242 = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(java_4242, "java-4242", "socket(AF_INET6, SOCK_STREAM, 0)");
	struct sockaddr_in6 any6_4242 = make_sockaddr_in6("::", 4242);
	report_call(bind(java_4242, (struct sockaddr *)&any6_4242, sizeof any6_4242), "bind(java-4242, %s)",
		    sockaddr_text(&any6_4242));
	report_call(listen(java_4242, 4), "listen(java-4242, 4)");

	int java_4243 = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(java_4243, "java-4243", "socket(AF_INET6, SOCK_STREAM, 0)");
	struct sockaddr_in6 any6_4243 = make_sockaddr_in6("::", 4243);
	report_call(bind(java_4243, (struct sockaddr *)&any6_4243, sizeof any6_4243), "bind(java-4243, %s)",
		    sockaddr_text(&any6_4243));
	report_call(listen(java_4243, 4), "listen(java-4243, 4)");

	int java_ui = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(java_ui, "java-ui", "socket(AF_INET6, SOCK_STREAM, 0)");
	struct sockaddr_in6 loopback_4244 = make_sockaddr_in6("::ffff:127.0.0.1", 4244);
	if (report_call(bind(java_ui, (struct sockaddr *)&loopback_4244, sizeof loopback_4244),
			"bind(java-ui, %s)", sockaddr_text(&loopback_4244)) == 0)
		report_call(listen(java_ui, 4), "listen(java-ui, 4)");

	/* IPv4 clients on the network connect to 4243 and to 445. */
	peer_sync(&peer);
	int java_result = peer_exchange(&peer, 0);
	int smb_result = peer_exchange(&peer, 0);
	report_note("peer: connect(198.51.100.20 -> 192.0.2.12:4243) = %s",
		    java_result ? errno_name(java_result) : "0");
	report_note("peer: connect(198.51.100.20 -> 192.0.2.12:445) = %s",
		    smb_result ? errno_name(smb_result) : "0");
	if (java_result == 0)
		report_accept(accept(java_4243, NULL, NULL), "java-in", "accept(java-4243)");
	if (smb_result == 0)
		report_accept(accept(smbd, NULL, NULL), "smbd-in", "accept(smbd)");

	/* The Java engine connects out to two IPv4 servers. */
	int java_out1 = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(java_out1, "java-out1", "socket(AF_INET6, SOCK_STREAM, 0)");
	struct sockaddr_in6 server1 = make_sockaddr_in6("::ffff:198.51.100.20", 443);
	report_call(connect(java_out1, (struct sockaddr *)&server1, sizeof server1), "connect(java-out1, %s)",
		    sockaddr_text(&server1));
	int java_out2 = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(java_out2, "java-out2", "socket(AF_INET6, SOCK_STREAM, 0)");
	struct sockaddr_in6 server2 = make_sockaddr_in6("::ffff:203.0.113.47", 443);
	report_call(connect(java_out2, (struct sockaddr *)&server2, sizeof server2), "connect(java-out2, %s)",
		    sockaddr_text(&server2));

	/* What netstat -tan lists on this host. */
	report_snapshot("netstat");
	peer_sync(&peer);
	peer_finish(&peer);
	return 0;
}
