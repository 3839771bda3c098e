#include "isolate.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errno_name.h"
#include "hermetic_etc.h"
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

static void enter_user_and_net_namespace(void)
{
	const char *failed;
	if (user_namespace_enter(&failed) == 0)
		return;
	if (strcmp(failed, "unshare") == 0)
		child_skip("cannot create a network namespace (unshare: %s): " USERNS_HINT,
			   errno_name(errno));
	child_fail("writing %s: %s", failed, errno_name(errno));
}

static void enter_network_namespace(unsigned long host_netns)
{
	if (unshare(CLONE_NEWNET) != 0) {
		if (errno != EPERM)
			child_fail("unshare(CLONE_NEWNET): %s", errno_name(errno));
		enter_user_and_net_namespace();
	}
	if (isolate_host_netns() == host_netns)
		child_fail("still in the host's network namespace after unshare; refusing to run");
}

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
		const struct sysctl_setting *s = &v->setting[i];
		if (s->path[0] == '\0') {
			/* An option for the scenario: report.h's scenario_option(). */
			char name[96];
			snprintf(name, sizeof name, "DSLAB_OPTION_%s", s->key);
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

/* Keep only the declared capabilities: in the bounding set (so exec as uid
 * 0 cannot regain the others) and in the permitted and effective sets. */
static void drop_capabilities(const char *declared)
{
	/* "cap_a,cap_b" names capabilities; "cap_a,cap_b=eip" is libcap's text
	 * for having them permitted, effective and inheritable; "=" is none. */
	char text[256];
	if (snprintf(text, sizeof text, "%s%s", declared, declared[0] ? "=eip" : "=") >= (int)sizeof text)
		child_fail("capability list too long: '%s'", declared);
	cap_t keep = cap_from_text(text);
	if (!keep)
		child_fail("bad capability list '%s'", declared);
	for (cap_value_t cap = 0; cap <= CAP_LAST_CAP; cap++) {
		cap_flag_value_t wanted = CAP_CLEAR;
		cap_get_flag(keep, cap, CAP_PERMITTED, &wanted);
		if (wanted == CAP_CLEAR && CAP_IS_SUPPORTED(cap) && cap_drop_bound(cap) != 0)
			child_fail("dropping capability %d from the bounding set: %s", cap, errno_name(errno));
	}
	if (cap_set_proc(keep) != 0)
		child_fail("setting capabilities '%s': %s", declared, errno_name(errno));
	cap_free(keep);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		child_fail("PR_SET_NO_NEW_PRIVS: %s", errno_name(errno));
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

/* Leave the way the scenario left: by the same signal, or with its status. */
static _Noreturn void mirror_end(int status)
{
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		struct rlimit no_core = {0, 0};
		setrlimit(RLIMIT_CORE, &no_core); /* the scenario dumped already, if at all */
		signal(sig, SIG_DFL);
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, sig);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		raise(sig);
	}
	_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}

/* Everything a case starts lives in a PID namespace whose init is a small
 * process of ours. When the scenario's main process ends, init ends, and
 * the kernel kills whatever is left in the namespace — children that left
 * the process group included — even if dslab itself was killed. Returns in
 * the scenario's process (pid 2 there); the process that called it stays
 * outside and ends as the scenario ends (mirror_end). */
static void enter_pid_namespace(void)
{
	if (unshare(CLONE_NEWPID) != 0)
		child_fail("cannot make a PID namespace (unshare: %s)", errno_name(errno));
	int status_pipe[2];
	if (pipe2(status_pipe, O_CLOEXEC) != 0)
		child_fail("pipe: %s", errno_name(errno));
	pid_t init = fork();
	if (init < 0)
		child_fail("fork: %s", errno_name(errno));
	if (init > 0) {
		close(status_pipe[1]);
		int status = 0, init_status = 0;
		ssize_t n;
		while ((n = read(status_pipe[0], &status, sizeof status)) < 0 && errno == EINTR)
			;
		while (waitpid(init, &init_status, 0) < 0 && errno == EINTR)
			;
		mirror_end(n == (ssize_t)sizeof status ? status : init_status);
	}

	/* init, pid 1 of the new namespace. Its parent is outside, where
	 * getppid() cannot see it (it returns 0): whether the parent is still
	 * there shows on the status pipe, which reports an error once the
	 * reading end is gone. */
	close(status_pipe[0]);
	struct pollfd parent_alive = {.fd = status_pipe[1], .events = 0};
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || poll(&parent_alive, 1, 0) != 0)
		_exit(1);
	pid_t scenario = fork();
	if (scenario < 0)
		_exit(1);
	if (scenario == 0) {
		close(status_pipe[1]);
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != 1)
			_exit(1);
		return;
	}
	for (;;) {
		int status;
		pid_t ended = waitpid(-1, &status, 0);
		if (ended == scenario) {
			if (write(status_pipe[1], &status, sizeof status) != (ssize_t)sizeof status)
				_exit(1);
			_exit(0);
		}
		if (ended < 0 && errno != EINTR)
			_exit(1);
	}
}

static _Noreturn void run_child(const struct case_def *c, const char *scenario_path,
				const char *etc_dir, int report_w, int output_w, pid_t parent, unsigned long host_netns)
{
	setpgid(0, 0);
	/* Put the channels at fixed numbers; the output pipe first, in case
	 * report_w currently sits on 1 or 2. */
	int output_copy = fcntl(output_w, F_DUPFD_CLOEXEC, 10);
	int report_copy = fcntl(report_w, F_DUPFD_CLOEXEC, 10);
	if (output_copy < 0 || report_copy < 0)
		_exit(126);
	move_fd(report_copy, REPORT_CHANNEL_FD);
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (null >= 0)
		move_fd(null, 0);
	dup2(output_copy, 1);
	dup2(output_copy, 2);
	close(output_copy);

	enter_network_namespace(host_netns);
	char why[256];
	if (c->scenario->hermetic_etc && hermetic_etc_enter(etc_dir, why, sizeof why) != 0)
		child_skip("%s", why);
	bring_loopback_up();
	apply_variant(&c->variant);

	/* If the runner dies from here on, so does the case. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
		_exit(1);
	enter_pid_namespace();
	drop_capabilities(c->scenario->capabilities);

	char fd_text[12];
	snprintf(fd_text, sizeof fd_text, "%d", REPORT_CHANNEL_FD);
	setenv("DSLAB_REPORT_FD", fd_text, 1);
	execl(scenario_path, c->scenario->name, (char *)NULL);
	child_fail("cannot run %s: %s", scenario_path, errno_name(errno));
}

int isolate_start(const struct case_def *c, const char *scenario_path, const char *etc_dir,
		  struct isolated_child *child)
{
	int report[2], output[2];
	if (pipe2(report, O_CLOEXEC) != 0)
		return -1;
	if (pipe2(output, O_CLOEXEC) != 0) {
		close(report[0]);
		close(report[1]);
		return -1;
	}
	unsigned long host_netns = isolate_host_netns();
	pid_t parent = getpid();
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		int saved = errno;
		close(report[0]); close(report[1]); close(output[0]); close(output[1]);
		errno = saved;
		return -1;
	}
	if (pid == 0)
		run_child(c, scenario_path, etc_dir, report[1], output[1], parent, host_netns);
	setpgid(pid, pid); /* also here: no race with a kill of the group */
	close(report[1]);
	close(output[1]);
	child->pid = pid;
	child->report_fd = report[0];
	child->output_fd = output[0];
	return 0;
}
