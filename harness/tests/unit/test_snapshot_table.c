/* snapshot_table (dslab snapshot's table) against the generic transcript
 * path it replaced (harness/tests/reference/snapshot_reference.c), byte for
 * byte, text and JSON: on edge cases (ports whose texts sort unlike their
 * numbers, addresses that are prefixes of others, devices, every v6only
 * value, unknown states, duplicates), on the recorded dumps, and on many
 * random tables drawn from small pools so that fields tie often. The live
 * kernel's tables are compared by scripts/snapshot_equivalence.sh. */
#include "unit_test.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <sys/socket.h>

#include "snapshot_reference.h"
#include "sock_diag.h"
#include "sock_row.h"

static void assert_same_output(const struct sock_rows *rows)
{
	for (int json = 0; json <= 1; json++) {
		size_t want_len, got_len;
		char *want = snapshot_reference(rows, json, &want_len);
		char *got = snapshot_fast(rows, json, &got_len);
		assert_non_null(want);
		assert_non_null(got);
		if (want_len != got_len || memcmp(want, got, want_len) != 0) {
			size_t at = 0;
			while (at < want_len && at < got_len && want[at] == got[at])
				at++;
			size_t line = at;
			while (line > 0 && want[line - 1] != '\n')
				line--;
			fail_msg("%s differs at byte %zu of %zu/%zu; reference line:\n%.200s\nfast:\n%.200s",
				 json ? "JSON" : "text", at, want_len, got_len, want + line, got + line);
		}
		free(want);
		free(got);
	}
}

static struct sock_endpoint endpoint(const char *address, unsigned port)
{
	struct sock_endpoint ep = {0};
	ep.family = strchr(address, ':') ? AF_INET6 : AF_INET;
	assert_int_equal(inet_pton(ep.family, address, ep.addr), 1);
	ep.port = (uint16_t)port;
	return ep;
}

static void add(struct sock_rows *rows, enum sock_file file, int state, const char *local,
		unsigned local_port, unsigned ifindex, const char *remote, unsigned remote_port,
		int v6only)
{
	struct sock_row row = {.file = file, .state = state, .ifindex = ifindex, .v6only = v6only};
	row.local = endpoint(local, local_port);
	row.remote = endpoint(remote, remote_port);
	/* The command ignores names; a name here must not show. */
	snprintf(row.name, sizeof row.name, "ignored");
	assert_int_equal(sock_rows_append(rows, &row), 0);
}

static void test_empty(void **state)
{
	(void)state;
	struct sock_rows rows = {0};
	assert_same_output(&rows);
}

