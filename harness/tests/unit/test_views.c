/* The netstat and ss views (views.h): view_render against outputs of the
 * real tools recorded in a namespace (fixtures views_wide.*), the seed's
 * rendering, the rules one by one, and reading snapshot tables back from a
 * golden's text. */
#include "unit_test.h"

#include "views.h"

#define ROW(...) ((const char *const[]){__VA_ARGS__})

/* The rendering of rows (each 6 fields), or NULL if view_render failed
 * (its reason in why). */
static char *render(enum view view, const char *const *const *rows, size_t count, char *why,
		    size_t why_size)
{
	struct transcript t = {0};
	for (size_t i = 0; i < count; i++)
		assert_int_equal(transcript_add(&t, RECORD_ROW, rows[i]), 0);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	assert_non_null(out);
	why[0] = '\0';
	int rc = view_render(view, t.record, t.count, out, why, why_size);
	assert_int_equal(fclose(out), 0);
	transcript_free(&t);
	if (rc != 0) {
		assert_int_equal(len, 0); /* nothing written */
		assert_true(why[0] != '\0');
		assert_null(strchr(why, '\n'));
		free(text);
		return NULL;
	}
	return text;
}

#define RENDER(view, why, ...)                                                              \
	render(view, (const char *const *const[]){__VA_ARGS__},                              \
	       sizeof((const char *const *const[]){__VA_ARGS__}) / sizeof(const char *const *), \
	       why, sizeof why)

static void expect_text(const char *got, const char *want)
{
	assert_non_null(got);
	if (strcmp(got, want) != 0)
		fail_msg("rendered:\n%s\nexpected:\n%s", got, want);
}

#define NETSTAT_HEADER                                                  \
	"Active Internet connections (servers and established)\n"       \
	"Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n"

/* --- recorded: the real tools on the helper's "wide" situation --- */

static void test_wide_recorded(void **state)
{
	(void)state;
	size_t len;
	char *rows_text = fixture_read("views_wide.rows", &len);
	struct transcript t = {0};
	char why[256] = "";
	if (view_parse_snapshots(rows_text, &t, why, sizeof why) != 0)
		fail_msg("views_wide.rows: %s", why);
	assert_int_equal(transcript_count(&t, RECORD_SNAPSHOT), 1);
	assert_int_equal(transcript_count(&t, RECORD_ROW), 21);
	static const struct {
		enum view view;
		const char *fixture;
	} tools[] = {{VIEW_NETSTAT, "views_wide.netstat"}, {VIEW_SS, "views_wide.ss"}};
	for (size_t i = 0; i < 2; i++) {
		char *want = fixture_read(tools[i].fixture, &len);
		char *got = NULL;
		size_t got_len = 0;
		FILE *out = open_memstream(&got, &got_len);
		assert_non_null(out);
		assert_int_equal(view_render(tools[i].view, &t.record[1], t.count - 1, out, why, sizeof why), 0);
		assert_int_equal(fclose(out), 0);
		expect_text(got, want);
		free(got);
		free(want);
	}
	transcript_free(&t);
	free(rows_text);
}

/* --- the seed (expected/seed_v4v6), as the views print it --- */

static void test_seed(void **state)
{
	(void)state;
	char why[256];
	char *text = RENDER(VIEW_NETSTAT, why,
			    ROW("tcp", "ESTAB", "127.0.0.1:EPH1", "127.0.0.1:5555", "-", "client"),
			    ROW("tcp6", "LISTEN", "[::]:5555", "[::]:*", "0", "server"),
			    ROW("tcp6", "ESTAB", "[::ffff:127.0.0.1]:5555", "[::ffff:127.0.0.1]:EPH1", "0",
				"accepted"));
	expect_text(text, NETSTAT_HEADER
		    "tcp        0      0 127.0.0.1:EPH1          127.0.0.1:5555          ESTABLISHED\n"
		    "tcp6       0      0 :::5555                 :::*                    LISTEN     \n"
		    "tcp6       0      0 127.0.0.1:5555          127.0.0.1:EPH1          ESTABLISHED\n");
	free(text);

	text = RENDER(VIEW_SS, why,
		      ROW("tcp", "ESTAB", "127.0.0.1:EPH1", "127.0.0.1:5555", "-", "client"),
		      ROW("tcp6", "LISTEN", "[::]:5555", "[::]:*", "0", "server"),
		      ROW("tcp6", "ESTAB", "[::ffff:127.0.0.1]:5555", "[::ffff:127.0.0.1]:EPH1", "0",
			  "accepted"));
	expect_text(text,
		    "Netid State  Recv-Q Send-Q      Local Address:Port       Peer Address:PortProcess\n"
		    "tcp   ESTAB  0      0               127.0.0.1:EPH1          127.0.0.1:5555       \n"
		    "tcp   LISTEN 0      0                       *:5555                  *:*          \n"
		    "tcp   ESTAB  0      0      [::ffff:127.0.0.1]:5555 [::ffff:127.0.0.1]:EPH1       \n");
	free(text);

	/* bindv6only=1: the listener is v6-only, and ss says so with [::]. */
	text = RENDER(VIEW_SS, why, ROW("tcp6", "LISTEN", "[::]:5555", "[::]:*", "1", "server"));
	expect_text(text, "Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n"
			  "tcp   LISTEN 0      0               [::]:5555         [::]:*          \n");
	free(text);
	text = RENDER(VIEW_NETSTAT, why, ROW("tcp6", "LISTEN", "[::]:5555", "[::]:*", "1", "server"));
	expect_text(text, NETSTAT_HEADER
		    "tcp6       0      0 :::5555                 :::*                    LISTEN     \n");
	free(text);
}

