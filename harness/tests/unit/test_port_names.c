/* Ephemeral-port tokens (harness/lib/port_names): which endpoints share a
 * token, the text rules for what is a port, and the property the golden
 * files rely on: the tokens do not depend on the numbers the kernel chose,
 * even when connect() gives two sockets the same local port. */
#include "unit_test.h"

#include "port_names.h"

/* One group of texts: a row (local, remote), or one free text (second NULL). */
struct group {
	int connection;
	const char *text[2];
};

#define ROW(local, remote) {PORT_GROUP_CONNECTION, {local, remote}}
#define ROW_V6ONLY(local, remote) {PORT_GROUP_CONNECTION | PORT_GROUP_V6ONLY, {local, remote}}
#define ACCEPTED(detail) {PORT_GROUP_CONNECTION, {detail, NULL}}
#define TEXT(text) {0, {text, NULL}}

/* Learns from every group, then names them in order; each group's result
 * is its texts joined by " | ", compared with want[]. */
static void expect_named(const struct group *groups, size_t count, unsigned first,
			 unsigned last, const char *const *want)
{
	struct port_names names;
	port_names_init(&names, first, last);
	for (size_t i = 0; i < count; i++) {
		size_t n = groups[i].text[1] ? 2 : 1;
		assert_int_equal(port_names_learn(&names, groups[i].text, n, groups[i].connection), 0);
	}
	for (size_t i = 0; i < count; i++) {
		size_t n = groups[i].text[1] ? 2 : 1;
		char *out[2] = {NULL, NULL}, got[512];
		assert_int_equal(port_names_apply(&names, groups[i].text, n, groups[i].connection, out),
				 0);
		snprintf(got, sizeof got, "%s%s%s", out[0], n == 2 ? " | " : "", n == 2 ? out[1] : "");
		if (strcmp(got, want[i]) != 0)
			fail_msg("group %zu: \"%s\" named \"%s\", not \"%s\"", i, groups[i].text[0],
				 got, want[i]);
		free(out[0]);
		free(out[1]);
	}
	port_names_free(&names);
}

#define EXPECT(groups, first, last, ...)                                           \
	do {                                                                       \
		static const char *const want_[] = {__VA_ARGS__};                 \
		assert_int_equal(sizeof want_ / sizeof want_[0],                  \
				 sizeof(groups) / sizeof(groups)[0]);            \
		expect_named(groups, sizeof(groups) / sizeof(groups)[0], first, last, want_); \
	} while (0)

static void families(void **state)
{
	(void)state;
	/* The same number on an IPv6 socket is another socket; a mapped
	 * address is the IPv4 endpoint. */
	static const struct group g[] = {
		TEXT("127.0.0.1:40000"),
		TEXT("[::1]:40000"),
		TEXT("[::ffff:127.0.0.1]:50000"),
		TEXT("peer [::ffff:127.0.0.1]:40000, then 127.0.0.1:50000."),
		TEXT("[::1]:40000 [2001:db8::1]:40000"),
	};
	EXPECT(g, 32768, 60999,
	       "127.0.0.1:EPH1",
	       "[::1]:EPH2",
	       "[::ffff:127.0.0.1]:EPH3",
	       "peer [::ffff:127.0.0.1]:EPH1, then 127.0.0.1:EPH3.",
	       "[::1]:EPH2 [2001:db8::1]:EPH2");
}

static void first_seen_first_numbered(void **state)
{
	(void)state;
	static const struct group g[] = {
		TEXT("1.2.3.4:50000 1.2.3.4:40000 1.2.3.4:50000"),
		TEXT("[::]:40000 [::]:45000"),
	};
	EXPECT(g, 32768, 60999, "1.2.3.4:EPH1 1.2.3.4:EPH2 1.2.3.4:EPH1", "[::]:EPH3 [::]:EPH4");
}

