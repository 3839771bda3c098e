/* matrix_labels: a real address in the words of the bind matrices' grids.
 * The matrices pair six addresses; any other address is read as the one
 * of its kind ("192.0.2.1" as the matrix's "127.0.0.1": a specific IPv4
 * address), and the prediction says so. */
#ifndef DSLAB_MATRIX_LABELS_H
#define DSLAB_MATRIX_LABELS_H

#include <stddef.h>
#include <stdint.h>

enum address_kind { ANY_V4, ONE_V4, ANY_V6, ONE_V6, ANY_MAPPED, ONE_MAPPED };

enum address_kind address_kind_of(int family, const uint8_t addr[16]);

/* The matrix's address of that kind: "0.0.0.0", "127.0.0.1", "[::]",
 * "[::1]", "[::ffff:0.0.0.0]", "[::ffff:127.0.0.1]". */
const char *matrix_address(enum address_kind kind);

/* Whether the address is the matrix's own (then nothing was substituted). */
int is_matrix_address(int family, const uint8_t addr[16]);

/* A grid label: the address, then " v6only=0" or " v6only=1" for an
 * AF_INET6 socket that set it (v6only -1: left alone, no suffix). */
void matrix_label(enum address_kind kind, int v6only, char *out, size_t size);

/* Two specific addresses the matrices cannot pair: both name one IPv4
 * address (plain or mapped) but not the same one, or both one IPv6
 * address but not the same one. */
int different_specific_addresses(int family_a, const uint8_t a[16], int family_b, const uint8_t b[16]);

/* "192.0.2.1" or "[2001:db8::1]" */
void address_text(int family, const uint8_t *addr, char *out, size_t size);

#endif