static void test_edge_cases(void **state)
{
	(void)state;
	unsigned lo = if_nametoindex("lo");
	struct sock_rows rows = {0};
	/* Ports: text order 0 < 1 < 10 < 100 < 2 < 5 < 50 < 5000 < 65535 < 8 < 80. */
	static const unsigned ports[] = {80, 8, 5000, 5, 50, 0, 1, 10, 100, 2, 65535};
	for (size_t i = 0; i < sizeof ports / sizeof ports[0]; i++) {
		add(&rows, FILE_TCP, 10, "127.0.0.1", ports[i], 0, "0.0.0.0", 0, V6ONLY_UNDEFINED);
		add(&rows, FILE_TCP, 1, "127.0.0.1", 40000, 0, "127.0.0.1", ports[i], V6ONLY_UNDEFINED);
		add(&rows, FILE_UDP6, 7, "::", ports[i], 0, "::", 0, V6ONLY_OFF);
	}
	/* Addresses that begin others: "127.0.0.1:" against "127.0.0.10:". */
	add(&rows, FILE_TCP, 10, "127.0.0.10", 5, 0, "0.0.0.0", 0, V6ONLY_UNDEFINED);
	add(&rows, FILE_TCP, 10, "127.0.0.100", 5, 0, "0.0.0.0", 0, V6ONLY_UNDEFINED);
	add(&rows, FILE_TCP, 10, "192.0.2.1", 5, 0, "0.0.0.0", 0, V6ONLY_UNDEFINED);
	add(&rows, FILE_TCP, 10, "192.0.2.10", 5, 0, "0.0.0.0", 0, V6ONLY_UNDEFINED);
	add(&rows, FILE_TCP6, 10, "2001:db8::1", 443, 0, "::", 0, V6ONLY_ON);
	add(&rows, FILE_TCP6, 10, "2001:db8::10", 443, 0, "::", 0, V6ONLY_ON);
	add(&rows, FILE_TCP6, 10, "2001:db8:1234:5678:9abc:def0:1234:5678", 65535, 0, "::", 0, V6ONLY_ON);
	/* Mapped addresses, TIME-WAIT without v6only, every v6only value. */
	add(&rows, FILE_TCP6, 1, "::ffff:127.0.0.1", 5555, 0, "::ffff:127.0.0.1", 40001, V6ONLY_UNKNOWN);
	add(&rows, FILE_TCP6, 6, "::ffff:127.0.0.1", 5555, 0, "::ffff:127.0.0.1", 40002, V6ONLY_UNKNOWN);
	add(&rows, FILE_TCP6, 6, "::1", 5555, 0, "::1", 40002, V6ONLY_UNKNOWN);
	add(&rows, FILE_TCP6, 10, "::", 5555, 0, "::", 0, V6ONLY_OFF);
	add(&rows, FILE_TCP6, 10, "::", 5556, 0, "::", 0, V6ONLY_ON);
	add(&rows, FILE_UDP6, 7, "::", 5555, 0, "::", 0, V6ONLY_ON);
	add(&rows, FILE_UDP6, 1, "::", 5555, 0, "::ffff:127.0.0.1", 9, V6ONLY_OFF);
	add(&rows, FILE_UDP, 7, "0.0.0.0", 5555, 0, "0.0.0.0", 0, V6ONLY_UNDEFINED);
	add(&rows, FILE_UDP, 1, "127.0.0.1", 5555, 0, "127.0.0.1", 53, V6ONLY_UNDEFINED);
	/* Devices: "[::]%lo:" sorts before "[::]:" ('%' < ':'); a gone index
	 * prints "if<N>"; one address with and without a device. */
	add(&rows, FILE_TCP6, 10, "::", 7200, lo, "::", 0, V6ONLY_OFF);
	add(&rows, FILE_TCP6, 10, "::", 7200, 0, "::", 0, V6ONLY_ON);
	add(&rows, FILE_TCP, 10, "0.0.0.0", 7200, lo, "0.0.0.0", 0, V6ONLY_UNDEFINED);
	add(&rows, FILE_TCP, 10, "0.0.0.0", 7200, 987654, "0.0.0.0", 0, V6ONLY_UNDEFINED);
	add(&rows, FILE_UDP6, 7, "2001:db8:1234:5678:9abc:def0:1234:5678", 65535, 4294967295u, "::", 0,
	    V6ONLY_ON);
	/* States: the kernel's TCP ones, UDP's UNCONN and unknown numbers. */
	for (int s = 0; s <= 16; s++) {
		add(&rows, FILE_TCP, s, "127.0.0.1", 9000, 0, "127.0.0.1", 9001, V6ONLY_UNDEFINED);
		add(&rows, FILE_UDP, s, "127.0.0.1", 9000, 0, "127.0.0.1", 9001, V6ONLY_UNDEFINED);
	}
	add(&rows, FILE_TCP, 255, "127.0.0.1", 9000, 0, "127.0.0.1", 9001, V6ONLY_UNDEFINED);
	add(&rows, FILE_TCP, -1, "127.0.0.1", 9000, 0, "127.0.0.1", 9001, V6ONLY_UNDEFINED);
	add(&rows, FILE_TCP, 1000, "127.0.0.1", 9000, 0, "127.0.0.1", 9001, V6ONLY_UNDEFINED);
	/* v6only values no source makes print "?" too. */
	add(&rows, FILE_UDP6, 7, "::", 1, 0, "::", 0, 7);
	/* Duplicates. */
	size_t n = rows.count;
	for (size_t i = 0; i < n; i++) {
		struct sock_row copy = rows.row[i]; /* append may move the array */
		assert_int_equal(sock_rows_append(&rows, &copy), 0);
	}
	assert_same_output(&rows);
	sock_rows_free(&rows);
}

