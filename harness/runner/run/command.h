/* command: what each dslab command is given (main.c dispatches on the
 * table of them). A command returns dslab's exit code (cli.h). */
#ifndef DSLAB_COMMAND_H
#define DSLAB_COMMAND_H

#include "cli.h"
#include "paths.h"

struct command_context {
	const struct cli_options *options;
	const struct paths *paths;
	int argc;       /* the whole command line, for commands that */
	char **argv;    /* parse their own words (doctor) or hand it on */
};

typedef int command_function(const struct command_context *c);

/* The commands of the run room, each in its own file (--version too). */
command_function command_list, command_run, command_version;

#endif
