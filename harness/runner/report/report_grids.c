/* report_grids: the page's section of result grids, drawn and described
 * from what each lesson declared of its grids (report_grid_form) and the
 * cells it reported; nothing here knows a lesson. */
#include "report_grids.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "report_cells.h"
#include "report_palette.h"

static const char *outcome_class(enum cell_outcome outcome)
{
	static const char *const classes[] = {"m-both", "m-conflict", "m-error", "m-missing"};
	return classes[outcome];
}

int report_lesson_has_grids(const struct report_page *page, const char *name)
{
	for (size_t i = 0; i < page->case_count; i++)
		if (strcmp(page->kase[i].scenario, name) == 0 && page->kase[i].cell_count)
			return 1;
	return 0;
}

/* The variant's settings other than bindv6only: the section groups cases by
 * them, so that a case's bindv6only=0 and =1 grids stand together. */
static void settings_without_bindv6only(const char *variant, char *out, size_t size)
{
	size_t used = 0;
	out[0] = '\0';
	const char *p = variant;
	while (*p) {
		size_t len = strcspn(p, ",");
		if (!(len >= 11 && strncmp(p, "bindv6only=", 11) == 0)) {
			int n = snprintf(out + used, size - used, "%s%.*s", used ? ", " : "", (int)len, p);
			if (n < 0 || (size_t)n >= size - used)
				return;
			used += (size_t)n;
		}
		p += len + (p[len] == ',');
	}
}

/* The grids of one case: cells grouped by grid, each grid's rows and
 * columns in the order first reported (as the golden prints them). */
#define GRID_MAX_LABELS 256

static size_t label_index(const char **labels, size_t *count, const char *label)
{
	for (size_t i = 0; i < *count; i++)
		if (strcmp(labels[i], label) == 0)
			return i;
	if (*count == GRID_MAX_LABELS)
		return GRID_MAX_LABELS;
	labels[*count] = label;
	return (*count)++;
}

static const struct report_cell *find_cell(const struct report_case *c, const char *grid, const char *row,
					   const char *column)
{
	for (size_t i = c->cell_count; i-- > 0;) /* the last report wins, as in the golden */
		if (strcmp(c->cell[i].grid, grid) == 0 && strcmp(c->cell[i].row, row) == 0 &&
		    strcmp(c->cell[i].column, column) == 0)
			return &c->cell[i];
	return NULL;
}

/* The last kernel matrix's value of this cell where it differs, or NULL;
 * *next continues the search (a cell may differ on several columns). */
static const struct report_kernel_cell *kernel_cell(const struct report_page *page,
						    const struct report_case *c,
						    const struct report_cell *cell, size_t *next)
{
	for (; *next < page->kernel_cell_count; (*next)++) {
		const struct report_kernel_cell *k = &page->kernel_cell[*next];
		if (strcmp(k->case_name, c->name) == 0 && strcmp(k->grid, cell->grid) == 0 &&
		    strcmp(k->row, cell->row) == 0 && strcmp(k->column, cell->column) == 0) {
			(*next)++;
			return k;
		}
	}
	return NULL;
}

/* Where the cell differs on another kernel or libc: said in its title and
 * shown under its value. */
static void write_kernel_marks(FILE *out, const struct report_page *page, const struct report_case *c,
			       const struct report_cell *cell)
{
	size_t next = 0;
	const struct report_kernel_cell *k;
	while ((k = kernel_cell(page, c, cell, &next)))
		html_write_parts(out, "<span class=\"k\" data-kernel=\"", k->where, "\">\u2260 ", k->where,
				 ": ", k->value, "</span>", NULL);
}

