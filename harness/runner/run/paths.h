/* paths: where a dslab command finds its build, scenarios, goldens and the
 * source tree, and which libc this build is. */
#ifndef DSLAB_PATHS_H
#define DSLAB_PATHS_H

#include <limits.h>

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
	char self[PATH_MAX];      /* this dslab (/proc/self/exe) */
	char build[PATH_MAX];     /* where this dslab lives */
	char scenarios[PATH_MAX]; /* the scenario binaries */
	char expected[PATH_MAX];
	char actual[PATH_MAX];
	char source[PATH_MAX];    /* the source tree this dslab was built from */
	char sources[PATH_MAX];   /* the scenario sources */
	char etc[PATH_MAX];       /* the harness's /etc files for cases */
	char capture[PATH_MAX];   /* run --capture-tools, made absolute; "" if off */
};

/* Fills p from the options and the environment (DSLAB_SCENARIO_DIR);
 * source_dir is the tree dslab was built from. Returns -1 if a path does
 * not fit or /proc/self/exe cannot be read. */
int paths_find(const struct cli_options *o, const char *source_dir, struct paths *p);

int is_directory(const char *path);

#endif
