/* kernel_matrix: the columns and cells of `dslab kernels` (kernels.c fills
 * them) and how they are reported: the terminal table, build/kernels/diff.md
 * and diff.json (format: README.md, "Kernel and libc matrix"). */
#ifndef DSLAB_KERNEL_MATRIX_H
#define DSLAB_KERNEL_MATRIX_H

#include <stddef.h>
#include <stdio.h>

#include "behaviour_diff.h"
#include "cases.h"

/* One column of the matrix: where its results are and how it went. */
struct column {
	char name[64];       /* "host", "musl", "linux-6.1" */
	char tag[64];        /* override tag it records ("musl", "linux-6.1"); "" for host */
	char kernel_tag[64]; /* host and musl: the host kernel's tag by version
				(kernel_tags.h), whose overrides apply too */
	char libc_tag[40];   /* glibc columns: the running glibc's tag by version
				("glibc-2.41"), whose overrides apply too */
	char kernel[128];    /* uname -r where it ran */
	char libc[16];
	char dir[4096];      /* build/kernels/<name> */
	int ran;             /* it produced results */
	int failed;          /* it should have run and gave no result */
	char reason[2048];   /* why not (skip or fault), may hold console lines */
	double boot, suite, wall; /* seconds; boot < 0 where not a VM */
	char accel[8];       /* a VM's accelerator: "kvm", "tcg"; "" where not a VM */
	char accel_note[512]; /* why TCG where KVM was given up or not tried */
	/* From its KTAP: case name -> "skip"/"fail"... reason. */
	char **ktap_case, **ktap_note;
	size_t ktap_count;
};

/* How a case came out in a column against the goldens. */
enum verdict { SAME, RECORDED, NEW, UPDATED, NO_RESULT };
/* "same", "recorded", "new", "updated", "no-result": as diff.json writes them. */
extern const char *const verdict_name[];

struct cell {
	enum verdict verdict;
	char note[512];      /* no-result: why (skip reason, timeout...); new: how it
					differs from a recorded override */
	struct diff_list diffs;
};

/* The table of columns, then every case that differs anywhere. */
void kernel_matrix_print(FILE *out, struct column *cols, size_t ncols, const struct case_list *cases,
			 struct cell *cells);

/* CELLS: cells.tsv, each grid cell that differs (for the HTML report). */
enum kernel_matrix_format { KERNEL_MATRIX_MARKDOWN, KERNEL_MATRIX_JSON, KERNEL_MATRIX_CELLS };
/* The same as a file, written atomically; 0 or -1 with errno. */
int kernel_matrix_write(const char *path, enum kernel_matrix_format format, struct column *cols,
			size_t ncols, const struct case_list *cases, struct cell *cells);

#endif
