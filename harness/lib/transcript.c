#include "transcript.h"

#include "growth.h"
#include "port_names.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int record_field_count(char type)
{
	switch (type) {
	case RECORD_VERSION: case RECORD_NOTE: case RECORD_SNAPSHOT:
	case RECORD_DISAGREE: case RECORD_FAIL: case RECORD_SKIP:
		return 1;
	case RECORD_PORTS: return 2;
	case RECORD_EVENT: case RECORD_CELL: return 4;
	case RECORD_ROW: return 6;
	default: return -1;
	}
}

size_t record_format(char out[RECORD_MAX_LINE], char type, const char *const *fields)
{
	size_t len = 0;
	int count = record_field_count(type);
	out[len++] = type;
	for (int i = 0; i < count; i++) {
		out[len++] = '\t';
		/* Leave room for the later fields' tabs and the newline, so a cut
		 * record still has all its fields. */
		size_t limit = RECORD_MAX_LINE - 1 - (size_t)(count - 1 - i);
		for (const char *p = fields[i] ? fields[i] : ""; *p && len < limit; p++)
			out[len++] = iscntrl((unsigned char)*p) ? ' ' : *p;
	}
	out[len++] = '\n';
	return len;
}

static void record_free(struct record *r)
{
	for (int i = 0; i < r->field_count; i++)
		free(r->field[i]);
}

int transcript_add(struct transcript *t, char type, const char *const *fields)
{
	int count = record_field_count(type);
	if (count < 0)
		return -1;
	struct record *grown = grow_to_fit(t->record, t->count + 1, &t->capacity, sizeof *grown, 32, 0);
	if (!grown)
		return -1;
	t->record = grown;
	struct record r = {.type = type, .field_count = 0};
	for (int i = 0; i < count; i++) {
		r.field[i] = strdup(fields[i] ? fields[i] : "");
		if (!r.field[i]) {
			record_free(&r);
			return -1;
		}
		r.field_count++;
	}
	t->record[t->count++] = r;
	return 0;
}

void transcript_free(struct transcript *t)
{
	for (size_t i = 0; i < t->count; i++)
		record_free(&t->record[i]);
	free(t->record);
	memset(t, 0, sizeof *t);
}

static int parse_port(const char *s, unsigned *port)
{
	if (!*s || strlen(s) > 5)
		return -1;
	unsigned v = 0;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		v = v * 10 + (unsigned)(*s - '0');
	}
	if (v > 65535)
		return -1;
	*port = v;
	return 0;
}

int transcript_parse(struct transcript *t, const char *text, size_t len,
		     char *why, size_t why_size)
{
	size_t line_no = 0;
	const char *end = text + len;
	const char *line = text;
	while (line < end) {
		const char *eol = memchr(line, '\n', (size_t)(end - line));
		line_no++;
		if (!eol) {
			t->truncated = 1;
			break;
		}
		size_t line_len = (size_t)(eol - line);
		if (line_len >= RECORD_MAX_LINE || memchr(line, '\0', line_len)) {
			snprintf(why, why_size, "report line %zu: too long or binary", line_no);
			return -1;
		}
		char buf[RECORD_MAX_LINE];
		memcpy(buf, line, line_len);
		buf[line_len] = '\0';
		line = eol + 1;

		int expected = line_len > 0 ? record_field_count(buf[0]) : -1;
		if (expected < 0 || (line_len > 1 && buf[1] != '\t') || (line_len == 1 && expected > 0)) {
			snprintf(why, why_size, "report line %zu: unknown record", line_no);
			return -1;
		}
		const char *fields[RECORD_MAX_FIELDS] = {0};
		int count = 0;
		char *cursor = buf + 1;
		while (*cursor == '\t' && count < RECORD_MAX_FIELDS) {
			*cursor++ = '\0';
			fields[count++] = cursor;
			cursor += strcspn(cursor, "\t");
		}
		if (count != expected || *cursor) {
			snprintf(why, why_size, "report line %zu: record '%c' needs %d fields",
				 line_no, buf[0], expected);
			return -1;
		}
		if (buf[0] == RECORD_PORTS) {
			if (parse_port(fields[0], &t->port_first) || parse_port(fields[1], &t->port_last) ||
			    t->port_first > t->port_last) {
				snprintf(why, why_size, "report line %zu: bad port range", line_no);
				return -1;
			}
		}
		if (buf[0] == RECORD_VERSION && strcmp(fields[0], TRANSCRIPT_VERSION) != 0) {
			snprintf(why, why_size, "report line %zu: version %s, expected %s",
				 line_no, fields[0], TRANSCRIPT_VERSION);
			return -1;
		}
		if (transcript_add(t, buf[0], fields)) {
			snprintf(why, why_size, "out of memory");
			return -1;
		}
	}
	return 0;
}

/* Sort key of a row: its fields with every ephemeral port masked, so the
 * order does not depend on which port the kernel picked. The keys are made
 * once per row, not once per comparison: a snapshot of a busy namespace
 * (dslab snapshot) has 10^5 rows and qsort compares ~n log2 n times. */
static const int sort_order[] = {ROW_FILE, ROW_LOCAL, ROW_REMOTE, ROW_NAME, ROW_STATE};
#define SORT_KEYS (sizeof sort_order / sizeof sort_order[0])

