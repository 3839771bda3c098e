/* What the fuzz targets of the two socket-table parsers do with the rows
 * they got: what the runner does with them (snapshot.c, report.c), so a row
 * a parser accepts but the rest cannot print is found too. */
#ifndef DSLAB_FUZZ_ROWS_H
#define DSLAB_FUZZ_ROWS_H

#include <stdio.h>
#include <stdlib.h>

#include "snapshot.h"
#include "sock_row.h"

static inline void fuzz_use_rows(const struct sock_rows *rows)
{
	for (size_t i = 0; i < rows->count; i++) {
		const struct sock_row *row = &rows->row[i];
		char local[SOCK_ENDPOINT_TEXT_MAX], remote[SOCK_ENDPOINT_TEXT_MAX];
		sock_endpoint_text(&row->local, 0, local);
		sock_endpoint_text(&row->remote, 1, remote);
		if (!sock_file_name(row->file) || !sock_state_name(row->file, row->state) ||
		    !v6only_text(row->v6only) || !sock_row_same_socket(row, row))
			abort();
	}
	/* Every row is in its own table: the sources cannot disagree. */
	char *why = NULL;
	if (snapshot_compare(rows, rows, &why) != 0)
		abort();
	free(why);
}

#endif
