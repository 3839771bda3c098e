/* Lesson: IPV6_ADDRFORM turns a connected AF_INET6 socket with an IPv4 peer
 * into an AF_INET socket, and it moves from tcp6 to tcp.
 *
 * What you will see: an AF_INET6 client (IPV6_V6ONLY set to 0, so that it
 * may use mapped addresses under both variants) connects to a plain IPv4
 * server through the mapped address [::ffff:127.0.0.1]:5601. Before the
 * call it is a tcp6 row with mapped addresses, getpeername() fills a
 * sockaddr_in6 and getsockopt(IPV6_ADDRFORM) reads 10 (AF_INET6). After
 * setsockopt(client, IPV6_ADDRFORM, AF_INET) the same socket (the snapshot
 * finds it by inode) is a tcp row, 127.0.0.1:EPH1 -> 127.0.0.1:5601,
 * getpeername() fills a sockaddr_in, IPPROTO_IPV6 options are gone
 * (EOPNOTSUPP), and the connection still carries data. The same call on
 * a socket whose peer is a real IPv6 address ([::1]) fails with
 * EADDRNOTAVAIL, and on a listener, which has no peer, with ENOTCONN.
 *
 * Why: a mapped peer (RFC 3493 §3.7) is an IPv4 peer; IPV6_ADDRFORM, a
 * Linux option (man IPV6_ADDRFORM(2const): "allowed only for IPv6 sockets
 * that are connected and bound to a v4-mapped-on-v6 address"), lets a
 * program hand such a socket to code that only knows AF_INET. The kernel
 * (net/ipv6/ipv6_sockglue.c, do_ipv6_setsockopt, case IPV6_ADDRFORM) wants
 * TCP_ESTABLISHED (else -ENOTCONN) and a v4-mapped sk_v6_daddr on a socket
 * that is not v6-only (else -EADDRNOTAVAIL); then it swaps sk_prot to
 * tcp_prot, icsk_af_ops to ipv4_specific, the socket ops to
 * inet_stream_ops and sk_family to PF_INET. /proc/net/tcp{,6}
 * (net/ipv4/tcp_ipv4.c, seq_sk_match) and sock_diag (net/ipv4/tcp_diag.c,
 * tcp_diag_dump) pick a socket's table by sk_family, so the row moves; the
 * socket and its inode stay the same. getsockopt(IPPROTO_IPV6) now goes
 * through ipv4_specific to the IPv4 code, which answers any level but
 * SOL_IP with -EOPNOTSUPP (net/ipv4/ip_sockglue.c, do_ip_getsockopt).
 *
 * Not every kernel offers it. Upstream answers IPV6_ADDRFORM on a fresh,
 * unconnected TCP or UDP socket with ENOTCONN (the TCP_ESTABLISHED test
 * above); -ENOPROTOOPT is do_ipv6_setsockopt's answer to an option it does
 * not know. Some vendor builds (this project's 6.18.44 machines) drop the
 * option: every setsockopt(IPV6_ADDRFORM) is ENOPROTOOPT there, connected
 * or not. So the lesson first asks a fresh TCP and a fresh UDP socket, and
 * is skipped, naming IPV6_ADDRFORM, only when both answer ENOPROTOOPT; any
 * other answer (the option is there) runs the lesson, and a kernel that
 * has the option but behaves differently fails against the golden.
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stddef.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lesson.h"

/* The probe: does a fresh socket of this type know IPV6_ADDRFORM at all? */
static int addrform_unknown_to(int type)
{
	int probe = socket(AF_INET6, type, 0), to_inet = AF_INET;
	int rc = setsockopt(probe, IPPROTO_IPV6, IPV6_ADDRFORM, &to_inet, sizeof to_inet);
	int unknown = rc != 0 && errno == ENOPROTOOPT;
	close(probe);
	return unknown;
}