struct sort_item {
	const char *key[SORT_KEYS];
	struct record record;
};

static int compare_rows(const void *a, const void *b)
{
	const struct sort_item *ia = a, *ib = b;
	for (size_t k = 0; k < SORT_KEYS; k++) {
		int c = strcmp(ia->key[k], ib->key[k]);
		if (c)
			return c;
	}
	for (int f = 0; f < RECORD_MAX_FIELDS; f++) {
		int c = strcmp(ia->record.field[f], ib->record.field[f]);
		if (c)
			return c;
	}
	return 0;
}

/* Sorts rows [0, count). Without an ephemeral range (first == 0) nothing
 * would be masked, so the fields are their own keys; otherwise each key is
 * a masked copy, owned here. */
static int sort_rows(struct record *rows, size_t count, unsigned first, unsigned last)
{
	struct sort_item *items = calloc(count, sizeof *items);
	if (!items)
		return -1;
	int masked = first > 0, failed = 0;
	for (size_t i = 0; i < count && !failed; i++) {
		items[i].record = rows[i];
		for (size_t k = 0; k < SORT_KEYS && !failed; k++) {
			const char *field = rows[i].field[sort_order[k]];
			if (masked) {
				items[i].key[k] = port_names_mask(field, first, last);
				failed = items[i].key[k] == NULL;
			} else {
				items[i].key[k] = field;
			}
		}
	}
	if (!failed) {
		qsort(items, count, sizeof *items, compare_rows);
		for (size_t i = 0; i < count; i++)
			rows[i] = items[i].record;
	}
	for (size_t i = 0; masked && i < count; i++)
		for (size_t k = 0; k < SORT_KEYS; k++)
			free((char *)items[i].key[k]);
	free(items);
	return failed ? -1 : 0;
}

/* The record's texts that may hold ports, in groups (see port_names.h):
 * a row's two addresses are one connection, and so is an accept's detail
 * ("peer X on Y", report_accept); an event's call and other texts are
 * free text. Pass 1 learns, pass 2 replaces. */
static int name_group(struct record *r, const int *fields, size_t count, int flags,
		      struct port_names *names, int apply)
{
	const char *texts[2];
	for (size_t i = 0; i < count; i++)
		texts[i] = r->field[fields[i]];
	if (!apply)
		return port_names_learn(names, texts, count, flags);
	if (names->first == 0)
		return 0; /* no ephemeral range: nothing to replace */
	char *named[2];
	if (port_names_apply(names, texts, count, flags, named))
		return -1;
	for (size_t i = 0; i < count; i++) {
		free(r->field[fields[i]]);
		r->field[fields[i]] = named[i];
	}
	return 0;
}

static int name_ports(struct record *r, struct port_names *names, int apply)
{
	static const int call[] = {EVENT_CALL}, detail[] = {EVENT_DETAIL},
			 row[] = {ROW_LOCAL, ROW_REMOTE}, text[] = {0}, cell[] = {CELL_VALUE};
	switch (r->type) {
	case RECORD_EVENT:
		return name_group(r, call, 1, 0, names, apply) ||
		       name_group(r, detail, 1,
				  strncmp(r->field[EVENT_DETAIL], "peer ", 5) == 0 ? PORT_GROUP_CONNECTION : 0,
				  names, apply);
	case RECORD_ROW:
		return name_group(r, row, 2,
				  PORT_GROUP_CONNECTION |
				  (strcmp(r->field[ROW_V6ONLY], "1") == 0 ? PORT_GROUP_V6ONLY : 0),
				  names, apply);
	case RECORD_NOTE: case RECORD_DISAGREE: case RECORD_FAIL:
		return name_group(r, text, 1, 0, names, apply);
	case RECORD_CELL:
		return name_group(r, cell, 1, 0, names, apply);
	default:
		return 0;
	}
}

int transcript_normalise(struct transcript *t)
{
	for (size_t i = 0; i < t->count; i++) {
		if (t->record[i].type != RECORD_ROW)
			continue;
		size_t j = i;
		while (j < t->count && t->record[j].type == RECORD_ROW)
			j++;
		if (sort_rows(&t->record[i], j - i, t->port_first, t->port_last) != 0)
			return -1;
		i = j - 1;
	}

	if (t->port_first == 0)
		return 0; /* no ephemeral range (dslab snapshot: real ports): no tokens */
	struct port_names names;
	port_names_init(&names, t->port_first, t->port_last);
	int failed = 0;
	for (int pass = 0; pass < 2 && !failed; pass++)
		for (size_t i = 0; i < t->count && !failed; i++)
			failed = name_ports(&t->record[i], &names, pass == 1);
	port_names_free(&names);
	return failed ? -1 : 0;
}

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
		default: /* V, P, and rows outside a snapshot carry nothing to read */
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

size_t transcript_count(const struct transcript *t, char type)
{
	size_t n = 0;
	for (size_t i = 0; i < t->count; i++)
		n += t->record[i].type == type;
	return n;
}

const struct record *transcript_first(const struct transcript *t, char type)
{
	for (size_t i = 0; i < t->count; i++)
		if (t->record[i].type == type)
			return &t->record[i];
	return NULL;
}
