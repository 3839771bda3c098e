/* Test helper for scripts/snapshot_equivalence.sh: in the network namespace
 * it is started in (a fresh one, lo up), opens a large, varied socket table
 * and checks that `dslab snapshot` prints exactly what the generic
 * transcript path (harness/tests/reference/snapshot_reference.c) makes of
 * the same namespace read the old way: one SOCK_DIAG_BY_FAMILY dump per
 * file (or /proc/net), the command's filters applied to the rows.
 *
 *   snapshot_equivalence DSLAB SOCKETS [DEVICE]
 *
 * The table: about SOCKETS sockets (at least 200): TCP listeners on
 * 127.0.0.1, [::] with IPV6_V6ONLY 0 and 1, [::1] and 2001:db8::1 (which
 * the script adds to lo), some bound to lo (and to DEVICE, a device whose
 * name needs escaping in JSON, if given) with SO_BINDTODEVICE; established
 * pairs over loopback, IPv4, IPv4 to a dual-stack listener (a tcp6 row with
 * a mapped peer) and IPv6 to a mapped address; TIME-WAIT sockets (closed
 * first by the client); UDP sockets unconnected and connected, AF_INET and
 * AF_INET6, IPV6_V6ONLY 0 and 1. Ephemeral ports, so port texts of every
 * length meet in the sort.
 *
 * Prints one line per comparison; exits 0 if all are equal, 1 otherwise
 * (with the first differing line of each), 2 on a failed call. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc_net.h"
#include "snapshot_reference.h"
#include "sock_row.h"
#include "sock_diag.h"

static void die(const char *what)
{
	fprintf(stderr, "snapshot_equivalence: %s: %s\n", what, strerror(errno));
	exit(2);
}

static int opened;

static int make(int family, int type, int v6only)
{
	int fd = socket(family, type | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket");
	if (family == AF_INET6 && v6only >= 0 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only) != 0)
		die("IPV6_V6ONLY");
	opened++;
	return fd;
}

static socklen_t address(const char *text, unsigned port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof *ss);
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	if (inet_pton(AF_INET6, text, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		return sizeof *sin6;
	}
	if (inet_pton(AF_INET, text, &sin->sin_addr) != 1)
		die(text);
	sin->sin_family = AF_INET;
	sin->sin_port = htons((uint16_t)port);
	return sizeof *sin;
}

static void bind_to(int fd, const char *text, unsigned port)
{
	struct sockaddr_storage ss;
	socklen_t len = address(text, port, &ss);
	if (bind(fd, (struct sockaddr *)&ss, len) != 0)
		die(text);
}

static void connect_to(int fd, const char *text, unsigned port)
{
	struct sockaddr_storage ss;
	socklen_t len = address(text, port, &ss);
	if (connect(fd, (struct sockaddr *)&ss, len) != 0)
		die(text);
}

static unsigned port_of(int fd)
{
	int port = sock_local_port(fd);
	if (port < 0)
		die("getsockname");
	return (unsigned)port;
}

static int listener(int family, int v6only, const char *text, const char *device)
{
	int fd = make(family, SOCK_STREAM, v6only);
	if (device && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, device, (socklen_t)strlen(device)) != 0)
		die("SO_BINDTODEVICE");
	bind_to(fd, text, 0);
	if (listen(fd, 64) != 0)
		die("listen");
	return fd;
}

/* A client of family to (address, port); *accepted gets the other end. */
static int pair(int family, int v6only, int listen_fd, const char *text, unsigned port,
		int *accepted)
{
	int client = make(family, SOCK_STREAM, v6only);
	connect_to(client, text, port);
	int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		die("accept");
	opened++;
	if (accepted)
		*accepted = fd;
	return client;
}

static void open_table(int sockets, const char *device)
{
	const char *devices[] = {NULL, NULL, NULL, "lo", device};
	int l4 = listener(AF_INET, -1, "127.0.0.1", NULL);
	int l6 = listener(AF_INET6, 0, "::", NULL);
	int l6only = listener(AF_INET6, 1, "::1", NULL);
	unsigned p4 = port_of(l4), p6 = port_of(l6), p6only = port_of(l6only);
	/* Closed connections: the client closes first, so it ends in
	 * TIME-WAIT once the accepted end closes too, and in FIN-WAIT-2 (the
	 * accepted end in CLOSE-WAIT) while it does not. */
	for (int i = 0; i < 12; i++) {
		int accepted;
		int client = pair(i % 2 ? AF_INET6 : AF_INET, 0, i % 2 ? l6 : l4,
				  i % 2 ? "::ffff:127.0.0.1" : "127.0.0.1", i % 2 ? p6 : p4, &accepted);
		close(client);
		if (i % 3)
			close(accepted);
	}
	for (int i = 0; opened < sockets; i++) {
		const char *dev = devices[(size_t)(i / 10) % (sizeof devices / sizeof devices[0])];
		switch (i % 10) {
		case 0:
			listener(AF_INET, -1, i % 20 ? "127.0.0.1" : "0.0.0.0", dev);
			break;
		case 1:
			listener(AF_INET6, i % 3 == 0, i % 7 ? "::" : "2001:db8::1", dev);
			break;
		case 2: case 3:
			pair(AF_INET, -1, l4, "127.0.0.1", p4, NULL);
			break;
		case 4:
			pair(AF_INET, -1, l6, "127.0.0.1", p6, NULL); /* accepted: tcp6, mapped peer */
			break;
		case 5:
			pair(AF_INET6, 0, l4, "::ffff:127.0.0.1", p4, NULL);
			break;
		case 6:
			pair(AF_INET6, 1, l6only, "::1", p6only, NULL);
			break;
		case 7: {
			int fd = make(AF_INET, SOCK_DGRAM, -1);
			bind_to(fd, i % 3 ? "127.0.0.1" : "0.0.0.0", 0);
			if (i % 2)
				connect_to(fd, "127.0.0.1", p4);
			break;
		}
		default: {
			int fd = make(AF_INET6, SOCK_DGRAM, i % 3 == 0);
			bind_to(fd, "::", 0);
			if (i % 2)
				connect_to(fd, i % 3 == 0 ? "::1" : "::ffff:127.0.0.1", p4);
			break;
		}
		}
	}
}

