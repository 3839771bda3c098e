/* kernel_tags: which recorded kernel differences apply to a run.
 *
 * A kernel's differences from the reference are recorded as overrides,
 * <variant>@<tag>.golden (golden_judge.h). The tag a run uses is chosen by
 * this rule, first match wins:
 *   1. --no-recorded: none; every case is judged against the main goldens
 *      (what a kernel CI wants: any difference fails).
 *   2. --kernel-tag TAG, else $DSLAB_KERNEL_TAG: TAG. For a vendor kernel
 *      that differs from the reference at the same version, or to judge
 *      with another kernel's record. It must be a tag some override under
 *      expected/ carries, unless --update is recording it now.
 *   3. By version: "linux-M.m" for a release "M.m.*" (any 6.1.y takes the
 *      @linux-6.1 overrides).
 * $DSLAB_KERNEL_RELEASE stands in for uname -r (for tests: which goldens
 * would apply on another kernel). */
#ifndef DSLAB_KERNEL_TAGS_H
#define DSLAB_KERNEL_TAGS_H

#include <stddef.h>

#define KERNEL_TAG_VARIABLE "DSLAB_KERNEL_TAG"
#define KERNEL_RELEASE_VARIABLE "DSLAB_KERNEL_RELEASE"

struct kernel_choice {
	char release[128]; /* the running kernel's release (or the stand-in) */
	char tag[40];      /* the tag whose overrides apply; "" for none */
	const char *rule;  /* "version", "--kernel-tag", KERNEL_TAG_VARIABLE, "--no-recorded" */
};

/* Apply the rule. option_tag: --kernel-tag's value or NULL; recording:
 * --update (a new tag is then allowed). 0, or -1 with a one-line error
 * naming the value (a malformed or unknown tag). */
int kernel_tag_choose(const char *option_tag, int no_recorded, int recording,
		      const char *expected_dir, struct kernel_choice *out, char *error,
		      size_t error_size);

/* "linux-M.m" for a release, or "" if it does not start with "M.m". */
void kernel_tag_for_release(const char *release, char *tag, size_t size);

/* Whether any expected/<scenario>/<variant>@<tag>.golden exists. */
int golden_tag_in_use(const char *expected_dir, const char *tag);

#endif
