/* The transcript model: record_format, transcript_parse,
 * transcript_normalise, transcript_render (the port tokens themselves:
 * test_port_names.c). */
#include "unit_test.h"

#include "transcript.h"
#include "transcript_normalise.h"
#include "transcript_read.h"

#define FIELDS(...) ((const char *const[]){__VA_ARGS__})

/* --- record_format --- */

static void test_record_format_plain(void **state)
{
	(void)state;
	char out[RECORD_MAX_LINE];
	size_t len = record_format(out, RECORD_EVENT,
				   FIELDS("bind(server, [::]:5555)", "0", "", "value 1"));
	assert_int_equal(len, strlen("E\tbind(server, [::]:5555)\t0\t\tvalue 1\n"));
	assert_memory_equal(out, "E\tbind(server, [::]:5555)\t0\t\tvalue 1\n", len);

	len = record_format(out, RECORD_VERSION, FIELDS(TRANSCRIPT_VERSION));
	assert_int_equal(len, 4);
	assert_memory_equal(out, "V\t1\n", 4);

	len = record_format(out, RECORD_ROW, FIELDS("tcp6", "LISTEN", "[::]:5555", "[::]:*", "0",
						    "server"));
	const char *row = "R\ttcp6\tLISTEN\t[::]:5555\t[::]:*\t0\tserver\n";
	assert_int_equal(len, strlen(row));
	assert_memory_equal(out, row, len);

	/* A NULL field is an empty one. */
	len = record_format(out, RECORD_PORTS, FIELDS("32768", NULL));
	assert_int_equal(len, strlen("P\t32768\t\n"));
	assert_memory_equal(out, "P\t32768\t\n", len);
}

static void test_record_format_control_characters(void **state)
{
	(void)state;
	char out[RECORD_MAX_LINE];
	size_t len = record_format(out, RECORD_EVENT,
				   FIELDS("a\tb", "0", "name\n", "x\001y\rz\033w\177v"));
	const char *want = "E\ta b\t0\tname \tx y z w v\n";
	assert_int_equal(len, strlen(want));
	assert_memory_equal(out, want, len);

	/* Bytes above 0x7f (UTF-8) are kept. */
	len = record_format(out, RECORD_NOTE, FIELDS("caf\xc3\xa9\n"));
	assert_int_equal(len, strlen("N\tcaf\xc3\xa9 \n"));
	assert_memory_equal(out, "N\tcaf\xc3\xa9 \n", len);

	/* The result is always one parseable line. */
	struct transcript t = {0};
	char why[256] = "";
	len = record_format(out, RECORD_EVENT, FIELDS("a\tb\nc", "0", "s\t", "\n"));
	assert_int_equal(transcript_parse(&t, out, len, why, sizeof why), 0);
	assert_int_equal(t.count, 1);
	assert_string_equal(t.record[0].field[EVENT_CALL], "a b c");
	assert_string_equal(t.record[0].field[EVENT_SOCKET], "s ");
	assert_string_equal(t.record[0].field[EVENT_DETAIL], " ");
	transcript_free(&t);
}

static void test_record_format_cut(void **state)
{
	(void)state;
	char *big = malloc(6000);
	assert_non_null(big);
	memset(big, 'x', 5999);
	big[5999] = '\0';
	/* A guard byte after out, to see that the cut stays inside it. */
	char *buffer = malloc(RECORD_MAX_LINE + 1);
	assert_non_null(buffer);
	buffer[RECORD_MAX_LINE] = '#';
	size_t len = record_format(buffer, RECORD_NOTE, FIELDS(big));
	assert_int_equal(len, RECORD_MAX_LINE);
	assert_int_equal(buffer[RECORD_MAX_LINE], '#');
	assert_int_equal(buffer[0], 'N');
	assert_int_equal(buffer[1], '\t');
	assert_int_equal(buffer[len - 1], '\n');
	for (size_t i = 2; i < len - 1; i++)
		if (buffer[i] != 'x')
			fail_msg("byte %zu is 0x%02x", i, (unsigned char)buffer[i]);

	/* The cut line is still a record the parser takes. */
	struct transcript t = {0};
	char why[256] = "";
	assert_int_equal(transcript_parse(&t, buffer, len, why, sizeof why), 0);
	assert_int_equal(t.count, 1);
	assert_int_equal(strlen(t.record[0].field[0]), RECORD_MAX_LINE - 3);
	transcript_free(&t);

	/* Exactly as long as fits: not cut. */
	big[RECORD_MAX_LINE - 3] = '\0';
	len = record_format(buffer, RECORD_NOTE, FIELDS(big));
	assert_int_equal(len, RECORD_MAX_LINE);
	assert_int_equal(buffer[len - 2], 'x');
	free(buffer);
	free(big);
}

/* record_format's cut keeps the first fields' text and drops the tabs of
 * the later ones, so a cut E or R record has too few fields and
 * transcript_parse rejects the line ("record 'E' needs 4 fields"). report.c
 * keeps its fields short enough today, so this is latent. */
static void cut_record_keeps_its_fields(void **state)
{
	(void)state;
	char *big = malloc(6000);
	assert_non_null(big);
	memset(big, 'x', 5999);
	big[5999] = '\0';
	char out[RECORD_MAX_LINE];
	size_t len = record_format(out, RECORD_EVENT, FIELDS(big, "0", "name", "detail"));
	free(big);
	assert_int_equal(out[len - 1], '\n');
	struct transcript t = {0};
	char why[256] = "";
	int rc = transcript_parse(&t, out, len, why, sizeof why);
	transcript_free(&t);
	if (rc != 0)
		fail_msg("record_format's own output is rejected: %s", why);
}

