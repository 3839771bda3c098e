#include "report_html.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "html_markdown.h"
#include "report_runtimes.h"

/* Dark text on light tints: every pair is above 7:1, well past AA's 4.5:1
 * (unit.report_html checks). Each class also has a symbol and a word, so
 * that the colour is never the only sign. */
const struct report_colour report_palette[] = {
	{"st-pass", "#0b3d0b", "#d3f2d3", "\u2713", "passed"},
	{"st-fail", "#6b0000", "#fbd3d3", "\u2717", "failed"},
	{"st-skip", "#4a3b00", "#fff1c2", "\u25cb", "skipped"},
	{"st-timeout", "#6b0000", "#fbd3d3", "!", "timed out"},
	{"st-crash", "#6b0000", "#fbd3d3", "!", "crashed"},
	{"m-both", "#0b3d0b", "#cfeecf", "\u2713", "both calls work"},
	{"m-conflict", "#6b0000", "#f8cccc", "\u2717", "conflict (EADDRINUSE)"},
	{"m-error", "#3b2a00", "#fde6a8", "!", "another error (EINVAL...)"},
	{"m-missing", "#2b2b2b", "#e6e6e6", "\u2013", "not reported"},
};
const size_t report_palette_count = sizeof report_palette / sizeof report_palette[0];

/* Body text, table headers and links on their backgrounds. */
const struct report_colour report_text_colours[] = {
	{"body", "#1a1a1a", "#ffffff", "", "text"},
	{"th", "#1a1a1a", "#eeeeee", "", "table headers"},
	{"a", "#0645ad", "#ffffff", "", "links"},
	{"pre", "#1a1a1a", "#f6f6f6", "", "embedded text"},
};
const size_t report_text_colour_count = sizeof report_text_colours / sizeof report_text_colours[0];

static const struct report_colour *palette_entry(const char *css_class)
{
	for (size_t i = 0; i < report_palette_count; i++)
		if (strcmp(report_palette[i].css_class, css_class) == 0)
			return &report_palette[i];
	return &report_palette[report_palette_count - 1];
}

/* --- contrast (WCAG 2.1, relative luminance) --- */

static int parse_colour(const char *text, double rgb[3])
{
	if (!text || text[0] != '#' || strlen(text) != 7 || strspn(text + 1, "0123456789abcdefABCDEF") != 6)
		return -1;
	for (int i = 0; i < 3; i++) {
		char part[3] = {text[1 + 2 * i], text[2 + 2 * i], '\0'};
		double c = (double)strtol(part, NULL, 16) / 255.0;
		rgb[i] = c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4); /* sRGB to linear */
	}
	return 0;
}

