/* transcript_render: a transcript as the golden text (transcript.h). The
 * reader that takes that text back apart lives in the runner's goldens. */
#include "transcript.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const row_header[RECORD_MAX_FIELDS] = {
	"file", "state", "local", "remote", "v6only", "name"};

/* " %-*s " without printf: a snapshot can have 10^5 rows of 6 fields. */
static void put_cell(const char *text, size_t width, FILE *out)
{
	size_t len = strlen(text);
	putc(' ', out);
	fwrite(text, 1, len, out);
	for (; len < width; len++)
		putc(' ', out);
	putc(' ', out);
}

static void render_rows(const struct record *rows, size_t count, FILE *out)
{
	size_t width[RECORD_MAX_FIELDS];
	for (int f = 0; f < RECORD_MAX_FIELDS; f++)
		width[f] = strlen(row_header[f]);
	for (size_t i = 0; i < count; i++)
		for (int f = 0; f < RECORD_MAX_FIELDS; f++) {
			size_t len = strlen(rows[i].field[f]);
			if (len > width[f])
				width[f] = len;
		}

	fputs(" ", out);
	for (int f = 0; f < RECORD_MAX_FIELDS - 1; f++)
		put_cell(row_header[f], width[f], out);
	fprintf(out, " %s\n", row_header[ROW_NAME]);
	for (size_t i = 0; i < count; i++) {
		putc(' ', out);
		for (int f = 0; f < RECORD_MAX_FIELDS - 1; f++)
			put_cell(rows[i].field[f], width[f], out);
		putc(' ', out);
		fputs(rows[i].field[ROW_NAME][0] ? rows[i].field[ROW_NAME] : "-", out);
		putc('\n', out);
	}
	if (count == 0)
		fputs("  (no sockets)\n", out);
}

static int find_label(const char **labels, size_t count, const char *label)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(labels[i], label) == 0)
			return (int)i;
	return -1;
}

/* A grid has at most this many rows and columns: enough for any matrix a
 * person reads, and it bounds the work a misbehaving scenario can cause
 * (cells with ever new labels would otherwise grow the table quadratically). */
#define GRID_MAX_LABELS 256
#define GRID_MAX_BYTES (4 * 1024 * 1024)

/* Cells [0, count) of one grid: rows and columns in first-seen order, each
 * column as wide as its widest entry. A cell never reported prints "-". */
static int render_grid(const struct record *cells, size_t count, FILE *out)
{
	const char *rows[GRID_MAX_LABELS], *columns[GRID_MAX_LABELS];
	size_t width[GRID_MAX_LABELS];
	size_t row_count = 0, column_count = 0, row_width = 0, used = count;
	int too_large = 0;
	/* First the labels and widths, then the values in a table of just
	 * that size (a 256 x 256 one, cleared for every grid, cost more than
	 * the rest of a lesson's rendering). */
	for (size_t i = 0; i < count; i++) {
		const char *const *f = (const char *const *)cells[i].field;
		int r = find_label(rows, row_count, f[CELL_ROW]);
		int c = find_label(columns, column_count, f[CELL_COLUMN]);
		if ((r < 0 && row_count == GRID_MAX_LABELS) || (c < 0 && column_count == GRID_MAX_LABELS)) {
			too_large = 1;
			used = i;
			break;
		}
		if (r < 0)
			rows[row_count++] = f[CELL_ROW];
		if (c < 0) {
			c = (int)column_count;
			columns[column_count] = f[CELL_COLUMN];
			width[column_count++] = strlen(f[CELL_COLUMN]);
		}
		if (strlen(f[CELL_VALUE]) > width[c])
			width[c] = strlen(f[CELL_VALUE]);
		if (strlen(f[CELL_ROW]) > row_width)
			row_width = strlen(f[CELL_ROW]);
	}
	const char **value = calloc(row_count * column_count + 1, sizeof *value);
	if (!value)
		return -1;
	for (size_t i = 0; i < used; i++) {
		const char *const *f = (const char *const *)cells[i].field;
		size_t r = (size_t)find_label(rows, row_count, f[CELL_ROW]);
		size_t c = (size_t)find_label(columns, column_count, f[CELL_COLUMN]);
		value[r * column_count + c] = f[CELL_VALUE];
	}
	/* Padding could still blow a few wide cells up into a huge table. */
	size_t line = row_width + 2;
	for (size_t c = 0; c < column_count; c++)
		line += width[c] + 2;
	if (line * (row_count + 1) > GRID_MAX_BYTES) {
		fprintf(out, "grid %s\n!! grid %s: over %d bytes when printed; not shown\n",
			cells[0].field[CELL_GRID], cells[0].field[CELL_GRID], GRID_MAX_BYTES);
		free(value);
		return 0;
	}
	fprintf(out, "grid %s\n  %-*s", cells[0].field[CELL_GRID], (int)row_width, "");
	/* The last column is not padded: no trailing blanks in goldens. */
	for (size_t c = 0; c < column_count; c++)
		fprintf(out, "  %-*s", c + 1 < column_count ? (int)width[c] : 0, columns[c]);
	fputc('\n', out);
	for (size_t r = 0; r < row_count; r++) {
		fprintf(out, "  %-*s", (int)row_width, rows[r]);
		for (size_t c = 0; c < column_count; c++) {
			const char *v = value[r * column_count + c];
			fprintf(out, "  %-*s", c + 1 < column_count ? (int)width[c] : 0, v ? v : "-");
		}
		fputc('\n', out);
	}
	if (too_large)
		fprintf(out, "!! grid %s: more than %d rows or columns; the rest is not shown\n",
			cells[0].field[CELL_GRID], GRID_MAX_LABELS);
	free(value);
	return 0;
}

