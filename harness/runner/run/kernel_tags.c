#include "kernel_tags.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "golden.h"
#include "golden_reference.h"

void kernel_tag_for_release(const char *release, char *tag, size_t size)
{
	unsigned major, minor;
	if (kernel_release_version(release, &major, &minor) == 0)
		snprintf(tag, size, "linux-%u.%u", major, minor);
	else
		snprintf(tag, size, "%s", "");
}

/* Does dir hold a file ending in "@<tag>.golden"? */
static int directory_has_tag(const char *dir, const char *suffix)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	size_t suffix_len = strlen(suffix);
	int found = 0;
	struct dirent *e;
	while (!found && (e = readdir(d))) {
		size_t len = strlen(e->d_name);
		found = len > suffix_len && strcmp(e->d_name + len - suffix_len, suffix) == 0;
	}
	closedir(d);
	return found;
}

int golden_tag_in_use(const char *expected_dir, const char *tag)
{
	char suffix[64];
	snprintf(suffix, sizeof suffix, "@%s.golden", tag);
	DIR *d = opendir(expected_dir);
	if (!d)
		return 0;
	int found = 0;
	struct dirent *e;
	while (!found && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char sub[4400];
		snprintf(sub, sizeof sub, "%s/%s", expected_dir, e->d_name);
		found = directory_has_tag(sub, suffix);
	}
	closedir(d);
	return found;
}

int kernel_tag_choose(const char *option_tag, int no_recorded, int recording,
		      const char *expected_dir, struct kernel_choice *out, char *error,
		      size_t error_size)
{
	memset(out, 0, sizeof *out);
	const char *release = getenv(KERNEL_RELEASE_VARIABLE);
	struct utsname u;
	if (!release || !*release)
		release = uname(&u) == 0 ? u.release : "unknown";
	snprintf(out->release, sizeof out->release, "%s", release);
	if (no_recorded) {
		out->rule = "--no-recorded";
		return 0;
	}
	const char *tag = option_tag;
	out->rule = "--kernel-tag";
	if (!tag) {
		tag = getenv(KERNEL_TAG_VARIABLE);
		out->rule = KERNEL_TAG_VARIABLE;
	}
	if (!tag || !*tag) {
		kernel_tag_for_release(release, out->tag, sizeof out->tag);
		out->rule = "version";
		return 0;
	}
	if (!golden_tag_valid(tag, strlen(tag)) || strcmp(tag, "musl") == 0 ||
	    strncmp(tag, "glibc-", 6) == 0) {
		snprintf(error, error_size, "%s '%.64s' is not a kernel tag: lower-case letters, digits, "
			 "'.', '+' and '-', at most 32 (e.g. linux-6.1), and not a libc's",
			 out->rule, tag);
		return -1;
	}
	if (!recording && !golden_tag_in_use(expected_dir, tag)) {
		snprintf(error, error_size, "%s '%.64s': no golden under %.900s records this tag "
			 "(record it with dslab run --update --kernel-tag %.64s)", out->rule, tag,
			 expected_dir, tag);
		return -1;
	}
	snprintf(out->tag, sizeof out->tag, "%s", tag);
	return 0;
}
