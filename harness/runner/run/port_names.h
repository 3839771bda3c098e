/* Names for ephemeral ports: the normaliser writes EPH1, EPH2, ... where the
 * kernel chose a port, so a golden does not depend on the choice.
 *
 * A port number alone does not name a socket. The kernel gives an IPv4 and
 * an IPv6 socket the same number by chance, and, more subtly, connect()
 * gives two sockets of one family the same local port whenever their
 * destinations differ: __inet_hash_connect (net/ipv4/inet_hashtables.c)
 * reuses a port whose bind bucket was made by connect() as long as the new
 * 4-tuple is unique. A token therefore names a port *choice*:
 *
 *   - an endpoint that is bound but not connected (a row whose remote is
 *     "*": a listener, an unconnected UDP socket) is named by its family and
 *     port: every connection accepted on that port shares its token. A
 *     socket on [::] that is not v6-only also owns the port for IPv4, so
 *     IPv4 (and mapped) endpoints on that port share its token too;
 *   - any other endpoint is named by its family, port and peer (the
 *     endpoint at the other end of the connection), when the text says it;
 *   - an endpoint whose peer the text does not say gets the token of its
 *     port's only connection; when the port has several (the collision
 *     above), it cannot be told apart and takes the first. Scenario
 *     reports therefore carry both ends where a port is connect-made
 *     (report_accept writes "peer X on Y").
 *
 * Ports are not told apart by protocol (calls and notes do not say it): a
 * lesson with ephemeral TCP and UDP ports at once could see them merge.
 * None does.
 *
 * Texts come in groups. A group that is one connection (a snapshot row's
 * local and remote fields; an accept's "peer X on Y") and has exactly two
 * endpoints makes them each other's peer; in other texts (calls, notes)
 * endpoints have no known peer. IPv4 and IPv4-mapped are one family.
 *
 * Use: port_names_learn() over every group, in any order, then
 * port_names_apply() over the same groups in reading order: tokens are
 * numbered first seen, first numbered. */
#ifndef DSLAB_PORT_NAMES_H
#define DSLAB_PORT_NAMES_H

#include <stddef.h>

struct port_key {
	unsigned port;  /* the number, | 1 << 16 for an IPv6 (not mapped) endpoint */
	char *peer;     /* canonical peer endpoint, or NULL: named by port alone */
	int bound;      /* learned: seen bound and unconnected */
};

struct port_names {
	unsigned first, last;   /* the ephemeral range; first == 0: none */
	struct port_key *learned, *token;
	size_t learned_count, learned_capacity, token_count, token_capacity;
};

void port_names_init(struct port_names *names, unsigned first, unsigned last);
void port_names_free(struct port_names *names);

/* Pass 1: what a group of texts tells about its endpoints. 0 or -1 (memory). */
enum {
	PORT_GROUP_CONNECTION = 1, /* the texts are one connection's two ends */
	PORT_GROUP_V6ONLY = 2,     /* ... of a socket with IPV6_V6ONLY set */
};
int port_names_learn(struct port_names *names, const char *const *texts, size_t count,
		     int flags);

/* Pass 2: out[i] = texts[i] with each ephemeral port replaced by ":EPH<n>"
 * (malloc'd). 0, or -1 (memory; out[] then holds nothing to free). */
int port_names_apply(struct port_names *names, const char *const *texts, size_t count,
		     int flags, char **out);

/* text with every ephemeral port replaced by ":EPH" (no number): a sort key
 * that does not depend on the kernel's choice. malloc'd, NULL on memory. */
char *port_names_mask(const char *text, unsigned first, unsigned last);

#endif
