#include "state_dir.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fits(int n)
{
	return n >= 0 && n < PATH_MAX;
}

int state_dir_choose(char out[PATH_MAX], int *shared)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME"), *tmp = getenv("TMPDIR");
	struct stat st;
	*shared = 0;
	/* The XDG base directory spec: a relative value is to be ignored. */
	if (xdg && xdg[0] == '/')
		return fits(snprintf(out, PATH_MAX, "%s/dslab", xdg)) ? 0 : -1;
	if (home && home[0] == '/' && stat(home, &st) == 0 && S_ISDIR(st.st_mode) && access(home, W_OK) == 0)
		return fits(snprintf(out, PATH_MAX, "%s/.local/state/dslab", home)) ? 0 : -1;
	*shared = 1;
	if (!tmp || tmp[0] != '/')
		tmp = "/tmp";
	return fits(snprintf(out, PATH_MAX, "%s/dslab-%lu", tmp, (unsigned long)geteuid())) ? 0 : -1;
}

int state_dir_claim(const char *dir, char *why, unsigned long why_size)
{
	struct stat st;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		snprintf(why, why_size, "%s: cannot create it: %s", dir, strerror(errno));
		return -1;
	}
	if (lstat(dir, &st) != 0) {
		snprintf(why, why_size, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 077)) {
		snprintf(why, why_size,
			 "%s is not a private directory of this user (a directory it owns, mode 0700); "
			 "remove it, or set XDG_STATE_HOME", dir);
		return -1;
	}
	return 0;
}
