/* program_read: a real program's golden read back (program_read.h). */
#include "program_read.h"

#include <stdio.h>
#include <string.h>

#include "program_lines.h"
#include "transcript_read.h"

#define MAX_CLIENTS 8

struct reading {
	struct program_summary *s;
	struct {
		char name[64];
		int family; /* 4 or 6 */
	} client[MAX_CLIENTS];
	size_t clients;
};

static int starts_with(const char *text, const char *prefix)
{
	return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* 4 or 6 for a client connected before; 0 for another name. */
static int family_of(const struct reading *r, const char *name, size_t len)
{
	for (size_t i = 0; i < r->clients; i++)
		if (strlen(r->client[i].name) == len && strncmp(r->client[i].name, name, len) == 0)
			return r->client[i].family;
	return 0;
}

static void set_taken(struct program_summary *s, int family, int taken)
{
	if (family == 4)
		s->took4 = taken;
	else if (family == 6)
		s->took6 = taken;
}

/* "connect(NAME, ADDRESS)" and "recv(NAME)" calls of the harness's clients. */
static void read_client_call(struct reading *r, const char *call, const char *result)
{
	const char *connect = "connect(", *recv = "recv(";
	if (starts_with(call, connect) && strstr(call, ", ") && r->clients < MAX_CLIENTS) {
		const char *name = call + strlen(connect), *comma = strstr(name, ", ");
		int family = comma[2] == '[' ? 6 : 4; /* sockaddr_text brackets IPv6 */
		snprintf(r->client[r->clients].name, sizeof r->client[0].name, "%.*s", (int)(comma - name), name);
		r->client[r->clients++].family = family;
		set_taken(r->s, family, strcmp(result, "0") == 0);
	} else if (starts_with(call, recv) && strcmp(result, "ECONNREFUSED") == 0) {
		const char *name = call + strlen(recv);
		set_taken(r->s, family_of(r, name, strcspn(name, ")")), 0);
	}
}

/* "PROGRAM saw NAME as ADDRESS" and "PROGRAM logged: LINE" notes. */
static void read_program_note(struct reading *r, const char *note)
{
	struct program_summary *s = r->s;
	size_t program_len = strlen(s->program);
	if (strncmp(note, s->program, program_len) != 0)
		return;
	const char *rest = note + program_len;
	if (starts_with(rest, PROGRAM_SAW_INFIX)) {
		const char *name = rest + strlen(PROGRAM_SAW_INFIX), *as = strstr(name, " as ");
		if (as && family_of(r, name, (size_t)(as - name)) == 4)
			snprintf(s->seen4, sizeof s->seen4, "%s", as + 4);
	} else if (starts_with(rest, PROGRAM_LOGGED_INFIX) && !s->failure[0]) {
		const char *line = rest + strlen(PROGRAM_LOGGED_INFIX);
		if (line[0] == '[' && strstr(line, "] "))
			line = strstr(line, "] ") + 2;
		snprintf(s->failure, sizeof s->failure, "%s", line);
	}
}

/* A row of a snapshot: the program's listening sockets. */
static void read_row(struct program_summary *s, const struct record *row)
{
	const char *file = row->field[ROW_FILE], *state = row->field[ROW_STATE];
	if (strcmp(row->field[ROW_NAME], s->program) != 0 || (strcmp(state, "LISTEN") && strcmp(state, "UNCONN")))
		return;
	if (strcmp(file, "tcp") && strcmp(file, "tcp6") && strcmp(file, "udp") && strcmp(file, "udp6"))
		return;
	size_t used = strlen(s->listeners);
	snprintf(s->listeners + used, sizeof s->listeners - used, "%s%s %s v6only %s", used ? ", " : "", file,
		 row->field[ROW_LOCAL], row->field[ROW_V6ONLY]);
}

/* The wait line names the program; the call before it started it. */
static void read_wait(struct program_summary *s, const char *call, const struct record *previous)
{
	const char *word = call + strlen(PROGRAM_WAIT_PREFIX);
	snprintf(s->program, sizeof s->program, "%.*s", (int)strcspn(word, " "), word);
	if (previous && previous->type == RECORD_EVENT)
		snprintf(s->started_by, sizeof s->started_by, "%s", previous->field[EVENT_CALL]);
}

int program_summary_read(const char *golden, struct program_summary *s, char *why, size_t why_size)
{
	memset(s, 0, sizeof *s);
	struct transcript t = {0};
	if (transcript_read(golden, READ_SNAPSHOTS | READ_EVENTS | READ_NOTES, &t, NULL, why, why_size) != 0) {
		transcript_free(&t);
		return -1;
	}
	struct reading r = {.s = s};
	for (size_t i = 0; i < t.count; i++) {
		const struct record *rec = &t.record[i];
		if (!s->program[0]) {
			if (rec->type == RECORD_EVENT && starts_with(rec->field[EVENT_CALL], PROGRAM_WAIT_PREFIX))
				read_wait(s, rec->field[EVENT_CALL], i > 0 ? &t.record[i - 1] : NULL);
		} else if (rec->type == RECORD_EVENT) {
			read_client_call(&r, rec->field[EVENT_CALL], rec->field[EVENT_RESULT]);
		} else if (rec->type == RECORD_NOTE) {
			read_program_note(&r, rec->field[0]);
		} else if (rec->type == RECORD_ROW) {
			read_row(s, rec);
		}
	}
	transcript_free(&t);
	return s->program[0] ? 1 : 0;
}
