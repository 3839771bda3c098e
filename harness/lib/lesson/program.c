#include "program.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lesson.h"
#include "sock_diag.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434 /* the same number on every architecture */
#endif

static const char *const debian_directories[] = {"/usr/sbin", "/usr/bin", "/sbin", "/bin"};

const char *program_path(const char *binary)
{
	static char path[4096];
	if (strchr(binary, '/')) { /* a path: a program the build made */
		snprintf(path, sizeof path, "%s", binary);
		return access(path, X_OK) == 0 ? path : NULL;
	}
	for (size_t i = 0; i < sizeof debian_directories / sizeof *debian_directories; i++) {
		snprintf(path, sizeof path, "%s/%s", debian_directories[i], binary);
		if (access(path, X_OK) == 0)
			return path;
	}
	return NULL;
}

static long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/* In the child, between fork and exec: only async-signal-safe calls. */
static void exec_child(int output, pid_t parent, const char *path, char *const argv[])
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
		_exit(126);
	setpgid(0, 0);
	int null = open("/dev/null", O_RDONLY);
	if (null < 0 || dup2(null, 0) < 0 || dup2(output, 1) < 0 || dup2(output, 2) < 0)
		_exit(126);
	/* Nothing of the scenario's (the report channel, its sockets) leaks in. */
	for (int fd = 3; fd < 1024; fd++)
		close(fd);
	execv(path, argv);
	_exit(127);
}

/* The case has a PID namespace of its own but the host's /proc: the
 * program's /proc/PID is under the pid /proc knows it by. A pidfd's fdinfo
 * names it ("Pid:" is in the pid namespace of the /proc it is read from). */
static pid_t proc_pid_of(pid_t pid)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0)
		return pid;
	char path[64], line[128];
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", pidfd);
	pid_t found = pid;
	FILE *info = fopen(path, "re");
	if (info) {
		int value;
		while (fgets(line, sizeof line, info))
			if (sscanf(line, "Pid: %d", &value) == 1 && value > 0)
				found = value;
		fclose(info);
	}
	close(pidfd);
	return found;
}

int program_start(struct program *program, const char *name, char *const argv[])
{
	memset(program, 0, sizeof *program);
	program->pid = -1;
	program->output = -1;
	snprintf(program->name, sizeof program->name, "%s", name);
	const char *path = program_path(argv[0]);
	if (!path) {
		errno = ENOENT;
		return -1;
	}
	int pipe_ends[2];
	if (pipe2(pipe_ends, O_CLOEXEC) != 0)
		return -1;
	fflush(NULL);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		int saved = errno;
		close(pipe_ends[0]);
		close(pipe_ends[1]);
		errno = saved;
		return -1;
	}
	if (pid == 0)
		exec_child(pipe_ends[1], parent, path, argv);
	close(pipe_ends[1]);
	/* Both sides set the group, so it exists before any signal is sent. */
	setpgid(pid, pid);
	program->pid = pid;
	program->output = pipe_ends[0];
	program->proc_pid = proc_pid_of(pid);
	return 0;
}

static int reap(struct program *program, int options)
{
	if (program->exited || program->pid < 0)
		return 1;
	pid_t got;
	while ((got = waitpid(program->pid, &program->status, options)) < 0 && errno == EINTR)
		;
	if (got == program->pid) {
		program->exited = 1;
		return 1;
	}
	return 0;
}