/* --- transcript_parse --- */

static const char good_stream[] =
	"V\t1\n"
	"P\t32768\t60999\n"
	"E\tsocket(AF_INET6, SOCK_STREAM, 0)\t0\tserver\t\n"
	"E\tconnect(client, 127.0.0.1:5555)\tECONNREFUSED\t\t\n"
	"N\ta note\n"
	"S\tafter-connect\n"
	"R\ttcp6\tLISTEN\t[::]:5555\t[::]:*\t1\tserver\n"
	"R\ttcp\tESTAB\t127.0.0.1:40000\t127.0.0.1:5555\t-\t\n"
	"D\tonly in sock_diag: x\n"
	"F\tharness error\n"
	"K\tno namespace\n";

static void test_parse_good(void **state)
{
	(void)state;
	struct transcript t = {0};
	char why[256] = "untouched";
	assert_int_equal(transcript_parse(&t, good_stream, strlen(good_stream), why, sizeof why), 0);
	assert_string_equal(why, "untouched");
	assert_int_equal(t.count, 11);
	assert_int_equal(t.truncated, 0);
	assert_int_equal(t.port_first, 32768);
	assert_int_equal(t.port_last, 60999);
	static const char types[] = "VPEENSRRDFK";
	for (size_t i = 0; i < t.count; i++) {
		assert_int_equal(t.record[i].type, types[i]);
		assert_int_equal(t.record[i].field_count, record_field_count(types[i]));
	}
	assert_string_equal(t.record[2].field[EVENT_CALL], "socket(AF_INET6, SOCK_STREAM, 0)");
	assert_string_equal(t.record[2].field[EVENT_RESULT], "0");
	assert_string_equal(t.record[2].field[EVENT_SOCKET], "server");
	assert_string_equal(t.record[2].field[EVENT_DETAIL], "");
	assert_string_equal(t.record[3].field[EVENT_RESULT], "ECONNREFUSED");
	assert_string_equal(t.record[3].field[EVENT_SOCKET], "");
	assert_string_equal(t.record[7].field[ROW_LOCAL], "127.0.0.1:40000");
	assert_string_equal(t.record[7].field[ROW_NAME], "");
	assert_string_equal(t.record[10].field[0], "no namespace");

	assert_int_equal(transcript_count(&t, RECORD_EVENT), 2);
	assert_int_equal(transcript_count(&t, RECORD_ROW), 2);
	assert_int_equal(transcript_count(&t, 'Z'), 0);
	assert_ptr_equal(transcript_first(&t, RECORD_ROW), &t.record[6]);
	assert_ptr_equal(transcript_first(&t, RECORD_SKIP), &t.record[10]);
	transcript_free(&t);
	assert_null(t.record);
	assert_int_equal(t.count, 0);

	/* Nothing at all is a good (empty) stream. */
	assert_int_equal(transcript_parse(&t, "", 0, why, sizeof why), 0);
	assert_int_equal(t.count, 0);
	assert_int_equal(t.truncated, 0);
	transcript_free(&t);
}

static void test_field_counts(void **state)
{
	(void)state;
	assert_int_equal(record_field_count('V'), 1);
	assert_int_equal(record_field_count('P'), 2);
	assert_int_equal(record_field_count('E'), 4);
	assert_int_equal(record_field_count('N'), 1);
	assert_int_equal(record_field_count('S'), 1);
	assert_int_equal(record_field_count('R'), 6);
	assert_int_equal(record_field_count('D'), 1);
	assert_int_equal(record_field_count('F'), 1);
	assert_int_equal(record_field_count('K'), 1);
	assert_int_equal(record_field_count('C'), 4);
	assert_int_equal(record_field_count('X'), -1);
	assert_int_equal(record_field_count('v'), -1);
	assert_int_equal(record_field_count('\0'), -1);
	struct transcript t = {0};
	assert_int_equal(transcript_add(&t, 'X', FIELDS("a")), -1);
	assert_int_equal(t.count, 0);
	transcript_free(&t);
}

/* Parses text (len bytes) expecting -1 and a reason containing each of the
 * NULL-terminated words. */
static void expect_parse_error(const char *text, size_t len, const char *const *words)
{
	struct transcript t = {0};
	char why[256] = "";
	int rc = transcript_parse(&t, text, len, why, sizeof why);
	transcript_free(&t);
	if (rc != -1)
		fail_msg("accepted \"%.*s\"", (int)len, text);
	assert_null(strchr(why, '\n'));
	for (; *words; words++)
		if (!strstr(why, *words))
			fail_msg("reason \"%s\" does not contain \"%s\"", why, *words);
}

#define EXPECT_ERROR(text, ...) \
	expect_parse_error(text, sizeof text - 1, (const char *const[]){__VA_ARGS__, NULL})

