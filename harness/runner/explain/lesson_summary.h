/* lesson_summary: a lesson's one-line summary, taken from its scenario's
 * header comment so that the scenario source stays the one place it is
 * written. Every scenario opens with
 *
 *   / * Lesson: <one sentence, possibly over several lines>
 *    *
 *
 * and the summary is that paragraph, joined into one line, without
 * "Lesson:". */
#ifndef DSLAB_LESSON_SUMMARY_H
#define DSLAB_LESSON_SUMMARY_H

#include <stddef.h>

/* From a scenario's source text. Returns 0 with the summary in out (cut to
 * size - 1 bytes at a character boundary), or -1 if the source has no
 * "Lesson:" paragraph in its first comment. */
int lesson_summary_parse(const char *source, char *out, size_t size);

/* The same from scenarios/<name>.c under sources_dir; -1 if it cannot be
 * read or has no summary. */
int lesson_summary_read(const char *sources_dir, const char *name, char *out, size_t size);

#endif
