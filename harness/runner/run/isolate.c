#include "isolate.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errno_name.h"
#include "hermetic_etc.h"
#include "case_capabilities.h"
#include "case_environment.h"
#include "transcript.h"
#include "user_namespace.h"

#define USERNS_HINT                                                      \
	"run as root, or enable unprivileged user namespaces "            \
	"(user.max_user_namespaces > 0; on Ubuntu also "                  \
	"kernel.apparmor_restrict_unprivileged_userns=0)"

unsigned long isolate_host_netns(void)
{
	struct stat st;
	return stat("/proc/self/ns/net", &st) == 0 ? (unsigned long)st.st_ino : 0;
}

/* Before exec the child reports through the same channel as the scenario. */
static void child_record(char type, const char *format, ...)
	__attribute__((format(printf, 2, 3)));
static void child_record(char type, const char *format, ...)
{
	char text[512], line[RECORD_MAX_LINE];
	va_list ap;
	va_start(ap, format);
	vsnprintf(text, sizeof text, format, ap);
	va_end(ap);
	size_t len = record_format(line, type, (const char *[]){text});
	if (write(REPORT_CHANNEL_FD, line, len) < 0) {
		/* nobody to tell */
	}
}

#define child_skip(...) do { child_record(RECORD_SKIP, __VA_ARGS__); _exit(0); } while (0)

#define child_fail(...) do { child_record(RECORD_FAIL, __VA_ARGS__); _exit(1); } while (0)

static void bring_loopback_up(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifreq ifr = {0};
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) != 0)
		child_fail("reading the flags of lo: %s", errno_name(errno));
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) != 0)
		child_fail("bringing lo up: %s", errno_name(errno));
	close(fd);
}

static void apply_variant(const struct variant *v)
{
	for (size_t i = 0; i < v->setting_count; i++) {
		const struct setting *s = &v->setting[i];
		if (s->kind == SETTING_OPTION) {
			/* An option for the scenario: lesson.h's scenario_option(). */
			char name[96];
			snprintf(name, sizeof name, OPTION_VARIABLE_PREFIX "%s", s->key);
			setenv(name, s->value, 1);
			continue;
		}
		if (access(s->path, F_OK) != 0)
			child_skip("sysctl %s (%s) does not exist on this kernel", s->key, s->path);
		if (write_text_file(s->path, s->value) != 0)
			child_fail("writing %s=%s to %s: %s", s->key, s->value, s->path, errno_name(errno));
		char back[64] = "";
		int fd = open(s->path, O_RDONLY | O_CLOEXEC);
		ssize_t n = fd >= 0 ? read(fd, back, sizeof back - 1) : -1;
		if (fd >= 0)
			close(fd);
		if (n <= 0 || strtol(back, NULL, 10) != strtol(s->value, NULL, 10))
			child_fail("%s reads back as '%.20s', not %s", s->path, back, s->value);
	}
}

/* Keep only the declared capabilities (case_capabilities.h), or end the
 * case's child with a harness error saying why. */
static void drop_capabilities(const char *declared, uint64_t bounding_set)
{
	char why[512];
	if (case_keep_capabilities(declared, bounding_set, why, sizeof why) != 0)
		child_fail("%s", why);
}

/* dup2 that also clears close-on-exec when from == to. */
static void move_fd(int from, int to)
{
	if (from == to) {
		fcntl(to, F_SETFD, 0);
		return;
	}
	if (dup2(from, to) < 0)
		_exit(126);
	close(from);
}

/* clone3's argument as far as isolate needs it (CLONE_ARGS_SIZE_VER0). */
struct clone_args_v0 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

/* A new process in new namespaces, fork-like (a copy of the runner's
 * memory, no new stack): returns 0 in it, its pid in the runner, or -1 with
 * errno set. *pidfd gets a pidfd for it, or -1 where clone3 is refused (a
 * seccomp filter may answer ENOSYS): plain clone then. */
static pid_t clone_into_namespaces(unsigned long flags, int *pidfd)
{
	*pidfd = -1;
#ifdef SYS_clone3
	struct clone_args_v0 args = {
		.flags = flags | CLONE_PIDFD,
		.pidfd = (uint64_t)(uintptr_t)pidfd,
		.exit_signal = SIGCHLD,
	};
	long pid = syscall(SYS_clone3, &args, sizeof args);
	if (pid >= 0 || errno != ENOSYS)
		return (pid_t)pid;
	*pidfd = -1;
#endif
	return (pid_t)syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
}

struct scenario_exec {
	const char *path;
	char *argv[2];
};

