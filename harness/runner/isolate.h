/* isolate: start one case in a network namespace of its own.
 *
 * The child makes a new network namespace (as root: unshare(CLONE_NEWNET);
 * otherwise, or where that is refused, with a new user namespace too),
 * and, for a scenario that asks, a mount namespace with the harness's own
 * /etc/hosts, nsswitch.conf, host.conf and gai.conf (hermetic_etc.h),
 * brings lo up, writes the variant's sysctls
 * inside that namespace only, makes a PID namespace whose init ends every
 * process of the case when the scenario ends,
 * drops every capability the scenario does not declare, and execs it. A case
 * never runs in the host's namespace: the child checks that it left it
 * before it writes any sysctl. */
#ifndef DSLAB_ISOLATE_H
#define DSLAB_ISOLATE_H

#include <sys/types.h>

#include "cases.h"

/* The fd the scenario finds its report channel on. */
#define REPORT_CHANNEL_FD 3

struct isolated_child {
	pid_t pid;        /* also its process group */
	int report_fd;    /* read end: the scenario's records */
	int output_fd;    /* read end: its stdout and stderr */
};

/* Fork and start the case; etc_dir holds the files of hermetic_etc.h;
 * capture_dir, if not NULL, is where the scenario keeps the real tools'
 * output at each snapshot (tool_capture.h; NULL: capture off, whatever the
 * runner's environment says). The child leads a process group of its own, so
 * the whole group can be killed. Returns 0, or -1 with errno set. */
int isolate_start(const struct case_def *c, const char *scenario_path, const char *etc_dir,
		  const char *capture_dir, struct isolated_child *child);

/* Inode of the runner's own network namespace (to prove the child left it). */
unsigned long isolate_host_netns(void);

#endif
