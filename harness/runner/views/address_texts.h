/* address_texts: the distinct addresses of a socket table, each rendered
 * once, and their places in text order.
 *
 * A table of 10^5 sockets has only a few distinct local and remote
 * addresses (127.0.0.1, [::], [::ffff:127.0.0.1], ...), so dslab snapshot
 * formats each (family, address, device) once here instead of once per row,
 * and sorts rows on ranks instead of text.
 *
 * An entry's text is what sock_local_text / sock_endpoint_text print before
 * the port, with the ':' that separates the port: "127.0.0.1:",
 * "[::ffff:127.0.0.1]:", "[::]%lo:" (device names are looked up once, in
 * the calling process's namespace, "if<N>" if gone).
 *
 * Why ranks of these texts order whole endpoints: an endpoint's text is
 * X ":" PORT, where X is "a.b.c.d" (no ':'), or "[v6]" with an optional
 * "%dev" (':' only inside the brackets; device names never hold ':'). So no
 * entry text X ":" is a proper prefix of another: the first ':' after the
 * address part ends it. Two endpoint texts with different entry texts
 * therefore differ inside the shorter entry text, and compare as their entry
 * texts do; with equal entry texts they compare as their ports' texts. */
#ifndef DSLAB_ADDRESS_TEXTS_H
#define DSLAB_ADDRESS_TEXTS_H

#include <stddef.h>
#include <stdint.h>

#include "sock_row.h"

struct address_entry {
	uint8_t addr[16];       /* IPv4 in the first 4, the rest zero */
	unsigned ifindex;
	int family;
	uint32_t text, json;    /* offsets of "X:" and its JSON-escaped form in the arena */
	uint32_t text_len, json_len;
	uint32_t rank;          /* after address_texts_rank: order of text */
};

struct address_texts {
	struct address_entry *entry;
	size_t count, capacity;
	uint32_t *slot;         /* open-addressing hash of entry indices + 1; 0 = empty */
	size_t slots;           /* a power of two */
	char *arena;
	size_t arena_len, arena_capacity;
	uint32_t *by_rank;      /* after ranking: an entry of each rank */
	size_t ranks;
};

/* The index of the endpoint's address (with device ifindex, 0 for none),
 * added if new. Returns 0, or -1 when out of memory. */
int address_texts_add(struct address_texts *t, const struct sock_endpoint *ep, unsigned ifindex,
		      uint32_t *index);

/* Give every entry its rank: the number of distinct texts that sort before
 * its text (strcmp). Equal texts get one rank (a gone device's "if7" may
 * equal a device really named so). Returns 0 or -1 (out of memory). */
int address_texts_rank(struct address_texts *t);

/* The text ("X:", without NUL) or JSON-escaped text (inside a JSON string)
 * of the entries of a rank. */
static inline const char *address_texts_of_rank(const struct address_texts *t, uint32_t rank,
						int json, size_t *len)
{
	const struct address_entry *e = &t->entry[t->by_rank[rank]];
	*len = json ? e->json_len : e->text_len;
	return t->arena + (json ? e->json : e->text);
}

void address_texts_free(struct address_texts *t);

#endif
