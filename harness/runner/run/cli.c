#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
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

/* A message that quotes the user's words stays one line. */
static void one_line(char *text)
{
	for (; *text; text++)
		if (iscntrl((unsigned char)*text))
			*text = '?';
}

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

#define FAIL(...) do { snprintf(error, error_size, __VA_ARGS__); one_line(error); return -1; } while (0)

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

/* The options, as data: which commands take each, what kind of value it
 * has, the field it sets, and the one line a bad value gets. */
enum option_kind {
	OPTION_FLAG,        /* int field = 1 */
	OPTION_TEXT,        /* const char * field, not empty */
	OPTION_VIEW, OPTION_JOBS, OPTION_LIBC, OPTION_SECONDS, OPTION_SOURCE, OPTION_FORMAT,
	OPTION_KERNEL,      /* appended to kernels[] */
	OPTION_NAME,        /* a column name: a-z, 0-9, . + - _ */
	OPTION_CELL,        /* two words: ROW COLUMN */
};

#define ON(command) (1u << (command))
#define RUNS (ON(COMMAND_RUN) | ON(COMMAND_REPORT)) /* report runs cases too */
#define FIELD(name) offsetof(struct cli_options, name)

static const struct option_spec {
	const char *name, *short_name;
	unsigned commands;
	enum option_kind kind;
	size_t field;
	const char *error; /* for a bad or missing value */
	int quote_value;   /* the error goes on: ", not 'VALUE'" */
} option_table[] = {
	{"--html", NULL, ON(COMMAND_REPORT), OPTION_TEXT, FIELD(html_dir), "--html needs a directory", 0},
	{"--runtimes-table", NULL, ON(COMMAND_REPORT), OPTION_FLAG, FIELD(runtimes_table), NULL, 0},
	{"--kernel-diff", NULL, ON(COMMAND_REPORT), OPTION_TEXT, FIELD(kernel_diff), "--kernel-diff needs a file", 0},
	{"--update", NULL, ON(COMMAND_RUN) | ON(COMMAND_KERNELS), OPTION_FLAG, FIELD(update), NULL, 0},
	{"--kernel-tag", NULL, RUNS, OPTION_TEXT, FIELD(kernel_tag), "--kernel-tag needs a TAG, e.g. linux-6.1", 0},
	{"--no-recorded", NULL, RUNS, OPTION_FLAG, FIELD(no_recorded), NULL, 0},
	{"--new-reference", NULL, ON(COMMAND_RUN), OPTION_FLAG, FIELD(new_reference), NULL, 0},
	{"--keep", NULL, ON(COMMAND_RUN), OPTION_FLAG, FIELD(keep), NULL, 0},
	{"--actual", NULL, ON(COMMAND_SHOW), OPTION_FLAG, FIELD(actual), NULL, 0},
	{"--view", NULL, ON(COMMAND_SHOW) | ON(COMMAND_EXPLAIN), OPTION_VIEW, FIELD(view),
	 "--view must be netstat or ss", 1},
	{"--capture-tools", NULL, ON(COMMAND_RUN), OPTION_TEXT, FIELD(capture_dir),
	 "--capture-tools needs a directory", 0},
	{"--file", NULL, ON(COMMAND_SHOW), OPTION_TEXT, FIELD(show_file), "--file needs a path", 0},
	{"--jobs", NULL, RUNS, OPTION_JOBS, FIELD(jobs), "--jobs needs a whole number from 1 to 1024", 1},
	{"--libc", NULL, ON(COMMAND_RUN), OPTION_LIBC, FIELD(libc), "--libc must be glibc or musl", 1},
	{"--kernel", NULL, ON(COMMAND_KERNELS), OPTION_KERNEL, FIELD(kernels),
	 "--kernel needs a SPEC: 6.1, 6.12 or a linux-image-* package name", 0},
	{"--kernel-image", NULL, ON(COMMAND_KERNELS), OPTION_TEXT, FIELD(kernel_image),
	 "--kernel-image needs a PATH (a bzImage or vmlinuz)", 0},
	{"--modules", NULL, ON(COMMAND_KERNELS), OPTION_TEXT, FIELD(kernel_modules),
	 "--modules needs a DIR (a make modules_install tree)", 0},
	{"--name", NULL, ON(COMMAND_KERNELS), OPTION_NAME, FIELD(kernel_name),
	 "--name needs a NAME of a-z, 0-9, '.', '+', '-', '_' (at most 40)", 0},
	{"--no-musl", NULL, ON(COMMAND_KERNELS), OPTION_FLAG, FIELD(no_musl), NULL, 0},
	{"--timeout", NULL, RUNS | ON(COMMAND_KERNELS), OPTION_SECONDS, FIELD(timeout_seconds),
	 "--timeout needs a positive number of seconds (at most 86400)", 1},
	{"--tcp", "-t", ON(COMMAND_SNAPSHOT), OPTION_FLAG, FIELD(tcp_only), NULL, 0},
	{"--udp", "-u", ON(COMMAND_SNAPSHOT), OPTION_FLAG, FIELD(udp_only), NULL, 0},
	{"--listening", "-l", ON(COMMAND_SNAPSHOT), OPTION_FLAG, FIELD(listening_only), NULL, 0},
	{"--source", NULL, ON(COMMAND_SNAPSHOT), OPTION_SOURCE, FIELD(from_proc),
	 "--source must be sock_diag or proc", 1},
	{"--format", NULL, ON(COMMAND_RUN) | ON(COMMAND_SNAPSHOT), OPTION_FORMAT, FIELD(format),
	 "--format must be human, json or ktap", 1},
	{"--cell", NULL, ON(COMMAND_REPRODUCE), OPTION_CELL, FIELD(cell_row),
	 "--cell needs a ROW and a COLUMN, as dslab show prints them", 0},
	{"--output", "-o", ON(COMMAND_REPRODUCE), OPTION_TEXT, FIELD(output), "-o needs a FILE", 0},
	{"--expected", NULL, RUNS | ON(COMMAND_SHOW) | ON(COMMAND_CHECK) | ON(COMMAND_EXPLAIN) | ON(COMMAND_REPRODUCE) |
				 ON(COMMAND_KERNELS),
	 OPTION_TEXT, FIELD(expected_dir), "--expected needs a directory", 0},
	{"--actual-dir", NULL, RUNS | ON(COMMAND_SHOW) | ON(COMMAND_CHECK), OPTION_TEXT, FIELD(actual_dir),
	 "--actual-dir needs a directory", 0},
};

