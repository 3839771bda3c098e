/* bind_pair: one cell of the bind matrix by hand, outside the harness, to
 * check a difference `dslab kernels` reports (vm.sh packs it into the
 * initramfs as /dslab/bind_pair; DSLAB_VM_EXEC runs it instead of the suite).
 *
 *   bind_pair [-t|-u] [-r addr|port] [-o bbll|blbl] ADDR1[/V6ONLY] ADDR2[/V6ONLY] PORT
 *
 * ADDR is an IPv4 or IPv6 literal; /0 or /1 sets IPV6_V6ONLY, nothing leaves
 * it at net.ipv6.bindv6only. Prints each call and its result (errno name). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "errno_name.h"

struct end {
	struct sockaddr_storage addr;
	socklen_t len;
	int v6only; /* -1: left alone */
	const char *text;
};

static int parse_end(char *text, int port, struct end *e)
{
	memset(e, 0, sizeof *e);
	e->text = strdup(text);
	e->v6only = -1;
	char *slash = strchr(text, '/');
	if (slash) {
		*slash = '\0';
		e->v6only = atoi(slash + 1);
	}
	struct sockaddr_in *in = (struct sockaddr_in *)&e->addr;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&e->addr;
	if (inet_pton(AF_INET, text, &in->sin_addr) == 1) {
		in->sin_family = AF_INET;
		in->sin_port = htons((unsigned short)port);
		e->len = sizeof *in;
		return 0;
	}
	if (inet_pton(AF_INET6, text, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((unsigned short)port);
		e->len = sizeof *in6;
		return 0;
	}
	return -1;
}

static void report(const char *call, int rc)
{
	printf("%s = %s\n", call, rc == 0 ? "0" : errno_name(errno));
}

static int open_end(const struct end *e, int type, const char *reuse, int n)
{
	int fd = socket(e->addr.ss_family, type, 0);
	int one = 1;
	char call[160];
	if (fd < 0) {
		report("socket", -1);
		exit(1);
	}
	if (e->v6only >= 0) {
		snprintf(call, sizeof call, "setsockopt(s%d, IPV6_V6ONLY, %d)", n, e->v6only);
		report(call, setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &e->v6only, sizeof e->v6only));
	}
	if (strcmp(reuse, "addr") == 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	else if (strcmp(reuse, "port") == 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
	return fd;
}

int main(int argc, char **argv)
{
	int type = SOCK_STREAM, opt;
	const char *reuse = "none", *order = "bbll";
	while ((opt = getopt(argc, argv, "tur:o:")) != -1) {
		if (opt == 't')
			type = SOCK_STREAM;
		else if (opt == 'u')
			type = SOCK_DGRAM;
		else if (opt == 'r')
			reuse = optarg;
		else if (opt == 'o')
			order = optarg;
		else
			return 2;
	}
	struct end e[2];
	if (argc - optind != 3 || parse_end(argv[optind], atoi(argv[optind + 2]), &e[0]) != 0 ||
	    parse_end(argv[optind + 1], atoi(argv[optind + 2]), &e[1]) != 0) {
		fprintf(stderr, "usage: bind_pair [-t|-u] [-r none|addr|port] [-o bbll|blbl] "
				"ADDR1[/V6ONLY] ADDR2[/V6ONLY] PORT\n");
		return 2;
	}
	int fd[2], bound[2];
	char call[200];
	for (int i = 0; i < 2; i++) {
		fd[i] = open_end(&e[i], type, reuse, i + 1);
		snprintf(call, sizeof call, "bind(s%d, %s)", i + 1, e[i].text);
		report(call, bound[i] = bind(fd[i], (struct sockaddr *)&e[i].addr, e[i].len));
		if (type == SOCK_STREAM && strcmp(order, "blbl") == 0 && bound[i] == 0) {
			snprintf(call, sizeof call, "listen(s%d)", i + 1);
			report(call, listen(fd[i], 8));
		}
	}
	for (int i = 0; type == SOCK_STREAM && strcmp(order, "bbll") == 0 && i < 2; i++)
		if (bound[i] == 0) {
			snprintf(call, sizeof call, "listen(s%d)", i + 1);
			report(call, listen(fd[i], 8));
		}
	return 0;
}
