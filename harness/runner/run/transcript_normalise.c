/* transcript_normalise: a transcript made comparable with its golden
 * (transcript_normalise.h). Only the runner normalises: a scenario run
 * directly prints what happened, ports and all. */
#include "transcript_normalise.h"

#include "growth.h"
#include "port_names.h"

#include <stdlib.h>
#include <string.h>

/* Sort key of a row: its fields with every ephemeral port masked, so the
 * order does not depend on which port the kernel picked. The keys are made
 * once per row, not once per comparison: a snapshot of a busy namespace
 * (dslab snapshot) has 10^5 rows and qsort compares ~n log2 n times. */
static const int sort_order[] = {ROW_FILE, ROW_LOCAL, ROW_REMOTE, ROW_NAME, ROW_STATE};
#define SORT_KEYS (sizeof sort_order / sizeof sort_order[0])

struct sort_item {
	const char *key[SORT_KEYS];
	struct record record;
};

static int compare_rows(const void *a, const void *b)
{
	const struct sort_item *ia = a, *ib = b;
	for (size_t k = 0; k < SORT_KEYS; k++) {
		int c = strcmp(ia->key[k], ib->key[k]);
		if (c)
			return c;
	}
	for (int f = 0; f < RECORD_MAX_FIELDS; f++) {
		int c = strcmp(ia->record.field[f], ib->record.field[f]);
		if (c)
			return c;
	}
	return 0;
}

/* Sorts rows [0, count). Without an ephemeral range (first == 0) nothing
 * would be masked, so the fields are their own keys; otherwise each key is
 * a masked copy, owned here. */
static int sort_rows(struct record *rows, size_t count, unsigned first, unsigned last)
{
	struct sort_item *items = calloc(count, sizeof *items);
	if (!items)
		return -1;
	int masked = first > 0, failed = 0;
	for (size_t i = 0; i < count && !failed; i++) {
		items[i].record = rows[i];
		for (size_t k = 0; k < SORT_KEYS && !failed; k++) {
			const char *field = rows[i].field[sort_order[k]];
			if (masked) {
				items[i].key[k] = port_names_mask(field, first, last);
				failed = items[i].key[k] == NULL;
			} else {
				items[i].key[k] = field;
			}
		}
	}
	if (!failed) {
		qsort(items, count, sizeof *items, compare_rows);
		for (size_t i = 0; i < count; i++)
			rows[i] = items[i].record;
	}
	for (size_t i = 0; masked && i < count; i++)
		for (size_t k = 0; k < SORT_KEYS; k++)
			free((char *)items[i].key[k]);
	free(items);
	return failed ? -1 : 0;
}

/* The record's texts that may hold ports, in groups (see port_names.h):
 * a row's two addresses are one connection, and so is an accept's detail
 * ("peer X on Y", report_accept); an event's call and other texts are
 * free text. Pass 1 learns, pass 2 replaces. */
static int name_group(struct record *r, const int *fields, size_t count, int flags,
		      struct port_names *names, int apply)
{
	const char *texts[2];
	for (size_t i = 0; i < count; i++)
		texts[i] = r->field[fields[i]];
	if (!apply)
		return port_names_learn(names, texts, count, flags);
	if (names->first == 0)
		return 0; /* no ephemeral range: nothing to replace */
	char *named[2];
	if (port_names_apply(names, texts, count, flags, named))
		return -1;
	for (size_t i = 0; i < count; i++) {
		free(r->field[fields[i]]);
		r->field[fields[i]] = named[i];
	}
	return 0;
}

static int name_ports(struct record *r, struct port_names *names, int apply)
{
	static const int call[] = {EVENT_CALL}, detail[] = {EVENT_DETAIL},
			 row[] = {ROW_LOCAL, ROW_REMOTE}, text[] = {0}, cell[] = {CELL_VALUE};
	switch (r->type) {
	case RECORD_EVENT:
		return name_group(r, call, 1, 0, names, apply) ||
		       name_group(r, detail, 1,
				  strncmp(r->field[EVENT_DETAIL], "peer ", 5) == 0 ? PORT_GROUP_CONNECTION : 0,
				  names, apply);
	case RECORD_ROW:
		return name_group(r, row, 2,
				  PORT_GROUP_CONNECTION |
				  (strcmp(r->field[ROW_V6ONLY], "1") == 0 ? PORT_GROUP_V6ONLY : 0),
				  names, apply);
	case RECORD_NOTE: case RECORD_DISAGREE: case RECORD_FAIL:
		return name_group(r, text, 1, 0, names, apply);
	case RECORD_CELL:
		return name_group(r, cell, 1, 0, names, apply);
	default:
		return 0;
	}
}

int transcript_normalise(struct transcript *t)
{
	for (size_t i = 0; i < t->count; i++) {
		if (t->record[i].type != RECORD_ROW)
			continue;
		size_t j = i;
		while (j < t->count && t->record[j].type == RECORD_ROW)
			j++;
		if (sort_rows(&t->record[i], j - i, t->port_first, t->port_last) != 0)
			return -1;
		i = j - 1;
	}

	if (t->port_first == 0)
		return 0; /* no ephemeral range (dslab snapshot: real ports): no tokens */
	struct port_names names;
	port_names_init(&names, t->port_first, t->port_last);
	int failed = 0;
	for (int pass = 0; pass < 2 && !failed; pass++)
		for (size_t i = 0; i < t->count && !failed; i++)
			failed = name_ports(&t->record[i], &names, pass == 1);
	port_names_free(&names);
	return failed ? -1 : 0;
}
