/* ---- what follows is the same in every reproducer dslab writes ---- */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

enum v6only { INET, V6ONLY_UNSET, V6ONLY_0, V6ONLY_1 };
enum reuse { REUSE_NONE, REUSE_ADDR, REUSE_PORT };
enum order { BIND_BIND_LISTEN_LISTEN, BIND_LISTEN_BIND_LISTEN };

/* One socket of a pair: its address and what is done with IPV6_V6ONLY
 * before bind() (nothing for an AF_INET socket). */
struct end {
	const char *label, *address;
	enum v6only mode;
};

/* One cell: the first socket binds, then the second, on a port of its
 * own; want is the result the main golden records, in the golden's
 * notation (each call's result in the order's sequence, "/" between). */
struct cell {
	struct end first, second;
	const char *want;
	const char *observed; /* recorded elsewhere (e.g. linux-6.1), or NULL */
};

/*@CELLS@*/

/* Of SO_REUSEPORT's connections each goes to either socket of a group
 * with even odds: 32 all to one socket of a shared group is 1 in 2^31. */
#define REUSEPORT_TRIES 32
#define FIRST_PORT 20000

static const char *errno_text(int error)
{
	switch (error) {
	case EADDRINUSE: return "EADDRINUSE";
	case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
	case EINVAL: return "EINVAL";
	case EACCES: return "EACCES";
	case EAFNOSUPPORT: return "EAFNOSUPPORT";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ENETUNREACH: return "ENETUNREACH";
	case ECONNREFUSED: return "ECONNREFUSED";
	default: return strerror(error);
	}
}

static socklen_t make_address(const struct end *e, unsigned short port, struct sockaddr_storage *out)
{
	memset(out, 0, sizeof *out);
	if (e->mode == INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)out;
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		inet_pton(AF_INET, e->address, &sin->sin_addr);
		return sizeof *sin;
	}
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)out;
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	inet_pton(AF_INET6, e->address, &sin6->sin6_addr);
	return sizeof *sin6;
}

/* A non-blocking socket of the end's family with IPV6_V6ONLY and the
 * reuse option set; -1 if any of it fails. */
static int open_end(const struct end *e)
{
	int one = 1, v6only = e->mode == V6ONLY_1;
	int fd = socket(e->mode == INET ? AF_INET : AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	if ((e->mode == V6ONLY_0 || e->mode == V6ONLY_1) &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only) != 0)
		return close(fd), -1;
	if (REUSE == REUSE_ADDR && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0)
		return close(fd), -1;
	if (REUSE == REUSE_PORT && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0)
		return close(fd), -1;
	return fd;
}

/* Who accepts a connection to 127.0.0.1 or [::1] on the port: "1st",
 * "2nd", "none" (refused), "shared" (SO_REUSEPORT: both got some of up to
 * 32 connections), "lost" (accepted by neither: should not happen). */
static const char *find_receiver(int family, unsigned short port, int first, int second)
{
	const struct end loopback = {"", family == AF_INET ? "127.0.0.1" : "::1",
				     family == AF_INET ? INET : V6ONLY_UNSET};
	struct sockaddr_storage to;
	socklen_t to_len = make_address(&loopback, port, &to);
	int got_first = 0, got_second = 0, tries = REUSE == REUSE_PORT ? REUSEPORT_TRIES : 1;
	for (int i = 0; i < tries && !(got_first && got_second); i++) {
		int client = socket(family, SOCK_STREAM, 0);
		if (client < 0 || connect(client, (struct sockaddr *)&to, to_len) != 0) {
			int refused = client >= 0 && errno == ECONNREFUSED && i == 0;
			if (client >= 0)
				close(client);
			return refused ? "none" : "lost";
		}
		struct pollfd ready[2] = {{.fd = first, .events = POLLIN}, {.fd = second, .events = POLLIN}};
		poll(ready, 2, 2000);
		int a = accept(first, NULL, NULL), b = accept(second, NULL, NULL);
		struct linger reset = {.l_onoff = 1, .l_linger = 0}; /* no TIME-WAIT left */
		setsockopt(client, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
		close(client);
		got_first |= a >= 0;
		got_second |= b >= 0;
		if (a >= 0)
			close(a);
		if (b >= 0)
			close(b);
		if (a < 0 && b < 0)
			return "lost";
	}
	return got_first && got_second ? "shared" : got_first ? "1st" : "2nd";
}

static const char *result_text(int made, int rc, int error)
{
	return !made ? "-" : rc == 0 ? "0" : errno_text(error);
}

/* The cell's calls, in its order; its result in the golden's notation. */
static void run_cell(const struct cell *c, unsigned short port, char *text, size_t size)
{
	struct sockaddr_storage address[2];
	socklen_t len[2] = {make_address(&c->first, port, &address[0]),
			    make_address(&c->second, port, &address[1])};
	int fd[2] = {open_end(&c->first), open_end(&c->second)};
	int bound[2] = {-1, -1}, listening[2] = {-1, -1}, error[4] = {0, 0, 0, 0};
	if (fd[0] < 0 || fd[1] < 0) {
		snprintf(text, size, "socket or setsockopt failed: %s", errno_text(errno));
		goto out;
	}
	bound[0] = bind(fd[0], (struct sockaddr *)&address[0], len[0]);
	error[0] = errno;
	if (ORDER == BIND_LISTEN_BIND_LISTEN && bound[0] == 0)
		listening[0] = listen(fd[0], 64), error[2] = errno;
	bound[1] = bind(fd[1], (struct sockaddr *)&address[1], len[1]);
	error[1] = errno;
	if (ORDER == BIND_BIND_LISTEN_LISTEN && bound[0] == 0)
		listening[0] = listen(fd[0], 64), error[2] = errno;
	if (bound[1] == 0)
		listening[1] = listen(fd[1], 64), error[3] = errno;
	const char *b1 = result_text(1, bound[0], error[0]), *b2 = result_text(1, bound[1], error[1]);
	const char *l1 = result_text(bound[0] == 0, listening[0], error[2]);
	const char *l2 = result_text(bound[1] == 0, listening[1], error[3]);
	if (ORDER == BIND_BIND_LISTEN_LISTEN)
		snprintf(text, size, "%s/%s/%s/%s", b1, b2, l1, l2);
	else
		snprintf(text, size, "%s/%s/%s/%s", b1, l1, b2, l2);
	if (listening[0] == 0 && listening[1] == 0) {
		const char *v4 = find_receiver(AF_INET, port, fd[0], fd[1]);
		const char *v6 = find_receiver(AF_INET6, port, fd[0], fd[1]);
		size_t used = strlen(text);
		snprintf(text + used, size - used, " v4:%s v6:%s", v4, v6);
	}
out:
	if (fd[0] >= 0)
		close(fd[0]);
	if (fd[1] >= 0)
		close(fd[1]);
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, text, strlen(text));
	int rc = n == (ssize_t)strlen(text) ? 0 : -1;
	return close(fd) == 0 ? rc : -1;
}