/* The inodes of the program's sockets, from /proc/PID/fd. */
static size_t socket_inodes(pid_t pid, unsigned long *inodes, size_t max)
{
	char directory[64];
	snprintf(directory, sizeof directory, "/proc/%d/fd", (int)pid);
	DIR *fds = opendir(directory);
	if (!fds)
		return 0;
	size_t count = 0;
	struct dirent *entry;
	while ((entry = readdir(fds)) && count < max) {
		char link[320], target[64];
		snprintf(link, sizeof link, "%s/%s", directory, entry->d_name);
		ssize_t n = readlink(link, target, sizeof target - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		unsigned long inode;
		if (sscanf(target, "socket:[%lu]", &inode) == 1)
			inodes[count++] = inode;
	}
	closedir(fds);
	return count;
}

static int is_listening(const struct sock_row *row)
{
	if (row->file == FILE_TCP || row->file == FILE_TCP6)
		return row->state == TCP_LISTEN;
	return row->state == TCP_CLOSE && row->local.port != 0; /* bound UDP */
}

/* tcp_only: count TCP listeners only. A TCP lesson must not take a UDP
 * socket the program holds for an instant at start-up (a resolver's: HAProxy
 * connects one to the nameserver, and connect() binds it first) for the
 * listener it waits for. */
static int count_listening(const struct program *program, int name_them, int tcp_only)
{
	unsigned long inodes[256];
	size_t inode_count = socket_inodes(program->proc_pid, inodes, 256);
	int count = 0;
	enum sock_file last = tcp_only ? FILE_TCP6 : FILE_UDP6;
	for (enum sock_file file = FILE_TCP; file <= last; file++) {
		struct sock_rows rows = {0};
		if (sock_diag_dump(file, &rows, NULL) != 0) {
			sock_rows_free(&rows);
			continue;
		}
		for (size_t r = 0; r < rows.count; r++)
			for (size_t i = 0; i < inode_count; i++)
				if (rows.row[r].inode == inodes[i] && is_listening(&rows.row[r])) {
					count++;
					if (name_them)
						report_name_inode(inodes[i], program->name);
				}
		sock_rows_free(&rows);
	}
	return count;
}

void program_name_sockets(struct program *program)
{
	unsigned long inodes[256];
	size_t count = socket_inodes(program->proc_pid, inodes, 256);
	for (size_t i = 0; i < count; i++)
		report_name_inode(inodes[i], program->name);
}

static int wait_listening(struct program *program, int count, int timeout_ms, int tcp_only)
{
	long deadline = now_ms() + timeout_ms;
	for (;;) {
		if (reap(program, WNOHANG)) {
			errno = ECHILD;
			return -1;
		}
		if (count_listening(program, 0, tcp_only) >= count) {
			count_listening(program, 1, tcp_only);
			return 0;
		}
		if (now_ms() >= deadline) {
			errno = ETIMEDOUT;
			return -1;
		}
		/* A poll interval, not a guess at how long start-up takes. */
		struct timespec pause = {0, 2 * 1000 * 1000};
		nanosleep(&pause, NULL);
	}
}

int program_wait_listening(struct program *program, int count, int timeout_ms)
{
	return wait_listening(program, count, timeout_ms, 0);
}

int program_wait_tcp_listening(struct program *program, int count, int timeout_ms)
{
	return wait_listening(program, count, timeout_ms, 1);
}

/* Take one whole line out of the buffer into program->line; 1 if found. */
static int next_line(struct program *program)
{
	char *end = memchr(program->buffer, '\n', program->buffered);
	if (!end)
		return 0;
	size_t len = (size_t)(end - program->buffer);
	size_t keep = len < sizeof program->line - 1 ? len : sizeof program->line - 1;
	memcpy(program->line, program->buffer, keep);
	program->line[keep] = '\0';
	program->buffered -= len + 1;
	memmove(program->buffer, end + 1, program->buffered);
	return 1;
}

const char *program_wait_line(struct program *program, const char *marker, int timeout_ms)
{
	long deadline = now_ms() + timeout_ms;
	for (;;) {
		while (next_line(program)) {
			if (strstr(program->line, marker))
				return program->line;
		}
		long left = deadline - now_ms();
		if (left <= 0 || program->output < 0)
			return NULL;
		struct pollfd wait_for = {.fd = program->output, .events = POLLIN};
		int ready = poll(&wait_for, 1, (int)left);
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready <= 0)
			return NULL;
		if (program->buffered == sizeof program->buffer) /* a line too long: drop it */
			program->buffered = 0;
		ssize_t n = read(program->output, program->buffer + program->buffered,
				 sizeof program->buffer - program->buffered);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) { /* the program closed its output */
			close(program->output);
			program->output = -1;
		} else {
			program->buffered += (size_t)n;
		}
	}
}

const char *program_word(const char *line, int n)
{
	static char word[256];
	word[0] = '\0';
	for (int i = 0; *line; i++) {
		while (*line == ' ')
			line++;
		size_t len = strcspn(line, " \r");
		if (i == n) {
			snprintf(word, sizeof word, "%.*s", (int)len, line);
			break;
		}
		line += len;
		if (*line == '\r')
			break;
	}
	return word;
}

const char *program_exit_text(const struct program *program)
{
	static char text[64];
	if (!program->exited)
		snprintf(text, sizeof text, "still running");
	else if (WIFEXITED(program->status))
		snprintf(text, sizeof text, "exit status %d", WEXITSTATUS(program->status));
	else if (WTERMSIG(program->status) == SIGTERM)
		snprintf(text, sizeof text, "killed by SIGTERM");
	else if (WTERMSIG(program->status) == SIGKILL)
		snprintf(text, sizeof text, "killed by SIGKILL");
	else /* numbered: musl has no sigabbrev_np */
		snprintf(text, sizeof text, "killed by signal %d", WTERMSIG(program->status));
	return text;
}

int program_stop(struct program *program)
{
	int killed = 0;
	if (program->pid > 0 && !reap(program, WNOHANG)) {
		kill(-program->pid, SIGTERM);
		long deadline = now_ms() + 2000;
		while (!reap(program, WNOHANG) && now_ms() < deadline) {
			struct timespec pause = {0, 2 * 1000 * 1000};
			nanosleep(&pause, NULL);
		}
		if (!program->exited) {
			kill(-program->pid, SIGKILL);
			killed = 1;
			if (!reap(program, 0))
				return -1;
		}
	}
	/* Whatever else of its group is left (a worker that outlived it). */
	if (program->pid > 0)
		kill(-program->pid, SIGKILL);
	if (program->output >= 0) {
		close(program->output);
		program->output = -1;
	}
	return killed;
}

const char *program_beside_scenario(const char *relative)
{
	static char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
	if (n <= 0)
		return NULL;
	path[n] = '\0';
	char *slash = strrchr(path, '/');
	if (!slash || (size_t)(slash - path) + 2 + strlen(relative) > sizeof path)
		return NULL;
	strcpy(slash + 1, relative);
	return path;
}
