#include "reproducer_source.h"

#include <string.h>

/* harness/runner/kernels/reproducer_template.c as a string (CMake embeds it). */
extern const char reproducer_template[];

#define CELLS_MARKER "/*@CELLS@*/\n"

/* A bind-matrix label: "0.0.0.0" (AF_INET), "[::1]" (AF_INET6, IPV6_V6ONLY
 * left alone), "[::1] v6only=0" or "=1" (set before bind). */
static int parse_label(const char *label, char *address, size_t size, const char **mode)
{
	size_t len = strcspn(label, " ");
	const char *rest = label + len;
	if (strspn(label, "0123456789abcdef:.[]") != len || len == 0 || len + 1 > size)
		return -1;
	if (label[0] != '[') {
		if (*rest || strchr(label, ':') || strchr(label, '['))
			return -1;
		memcpy(address, label, len + 1);
		*mode = "INET";
		return 0;
	}
	if (label[len - 1] != ']' || len < 3)
		return -1;
	memcpy(address, label + 1, len - 2);
	address[len - 2] = '\0';
	if (strchr(address, '[') || strchr(address, ']'))
		return -1;
	*mode = !*rest ? "V6ONLY_UNSET" : strcmp(rest, " v6only=0") == 0 ? "V6ONLY_0"
		: strcmp(rest, " v6only=1") == 0 ? "V6ONLY_1" : NULL;
	return *mode ? 0 : -1;
}

/* A cell's text as the golden writes it: results, errno names, "/", "-",
 * "v4:1st" and the like. Nothing that could end a comment or a string. */
static int is_cell_text(const char *text)
{
	return text && *text && strspn(text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					     "0123456789/:- ") == strlen(text);
}

static const char *const order_words[2][2] = {
	{"bbll", "bind(first), bind(second), listen(first), listen(second)"},
	{"blbl", "bind(first), listen(first), bind(second), listen(second)"}};
static const char *const reuse_words[3][2] = {
	{"none", "no reuse option"}, {"addr", "SO_REUSEADDR on both"}, {"port", "SO_REUSEPORT on both"}};

/* A long line (an override's header) as comment lines of at most about
 * 76 columns, broken at spaces. */
static void write_wrapped(FILE *out, const char *text)
{
	fputs(" * Recorded:", out);
	size_t column = 11;
	while (*text) {
		size_t word = strcspn(text, " ");
		if (column + 1 + word > 76 && column > 3) {
			fputs("\n *  ", out);
			column = 4;
		}
		fprintf(out, " %.*s", (int)word, text);
		column += 1 + word;
		text += word;
		text += strspn(text, " ");
	}
	fputs("\n", out);
}

static void write_header(FILE *out, const struct reproducer_spec *s, const char *order_text,
			 const char *reuse_text, const struct diff_item *const *cells, size_t count)
{
	fprintf(out, "/* Reproducer for %s,\n * %s%s%s%s.\n", s->case_name,
		count == 1 ? "cell " : "every cell of its grids", count == 1 ? cells[0]->row : "",
		count == 1 ? " x " : "", count == 1 ? cells[0]->column : "");
	fprintf(out, " * Written by `dslab reproduce` (dualstack-lab); needs nothing but libc.\n *\n");
	fprintf(out, " * What it checks: for each cell, two TCP sockets on one port (the first,\n"
		     " * the row, then the second, the column) in a network namespace of its own\n"
		     " * with net.ipv6.bindv6only=%s; %s; the calls in the order\n * %s;\n",
		s->bindv6only, reuse_text, order_text);
	fprintf(out, " * where both listen, who accepts a connection to 127.0.0.1 (v4:) and to\n"
		     " * [::1] (v6:). Each result is compared with the reference, the main golden\n"
		     " * %s%s%s.\n", s->golden_path,
		s->reference ? ",\n * recorded on " : "", s->reference ? s->reference : "");
	fprintf(out, " * A result lists each call's result in that order, \"/\" between: 0, the\n"
		     " * errno name, or - for a listen() not made (it follows only a bind() that\n"
		     " * worked); then 1st, 2nd, none (refused) or shared (SO_REUSEPORT).\n *\n");
	size_t shown = 0;
	for (size_t i = 0; i < count; i++) {
		if (count > 1 && !cells[i]->actual)
			continue;
		if (shown++ == 0)
			fprintf(out, " *   first (row)  x  second (column): expected%s\n",
				s->observed_on ? "; observed" : "");
		fprintf(out, " *   %s  x  %s: %s", cells[i]->row, cells[i]->column, cells[i]->expected);
		if (s->observed_on)
			fprintf(out, "; on %s: %s", s->observed_on,
				cells[i]->actual ? cells[i]->actual : "the same");
		fputs("\n", out);
	}
	if (count > 1 && shown)
		fprintf(out, " *   (the cells a kernel is recorded to differ in; cells[] below holds\n"
			     " *   all %zu, each with its expected result)\n", count);
	else if (count > 1)
		fprintf(out, " *   cells[] below holds all %zu cells, each with its expected result;\n"
			     " *   no kernel is recorded to differ in this case.\n", count);
	if (s->observed_note)
		write_wrapped(out, s->observed_note);
	fprintf(out, " *\n * Build and run: cc -o repro repro.c && ./repro\n"
		     " * (as root, or as a user where unprivileged user namespaces are enabled).\n"
		     " * Prints KTAP. Exit: 0 the kernel does what the reference does, 1 it\n"
		     " * differs, 4 it cannot run here (no namespace, no IPv6).\n */\n");
}

