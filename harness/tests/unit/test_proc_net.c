/* proc_net_parse_line / proc_net_parse: the /proc/net/{tcp,tcp6,udp,udp6}
 * line layouts, state names, and malformed input; then the recorded files. */
#include "unit_test.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <sys/socket.h>
#include <unistd.h>

#include "proc_net.h"
#include "sock_row.h"

/* What the kernel prints for an address: each 32-bit word of the address
 * (network byte order in memory) as %08X of the word read in host order. */
static void kernel_address_hex(const uint8_t *addr, size_t bytes, char *out)
{
	for (size_t word = 0; word < bytes / 4; word++) {
		uint32_t value;
		memcpy(&value, addr + word * 4, 4);
		sprintf(out + word * 8, "%08X", value);
	}
}

/* A socket line as the kernel prints it (tcp4_seq_show / get_tcp6_sock),
 * with the fields after the inode that the parser ignores. */
static void kernel_line(char *out, size_t size, int family, const char *local, unsigned lport,
			const char *remote, unsigned rport, int state, unsigned long inode)
{
	uint8_t a[16], b[16];
	assert_int_equal(inet_pton(family, local, a), 1);
	assert_int_equal(inet_pton(family, remote, b), 1);
	char ha[33], hb[33];
	size_t bytes = family == AF_INET6 ? 16 : 4;
	kernel_address_hex(a, bytes, ha);
	kernel_address_hex(b, bytes, hb);
	snprintf(out, size,
		 "   0: %s:%04X %s:%04X %02X 00000000:00000000 00:00000000 00000000     0        0 "
		 "%lu 1 0000000000000000 100 0 0 10 0",
		 ha, lport, hb, rport, (unsigned)state, inode);
}

static void assert_endpoint(const struct sock_endpoint *ep, int is_remote, const char *text)
{
	char buf[SOCK_ENDPOINT_TEXT_MAX];
	assert_string_equal(sock_endpoint_text(ep, is_remote, buf), text);
}

static void test_ipv4_line(void **state)
{
	(void)state;
	/* A connected client, as recorded: 127.0.0.1:60490 -> 127.0.0.1:5555. */
	const char *line = "   0: 0100007F:EC4A 0100007F:15B3 01 00000000:00000000 00:00000000 "
			   "00000000     0        0 7965 2 00000000d36f5976 20 0 0 10 -1";
	struct sock_row row;
	memset(&row, 0xAA, sizeof row);
	require_little_endian();
	assert_int_equal(proc_net_parse_line(line, FILE_TCP, &row), 0);
	assert_int_equal(row.file, FILE_TCP);
	assert_int_equal(row.state, 1);
	assert_int_equal(row.local.family, AF_INET);
	assert_int_equal(row.remote.family, AF_INET);
	static const uint8_t loopback[4] = {127, 0, 0, 1};
	assert_memory_equal(row.local.addr, loopback, 4);
	assert_memory_equal(row.remote.addr, loopback, 4);
	assert_int_equal(row.local.port, 60490);
	assert_int_equal(row.remote.port, 5555);
	assert_int_equal(row.inode, 7965);
	assert_int_equal(row.v6only, V6ONLY_UNDEFINED);
	assert_string_equal(row.name, "");
	assert_endpoint(&row.local, 0, "127.0.0.1:60490");
	assert_endpoint(&row.remote, 1, "127.0.0.1:5555");
}

