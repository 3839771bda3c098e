/* floor: what one case minimally costs, without the harness.
 *
 *   floor [--jobs N] [--small-tables] [--mount ETC_DIR] [--pid] [--caps] [--cases FILE] COUNT [PROGRAM]
 *   floor [--jobs N] --plain COUNT PROGRAM
 *
 * Runs COUNT bare cases, at most N at a time (default 1). One bare case:
 * fork; in the child unshare(CLONE_NEWNET) (not root: with CLONE_NEWUSER,
 * as dslab does), bring lo up with
 * SIOCGIFFLAGS/SIOCSIFFLAGS, write /proc/sys/net/ipv6/bindv6only in the new
 * namespace (0 and 1 alternately, like the variants), exec PROGRAM (a
 * trivial static program: build/bench/bench_true); the parent waits.
 *
 * The steps dslab's isolation adds (harness/runner/run/isolate.c), each on
 * request, in the same order as there:
 *   --mount ETC_DIR  a mount namespace: unshare(CLONE_NEWNS), mounts made
 *                    private, ETC_DIR's hosts, nsswitch.conf, host.conf and
 *                    gai.conf bind-mounted read-only over /etc's (after the
 *                    netns, before lo goes up, as hermetic_etc_enter does);
 *   --pid            a PID namespace with an init, made as isolate.c makes
 *                    it: instead of fork and unshare, one clone with
 *                    CLONE_NEWNET | CLONE_NEWPID (and CLONE_NEWNS under
 *                    --mount) makes init, pid 1, which does the steps, starts
 *                    the program with CLONE_VM | CLONE_VFORK and waits for it;
 *   --caps           every capability dropped and PR_SET_NO_NEW_PRIVS: as
 *                    dslab run does, the bounding set once for all cases
 *                    (isolate_limit_bounding_set: the no-op declares none),
 *                    then per case capset to none.
 * --small-tables: first move into a namespace of our own with small child
 * hash tables, as dslab run does (harness/runner/run/parent_namespace.h), so
 * the cases' namespaces get those.
 * --plain: fork, exec, wait and nothing else (no namespace, no sysctl): a
 * control for the machine's own speed at the moment, with no kernel
 * namespace state involved.
 * --cases FILE runs real programs instead: case i is line i % lines of FILE,
 * "PROGRAM [SETTING...]", a SETTING being /proc/sys/PATH=VALUE (written in
 * the namespace instead of bindv6only), NAME=VALUE (put in the environment)
 * or the word hermetic-etc (the mount step, under --mount, is made for such
 * cases only, as dslab does for scenarios that declare dslab-hermetic-etc).
 * The program's standard output goes to /dev/null.
 *
 * Prints "cases N jobs N seconds S per_case_ms M failures N"; exits 1 if a
 * case failed (a step refused, or the program did not exit 0). */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#include "parent_namespace.h"
#include "user_namespace.h"
#include <unistd.h>

#define MAX_CASES 4096
#define MAX_SETTINGS 8

struct bench_case {
	char *program;
	int hermetic_etc; /* "hermetic-etc": the mount step, under --mount */
	char *sysctl[MAX_SETTINGS]; /* "path=value" */
	char *env[MAX_SETTINGS];    /* "NAME=VALUE" */
	int sysctl_count, env_count;
};

static struct bench_case cases[MAX_CASES];
static int case_count, cases_from_file;
static const char *etc_dir;
static int want_pid, want_caps, plain, last_cap = 40;

#define STEP_FAILED 125

static void step(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "floor: %s: %s\n", what, strerror(errno));
		_exit(STEP_FAILED);
	}
}

/* As isolate.c does: a network namespace, and where that is refused (not
 * root) a user namespace with it, mapping our uid and gid to 0. */
static void enter_network_namespace(void)
{
	if (unshare(CLONE_NEWNET) == 0)
		return;
	step(errno == EPERM, "unshare(CLONE_NEWNET)");
	const char *failed;
	step(user_namespace_enter(&failed) == 0, "a user namespace with the network namespace");
}

/* in_new_namespace: clone made the mount namespace already (--pid). */
static void mount_etc(int in_new_namespace)
{
	static const char *const names[] = {"hosts", "nsswitch.conf", "host.conf", "gai.conf"};
	if (!in_new_namespace)
		step(unshare(CLONE_NEWNS) == 0, "unshare(CLONE_NEWNS)");
	step(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0, "making mounts private");
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char source[4096], target[64];
		snprintf(source, sizeof source, "%s/%s", etc_dir, names[i]);
		snprintf(target, sizeof target, "/etc/%s", names[i]);
		if (access(target, F_OK) != 0)
			continue;
		step(mount(source, target, NULL, MS_BIND, NULL) == 0, "bind mount");
		mount(NULL, target, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL);
	}
}