/* stdout of `DSLAB snapshot ARGS...` (malloc'd), or NULL if it failed. */
static char *run_dslab(const char *dslab, char *const extra[], size_t *len)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) != 0)
		die("pipe");
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		char *argv[8] = {(char *)dslab, "snapshot"};
		for (int i = 0; extra[i] && i < 5; i++)
			argv[2 + i] = extra[i];
		dup2(fds[1], 1);
		execv(dslab, argv);
		_exit(127);
	}
	close(fds[1]);
	size_t capacity = 1 << 16;
	char *text = malloc(capacity);
	*len = 0;
	for (;;) {
		if (!text)
			die("malloc");
		ssize_t got = read(fds[0], text + *len, capacity - *len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		*len += (size_t)got;
		if (*len == capacity)
			text = realloc(text, capacity *= 2);
	}
	close(fds[0]);
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

struct options {
	const char *name;
	char *args[6];
	int proc, tcp, udp, listening, json;
};

/* The rows the command read before: each file from its own source, its
 * filters applied as snapshot_command.c applied them. */
static int reference_rows(const struct options *o, struct sock_rows *rows)
{
	static const enum sock_file files[] = {FILE_TCP, FILE_TCP6, FILE_UDP, FILE_UDP6};
	struct sock_rows all = {0};
	for (size_t i = 0; i < 4; i++) {
		int tcp = files[i] == FILE_TCP || files[i] == FILE_TCP6;
		if (tcp ? !(!o->udp || o->tcp) : !(!o->tcp || o->udp))
			continue;
		if (o->proc ? proc_net_read(files[i], &all) : sock_diag_dump(files[i], &all, NULL))
			return -1;
	}
	for (size_t i = 0; i < all.count; i++) {
		const struct sock_row *r = &all.row[i];
		int tcp = r->file == FILE_TCP || r->file == FILE_TCP6;
		int listening = tcp ? r->state == 10 : r->state == 7;
		if ((!o->listening || listening) && sock_rows_append(rows, r))
			return -1;
	}
	sock_rows_free(&all);
	return 0;
}

/* Texts the plain table must hold, so that the cases meant are there. */
static const char *required[8] = {"%lo:", "TIME-WAIT", "FIN-WAIT-2", "CLOSE-WAIT", "UNCONN",
				  "[::ffff:127.0.0.1]:", "[2001:db8::1]"};

static int compare(const char *dslab, const struct options *o)
{
	size_t got_len, want_len;
	char *got = run_dslab(dslab, o->args, &got_len);
	struct sock_rows rows = {0};
	if (!got || reference_rows(o, &rows) != 0)
		die(o->name);
	char *want = snapshot_reference(&rows, o->json, &want_len);
	if (!want)
		die("reference");
	int same = got_len == want_len && memcmp(got, want, got_len) == 0;
	size_t lines = 0;
	for (size_t i = 0; i < want_len; i++)
		lines += want[i] == '\n';
	printf("%-28s %zu rows, %zu lines: %s\n", o->name, rows.count, lines, same ? "same" : "DIFFERENT");
	if (!same) {
		size_t at = 0;
		while (at < got_len && at < want_len && got[at] == want[at])
			at++;
		while (at > 0 && want[at - 1] != '\n')
			at--;
		printf("  reference: %.*s\n  dslab:     %.*s\n", (int)strcspn(want + at, "\n"),
		       want + at, (int)strcspn(got + at, "\n"), got + at);
	}
	for (size_t i = 0; o->args[0] == NULL && i < sizeof required / sizeof required[0]; i++) {
		if (required[i] && !strstr(want, required[i])) {
			printf("  the table lacks %s\n", required[i]);
			same = 0;
		}
	}
	sock_rows_free(&rows);
	free(got);
	free(want);
	return same;
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4 || atoi(argv[2]) < 200) {
		fprintf(stderr, "usage: snapshot_equivalence DSLAB SOCKETS [DEVICE]\n");
		return 2;
	}
	char device_text[IF_NAMESIZE + 3];
	if (argc == 4) {
		snprintf(device_text, sizeof device_text, "%%%s:", argv[3]);
		required[7] = device_text;
	}
	open_table(atoi(argv[2]), argc == 4 ? argv[3] : NULL);
	/* Let the closing connections reach their states before any read. */
	usleep(200 * 1000);
	static const struct options options[] = {
		{"snapshot", {NULL}, 0, 0, 0, 0, 0},
		{"--format json", {"--format", "json", NULL}, 0, 0, 0, 0, 1},
		{"--listening", {"--listening", NULL}, 0, 0, 0, 1, 0},
		{"--tcp", {"--tcp", NULL}, 0, 1, 0, 0, 0},
		{"--udp --format json", {"--udp", "--format", "json", NULL}, 0, 0, 1, 0, 1},
		{"--tcp --listening", {"--tcp", "--listening", NULL}, 0, 1, 0, 1, 0},
		{"--source proc", {"--source", "proc", NULL}, 1, 0, 0, 0, 0},
		{"--source proc --format json", {"--source", "proc", "--format", "json", NULL}, 1, 0, 0, 0, 1},
	};
	int all_same = 1;
	for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
		all_same &= compare(argv[1], &options[i]);
	return all_same ? 0 : 1;
}
