/* The command line (cli_parse), case selection (cases_all, cases_select)
 * and JSON string escaping (json_write_string). */
#include "unit_test.h"

#include "cases.h"
#include "cli.h"
#include "formats.h"

#define MAX_ARGS 32

/* Parse "dslab" + args (NULL-terminated). */
static int parse_args(const char *const *args, struct cli_options *o, char *error, size_t size)
{
	char *argv[MAX_ARGS];
	int argc = 0;
	argv[argc++] = (char *)"dslab";
	for (; *args; args++) {
		assert_true(argc < MAX_ARGS - 1);
		argv[argc++] = (char *)*args;
	}
	argv[argc] = NULL;
	error[0] = '\0';
	return cli_parse(argc, argv, o, error, size);
}

#define PARSE(o, error, ...) \
	parse_args((const char *const[]){__VA_ARGS__, NULL}, o, error, sizeof error)

static void assert_defaults(const struct cli_options *o)
{
	assert_int_equal(o->update, 0);
	assert_int_equal(o->keep, 0);
	assert_int_equal(o->actual, 0);
	assert_int_equal(o->view, VIEW_NONE);
	assert_int_equal(o->jobs, 0);
	assert_true(o->timeout_seconds == DEFAULT_TIMEOUT_SECONDS);
	assert_int_equal(o->format, FORMAT_HUMAN);
	assert_null(o->expected_dir);
	assert_null(o->actual_dir);
}

static void test_no_arguments(void **state)
{
	(void)state;
	struct cli_options o;
	char error[256] = "";
	char *argv[] = {(char *)"dslab", NULL};
	assert_int_equal(cli_parse(1, argv, &o, error, sizeof error), 0);
	assert_int_equal(o.command, COMMAND_HELP);
	assert_null(o.help_topic);
	assert_int_equal(o.pattern_count, 0);
	assert_defaults(&o);
	cli_free(&o);
	cli_free(&o); /* twice is harmless */
	assert_int_equal(PARSE(&o, error, "--help"), 0);
	assert_int_equal(o.command, COMMAND_HELP);
	cli_free(&o);
	assert_int_equal(PARSE(&o, error, "-h"), 0);
	assert_int_equal(o.command, COMMAND_HELP);
	cli_free(&o);
	assert_int_equal(PARSE(&o, error, "--version"), 0);
	assert_int_equal(o.command, COMMAND_VERSION);
	cli_free(&o);
	assert_int_equal(PARSE(&o, error, "--version", "run"), -1);
	assert_string_equal(error, "--version takes no arguments");
	cli_free(&o);
}

