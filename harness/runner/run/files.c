#include "files.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int make_directories(const char *path)
{
	char copy[4096];
	if (snprintf(copy, sizeof copy, "%s", path) >= (int)sizeof copy) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(copy, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

char *read_whole_file(const char *path, size_t max_bytes, size_t *len)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return NULL;
	char *text = NULL, chunk[65536];
	size_t used = 0, capacity = 0, n;
	int error = 0;
	while (!error && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (used + n > max_bytes) {
			error = EFBIG;
			break;
		}
		if (used + n + 1 > capacity) {
			size_t more = capacity ? capacity : sizeof chunk;
			while (more < used + n + 1)
				more *= 2;
			char *bigger = realloc(text, more);
			if (!bigger) {
				error = ENOMEM;
				break;
			}
			text = bigger;
			capacity = more;
		}
		memcpy(text + used, chunk, n);
		used += n;
	}
	if (!error && ferror(f))
		error = EIO;
	if (!error && !text && !(text = malloc(1)))
		error = ENOMEM;
	fclose(f);
	if (error) {
		free(text);
		errno = error;
		return NULL;
	}
	text[used] = '\0';
	if (len)
		*len = used;
	return text;
}