/* --- the rules --- */

static void test_order_of_groups(void **state)
{
	(void)state;
	char why[256];
	/* Given udp6, udp, tcp6 connection, tcp6 listener, tcp; each tool
	 * reorders by its groups and keeps the given order inside one. */
	char *text = RENDER(VIEW_NETSTAT, why,
			    ROW("udp6", "UNCONN", "[::]:7", "[::]:*", "1", ""),
			    ROW("udp", "UNCONN", "0.0.0.0:9", "0.0.0.0:*", "-", ""),
			    ROW("tcp6", "ESTAB", "[::1]:2", "[::1]:1", "1", ""),
			    ROW("tcp6", "LISTEN", "[::1]:1", "[::]:*", "1", ""),
			    ROW("tcp6", "ESTAB", "[::1]:1", "[::1]:2", "1", ""),
			    ROW("tcp", "TIME-WAIT", "127.0.0.1:3", "127.0.0.1:4", "-", ""),
			    ROW("tcp", "LISTEN", "127.0.0.1:4", "0.0.0.0:*", "-", ""));
	expect_text(text, NETSTAT_HEADER
		    "tcp        0      0 127.0.0.1:4             0.0.0.0:*               LISTEN     \n"
		    "tcp        0      0 127.0.0.1:3             127.0.0.1:4             TIME_WAIT  \n"
		    "tcp6       0      0 ::1:1                   :::*                    LISTEN     \n"
		    "tcp6       0      0 ::1:2                   ::1:1                   ESTABLISHED\n"
		    "tcp6       0      0 ::1:1                   ::1:2                   ESTABLISHED\n"
		    "udp        0      0 0.0.0.0:9               0.0.0.0:*                          \n"
		    "udp6       0      0 :::7                    :::*                               \n");
	free(text);
	text = RENDER(VIEW_SS, why,
		      ROW("tcp6", "LISTEN", "[::1]:1", "[::]:*", "1", ""),
		      ROW("udp6", "UNCONN", "[::]:7", "[::]:*", "1", ""),
		      ROW("tcp", "LISTEN", "127.0.0.1:4", "0.0.0.0:*", "-", ""),
		      ROW("udp", "UNCONN", "0.0.0.0:9", "0.0.0.0:*", "-", ""));
	expect_text(text,
		    "Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n"
		    "udp   UNCONN 0      0            0.0.0.0:9         0.0.0.0:*          \n"
		    "udp   UNCONN 0      0               [::]:7            [::]:*          \n"
		    "tcp   LISTEN 0      0          127.0.0.1:4         0.0.0.0:*          \n"
		    "tcp   LISTEN 0      0              [::1]:1            [::]:*          \n");
	free(text);
}

