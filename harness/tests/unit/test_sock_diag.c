/* sock_diag_decode on the recorded NETLINK_SOCK_DIAG dumps, malformed
 * buffers, and snapshot_compare of the two sources of one recording. */
#include "unit_test.h"

#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>

#include "proc_net.h"
#include "snapshot.h"
#include "sock_diag.h"
#include "sock_row.h"

static const enum sock_file all_files[] = {FILE_TCP, FILE_TCP6, FILE_UDP, FILE_UDP6};

/* Offset of the first attribute in an inet_diag reply. */
#define ATTR_OFFSET (NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct inet_diag_msg)))

static char *recording(const char *prefix, enum sock_file file, const char *kind, size_t *len)
{
	char name[256];
	snprintf(name, sizeof name, "%s.after-connect.%s.%s", prefix, sock_file_name(file), kind);
	return fixture_read(name, len);
}

static int decode_fixture(const char *prefix, enum sock_file file, struct sock_rows *rows)
{
	size_t len;
	char *buf = recording(prefix, file, "netlink", &len);
	int rc = sock_diag_decode(buf, len, file, rows);
	free(buf);
	return rc;
}

static void assert_row(const struct sock_row *row, enum sock_file file, const char *state_name,
		       const char *local, const char *remote, int v6only)
{
	char buf[SOCK_ENDPOINT_TEXT_MAX];
	assert_int_equal(row->file, file);
	assert_string_equal(sock_state_name(row->file, row->state), state_name);
	assert_string_equal(sock_endpoint_text(&row->local, 0, buf), local);
	assert_string_equal(sock_endpoint_text(&row->remote, 1, buf), remote);
	assert_int_equal(row->v6only, v6only);
	assert_true(row->inode != 0);
	assert_string_equal(row->name, "");
}

static void test_seed_tcp(void **state)
{
	(void)state;
	require_little_endian();
	struct sock_rows rows = {0};
	assert_int_equal(decode_fixture("seed_v4v6", FILE_TCP, &rows), SOCK_DIAG_DONE);
	assert_int_equal(rows.count, 1);
	/* The AF_INET client: v6only does not exist for it. */
	assert_row(&rows.row[0], FILE_TCP, "ESTAB", "127.0.0.1:60490", "127.0.0.1:5555",
		   V6ONLY_UNDEFINED);
	assert_int_equal(rows.row[0].local.family, AF_INET);
	assert_int_equal(rows.row[0].inode, 7965);
	sock_rows_free(&rows);
}

static void test_seed_tcp6(void **state)
{
	(void)state;
	require_little_endian();
	struct sock_rows rows = {0};
	assert_int_equal(decode_fixture("seed_v4v6", FILE_TCP6, &rows), SOCK_DIAG_DONE);
	assert_int_equal(rows.count, 2);
	/* The listener carries INET_DIAG_SKV6ONLY (0 under bindv6only=0)... */
	assert_row(&rows.row[0], FILE_TCP6, "LISTEN", "[::]:5555", "[::]:*", V6ONLY_OFF);
	assert_int_equal(rows.row[0].inode, 7962);
	/* ...the accepted socket does not: the kernel sends it only for LISTEN
	 * and CLOSE. Its peer is the IPv4 client, mapped. */
	assert_row(&rows.row[1], FILE_TCP6, "ESTAB", "[::ffff:127.0.0.1]:5555",
		   "[::ffff:127.0.0.1]:60490", V6ONLY_UNKNOWN);
	assert_int_equal(rows.row[1].local.family, AF_INET6);
	assert_int_equal(rows.row[1].inode, 7966);
	sock_rows_free(&rows);
}

static void test_seed_ends_agree(void **state)
{
	(void)state;
	require_little_endian();
	struct sock_rows tcp = {0}, tcp6 = {0};
	assert_int_equal(decode_fixture("seed_v4v6", FILE_TCP, &tcp), SOCK_DIAG_DONE);
	assert_int_equal(decode_fixture("seed_v4v6", FILE_TCP6, &tcp6), SOCK_DIAG_DONE);
	assert_int_equal(tcp.count, 1);
	assert_int_equal(tcp6.count, 2);
	const struct sock_row *client = &tcp.row[0], *accepted = &tcp6.row[1];
	assert_int_equal(client->local.port, accepted->remote.port);
	assert_int_equal(client->remote.port, accepted->local.port);
	assert_memory_equal(client->local.addr, accepted->remote.addr + 12, 4);
	/* Three sockets, three inodes. */
	assert_true(client->inode != accepted->inode);
	assert_true(client->inode != tcp6.row[0].inode);
	assert_true(accepted->inode != tcp6.row[0].inode);
	sock_rows_free(&tcp);
	sock_rows_free(&tcp6);
}

