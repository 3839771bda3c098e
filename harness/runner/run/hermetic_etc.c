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

/* Bind dir/name over /etc/name, read-only (the host has /etc/name). */
static int bind_file(const char *dir, const char *name, char *why, unsigned long why_size)
{
	char source[4096], target[64];
	snprintf(source, sizeof source, "%s/%s", dir, name);
	snprintf(target, sizeof target, "/etc/%s", name);
	if (mount(source, target, NULL, MS_BIND, NULL) != 0) {
		snprintf(why, why_size, "cannot mount the harness's %s on %s (mount: %s)", source, target,
			 errno_name(errno));
		return -1;
	}
	mount(NULL, target, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL);
	return 0;
}

/* A file the host lacks cannot be bind-mounted over (and the host's /etc
 * is not to be touched), and libc's built-in default is no stand-in: glibc
 * knows no "localhost" without /etc/hosts. So /etc becomes, in this mount
 * namespace only, a read-only overlay: the harness's directory on top of
 * the host's /etc, every other file of which shows through unchanged. */
static int overlay_etc(const char *dir, const char *missing, char *why, unsigned long why_size)
{
	if (strpbrk(dir, ":,\\")) {
		snprintf(why, why_size, "the host has no /etc/%s, and the harness's %s cannot be an "
			 "overlay layer (its path holds ':', ',' or '\\')", missing, dir);
		return -1;
	}
	char options[4200];
	snprintf(options, sizeof options, "lowerdir=%s:/etc", dir);
	if (mount("overlay", "/etc", "overlay", MS_RDONLY, options) != 0) {
		snprintf(why, why_size, "the host has no /etc/%s, and /etc cannot get the harness's "
			 "files as an overlay (mount: %s)", missing, errno_name(errno));
		return -1;
	}
	return 0;
}

int hermetic_etc_mount(const char *dir, char *why, unsigned long why_size)
{
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
		snprintf(why, why_size, "cannot make mounts private (mount: %s)", errno_name(errno));
		return -1;
	}
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char target[64];
		snprintf(target, sizeof target, "/etc/%s", files[i].name);
		if (access(target, F_OK) != 0)
			return overlay_etc(dir, files[i].name, why, why_size);
	}
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		if (bind_file(dir, files[i].name, why, why_size) != 0)
			return -1;
	return 0;
}
