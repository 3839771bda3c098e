#include "hermetic_etc.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/mount.h>
#include <unistd.h>

#include "errno_name.h"
#include "golden.h"

static const struct {
	const char *name, *content;
} files[] = {
	{"hosts", HERMETIC_HOSTS},
	{"nsswitch.conf", HERMETIC_NSSWITCH},
	{"host.conf", HERMETIC_HOST_CONF},
	{"gai.conf", HERMETIC_GAI_CONF},
};

int hermetic_etc_prepare(const char *dir)
{
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return -1;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char path[4096], *current = NULL, why[64];
		snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
		int same = golden_read(path, &current, why, sizeof why) == GOLDEN_OK &&
			   strcmp(current, files[i].content) == 0;
		free(current);
		if (!same && golden_write_atomic(path, files[i].content) != 0)
			return -1;
	}
	return 0;
}

/* Bind dir/name over /etc/name, read-only. A file the host lacks stays
 * absent (libc then uses its built-in default, which these files match). */
static int bind_file(const char *dir, const char *name, char *why, unsigned long why_size)
{
	char source[4096], target[64];
	snprintf(source, sizeof source, "%s/%s", dir, name);
	snprintf(target, sizeof target, "/etc/%s", name);
	if (access(target, F_OK) != 0)
		return 0;
	if (mount(source, target, NULL, MS_BIND, NULL) != 0) {
		snprintf(why, why_size, "cannot mount the harness's %s on %s (mount: %s)", source, target,
			 errno_name(errno));
		return -1;
	}
	mount(NULL, target, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL);
	return 0;
}

int hermetic_etc_mount(const char *dir, char *why, unsigned long why_size)
{
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
		snprintf(why, why_size, "cannot make mounts private (mount: %s)", errno_name(errno));
		return -1;
	}
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		if (bind_file(dir, files[i].name, why, why_size) != 0)
			return -1;
	return 0;
}
