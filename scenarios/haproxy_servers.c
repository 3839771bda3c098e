/* Lesson: HAProxy's `bind :::P` follows bindv6only; `v4v6` and `v6only` decide it themselves.
 *
 * dslab-package: haproxy
 * dslab-option: bind v4v6 v6only plain ipv4
 *
 * The subject is the real program, Debian 12's HAProxy 2.6.12, run in the
 * case's namespace in the foreground (haproxy -db) with
 * scenarios/haproxy_servers.cfg, whose one frontend answers every request
 * with 204 and binds as the case says:
 *   bind=v4v6    bind :::7600 v4v6
 *   bind=v6only  bind :::7600 v6only
 *   bind=plain   bind :::7600
 *   bind=ipv4    bind :7600
 * HAProxy logs each request to stdout as "haproxy-client %ci": the client's
 * address as it names it. The configuration names an empty resolvers
 * section "default": without it HAProxy makes one from /etc/resolv.conf
 * (src/resolvers.c, resolvers_create_default) and connects a UDP socket
 * to its nameserver while it starts (src/dns.c, dns_connect_nameserver),
 * a socket that depends on the host, not on the lesson.
 *
 * What you will see: `bind :::7600 v4v6` is a [::]:7600 listener with
 * v6only 0 under both bindv6only values: it takes IPv4 and logs the client
 * as ::ffff:127.0.0.1. `v6only` is v6only 1 under both: IPv4 refused.
 * `bind :::7600` with neither option follows the sysctl: dual-stack under
 * bindv6only=0, v6-only under 1. `bind :7600` is an AF_INET 0.0.0.0:7600
 * listener (tcp): IPv6 refused. HAProxy, not run as a master-worker,
 * leaves SIGTERM to its default action: killed by SIGTERM.
 *
 * Why (HAProxy 2.6.12, Debian's 2.6.12-1): src/tools.c, str2sa_range: an
 * empty address or "*" is AF_INET INADDR_ANY, "::" is AF_INET6
 * in6addr_any (":::7600": the port after the last colon).
 * src/cfgparse-tcp.c, bind_parse_v4v6 and bind_parse_v6only set
 * RX_O_V4V6 and RX_O_V6ONLY. src/sock_inet.c, sock_inet_prepare reads the
 * system's default once at start-up (getsockopt(IPV6_V6ONLY) on a fresh
 * AF_INET6 socket: sock_inet6_v6only_default), and sock_inet_bind_receiver
 * sets IPV6_V6ONLY on every AF_INET6 listener before bind(): 1 `if
 * ((options & RX_O_V6ONLY) || (sock_inet6_v6only_default && !(options &
 * RX_O_V4V6)))`, else 0. So v6only wins over v4v6, and without either the
 * sysctl's default (RFC 3493 §5.3, bindv6only) is kept. %ci is
 * src/log.c, lf_ip, through src/tools.c, addr_to_str: inet_ntop of the
 * accepted address, so an IPv4 client on a dual-stack socket is
 * ::ffff:127.0.0.1 (§3.7). doc/configuration.txt, 5.1: "v4v6 ... has no
 * effect on non-IPv6 sockets, and is overridden by the "v6only" option".
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "program_probe.h"
#include "lesson.h"

#define PORT 7600

int main(void)
{
	const char *bind = scenario_option("bind", "v4v6");
	const char *config = program_beside_scenario("files/haproxy_servers.cfg");
	if (!program_path("haproxy"))
		report_skip("haproxy is not installed: apt-get install " DSLAB_PACKAGE);

	const char *line = strcmp(bind, "v4v6") == 0	 ? ":::7600 v4v6"
			   : strcmp(bind, "v6only") == 0 ? ":::7600 v6only"
			   : strcmp(bind, "plain") == 0	 ? ":::7600"
							 : ":7600";
	/* The configuration's bind line reads its words from here. */
	if (!config || setenv("DSLAB_BIND", line, 1) != 0)
		report_fail("cannot set up HAProxy's configuration (no scenarios/files/haproxy_servers.cfg)");
	char *argv[] = {"haproxy", "-db", "-f", (char *)config, NULL};
	struct program haproxy;
	if (report_call(program_start(&haproxy, "haproxy", argv), "haproxy: bind %s", line) != 0)
		report_fail("cannot start haproxy");

	/* Its listener appears in the socket table: poll for it, then look. */
	if (report_program_wait(&haproxy, program_wait_tcp_listening(&haproxy, 1, 5000), "listens") != 0)
		report_note("haproxy ended: %s", program_exit_text(&haproxy));
	report_snapshot("listening");

	/* An IPv4 client, then an IPv6 one, each asking for a page; HAProxy
	 * logs the address it saw second on its log line. */
	static const char request[] = "HEAD /dslab HTTP/1.0\r\n\r\n";
	struct peer_line seen = {"haproxy-client", 1};
	probe_tcp(&haproxy, AF_INET, "client4", "127.0.0.1", PORT, request, seen);
	probe_tcp(&haproxy, AF_INET6, "client6", "::1", PORT, request, seen);

	report_call(program_stop(&haproxy), "kill -TERM haproxy");
	report_note("haproxy ended: %s", program_exit_text(&haproxy));
	return 0;
}