static void test_states(void **state)
{
	(void)state;
	static const struct {
		const char *golden, *netstat, *ss;
	} tcp[] = {
		{"ESTAB", "ESTABLISHED", "ESTAB"},     {"SYN-SENT", "SYN_SENT", "SYN-SENT"},
		{"SYN-RECV", "SYN_RECV", "SYN-RECV"},  {"NEW-SYN-RECV", "SYN_RECV", "SYN-RECV"},
		{"FIN-WAIT-1", "FIN_WAIT1", "FIN-WAIT-1"}, {"FIN-WAIT-2", "FIN_WAIT2", "FIN-WAIT-2"},
		{"TIME-WAIT", "TIME_WAIT", "TIME-WAIT"}, {"CLOSE", "CLOSE", "UNCONN"},
		{"CLOSE-WAIT", "CLOSE_WAIT", "CLOSE-WAIT"}, {"LAST-ACK", "LAST_ACK", "LAST-ACK"},
		{"LISTEN", "LISTEN", "LISTEN"},        {"CLOSING", "CLOSING", "CLOSING"},
	};
	char why[256], want[512];
	for (size_t i = 0; i < sizeof tcp / sizeof tcp[0]; i++) {
		char *text = RENDER(VIEW_NETSTAT, why,
				    ROW("tcp", tcp[i].golden, "127.0.0.1:1", "127.0.0.1:2", "-", ""));
		snprintf(want, sizeof want,
			 NETSTAT_HEADER "tcp        0      0 127.0.0.1:1             127.0.0.1:2             %-11s\n",
			 tcp[i].netstat);
		expect_text(text, want);
		free(text);
		text = RENDER(VIEW_SS, why, ROW("tcp", tcp[i].golden, "127.0.0.1:1", "127.0.0.1:2", "-", ""));
		assert_non_null(text);
		const char *line = strchr(text, '\n') + 1;
		snprintf(want, sizeof want, "tcp   %s ", tcp[i].ss);
		if (strncmp(line, want, strlen(want)) != 0)
			fail_msg("ss state of %s: %s", tcp[i].golden, line);
		free(text);
	}
	/* UDP: netstat says "" for unconnected, ESTABLISHED, else UNKNOWN. */
	char *text = RENDER(VIEW_NETSTAT, why,
			    ROW("udp", "UNCONN", "0.0.0.0:1", "0.0.0.0:*", "-", ""),
			    ROW("udp", "ESTAB", "127.0.0.1:2", "127.0.0.1:1", "-", ""),
			    ROW("udp6", "CLOSE-WAIT", "[::1]:2", "[::1]:1", "1", ""));
	expect_text(text, NETSTAT_HEADER
		    "udp        0      0 0.0.0.0:1               0.0.0.0:*                          \n"
		    "udp        0      0 127.0.0.1:2             127.0.0.1:1             ESTABLISHED\n"
		    "udp6       0      0 ::1:2                   ::1:1                   UNKNOWN    \n");
	free(text);
}

/* netstat: mapped addresses lose ::ffff:, long ones are cut to 22 with the
 * port (a token counting as 5 digits); ss: "*" for [::] unless the kernel
 * reports v6only (LISTEN and unconnected sockets only). */
static void test_addresses(void **state)
{
	(void)state;
	char why[256];
	char *text = RENDER(VIEW_NETSTAT, why,
			    ROW("tcp6", "ESTAB", "[2001:db8:1234:5678:9abc:def0:1234:5678]:EPH1",
				"[2001:db8:1234:5678:9abc:def0:1234:5678]:4004", "0", ""),
			    ROW("tcp6", "ESTAB", "[2001:db8::1]:EPH12", "[::ffff:192.0.2.12]:443", "0", ""),
			    ROW("udp6", "UNCONN", "[::]:6502", "[::ffff:127.0.0.1]:*", "0", "client"),
			    ROW("udp6", "UNCONN", "[::]:0", "[::]:*", "0", ""));
	expect_text(text, NETSTAT_HEADER
		    "tcp6       0      0 2001:db8:1234:567:EPH1  2001:db8:1234:5678:4004 ESTABLISHED\n"
		    "tcp6       0      0 2001:db8::1:EPH12       192.0.2.12:443          ESTABLISHED\n"
		    "udp6       0      0 :::6502                 127.0.0.1:*                        \n"
		    "udp6       0      0 :::*                    :::*                               \n");
	free(text);

	text = RENDER(VIEW_SS, why,
		      ROW("udp6", "UNCONN", "[::]:6502", "[::ffff:127.0.0.1]:*", "0", "client"),
		      ROW("udp6", "UNCONN", "[::]:6503", "[::]:*", "1", ""),
		      ROW("tcp6", "LISTEN", "[::]:1", "[::]:*", "?", ""),
		      ROW("tcp6", "CLOSE", "[::]:2", "[::]:*", "1", ""),
		      /* v6only 1 from getsockopt, but sock_diag does not tell it
		       * for a connected socket: ss takes it for 0. */
		      ROW("tcp6", "SYN-SENT", "[::]:3", "[::1]:4", "1", ""));
	expect_text(text,
		    "Netid State    Recv-Q Send-Q Local Address:Port       Peer Address:PortProcess\n"
		    "udp   UNCONN   0      0                  *:6502 [::ffff:127.0.0.1]:*          \n"
		    "udp   UNCONN   0      0               [::]:6503               [::]:*          \n"
		    "tcp   LISTEN   0      0                  *:1                     *:*          \n"
		    "tcp   UNCONN   0      0               [::]:2                  [::]:*          \n"
		    "tcp   SYN-SENT 0      0                  *:3                 [::1]:4          \n");
	free(text);
}

