/* html_markdown: the markdown dslab kernels writes (diff.md), as HTML. */
#include "html_markdown.h"

#include <string.h>

#include "html.h"

/* Markdown inline text: `code` spans, everything escaped. */
static void write_inline(FILE *out, const char *text, size_t len)
{
	size_t i = 0;
	while (i < len) {
		const char *tick = memchr(text + i, '`', len - i);
		const char *close = tick ? memchr(tick + 1, '`', len - (size_t)(tick + 1 - text)) : NULL;
		if (!tick || !close) {
			html_escape_n(out, text + i, len - i);
			return;
		}
		html_escape_n(out, text + i, (size_t)(tick - (text + i)));
		fputs("<code>", out);
		html_escape_n(out, tick + 1, (size_t)(close - tick - 1));
		fputs("</code>", out);
		i = (size_t)(close + 1 - text);
	}
}

static void trim(const char **start, size_t *len)
{
	while (*len && (**start == ' ' || **start == '\t')) {
		(*start)++;
		(*len)--;
	}
	while (*len && ((*start)[*len - 1] == ' ' || (*start)[*len - 1] == '\t' || (*start)[*len - 1] == '\r'))
		(*len)--;
}

/* "|---|:--:|" */
static int is_separator_row(const char *line, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!strchr("|-: \t", line[i]))
			return 0;
	return memchr(line, '-', len) != NULL;
}

/* One table row: cells between '|'; the first cell of a body row heads it. */
static void write_markdown_row(FILE *out, const char *line, size_t len, int header)
{
	trim(&line, &len);
	if (len && line[0] == '|') {
		line++;
		len--;
	}
	if (len && line[len - 1] == '|')
		len--;
	fputs("<tr>", out);
	size_t column = 0;
	for (;;) {
		const char *bar = memchr(line, '|', len);
		size_t cell_len = bar ? (size_t)(bar - line) : len;
		const char *cell = line;
		trim(&cell, &cell_len);
		if (header)
			fputs("<th scope=\"col\">", out);
		else
			fputs(column == 0 ? "<th scope=\"row\">" : "<td>", out);
		write_inline(out, cell, cell_len);
		fputs(header || column == 0 ? "</th>" : "</td>", out);
		column++;
		if (!bar)
			break;
		len -= (size_t)(bar + 1 - line);
		line = bar + 1;
	}
	fputs("</tr>\n", out);
}

void html_write_markdown(FILE *out, const char *text)
{
	char caption[256] = "Behaviour differences";
	int in_table = 0, in_body = 0, in_code = 0, in_paragraph = 0;
	const char *line = text;
	while (*line) {
		size_t len = strcspn(line, "\n");
		const char *next = line + len + (line[len] == '\n');
		const char *body = line;
		size_t body_len = len;
		trim(&body, &body_len);
		int is_row = !in_code && body_len && body[0] == '|';
		if (in_table && !is_row) {
			fputs(in_body ? "</tbody>\n</table>\n" : "</thead>\n</table>\n", out);
			in_table = 0;
		}
		if (in_paragraph && (is_row || body_len == 0 || body[0] == '#' || strncmp(body, "```", 3) == 0)) {
			fputs("</p>\n", out);
			in_paragraph = 0;
		}
		if (strncmp(body, "```", 3) == 0) {
			fputs(in_code ? "</pre>\n" : "<pre>", out);
			in_code = !in_code;
		} else if (in_code) {
			html_escape_n(out, line, len);
			fputc('\n', out);
		} else if (is_row) {
			if (!in_table) {
				fputs("<table class=\"kernel-diff\">\n<caption>", out);
				html_escape(out, caption);
				fputs("</caption>\n<thead>\n", out);
				in_table = 1;
				in_body = 0;
				write_markdown_row(out, body, body_len, 1);
			} else if (is_separator_row(body, body_len)) {
				/* the header's underline */
			} else {
				if (!in_body)
					fputs("</thead>\n<tbody>\n", out);
				in_body = 1;
				write_markdown_row(out, body, body_len, 0);
			}
		} else if (body_len && body[0] == '#') {
			size_t level = strspn(body, "#");
			const char *title = body + level;
			size_t title_len = body_len - level;
			trim(&title, &title_len);
			int h = level + 2 > 6 ? 6 : (int)level + 2;
			fprintf(out, "<h%d>", h);
			write_inline(out, title, title_len);
			fprintf(out, "</h%d>\n", h);
			snprintf(caption, sizeof caption, "%.*s", (int)title_len, title);
		} else if (body_len) {
			fputs(in_paragraph ? "\n" : "<p>", out);
			in_paragraph = 1;
			write_inline(out, body, body_len);
		}
		line = next;
	}
	if (in_table)
		fputs(in_body ? "</tbody>\n</table>\n" : "</thead>\n</table>\n", out);
	if (in_paragraph)
		fputs("</p>\n", out);
	if (in_code)
		fputs("</pre>\n", out);
}
