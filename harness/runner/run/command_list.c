/* dslab list [CASE...]: the cases' names, one per line. */
#include <stdio.h>

#include "command.h"
#include "run_preamble.h"

int command_list(const struct command_context *c)
{
	struct case_list all, selected;
	if (run_select_cases(c->options, &all, &selected) != 0)
		return EXIT_USAGE;
	for (size_t i = 0; i < selected.count; i++)
		printf("%s\n", selected.item[i].name);
	cases_free(&selected);
	cases_free(&all);
	return EXIT_PASS;
}