static void range_edges(void **state)
{
	(void)state;
	static const struct group g[] = {
		TEXT("127.0.0.1:5555"),
		TEXT("127.0.0.1:32767 127.0.0.1:61000 127.0.0.1:65535"),
		TEXT("127.0.0.1:32768 127.0.0.1:60999"),
	};
	EXPECT(g, 32768, 60999, "127.0.0.1:5555", "127.0.0.1:32767 127.0.0.1:61000 127.0.0.1:65535",
	       "127.0.0.1:EPH1 127.0.0.1:EPH2");
	/* A 0, 0 range (not reported): nothing is ephemeral, not even port 0. */
	static const struct group none[] = {
		TEXT("127.0.0.1:0 127.0.0.1:40000"),
		ROW("127.0.0.1:40000", "127.0.0.1:0"),
	};
	EXPECT(none, 0, 0, "127.0.0.1:0 127.0.0.1:40000", "127.0.0.1:40000 | 127.0.0.1:0");
	static const struct group empty[] = {
		TEXT("listen(server, 1)"), TEXT(""), TEXT("[::]:*"), ROW("[::]:*", "[::]:*"),
	};
	EXPECT(empty, 1, 65535, "listen(server, 1)", "", "[::]:*", "[::]:* | [::]:*");
}

static void not_ports(void **state)
{
	(void)state;
	/* Unbracketed IPv6 groups are not ports, even with every port
	 * ephemeral; nor is a number not after an address, nor six digits. */
	static const struct group g[] = {
		TEXT("2001:db8::1"), TEXT("::ffff:127.0.0.1"), TEXT("::1"), TEXT("fe80::abcd"),
		TEXT("bind(s, ::ffff:192.0.2.1)"), TEXT("port:40000"), TEXT("value :40000"),
		TEXT(":40000"), TEXT("a]b:40000"), TEXT("127.0.0.1:400000"),
		TEXT("127.0.0.1:1234567"),
	};
	EXPECT(g, 1, 65535, "2001:db8::1", "::ffff:127.0.0.1", "::1", "fe80::abcd",
	       "bind(s, ::ffff:192.0.2.1)", "port:40000", "value :40000", ":40000", "a]b:40000",
	       "127.0.0.1:400000", "127.0.0.1:1234567");
	/* ":5555" followed by letters or digits is not a port; by anything
	 * else it is. */
	static const struct group ends[] = {
		TEXT("127.0.0.1:5555abc"), TEXT("127.0.0.1:5555_"), TEXT("127.0.0.1:5555 abc"),
		TEXT("(127.0.0.1:5555)"), TEXT("[::]:5555x [::]:5555"),
	};
	EXPECT(ends, 5000, 6000, "127.0.0.1:5555abc", "127.0.0.1:EPH1_", "127.0.0.1:EPH1 abc",
	       "(127.0.0.1:EPH1)", "[::]:5555x [::]:EPH2");
}

static void many_tokens(void **state)
{
	(void)state;
	struct port_names names;
	port_names_init(&names, 1, 65535);
	for (unsigned p = 1; p <= 300; p++) {
		char text[32], want[32], *out = NULL;
		snprintf(text, sizeof text, "0:%u", p);
		snprintf(want, sizeof want, "0:EPH%u", p);
		const char *texts[1] = {text};
		assert_int_equal(port_names_apply(&names, texts, 1, 0, &out), 0);
		assert_string_equal(out, want);
		free(out);
	}
	/* The longest growth: every character pair a port. */
	const char *texts[1] = {"1:1:1:1:1:1:1:1:300"};
	char *out = NULL;
	assert_int_equal(port_names_apply(&names, texts, 1, 0, &out), 0);
	assert_string_equal(out, "1:EPH1:EPH1:EPH1:EPH1:EPH1:EPH1:EPH1:EPH300");
	free(out);
	port_names_free(&names);
}

/* What a scenario reports when two clients connect to two listeners
 * (reuseport_dualstack): client4 to 6001, client4b to 6002. */
