/* formats: how results are printed. human (a line per case, diffs, the
 * summary line), json (one object per case per line), ktap (KTAP v1). */
#ifndef DSLAB_FORMATS_H
#define DSLAB_FORMATS_H

#include <stdio.h>

#include "execute.h"

enum output_format { FORMAT_HUMAN, FORMAT_JSON, FORMAT_KTAP };

struct tally {
	size_t passed, failed, skipped, bad_input;
	size_t recorded;    /* of the passed: as a recorded kernel or libc difference */
};

struct printer {
	enum output_format format;
	FILE *out;
	size_t number;      /* KTAP test number of the last result */
	struct tally tally;
	/* The reference and this run's kernel, for JSON's "reference" and the
	 * second summary line (run_goldens.h); NULL: not said. */
	const char *reference;
	const char *this_run;
	const char *recorded_rule; /* "linux-6.1 (by version)", or NULL: none apply */
};

void printer_begin(struct printer *p, size_t case_count);
void printer_result(const struct case_result *r, void *printer);
/* The summary line: "N passed, N failed, N skipped" (stdout for human,
 * "# ..." for KTAP, stderr for JSON so stdout stays JSON lines), then a
 * second line naming the reference and this run's kernel:
 * "reference: Linux R, glibc V; this run: Linux K, recorded differences of
 * TAG (RULE): N cases". */
void printer_end(struct printer *p);

/* A snapshot row as a JSON object: file, state, local, remote, v6only
 * (0, 1 or null), name (or null). */
struct record;
void json_write_row(FILE *out, const struct record *row);

/* A JSON string literal, with the quotes. */
void json_write_string(FILE *out, const char *text);

#endif
