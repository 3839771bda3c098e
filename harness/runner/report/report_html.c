#include "report_html.h"

#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "html_markdown.h"
#include "report_grids.h"
#include "report_palette.h"
#include "report_runtimes.h"
#include "version.h"

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
		if (report_lesson_has_grids(page, lesson->name)) {
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
			const struct report_colour *colour = report_palette_entry(report_status_class(c->status));
			fprintf(out, "<li class=\"%s\" data-case=\"", colour->css_class);
			html_escape(out, c->name);
			fputs("\">", out);
			report_write_mark(out, colour, 0);
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
	      "<li><a href=\"#matrix\">Result grids</a></li>"
	      "<li><a href=\"#runtimes\">Runtimes and servers</a></li>"
	      "<li><a href=\"#kernels\">Kernel and libc behaviour differences</a></li>"
	      "</ul></nav>\n</header>\n<main>\n",
	      out);
	write_lessons(out, page);
	report_write_grids(out, page);
	report_runtimes_write(out, page);
	write_kernels(out, page);
	fputs("</main>\n<footer>\n<p id=\"version\">Written by dslab ", out);
	html_escape(out, dslab_version);
	fputs(", commit ", out);
	html_escape(out, dslab_commit);
	fputs(".</p>\n</footer>\n</body>\n</html>\n", out);
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
		for (size_t k = 0; k < c->form_count; k++) {
			free(c->form[k].grid);
			free(c->form[k].rows);
			free(c->form[k].columns);
			free(c->form[k].calls);
			free(c->form[k].tags);
		}
		free(c->form);
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
