/* report_cells: a grid cell read in its form's words (report_cells.h). */
#include "report_cells.h"

#include <stdio.h>
#include <string.h>

/* The call results: the cell's text before the first blank, split at '/'. */
#define CELL_MAX_RESULTS 8
static size_t cell_results(const char *value, char result[CELL_MAX_RESULTS][32])
{
	size_t count = 0, len = strcspn(value, " ");
	const char *p = value, *end = value + len;
	while (p < end && count < CELL_MAX_RESULTS) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		const char *stop = slash ? slash : end;
		snprintf(result[count++], 32, "%.*s", (int)(stop - p), p);
		p = stop + 1;
	}
	return count;
}

enum cell_outcome report_cell_outcome(const char *value)
{
	char result[CELL_MAX_RESULTS][32];
	size_t count = cell_results(value, result);
	int conflict = 0, error = 0, worked = 0;
	for (size_t i = 0; i < count; i++) {
		if (strcmp(result[i], "EADDRINUSE") == 0)
			conflict = 1;
		else if (strcmp(result[i], "0") == 0)
			worked = 1;
		else if (strcmp(result[i], "-") != 0)
			error = 1;
	}
	if (conflict)
		return CELL_CONFLICT;
	if (error)
		return CELL_ERROR;
	return worked ? CELL_BOTH : CELL_MISSING;
}


const struct report_grid_form *report_grid_form_of(const struct report_case *c, const char *grid)
{
	for (size_t i = c->form_count; i-- > 0;) /* the last declaration wins */
		if (strcmp(c->form[i].grid, grid) == 0)
			return &c->form[i];
	return NULL;
}

/* The n-th blank-separated word of text into out; -1 if there is none. */
static int nth_word(const char *text, size_t n, char *out, size_t size)
{
	for (const char *p = text; *p;) {
		p += strspn(p, " ");
		size_t len = strcspn(p, " ");
		if (len && n-- == 0) {
			snprintf(out, size, "%.*s", (int)len, p);
			return 0;
		}
		p += len;
	}
	return -1;
}

/* What a cell's word "TAG:value" means, from the form's "TAG:what; ...". */
static int tag_meaning(const char *tags, const char *tag, size_t tag_len, char *out, size_t size)
{
	for (const char *p = tags; p && *p;) {
		p += strspn(p, " ;");
		size_t len = strcspn(p, ";");
		const char *colon = memchr(p, ':', len);
		if (colon && (size_t)(colon - p) == tag_len && strncmp(p, tag, tag_len) == 0) {
			snprintf(out, size, "%.*s", (int)(len - tag_len - 1), colon + 1);
			return 0;
		}
		p += len;
	}
	return -1;
}

void report_cell_describe(const struct report_cell *cell, const struct report_grid_form *form, char *out,
			  size_t size)
{
	char result[CELL_MAX_RESULTS][32], name[64], meaning[128];
	size_t count = cell_results(cell->value, result);
	size_t used = 0;
#define APPEND(...)                                                               \
	do {                                                                      \
		int n_ = snprintf(out + used, size - used, __VA_ARGS__);          \
		if (n_ < 0 || (size_t)n_ >= size - used) {                        \
			return;                                                   \
		}                                                                 \
		used += (size_t)n_;                                               \
	} while (0)
	if (size == 0)
		return;
	out[0] = '\0';
	APPEND("%s %s, %s %s:", form ? form->rows : "row", cell->row, form ? form->columns : "column",
	       cell->column);
	if (report_cell_outcome(cell->value) == CELL_MISSING && count <= 1) {
		APPEND(" not reported");
		return;
	}
	for (size_t i = 0; i < count; i++) {
		const char *what = strcmp(result[i], "-") == 0 ? "not made" : result[i];
		if (form && nth_word(form->calls, i, name, sizeof name) == 0)
			APPEND("%s %s %s", i ? "," : "", name, what);
		else
			APPEND("%s call %zu %s", i ? "," : "", i + 1, what);
	}
	/* Then the tagged words, "v4:1st", in the form's words. */
	const char *p = cell->value + strcspn(cell->value, " ");
	while (*p) {
		p += strspn(p, " ");
		size_t len = strcspn(p, " ");
		const char *colon = memchr(p, ':', len);
		if (colon && form && tag_meaning(form->tags, p, (size_t)(colon - p), meaning, sizeof meaning) == 0)
			APPEND("; %s: %.*s", meaning, (int)(len - (size_t)(colon - p) - 1), colon + 1);
		else if (len)
			APPEND("; %.*s", (int)len, p);
		p += len;
	}
#undef APPEND
}