/* A network namespace of our own, so the ports and the sysctl below are
 * nobody else's: as root directly, otherwise inside a user namespace in
 * which we are root (mapped to our own uid only). */
static int enter_own_namespace(char *why, size_t size)
{
	if (geteuid() == 0 && unshare(CLONE_NEWNET) == 0)
		return 0;
	unsigned uid = (unsigned)geteuid(), gid = (unsigned)getegid();
	char map[64];
	if (unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0) {
		snprintf(why, size, "cannot create a network namespace (%s): run as root or enable "
			 "unprivileged user namespaces", errno_text(errno));
		return -1;
	}
	snprintf(map, sizeof map, "0 %u 1", uid);
	int rc = write_file("/proc/self/setgroups", "deny") | write_file("/proc/self/uid_map", map);
	snprintf(map, sizeof map, "0 %u 1", gid);
	rc |= write_file("/proc/self/gid_map", map);
	if (rc != 0)
		snprintf(why, size, "cannot map our uid in the new user namespace: %s", errno_text(errno));
	return rc;
}

/* lo up, then net.ipv6.bindv6only of this namespace only: it must be set
 * before the cells' socket() calls, which copy it into each socket. */
static int prepare_namespace(char *why, size_t size)
{
	struct ifreq lo = {0};
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	snprintf(lo.ifr_name, sizeof lo.ifr_name, "lo");
	int rc = fd < 0 ? -1 : ioctl(fd, SIOCGIFFLAGS, &lo);
	lo.ifr_flags |= IFF_UP;
	if (rc == 0)
		rc = ioctl(fd, SIOCSIFFLAGS, &lo);
	if (rc != 0) {
		snprintf(why, size, "cannot bring lo up: %s", errno_text(errno));
		return -1;
	}
	close(fd);
	if (write_file("/proc/sys/net/ipv6/bindv6only", BINDV6ONLY) != 0) {
		snprintf(why, size, "cannot set net.ipv6.bindv6only=%s: %s (IPv6 missing?)", BINDV6ONLY,
			 errno_text(errno));
		return -1;
	}
	int probe = socket(AF_INET6, SOCK_STREAM, 0);
	if (probe < 0) {
		snprintf(why, size, "no AF_INET6 sockets: %s", errno_text(errno));
		return -1;
	}
	close(probe);
	return 0;
}

int main(void)
{
	size_t count = sizeof cells / sizeof cells[0];
	char why[256];
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("KTAP version 1\n1..%zu\n", count);
	if (enter_own_namespace(why, sizeof why) != 0 || prepare_namespace(why, sizeof why) != 0) {
		for (size_t i = 0; i < count; i++)
			printf("ok %zu %s # SKIP %s\n", i + 1, CASE_NAME, why);
		return 4;
	}
	int differs = 0;
	for (size_t i = 0; i < count; i++) {
		char got[160];
		run_cell(&cells[i], (unsigned short)(FIRST_PORT + i), got, sizeof got);
		int same = strcmp(got, cells[i].want) == 0;
		if (!same)
			printf("# %s x %s: got %s; want %s%s%s\n", cells[i].first.label, cells[i].second.label,
			       got, cells[i].want, cells[i].observed ? "; recorded on " OBSERVED_ON ": " : "",
			       cells[i].observed ? cells[i].observed : "");
		printf("%sok %zu %s %s x %s\n", same ? "" : "not ", i + 1, CASE_NAME,
		       cells[i].first.label, cells[i].second.label);
		differs |= !same;
	}
	printf("# %s\n", differs ? "the kernel differs from the reference" : "as the reference");
	return differs ? 1 : 0;
}