static void test_ipv6_mapped_line(void **state)
{
	(void)state;
	/* [::ffff:127.0.0.1]:5555 on little-endian: four host-order words. */
	const char *line = "   1: 0000000000000000FFFF00000100007F:15B3 "
			   "0000000000000000FFFF00000100007F:EC4A 01 00000000:00000000 "
			   "00:00000000 00000000     0        0 7966 1 000000007a4dfcd5 20 0 0 10 -1";
	struct sock_row row;
	require_little_endian();
	assert_int_equal(proc_net_parse_line(line, FILE_TCP6, &row), 0);
	assert_int_equal(row.file, FILE_TCP6);
	assert_int_equal(row.local.family, AF_INET6);
	static const uint8_t mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1};
	assert_memory_equal(row.local.addr, mapped, 16);
	assert_memory_equal(row.remote.addr, mapped, 16);
	assert_endpoint(&row.local, 0, "[::ffff:127.0.0.1]:5555");
	assert_endpoint(&row.remote, 1, "[::ffff:127.0.0.1]:60490");
	assert_int_equal(row.inode, 7966);
	assert_int_equal(row.v6only, V6ONLY_UNKNOWN);
}

static void test_ipv6_words_in_host_order(void **state)
{
	(void)state;
	/* Every byte different, so a swapped word or word order shows. */
	char line[512];
	kernel_line(line, sizeof line, AF_INET6, "2001:db8:102:304:506:708:90a:b0c", 443,
		    "fe80::1234:5678", 40000, 1, 12345);
	struct sock_row row;
	assert_int_equal(proc_net_parse_line(line, FILE_TCP6, &row), 0);
	assert_endpoint(&row.local, 0, "[2001:db8:102:304:506:708:90a:b0c]:443");
	assert_endpoint(&row.remote, 1, "[fe80::1234:5678]:40000");

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* The same literally, as an x86 kernel prints 2001:db8::1234:5678. */
	const char *literal = "   0: B80D0120000000000000000078563412:0050 "
			      "00000000000000000000000000000000:0000 0A 00000000:00000000 "
			      "00:00000000 00000000     0        0 99 1 0000000000000000 100 0 0 10 0";
	assert_int_equal(proc_net_parse_line(literal, FILE_TCP6, &row), 0);
	assert_endpoint(&row.local, 0, "[2001:db8::1234:5678]:80");
	assert_endpoint(&row.remote, 1, "[::]:*");
	assert_int_equal(row.state, 10);
#endif
}

static void test_ipv4_host_order(void **state)
{
	(void)state;
	char line[512];
	kernel_line(line, sizeof line, AF_INET, "192.0.2.33", 1, "0.0.0.0", 0, 7, 1);
	struct sock_row row;
	assert_int_equal(proc_net_parse_line(line, FILE_UDP, &row), 0);
	assert_int_equal(row.file, FILE_UDP);
	assert_endpoint(&row.local, 0, "192.0.2.33:1");
	assert_endpoint(&row.remote, 1, "0.0.0.0:*");
	assert_endpoint(&row.remote, 0, "0.0.0.0:0");
	assert_string_equal(sock_state_name(row.file, row.state), "UNCONN");
}

static void test_every_state(void **state)
{
	(void)state;
	static const char *const names[13] = {
		NULL, "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT",
		"CLOSE", "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING", "NEW-SYN-RECV"};
	static const enum sock_file files[] = {FILE_TCP, FILE_TCP6, FILE_UDP, FILE_UDP6};
	for (int s = 1; s <= 12; s++) {
		for (size_t f = 0; f < 4; f++) {
			int v6 = files[f] == FILE_TCP6 || files[f] == FILE_UDP6;
			char line[512];
			kernel_line(line, sizeof line, v6 ? AF_INET6 : AF_INET, v6 ? "::1" : "127.0.0.1",
				    5555, v6 ? "::" : "0.0.0.0", 0, s, 100 + (unsigned long)s);
			struct sock_row row;
			assert_int_equal(proc_net_parse_line(line, files[f], &row), 0);
			assert_int_equal(row.state, s);
			assert_int_equal(row.file, files[f]);
			int udp = files[f] == FILE_UDP || files[f] == FILE_UDP6;
			const char *want = udp && s == 7 ? "UNCONN" : names[s];
			assert_string_equal(sock_state_name(files[f], row.state), want);
		}
	}
	/* Lower-case hex is hex too. */
	char line[512];
	kernel_line(line, sizeof line, AF_INET, "127.0.0.1", 5555, "0.0.0.0", 0, 10, 1);
	char *st = strstr(line, " 0A ");
	assert_non_null(st);
	st[2] = 'a';
	struct sock_row row;
	assert_int_equal(proc_net_parse_line(line, FILE_TCP, &row), 0);
	assert_int_equal(row.state, 10);
}

