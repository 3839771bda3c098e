/* isolate: start one case in namespaces of its own.
 *
 * One clone makes the case's init (isolate.c's run_init) in a new network
 * namespace and a new PID namespace, where it is pid 1 (as root, or as the
 * user namespace's root the runner made itself: parent_namespace.h;
 * otherwise, or where that is refused, with a new user namespace too), and,
 * for a scenario that asks, a new mount namespace with the harness's own
 * /etc/hosts, nsswitch.conf, host.conf and gai.conf (hermetic_etc.h). Init
 * brings lo up, writes the variant's sysctls inside that namespace only,
 * drops every capability the scenario does not declare, and starts the
 * scenario as pid 2; when the scenario ends, init sends its wait status to
 * the runner and ends, and the kernel ends every other process of the case.
 * A case never runs in the host's namespace: init checks that it left it
 * before it writes any sysctl. */
#ifndef DSLAB_ISOLATE_H
#define DSLAB_ISOLATE_H

#include <sys/types.h>

#include "cases.h"

/* The fd the scenario finds its report channel on. */
#define REPORT_CHANNEL_FD 3

struct isolated_child {
	pid_t pid;        /* the case's init; also its process group */
	int pidfd;        /* init's pidfd, or -1 (clone3 refused: open one) */
	int report_fd;    /* read end: the scenario's records */
	int output_fd;    /* read end: its stdout and stderr */
	int status_fd;    /* read end: the scenario's wait status (an int),
			   * written by init as the scenario ends */
};

/* Once, before the first case: drop from the runner's own bounding set
 * every capability no case in cases declares (where it may), so that each
 * case's init drops only the few others (each drop costs the kernel a new
 * set of credentials). The bounding set limits only what an exec can gain:
 * the runner keeps its own capabilities. */
void isolate_limit_bounding_set(const struct case_list *cases);

/* Start the case; etc_dir holds the files of hermetic_etc.h;
 * capture_dir, if not NULL, is where the scenario keeps the real tools'
 * output at each snapshot (tool_capture.h; NULL: capture off, whatever the
 * runner's environment says). Init leads a process group of its own, so
 * the whole group can be killed; where no namespace can be made, the child
 * only reports the case skipped. Returns 0, or -1 with errno set. */
int isolate_start(const struct case_def *c, const char *scenario_path, const char *etc_dir,
		  const char *capture_dir, struct isolated_child *child);

/* Inode of the runner's own network namespace (to prove the child left it). */
unsigned long isolate_host_netns(void);

#endif
