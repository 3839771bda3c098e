#include "run_preamble.h"

#include <stdio.h>
#include <stdlib.h>

int run_select_cases(const struct cli_options *o, struct case_list *all, struct case_list *selected)
{
	const char *unmatched = NULL;
	if (cases_all(all) != 0) {
		fprintf(stderr, "dslab: out of memory\n");
		return -1;
	}
	if (cases_select(all, o->patterns, o->pattern_count, selected, &unmatched) != 0) {
		fprintf(stderr, "dslab: no case matches '%s' (see dslab list)\n",
			unmatched ? unmatched : "?");
		cases_free(all);
		return -1;
	}
	return 0;
}

int run_preamble_begin(const struct cli_options *o, struct run_preamble *p)
{
	const char *ci = getenv("CI");
	if (o->update && ci && *ci) {
		fprintf(stderr, "dslab: --update refused: CI is set (goldens change only by a person, "
			"who reads the diff)\n");
		return -1;
	}
	p->multiplier = 1;
	const char *m = getenv(TIMEOUT_MULTIPLIER_VARIABLE);
	if (m && *m && cli_parse_positive(m, &p->multiplier) != 0) {
		fprintf(stderr, "dslab: %s must be a positive number, not '%s'\n",
			TIMEOUT_MULTIPLIER_VARIABLE, m);
		return -1;
	}
	return run_select_cases(o, &p->all, &p->selected);
}

void run_preamble_free(struct run_preamble *p)
{
	cases_free(&p->selected);
	cases_free(&p->all);
}