static int write_cells(FILE *out, const struct reproducer_spec *s, const struct diff_item *const *cells,
		       size_t count, char *why, size_t why_size)
{
	fprintf(out, "#define CASE_NAME \"%s\"\n#define BINDV6ONLY \"%s\"\n", s->case_name, s->bindv6only);
	fprintf(out, "#define REUSE REUSE_%s\n", strcmp(s->reuse, "none") == 0 ? "NONE"
						 : strcmp(s->reuse, "addr") == 0 ? "ADDR" : "PORT");
	fprintf(out, "#define ORDER %s\n", strcmp(s->order, "bbll") == 0 ? "BIND_BIND_LISTEN_LISTEN"
									 : "BIND_LISTEN_BIND_LISTEN");
	fprintf(out, "#define OBSERVED_ON \"%s\"\n\n", s->observed_on ? s->observed_on : "another kernel");
	fprintf(out, "static const struct cell cells[] = {\n");
	for (size_t i = 0; i < count; i++) {
		const struct diff_item *c = cells[i];
		char first[64], second[64];
		const char *first_mode, *second_mode;
		if (parse_label(c->row, first, sizeof first, &first_mode) != 0 ||
		    parse_label(c->column, second, sizeof second, &second_mode) != 0) {
			snprintf(why, why_size, "cell '%s' x '%s' names no bind-matrix socket", c->row, c->column);
			return -1;
		}
		if (!is_cell_text(c->expected) || (c->actual && !is_cell_text(c->actual))) {
			snprintf(why, why_size, "cell '%s' x '%s' holds no result ('%s')", c->row, c->column,
				 c->expected ? c->expected : "");
			return -1;
		}
		fprintf(out, "\t{{\"%s\", \"%s\", %s}, {\"%s\", \"%s\", %s}, \"%s\", ", c->row, first,
			first_mode, c->column, second, second_mode, c->expected);
		if (c->actual)
			fprintf(out, "\"%s\"},\n", c->actual);
		else
			fprintf(out, "NULL},\n");
	}
	fprintf(out, "};\n");
	return 0;
}

int reproducer_write_source(FILE *out, const struct reproducer_spec *spec,
			    const struct diff_item *const *cells, size_t count, char *why, size_t why_size)
{
	int order = strcmp(spec->order, "bbll") == 0 ? 0 : strcmp(spec->order, "blbl") == 0 ? 1 : -1;
	int reuse = -1;
	for (int r = 0; r < 3; r++)
		if (strcmp(spec->reuse, reuse_words[r][0]) == 0)
			reuse = r;
	if (order < 0 || reuse < 0 || (strcmp(spec->bindv6only, "0") != 0 && strcmp(spec->bindv6only, "1") != 0)) {
		snprintf(why, why_size, "%s: a variant reproduce does not know", spec->case_name);
		return -1;
	}
	const char *marker = strstr(reproducer_template, CELLS_MARKER);
	if (!marker || count == 0) {
		snprintf(why, why_size, count ? "the embedded template has no cells marker" : "no cell");
		return -1;
	}
	write_header(out, spec, order_words[order][1], reuse_words[reuse][1], cells, count);
	fwrite(reproducer_template, 1, (size_t)(marker - reproducer_template), out);
	if (write_cells(out, spec, cells, count, why, why_size) != 0)
		return -1;
	fputs(marker + strlen(CELLS_MARKER), out);
	if (ferror(out)) {
		snprintf(why, why_size, "cannot write the program");
		return -1;
	}
	return 0;
}