static void test_parse_errors(void **state)
{
	(void)state;
	/* Unknown record types, on the line where they are. */
	EXPECT_ERROR("V\t1\nX\tfoo\n", "line 2", "unknown record");
	EXPECT_ERROR("V\t1\nP\t1\t2\nN\tok\nvx\tfoo\n", "line 4", "unknown record");
	EXPECT_ERROR("\n", "line 1", "unknown record");
	EXPECT_ERROR("V\t1\n\n", "line 2", "unknown record");
	EXPECT_ERROR("N\n", "line 1", "unknown record");
	EXPECT_ERROR("Nx\n", "line 1", "unknown record");
	EXPECT_ERROR("N note\n", "line 1", "unknown record");
	EXPECT_ERROR("\tN\tnote\n", "line 1", "unknown record");

	/* Wrong field counts. */
	EXPECT_ERROR("E\ta\tb\n", "line 1", "'E'", "4 fields");
	EXPECT_ERROR("V\t1\nE\ta\tb\tc\td\te\n", "line 2", "'E'", "4 fields");
	EXPECT_ERROR("N\ta\tb\n", "line 1", "'N'", "1 fields");
	EXPECT_ERROR("R\ttcp\tESTAB\ta\tb\t-\n", "line 1", "'R'", "6 fields");
	EXPECT_ERROR("R\ttcp\tESTAB\ta\tb\t-\tname\textra\n", "line 1", "'R'", "6 fields");
	EXPECT_ERROR("P\t1\n", "line 1", "'P'", "2 fields");

	/* Port ranges. */
	EXPECT_ERROR("V\t1\nP\t60999\t32768\n", "line 2", "bad port range");
	EXPECT_ERROR("P\t0\t65536\n", "line 1", "bad port range");
	EXPECT_ERROR("P\t99999\t99999\n", "line 1", "bad port range");
	EXPECT_ERROR("P\t100000\t100000\n", "line 1", "bad port range");
	EXPECT_ERROR("P\tabc\t1\n", "line 1", "bad port range");
	EXPECT_ERROR("P\t\t1\n", "line 1", "bad port range");
	EXPECT_ERROR("P\t1\t\n", "line 1", "bad port range");
	EXPECT_ERROR("P\t-1\t5\n", "line 1", "bad port range");
	EXPECT_ERROR("P\t 1\t5\n", "line 1", "bad port range");

	/* Versions. */
	EXPECT_ERROR("V\t2\n", "line 1", "version 2", "expected 1");
	EXPECT_ERROR("N\tx\nV\t\n", "line 2", "version", "expected 1");
	EXPECT_ERROR("V\t1.0\n", "line 1", "version 1.0");

	/* NUL bytes, and lines too long to be records. */
	EXPECT_ERROR("V\t1\nN\ta\0b\n", "line 2", "binary");
	EXPECT_ERROR("\0\n", "line 1", "binary");
	char *long_line = malloc(RECORD_MAX_LINE + 8);
	assert_non_null(long_line);
	memcpy(long_line, "V\t1\nN\t", 6);
	memset(long_line + 6, 'x', RECORD_MAX_LINE);
	long_line[RECORD_MAX_LINE + 6] = '\n';
	expect_parse_error(long_line, RECORD_MAX_LINE + 7,
			   (const char *const[]){"line 2", "too long", NULL});
	free(long_line);
}

static void test_parse_port_range_limits(void **state)
{
	(void)state;
	struct transcript t = {0};
	char why[256];
	const char *text = "P\t0\t65535\n";
	assert_int_equal(transcript_parse(&t, text, strlen(text), why, sizeof why), 0);
	assert_int_equal(t.port_first, 0);
	assert_int_equal(t.port_last, 65535);
	transcript_free(&t);
	text = "P\t5000\t5000\n";
	assert_int_equal(transcript_parse(&t, text, strlen(text), why, sizeof why), 0);
	assert_int_equal(t.port_first, 5000);
	assert_int_equal(t.port_last, 5000);
	transcript_free(&t);
}

static void test_parse_truncated(void **state)
{
	(void)state;
	struct transcript t = {0};
	char why[256] = "";
	const char *text = "V\t1\nN\tcomplete\nN\tpartial";
	assert_int_equal(transcript_parse(&t, text, strlen(text), why, sizeof why), 0);
	assert_int_equal(t.truncated, 1);
	assert_int_equal(t.count, 2);
	assert_string_equal(t.record[1].field[0], "complete");
	transcript_free(&t);

	/* Even a malformed last line is only "truncated": it was never finished. */
	text = "V\t1\nXXX";
	assert_int_equal(transcript_parse(&t, text, strlen(text), why, sizeof why), 0);
	assert_int_equal(t.truncated, 1);
	assert_int_equal(t.count, 1);
	transcript_free(&t);

	/* len is honoured: the same text cut before its last '\n'. */
	text = "V\t1\nN\tnote\n";
	assert_int_equal(transcript_parse(&t, text, strlen(text) - 1, why, sizeof why), 0);
	assert_int_equal(t.truncated, 1);
	assert_int_equal(t.count, 1);
	transcript_free(&t);
}

/* --- transcript_normalise and transcript_render --- */

static void add(struct transcript *t, char type, const char *const *fields)
{
	assert_int_equal(transcript_add(t, type, fields), 0);
}

