#include "address_texts.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "growth.h"

static size_t address_len(int family)
{
	return family == AF_INET6 ? 16 : 4;
}

/* The address as two words; IPv4 uses the first 4 bytes only (the rest of
 * a sock_endpoint's addr is zero, but that is not relied on). */
static void words_of(int family, const uint8_t *addr, uint64_t word[2])
{
	uint8_t bytes[16] = {0};
	memcpy(bytes, addr, address_len(family));
	memcpy(word, bytes, 16);
}

/* Called twice per row: a multiply-xorshift mix of three words, not a
 * byte loop. */
static uint64_t hash_of(int family, const uint64_t word[2], unsigned ifindex)
{
	uint64_t h = (word[0] ^ ((uint64_t)ifindex << 32 | (unsigned)family)) * 0x9e3779b97f4a7c15u;
	h = (h ^ (h >> 32) ^ word[1]) * 0xff51afd7ed558ccdu;
	return h ^ (h >> 29);
}

static int same(const struct address_entry *e, int family, const uint64_t word[2], unsigned ifindex)
{
	return e->family == family && e->ifindex == ifindex && memcmp(e->addr, word, 16) == 0;
}

/* Appends len bytes; *offset gets where they start. */
static int arena_put(struct address_texts *t, const char *bytes, size_t len, uint32_t *offset)
{
	/* (offsets have 32 bits) */
	char *grown = grow_to_fit(t->arena, t->arena_len + len, &t->arena_capacity, 1, 1024, UINT32_MAX);
	if (!grown)
		return -1;
	t->arena = grown;
	memcpy(t->arena + t->arena_len, bytes, len);
	*offset = (uint32_t)t->arena_len;
	t->arena_len += len;
	return 0;
}

/* The address part as sock_endpoint_text prints it, then "%dev" as
 * sock_local_text inserts it, then ':'. */
static size_t entry_text(int family, const uint8_t *addr, unsigned ifindex, char *out, size_t size)
{
	char text[INET6_ADDRSTRLEN];
	if (!inet_ntop(family, addr, text, sizeof text))
		snprintf(text, sizeof text, "?");
	char device[IF_NAMESIZE + 1] = "";
	if (ifindex && !if_indextoname(ifindex, device))
		snprintf(device, sizeof device, "if%u", ifindex);
	int n = snprintf(out, size, family == AF_INET6 ? "[%s]%s%s:" : "%s%s%s:", text,
			 ifindex ? "%" : "", device);
	return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

/* As json_write_string (formats.c) escapes, without the quotes. */
static size_t json_escape(const char *text, size_t len, char *out)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		const char *escape = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n"
				   : c == '\t' ? "\\t" : c == '\r' ? "\\r" : NULL;
		if (escape) {
			memcpy(out + n, escape, 2);
			n += 2;
		} else if (c < 0x20 || c == 0x7f) {
			n += (size_t)sprintf(out + n, "\\u%04x", c);
		} else {
			out[n++] = (char)c;
		}
	}
	return n;
}

static int grow_slots(struct address_texts *t)
{
	size_t slots = t->slots ? t->slots * 2 : 64;
	uint32_t *slot = calloc(slots, sizeof *slot);
	if (!slot)
		return -1;
	for (size_t i = 0; i < t->count; i++) {
		const struct address_entry *e = &t->entry[i];
		uint64_t word[2];
		memcpy(word, e->addr, 16);
		size_t s = hash_of(e->family, word, e->ifindex) & (slots - 1);
		while (slot[s])
			s = (s + 1) & (slots - 1);
		slot[s] = (uint32_t)i + 1;
	}
	free(t->slot);
	t->slot = slot;
	t->slots = slots;
	return 0;
}

static int add_entry(struct address_texts *t, int family, const uint8_t *addr, const uint64_t word[2],
		     unsigned ifindex)
{
	/* (indices have 32 bits) */
	struct address_entry *grown = grow_to_fit(t->entry, t->count + 1, &t->capacity, sizeof *grown, 16,
						  UINT32_MAX - 1);
	if (!grown)
		return -1;
	t->entry = grown;
	struct address_entry *e = &t->entry[t->count];
	memset(e, 0, sizeof *e);
	memcpy(e->addr, word, 16);
	e->family = family;
	e->ifindex = ifindex;
	/* "[" 39 "]" "%" 15 ":" fits in 64; escaped, each byte takes at most 6. */
	char text[SOCK_ENDPOINT_TEXT_MAX], json[6 * SOCK_ENDPOINT_TEXT_MAX];
	size_t len = entry_text(family, addr, ifindex, text, sizeof text);
	size_t json_len = json_escape(text, len, json);
	if (arena_put(t, text, len, &e->text))
		return -1;
	e->text_len = (uint32_t)len;
	if (json_len == len) {
		e->json = e->text; /* nothing escaped */
	} else if (arena_put(t, json, json_len, &e->json)) {
		return -1;
	}
	e->json_len = (uint32_t)json_len;
	t->count++;
	return 0;
}

int address_texts_add(struct address_texts *t, const struct sock_endpoint *ep, unsigned ifindex,
		      uint32_t *index)
{
	/* Keep the table at most half full. */
	if (2 * (t->count + 1) > t->slots && grow_slots(t))
		return -1;
	uint64_t word[2];
	words_of(ep->family, ep->addr, word);
	size_t s = hash_of(ep->family, word, ifindex) & (t->slots - 1);
	for (; t->slot[s]; s = (s + 1) & (t->slots - 1)) {
		if (same(&t->entry[t->slot[s] - 1], ep->family, word, ifindex)) {
			*index = t->slot[s] - 1;
			return 0;
		}
	}
	if (add_entry(t, ep->family, ep->addr, word, ifindex))
		return -1;
	t->slot[s] = (uint32_t)t->count;
	*index = (uint32_t)t->count - 1;
	return 0;
}

struct sort_item {
	const char *text;
	size_t len;
	uint32_t index;
};

/* strcmp's order of the texts, which hold no NUL: bytes as unsigned char,
 * and a text before any longer text it begins. */
static int compare_text(const void *a, const void *b)
{
	const struct sort_item *x = a, *y = b;
	int c = memcmp(x->text, y->text, x->len < y->len ? x->len : y->len);
	if (c)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

int address_texts_rank(struct address_texts *t)
{
	size_t n = t->count ? t->count : 1;
	struct sort_item *item = malloc(n * sizeof *item);
	uint32_t *by_rank = malloc(n * sizeof *by_rank);
	if (!item || !by_rank) {
		free(item);
		free(by_rank);
		return -1;
	}
	for (size_t i = 0; i < t->count; i++)
		item[i] = (struct sort_item){t->arena + t->entry[i].text, t->entry[i].text_len, (uint32_t)i};
	qsort(item, t->count, sizeof *item, compare_text);
	size_t ranks = 0;
	for (size_t i = 0; i < t->count; i++) {
		if (i == 0 || compare_text(&item[i - 1], &item[i]) != 0)
			by_rank[ranks++] = item[i].index;
		t->entry[item[i].index].rank = (uint32_t)(ranks - 1);
	}
	free(item);
	free(t->by_rank);
	t->by_rank = by_rank;
	t->ranks = ranks;
	return 0;
}

void address_texts_free(struct address_texts *t)
{
	free(t->entry);
	free(t->slot);
	free(t->arena);
	free(t->by_rank);
	memset(t, 0, sizeof *t);
}