int main(void)
{
	if (addrform_unknown_to(SOCK_STREAM) && addrform_unknown_to(SOCK_DGRAM))
		report_skip("this kernel does not offer IPV6_ADDRFORM: setsockopt answers ENOPROTOOPT "
			    "on a fresh TCP and a fresh UDP socket");

	int off = 0, to_inet = AF_INET, family = -1;
	socklen_t len = sizeof family;
	char buf[16];
	int rc;

	/* A plain IPv4 server. */
	int server = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(server, "server", "socket(AF_INET, SOCK_STREAM, 0)");
	struct sockaddr_in loopback4_5601 = make_sockaddr_in("127.0.0.1", 5601);
	report_call(bind(server, (struct sockaddr *)&loopback4_5601, sizeof loopback4_5601),
		    "bind(server, %s)", sockaddr_text(&loopback4_5601));
	report_call(listen(server, 1), "listen(server, 1)");

	/* An IPv6 client reaches it through the mapped address. */
	int client = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(client, "client", "socket(AF_INET6, SOCK_STREAM, 0)");
	report_call(setsockopt(client, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off),
		    "setsockopt(client, IPV6_V6ONLY, 0)");
	struct sockaddr_in6 mapped_5601 = make_sockaddr_in6("::ffff:127.0.0.1", 5601);
	rc = connect(client, (struct sockaddr *)&mapped_5601, sizeof mapped_5601);
	report_call(rc, "connect(client, %s)", sockaddr_text(&mapped_5601));
	if (rc != 0)
		report_fail("connect to the mapped address failed; nothing to convert");
	int accepted = accept(server, NULL, NULL);
	report_accept(accepted, "accepted", "accept(server)");

	/* Before: an AF_INET6 socket. */
	struct sockaddr_storage peer;
	socklen_t peer_len = sizeof peer;
	rc = getpeername(client, (struct sockaddr *)&peer, &peer_len);
	report_address(rc, "peer", &peer, "getpeername(client)");
	rc = getsockopt(client, IPPROTO_IPV6, IPV6_ADDRFORM, &family, &len);
	report_value(rc, family, "getsockopt(client, IPV6_ADDRFORM)");
	report_snapshot("before-addrform");

	/* The conversion. */
	report_call(setsockopt(client, IPPROTO_IPV6, IPV6_ADDRFORM, &to_inet, sizeof to_inet),
		    "setsockopt(client, IPV6_ADDRFORM, AF_INET)");

	/* After: an AF_INET socket, same connection. */
	peer_len = sizeof peer;
	rc = getpeername(client, (struct sockaddr *)&peer, &peer_len);
	report_address(rc, "peer", &peer, "getpeername(client)");
	len = sizeof family;
	rc = getsockopt(client, IPPROTO_IPV6, IPV6_ADDRFORM, &family, &len);
	report_value(rc, family, "getsockopt(client, IPV6_ADDRFORM)");
	report_call((int)send(client, "ping", 4, 0), "send(client, \"ping\")");
	/* Plumbing: wait up to 2 s for the bytes to reach the other end. */
	struct pollfd accepted_ready = {.fd = accepted, .events = POLLIN};
	report_call(poll(&accepted_ready, 1, 2000), "poll(accepted, POLLIN, 2000 ms)");
	report_call((int)recv(accepted, buf, sizeof buf, MSG_DONTWAIT), "recv(accepted)");
	report_snapshot("after-addrform");

	/* A socket with a real IPv6 peer cannot be converted. */
	int server6 = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(server6, "server6", "socket(AF_INET6, SOCK_STREAM, 0)");
	struct sockaddr_in6 loopback6_5602 = make_sockaddr_in6("::1", 5602);
	report_call(bind(server6, (struct sockaddr *)&loopback6_5602, sizeof loopback6_5602),
		    "bind(server6, %s)", sockaddr_text(&loopback6_5602));
	report_call(listen(server6, 1), "listen(server6, 1)");
	int client6 = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(client6, "client6", "socket(AF_INET6, SOCK_STREAM, 0)");
	report_call(connect(client6, (struct sockaddr *)&loopback6_5602, sizeof loopback6_5602),
		    "connect(client6, %s)", sockaddr_text(&loopback6_5602));
	report_call(setsockopt(client6, IPPROTO_IPV6, IPV6_ADDRFORM, &to_inet, sizeof to_inet),
		    "setsockopt(client6, IPV6_ADDRFORM, AF_INET)");

	/* Nor can a listener: it has no peer at all. */
	report_call(setsockopt(server6, IPPROTO_IPV6, IPV6_ADDRFORM, &to_inet, sizeof to_inet),
		    "setsockopt(server6, IPV6_ADDRFORM, AF_INET)");

	return 0;
}
