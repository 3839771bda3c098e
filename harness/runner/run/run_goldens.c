#include "run_goldens.h"

#include <stdio.h>
#include <string.h>

/* --update: which goldens it may write. Another kernel's behaviour never
 * becomes the main golden by accident. */
static int choose_update(const struct cli_options *o, const char *libc_tag, struct run_goldens *g,
			 char *error, size_t error_size)
{
	if (!o->update) {
		g->update_mode = UPDATE_NONE;
		return 0;
	}
	if (libc_tag) {
		g->update_mode = UPDATE_OVERRIDE;
		g->update_tag = libc_tag;
		return 0;
	}
	if (strcmp(g->kernel.rule, "version") != 0 && g->kernel.tag[0]) {
		g->update_mode = UPDATE_OVERRIDE;
		g->update_tag = g->kernel.tag;
		return 0;
	}
	unsigned here_major, here_minor, ref_major, ref_minor;
	int same_version = kernel_release_version(g->here.kernel, &here_major, &here_minor) == 0 &&
			   kernel_release_version(g->reference.kernel, &ref_major, &ref_minor) == 0 &&
			   here_major == ref_major && here_minor == ref_minor;
	if (g->has_reference && !same_version && !o->new_reference) {
		char tag[40];
		kernel_tag_for_release(g->here.kernel, tag, sizeof tag);
		snprintf(error, error_size, "--update: this kernel (Linux %s) is not the reference's "
			 "version (Linux %s): record its differences with --update --kernel-tag %s "
			 "(overrides only), or make it the reference with --new-reference",
			 g->here.kernel, g->reference.kernel, *tag ? tag : "TAG");
		return -1;
	}
	/* Another glibc than the reference's, on the reference's kernel
	 * version: its differences are recorded under its own tag. */
	if (g->other_glibc && !o->new_reference) {
		g->update_mode = UPDATE_OVERRIDE;
		g->update_tag = g->libc_tag;
		return 0;
	}
	g->update_mode = UPDATE_MAIN;
	g->write_reference = !g->has_reference || o->new_reference || o->pattern_count == 0;
	return 0;
}

int run_goldens_prepare(const struct cli_options *o, const char *expected_dir, const char *libc_tag,
			struct run_goldens *g, char *error, size_t error_size)
{
	memset(g, 0, sizeof *g);
	int rc = golden_reference_read(expected_dir, &g->reference, error, error_size);
	if (rc < 0)
		return -1;
	g->has_reference = rc == 0;
	if (kernel_tag_choose(o->kernel_tag, o->no_recorded, o->update, expected_dir, &g->kernel, error,
			      error_size) != 0)
		return -1;
	golden_reference_here(&g->here, g->kernel.release);
	golden_tags_add(&g->tags, libc_tag);
	golden_tags_add(&g->tags, g->kernel.tag);
	if (!libc_tag) /* glibc: by the version that runs */
		golden_reference_libc_tag(g->here.libc, g->libc_tag, sizeof g->libc_tag);
	g->other_glibc = g->has_reference && g->libc_tag[0] && strcmp(g->reference.libc, g->here.libc) != 0;
	if (!o->no_recorded)
		golden_tags_add(&g->tags, g->libc_tag[0] ? g->libc_tag : NULL);
	if (choose_update(o, libc_tag, g, error, error_size) != 0)
		return -1;

	golden_reference_text(&g->here, g->here_text, sizeof g->here_text);
	if (g->has_reference)
		golden_reference_text(&g->reference, g->reference_text, sizeof g->reference_text);
	else
		snprintf(g->reference_text, sizeof g->reference_text, "not recorded (no %s/%s)",
			 expected_dir, REFERENCE_FILE_NAME);
	if (g->kernel.tag[0])
		snprintf(g->rule_text, sizeof g->rule_text, "%s (%s)", g->kernel.tag,
			 strcmp(g->kernel.rule, "version") == 0 ? "by version" : g->kernel.rule);
	/* Named where this glibc is not the reference's (on the reference's
	 * glibc no override of its tag can exist). */
	if (g->other_glibc && !o->no_recorded) {
		size_t used = strlen(g->rule_text);
		snprintf(g->rule_text + used, sizeof g->rule_text - used, "%s%s (by version)",
			 used ? ", " : "", g->libc_tag);
	}
	if (!g->has_reference || strcmp(g->reference.kernel, g->here.kernel) != 0 ||
	    strcmp(g->reference.libc, g->here.libc) != 0)
		snprintf(g->context, sizeof g->context, "this machine (%s) behaves differently from the "
			 "reference (%s)", g->here_text, g->reference_text);
	return 0;
}

int run_goldens_finish(const struct run_goldens *g, const char *expected_dir)
{
	if (g->update_mode != UPDATE_MAIN || !g->write_reference)
		return 0;
	return golden_reference_write(expected_dir, &g->here);
}
