/* case_verdict: a finished case's result from what its process left (its
 * wait status, its report and output, whether it timed out), then its
 * transcript normalised, rendered and judged against the goldens
 * (golden_judge.h), the actual transcript kept where someone will read it:
 * a failed case's, or every case's with --keep. */
#ifndef DSLAB_CASE_VERDICT_H
#define DSLAB_CASE_VERDICT_H

#include <stddef.h>

#include "execute.h"

struct case_process {
	const char *report;      /* the report channel's bytes (may be NULL) */
	size_t report_len;
	int report_overflow;     /* it said more than report_limit */
	size_t report_limit;
	char *output;            /* stdout and stderr; the result takes it over */
	int status;              /* the scenario's wait status */
	int timed_out;
	double timeout_seconds;
};

void case_verdict(struct case_result *r, const struct case_def *def, struct case_process *p,
		  const struct run_settings *s);

#endif
