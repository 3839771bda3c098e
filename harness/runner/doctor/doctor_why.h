/* doctor_why: why a predicted bind fails or works, in the lesson's own
 * words: the note dslab explain prints under the grid that holds the cell
 * (scenarios/<scenario>.explain), so the rule, the RFC section and the
 * kernel function are written in one place, beside the lesson. */
#ifndef DSLAB_DOCTOR_WHY_H
#define DSLAB_DOCTOR_WHY_H

#include <stddef.h>

/* case_name: "bind_matrix_tcp/bindv6only=0,reuse=addr,order=blbl"; grid:
 * the cell's grid. out gets the note's lines joined by spaces, or "" when
 * the lesson has no note for that grid (or no notes file). */
void doctor_lesson_note(const char *sources_dir, const char *case_name, const char *grid, char *out,
			size_t size);

#endif
