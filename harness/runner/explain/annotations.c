#include "annotations.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *annotation_squeeze(const char *line)
{
	char *out = malloc(strlen(line) + 1);
	if (!out)
		return NULL;
	size_t n = 0;
	int pending_space = 0;
	for (const char *p = line; *p; p++) {
		if (*p == ' ' || *p == '\t') {
			pending_space = n > 0;
			continue;
		}
		if (pending_space)
			out[n++] = ' ';
		pending_space = 0;
		out[n++] = *p;
	}
	out[n] = '\0';
	return out;
}

int annotation_pattern_match(const char *pattern, const char *text)
{
	/* Greedy with one backtrack point: enough for '*' as the only
	 * wildcard, and linear in practice. */
	const char *star = NULL, *resume = NULL;
	while (*text) {
		if (*pattern == '*') {
			star = pattern++;
			resume = text;
		} else if (*pattern == *text) {
			pattern++;
			text++;
		} else if (star) {
			pattern = star + 1;
			text = ++resume;
		} else {
			return 0;
		}
	}
	while (*pattern == '*')
		pattern++;
	return *pattern == '\0';
}

int annotation_applies(const struct annotation *a, const char *variant)
{
	if (!a->variants)
		return 1;
	for (char **p = a->variants; *p; p++)
		if (annotation_pattern_match(*p, variant))
			return 1;
	return 0;
}

int annotation_names_line(const struct annotation *a, const char *line)
{
	char *squeezed = annotation_squeeze(line);
	if (!squeezed)
		return 0;
	int yes = a->kind == ANCHOR_LINE ? strcmp(a->anchor, squeezed) == 0
					 : annotation_pattern_match(a->anchor, squeezed);
	free(squeezed);
	return yes;
}

static void free_list(char **list)
{
	if (!list)
		return;
	for (char **p = list; *p; p++)
		free(*p);
	free(list);
}

void annotations_free(struct annotation_file *file)
{
	free_list(file->header);
	for (size_t i = 0; i < file->count; i++) {
		free(file->item[i].anchor);
		free_list(file->item[i].variants);
		free_list(file->item[i].note);
	}
	free(file->item);
	memset(file, 0, sizeof *file);
}

/* Append a copy of text[0, len) to a NULL-terminated list. */
static int list_append(char ***list, const char *text, size_t len)
{
	size_t count = 0;
	while (*list && (*list)[count])
		count++;
	char **grown = realloc(*list, (count + 2) * sizeof *grown);
	if (!grown)
		return -1;
	*list = grown;
	if (!(grown[count] = strndup(text, len)))
		return -1;
	grown[count + 1] = NULL;
	return 0;
}

/* Split text at separator (any of seps), trimming blanks; empty items are
 * an error (returns -1 with *empty set), as is running out of memory. */
static int split_into(char ***list, const char *text, const char *seps, int *empty)
{
	*empty = 0;
	for (;;) {
		while (*text == ' ' || *text == '\t')
			text++;
		size_t len = strcspn(text, seps);
		size_t trimmed = len;
		while (trimmed && (text[trimmed - 1] == ' ' || text[trimmed - 1] == '\t'))
			trimmed--;
		if (!trimmed) {
			*empty = 1;
			return -1;
		}
		if (list_append(list, text, trimmed) != 0)
			return -1;
		if (!text[len])
			return 0;
		text += len + 1;
	}
}

struct parser {
	const char *name;
	unsigned line;
	char *why;
	size_t why_size;
};

__attribute__((format(printf, 3, 4)))
static int fail(struct parser *p, unsigned line, const char *format, ...)
{
	int n = snprintf(p->why, p->why_size, "%s:%u: ", p->name, line);
	if (n >= 0 && (size_t)n < p->why_size) {
		va_list args;
		va_start(args, format);
		vsnprintf(p->why + n, p->why_size - (size_t)n, format, args);
		va_end(args);
	}
	return -1;
}

/* "keyword:" at the start of line: the rest after it, else NULL. */
static const char *keyword(const char *line, const char *word)
{
	size_t len = strlen(word);
	if (strncmp(line, word, len) != 0 || line[len] != ':')
		return NULL;
	const char *rest = line + len + 1;
	while (*rest == ' ' || *rest == '\t')
		rest++;
	return rest;
}

static int is_note_line(const char *line)
{
	return line[0] == '\t' || (line[0] == ' ' && line[1] == ' ');
}