static void test_state_names(void **state)
{
	(void)state;
	assert_string_equal(sock_state_name(FILE_TCP, 7), "CLOSE");
	assert_string_equal(sock_state_name(FILE_TCP6, 7), "CLOSE");
	assert_string_equal(sock_state_name(FILE_UDP, 7), "UNCONN");
	assert_string_equal(sock_state_name(FILE_UDP6, 7), "UNCONN");
	assert_string_equal(sock_state_name(FILE_UDP, 1), "ESTAB"); /* connected UDP */
	assert_string_equal(sock_state_name(FILE_TCP, 10), "LISTEN");
	assert_string_equal(sock_state_name(FILE_TCP, 13), "BOUND-INACTIVE");
	assert_string_equal(sock_state_name(FILE_TCP, 0), "STATE?");
	assert_string_equal(sock_state_name(FILE_TCP, 14), "STATE?");
	assert_string_equal(sock_state_name(FILE_TCP, -1), "STATE?");
	assert_string_equal(sock_state_name(FILE_UDP, 255), "STATE?");
}

static void test_sock_row_helpers(void **state)
{
	(void)state;
	static const char *const names[] = {"tcp", "tcp6", "udp", "udp6"};
	for (int f = FILE_TCP; f <= FILE_UDP6; f++) {
		enum sock_file back = FILE_UDP6;
		assert_string_equal(sock_file_name((enum sock_file)f), names[f]);
		assert_int_equal(sock_file_from_name(names[f], &back), 0);
		assert_int_equal(back, f);
	}
	enum sock_file file;
	assert_int_equal(sock_file_from_name("raw", &file), -1);
	assert_int_equal(sock_file_from_name("TCP", &file), -1);
	assert_int_equal(sock_file_from_name("", &file), -1);
	assert_string_equal(v6only_text(V6ONLY_OFF), "0");
	assert_string_equal(v6only_text(V6ONLY_ON), "1");
	assert_string_equal(v6only_text(V6ONLY_UNDEFINED), "-");
	assert_string_equal(v6only_text(V6ONLY_UNKNOWN), "?");
}

/* sock_local_port: the port the kernel chose for a bind to port 0 (on
 * loopback), and -1 with errno for what has none. */
static void test_sock_local_port(void **state)
{
	(void)state;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	struct sockaddr_in any = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	assert_int_equal(bind(fd, (struct sockaddr *)&any, sizeof any), 0);
	struct sockaddr_in bound;
	socklen_t len = sizeof bound;
	assert_int_equal(getsockname(fd, (struct sockaddr *)&bound, &len), 0);
	assert_true(ntohs(bound.sin_port) > 0);
	assert_int_equal(sock_local_port(fd), ntohs(bound.sin_port));
	close(fd);

	errno = 0;
	assert_int_equal(sock_local_port(fd), -1);
	assert_int_equal(errno, EBADF);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	errno = 0;
	assert_int_equal(sock_local_port(fd), -1);
	assert_int_equal(errno, EAFNOSUPPORT);
	close(fd);
}

