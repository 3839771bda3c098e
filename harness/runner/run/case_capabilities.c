/* case_capabilities: what a case may hold (case_capabilities.h). */
#include "case_capabilities.h"

#include <errno.h>
#include <stdio.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "errno_name.h"
#include "isolate.h"

/* Capabilities still in the runner's bounding set after
 * isolate_limit_bounding_set: the only ones a case has to drop itself. */
static uint64_t runner_bounding_set = ~(uint64_t)0;

static int declared_capabilities(const char *declared, uint64_t *mask)
{
	/* "cap_a,cap_b" names capabilities; "cap_a,cap_b=eip" is libcap's text
	 * for having them permitted, effective and inheritable; "=" is none. */
	char text[256];
	if (snprintf(text, sizeof text, "%s%s", declared, declared[0] ? "=eip" : "=") >= (int)sizeof text)
		return -1;
	cap_t caps = cap_from_text(text);
	if (!caps)
		return -1;
	*mask = 0;
	for (cap_value_t cap = 0; cap <= CAP_LAST_CAP && cap < 64; cap++) {
		cap_flag_value_t wanted = CAP_CLEAR;
		cap_get_flag(caps, cap, CAP_PERMITTED, &wanted);
		if (wanted == CAP_SET)
			*mask |= (uint64_t)1 << cap;
	}
	cap_free(caps);
	return 0;
}

void isolate_limit_bounding_set(const struct case_list *cases)
{
	uint64_t any_declared = 0;
	for (size_t i = 0; i < cases->count; i++) {
		uint64_t mask;
		if (declared_capabilities(cases->item[i].scenario->capabilities, &mask) != 0)
			return; /* the case reports its bad list itself */
		any_declared |= mask;
	}
	uint64_t left = 0;
	for (cap_value_t cap = 0; cap <= CAP_LAST_CAP && cap < 64; cap++) {
		if (!CAP_IS_SUPPORTED(cap) || cap_get_bound(cap) != 1)
			continue;
		/* Where the runner may not drop it (no CAP_SETPCAP), each case does. */
		if ((any_declared & (uint64_t)1 << cap) || cap_drop_bound(cap) != 0)
			left |= (uint64_t)1 << cap;
	}
	runner_bounding_set = left;
}

uint64_t case_runner_bounding_set(void)
{
	return runner_bounding_set;
}

/* Keep only the declared capabilities: in the bounding set (so exec as uid
 * 0 cannot regain the others) and in the permitted and effective sets.
 * bounding_set: the capabilities that may still be in it. */
int case_keep_capabilities(const char *declared, uint64_t bounding_set, char *why, size_t why_size)
{
	uint64_t keep_mask;
	if (declared_capabilities(declared, &keep_mask) != 0)
		return snprintf(why, why_size, "bad capability list '%s'", declared), -1;
	for (cap_value_t cap = 0; cap <= CAP_LAST_CAP && cap < 64; cap++) {
		uint64_t bit = (uint64_t)1 << cap;
		if ((bounding_set & bit) && !(keep_mask & bit) && CAP_IS_SUPPORTED(cap) &&
		    cap_drop_bound(cap) != 0)
			return snprintf(why, why_size, "dropping capability %d from the bounding set: %s", cap,
					errno_name(errno)), -1;
	}
	char text[256];
	snprintf(text, sizeof text, "%s%s", declared, declared[0] ? "=eip" : "=");
	cap_t keep = cap_from_text(text);
	if (!keep || cap_set_proc(keep) != 0)
		return snprintf(why, why_size, "setting capabilities '%s': %s", declared, errno_name(errno)), -1;
	cap_free(keep);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return snprintf(why, why_size, "PR_SET_NO_NEW_PRIVS: %s", errno_name(errno)), -1;
	return 0;
}
