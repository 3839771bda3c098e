/* dslab doctor: the live socket table explained, and bind predictions
 * (doctor_options.h has the command line; README "dslab doctor"). */
#ifndef DSLAB_DOCTOR_COMMAND_H
#define DSLAB_DOCTOR_COMMAND_H

#include "command.h"

/* argv: the words after "doctor"; expected_dir: the goldens; sources_dir:
 * the lessons (their .explain notes). Returns the exit code. */
int doctor_command(int argc, char **argv, const char *expected_dir, const char *sources_dir);

/* dslab doctor, as main.c dispatches it: its words are argv[2...]. */
command_function command_doctor;

#endif
