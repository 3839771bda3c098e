#include "snapshot_table.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "address_texts.h"
#include "growth.h"
#include "sort_keys.h"

/*
 * The order. transcript_normalise sorts rows with strcmp on the texts of
 * (file, local, remote, name, state), ties broken by (file, state, local,
 * remote, v6only, name); with every name "" that is the lexicographic order
 * of (file, local, remote, state, v6only), and rows it cannot order are
 * equal in every field, so they print the same in any order. Each field
 * here gets a code whose order is its text's strcmp order:
 *
 *   file, state, v6only   rank of the text among all texts the field can
 *                         have (computed below with strcmp, not assumed);
 *   local, remote         the rank of the address part ("X:", see
 *                         address_texts.h for why it decides first), then
 *                         the port's code: its decimal digits as base-11
 *                         digits 1..10, padded to 5 with 0 (strcmp of
 *                         strings without NULs is the order of the strings
 *                         padded with NULs), and "*" (remote port 0) as 0,
 *                         since '*' sorts before every digit.
 *
 * Packed most significant first into two 64-bit words, the pair's unsigned
 * order is the rows' text order. Every code can be turned back into its
 * text, so the sorted keys alone render the table.
 */
#define FILE_BITS 2
#define RANK_BITS 32
#define PORT_BITS 18 /* codes < 11^5 = 161051 */
#define STATE_BITS 5
#define V6ONLY_BITS 2

#define HI_FILE_SHIFT (64 - FILE_BITS)
#define HI_RANK_SHIFT (HI_FILE_SHIFT - RANK_BITS)
#define HI_PORT_SHIFT (HI_RANK_SHIFT - PORT_BITS)
#define LO_RANK_SHIFT (64 - RANK_BITS)
#define LO_PORT_SHIFT (LO_RANK_SHIFT - PORT_BITS)
#define LO_STATE_SHIFT (LO_PORT_SHIFT - STATE_BITS)
#define LO_V6ONLY_SHIFT (LO_STATE_SHIFT - V6ONLY_BITS)
_Static_assert(HI_PORT_SHIFT >= 0 && LO_V6ONLY_SHIFT >= 0, "the key fields fit");

#define FIELD(word, shift, bits) ((unsigned)(((word) >> (shift)) & ((1ull << (bits)) - 1)))

/* Texts a field can have, by rank (strcmp order), and each value's rank. */
#define MAX_NAMES 32
struct names {
	const char *text[MAX_NAMES];
	size_t count;
};

