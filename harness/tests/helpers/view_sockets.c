/* Test helper for the views test (scripts/views.sh): makes the sockets of
 * a situation in the network namespace it is started in, prints each one's
 * name and addresses, runs a command while they all exist (the test runs
 * the real netstat and ss there), then exits with the command's status.
 *
 *   view_sockets SITUATION -- COMMAND [ARG...]
 *
 * SITUATION:
 *   seed_v4v6  the calls of scenarios/seed_v4v6.c, in its order: an AF_INET6
 *              listener on [::]:5555 (backlog 1, IPV6_V6ONLY left to the
 *              sysctl), an AF_INET client connecting to 127.0.0.1:5555 and,
 *              if that worked, the accepted socket;
 *   wide       more of what the views must get right: TCP listeners on
 *              0.0.0.0, on [::] with IPV6_V6ONLY 0 and 1, on the mapped
 *              [::ffff:127.0.0.1], on [::1] and on a long IPv6 address
 *              (2001:db8:1234:5678:9abc:def0:1234:5678, which the test adds
 *              to lo first; the helper waits for its local route, which
 *              addrconf adds a moment later: await_local_route); connections through each IPv6 listener but the
 *              v6-only [::], an AF_INET client accepted by a dual-stack
 *              listener, an AF_INET6 client reaching an AF_INET listener
 *              through a mapped address; UDP sockets unconnected on 0.0.0.0
 *              and on [::] (V6ONLY 0 and 1), and connected, AF_INET and
 *              AF_INET6 to a mapped address. Backlog 0 and every
 *              connection accepted, so every queue is empty.
 *
 * Output, one line per socket: NAME LOCAL REMOTE, in the goldens' words
 * ("[::ffff:127.0.0.1]:5555", "127.0.0.1:40000"), REMOTE "-" when the
 * socket has no peer. Not a scenario: it never runs under dslab, and the
 * test gives it a namespace of its own. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netconf.h"

#define LONG_ADDRESS "2001:db8:1234:5678:9abc:def0:1234:5678"

struct named {
	const char *name;
	int fd;
};
static struct named sockets[32];
static size_t socket_count;

static void die(const char *what)
{
	fprintf(stderr, "view_sockets: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int keep(const char *name, int fd)
{
	if (fd < 0)
		die(name);
	if (socket_count == sizeof sockets / sizeof sockets[0]) {
		errno = ENOSPC;
		die("too many sockets");
	}
	sockets[socket_count++] = (struct named){name, fd};
	return fd;
}

static struct sockaddr_storage address(const char *text, unsigned port, socklen_t *len)
{
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	if (inet_pton(AF_INET6, text, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		*len = sizeof *sin6;
	} else if (inet_pton(AF_INET, text, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		*len = sizeof *sin;
	} else {
		errno = EINVAL;
		die(text);
	}
	return ss;
}

static int make(const char *name, int family, int type, int v6only)
{
	int fd = keep(name, socket(family, type, 0));
	if (v6only >= 0 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only) != 0)
		die(name);
	return fd;
}

static void bind_to(int fd, const char *text, unsigned port)
{
	socklen_t len;
	struct sockaddr_storage ss = address(text, port, &len);
	if (bind(fd, (struct sockaddr *)&ss, len) != 0)
		die(text);
}

static int connect_to(int fd, const char *text, unsigned port)
{
	socklen_t len;
	struct sockaddr_storage ss = address(text, port, &len);
	return connect(fd, (struct sockaddr *)&ss, len);
}

static int listener(const char *name, int family, int v6only, const char *text, unsigned port,
		    int backlog)
{
	int fd = make(name, family, SOCK_STREAM, v6only);
	bind_to(fd, text, port);
	if (listen(fd, backlog) != 0)
		die(name);
	return fd;
}

/* A client of the listener at text:port, and the accepted socket. */
static void connection(const char *client_name, int family, int v6only, const char *text,
		       unsigned port, int listen_fd, const char *accepted_name)
{
	int fd = make(client_name, family, SOCK_STREAM, v6only);
	if (connect_to(fd, text, port) != 0)
		die(client_name);
	keep(accepted_name, accept(listen_fd, NULL, NULL));
}

