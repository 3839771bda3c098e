#include "capability.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>

#include "lesson.h"

int lower_capability(const char *name)
{
	cap_value_t cap;
	if (cap_from_name(name, &cap) != 0) {
		errno = EINVAL;
		return -1;
	}
	cap_t caps = cap_get_proc();
	if (!caps)
		return -1;
	int rc = cap_set_flag(caps, CAP_EFFECTIVE, 1, &cap, CAP_CLEAR);
	if (rc == 0)
		rc = cap_set_proc(caps);
	int error = errno;
	cap_free(caps);
	errno = error;
	return rc;
}

/* "cap_a,cap_b" for the capabilities set in one flag of caps, or "none". */
static void name_set(cap_t caps, cap_flag_t flag, char *out, size_t size)
{
	size_t used = 0;
	out[0] = '\0';
	for (cap_value_t cap = 0; cap < (cap_value_t)cap_max_bits(); cap++) {
		cap_flag_value_t value = CAP_CLEAR;
		if (cap_get_flag(caps, cap, flag, &value) != 0 || value != CAP_SET)
			continue;
		char *name = cap_to_name(cap);
		int n = snprintf(out + used, size - used, "%s%s", used ? "," : "",
				 name ? name : "?");
		cap_free(name);
		if (n < 0 || (size_t)n >= size - used)
			report_fail("report_capabilities: the capability names do not fit in %zu bytes", size);
		used += (size_t)n;
	}
	if (used == 0)
		snprintf(out, size, "none");
}

void report_capabilities(void)
{
	int error = errno;
	cap_t caps = cap_get_proc();
	if (!caps)
		report_fail("cap_get_proc: %s", strerror(errno));
	char effective[1024], permitted[1024];
	name_set(caps, CAP_EFFECTIVE, effective, sizeof effective);
	name_set(caps, CAP_PERMITTED, permitted, sizeof permitted);
	cap_free(caps);
	report_note("effective: %s; permitted: %s", effective, permitted);
	errno = error;
}
