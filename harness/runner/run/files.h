/* Small file helpers the runner's commands share. */
#ifndef DSLAB_FILES_H
#define DSLAB_FILES_H

#include <stddef.h>

/* mkdir -p PATH (mode 0755). 0, or -1 with errno set. */
int make_directories(const char *path);

/* The whole of a file, malloc'd and NUL-terminated, if it holds at most
 * max_bytes; its length in *len (if len is not NULL). NULL with errno set:
 * from fopen/fread, EFBIG when larger, ENOMEM. */
char *read_whole_file(const char *path, size_t max_bytes, size_t *len);

#endif
