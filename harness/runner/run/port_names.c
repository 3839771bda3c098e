#include "port_names.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "growth.h"

/* An endpoint in a text: an address, an optional "%DEVICE" (the device a
 * socket is bound to, as ss writes it: "[::]%lo:7200"), ':' and a port or
 * '*'. The address is bracketed IPv6 ("[::1]") or dotted IPv4
 * ("127.0.0.1"). A port is at most five digits followed by a
 * non-alphanumeric; hex groups of unbracketed IPv6 addresses
 * ("2001:db8::1") are at most 4 characters, so they never reach an
 * ephemeral range. */
struct endpoint {
	size_t start, address_end, colon, end; /* text[start, end) is the endpoint,
						  text[start, address_end) its address */
	unsigned port;
	int any_port;             /* ":*" */
	int ipv6;                 /* bracketed and not IPv4-mapped */
};

static int ends_word(const char *text, size_t at)
{
	return text[at] == '\0' || !isalnum((unsigned char)text[at]);
}

static int device_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-';
}

/* Where the address before text[colon] ends: colon itself, or the '%' of a
 * device name (at most 15 characters, IFNAMSIZ - 1). */
static size_t address_end_before(const char *text, size_t colon)
{
	size_t at = colon;
	while (at > 0 && colon - at < 16 && device_char(text[at - 1]))
		at--;
	if (at > 1 && at < colon && text[at - 1] == '%' &&
	    (text[at - 2] == ']' || isdigit((unsigned char)text[at - 2])))
		return at - 1;
	return colon;
}

/* The next endpoint at or after text[from]; 0 when there is none. */
static int next_endpoint(const char *text, size_t from, struct endpoint *e)
{
	for (size_t i = from; text[i]; i++) {
		if (text[i] != ':' || i == 0)
			continue;
		size_t address_end = address_end_before(text, i);
		int bracketed = text[address_end - 1] == ']';
		if (!bracketed && !isdigit((unsigned char)text[address_end - 1]))
			continue;
		size_t j = i + 1;
		unsigned port = 0;
		int any = text[j] == '*';
		if (any) {
			j++;
		} else {
			while (isdigit((unsigned char)text[j]) && j - i <= 5)
				port = port * 10 + (unsigned)(text[j++] - '0');
			if (j == i + 1)
				continue;
		}
		if (!ends_word(text, j))
			continue;
		size_t start = address_end - 1;
		if (bracketed) {
			while (start > 0 && text[start] != '[')
				start--;
		} else {
			while (start > 0 && (isdigit((unsigned char)text[start - 1]) || text[start - 1] == '.'))
				start--;
		}
		int mapped = strncmp(text + start, "[::ffff:", 8) == 0 &&
			     memchr(text + start, '.', address_end - start) != NULL;
		*e = (struct endpoint){start, address_end, i, j, port, any, bracketed && !mapped};
		return 1;
	}
	return 0;
}

static int ephemeral(const struct port_names *n, const struct endpoint *e)
{
	return n->first > 0 && !e->any_port && e->port >= n->first && e->port <= n->last;
}

/* The endpoint as a peer is named: IPv4-mapped written as IPv4 and
 * without a device, so both ends of one connection agree
 * ("[::ffff:127.0.0.1]%lo:80" = "127.0.0.1:80"). */
static char *canonical(const char *text, const struct endpoint *e)
{
	size_t skip = 0, address_end = e->address_end;
	if (!e->ipv6 && text[e->start] == '[') {
		skip = 8; /* "[::ffff:" */
		address_end--; /* "]" */
	}
	size_t address = address_end - e->start - skip, port = e->end - e->colon;
	char *out = malloc(address + port + 1);
	if (out) {
		memcpy(out, text + e->start + skip, address);
		memcpy(out + address, text + e->colon, port);
		out[address + port] = '\0';
	}
	return out;
}

/* A group's two endpoints, when it has exactly two; else *pair = 0. */
struct group_ends {
	int pair;
	const char *text[2];
	struct endpoint end[2];
};

static void find_pair(const char *const *texts, size_t count, int flags,
		      struct group_ends *g)
{
	size_t found = flags & PORT_GROUP_CONNECTION ? 0 : 3;
	for (size_t t = 0; t < count && found <= 2; t++) {
		struct endpoint e;
		for (size_t at = 0; found <= 2 && next_endpoint(texts[t], at, &e); at = e.end) {
			if (found < 2) {
				g->text[found] = texts[t];
				g->end[found] = e;
			}
			found++;
		}
	}
	g->pair = found == 2;
}

/* The other end of endpoint e (at text) in the group, or NULL. */
static const struct endpoint *other_end(const struct group_ends *g, const char *text,
					const struct endpoint *e, const char **other_text)
{
	if (!g->pair)
		return NULL;
	int k = g->text[0] == text && g->end[0].start == e->start ? 1 : 0;
	*other_text = g->text[k];
	return &g->end[k];
}

static int grow(struct port_key **keys, size_t count, size_t *capacity)
{
	struct port_key *bigger = grow_to_fit(*keys, count + 1, capacity, sizeof **keys, 16, 0);
	if (!bigger)
		return -1;
	*keys = bigger;
	return 0;
}

