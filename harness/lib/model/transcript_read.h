/* transcript_read: a golden's text (what transcript_render writes) read
 * back into records, beside the writer so the two change together.
 *
 * What can be read back: each snapshot's table (an S record, then its R
 * rows; "-" as an empty name), each grid's cells (C records, with the
 * labels and values trimmed of the padding), the call lines (E records; a
 * socket that was made has "" as its result: its number is not in the
 * text) and the notes (N records, without the title line). Grid forms,
 * ports and the version render as nothing and are not read back; "!!"
 * lines (harness errors, skips) are not read. */
#ifndef DSLAB_TRANSCRIPT_READ_H
#define DSLAB_TRANSCRIPT_READ_H

#include <stddef.h>

#include "transcript.h"

enum { READ_SNAPSHOTS = 1, READ_GRIDS = 2, READ_EVENTS = 4, READ_NOTES = 8 };

/* Appends what what asks for to t, in text order; lines (if not NULL)
 * gets a malloc'd array: the 1-based line of each record added (a cell's
 * row line; a snapshot's "snapshot" line). Returns 0, or -1 with one line
 * in why ("line N: not a row of the table of snapshot L", "out of
 * memory"). */
int transcript_read(const char *text, int what, struct transcript *t, size_t **lines, char *why,
		    size_t why_size);

/* The line is "grid NAME": the next one is the grid's header of column
 * labels, then come its rows. */
int transcript_opens_grid(const char *line, size_t len);

#endif
