/* paths: where a dslab command finds its build, scenarios, goldens and the
 * source tree, and which libc this build is.
 *
 * Two layouts, told apart by what lies beside the executable:
 *  - a build tree (build/dslab with build/scenarios/; a kselftest directory
 *    is one too): the goldens and lesson sources are in the source tree it
 *    was built from, and it writes into the build tree;
 *  - an install (cmake --install, the Debian package): PREFIX/bin/dslab,
 *    the lesson programs in PREFIX/libexec/dslab/, the goldens in
 *    PREFIX/share/dslab/expected/, the lesson sources and notes in
 *    PREFIX/share/dslab/scenarios/, all found from the executable's own
 *    place (so the tree can move); it writes into the user's state
 *    directory (state_dir.h). */
#ifndef DSLAB_PATHS_H
#define DSLAB_PATHS_H

#include <limits.h>
#include <stdio.h>

#include "cli.h"

/* The libc this dslab is built with. The main goldens are glibc's; another
 * libc's differences live in <variant>@<libc>.golden overrides. */
#ifdef __GLIBC__
#define DSLAB_LIBC "glibc"
#define DSLAB_OVERRIDE_TAG NULL
#else
#define DSLAB_LIBC "musl"
#define DSLAB_OVERRIDE_TAG "musl"
#endif

struct paths {
	int installed;            /* the install layout (above); 0: a build tree */
	int state_shared;         /* installed, writing under /tmp: state_dir_claim first */
	char self[PATH_MAX];      /* this dslab (/proc/self/exe) */
	char build[PATH_MAX];     /* where this dslab lives; installed: its state directory */
	char scenarios[PATH_MAX]; /* the scenario binaries */
	char expected[PATH_MAX];
	char actual[PATH_MAX];
	char source[PATH_MAX];    /* the source tree this dslab was built from;
				   * installed: PREFIX/share/dslab */
	char sources[PATH_MAX];   /* the scenario sources */
	char etc[PATH_MAX];       /* the harness's /etc files for cases */
	char capture[PATH_MAX];   /* run --capture-tools, made absolute; "" if off */
};

/* Fills p from the options and the environment (DSLAB_SCENARIO_DIR);
 * source_dir is the tree dslab was built from. Returns -1 if a path does
 * not fit or /proc/self/exe cannot be read. */
int paths_find(const struct cli_options *o, const char *source_dir, struct paths *p);

/* Before a command writes (actual transcripts, the cases' /etc files): an
 * installed dslab's state directory made, or claimed as this user's own.
 * 0, or -1 with a one-line reason in why. A build tree has nothing to do. */
int paths_prepare_writing(const struct paths *p, char *why, unsigned long why_size);

/* "dslab help"'s account of where this dslab looks, a line each. */
void paths_describe(const struct paths *p, FILE *out);

int is_directory(const char *path);

#endif
