#include "paths.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"
#include "state_dir.h"

/* Where an install puts the lesson programs and the data, relative to the
 * directory of bin/dslab (GNUInstallDirs' choices, set by CMake). */
#if !defined(DSLAB_LIBEXEC_FROM_BIN) || !defined(DSLAB_DATA_FROM_BIN)
#error "DSLAB_LIBEXEC_FROM_BIN and DSLAB_DATA_FROM_BIN must name the install layout"
#endif

/* out = a + b, or -1 if it does not fit. */
static int join(char out[PATH_MAX], const char *a, const char *b)
{
	int n = snprintf(out, PATH_MAX, "%s%s", a, b);
	return n < 0 || n >= PATH_MAX ? -1 : 0;
}

/* out = dir/relative, without its ".." where it exists (for dslab help). */
static int beside(char out[PATH_MAX], const char *dir, const char *relative)
{
	char joined[PATH_MAX];
	int n = snprintf(joined, sizeof joined, "%s/%s", dir, relative);
	if (n < 0 || n >= PATH_MAX)
		return -1;
	return realpath(joined, out) ? 0 : join(out, joined, "");
}

/* The installed layout: everything relative to bin/ (here). */
static int find_installed(const char *here, const char *libexec, struct paths *p)
{
	char data[PATH_MAX];
	int rc = beside(data, here, DSLAB_DATA_FROM_BIN);
	rc |= state_dir_choose(p->build, &p->state_shared);
	rc |= join(p->scenarios, libexec, "");
	rc |= join(p->expected, data, "/expected");
	rc |= join(p->source, data, "");
	rc |= join(p->sources, data, "/scenarios");
	return rc;
}

/* The build tree: build/dslab, build/scenarios/, the source tree's goldens. */
static int find_build_tree(const char *here, const char *source_dir, struct paths *p)
{
	int rc = join(p->build, here, "");
	rc |= join(p->scenarios, here, "/scenarios");
	rc |= join(p->expected, source_dir, "/expected");
	rc |= join(p->source, source_dir, "");
	rc |= join(p->sources, source_dir, "/scenarios");
	return rc;
}

int paths_find(const struct cli_options *o, const char *source_dir, struct paths *p)
{
	char exe[PATH_MAX], here[PATH_MAX], libexec[PATH_MAX], beside_me[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return -1;
	exe[n] = '\0';
	int rc = join(p->self, exe, "");
	rc |= join(here, dirname(exe), "");
	rc |= join(beside_me, here, "/scenarios");
	rc |= beside(libexec, here, DSLAB_LIBEXEC_FROM_BIN);
	/* A build tree (or a kselftest directory) has scenarios/ beside dslab. */
	p->installed = !is_directory(beside_me) && is_directory(libexec);
	p->state_shared = 0;
	rc |= p->installed ? find_installed(here, libexec, p) : find_build_tree(here, source_dir, p);
	const char *scenarios = getenv("DSLAB_SCENARIO_DIR");
	if (scenarios && *scenarios)
		rc |= join(p->scenarios, scenarios, "");
	if (o->expected_dir)
		rc |= join(p->expected, o->expected_dir, "");
	rc |= o->actual_dir ? join(p->actual, o->actual_dir, "") : join(p->actual, p->build, "/actual");
	rc |= join(p->etc, p->build, "/etc");
	/* Absolute: each scenario writes there from its own process. */
	p->capture[0] = '\0';
	if (o->capture_dir && o->capture_dir[0] == '/') {
		rc |= join(p->capture, o->capture_dir, "");
	} else if (o->capture_dir) {
		char cwd[PATH_MAX], relative[PATH_MAX];
		rc |= !getcwd(cwd, sizeof cwd) || join(relative, "/", o->capture_dir) ||
		      join(p->capture, cwd, relative);
	}
	return rc;
}

int paths_prepare_writing(const struct paths *p, char *why, unsigned long why_size)
{
	if (!p->installed)
		return 0;
	if (p->state_shared)
		return state_dir_claim(p->build, why, why_size);
	if (make_directories(p->build) != 0) {
		snprintf(why, why_size, "%s: cannot create my state directory (set XDG_STATE_HOME)", p->build);
		return -1;
	}
	return 0;
}

void paths_describe(const struct paths *p, FILE *out)
{
	fprintf(out, "\nwhere this dslab looks (%s; --expected DIR and --actual-dir DIR override):\n",
		p->installed ? "installed, relative to its own executable" : "a build tree");
	fprintf(out, "  this dslab          %s\n", p->self);
	fprintf(out, "  lesson programs     %s\n", p->scenarios);
	fprintf(out, "  goldens             %s\n", p->expected);
	fprintf(out, "  lesson sources      %s\n", p->sources);
	fprintf(out, "  actual transcripts  %s\n", p->actual);
	fprintf(out, "  cases' /etc files   %s\n", p->etc);
}

int is_directory(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}
