/* transcript_read: the golden text back into records (transcript_read.h).
 * The layout is transcript_render.c's: a snapshot's table has the six
 * headers of render_rows, each column starting after two blanks; a grid is
 * "grid NAME", a header line of column labels, then one line per row, each
 * label and value after two blanks (labels hold single blanks only); a
 * call is "CALL = RESULT" or "SOCKET = CALL", then "  DETAIL" if any; a note
 * is "# NOTE" (the first "# " line is the title; "#@" lines are an
 * override's header). */
#include "transcript_read.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "growth.h"

static const char *const table_header[RECORD_MAX_FIELDS] = {
	"file", "state", "local", "remote", "v6only", "name"};

struct reader {
	struct transcript *t;
	size_t **lines;
	size_t line_capacity;
	char *why;
	size_t why_size;
};

static int add(struct reader *r, size_t line, char type, const char *const *fields)
{
	if (transcript_add(r->t, type, fields) != 0)
		goto out_of_memory;
	if (r->lines) {
		size_t *grown = grow_to_fit(*r->lines, r->t->count, &r->line_capacity, sizeof *grown, 64, 0);
		if (!grown)
			goto out_of_memory;
		*r->lines = grown;
		grown[r->t->count - 1] = line;
	}
	return 0;
out_of_memory:
	snprintf(r->why, r->why_size, "out of memory");
	return -1;
}

/* "  file  state   local ...  name": where each column starts. */
static int table_columns(const char *line, size_t len, size_t start[RECORD_MAX_FIELDS])
{
	size_t i = 0;
	for (int f = 0; f < RECORD_MAX_FIELDS; f++) {
		size_t blanks = 0;
		while (i < len && line[i] == ' ') {
			i++;
			blanks++;
		}
		size_t word = strlen(table_header[f]);
		if (blanks < 2 || len - i < word || memcmp(line + i, table_header[f], word) != 0)
			return -1;
		start[f] = i;
		i += word;
	}
	return i == len ? 0 : -1;
}

/* One row of a snapshot's table into its six fields; -1 if it is not one. */
static int table_row(const char *line, size_t len, const size_t start[RECORD_MAX_FIELDS],
		     char buf[RECORD_MAX_LINE], const char *fields[RECORD_MAX_FIELDS])
{
	if (len >= RECORD_MAX_LINE)
		return -1;
	memcpy(buf, line, len);
	buf[len] = '\0';
	for (int f = RECORD_MAX_FIELDS - 1; f >= 0; f--) {
		size_t s = start[f];
		/* Each field starts in its column, after two blanks. */
		if (s >= len || buf[s] == ' ' || buf[s - 1] != ' ' || buf[s - 2] != ' ')
			return -1;
		size_t e = f + 1 < RECORD_MAX_FIELDS ? start[f + 1] - 2 : len;
		while (e > s && buf[e - 1] == ' ')
			e--;
		buf[e] = '\0';
		if (f != ROW_NAME && strchr(buf + s, ' '))
			return -1;
		fields[f] = buf + s;
	}
	if (strcmp(fields[ROW_NAME], "-") == 0)
		fields[ROW_NAME] = "";
	return 0;
}

/* The lines of a snapshot's table from *line on; *line and *number move
 * past it. */
static int read_table(struct reader *r, const char **line, size_t *number, const char *label,
		      const size_t start[RECORD_MAX_FIELDS])
{
	while (strncmp(*line, "  ", 2) == 0) {
		size_t len = strcspn(*line, "\n");
		char buf[RECORD_MAX_LINE];
		const char *fields[RECORD_MAX_FIELDS];
		int empty = len == 14 && strncmp(*line, "  (no sockets)", 14) == 0;
		if (!empty && table_row(*line, len, start, buf, fields) != 0) {
			snprintf(r->why, r->why_size, "line %zu: not a row of the table of snapshot %s", *number,
				 label);
			return -1;
		}
		if (!empty && add(r, *number, RECORD_ROW, fields) != 0)
			return -1;
		*line = (*line)[len] ? *line + len + 1 : *line + len;
		(*number)++;
	}
	return 0;
}

#define GRID_MAX_COLUMNS 256

/* Where each column label of a grid's header line starts: a label begins
 * after two or more blanks. */
static size_t grid_columns(const char *header, size_t len, size_t start[GRID_MAX_COLUMNS])
{
	size_t n = 0;
	for (size_t i = 2; i < len && n < GRID_MAX_COLUMNS; i++)
		if (header[i] != ' ' && header[i - 1] == ' ' && header[i - 2] == ' ')
			start[n++] = i;
	return n;
}

/* text[from, to) without the blanks around it, into out. */
static void trimmed(const char *text, size_t from, size_t to, char *out, size_t size)
{
	while (from < to && text[from] == ' ')
		from++;
	while (to > from && text[to - 1] == ' ')
		to--;
	snprintf(out, size, "%.*s", (int)(to - from), text + from);
}

/* One row line of a grid: a cell per column, valued by the header's
 * column starts. */
