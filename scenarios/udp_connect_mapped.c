/* Lesson: connect() on an AF_INET6 UDP socket accepts an IPv4-mapped peer
 * unless the socket is v6-only; connect(AF_UNSPEC) undoes it.
 *
 * What you will see: a plain AF_INET receiver on 127.0.0.1:6501.
 * - "only6" (IPV6_V6ONLY 1) cannot connect to [::ffff:127.0.0.1]:6501:
 *   ENETUNREACH, and a sockaddr_in for 127.0.0.1:6501 gets EAFNOSUPPORT.
 *   It has an ephemeral port all the same.
 * - "client" (IPV6_V6ONLY 0, bound to [::]:6502) connects to the same
 *   mapped address. getsockname and getpeername answer with mapped
 *   addresses, [::ffff:127.0.0.1]:6502 and [::ffff:127.0.0.1]:6501. send()
 *   without an address reaches the receiver, which sees the sender as the
 *   plain IPv4 127.0.0.1:6502; the receiver's answer comes back to
 *   "client" from [::ffff:127.0.0.1]:6501.
 * - "plain" leaves the option alone: under bindv6only=0 it connects like
 *   "client" (from an ephemeral port); under bindv6only=1 it is v6-only
 *   from birth and gets ENETUNREACH like "only6".
 * - The "connected" snapshot lists "client" (and, under bindv6only=0,
 *   "plain") as udp6 ESTAB rows with mapped addresses at both ends, next
 *   to the receiver's udp row.
 * - connect(client, AF_UNSPEC) dissolves the association: no peer any more
 *   (getpeername ENOTCONN, send() without an address EDESTADDRREQ), the
 *   local address is the wildcard again and the row is UNCONN
 *   [::]:6502. Its remote column still names the old peer,
 *   [::ffff:127.0.0.1]:*, with no port: a leftover, see below. "plain",
 *   which never called bind(), also loses its port: getsockname says
 *   [::]:0 and it drops out of the table.
 *
 * Why: RFC 3493 §3.7 lets AF_INET6 sockets talk to IPv4 nodes through
 * IPv4-mapped addresses; §5.3: an IPV6_V6ONLY socket sends and receives
 * IPv6 packets only. Linux: connect() on a datagram socket is
 * inet_dgram_connect (net/ipv4/af_inet.c), which autobinds a socket that
 * has no port ("inet_autobind") before it calls the protocol's connect:
 * udpv6_connect (net/ipv6/udp.c; older kernels: ip6_datagram_connect),
 * both of which lock the socket around __ip6_datagram_connect
 * (net/ipv6/datagram.c). That function starts with "if
 * (usin->sin6_family == AF_INET) { if (ipv6_only_sock(sk)) return
 * -EAFNOSUPPORT; ..." and, for a destination whose addr_type has
 * IPV6_ADDR_MAPPED, "if (ipv6_only_sock(sk)) { err = -ENETUNREACH; goto
 * out; }"; otherwise it hands an AF_INET copy of the address to
 * __ip4_datagram_connect (net/ipv4/datagram.c), which routes it, picks the
 * IPv4 source address and sets sk_state = TCP_ESTABLISHED. Back at the
 * label ipv4_connected it stores both ends in mapped form
 * (ipv6_addr_set_v4mapped into sk_v6_daddr and sk_v6_rcv_saddr), which is
 * what inet6_getname (net/ipv6/af_inet6.c) and the udp6 row show. send()
 * with no address uses the stored peer: udpv6_sendmsg (net/ipv6/udp.c)
 * sees a mapped sk_v6_daddr and calls the IPv4 udp_sendmsg, so the
 * datagram is IPv4 and the AF_INET receiver sees 127.0.0.1. AF_UNSPEC:
 * inet_dgram_connect returns prot->disconnect(sk, flags) for it, which for
 * UDP is udp_disconnect, __udp_disconnect (net/ipv4/udp.c): "1003.1g -
 * break association": sk_state = TCP_CLOSE, inet_daddr and inet_dport
 * 0; unless bind() chose an address (SOCK_BINDADDR_LOCK)
 * inet_reset_saddr (include/net/ip.h) clears the local one, IPv6 copies
 * included; unless bind() chose the port (SOCK_BINDPORT_LOCK) the socket
 * is unhashed and its port set to 0. udpv6_sendmsg then has no peer:
 * "if (sk->sk_state != TCP_ESTABLISHED) return -EDESTADDRREQ;".
 * __udp_disconnect clears inet_daddr, the IPv4 field, but not
 * sk_v6_daddr, and the udp6 row prints sk_v6_daddr (/proc/net/udp6:
 * __ip6_dgram_sock_seq_show, net/ipv6/datagram.c; sock_diag:
 * inet_diag_msg_common_fill, net/ipv4/inet_diag.c): hence the stale
 * remote address next to port 0. getpeername goes by the port
 * (inet6_getname: "if (!inet->inet_dport ...) return -ENOTCONN").
 */
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lesson.h"

