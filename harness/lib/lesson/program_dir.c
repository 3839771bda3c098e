#define _XOPEN_SOURCE 700 /* nftw */
#include "program_dir.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char made[64];

static int remove_entry(const char *path, const struct stat *info, int type, struct FTW *at)
{
	(void)info;
	(void)type;
	(void)at;
	remove(path);
	return 0;
}

void program_dir_remove(void)
{
	if (made[0]) /* depth first, without following links */
		nftw(made, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	made[0] = '\0';
}

const char *program_dir_make(const char *name)
{
	static int registered;
	snprintf(made, sizeof made, "/tmp/dslab-%.24s-XXXXXX", name);
	if (!mkdtemp(made)) {
		made[0] = '\0';
		return NULL;
	}
	if (!registered && atexit(program_dir_remove) == 0)
		registered = 1;
	return made;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int open_in(const char *dir, const char *name)
{
	char path[256];
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
}

int program_dir_write(const char *dir, const char *name, const char *text)
{
	int fd = open_in(dir, name);
	if (fd < 0)
		return -1;
	int rc = write_all(fd, text, strlen(text));
	int saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

int program_dir_copy(const char *dir, const char *from, const char *name)
{
	int in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	int out = open_in(dir, name);
	int rc = out < 0 ? -1 : 0;
	char buffer[4096];
	ssize_t n;
	while (rc == 0 && (n = read(in, buffer, sizeof buffer)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		rc = n < 0 ? -1 : write_all(out, buffer, (size_t)n);
	}
	int saved = errno;
	close(in);
	if (out >= 0)
		close(out);
	errno = saved;
	return rc;
}
