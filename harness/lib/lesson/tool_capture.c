#include "tool_capture.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

const char *tool_capture_dir(void)
{
	static int read_once;
	static const char *dir;
	if (!read_once) {
		read_once = 1;
		dir = getenv(TOOL_CAPTURE_VARIABLE);
		if (dir && !*dir)
			dir = NULL;
	}
	return dir;
}

/* The descriptors a tool inherits: 0, and the two files as 1 and 2. The
 * scenario's sockets and its report channel stay out of the tool's hands
 * (holding them would not change the table, but nothing else should). */
static void close_other_descriptors(void)
{
#ifdef SYS_close_range
	if (syscall(SYS_close_range, 3u, ~0u, 0u) == 0)
		return;
#endif
	for (int fd = 3; fd < 1024; fd++)
		close(fd);
}

/* Run argv[0] (found in PATH) with stdout to out_path, stderr to errors_fd;
 * a failure to start it, or a non-zero status, as a line in errors_fd. */
static void run_tool(char *const argv[], const char *out_path, int errors_fd)
{
	int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		dprintf(errors_fd, "%s: cannot create %s: %s\n", argv[0], out_path, strerror(errno));
		return;
	}
	pid_t pid = fork();
	if (pid == 0) {
		if (dup2(out, 1) < 0 || dup2(errors_fd, 2) < 0)
			_exit(126);
		close_other_descriptors();
		setenv("LC_ALL", "C", 1);
		execvp(argv[0], argv);
		dprintf(2, "%s: cannot run it: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(out);
	if (pid < 0) {
		dprintf(errors_fd, "%s: fork: %s\n", argv[0], strerror(errno));
		return;
	}
	int status;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			dprintf(errors_fd, "%s: waitpid: %s\n", argv[0], strerror(errno));
			return;
		}
	}
	if (WIFSIGNALED(status))
		dprintf(errors_fd, "%s: killed by signal %d\n", argv[0], WTERMSIG(status));
	else if (WEXITSTATUS(status) != 0)
		dprintf(errors_fd, "%s: exit status %d\n", argv[0], WEXITSTATUS(status));
}

void tool_capture_snapshot(const char *dir, unsigned sequence, const struct transcript *table)
{
	int saved = errno;
	const struct record *s = table->count ? &table->record[0] : NULL;
	char base[4096], path[4200];
	size_t len = (size_t)snprintf(base, sizeof base, "%s/%02u-", dir, sequence);
	for (const char *c = s && s->type == RECORD_SNAPSHOT ? s->field[0] : "?"; *c && len + 1 < sizeof base; c++)
		base[len++] = strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-", *c)
				      ? *c : '_';
	base[len] = '\0';

	snprintf(path, sizeof path, "%s.errors", base);
	int errors_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
	if (errors_fd < 0) {
		fprintf(stderr, "tool capture: cannot create %s: %s\n", path, strerror(errno));
		errno = saved;
		return;
	}

	snprintf(path, sizeof path, "%s.rows", base);
	FILE *rows = fopen(path, "we");
	if (!rows || transcript_render_range(table, 0, table->count, rows) != 0 || ferror(rows))
		dprintf(errors_fd, "cannot write %s\n", path);
	if (rows && fclose(rows) != 0)
		dprintf(errors_fd, "cannot write %s\n", path);

	snprintf(path, sizeof path, "%s.netstat", base);
	run_tool((char *const[]){"netstat", "-tuan", NULL}, path, errors_fd);
	snprintf(path, sizeof path, "%s.ss", base);
	run_tool((char *const[]){"ss", "-tuan", NULL}, path, errors_fd);
	close(errors_fd);
	errno = saved;
}