/* A socket bound to a device: ss prints the device after the local
 * address (inet_addr_print, "*%lan0"), netstat has no device to print. */
static void test_bound_device(void **state)
{
	(void)state;
	char why[256];
	char *text = RENDER(VIEW_SS, why,
			    ROW("tcp6", "LISTEN", "[::]%lan0:7200", "[::]:*", "0", "lan_server"),
			    ROW("tcp6", "LISTEN", "[::]%lo:7200", "[::]:*", "1", "lo_server"),
			    ROW("tcp6", "ESTAB", "[::ffff:192.0.2.1]%lan0:7200",
				"[::ffff:192.0.2.1]:EPH2", "0", "on_lan4"),
			    ROW("tcp", "LISTEN", "0.0.0.0%lo:7300", "0.0.0.0:*", "-", ""));
	expect_text(text,
		    "Netid State  Recv-Q Send-Q           Local Address:Port       Peer Address:PortProcess\n"
		    "tcp   LISTEN 0      0                   0.0.0.0%lo:7300            0.0.0.0:*          \n"
		    "tcp   LISTEN 0      0                       *%lan0:7200                  *:*          \n"
		    "tcp   LISTEN 0      0                      [::]%lo:7200               [::]:*          \n"
		    "tcp   ESTAB  0      0      [::ffff:192.0.2.1]%lan0:7200 [::ffff:192.0.2.1]:EPH2       \n");
	free(text);
	text = RENDER(VIEW_NETSTAT, why,
		      ROW("tcp6", "LISTEN", "[::]%lan0:7200", "[::]:*", "0", "lan_server"),
		      ROW("tcp6", "ESTAB", "[::ffff:192.0.2.1]%lan0:7200", "[::ffff:192.0.2.1]:EPH2", "0",
			  "on_lan4"));
	expect_text(text, NETSTAT_HEADER
		    "tcp6       0      0 :::7200                 :::*                    LISTEN     \n"
		    "tcp6       0      0 192.0.2.1:7200          192.0.2.1:EPH2          ESTABLISHED\n");
	free(text);
	/* A device name where no address is, or an empty one, is a bad row. */
	text = RENDER(VIEW_SS, why, ROW("tcp6", "LISTEN", "[::]%:7200", "[::]:*", "0", ""));
	assert_null(text);
}

static void test_empty_and_bad_rows(void **state)
{
	(void)state;
	char why[256];
	char *text = render(VIEW_NETSTAT, NULL, 0, why, sizeof why);
	expect_text(text, NETSTAT_HEADER);
	free(text);
	text = render(VIEW_SS, NULL, 0, why, sizeof why);
	expect_text(text, "Netid State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n");
	free(text);

	const char *const *const bad[] = {
		ROW("raw", "ESTAB", "127.0.0.1:1", "127.0.0.1:2", "-", ""),
		ROW("tcp", "STATE?", "127.0.0.1:1", "127.0.0.1:2", "-", ""),
		ROW("tcp", "ESTAB", "localhost:1", "127.0.0.1:2", "-", ""),
		ROW("tcp", "ESTAB", "127.0.0.1", "127.0.0.1:2", "-", ""),
		ROW("tcp", "ESTAB", "127.0.0.1:", "127.0.0.1:2", "-", ""),
		ROW("tcp", "ESTAB", "127.0.0.1:1", "[::1]:2", "-", ""),
		ROW("tcp6", "ESTAB", "[::1:1", "[::1]:2", "0", ""),
		ROW("tcp6", "ESTAB", "[::1]:1", "127.0.0.1:2", "0", ""),
		ROW("udp6", "UNCONN", "[::]:a b", "[::]:*", "0", ""),
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		for (enum view v = VIEW_NETSTAT; v <= VIEW_SS; v++) {
			/* A good row first: a bad one anywhere writes nothing. */
			text = RENDER(v, why, ROW("tcp", "LISTEN", "0.0.0.0:1", "0.0.0.0:*", "-", ""), bad[i]);
			if (text)
				fail_msg("rendered bad row %zu: %s", i, text);
			assert_non_null(strstr(why, "row 2"));
		}
	}
	text = RENDER(VIEW_NONE, why, ROW("tcp", "LISTEN", "0.0.0.0:1", "0.0.0.0:*", "-", ""));
	assert_null(text);
}