static void test_commands(void **state)
{
	(void)state;
	struct cli_options o;
	char error[256];

	assert_int_equal(PARSE(&o, error, "list"), 0);
	assert_int_equal(o.command, COMMAND_LIST);
	assert_int_equal(o.pattern_count, 0);
	assert_defaults(&o);
	cli_free(&o);

	assert_int_equal(PARSE(&o, error, "list", "seed_v4v6", "*/bindv6only=1"), 0);
	assert_int_equal(o.command, COMMAND_LIST);
	assert_int_equal(o.pattern_count, 2);
	assert_string_equal(o.patterns[0], "seed_v4v6");
	assert_string_equal(o.patterns[1], "*/bindv6only=1");
	cli_free(&o);
	assert_null(o.patterns);
	assert_int_equal(o.pattern_count, 0);

	assert_int_equal(PARSE(&o, error, "run"), 0);
	assert_int_equal(o.command, COMMAND_RUN);
	assert_int_equal(o.pattern_count, 0);
	assert_defaults(&o);
	cli_free(&o);

	assert_int_equal(PARSE(&o, error, "show", "seed_v4v6/bindv6only=0"), 0);
	assert_int_equal(o.command, COMMAND_SHOW);
	assert_int_equal(o.actual, 0);
	assert_int_equal(o.pattern_count, 1);
	assert_string_equal(o.patterns[0], "seed_v4v6/bindv6only=0");
	cli_free(&o);

	assert_int_equal(PARSE(&o, error, "show", "--actual", "seed_v4v6/bindv6only=1"), 0);
	assert_int_equal(o.command, COMMAND_SHOW);
	assert_int_equal(o.actual, 1);
	assert_string_equal(o.patterns[0], "seed_v4v6/bindv6only=1");
	cli_free(&o);
	assert_int_equal(PARSE(&o, error, "show", "x/y", "--actual"), 0);
	assert_int_equal(o.actual, 1);
	assert_int_equal(o.view, VIEW_NONE);
	cli_free(&o);

	/* show --view netstat|ss, in either form, anywhere, with --actual. */
	assert_int_equal(PARSE(&o, error, "show", "--view", "netstat", "seed_v4v6/bindv6only=0"), 0);
	assert_int_equal(o.command, COMMAND_SHOW);
	assert_int_equal(o.view, VIEW_NETSTAT);
	assert_int_equal(o.actual, 0);
	assert_int_equal(o.pattern_count, 1);
	assert_string_equal(o.patterns[0], "seed_v4v6/bindv6only=0");
	cli_free(&o);
	assert_int_equal(PARSE(&o, error, "show", "x/y", "--actual", "--view=ss", "--expected", "e"), 0);
	assert_int_equal(o.view, VIEW_SS);
	assert_int_equal(o.actual, 1);
	assert_string_equal(o.expected_dir, "e");
	assert_string_equal(o.patterns[0], "x/y");
	cli_free(&o);
	/* The last one wins. */
	assert_int_equal(PARSE(&o, error, "show", "--view", "ss", "--view", "netstat", "x/y"), 0);
	assert_int_equal(o.view, VIEW_NETSTAT);
	cli_free(&o);

	/* show --file PATH: a file in the goldens' form instead of a case. */
	assert_int_equal(PARSE(&o, error, "show", "--view", "ss", "--file", "cap/01-end.rows"), 0);
	assert_int_equal(o.view, VIEW_SS);
	assert_string_equal(o.show_file, "cap/01-end.rows");
	assert_int_equal(o.pattern_count, 0);
	cli_free(&o);
	assert_int_equal(PARSE(&o, error, "show", "--file=a b"), 0);
	assert_string_equal(o.show_file, "a b");
	assert_int_equal(o.view, VIEW_NONE);
	cli_free(&o);

	assert_int_equal(PARSE(&o, error, "check"), 0);
	assert_int_equal(o.command, COMMAND_CHECK);
	cli_free(&o);

	assert_int_equal(PARSE(&o, error, "help"), 0);
	assert_int_equal(o.command, COMMAND_HELP);
	assert_null(o.help_topic);
	cli_free(&o);
	assert_int_equal(PARSE(&o, error, "help", "run"), 0);
	assert_int_equal(o.command, COMMAND_HELP);
	assert_string_equal(o.help_topic, "run");
	cli_free(&o);

	/* "COMMAND --help" is help on that command. */
	static const char *const names[] = {"run", "list", "show", "check"};
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(PARSE(&o, error, names[i], "--help"), 0);
		assert_int_equal(o.command, COMMAND_HELP);
		assert_string_equal(o.help_topic, names[i]);
		cli_free(&o);
		assert_int_equal(PARSE(&o, error, names[i], "-h"), 0);
		assert_int_equal(o.command, COMMAND_HELP);
		assert_string_equal(o.help_topic, names[i]);
		cli_free(&o);
	}
	/* ...even after options and patterns. */
	assert_int_equal(PARSE(&o, error, "run", "--jobs", "2", "x", "--help"), 0);
	assert_int_equal(o.command, COMMAND_HELP);
	assert_string_equal(o.help_topic, "run");
	cli_free(&o);
}

static void test_run_options(void **state)
{
	(void)state;
	struct cli_options o;
	char error[256];

	assert_int_equal(PARSE(&o, error, "run", "--jobs", "4", "--timeout", "2.5", "--format",
			       "json", "--update", "--keep", "--expected", "/tmp/exp",
			       "--actual-dir", "/tmp/act"), 0);
	assert_int_equal(o.command, COMMAND_RUN);
	assert_int_equal(o.jobs, 4);
	assert_true(o.timeout_seconds == 2.5);
	assert_int_equal(o.format, FORMAT_JSON);
	assert_int_equal(o.update, 1);
	assert_int_equal(o.keep, 1);
	assert_string_equal(o.expected_dir, "/tmp/exp");
	assert_string_equal(o.actual_dir, "/tmp/act");
	assert_null(o.capture_dir);
	assert_int_equal(o.pattern_count, 0);
	cli_free(&o);

	assert_int_equal(PARSE(&o, error, "run", "--capture-tools", "cap", "seed_v4v6"), 0);
	assert_string_equal(o.capture_dir, "cap");
	assert_int_equal(o.pattern_count, 1);
	cli_free(&o);
	assert_int_equal(PARSE(&o, error, "run", "--capture-tools=/tmp/cap"), 0);
	assert_string_equal(o.capture_dir, "/tmp/cap");
	cli_free(&o);

	/* The --name=VALUE form. */
	assert_int_equal(PARSE(&o, error, "run", "--jobs=3", "--timeout=60", "--format=ktap",
			       "--expected=e", "--actual-dir=a"), 0);
	assert_int_equal(o.jobs, 3);
	assert_true(o.timeout_seconds == 60.0);
	assert_int_equal(o.format, FORMAT_KTAP);
	assert_string_equal(o.expected_dir, "e");
	assert_string_equal(o.actual_dir, "a");
	cli_free(&o);

	assert_int_equal(PARSE(&o, error, "run", "--format", "human"), 0);
	assert_int_equal(o.format, FORMAT_HUMAN);
	cli_free(&o);

	/* Limits. */
	assert_int_equal(PARSE(&o, error, "run", "--jobs", "1", "--timeout", "86400"), 0);
	assert_int_equal(o.jobs, 1);
	assert_true(o.timeout_seconds == 86400.0);
	cli_free(&o);
	assert_int_equal(PARSE(&o, error, "run", "--jobs", "1024", "--timeout", "0.001"), 0);
	assert_int_equal(o.jobs, 1024);
	assert_true(o.timeout_seconds == 0.001);
	cli_free(&o);

	/* The last of a repeated option wins. */
	assert_int_equal(PARSE(&o, error, "run", "--jobs", "2", "--jobs=5", "--format", "json",
			       "--format", "ktap"), 0);
	assert_int_equal(o.jobs, 5);
	assert_int_equal(o.format, FORMAT_KTAP);
	cli_free(&o);
}

