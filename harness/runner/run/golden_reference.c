#include "golden_reference.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#ifdef __GLIBC__
#include <gnu/libc-version.h>
#endif

#include "golden.h"

static int reference_path(const char *expected_dir, char *out, size_t size)
{
	int n = snprintf(out, size, "%s/%s", expected_dir, REFERENCE_FILE_NAME);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* "key value" into field if the line is that key's; 1 if it was. */
static int take(const char *line, const char *key, char *field, size_t size)
{
	size_t len = strlen(key);
	if (strncmp(line, key, len) != 0 || line[len] != ' ' || !line[len + 1])
		return 0;
	snprintf(field, size, "%s", line + len + 1);
	return 1;
}

int golden_reference_read(const char *expected_dir, struct golden_reference *r, char *why,
			  size_t why_size)
{
	char path[4200], problem[256];
	memset(r, 0, sizeof *r);
	if (reference_path(expected_dir, path, sizeof path) != 0) {
		snprintf(why, why_size, "%s: path too long", expected_dir);
		return -1;
	}
	char *text = NULL;
	enum golden_status status = golden_read(path, &text, problem, sizeof problem);
	if (status == GOLDEN_MISSING)
		return 1;
	if (status == GOLDEN_BAD) {
		snprintf(why, why_size, "%s: %s", path, problem);
		return -1;
	}
	int bad_line = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] == '#')
			continue;
		if (!take(line, "kernel", r->kernel, sizeof r->kernel) &&
		    !take(line, "libc", r->libc, sizeof r->libc))
			bad_line = 1;
	}
	free(text);
	if (bad_line || !r->kernel[0] || !r->libc[0]) {
		snprintf(why, why_size, "%s: want the lines 'kernel RELEASE' and 'libc NAME VERSION' "
			 "(dslab run --update writes it)", path);
		return -1;
	}
	return 0;
}

int golden_reference_write(const char *expected_dir, const struct golden_reference *r)
{
	char path[4200], text[512], why[64];
	if (reference_path(expected_dir, path, sizeof path) != 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	snprintf(text, sizeof text,
		 "# The reference: the kernel (uname -r) and libc the main goldens were\n"
		 "# recorded on. Written by dslab run --update; see README, \"On your kernel\".\n"
		 "kernel %s\nlibc %s\n", r->kernel, r->libc);
	char *old = NULL;
	int same = golden_read(path, &old, why, sizeof why) == GOLDEN_OK && strcmp(old, text) == 0;
	free(old);
	return same ? 0 : golden_write_atomic(path, text);
}

void golden_reference_here(struct golden_reference *r, const char *release)
{
	struct utsname u;
	memset(r, 0, sizeof *r);
	if (!release)
		release = uname(&u) == 0 ? u.release : "unknown";
	snprintf(r->kernel, sizeof r->kernel, "%s", release);
	const char *standin = getenv(LIBC_RELEASE_VARIABLE);
	if (standin && *standin) {
		snprintf(r->libc, sizeof r->libc, "%s", standin);
		return;
	}
#ifdef __GLIBC__
	snprintf(r->libc, sizeof r->libc, "glibc %s", gnu_get_libc_version());
#else
	snprintf(r->libc, sizeof r->libc, "musl"); /* musl has no version call */
#endif
}

void golden_reference_libc_tag(const char *libc, char *tag, size_t size)
{
	unsigned major, minor;
	if (sscanf(libc, "glibc %u.%u", &major, &minor) == 2)
		snprintf(tag, size, "glibc-%u.%u", major, minor);
	else if (size)
		*tag = '\0';
}

void golden_reference_text(const struct golden_reference *r, char *out, size_t size)
{
	snprintf(out, size, "Linux %s, %s", r->kernel, r->libc);
}

int kernel_release_version(const char *release, unsigned *major, unsigned *minor)
{
	char dot;
	return sscanf(release, "%u%c%u", major, &dot, minor) == 3 && dot == '.' ? 0 : -1;
}
