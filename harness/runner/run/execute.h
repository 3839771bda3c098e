/* execute: the supervisor. Starts cases (in parallel), drains their pipes,
 * reaps and times them; each result's verdict against the goldens is
 * golden_judge's. */
#ifndef DSLAB_EXECUTE_H
#define DSLAB_EXECUTE_H

#include <signal.h>

#include "cases.h"
#include "golden_judge.h"
#include "transcript.h"

enum case_status { CASE_PASS, CASE_FAIL, CASE_SKIP, CASE_TIMEOUT, CASE_CRASH };

const char *case_status_name(enum case_status status); /* "pass", "fail", ... */

struct case_result {
	const struct case_def *def;
	enum case_status status;
	int updated;             /* --update rewrote the golden */
	int bad_input;           /* the golden is unreadable or malformed: exit 2 */
	char reason[1024];       /* why it did not pass (one line), or "" */
	struct transcript transcript; /* normalised */
	char *actual_text;       /* the rendered transcript */
	char *diff;              /* unified diff against the golden, on mismatch */
	char *output;            /* what the scenario wrote to stdout/stderr */
	char golden_path[4096];
	char actual_path[4096];
	int actual_kept;          /* actual_path holds this run's transcript */
	int differs;              /* the transcript differs from the golden that
				     applies (golden_path then names it) */
	char *override_text;      /* differs from an override: its transcript */
	char recorded_tag[40];    /* passed as a recorded difference of this
				     kernel or libc ("linux-6.1"); "" otherwise */
};

struct run_settings {
	double timeout_seconds;  /* per case, already multiplied */
	unsigned jobs;
	int update;
	int keep;
	const char *expected_dir;
	const char *actual_dir;
	const char *scenario_dir;
	const char *etc_dir;     /* the harness's /etc files (hermetic_etc.h) */
	const char *capture_dir; /* run --capture-tools: an absolute path, or NULL */
	/* How goldens judge (golden_judge.h): the overrides that apply, and
	 * what --update writes. */
	const struct golden_tags *tags;
	enum golden_update update_mode;
	const char *update_tag;
	/* Said after a difference, e.g. "this kernel (Linux 6.1.192) is not the
	 * reference (Linux 6.18.44, glibc 2.36)"; NULL on the reference. */
	const char *difference_context;
};

typedef void (*result_callback)(const struct case_result *result, void *context);

/* Run every case; results reach on_result in case order. If *stop becomes
 * non-zero (a signal), running cases are killed and no more start.
 * Returns the number of cases that ran to a result. */
size_t execute_cases(const struct case_list *cases, const struct run_settings *settings,
		     result_callback on_result, void *context, volatile sig_atomic_t *stop);

#endif
