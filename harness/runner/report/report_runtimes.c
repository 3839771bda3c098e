#include "report_runtimes.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "golden.h"
#include "html.h"

/* Copy at most size-1 bytes of text[0..len). */
static void copy_n(char *out, size_t size, const char *text, size_t len)
{
	if (len >= size)
		len = size - 1;
	memcpy(out, text, len);
	out[len] = '\0';
}

static int starts_with(const char *line, const char *prefix)
{
	return strncmp(line, prefix, strlen(prefix)) == 0;
}

/* The result of a call line, the text after its last " = ". */
static const char *result_of(const char *line, size_t len)
{
	const char *result = NULL;
	for (const char *p = line; p + 3 <= line + len; p++)
		if (memcmp(p, " = ", 3) == 0)
			result = p + 3;
	return result ? result : line + len;
}

/* A snapshot row "  FILE STATE LOCAL REMOTE V6ONLY NAME": the program's
 * listener ("tcp6 [::]:7100 v6only 0") appended to cell->listeners. */
static void add_listener(struct runtime_cell *cell, const char *line, size_t len)
{
	char row[512], *field[6];
	copy_n(row, sizeof row, line, len);
	size_t n = 0;
	for (char *save = NULL, *word = strtok_r(row, " ", &save); word && n < 6; word = strtok_r(NULL, " ", &save))
		field[n++] = word;
	if (n != 6 || strcmp(field[5], cell->program) != 0)
		return;
	if (strcmp(field[0], "tcp") && strcmp(field[0], "tcp6") && strcmp(field[0], "udp") && strcmp(field[0], "udp6"))
		return;
	if (strcmp(field[1], "LISTEN") && strcmp(field[1], "UNCONN"))
		return;
	size_t used = strlen(cell->listeners);
	snprintf(cell->listeners + used, sizeof cell->listeners - used, "%s%s %s v6only %s", used ? ", " : "",
		 field[0], field[2], field[4]);
}

int report_runtime_cell(const char *golden, struct runtime_cell *cell)
{
	memset(cell, 0, sizeof *cell);
	const char *previous = NULL;
	size_t previous_len = 0;
	for (const char *line = golden; *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		if (starts_with(line, "wait until ") && !cell->program[0]) {
			size_t word = strcspn(line + 11, " \n");
			copy_n(cell->program, sizeof cell->program, line + 11, word);
			if (previous) { /* the call that started it, without " = 0" */
				const char *result = result_of(previous, previous_len);
				size_t keep = result > previous + 3 ? (size_t)(result - 3 - previous) : previous_len;
				copy_n(cell->label, sizeof cell->label, previous, keep);
			}
		} else if (starts_with(line, "connect(client4, ")) {
			cell->took4 = strncmp(result_of(line, len), "0", 1) == 0 && result_of(line, len) + 1 == line + len;
		} else if (starts_with(line, "connect(client6, ")) {
			cell->took6 = strncmp(result_of(line, len), "0", 1) == 0 && result_of(line, len) + 1 == line + len;
		} else if (starts_with(line, "recv(client4) = ECONNREFUSED")) {
			cell->took4 = 0;
		} else if (starts_with(line, "recv(client6) = ECONNREFUSED")) {
			cell->took6 = 0;
		} else if (starts_with(line, "# ") && cell->program[0]) {
			char saw[64], logged[64];
			snprintf(saw, sizeof saw, "# %s saw client4 as ", cell->program);
			snprintf(logged, sizeof logged, "# %s logged: [emerg] ", cell->program);
			if (starts_with(line, saw))
				copy_n(cell->seen4, sizeof cell->seen4, line + strlen(saw), len - strlen(saw));
			else if (starts_with(line, logged) && !cell->failure[0])
				copy_n(cell->failure, sizeof cell->failure, line + strlen(logged), len - strlen(logged));
		} else if (starts_with(line, "  ") && cell->program[0]) {
			add_listener(cell, line, len);
		}
		previous = line;
		previous_len = len;
		line = end ? end + 1 : line + len;
	}
	return cell->program[0] ? 0 : -1;
}

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

static void write_cell(FILE *out, const struct runtime_cell *cell)
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
	const char *took = cell->took4 && cell->took6 ? "IPv4 and IPv6"
			   : cell->took4		? "IPv4 only"
			   : cell->took6		? "IPv6 only"
							: "nothing";
	html_write_parts(out, "takes <strong>", took, "</strong>", NULL);
	if (cell->listeners[0])
		write_listeners(out, cell->listeners);
	else
		fputs("<br>no listener", out);
	if (cell->seen4[0])
		html_write_parts(out, "<br>IPv4 client seen as <code>", cell->seen4, "</code>", NULL);
	fputs("</td>", out);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lesson's bindv6only=0 goldens (not the kernels' overrides, NAME@TAG),
 * sorted; malloc'd names, *count of them. */
