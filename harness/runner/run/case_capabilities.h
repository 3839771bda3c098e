/* case_capabilities: a case keeps the capabilities its scenario declares
 * (dslab-capabilities:) and no others: in the bounding set, so exec as
 * uid 0 cannot regain them, and in its permitted and effective sets. */
#ifndef DSLAB_CASE_CAPABILITIES_H
#define DSLAB_CASE_CAPABILITIES_H

#include <stddef.h>
#include <stdint.h>


/* isolate_limit_bounding_set (isolate.h) is here too: it fills what
 * case_runner_bounding_set returns. */

/* The capabilities still in the runner's bounding set: the only ones a
 * case has to drop itself. */
uint64_t case_runner_bounding_set(void);

/* In a case's child, before exec: keep only declared ("cap_a,cap_b", ""
 * for none) of bounding_set. Returns 0, or -1 with one line in why. */
int case_keep_capabilities(const char *declared, uint64_t bounding_set, char *why, size_t why_size);

#endif
