/* The "Runtimes and servers" table: a cell read from a golden
 * (program_read.h: what the program took, its listeners, how it named the
 * IPv4 client, or the error it logged where it did not start), the HTML
 * section written from the real goldens, escaped, and the README's
 * markdown table. */
#include "unit_test.h"

#include "program_read.h"
#include "report_runtimes.h"
#include "runtimes_table.h"

static void test_cell_started(void **state)
{
	(void)state;
	static const char golden[] = "# x/bindv6only=0,api=a\n"
				     "python3 -m http.server --bind :: 7100 = 0\n"
				     "wait until python3 listens = 0\n"
				     "snapshot listening\n"
				     "  file  state   local         remote     v6only  name\n"
				     "  tcp6  LISTEN  [::]:7100     [::]:*     0       python3\n"
				     "  tcp   LISTEN  0.0.0.0:7101  0.0.0.0:*  -       other\n"
				     "client4 = socket(AF_INET, SOCK_STREAM, 0)\n"
				     "connect(client4, 127.0.0.1:7100) = 0\n"
				     "# python3 saw client4 as ::ffff:127.0.0.1\n"
				     "client6 = socket(AF_INET6, SOCK_STREAM, 0)\n"
				     "connect(client6, [::1]:7100) = ECONNREFUSED\n";
	struct program_summary cell;
	char why[128];
	assert_int_equal(program_summary_read(golden, &cell, why, sizeof why), 1);
	assert_string_equal(cell.program, "python3");
	assert_string_equal(cell.started_by, "python3 -m http.server --bind :: 7100");
	assert_int_equal(cell.took4, 1);
	assert_int_equal(cell.took6, 0);
	assert_string_equal(cell.listeners, "tcp6 [::]:7100 v6only 0");
	assert_string_equal(cell.seen4, "::ffff:127.0.0.1");
	assert_string_equal(cell.failure, "");
}

/* A client is IPv4 or IPv6 by the address it connected to, not by its
 * name; UDP refused by ICMP was not taken; a program that did not start
 * is known by the first line it logged. */
static void test_cell_refused_udp_and_failure(void **state)
{
	(void)state;
	static const char udp[] = "# x/bindv6only=1,api=udp6\n"
				  "socat -u UDP6-RECV:7200 OPEN:/dev/null = 0\n"
				  "wait until socat listens = 0\n"
				  "snapshot listening\n"
				  "  file  state   local      remote  v6only  name\n"
				  "  udp6  UNCONN  [::]:7200  [::]:*  1       socat\n"
				  "first = socket(AF_INET6, SOCK_DGRAM, 0)\n"
				  "connect(first, [::1]:7200) = 0\n"
				  "# socat saw first as ::1\n"
				  "second = socket(AF_INET, SOCK_DGRAM, 0)\n"
				  "connect(second, 127.0.0.1:7200) = 0\n"
				  "recv(second) = ECONNREFUSED\n";
	struct program_summary cell;
	char why[128];
	assert_int_equal(program_summary_read(udp, &cell, why, sizeof why), 1);
	assert_int_equal(cell.took4, 0);
	assert_int_equal(cell.took6, 1);
	assert_string_equal(cell.seen4, "");
	assert_string_equal(cell.listeners, "udp6 [::]:7200 v6only 1");

	static const char failed[] = "# x/bindv6only=0,listen=v4_then_v6\n"
				     "nginx -c nginx_servers.conf: listen 7500; listen [::]:7500 ipv6only=off; = 0\n"
				     "wait until nginx listens or logs a failure = 0\n"
				     "# nginx logged: [emerg] bind() to [::]:7500 failed (98: Address already in use)\n"
				     "# nginx logged: [notice] try again to bind() after 500ms\n"
				     "snapshot listening\n"
				     "  file  state   local         remote     v6only  name\n"
				     "  tcp   LISTEN  0.0.0.0:7500  0.0.0.0:*  -       nginx\n";
	assert_int_equal(program_summary_read(failed, &cell, why, sizeof why), 1);
	assert_string_equal(cell.started_by, "nginx -c nginx_servers.conf: listen 7500; listen [::]:7500 ipv6only=off;");
	assert_string_equal(cell.failure, "bind() to [::]:7500 failed (98: Address already in use)");
	assert_string_equal(cell.listeners, "tcp 0.0.0.0:7500 v6only -");

	/* A golden of a plain C lesson is no program's. */
	assert_int_equal(program_summary_read("# x/bindv6only=0\nserver = socket(AF_INET6, SOCK_STREAM, 0)\n", &cell,
					      why, sizeof why), 0);
	/* A spoiled table: one line. */
	static const char spoiled[] = "# x/bindv6only=0\nwait until go listens = 0\nsnapshot s\n"
				      "  file  state   local      remote  v6only  name\n"
				      "  udp6 UNCONN  [::]:7200  [::]:*  1       go\n";
	assert_int_equal(program_summary_read(spoiled, &cell, why, sizeof why), -1);
	assert_string_equal(why, "line 5: not a row of the table of snapshot s");
}

