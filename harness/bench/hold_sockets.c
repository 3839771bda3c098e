/* hold_sockets: N TCP and UDP sockets held open in a network namespace of
 * their own, for timing socket-table readers (dslab snapshot, ss, netstat).
 *
 *   hold_sockets N
 *
 * Makes a network namespace (as root unshare(CLONE_NEWNET), else a user
 * namespace with it), brings lo up, widens ip_local_port_range there to
 * 1024-65535, raises RLIMIT_NOFILE (soft to hard, and hard to N + 64 where
 * CAP_SYS_RESOURCE allows), and opens exactly N sockets. Where one process
 * may not hold them all, worker processes in the same namespace share them,
 * each up to its limit, each with the same mix of its own:
 *   10%  TCP listeners: half AF_INET on 127.0.0.1, half AF_INET6 dual-stack
 *        (IPV6_V6ONLY 0) on [::];
 *   60%  established pairs over loopback (client and accepted socket), in
 *        thirds: AF_INET to an AF_INET listener; AF_INET to a dual-stack
 *        listener (accepted side tcp6 with peer [::ffff:127.0.0.1]); an
 *        AF_INET6 client (V6ONLY 0) to an AF_INET listener through
 *        [::ffff:127.0.0.1] (client tcp6 with mapped ends);
 *   the rest UDP, in quarters: AF_INET bound to 127.0.0.1; AF_INET connected
 *        to 127.0.0.1; AF_INET6 dual-stack bound to [::]; AF_INET6 (V6ONLY 0)
 *        connected to [::ffff:127.0.0.1] (udp6 with a mapped peer).
 * Then prints "ready PID N" on standard output and waits until standard
 * input reaches end of file or SIGTERM/SIGINT comes (or its parent dies);
 * then ends its workers.
 * Read the table from inside with: nsenter --net=/proc/PID/ns/net ...
 * Prints counts by kind on standard error. Exits 1 if a socket call fails. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sock_row.h"
#include "user_namespace.h"

static void die(const char *what)
{
	fprintf(stderr, "hold_sockets: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void enter_namespace(void)
{
	if (unshare(CLONE_NEWNET) == 0)
		return;
	const char *failed;
	if (user_namespace_enter(&failed) != 0)
		die(failed);
}

static void loopback_up(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifreq ifr = {0};
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) != 0)
		die("SIOCGIFFLAGS lo");
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) != 0)
		die("SIOCSIFFLAGS lo");
	close(fd);
}

static int make_socket(int family, int type, int v6only)
{
	int fd = socket(family, type | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket");
	if (family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only) != 0)
		die("IPV6_V6ONLY");
	return fd;
}

static struct sockaddr_in v4(uint16_t port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

static struct sockaddr_in6 v6_any(uint16_t port)
{
	struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_port = htons(port), .sin6_addr = in6addr_any};
	return a;
}

static struct sockaddr_in6 v6_mapped(uint16_t port)
{
	struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_port = htons(port)};
	inet_pton(AF_INET6, "::ffff:127.0.0.1", &a.sin6_addr);
	return a;
}

static uint16_t local_port(int fd)
{
	int port = sock_local_port(fd);
	if (port < 0)
		die("getsockname");
	return (uint16_t)port;
}

static int listener(int family)
{
	int fd = make_socket(family, SOCK_STREAM, 0);
	struct sockaddr_in a4 = v4(0);
	struct sockaddr_in6 a6 = v6_any(0);
	int rc = family == AF_INET ? bind(fd, (struct sockaddr *)&a4, sizeof a4)
				   : bind(fd, (struct sockaddr *)&a6, sizeof a6);
	if (rc != 0 || listen(fd, 64) != 0)
		die("bind/listen");
	return fd;
}

struct tally {
	long listen4, listen6, pairs[3], udp[4];
};

/* Opens exactly n sockets (n >= 8) in this process, in the mix above. */
static void populate(long n, struct tally *t)
{
	long listeners = n / 10 < 2 ? 2 : n / 10;
	long pairs = n * 6 / 10 / 2;
	long udp = n - listeners - 2 * pairs;
	long listen4 = (listeners + 1) / 2, listen6 = listeners - listen4;
	int *fd4 = calloc((size_t)listen4, sizeof *fd4), *fd6 = calloc((size_t)listen6, sizeof *fd6);
	uint16_t *port4 = calloc((size_t)listen4, sizeof *port4), *port6 = calloc((size_t)listen6, sizeof *port6);
	if (!fd4 || !fd6 || !port4 || !port6)
		die("calloc");
	for (long i = 0; i < listen4; i++) {
		fd4[i] = listener(AF_INET);
		port4[i] = local_port(fd4[i]);
	}
	for (long i = 0; i < listen6; i++) {
		fd6[i] = listener(AF_INET6);
		port6[i] = local_port(fd6[i]);
	}
	t->listen4 += listen4;
	t->listen6 += listen6;

	for (long i = 0; i < pairs; i++) {
		int kind = (int)(i % 3), client, server;
		if (kind == 0 || kind == 1) { /* AF_INET client */
			client = make_socket(AF_INET, SOCK_STREAM, 0);
			struct sockaddr_in to = v4(kind == 0 ? port4[i % listen4] : port6[i % listen6]);
			if (connect(client, (struct sockaddr *)&to, sizeof to) != 0)
				die("connect (AF_INET)");
			server = kind == 0 ? fd4[i % listen4] : fd6[i % listen6];
		} else { /* AF_INET6 client through a mapped address */
			client = make_socket(AF_INET6, SOCK_STREAM, 0);
			struct sockaddr_in6 to = v6_mapped(port4[i % listen4]);
			if (connect(client, (struct sockaddr *)&to, sizeof to) != 0)
				die("connect (AF_INET6 to ::ffff:127.0.0.1)");
			server = fd4[i % listen4];
		}
		if (accept4(server, NULL, NULL, SOCK_CLOEXEC) < 0)
			die("accept");
		t->pairs[kind]++;
	}

	for (long i = 0; i < udp; i++) {
		int kind = (int)(i % 4), fd;
		if (kind < 2) {
			fd = make_socket(AF_INET, SOCK_DGRAM, 0);
			struct sockaddr_in a = v4(kind == 0 ? 0 : port4[i % listen4]);
			if ((kind == 0 ? bind(fd, (struct sockaddr *)&a, sizeof a)
				       : connect(fd, (struct sockaddr *)&a, sizeof a)) != 0)
				die("udp AF_INET");
		} else {
			fd = make_socket(AF_INET6, SOCK_DGRAM, 0);
			struct sockaddr_in6 a = kind == 2 ? v6_any(0) : v6_mapped(port4[i % listen4]);
			if ((kind == 2 ? bind(fd, (struct sockaddr *)&a, sizeof a)
				       : connect(fd, (struct sockaddr *)&a, sizeof a)) != 0)
				die("udp AF_INET6");
		}
		t->udp[kind]++;
	}
	free(fd4);
	free(fd6);
	free(port4);
	free(port6);
}

