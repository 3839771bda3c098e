/* report_publish: the report directory appears whole or not at all.
 *
 * The page is written into a new directory next to DIR (DIR.tmp.XXXXXX,
 * same filesystem), synced, and then renamed to DIR; a DIR left by an
 * earlier report is swapped out in the same rename (RENAME_EXCHANGE) and
 * then removed. DIR must be absent, empty, or an earlier report (it holds
 * only REPORT_PAGE_NAME): anything else there is someone's data, and is
 * refused rather than replaced. */
#ifndef DSLAB_REPORT_PUBLISH_H
#define DSLAB_REPORT_PUBLISH_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

#define REPORT_PAGE_NAME "index.html"
#define REPORT_TEMPORARY_INFIX ".tmp."

struct report_staging {
	char final_dir[PATH_MAX];
	char temp_dir[PATH_MAX + 16];  /* final_dir.tmp.XXXXXX */
	char page[PATH_MAX + 32];      /* temp_dir/index.html */
	FILE *out;               /* open on page between begin and commit */
};

/* Check DIR and make the temporary directory with the page file open.
 * Returns 0, or -1 with one line in why (nothing is left behind). */
int report_staging_begin(struct report_staging *s, const char *dir, char *why, size_t why_size);

/* Close and sync the page, then rename the directory into place. Returns
 * 0, or -1 with one line in why (the temporary directory is removed and
 * DIR is as it was). */
int report_staging_commit(struct report_staging *s, char *why, size_t why_size);

/* Give up: remove the temporary directory. */
void report_staging_abandon(struct report_staging *s);

#endif