static void test_ports_and_inodes(void **state)
{
	(void)state;
	char line[512];
	struct sock_row row;
	kernel_line(line, sizeof line, AF_INET, "192.0.2.1", 65535, "198.51.100.2", 1, 1, 0);
	assert_int_equal(proc_net_parse_line(line, FILE_TCP, &row), 0);
	assert_int_equal(row.local.port, 65535);
	assert_int_equal(row.remote.port, 1);
	assert_int_equal(row.inode, 0); /* TIME-WAIT sockets have inode 0 */

	kernel_line(line, sizeof line, AF_INET, "192.0.2.1", 0, "198.51.100.2", 0, 7, ULONG_MAX);
	assert_int_equal(proc_net_parse_line(line, FILE_TCP, &row), 0);
	assert_int_equal(row.local.port, 0);
	assert_true(row.inode == ULONG_MAX);
	assert_endpoint(&row.local, 0, "192.0.2.1:0");

	/* Lower-case port hex. */
	kernel_line(line, sizeof line, AF_INET, "192.0.2.1", 0xABCD, "198.51.100.2", 0, 7, 5);
	char *port = strstr(line, ":ABCD");
	assert_non_null(port);
	memcpy(port, ":abcd", 5);
	assert_int_equal(proc_net_parse_line(line, FILE_TCP, &row), 0);
	assert_int_equal(row.local.port, 0xABCD);
}

/* The fields of a good tcp line; each malformed case replaces one. */
enum { F_SLOT, F_LOCAL, F_REMOTE, F_STATE, F_QUEUES, F_TIMER, F_RETR, F_UID, F_TIMEOUT,
       F_INODE, F_COUNT };
static const char *const good_fields[F_COUNT] = {
	"0:", "0100007F:15B3", "00000000:0000", "0A", "00000000:00000000", "00:00000000",
	"00000000", "0", "0", "7962"};

static int parse_with(enum sock_file file, int field, const char *value, struct sock_row *row)
{
	char line[1024] = "  ";
	for (int i = 0; i < F_COUNT; i++) {
		const char *text = i == field ? value : good_fields[i];
		if (!text)
			continue; /* field left out */
		strcat(line, text);
		strcat(line, " ");
	}
	return proc_net_parse_line(line, file, row);
}

