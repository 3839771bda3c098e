#include "lesson_summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appends [from, to) to out[*used], one space between words. */
static void append_words(char *out, size_t size, size_t *used, const char *from, const char *to)
{
	for (const char *p = from; p < to; p++) {
		int blank = *p == ' ' || *p == '\t';
		if (blank && (*used == 0 || out[*used - 1] == ' '))
			continue;
		if (*used + 1 >= size)
			return;
		out[(*used)++] = blank ? ' ' : *p;
	}
	if (*used > 0 && *used + 1 < size && out[*used - 1] != ' ')
		out[(*used)++] = ' ';
}

int lesson_summary_parse(const char *source, char *out, size_t size)
{
	if (size == 0)
		return -1;
	out[0] = '\0';
	const char *open = strstr(source, "/*");
	if (!open)
		return -1;
	const char *close = strstr(open + 2, "*/");
	const char *end = close ? close : source + strlen(source);
	const char *lesson = strstr(open, "Lesson:");
	if (!lesson || lesson >= end)
		return -1;

	size_t used = 0;
	const char *line = lesson + strlen("Lesson:");
	while (line < end) {
		const char *eol = memchr(line, '\n', (size_t)(end - line));
		if (!eol)
			eol = end;
		append_words(out, size, &used, line, eol);
		if (eol >= end)
			break;
		/* Next line: strip the comment's " * " margin; a line with nothing
		 * after it ends the paragraph. */
		line = eol + 1;
		while (line < end && (*line == ' ' || *line == '\t'))
			line++;
		if (line < end && *line == '*' && line + 1 < end && line[1] != '/')
			line++;
		const char *rest = line;
		while (rest < end && (*rest == ' ' || *rest == '\t'))
			rest++;
		if (rest >= end || *rest == '\n')
			break;
	}
	while (used > 0 && out[used - 1] == ' ')
		used--;
	/* A cut inside a UTF-8 sequence: drop its lead and continuation bytes. */
	while (used > 0 && used + 1 >= size && ((unsigned char)out[used - 1] & 0xC0) == 0x80)
		used--;
	if (used > 0 && used + 1 >= size && ((unsigned char)out[used - 1] & 0xC0) == 0xC0)
		used--;
	out[used] = '\0';
	return used > 0 ? 0 : -1;
}

int lesson_summary_read(const char *sources_dir, const char *name, char *out, size_t size)
{
	char path[4096];
	if (snprintf(path, sizeof path, "%s/%s.c", sources_dir, name) >= (int)sizeof path)
		return -1;
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	/* The header comment is at the top: its first 16 KiB are plenty. */
	char *text = malloc(16384 + 1);
	size_t len = text ? fread(text, 1, 16384, f) : 0;
	fclose(f);
	if (!text)
		return -1;
	text[len] = '\0';
	int rc = lesson_summary_parse(text, out, size);
	free(text);
	return rc;
}
