/* A socket-table snapshot of the caller's network namespace, from both
 * NETLINK_SOCK_DIAG (what ss reads) and /proc/net (what netstat reads). */
#ifndef DSLAB_SNAPSHOT_H
#define DSLAB_SNAPSHOT_H

#include "sock_row.h"

/* Compare the two sources as sets of sockets (file, state, addresses,
 * inode). Returns 0 if they agree; otherwise 1 and, in *why, malloc'd text
 * naming each socket that only one source lists. */
int snapshot_compare(const struct sock_rows *diag, const struct sock_rows *proc, char **why);

/* Read both sources, again and again until two sock_diag reads in a row
 * match each other and /proc (sockets can still be changing state), for at
 * most about a second. rows gets the sock_diag rows. Returns 0 when the
 * sources agree, 1 if they still disagree (with *why as above), -1 if a
 * source could not be read. If record_prefix is set, the raw bytes of the
 * final reads are saved as <prefix>.<file>.netlink and <prefix>.<file>.proc
 * (fixtures for the unit tests). */
int snapshot_collect(struct sock_rows *rows, char **why, const char *record_prefix);

#endif