static void test_seed_udp_empty(void **state)
{
	(void)state;
	require_little_endian();
	struct sock_rows rows = {0};
	assert_int_equal(decode_fixture("seed_v4v6", FILE_UDP, &rows), SOCK_DIAG_DONE);
	assert_int_equal(decode_fixture("seed_v4v6", FILE_UDP6, &rows), SOCK_DIAG_DONE);
	assert_int_equal(rows.count, 0);
	sock_rows_free(&rows);
}

static void test_bindv6only1_listener(void **state)
{
	(void)state;
	require_little_endian();
	struct sock_rows rows = {0};
	assert_int_equal(decode_fixture("seed_v4v6_bindv6only1", FILE_TCP, &rows), SOCK_DIAG_DONE);
	assert_int_equal(rows.count, 0);
	assert_int_equal(decode_fixture("seed_v4v6_bindv6only1", FILE_TCP6, &rows), SOCK_DIAG_DONE);
	assert_int_equal(rows.count, 1);
	assert_row(&rows.row[0], FILE_TCP6, "LISTEN", "[::]:5555", "[::]:*", V6ONLY_ON);
	sock_rows_free(&rows);
}

/* The length of the first message of a recording. */
static size_t first_message_len(const char *buf)
{
	struct nlmsghdr h;
	memcpy(&h, buf, sizeof h);
	return h.nlmsg_len;
}

static void test_without_done(void **state)
{
	(void)state;
	require_little_endian();
	size_t len;
	char *buf = recording("seed_v4v6", FILE_TCP6, "netlink", &len);
	size_t first = first_message_len(buf);
	assert_true(first < len);
	/* A buffer that ends at a message boundary before NLMSG_DONE: more to come. */
	struct sock_rows rows = {0};
	assert_int_equal(sock_diag_decode(buf, first, FILE_TCP6, &rows), SOCK_DIAG_MORE);
	assert_int_equal(rows.count, 1);
	assert_row(&rows.row[0], FILE_TCP6, "LISTEN", "[::]:5555", "[::]:*", V6ONLY_OFF);
	/* The rest completes the dump into the same rows. */
	assert_int_equal(sock_diag_decode(buf + first, len - first, FILE_TCP6, &rows),
			 SOCK_DIAG_DONE);
	assert_int_equal(rows.count, 2);
	sock_rows_free(&rows);
	free(buf);
}

static void test_wrong_family(void **state)
{
	(void)state;
	require_little_endian();
	struct sock_rows rows = {0};
	/* tcp6 replies decoded as tcp and the other way round. */
	size_t len;
	char *buf = recording("seed_v4v6", FILE_TCP6, "netlink", &len);
	assert_int_equal(sock_diag_decode(buf, len, FILE_TCP, &rows), SOCK_DIAG_ERROR);
	assert_int_equal(sock_diag_decode(buf, len, FILE_UDP, &rows), SOCK_DIAG_ERROR);
	free(buf);
	buf = recording("seed_v4v6", FILE_TCP, "netlink", &len);
	assert_int_equal(sock_diag_decode(buf, len, FILE_TCP6, &rows), SOCK_DIAG_ERROR);
	/* idiag_family patched to AF_INET6 in a tcp reply. */
	struct inet_diag_msg msg;
	memcpy(&msg, buf + NLMSG_HDRLEN, sizeof msg);
	assert_int_equal(msg.idiag_family, AF_INET);
	msg.idiag_family = AF_INET6;
	memcpy(buf + NLMSG_HDRLEN, &msg, sizeof msg);
	assert_int_equal(sock_diag_decode(buf, len, FILE_TCP, &rows), SOCK_DIAG_ERROR);
	/* ... and to a family that is neither. */
	msg.idiag_family = AF_UNIX;
	memcpy(buf + NLMSG_HDRLEN, &msg, sizeof msg);
	assert_int_equal(sock_diag_decode(buf, len, FILE_TCP, &rows), SOCK_DIAG_ERROR);
	free(buf);
	sock_rows_free(&rows);
}