static int by_text(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void names_add(struct names *n, const char *text)
{
	for (size_t i = 0; i < n->count; i++)
		if (strcmp(n->text[i], text) == 0)
			return;
	if (n->count < MAX_NAMES)
		n->text[n->count++] = text;
}

static unsigned names_rank(const struct names *n, const char *text)
{
	for (size_t i = 0; i < n->count; i++)
		if (strcmp(n->text[i], text) == 0)
			return (unsigned)i;
	return 0; /* not reached: every text was added */
}

/* idiag_state and /proc's st are one byte: states 0..255. */
#define STATES 256
enum { V6ONLY_VALUES = 4 };
static const int v6only_values[V6ONLY_VALUES] = {V6ONLY_UNKNOWN, V6ONLY_UNDEFINED, V6ONLY_OFF, V6ONLY_ON};

struct codes {
	struct names files, states, v6only;
	uint8_t file_len[MAX_NAMES], state_len[MAX_NAMES], v6only_len[MAX_NAMES]; /* by rank */
	uint8_t file_rank[4];
	uint8_t state_rank[4][STATES];
	uint8_t v6only_rank[V6ONLY_VALUES]; /* as v6only_values */
};

static void codes_init(struct codes *c)
{
	memset(c, 0, sizeof *c);
	for (int f = FILE_TCP; f <= FILE_UDP6; f++) {
		names_add(&c->files, sock_file_name((enum sock_file)f));
		for (int s = 0; s < STATES; s++)
			names_add(&c->states, sock_state_name((enum sock_file)f, s));
	}
	for (int v = 0; v < V6ONLY_VALUES; v++)
		names_add(&c->v6only, v6only_text(v6only_values[v]));
	qsort(c->files.text, c->files.count, sizeof c->files.text[0], by_text);
	qsort(c->states.text, c->states.count, sizeof c->states.text[0], by_text);
	qsort(c->v6only.text, c->v6only.count, sizeof c->v6only.text[0], by_text);
	for (int f = FILE_TCP; f <= FILE_UDP6; f++) {
		c->file_rank[f] = (uint8_t)names_rank(&c->files, sock_file_name((enum sock_file)f));
		for (int s = 0; s < STATES; s++)
			c->state_rank[f][s] = (uint8_t)names_rank(&c->states,
								  sock_state_name((enum sock_file)f, s));
	}
	for (int v = 0; v < V6ONLY_VALUES; v++)
		c->v6only_rank[v] = (uint8_t)names_rank(&c->v6only, v6only_text(v6only_values[v]));
	for (size_t i = 0; i < MAX_NAMES; i++) {
		c->file_len[i] = (uint8_t)(i < c->files.count ? strlen(c->files.text[i]) : 0);
		c->state_len[i] = (uint8_t)(i < c->states.count ? strlen(c->states.text[i]) : 0);
		c->v6only_len[i] = (uint8_t)(i < c->v6only.count ? strlen(c->v6only.text[i]) : 0);
	}
}

static unsigned v6only_rank(const struct codes *c, int v6only)
{
	for (int v = 0; v < V6ONLY_VALUES; v++)
		if (v6only_values[v] == v6only)
			return c->v6only_rank[v];
	return c->v6only_rank[0]; /* any other value prints as UNKNOWN's "?" */
}

static unsigned state_rank(const struct codes *c, enum sock_file file, int state)
{
	if (state >= 0 && state < STATES)
		return c->state_rank[file][state];
	return names_rank(&c->states, sock_state_name(file, state));
}

static const unsigned power11[5] = {14641, 1331, 121, 11, 1};

/* The port's code; *len gets its text's length. */
static unsigned port_code(unsigned port, int star, size_t *len)
{
	if (star) {
		*len = 1;
		return 0;
	}
	unsigned digits[5];
	size_t n = 0;
	do {
		digits[n++] = port % 10;
		port /= 10;
	} while (port && n < 5);
	unsigned code = 0;
	for (size_t i = 0; i < n; i++) /* most significant digit first */
		code += (digits[n - 1 - i] + 1) * power11[i];
	*len = n;
	return code;
}

/* The port's text from its code; returns its length. */
static size_t port_text(unsigned code, char *out)
{
	if (code == 0) {
		out[0] = '*';
		return 1;
	}
	size_t len = 0;
	for (int i = 0; i < 5; i++) {
		unsigned digit = code / power11[i] % 11;
		if (digit == 0)
			break;
		out[len++] = (char)('0' + digit - 1);
	}
	return len;
}

/* Output in 64 KiB blocks: one write() each for a large table. */
struct output {
	FILE *out;
	size_t len;
	char buf[1 << 16];
};

static void flush(struct output *o)
{
	fwrite(o->buf, 1, o->len, o->out);
	o->len = 0;
}

static void put(struct output *o, const char *bytes, size_t len)
{
	memcpy(o->buf + o->len, bytes, len);
	o->len += len;
}

static void put_str(struct output *o, const char *text)
{
	put(o, text, strlen(text));
}

/* " text" padded to width, then " ": as transcript.c's put_cell. */
static void put_cell(struct output *o, const char *text, size_t len, size_t width)
{
	o->buf[o->len++] = ' ';
	put(o, text, len);
	memset(o->buf + o->len, ' ', width - len + 1);
	o->len += width - len + 1;
}

/* An endpoint's text into out: "X:" and the port. Returns its length. */
static size_t endpoint(const struct address_texts *a, unsigned rank, unsigned port, int json,
		       char *out)
{
	size_t len;
	const char *x = address_texts_of_rank(a, rank, json, &len);
	memcpy(out, x, len);
	return len + port_text(port, out + len);
}

/* The longest line: five cells of at most 6 * 64 bytes (a JSON-escaped
 * address) and the rest. */
#define LINE_MAX_BYTES 4096

enum { COL_FILE, COL_STATE, COL_LOCAL, COL_REMOTE, COL_V6ONLY, COLUMNS };

struct snapshot_table {
	struct key *key;        /* until written, with address indices for ranks */
	size_t count, capacity;
	struct address_texts addresses;
	struct codes codes;
	size_t width[COLUMNS];  /* the longest text of each column */
};

struct snapshot_table *snapshot_table_new(void)
{
	struct snapshot_table *t = calloc(1, sizeof *t);
	if (t)
		codes_init(&t->codes);
	return t;
}

static void widen(struct snapshot_table *t, int column, size_t len)
{
	if (len > t->width[column])
		t->width[column] = len;
}

int snapshot_table_add(const struct sock_row *row, void *table)
{
	struct snapshot_table *t = table;
	/* Ranks and indices have 32 bits; addresses are at most 2 per row. */
	struct key *grown = grow_to_fit(t->key, t->count + 1, &t->capacity, sizeof *grown, 1024, UINT32_MAX / 2);
	if (!grown)
		return -1;
	t->key = grown;
	const struct codes *c = &t->codes;
	uint32_t local, remote;
	if (address_texts_add(&t->addresses, &row->local, row->ifindex, &local) ||
	    address_texts_add(&t->addresses, &row->remote, 0, &remote))
		return -1;
	size_t local_port_len, remote_port_len;
	unsigned local_port = port_code(row->local.port, 0, &local_port_len);
	unsigned remote_port = port_code(row->remote.port, row->remote.port == 0, &remote_port_len);
	unsigned file = c->file_rank[row->file], state = state_rank(c, row->file, row->state);
	unsigned v6only = v6only_rank(c, row->v6only);
	t->key[t->count++] = (struct key){
		.hi = (uint64_t)file << HI_FILE_SHIFT | (uint64_t)local << HI_RANK_SHIFT |
		      (uint64_t)local_port << HI_PORT_SHIFT,
		.lo = (uint64_t)remote << LO_RANK_SHIFT | (uint64_t)remote_port << LO_PORT_SHIFT |
		      (uint64_t)state << LO_STATE_SHIFT | (uint64_t)v6only << LO_V6ONLY_SHIFT,
	};
	widen(t, COL_FILE, c->file_len[file]);
	widen(t, COL_STATE, c->state_len[state]);
	widen(t, COL_LOCAL, t->addresses.entry[local].text_len + local_port_len);
	widen(t, COL_REMOTE, t->addresses.entry[remote].text_len + remote_port_len);
	widen(t, COL_V6ONLY, c->v6only_len[v6only]);
	return 0;
}

/* The address fields of the keys: indices until now, ranks from here on. */
static void rank_addresses(struct snapshot_table *t)
{
	const uint64_t hi_mask = ((1ull << RANK_BITS) - 1) << HI_RANK_SHIFT;
	const uint64_t lo_mask = ((1ull << RANK_BITS) - 1) << LO_RANK_SHIFT;
	const struct address_entry *entry = t->addresses.entry;
	for (size_t i = 0; i < t->count; i++) {
		struct key *k = &t->key[i];
		uint64_t local = entry[FIELD(k->hi, HI_RANK_SHIFT, RANK_BITS)].rank;
		uint64_t remote = entry[FIELD(k->lo, LO_RANK_SHIFT, RANK_BITS)].rank;
		k->hi = (k->hi & ~hi_mask) | local << HI_RANK_SHIFT;
		k->lo = (k->lo & ~lo_mask) | remote << LO_RANK_SHIFT;
	}
}

static void write_rows(struct output *o, const struct snapshot_table *t, const struct key *keys,
		       int json)
{
	static const char *const header[COLUMNS] = {"file", "state", "local", "remote", "v6only"};
	const struct codes *c = &t->codes;
	const struct address_texts *a = &t->addresses;
	size_t width[COLUMNS];
	for (int col = 0; col < COLUMNS; col++) {
		width[col] = strlen(header[col]);
		if (t->width[col] > width[col])
			width[col] = t->width[col];
	}
	if (!json) {
		put_str(o, "snapshot this namespace\n ");
		for (int col = 0; col < COLUMNS; col++)
			put_cell(o, header[col], strlen(header[col]), width[col]);
		put_str(o, " name\n");
		if (t->count == 0)
			put_str(o, "  (no sockets)\n");
	}
	for (size_t i = 0; i < t->count; i++) {
		if (sizeof o->buf - o->len < LINE_MAX_BYTES)
			flush(o);
		const struct key *k = &keys[i];
		unsigned file = FIELD(k->hi, HI_FILE_SHIFT, FILE_BITS);
		unsigned state = FIELD(k->lo, LO_STATE_SHIFT, STATE_BITS);
		unsigned v6only = FIELD(k->lo, LO_V6ONLY_SHIFT, V6ONLY_BITS);
		char local[6 * SOCK_ENDPOINT_TEXT_MAX], remote[6 * SOCK_ENDPOINT_TEXT_MAX];
		size_t local_len = endpoint(a, FIELD(k->hi, HI_RANK_SHIFT, RANK_BITS),
					    FIELD(k->hi, HI_PORT_SHIFT, PORT_BITS), json, local);
		size_t remote_len = endpoint(a, FIELD(k->lo, LO_RANK_SHIFT, RANK_BITS),
					     FIELD(k->lo, LO_PORT_SHIFT, PORT_BITS), json, remote);
		if (json) {
			/* As json_write_row (formats.c): file and state names
			 * need no escaping, the addresses come escaped. */
			const char *v = c->v6only.text[v6only];
			put_str(o, "{\"file\":\"");
			put(o, c->files.text[file], c->file_len[file]);
			put_str(o, "\",\"state\":\"");
			put(o, c->states.text[state], c->state_len[state]);
			put_str(o, "\",\"local\":\"");
			put(o, local, local_len);
			put_str(o, "\",\"remote\":\"");
			put(o, remote, remote_len);
			put_str(o, "\",\"v6only\":");
			put_str(o, strcmp(v, "0") == 0 || strcmp(v, "1") == 0 ? v : "null");
			put_str(o, ",\"name\":null}\n");
		} else {
			o->buf[o->len++] = ' ';
			put_cell(o, c->files.text[file], c->file_len[file], width[COL_FILE]);
			put_cell(o, c->states.text[state], c->state_len[state], width[COL_STATE]);
			put_cell(o, local, local_len, width[COL_LOCAL]);
			put_cell(o, remote, remote_len, width[COL_REMOTE]);
			put_cell(o, c->v6only.text[v6only], c->v6only_len[v6only], width[COL_V6ONLY]);
			put_str(o, " -\n"); /* no name */
		}
	}
	flush(o);
}

int snapshot_table_write(struct snapshot_table *t, int json, FILE *out)
{
	size_t n = t->count;
	struct key *tmp = malloc((n ? n : 1) * sizeof *tmp);
	struct output *o = malloc(sizeof *o);
	if (!tmp || !o || address_texts_rank(&t->addresses)) {
		free(tmp);
		free(o);
		return -1;
	}
	rank_addresses(t);
	o->out = out;
	o->len = 0;
	write_rows(o, t, sort_keys(t->key, tmp, n), json);
	free(tmp);
	free(o);
	return 0;
}

void snapshot_table_free(struct snapshot_table *t)
{
	if (!t)
		return;
	free(t->key);
	address_texts_free(&t->addresses);
	free(t);
}
