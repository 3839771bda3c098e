/* formats: how results are printed. human (a line per case, diffs, the
 * summary line), json (one object per case per line), ktap (KTAP v1). */
#ifndef DSLAB_FORMATS_H
#define DSLAB_FORMATS_H

#include <stdio.h>

#include "execute.h"

enum output_format { FORMAT_HUMAN, FORMAT_JSON, FORMAT_KTAP };

struct tally {
	size_t passed, failed, skipped, bad_input;
};

struct printer {
	enum output_format format;
	FILE *out;
	size_t number;      /* KTAP test number of the last result */
	struct tally tally;
};

void printer_begin(struct printer *p, size_t case_count);
void printer_result(const struct case_result *r, void *printer);
/* The summary line: "N passed, N failed, N skipped" (stdout for human,
 * "# ..." for KTAP, stderr for JSON so stdout stays JSON lines). */
void printer_end(struct printer *p);

/* A snapshot row as a JSON object: file, state, local, remote, v6only
 * (0, 1 or null), name (or null). */
struct record;
void json_write_row(FILE *out, const struct record *row);

/* A JSON string literal, with the quotes. */
void json_write_string(FILE *out, const char *text);

#endif