double report_contrast_ratio(const char *colour_a, const char *colour_b)
{
	double a[3], b[3];
	if (parse_colour(colour_a, a) != 0 || parse_colour(colour_b, b) != 0)
		return 0;
	double la = 0.2126 * a[0] + 0.7152 * a[1] + 0.0722 * a[2];
	double lb = 0.2126 * b[0] + 0.7152 * b[1] + 0.0722 * b[2];
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* --- matrix cells --- */

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

static const char *outcome_class(enum cell_outcome outcome)
{
	static const char *const classes[] = {"m-both", "m-conflict", "m-error", "m-missing"};
	return classes[outcome];
}

/* Which call each result belongs to, from the grid's name (the lessons
 * name the order: "bind bind listen listen", "bind listen bind listen";
 * UDP cells hold the two bind() results). */
static const char *const *call_names(const char *grid, size_t count)
{
	static const char *const bbll[] = {"bind(first)", "bind(second)", "listen(first)", "listen(second)"};
	static const char *const blbl[] = {"bind(first)", "listen(first)", "bind(second)", "listen(second)"};
	static const char *const bb[] = {"bind(first)", "bind(second)"};
	if (count == 4 && strstr(grid, "bind listen bind listen"))
		return blbl;
	if (count == 4 && strstr(grid, "bind bind listen listen"))
		return bbll;
	if (count == 2)
		return bb;
	return NULL;
}

void report_cell_describe(const struct report_cell *cell, char *out, size_t size)
{
	char result[CELL_MAX_RESULTS][32];
	size_t count = cell_results(cell->value, result);
	const char *const *names = call_names(cell->grid, count);
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
	APPEND("first socket %s, second %s:", cell->row, cell->column);
	if (report_cell_outcome(cell->value) == CELL_MISSING && count <= 1) {
		APPEND(" not reported");
		return;
	}
	for (size_t i = 0; i < count; i++) {
		const char *what = strcmp(result[i], "-") == 0 ? "not made" : result[i];
		if (names)
			APPEND("%s %s %s", i ? "," : "", names[i], what);
		else
			APPEND("%s call %zu %s", i ? "," : "", i + 1, what);
	}
	/* Then "v4:1st v6:none": who got the traffic to 127.0.0.1 and [::1]. */
	const char *p = cell->value + strcspn(cell->value, " ");
	while (*p == ' ')
		p++;
	while (*p) {
		size_t len = strcspn(p, " ");
		if (len > 3 && strncmp(p, "v4:", 3) == 0)
			APPEND("; to 127.0.0.1: %.*s", (int)(len - 3), p + 3);
		else if (len > 3 && strncmp(p, "v6:", 3) == 0)
			APPEND("; to [::1]: %.*s", (int)(len - 3), p + 3);
		else
			APPEND("; %.*s", (int)len, p);
		p += len;
		while (*p == ' ')
			p++;
	}
#undef APPEND
}

/* --- the page --- */

static void write_styles(FILE *out)
{
	fputs("<style>\n"
	      "body{font-family:\"DejaVu Sans\",system-ui,sans-serif;margin:1.5rem;line-height:1.4}\n"
	      "code,pre,.v{font-family:\"DejaVu Sans Mono\",ui-monospace,monospace}\n"
	      "table{border-collapse:collapse;margin:.5rem 0}\n"
	      "caption{text-align:left;font-weight:bold;padding:.25rem 0}\n"
	      "th,td{border:1px solid #767676;padding:.15rem .4rem;vertical-align:top;text-align:left}\n"
	      "ul.cases{list-style:none;margin:0;padding:0}\n"
	      "ul.cases li{margin:.1rem 0;padding:0 .3rem;white-space:nowrap}\n"
	      ".grids{display:flex;flex-wrap:wrap;gap:0 1.5rem}\n"
	      "table.grid{font-size:.78rem}\n"
	      "table.grid td,table.grid th{white-space:nowrap}\n"
	      "pre{padding:.5rem;overflow:auto}\n"
	      /* A kernel's differing value under the cell's own: bold, outlined, same colours. */
	      "td .k{display:block;font-weight:bold;border-top:2px dashed currentColor}\n"
	      "ul.cases li details{white-space:normal}\n"
	      /* Read by screen readers, not shown. */
	      ".vh{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;"
	      "clip:rect(0,0,0,0);white-space:nowrap;border:0}\n",
	      out);
	for (size_t i = 0; i < report_text_colour_count; i++)
		fprintf(out, "%s{color:%s;background:%s}\n", report_text_colours[i].css_class,
			report_text_colours[i].foreground, report_text_colours[i].background);
	for (size_t i = 0; i < report_palette_count; i++)
		fprintf(out, ".%s{color:%s;background:%s}\n", report_palette[i].css_class,
			report_palette[i].foreground, report_palette[i].background);
	fputs("</style>\n", out);
}

/* A symbol for the eye (hidden from screen readers, which get the word). */
static void write_mark(FILE *out, const struct report_colour *c, int with_hidden_word)
{
	fprintf(out, "<span aria-hidden=\"true\">%s</span> ", c->symbol);
	if (with_hidden_word) {
		fputs("<span class=\"vh\">", out);
		html_escape(out, c->meaning);
		fputs(": </span>", out);
	}
}

static const char *status_class(enum case_status status)
{
	static const char *const classes[] = {"st-pass", "st-fail", "st-skip", "st-timeout", "st-crash"};
	return classes[status];
}

static int is_matrix_lesson(const char *name)
{
	return strncmp(name, REPORT_MATRIX_PREFIX, strlen(REPORT_MATRIX_PREFIX)) == 0;
}

static int lesson_has_cells(const struct report_page *page, const char *name)
{
	for (size_t i = 0; i < page->case_count; i++)
		if (strcmp(page->kase[i].scenario, name) == 0 && page->kase[i].cell_count)
			return 1;
	return 0;
}

static void write_lessons(FILE *out, const struct report_page *page)
{
	fputs("<section id=\"lessons\" aria-labelledby=\"lessons-title\">\n"
	      "<h2 id=\"lessons-title\">Lessons</h2>\n"
	      "<p>Each lesson is a program in <code>scenarios/</code>; its summary is the first paragraph of "
	      "its header comment. A case is the lesson under one variant (<code>dslab list</code>); it "
	      "passes when its transcript equals the reviewed golden in <code>expected/</code>.</p>\n"
	      "<table id=\"lesson-index\">\n<caption>Lessons, what each shows, and how its cases fared in this run</caption>\n"
	      "<thead><tr><th scope=\"col\">Lesson</th><th scope=\"col\">What it shows</th>"
	      "<th scope=\"col\">Cases</th></tr></thead>\n<tbody>\n",
	      out);
	for (size_t l = 0; l < page->lesson_count; l++) {
		const struct report_lesson *lesson = &page->lesson[l];
		fputs("<tr data-lesson=\"", out);
		html_escape(out, lesson->name);
		fputs("\"><th scope=\"row\" id=\"lesson-", out);
		html_escape(out, lesson->name);
		fputs("\"><code>", out);
		html_escape(out, lesson->name);
		fputs("</code></th><td>", out);
		if (lesson->summary)
			html_escape(out, lesson->summary);
		else
			fputs("<em>no summary: the scenario source has no \u201cLesson:\u201d header</em>", out);
		if (is_matrix_lesson(lesson->name) && lesson_has_cells(page, lesson->name)) {
			fputs(" <a href=\"#matrix-", out);
			html_escape(out, lesson->name);
			fputs("\">See its grids.</a>", out);
		}
		fputs("</td><td>", out);
		size_t shown = 0;
		for (size_t i = 0; i < page->case_count; i++) {
			const struct report_case *c = &page->kase[i];
			if (strcmp(c->scenario, lesson->name) != 0)
				continue;
			if (shown++ == 0)
				fputs("<ul class=\"cases\">", out);
			const struct report_colour *colour = palette_entry(status_class(c->status));
			fprintf(out, "<li class=\"%s\" data-case=\"", colour->css_class);
			html_escape(out, c->name);
			fputs("\">", out);
			write_mark(out, colour, 0);
			fputs("<code>", out);
			html_escape(out, c->variant);
			fputs("</code> <strong class=\"status\">", out);
			html_escape(out, case_status_name(c->status));
			fputs("</strong>", out);
			if (c->recorded && c->recorded[0]) /* passed as this kernel's or libc's recorded difference */
				html_write_parts(out, " <span class=\"recorded\">(recorded for ", c->recorded, ")</span>",
						 NULL);
			if (c->reason && c->reason[0]) {
				fputs(": ", out);
				html_escape(out, c->reason);
			}
			if (c->diff && c->diff[0])
				html_write_parts(out, "<details class=\"diff\"><summary>the diff</summary><pre>", c->diff,
						 "</pre></details>", NULL);
			fputs("</li>", out);
		}
		fputs(shown ? "</ul>" : "<em>not run in this report</em>", out);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody>\n</table>\n</section>\n", out);
}

/* The variant's settings other than bindv6only: the matrix groups cases by
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
	fputs("</caption>\n<thead><tr><th scope=\"col\">first \\ second</th>", out);
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
				palette_entry(outcome_class(report_cell_outcome(cell->value)));
			report_cell_describe(cell, title, sizeof title);
			fprintf(out, "<td class=\"%s\" title=\"", colour->css_class);
			html_escape(out, title);
			size_t next = 0;
			for (const struct report_kernel_cell *other; (other = kernel_cell(page, c, cell, &next));)
				html_write_parts(out, ". On ", other->where, " it differs: ", other->value, NULL);
			fputs("\">", out);
			write_mark(out, colour, 1);
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
	static const char *const samples[] = {"0/0/0/0 v4:1st v6:2nd", "0/EADDRINUSE/0/-", "EINVAL/0/-/0", "-"};
	for (size_t i = 0; i < 4; i++) {
		const struct report_colour *c = palette_entry(classes[i]);
		fprintf(out, "<tr><td class=\"%s\" title=\"", c->css_class);
		html_escape(out, c->meaning);
		fputs("\">", out);
		write_mark(out, c, 0);
		fputs("<span class=\"v\">", out);
		html_escape(out, samples[i]);
		fputs("</span></td><td>", out);
		html_escape(out, c->meaning);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody>\n</table>\n"
	      "<p>A cell lists each call's result in the grid's order (<code>bind bind listen listen</code> or "
	      "<code>bind listen bind listen</code> for TCP; the two <code>bind()</code> calls for UDP): "
	      "<code>0</code>, the errno name, or <code>-</code> for a call not made. Where both sockets "
	      "listen (TCP) or are bound (UDP), <code>v4:</code> and <code>v6:</code> say which socket got "
	      "the traffic to 127.0.0.1 and to [::1]: <code>1st</code>, <code>2nd</code>, "
	      "<code>none</code>, or <code>shared</code> (SO_REUSEPORT). Rows are the first socket, columns "
	      "the second; a bare IPv6 label leaves IPV6_V6ONLY unset, so the socket takes "
	      "net.ipv6.bindv6only's value. Hover over a cell for it in words.</p>\n",
	      out);
}

static void write_matrix(FILE *out, const struct report_page *page)
{
	fputs("<section id=\"matrix\" aria-labelledby=\"matrix-title\">\n"
	      "<h2 id=\"matrix-title\">The bind-conflict matrix</h2>\n",
	      out);
	int any = 0;
	for (size_t l = 0; l < page->lesson_count; l++)
		any |= is_matrix_lesson(page->lesson[l].name) && lesson_has_cells(page, page->lesson[l].name);
	if (!any) {
		fputs("<p>No matrix case ran in this report (run <code>dslab report --html DIR</code> without "
		      "patterns, or with <code>bind_matrix_tcp bind_matrix_udp</code>).</p>\n</section>\n",
		      out);
		return;
	}
	write_legend(out);
	for (size_t l = 0; l < page->lesson_count; l++) {
		const char *lesson = page->lesson[l].name;
		if (!is_matrix_lesson(lesson) || !lesson_has_cells(page, lesson))
			continue;
		const char *protocol = lesson + strlen(REPORT_MATRIX_PREFIX);
		fputs("<h3 id=\"matrix-", out);
		html_escape(out, lesson);
		fputs("\">", out);
		for (const char *p = protocol; *p; p++)
			fputc(toupper((unsigned char)*p), out);
		fputs(": <code>", out);
		html_escape(out, lesson);
		fputs("</code></h3>\n", out);

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
				const struct report_colour *colour = palette_entry(status_class(c->status));
				fputs("<h5>bindv6only=", out);
				html_escape(out, c->bindv6only[0] ? c->bindv6only : "?");
				fprintf(out, " <span class=\"%s\">", colour->css_class);
				write_mark(out, colour, 0);
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

/* --- the kernel/libc behaviour diff, embedded from dslab kernels' file --- */

static void write_kernels(FILE *out, const struct report_page *page)
{
	fputs("<section id=\"kernels\" aria-labelledby=\"kernels-title\">\n"
	      "<h2 id=\"kernels-title\">Kernel and libc behaviour differences</h2>\n",
	      out);
	if (page->kernel_diff_kind == KERNEL_DIFF_NONE || !page->kernel_diff) {
		fputs("<p id=\"no-kernel-matrix\">No kernel matrix run yet. <code>dslab kernels</code> runs the "
		      "lessons on other kernels and libcs and writes its behaviour-diff table to <code>",
		      out);
		html_escape(out, page->kernel_diff_default ? page->kernel_diff_default : "build/kernels/diff.md");
		fputs("</code> (markdown) or <code>diff.json</code> beside it; the report embeds it from "
		      "there (or from <code>--kernel-diff FILE</code>).</p>\n</section>\n",
		      out);
		return;
	}
	fputs("<p>From <code>", out);
	html_escape(out, page->kernel_diff_path ? page->kernel_diff_path : "");
	fputs("</code>.</p>\n<div id=\"kernel-diff\">\n", out);
	if (page->kernel_diff_kind == KERNEL_DIFF_MARKDOWN) {
		html_write_markdown(out, page->kernel_diff);
	} else {
		fputs("<pre>", out);
		html_escape(out, page->kernel_diff);
		fputs("</pre>\n", out);
	}
	fputs("</div>\n</section>\n", out);
}

int report_html_write(FILE *out, const struct report_page *page)
{
	size_t tally[5] = {0};
	for (size_t i = 0; i < page->case_count; i++)
		tally[page->kase[i].status]++;
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      /* Nothing may load from elsewhere: no script, no fetch, inline styles only. */
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
	      "'unsafe-inline'\">\n"
	      "<title>dualstack-lab report</title>\n",
	      out);
	write_styles(out);
	fputs("</head>\n<body>\n<header>\n<h1>dualstack-lab: dual-stack socket lessons</h1>\n<p id=\"summary\">", out);
	fprintf(out, "%zu passed, %zu failed, %zu skipped", tally[CASE_PASS],
		tally[CASE_FAIL] + tally[CASE_TIMEOUT] + tally[CASE_CRASH], tally[CASE_SKIP]);
	if (page->system && page->system[0]) {
		fputs(" on ", out);
		html_escape(out, page->system);
	}
	fputs(".</p>\n<p id=\"reference\">The goldens are the reference's behaviour: ", out);
	html_escape(out, page->reference ? page->reference : "not recorded (no expected/REFERENCE)");
	fputs(". A case marked \u201crecorded for\u201d passed as a difference recorded for this "
	      "kernel or libc; a grid cell marked \u2260 differs on that kernel or libc in the last "
	      "<code>dslab kernels</code> run.</p>\n<nav aria-label=\"Sections\"><ul>"
	      "<li><a href=\"#lessons\">Lessons</a></li>"
	      "<li><a href=\"#matrix\">The bind-conflict matrix</a></li>"
	      "<li><a href=\"#runtimes\">Runtimes and servers</a></li>"
	      "<li><a href=\"#kernels\">Kernel and libc behaviour differences</a></li>"
	      "</ul></nav>\n</header>\n<main>\n",
	      out);
	write_lessons(out, page);
	write_matrix(out, page);
	report_runtimes_write(out, page);
	write_kernels(out, page);
	fputs("</main>\n</body>\n</html>\n", out);
	return ferror(out) ? -1 : 0;
}

void report_page_free(struct report_page *page)
{
	for (size_t i = 0; i < page->lesson_count; i++) {
		free(page->lesson[i].name);
		free(page->lesson[i].summary);
	}
	free(page->lesson);
	for (size_t i = 0; i < page->case_count; i++) {
		struct report_case *c = &page->kase[i];
		for (size_t k = 0; k < c->cell_count; k++) {
			free(c->cell[k].grid);
			free(c->cell[k].row);
			free(c->cell[k].column);
			free(c->cell[k].value);
		}
		free(c->cell);
		free(c->name);
		free(c->scenario);
		free(c->variant);
		free(c->bindv6only);
		free(c->reason);
		free(c->recorded);
		free(c->diff);
	}
	free(page->kase);
	page->lesson = NULL;
	page->kase = NULL;
	page->lesson_count = page->case_count = 0;
}
