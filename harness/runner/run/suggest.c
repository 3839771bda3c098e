#include "suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DISTANCE_MAX_LENGTH 255
/* A name within this many edits counts as a typo of it. */
#define TYPO_DISTANCE 3

size_t edit_distance(const char *a, const char *b)
{
	size_t la = strnlen(a, DISTANCE_MAX_LENGTH), lb = strnlen(b, DISTANCE_MAX_LENGTH);
	size_t row[DISTANCE_MAX_LENGTH + 1];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diagonal = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t above = row[j];
			size_t best = diagonal + (a[i - 1] != b[j - 1]);
			if (above + 1 < best)
				best = above + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diagonal = above;
		}
	}
	return row[lb];
}

/* Smaller is closer; SIZE_MAX: not close. */
static size_t closeness(const struct case_def *c, const char *name, const char *scenario_part)
{
	if (strcmp(c->scenario->name, scenario_part) == 0)
		return 0;
	size_t d = strchr(name, '/') ? edit_distance(name, c->name)
				     : edit_distance(scenario_part, c->scenario->name);
	if (d <= TYPO_DISTANCE)
		return d;
	if (*name && strstr(c->name, name))
		return TYPO_DISTANCE + 1;
	return (size_t)-1;
}

size_t cases_suggest(const struct case_list *all, const char *name, const struct case_def **out,
		     size_t max)
{
	char scenario_part[256];
	snprintf(scenario_part, sizeof scenario_part, "%.*s", (int)strcspn(name, "/"), name);
	size_t total = 0;
	/* Best first: one pass per distance keeps catalogue order within it. */
	for (size_t want = 0; want <= TYPO_DISTANCE + 1; want++) {
		for (size_t i = 0; i < all->count; i++) {
			if (closeness(&all->item[i], name, scenario_part) != want)
				continue;
			if (total < max)
				out[total] = &all->item[i];
			total++;
		}
		/* The scenario was named exactly: its variants are the answer. */
		if (want == 0 && total)
			break;
	}
	return total;
}
