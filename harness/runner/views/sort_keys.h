/* sort_keys: a snapshot's rows as keys of two 64-bit words whose unsigned
 * order is the rows' text order (snapshot_table.c packs them), and their
 * sort. */
#ifndef DSLAB_SORT_KEYS_H
#define DSLAB_SORT_KEYS_H

#include <stddef.h>
#include <stdint.h>

struct key {
	uint64_t hi; /* file, local rank, local port */
	uint64_t lo; /* remote rank, remote port, state, v6only */
};

/* Bottom-up merge sort of a[0, n) (qsort's indirect calls cost more than
 * the comparisons at 10^5 rows). tmp holds as many keys as a. Returns the
 * array that holds the result (a or tmp). */
struct key *sort_keys(struct key *a, struct key *tmp, size_t n);

#endif
