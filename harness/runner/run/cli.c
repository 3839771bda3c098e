#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int view_from_name(const char *name, enum view *view)
{
	if (strcmp(name, "netstat") == 0)
		*view = VIEW_NETSTAT;
	else if (strcmp(name, "ss") == 0)
		*view = VIEW_SS;
	else
		return -1;
	return 0;
}

int cli_parse_positive(const char *text, double *value)
{
	/* Plain decimals only: strtod would also take " 1", "+1", "0x10", "1e3". */
	if (!*text || strspn(text, "0123456789.") != strlen(text))
		return -1;
	char *end;
	errno = 0;
	double v = strtod(text, &end);
	if (errno || end == text || *end || !isfinite(v) || v <= 0 || v > 86400)
		return -1;
	*value = v;
	return 0;
}

static int parse_jobs(const char *text, unsigned *jobs)
{
	if (!*text || strspn(text, "0123456789") != strlen(text))
		return -1;
	char *end;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (errno || end == text || *end || v < 1 || v > 1024)
		return -1;
	*jobs = (unsigned)v;
	return 0;
}

static const struct {
	const char *name;
	enum command command;
} commands[] = {
	{"help", COMMAND_HELP}, {"list", COMMAND_LIST}, {"run", COMMAND_RUN},
	{"show", COMMAND_SHOW}, {"check", COMMAND_CHECK}, {"snapshot", COMMAND_SNAPSHOT},
	{"explain", COMMAND_EXPLAIN},
	{"report", COMMAND_REPORT},
	{"kernels", COMMAND_KERNELS},
	{"doctor", COMMAND_DOCTOR},
	{"reproduce", COMMAND_REPRODUCE},
};

/* The message quotes what the user typed: keep it on one line. */
static void one_line(char *text)
{
	for (; *text; text++)
		if (iscntrl((unsigned char)*text))
			*text = '?';
}

#define FAIL(...) do { snprintf(error, error_size, __VA_ARGS__); one_line(error); return -1; } while (0)