static void two_clients(unsigned port_a, unsigned port_b, const char *const *want)
{
	char accept_a[96], accept_b[96], a[32], b[32];
	snprintf(a, sizeof a, "127.0.0.1:%u", port_a);
	snprintf(b, sizeof b, "127.0.0.1:%u", port_b);
	snprintf(accept_a, sizeof accept_a, "peer %s on 127.0.0.1:6001", a);
	snprintf(accept_b, sizeof accept_b, "peer %s on 127.0.0.1:6002", b);
	const struct group g[] = {
		TEXT("connect(client4, 127.0.0.1:6001)"),
		ACCEPTED(accept_a),
		ROW("127.0.0.1:6001", a),
		ROW(a, "127.0.0.1:6001"),
		TEXT("connect(client4b, 127.0.0.1:6002)"),
		ACCEPTED(accept_b),
		ROW("127.0.0.1:6002", b),
		ROW(b, "127.0.0.1:6002"),
	};
	expect_named(g, sizeof g / sizeof g[0], 32768, 60999, want);
}

static void same_port_two_connections(void **state)
{
	(void)state;
	/* __inet_hash_connect gave client4b the port of client4: the 4-tuples
	 * differ, so the kernel may. The golden must not notice. */
	static const char *const want[] = {
		"connect(client4, 127.0.0.1:6001)",
		"peer 127.0.0.1:EPH1 on 127.0.0.1:6001",
		"127.0.0.1:6001 | 127.0.0.1:EPH1",
		"127.0.0.1:EPH1 | 127.0.0.1:6001",
		"connect(client4b, 127.0.0.1:6002)",
		"peer 127.0.0.1:EPH2 on 127.0.0.1:6002",
		"127.0.0.1:6002 | 127.0.0.1:EPH2",
		"127.0.0.1:EPH2 | 127.0.0.1:6002",
	};
	two_clients(40000, 50000, want);
	two_clients(50000, 40000, want);
	two_clients(40000, 40000, want);
}

static void listener_and_its_connections(void **state)
{
	(void)state;
	/* A listener on an ephemeral port (listen() without bind): it and every
	 * connection it accepts share one token; the clients have their own.
	 * Mapped and IPv4 are one family, so the accepted tcp6 socket and the
	 * tcp client name the same port. */
	static const struct group g[] = {
		TEXT("local [::]:45000"),
		ROW("[::]:45000", "[::]:*"),
		ROW("[::ffff:127.0.0.1]:45000", "[::ffff:127.0.0.1]:50000"),
		ROW("127.0.0.1:50000", "127.0.0.1:45000"),
		ROW("[::ffff:127.0.0.1]:45000", "[::ffff:127.0.0.1]:50002"),
		ROW("127.0.0.1:50002", "127.0.0.1:45000"),
	};
	EXPECT(g, 32768, 60999,
	       "local [::]:EPH1",
	       "[::]:EPH1 | [::]:*",
	       "[::ffff:127.0.0.1]:EPH1 | [::ffff:127.0.0.1]:EPH2",
	       "127.0.0.1:EPH2 | 127.0.0.1:EPH1",
	       "[::ffff:127.0.0.1]:EPH1 | [::ffff:127.0.0.1]:EPH3",
	       "127.0.0.1:EPH3 | 127.0.0.1:EPH1");
}

static void v6only_wildcard_is_not_ipv4(void **state)
{
	(void)state;
	/* A v6-only [::] socket and an IPv4 socket may hold one port number
	 * (no conflict between them): two tokens. A dual-stack [::] socket is
	 * the IPv4 sender on its port: one token. */
	static const struct group g[] = {
		ROW_V6ONLY("[::]:40000", "[::]:*"),
		TEXT("from 127.0.0.1:40000"),
		ROW("[::]:50000", "[::]:*"),
		TEXT("from 127.0.0.1:50000"),
		TEXT("from [::1]:50000"),
	};
	EXPECT(g, 32768, 60999, "[::]:EPH1 | [::]:*", "from 127.0.0.1:EPH2", "[::]:EPH3 | [::]:*",
	       "from 127.0.0.1:EPH3", "from [::1]:EPH3");
}

