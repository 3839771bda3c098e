/* growth: room in an array that grows by doubling, for the harness's many
 * growing tables (rows, records, keys, text buffers). */
#ifndef DSLAB_GROWTH_H
#define DSLAB_GROWTH_H

#include <stddef.h>

/* Returns items, reallocated if need be, with room for at least needed
 * elements of size bytes: *capacity (elements) is doubled, starting from
 * initial when it is 0, until it holds them. Where items is NULL it is
 * always allocated. Returns NULL, leaving items and *capacity as they were
 * (the caller still owns items), when out of memory or when the capacity
 * would exceed limit elements (0: no limit but size_t's). */
void *grow_to_fit(void *items, size_t needed, size_t *capacity, size_t size, size_t initial,
		  size_t limit);

#endif
