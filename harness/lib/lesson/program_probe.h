/* program_probe: what the harness reports about a real program
 * (program.h): the wait for its sockets, its TCP and UDP clients, and what
 * it logged, in the lines readers of the golden find again
 * (program_lines.h, program_read.h). Each probe is reported like a
 * scenario's own calls:
 *   client4 = socket(AF_INET, SOCK_STREAM, 0)
 *   connect(client4, 127.0.0.1:7100) = 0
 *   # python3 saw client4 as ::ffff:127.0.0.1
 * The last line is what the program itself printed or logged about the
 * connection, read from its output (not guessed by the harness). */
#ifndef DSLAB_PROGRAM_PROBE_H
#define DSLAB_PROGRAM_PROBE_H

#include <stdint.h>

#include "program.h"

/* Report the wait for the program as the call line "wait until NAME
 * CONDITION = 0" (or its errno), CONDITION saying what was waited for
 * ("listens"): the line that names the program to a reader, the line
 * before it being the call that started it. Returns result. */
int report_program_wait(const struct program *program, int result, const char *condition);

/* Report a line of the program's own log as "# NAME logged: LINE": what a
 * program that did not start said about it (the first such line is read
 * as the reason). */
void report_program_logged(const struct program *program, const char *line);

/* How the program names its peer: the line of its output that contains
 * `marker` (a line per connection), and which word of it is the address
 * (from 0). A trailing ":port" and the brackets around an IPv6 address are
 * dropped: the port is ephemeral. */
struct peer_line {
	const char *marker;
	int word;
};

/* Connect a new client of `family` (AF_INET or AF_INET6) named `name` to
 * address:port, send `request` (may be NULL), and report the address the
 * program logged for it. Returns connect's result (0 or -1). A program
 * that logs nothing within 5 s ends the scenario with a harness error. */
int probe_tcp(struct program *program, int family, const char *name, const char *address, uint16_t port,
	      const char *request, struct peer_line seen);

/* The same for UDP: a connected client of `family` sends one datagram
 * ("dslab\n"); then either the program logs a line for it (reported as
 * above) or the kernel answers with ICMP port unreachable, which the
 * connected socket returns as ECONNREFUSED (reported as its recv line).
 * Both are events: nothing is inferred from silence. Returns 0 if the
 * program logged it, -1 if refused. */
int probe_udp(struct program *program, int family, const char *name, const char *address, uint16_t port,
	      struct peer_line seen);

#endif
