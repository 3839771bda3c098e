/* golden_reference: which kernel and libc the main goldens were recorded on.
 *
 * expected/REFERENCE holds two lines after its comments:
 *   kernel <uname -r of the reference machine>
 *   libc <name and version, e.g. "glibc 2.36">
 * `dslab run --update` writes it when it writes main goldens; run, check,
 * kernels and report read it to name the reference. */
#ifndef DSLAB_GOLDEN_REFERENCE_H
#define DSLAB_GOLDEN_REFERENCE_H

#include <stddef.h>

#define REFERENCE_FILE_NAME "REFERENCE"
/* Stands in for the running libc ("glibc 2.41"), as DSLAB_KERNEL_RELEASE
 * for uname -r: for tests, which goldens would apply with another libc. */
#define LIBC_RELEASE_VARIABLE "DSLAB_LIBC_RELEASE"

struct golden_reference {
	char kernel[128]; /* "6.18.44-fc-v669" */
	char libc[64];    /* "glibc 2.36" */
};

/* Read <expected_dir>/REFERENCE. 0; 1 if there is none; -1 if malformed,
 * with a one-line reason (naming the file) in why. */
int golden_reference_read(const char *expected_dir, struct golden_reference *r, char *why,
			  size_t why_size);

/* Write it atomically (only if it would change). 0, or -1 with errno. */
int golden_reference_write(const char *expected_dir, const struct golden_reference *r);

/* This machine: the release (release, or uname -r when NULL) and the libc
 * this dslab runs with (or $DSLAB_LIBC_RELEASE). */
void golden_reference_here(struct golden_reference *r, const char *release);

/* The override tag of a libc by its version: "glibc-2.41" for "glibc
 * 2.41.0"-like text ("glibc 2.41"); "" for a libc without a version
 * ("musl": its build carries the tag "musl"). */
void golden_reference_libc_tag(const char *libc, char *tag, size_t size);

/* "Linux 6.18.44-fc-v669, glibc 2.36". */
void golden_reference_text(const struct golden_reference *r, char *out, size_t size);

/* The major and minor version a kernel release starts with: 6 and 1 for
 * "6.1.192" or Debian's "6.1.0-56-cloud-amd64". 0, or -1 if the release
 * does not start with "M.m". */
int kernel_release_version(const char *release, unsigned *major, unsigned *minor);

#endif