static void test_patterns_and_options(void **state)
{
	(void)state;
	struct cli_options o;
	char error[256];

	assert_int_equal(PARSE(&o, error, "run", "seed_v4v6", "--jobs", "2", "*/bindv6only=1",
			       "--keep", "v6only_explicit/bindv6only=0"), 0);
	assert_int_equal(o.jobs, 2);
	assert_int_equal(o.keep, 1);
	assert_int_equal(o.pattern_count, 3);
	assert_string_equal(o.patterns[0], "seed_v4v6");
	assert_string_equal(o.patterns[1], "*/bindv6only=1");
	assert_string_equal(o.patterns[2], "v6only_explicit/bindv6only=0");
	cli_free(&o);

	/* After "--" everything is a pattern, "--" itself is not. */
	assert_int_equal(PARSE(&o, error, "run", "--keep", "--", "--jobs", "-x", "--", "a"), 0);
	assert_int_equal(o.keep, 1);
	assert_int_equal(o.jobs, 0);
	assert_int_equal(o.pattern_count, 4);
	assert_string_equal(o.patterns[0], "--jobs");
	assert_string_equal(o.patterns[1], "-x");
	assert_string_equal(o.patterns[2], "--");
	assert_string_equal(o.patterns[3], "a");
	cli_free(&o);

	/* "-" is a pattern. */
	assert_int_equal(PARSE(&o, error, "list", "-"), 0);
	assert_int_equal(o.pattern_count, 1);
	assert_string_equal(o.patterns[0], "-");
	cli_free(&o);

	/* A pattern that starts with '-' after "--" for show. */
	assert_int_equal(PARSE(&o, error, "show", "--", "-odd"), 0);
	assert_int_equal(o.pattern_count, 1);
	assert_string_equal(o.patterns[0], "-odd");
	cli_free(&o);
}

/* Expect -1 and a one-line message containing `contains`. */
static void expect_failure(const char *const *args, const char *contains)
{
	struct cli_options o;
	char error[256];
	int rc = parse_args(args, &o, error, sizeof error);
	cli_free(&o);
	assert_null(o.patterns);
	if (rc != -1)
		fail_msg("accepted: %s %s ...", args[0], args[1] ? args[1] : "");
	if (error[0] == '\0' || strchr(error, '\n'))
		fail_msg("error message \"%s\" is not one line", error);
	if (!strstr(error, contains))
		fail_msg("error \"%s\" does not mention \"%s\"", error, contains);
}

#define EXPECT_FAILURE(contains, ...) \
	expect_failure((const char *const[]){__VA_ARGS__, NULL}, contains)

