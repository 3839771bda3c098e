/* runtimes_table: the "Runtimes and servers" table in markdown, for the
 * README (dslab report --runtimes-table; harness/doc/runtimes_table.sh
 * splices it in). The same rows as the HTML section (runtime_rows.h):
 *
 *   | program and API | bindv6only=0 | bindv6only=1 |
 *   | `go: net.Listen("tcp6", ":7400")` (go_servers listen=tcp6_port)
 *     | takes IPv6 only; `tcp6 [::]:7400 v6only 1` | ... |
 *
 * A cell: "takes IPv4 and IPv6" (or "IPv4 only", "IPv6 only", "nothing"),
 * the listening rows in backquotes or "no listener", and "IPv4 client seen
 * as `ADDRESS`"; for a program that did not start, "does not start: `WHY`;
 * holds meanwhile" and its rows. */
#ifndef DSLAB_RUNTIMES_TABLE_H
#define DSLAB_RUNTIMES_TABLE_H

#include <stddef.h>
#include <stdio.h>

/* The table from the goldens under expected_dir. Returns 0, or -1 with one
 * line in why (a golden that cannot be read, a write error). */
int runtimes_table_write(FILE *out, const char *expected_dir, char *why, size_t why_size);

#endif
