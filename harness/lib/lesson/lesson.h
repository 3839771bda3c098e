/* lesson.h: the scenario API (what a lesson includes).
 *
 * A scenario makes plain socket calls and reports each one here: the call as
 * a person would write it, its result (0, a number, or the errno name), and
 * names for its sockets. At checkpoints it asks for a snapshot of its
 * network namespace's socket table. Nothing here makes a socket call on the
 * scenario's behalf.
 *
 * Under the runner (build/dslab), records go to the report channel and are
 * normalised and compared with the golden. Run directly, a scenario prints
 * its transcript to stdout, unnormalised, and shows only its own sockets.
 *
 * Every function here leaves errno as it found it. */
#ifndef DSLAB_REPORT_H
#define DSLAB_REPORT_H

#include <netinet/in.h>
#include <stdint.h>

/* Addresses. The text is an IPv6 or IPv4 literal ("::", "::ffff:127.0.0.1",
 * "127.0.0.1"); a bad literal ends the scenario with a harness error. */
struct sockaddr_in6 make_sockaddr_in6(const char *address, uint16_t port);
struct sockaddr_in make_sockaddr_in(const char *address, uint16_t port);

/* "[::]:5555" or "127.0.0.1:5555" for a sockaddr_in6 or sockaddr_in. The
 * text lives in one of a few rotating buffers: use it in the next call. */
const char *sockaddr_text(const void *sockaddr);

/* "name = call" for a new socket (fd >= 0), "call = ERRNO" if fd < 0.
 * The name labels the socket's rows in snapshots. Returns fd. */
int report_socket(int fd, const char *name, const char *call);

/* Name a socket the scenario did not make, by its inode (a real program's
 * listener, found by program.h): its rows in snapshots carry the name.
 * Nothing is printed; v6only comes from sock_diag alone. */
void report_name_inode(unsigned long inode, const char *name);

/* "name = call  peer ADDRESS on LOCAL" for an accepted socket, "call =
 * ERRNO" if fd < 0. Returns fd. */
int report_accept(int fd, const char *name, const char *call_format, ...)
	__attribute__((format(printf, 3, 4)));

/* "call = rc" (0 or a count), or "call = ERRNO" if rc < 0. Returns rc. */
int report_call(int rc, const char *call_format, ...)
	__attribute__((format(printf, 2, 3)));

/* "call = 0  value N" for getsockopt-like calls that fill in a value.
 * Call it after the call, not around it: C leaves the order in which
 * arguments are evaluated open, so `value` could be read first. */
int report_value(int rc, int value, const char *call_format, ...)
	__attribute__((format(printf, 3, 4)));

/* "call = rc  LABEL ADDRESS" for calls that return an address: getsockname
 * ("local"), getpeername ("peer"), recvfrom ("from"). The address is not
 * printed if rc < 0. */
int report_address(int rc, const char *label, const void *sockaddr, const char *call_format, ...)
	__attribute__((format(printf, 4, 5)));

struct addrinfo;

/* "call = 0  ADDRESS ADDRESS..." for getaddrinfo: each result's address in
 * list order; "call = EAI_NONAME" (the EAI_ name) if rc != 0. */
int report_addrinfo(int rc, const struct addrinfo *list, const char *call_format, ...)
	__attribute__((format(printf, 3, 4)));

/* "call = 0  \"text\"" for calls that produce text. gai_style: rc is an
 * EAI_ code (getnameinfo); otherwise rc < 0 means failure with errno
 * (inet_ntop: pass text ? 0 : -1). */
int report_text(int rc, int gai_style, const char *text, const char *call_format, ...)
	__attribute__((format(printf, 4, 5)));

/* One cell of a result grid: for lessons that are a matrix (e.g. which
 * bind pairs conflict). Consecutive cells of one grid render as a table,
 * rows and columns in the order first reported; JSON carries each cell. */
void report_cell(const char *grid, const char *row, const char *column, const char *value_format, ...)
	__attribute__((format(printf, 4, 5)));

/* The form of a grid, reported before its cells so that any reader (the
 * HTML report) can draw and describe it from data alone: what its rows
 * and its columns are ("first socket", "second socket"), the calls whose
 * results a cell lists, "/" between them ("bind(first) bind(second)"),
 * and the meaning of the tagged words after them ("v4:to 127.0.0.1;
 * v6:to [::1]", or ""). A golden does not show it. */
void report_grid_form(const char *grid, const char *rows, const char *columns, const char *calls,
		      const char *tags);

/* "# text": a sentence for the reader, in the transcript. */
void report_note(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* Record the namespace's socket table: every TCP and UDP socket, IPv4 and
 * IPv6, from NETLINK_SOCK_DIAG cross-checked against /proc/net. */
void report_snapshot(const char *label);

/* The value of an option the scenario declares as a variant axis
 * ("dslab-option: reuse none addr port" in its header): under the runner,
 * this case's value; run directly, fallback (or $DSLAB_OPTION_<key>). */
const char *scenario_option(const char *key, const char *fallback);

/* This kernel does not offer the lesson's subject (a socket option, a
 * protocol): the case is skipped with this one-line reason, naming what is
 * missing, and the scenario exits 0. Call it only after a probe written out
 * in the scenario itself, before the lesson's first report, and only for an
 * absence: a feature that is there but behaves differently must still reach
 * the golden and fail there. */
void report_skip(const char *format, ...) __attribute__((format(printf, 1, 2), noreturn));

/* A harness problem (not a socket result): recorded, and the scenario exits 1. */
void report_fail(const char *format, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
