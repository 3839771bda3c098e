/* transcript_normalise: what the runner does to a case's transcript before
 * it is rendered and compared with the golden. */
#ifndef DSLAB_TRANSCRIPT_NORMALISE_H
#define DSLAB_TRANSCRIPT_NORMALISE_H

#include "transcript.h"

/* Ephemeral ports -> EPH<n> in first-seen order (one token per port
 * choice: see port_names.h); snapshot rows sorted. */
int transcript_normalise(struct transcript *t);

#endif