static void test_malformed_lines(void **state)
{
	(void)state;
	struct sock_row row;
	/* The good line parses, so each failure below is the replaced field's. */
	assert_int_equal(parse_with(FILE_TCP, -1, NULL, &row), 0);
	assert_int_equal(row.state, 10);

	static const struct {
		int field;
		const char *value; /* NULL: the field is missing */
	} bad[] = {
		{F_SLOT, "0"},          {F_SLOT, ":"},           {F_SLOT, NULL},
		{F_LOCAL, "0100007G:15B3"}, {F_LOCAL, "0100007F:15BZ"}, {F_LOCAL, "0100007F:5B3"},
		{F_LOCAL, "0100007F:015B3"}, {F_LOCAL, "100007F:15B3"}, {F_LOCAL, "00100007F:15B3"},
		{F_LOCAL, "0100007F15B3"}, {F_LOCAL, "0100007F:"}, {F_LOCAL, ":15B3"},
		{F_LOCAL, "-100007F:15B3"}, {F_LOCAL, " 100007F:15B3"},
		{F_LOCAL, "00000000000000000000000000000000:15B3"}, /* IPv6 length in tcp */
		{F_REMOTE, "0100007F:15B3:0000"}, {F_REMOTE, NULL},
		{F_STATE, "A"}, {F_STATE, "00A"}, {F_STATE, "00"}, {F_STATE, "ZZ"}, {F_STATE, "-1"},
		{F_INODE, "abc"}, {F_INODE, "-1"}, {F_INODE, "+1"}, {F_INODE, "12x"},
		{F_INODE, "0x10"}, {F_INODE, "99999999999999999999999"}, {F_INODE, NULL},
		/* A field of 64 characters or more. */
		{F_QUEUES, "0000000000000000000000000000000000000000000000000000000000000000:0"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (parse_with(FILE_TCP, bad[i].field, bad[i].value, &row) != -1)
			fail_msg("accepted field %d = \"%s\"", bad[i].field,
				 bad[i].value ? bad[i].value : "(missing)");
	}

	/* IPv4 length in tcp6 and udp6. */
	assert_int_equal(parse_with(FILE_TCP6, -1, NULL, &row), -1);
	assert_int_equal(parse_with(FILE_UDP6, -1, NULL, &row), -1);
	/* A 31-digit IPv6 address, and one with a non-hex digit in the last word. */
	static const char *const bad6[] = {
		"0000000000000000FFFF00000100007:15B3",
		"0000000000000000FFFF00000100007X:15B3",
		"0000000000000000FFFF00000100007F0:15B3",
	};
	for (size_t i = 0; i < sizeof bad6 / sizeof bad6[0]; i++) {
		char line[512];
		snprintf(line, sizeof line,
			 "   0: %s 00000000000000000000000000000000:0000 0A 00000000:00000000 "
			 "00:00000000 00000000 0 0 1 1 0 100 0 0 10 0", bad6[i]);
		if (proc_net_parse_line(line, FILE_TCP6, &row) != -1)
			fail_msg("accepted %s", bad6[i]);
	}

	assert_int_equal(proc_net_parse_line("", FILE_TCP, &row), -1);
	assert_int_equal(proc_net_parse_line("   ", FILE_TCP, &row), -1);
	assert_int_equal(proc_net_parse_line("   0:", FILE_TCP, &row), -1);
}

static const char tcp_header[] =
	"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
	"timeout inode                                                     \n";

static void test_parse_text(void **state)
{
	(void)state;
	require_little_endian();
	char text[2048];
	snprintf(text, sizeof text, "%s%s%s", tcp_header,
		 "   0: 0100007F:15B3 00000000:0000 0A 00000000:00000000 00:00000000 00000000"
		 "     0        0 1000 1 0000000000000000 100 0 0 10 0\n",
		 "   1: 0100007F:EC4A 0100007F:15B3 01 00000000:00000000 00:00000000 00000000"
		 "     0        0 1001 2 0000000000000000 20 4 30 10 -1                     \n");
	struct sock_rows rows = {0};
	assert_int_equal(proc_net_parse(text, strlen(text), FILE_TCP, &rows), 0);
	assert_int_equal(rows.count, 2);
	assert_int_equal(rows.row[0].state, 10);
	assert_int_equal(rows.row[0].inode, 1000);
	assert_endpoint(&rows.row[0].local, 0, "127.0.0.1:5555");
	assert_endpoint(&rows.row[0].remote, 1, "0.0.0.0:*");
	assert_int_equal(rows.row[1].state, 1);
	assert_int_equal(rows.row[1].inode, 1001);
	assert_endpoint(&rows.row[1].local, 0, "127.0.0.1:60490");
	sock_rows_free(&rows);
	assert_null(rows.row);
	assert_int_equal(rows.count, 0);

	/* Only the header: no sockets. Nothing at all: no sockets either. */
	assert_int_equal(proc_net_parse(tcp_header, strlen(tcp_header), FILE_TCP, &rows), 0);
	assert_int_equal(rows.count, 0);
	assert_int_equal(proc_net_parse("", 0, FILE_TCP, &rows), 0);
	assert_int_equal(rows.count, 0);

	/* The header is skipped whatever it says (it is not a socket line)... */
	const char *odd_header = "this is not a socket line\n";
	assert_int_equal(proc_net_parse(odd_header, strlen(odd_header), FILE_TCP, &rows), 0);
	assert_int_equal(rows.count, 0);
	/* ...so a socket line in its place is not counted either. */
	const char *no_header = "   0: 0100007F:15B3 00000000:0000 0A 00000000:00000000 "
				"00:00000000 00000000 0 0 1000\n";
	assert_int_equal(proc_net_parse(no_header, strlen(no_header), FILE_TCP, &rows), 0);
	assert_int_equal(rows.count, 0);
	sock_rows_free(&rows);
}

static void test_parse_text_malformed(void **state)
{
	(void)state;
	const char *good = "   0: 0100007F:15B3 00000000:0000 0A 00000000:00000000 00:00000000 "
			   "00000000     0        0 1000 1 0000000000000000 100 0 0 10 0";
	char text[4096];
	struct sock_rows rows = {0};

	/* Sanity: the good line with its newline parses. */
	snprintf(text, sizeof text, "%s%s\n", tcp_header, good);
	assert_int_equal(proc_net_parse(text, strlen(text), FILE_TCP, &rows), 0);
	assert_int_equal(rows.count, 1);
	sock_rows_free(&rows);

	/* The last line without its '\n'. */
	snprintf(text, sizeof text, "%s%s", tcp_header, good);
	assert_int_equal(proc_net_parse(text, strlen(text), FILE_TCP, &rows), -1);
	sock_rows_free(&rows);

	/* A header line without '\n' and nothing else. */
	assert_int_equal(proc_net_parse("  sl  local_address", 19, FILE_TCP, &rows), -1);
	sock_rows_free(&rows);

	/* A NUL byte inside a socket line: after it, and replacing a space. */
	size_t header_len = strlen(tcp_header), good_len = strlen(good);
	memcpy(text, tcp_header, header_len);
	memcpy(text + header_len, good, good_len);
	text[header_len + good_len] = '\0';
	text[header_len + good_len + 1] = '\n';
	assert_int_equal(proc_net_parse(text, header_len + good_len + 2, FILE_TCP, &rows), -1);
	sock_rows_free(&rows);
	memcpy(text + header_len, good, good_len);
	text[header_len + good_len] = '\n';
	text[header_len + 2] = '\0'; /* "   0:" -> " \0 0:" */
	assert_int_equal(proc_net_parse(text, header_len + good_len + 1, FILE_TCP, &rows), -1);
	sock_rows_free(&rows);

	/* An overlong line: the good line padded with spaces to 600 bytes. */
	snprintf(text, sizeof text, "%s%-600s\n", tcp_header, good);
	assert_int_equal(proc_net_parse(text, strlen(text), FILE_TCP, &rows), -1);
	sock_rows_free(&rows);
	/* A long line that still fits (what the kernel pads to) is fine. */
	snprintf(text, sizeof text, "%s%-300s\n", tcp_header, good);
	assert_int_equal(proc_net_parse(text, strlen(text), FILE_TCP, &rows), 0);
	assert_int_equal(rows.count, 1);
	sock_rows_free(&rows);

	/* An empty line, and a bad line between good ones. */
	snprintf(text, sizeof text, "%s%s\n\n", tcp_header, good);
	assert_int_equal(proc_net_parse(text, strlen(text), FILE_TCP, &rows), -1);
	sock_rows_free(&rows);
	snprintf(text, sizeof text, "%s%s\n   1: garbage\n%s\n", tcp_header, good, good);
	assert_int_equal(proc_net_parse(text, strlen(text), FILE_TCP, &rows), -1);
	sock_rows_free(&rows);

	/* The IPv4 text as tcp6: wrong address length. */
	snprintf(text, sizeof text, "%s%s\n", tcp_header, good);
	assert_int_equal(proc_net_parse(text, strlen(text), FILE_TCP6, &rows), -1);
	sock_rows_free(&rows);

	/* len is honoured: text beyond it is not read (the cut leaves the
	 * socket line without its '\n'). */
	snprintf(text, sizeof text, "%s%s\n", tcp_header, good);
	assert_int_equal(proc_net_parse(text, strlen(text) - 1, FILE_TCP, &rows), -1);
	sock_rows_free(&rows);
}

/* --- The recorded files (see harness/tests/fixtures/README.md). --- */

static void parse_fixture(const char *name, enum sock_file file, struct sock_rows *rows)
{
	size_t len;
	char *text = fixture_read(name, &len);
	int rc = proc_net_parse(text, len, file, rows);
	free(text);
	assert_int_equal(rc, 0);
}

static void assert_row(const struct sock_row *row, enum sock_file file, const char *state_name,
		       const char *local, const char *remote, unsigned long inode, int v6only)
{
	assert_int_equal(row->file, file);
	assert_string_equal(sock_state_name(row->file, row->state), state_name);
	assert_endpoint(&row->local, 0, local);
	assert_endpoint(&row->remote, 1, remote);
	assert_int_equal(row->inode, inode);
	assert_int_equal(row->v6only, v6only);
}

static void test_fixture_seed(void **state)
{
	(void)state;
	require_little_endian();
	struct sock_rows tcp = {0}, tcp6 = {0}, udp = {0}, udp6 = {0};
	parse_fixture("seed_v4v6.after-connect.tcp.proc", FILE_TCP, &tcp);
	parse_fixture("seed_v4v6.after-connect.tcp6.proc", FILE_TCP6, &tcp6);
	parse_fixture("seed_v4v6.after-connect.udp.proc", FILE_UDP, &udp);
	parse_fixture("seed_v4v6.after-connect.udp6.proc", FILE_UDP6, &udp6);

	/* The AF_INET client is under tcp... */
	assert_int_equal(tcp.count, 1);
	assert_row(&tcp.row[0], FILE_TCP, "ESTAB", "127.0.0.1:60490", "127.0.0.1:5555", 7965,
		   V6ONLY_UNDEFINED);
	/* ...the listener and the accepted socket (IPv4 peer) under tcp6. */
	assert_int_equal(tcp6.count, 2);
	assert_row(&tcp6.row[0], FILE_TCP6, "LISTEN", "[::]:5555", "[::]:*", 7962, V6ONLY_UNKNOWN);
	assert_row(&tcp6.row[1], FILE_TCP6, "ESTAB", "[::ffff:127.0.0.1]:5555",
		   "[::ffff:127.0.0.1]:60490", 7966, V6ONLY_UNKNOWN);
	/* The two ends of the connection agree. */
	assert_int_equal(tcp.row[0].local.port, tcp6.row[1].remote.port);
	assert_int_equal(tcp.row[0].remote.port, tcp6.row[1].local.port);
	assert_memory_equal(tcp.row[0].local.addr, tcp6.row[1].remote.addr + 12, 4);
	assert_int_equal(udp.count, 0);
	assert_int_equal(udp6.count, 0);

	sock_rows_free(&tcp);
	sock_rows_free(&tcp6);
	sock_rows_free(&udp);
	sock_rows_free(&udp6);
}

static void test_fixture_bindv6only1(void **state)
{
	(void)state;
	require_little_endian();
	struct sock_rows tcp = {0}, tcp6 = {0};
	parse_fixture("seed_v4v6_bindv6only1.after-connect.tcp.proc", FILE_TCP, &tcp);
	parse_fixture("seed_v4v6_bindv6only1.after-connect.tcp6.proc", FILE_TCP6, &tcp6);
	/* The connect was refused: only the listener is left. */
	assert_int_equal(tcp.count, 0);
	assert_int_equal(tcp6.count, 1);
	assert_row(&tcp6.row[0], FILE_TCP6, "LISTEN", "[::]:5555", "[::]:*", 8010, V6ONLY_UNKNOWN);
	sock_rows_free(&tcp);
	sock_rows_free(&tcp6);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_ipv4_line),
	cmocka_unit_test(test_ipv6_mapped_line),
	cmocka_unit_test(test_ipv6_words_in_host_order),
	cmocka_unit_test(test_ipv4_host_order),
	cmocka_unit_test(test_every_state),
	cmocka_unit_test(test_state_names),
	cmocka_unit_test(test_sock_row_helpers),
	cmocka_unit_test(test_sock_local_port),
	cmocka_unit_test(test_ports_and_inodes),
	cmocka_unit_test(test_malformed_lines),
	cmocka_unit_test(test_parse_text),
	cmocka_unit_test(test_parse_text_malformed),
	cmocka_unit_test(test_fixture_seed),
	cmocka_unit_test(test_fixture_bindv6only1),
};

UNIT_TEST_MAIN(tests)
