/* Goldens: expected/<scenario>/<variant>.golden, the reviewed transcripts. */
#ifndef DSLAB_GOLDEN_H
#define DSLAB_GOLDEN_H

#include <stddef.h>

enum golden_status { GOLDEN_OK, GOLDEN_MISSING, GOLDEN_BAD };

/* Golden files are at most this large. */
#define GOLDEN_MAX_BYTES (1024 * 1024)

/* Check a golden's text: UTF-8-clean printable text with '\n' line ends,
 * ending in '\n'. Returns NULL if good, else the problem in a few words. */
const char *golden_check_text(const char *text, size_t len);

/* Read and check a golden. GOLDEN_OK: *text is malloc'd. Otherwise *why
 * (static or in the given buffer) says what is wrong with the file. */
enum golden_status golden_read(const char *path, char **text, char *why, size_t why_size);

/* Write text to path atomically: an unnamed file (O_TMPFILE) in the same
 * directory, fsync, a temporary name, rename, then fsync the directory.
 * Creates the directory if needed (one level). Returns 0, or -1 with errno
 * set; nothing half-written stays, even if the process is killed. */
int golden_write_atomic(const char *path, const char *text);

/* Temporary names contain this: path.tmp.<pid>.<n>. */
#define GOLDEN_TEMPORARY_INFIX ".tmp."

/* Remove leftover temporary files in dir (a run killed in the instant
 * between naming a finished file and renaming it). Returns how many. */
int golden_sweep_temporaries(const char *dir);

/* Unified diff of two files (diff -u), labelled; malloc'd, NULL on error. */
char *golden_diff(const char *expected_path, const char *actual_path,
		  const char *expected_label, const char *actual_label);

/* Overrides: where a kernel or libc truly behaves differently, its result
 * is recorded next to the main golden as <variant>@<tag>.golden (tags:
 * "musl", "linux-6.1"), whose first line is a header "#@<tag> ..." saying
 * what differs; the main golden is never loosened. */
#define GOLDEN_OVERRIDE_HEADER "#@"

/* <...>/<variant>@<tag>.golden for main_path <...>/<variant>.golden, in
 * out. Returns 0, or -1 if it does not fit or tag is not [a-z0-9.+-]+. */
int golden_override_path(const char *main_path, const char *tag, char *out, size_t size);

/* A tag is [a-z0-9.+-]+, at most 32 bytes. */
int golden_tag_valid(const char *tag, size_t len);

/* --update under a tag: actual equal to the main golden removes a stale
 * override; otherwise the override is written (atomically) with the header
 * "#@<tag> differs from <variant>.golden: <summary>". *changed is set when
 * a file was written or removed. Returns 0, or -1 with errno set. */
int golden_update_override(const char *main_path, const char *main_text, const char *tag,
			   const char *actual, int *changed);

#endif
