#include "user_namespace.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int write_text_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, text, strlen(text));
	int saved = errno;
	close(fd);
	errno = saved;
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

int user_namespace_map_self(uid_t uid, gid_t gid, const char **failed)
{
	char map[64];
	*failed = "/proc/self/setgroups";
	if (write_text_file("/proc/self/setgroups", "deny") != 0 && errno != ENOENT)
		return -1;
	*failed = "/proc/self/uid_map";
	snprintf(map, sizeof map, "0 %u 1\n", (unsigned)uid);
	if (write_text_file("/proc/self/uid_map", map) != 0)
		return -1;
	*failed = "/proc/self/gid_map";
	snprintf(map, sizeof map, "0 %u 1\n", (unsigned)gid);
	return write_text_file("/proc/self/gid_map", map);
}

int user_namespace_enter(const char **failed)
{
	uid_t uid = getuid();
	gid_t gid = getgid();
	*failed = "unshare";
	if (unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0)
		return -1;
	return user_namespace_map_self(uid, gid, failed);
}
