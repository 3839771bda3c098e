/* process_table: which processes hold which sockets, as ss -p finds them:
 * every /proc/PID/fd/N that is a link to "socket:[INODE]", with the
 * process's name from /proc/PID/comm. A process whose fd directory the
 * caller may not read (another user's, without CAP_SYS_PTRACE) is simply
 * not in the table: its sockets get no owner, never a guess. */
#ifndef DSLAB_PROCESS_TABLE_H
#define DSLAB_PROCESS_TABLE_H

#include <stddef.h>
#include <sys/types.h>

struct socket_owner {
	unsigned long inode;
	pid_t pid;
	int fd;
	char name[16];  /* /proc/PID/comm: at most 15 bytes (TASK_COMM_LEN) */
};

struct process_table {
	struct socket_owner *owner;  /* sorted by inode, then pid, then fd */
	size_t count, capacity;
};

/* Read /proc (proc_root: "/proc", or a directory laid out like it for a
 * test). Returns 0, or -1 when /proc cannot be listed or memory runs out. */
int process_table_read(struct process_table *table, const char *proc_root);

/* The owners of a socket inode: *first is the first of *count entries
 * (lowest pid first); *count 0 if none is known. */
const struct socket_owner *process_table_find(const struct process_table *table,
					      unsigned long inode, size_t *count);

void process_table_free(struct process_table *table);

#endif