/* The option argv[i] names for this command, or NULL. */
static const struct option_spec *find_option(enum command command, const char *arg)
{
	for (size_t k = 0; k < sizeof option_table / sizeof option_table[0]; k++) {
		const struct option_spec *spec = &option_table[k];
		if (!(spec->commands & ON(command)))
			continue;
		int takes_value = spec->kind != OPTION_FLAG && spec->kind != OPTION_CELL;
		if (takes_value ? cli_is_option(arg, spec->name) : strcmp(arg, spec->name) == 0)
			return spec;
		if (spec->short_name && strcmp(arg, spec->short_name) == 0)
			return spec;
	}
	return NULL;
}

/* A value from a fixed list: its index, or -1. */
static int choice(const char *value, const char *const *names, size_t count)
{
	for (size_t k = 0; value && k < count; k++)
		if (strcmp(value, names[k]) == 0)
			return (int)k;
	return -1;
}

static int valid_name(const char *v)
{
	return *v && strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789.+-_") == strlen(v) && strlen(v) <= 40;
}

/* Sets the option's field from its value; -1 if the value is bad. */
static int take_value(const struct option_spec *spec, const char *v, struct cli_options *o)
{
	static const char *const formats[] = {"human", "json", "ktap"}, *const libcs[] = {"glibc", "musl"},
				 *const sources[] = {"sock_diag", "proc"};
	char *field = (char *)o + spec->field;
	int k;
	switch (spec->kind) {
	case OPTION_TEXT: *(const char **)field = v; return v && *v ? 0 : -1;
	case OPTION_VIEW: return v ? view_from_name(v, &o->view) : -1;
	case OPTION_JOBS: return v ? parse_jobs(v, &o->jobs) : -1;
	case OPTION_SECONDS: return v ? cli_parse_positive(v, &o->timeout_seconds) : -1;
	case OPTION_NAME: o->kernel_name = v; return v && valid_name(v) ? 0 : -1;
	case OPTION_KERNEL:
		if (!v || !*v)
			return -1;
		o->kernels[o->kernel_count++] = (char *)v;
		return 0;
	case OPTION_LIBC:
		o->libc = v;
		return choice(v, libcs, 2) < 0 ? -1 : 0;
	case OPTION_SOURCE:
		if ((k = choice(v, sources, 2)) < 0)
			return -1;
		o->from_proc = k;
		return 0;
	case OPTION_FORMAT:
		if ((k = choice(v, formats, 3)) < 0)
			return -1;
		o->format = k == 0 ? FORMAT_HUMAN : k == 1 ? FORMAT_JSON : FORMAT_KTAP;
		return 0;
	default:
		return -1;
	}
}

