/* tool_capture: the evidence that the views are faithful. At a snapshot,
 * run the real `netstat -tuan` (net-tools) and `ss -tuan` (iproute2) in the
 * scenario's own namespaces, at that moment, and keep their output next to
 * the snapshot's raw rows (real ports, not yet normalised), so a test can
 * render the views from the rows and compare them with the tools.
 *
 * Off unless the runner asks (dslab run --capture-tools DIR sets
 * DSLAB_CAPTURE_TOOLS=DIR/<scenario>/<variant> for each case); when off,
 * report_snapshot does nothing more than one cached getenv. The tools need
 * no capability: netstat reads /proc/net, ss asks NETLINK_SOCK_DIAG.
 *
 * For the Nth snapshot (from 1) labelled LABEL, in the capture directory:
 *   NN-LABEL.rows     the rows as a golden's snapshot table ("snapshot
 *                     LABEL", the header line, a line per row), every
 *                     socket of the namespace, real ports
 *   NN-LABEL.netstat  what `netstat -tuan` printed to stdout
 *   NN-LABEL.ss       what `ss -tuan` printed to stdout
 *   NN-LABEL.errors   the tools' stderr, and a line for each failure (a
 *                     tool not found, a non-zero exit): empty when all went well
 * The tools run one after the other, with LC_ALL=C (the views print the
 * tools' English headers), with no inherited descriptor but these files. */
#ifndef DSLAB_TOOL_CAPTURE_H
#define DSLAB_TOOL_CAPTURE_H

#include <stddef.h>

#include "transcript.h"

#include "case_environment.h" /* TOOL_CAPTURE_VARIABLE */

/* The capture directory, or NULL when capture is off (read once). */
const char *tool_capture_dir(void);

/* Save table (the snapshot's S record and its R records) and run the
 * tools. sequence counts the case's snapshots from 1; the label is taken
 * from the S record (characters other than A-Z a-z 0-9 . _ - become _ in
 * the file names). Problems are written
 * to the .errors file (or, if that cannot be made, to stderr): the capture
 * never changes what the scenario reports. errno is left as it was. */
void tool_capture_snapshot(const char *dir, unsigned sequence, const struct transcript *table);

#endif
