#include "sort_keys.h"

static int key_less(const struct key *a, const struct key *b)
{
	return a->hi < b->hi || (a->hi == b->hi && a->lo < b->lo);
}

struct key *sort_keys(struct key *a, struct key *tmp, size_t n)
{
	enum { RUN = 16 };
	for (size_t start = 0; start < n; start += RUN) {
		size_t end = start + RUN < n ? start + RUN : n;
		for (size_t i = start + 1; i < end; i++) {
			struct key k = a[i];
			size_t j = i;
			for (; j > start && key_less(&k, &a[j - 1]); j--)
				a[j] = a[j - 1];
			a[j] = k;
		}
	}
	struct key *from = a, *to = tmp;
	for (size_t width = RUN; width < n; width *= 2) {
		for (size_t left = 0; left < n; left += 2 * width) {
			size_t mid = left + width < n ? left + width : n;
			size_t right = left + 2 * width < n ? left + 2 * width : n;
			size_t i = left, j = mid, k = left;
			while (i < mid && j < right)
				to[k++] = key_less(&from[j], &from[i]) ? from[j++] : from[i++];
			while (i < mid)
				to[k++] = from[i++];
			while (j < right)
				to[k++] = from[j++];
		}
		struct key *swap = from;
		from = to;
		to = swap;
	}
	return from;
}
