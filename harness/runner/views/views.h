/* views: a snapshot's socket table as `netstat -tuan` (net-tools 2.10) or
 * `ss -tuan` (iproute2 6.1) would print it in the case's namespace at that
 * moment, so a reader can put the golden next to what the tools show.
 *
 * The input is the snapshot's rows: R records (file, state, local, remote,
 * v6only, name) as transcript.h defines them. The views are renderings of
 * those fields only:
 *
 *   netstat  Proto is the /proc/net file (tcp6 for every AF_INET6 socket),
 *            states in netstat's words (ESTABLISHED, "" for an unconnected
 *            UDP socket), IPv4-mapped addresses printed as plain IPv4
 *            (net-tools lib/inet6.c, fix_v4_address), ":::" for [::],
 *            addresses cut to fit 23 columns as addr_do_one does.
 *   ss       Netid is the protocol (tcp, udp), never the family; mapped
 *            addresses in brackets; an all-zero IPv6 address prints as "*"
 *            unless the kernel reports the socket v6-only (it tells only for
 *            LISTEN and unconnected sockets, INET_DIAG_SKV6ONLY); columns
 *            sized by their contents, as ss lays them out when its output is
 *            not a terminal.
 *
 * What the rows do not hold is rendered as follows: Recv-Q and Send-Q are
 * 0 (goldens record no queue lengths; ss shows a listener's backlog as its
 * Send-Q); rows the tools print in kernel hash-table order keep the order
 * they have in the snapshot (the tools' grouping is kept: see view_render);
 * ephemeral-port tokens (EPH1...) are printed as they are, and netstat's
 * cutting of long addresses counts them as 5 digits, the width of every
 * port in Linux's default ip_local_port_range (32768-60999). The device a
 * socket is bound to (SO_BINDTODEVICE) is in the rows as ss writes it,
 * "[::]%lo:7200" (from sock_diag's idiag_if): ss prints it so after the
 * local address, netstat not at all (/proc has no device). */
#ifndef DSLAB_VIEWS_H
#define DSLAB_VIEWS_H

#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "transcript.h"

/* enum view and view_from_name: cli.h (the command line chooses a view). */

/* The command the view stands for: "netstat -tuan", "ss -tuan". */
const char *view_command(enum view view);

/* Write rows[0, count) (R records) as the tool prints them, header lines
 * included, in the tool's order of groups:
 *   netstat: /proc/net/tcp, tcp6, udp, udp6 (the files it reads in turn),
 *            TCP listeners before the other TCP sockets of their file;
 *   ss:      udp, udp6, then tcp, tcp6 (one sock_diag dump per protocol,
 *            AF_INET before AF_INET6), TCP listeners first in each;
 * rows of one group in their order in rows. Returns 0, or -1 with a
 * one-line reason in why (a row the view cannot read; nothing written). */
int view_render(enum view view, const struct record *rows, size_t count, FILE *out,
		char *why, size_t why_size);

/* The snapshots of a golden's text (or of a kept actual transcript, which
 * has the same form): each "snapshot LABEL" line with its table becomes an
 * S record and its R records, in order; everything else is skipped. A
 * table is read by the columns its header line sets. Returns 0, or -1 with
 * a one-line reason in why (line number and what is wrong). */
int view_parse_snapshots(const char *text, struct transcript *t, char *why, size_t why_size);

/* Every snapshot of t, each as "# TITLE, snapshot LABEL", "$ COMMAND" and
 * the view, separated by blank lines; "# TITLE: no snapshots" if there are
 * none. Returns 0, or -1 with a one-line reason in why. */
int view_render_snapshots(enum view view, const struct transcript *t, const char *title,
			  FILE *out, char *why, size_t why_size);

#endif