static void test_bad_input(void **state)
{
	(void)state;
	EXPECT_FAILURE("unknown command 'frob'", "frob");
	EXPECT_FAILURE("unknown command 'RUN'", "RUN");
	EXPECT_FAILURE("unknown command", "");
	EXPECT_FAILURE("unknown option '--jobs'", "--jobs", "2");
	EXPECT_FAILURE("unknown option '-x'", "-x");
	EXPECT_FAILURE("unknown option '--frob' for 'run'", "run", "--frob");
	EXPECT_FAILURE("unknown option '--jobsx' for 'run'", "run", "--jobsx", "2");
	EXPECT_FAILURE("unknown option '-j' for 'run'", "run", "-j", "2");
	/* Options of run are not options of the other commands. */
	EXPECT_FAILURE("unknown option '--jobs' for 'list'", "list", "--jobs", "2");
	EXPECT_FAILURE("unknown option '--update' for 'show'", "show", "--update", "x");
	EXPECT_FAILURE("unknown option '--actual' for 'run'", "run", "--actual");
	EXPECT_FAILURE("unknown option '--keep' for 'help'", "help", "--keep");

	EXPECT_FAILURE("--jobs needs a whole number from 1 to 1024, not '0'", "run", "--jobs", "0");
	EXPECT_FAILURE("not '-1'", "run", "--jobs", "-1");
	EXPECT_FAILURE("not 'abc'", "run", "--jobs", "abc");
	EXPECT_FAILURE("not '99999'", "run", "--jobs", "99999");
	EXPECT_FAILURE("not '1025'", "run", "--jobs", "1025");
	EXPECT_FAILURE("not '2.5'", "run", "--jobs", "2.5");
	EXPECT_FAILURE("not '3x'", "run", "--jobs=3x");
	EXPECT_FAILURE("not ''", "run", "--jobs=");
	EXPECT_FAILURE("not '99999999999999999999'", "run", "--jobs", "99999999999999999999");
	EXPECT_FAILURE("--jobs needs", "run", "--jobs");
	/* strtol and strtod would take these; a number is digits. */
	EXPECT_FAILURE("--jobs needs", "run", "--jobs", " 3");
	EXPECT_FAILURE("--jobs needs", "run", "--jobs", "+3");
	EXPECT_FAILURE("--timeout needs", "run", "--timeout", "0x10");
	EXPECT_FAILURE("--timeout needs", "run", "--timeout", "1e3");
	EXPECT_FAILURE("--timeout needs", "run", "--timeout", " 5");
	/* The message quotes the value, and stays one line. */
	EXPECT_FAILURE("not 'a?b'", "run", "--jobs", "a\nb");

	EXPECT_FAILURE("--timeout needs a positive number of seconds (at most 86400), not '-1'",
		       "run", "--timeout", "-1");
	EXPECT_FAILURE("not '0'", "run", "--timeout", "0");
	EXPECT_FAILURE("not '0.0'", "run", "--timeout", "0.0");
	EXPECT_FAILURE("not 'abc'", "run", "--timeout", "abc");
	EXPECT_FAILURE("not 'inf'", "run", "--timeout", "inf");
	EXPECT_FAILURE("not 'infinity'", "run", "--timeout", "infinity");
	EXPECT_FAILURE("not 'nan'", "run", "--timeout", "nan");
	EXPECT_FAILURE("not 'NAN'", "run", "--timeout=NAN");
	EXPECT_FAILURE("not '86401'", "run", "--timeout", "86401");
	EXPECT_FAILURE("not '1e999'", "run", "--timeout", "1e999");
	EXPECT_FAILURE("not '10s'", "run", "--timeout", "10s");
	EXPECT_FAILURE("not ''", "run", "--timeout", "");
	EXPECT_FAILURE("--timeout needs", "run", "--timeout");

	EXPECT_FAILURE("--format must be human, json or ktap, not 'xml'", "run", "--format", "xml");
	EXPECT_FAILURE("not 'JSON'", "run", "--format", "JSON");
	EXPECT_FAILURE("not ''", "run", "--format=");
	EXPECT_FAILURE("--format must be", "run", "--format");

	EXPECT_FAILURE("--expected needs a directory", "run", "--expected");
	EXPECT_FAILURE("--expected needs a directory", "run", "--expected=");
	EXPECT_FAILURE("--actual-dir needs a directory", "run", "--actual-dir");
	EXPECT_FAILURE("--actual-dir needs a directory", "run", "--actual-dir=");

	EXPECT_FAILURE("--view must be netstat or ss, not 'top'", "show", "--view", "top", "x/y");
	EXPECT_FAILURE("not 'SS'", "show", "--view=SS", "x/y");
	EXPECT_FAILURE("not 'golden'", "show", "x/y", "--view", "golden");
	EXPECT_FAILURE("not 'netstat '", "show", "--view", "netstat ", "x/y");
	EXPECT_FAILURE("not ''", "show", "--view=", "x/y");
	EXPECT_FAILURE("not 'a?b'", "show", "--view", "a\nb", "x/y");
	EXPECT_FAILURE("--view must be", "show", "x/y", "--view");
	EXPECT_FAILURE("unknown option '--view' for 'run'", "run", "--view", "ss");
	EXPECT_FAILURE("unknown option '--view' for 'snapshot'", "snapshot", "--view", "ss");
	EXPECT_FAILURE("unknown option '--views' for 'show'", "show", "--views", "ss", "x/y");
	EXPECT_FAILURE("show needs exactly one CASE", "show", "--view", "ss");
	EXPECT_FAILURE("show needs exactly one CASE", "show");
	EXPECT_FAILURE("show needs exactly one CASE", "show", "--actual");
	EXPECT_FAILURE("show needs exactly one CASE", "show", "a/b", "c/d");
	EXPECT_FAILURE("--file needs a path", "show", "--file");
	EXPECT_FAILURE("--file needs a path", "show", "--file=");
	EXPECT_FAILURE("show --file PATH takes no CASE and no --actual", "show", "--file", "f", "x/y");
	EXPECT_FAILURE("show --file PATH takes no CASE and no --actual", "show", "--actual", "--file", "f");
	EXPECT_FAILURE("unknown option '--file' for 'run'", "run", "--file", "f");
	EXPECT_FAILURE("--capture-tools needs a directory", "run", "--capture-tools");
	EXPECT_FAILURE("--capture-tools needs a directory", "run", "--capture-tools=");
	EXPECT_FAILURE("unknown option '--capture-tools' for 'show'", "show", "--capture-tools", "d", "x/y");
	EXPECT_FAILURE("unknown option '--capture-tools' for 'report'", "report", "--html", "h",
		       "--capture-tools", "d");
	EXPECT_FAILURE("check takes no arguments", "check", "extra");
	EXPECT_FAILURE("check takes no arguments", "check", "--", "x");
	EXPECT_FAILURE("unknown option '--keep' for 'check'", "check", "--keep");
}

