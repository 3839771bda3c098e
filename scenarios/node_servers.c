/* Lesson: Node's server.listen is dual-stack on [::] whatever bindv6only says; ipv6Only works only with a host.
 *
 * dslab-package: nodejs
 * dslab-option: listen port ipv6any ipv6only ipv6only_host ipv4any
 *
 * The subject is the real program, Debian 12's Node.js (18.20.4, with
 * Debian's libuv1 1.44.2), running scenarios/node_servers.js in the
 * case's namespace: a net.createServer whose listen call is the case's:
 *   listen=port           server.listen(7700)
 *   listen=ipv6any        server.listen(7700, "::")
 *   listen=ipv6only       server.listen({port: 7700, ipv6Only: true})
 *   listen=ipv6only_host  server.listen({port: 7700, host: "::", ipv6Only: true})
 *   listen=ipv4any        server.listen(7700, "0.0.0.0")
 * It prints each client's socket.remoteAddress first on a line.
 *
 * What you will see: without a host, with "::", and with
 * {port, ipv6Only: true}, Node makes one tcp6 [::]:7700 listener with
 * v6only 0 under both bindv6only values: it takes IPv4 and names the client
 * ::ffff:127.0.0.1. ipv6Only: true without a host is ignored: only
 * {port, host: "::", ipv6Only: true} gives a v6-only listener (IPv4
 * refused). "0.0.0.0" gives an AF_INET listener (tcp): IPv6 refused. Node
 * leaves SIGTERM to its default action: killed by SIGTERM.
 *
 * Why (Node 18.20.4, lib/net.js; libuv 1.44.2, src/unix/tcp.c):
 * Server.prototype.listen computes `flags = getFlags(options.ipv6Only)`
 * (UV_TCP_IPV6ONLY) but passes it on only where options.host is set
 * (lookupAndListen, dns.lookup of the literal, then listenInCluster(...,
 * flags)); with no host it calls listenInCluster(this, null, port, 4,
 * backlog, undefined, exclusive): no flags. setupListenHandle, for no
 * address, tries createServerHandle(DEFAULT_IPV6_ADDR "::", port, 6, ...)
 * first (0.0.0.0 only if that fails); createServerHandle calls
 * handle.bind6(address, port, flags) (src/tcp_wrap.cc, TCPWrap::Bind6:
 * uv_tcp_bind). uv__tcp_bind sets, for every AF_INET6 socket, `on =
 * (flags & UV_TCP_IPV6ONLY) != 0; setsockopt(fd, IPPROTO_IPV6,
 * IPV6_V6ONLY, &on, ...)` before bind(), so the sysctl's default (RFC 3493
 * §5.3) never stays. remoteAddress comes from getpeername through
 * AddressToJS (src/tcp_wrap.cc: uv_inet_ntop), so a mapped peer is
 * ::ffff:127.0.0.1 (§3.7). The doc says as much: "ipv6Only ... binding to
 * host :: won't make 0.0.0.0 be bound" (doc/api/net.md); nodejs/help#4067.
 * The goldens were recorded with Node 20.20.2 (nodesource) and checked on
 * a fresh Debian 12 root with Debian's nodejs 18.20.4: the same.
 */
#include <string.h>
#include <sys/socket.h>

#include "program_probe.h"
#include "lesson.h"

#define PORT 7700

int main(void)
{
	const char *listen = scenario_option("listen", "port");
	const char *script = program_beside_scenario("files/node_servers.js");
	if (!program_path("node"))
		report_skip("node is not installed: apt-get install " DSLAB_PACKAGE);
	if (!script)
		report_fail("cannot find scenarios/files/node_servers.js beside this scenario");

	const char *call = strcmp(listen, "ipv6any") == 0    ? "server.listen(7700, \"::\")"
			   : strcmp(listen, "ipv6only") == 0 ? "server.listen({port: 7700, ipv6Only: true})"
			   : strcmp(listen, "ipv6only_host") == 0
				   ? "server.listen({port: 7700, host: \"::\", ipv6Only: true})"
			   : strcmp(listen, "ipv4any") == 0  ? "server.listen(7700, \"0.0.0.0\")"
							     : "server.listen(7700)";
	char *argv[] = {"node", (char *)script, "7700", (char *)listen, NULL};
	struct program node;
	if (report_call(program_start(&node, "node", argv), "node: %s", call) != 0)
		report_fail("cannot start node");

	/* Its listener appears in the socket table: poll for it, then look. */
	if (report_program_wait(&node, program_wait_tcp_listening(&node, 1, 5000), "listens") != 0)
		report_note("node ended: %s", program_exit_text(&node));
	report_snapshot("listening");

	/* An IPv4 client, then an IPv6 one; node prints each peer's address
	 * first on a line. */
	struct peer_line seen = {"connected", 0};
	probe_tcp(&node, AF_INET, "client4", "127.0.0.1", PORT, NULL, seen);
	probe_tcp(&node, AF_INET6, "client6", "::1", PORT, NULL, seen);

	report_call(program_stop(&node), "kill -TERM node");
	report_note("node ended: %s", program_exit_text(&node));
	return 0;
}