static void bound_device(void **state)
{
	(void)state;
	/* ss's "%DEVICE" after a local address (SO_BINDTODEVICE): part of the
	 * endpoint, not of its peer's name. The accepted socket's local end has
	 * the device, the client's remote end does not: one connection. */
	static const struct group g[] = {
		ROW("[::]%lan0:40000", "[::]:*"),
		ROW("[::ffff:192.0.2.1]%lan0:7200", "[::ffff:192.0.2.1]:50000"),
		ROW("192.0.2.1:50000", "192.0.2.1:7200"),
		ROW("[::ffff:192.0.2.1]%lan0:40000", "[::ffff:192.0.2.1]:50002"),
		TEXT("peer 192.0.2.1:40000%lan0"),
		TEXT("x%lan:40000 %:40000 a%b:40000"),
	};
	EXPECT(g, 32768, 60999,
	       "[::]%lan0:EPH1 | [::]:*",
	       "[::ffff:192.0.2.1]%lan0:7200 | [::ffff:192.0.2.1]:EPH2",
	       "192.0.2.1:EPH2 | 192.0.2.1:7200",
	       "[::ffff:192.0.2.1]%lan0:EPH1 | [::ffff:192.0.2.1]:EPH3",
	       "peer 192.0.2.1:EPH1%lan0",
	       "x%lan:40000 %:40000 a%b:40000");
}

static void peer_unsaid(void **state)
{
	(void)state;
	/* getsockname says no peer: the port's only connection names it. */
	static const struct group g[] = {
		TEXT("local [::ffff:127.0.0.1]:40000"),
		TEXT("from 127.0.0.1:40000"),
		ROW("[::ffff:127.0.0.1]:40000", "[::ffff:127.0.0.1]:6401"),
		ROW("127.0.0.1:6401", "127.0.0.1:40000"),
		TEXT("note 127.0.0.1:40000 and 127.0.0.1:40002"),
	};
	EXPECT(g, 32768, 60999,
	       "local [::ffff:127.0.0.1]:EPH1",
	       "from 127.0.0.1:EPH1",
	       "[::ffff:127.0.0.1]:EPH1 | [::ffff:127.0.0.1]:6401",
	       "127.0.0.1:6401 | 127.0.0.1:EPH1",
	       "note 127.0.0.1:EPH1 and 127.0.0.1:EPH2");
}

static void mask(void **state)
{
	(void)state;
	static const struct {
		const char *text, *want;
	} cases[] = {
		{"[::1]:40000", "[::1]:EPH"},
		{"127.0.0.1:5555", "127.0.0.1:5555"},
		{"[::]:*", "[::]:*"},
		{"0:40000:40001 x", "0:EPH:EPH x"},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = port_names_mask(cases[i].text, 32768, 60999);
		assert_non_null(got);
		assert_string_equal(got, cases[i].want);
		free(got);
	}
	char *got = port_names_mask("[::1]:40000", 0, 0);
	assert_string_equal(got, "[::1]:40000");
	free(got);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(families),
	cmocka_unit_test(first_seen_first_numbered),
	cmocka_unit_test(range_edges),
	cmocka_unit_test(not_ports),
	cmocka_unit_test(many_tokens),
	cmocka_unit_test(same_port_two_connections),
	cmocka_unit_test(listener_and_its_connections),
	cmocka_unit_test(v6only_wildcard_is_not_ipv4),
	cmocka_unit_test(bound_device),
	cmocka_unit_test(peer_unsaid),
	cmocka_unit_test(mask),
};

UNIT_TEST_MAIN(tests)
