#include "kernels.h"
#include "run_preamble.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "behaviour_diff.h"
#include "cases.h"
#include "files.h"
#include "golden_judge.h"
#include "kernel_tags.h"
#include "kernel_matrix.h"

#define MAX_COLUMNS 16

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Result files of a VM or a run; generous, they are text. */
#define RESULT_MAX_BYTES (64 * 1024 * 1024)

static char *read_all(const char *path)
{
	return read_whole_file(path, RESULT_MAX_BYTES, NULL);
}

/* Run argv with stdout to out_path (NULL: inherit) and an extra variable;
 * returns the exit status, or -1. */
static int run_program(char *const argv[], const char *out_path, const char *env_name,
		       const char *env_value)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (out_path) {
			FILE *f = freopen(out_path, "w", stdout); /* not O_CLOEXEC: it is for the exec */
			if (!f)
				_exit(127);
		}
		if (env_name)
			setenv(env_name, env_value, 1);
		execv(argv[0], argv);
		fprintf(stderr, "dslab: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* "# fail: why", "# timeout: why"...: formats.c's line before a "not ok"
 * (the diff lines that follow it start "# -", "# +", "# @"). */
static int is_status_line(const char *line)
{
	static const char *const prefixes[] = {"# fail: ", "# timeout: ", "# crash: ", "# skip: "};
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		if (strncmp(line, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	return 0;
}

/* KTAP of a run: remember each case that did not pass, with the "# status:
 * reason" line before it (or its SKIP reason). */
static void read_ktap(struct column *c, const char *path)
{
	char *text = read_all(path);
	if (!text)
		return;
	char note[1024] = "";
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char name[512], rest[1024] = "";
		unsigned long number;
		if (is_status_line(line))
			snprintf(note, sizeof note, "%s", line + 2);
		else if (sscanf(line, "not ok %lu %511s", &number, name) == 2 ||
			 (sscanf(line, "ok %lu %511s # SKIP %1023[^\n]", &number, name, rest) >= 2 && *rest)) {
			char **cases = realloc(c->ktap_case, (c->ktap_count + 1) * sizeof *cases);
			char **notes = cases ? realloc(c->ktap_note, (c->ktap_count + 1) * sizeof *notes) : NULL;
			if (cases)
				c->ktap_case = cases;
			if (!notes)
				break;
			c->ktap_note = notes;
			char full[1100];
			if (*rest)
				snprintf(full, sizeof full, "skip: %s", rest);
			else
				snprintf(full, sizeof full, "%s", note);
			c->ktap_case[c->ktap_count] = strdup(name);
			c->ktap_note[c->ktap_count++] = strdup(full);
		}
		if (strncmp(line, "ok ", 3) == 0 || strncmp(line, "not ok ", 7) == 0)
			note[0] = '\0';
	}
	free(text);
}

static const char *ktap_note(const struct column *c, const char *name)
{
	for (size_t i = 0; i < c->ktap_count; i++)
		if (c->ktap_case[i] && strcmp(c->ktap_case[i], name) == 0)
			return c->ktap_note[i];
	return NULL;
}

/* Patterns for `dslab run` inside this process's own argv form. */
static void run_local(struct column *c, const char *dslab, const struct cli_options *o)
{
	char actual[4200], ktap[4200];
	snprintf(actual, sizeof actual, "%s/actual", c->dir);
	snprintf(ktap, sizeof ktap, "%s/ktap.txt", c->dir);
	char *argv[16 + o->pattern_count];
	size_t n = 0;
	argv[n++] = (char *)dslab;
	argv[n++] = "run";
	argv[n++] = "--keep";
	argv[n++] = "--format";
	argv[n++] = "ktap";
	argv[n++] = "--actual-dir";
	argv[n++] = actual;
	argv[n++] = "--";
	for (size_t i = 0; i < o->pattern_count; i++)
		argv[n++] = o->patterns[i];
	argv[n] = NULL;
	char command[5000];
	snprintf(command, sizeof command, "rm -rf '%s'", actual);
	if (system(command) != 0) { /* an old run's transcripts must not count */
		snprintf(c->reason, sizeof c->reason, "cannot clear %.1000s", actual);
		c->failed = 1;
		return;
	}
	double start = now_seconds();
	int rc = run_program(argv, ktap, NULL, NULL);
	c->wall = c->suite = now_seconds() - start;
	c->boot = -1;
	if (rc < 0 || rc == 2 || rc > 4) {
		snprintf(c->reason, sizeof c->reason, "%.900s run exited with %d (see %.900s)", dslab, rc, ktap);
		c->failed = 1;
		return;
	}
	c->ran = 1;
	read_ktap(c, ktap);
}

static void read_timing(struct column *c)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/timing", c->dir);
	char *text = read_all(path);
	double boot = -1, end = -1;
	for (char *line = text ? strtok(text, "\n") : NULL; line; line = strtok(NULL, "\n")) {
		sscanf(line, "wall %lf", &c->wall);
		sscanf(line, "boot %lf", &boot);
		sscanf(line, "suite_end %lf", &end);
		if (strncmp(line, "kernel ", 7) == 0)
			snprintf(c->kernel, sizeof c->kernel, "%s", line + 7);
	}
	free(text);
	c->boot = boot;
	c->suite = boot >= 0 && end >= boot ? end - boot : -1;
}

/* vm.sh resolve SPEC: the package name; 2 if unknown (it printed why). */
static int resolve(const struct kernels_paths *p, const char *spec, char *package, size_t size)
{
	char script[4200], out[4200];
	snprintf(script, sizeof script, "%s/harness/kernels/vm.sh", p->source);
	snprintf(out, sizeof out, "%s/kernels/resolved.%d", p->build, (int)getpid());
	char *argv[] = {"/bin/bash", script, "resolve", (char *)spec, NULL};
	int rc = run_program(argv, out, NULL, NULL);
	char *text = read_all(out);
	unlink(out);
	if (rc != 0 || !text || !*text) {
		free(text);
		return rc == 2 ? 2 : -1;
	}
	text[strcspn(text, "\n")] = '\0';
	snprintf(package, size, "%s", text);
	free(text);
	return 0;
}

/* linux-image-6.1.0-56-cloud-amd64 -> linux-6.1 (kernel_tags.h's rule). */
static void kernel_tag(const char *package, char *tag, size_t size)
{
	const char *release = package + (strncmp(package, "linux-image-", 12) ? 0 : 12);
	kernel_tag_for_release(release, tag, size);
	if (!*tag)
		snprintf(tag, size, "linux-%.40s", release);
}

static void run_vm(struct column *c, const struct kernels_paths *p, const char *spec,
		   const struct cli_options *o, double limit)
{
	char script[4200], limit_text[32];
	snprintf(script, sizeof script, "%s/harness/kernels/vm.sh", p->source);
	snprintf(limit_text, sizeof limit_text, "%.0f", limit);
	/* The patterns ride on the kernel command line: '|' between them. */
	char args[4096] = "";
	for (size_t i = 0; i < o->pattern_count; i++)
		snprintf(args + strlen(args), sizeof args - strlen(args), "%s%s", i ? "|" : "",
			 o->patterns[i]);
	char *argv[] = {"/bin/bash", script, "run", (char *)spec, (char *)p->build, c->dir, limit_text,
			NULL};
	fprintf(stderr, "dslab: %s: booting %s (time limit %s s)\n", c->name, spec, limit_text);
	int rc = run_program(argv, NULL, *args ? "DSLAB_VM_ARGS" : NULL, args);
	read_timing(c);
	char why_path[4200];
	snprintf(why_path, sizeof why_path, "%s/why", c->dir);
	char *why = read_all(why_path);
	if (why) {
		size_t len = strlen(why);
		while (len && why[len - 1] == '\n')
			why[--len] = '\0';
		snprintf(c->reason, sizeof c->reason, "%s", why);
		free(why);
	}
	if (rc == 0) {
		char ktap[4200];
		snprintf(ktap, sizeof ktap, "%s/ktap.txt", c->dir);
		c->ran = 1;
		read_ktap(c, ktap);
	} else if (rc == 4) {
		/* skipped: no qemu, no archive */
	} else {
		c->failed = 1;
		if (!*c->reason)
			snprintf(c->reason, sizeof c->reason, "vm.sh exited with %d", rc);
	}
}

/* The SPECs: --kernel's (default 6.1 and 6.12, unless only an image is
 * asked for), then --kernel-image's as image:PATH (vm.sh), in image_spec;
 * how many. The image's modules go to vm.sh in the environment. */
static size_t collect_specs(const struct cli_options *o, char *specs[MAX_COLUMNS], char *image_spec,
			    size_t image_spec_size)
{
	static char *const default_specs[] = {"6.1", "6.12"};
	size_t nspecs = 0;
	int defaults = !o->kernel_count && !o->kernel_image;
	for (size_t k = 0; k < (defaults ? 2 : o->kernel_count) && nspecs < MAX_COLUMNS; k++)
		specs[nspecs++] = defaults ? default_specs[k] : o->kernels[k];
	if (o->kernel_image) {
		snprintf(image_spec, image_spec_size, "image:%s", o->kernel_image);
		if (nspecs < MAX_COLUMNS)
			specs[nspecs++] = image_spec;
		if (o->kernel_modules)
			setenv("DSLAB_VM_MODULES", o->kernel_modules, 1);
	}
	return nspecs;
}

/* The verdict is golden_judge's, with the column's tags; the cell keeps
 * its differences from the main golden, which the matrix shows. */
static void judge(struct cell *cell, const struct column *c, const struct case_def *d,
		  const char *expected_dir, int update)
{
	char actual_dir[4200], actual_path[4400];
	snprintf(actual_dir, sizeof actual_dir, "%s/actual", c->dir);
	actual_path_of(actual_path, sizeof actual_path, actual_dir, d);
	char *actual = read_all(actual_path);
	const char *note = ktap_note(c, d->name);
	if (!actual) {
		cell->verdict = NO_RESULT;
		snprintf(cell->note, sizeof cell->note, "%s", note ? note : "no transcript");
		return;
	}
	/* A case that did not pass for another reason than its transcript
	 * (timeout, crash, harness error) says so too; that is no behaviour
	 * to record. */
	if (note && strncmp(note, "fail: transcript differs", 24) != 0)
		snprintf(cell->note, sizeof cell->note, "%s", note);
	struct golden_tags tags = {0};
	golden_tags_add(&tags, c->tag);
	golden_tags_add(&tags, c->kernel_tag);
	enum golden_update mode = update && *c->tag && !*cell->note ? UPDATE_OVERRIDE : UPDATE_NONE;
	struct golden_judgement j;
	switch (golden_judge(expected_dir, d, actual, &tags, mode, c->tag, &j)) {
	case JUDGED_SAME: cell->verdict = *cell->note ? NEW : SAME; break;
	case JUDGED_RECORDED: cell->verdict = RECORDED; break;
	case JUDGED_UPDATED: cell->verdict = UPDATED; break;
	case JUDGED_DIFFERS: cell->verdict = NEW; break;
	case JUDGED_BAD:
		cell->verdict = NO_RESULT;
		snprintf(cell->note, sizeof cell->note, "%.500s", j.reason);
		break;
	}
	if (cell->verdict == UPDATED && j.reference_diffs.count == 0)
		cell->verdict = SAME; /* a stale override removed */
	cell->diffs = j.reference_diffs;
	j.reference_diffs = (struct diff_list){0};
	golden_judgement_free(&j);
	free(actual);
}

int command_kernels(const struct command_context *context)
{
	const struct cli_options *o = context->options;
	const struct kernels_paths paths = {.self = context->paths->self, .build = context->paths->build,
					    .expected = context->paths->expected,
					    .source = context->paths->source};
	const struct kernels_paths *p = &paths;
	struct run_preamble preamble;
	if (run_preamble_begin(o, &preamble) != 0)
		return EXIT_USAGE;
	struct case_list all = preamble.all, selected = preamble.selected;
	double multiplier = preamble.multiplier;
	char image_spec[4200];
	char *specs[MAX_COLUMNS];
	size_t nspecs = collect_specs(o, specs, image_spec, sizeof image_spec);
	if (nspecs + 2 > MAX_COLUMNS) {
		fprintf(stderr, "dslab: at most %d kernels\n", MAX_COLUMNS - 2);
		return EXIT_USAGE;
	}
	/* DSLAB_KERNELS_OUT: elsewhere than build/kernels (the tests). */
	char root[2048], own[2100]; /* own: the cache, the initramfs */
	const char *out = getenv("DSLAB_KERNELS_OUT");
	int too_long = out && *out ? snprintf(root, sizeof root, "%s", out) >= (int)sizeof root
				    : snprintf(root, sizeof root, "%s/kernels", p->build) >= (int)sizeof root;
	too_long |= snprintf(own, sizeof own, "%s/kernels", p->build) >= (int)sizeof own;
	if (too_long) {
		fprintf(stderr, "dslab: %s: path too long\n", p->build);
		return EXIT_USAGE;
	}
	if (make_directories(root) != 0 || make_directories(own) != 0) {
		fprintf(stderr, "dslab: %s: %s\n", root, strerror(errno));
		return EXIT_USAGE;
	}
	/* Resolve every SPEC before anything runs: a typo costs nothing. */
	char packages[MAX_COLUMNS][256];
	for (size_t s = 0; s < nspecs; s++) {
		int rc = resolve(p, specs[s], packages[s], sizeof packages[s]);
		if (rc == 2) {
			cases_free(&selected);
			cases_free(&all);
			return EXIT_USAGE;
		}
		if (rc != 0)
			snprintf(packages[s], sizeof packages[s], "%s", specs[s]);
	}

	struct column cols[MAX_COLUMNS];
	memset(cols, 0, sizeof cols);
	size_t ncols = 0;
	struct utsname u;
	uname(&u);

	struct column *host = &cols[ncols++];
	snprintf(host->name, sizeof host->name, "host");
	snprintf(host->libc, sizeof host->libc, "glibc");
	snprintf(host->kernel, sizeof host->kernel, "%s", u.release);
	kernel_tag_for_release(u.release, host->kernel_tag, sizeof host->kernel_tag);
	snprintf(host->dir, sizeof host->dir, "%s/host", root);
	make_directories(host->dir);
	fprintf(stderr, "dslab: host: running the suite\n");
	run_local(host, p->self, o);

	if (!o->no_musl) {
		struct column *musl = &cols[ncols++];
		snprintf(musl->name, sizeof musl->name, "musl");
		snprintf(musl->tag, sizeof musl->tag, "musl");
		snprintf(musl->libc, sizeof musl->libc, "musl");
		snprintf(musl->kernel, sizeof musl->kernel, "%s", u.release);
		snprintf(musl->kernel_tag, sizeof musl->kernel_tag, "%s", host->kernel_tag);
		snprintf(musl->dir, sizeof musl->dir, "%s/musl", root);
		make_directories(musl->dir);
		char musl_dslab[4200];
		/* The musl preset builds in the source tree's build/musl, whichever
		 * build this dslab is. */
		snprintf(musl_dslab, sizeof musl_dslab, "%s/build/musl/dslab", p->source);
		if (access(musl_dslab, X_OK) != 0) {
			musl->boot = musl->suite = -1;
			snprintf(musl->reason, sizeof musl->reason,
				 "no musl build: %.1000s (cmake --preset musl && cmake --build build/musl)", musl_dslab);
		} else {
			fprintf(stderr, "dslab: musl: running the suite\n");
			run_local(musl, musl_dslab, o);
		}
	}

	for (size_t s = 0; s < nspecs; s++) {
		struct column *c = &cols[ncols++];
		/* A copy: gcc -Wrestrict takes two fields of *c for one object. */
		char tag[sizeof c->tag];
		kernel_tag(packages[s], tag, sizeof tag);
		int is_image = specs[s] == image_spec;
		const char *name = is_image && o->kernel_name ? o->kernel_name : tag;
		snprintf(c->tag, sizeof c->tag, "%s", tag);
		snprintf(c->name, sizeof c->name, "%s", name);
		snprintf(c->libc, sizeof c->libc, "glibc");
		snprintf(c->dir, sizeof c->dir, "%s/%s", root, name);
		c->boot = c->suite = -1;
		/* A package boots by its name, an image by its path. */
		run_vm(c, p, is_image ? specs[s] : packages[s], o, o->timeout_seconds * multiplier);
	}

	struct cell *cells = calloc(selected.count * ncols + 1, sizeof *cells);
	if (!cells)
		return EXIT_FAILED;
	int new_differences = 0;
	for (size_t i = 0; i < selected.count; i++)
		for (size_t k = 0; k < ncols; k++) {
			if (!cols[k].ran)
				continue;
			struct cell *cell = &cells[i * ncols + k];
			judge(cell, &cols[k], &selected.item[i], p->expected, o->update);
			if (cell->verdict == NEW)
				new_differences++;
		}

	kernel_matrix_print(stdout, cols, ncols, &selected, cells);
	char path[4300];
	snprintf(path, sizeof path, "%s/diff.md", root);
	int rc = kernel_matrix_write(path, KERNEL_MATRIX_MARKDOWN, cols, ncols, &selected, cells);
	snprintf(path, sizeof path, "%s/diff.json", root);
	rc |= kernel_matrix_write(path, KERNEL_MATRIX_JSON, cols, ncols, &selected, cells);
	snprintf(path, sizeof path, "%s/cells.tsv", root);
	rc |= kernel_matrix_write(path, KERNEL_MATRIX_CELLS, cols, ncols, &selected, cells);
	if (rc != 0)
		fprintf(stderr, "dslab: cannot write %s/diff.md or diff.json: %s\n", root, strerror(errno));
	else
		printf("report: %s/diff.md, %s/diff.json\n", root, root);

	size_t ran = 0, failed = 0;
	for (size_t k = 0; k < ncols; k++) {
		ran += cols[k].ran && k > 0; /* the host alone is no matrix */
		failed += cols[k].failed;
		for (size_t i = 0; i < cols[k].ktap_count; i++) {
			free(cols[k].ktap_case[i]);
			free(cols[k].ktap_note[i]);
		}
		free(cols[k].ktap_case);
		free(cols[k].ktap_note);
	}
	for (size_t i = 0; i < selected.count * ncols; i++)
		diff_list_free(&cells[i].diffs);
	free(cells);
	cases_free(&selected);
	cases_free(&all);
	if (new_differences || failed)
		return EXIT_FAILED;
	return ran ? EXIT_PASS : EXIT_ALL_SKIPPED;
}
