/* run_cases: dslab run's work, shared with dslab report: the selected cases
 * run under the goldens' judge, each result printed and passed on. */
#ifndef DSLAB_RUN_CASES_H
#define DSLAB_RUN_CASES_H

#include "command.h"
#include "formats.h"

/* The selected cases, each result printed (and, if also is set, passed on
 * to it); returns run's exit code. SIGINT and SIGTERM stop it between
 * cases (run_cases_interrupted then says so). */
int run_cases(const struct command_context *c, result_callback also, void *also_context);

int run_cases_interrupted(void);

#endif