static void loopback_up(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifreq ifr = {0};
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
	step(fd >= 0 && ioctl(fd, SIOCGIFFLAGS, &ifr) == 0, "SIOCGIFFLAGS lo");
	ifr.ifr_flags |= IFF_UP;
	step(ioctl(fd, SIOCSIFFLAGS, &ifr) == 0, "SIOCSIFFLAGS lo");
	close(fd);
}

/* What floor could not drop from its own bounding set (not root: each
 * case drops it in its user namespace), as isolate.c keeps it. */
static unsigned long long bounding_left;

/* Once, in floor itself, before the first case. */
static void drop_bounding_set(void)
{
	for (int cap = 0; cap <= last_cap && cap < 64; cap++)
		if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 1 && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0)
			bounding_left |= 1ULL << cap;
}

static void drop_capabilities(void)
{
	for (int cap = 0; cap <= last_cap && cap < 64; cap++)
		if (bounding_left & 1ULL << cap)
			step(prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == 0, "PR_CAPBSET_DROP");
	struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[2] = {{0}};
	step(syscall(SYS_capset, &header, data) == 0, "capset");
	step(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0, "PR_SET_NO_NEW_PRIVS");
}

static _Noreturn void exec_program(const struct bench_case *c)
{
	for (int i = 0; i < c->env_count; i++)
		putenv(c->env[i]);
	execl(c->program, c->program, (char *)NULL);
	fprintf(stderr, "floor: cannot run %s: %s\n", c->program, strerror(errno));
	_exit(STEP_FAILED);
}

static const struct bench_case *current;

static int exec_program_in_clone(void *arg)
{
	(void)arg;
	exec_program(current);
}

/* The steps inside the namespaces, then the program. */
static _Noreturn void prepare_and_exec(int index, int mount_in_new_namespace)
{
	const struct bench_case *c = &cases[index % case_count];
	if (etc_dir && (!cases_from_file || c->hermetic_etc))
		mount_etc(mount_in_new_namespace);
	loopback_up();
	if (c->sysctl_count == 0) {
		step(write_text_file("/proc/sys/net/ipv6/bindv6only", index % 2 ? "1" : "0") == 0,
		     "writing /proc/sys/net/ipv6/bindv6only");
	}
	for (int i = 0; i < c->sysctl_count; i++) {
		char *eq = strrchr(c->sysctl[i], '=');
		char path[4096];
		snprintf(path, sizeof path, "%.*s", (int)(eq - c->sysctl[i]), c->sysctl[i]);
		step(write_text_file(path, eq + 1) == 0, path);
	}
	if (want_caps)
		drop_capabilities();
	if (!want_pid)
		exec_program(c);
	/* init, pid 1: the program as pid 2, sharing init's memory until exec. */
	static char stack[64 * 1024] __attribute__((aligned(16)));
	current = c;
	pid_t program = clone(exec_program_in_clone, stack + sizeof stack, CLONE_VM | CLONE_VFORK | SIGCHLD, NULL);
	step(program >= 0, "clone the program");
	for (;;) {
		int status;
		pid_t ended = waitpid(-1, &status, 0);
		if (ended == program)
			_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		if (ended < 0 && errno != EINTR)
			_exit(STEP_FAILED);
	}
}

/* The case's first process, after fork. */
static _Noreturn void run_case(int index)
{
	const struct bench_case *c = &cases[index % case_count];
	int null = open("/dev/null", O_WRONLY);
	if (null >= 0)
		dup2(null, 1);

	if (plain)
		exec_program(c);
	enter_network_namespace();
	prepare_and_exec(index, 0);
}

/* --pid: init made by one clone in its namespaces, as isolate.c does
 * (where that is refused, with a user namespace too, mapping our uid and
 * gid to 0). */
static pid_t start_init(int index)
{
	static int need_user_namespace;
	const struct bench_case *c = &cases[index % case_count];
	unsigned long flags = CLONE_NEWNET | CLONE_NEWPID | SIGCHLD;
	if (etc_dir && (!cases_from_file || c->hermetic_etc))
		flags |= CLONE_NEWNS;
	uid_t uid = getuid();
	gid_t gid = getgid();
	pid_t pid = -1;
	if (!need_user_namespace) {
		pid = (pid_t)syscall(SYS_clone, flags, 0, 0, 0, 0);
		need_user_namespace = pid < 0 && errno == EPERM;
	}
	if (need_user_namespace)
		pid = (pid_t)syscall(SYS_clone, flags | CLONE_NEWUSER, 0, 0, 0, 0);
	if (pid == 0) {
		const char *failed;
		if (need_user_namespace)
			step(user_namespace_map_self(uid, gid, &failed) == 0, failed);
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, 1);
		prepare_and_exec(index, 1);
	}
	return pid;
}

