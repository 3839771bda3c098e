/* run_goldens: what a run (dslab run, report) judges against, decided once
 * before its cases start: the reference (golden_reference.h), this
 * kernel's tag (kernel_tags.h), the libc's tag, and what --update may
 * write (golden_judge.h). */
#ifndef DSLAB_RUN_GOLDENS_H
#define DSLAB_RUN_GOLDENS_H

#include "cli.h"
#include "golden_judge.h"
#include "golden_reference.h"
#include "kernel_tags.h"

struct run_goldens {
	struct golden_reference reference, here;
	int has_reference;
	struct kernel_choice kernel;
	struct golden_tags tags;
	enum golden_update update_mode;
	const char *update_tag;
	int write_reference;        /* after the run: expected/REFERENCE := here */
	char reference_text[256];   /* "Linux 6.18.44-fc-v669, glibc 2.36" */
	char here_text[256];
	char libc_tag[40];          /* "glibc-2.41": the running glibc's tag ("" for musl) */
	int other_glibc;            /* a glibc build on another glibc than the reference's */
	char rule_text[200];        /* "linux-6.1 (by version)"; "" if none apply */
	char context[700];          /* said with a difference; "" on the reference */
};

/* libc_tag: this build's libc override tag ("musl"), NULL for glibc: then
 * the running glibc's version picks its tag ("glibc-2.41"), as the kernel's
 * does (kernel_tags.h; --no-recorded: none). --update on a glibc that is
 * not the reference's records overrides of that tag, never the main
 * goldens. 0, or -1 with a one-line error (bad tag, malformed REFERENCE,
 * --update that would write the main goldens on another kernel version). */
int run_goldens_prepare(const struct cli_options *o, const char *expected_dir, const char *libc_tag,
			struct run_goldens *g, char *error, size_t error_size);

/* After an --update run of the main goldens: write expected/REFERENCE if
 * due. 0, or -1 with errno. */
int run_goldens_finish(const struct run_goldens *g, const char *expected_dir);

#endif