static void test_names(void **state)
{
	(void)state;
	enum view v = VIEW_NONE;
	assert_int_equal(view_from_name("netstat", &v), 0);
	assert_int_equal(v, VIEW_NETSTAT);
	assert_int_equal(view_from_name("ss", &v), 0);
	assert_int_equal(v, VIEW_SS);
	assert_int_equal(view_from_name("SS", &v), -1);
	assert_int_equal(view_from_name("", &v), -1);
	assert_int_equal(view_from_name("golden", &v), -1);
	assert_int_equal(v, VIEW_SS);
	assert_string_equal(view_command(VIEW_NETSTAT), "netstat -tuan");
	assert_string_equal(view_command(VIEW_SS), "ss -tuan");
}

/* --- reading the tables of a golden --- */

static const char golden[] =
	"# addrform/bindv6only=0\n"
	"server = socket(AF_INET6, SOCK_STREAM, 0)\n"
	"snapshot = socket(AF_INET, SOCK_DGRAM, 0)\n" /* a socket named snapshot */
	"snapshot before\n"
	"  file  state   local                    remote                   v6only  name\n"
	"  tcp   ESTAB   127.0.0.1:EPH1           127.0.0.1:5555           -       client\n"
	"  tcp6  LISTEN  [::]:5555                [::]:*                   0       server socket\n"
	"  tcp6  ESTAB   [::ffff:127.0.0.1]:5555  [::ffff:127.0.0.1]:EPH1  0       -\n"
	"grid g\n"
	"      a  b\n"
	"  x  1  2\n"
	"!! snapshot sources disagree: x\n"
	"snapshot after\n"
	"  file  state  local  remote  v6only  name\n"
	"  (no sockets)\n";

static void test_parse_snapshots(void **state)
{
	(void)state;
	struct transcript t = {0};
	char why[256] = "";
	if (view_parse_snapshots(golden, &t, why, sizeof why) != 0)
		fail_msg("%s", why);
	assert_int_equal(t.count, 5);
	assert_int_equal(t.record[0].type, RECORD_SNAPSHOT);
	assert_string_equal(t.record[0].field[0], "before");
	static const char *const want[3][6] = {
		{"tcp", "ESTAB", "127.0.0.1:EPH1", "127.0.0.1:5555", "-", "client"},
		{"tcp6", "LISTEN", "[::]:5555", "[::]:*", "0", "server socket"},
		{"tcp6", "ESTAB", "[::ffff:127.0.0.1]:5555", "[::ffff:127.0.0.1]:EPH1", "0", ""},
	};
	for (int i = 0; i < 3; i++) {
		assert_int_equal(t.record[1 + i].type, RECORD_ROW);
		for (int f = 0; f < 6; f++)
			assert_string_equal(t.record[1 + i].field[f], want[i][f]);
	}
	assert_int_equal(t.record[4].type, RECORD_SNAPSHOT);
	assert_string_equal(t.record[4].field[0], "after");

	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	assert_non_null(out);
	assert_int_equal(view_render_snapshots(VIEW_NETSTAT, &t, "addrform/bindv6only=0", out, why,
					       sizeof why), 0);
	assert_int_equal(fclose(out), 0);
	expect_text(text,
		    "# addrform/bindv6only=0, snapshot before\n"
		    "$ netstat -tuan\n" NETSTAT_HEADER
		    "tcp        0      0 127.0.0.1:EPH1          127.0.0.1:5555          ESTABLISHED\n"
		    "tcp6       0      0 :::5555                 :::*                    LISTEN     \n"
		    "tcp6       0      0 127.0.0.1:5555          127.0.0.1:EPH1          ESTABLISHED\n"
		    "\n"
		    "# addrform/bindv6only=0, snapshot after\n"
		    "$ netstat -tuan\n" NETSTAT_HEADER);
	free(text);
	transcript_free(&t);

	/* No snapshots at all. */
	assert_int_equal(view_parse_snapshots("# x\na = b\n", &t, why, sizeof why), 0);
	assert_int_equal(t.count, 0);
	out = open_memstream(&text, &len);
	assert_int_equal(view_render_snapshots(VIEW_SS, &t, "x/y", out, why, sizeof why), 0);
	assert_int_equal(fclose(out), 0);
	assert_string_equal(text, "# x/y: no snapshots\n");
	free(text);
	transcript_free(&t);

	/* A row the view cannot read: the reason names the snapshot. */
	assert_int_equal(view_parse_snapshots("snapshot s\n"
					      "  file  state  local        remote       v6only  name\n"
					      "  tcp6  ESTAB  127.0.0.1:1  127.0.0.1:2  -       a\n",
					      &t, why, sizeof why), 0);
	out = open_memstream(&text, &len);
	assert_int_equal(view_render_snapshots(VIEW_NETSTAT, &t, "x/y", out, why, sizeof why), -1);
	assert_int_equal(fclose(out), 0);
	free(text);
	if (!strstr(why, "snapshot s, row 1: tcp6 row with the address '127.0.0.1:1'"))
		fail_msg("reason: %s", why);
	transcript_free(&t);
}

