/* Lesson: socat's TCP6-LISTEN follows bindv6only unless told ipv6only=.
 *
 * dslab-package: socat
 * dslab-option: api tcp6 v6only dualstack udp6
 *
 * The subject is the real program, Debian 12's socat (1.7.4.4), started in
 * the case's namespace with its notices on (-d -d), answering each
 * connection with /bin/true:
 *   api=tcp6       socat -d -d TCP6-LISTEN:7200,fork EXEC:/bin/true
 *   api=v6only     the same with TCP6-LISTEN:7200,fork,ipv6only=1
 *   api=dualstack  the same with TCP6-LISTEN:7200,fork,ipv6only=0
 *   api=udp6       socat -d -d -u UDP6-RECV:7200 OPEN:/dev/null
 * For each connection socat logs "accepting connection from AF=10
 * [ADDRESS]:PORT on ..." (UDP6-RECV: "received packet with N bytes from
 * AF=10 [ADDRESS]:PORT"): the peer as accept() or recvfrom() gave it,
 * each IPv6 address
 * written out in eight 4-digit groups (sockaddr_info):
 * 0000:0000:0000:0000:0000:ffff:7f00:0001 is ::ffff:127.0.0.1.
 *
 * What you will see: TCP6-LISTEN alone makes an AF_INET6 [::]:7200
 * listener and leaves IPV6_V6ONLY alone, so the sysctl decides: under
 * bindv6only=0 it is v6only 0, takes the IPv4 client and logs it as
 * ::ffff:127.0.0.1; under bindv6only=1 it is v6only 1 and the IPv4 client
 * is refused. ipv6only=1 and ipv6only=0 give the same listener under both
 * variants: v6-only, or dual-stack. UDP6-RECV is the same for UDP: a
 * [::]:7200 udp6 socket whose v6only is the sysctl's; where it is 1, the
 * IPv4 datagram is answered with ICMP port unreachable, which the
 * harness's connected UDP client reads as ECONNREFUSED. (UDP6-RECV, one
 * socket for every datagram, not UDP6-RECVFROM,fork: that forks a child
 * per datagram and hands it the socket, and the next probe's datagram was
 * lost to that hand-over in 1 of 100 runs here.)
 *
 * Why: socat sets only the options its address names. TCP6-LISTEN is
 * xioaddr_tcp6_listen (xioopen.c's address table), an AF_INET6 listener;
 * ipv6only=N is opt_ipv6_v6only (xio-ip6.c: an optdesc of type
 * OFUNC_SOCKOPT on SOL_IPV6, IPV6_V6ONLY, applied in phase PH_PASTSOCKET,
 * right after socket() and before bind). Without it nothing sets the
 * option and the kernel's default, the namespace's bindv6only, stays
 * (net/ipv6/af_inet6.c, inet6_create). The log line is xio-listen.c's
 * Notice2("accepting connection from %s on %s", sockaddr_info(peer...),
 * ...), after accept(). An AF_INET6 socket with IPV6_V6ONLY 0 takes IPv4
 * as ::ffff:a.b.c.d (RFC 3493 §3.7); with 1 it takes IPv6 only (§5.3).
 * socat exits with status 143 (128 + SIGTERM) from its own signal
 * handler (socat_signal).
 */
#include <string.h>
#include <sys/socket.h>

#include "program_probe.h"
#include "lesson.h"

#define PORT 7200

int main(void)
{
	const char *api = scenario_option("api", "tcp6");
	if (!program_path("socat"))
		report_skip("socat is not installed: apt-get install " DSLAB_PACKAGE);

	const char *listen_address = strcmp(api, "v6only") == 0	     ? "TCP6-LISTEN:7200,fork,ipv6only=1"
				     : strcmp(api, "dualstack") == 0 ? "TCP6-LISTEN:7200,fork,ipv6only=0"
								     : "TCP6-LISTEN:7200,fork";
	int udp = strcmp(api, "udp6") == 0;
	char *tcp_argv[] = {"socat", "-d", "-d", (char *)listen_address, "EXEC:/bin/true", NULL};
	char *udp_argv[] = {"socat", "-d", "-d", "-u", "UDP6-RECV:7200", "OPEN:/dev/null", NULL};
	struct program socat;
	int rc = udp ? report_call(program_start(&socat, "socat", udp_argv),
				   "socat -d -d -u UDP6-RECV:7200 OPEN:/dev/null")
		     : report_call(program_start(&socat, "socat", tcp_argv), "socat -d -d %s EXEC:/bin/true",
				   listen_address);
	if (rc != 0)
		report_fail("cannot start socat");

	/* Its listener appears in the socket table: poll for it, then look. */
	/* A TCP listener must be a LISTEN row: a UDP socket a program may hold
	 * for an instant while it starts (python3's http.server was seen with
	 * one) is not one. */
	int waited = udp ? program_wait_listening(&socat, 1, 5000) : program_wait_tcp_listening(&socat, 1, 5000);
	if (report_program_wait(&socat, waited, "listens") != 0)
		report_note("socat ended: %s", program_exit_text(&socat));
	report_snapshot("listening");

	/* An IPv4 client, then an IPv6 one; socat logs each peer, in brackets,
	 * as the 9th word of "DATE TIME socat[PID] N accepting connection from
	 * AF=10 [ADDRESS]:PORT on ..." (UDP: the 12th of "... N received
	 * packet with N bytes from AF=10 [ADDRESS]:PORT"). */
	if (udp) {
		struct peer_line seen = {"received packet with", 11};
		probe_udp(&socat, AF_INET, "client4", "127.0.0.1", PORT, seen);
		probe_udp(&socat, AF_INET6, "client6", "::1", PORT, seen);
	} else {
		struct peer_line seen = {"accepting connection from", 8};
		probe_tcp(&socat, AF_INET, "client4", "127.0.0.1", PORT, NULL, seen);
		probe_tcp(&socat, AF_INET6, "client6", "::1", PORT, NULL, seen);
	}

	report_call(program_stop(&socat), "kill -TERM socat");
	report_note("socat ended: %s", program_exit_text(&socat));
	return 0;
}