/* The scenario's process (pid 2 of the case), in init's memory until exec
 * (clone with CLONE_VM | CLONE_VFORK: nothing copied; init waits). */
static int exec_scenario(void *arg)
{
	const struct scenario_exec *e = arg;
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
		_exit(1);
	execv(e->path, e->argv);
	child_fail("cannot run %s: %s", e->path, errno_name(errno));
}

/* The pid as /proc numbers it, of /proc/self's parent, or -1. */
static long parent_in_proc(void)
{
	char text[512];
	int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, text, sizeof text - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	text[n] = '\0';
	/* "pid (comm) state ppid ...": comm may hold anything but ends at the
	 * last ')'. */
	const char *end_of_comm = strrchr(text, ')');
	long ppid = -1;
	if (!end_of_comm || sscanf(end_of_comm + 1, " %*c %ld", &ppid) != 1)
		return -1;
	return ppid;
}

/* The runner's pid as /proc numbers it (what init finds as its parent in
 * /proc/self/stat), or -1. */
static long self_in_proc(void)
{
	char link[32];
	ssize_t n = readlink("/proc/self", link, sizeof link - 1);
	if (n <= 0)
		return -1;
	link[n] = '\0';
	return strtol(link, NULL, 10);
}

struct init_settings {
	const struct case_def *c;
	const char *scenario_path, *etc_dir, *capture_dir;
	int report_w, output_w, status_w;
	int runner_pidfd;      /* -1 where there is none (Valgrind; Linux < 5.3) */
	long runner_proc_pid;  /* then: the runner's pid as /proc numbers it */
	int in_user_namespace;
	uid_t uid;
	gid_t gid;
	unsigned long host_netns;
};

/* The case's init: pid 1 of the case's PID namespace, made by clone in its
 * network namespace (and mount namespace, and where needed user namespace)
 * with the runner as its parent. It prepares the namespaces, drops the
 * capabilities the scenario does not declare, starts the scenario as pid 2
 * and waits for it, reaping whatever else ends meanwhile. When the scenario
 * ends, init writes its wait status to the runner and ends; the kernel
 * then kills whatever is left in the namespace (children that left the
 * process group included), even if dslab itself was killed. The scenario
 * is not pid 1 itself because the kernel ignores signals a namespace's init
 * sends itself (raise, abort) that it has no handler for: a scenario must
 * be able to die of its own signal, as on any machine. */
static _Noreturn void run_init(const struct init_settings *s)
{
	const struct case_def *c = s->c;
	setpgid(0, 0);
	/* Put the channels at fixed numbers; first everything above 10, in
	 * case one of them currently sits where another goes. */
	int output_copy = fcntl(s->output_w, F_DUPFD_CLOEXEC, 10);
	int report_copy = fcntl(s->report_w, F_DUPFD_CLOEXEC, 10);
	int status_fd = fcntl(s->status_w, F_DUPFD_CLOEXEC, 10);
	int runner_fd = s->runner_pidfd >= 0 ? fcntl(s->runner_pidfd, F_DUPFD_CLOEXEC, 10) : -1;
	if (output_copy < 0 || report_copy < 0 || status_fd < 0)
		_exit(126);
	move_fd(report_copy, REPORT_CHANNEL_FD);
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (null >= 0)
		move_fd(null, 0);
	dup2(output_copy, 1);
	dup2(output_copy, 2);
	close(output_copy);

	const char *failed;
	if (s->in_user_namespace && user_namespace_map_self(s->uid, s->gid, &failed) != 0)
		child_fail("writing %s: %s", failed, errno_name(errno));
	if (isolate_host_netns() == s->host_netns)
		child_fail("still in the host's network namespace after clone; refusing to run");
	char why[256];
	if (c->scenario->hermetic_etc && hermetic_etc_mount(s->etc_dir, why, sizeof why) != 0)
		child_skip("%s", why);
	bring_loopback_up();
	apply_variant(&c->variant);

	/* If the runner dies from here on, so does the case. Its pidfd shows
	 * whether it died before that, or where there is none, whether init's
	 * parent in /proc is still the runner (getppid() cannot tell: the
	 * runner is outside this PID namespace, where it reads 0). */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
		_exit(1);
	if (runner_fd >= 0) {
		struct pollfd runner_ended = {.fd = runner_fd, .events = POLLIN};
		if (poll(&runner_ended, 1, 0) != 0)
			_exit(1);
		close(runner_fd);
	} else if (s->runner_proc_pid <= 0 || parent_in_proc() != s->runner_proc_pid) {
		_exit(1);
	}
	/* Dropped in init, inherited by the scenario: init needs none to wait.
	 * A new user namespace starts with a full bounding set, whatever the
	 * runner dropped from its own. */
	drop_capabilities(c->scenario->capabilities,
			  s->in_user_namespace ? ~(uint64_t)0 : case_runner_bounding_set());

	char fd_text[12];
	snprintf(fd_text, sizeof fd_text, "%d", REPORT_CHANNEL_FD);
	setenv(REPORT_FD_VARIABLE, fd_text, 1);
	if (s->capture_dir)
		setenv(TOOL_CAPTURE_VARIABLE, s->capture_dir, 1);
	else
		unsetenv(TOOL_CAPTURE_VARIABLE);
	struct scenario_exec e = {.path = s->scenario_path, .argv = {(char *)c->scenario->name, NULL}};
	static char stack[64 * 1024] __attribute__((aligned(16)));
	pid_t scenario = clone(exec_scenario, stack + sizeof stack, CLONE_VM | CLONE_VFORK | SIGCHLD, &e);
	if (scenario < 0)
		child_fail("starting the scenario (clone): %s", errno_name(errno));
	for (;;) {
		int status;
		pid_t ended = waitpid(-1, &status, 0);
		if (ended == scenario) {
			if (write(status_fd, &status, sizeof status) != (ssize_t)sizeof status)
				_exit(1);
			_exit(0);
		}
		if (ended < 0 && errno != EINTR)
			_exit(1);
	}
}