static volatile sig_atomic_t stop;
static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

#define MAX_WORKERS 256

/* As many descriptors as allowed (the hard limit only moves with
 * CAP_SYS_RESOURCE, which a container's root may lack); returns how many
 * sockets one process may hold. */
static long sockets_per_process(long n)
{
	struct rlimit files;
	if (getrlimit(RLIMIT_NOFILE, &files) != 0)
		die("getrlimit");
	struct rlimit wanted = {(rlim_t)n + 64, (rlim_t)n + 64};
	if (files.rlim_max < wanted.rlim_max && setrlimit(RLIMIT_NOFILE, &wanted) == 0)
		files = wanted;
	files.rlim_cur = files.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &files) != 0)
		die("setrlimit");
	long per_process = files.rlim_cur > (rlim_t)n + 64 ? n : (long)files.rlim_cur - 64;
	if (per_process < 8)
		die("RLIMIT_NOFILE too low");
	return per_process;
}

/* Workers take per_process sockets each (the last the remainder, kept at
 * 8 or more); each reports its tally on the pipe and stays. Returns how
 * many were started. */
static int start_workers(long n, long per_process, int report[2], pid_t workers[MAX_WORKERS])
{
	int worker_count = 0;
	for (long left = n; left > 0; worker_count++) {
		long take = left <= per_process ? left : (left - per_process < 8 ? left - 8 : per_process);
		if (worker_count == MAX_WORKERS)
			die("too many workers");
		pid_t pid = fork();
		if (pid < 0)
			die("fork");
		if (pid == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			close(report[0]);
			struct tally t = {0};
			populate(take, &t);
			if (write(report[1], &t, sizeof t) != (ssize_t)sizeof t)
				_exit(1);
			for (;;)
				pause();
		}
		workers[worker_count] = pid;
		left -= take;
	}
	return worker_count;
}

