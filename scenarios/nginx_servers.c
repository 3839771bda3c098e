/* Lesson: nginx's `listen P;` and `listen [::]:P;` live together only with ipv6only=on (the default).
 *
 * dslab-package: nginx-light
 * dslab-option: ipv6only default on off
 * dslab-option: listen v4_then_v6 v6_then_v4 v6_alone
 *
 * The subject is the real program, Debian 12's nginx 1.22.1 (nginx-light
 * brings the nginx package), run in the case's namespace with
 * scenarios/nginx_servers.conf (copied to a directory of the case's own,
 * its -p prefix, so that nothing of the host's is written), with these
 * listen lines in its one server block:
 *   listen=v4_then_v6  listen 7500; listen [::]:7500 ...;
 *   listen=v6_then_v4  listen [::]:7500 ...; listen 7500;
 *   listen=v6_alone    listen [::]:7500 ...;
 * where ... is nothing (ipv6only=default), ipv6only=on or ipv6only=off.
 * nginx writes an access log line per request with $remote_addr, the
 * address it names the client by; its error log goes to stderr.
 *
 * What you will see: nginx sets IPV6_V6ONLY itself on every [::] listener,
 * so bindv6only never matters (the two variants give the same transcript).
 * Left alone, or with ipv6only=on, [::]:7500 is v6only 1: next to `listen
 * 7500` both sockets listen, in either order; IPv4 goes to 0.0.0.0:7500,
 * IPv6 to [::]:7500; alone, it refuses IPv4. With ipv6only=off the [::]
 * socket is dual-stack: alone, it takes both and logs the IPv4 client as
 * ::ffff:127.0.0.1; next to `listen 7500`, whichever of the two nginx binds
 * second fails with EADDRINUSE ("bind() to [::]:7500 failed (98: Address
 * already in use)", or to 0.0.0.0:7500 in the other order), and nginx does
 * not start: it retries. The lesson stops it at its first retry notice
 * (killed by SIGTERM: its signal handlers are not set yet); left alone it
 * tries 5 times, 500 ms apart, logs "still could not bind()" and exits
 * with status 1 after about 2.5 s (checked by hand in a namespace).
 *
 * Why (nginx 1.22.1 source, Debian's 1.22.1-9): src/http/
 * ngx_http_core_module.c, ngx_http_core_listen: `lsopt.ipv6only = 1;`
 * unless the listen line says ipv6only=off. src/core/ngx_connection.c,
 * ngx_open_listening_sockets: for each listening socket, in the order of
 * the configuration (ngx_http_add_listen keeps one entry per port and
 * family, in the order met), socket(), SO_REUSEADDR, for AF_INET6
 * `setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &ipv6only, ...)` always, bind()
 * and listen(); an EADDRINUSE bind is logged "bind() to %V failed", the
 * loop goes on, and `for (tries = 5; tries; tries--)` retries after
 * "try again to bind() after 500ms", then "still could not bind()";
 * src/core/nginx.c, main: ngx_init_cycle fails, `return 1`, before
 * ngx_init_signals. $remote_addr is the text ngx_event_accept made with
 * ngx_sock_ntop; src/core/ngx_inet.c, ngx_inet6_ntop writes an address
 * whose first 80 bits are 0 and next 16 are ffff as ::ffff:a.b.c.d. The
 * conflict is the kernel's: a dual-stack [::] covers every IPv4 address
 * (RFC 3493 §3.7), so it and 0.0.0.0 cannot both listen on one port with
 * SO_REUSEADDR (inet_csk_bind_conflict; bind_matrix_tcp, reuse=addr,
 * order=blbl); a v6-only one (§5.3) covers none.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "program_dir.h"
#include "program_probe.h"
#include "lesson.h"

#define PORT 7500

/* "DATE TIME [LEVEL] PID#TID: MESSAGE" -> "[LEVEL] MESSAGE": the date and
 * the pid change from run to run. */
static const char *log_text(const char *line)
{
	static char text[512];
	const char *level = strstr(line, " [");
	const char *message = level ? strstr(level, ": ") : NULL;
	if (!message)
		return line;
	size_t level_len = strcspn(level + 1, " ");
	snprintf(text, sizeof text, "%.*s %s", (int)level_len, level + 1, message + 2);
	return text;
}

