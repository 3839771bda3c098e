#include "matrix_labels.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static const uint8_t mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
static const uint8_t zero[16];

enum address_kind address_kind_of(int family, const uint8_t addr[16])
{
	if (family == AF_INET)
		return memcmp(addr, zero, 4) == 0 ? ANY_V4 : ONE_V4;
	if (memcmp(addr, zero, 16) == 0)
		return ANY_V6;
	if (memcmp(addr, mapped_prefix, 12) == 0)
		return memcmp(addr + 12, zero, 4) == 0 ? ANY_MAPPED : ONE_MAPPED;
	return ONE_V6;
}

static const char *const matrix_addresses[] = {
	[ANY_V4] = "0.0.0.0", [ONE_V4] = "127.0.0.1", [ANY_V6] = "[::]",
	[ONE_V6] = "[::1]", [ANY_MAPPED] = "[::ffff:0.0.0.0]", [ONE_MAPPED] = "[::ffff:127.0.0.1]",
};

const char *matrix_address(enum address_kind kind)
{
	return matrix_addresses[kind];
}

int is_matrix_address(int family, const uint8_t addr[16])
{
	static const uint8_t loopback4[4] = {127, 0, 0, 1};
	static const uint8_t loopback6[16] = {[15] = 1};
	enum address_kind kind = address_kind_of(family, addr);
	if (kind == ONE_V4)
		return memcmp(addr, loopback4, 4) == 0;
	if (kind == ONE_MAPPED)
		return memcmp(addr + 12, loopback4, 4) == 0;
	if (kind == ONE_V6)
		return memcmp(addr, loopback6, 16) == 0;
	return 1;
}

void matrix_label(enum address_kind kind, int v6only, char *out, size_t size)
{
	int inet = kind == ANY_V4 || kind == ONE_V4;
	if (inet || v6only < 0)
		snprintf(out, size, "%s", matrix_addresses[kind]);
	else
		snprintf(out, size, "%s v6only=%d", matrix_addresses[kind], v6only);
}

/* The IPv4 address a specific address names (plain or mapped), or NULL. */
static const uint8_t *ipv4_named(int family, const uint8_t addr[16])
{
	enum address_kind kind = address_kind_of(family, addr);
	return kind == ONE_V4 ? addr : kind == ONE_MAPPED ? addr + 12 : NULL;
}

int different_specific_addresses(int family_a, const uint8_t a[16], int family_b, const uint8_t b[16])
{
	const uint8_t *a4 = ipv4_named(family_a, a), *b4 = ipv4_named(family_b, b);
	if (a4 && b4)
		return memcmp(a4, b4, 4) != 0;
	if (address_kind_of(family_a, a) == ONE_V6 && address_kind_of(family_b, b) == ONE_V6)
		return memcmp(a, b, 16) != 0;
	return 0;
}

void address_text(int family, const uint8_t *addr, char *out, size_t size)
{
	char text[INET6_ADDRSTRLEN];
	inet_ntop(family, addr, text, sizeof text);
	snprintf(out, size, family == AF_INET6 ? "[%s]" : "%s", text);
}