static void seed_v4v6(void)
{
	int server = make("server", AF_INET6, SOCK_STREAM, -1);
	bind_to(server, "::", 5555);
	if (listen(server, 1) != 0)
		die("listen");
	int client = make("client", AF_INET, SOCK_STREAM, -1);
	if (connect_to(client, "127.0.0.1", 5555) == 0)
		keep("accepted", accept(server, NULL, NULL));
}

static void wide(void)
{
	if (await_local_route("lo", LONG_ADDRESS, 2000) != 0) {
		fprintf(stderr, "view_sockets: no local route for %s on lo: %s\n", LONG_ADDRESS,
			strerror(errno));
		exit(1);
	}
	int any4 = listener("any4", AF_INET, -1, "0.0.0.0", 4005, 0);
	int dual = listener("dual", AF_INET6, 0, "::", 4000, 0);
	listener("only6", AF_INET6, 1, "::", 4001, 0);
	int mapped = listener("mapped", AF_INET6, 0, "::ffff:127.0.0.1", 4002, 0);
	int loop6 = listener("loop6", AF_INET6, -1, "::1", 4003, 0);
	int long6 = listener("long6", AF_INET6, -1, LONG_ADDRESS, 4004, 0);
	connection("client4", AF_INET, -1, "127.0.0.1", 4000, dual, "dual-in");
	connection("client-mapped", AF_INET, -1, "127.0.0.1", 4002, mapped, "mapped-in");
	connection("client6", AF_INET6, -1, "::1", 4003, loop6, "loop6-in");
	connection("long-client", AF_INET6, -1, LONG_ADDRESS, 4004, long6, "long6-in");
	connection("java-out", AF_INET6, 0, "::ffff:127.0.0.1", 4005, any4, "any4-in");

	int udp4 = make("udp4", AF_INET, SOCK_DGRAM, -1);
	bind_to(udp4, "0.0.0.0", 5002);
	int udp_dual = make("udp-dual", AF_INET6, SOCK_DGRAM, 0);
	bind_to(udp_dual, "::", 5000);
	int udp_only6 = make("udp-only6", AF_INET6, SOCK_DGRAM, 1);
	bind_to(udp_only6, "::", 5001);
	int udp_mapped = make("udp-mapped", AF_INET6, SOCK_DGRAM, 0);
	bind_to(udp_mapped, "::", 5003);
	if (connect_to(udp_mapped, "::ffff:127.0.0.1", 5002) != 0)
		die("udp-mapped");
	int udp_client = make("udp-client", AF_INET, SOCK_DGRAM, -1);
	if (connect_to(udp_client, "127.0.0.1", 5000) != 0)
		die("udp-client");
}

/* "[::ffff:127.0.0.1]:5555" or "127.0.0.1:5555", as the goldens write. */
static void print_end(const struct sockaddr_storage *ss)
{
	char text[INET6_ADDRSTRLEN];
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;
		inet_ntop(AF_INET6, &sin6->sin6_addr, text, sizeof text);
		printf("[%s]:%u", text, ntohs(sin6->sin6_port));
	} else {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;
		inet_ntop(AF_INET, &sin->sin_addr, text, sizeof text);
		printf("%s:%u", text, ntohs(sin->sin_port));
	}
}

int main(int argc, char **argv)
{
	if (argc < 4 || strcmp(argv[2], "--") != 0) {
		fprintf(stderr, "usage: view_sockets seed_v4v6|wide -- COMMAND [ARG...]\n");
		return 2;
	}
	if (strcmp(argv[1], "seed_v4v6") == 0)
		seed_v4v6();
	else if (strcmp(argv[1], "wide") == 0)
		wide();
	else {
		fprintf(stderr, "view_sockets: no situation '%s'\n", argv[1]);
		return 2;
	}

	for (size_t i = 0; i < socket_count; i++) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof ss;
		printf("%s ", sockets[i].name);
		if (getsockname(sockets[i].fd, (struct sockaddr *)&ss, &len) != 0)
			die("getsockname");
		print_end(&ss);
		len = sizeof ss;
		if (getpeername(sockets[i].fd, (struct sockaddr *)&ss, &len) == 0) {
			putchar(' ');
			print_end(&ss);
			putchar('\n');
		} else {
			printf(" -\n");
		}
	}
	if (fflush(stdout) != 0)
		die("stdout");

	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		execvp(argv[3], argv + 3);
		fprintf(stderr, "view_sockets: %s: %s\n", argv[3], strerror(errno));
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
