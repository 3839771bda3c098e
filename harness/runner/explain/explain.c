#include "explain.h"

#include <stdlib.h>
#include <string.h>

#define COLOUR_TITLE "\033[1m"
#define COLOUR_NOTE "\033[36m"
#define COLOUR_HINT "\033[2m"
#define COLOUR_OFF "\033[0m"

/* The prefix that sets a note apart from the golden line above it. */
#define NOTE_PREFIX "    > "

static int starts_with(const char *text, const char *prefix)
{
	return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* A paragraph of nothing but dslab-* lines is for the build, not the reader. */
static int is_metadata(const char *paragraph)
{
	for (const char *line = paragraph; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		if (!starts_with(line, "dslab-"))
			return 0;
	return 1;
}

static int add_paragraph(struct lesson_header *h, const char *text, size_t len)
{
	while (len && text[len - 1] == '\n')
		len--;
	if (!len)
		return 0;
	char *paragraph = strndup(text, len);
	if (!paragraph)
		return -1;
	if (is_metadata(paragraph)) {
		free(paragraph);
		return 0;
	}
	char **grown = realloc(h->paragraph, (h->count + 1) * sizeof *grown);
	if (!grown) {
		free(paragraph);
		return -1;
	}
	h->paragraph = grown;
	h->paragraph[h->count++] = paragraph;
	return 0;
}

int lesson_header_read(const char *source, struct lesson_header *h)
{
	memset(h, 0, sizeof *h);
	source += strspn(source, " \t\n");
	if (!starts_with(source, "/*"))
		return 0;
	const char *end = strstr(source + 2, "*/");
	if (!end)
		return 0;
	/* Each comment line without its " * ", paragraphs split at empty ones. */
	char *buffer = malloc((size_t)(end - source) + 2);
	if (!buffer)
		return -1;
	size_t used = 0, paragraph_start = 0;
	int rc = 0;
	for (const char *line = source + 2; rc == 0 && line < end;) {
		const char *eol = memchr(line, '\n', (size_t)(end - line));
		const char *stop = eol ? eol : end;
		const char *text = line;
		while (text < stop && (*text == ' ' || *text == '\t'))
			text++;
		if (text < stop && *text == '*')
			text++;
		if (text < stop && *text == ' ')
			text++;
		size_t len = (size_t)(stop - text);
		while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
			len--;
		if (len == 0) {
			rc = add_paragraph(h, buffer + paragraph_start, used - paragraph_start);
			paragraph_start = used;
		} else {
			memcpy(buffer + used, text, len);
			used += len;
			buffer[used++] = '\n';
		}
		line = eol ? eol + 1 : end;
	}
	if (rc == 0)
		rc = add_paragraph(h, buffer + paragraph_start, used - paragraph_start);
	free(buffer);
	if (rc != 0)
		lesson_header_free(h);
	return rc;
}

void lesson_header_free(struct lesson_header *h)
{
	for (size_t i = 0; i < h->count; i++)
		free(h->paragraph[i]);
	free(h->paragraph);
	memset(h, 0, sizeof *h);
}

int lesson_header_has(const struct lesson_header *h, const char *prefix)
{
	for (size_t i = 0; i < h->count; i++)
		if (starts_with(h->paragraph[i], prefix))
			return 1;
	return 0;
}

static int paragraph_selected(const struct annotation_file *notes, const char *paragraph)
{
	if (!notes || !notes->header)
		return 1;
	for (char **prefix = notes->header; *prefix; prefix++)
		if (starts_with(paragraph, *prefix))
			return 1;
	return 0;
}

/* The golden's lines, split in place (text is a copy). */
struct lines {
	char *text;
	char **line;
	size_t count;
};

static int split_lines(const char *golden, struct lines *l)
{
	memset(l, 0, sizeof *l);
	if (!(l->text = strdup(golden)))
		return -1;
	size_t capacity = 1;
	for (const char *p = golden; *p; p++)
		capacity += *p == '\n';
	if (!(l->line = calloc(capacity, sizeof *l->line)))
		return -1;
	for (char *p = l->text; *p;) {
		char *eol = strchr(p, '\n');
		l->line[l->count++] = p;
		if (!eol)
			break;
		*eol = '\0';
		p = eol + 1;
	}
	return 0;
}

static void free_lines(struct lines *l)
{
	free(l->text);
	free(l->line);
}

/* Index of the first line the annotation names, or -1. */
static long first_named_line(const struct annotation *a, const struct lines *l)
{
	for (size_t i = 0; i < l->count; i++)
		if (annotation_names_line(a, l->line[i]))
			return (long)i;
	return -1;
}

static void print_coloured(FILE *out, int colour, const char *code, const char *prefix, const char *text)
{
	fprintf(out, "%s%s%s%s\n", colour ? code : "", prefix, text, colour ? COLOUR_OFF : "");
}

int explain_render(FILE *out, const struct lesson_header *header, const struct annotation_file *notes,
		   const char *variant, const char *golden_text, const struct explain_style *style)
{
	int colour = style->colour;
	int printed = 0;
	for (size_t i = 0; i < header->count; i++) {
		if (!paragraph_selected(notes, header->paragraph[i]))
			continue;
		if (printed++)
			fputc('\n', out);
		const char *paragraph = header->paragraph[i];
		const char *eol = strchr(paragraph, '\n');
		if (i == 0 && colour) {
			/* The lesson's first line is its title. */
			fprintf(out, COLOUR_TITLE "%.*s" COLOUR_OFF "%s\n",
				(int)(eol ? eol - paragraph : (long)strlen(paragraph)), paragraph, eol ? eol : "");
		} else {
			fprintf(out, "%s\n", paragraph);
		}
	}
	if (printed)
		fputc('\n', out);

	struct lines lines;
	long *anchor = NULL;
	size_t count = notes ? notes->count : 0;
	if (split_lines(golden_text, &lines) != 0 || (count && !(anchor = calloc(count, sizeof *anchor)))) {
		free_lines(&lines);
		return -1;
	}
	for (size_t n = 0; n < count; n++)
		anchor[n] = annotation_applies(&notes->item[n], variant)
				    ? first_named_line(&notes->item[n], &lines) : -1;
	int has_snapshot = 0;
	for (size_t i = 0; i < lines.count; i++) {
		fprintf(out, "%s\n", lines.line[i]);
		has_snapshot |= starts_with(lines.line[i], "snapshot ");
		for (size_t n = 0; n < count; n++) {
			if (anchor[n] != (long)i)
				continue;
			for (char **note = notes->item[n].note; *note; note++)
				print_coloured(out, colour, COLOUR_NOTE, NOTE_PREFIX, *note);
		}
	}
	if (has_snapshot && style->case_name) {
		fputc('\n', out);
		char hint[512];
		snprintf(hint, sizeof hint, "The snapshots as the tools print them: dslab show --view netstat|ss %s",
			 style->case_name);
		print_coloured(out, colour, COLOUR_HINT, "", hint);
	}
	free(anchor);
	free_lines(&lines);
	return 0;
}

static const char *anchor_keyword(const struct annotation *a)
{
	return a->kind == ANCHOR_LINE ? "line" : "match";
}

size_t explain_check(const char *file_label, const struct annotation_file *notes,
		     const struct lesson_header *header, const struct variant_golden *goldens,
		     size_t golden_count, FILE *problems)
{
	size_t found = 0;
	for (char **prefix = notes->header; prefix && *prefix; prefix++) {
		if (!lesson_header_has(header, *prefix)) {
			fprintf(problems, "%s:%u: header: no paragraph of the scenario's leading comment "
				"begins with '%s'\n", file_label, notes->header_line, *prefix);
			found++;
		}
	}
	for (size_t n = 0; n < notes->count; n++) {
		const struct annotation *a = &notes->item[n];
		for (char **pattern = a->variants; pattern && *pattern; pattern++) {
			size_t v = 0;
			while (v < golden_count && !annotation_pattern_match(*pattern, goldens[v].variant))
				v++;
			if (v == golden_count) {
				fprintf(problems, "%s:%u: variants: '%s' matches no variant of this lesson\n",
					file_label, a->file_line, *pattern);
				found++;
			}
		}
		for (size_t v = 0; v < golden_count; v++) {
			if (!annotation_applies(a, goldens[v].variant))
				continue;
			struct lines lines;
			if (split_lines(goldens[v].text, &lines) != 0) {
				free_lines(&lines);
				fprintf(problems, "%s: out of memory\n", file_label);
				return found + 1;
			}
			if (first_named_line(a, &lines) < 0) {
				fprintf(problems, "%s:%u: %s: '%s' names no line of %s\n", file_label,
					a->file_line, anchor_keyword(a), a->anchor, goldens[v].label);
				found++;
			}
			free_lines(&lines);
		}
	}
	return found;
}