static void render_event(const struct record *r, FILE *out)
{
	const char *call = r->field[EVENT_CALL], *result = r->field[EVENT_RESULT];
	const char *socket = r->field[EVENT_SOCKET], *detail = r->field[EVENT_DETAIL];
	int failed = isalpha((unsigned char)result[0]);
	if (!failed && socket[0])
		fprintf(out, "%s = %s", socket, call);
	else
		fprintf(out, "%s = %s", call, result);
	if (detail[0])
		fprintf(out, "  %s", detail);
	fputc('\n', out);
}

int transcript_render_range(const struct transcript *t, size_t from, size_t to, FILE *out)
{
	for (size_t i = from; i < to && i < t->count; i++) {
		const struct record *r = &t->record[i];
		switch (r->type) {
		case RECORD_EVENT:
			render_event(r, out);
			break;
		case RECORD_NOTE:
			fprintf(out, "# %s\n", r->field[0]);
			break;
		case RECORD_SNAPSHOT: {
			size_t j = i + 1;
			while (j < t->count && t->record[j].type == RECORD_ROW)
				j++;
			fprintf(out, "snapshot %s\n", r->field[0]);
			render_rows(&t->record[i + 1], j - i - 1, out);
			i = j - 1;
			break;
		}
		case RECORD_CELL: {
			size_t j = i + 1;
			while (j < t->count && t->record[j].type == RECORD_CELL &&
			       strcmp(t->record[j].field[CELL_GRID], r->field[CELL_GRID]) == 0)
				j++;
			if (render_grid(r, j - i, out) != 0)
				return -1;
			i = j - 1;
			break;
		}
		case RECORD_DISAGREE:
			fprintf(out, "!! snapshot sources disagree: %s\n", r->field[0]);
			break;
		case RECORD_FAIL:
			fprintf(out, "!! harness error: %s\n", r->field[0]);
			break;
		case RECORD_SKIP:
			fprintf(out, "!! skipped: %s\n", r->field[0]);
			break;
		default: /* V, P, G (for the report) and rows outside a snapshot carry
			  * nothing to read */
			break;
		}
	}
	return ferror(out) ? -1 : 0;
}

char *transcript_render(const struct transcript *t, const char *title)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	if (!out)
		return NULL;
	fprintf(out, "# %s\n", title);
	int rc = transcript_render_range(t, 0, t->count, out);
	if (fclose(out) || rc) {
		free(text);
		return NULL;
	}
	return text;
}