const char *cli_option_value(int argc, char **argv, int *i, const char *name)
{
	size_t len = strlen(name);
	if (strncmp(argv[*i], name, len) == 0 && argv[*i][len] == '=')
		return argv[*i] + len + 1;
	if (strcmp(argv[*i], name) == 0 && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

int cli_is_option(const char *arg, const char *name)
{
	size_t len = strlen(name);
	return strncmp(arg, name, len) == 0 && (arg[len] == '\0' || arg[len] == '=');
}

int cli_parse(int argc, char **argv, struct cli_options *o, char *error, size_t error_size)
{
	memset(o, 0, sizeof *o);
	o->timeout_seconds = DEFAULT_TIMEOUT_SECONDS;
	o->format = FORMAT_HUMAN;
	o->command = COMMAND_HELP;
	o->patterns = NULL;
	if (argc < 2)
		return 0;

	int i = 1;
	const char *name = argv[i];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
		return 0;
	size_t c = 0;
	while (c < sizeof commands / sizeof commands[0] && strcmp(commands[c].name, name) != 0)
		c++;
	if (c == sizeof commands / sizeof commands[0]) {
		if (name[0] == '-')
			FAIL("unknown option '%s' (see dslab --help)", name);
		FAIL("unknown command '%s' (see dslab --help)", name);
	}
	o->command = commands[c].command;
	if (o->command == COMMAND_DOCTOR) {
		/* Its own options, checked by doctor_parse. */
		o->doctor_argc = argc - 2;
		o->doctor_argv = argv + 2;
		return 0;
	}

	int only_patterns = 0;
	o->patterns = calloc((size_t)argc, sizeof *o->patterns);
	o->kernels = calloc((size_t)argc, sizeof *o->kernels);
	if (o->command == COMMAND_KERNELS)
		o->timeout_seconds = DEFAULT_VM_TIMEOUT_SECONDS;
	if (!o->patterns || !o->kernels)
		FAIL("out of memory");
	for (i = 2; i < argc; i++) {
		const char *arg = argv[i];
		int is_report = o->command == COMMAND_REPORT;
		int is_run = o->command == COMMAND_RUN || is_report; /* report runs cases too */
		int is_kernels = o->command == COMMAND_KERNELS;
		int is_snapshot = o->command == COMMAND_SNAPSHOT;
		int is_explain = o->command == COMMAND_EXPLAIN;
		int is_reproduce = o->command == COMMAND_REPRODUCE;
		int takes_dirs = is_run || o->command == COMMAND_SHOW || o->command == COMMAND_CHECK;
		if (only_patterns || arg[0] != '-' || strcmp(arg, "-") == 0) {
			if (o->command == COMMAND_CHECK)
				FAIL("check takes no arguments");
			if (is_snapshot)
				FAIL("snapshot takes no arguments, only options ('%s')", arg);
			if (o->command == COMMAND_HELP) {
				o->help_topic = arg;
				continue;
			}
			o->patterns[o->pattern_count++] = argv[i];
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			only_patterns = 1;
		} else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			o->help_topic = commands[c].name;
			o->command = COMMAND_HELP;
			return 0;
		} else if (is_report && cli_is_option(arg, "--html")) {
			if (!(o->html_dir = cli_option_value(argc, argv, &i, "--html")) || !*o->html_dir)
				FAIL("--html needs a directory");
		} else if (is_report && cli_is_option(arg, "--kernel-diff")) {
			if (!(o->kernel_diff = cli_option_value(argc, argv, &i, "--kernel-diff")) || !*o->kernel_diff)
				FAIL("--kernel-diff needs a file");
		} else if (((is_run && !is_report) || is_kernels) && strcmp(arg, "--update") == 0) {
			o->update = 1;
		} else if (is_run && cli_is_option(arg, "--kernel-tag")) {
			if (!(o->kernel_tag = cli_option_value(argc, argv, &i, "--kernel-tag")) || !*o->kernel_tag)
				FAIL("--kernel-tag needs a TAG, e.g. linux-6.1");
		} else if (is_run && strcmp(arg, "--no-recorded") == 0) {
			o->no_recorded = 1;
		} else if (is_run && !is_report && strcmp(arg, "--new-reference") == 0) {
			o->new_reference = 1;
		} else if (is_run && !is_report && strcmp(arg, "--keep") == 0) {
			o->keep = 1;
		} else if (o->command == COMMAND_SHOW && strcmp(arg, "--actual") == 0) {
			o->actual = 1;
		} else if ((o->command == COMMAND_SHOW || is_explain) && cli_is_option(arg, "--view")) {
			const char *v = cli_option_value(argc, argv, &i, "--view");
			if (!v || view_from_name(v, &o->view) != 0)
				FAIL("--view must be netstat or ss, not '%s'", v ? v : "");
		} else if (is_run && !is_report && cli_is_option(arg, "--capture-tools")) {
			if (!(o->capture_dir = cli_option_value(argc, argv, &i, "--capture-tools")) || !*o->capture_dir)
				FAIL("--capture-tools needs a directory");
		} else if (o->command == COMMAND_SHOW && cli_is_option(arg, "--file")) {
			if (!(o->show_file = cli_option_value(argc, argv, &i, "--file")) || !*o->show_file)
				FAIL("--file needs a path");
		} else if (is_run && cli_is_option(arg, "--jobs")) {
			const char *v = cli_option_value(argc, argv, &i, "--jobs");
			if (!v || parse_jobs(v, &o->jobs))
				FAIL("--jobs needs a whole number from 1 to 1024, not '%s'", v ? v : "");
		} else if (o->command == COMMAND_RUN && cli_is_option(arg, "--libc")) {
			const char *v = cli_option_value(argc, argv, &i, "--libc");
			if (!v || (strcmp(v, "glibc") != 0 && strcmp(v, "musl") != 0))
				FAIL("--libc must be glibc or musl, not '%s'", v ? v : "");
			o->libc = v;
		} else if (is_kernels && cli_is_option(arg, "--kernel")) {
			const char *v = cli_option_value(argc, argv, &i, "--kernel");
			if (!v || !*v)
				FAIL("--kernel needs a SPEC: 6.1, 6.12 or a linux-image-* package name");
			o->kernels[o->kernel_count++] = (char *)v;
		} else if (is_kernels && cli_is_option(arg, "--kernel-image")) {
			if (!(o->kernel_image = cli_option_value(argc, argv, &i, "--kernel-image")) || !*o->kernel_image)
				FAIL("--kernel-image needs a PATH (a bzImage or vmlinuz)");
		} else if (is_kernels && cli_is_option(arg, "--modules")) {
			if (!(o->kernel_modules = cli_option_value(argc, argv, &i, "--modules")) || !*o->kernel_modules)
				FAIL("--modules needs a DIR (a make modules_install tree)");
		} else if (is_kernels && cli_is_option(arg, "--name")) {
			const char *v = cli_option_value(argc, argv, &i, "--name");
			if (!v || !*v || strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789.+-_") != strlen(v) ||
			    strlen(v) > 40)
				FAIL("--name needs a NAME of a-z, 0-9, '.', '+', '-', '_' (at most 40)");
			o->kernel_name = v;
		} else if (is_kernels && strcmp(arg, "--no-musl") == 0) {
			o->no_musl = 1;
		} else if ((is_run || is_kernels) && cli_is_option(arg, "--timeout")) {
			const char *v = cli_option_value(argc, argv, &i, "--timeout");
			if (!v || cli_parse_positive(v, &o->timeout_seconds))
				FAIL("--timeout needs a positive number of seconds (at most 86400), not '%s'",
				     v ? v : "");
		} else if (is_snapshot && (strcmp(arg, "--tcp") == 0 || strcmp(arg, "-t") == 0)) {
			o->tcp_only = 1;
		} else if (is_snapshot && (strcmp(arg, "--udp") == 0 || strcmp(arg, "-u") == 0)) {
			o->udp_only = 1;
		} else if (is_snapshot && (strcmp(arg, "--listening") == 0 || strcmp(arg, "-l") == 0)) {
			o->listening_only = 1;
		} else if (is_snapshot && cli_is_option(arg, "--source")) {
			const char *v = cli_option_value(argc, argv, &i, "--source");
			if (v && strcmp(v, "sock_diag") == 0)
				o->from_proc = 0;
			else if (v && strcmp(v, "proc") == 0)
				o->from_proc = 1;
			else
				FAIL("--source must be sock_diag or proc, not '%s'", v ? v : "");
		} else if (((is_run && !is_report) || is_snapshot) && cli_is_option(arg, "--format")) {
			const char *v = cli_option_value(argc, argv, &i, "--format");
			if (v && strcmp(v, "human") == 0)
				o->format = FORMAT_HUMAN;
			else if (v && strcmp(v, "json") == 0)
				o->format = FORMAT_JSON;
			else if (v && strcmp(v, "ktap") == 0)
				o->format = FORMAT_KTAP;
			else
				FAIL("--format must be human, json or ktap, not '%s'", v ? v : "");
		} else if (is_reproduce && strcmp(arg, "--cell") == 0) {
			if (i + 2 >= argc || !*argv[i + 1] || !*argv[i + 2])
				FAIL("--cell needs a ROW and a COLUMN, as dslab show prints them");
			o->cell_row = argv[++i];
			o->cell_column = argv[++i];
		} else if (is_reproduce && (strcmp(arg, "-o") == 0 || cli_is_option(arg, "--output"))) {
			const char *v = strcmp(arg, "-o") == 0 ? (i + 1 < argc ? argv[++i] : NULL)
							       : cli_option_value(argc, argv, &i, "--output");
			if (!v || !*v)
				FAIL("-o needs a FILE");
			o->output = v;
		} else if ((takes_dirs || is_explain || is_reproduce) && cli_is_option(arg, "--expected")) {
			if (!(o->expected_dir = cli_option_value(argc, argv, &i, "--expected")) || !*o->expected_dir)
				FAIL("--expected needs a directory");
		} else if (takes_dirs && cli_is_option(arg, "--actual-dir")) {
			if (!(o->actual_dir = cli_option_value(argc, argv, &i, "--actual-dir")) || !*o->actual_dir)
				FAIL("--actual-dir needs a directory");
		} else {
			FAIL("unknown option '%s' for '%s' (see dslab %s --help)", arg, commands[c].name,
			     commands[c].name);
		}
	}
	if (o->command == COMMAND_REPORT && !o->html_dir)
		FAIL("report needs --html DIR (see dslab report --help)");
	if (o->kernel_tag && o->no_recorded)
		FAIL("--kernel-tag and --no-recorded exclude each other");
	if (o->new_reference && (!o->update || o->kernel_tag))
		FAIL("--new-reference goes with --update, without --kernel-tag");
	if (o->command == COMMAND_SHOW && o->show_file && (o->pattern_count || o->actual))
		FAIL("show --file PATH takes no CASE and no --actual");
	if (o->command == COMMAND_SHOW && !o->show_file && o->pattern_count != 1)
		FAIL("show needs exactly one CASE (see dslab list)");
	if (o->command == COMMAND_EXPLAIN && o->pattern_count != 1)
		FAIL("explain needs exactly one CASE (see dslab list)");
	if ((o->kernel_modules || o->kernel_name) && !o->kernel_image)
		FAIL("--modules and --name go with --kernel-image");
	if (o->command == COMMAND_REPRODUCE && o->pattern_count != 1)
		FAIL("reproduce needs exactly one CASE (see dslab list)");
	return 0;
}

void cli_free(struct cli_options *options)
{
	free(options->patterns);
	options->patterns = NULL;
	free(options->kernels);
	options->kernels = NULL;
	options->kernel_count = 0;
	options->pattern_count = 0;
}
