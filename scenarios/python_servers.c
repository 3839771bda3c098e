/* Lesson: what Python's own servers listen on: socket.create_server and http.server.
 *
 * dslab-package: python3
 * dslab-option: api create_server dualstack http_server
 *
 * The subject is the real program, Debian 12's python3 (3.11.2), started
 * in the case's namespace:
 *   api=create_server  socket.create_server(("", 7100), family=AF_INET6)
 *   api=dualstack      the same with dualstack_ipv6=True
 *   api=http_server    python3 -m http.server --bind :: 7100
 * The one-liners print the peer address accept() gave them; http.server
 * logs it (BaseHTTPRequestHandler.log_message writes address_string(),
 * client_address[0], first on each stderr line).
 *
 * What you will see: create_server with family=AF_INET6 is v6-only under
 * either bindv6only: the IPv4 client is refused and the IPv6 client is
 * seen as ::1. With dualstack_ipv6=True it is v6only 0 under either value:
 * the IPv4 client is seen as ::ffff:127.0.0.1. http.server --bind :: is
 * dual-stack too, under either value, and logs the IPv4 client as
 * ::ffff:127.0.0.1. None of the three leaves IPV6_V6ONLY to the sysctl, so
 * the two variants give the same transcript.
 *
 * Why: CPython decides the option itself. Lib/socket.py, create_server
 * (3.11.2: /usr/lib/python3.11/socket.py): `if has_ipv6 and family ==
 * AF_INET6: if dualstack_ipv6: sock.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY,
 * 0) elif hasattr(_socket, "IPV6_V6ONLY") ...: sock.setsockopt(IPPROTO_IPV6,
 * IPV6_V6ONLY, 1)`, before bind. Lib/http/server.py, the command line's
 * DualStackServer.server_bind sets IPV6_V6ONLY 0 (errors suppressed) before
 * binding; the family comes from _get_best_family, getaddrinfo("::", ...,
 * AI_PASSIVE): AF_INET6. An AF_INET6 socket with IPV6_V6ONLY 0 takes IPv4
 * and names its peers ::ffff:a.b.c.d (RFC 3493 §3.7); with 1 it takes
 * IPv6 only (§5.3).
 */
#include <string.h>
#include <sys/socket.h>

#include "program_probe.h"
#include "lesson.h"

#define PORT 7100

/* One-liners: accept forever, print each peer's address first on a line. */
static const char create_server[] =
	"import socket\n"
	"s = socket.create_server(('', 7100), family=socket.AF_INET6)\n"
	"while True:\n"
	"    c, peer = s.accept(); print(peer[0], 'connected', flush=True); c.close()\n";
static const char create_server_dualstack[] =
	"import socket\n"
	"s = socket.create_server(('', 7100), family=socket.AF_INET6, dualstack_ipv6=True)\n"
	"while True:\n"
	"    c, peer = s.accept(); print(peer[0], 'connected', flush=True); c.close()\n";

int main(void)
{
	const char *api = scenario_option("api", "create_server");
	if (!program_path("python3"))
		report_skip("python3 is not installed: apt-get install " DSLAB_PACKAGE);

	struct program python;
	int rc;
	if (strcmp(api, "http_server") == 0) {
		char *argv[] = {"python3", "-m", "http.server", "--bind", "::", "--directory", "/nonexistent",
				"7100", NULL};
		rc = report_call(program_start(&python, "python3", argv),
				 "python3 -m http.server --bind :: 7100");
	} else {
		int dualstack = strcmp(api, "dualstack") == 0;
		char *argv[] = {"python3", "-c", (char *)(dualstack ? create_server_dualstack : create_server),
				NULL};
		rc = report_call(program_start(&python, "python3", argv),
				 dualstack ? "python3: socket.create_server((\"\", 7100), family=AF_INET6, "
					     "dualstack_ipv6=True)"
					   : "python3: socket.create_server((\"\", 7100), family=AF_INET6)");
	}
	if (rc != 0)
		report_fail("cannot start python3");

	/* Its listener appears in the socket table: poll for it, then look. */
	if (report_program_wait(&python, program_wait_tcp_listening(&python, 1, 5000), "listens") != 0)
		report_note("python3 ended: %s", program_exit_text(&python));
	report_snapshot("listening");

	/* An IPv4 client, then an IPv6 one; each asks for a page, and the
	 * address python3 printed (or logged) for it is its first word. */
	struct peer_line seen = {strcmp(api, "http_server") == 0 ? "\"HEAD /dslab" : "connected", 0};
	static const char request[] = "HEAD /dslab HTTP/1.0\r\n\r\n";
	probe_tcp(&python, AF_INET, "client4", "127.0.0.1", PORT, request, seen);
	probe_tcp(&python, AF_INET6, "client6", "::1", PORT, request, seen);

	report_call(program_stop(&python), "kill -TERM python3");
	report_note("python3 ended: %s", program_exit_text(&python));
	return 0;
}