static void expect_parse_error(const char *text, const char *contains)
{
	struct transcript t = {0};
	char why[256] = "";
	assert_int_equal(view_parse_snapshots(text, &t, why, sizeof why), -1);
	if (!strstr(why, contains) || strchr(why, '\n'))
		fail_msg("reason \"%s\" does not say \"%s\"", why, contains);
	transcript_free(&t);
}

static void test_parse_errors(void **state)
{
	(void)state;
	/* Columns: file 2, state 8, local 16, remote 27, v6only 38, name 46. */
	static const char head[] = "# c\nsnapshot s\n  file  state   local      remote     v6only  name\n";
	static const char good[] = "  tcp   LISTEN  0.0.0.0:1  0.0.0.0:*  -       -\n";
	char text[512];
	snprintf(text, sizeof text, "%s%s", head, good);
	struct transcript t = {0};
	char why[256] = "";
	if (view_parse_snapshots(text, &t, why, sizeof why) != 0)
		fail_msg("%s", why);
	assert_int_equal(t.count, 2);
	assert_string_equal(t.record[1].field[ROW_LOCAL], "0.0.0.0:1");
	assert_string_equal(t.record[1].field[ROW_NAME], "");
	transcript_free(&t);

	/* Shifted by one column. */
	snprintf(text, sizeof text, "%s %s", head, good);
	expect_parse_error(text, "line 4: not a row of the table of snapshot s");
	/* A field wider than its column. */
	snprintf(text, sizeof text, "%s  tcp   LISTEN  0.0.0.0:11  0.0.0.0:*  -       -\n", head);
	expect_parse_error(text, "line 4");
	/* Fields missing. */
	snprintf(text, sizeof text, "%s  tcp   LISTEN  0.0.0.0:1\n", head);
	expect_parse_error(text, "line 4");
	/* A blank inside a field. */
	snprintf(text, sizeof text, "%s  tcp   LISTEN  0.0 0.0:1  0.0.0.0:*  -       -\n", head);
	expect_parse_error(text, "line 4");
	/* Good rows, then a bad one. */
	snprintf(text, sizeof text, "%s%s  tcp   LISTEN  0 0\n", head, good);
	expect_parse_error(text, "line 5");

	/* A header in other words is no table: the line is not a snapshot. */
	assert_int_equal(view_parse_snapshots("snapshot s\n  file  state  here\n  tcp x\n", &t, why,
					      sizeof why), 0);
	assert_int_equal(t.count, 0);
	/* The last line without its newline. */
	assert_int_equal(view_parse_snapshots("snapshot s\n"
					      "  file  state  local        remote       v6only  name\n"
					      "  tcp   ESTAB  127.0.0.1:1  127.0.0.1:2  -       a",
					      &t, why, sizeof why), 0);
	assert_int_equal(t.count, 2);
	assert_string_equal(t.record[1].field[ROW_REMOTE], "127.0.0.1:2");
	assert_string_equal(t.record[1].field[ROW_NAME], "a");
	transcript_free(&t);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_wide_recorded),
	cmocka_unit_test(test_seed),
	cmocka_unit_test(test_order_of_groups),
	cmocka_unit_test(test_states),
	cmocka_unit_test(test_addresses),
	cmocka_unit_test(test_bound_device),
	cmocka_unit_test(test_empty_and_bad_rows),
	cmocka_unit_test(test_names),
	cmocka_unit_test(test_parse_snapshots),
	cmocka_unit_test(test_parse_errors),
};

UNIT_TEST_MAIN(tests)
