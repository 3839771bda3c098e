#include "behaviour_diff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "growth.h"

/* A transcript as logical lines: a plain line is itself; a grid's header
 * line goes, and each cell becomes one entry keyed by (grid, row, column),
 * so a cell that changes width on another kernel changes one entry, not
 * the whole table. */
struct entry {
	size_t line;              /* 1-based, in its transcript */
	char *text;               /* plain line; NULL for a cell */
	char *grid, *row, *column, *value;
};

struct entries {
	struct entry *item;
	size_t count, capacity;
};

static char *copy_trimmed(const char *start, size_t len)
{
	while (len && start[0] == ' ')
		start++, len--;
	while (len && start[len - 1] == ' ')
		len--;
	char *s = malloc(len + 1);
	if (s) {
		memcpy(s, start, len);
		s[len] = '\0';
	}
	return s;
}

static int push(struct entries *e, struct entry entry)
{
	struct entry *grown = grow_to_fit(e->item, e->count + 1, &e->capacity, sizeof *grown, 64, 0);
	if (!grown)
		return -1;
	e->item = grown;
	e->item[e->count++] = entry;
	return 0;
}

static void entries_free(struct entries *e)
{
	for (size_t i = 0; i < e->count; i++) {
		free(e->item[i].text);
		free(e->item[i].grid);
		free(e->item[i].row);
		free(e->item[i].column);
		free(e->item[i].value);
	}
	free(e->item);
}

#define MAX_COLUMNS 256

/* Column starts in a grid header: a label begins after two or more spaces
 * (labels themselves hold single spaces: "[::] v6only=0"). */
static size_t column_starts(const char *header, size_t len, size_t start[MAX_COLUMNS])
{
	size_t n = 0;
	for (size_t i = 2; i < len && n < MAX_COLUMNS; i++)
		if (header[i] != ' ' && header[i - 1] == ' ' && header[i - 2] == ' ')
			start[n++] = i;
	return n;
}

static int parse(const char *text, struct entries *out)
{
	memset(out, 0, sizeof *out);
	const char *grid = NULL, *header = NULL;
	size_t grid_len = 0, header_len = 0, starts[MAX_COLUMNS], columns = 0, number = 0;
	for (const char *p = text; *p;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		number++;
		int in_grid = grid && len > 2 && p[0] == ' ' && p[1] == ' ';
		if (in_grid && !header) {
			header = p;
			header_len = len;
			columns = column_starts(p, len, starts);
		} else if (in_grid && columns) {
			char *row = copy_trimmed(p + 2, starts[0] > 2 && starts[0] <= len ? starts[0] - 2 : 0);
			for (size_t c = 0; c < columns; c++) {
				size_t from = starts[c], to = c + 1 < columns ? starts[c + 1] : len;
				size_t head_to = c + 1 < columns ? starts[c + 1] : header_len;
				if (from > len)
					from = len;
				if (to > len || c + 1 == columns)
					to = len;
				struct entry e = {
					.line = number,
					.grid = copy_trimmed(grid, grid_len),
					.row = row ? strdup(row) : NULL,
					.column = copy_trimmed(header + starts[c], head_to - starts[c]),
					.value = copy_trimmed(p + from, to - from),
				};
				if (!e.grid || !e.row || !e.column || !e.value || push(out, e) != 0) {
					free(e.grid); free(e.row); free(e.column); free(e.value); free(row);
					return -1;
				}
			}
			free(row);
		} else {
			grid = NULL;
			header = NULL;
			if (len > 5 && strncmp(p, "grid ", 5) == 0) {
				grid = p + 5;
				grid_len = len - 5;
			}
			char *raw = malloc(len + 1);
			if (!raw)
				return -1;
			memcpy(raw, p, len);
			raw[len] = '\0';
			struct entry e = {.line = number, .text = raw};
			if (push(out, e) != 0) {
				free(raw);
				return -1;
			}
		}
		p = end ? end + 1 : p + len;
	}
	return 0;
}

static int same_key(const struct entry *a, const struct entry *b)
{
	if (!a->text != !b->text)
		return 0;
	if (a->text)
		return 1; /* plain lines pair in order */
	return strcmp(a->grid, b->grid) == 0 && strcmp(a->row, b->row) == 0 &&
	       strcmp(a->column, b->column) == 0;
}

static int equal(const struct entry *a, const struct entry *b)
{
	if (a->text || b->text)
		return a->text && b->text && strcmp(a->text, b->text) == 0;
	return same_key(a, b) && strcmp(a->value, b->value) == 0;
}

static int add(struct diff_list *out, const struct entry *e, const struct entry *a)
{
	struct diff_item *grown = realloc(out->item, (out->count + 1) * sizeof *grown);
	if (!grown)
		return -1;
	out->item = grown;
	struct diff_item *d = &out->item[out->count++];
	memset(d, 0, sizeof *d);
	const struct entry *any = e ? e : a;
	d->line = e ? e->line : 0;
	if (!any->text) {
		d->kind = DIFF_CELL;
		d->grid = strdup(any->grid);
		d->row = strdup(any->row);
		d->column = strdup(any->column);
		d->expected = e ? strdup(e->value) : NULL;
		d->actual = a ? strdup(a->value) : NULL;
	} else {
		d->kind = DIFF_LINE;
		d->expected = e ? strdup(e->text) : NULL;
		d->actual = a ? strdup(a->text) : NULL;
	}
	return 0;
}

/* A run of removed entries e[0..ne) and added a[0..na): pair those with
 * the same key (a cell, or plain lines in order), the rest stand alone. */
