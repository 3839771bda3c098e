/* kernel_columns: running the suite for one column of dslab kernels
 * (kernel_columns.h). */
#include "kernel_columns.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "files.h"
#include "golden_reference.h"
#include "kernel_tags.h"

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Result files of a VM or a run; generous, they are text. */
#define RESULT_MAX_BYTES (64 * 1024 * 1024)

char *column_read_file(const char *path)
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
	char *text = column_read_file(path);
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

const char *column_ktap_note(const struct column *c, const char *name)
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
	if (o->expected_dir) {
		argv[n++] = "--expected";
		argv[n++] = (char *)o->expected_dir;
	}
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
	char *text = column_read_file(path);
	double boot = -1, end = -1;
	for (char *line = text ? strtok(text, "\n") : NULL; line; line = strtok(NULL, "\n")) {
		sscanf(line, "wall %lf", &c->wall);
		sscanf(line, "boot %lf", &boot);
		sscanf(line, "suite_end %lf", &end);
		if (strncmp(line, "kernel ", 7) == 0)
			snprintf(c->kernel, sizeof c->kernel, "%s", line + 7);
		else if (strncmp(line, "accel_note ", 11) == 0)
			snprintf(c->accel_note, sizeof c->accel_note, "%s", line + 11);
		else if (strncmp(line, "accel ", 6) == 0 && strcmp(line + 6, "none") != 0)
			snprintf(c->accel, sizeof c->accel, "%.7s", line + 6);
	}
	free(text);
	c->boot = boot;
	c->suite = boot >= 0 && end >= boot ? end - boot : -1;
}

int resolve_kernel_spec(const struct kernels_paths *p, const char *spec, char *package, size_t size)
{
	char script[4200], out[4200];
	snprintf(script, sizeof script, "%s/harness/kernels/vm.sh", p->source);
	snprintf(out, sizeof out, "%s/kernels/resolved.%d", p->build, (int)getpid());
	char *argv[] = {"/bin/bash", script, "resolve", (char *)spec, NULL};
	int rc = run_program(argv, out, NULL, NULL);
	char *text = column_read_file(out);
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

void kernel_tag_of_package(const char *package, char *tag, size_t size)
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
	char *why = column_read_file(why_path);
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
		/* 6: DSLAB_VM_ACCEL=kvm and KVM made no progress (why says so) */
		c->failed = 1;
		if (!*c->reason)
			snprintf(c->reason, sizeof c->reason, "vm.sh exited with %d", rc);
	}
}

size_t collect_specs(const struct cli_options *o, char *specs[MAX_COLUMNS], char *image_spec,
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

/* A glibc column's tag: this build's glibc, by the version that runs. */
static void this_libc_tag(struct column *c)
{
	struct golden_reference here;
	golden_reference_here(&here, NULL);
	golden_reference_libc_tag(here.libc, c->libc_tag, sizeof c->libc_tag);
}

/* The host column: this dslab, the host kernel. */
void column_host(struct column *c, const char *root, const char *self, const char *release,
		 const struct cli_options *o)
{
	snprintf(c->name, sizeof c->name, "host");
	snprintf(c->libc, sizeof c->libc, "glibc");
	this_libc_tag(c);
	snprintf(c->kernel, sizeof c->kernel, "%s", release);
	kernel_tag_for_release(release, c->kernel_tag, sizeof c->kernel_tag);
	snprintf(c->dir, sizeof c->dir, "%s/host", root);
	make_directories(c->dir);
	fprintf(stderr, "dslab: host: running the suite\n");
	run_local(c, self, o);
}

/* The musl column: the musl build of the source tree, the host kernel. */
void column_musl(struct column *c, const char *root, const char *source, const struct column *host,
		 const struct cli_options *o)
{
	snprintf(c->name, sizeof c->name, "musl");
	snprintf(c->tag, sizeof c->tag, "musl");
	snprintf(c->libc, sizeof c->libc, "musl");
	snprintf(c->kernel, sizeof c->kernel, "%s", host->kernel);
	snprintf(c->kernel_tag, sizeof c->kernel_tag, "%s", host->kernel_tag);
	snprintf(c->dir, sizeof c->dir, "%s/musl", root);
	make_directories(c->dir);
	char musl_dslab[4200];
	/* The musl preset builds in the source tree's build/musl, whichever
	 * build this dslab is. */
	snprintf(musl_dslab, sizeof musl_dslab, "%s/build/musl/dslab", source);
	if (access(musl_dslab, X_OK) != 0) {
		c->boot = c->suite = -1;
		snprintf(c->reason, sizeof c->reason,
			 "no musl build: %.1000s (cmake --preset musl && cmake --build build/musl)", musl_dslab);
		return;
	}
	fprintf(stderr, "dslab: musl: running the suite\n");
	run_local(c, musl_dslab, o);
}

/* A VM column: a Debian package (by its name) or an image (by image:PATH). */
void column_vm(struct column *c, const char *root, const struct kernels_paths *p, const char *package,
	       const char *boot_spec, const char *name, const struct cli_options *o, double limit)
{
	/* A copy: gcc -Wrestrict takes two fields of *c for one object. */
	char tag[sizeof c->tag];
	kernel_tag_of_package(package, tag, sizeof tag);
	snprintf(c->tag, sizeof c->tag, "%s", tag);
	snprintf(c->name, sizeof c->name, "%s", name ? name : tag);
	snprintf(c->libc, sizeof c->libc, "glibc");
	this_libc_tag(c); /* the VM runs this build, with its glibc */
	snprintf(c->dir, sizeof c->dir, "%s/%s", root, c->name);
	c->boot = c->suite = -1;
	run_vm(c, p, boot_spec, o, limit);
}

void columns_free(struct column *cols, size_t count)
{
	for (size_t k = 0; k < count; k++) {
		for (size_t i = 0; i < cols[k].ktap_count; i++) {
			free(cols[k].ktap_case[i]);
			free(cols[k].ktap_note[i]);
		}
		free(cols[k].ktap_case);
		free(cols[k].ktap_note);
	}
}

int vm_accel_begin(const char *own_dir, char *state, size_t size)
{
	*state = '\0';
	const char *accel = getenv("DSLAB_VM_ACCEL");
	if (accel && *accel && strcmp(accel, "auto") != 0 && strcmp(accel, "kvm") != 0 &&
	    strcmp(accel, "tcg") != 0) {
		fprintf(stderr, "dslab: DSLAB_VM_ACCEL=%s: use kvm, tcg or auto\n", accel);
		return -1;
	}
	const char *deadline = getenv("DSLAB_VM_KVM_DEADLINE");
	if (deadline && (strspn(deadline, "0123456789") != strlen(deadline) || atoi(deadline) < 1 ||
			 strlen(deadline) > 6)) {
		fprintf(stderr, "dslab: DSLAB_VM_KVM_DEADLINE=%s: needs whole seconds (at least 1)\n", deadline);
		return -1;
	}
	const char *given = getenv("DSLAB_VM_ACCEL_STATE");
	if (given && *given)
		return 0;
	if ((size_t)snprintf(state, size, "%s/accel-decision.%d", own_dir, (int)getpid()) >= size) {
		fprintf(stderr, "dslab: %s: path too long\n", own_dir);
		return -1;
	}
	unlink(state); /* a file of a dead run with this pid */
	setenv("DSLAB_VM_ACCEL_STATE", state, 1);
	return 0;
}

void vm_accel_end(const char *state)
{
	if (*state)
		unlink(state);
}
