#include "kernels.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "behaviour_diff.h"
#include "cases.h"
#include "files.h"
#include "golden_judge.h"
#include "kernel_tags.h"
#include "kernel_columns.h"
#include "kernel_matrix.h"
#include "paths.h"
#include "run_preamble.h"

/* The verdict is golden_judge's, with the column's tags; the cell keeps
 * its differences from the main golden, which the matrix shows. */
static void judge(struct cell *cell, const struct column *c, const struct case_def *d,
		  const char *expected_dir, int update)
{
	char actual_dir[4200], actual_path[4400];
	snprintf(actual_dir, sizeof actual_dir, "%s/actual", c->dir);
	actual_path_of(actual_path, sizeof actual_path, actual_dir, d);
	char *actual = column_read_file(actual_path);
	const char *note = column_ktap_note(c, d->name);
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
	golden_tags_add(&tags, c->libc_tag);
	enum golden_update mode = update && *c->tag && !*cell->note ? UPDATE_OVERRIDE : UPDATE_NONE;
	struct golden_judgement j;
	switch (golden_judge(expected_dir, d, actual, &tags, mode, c->tag, &j)) {
	case JUDGED_SAME: cell->verdict = *cell->note ? NEW : SAME; break;
	case JUDGED_RECORDED: cell->verdict = RECORDED; break;
	case JUDGED_UPDATED: cell->verdict = UPDATED; break;
	case JUDGED_DIFFERS:
		cell->verdict = NEW;
		/* The matrix lists the cells against the main golden; where a
		 * recorded override applies and no longer matches, name what
		 * changed against it too (a spoiled or outdated override). */
		if (j.override_text && !*cell->note) {
			const char *base = strrchr(j.compared_path, '/');
			snprintf(cell->note, sizeof cell->note, "unlike its recorded override %.150s: %.300s",
				 base ? base + 1 : j.compared_path, j.reason);
		}
		break;
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

/* Where the columns write: build/kernels, or $DSLAB_KERNELS_OUT (the
 * tests); own is build/kernels always (the cache, the initramfs). Returns
 * -1 after one line on stderr. */
static int output_directories(const char *build, char root[2048], char own[2100])
{
	const char *out = getenv("DSLAB_KERNELS_OUT");
	int too_long = out && *out ? snprintf(root, 2048, "%s", out) >= 2048
				    : snprintf(root, 2048, "%s/kernels", build) >= 2048;
	too_long |= snprintf(own, 2100, "%s/kernels", build) >= 2100;
	if (too_long) {
		fprintf(stderr, "dslab: %s: path too long\n", build);
		return -1;
	}
	if (make_directories(root) != 0 || make_directories(own) != 0) {
		fprintf(stderr, "dslab: %s: %s\n", root, strerror(errno));
		return -1;
	}
	return 0;
}

/* Every case in every column that ran; returns how many are new
 * differences. */
static int judge_all(struct cell *cells, const struct column *cols, size_t ncols,
		     const struct case_list *selected, const char *expected, int update)
{
	int new_differences = 0;
	for (size_t i = 0; i < selected->count; i++)
		for (size_t k = 0; k < ncols; k++) {
			if (!cols[k].ran)
				continue;
			struct cell *cell = &cells[i * ncols + k];
			judge(cell, &cols[k], &selected->item[i], expected, update);
			new_differences += cell->verdict == NEW;
		}
	return new_differences;
}

/* The table on stdout, and diff.md, diff.json and cells.tsv in root. */
static void write_reports(const char *root, struct column *cols, size_t ncols, const struct case_list *selected,
			  struct cell *cells)
{
	kernel_matrix_print(stdout, cols, ncols, selected, cells);
	char path[4300];
	snprintf(path, sizeof path, "%s/diff.md", root);
	int rc = kernel_matrix_write(path, KERNEL_MATRIX_MARKDOWN, cols, ncols, selected, cells);
	snprintf(path, sizeof path, "%s/diff.json", root);
	rc |= kernel_matrix_write(path, KERNEL_MATRIX_JSON, cols, ncols, selected, cells);
	snprintf(path, sizeof path, "%s/cells.tsv", root);
	rc |= kernel_matrix_write(path, KERNEL_MATRIX_CELLS, cols, ncols, selected, cells);
	if (rc != 0)
		fprintf(stderr, "dslab: cannot write %s/diff.md or diff.json: %s\n", root, strerror(errno));
	else
		printf("report: %s/diff.md, %s/diff.json\n", root, root);
}

/* Resolve every SPEC before anything runs: a typo costs nothing. Returns
 * -1 for an unknown one (vm.sh said why). */
static int resolve_all(const struct kernels_paths *p, char *specs[], size_t nspecs,
		       char packages[][256])
{
	for (size_t s = 0; s < nspecs; s++) {
		int rc = resolve_kernel_spec(p, specs[s], packages[s], sizeof packages[s]);
		if (rc == 2)
			return -1;
		if (rc != 0)
			snprintf(packages[s], sizeof packages[s], "%s", specs[s]);
	}
	return 0;
}

int command_kernels(const struct command_context *context)
{
	const struct cli_options *o = context->options;
	if (context->paths->installed) {
		/* vm.sh packs a build tree (dslab, scenarios/, harness/kernels/)
		 * into each VM; an install has none of it. */
		fprintf(stderr, "dslab: kernels runs from a build tree (it packs the build's dslab, scenarios and "
				"harness/kernels/ into each VM): build the source (README \"Kernel and libc matrix\")\n");
		return EXIT_USAGE;
	}
	const struct kernels_paths paths = {.self = context->paths->self, .build = context->paths->build,
					    .expected = context->paths->expected,
					    .source = context->paths->source};
	char image_spec[4200], root[2048], own[2100], packages[MAX_COLUMNS][256];
	char *specs[MAX_COLUMNS];
	size_t nspecs = collect_specs(o, specs, image_spec, sizeof image_spec);
	if (nspecs + 2 > MAX_COLUMNS) {
		fprintf(stderr, "dslab: at most %d kernels\n", MAX_COLUMNS - 2);
		return EXIT_USAGE;
	}
	char expected[PATH_MAX];
	if (!is_directory(paths.expected) || !realpath(paths.expected, expected)) {
		fprintf(stderr, "dslab: %s: goldens directory missing\n", paths.expected);
		return EXIT_USAGE;
	}
	/* This process judges every column; a VM's own verdicts only add
	 * notes, but it carries the same goldens: vm.sh packs this directory. */
	setenv("DSLAB_VM_EXPECTED", expected, 1);
	struct run_preamble preamble;
	if (run_preamble_begin(o, &preamble) != 0)
		return EXIT_USAGE;
	char accel_state[2200];
	if (output_directories(paths.build, root, own) != 0 ||
	    vm_accel_begin(own, accel_state, sizeof accel_state) != 0 ||
	    resolve_all(&paths, specs, nspecs, packages) != 0) {
		run_preamble_free(&preamble);
		return EXIT_USAGE;
	}
	struct column cols[MAX_COLUMNS];
	memset(cols, 0, sizeof cols);
	size_t ncols = 0;
	struct utsname u;
	uname(&u);
	column_host(&cols[ncols++], root, paths.self, u.release, o);
	if (!o->no_musl) {
		column_musl(&cols[ncols], root, paths.source, &cols[0], o);
		ncols++;
	}
	for (size_t s = 0; s < nspecs; s++) {
		int is_image = specs[s] == image_spec;
		/* A package boots by its name, an image by its path. */
		column_vm(&cols[ncols++], root, &paths, packages[s], is_image ? specs[s] : packages[s],
			  is_image ? o->kernel_name : NULL, o, o->timeout_seconds * preamble.multiplier);
	}
	vm_accel_end(accel_state);
	const struct case_list *selected = &preamble.selected;
	struct cell *cells = calloc(selected->count * ncols + 1, sizeof *cells);
	if (!cells) {
		columns_free(cols, ncols);
		run_preamble_free(&preamble);
		return EXIT_FAILED;
	}
	int new_differences = judge_all(cells, cols, ncols, selected, paths.expected, o->update);
	write_reports(root, cols, ncols, selected, cells);
	size_t ran = 0, failed = 0;
	for (size_t k = 0; k < ncols; k++) {
		ran += cols[k].ran && k > 0; /* the host alone is no matrix */
		failed += cols[k].failed;
	}
	for (size_t i = 0; i < selected->count * ncols; i++)
		diff_list_free(&cells[i].diffs);
	free(cells);
	columns_free(cols, ncols);
	run_preamble_free(&preamble);
	if (new_differences || failed)
		return EXIT_FAILED;
	return ran ? EXIT_PASS : EXIT_ALL_SKIPPED;
}