/* The option at argv[*i] (its value, or values, after it); -1 with a line
 * in error. */
static int take_option(const struct option_spec *spec, int argc, char **argv, int *i, struct cli_options *o,
		       char *error, size_t error_size)
{
	const char *arg = argv[*i], *v = NULL;
	if (spec->kind == OPTION_FLAG) {
		*(int *)((char *)o + spec->field) = 1;
		return 0;
	}
	if (spec->kind == OPTION_CELL) {
		if (*i + 2 >= argc || !*argv[*i + 1] || !*argv[*i + 2])
			FAIL("%s", spec->error);
		o->cell_row = argv[++*i];
		o->cell_column = argv[++*i];
		return 0;
	}
	if (spec->short_name && strcmp(arg, spec->short_name) == 0)
		v = *i + 1 < argc ? argv[++*i] : NULL;
	else
		v = cli_option_value(argc, argv, i, spec->name);
	if (take_value(spec, v, o) == 0)
		return 0;
	if (spec->quote_value)
		FAIL("%s, not '%s'", spec->error, v ? v : "");
	FAIL("%s", spec->error);
}

/* What the options together must say; -1 with a line in error. */
static int check_together(const struct cli_options *o, char *error, size_t error_size)
{
	if (o->runtimes_table && (o->html_dir || o->kernel_diff || o->pattern_count))
		FAIL("--runtimes-table prints the table and runs nothing: no --html, --kernel-diff or CASE");
	if (o->command == COMMAND_REPORT && !o->html_dir && !o->runtimes_table)
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

/* A word that is not an option: a pattern, or help's topic. */
static int take_word(char *word, struct cli_options *o, char *error, size_t error_size)
{
	if (o->command == COMMAND_CHECK)
		FAIL("check takes no arguments");
	if (o->command == COMMAND_SNAPSHOT)
		FAIL("snapshot takes no arguments, only options ('%s')", word);
	if (o->command == COMMAND_HELP)
		o->help_topic = word;
	else
		o->patterns[o->pattern_count++] = word;
	return 0;
}

int cli_parse(int argc, char **argv, struct cli_options *o, char *error, size_t error_size)
{
	memset(o, 0, sizeof *o);
	o->timeout_seconds = DEFAULT_TIMEOUT_SECONDS;
	o->format = FORMAT_HUMAN;
	o->command = COMMAND_HELP;
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return 0;
	if (strcmp(argv[1], "--version") == 0) {
		o->command = COMMAND_VERSION;
		if (argc > 2)
			FAIL("--version takes no arguments");
		return 0;
	}
	size_t c = 0;
	while (c < sizeof commands / sizeof commands[0] && strcmp(commands[c].name, argv[1]) != 0)
		c++;
	if (c == sizeof commands / sizeof commands[0])
		FAIL(argv[1][0] == '-' ? "unknown option '%s' (see dslab --help)" : "unknown command '%s' (see dslab --help)",
		     argv[1]);
	o->command = commands[c].command;
	if (o->command == COMMAND_DOCTOR) {
		/* Its own options, checked by doctor_parse. */
		o->doctor_argc = argc - 2;
		o->doctor_argv = argv + 2;
		return 0;
	}
	o->patterns = calloc((size_t)argc, sizeof *o->patterns);
	o->kernels = calloc((size_t)argc, sizeof *o->kernels);
	if (o->command == COMMAND_KERNELS)
		o->timeout_seconds = DEFAULT_VM_TIMEOUT_SECONDS;
	if (!o->patterns || !o->kernels)
		FAIL("out of memory");
	int only_words = 0;
	for (int i = 2; i < argc; i++) {
		const char *arg = argv[i];
		const struct option_spec *spec;
		if (only_words || arg[0] != '-' || strcmp(arg, "-") == 0) {
			if (take_word(argv[i], o, error, error_size) != 0)
				return -1;
		} else if (strcmp(arg, "--") == 0) {
			only_words = 1;
		} else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			o->help_topic = commands[c].name;
			o->command = COMMAND_HELP;
			return 0;
		} else if ((spec = find_option(o->command, arg))) {
			if (take_option(spec, argc, argv, &i, o, error, error_size) != 0)
				return -1;
		} else {
			FAIL("unknown option '%s' for '%s' (see dslab %s --help)", arg, commands[c].name,
			     commands[c].name);
		}
	}
	return check_together(o, error, error_size);
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