static int same_peer(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

void port_names_init(struct port_names *names, unsigned first, unsigned last)
{
	*names = (struct port_names){.first = first, .last = last};
}

void port_names_free(struct port_names *names)
{
	for (size_t i = 0; i < names->learned_count; i++)
		free(names->learned[i].peer);
	for (size_t i = 0; i < names->token_count; i++)
		free(names->token[i].peer);
	free(names->learned);
	free(names->token);
	port_names_init(names, names->first, names->last);
}

/* Learns the ephemeral endpoint e (in e_text): a bound entry if its peer
 * is "*" (BOUND_WILDCARD6 when e is "[::]:port" of a socket that is not
 * v6-only, which also serves IPv4 as mapped addresses), else a connection
 * entry named by its peer. */
enum { CONNECTED = 0, BOUND = 1, BOUND_WILDCARD6 = 2 };

static int learn(struct port_names *n, unsigned port, const char *e_text,
		 const struct endpoint *e, const char *peer_text, const struct endpoint *peer,
		 int v6only)
{
	int bound = CONNECTED;
	if (peer->any_port)
		bound = !v6only && e->ipv6 && e->address_end - e->start == 4 && strncmp(e_text + e->start, "[::]", 4) == 0
				? BOUND_WILDCARD6 : BOUND;
	char *name = NULL;
	if (bound == CONNECTED && !(name = canonical(peer_text, peer)))
		return -1;
	for (size_t i = 0; i < n->learned_count; i++) {
		struct port_key *k = &n->learned[i];
		if (k->port == port && k->bound == bound && same_peer(k->peer, name)) {
			free(name);
			return 0;
		}
	}
	if (grow(&n->learned, n->learned_count, &n->learned_capacity)) {
		free(name);
		return -1;
	}
	n->learned[n->learned_count++] = (struct port_key){port, name, bound};
	return 0;
}

static unsigned key_port(const struct endpoint *e)
{
	return e->port | (e->ipv6 ? 1u << 16 : 0);
}

int port_names_learn(struct port_names *names, const char *const *texts, size_t count,
		     int flags)
{
	struct group_ends g;
	find_pair(texts, count, flags, &g);
	if (!g.pair)
		return 0; /* nothing said about peers */
	for (int k = 0; k < 2; k++) {
		const struct endpoint *e = &g.end[k], *peer = &g.end[1 - k];
		if (ephemeral(names, e) &&
		    learn(names, key_port(e), g.text[k], e, g.text[1 - k], peer,
			  flags & PORT_GROUP_V6ONLY))
			return -1;
	}
	return 0;
}

/* The token (0-based) of an ephemeral endpoint with this port and peer (NULL:
 * the text does not say). See the rules in port_names.h. */
static long resolve(struct port_names *n, unsigned port, const char *peer)
{
	const char *key = peer, *only_peer = NULL;
	int bound = 0;
	for (size_t i = 0; i < n->learned_count; i++) {
		const struct port_key *k = &n->learned[i];
		if (k->port == port && k->bound != CONNECTED) {
			bound = 1;
		} else if (k->port == (port | 1u << 16) && k->bound == BOUND_WILDCARD6) {
			/* an IPv4 endpoint on the port of a [::] socket: one of
			 * its connections (mapped); named by the [::] socket's
			 * token, unless an IPv4 socket is bound there too */
			if (!bound)
				bound = 2;
		} else if (k->port == port && !only_peer) {
			only_peer = k->peer;
		}
	}
	if (bound == 2)
		port |= 1u << 16;
	if (bound)
		key = NULL;
	else if (!peer)
		key = only_peer;
	for (size_t i = 0; i < n->token_count; i++)
		if (n->token[i].port == port && same_peer(n->token[i].peer, key))
			return (long)i;
	if (grow(&n->token, n->token_count, &n->token_capacity))
		return -1;
	char *copy = NULL;
	if (key && !(copy = strdup(key)))
		return -1;
	n->token[n->token_count] = (struct port_key){port, copy, 0};
	return (long)n->token_count++;
}

/* Room for text with every port written as ":EPH<n>": a port takes at
 * least 2 characters (":1") and becomes at most 4 + 20. */
static char *output_buffer(const char *text)
{
	return malloc(strlen(text) * 12 + 16);
}

/* text with each ephemeral port written as its token, ":EPH<n>" (names,
 * within group g), or as ":EPH" when names is NULL (a mask). NULL on
 * memory. */
static char *rewrite(const char *text, struct port_names *names, const struct group_ends *g,
		     const struct port_names *range)
{
	char *o = output_buffer(text);
	if (!o)
		return NULL;
	size_t w = 0, from = 0;
	struct endpoint e;
	while (next_endpoint(text, from, &e)) {
		size_t kept = ephemeral(range, &e) ? e.colon : e.end;
		memcpy(o + w, text + from, kept - from);
		w += kept - from;
		from = e.end;
		if (kept == e.end)
			continue;
		if (!names) {
			w += (size_t)sprintf(o + w, ":EPH");
			continue;
		}
		const char *other_text = NULL;
		const struct endpoint *other = other_end(g, text, &e, &other_text);
		char *peer = NULL;
		long token = -1;
		if (!other || other->any_port || (peer = canonical(other_text, other)))
			token = resolve(names, key_port(&e), peer);
		free(peer);
		if (token < 0) {
			free(o);
			return NULL;
		}
		w += (size_t)sprintf(o + w, ":EPH%ld", token + 1);
	}
	strcpy(o + w, text + from);
	return o;
}

int port_names_apply(struct port_names *names, const char *const *texts, size_t count,
		     int flags, char **out)
{
	struct group_ends g;
	find_pair(texts, count, flags, &g);
	for (size_t t = 0; t < count; t++) {
		out[t] = rewrite(texts[t], names, &g, names);
		if (!out[t]) {
			while (t-- > 0)
				free(out[t]);
			return -1;
		}
	}
	return 0;
}

char *port_names_mask(const char *text, unsigned first, unsigned last)
{
	struct port_names range;
	port_names_init(&range, first, last);
	return rewrite(text, NULL, NULL, &range);
}
