/* Lesson: Go's net.Listen picks the family and IPV6_V6ONLY itself: bindv6only never matters.
 *
 * dslab-package: golang-go
 * dslab-option: listen tcp_port tcp_ipv4any tcp6_port tcp_ipv6any
 *
 * The subject is Go's net package, Debian 12's golang-go (Go 1.19.8),
 * compiled into scenarios/go_servers.go's program (CGO_ENABLED=0) and run
 * in the case's namespace:
 *   listen=tcp_port     net.Listen("tcp", ":7400")
 *   listen=tcp_ipv4any  net.Listen("tcp", "0.0.0.0:7400")
 *   listen=tcp6_port    net.Listen("tcp6", ":7400")
 *   listen=tcp_ipv6any  net.Listen("tcp", "[::]:7400")
 * It prints each accepted peer as conn.RemoteAddr().String().
 *
 * What you will see: "tcp" with any wildcard, ":7400", "0.0.0.0:7400" or
 * "[::]:7400", makes one AF_INET6 [::]:7400 listener with v6only 0 under
 * both bindv6only values: it takes IPv4 and IPv6, even where the program
 * asked for 0.0.0.0 (golang/go#17615). "tcp6" makes a v6-only one under
 * both (IPv4 refused). Go names the IPv4 client 127.0.0.1, not
 * ::ffff:127.0.0.1, though the socket is tcp6.
 *
 * Why (Go 1.19.8, /usr/lib/go-1.19/src/net): ipsock_posix.go,
 * favoriteAddrFamily: a network ending in '6' gives (AF_INET6, ipv6only
 * true), '4' (AF_INET, false); otherwise, for "listen" on a wildcard
 * (laddr.isWildcard: IP.IsUnspecified, true for 0.0.0.0 and ::) where the
 * kernel supports IPv4-mapped addresses, (AF_INET6, false).
 * sockopt_linux.go, setDefaultSockopts: for every AF_INET6 socket
 * `syscall.SetsockoptInt(s, IPPROTO_IPV6, IPV6_V6ONLY, boolint(ipv6only))`
 * ("Allow both IP versions even if the OS default is otherwise"), so the
 * sysctl's default (RFC 3493 §5.3, bindv6only) is always overridden
 * (golang/go#12579). ip.go, IP.String: an address with a To4 form (an
 * IPv4-mapped one too) prints dotted. An AF_INET6 socket with
 * IPV6_V6ONLY 0 carries IPv4 as ::ffff:a.b.c.d (RFC 3493 §3.7).
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "program_probe.h"
#include "lesson.h"

#define PORT 7400

int main(void)
{
	const char *listen = scenario_option("listen", "tcp_port");
	const char *program = program_beside_scenario("go/go_servers"); /* CMake built go_servers.go */
	if (!program || !program_path(program))
		report_skip("no go_servers program beside this scenario (cmake builds it where go is "
			    "installed: apt-get install " DSLAB_PACKAGE ", then cmake --preset default again)");

	const char *network = strcmp(listen, "tcp6_port") == 0 ? "tcp6" : "tcp";
	const char *address = strcmp(listen, "tcp_ipv4any") == 0   ? "0.0.0.0:7400"
			      : strcmp(listen, "tcp_ipv6any") == 0 ? "[::]:7400"
								   : ":7400";
	char *argv[] = {(char *)program, (char *)network, (char *)address, NULL};
	struct program go;
	if (report_call(program_start(&go, "go", argv), "go: net.Listen(\"%s\", \"%s\")", network, address) != 0)
		report_fail("cannot start go_servers");

	/* Its listener appears in the socket table: poll for it, then look. */
	if (report_program_wait(&go, program_wait_tcp_listening(&go, 1, 5000), "listens") != 0)
		report_note("go ended: %s", program_exit_text(&go));
	report_snapshot("listening");

	/* An IPv4 client, then an IPv6 one; Go prints each peer's address
	 * (RemoteAddr: "127.0.0.1:PORT", "[::1]:PORT") first on a line. */
	struct peer_line seen = {"connected", 0};
	probe_tcp(&go, AF_INET, "client4", "127.0.0.1", PORT, NULL, seen);
	probe_tcp(&go, AF_INET6, "client6", "::1", PORT, NULL, seen);

	report_call(program_stop(&go), "kill -TERM go");
	report_note("go ended: %s", program_exit_text(&go));
	return 0;
}