static void write_grid(FILE *out, const struct report_page *page, const struct report_case *c,
		       const char *grid)
{
	const char *rows[GRID_MAX_LABELS], *columns[GRID_MAX_LABELS];
	size_t row_count = 0, column_count = 0;
	const struct report_grid_form *form = report_grid_form_of(c, grid);
	for (size_t i = 0; i < c->cell_count; i++) {
		if (strcmp(c->cell[i].grid, grid) != 0)
			continue;
		label_index(rows, &row_count, c->cell[i].row);
		label_index(columns, &column_count, c->cell[i].column);
	}
	fputs("<table class=\"grid\" data-case=\"", out);
	html_escape(out, c->name);
	fputs("\" data-grid=\"", out);
	html_escape(out, grid);
	fputs("\">\n<caption>", out);
	html_escape(out, grid);
	if (c->bindv6only[0]) {
		fputs(" (bindv6only=", out);
		html_escape(out, c->bindv6only);
		fputs(")", out);
	}
	fputs("</caption>\n<thead><tr><th scope=\"col\">", out);
	html_write_parts(out, "", form ? form->rows : "row", " \\ ", form ? form->columns : "column", NULL);
	fputs("</th>", out);
	for (size_t k = 0; k < column_count; k++) {
		fputs("<th scope=\"col\">", out);
		html_escape(out, columns[k]);
		fputs("</th>", out);
	}
	fputs("</tr></thead>\n<tbody>\n", out);
	char title[1024];
	for (size_t r = 0; r < row_count; r++) {
		fputs("<tr><th scope=\"row\">", out);
		html_escape(out, rows[r]);
		fputs("</th>", out);
		for (size_t k = 0; k < column_count; k++) {
			const struct report_cell *cell = find_cell(c, grid, rows[r], columns[k]);
			struct report_cell missing = {(char *)grid, (char *)rows[r], (char *)columns[k], (char *)"-"};
			if (!cell)
				cell = &missing;
			const struct report_colour *colour =
				report_palette_entry(outcome_class(report_cell_outcome(cell->value)));
			report_cell_describe(cell, form, title, sizeof title);
			fprintf(out, "<td class=\"%s\" title=\"", colour->css_class);
			html_escape(out, title);
			size_t next = 0;
			for (const struct report_kernel_cell *other; (other = kernel_cell(page, c, cell, &next));)
				html_write_parts(out, ". On ", other->where, " it differs: ", other->value, NULL);
			fputs("\">", out);
			report_write_mark(out, colour, 1);
			fputs("<span class=\"v\">", out);
			html_escape(out, cell->value);
			fputs("</span>", out);
			write_kernel_marks(out, page, c, cell);
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
}

static void write_case_grids(FILE *out, const struct report_page *page, const struct report_case *c)
{
	const char *grids[GRID_MAX_LABELS];
	size_t grid_count = 0;
	for (size_t i = 0; i < c->cell_count; i++)
		label_index(grids, &grid_count, c->cell[i].grid);
	fputs("<div class=\"grids\">\n", out);
	for (size_t g = 0; g < grid_count; g++)
		write_grid(out, page, c, grids[g]);
	fputs("</div>\n", out);
}

static void write_legend(FILE *out)
{
	fputs("<table class=\"legend\">\n<caption>How to read a cell</caption>\n"
	      "<thead><tr><th scope=\"col\">Looks like</th><th scope=\"col\">Means</th></tr></thead>\n<tbody>\n",
	      out);
	static const char *const classes[] = {"m-both", "m-conflict", "m-error", "m-missing"};
	static const char *const samples[] = {"0/0", "0/EADDRINUSE", "EINVAL/0", "-"};
	for (size_t i = 0; i < 4; i++) {
		const struct report_colour *c = report_palette_entry(classes[i]);
		fprintf(out, "<tr><td class=\"%s\" title=\"", c->css_class);
		html_escape(out, c->meaning);
		fputs("\">", out);
		report_write_mark(out, c, 0);
		fputs("<span class=\"v\">", out);
		html_escape(out, samples[i]);
		fputs("</span></td><td>", out);
		html_escape(out, c->meaning);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody>\n</table>\n"
	      "<p>A cell lists the results of its grid's calls in order, <code>/</code> between them: "
	      "<code>0</code>, the errno name, or <code>-</code> for a call not made; tagged words may "
	      "follow. Each lesson below says what its rows, columns, calls and tags are, as the lesson "
	      "declares them. Hover over a cell for it in words.</p>\n",
	      out);
}

/* How to read one lesson's grids: each distinct form its cases declared. */
static void write_forms(FILE *out, const struct report_page *page, const char *lesson)
{
	const struct report_grid_form *seen[GRID_MAX_LABELS];
	size_t seen_count = 0;
	for (size_t i = 0; i < page->case_count; i++) {
		const struct report_case *c = &page->kase[i];
		for (size_t f = 0; strcmp(c->scenario, lesson) == 0 && f < c->form_count; f++) {
			const struct report_grid_form *form = &c->form[f];
			int known = 0;
			for (size_t k = 0; k < seen_count && !known; k++)
				known = strcmp(seen[k]->rows, form->rows) == 0 &&
					strcmp(seen[k]->columns, form->columns) == 0 &&
					strcmp(seen[k]->calls, form->calls) == 0 && strcmp(seen[k]->tags, form->tags) == 0;
			if (known || seen_count == GRID_MAX_LABELS)
				continue;
			seen[seen_count++] = form;
			html_write_parts(out, "<p class=\"form\">Rows: the ", form->rows, "; columns: the ",
					 form->columns, ". A cell: <code>", form->calls, "</code>", NULL);
			if (form->tags[0])
				html_write_parts(out, "; then <code>", form->tags, "</code>", NULL);
			fputs(".</p>\n", out);
		}
	}
}

void report_write_grids(FILE *out, const struct report_page *page)
{
	fputs("<section id=\"matrix\" aria-labelledby=\"matrix-title\">\n"
	      "<h2 id=\"matrix-title\">Result grids</h2>\n",
	      out);
	int any = 0;
	for (size_t l = 0; l < page->lesson_count; l++)
		any |= report_lesson_has_grids(page, page->lesson[l].name);
	if (!any) {
		fputs("<p>No case with result grids ran in this report (run <code>dslab report --html DIR</code> "
		      "without patterns, or with the lessons that have grids).</p>\n</section>\n",
		      out);
		return;
	}
	write_legend(out);
	for (size_t l = 0; l < page->lesson_count; l++) {
		const char *lesson = page->lesson[l].name;
		if (!report_lesson_has_grids(page, lesson))
			continue;
		html_write_parts(out, "<h3 id=\"matrix-", lesson, "\"><code>", lesson, "</code></h3>\n", NULL);
		write_forms(out, page, lesson);

		/* Groups: the settings other than bindv6only, in run order; in
		 * each group its cases, bindv6only=0 then 1 as run. */
		char done_group[64][128];
		size_t group_count = 0;
		for (size_t i = 0; i < page->case_count; i++) {
			const struct report_case *first = &page->kase[i];
			if (strcmp(first->scenario, lesson) != 0)
				continue;
			char group[128];
			settings_without_bindv6only(first->variant, group, sizeof group);
			int seen = 0;
			for (size_t g = 0; g < group_count && !seen; g++)
				seen = strcmp(done_group[g], group) == 0;
			if (seen)
				continue;
			if (group_count < 64)
				snprintf(done_group[group_count++], sizeof done_group[0], "%s", group);
			fputs("<h4>", out);
			html_escape(out, group[0] ? group : "every setting");
			fputs("</h4>\n", out);
			for (size_t j = i; j < page->case_count; j++) {
				const struct report_case *c = &page->kase[j];
				char other[128];
				if (strcmp(c->scenario, lesson) != 0)
					continue;
				settings_without_bindv6only(c->variant, other, sizeof other);
				if (strcmp(other, group) != 0)
					continue;
				const struct report_colour *colour = report_palette_entry(report_status_class(c->status));
				fputs("<h5>bindv6only=", out);
				html_escape(out, c->bindv6only[0] ? c->bindv6only : "?");
				fprintf(out, " <span class=\"%s\">", colour->css_class);
				report_write_mark(out, colour, 0);
				fputs("<code>", out);
				html_escape(out, c->name);
				fputs("</code> ", out);
				html_escape(out, case_status_name(c->status));
				fputs("</span></h5>\n", out);
				if (c->status != CASE_PASS && c->cell_count)
					fputs("<p>The case did not pass: these cells are what this run saw, not the "
					      "golden's.</p>\n",
					      out);
				if (c->cell_count)
					write_case_grids(out, page, c);
				else
					fputs("<p>No cells: the case did not run to its grids.</p>\n", out);
			}
		}
	}
	fputs("</section>\n", out);
}
