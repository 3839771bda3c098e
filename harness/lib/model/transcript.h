/* The transcript: what a scenario reported, as records.
 *
 * A scenario writes one record per line to the report channel; each line is
 * a type letter and tab-separated fields (values never contain tabs or
 * newlines: the writer replaces them). The runner parses the records,
 * normalises them (ephemeral ports become EPH1, EPH2, ...; snapshot rows
 * sort on stable keys) and renders them as the golden text or as JSON.
 *
 *   V version            P first last  (ephemeral port range)
 *   E call result socket detail        (result: "0", a number or an errno name)
 *   N note               S label       (a snapshot; its R rows follow)
 *   R file state local remote v6only name
 *   C grid row column value   (one cell of a result grid; consecutive
 *                              cells of one grid render as a table)
 *   G grid rows columns calls tags  (a grid's form, before its cells: what
 *        its rows and columns are, the calls whose results a cell lists,
 *        "/" between them, and the tagged words that may follow; it
 *        renders as nothing, so a golden holds only the evidence)
 *   D text  (snapshot sources disagree)   F text  (harness error)
 *   K text  (case skipped, written by the runner's child before exec)
 */
#ifndef DSLAB_TRANSCRIPT_H
#define DSLAB_TRANSCRIPT_H

#include <stdio.h>
#include <stddef.h>

#define TRANSCRIPT_VERSION "1"
#define RECORD_MAX_FIELDS 6
#define RECORD_MAX_LINE 4096

enum record_type {
	RECORD_VERSION = 'V',
	RECORD_PORTS = 'P',
	RECORD_EVENT = 'E',
	RECORD_NOTE = 'N',
	RECORD_SNAPSHOT = 'S',
	RECORD_ROW = 'R',
	RECORD_DISAGREE = 'D',
	RECORD_FAIL = 'F',
	RECORD_SKIP = 'K',
	RECORD_CELL = 'C',
	RECORD_GRID_FORM = 'G',
};

enum { EVENT_CALL, EVENT_RESULT, EVENT_SOCKET, EVENT_DETAIL };
enum { ROW_FILE, ROW_STATE, ROW_LOCAL, ROW_REMOTE, ROW_V6ONLY, ROW_NAME };
enum { CELL_GRID, CELL_ROW, CELL_COLUMN, CELL_VALUE };
/* FORM_CALLS: the calls' names, blank-separated, in the order of a cell's
 * "/"-separated results ("bind(first) bind(second)"); FORM_TAGS: "TAG:what;
 * TAG:what", the meaning of a cell's words "TAG:value" after the results
 * ("v4:to 127.0.0.1; v6:to [::1]"), or "". */
enum { FORM_GRID, FORM_ROWS, FORM_COLUMNS, FORM_CALLS, FORM_TAGS };

struct record {
	char type;
	int field_count;
	char *field[RECORD_MAX_FIELDS];
};

struct transcript {
	struct record *record;
	size_t count, capacity;
	unsigned port_first, port_last; /* ephemeral range; 0, 0 if not reported */
	int truncated;                  /* the stream ended inside a line */
};

/* Number of fields a record type carries, or -1 for an unknown type. */
int record_field_count(char type);

/* Format one record as a line ending in '\n' into out (RECORD_MAX_LINE
 * bytes). Tabs, newlines and other control characters in the fields become
 * spaces; an over-long record is cut. Returns the line's length. */
size_t record_format(char out[RECORD_MAX_LINE], char type, const char *const *fields);

int transcript_add(struct transcript *t, char type, const char *const *fields);
void transcript_free(struct transcript *t);

/* Parse a report stream. Returns 0, or -1 with a one-line reason in why
 * (line number and what is wrong). A last line without '\n' is dropped and
 * sets t->truncated (the scenario died mid-write). */
int transcript_parse(struct transcript *t, const char *text, size_t len,
		     char *why, size_t why_size);

/* Render the golden text (transcript_render.c): a title comment, then one line per call or note
 * and an aligned table per snapshot. Records [from, to). */
int transcript_render_range(const struct transcript *t, size_t from, size_t to, FILE *out);
/* The whole transcript with its "# title" line; returns malloc'd text. */
char *transcript_render(const struct transcript *t, const char *title);

/* Count of records of a type, and the first one (or NULL). */
size_t transcript_count(const struct transcript *t, char type);
const struct record *transcript_first(const struct transcript *t, char type);

#endif
