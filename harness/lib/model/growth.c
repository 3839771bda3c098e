#include "growth.h"

#include <stdint.h>
#include <stdlib.h>

void *grow_to_fit(void *items, size_t needed, size_t *capacity, size_t size, size_t initial,
		  size_t limit)
{
	if (items && needed <= *capacity)
		return items;
	size_t more = *capacity ? *capacity : (initial ? initial : 1);
	while (more < needed) {
		if (more > SIZE_MAX / 2)
			return NULL;
		more *= 2;
	}
	if ((limit && more > limit) || (size && more > SIZE_MAX / size))
		return NULL;
	void *grown = realloc(items, more * size);
	if (!grown)
		return NULL;
	*capacity = more;
	return grown;
}
