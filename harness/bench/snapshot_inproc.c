/* snapshot_inproc: the time of one in-process snapshot of a lesson-sized
 * socket table, as a scenario takes it (snapshot_collect: sock_diag and
 * /proc/net read and cross-checked).
 *
 *   snapshot_inproc [--shared-tables] SOCKETS ROUNDS
 *
 * Like `dslab run`, it first moves into a namespace of its own where small
 * child hash tables are set (parent_namespace.h), unless --shared-tables;
 * then makes the case's network namespace inside it, brings lo up, opens
 * SOCKETS sockets (a quarter TCP listeners, AF_INET and dual-stack AF_INET6
 * in turn; half established pairs over loopback, IPv4 and mapped in turn;
 * the rest UDP, AF_INET and AF_INET6 in turn), takes ROUNDS snapshots and
 * prints one JSON line: {"sockets":N,"rows":R,"shared_tables":0|1,
 * "median_us":...,"min_us":...,"max_us":...}. Exit 1 on a failed call. */
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "parent_namespace.h"
#include "snapshot.h"

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void loopback_up(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq ifr = {0};
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) != 0)
		die("lo flags");
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) != 0)
		die("lo up");
	close(fd);
}

/* A listener on an ephemeral port; its address in *bound. */
static int listener(int family, struct sockaddr_storage *bound)
{
	int fd = socket(family, SOCK_STREAM, 0);
	struct sockaddr_storage any = {.ss_family = (sa_family_t)family};
	socklen_t len = family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
	if (fd < 0 || bind(fd, (struct sockaddr *)&any, len) != 0 || listen(fd, 64) != 0)
		die("listener");
	if (getsockname(fd, (struct sockaddr *)bound, &len) != 0)
		die("getsockname");
	return fd;
}

/* Opens count sockets of the mix; they stay open until exit. */
static void open_sockets(int count)
{
	struct sockaddr_storage v4, v6;
	int listen4 = listener(AF_INET, &v4), listen6 = listener(AF_INET6, &v6);
	int opened = 2;
	for (int i = 0; opened < count; i++) {
		int kind = i % 4;
		if (kind == 0 && opened < count / 4) {
			struct sockaddr_storage ignored;
			listener(i % 8 ? AF_INET6 : AF_INET, &ignored);
			opened++;
		} else if (kind <= 2 && opened + 2 <= count * 3 / 4) {
			/* An IPv4 client, to the AF_INET listener or (so the
			 * accepted socket is tcp6 with a mapped peer) the
			 * dual-stack one. */
			struct sockaddr_in to = {.sin_family = AF_INET,
						 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
			to.sin_port = kind == 1 ? ((struct sockaddr_in *)&v4)->sin_port
						: ((struct sockaddr_in6 *)&v6)->sin6_port;
			int client = socket(AF_INET, SOCK_STREAM, 0);
			if (client < 0 || connect(client, (struct sockaddr *)&to, sizeof to) != 0)
				die("connect");
			if (accept(kind == 1 ? listen4 : listen6, NULL, NULL) < 0)
				die("accept");
			opened += 2;
		} else {
			int fd = socket(i % 2 ? AF_INET6 : AF_INET, SOCK_DGRAM, 0);
			if (fd < 0)
				die("udp socket");
			struct sockaddr_storage any = {.ss_family = (sa_family_t)(i % 2 ? AF_INET6 : AF_INET)};
			if (bind(fd, (struct sockaddr *)&any,
				 i % 2 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in)) != 0)
				die("udp bind");
			opened++;
		}
	}
}

int main(int argc, char **argv)
{
	int shared = argc > 1 && strcmp(argv[1], "--shared-tables") == 0;
	if (argc - shared != 3) {
		fprintf(stderr, "usage: snapshot_inproc [--shared-tables] SOCKETS ROUNDS\n");
		return 2;
	}
	int sockets = atoi(argv[1 + shared]), rounds = atoi(argv[2 + shared]);
	if (sockets < 2 || rounds < 1 || rounds > 100000) {
		fprintf(stderr, "snapshot_inproc: SOCKETS >= 2 and 1 <= ROUNDS <= 100000\n");
		return 2;
	}
	if (!shared && parent_namespace_enter() != 2) {
		fprintf(stderr, "snapshot_inproc: no parent namespace with small tables here\n");
		return 1;
	}
	if (unshare(CLONE_NEWNET) != 0)
		die("unshare(CLONE_NEWNET)");
	loopback_up();
	open_sockets(sockets);

	double *us = malloc((size_t)rounds * sizeof *us);
	size_t rows = 0;
	if (!us)
		die("malloc");
	for (int r = 0; r < rounds; r++) {
		struct sock_rows table = {0};
		char *why = NULL;
		double start = now_us();
		if (snapshot_collect(&table, &why, NULL) != 0) {
			fprintf(stderr, "snapshot_inproc: %s\n", why ? why : "snapshot failed");
			return 1;
		}
		us[r] = now_us() - start;
		rows = table.count;
		sock_rows_free(&table);
		free(why);
	}
	qsort(us, (size_t)rounds, sizeof *us, compare_double);
	printf("{\"sockets\":%d,\"rows\":%zu,\"shared_tables\":%d,\"median_us\":%.1f,"
	       "\"min_us\":%.1f,\"max_us\":%.1f}\n",
	       sockets, rows, shared, us[rounds / 2], us[0], us[rounds - 1]);
	free(us);
	return 0;
}
