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
 * this dslab is built with. */
void golden_reference_here(struct golden_reference *r, const char *release);

/* "Linux 6.18.44-fc-v669, glibc 2.36". */
void golden_reference_text(const struct golden_reference *r, char *out, size_t size);

/* The major and minor version a kernel release starts with: 6 and 1 for
 * "6.1.192" or Debian's "6.1.0-56-cloud-amd64". 0, or -1 if the release
 * does not start with "M.m". */
int kernel_release_version(const char *release, unsigned *major, unsigned *minor);

#endif
