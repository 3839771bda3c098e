/* bind_first: holds the first socket of one bind-matrix cell at a time, so
 * that harness/tests/scripts/doctor_bind_matrix.sh can ask dslab doctor
 * about the second and compare with the real bind. The socket is made
 * exactly as the lessons make it (bind_matrix.h: open_end_socket, the 14
 * matrix_ends); the calls are the lessons' first-socket calls.
 *
 * stdin, one cell per line:  tcp|udp bbll|blbl none|addr|port END PORT
 * (END: an index into matrix_ends). The previous cell's socket is closed
 * first. Answers "ready BIND LISTEN" (0, an errno name, or "-" for a call
 * not made): bind(), then listen() for tcp blbl after a bind that worked. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bind_matrix.h"
#include "errno_name.h"

static enum reuse reuse_from(const char *text)
{
	return strcmp(text, "addr") == 0 ? REUSE_ADDR : strcmp(text, "port") == 0 ? REUSE_PORT : REUSE_NONE;
}

int main(void)
{
	char protocol[8], order[8], reuse[8];
	unsigned end, port;
	int held = -1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (scanf("%7s %7s %7s %u %u", protocol, order, reuse, &end, &port) == 5) {
		if (held >= 0)
			close(held);
		if (end >= END_COUNT || port == 0 || port > 65535) {
			printf("bad line\n");
			return 2;
		}
		int tcp = strcmp(protocol, "tcp") == 0;
		const struct end *e = &matrix_ends[end];
		struct sockaddr_storage address;
		socklen_t len = make_end_address(e, (uint16_t)port, &address);
		held = open_end_socket(e, reuse_from(reuse), tcp ? SOCK_STREAM : SOCK_DGRAM);
		int bound = bind(held, (struct sockaddr *)&address, len);
		const char *bind_result = bound == 0 ? "0" : errno_name(errno);
		const char *listen_result = "-";
		if (bound == 0 && tcp && strcmp(order, "blbl") == 0)
			listen_result = listen(held, 64) == 0 ? "0" : errno_name(errno);
		printf("ready %s %s\n", bind_result, listen_result);
	}
	return 0;
}