static void test_parse_positive(void **state)
{
	(void)state;
	double v = -1;
	assert_int_equal(cli_parse_positive("10", &v), 0);
	assert_true(v == 10.0);
	assert_int_equal(cli_parse_positive("2.5", &v), 0);
	assert_true(v == 2.5);
	v = 7;
	static const char *const bad[] = {"0", "-1", "", " ", "x", "1x", "inf", "-inf", "nan",
					  "86400.5", "1e10", "1e-400"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (cli_parse_positive(bad[i], &v) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
	assert_true(v == 7); /* untouched on failure */
}

static void test_help_texts(void **state)
{
	(void)state;
	const char *main_text = cli_help(NULL);
	assert_non_null(strstr(main_text, "usage: dslab COMMAND"));
	assert_non_null(strstr(cli_help("run"), "--jobs N"));
	assert_non_null(strstr(cli_help("run"), TIMEOUT_MULTIPLIER_VARIABLE));
	assert_non_null(strstr(cli_help("list"), "usage: dslab list"));
	assert_non_null(strstr(cli_help("show"), "usage: dslab show"));
	assert_non_null(strstr(cli_help("show"), "--view netstat|ss"));
	assert_non_null(strstr(cli_help("show"), "Recv-Q and Send-Q print 0"));
	assert_non_null(strstr(cli_help("show"), "--file PATH"));
	assert_non_null(strstr(cli_help("run"), "--capture-tools DIR"));
	assert_non_null(strstr(main_text, "--view netstat|ss"));
	assert_non_null(strstr(cli_help("check"), "usage: dslab check"));
	assert_ptr_equal(cli_help("frob"), main_text);
	assert_ptr_equal(cli_help("help"), main_text);
}

/* report --html DIR: run's options that make sense for it, and its own. */
static void test_reproduce_and_kernel_image(void **state)
{
	(void)state;
	struct cli_options o;
	char error[256];
	assert_int_equal(PARSE(&o, error, "reproduce", "bind_matrix_tcp/x", "--cell", "[::1] v6only=1",
			       "0.0.0.0", "-o", "r.c"), 0);
	assert_int_equal(o.command, COMMAND_REPRODUCE);
	assert_string_equal(o.cell_row, "[::1] v6only=1");
	assert_string_equal(o.cell_column, "0.0.0.0");
	assert_string_equal(o.output, "r.c");
	assert_int_equal(o.pattern_count, 1);
	cli_free(&o);
	assert_int_equal(PARSE(&o, error, "kernels", "--kernel-image", "bzImage", "--modules=m", "--name",
			       "mine-6.1", "--no-musl"), 0);
	assert_string_equal(o.kernel_image, "bzImage");
	assert_string_equal(o.kernel_modules, "m");
	assert_string_equal(o.kernel_name, "mine-6.1");
	cli_free(&o);
	EXPECT_FAILURE("reproduce needs exactly one CASE", "reproduce");
	EXPECT_FAILURE("reproduce needs exactly one CASE", "reproduce", "a", "b");
	EXPECT_FAILURE("--cell needs a ROW and a COLUMN", "reproduce", "a", "--cell", "x");
	EXPECT_FAILURE("-o needs a FILE", "reproduce", "a", "-o");
	EXPECT_FAILURE("unknown option '--cell' for 'run'", "run", "--cell", "a", "b");
	EXPECT_FAILURE("--modules and --name go with --kernel-image", "kernels", "--modules", "m");
	EXPECT_FAILURE("--name needs a NAME", "kernels", "--kernel-image", "b", "--name", "Bad/Name");
	EXPECT_FAILURE("--kernel-image needs a PATH", "kernels", "--kernel-image=");
}

static void test_report_options(void **state)
{
	(void)state;
	struct cli_options o;
	char error[256];
	assert_int_equal(PARSE(&o, error, "report", "--html", "out", "--jobs", "2", "--timeout=5",
			       "--kernel-diff", "d.md", "--expected", "e", "seed_v4v6"), 0);
	assert_int_equal(o.command, COMMAND_REPORT);
	assert_string_equal(o.html_dir, "out");
	assert_string_equal(o.kernel_diff, "d.md");
	assert_int_equal(o.jobs, 2);
	assert_true(o.timeout_seconds == 5);
	assert_string_equal(o.expected_dir, "e");
	assert_int_equal(o.pattern_count, 1);
	assert_int_equal(o.format, FORMAT_HUMAN);
	cli_free(&o);
	assert_int_equal(PARSE(&o, error, "report", "--html=out"), 0);
	assert_string_equal(o.html_dir, "out");
	assert_null(o.kernel_diff);
	cli_free(&o);
	assert_int_equal(PARSE(&o, error, "report", "--help"), 0);
	assert_int_equal(o.command, COMMAND_HELP);
	assert_string_equal(o.help_topic, "report");
	cli_free(&o);
	assert_non_null(strstr(cli_help("report"), "usage: dslab report --html DIR"));
	assert_non_null(strstr(cli_help("report"), "build/kernels/diff.md"));
	assert_non_null(strstr(cli_help(NULL), "report --html DIR"));

	EXPECT_FAILURE("report needs --html DIR", "report");
	EXPECT_FAILURE("report needs --html DIR", "report", "seed_v4v6");
	EXPECT_FAILURE("--html needs a directory", "report", "--html");
	EXPECT_FAILURE("--html needs a directory", "report", "--html=");
	EXPECT_FAILURE("--kernel-diff needs a file", "report", "--html", "d", "--kernel-diff");
	/* What would change goldens or the output format is run's only. */
	EXPECT_FAILURE("unknown option '--update' for 'report'", "report", "--html", "d", "--update");
	EXPECT_FAILURE("unknown option '--keep' for 'report'", "report", "--html", "d", "--keep");
	EXPECT_FAILURE("unknown option '--format' for 'report'", "report", "--html", "d", "--format", "json");
	EXPECT_FAILURE("unknown option '--html' for 'run'", "run", "--html", "d");

	/* --runtimes-table prints the README's table and runs nothing. */
	assert_int_equal(PARSE(&o, error, "report", "--runtimes-table", "--expected", "e"), 0);
	assert_int_equal(o.command, COMMAND_REPORT);
	assert_true(o.runtimes_table);
	assert_null(o.html_dir);
	assert_string_equal(o.expected_dir, "e");
	cli_free(&o);
	assert_non_null(strstr(cli_help("report"), "--runtimes-table"));
	const char *alone = "--runtimes-table prints the table and runs nothing: no --html, --kernel-diff or CASE";
	EXPECT_FAILURE(alone, "report", "--runtimes-table", "--html", "d");
	EXPECT_FAILURE(alone, "report", "--runtimes-table", "--kernel-diff", "d.md");
	EXPECT_FAILURE(alone, "report", "--runtimes-table", "seed_v4v6");
	EXPECT_FAILURE("unknown option '--runtimes-table' for 'run'", "run", "--runtimes-table");
}

/* --- cases_all / cases_select (the catalogue built from scenarios/) --- */

static const struct case_def *find_named(const struct case_list *list, const char *name)
{
	const struct case_def *c = cases_find(list, name);
	if (!c)
		fail_msg("no case %s", name);
	return c;
}

/* A catalogue of our own: axes cross with bindv6only, last axis fastest. */
static void test_cases_expand_axes(void **state)
{
	(void)state;
	static const struct axis axes[] = {
		{"a", SETTING_SYSCTL, "/proc/sys/x/a", {"1", "2", NULL}},
		{"b", SETTING_SYSCTL, "/proc/sys/x/b", {"p", "q", "r", NULL}},
	};
	static const struct scenario catalogue[] = {
		{"plain", "", NULL, 0, 0},
		{"crossed", "cap_net_bind_service", axes, 2, 0},
	};
	struct case_list list = {0};
	assert_int_equal(cases_expand(catalogue, 2, &list), 0);
	assert_int_equal(list.count, 2 + 2 * 2 * 3);
	assert_string_equal(list.item[0].name, "plain/bindv6only=0");
	assert_string_equal(list.item[1].name, "plain/bindv6only=1");
	assert_string_equal(list.item[2].name, "crossed/bindv6only=0,a=1,b=p");
	assert_string_equal(list.item[3].name, "crossed/bindv6only=0,a=1,b=q");
	assert_string_equal(list.item[5].name, "crossed/bindv6only=0,a=2,b=p");
	assert_string_equal(list.item[13].name, "crossed/bindv6only=1,a=2,b=r");
	const struct variant *v = &list.item[13].variant;
	assert_int_equal(v->setting_count, 3);
	assert_string_equal(v->setting[0].path, "/proc/sys/net/ipv6/bindv6only");
	assert_string_equal(v->setting[1].path, "/proc/sys/x/a");
	assert_string_equal(v->setting[1].value, "2");
	assert_string_equal(v->setting[2].key, "b");
	assert_string_equal(v->setting[2].value, "r");
	assert_string_equal(list.item[13].variant_name, "bindv6only=1,a=2,b=r");
	cases_free(&list);
}

static void test_cases_all(void **state)
{
	(void)state;
	size_t variant_count;
	const struct variant *variants = variants_all(&variant_count);
	assert_int_equal(variant_count, 2);
	assert_int_equal(variants[0].setting_count, 1);
	assert_string_equal(variants[0].setting[0].key, "bindv6only");
	assert_string_equal(variants[0].setting[0].path, "/proc/sys/net/ipv6/bindv6only");
	assert_string_equal(variants[0].setting[0].value, "0");
	assert_string_equal(variants[1].setting[0].value, "1");

	struct case_list all = {0};
	assert_int_equal(cases_all(&all), 0);
	assert_true(scenario_catalogue_count >= 1);
	assert_true(all.count >= scenario_catalogue_count * variant_count);
	/* Catalogue order, bindv6only first in every variant name, no twins. */
	size_t s = 0;
	for (size_t i = 0; i < all.count; i++) {
		const struct case_def *c = &all.item[i];
		while (s < scenario_catalogue_count && c->scenario != &scenario_catalogue[s])
			s++;
		assert_true(s < scenario_catalogue_count);
		char want[256];
		snprintf(want, sizeof want, "%s/bindv6only=", scenario_catalogue[s].name);
		assert_memory_equal(c->name, want, strlen(want));
		assert_string_equal(c->name + strlen(scenario_catalogue[s].name) + 1, c->variant_name);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(all.item[j].name, c->name);
	}
	const struct case_def *seed = find_named(&all, "seed_v4v6/bindv6only=1");
	assert_string_equal(seed->scenario->name, "seed_v4v6");
	assert_string_equal(seed->scenario->capabilities, "");
	assert_null(cases_find(&all, "seed_v4v6"));
	assert_null(cases_find(&all, "seed_v4v6/bindv6only=2"));
	assert_null(cases_find(&all, ""));
	cases_free(&all);
	assert_null(all.item);
	assert_int_equal(all.count, 0);
}

/* Select with the patterns; returns the rc, fills names (space-joined). */
static int select_names(const struct case_list *all, const char *const *patterns, char *names,
			size_t size, const char **unmatched)
{
	size_t count = 0;
	while (patterns[count])
		count++;
	struct case_list selected = {0};
	*unmatched = NULL;
	int rc = cases_select(all, (char *const *)patterns, count, &selected, unmatched);
	names[0] = '\0';
	if (rc == 0) {
		for (size_t i = 0; i < selected.count; i++) {
			strncat(names, selected.item[i].name, size - strlen(names) - 1);
			strncat(names, " ", size - strlen(names) - 1);
		}
		cases_free(&selected);
	} else {
		assert_null(selected.item);
	}
	return rc;
}

#define SELECT(all, names, unmatched, ...) \
	select_names(all, (const char *const[]){__VA_ARGS__, NULL}, names, sizeof names, unmatched)

static void test_cases_select(void **state)
{
	(void)state;
	/* A catalogue of our own, so new lessons do not change the answers. */
	static const struct scenario catalogue[] = {
		{"seed_v4v6", "", NULL, 0, 0},
		{"v6only_explicit", "", NULL, 0, 0},
	};
	const size_t scenario_count = 2;
	struct case_list all = {0};
	assert_int_equal(cases_expand(catalogue, scenario_count, &all), 0);
	find_named(&all, "seed_v4v6/bindv6only=0");
	char names[4096];
	const char *unmatched;

	/* A bare scenario name: all its variants, and only its. */
	assert_int_equal(SELECT(&all, names, &unmatched, "seed_v4v6"), 0);
	assert_string_equal(names, "seed_v4v6/bindv6only=0 seed_v4v6/bindv6only=1 ");
	assert_null(unmatched);

	/* An exact case name. */
	assert_int_equal(SELECT(&all, names, &unmatched, "seed_v4v6/bindv6only=1"), 0);
	assert_string_equal(names, "seed_v4v6/bindv6only=1 ");

	/* Globs over case names ('*' crosses '/'), and over scenario names. */
	assert_int_equal(SELECT(&all, names, &unmatched, "seed_v4v6/*=0"), 0);
	assert_string_equal(names, "seed_v4v6/bindv6only=0 ");
	assert_int_equal(SELECT(&all, names, &unmatched, "seed_v4v?"), 0);
	assert_string_equal(names, "seed_v4v6/bindv6only=0 seed_v4v6/bindv6only=1 ");
	assert_int_equal(SELECT(&all, names, &unmatched, "s[e]ed*=1"), 0);
	assert_string_equal(names, "seed_v4v6/bindv6only=1 ");

	/* "*=1" picks one case per scenario, in catalogue order. */
	assert_int_equal(SELECT(&all, names, &unmatched, "*=1"), 0);
	size_t count = 0;
	for (const char *p = names; (p = strstr(p, "=1 ")); p++)
		count++;
	assert_int_equal(count, scenario_count);
	assert_null(strstr(names, "=0"));
	assert_non_null(strstr(names, "seed_v4v6/bindv6only=1 "));
	char star[4096];
	snprintf(star, sizeof star, "%s", names);
	assert_int_equal(SELECT(&all, names, &unmatched, "*/bindv6only=1"), 0);
	assert_string_equal(names, star);

	/* Overlapping patterns select each case once, in catalogue order. */
	assert_int_equal(SELECT(&all, names, &unmatched, "seed_v4v6/bindv6only=1", "seed_v4v6",
				"seed*"), 0);
	assert_string_equal(names, "seed_v4v6/bindv6only=0 seed_v4v6/bindv6only=1 ");

	/* No patterns: everything. */
	assert_int_equal(select_names(&all, (const char *const[]){NULL}, names, sizeof names,
				      &unmatched), 0);
	count = 0;
	for (const char *p = names; *p; p++)
		count += *p == ' ';
	assert_int_equal(count, all.count);

	/* Unmatched: the first pattern that matches nothing, and no selection. */
	assert_int_equal(SELECT(&all, names, &unmatched, "nosuch"), -1);
	assert_string_equal(unmatched, "nosuch");
	assert_int_equal(SELECT(&all, names, &unmatched, "seed_v4v6", "nope/*", "nada"), -1);
	assert_string_equal(unmatched, "nope/*");
	/* A bare name must be the whole scenario name... */
	assert_int_equal(SELECT(&all, names, &unmatched, "seed"), -1);
	assert_string_equal(unmatched, "seed");
	/* ...and a variant name alone is not a case name. */
	assert_int_equal(SELECT(&all, names, &unmatched, "bindv6only=0"), -1);
	assert_string_equal(unmatched, "bindv6only=0");
	/* With a '/', the pattern is over case names only. */
	assert_int_equal(SELECT(&all, names, &unmatched, "seed_v4v6/"), -1);
	assert_int_equal(SELECT(&all, names, &unmatched, "seed_v4v6/bindv6only=2"), -1);
	assert_int_equal(SELECT(&all, names, &unmatched, "SEED_V4V6"), -1);
	cases_free(&all);
}

/* --- json_write_string --- */

static char *json_of(const char *text)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	assert_non_null(f);
	json_write_string(f, text);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(strlen(out), len);
	return out;
}

static void expect_json(const char *text, const char *want)
{
	char *got = json_of(text);
	if (strcmp(got, want) != 0)
		fail_msg("json of \"%s\" is %s, not %s", text, got, want);
	free(got);
}

static void test_json_string(void **state)
{
	(void)state;
	expect_json("", "\"\"");
	expect_json("seed_v4v6/bindv6only=0", "\"seed_v4v6/bindv6only=0\"");
	expect_json("say \"hi\"", "\"say \\\"hi\\\"\"");
	expect_json("C:\\path\\", "\"C:\\\\path\\\\\"");
	expect_json("line 1\nline 2\n", "\"line 1\\nline 2\\n\"");
	expect_json("a\tb\rc", "\"a\\tb\\rc\"");
	expect_json("\001", "\"\\u0001\"");
	expect_json("bell\a", "\"bell\\u0007\"");
	expect_json("\b\f", "\"\\u0008\\u000c\"");
	expect_json("\033[1m", "\"\\u001b[1m\"");
	expect_json("\037", "\"\\u001f\"");
	expect_json("del\177", "\"del\\u007f\"");
	expect_json(" ~/", "\" ~/\"");
	/* UTF-8 is passed through as bytes. */
	expect_json("caf\xc3\xa9 \xe2\x86\x92", "\"caf\xc3\xa9 \xe2\x86\x92\"");
	expect_json("\"\\\n", "\"\\\"\\\\\\n\"");
}

static void test_json_string_fmemopen(void **state)
{
	(void)state;
	/* Into a fixed buffer, as a FILE of another kind. */
	char buf[64];
	memset(buf, 0, sizeof buf);
	FILE *f = fmemopen(buf, sizeof buf, "w");
	assert_non_null(f);
	json_write_string(f, "x\"y\x01");
	assert_int_equal(fclose(f), 0);
	assert_string_equal(buf, "\"x\\\"y\\u0001\"");
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_no_arguments),
	cmocka_unit_test(test_commands),
	cmocka_unit_test(test_run_options),
	cmocka_unit_test(test_patterns_and_options),
	cmocka_unit_test(test_bad_input),
	cmocka_unit_test(test_parse_positive),
	cmocka_unit_test(test_help_texts),
	cmocka_unit_test(test_report_options),
	cmocka_unit_test(test_reproduce_and_kernel_image),
	cmocka_unit_test(test_cases_all),
	cmocka_unit_test(test_cases_expand_axes),
	cmocka_unit_test(test_cases_select),
	cmocka_unit_test(test_json_string),
	cmocka_unit_test(test_json_string_fmemopen),
};

UNIT_TEST_MAIN(tests)
