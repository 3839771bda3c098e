/* dslab explain CASE, and the annotation checks of dslab check. */
#ifndef DSLAB_EXPLAIN_COMMAND_H
#define DSLAB_EXPLAIN_COMMAND_H

#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "command.h"

/* Annotations are scenarios/<name>.explain, beside scenarios/<name>.c. */
#define ANNOTATION_SUFFIX ".explain"

/* Prints the lesson of o->patterns[0] (see explain.h); returns an exit code. */
int explain_command(const struct cli_options *o, const char *sources_dir, const char *expected_dir);

/* Every annotation file in sources_dir against its scenario and goldens:
 * one line per problem on out; returns how many. */
size_t explain_check_all(const char *sources_dir, const char *expected_dir, FILE *out);

/* dslab explain, as main.c dispatches it. */
command_function command_explain;

/* dslab check (command_check.c), as main.c dispatches it. */
command_function command_check;

#endif
