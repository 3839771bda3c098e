/* dslab snapshot: the socket table of the namespace dslab runs in, in the
 * goldens' vocabulary, so anyone can look at a real machine the way the
 * lessons do ("which of my sockets are tcp6, and why"). */
#ifndef DSLAB_SNAPSHOT_COMMAND_H
#define DSLAB_SNAPSHOT_COMMAND_H

#include "cli.h"
#include "command.h"

/* Returns an exit code (0, or 1 if a source could not be read). */
int snapshot_command(const struct cli_options *options);

/* dslab snapshot, as main.c dispatches it. */
command_function command_snapshot;

/* dslab show (command_show.c). */
command_function command_show;

#endif
