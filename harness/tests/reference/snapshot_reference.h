/* snapshot_reference: the table dslab snapshot printed before
 * harness/runner/views/snapshot_table.c, made the generic way (the code the
 * command had, kept here only as the tests' reference): every row a
 * transcript record of snprintf'd fields, sorted by transcript_normalise,
 * rendered by transcript_render_range or, for JSON, json_write_row. The
 * rows' name fields are not used, as the command did not use them. */
#ifndef DSLAB_SNAPSHOT_REFERENCE_H
#define DSLAB_SNAPSHOT_REFERENCE_H

#include <stddef.h>

#include "sock_row.h"

/* The whole output, malloc'd (*len bytes, NUL-terminated), or NULL when
 * out of memory. */
char *snapshot_reference(const struct sock_rows *rows, int json, size_t *len);

/* The same rows through snapshot_table.h, for comparison. */
char *snapshot_fast(const struct sock_rows *rows, int json, size_t *len);

#endif
