/* report_runtimes: the "Runtimes and servers" section (report_runtimes.h). */
#include "report_runtimes.h"

#include <limits.h>
#include <string.h>

#include "html.h"
#include "runtime_rows.h"

/* "tcp 0.0.0.0:7500 v6only -, tcp6 [::]:7500 v6only 1": a line each. */
static void write_listeners(FILE *out, const char *listeners)
{
	while (*listeners) {
		size_t len = strcspn(listeners, ",");
		fputs("<br><code>", out);
		html_escape_n(out, listeners, len);
		fputs("</code>", out);
		listeners += len;
		while (*listeners == ',' || *listeners == ' ')
			listeners++;
	}
}

static void write_cell(FILE *out, const struct program_summary *cell)
{
	fputs("<td>", out);
	if (cell->failure[0]) {
		html_write_parts(out, "<strong>does not start</strong>: <code>", cell->failure, "</code>", NULL);
		if (cell->listeners[0]) {
			fputs("<br>holds meanwhile", out);
			write_listeners(out, cell->listeners);
		}
		fputs("</td>", out);
		return;
	}
	html_write_parts(out, "takes <strong>", runtime_took_text(cell), "</strong>", NULL);
	if (cell->listeners[0])
		write_listeners(out, cell->listeners);
	else
		fputs("<br>no listener", out);
	if (cell->seen4[0])
		html_write_parts(out, "<br>IPv4 client seen as <code>", cell->seen4, "</code>", NULL);
	fputs("</td>", out);
}

static void write_row(FILE *out, const struct runtime_row *row)
{
	html_write_parts(out, "<tr data-runtime=\"", row->lesson, "\"><th scope=\"row\"><code>",
			 row->cell[0].started_by, "</code></th><td><code>", row->lesson, row->settings[0] ? " " : "",
			 row->settings, "</code></td>", NULL);
	write_cell(out, &row->cell[0]);
	if (row->has[1])
		write_cell(out, &row->cell[1]);
	else
		fputs("<td><em>no golden</em></td>", out);
	fputs("</tr>\n", out);
}

void report_runtimes_write(FILE *out, const struct report_page *page)
{
	fputs("<section id=\"runtimes\" aria-labelledby=\"runtimes-title\">\n"
	      "<h2 id=\"runtimes-title\">Runtimes and servers</h2>\n"
	      "<p>What real programs do with the family and <code>IPV6_V6ONLY</code>, from the reviewed "
	      "goldens of the lessons whose subject is a real program (the reference's behaviour, not this "
	      "run's): each is started in its case's namespace and probed by an IPv4 client (127.0.0.1) and "
	      "an IPv6 client (::1). A cell says which clients it took, its listening rows (file, local "
	      "address, v6only) and the address the program itself printed or logged for the IPv4 client; "
	      "or the error it logged where it did not start.</p>\n",
	      out);
	struct runtime_rows rows = {0};
	char why[PATH_MAX + 256];
	if (!page->expected_dir || runtime_rows_read(page->expected_dir, &rows, why, sizeof why) != 0) {
		if (page->expected_dir)
			html_write_parts(out, "<p><em>The goldens cannot be read: ", why, "</em></p>\n", NULL);
	}
	if (rows.count) {
		fputs("<table id=\"runtimes-table\">\n<caption>Real programs under each bindv6only value</caption>\n"
		      "<thead><tr><th scope=\"col\">Program and call or configuration</th>"
		      "<th scope=\"col\">Lesson and variant</th><th scope=\"col\">bindv6only=0</th>"
		      "<th scope=\"col\">bindv6only=1</th></tr></thead>\n<tbody>\n",
		      out);
		for (size_t i = 0; i < rows.count; i++)
			write_row(out, &rows.row[i]);
		fputs("</tbody>\n</table>\n", out);
	} else {
		fputs("<p><em>No lesson about a real program has goldens here.</em></p>\n", out);
	}
	runtime_rows_free(&rows);
	fputs("</section>\n", out);
}