static void test_short_payload(void **state)
{
	(void)state;
	require_little_endian();
	size_t len;
	char *buf = recording("seed_v4v6", FILE_TCP, "netlink", &len);
	struct sock_rows rows = {0};
	/* A message whose payload is shorter than struct inet_diag_msg, at the
	 * end of the buffer and followed by NLMSG_DONE. */
	static const size_t payloads[] = {0, 4, sizeof(struct inet_diag_msg) - 1};
	for (size_t i = 0; i < sizeof payloads / sizeof payloads[0]; i++) {
		struct nlmsghdr h;
		memcpy(&h, buf, sizeof h);
		h.nlmsg_len = (uint32_t)(NLMSG_HDRLEN + payloads[i]);
		char *copy = malloc(len);
		assert_non_null(copy);
		memcpy(copy, &h, sizeof h);
		memcpy(copy + NLMSG_HDRLEN, buf + NLMSG_HDRLEN, payloads[i]);
		assert_int_equal(sock_diag_decode(copy, h.nlmsg_len, FILE_TCP, &rows),
				 SOCK_DIAG_ERROR);
		size_t aligned = NLMSG_ALIGN(h.nlmsg_len);
		size_t done_len = len - first_message_len(buf);
		memset(copy + h.nlmsg_len, 0, aligned - h.nlmsg_len);
		memcpy(copy + aligned, buf + first_message_len(buf), done_len);
		assert_int_equal(sock_diag_decode(copy, aligned + done_len, FILE_TCP, &rows),
				 SOCK_DIAG_ERROR);
		free(copy);
	}
	assert_int_equal(rows.count, 0);
	free(buf);
	sock_rows_free(&rows);
}

/* Offset of the first attribute of `type` in the first message, or 0. */
static size_t find_attribute(const char *buf, unsigned short type)
{
	size_t end = first_message_len(buf), at = ATTR_OFFSET;
	while (at + sizeof(struct nlattr) <= end) {
		struct nlattr a;
		memcpy(&a, buf + at, sizeof a);
		if (a.nla_len < sizeof a)
			return 0;
		if (a.nla_type == type)
			return at;
		at += NLA_ALIGN(a.nla_len);
	}
	return 0;
}

static void set_attribute_len(char *buf, size_t at, unsigned short nla_len)
{
	struct nlattr a;
	memcpy(&a, buf + at, sizeof a);
	a.nla_len = nla_len;
	memcpy(buf + at, &a, sizeof a);
}

static void test_v6only_attribute_without_value(void **state)
{
	(void)state;
	require_little_endian();
	size_t len;
	char *buf = recording("seed_v4v6", FILE_TCP6, "netlink", &len);
	size_t at = find_attribute(buf, INET_DIAG_SKV6ONLY);
	assert_true(at != 0);
	/* INET_DIAG_SKV6ONLY with no byte of payload: not a u8. */
	set_attribute_len(buf, at, sizeof(struct nlattr));
	struct sock_rows rows = {0};
	assert_int_equal(sock_diag_decode(buf, len, FILE_TCP6, &rows), SOCK_DIAG_ERROR);
	sock_rows_free(&rows);
	free(buf);
}

static void test_error_message(void **state)
{
	(void)state;
	struct {
		struct nlmsghdr h;
		struct nlmsgerr e;
	} m;
	memset(&m, 0, sizeof m);
	m.h.nlmsg_len = sizeof m;
	m.h.nlmsg_type = NLMSG_ERROR;
	m.e.error = -EPERM;
	struct sock_rows rows = {0};
	assert_int_equal(sock_diag_decode(&m, sizeof m, FILE_TCP, &rows), SOCK_DIAG_ERROR);
	/* An NLMSG_ERROR too short to hold its struct nlmsgerr. */
	m.h.nlmsg_len = NLMSG_HDRLEN + 2;
	assert_int_equal(sock_diag_decode(&m, NLMSG_ALIGN(m.h.nlmsg_len), FILE_TCP, &rows),
			 SOCK_DIAG_ERROR);
	assert_int_equal(rows.count, 0);
	sock_rows_free(&rows);
}

