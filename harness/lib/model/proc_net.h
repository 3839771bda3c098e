/* Parser for /proc/net/{tcp,tcp6,udp,udp6}, the files netstat reads.
 *
 * Takes text, not a path, so unit tests can replay recorded files. */
#ifndef DSLAB_PROC_NET_H
#define DSLAB_PROC_NET_H

#include "sock_row.h"

/* Parse one socket line ("  0: 0100007F:15B3 ..."). Addresses are printed by
 * the kernel as 32-bit words in host byte order (IPv6: four of them,
 * net/ipv6/tcp_ipv6.c get_tcp6_sock), so this decodes them for the host it
 * runs on. v6only is set to UNDEFINED/UNKNOWN: /proc never shows it.
 * Returns 0, or -1 if the line is malformed. */
int proc_net_parse_line(const char *line, enum sock_file file, struct sock_row *row);

/* Parse a whole file's text: the header line, then one socket per line.
 * Returns 0, or -1 on a malformed line or allocation failure. */
int proc_net_parse(const char *text, size_t len, enum sock_file file, struct sock_rows *rows);

/* The text of /proc/net/<file> of the caller's namespace (malloc'd). */
int proc_net_read_text(enum sock_file file, char **text, size_t *len);

/* Read /proc/net/<file> of the caller's network namespace into rows. */
int proc_net_read(enum sock_file file, struct sock_rows *rows);

#endif
