/* report_model: fills the report's model (report_html.h) from a run's
 * results, the scenario catalogue and the kernel matrix's diff file. */
#ifndef DSLAB_REPORT_MODEL_H
#define DSLAB_REPORT_MODEL_H

#include <stddef.h>

#include "execute.h"
#include "report_html.h"

/* Where `dslab kernels` leaves its behaviour-diff table, under the build
 * directory: markdown first, else JSON. */
#define KERNEL_DIFF_MARKDOWN_PATH "kernels/diff.md"
#define KERNEL_DIFF_JSON_PATH "kernels/diff.json"
/* Beside them: the differing grid cells, one per line (kernel_matrix.h). */
#define KERNEL_CELLS_NAME "cells.tsv"
#define KERNEL_DIFF_MAX_BYTES (4 * 1024 * 1024)

struct report_collector {
	struct report_page *page;
	const char *project_dir;    /* paths under it are shown relative to it */
	int out_of_memory;
};

/* A result_callback (execute.h): keeps the case's status, reason and grid
 * cells (copies: the result is gone after the call). */
void report_collect(const struct case_result *result, void *collector);

/* One lesson per catalogue entry, its summary from scenarios/<name>.c
 * under sources_dir (lesson_summary.h). Returns 0, or -1 (out of memory). */
int report_add_lessons(struct report_page *page, const char *sources_dir);

/* The diff file: explicit_path if given (it must exist and be readable:
 * else -1 with why), or else build_dir/kernels/diff.md or diff.json if one
 * exists; neither: kind KERNEL_DIFF_NONE. A .json name is shown as text,
 * anything else is read as markdown. The cells.tsv beside it, if any, marks
 * the grid cells. Paths under project_dir are shown relative to it. */
int report_load_kernel_diff(struct report_page *page, const char *explicit_path, const char *build_dir,
			    const char *project_dir, char *why, size_t why_size);

/* text with every "<project_dir>/" removed (malloc'd; NULL: out of memory):
 * the page never shows a build machine's absolute paths. */
char *report_relative_text(const char *text, const char *project_dir);
/* Frees what report_load_kernel_diff allocated (also after it failed). */
void report_free_kernel_diff(struct report_page *page);

#endif