static char **variants_of(const char *expected_dir, const char *lesson, size_t *count)
{
	char dir_path[PATH_MAX];
	*count = 0;
	snprintf(dir_path, sizeof dir_path, "%s/%s", expected_dir, lesson);
	DIR *dir = opendir(dir_path);
	if (!dir)
		return NULL;
	char **names = NULL;
	struct dirent *e;
	while ((e = readdir(dir))) {
		size_t len = strlen(e->d_name);
		if (!starts_with(e->d_name, "bindv6only=0") || strchr(e->d_name, '@') || len < 7 ||
		    strcmp(e->d_name + len - 7, ".golden") != 0)
			continue;
		char **grown = realloc(names, (*count + 1) * sizeof *names);
		if (!grown)
			break;
		names = grown;
		if ((names[*count] = strndup(e->d_name, len - 7)))
			(*count)++;
	}
	closedir(dir);
	if (*count)
		qsort(names, *count, sizeof *names, compare_names);
	return names;
}

/* One golden read into a cell; -1 if it is missing or not a runtime's. */
static int read_cell(const char *expected_dir, const char *lesson, const char *variant, struct runtime_cell *cell)
{
	char path[PATH_MAX * 2], why[128], *text = NULL;
	snprintf(path, sizeof path, "%s/%s/%s.golden", expected_dir, lesson, variant);
	if (golden_read(path, &text, why, sizeof why) != GOLDEN_OK)
		return -1;
	int rc = report_runtime_cell(text, cell);
	free(text);
	return rc;
}

/* The lesson's rows; how many it wrote. */
static size_t write_lesson_rows(FILE *out, const char *expected_dir, const char *lesson)
{
	size_t count, written = 0;
	char **variants = variants_of(expected_dir, lesson, &count);
	for (size_t i = 0; i < count; i++) {
		struct runtime_cell cell0, cell1;
		char variant1[256];
		/* "bindv6only=0,api=x" and its twin "bindv6only=1,api=x". */
		snprintf(variant1, sizeof variant1, "bindv6only=1%s", variants[i] + strlen("bindv6only=0"));
		if (read_cell(expected_dir, lesson, variants[i], &cell0) == 0) {
			const char *rest = variants[i] + strlen("bindv6only=0");
			html_write_parts(out, "<tr data-runtime=\"", lesson, "\"><th scope=\"row\"><code>", cell0.label,
					 "</code></th><td><code>", lesson, rest[0] == ',' ? " " : "",
					 rest[0] == ',' ? rest + 1 : rest, "</code></td>", NULL);
			write_cell(out, &cell0);
			if (read_cell(expected_dir, lesson, variant1, &cell1) == 0)
				write_cell(out, &cell1);
			else
				fputs("<td><em>no golden</em></td>", out);
			fputs("</tr>\n", out);
			written++;
		}
		free(variants[i]);
	}
	free(variants);
	return written;
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
	size_t rows = 0;
	int opened = 0;
	for (size_t l = 0; l < page->lesson_count && page->expected_dir; l++) {
		size_t count;
		char **variants = variants_of(page->expected_dir, page->lesson[l].name, &count);
		struct runtime_cell probe;
		int runtime = count > 0 && read_cell(page->expected_dir, page->lesson[l].name, variants[0], &probe) == 0;
		for (size_t i = 0; i < count; i++)
			free(variants[i]);
		free(variants);
		if (!runtime)
			continue;
		if (!opened++)
			fputs("<table id=\"runtimes-table\">\n<caption>Real programs under each bindv6only value</caption>\n"
			      "<thead><tr><th scope=\"col\">Program and call or configuration</th>"
			      "<th scope=\"col\">Lesson and variant</th><th scope=\"col\">bindv6only=0</th>"
			      "<th scope=\"col\">bindv6only=1</th></tr></thead>\n<tbody>\n",
			      out);
		rows += write_lesson_rows(out, page->expected_dir, page->lesson[l].name);
	}
	if (opened)
		fputs("</tbody>\n</table>\n", out);
	if (!rows)
		fputs("<p><em>No lesson about a real program has goldens here.</em></p>\n", out);
	fputs("</section>\n", out);
}
