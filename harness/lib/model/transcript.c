#include "transcript.h"

#include "growth.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int record_field_count(char type)
{
	switch (type) {
	case RECORD_VERSION: case RECORD_NOTE: case RECORD_SNAPSHOT:
	case RECORD_DISAGREE: case RECORD_FAIL: case RECORD_SKIP:
		return 1;
	case RECORD_PORTS: return 2;
	case RECORD_EVENT: case RECORD_CELL: return 4;
	case RECORD_GRID_FORM: return 5;
	case RECORD_ROW: return 6;
	default: return -1;
	}
}

size_t record_format(char out[RECORD_MAX_LINE], char type, const char *const *fields)
{
	size_t len = 0;
	int count = record_field_count(type);
	out[len++] = type;
	for (int i = 0; i < count; i++) {
		out[len++] = '\t';
		/* Leave room for the later fields' tabs and the newline, so a cut
		 * record still has all its fields. */
		size_t limit = RECORD_MAX_LINE - 1 - (size_t)(count - 1 - i);
		for (const char *p = fields[i] ? fields[i] : ""; *p && len < limit; p++)
			out[len++] = iscntrl((unsigned char)*p) ? ' ' : *p;
	}
	out[len++] = '\n';
	return len;
}

static void record_free(struct record *r)
{
	for (int i = 0; i < r->field_count; i++)
		free(r->field[i]);
}

int transcript_add(struct transcript *t, char type, const char *const *fields)
{
	int count = record_field_count(type);
	if (count < 0)
		return -1;
	struct record *grown = grow_to_fit(t->record, t->count + 1, &t->capacity, sizeof *grown, 32, 0);
	if (!grown)
		return -1;
	t->record = grown;
	struct record r = {.type = type, .field_count = 0};
	for (int i = 0; i < count; i++) {
		r.field[i] = strdup(fields[i] ? fields[i] : "");
		if (!r.field[i]) {
			record_free(&r);
			return -1;
		}
		r.field_count++;
	}
	t->record[t->count++] = r;
	return 0;
}

void transcript_free(struct transcript *t)
{
	for (size_t i = 0; i < t->count; i++)
		record_free(&t->record[i]);
	free(t->record);
	memset(t, 0, sizeof *t);
}

static int parse_port(const char *s, unsigned *port)
{
	if (!*s || strlen(s) > 5)
		return -1;
	unsigned v = 0;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		v = v * 10 + (unsigned)(*s - '0');
	}
	if (v > 65535)
		return -1;
	*port = v;
	return 0;
}

int transcript_parse(struct transcript *t, const char *text, size_t len,
		     char *why, size_t why_size)
{
	size_t line_no = 0;
	const char *end = text + len;
	const char *line = text;
	while (line < end) {
		const char *eol = memchr(line, '\n', (size_t)(end - line));
		line_no++;
		if (!eol) {
			t->truncated = 1;
			break;
		}
		size_t line_len = (size_t)(eol - line);
		if (line_len >= RECORD_MAX_LINE || memchr(line, '\0', line_len)) {
			snprintf(why, why_size, "report line %zu: too long or binary", line_no);
			return -1;
		}
		char buf[RECORD_MAX_LINE];
		memcpy(buf, line, line_len);
		buf[line_len] = '\0';
		line = eol + 1;

		int expected = line_len > 0 ? record_field_count(buf[0]) : -1;
		if (expected < 0 || (line_len > 1 && buf[1] != '\t') || (line_len == 1 && expected > 0)) {
			snprintf(why, why_size, "report line %zu: unknown record", line_no);
			return -1;
		}
		const char *fields[RECORD_MAX_FIELDS] = {0};
		int count = 0;
		char *cursor = buf + 1;
		while (*cursor == '\t' && count < RECORD_MAX_FIELDS) {
			*cursor++ = '\0';
			fields[count++] = cursor;
			cursor += strcspn(cursor, "\t");
		}
		if (count != expected || *cursor) {
			snprintf(why, why_size, "report line %zu: record '%c' needs %d fields",
				 line_no, buf[0], expected);
			return -1;
		}
		if (buf[0] == RECORD_PORTS) {
			if (parse_port(fields[0], &t->port_first) || parse_port(fields[1], &t->port_last) ||
			    t->port_first > t->port_last) {
				snprintf(why, why_size, "report line %zu: bad port range", line_no);
				return -1;
			}
		}
		if (buf[0] == RECORD_VERSION && strcmp(fields[0], TRANSCRIPT_VERSION) != 0) {
			snprintf(why, why_size, "report line %zu: version %s, expected %s",
				 line_no, fields[0], TRANSCRIPT_VERSION);
			return -1;
		}
		if (transcript_add(t, buf[0], fields)) {
			snprintf(why, why_size, "out of memory");
			return -1;
		}
	}
	return 0;
}

size_t transcript_count(const struct transcript *t, char type)
{
	size_t n = 0;
	for (size_t i = 0; i < t->count; i++)
		n += t->record[i].type == type;
	return n;
}

const struct record *transcript_first(const struct transcript *t, char type)
{
	for (size_t i = 0; i < t->count; i++)
		if (t->record[i].type == type)
			return &t->record[i];
	return NULL;
}
