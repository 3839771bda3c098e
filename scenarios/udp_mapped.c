/* Lesson: an AF_INET6 UDP socket talks to IPv4 peers through mapped addresses.
 *
 * What you will see: a UDP socket bound to [::]:5501, IPV6_V6ONLY left at
 * its default, gets a datagram that a plain AF_INET socket on
 * 127.0.0.1:5502 sends to 127.0.0.1:5501. recvfrom() names the sender
 * [::ffff:127.0.0.1]:5502; a sendto() back to that address works, and the
 * AF_INET socket receives the reply from 127.0.0.1:5501, a plain IPv4
 * address. An AF_INET6 socket with IPV6_V6ONLY=1 cannot send to a mapped
 * address at all: sendto() fails with ENETUNREACH. The snapshot lists the
 * AF_INET socket under udp and the AF_INET6 ones under udp6, all UNCONN;
 * the v6-only one has an ephemeral port although its sendto() failed.
 * Under bindv6only=1 the [::] socket is v6-only from birth: no socket
 * takes IPv4 datagrams for port 5501, so poll() on it runs out its 200 ms
 * and nothing arrived; there is no sender address to answer.
 *
 * Why: an AF_INET6 socket that is not v6-only receives IPv4 datagrams and
 * names their senders as IPv4-mapped addresses (RFC 3493 §3.7; §5.3 for
 * IPV6_V6ONLY). An IPv4 datagram is matched against every UDP socket on
 * the port, and a v6-only one scores -1 (net/ipv4/udp.c, compute_score:
 * ipv6_only_sock(sk)). udpv6_recvmsg (net/ipv6/udp.c) writes an IPv4
 * sender into the sockaddr_in6 with ipv6_addr_set_v4mapped(). udpv6_sendmsg
 * (net/ipv6/udp.c) hands a mapped destination to the IPv4 udp_sendmsg, or,
 * on a v6-only socket, returns -ENETUNREACH ("err = ipv6_only_sock(sk) ?
 * -ENETUNREACH : udp_sendmsg(sk, msg, len)"), so the reply leaves as an
 * IPv4 datagram from 127.0.0.1:5501. The refused socket was bound anyway:
 * inet6_sendmsg (net/ipv6/af_inet6.c) calls inet_send_prepare
 * (net/ipv4/af_inet.c), which autobinds an unbound socket, before
 * udpv6_sendmsg looks at the address.
 */
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lesson.h"

int main(void)
{
	int on = 1, v6only = -1;
	socklen_t len = sizeof v6only;
	char buf[16];

	/* A UDP socket on every IPv6 address, IPV6_V6ONLY left at its default. */
	int server = socket(AF_INET6, SOCK_DGRAM, 0);
	report_socket(server, "server", "socket(AF_INET6, SOCK_DGRAM, 0)");
	struct sockaddr_in6 any6 = make_sockaddr_in6("::", 5501);
	report_call(bind(server, (struct sockaddr *)&any6, sizeof any6),
		    "bind(server, %s)", sockaddr_text(&any6));
	int rc = getsockopt(server, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, &len);
	report_value(rc, v6only, "getsockopt(server, IPV6_V6ONLY)");

	/* A plain IPv4 UDP socket sends it a datagram. */
	int client4 = socket(AF_INET, SOCK_DGRAM, 0);
	report_socket(client4, "client4", "socket(AF_INET, SOCK_DGRAM, 0)");
	struct sockaddr_in loopback4_5502 = make_sockaddr_in("127.0.0.1", 5502);
	report_call(bind(client4, (struct sockaddr *)&loopback4_5502, sizeof loopback4_5502),
		    "bind(client4, %s)", sockaddr_text(&loopback4_5502));
	struct sockaddr_in loopback4_5501 = make_sockaddr_in("127.0.0.1", 5501);
	report_call((int)sendto(client4, "ping", 4, 0, (struct sockaddr *)&loopback4_5501,
				sizeof loopback4_5501),
		    "sendto(client4, \"ping\", %s)", sockaddr_text(&loopback4_5501));

	/* Plumbing: wait for the datagram. Where it can arrive (v6only 0) it
	 * gets 2 s; where no socket can take it (v6only 1), 200 ms. */
	int deadline_ms = v6only ? 200 : 2000;
	struct pollfd server_ready = {.fd = server, .events = POLLIN};
	int ready = poll(&server_ready, 1, deadline_ms);
	report_call(ready, "poll(server, POLLIN, %d ms)", deadline_ms);

	if (ready == 0)
		report_note("nothing arrived: no socket takes IPv4 datagrams for port 5501");
	if (ready == 1) {
		/* The sender, as the AF_INET6 socket sees it. */
		struct sockaddr_in6 from;
		socklen_t from_len = sizeof from;
		rc = (int)recvfrom(server, buf, sizeof buf, 0, (struct sockaddr *)&from, &from_len);
		report_address(rc, "from", &from, "recvfrom(server)");

		/* Answer that address: the reply goes out as IPv4. */
		if (rc >= 0) {
			report_call((int)sendto(server, "pong", 4, 0, (struct sockaddr *)&from, from_len),
				    "sendto(server, \"pong\", %s)", sockaddr_text(&from));

			struct pollfd client_ready = {.fd = client4, .events = POLLIN};
			ready = poll(&client_ready, 1, 2000);
			report_call(ready, "poll(client4, POLLIN, 2000 ms)");
			if (ready == 1) {
				struct sockaddr_in reply_from;
				socklen_t reply_len = sizeof reply_from;
				rc = (int)recvfrom(client4, buf, sizeof buf, 0,
						   (struct sockaddr *)&reply_from, &reply_len);
				report_address(rc, "from", &reply_from, "recvfrom(client4)");
			}
		}
	}

	/* A v6-only socket cannot send to a mapped address. */
	int only6 = socket(AF_INET6, SOCK_DGRAM, 0);
	report_socket(only6, "only6", "socket(AF_INET6, SOCK_DGRAM, 0)");
	report_call(setsockopt(only6, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on),
		    "setsockopt(only6, IPV6_V6ONLY, 1)");
	struct sockaddr_in6 mapped_5502 = make_sockaddr_in6("::ffff:127.0.0.1", 5502);
	report_call((int)sendto(only6, "ping", 4, 0, (struct sockaddr *)&mapped_5502, sizeof mapped_5502),
		    "sendto(only6, \"ping\", %s)", sockaddr_text(&mapped_5502));

	/* What netstat and ss would show now. */
	report_snapshot("after-exchange");

	close(only6);
	close(client4);
	close(server);
	return 0;
}