/* Poll until nginx holds `count` listening sockets (it has started) or logs
 * a failure, an [emerg] line (a bind() that failed, or any error that stops
 * it): whichever comes first. 1 if it listens, 0 if it logged the failure
 * (the line is in nginx->line), -1 if neither within about 5 s. */
static int wait_listening_or_failure(struct program *nginx, int count)
{
	for (int waited = 0; waited < 5000; waited += 2) {
		if (program_wait_tcp_listening(nginx, count, 0) == 0)
			return 1;
		if (program_wait_line(nginx, "[emerg]", 2))
			return 0;
	}
	return -1;
}

int main(void)
{
	const char *ipv6only = scenario_option("ipv6only", "default");
	const char *order = scenario_option("listen", "v4_then_v6");
	const char *config = program_beside_scenario("files/nginx_servers.conf");
	if (!program_path("nginx"))
		report_skip("nginx is not installed: apt-get install " DSLAB_PACKAGE);

	/* The case's listen lines, in its order; ipv6only= only where asked. */
	char listen6[64], lines[160];
	snprintf(listen6, sizeof listen6, "listen [::]:%d%s%s;", PORT, strcmp(ipv6only, "default") ? " ipv6only=" : "",
		 strcmp(ipv6only, "default") ? ipv6only : "");
	if (strcmp(order, "v6_alone") == 0)
		snprintf(lines, sizeof lines, "%s", listen6);
	else if (strcmp(order, "v6_then_v4") == 0)
		snprintf(lines, sizeof lines, "%s listen %d;", listen6, PORT);
	else
		snprintf(lines, sizeof lines, "listen %d; %s", PORT, listen6);
	int listeners = strcmp(order, "v6_alone") == 0 ? 1 : 2;

	/* A directory of the case's own: the configuration, listen.conf, and
	 * whatever nginx writes (pid file, temp paths). */
	const char *dir = program_dir_make("nginx");
	char listen_conf[200];
	snprintf(listen_conf, sizeof listen_conf, "%s\n", lines);
	if (!dir || !config || program_dir_copy(dir, config, "nginx.conf") != 0 ||
	    program_dir_write(dir, "listen.conf", listen_conf) != 0)
		report_fail("cannot set up nginx's directory (%s)", config ? config : "no scenarios/files/");
	char prefix[96], conf[128];
	snprintf(prefix, sizeof prefix, "%s/", dir);
	snprintf(conf, sizeof conf, "%s/nginx.conf", dir);

	char *argv[] = {"nginx", "-p", prefix, "-c", conf, "-e", "stderr", NULL};
	struct program nginx;
	if (report_call(program_start(&nginx, "nginx", argv), "nginx -c nginx_servers.conf: %s", lines) != 0)
		report_fail("cannot start nginx");

	/* nginx opens its listening sockets one by one, in the configuration's
	 * order; a bind that fails with EADDRINUSE is logged, then retried. */
	int started = wait_listening_or_failure(&nginx, listeners);
	report_program_wait(&nginx, started < 0 ? -1 : 0, "listens or logs a failure");
	if (started < 0)
		report_fail("nginx neither listened nor logged a failure within 5 s (%s)", program_exit_text(&nginx));
	if (started == 0) {
		report_program_logged(&nginx, log_text(nginx.line));
		/* Its next line says what it does about it. */
		if (program_wait_line(&nginx, "bind()", 2000))
			report_program_logged(&nginx, log_text(nginx.line));
		program_name_sockets(&nginx);
	}
	report_snapshot("listening");

	/* Started: an IPv4 client, then an IPv6 one, each asking for a page;
	 * nginx logs the address it saw second on its access log line. */
	if (started) {
		static const char request[] = "HEAD /dslab HTTP/1.0\r\n\r\n";
		struct peer_line seen = {"nginx-client", 1};
		probe_tcp(&nginx, AF_INET, "client4", "127.0.0.1", PORT, request, seen);
		probe_tcp(&nginx, AF_INET6, "client6", "::1", PORT, request, seen);
	}

	report_call(program_stop(&nginx), "kill -TERM nginx");
	report_note("nginx ended: %s", program_exit_text(&nginx));
	program_dir_remove();
	return 0;
}
