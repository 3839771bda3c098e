/* dslab: the runner's front door. It parses the command line (cli.h) and
 * hands it to the command, each in its room (README "Layout"). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "command.h"
#include "command_report.h"
#include "doctor_command.h"
#include "doctor_options.h"
#include "explain_command.h"
#include "golden_reference.h"
#include "kernels.h"
#include "paths.h"
#include "reproduce.h"
#include "snapshot_command.h"

#ifndef DSLAB_SOURCE_DIR
#error "DSLAB_SOURCE_DIR must name the source tree"
#endif

/* Each command, and its help where it keeps its own (cli_help has the
 * others'). */
static const struct {
	enum command command;
	const char *name;
	command_function *run;
	const char *own_help;
} commands[] = {
	{COMMAND_LIST, "list", command_list, NULL},
	{COMMAND_RUN, "run", command_run, NULL},
	{COMMAND_SHOW, "show", command_show, NULL},
	{COMMAND_CHECK, "check", command_check, NULL},
	{COMMAND_SNAPSHOT, "snapshot", command_snapshot, NULL},
	{COMMAND_DOCTOR, "doctor", command_doctor, doctor_help},
	{COMMAND_EXPLAIN, "explain", command_explain, NULL},
	{COMMAND_REPORT, "report", command_report, NULL},
	{COMMAND_REPRODUCE, "reproduce", command_reproduce, NULL},
	{COMMAND_KERNELS, "kernels", command_kernels, NULL},
	{COMMAND_VERSION, "--version", command_version, NULL},
};

static const char *help_text(const char *topic)
{
	for (size_t i = 0; topic && i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i].name, topic) == 0 && commands[i].own_help)
			return commands[i].own_help;
	return cli_help(topic);
}

/* After the help of dslab and of run: the reference these goldens are. */
static void print_reference(const struct paths *p, const char *topic)
{
	if (topic && strcmp(topic, "run") != 0)
		return;
	struct golden_reference reference;
	char why[PATH_MAX + 256], text[256];
	if (golden_reference_read(p->expected, &reference, why, sizeof why) != 0)
		return;
	golden_reference_text(&reference, text, sizeof text);
	printf("\nThe reference (%s/%s): %s.\n", p->expected, REFERENCE_FILE_NAME, text);
}

static int help(const struct cli_options *options, const struct paths *paths)
{
	const char *topic = options->help_topic;
	fputs(help_text(topic), stdout);
	print_reference(paths, topic);
	if (!topic || strcmp(topic, "help") == 0)
		paths_describe(paths, stdout);
	if (topic && help_text(topic) == cli_help(NULL) && strcmp(topic, "help") != 0) {
		fprintf(stderr, "dslab: no command '%s'\n", topic);
		return EXIT_USAGE;
	}
	return EXIT_PASS;
}

int main(int argc, char **argv)
{
	struct cli_options options;
	struct paths paths;
	char error[512];
	int rc = EXIT_USAGE;
	if (cli_parse(argc, argv, &options, error, sizeof error) != 0) {
		fprintf(stderr, "dslab: %s\n", error);
	} else if (paths_find(&options, DSLAB_SOURCE_DIR, &paths) != 0) {
		fprintf(stderr, "dslab: cannot find my own location (/proc/self/exe)\n");
	} else {
		const struct command_context context = {&options, &paths, argc, argv};
		rc = -1;
		for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
			if (commands[i].command == options.command)
				rc = commands[i].run(&context);
		if (rc == -1)
			rc = help(&options, &paths);
	}
	cli_free(&options);
	return rc;
}