/* The seed scenario as it reported itself, with the rows in a given order. */
static void seed_transcript(struct transcript *t, const int order[3])
{
	static const char *const rows[3][6] = {
		{"tcp6", "ESTAB", "[::ffff:127.0.0.1]:5555", "[::ffff:127.0.0.1]:60490", "0",
		 "accepted"},
		{"tcp", "ESTAB", "127.0.0.1:60490", "127.0.0.1:5555", "-", "client"},
		{"tcp6", "LISTEN", "[::]:5555", "[::]:*", "0", "server"},
	};
	memset(t, 0, sizeof *t);
	add(t, 'V', FIELDS("1"));
	add(t, 'P', FIELDS("32768", "60999"));
	t->port_first = 32768;
	t->port_last = 60999;
	add(t, 'E', FIELDS("socket(AF_INET6, SOCK_STREAM, 0)", "0", "server", ""));
	add(t, 'E', FIELDS("bind(server, [::]:5555)", "0", "", ""));
	add(t, 'E', FIELDS("listen(server, 1)", "0", "", ""));
	add(t, 'E', FIELDS("socket(AF_INET, SOCK_STREAM, 0)", "0", "client", ""));
	add(t, 'E', FIELDS("connect(client, 127.0.0.1:5555)", "0", "", ""));
	add(t, 'E', FIELDS("accept(server)", "0", "accepted", "peer [::ffff:127.0.0.1]:60490 on [::ffff:127.0.0.1]:5555"));
	add(t, 'S', FIELDS("after-connect"));
	for (int i = 0; i < 3; i++)
		add(t, 'R', rows[order[i]]);
}

/* expected/seed_v4v6/bindv6only=0.golden */
static const char seed_golden[] =
	"# seed_v4v6/bindv6only=0\n"
	"server = socket(AF_INET6, SOCK_STREAM, 0)\n"
	"bind(server, [::]:5555) = 0\n"
	"listen(server, 1) = 0\n"
	"client = socket(AF_INET, SOCK_STREAM, 0)\n"
	"connect(client, 127.0.0.1:5555) = 0\n"
	"accepted = accept(server)  peer [::ffff:127.0.0.1]:EPH1 on [::ffff:127.0.0.1]:5555\n"
	"snapshot after-connect\n"
	"  file  state   local                    remote                   v6only  name\n"
	"  tcp   ESTAB   127.0.0.1:EPH1           127.0.0.1:5555           -       client\n"
	"  tcp6  LISTEN  [::]:5555                [::]:*                   0       server\n"
	"  tcp6  ESTAB   [::ffff:127.0.0.1]:5555  [::ffff:127.0.0.1]:EPH1  0       accepted\n";

