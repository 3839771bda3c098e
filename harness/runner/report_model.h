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
#define KERNEL_DIFF_MAX_BYTES (4 * 1024 * 1024)

struct report_collector {
	struct report_page *page;
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
 * anything else is read as markdown. */
int report_load_kernel_diff(struct report_page *page, const char *explicit_path, const char *build_dir,
			    char *why, size_t why_size);
/* Frees what report_load_kernel_diff allocated (also after it failed). */
void report_free_kernel_diff(struct report_page *page);

#endif