static int parse_line(struct parser *p, struct annotation_file *f, char *line)
{
	for (const char *c = line; *c; c++) {
		if (*c == '\r')
			return fail(p, p->line, "carriage return (write the file with \\n line ends)");
		if ((unsigned char)*c < 0x20 && *c != '\t')
			return fail(p, p->line, "control character 0x%02x", (unsigned)(unsigned char)*c);
	}
	struct annotation *last = f->count ? &f->item[f->count - 1] : NULL;
	const char *rest;
	int empty;
	if (line[0] == '#' || strspn(line, " \t") == strlen(line))
		return 0;
	if (is_note_line(line)) {
		if (!last)
			return fail(p, p->line, "a note line before any line: or match:");
		const char *text = line + strspn(line, " \t");
		return list_append(&last->note, text, strlen(text)) == 0
			       ? 0 : fail(p, p->line, "out of memory");
	}
	if (line[0] == ' ')
		return fail(p, p->line, "indent note lines with a tab or at least two spaces");
	if (keyword(line, "variants"))
		return fail(p, p->line, last && !last->note && last->variants
						? "variants: given twice"
						: "variants: must come right after line: or match:");
	if (last && !last->note)
		return fail(p, last->file_line, "'%s' has no note under it (indent the note's lines)",
			    last->anchor);
	if ((rest = keyword(line, "header"))) {
		if (f->header)
			return fail(p, p->line, "header: given twice");
		if (f->count)
			return fail(p, p->line, "header: must come before the first note");
		if (split_into(&f->header, rest, ",", &empty) != 0)
			return fail(p, p->line, empty ? "header: needs paragraph beginnings, separated by commas"
						      : "out of memory");
		f->header_line = p->line;
		return 0;
	}
	enum anchor_kind kind;
	if ((rest = keyword(line, "line")))
		kind = ANCHOR_LINE;
	else if ((rest = keyword(line, "match")))
		kind = ANCHOR_MATCH;
	else
		return fail(p, p->line, "expected line:, match:, variants:, header:, '#' or an indented note");
	if (!*rest)
		return fail(p, p->line, "%s: needs the golden line it explains",
			    kind == ANCHOR_LINE ? "line" : "match");
	struct annotation *grown = realloc(f->item, (f->count + 1) * sizeof *grown);
	if (!grown)
		return fail(p, p->line, "out of memory");
	f->item = grown;
	struct annotation *a = &f->item[f->count++];
	memset(a, 0, sizeof *a);
	a->file_line = p->line;
	a->kind = kind;
	a->anchor = kind == ANCHOR_LINE ? annotation_squeeze(rest) : strdup(rest);
	return a->anchor ? 0 : fail(p, p->line, "out of memory");
}

/* "variants:" directly after an anchor: taken here, since parse_line
 * refuses it anywhere else. */
static int parse_variants(struct parser *p, struct annotation_file *f, const char *line, int *taken)
{
	*taken = 0;
	const char *rest = keyword(line, "variants");
	struct annotation *last = f->count ? &f->item[f->count - 1] : NULL;
	if (!rest || !last || last->note || last->variants)
		return 0;
	*taken = 1;
	int empty;
	if (split_into(&last->variants, rest, " \t", &empty) != 0)
		return fail(p, p->line, empty ? "variants: needs at least one pattern" : "out of memory");
	return 0;
}

int annotations_parse(const char *text, const char *name, struct annotation_file *out,
		      char *why, size_t why_size)
{
	memset(out, 0, sizeof *out);
	struct parser p = {.name = name, .why = why, .why_size = why_size};
	int rc = 0;
	while (rc == 0 && *text) {
		size_t len = strcspn(text, "\n");
		char *line = strndup(text, len);
		p.line++;
		if (!line) {
			rc = fail(&p, p.line, "out of memory");
			break;
		}
		int taken;
		rc = parse_variants(&p, out, line, &taken);
		if (rc == 0 && !taken)
			rc = parse_line(&p, out, line);
		free(line);
		text += len + (text[len] == '\n');
	}
	if (rc == 0 && out->count && !out->item[out->count - 1].note)
		rc = fail(&p, out->item[out->count - 1].file_line,
			  "'%s' has no note under it (indent the note's lines)",
			  out->item[out->count - 1].anchor);
	if (rc != 0)
		annotations_free(out);
	return rc;
}