static void test_normalise_seed(void **state)
{
	(void)state;
	static const int orders[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2},
					 {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
	for (int o = 0; o < 6; o++) {
		struct transcript t;
		seed_transcript(&t, orders[o]);
		assert_int_equal(transcript_normalise(&t), 0);
		char *text = transcript_render(&t, "seed_v4v6/bindv6only=0");
		assert_non_null(text);
		if (strcmp(text, seed_golden) != 0)
			fail_msg("rows in order %d%d%d render as\n%s", orders[o][0], orders[o][1],
				 orders[o][2], text);
		free(text);
		/* The records themselves. */
		assert_string_equal(t.record[7].field[EVENT_DETAIL],
				    "peer [::ffff:127.0.0.1]:EPH1 on [::ffff:127.0.0.1]:5555");
		assert_string_equal(t.record[9].field[ROW_NAME], "client");
		assert_string_equal(t.record[9].field[ROW_LOCAL], "127.0.0.1:EPH1");
		assert_string_equal(t.record[10].field[ROW_NAME], "server");
		assert_string_equal(t.record[11].field[ROW_NAME], "accepted");
		assert_string_equal(t.record[11].field[ROW_REMOTE], "[::ffff:127.0.0.1]:EPH1");
		transcript_free(&t);
	}
}

static void test_normalise_tokens_after_sorting(void **state)
{
	(void)state;
	/* Two clients whose ports appear nowhere before the snapshot. "a" got
	 * the higher port and is reported second; sorting puts it first (by
	 * name, ports masked), so its port becomes EPH1 whatever the numbers. */
	struct transcript t = {0};
	add(&t, 'P', FIELDS("32768", "60999"));
	t.port_first = 32768;
	t.port_last = 60999;
	add(&t, 'S', FIELDS("s"));
	add(&t, 'R', FIELDS("tcp", "ESTAB", "127.0.0.1:40000", "127.0.0.1:5555", "-", "b"));
	add(&t, 'R', FIELDS("tcp", "ESTAB", "127.0.0.1:50000", "127.0.0.1:5555", "-", "a"));
	add(&t, 'N', FIELDS("b was 127.0.0.1:40000, a 127.0.0.1:50000"));
	assert_int_equal(transcript_normalise(&t), 0);
	assert_string_equal(t.record[2].field[ROW_NAME], "a");
	assert_string_equal(t.record[2].field[ROW_LOCAL], "127.0.0.1:EPH1");
	assert_string_equal(t.record[3].field[ROW_NAME], "b");
	assert_string_equal(t.record[3].field[ROW_LOCAL], "127.0.0.1:EPH2");
	assert_string_equal(t.record[4].field[0], "b was 127.0.0.1:EPH2, a 127.0.0.1:EPH1");
	transcript_free(&t);

	/* A port seen in a call before the snapshot keeps its earlier token. */
	memset(&t, 0, sizeof t);
	add(&t, 'P', FIELDS("32768", "60999"));
	t.port_first = 32768;
	t.port_last = 60999;
	add(&t, 'E', FIELDS("bind(b, 127.0.0.1:40000)", "0", "", ""));
	add(&t, 'S', FIELDS("s"));
	add(&t, 'R', FIELDS("tcp", "ESTAB", "127.0.0.1:50000", "127.0.0.1:5555", "-", "a"));
	add(&t, 'R', FIELDS("tcp", "ESTAB", "127.0.0.1:40000", "127.0.0.1:5555", "-", "b"));
	assert_int_equal(transcript_normalise(&t), 0);
	assert_string_equal(t.record[1].field[EVENT_CALL], "bind(b, 127.0.0.1:EPH1)");
	assert_string_equal(t.record[3].field[ROW_LOCAL], "127.0.0.1:EPH2");
	assert_string_equal(t.record[4].field[ROW_LOCAL], "127.0.0.1:EPH1");
	transcript_free(&t);
}

static void test_normalise_what_is_replaced(void **state)
{
	(void)state;
	struct transcript t = {0};
	add(&t, 'P', FIELDS("32768", "60999"));
	t.port_first = 32768;
	t.port_last = 60999;
	add(&t, 'E', FIELDS("connect(c, 127.0.0.1:40000)", "0", "", "peer 127.0.0.1:50000"));
	add(&t, 'N', FIELDS("note 127.0.0.1:40000"));
	add(&t, 'D', FIELDS("only in sock_diag: tcp ESTAB 127.0.0.1:50000"));
	add(&t, 'F', FIELDS("failed at 127.0.0.1:40000"));
	add(&t, 'S', FIELDS("label 127.0.0.1:40000"));
	add(&t, 'K', FIELDS("skipped 127.0.0.1:40000"));
	assert_int_equal(transcript_normalise(&t), 0);
	assert_string_equal(t.record[1].field[EVENT_CALL], "connect(c, 127.0.0.1:EPH1)");
	assert_string_equal(t.record[1].field[EVENT_DETAIL], "peer 127.0.0.1:EPH2");
	assert_string_equal(t.record[2].field[0], "note 127.0.0.1:EPH1");
	assert_string_equal(t.record[3].field[0], "only in sock_diag: tcp ESTAB 127.0.0.1:EPH2");
	assert_string_equal(t.record[4].field[0], "failed at 127.0.0.1:EPH1");
	/* Snapshot labels and skip reasons are left as they are. */
	assert_string_equal(t.record[5].field[0], "label 127.0.0.1:40000");
	assert_string_equal(t.record[6].field[0], "skipped 127.0.0.1:40000");
	transcript_free(&t);

	/* No port range reported: rows are sorted, nothing is replaced. */
	memset(&t, 0, sizeof t);
	add(&t, 'S', FIELDS("s"));
	add(&t, 'R', FIELDS("udp6", "UNCONN", "[::]:40000", "[::]:*", "1", "u"));
	add(&t, 'R', FIELDS("tcp", "ESTAB", "127.0.0.1:40000", "127.0.0.1:5555", "-", "c"));
	assert_int_equal(transcript_normalise(&t), 0);
	assert_string_equal(t.record[1].field[ROW_FILE], "tcp");
	assert_string_equal(t.record[1].field[ROW_LOCAL], "127.0.0.1:40000");
	assert_string_equal(t.record[2].field[ROW_LOCAL], "[::]:40000");
	transcript_free(&t);
}

static void test_normalise_two_snapshots(void **state)
{
	(void)state;
	/* Each snapshot's rows are sorted among themselves only. */
	struct transcript t = {0};
	add(&t, 'S', FIELDS("first"));
	add(&t, 'R', FIELDS("udp", "UNCONN", "0.0.0.0:53", "0.0.0.0:*", "-", "u"));
	add(&t, 'R', FIELDS("tcp", "LISTEN", "0.0.0.0:80", "0.0.0.0:*", "-", "t"));
	add(&t, 'N', FIELDS("between"));
	add(&t, 'S', FIELDS("second"));
	add(&t, 'R', FIELDS("tcp6", "LISTEN", "[::]:80", "[::]:*", "1", "v"));
	add(&t, 'R', FIELDS("tcp", "LISTEN", "0.0.0.0:81", "0.0.0.0:*", "-", "w"));
	assert_int_equal(transcript_normalise(&t), 0);
	static const char *const names[] = {NULL, "t", "u", NULL, NULL, "w", "v"};
	static const char types[] = "SRRNSRR";
	for (size_t i = 0; i < t.count; i++) {
		assert_int_equal(t.record[i].type, types[i]);
		if (names[i])
			assert_string_equal(t.record[i].field[ROW_NAME], names[i]);
	}
	/* Same local address in one file: the order comes from the remote. */
	transcript_free(&t);
	add(&t, 'S', FIELDS("s"));
	add(&t, 'R', FIELDS("tcp", "ESTAB", "127.0.0.1:5555", "127.0.0.1:6000", "-", ""));
	add(&t, 'R', FIELDS("tcp", "ESTAB", "127.0.0.1:5555", "127.0.0.1:5999", "-", ""));
	assert_int_equal(transcript_normalise(&t), 0);
	assert_string_equal(t.record[1].field[ROW_REMOTE], "127.0.0.1:5999");
	transcript_free(&t);
}

static void test_render_every_record(void **state)
{
	(void)state;
	struct transcript t = {0};
	add(&t, 'V', FIELDS("1"));
	add(&t, 'P', FIELDS("32768", "60999"));
	add(&t, 'E', FIELDS("socket(AF_INET6, SOCK_DGRAM, 0)", "0", "sock", ""));
	add(&t, 'E', FIELDS("socket(AF_INET6, SOCK_STREAM, 99)", "EPROTONOSUPPORT", "", ""));
	add(&t, 'E', FIELDS("connect(client, 127.0.0.1:5555)", "ECONNREFUSED", "", ""));
	add(&t, 'E', FIELDS("accept(server)", "EAGAIN", "accepted", ""));
	add(&t, 'E', FIELDS("getsockopt(sock, IPV6_V6ONLY)", "0", "", "value 1"));
	add(&t, 'E', FIELDS("sendto(sock, \"hello\")", "5", "", ""));
	add(&t, 'R', FIELDS("tcp", "ESTAB", "stray", "row", "-", "")); /* outside a snapshot */
	add(&t, 'N', FIELDS("a note"));
	add(&t, 'S', FIELDS("empty"));
	add(&t, 'S', FIELDS("one"));
	add(&t, 'R', FIELDS("udp6", "UNCONN", "[::]:5353", "[::]:*", "1", ""));
	add(&t, 'D', FIELDS("only in sock_diag: x"));
	add(&t, 'F', FIELDS("something broke"));
	add(&t, 'K', FIELDS("no network namespace"));
	char *text = transcript_render(&t, "demo/bindv6only=1");
	assert_non_null(text);
	static const char want[] =
		"# demo/bindv6only=1\n"
		"sock = socket(AF_INET6, SOCK_DGRAM, 0)\n"
		"socket(AF_INET6, SOCK_STREAM, 99) = EPROTONOSUPPORT\n"
		"connect(client, 127.0.0.1:5555) = ECONNREFUSED\n"
		"accept(server) = EAGAIN\n"
		"getsockopt(sock, IPV6_V6ONLY) = 0  value 1\n"
		"sendto(sock, \"hello\") = 5\n"
		"# a note\n"
		"snapshot empty\n"
		"  file  state  local  remote  v6only  name\n"
		"  (no sockets)\n"
		"snapshot one\n"
		"  file  state   local      remote  v6only  name\n"
		"  udp6  UNCONN  [::]:5353  [::]:*  1       -\n"
		"!! snapshot sources disagree: only in sock_diag: x\n"
		"!! harness error: something broke\n"
		"!! skipped: no network namespace\n";
	if (strcmp(text, want) != 0)
		fail_msg("rendered:\n%s", text);
	free(text);

	/* A range: the calls only, without the title. */
	char *part = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&part, &len);
	assert_non_null(out);
	assert_int_equal(transcript_render_range(&t, 3, 5, out), 0);
	assert_int_equal(fclose(out), 0);
	assert_string_equal(part, "socket(AF_INET6, SOCK_STREAM, 99) = EPROTONOSUPPORT\n"
				  "connect(client, 127.0.0.1:5555) = ECONNREFUSED\n");
	free(part);

	/* A range that ends past the last record stops at it. */
	out = open_memstream(&part, &len);
	assert_non_null(out);
	assert_int_equal(transcript_render_range(&t, 14, 1000, out), 0);
	assert_int_equal(fclose(out), 0);
	assert_string_equal(part, "!! harness error: something broke\n"
				  "!! skipped: no network namespace\n");
	free(part);
	transcript_free(&t);

	/* No records: the title alone. */
	text = transcript_render(&t, "nothing");
	assert_non_null(text);
	assert_string_equal(text, "# nothing\n");
	free(text);
}

