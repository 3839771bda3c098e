/* runtimes_table: the runtimes table in markdown (runtimes_table.h). */
#include "runtimes_table.h"

#include <string.h>

#include "runtime_rows.h"

/* text with '|' escaped, so a cell stays a cell. */
static void write_escaped(FILE *out, const char *text)
{
	for (; *text; text++) {
		if (*text == '|')
			fputc('\\', out);
		fputc(*text, out);
	}
}

/* "`tcp 0.0.0.0:7500 v6only -`, `tcp6 [::]:7500 v6only 1`", or "no listener". */
static void write_listeners(FILE *out, const char *listeners)
{
	if (!*listeners) {
		fputs("no listener", out);
		return;
	}
	for (int first = 1; *listeners; first = 0) {
		size_t len = strcspn(listeners, ",");
		fprintf(out, "%s`", first ? "" : ", ");
		char one[sizeof ((struct program_summary *)0)->listeners];
		snprintf(one, sizeof one, "%.*s", (int)len, listeners);
		write_escaped(out, one);
		fputc('`', out);
		listeners += len;
		while (*listeners == ',' || *listeners == ' ')
			listeners++;
	}
}

static void write_cell(FILE *out, const struct program_summary *cell)
{
	if (cell->failure[0]) {
		fputs(" does not start: `", out);
		write_escaped(out, cell->failure);
		fputs("`; holds meanwhile ", out);
		write_listeners(out, cell->listeners);
		fputs(" |", out);
		return;
	}
	fprintf(out, " takes %s; ", runtime_took_text(cell));
	write_listeners(out, cell->listeners);
	if (cell->seen4[0]) {
		fputs("; IPv4 client seen as `", out);
		write_escaped(out, cell->seen4);
		fputc('`', out);
	}
	fputs(" |", out);
}

int runtimes_table_write(FILE *out, const char *expected_dir, char *why, size_t why_size)
{
	struct runtime_rows rows;
	if (runtime_rows_read(expected_dir, &rows, why, why_size) != 0)
		return -1;
	fputs("| program and API | bindv6only=0 | bindv6only=1 |\n| --- | --- | --- |\n", out);
	for (size_t i = 0; i < rows.count; i++) {
		const struct runtime_row *row = &rows.row[i];
		fputs("| `", out);
		write_escaped(out, row->cell[0].started_by);
		fprintf(out, "` (%s%s%s) |", row->lesson, row->settings[0] ? " " : "", row->settings);
		write_cell(out, &row->cell[0]);
		if (row->has[1])
			write_cell(out, &row->cell[1]);
		else
			fputs(" no golden |", out);
		fputc('\n', out);
	}
	runtime_rows_free(&rows);
	if (fflush(out) != 0 || ferror(out)) {
		snprintf(why, why_size, "cannot write the table");
		return -1;
	}
	return 0;
}