static void test_dump_interrupted(void **state)
{
	(void)state;
	require_little_endian();
	size_t len;
	char *buf = recording("seed_v4v6", FILE_TCP, "netlink", &len);
	/* NLM_F_DUMP_INTR: the table changed during the dump; not a snapshot. */
	struct nlmsghdr h;
	memcpy(&h, buf, sizeof h);
	h.nlmsg_flags |= NLM_F_DUMP_INTR;
	memcpy(buf, &h, sizeof h);
	struct sock_rows rows = {0};
	assert_int_equal(sock_diag_decode(buf, len, FILE_TCP, &rows), SOCK_DIAG_ERROR);
	sock_rows_free(&rows);
	free(buf);
}

static void test_garbage_does_not_crash(void **state)
{
	(void)state;
	require_little_endian();
	size_t len;
	char *buf = recording("seed_v4v6", FILE_TCP6, "netlink", &len);
	/* Every prefix, and every single-byte corruption: any result, no crash
	 * (run under ASan/UBSan to mean it). */
	for (size_t cut = 0; cut <= len; cut++) {
		struct sock_rows rows = {0};
		char *copy = malloc(cut ? cut : 1);
		assert_non_null(copy);
		memcpy(copy, buf, cut);
		int rc = sock_diag_decode(copy, cut, FILE_TCP6, &rows);
		assert_true(rc == SOCK_DIAG_DONE || rc == SOCK_DIAG_MORE || rc == SOCK_DIAG_ERROR);
		assert_true(rc != SOCK_DIAG_DONE || cut == len);
		free(copy);
		sock_rows_free(&rows);
	}
	/* Where the messages start: their nlmsg_len's top byte is left below
	 * 0x80, see huge_message_length_is_error. */
	size_t header[8], headers = 0;
	for (size_t at = 0; at + NLMSG_HDRLEN <= len && headers < 8; headers++) {
		header[headers] = at;
		at += NLMSG_ALIGN(first_message_len(buf + at));
	}
	assert_int_equal(headers, 3);
	for (size_t at = 0; at < len; at++) {
		static const unsigned char values[] = {0x00, 0x01, 0x7f, 0x80, 0xff};
		for (size_t v = 0; v < sizeof values; v++) {
			int top_byte = 0;
			for (size_t h = 0; h < headers; h++)
				top_byte |= at == header[h] + 3;
			if (top_byte && values[v] >= 0x80)
				continue;
			char *copy = malloc(len);
			assert_non_null(copy);
			memcpy(copy, buf, len);
			copy[at] = (char)values[v];
			struct sock_rows rows = {0};
			int rc = sock_diag_decode(copy, len, FILE_TCP6, &rows);
			assert_true(rc == SOCK_DIAG_DONE || rc == SOCK_DIAG_MORE || rc == SOCK_DIAG_ERROR);
			free(copy);
			sock_rows_free(&rows);
		}
	}
	free(buf);
}

/* A buffer that ends inside a message is malformed (sock_diag.h: "SOCK_DIAG_ERROR
 * on a malformed ... message"); today the partial message is dropped silently
 * and the result is SOCK_DIAG_MORE. */
static void truncated_message_is_error(void **state)
{
	(void)state;
	require_little_endian();
	size_t len;
	char *buf = recording("seed_v4v6", FILE_TCP6, "netlink", &len);
	size_t first = first_message_len(buf);
	struct sock_rows rows = {0};
	/* Inside the first message, inside the second, inside NLMSG_DONE. */
	size_t cuts[] = {NLMSG_HDRLEN + 8, first - 4, first + NLMSG_HDRLEN + 8, len - 4};
	for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
		int rc = sock_diag_decode(buf, cuts[i], FILE_TCP6, &rows);
		if (rc != SOCK_DIAG_ERROR)
			fail_msg("buffer cut at %zu of %zu bytes: %d, not SOCK_DIAG_ERROR", cuts[i],
				 len, rc);
		sock_rows_free(&rows);
	}
	/* A header whose nlmsg_len runs past the buffer, or is below the header's size. */
	static const uint32_t lengths[] = {4096, 8};
	for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
		char *copy = malloc(len);
		assert_non_null(copy);
		memcpy(copy, buf, len);
		struct nlmsghdr h;
		memcpy(&h, copy, sizeof h);
		h.nlmsg_len = lengths[i];
		memcpy(copy, &h, sizeof h);
		int rc = sock_diag_decode(copy, len, FILE_TCP6, &rows);
		free(copy);
		sock_rows_free(&rows);
		if (rc != SOCK_DIAG_ERROR)
			fail_msg("nlmsg_len %u in a %zu-byte buffer: %d, not SOCK_DIAG_ERROR",
				 (unsigned)lengths[i], len, rc);
	}
	free(buf);
}

