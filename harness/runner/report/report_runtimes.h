/* report_runtimes: the HTML report's "Runtimes and servers" section.
 *
 * What real programs (Python, socat, a JVM, Go, nginx, HAProxy, Node...)
 * do with the family and IPV6_V6ONLY, read from the goldens of the lessons
 * whose subject is a real program: a golden that starts a program and
 * reports "wait until PROGRAM listens". One row per program and call or
 * configuration (the line that starts it) and variant; one column per
 * bindv6only value; a cell says which of the harness's clients (IPv4 to
 * 127.0.0.1, IPv6 to ::1) it took, its listening rows, and the address the
 * program itself printed for the IPv4 client, or, for a program that did
 * not start, the error it logged. The README's table says the same
 * (harness/doc/runtimes_table.sh). */
#ifndef DSLAB_REPORT_RUNTIMES_H
#define DSLAB_REPORT_RUNTIMES_H

#include <stdio.h>

#include "report_html.h"

/* One golden, read. */
struct runtime_cell {
	char program[32];     /* "nginx": the word after "wait until" */
	char label[256];      /* the call line that starts it, without its result */
	int took4, took6;     /* the IPv4 or IPv6 client connected (and was not refused) */
	char listeners[512];  /* "tcp6 [::]:7100 v6only 0", comma-separated */
	char seen4[80];       /* the address the program printed for the IPv4 client, or "" */
	char failure[200];    /* the first "[emerg]" line it logged, or "": it did not start */
};

/* Read one golden's text. Returns 0, or -1 if it is not a runtime
 * lesson's (no "wait until PROGRAM listens" line). */
int report_runtime_cell(const char *golden, struct runtime_cell *cell);

/* The section, for the lessons in page->lesson whose goldens (under
 * page->expected_dir) are a runtime lesson's; a placeholder paragraph if
 * there are none. */
void report_runtimes_write(FILE *out, const struct report_page *page);

#endif