static void test_parse_normalise_render(void **state)
{
	(void)state;
	/* The whole path, from the records a scenario writes. */
	static const char stream[] =
		"V\t1\n"
		"P\t32768\t60999\n"
		"E\tsocket(AF_INET6, SOCK_STREAM, 0)\t0\tserver\t\n"
		"E\tbind(server, [::]:5555)\t0\t\t\n"
		"E\tlisten(server, 1)\t0\t\t\n"
		"E\tsocket(AF_INET, SOCK_STREAM, 0)\t0\tclient\t\n"
		"E\tconnect(client, 127.0.0.1:5555)\t0\t\t\n"
		"E\taccept(server)\t0\taccepted\tpeer [::ffff:127.0.0.1]:60490 on [::ffff:127.0.0.1]:5555\n"
		"S\tafter-connect\n"
		"R\ttcp\tESTAB\t127.0.0.1:60490\t127.0.0.1:5555\t-\tclient\n"
		"R\ttcp6\tLISTEN\t[::]:5555\t[::]:*\t0\tserver\n"
		"R\ttcp6\tESTAB\t[::ffff:127.0.0.1]:5555\t[::ffff:127.0.0.1]:60490\t0\taccepted\n";
	struct transcript t = {0};
	char why[256] = "";
	assert_int_equal(transcript_parse(&t, stream, sizeof stream - 1, why, sizeof why), 0);
	assert_int_equal(transcript_normalise(&t), 0);
	char *text = transcript_render(&t, "seed_v4v6/bindv6only=0");
	assert_non_null(text);
	assert_string_equal(text, seed_golden);
	free(text);
	transcript_free(&t);
}

/* The golden text of a recorded report. */
static char *render_fixture(const char *name)
{
	size_t len = 0;
	char *stream = fixture_read(name, &len), why[256] = "";
	struct transcript t = {0};
	if (transcript_parse(&t, stream, len, why, sizeof why) != 0)
		fail_msg("%s: %s", name, why);
	assert_int_equal(transcript_normalise(&t), 0);
	char *text = transcript_render(&t, "reuseport_dualstack/bindv6only=0");
	assert_non_null(text);
	transcript_free(&t);
	free(stream);
	return text;
}