static int flush(struct diff_list *out, struct entry **e, size_t ne, struct entry **a, size_t na)
{
	char *used = calloc(na + 1, 1);
	if (!used)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < ne && rc == 0; i++) {
		size_t j = 0;
		while (j < na && (used[j] || !same_key(e[i], a[j])))
			j++;
		if (j < na) {
			used[j] = 1;
			rc = add(out, e[i], a[j]);
		} else {
			rc = add(out, e[i], NULL);
		}
	}
	for (size_t j = 0; j < na && rc == 0; j++)
		if (!used[j])
			rc = add(out, NULL, a[j]);
	free(used);
	return rc;
}

int behaviour_diff(const char *expected, const char *actual, struct diff_list *out)
{
	memset(out, 0, sizeof *out);
	struct entries e, a;
	int rc = -1;
	unsigned *lcs = NULL;
	struct entry **run_e = NULL, **run_a = NULL;
	if (parse(expected, &e) != 0 || parse(actual, &a) != 0) {
		entries_free(&e);
		entries_free(&a);
		return -1;
	}
	size_t n = e.count, m = a.count;
	/* Longest common subsequence, from the end: lcs[i][j] for e[i..], a[j..]. */
	lcs = calloc((n + 1) * (m + 1), sizeof *lcs);
	run_e = calloc(n + 1, sizeof *run_e);
	run_a = calloc(m + 1, sizeof *run_a);
	if (!lcs || !run_e || !run_a)
		goto done;
#define L(i, j) lcs[(i) * (m + 1) + (j)]
	for (size_t i = n; i-- > 0;)
		for (size_t j = m; j-- > 0;)
			L(i, j) = equal(&e.item[i], &a.item[j]) ? L(i + 1, j + 1) + 1
				  : L(i + 1, j) > L(i, j + 1) ? L(i + 1, j) : L(i, j + 1);
	size_t i = 0, j = 0, ne = 0, na = 0;
	while (i < n || j < m) {
		if (i < n && j < m && equal(&e.item[i], &a.item[j])) {
			if (flush(out, run_e, ne, run_a, na) != 0)
				goto done;
			ne = na = 0;
			i++, j++;
		} else if (j < m && (i == n || L(i, j + 1) >= L(i + 1, j))) {
			run_a[na++] = &a.item[j++];
		} else {
			run_e[ne++] = &e.item[i++];
		}
	}
#undef L
	rc = flush(out, run_e, ne, run_a, na);
done:
	free(lcs);
	free(run_e);
	free(run_a);
	entries_free(&e);
	entries_free(&a);
	if (rc != 0)
		diff_list_free(out);
	return rc;
}

int behaviour_cells(const char *text, struct diff_list *out)
{
	struct entries e;
	memset(out, 0, sizeof *out);
	int rc = parse(text, &e);
	size_t capacity = 0;
	for (size_t i = 0; rc == 0 && i < e.count; i++) {
		struct entry *cell = &e.item[i];
		if (!cell->grid)
			continue;
		struct diff_item *grown =
			grow_to_fit(out->item, out->count + 1, &capacity, sizeof *grown, 64, 0);
		if (!grown) {
			rc = -1;
			break;
		}
		out->item = grown;
		/* The entry's strings move to the item. */
		out->item[out->count++] = (struct diff_item){.kind = DIFF_CELL, .line = cell->line,
			.grid = cell->grid, .row = cell->row, .column = cell->column, .expected = cell->value};
		cell->grid = cell->row = cell->column = cell->value = NULL;
	}
	entries_free(&e);
	if (rc != 0)
		diff_list_free(out);
	return rc;
}

void diff_list_free(struct diff_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		struct diff_item *d = &list->item[i];
		free(d->grid);
		free(d->row);
		free(d->column);
		free(d->expected);
		free(d->actual);
	}
	free(list->item);
	list->item = NULL;
	list->count = 0;
}

void behaviour_diff_summary(const struct diff_list *list, char *text, size_t size)
{
	size_t used = 0;
	text[0] = '\0';
	for (size_t i = 0; i < list->count && used + 1 < size; i++) {
		const struct diff_item *d = &list->item[i];
		int n;
		if (d->kind == DIFF_CELL) {
			n = snprintf(text + used, size - used, "%scell (%s, %s) %s -> %s", i ? "; " : "",
				     d->row, d->column, d->expected ? d->expected : "(none)",
				     d->actual ? d->actual : "(none)");
		} else {
			/* The call, not its result: "line 5 getaddrinfo(...)". */
			const char *line = d->expected ? d->expected : d->actual;
			const char *result = strstr(line, " = ");
			int len = result ? (int)(result - line) : (int)strlen(line);
			n = snprintf(text + used, size - used, "%sline %zu %s %.*s", i ? "; " : "", d->line,
				     d->expected && d->actual ? "changed:"
				     : d->expected		? "gone:"
							: "added:",
				     len > 72 ? 72 : len, line);
		}
		if (n < 0 || (size_t)n >= size - used) {
			/* cut at a whole item */
			text[used] = '\0';
			snprintf(text + used, size - used, "%s...", used ? "; " : "");
			return;
		}
		used += (size_t)n;
	}
}

int transcript_grid_cells(const char *text, grid_cell_sink sink, void *context)
{
	struct entries all;
	int rc = parse(text, &all);
	for (size_t i = 0; rc == 0 && i < all.count; i++)
		if (!all.item[i].text)
			rc = sink(all.item[i].grid, all.item[i].row, all.item[i].column,
				  all.item[i].value, context);
	entries_free(&all);
	return rc;
}
