#include "process_table.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "growth.h"

static int add_owner(struct process_table *t, const struct socket_owner *o)
{
	struct socket_owner *grown =
		grow_to_fit(t->owner, t->count + 1, &t->capacity, sizeof *grown, 256, 0);
	if (!grown)
		return -1;
	t->owner = grown;
	t->owner[t->count++] = *o;
	return 0;
}

/* The name in /proc/PID/comm, "" if it cannot be read (the process ended). */
static void read_comm(int pid_dir, char name[16])
{
	name[0] = '\0';
	int fd = openat(pid_dir, "comm", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	ssize_t n = read(fd, name, 15);
	close(fd);
	if (n <= 0)
		return;
	name[n] = '\0';
	name[strcspn(name, "\n")] = '\0';
}

/* "socket:[12345]" -> 12345; 0 for any other link. */
static unsigned long socket_inode(const char *link)
{
	unsigned long inode = 0;
	char end = 0;
	if (sscanf(link, "socket:[%lu%c", &inode, &end) != 2 || end != ']')
		return 0;
	return inode;
}

/* The sockets of one process. A process that ended meanwhile, or whose fd
 * directory is not ours to read, adds nothing. */
static int read_process(struct process_table *t, int proc_dir, const char *pid_text)
{
	int pid_dir = openat(proc_dir, pid_text, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pid_dir < 0)
		return 0;
	int fd_dir = openat(pid_dir, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *fds = fd_dir >= 0 ? fdopendir(fd_dir) : NULL;
	if (!fds) {
		if (fd_dir >= 0)
			close(fd_dir);
		close(pid_dir);
		return 0;
	}
	struct socket_owner o = {.pid = (pid_t)atol(pid_text)};
	int named = 0, rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(fds))) {
		char link[64];
		if (e->d_name[0] == '.')
			continue; /* "." and "..": no descriptor */
		ssize_t n = readlinkat(fd_dir, e->d_name, link, sizeof link - 1);
		if (n < 0 && errno == EACCES)
			break; /* not ours to read (ptrace access): none of its fds is */
		if (n <= 0)
			continue;
		link[n] = '\0';
		if (!(o.inode = socket_inode(link)))
			continue;
		if (!named) {
			read_comm(pid_dir, o.name);
			named = 1;
		}
		o.fd = atoi(e->d_name);
		rc = add_owner(t, &o);
	}
	closedir(fds);
	close(pid_dir);
	return rc;
}

static int by_inode(const void *a, const void *b)
{
	const struct socket_owner *x = a, *y = b;
	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return (x->fd > y->fd) - (x->fd < y->fd);
}

int process_table_read(struct process_table *t, const char *proc_root)
{
	memset(t, 0, sizeof *t);
	int proc_dir = open(proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *procs = proc_dir >= 0 ? fdopendir(proc_dir) : NULL;
	if (!procs) {
		if (proc_dir >= 0)
			close(proc_dir);
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(procs)))
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9' &&
		    strspn(e->d_name, "0123456789") == strlen(e->d_name))
			rc = read_process(t, proc_dir, e->d_name);
	closedir(procs);
	if (rc == 0)
		qsort(t->owner, t->count, sizeof *t->owner, by_inode);
	return rc;
}

const struct socket_owner *process_table_find(const struct process_table *t, unsigned long inode,
					      size_t *count)
{
	size_t low = 0, high = t->count;
	while (low < high) {  /* the first entry with inode >= the one asked */
		size_t mid = low + (high - low) / 2;
		if (t->owner[mid].inode < inode)
			low = mid + 1;
		else
			high = mid;
	}
	size_t end = low;
	while (end < t->count && t->owner[end].inode == inode)
		end++;
	*count = end - low;
	return *count ? &t->owner[low] : NULL;
}

void process_table_free(struct process_table *t)
{
	free(t->owner);
	memset(t, 0, sizeof *t);
}