static void test_normalise_same_port_two_connections(void **state)
{
	(void)state;
	/* connect() may give a client the local port another client already
	 * has, when their destinations differ (__inet_hash_connect). The same
	 * run, with client4b on client4's port and client6b on client6's, or
	 * client4b on late4's, must give the same golden text. */
	char *plain = render_fixture("reuseport_dualstack.report");
	char *same_as_client4 = render_fixture("reuseport_dualstack.same_port_as_client4.report");
	char *same_as_late4 = render_fixture("reuseport_dualstack.same_port_as_late4.report");
	assert_string_equal(same_as_client4, plain);
	assert_string_equal(same_as_late4, plain);
	assert_non_null(strstr(plain, "accepted4b = accept(listener4b)  peer 127.0.0.1:EPH4 on "
				      "127.0.0.1:6002\n"));
	free(plain);
	free(same_as_client4);
	free(same_as_late4);
}

/* Grid cells: rows and columns in first-seen order, missing cells "-",
 * the last column unpadded, a new grid name starts a new table, ephemeral
 * ports in values normalised. */
static void test_render_grid(void **state)
{
	(void)state;
	static const char stream[] =
		"V\t1\n"
		"P\t32768\t60999\n"
		"C\treuse=none\t0.0.0.0\t[::]\tEADDRINUSE\n"
		"C\treuse=none\t0.0.0.0\t127.0.0.1\t0\n"
		"C\treuse=none\t[::ffff:127.0.0.1]\t[::]\tto 127.0.0.1:40000\n"
		"C\treuse=addr\ta\tb\tc\n"
		"N\tend\n";
	static const char expected[] =
		"# grids\n"
		"grid reuse=none\n"
		"                      [::]               127.0.0.1\n"
		"  0.0.0.0             EADDRINUSE         0\n"
		"  [::ffff:127.0.0.1]  to 127.0.0.1:EPH1  -\n"
		"grid reuse=addr\n"
		"     b\n"
		"  a  c\n"
		"# end\n";
	struct transcript t = {0};
	char why[256] = "";
	assert_int_equal(transcript_parse(&t, stream, sizeof stream - 1, why, sizeof why), 0);
	assert_int_equal(transcript_normalise(&t), 0);
	char *text = transcript_render(&t, "grids");
	assert_non_null(text);
	assert_string_equal(text, expected);
	free(text);
	transcript_free(&t);
}

/* A grid with ever new labels is cut at 256 rows, not grown quadratically. */
static void test_render_grid_too_large(void **state)
{
	(void)state;
	struct transcript t = {0};
	char row[16], column[16];
	for (int i = 0; i < 300; i++) {
		snprintf(row, sizeof row, "r%d", i);
		snprintf(column, sizeof column, "c%d", i);
		assert_int_equal(transcript_add(&t, RECORD_CELL, (const char *[]){"g", row, column, "v"}), 0);
	}
	char *text = transcript_render(&t, "big");
	assert_non_null(text);
	assert_non_null(strstr(text, "!! grid g: more than 256 rows or columns"));
	assert_null(strstr(text, "r256"));
	assert_true(strlen(text) < 2 * 1024 * 1024);
	free(text);
	transcript_free(&t);
}

/* The reader beside the writer: what transcript_render writes of snapshots
 * and grids reads back as the same records, on their lines. */
static void test_read_back_what_render_wrote(void **state)
{
	(void)state;
	struct transcript t = {0};
	assert_int_equal(transcript_add(&t, RECORD_EVENT, (const char *[]){"socket(AF_INET6)", "3", "s", ""}), 0);
	assert_int_equal(transcript_add(&t, RECORD_SNAPSHOT, (const char *[]){"after bind"}), 0);
	assert_int_equal(transcript_add(&t, RECORD_ROW,
					(const char *[]){"tcp6", "LISTEN", "[::]:80", "[::]:*", "0", "s"}), 0);
	assert_int_equal(transcript_add(&t, RECORD_ROW,
					(const char *[]){"udp", "UNCONN", "0.0.0.0:53", "0.0.0.0:*", "-", ""}), 0);
	assert_int_equal(transcript_add(&t, RECORD_GRID_FORM, (const char *[]){"g one", "r", "c", "a b", ""}), 0);
	assert_int_equal(transcript_add(&t, RECORD_CELL,
					(const char *[]){"g one", "[::] v6only=1", "0.0.0.0", "0/EADDRINUSE"}), 0);
	assert_int_equal(transcript_add(&t, RECORD_CELL,
					(const char *[]){"g one", "[::] v6only=1", "[::1]", "0/0 v4:1st"}), 0);
	assert_int_equal(transcript_add(&t, RECORD_CELL,
					(const char *[]){"g one", "127.0.0.1", "0.0.0.0", "EINVAL/-"}), 0);
	assert_int_equal(transcript_add(&t, RECORD_NOTE, (const char *[]){"the end"}), 0);
	char *text = transcript_render(&t, "demo/bindv6only=0");
	assert_non_null(text);

	struct transcript back = {0};
	size_t *lines = NULL;
	char why[128];
	assert_int_equal(transcript_read(text, READ_SNAPSHOTS | READ_GRIDS, &back, &lines, why, sizeof why), 0);
	/* The snapshot, its two rows, then the grid's four cells (127.0.0.1 x
	 * [::1] was never reported: "-"). */
	assert_int_equal(back.count, 7);
	assert_int_equal(back.record[0].type, RECORD_SNAPSHOT);
	assert_string_equal(back.record[0].field[0], "after bind");
	for (int f = 0; f < RECORD_MAX_FIELDS; f++) {
		assert_string_equal(back.record[1].field[f], t.record[2].field[f]);
		assert_string_equal(back.record[2].field[f], t.record[3].field[f]);
	}
	static const char *const cells[][4] = {
		{"g one", "[::] v6only=1", "0.0.0.0", "0/EADDRINUSE"},
		{"g one", "[::] v6only=1", "[::1]", "0/0 v4:1st"},
		{"g one", "127.0.0.1", "0.0.0.0", "EINVAL/-"},
		{"g one", "127.0.0.1", "[::1]", "-"},
	};
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(back.record[3 + i].type, RECORD_CELL);
		for (int f = 0; f < 4; f++)
			assert_string_equal(back.record[3 + i].field[f], cells[i][f]);
	}
	/* "# title", the call, "snapshot", its header, 2 rows, "grid", its
	 * header, 2 row lines. */
	assert_int_equal(lines[0], 3);
	assert_int_equal(lines[1], 5);
	assert_int_equal(lines[2], 6);
	assert_int_equal(lines[3], 9);
	assert_int_equal(lines[6], 10);
	free(lines);
	transcript_free(&back);

	/* Only what is asked for. */
	assert_int_equal(transcript_read(text, READ_GRIDS, &back, NULL, why, sizeof why), 0);
	assert_int_equal(back.count, 4);
	transcript_free(&back);
	/* A spoiled row of a table: one line naming it. */
	char *spoiled = strdup(text);
	char *row = strstr(spoiled, "  tcp6 ");
	row[2] = ' ';
	assert_int_equal(transcript_read(spoiled, READ_SNAPSHOTS, &back, NULL, why, sizeof why), -1);
	assert_string_equal(why, "line 5: not a row of the table of snapshot after bind");
	transcript_free(&back);
	free(spoiled);
	free(text);
	transcript_free(&t);
}