static void test_recorded_dumps(void **state)
{
	(void)state;
	require_little_endian();
	static const char *const prefixes[] = {"seed_v4v6", "seed_v4v6_bindv6only1"};
	static const enum sock_file files[] = {FILE_TCP, FILE_TCP6, FILE_UDP, FILE_UDP6};
	struct sock_rows rows = {0};
	for (size_t p = 0; p < 2; p++)
		for (size_t f = 0; f < 4; f++) {
			char name[256];
			size_t len;
			snprintf(name, sizeof name, "%s.after-connect.%s.netlink", prefixes[p],
				 sock_file_name(files[f]));
			char *buf = fixture_read(name, &len);
			assert_int_equal(sock_diag_decode(buf, len, files[f], &rows), SOCK_DIAG_DONE);
			free(buf);
		}
	assert_true(rows.count > 0);
	assert_same_output(&rows);
	sock_rows_free(&rows);
}

/* xorshift64*: the same tables on every run. */
static uint64_t next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717u;
}

#define PICK(s, array) array[next(s) % (sizeof array / sizeof array[0])]

static void test_random_tables(void **state)
{
	(void)state;
	static const char *const v4[] = {"0.0.0.0", "127.0.0.1", "127.0.0.10", "127.0.0.100",
					 "127.0.1.1", "192.0.2.1", "192.0.2.10", "198.51.100.7",
					 "203.0.113.255"};
	static const char *const v6[] = {"::", "::1", "::ffff:127.0.0.1", "::ffff:127.0.0.10",
					 "::ffff:0.0.0.0", "2001:db8::1", "2001:db8::10",
					 "2001:db8::1:0", "2001:db8:0:1::1", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"};
	static const unsigned ports[] = {0, 1, 2, 9, 10, 11, 19, 20, 99, 100, 101, 5000, 5555, 6,
					 60, 600, 6000, 60000, 65535, 65534, 40000, 4000, 400, 40};
	static const int v6only[] = {V6ONLY_UNKNOWN, V6ONLY_UNDEFINED, V6ONLY_OFF, V6ONLY_ON};
	unsigned devices[] = {0, 0, 0, if_nametoindex("lo"), 12345};
	uint64_t seed = 0x9e3779b97f4a7c15u;
	for (int table = 0; table < 40; table++) {
		struct sock_rows rows = {0};
		size_t count = (size_t)(next(&seed) % (table < 30 ? 300 : 6000));
		for (size_t i = 0; i < count; i++) {
			struct sock_row row = {0};
			row.file = (enum sock_file)(next(&seed) % 4);
			int six = row.file == FILE_TCP6 || row.file == FILE_UDP6;
			row.state = (int)(next(&seed) % 16);
			row.local = endpoint(six ? PICK(&seed, v6) : PICK(&seed, v4), PICK(&seed, ports));
			row.remote = endpoint(six ? PICK(&seed, v6) : PICK(&seed, v4), PICK(&seed, ports));
			row.ifindex = PICK(&seed, devices);
			row.v6only = PICK(&seed, v6only);
			assert_int_equal(sock_rows_append(&rows, &row), 0);
		}
		assert_same_output(&rows);
		sock_rows_free(&rows);
	}
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_empty),
	cmocka_unit_test(test_edge_cases),
	cmocka_unit_test(test_recorded_dumps),
	cmocka_unit_test(test_random_tables),
};

UNIT_TEST_MAIN(tests)
