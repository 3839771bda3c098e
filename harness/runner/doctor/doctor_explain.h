/* doctor_explain: what a row of the live table means, in one sentence
 * with its RFC 3493 section, and which families reach a listening port.
 * Pure: rows in, text out (unit-testable without a kernel). */
#ifndef DSLAB_DOCTOR_EXPLAIN_H
#define DSLAB_DOCTOR_EXPLAIN_H

#include <stddef.h>

#include "sock_row.h"

/* The sentence for one row, into out. */
void doctor_explain_row(const struct sock_row *row, char *out, size_t size);

/* A listening socket: TCP LISTEN, or UDP bound and unconnected. */
int doctor_is_listening(const struct sock_row *row);

/* Which families a listening socket takes: bit 1 IPv4, bit 2 IPv6; 0 for
 * others, and for an AF_INET6 one whose v6only is unknown. */
enum { FAMILY_IPV4 = 1, FAMILY_IPV6 = 2 };
int doctor_families(const struct sock_row *row);

#endif