/* The workers' tallies added up; -1 if one failed. */
static int collect(int fd, int worker_count, struct tally *total)
{
	*total = (struct tally){0};
	for (int w = 0; w < worker_count; w++) {
		struct tally t;
		if (read(fd, &t, sizeof t) != (ssize_t)sizeof t)
			return -1;
		total->listen4 += t.listen4;
		total->listen6 += t.listen6;
		for (int k = 0; k < 3; k++)
			total->pairs[k] += t.pairs[k];
		for (int k = 0; k < 4; k++)
			total->udp[k] += t.udp[k];
	}
	return 0;
}

/* What is held, on stderr; returns the number of sockets. */
static long describe(const struct tally *total, int worker_count)
{
	long pairs = total->pairs[0] + total->pairs[1] + total->pairs[2];
	long udp = total->udp[0] + total->udp[1] + total->udp[2] + total->udp[3];
	long sockets = total->listen4 + total->listen6 + 2 * pairs + udp;
	fprintf(stderr,
		"hold_sockets: %ld sockets in %d process(es): %ld TCP listeners (%ld tcp, %ld tcp6 dual-stack); "
		"%ld established pairs (%ld tcp-tcp, %ld tcp-to-tcp6 mapped, %ld tcp6 mapped-to-tcp); "
		"%ld UDP (%ld udp bound, %ld udp connected, %ld udp6 bound, %ld udp6 connected mapped)\n",
		sockets, worker_count, total->listen4 + total->listen6, total->listen4, total->listen6, pairs,
		total->pairs[0], total->pairs[1], total->pairs[2], udp, total->udp[0], total->udp[1],
		total->udp[2], total->udp[3]);
	return sockets;
}

int main(int argc, char **argv)
{
	if (argc != 2 || atol(argv[1]) < 8) {
		fputs("usage: hold_sockets N   (N >= 8)\n", stderr);
		return 2;
	}
	long n = atol(argv[1]);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	long per_process = sockets_per_process(n);
	enter_namespace();
	loopback_up();
	if (write_text_file("/proc/sys/net/ipv4/ip_local_port_range", "1024 65535") != 0)
		die("ip_local_port_range");

	int report[2];
	if (pipe2(report, O_CLOEXEC) != 0)
		die("pipe");
	pid_t workers[MAX_WORKERS];
	int worker_count = start_workers(n, per_process, report, workers);
	close(report[1]);
	struct tally total;
	if (collect(report[0], worker_count, &total) != 0) {
		for (int k = 0; k < worker_count; k++)
			kill(workers[k], SIGKILL);
		fprintf(stderr, "hold_sockets: a worker failed\n");
		return 1;
	}
	printf("ready %d %ld\n", (int)getpid(), describe(&total, worker_count));
	fflush(stdout);
	char buf[256];
	while (!stop) {
		ssize_t got = read(0, buf, sizeof buf);
		if (got == 0 || (got < 0 && errno != EINTR))
			break;
	}
	for (int w = 0; w < worker_count; w++)
		kill(workers[w], SIGKILL);
	for (int w = 0; w < worker_count; w++)
		waitpid(workers[w], NULL, 0);
	return 0;
}
