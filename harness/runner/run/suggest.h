/* suggest: the cases a mistyped case name may have meant. */
#ifndef DSLAB_SUGGEST_H
#define DSLAB_SUGGEST_H

#include <stddef.h>

#include "cases.h"

/* Up to max cases close to name, best first, into out: every variant of the
 * scenario it names (the text before '/', or all of it), else the cases
 * within a few edits of it (whole names when it has a '/', scenario names
 * otherwise), else the cases that contain it. Returns how many there are
 * in all (may exceed max). */
size_t cases_suggest(const struct case_list *all, const char *name, const struct case_def **out,
		     size_t max);

/* Levenshtein distance, counting at most the first 255 bytes of each. */
size_t edit_distance(const char *a, const char *b);

#endif