/* Calls and notes read back: "SOCKET = CALL" (its number is not in the
 * text), "CALL = RESULT" with a detail, a call holding " = " itself; the
 * title and an override's "#@" header are not notes. */
static void test_read_back_calls_and_notes(void **state)
{
	(void)state;
	static const char *const events[][4] = {
		{"socket(AF_INET6, SOCK_STREAM, 0)", "3", "server", ""},
		{"bind(server, [::]:80)", "EADDRINUSE", "", ""},
		{"from-java = accept(server)", "0", "", "peer 127.0.0.1:EPH1"},
		{"wait until nginx listens or logs a failure", "0", "", ""},
		{"client = accept(server)", "4", "client", "peer [::1]:EPH1 on [::1]:80"},
		{"recv(client)", "-1", "", ""},
	};
	struct transcript t = {0};
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(transcript_add(&t, RECORD_EVENT, events[i]), 0);
	assert_int_equal(transcript_add(&t, RECORD_NOTE, (const char *[]){"nginx logged: [emerg] x = 1"}), 0);
	char *body = transcript_render(&t, "demo/bindv6only=0");
	assert_non_null(body);
	static const char header[] = "#@linux-6.1 differs from bindv6only=0.golden: x\n";
	char *text = malloc(sizeof header + strlen(body));
	assert_non_null(text);
	strcpy(text, header);
	strcat(text, body);

	struct transcript back = {0};
	char why[128];
	assert_int_equal(transcript_read(text, READ_EVENTS | READ_NOTES, &back, NULL, why, sizeof why), 0);
	assert_int_equal(back.count, 7);
	for (size_t i = 0; i < 6; i++) {
		const struct record *r = &back.record[i];
		assert_int_equal(r->type, RECORD_EVENT);
		assert_string_equal(r->field[EVENT_CALL], events[i][EVENT_CALL]);
		/* A made socket's number is not in the text. */
		assert_string_equal(r->field[EVENT_RESULT], events[i][EVENT_SOCKET][0] ? "" : events[i][EVENT_RESULT]);
		assert_string_equal(r->field[EVENT_SOCKET], events[i][EVENT_SOCKET]);
		assert_string_equal(r->field[EVENT_DETAIL], events[i][EVENT_DETAIL]);
	}
	assert_int_equal(back.record[6].type, RECORD_NOTE);
	assert_string_equal(back.record[6].field[0], "nginx logged: [emerg] x = 1");
	transcript_free(&back);
	/* Only notes. */
	assert_int_equal(transcript_read(text, READ_NOTES, &back, NULL, why, sizeof why), 0);
	assert_int_equal(back.count, 1);
	transcript_free(&back);
	free(text);
	free(body);
	transcript_free(&t);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_render_grid_too_large),
	cmocka_unit_test(test_render_grid),
	cmocka_unit_test(test_record_format_plain),
	cmocka_unit_test(test_record_format_control_characters),
	cmocka_unit_test(test_record_format_cut),
	cmocka_unit_test(test_parse_good),
	cmocka_unit_test(test_field_counts),
	cmocka_unit_test(test_parse_errors),
	cmocka_unit_test(test_parse_port_range_limits),
	cmocka_unit_test(test_parse_truncated),
	cmocka_unit_test(test_normalise_seed),
	cmocka_unit_test(test_normalise_tokens_after_sorting),
	cmocka_unit_test(test_normalise_what_is_replaced),
	cmocka_unit_test(test_normalise_two_snapshots),
	cmocka_unit_test(test_normalise_same_port_two_connections),
	cmocka_unit_test(test_render_every_record),
	cmocka_unit_test(test_parse_normalise_render),
	cmocka_unit_test(cut_record_keeps_its_fields),
	cmocka_unit_test(test_read_back_what_render_wrote),
	cmocka_unit_test(test_read_back_calls_and_notes),
};

UNIT_TEST_MAIN(tests)
