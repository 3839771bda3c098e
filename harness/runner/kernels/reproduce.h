/* dslab reproduce CASE [--cell ROW COLUMN] [-o FILE]: one self-contained C
 * program that checks a bind-matrix case's cells on whatever kernel runs
 * it (reproducer_source.h writes it), to attach to a mail or to call from
 * git bisect run. */
#ifndef DSLAB_REPRODUCE_H
#define DSLAB_REPRODUCE_H

#include "cli.h"
#include "command.h"

/* Exit codes as dslab's: 0 written; 2 an unknown case or cell, a case with
 * no grid or of a scenario it cannot reproduce, a file it cannot write
 * (one line on stderr; nothing half-written: -o FILE is written
 * atomically). */
int reproduce_command(const struct cli_options *o, const char *expected_dir);

/* dslab reproduce, as main.c dispatches it. */
command_function command_reproduce;

#endif
