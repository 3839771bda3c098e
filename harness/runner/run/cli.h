/* cli: the command line of dslab, parsed without global state so unit
 * tests can feed it bad input. */
#ifndef DSLAB_CLI_H
#define DSLAB_CLI_H

#include <stddef.h>

#include "formats.h"

/* show/explain --view: a snapshot as netstat -tuan or ss -tuan prints it
 * (views.h); VIEW_NONE: the golden's own table. */
enum view { VIEW_NONE = 0, VIEW_NETSTAT, VIEW_SS };

/* "netstat" or "ss": 0 and *view set; anything else: -1. */
int view_from_name(const char *name, enum view *view);

enum command { COMMAND_HELP, COMMAND_LIST, COMMAND_RUN, COMMAND_SHOW, COMMAND_CHECK, COMMAND_SNAPSHOT,
	       COMMAND_EXPLAIN, COMMAND_REPORT, COMMAND_KERNELS, COMMAND_DOCTOR, COMMAND_REPRODUCE,
	       COMMAND_VERSION /* dslab --version */ };

/* Exit codes, as documented in --help and README.md. */
enum exit_code { EXIT_PASS = 0, EXIT_FAILED = 1, EXIT_USAGE = 2, EXIT_ALL_SKIPPED = 4 };

struct cli_options {
	enum command command;
	const char *help_topic;      /* "dslab help run", "dslab run --help" */
	int update, keep, actual;
	enum view view;              /* show/explain --view netstat|ss; VIEW_NONE: the text itself */
	unsigned jobs;               /* 0: number of CPUs */
	double timeout_seconds;      /* per case, before the multiplier */
	enum output_format format;
	const char *expected_dir, *actual_dir;
	const char *html_dir;        /* report --html DIR */
	int runtimes_table;          /* report --runtimes-table: print it, run nothing */
	const char *kernel_diff;     /* report --kernel-diff FILE; NULL: build/kernels/diff.{md,json} */
	const char *capture_dir;     /* run --capture-tools DIR */
	const char *show_file;       /* show --file PATH: this text instead of a case's */
	/* snapshot: which sockets, from which source */
	int tcp_only, udp_only, listening_only, from_proc;
	const char *libc;            /* run --libc glibc|musl; NULL: this build's */
	char **kernels;              /* kernels --kernel SPEC..., malloc'd */
	size_t kernel_count;
	int no_musl;                 /* kernels --no-musl */
	/* kernels --kernel-image PATH [--modules DIR] [--name NAME]: a kernel
	 * built elsewhere, one more column */
	const char *kernel_image, *kernel_modules, *kernel_name;
	/* reproduce --cell ROW COLUMN (point into argv), -o FILE */
	char *cell_row, *cell_column;
	const char *output;
	const char *kernel_tag;      /* run/report --kernel-tag TAG (kernel_tags.h) */
	int no_recorded;             /* run/report --no-recorded */
	int new_reference;           /* run --update --new-reference */
	int doctor_argc;             /* doctor: its words, parsed by doctor_options.h */
	char **doctor_argv;
	char **patterns;             /* malloc'd; the strings point into argv */
	size_t pattern_count;
};

#define DEFAULT_TIMEOUT_SECONDS 10.0
/* dslab kernels: one VM boot and the whole suite, before the multiplier. */
#define DEFAULT_VM_TIMEOUT_SECONDS 300.0
#define TIMEOUT_MULTIPLIER_VARIABLE "DSLAB_TIMEOUT_MULTIPLIER"
/* Set to 1: cases share the host's socket hash tables (parent_namespace.h). */
#define SHARED_TABLES_VARIABLE "DSLAB_SHARED_TABLES"
/* As kernel_tags.h's KERNEL_TAG_VARIABLE, for the help text. */
#define KERNEL_TAG_VARIABLE_NAME "DSLAB_KERNEL_TAG"

/* Returns 0, or -1 with a one-line message in error. Call cli_free after. */
int cli_parse(int argc, char **argv, struct cli_options *options, char *error, size_t error_size);

/* Frees what cli_parse allocated (also after it failed). */
void cli_free(struct cli_options *options);

/* "--name VALUE" or "--name=VALUE" at argv[*i]: the value, advancing *i
 * past a separate one; NULL if absent. */
const char *cli_option_value(int argc, char **argv, int *i, const char *name);
/* arg is "--name" or "--name=...". */
int cli_is_option(const char *arg, const char *name);

/* A positive number of seconds (or a multiplier): "10", "2.5". */
int cli_parse_positive(const char *text, double *value);

/* Help text for the whole tool (topic NULL) or one command (cli_help.c);
 * the whole tool's for a topic it does not know. dslab doctor's help is
 * its own (doctor_options.h). */
const char *cli_help(const char *topic);

#endif