/* Where no namespace can be made: a child that only reports the skip (it
 * runs nothing, so nothing runs in the runner's namespaces). */
static pid_t start_skipped(int report_w, int error)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (dup2(report_w, REPORT_CHANNEL_FD) < 0)
			_exit(126);
		child_skip("cannot create namespaces for the case (clone: %s): " USERNS_HINT, errno_name(error));
	}
	return pid;
}

int isolate_start(const struct case_def *c, const char *scenario_path, const char *etc_dir,
		  const char *capture_dir, struct isolated_child *child)
{
	/* The runner's own pidfd, for its cases' inits to watch; where there
	 * is none, its pid as /proc numbers it. */
	static int runner_pidfd = -2;
	static long runner_proc_pid = -1;
	if (runner_pidfd == -2) {
		runner_pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
		if (runner_pidfd < 0) {
			runner_pidfd = -1;
			runner_proc_pid = self_in_proc();
		}
	}
	/* Set once clone without a user namespace was refused (EPERM): where
	 * the runner could make none for itself (parent_namespace.h). */
	static int need_user_namespace;

	int report[2], output[2], status[2];
	if (pipe2(report, O_CLOEXEC) != 0)
		return -1;
	if (pipe2(output, O_CLOEXEC) != 0) {
		close(report[0]); close(report[1]);
		return -1;
	}
	if (pipe2(status, O_CLOEXEC) != 0) {
		close(report[0]); close(report[1]); close(output[0]); close(output[1]);
		return -1;
	}
	struct init_settings settings = {
		.c = c, .scenario_path = scenario_path, .etc_dir = etc_dir, .capture_dir = capture_dir,
		.report_w = report[1], .output_w = output[1], .status_w = status[1],
		.runner_pidfd = runner_pidfd, .runner_proc_pid = runner_proc_pid,
		.uid = getuid(), .gid = getgid(),
		.host_netns = isolate_host_netns(),
	};
	unsigned long flags = CLONE_NEWNET | CLONE_NEWPID | (c->scenario->hermetic_etc ? CLONE_NEWNS : 0);
	fflush(NULL);
	int pidfd = -1;
	pid_t pid = -1;
	if (!need_user_namespace) {
		pid = clone_into_namespaces(flags, &pidfd);
		if (pid < 0 && errno == EPERM)
			need_user_namespace = 1;
	}
	if (need_user_namespace) {
		settings.in_user_namespace = 1;
		pid = clone_into_namespaces(flags | CLONE_NEWUSER, &pidfd);
		if (pid < 0)
			pid = start_skipped(report[1], errno);
	}
	if (pid == 0)
		run_init(&settings);
	if (pid < 0) {
		int saved = errno;
		close(report[0]); close(report[1]); close(output[0]); close(output[1]);
		close(status[0]); close(status[1]);
		errno = saved;
		return -1;
	}
	setpgid(pid, pid); /* also here: no race with a kill of the group */
	close(report[1]);
	close(output[1]);
	close(status[1]);
	child->pid = pid;
	child->pidfd = pidfd;
	child->report_fd = report[0];
	child->output_fd = output[0];
	child->status_fd = status[0];
	return 0;
}