static void test_section_from_goldens(void **state)
{
	(void)state;
	struct report_lesson lessons[] = {{"seed_v4v6", NULL}, {"nginx_servers", NULL}, {"<b>missing</b>", NULL}};
	struct report_page page = {.lesson = lessons, .lesson_count = 3, .expected_dir = EXPECTED_DIR};
	char *text = NULL;
	size_t len;
	FILE *out = open_memstream(&text, &len);
	assert_non_null(out);
	report_runtimes_write(out, &page);
	assert_int_equal(fclose(out), 0);
	assert_non_null(strstr(text, "<section id=\"runtimes\""));
	assert_non_null(strstr(text, "<caption>"));
	/* nginx's nine calls, none of seed_v4v6's (no program), nothing of the
	 * lesson without goldens. */
	size_t rows = 0;
	for (const char *p = text; (p = strstr(p, "<tr data-runtime=\"nginx_servers\"")); p++)
		rows++;
	assert_int_equal(rows, 9);
	assert_null(strstr(text, "seed_v4v6"));
	assert_null(strstr(text, "<b>"));
	assert_non_null(strstr(text, "<strong>does not start</strong>: <code>bind() to [::]:7500 failed"));
	free(text);

	char empty[] = "/tmp/dslab-runtimes-XXXXXX";
	assert_non_null(mkdtemp(empty));
	struct report_page none = {.lesson = lessons, .lesson_count = 1, .expected_dir = empty};
	out = open_memstream(&text, &len);
	report_runtimes_write(out, &none);
	assert_int_equal(fclose(out), 0);
	assert_non_null(strstr(text, "No lesson about a real program"));
	assert_null(strstr(text, "<table"));
	free(text);
	assert_int_equal(rmdir(empty), 0);
}

/* The README's table: a row per nginx configuration, the failure in
 * backquotes, '|' of a call escaped. */
static void test_markdown_table(void **state)
{
	(void)state;
	char *text = NULL, why[256];
	size_t len;
	FILE *out = open_memstream(&text, &len);
	assert_non_null(out);
	assert_int_equal(runtimes_table_write(out, EXPECTED_DIR, why, sizeof why), 0);
	assert_int_equal(fclose(out), 0);
	static const char head[] = "| program and API | bindv6only=0 | bindv6only=1 |\n| --- | --- | --- |\n";
	assert_true(strncmp(text, head, strlen(head)) == 0);
	size_t rows = 0;
	for (const char *p = text; (p = strstr(p, "(nginx_servers ")); p++)
		rows++;
	assert_int_equal(rows, 9);
	assert_non_null(strstr(text, " does not start: `bind() to [::]:7500 failed (98: Address already in use)`; "
				     "holds meanwhile `tcp 0.0.0.0:7500 v6only -` |"));
	assert_null(strstr(text, "seed_v4v6"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cell_started),
		cmocka_unit_test(test_cell_refused_udp_and_failure),
		cmocka_unit_test(test_section_from_goldens),
		cmocka_unit_test(test_markdown_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
