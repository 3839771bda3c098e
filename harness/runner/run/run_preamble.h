/* run_preamble: what dslab run, report and kernels check before any case
 * starts, in one place: --update refused under CI, the timeout multiplier
 * ($DSLAB_TIMEOUT_MULTIPLIER) and the selected cases. */
#ifndef DSLAB_RUN_PREAMBLE_H
#define DSLAB_RUN_PREAMBLE_H

#include "cases.h"
#include "cli.h"

struct run_preamble {
	struct case_list all, selected;
	double multiplier;  /* every timeout is multiplied by it */
};

/* Returns 0, or -1 after one line on stderr (dslab then exits 2). On 0,
 * call run_preamble_free. */
int run_preamble_begin(const struct cli_options *o, struct run_preamble *p);
void run_preamble_free(struct run_preamble *p);

/* The cases o's patterns select (all without patterns); -1 after one line
 * on stderr. On 0, both lists are the caller's to cases_free. */
int run_select_cases(const struct cli_options *o, struct case_list *all, struct case_list *selected);

#endif
