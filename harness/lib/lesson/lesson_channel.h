/* lesson_channel: what the lesson API's files share (not for lessons): the
 * report channel, set up on first use, and a result in words. */
#ifndef DSLAB_LESSON_CHANNEL_H
#define DSLAB_LESSON_CHANNEL_H

/* Set up the channel to the runner (or, run alone, stdout) once. */
void lesson_begin(void);

/* One record to the runner, or into the table printed when run alone. */
void lesson_emit(char type, const char *const *fields);

/* "0", a number, or the errno name. */
void lesson_result_text(int rc, int error, char out[24]);

#endif