/* nlmsg_len of 2 GiB or more: libmnl's mnl_nlmsg_ok compares (int)nlmsg_len
 * with the bytes left, so a length with the top bit set passes as "fits";
 * decode_message then reads the message as if it were that long, and
 * mnl_cb_run steps that far to the "next" message. Today: 0x80000084 gives
 * SOCK_DIAG_MORE with a row, 0xff000084 a wild read (SIGSEGV). */
static void huge_message_length_is_error(void **state)
{
	(void)state;
	require_little_endian();
	size_t len;
	char *buf = recording("seed_v4v6", FILE_TCP6, "netlink", &len);
	static const uint32_t lengths[] = {0x80000084u, 0xff000084u};
	for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
		char *copy = malloc(len);
		assert_non_null(copy);
		memcpy(copy, buf, len);
		struct nlmsghdr h;
		memcpy(&h, copy, sizeof h);
		h.nlmsg_len = lengths[i];
		memcpy(copy, &h, sizeof h);
		struct sock_rows rows = {0};
		int rc = sock_diag_decode(copy, len, FILE_TCP6, &rows);
		free(copy);
		sock_rows_free(&rows);
		if (rc != SOCK_DIAG_ERROR)
			fail_msg("nlmsg_len 0x%x in a %zu-byte buffer: %d, not SOCK_DIAG_ERROR",
				 (unsigned)lengths[i], len, rc);
	}
	free(buf);
}

/* An attribute whose nla_len runs past its message (or is below the
 * attribute header's size) is malformed; today the attribute walk stops
 * there silently, so INET_DIAG_SKV6ONLY after it is lost: the listener's
 * v6only becomes "unknown" and the dump still decodes as SOCK_DIAG_DONE. */
static void bad_attribute_length_is_error(void **state)
{
	(void)state;
	require_little_endian();
	size_t len;
	char *buf = recording("seed_v4v6", FILE_TCP6, "netlink", &len);
	static const unsigned short lengths[] = {0xff00, 2, 0};
	for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
		char *copy = malloc(len);
		assert_non_null(copy);
		memcpy(copy, buf, len);
		set_attribute_len(copy, ATTR_OFFSET, lengths[i]);
		struct sock_rows rows = {0};
		int rc = sock_diag_decode(copy, len, FILE_TCP6, &rows);
		int v6only = rows.count ? rows.row[0].v6only : 99;
		free(copy);
		sock_rows_free(&rows);
		if (rc != SOCK_DIAG_ERROR)
			fail_msg("first attribute with nla_len %u: %d (listener v6only %d), "
				 "not SOCK_DIAG_ERROR", (unsigned)lengths[i], rc, v6only);
	}
	free(buf);
}

/* --- Both sources of one recording, through snapshot_compare. --- */

static void read_recording(const char *prefix, struct sock_rows *diag, struct sock_rows *proc)
{
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(decode_fixture(prefix, all_files[i], diag), SOCK_DIAG_DONE);
		size_t len;
		char *text = recording(prefix, all_files[i], "proc", &len);
		int rc = proc_net_parse(text, len, all_files[i], proc);
		free(text);
		assert_int_equal(rc, 0);
	}
}

static void remove_row(struct sock_rows *rows, size_t index)
{
	memmove(&rows->row[index], &rows->row[index + 1],
		(rows->count - index - 1) * sizeof rows->row[0]);
	rows->count--;
}

static void test_sources_agree(void **state)
{
	(void)state;
	require_little_endian();
	static const char *const prefixes[] = {"seed_v4v6", "seed_v4v6_bindv6only1"};
	for (size_t p = 0; p < 2; p++) {
		struct sock_rows diag = {0}, proc = {0};
		read_recording(prefixes[p], &diag, &proc);
		assert_int_equal(diag.count, proc.count);
		char *why = NULL;
		assert_int_equal(snapshot_compare(&diag, &proc, &why), 0);
		assert_null(why);
		assert_int_equal(snapshot_compare(&proc, &diag, NULL), 0);
		sock_rows_free(&diag);
		sock_rows_free(&proc);
	}
}