static int read_cases(const char *path)
{
	FILE *f = fopen(path, "re");
	if (!f) {
		fprintf(stderr, "floor: %s: %s\n", path, strerror(errno));
		return -1;
	}
	char line[8192];
	while (case_count < MAX_CASES && fgets(line, sizeof line, f)) {
		struct bench_case *c = &cases[case_count];
		char *save = NULL;
		for (char *word = strtok_r(line, " \t\n", &save); word; word = strtok_r(NULL, " \t\n", &save)) {
			char *copy = strdup(word);
			if (!copy)
				return -1;
			if (!c->program)
				c->program = copy;
			else if (strcmp(copy, "hermetic-etc") == 0)
				c->hermetic_etc = 1;
			else if (copy[0] == '/' && strchr(copy, '=') && c->sysctl_count < MAX_SETTINGS)
				c->sysctl[c->sysctl_count++] = copy;
			else if (strchr(copy, '=') && c->env_count < MAX_SETTINGS)
				c->env[c->env_count++] = copy;
			else {
				fprintf(stderr, "floor: %s: bad setting '%s'\n", path, copy);
				return -1;
			}
		}
		if (c->program)
			case_count++;
	}
	fclose(f);
	return case_count > 0 ? 0 : -1;
}

static void usage(void)
{
	fputs("usage: floor [--jobs N] [--small-tables] [--mount ETC_DIR] [--pid] [--caps] [--cases FILE] COUNT [PROGRAM]\n"
	      "       floor [--jobs N] --plain COUNT PROGRAM\n", stderr);
	exit(2);
}

/* count cases, jobs at a time; returns how many failed, or -1 if fork or
 * wait did. */
static int run_all(int count, int jobs)
{
	int started = 0, running = 0, failures = 0;
	while (started < count || running > 0) {
		while (started < count && running < jobs) {
			fflush(NULL);
			pid_t pid = want_pid && !plain ? start_init(started) : fork();
			if (pid < 0) {
				perror("floor: fork");
				return -1;
			}
			if (pid == 0)
				run_case(started);
			started++;
			running++;
		}
		int status;
		pid_t ended = wait(&status);
		if (ended < 0) {
			if (errno == EINTR)
				continue;
			perror("floor: wait");
			return -1;
		}
		running--;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failures++;
	}
	return failures;
}

int main(int argc, char **argv)
{
	int jobs = 1, i = 1, small_tables = 0;
	const char *cases_file = NULL;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--jobs") == 0 && i + 1 < argc)
			jobs = atoi(argv[++i]);
		else if (strcmp(argv[i], "--mount") == 0 && i + 1 < argc)
			etc_dir = argv[++i];
		else if (strcmp(argv[i], "--pid") == 0)
			want_pid = 1;
		else if (strcmp(argv[i], "--small-tables") == 0)
			small_tables = 1;
		else if (strcmp(argv[i], "--plain") == 0)
			plain = 1;
		else if (strcmp(argv[i], "--caps") == 0)
			want_caps = 1;
		else if (strcmp(argv[i], "--cases") == 0 && i + 1 < argc)
			cases_file = argv[++i];
		else
			usage();
	}
	if (i >= argc || jobs < 1)
		usage();
	int count = atoi(argv[i++]);
	if (count < 1)
		usage();
	if (cases_file) {
		if (i != argc || read_cases(cases_file) != 0)
			usage();
		cases_from_file = 1;
	} else {
		if (i + 1 != argc)
			usage();
		cases[0].program = argv[i];
		case_count = 1;
	}
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
	if (f) {
		if (fscanf(f, "%d", &last_cap) != 1)
			last_cap = 40;
		fclose(f);
	}

	if (small_tables && parent_namespace_enter() != 2) {
		fputs("floor: --small-tables: no parent namespace with small tables here\n", stderr);
		return 1;
	}

	if (want_caps && !plain)
		drop_bounding_set();

	struct timespec start, end;
	clock_gettime(CLOCK_MONOTONIC, &start);
	int failures = run_all(count, jobs);
	if (failures < 0)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &end);
	double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
	printf("cases %d jobs %d seconds %.6f per_case_ms %.4f failures %d\n", count, jobs, seconds,
	       seconds * 1000 / count, failures);
	return failures ? 1 : 0;
}
