/* snapshot_table: the socket table dslab snapshot prints, straight from
 * sock_rows.
 *
 * The output is byte for byte what the generic path prints for the same
 * rows: each row made a transcript record (sock_file_name, sock_state_name,
 * sock_local_text, sock_endpoint_text(remote), v6only_text, name ""),
 * sorted by transcript_normalise (no ephemeral range: real ports), then
 * rendered by transcript_render_range after an "S this namespace" record,
 * or each row by json_write_row on a line of its own. That path formats
 * every field with snprintf, keeps each in its own malloc'd string and
 * sorts by comparing those strings; at 10^5 rows that costs more than the
 * kernel's dump. Here each row becomes a 128-bit key as it is decoded,
 * whose unsigned order is the text order of the row (see snapshot_table.c)
 * and from which the row is rendered; each distinct address is formatted
 * once (address_texts.h). harness/tests/unit/test_snapshot_table.c and
 * harness/tests/helpers/snapshot_equivalence.c hold the two paths side by
 * side. */
#ifndef DSLAB_SNAPSHOT_TABLE_H
#define DSLAB_SNAPSHOT_TABLE_H

#include <stdio.h>

#include "sock_row.h"

struct snapshot_table;

struct snapshot_table *snapshot_table_new(void);

/* Adds a row (its name is not used: the command's rows have none).
 * Returns 0, or -1 when out of memory. The signature is a sock_row_sink's
 * (sock_diag.h), so a dump can feed the table directly. */
int snapshot_table_add(const struct sock_row *row, void *table);

/* Writes the table to out: the "snapshot this namespace" title and the
 * aligned rows, or (json) one JSON object per row and line. Returns 0, or
 * -1 when out of memory (then nothing was written). Write errors are left
 * in out's error indicator. */
int snapshot_table_write(struct snapshot_table *table, int json, FILE *out);

void snapshot_table_free(struct snapshot_table *table);

#endif
