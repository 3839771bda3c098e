/* program: a real program (python3, socat, nginx...) as a lesson's subject.
 *
 * The scenario starts it in its own case's namespace, waits until its
 * listening sockets are in the socket table (polled, never slept on),
 * probes it with its own clients, reads what the program printed about
 * each (the peer address it saw), and stops it. The program runs as a child
 * of the scenario, in its own process group, with the scenario's
 * capabilities at most (the runner's bounding set and no_new_privs hold
 * across exec) and inside the case's PID namespace, so nothing of it
 * outlives the case even if the scenario dies.
 *
 * Programs are looked up in Debian's directories only (/usr/sbin,
 * /usr/bin, /sbin, /bin): a lesson is about the Debian package it
 * declares (`dslab-package: NAME` in its header), not whatever else is
 * first in PATH. */
#ifndef DSLAB_PROGRAM_H
#define DSLAB_PROGRAM_H

#include <stddef.h>
#include <sys/types.h>

struct program {
	pid_t pid;           /* in the case's PID namespace */
	pid_t proc_pid;      /* the same process as /proc numbers it */
	int output;          /* read end of its stdout and stderr */
	int exited;          /* reaped: status holds its wait status */
	int status;
	char name[32];       /* names its sockets in snapshots */
	char buffer[16384];  /* its output not yet consumed as lines */
	size_t buffered;
	char line[1024];     /* the last line program_wait_line found */
};

/* The program's path in Debian's directories, or NULL if it is not
 * installed; a name with a '/' is taken as the path itself (a program the
 * build made, e.g. from a lesson's Go file). The text lives in a static
 * buffer. */
const char *program_path(const char *binary);

/* "<the scenario binary's directory>/relative": where CMake puts what it
 * builds for a lesson (e.g. "go/go_servers"). A static buffer; NULL if the
 * scenario cannot find itself. */
const char *program_beside_scenario(const char *relative);

/* Start argv (argv[0] a name for program_path) with stdin from /dev/null
 * and stdout and stderr into a pipe; `name` labels its sockets in
 * snapshots. Returns 0, or -1 with errno set (ENOENT: not installed). */
int program_start(struct program *program, const char *name, char *const argv[]);

/* Poll the socket table until the program holds `count` listening sockets
 * (TCP LISTEN, or bound unconnected UDP), at most timeout_ms. Names them
 * for snapshots. Returns 0; -1 with errno ECHILD if the program exited
 * first (program_exit_text says how), ETIMEDOUT at the deadline. */
int program_wait_listening(struct program *program, int count, int timeout_ms);

/* The same, counting TCP listeners only: for a TCP lesson, whose program
 * may hold a UDP socket for an instant while it starts (a resolver's). */
int program_wait_tcp_listening(struct program *program, int count, int timeout_ms);

/* Name every socket the program holds now (listening or not) for
 * snapshots. */
void program_name_sockets(struct program *program);

/* Wait up to timeout_ms for a line of the program's output that contains
 * `marker`; returns the whole line (in program->line), or NULL (timed out,
 * or the program ended). Lines before it are consumed. */
const char *program_wait_line(struct program *program, const char *marker, int timeout_ms);

/* Word n (from 0, split at spaces) of a line, in a static buffer; "" if
 * the line is shorter. */
const char *program_word(const char *line, int n);

/* "exit status N" or "killed by SIGNAME" once it has exited. */
const char *program_exit_text(const struct program *program);

/* Stop it: SIGTERM to its process group, up to 2 s to exit, then SIGKILL;
 * reaped either way. Returns 0 if it ended on SIGTERM, 1 if it had to be
 * killed, -1 on a harness error. Safe to call twice. */
int program_stop(struct program *program);

#endif
