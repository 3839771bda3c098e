/* program_read: what a golden of a lesson about a real program says, read
 * back through transcript_read from the lines the harness writes for such
 * a lesson (program_lines.h). The report's "Runtimes and servers" section
 * and the README's table (dslab report --runtimes-table) are drawn from it.
 *
 * The program is the one named by the first "wait until PROGRAM ..." call;
 * the call line before it started it. A client is the harness's IPv4 or
 * IPv6 one by the address it connected to; it was taken when its connect
 * succeeded and no ICMP error refused it (UDP). */
#ifndef DSLAB_PROGRAM_READ_H
#define DSLAB_PROGRAM_READ_H

#include <stddef.h>

struct program_summary {
	char program[32];    /* "nginx" */
	char started_by[256]; /* the call line that starts it, without its result */
	int took4, took6;    /* the IPv4 or IPv6 client was taken */
	char listeners[512]; /* its listening rows, "tcp6 [::]:7100 v6only 0", ", " between */
	char seen4[80];      /* the address it printed for the IPv4 client, or "" */
	char failure[200];   /* the first line it logged, without "[level] ", or "" */
};

/* Read one golden's text. Returns 1 if it is a lesson about a real program
 * (it has the wait line), 0 if not, -1 with a line in why if the text
 * cannot be read (a malformed table, out of memory). */
int program_summary_read(const char *golden, struct program_summary *s, char *why, size_t why_size);

#endif