static void test_sources_disagree(void **state)
{
	(void)state;
	require_little_endian();
	struct sock_rows diag = {0}, proc = {0};
	read_recording("seed_v4v6", &diag, &proc);
	assert_int_equal(diag.count, 3);

	/* The accepted socket missing from sock_diag: /proc alone lists it. */
	size_t accepted = 0;
	while (accepted < diag.count && diag.row[accepted].inode != 7966)
		accepted++;
	assert_true(accepted < diag.count);
	remove_row(&diag, accepted);
	char *why = NULL;
	assert_int_equal(snapshot_compare(&diag, &proc, &why), 1);
	assert_non_null(why);
	assert_non_null(strstr(why, "only in /proc/net: tcp6 ESTAB [::ffff:127.0.0.1]:5555 "
				    "[::ffff:127.0.0.1]:60490"));
	assert_null(strstr(why, "sock_diag:"));
	assert_null(strstr(why, "LISTEN"));
	assert_null(strstr(why, "tcp ESTAB")); /* not the client's row */
	free(why);

	/* The client missing from /proc: sock_diag alone lists it (and the
	 * accepted socket is still only in /proc). */
	size_t client = 0;
	while (client < proc.count && proc.row[client].inode != 7965)
		client++;
	assert_true(client < proc.count);
	remove_row(&proc, client);
	why = NULL;
	assert_int_equal(snapshot_compare(&diag, &proc, &why), 1);
	assert_non_null(why);
	assert_non_null(strstr(why, "only in sock_diag: tcp ESTAB 127.0.0.1:60490 127.0.0.1:5555"));
	assert_non_null(strstr(why, "only in /proc/net: tcp6 ESTAB"));
	assert_null(strstr(why, "LISTEN"));
	free(why);

	/* why may be NULL. */
	assert_int_equal(snapshot_compare(&diag, &proc, NULL), 1);
	sock_rows_free(&diag);
	sock_rows_free(&proc);
}

static void test_sources_differ_in_one_field(void **state)
{
	(void)state;
	require_little_endian();
	struct sock_rows diag = {0}, proc = {0};
	read_recording("seed_v4v6", &diag, &proc);
	/* v6only and name are not compared: sock_diag knows v6only, /proc not. */
	for (size_t i = 0; i < diag.count; i++)
		snprintf(diag.row[i].name, sizeof diag.row[i].name, "x");
	assert_int_equal(snapshot_compare(&diag, &proc, NULL), 0);

	/* Each compared field on its own makes the listener two sockets. */
	size_t listener = 0;
	while (listener < diag.count && diag.row[listener].state != 10)
		listener++;
	assert_true(listener < diag.count);
	struct sock_row saved = diag.row[listener];
	for (int change = 0; change < 5; change++) {
		struct sock_row *row = &diag.row[listener];
		*row = saved;
		switch (change) {
		case 0: row->inode++; break;
		case 1: row->state = 7; break;
		case 2: row->local.port++; break;
		case 3: row->remote.addr[15] = 1; break;
		case 4: row->file = FILE_TCP; break;
		}
		char *why = NULL;
		assert_int_equal(snapshot_compare(&diag, &proc, &why), 1);
		assert_non_null(strstr(why, "only in sock_diag: "));
		assert_non_null(strstr(why, "only in /proc/net: tcp6 LISTEN [::]:5555 [::]:*"));
		free(why);
	}
	sock_rows_free(&diag);
	sock_rows_free(&proc);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_seed_tcp),
	cmocka_unit_test(test_seed_tcp6),
	cmocka_unit_test(test_seed_ends_agree),
	cmocka_unit_test(test_seed_udp_empty),
	cmocka_unit_test(test_bindv6only1_listener),
	cmocka_unit_test(test_without_done),
	cmocka_unit_test(test_wrong_family),
	cmocka_unit_test(test_short_payload),
	cmocka_unit_test(test_v6only_attribute_without_value),
	cmocka_unit_test(test_error_message),
	cmocka_unit_test(test_dump_interrupted),
	cmocka_unit_test(test_garbage_does_not_crash),
	cmocka_unit_test(test_sources_agree),
	cmocka_unit_test(test_sources_disagree),
	cmocka_unit_test(test_sources_differ_in_one_field),
	cmocka_unit_test(truncated_message_is_error),
	cmocka_unit_test(huge_message_length_is_error),
	cmocka_unit_test(bad_attribute_length_is_error),
};

UNIT_TEST_MAIN(tests)
