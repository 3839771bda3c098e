/* Socket table from NETLINK_SOCK_DIAG (what ss reads), via libmnl.
 *
 * sock_diag_decode takes the raw bytes of the kernel's replies, so unit tests
 * replay recorded dumps without a live kernel. */
#ifndef DSLAB_SOCK_DIAG_H
#define DSLAB_SOCK_DIAG_H

#include <stdio.h>

#include "sock_row.h"

/* States requested: every TCP state but TCP_BOUND_INACTIVE (13). Since 6.8
 * the kernel can report bound-but-idle TCP sockets, older kernels and /proc
 * never do; asking for them would make the two sources, and the goldens,
 * differ by kernel. */
#define SOCK_DIAG_STATES ((1u << 13) - 1)

enum { SOCK_DIAG_DONE = 0, SOCK_DIAG_MORE = 1, SOCK_DIAG_ERROR = -1 };

/* Decode one buffer of replies to a dump of `file`'s protocol and family.
 * Returns SOCK_DIAG_DONE when NLMSG_DONE was seen, SOCK_DIAG_MORE when the
 * buffer ended without it, SOCK_DIAG_ERROR on a malformed or error message.
 * v6only comes from INET_DIAG_SKV6ONLY, which the kernel sends only for
 * AF_INET6 sockets in LISTEN or CLOSE state (net/ipv4/inet_diag.c,
 * inet_diag_msg_attrs_fill); other rows get UNKNOWN (AF_INET6) or UNDEFINED. */
int sock_diag_decode(const void *buf, size_t len, enum sock_file file, struct sock_rows *rows);

/* Dump the caller's namespace's sockets of one file (protocol x family).
 * If record is not NULL, the raw reply bytes are also written to it. */
int sock_diag_dump(enum sock_file file, struct sock_rows *rows, FILE *record);

/* Called with each row of a dump, in the kernel's order; returns 0, or -1
 * to end the dump as failed. */
typedef int (*sock_row_sink)(const struct sock_row *row, void *context);

/* As sock_diag_dump, but each row goes to sink instead of an array, and
 * FILE_TCP means both TCP files (tcp and tcp6 rows) in one dump: one walk
 * of the kernel's TCP hash tables instead of two, which at 10^4 sockets in
 * a namespace sharing the host's tables (2^18 buckets here) saves about an
 * eighth of the dump's time. Only the original inet_diag request
 * (TCPDIAG_GETSOCK, struct inet_diag_req) asks for every family: the
 * kernel answers it as a dump with sdiag_family AF_UNSPEC
 * (net/ipv4/inet_diag.c, inet_diag_dump_compat), with the same messages as
 * SOCK_DIAG_BY_FAMILY's but typed TCPDIAG_GETSOCK. Where the kernel refuses
 * it, falls back to one dump per family. Returns 0 or -1. */
int sock_diag_dump_each(enum sock_file file, sock_row_sink sink, void *context);

/* One dump of one file with the given state mask (1 << state for each
 * state wanted), each row to sink. dslab doctor asks for
 * SOCK_DIAG_STATES_BOUND too: a bind prediction must see a TCP socket
 * that is bound but not listening (reported, since Linux 6.8, only when
 * asked for by that bit; older kernels ignore it). Returns 0 or -1. */
#define SOCK_DIAG_STATE_BOUND_INACTIVE 13
#define SOCK_DIAG_STATES_BOUND (SOCK_DIAG_STATES | (1u << SOCK_DIAG_STATE_BOUND_INACTIVE))
int sock_diag_dump_states(enum sock_file file, unsigned states, sock_row_sink sink, void *context);

#endif