static int read_grid_row(struct reader *r, size_t number, const char *grid, const char *header,
			 size_t header_len, const size_t *start, size_t columns, const char *p, size_t len)
{
	char row[RECORD_MAX_LINE], column[RECORD_MAX_LINE], value[RECORD_MAX_LINE];
	trimmed(p, 2, start[0] > 2 && start[0] <= len ? start[0] : 2, row, sizeof row);
	for (size_t c = 0; c < columns; c++) {
		size_t from = start[c] < len ? start[c] : len;
		size_t to = c + 1 < columns && start[c + 1] < len ? start[c + 1] : len;
		size_t head_to = c + 1 < columns ? start[c + 1] : header_len;
		trimmed(header, start[c], head_to, column, sizeof column);
		trimmed(p, from, to, value, sizeof value);
		if (add(r, number, RECORD_CELL, (const char *[]){grid, row, column, value}) != 0)
			return -1;
	}
	return 0;
}

/* A result as render_event writes it: a number or an errno name. */
static int is_result(const char *text)
{
	const char *p = text + (text[0] == '-');
	if (isdigit((unsigned char)*p)) {
		while (isdigit((unsigned char)*p))
			p++;
		return *p == '\0';
	}
	if (!isupper((unsigned char)*p))
		return 0;
	while (isupper((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_')
		p++;
	return *p == '\0';
}

/* A call line back into an E record: "CALL = RESULT" when the text after
 * the last " = " is a result, else "SOCKET = CALL" (a socket that was made:
 * its number is not in the text, the result is ""); then "  DETAIL". Not a
 * call line: nothing added. */
static int read_event(struct reader *r, size_t number, const char *line, size_t len)
{
	char text[RECORD_MAX_LINE];
	snprintf(text, sizeof text, "%.*s", (int)len, line);
	char *detail = strstr(text, "  ");
	if (detail) {
		*detail = '\0';
		detail += 2;
	}
	char *first = strstr(text, " = "), *last = first;
	if (!first)
		return 0;
	for (char *p = first; (p = strstr(p + 1, " = "));)
		last = p;
	*last = '\0';
	if (is_result(last + 3)) /* a call may hold " = " itself */
		return add(r, number, RECORD_EVENT, (const char *[]){text, last + 3, "", detail ? detail : ""});
	*last = ' ';
	*first = '\0';
	return add(r, number, RECORD_EVENT, (const char *[]){first + 3, "", text, detail ? detail : ""});
}

/* A line outside tables and grids: a call or a note, if asked for. */
static int read_line(struct reader *r, int what, size_t number, const char *line, size_t len, int *titled)
{
	if (len >= 2 && line[0] == '#' && line[1] == '@')
		return 0;
	if (len >= 2 && line[0] == '#' && line[1] == ' ') {
		if (!*titled) {
			*titled = 1;
			return 0;
		}
		char note[RECORD_MAX_LINE];
		snprintf(note, sizeof note, "%.*s", (int)(len - 2), line + 2);
		return (what & READ_NOTES) ? add(r, number, RECORD_NOTE, (const char *[]){note}) : 0;
	}
	*titled = 1;
	if (!(what & READ_EVENTS) || len == 0 || line[0] == ' ' || strncmp(line, "!! ", 3) == 0 ||
	    strncmp(line, "snapshot ", 9) == 0 || transcript_opens_grid(line, len))
		return 0;
	return read_event(r, number, line, len);
}

int transcript_opens_grid(const char *line, size_t len)
{
	return len > 5 && strncmp(line, "grid ", 5) == 0;
}

int transcript_read(const char *text, int what, struct transcript *t, size_t **lines, char *why,
		    size_t why_size)
{
	struct reader r = {.t = t, .lines = lines, .why = why, .why_size = why_size};
	if (lines)
		*lines = NULL;
	char grid[RECORD_MAX_LINE] = "";
	const char *header = NULL;
	size_t header_len = 0, starts[GRID_MAX_COLUMNS], columns = 0, number = 1;
	int titled = 0;
	for (const char *line = text; *line;) {
		size_t len = strcspn(line, "\n");
		const char *next = line[len] ? line + len + 1 : line + len;
		size_t next_len = strcspn(next, "\n"), start[RECORD_MAX_FIELDS];
		int in_grid = grid[0] && len > 2 && line[0] == ' ' && line[1] == ' ';
		if ((what & READ_SNAPSHOTS) && len > 9 && strncmp(line, "snapshot ", 9) == 0 &&
		    table_columns(next, next_len, start) == 0) {
			/* "snapshot LABEL" and a table header line, then its rows. */
			char label[RECORD_MAX_LINE];
			snprintf(label, sizeof label, "%.*s", (int)(len - 9), line + 9);
			if (add(&r, number, RECORD_SNAPSHOT, (const char *[]){label}) != 0)
				return -1;
			line = next[next_len] ? next + next_len + 1 : next + next_len;
			number += 2;
			if (read_table(&r, &line, &number, label, start) != 0)
				return -1;
			grid[0] = '\0';
			continue;
		}
		if ((what & READ_GRIDS) && in_grid && !header) {
			header = line;
			header_len = len;
			columns = grid_columns(line, len, starts);
		} else if ((what & READ_GRIDS) && in_grid && columns) {
			if (read_grid_row(&r, number, grid, header, header_len, starts, columns, line, len) != 0)
				return -1;
		} else {
			header = NULL;
			grid[0] = '\0';
			if (transcript_opens_grid(line, len))
				trimmed(line, 5, len, grid, sizeof grid);
			else if (read_line(&r, what, number, line, len, &titled) != 0)
				return -1;
		}
		line = next;
		number++;
	}
	return 0;
}
