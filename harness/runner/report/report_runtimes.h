/* report_runtimes: the HTML report's "Runtimes and servers" section.
 *
 * What real programs (Python, socat, a JVM, Go, nginx, HAProxy, Node...)
 * do with the family and IPV6_V6ONLY, drawn from the rows runtime_rows.h
 * reads from the goldens: one row per program and call or configuration
 * and variant; one column per bindv6only value; a cell says which of the
 * harness's clients (IPv4 to 127.0.0.1, IPv6 to ::1) it took, its
 * listening rows, and the address the program itself printed for the IPv4
 * client, or, for a program that did not start, the error it logged. The
 * README's table says the same (dslab report --runtimes-table). */
#ifndef DSLAB_REPORT_RUNTIMES_H
#define DSLAB_REPORT_RUNTIMES_H

#include <stdio.h>

#include "report_html.h"

/* The section, from the goldens under page->expected_dir; a placeholder
 * paragraph if no lesson about a real program has any. */
void report_runtimes_write(FILE *out, const struct report_page *page);

#endif