int main(void)
{
	int on = 1, off = 0, v6only = -1;
	socklen_t len = sizeof v6only;
	char buf[16];
	int rc;

	/* A plain IPv4 UDP receiver. */
	int receiver = socket(AF_INET, SOCK_DGRAM, 0);
	report_socket(receiver, "receiver", "socket(AF_INET, SOCK_DGRAM, 0)");
	struct sockaddr_in loopback4_6501 = make_sockaddr_in("127.0.0.1", 6501);
	report_call(bind(receiver, (struct sockaddr *)&loopback4_6501, sizeof loopback4_6501),
		    "bind(receiver, %s)", sockaddr_text(&loopback4_6501));

	struct sockaddr_in6 mapped_6501 = make_sockaddr_in6("::ffff:127.0.0.1", 6501);

	/* 1. A v6-only socket cannot have an IPv4 peer, in either spelling. */
	int only6 = socket(AF_INET6, SOCK_DGRAM, 0);
	report_socket(only6, "only6", "socket(AF_INET6, SOCK_DGRAM, 0)");
	report_call(setsockopt(only6, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on),
		    "setsockopt(only6, IPV6_V6ONLY, 1)");
	report_call(connect(only6, (struct sockaddr *)&mapped_6501, sizeof mapped_6501),
		    "connect(only6, %s)", sockaddr_text(&mapped_6501));
	report_call(connect(only6, (struct sockaddr *)&loopback4_6501, sizeof loopback4_6501),
		    "connect(only6, sockaddr_in %s)", sockaddr_text(&loopback4_6501));

	/* 2. A dual-stack socket connects to the mapped address. */
	int client = socket(AF_INET6, SOCK_DGRAM, 0);
	report_socket(client, "client", "socket(AF_INET6, SOCK_DGRAM, 0)");
	report_call(setsockopt(client, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off),
		    "setsockopt(client, IPV6_V6ONLY, 0)");
	struct sockaddr_in6 any6_6502 = make_sockaddr_in6("::", 6502);
	report_call(bind(client, (struct sockaddr *)&any6_6502, sizeof any6_6502),
		    "bind(client, %s)", sockaddr_text(&any6_6502));
	report_call(connect(client, (struct sockaddr *)&mapped_6501, sizeof mapped_6501),
		    "connect(client, %s)", sockaddr_text(&mapped_6501));

	struct sockaddr_in6 local, peer;
	socklen_t local_len = sizeof local, peer_len = sizeof peer;
	rc = getsockname(client, (struct sockaddr *)&local, &local_len);
	report_address(rc, "local", &local, "getsockname(client)");
	rc = getpeername(client, (struct sockaddr *)&peer, &peer_len);
	report_address(rc, "peer", &peer, "getpeername(client)");

	/* send() without an address goes to the connected peer, as IPv4. */
	report_call((int)send(client, "ping", 4, 0), "send(client, \"ping\")");
	/* Plumbing: wait up to 2 s for the datagram. */
	struct pollfd receiver_ready = {.fd = receiver, .events = POLLIN};
	int ready = poll(&receiver_ready, 1, 2000);
	report_call(ready, "poll(receiver, POLLIN, 2000 ms)");
	if (ready != 1)
		report_note("nothing arrived");
	if (ready == 1) {
		struct sockaddr_in from;
		socklen_t from_len = sizeof from;
		rc = (int)recvfrom(receiver, buf, sizeof buf, 0, (struct sockaddr *)&from, &from_len);
		report_address(rc, "from", &from, "recvfrom(receiver)");

		/* The receiver answers; the connected socket takes it from its peer. */
		if (rc >= 0) {
			report_call((int)sendto(receiver, "pong", 4, 0, (struct sockaddr *)&from,
						from_len),
				    "sendto(receiver, \"pong\", %s)", sockaddr_text(&from));
			struct pollfd client_ready = {.fd = client, .events = POLLIN};
			ready = poll(&client_ready, 1, 2000);
			report_call(ready, "poll(client, POLLIN, 2000 ms)");
			if (ready == 1) {
				struct sockaddr_in6 reply_from;
				socklen_t reply_len = sizeof reply_from;
				rc = (int)recvfrom(client, buf, sizeof buf, 0,
						   (struct sockaddr *)&reply_from, &reply_len);
				report_address(rc, "from", &reply_from, "recvfrom(client)");
			}
		}
	}

	/* 3. Leaving the option alone: the sysctl decides. */
	int plain = socket(AF_INET6, SOCK_DGRAM, 0);
	report_socket(plain, "plain", "socket(AF_INET6, SOCK_DGRAM, 0)");
	rc = getsockopt(plain, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, &len);
	report_value(rc, v6only, "getsockopt(plain, IPV6_V6ONLY)");
	report_call(connect(plain, (struct sockaddr *)&mapped_6501, sizeof mapped_6501),
		    "connect(plain, %s)", sockaddr_text(&mapped_6501));
	local_len = sizeof local;
	rc = getsockname(plain, (struct sockaddr *)&local, &local_len);
	report_address(rc, "local", &local, "getsockname(plain)");

	report_snapshot("connected");

	/* 4. connect() with AF_UNSPEC dissolves the association. */
	struct sockaddr unspec = {.sa_family = AF_UNSPEC};
	report_call(connect(client, &unspec, sizeof unspec), "connect(client, AF_UNSPEC)");
	local_len = sizeof local;
	rc = getsockname(client, (struct sockaddr *)&local, &local_len);
	report_address(rc, "local", &local, "getsockname(client)");
	peer_len = sizeof peer;
	rc = getpeername(client, (struct sockaddr *)&peer, &peer_len);
	report_address(rc, "peer", &peer, "getpeername(client)");
	report_call((int)send(client, "ping", 4, 0), "send(client, \"ping\")");

	/* A socket that never called bind() loses its port as well. */
	report_call(connect(plain, &unspec, sizeof unspec), "connect(plain, AF_UNSPEC)");
	local_len = sizeof local;
	rc = getsockname(plain, (struct sockaddr *)&local, &local_len);
	report_address(rc, "local", &local, "getsockname(plain)");

	report_snapshot("disconnected");

	close(plain);
	close(client);
	close(only6);
	close(receiver);
	return 0;
}
