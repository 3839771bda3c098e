#include "orphans.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int orphans_adopt(void)
{
	return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
}

static unsigned long netns_of(pid_t pid)
{
	char path[64];
	struct stat st;
	snprintf(path, sizeof path, "/proc/%d/ns/net", (int)pid);
	return stat(path, &st) == 0 ? (unsigned long)st.st_ino : 0;
}

size_t orphans_end(const pid_t *running, size_t running_count)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/self/task/%d/children", (int)getpid());
	FILE *f = fopen(path, "re");
	if (!f)
		return 0;
	pid_t children[256];
	size_t count = 0;
	int pid;
	while (count < sizeof children / sizeof children[0] && fscanf(f, "%d", &pid) == 1)
		children[count++] = (pid_t)pid;
	fclose(f);

	size_t ended = 0;
	for (size_t i = 0; i < count; i++) {
		int belongs = 0;
		unsigned long netns = netns_of(children[i]);
		for (size_t r = 0; r < running_count && !belongs; r++)
			belongs = children[i] == running[r] ||
				  (netns != 0 && netns == netns_of(running[r]));
		if (belongs)
			continue;
		/* A case's own process that already exited is reaped by its job. */
		siginfo_t info = {0};
		if (waitid(P_PID, (id_t)children[i], &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
		    info.si_pid == children[i])
			continue;
		kill(children[i], SIGKILL);
		waitpid(children[i], NULL, 0);
		ended++;
	}
	return ended;
}
