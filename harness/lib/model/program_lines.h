/* program_lines: the lines a lesson about a real program writes through
 * the harness (lesson/program.h, lesson/program_probe.h), and by which a
 * reader of its golden finds them again (program_read.h). One place for
 * both sides, so a wording change cannot silently break the reader.
 *
 *   go: net.Listen("tcp6", ":7400") = 0     the call that starts it (the lesson's)
 *   wait until go listens = 0               PROGRAM_WAIT_FORMAT: names the program
 *   connect(client4, 127.0.0.1:7400) = 0    PROBE_CONNECT_FORMAT: a harness client
 *   recv(client4) = ECONNREFUSED            PROBE_RECV_FORMAT: UDP refused by ICMP
 *   # go saw client4 as 127.0.0.1           PROGRAM_SAW_FORMAT: what it printed
 *   # nginx logged: [emerg] bind() ...      PROGRAM_LOGGED_FORMAT: it did not start
 */
#ifndef DSLAB_PROGRAM_LINES_H
#define DSLAB_PROGRAM_LINES_H

/* A call line: the program's name, then what is waited for ("listens",
 * "listens or logs a failure"). */
#define PROGRAM_WAIT_FORMAT "wait until %s %s"
#define PROGRAM_WAIT_PREFIX "wait until "

/* Call lines of the harness's clients: the client's name, then the server's
 * address as sockaddr_text writes it (an IPv6 one in brackets). */
#define PROBE_CONNECT_FORMAT "connect(%s, %s)"
#define PROBE_RECV_FORMAT "recv(%s)"

/* Notes: the program's name, the client's name, the address it named the
 * client by. */
#define PROGRAM_SAW_FORMAT "%s saw %s as %s"
#define PROGRAM_SAW_INFIX " saw "
/* A line of the program's own error log, shown when it did not start (the
 * first one says why); a leading "[level] " is the program's own. */
#define PROGRAM_LOGGED_FORMAT "%s logged: %s"
#define PROGRAM_LOGGED_INFIX " logged: "

#endif
