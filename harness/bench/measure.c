/* measure: time whole commands, interleaved, and print medians.
 *
 *   measure [--runs N] [--warmup N] [--baseline LABEL] [--netns-of PID] [--hwm]
 *           :: LABEL[:BASELINE] COMMAND [ARG...] [:: LABEL[:BASELINE] COMMAND [ARG...]]...
 *
 * Each round runs every command once (fork, exec, wait4), standard output
 * to /dev/null, in an order rotated by one each round so that no command
 * always follows the same neighbour. The first --warmup rounds are not
 * counted. A command's time is its wall time, fork to reap; its memory is
 * wait4's ru_maxrss (the largest of the process and the descendants it
 * reaped). With --baseline, each round also gives every command's ratio to
 * the baseline's time in that same round (its own BASELINE if its label
 * names one), and the median of those ratios is reported: on a machine with other load the rounds drift together, so
 * a ratio within a round is steadier than a ratio of medians.
 * --netns-of PID: run the commands in the network namespace of PID (and in
 * its user namespace first, if that is not ours), as nsenter would, without
 * timing nsenter's own exec. --hwm: also sample the command's own VmHWM
 * from /proc every 2 ms (its own peak, without the descendants); this
 * delays noticing the end by up to 2 ms, so use it for memory passes only.
 *
 * Output: one JSON object per command and line:
 *   {"label":..., "runs":N, "failures":N, "median_s":..., "min_s":...,
 *    "max_s":..., "mad_rel":..., "baseline":..., "ratio":..., "ratio_min":...,
 *    "ratio_max":..., "maxrss_kb":..., "hwm_kb":..., "ratio_to":{LABEL: ratio...}}
 * ratio_to holds the median per-round ratio to every command of the run.
 * mad_rel is the median absolute deviation over the median (the noise).
 * Exit 1 if a run of any command exited non-zero or by a signal. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_COMMANDS 128
#define MAX_RUNS 1000

struct command {
	const char *label, *baseline;
	int base;
	char **argv;
	double seconds[MAX_RUNS], ratio[MAX_RUNS];
	long maxrss_kb[MAX_RUNS], hwm_kb[MAX_RUNS];
	int failures;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(const double *values, int n)
{
	double sorted[MAX_RUNS];
	memcpy(sorted, values, (size_t)n * sizeof *sorted);
	qsort(sorted, (size_t)n, sizeof *sorted, compare_double);
	return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

static double minimum(const double *v, int n)
{
	double m = v[0];
	for (int i = 1; i < n; i++)
		if (v[i] < m)
			m = v[i];
	return m;
}

static double maximum(const double *v, int n)
{
	double m = v[0];
	for (int i = 1; i < n; i++)
		if (v[i] > m)
			m = v[i];
	return m;
}

static long read_hwm_kb(pid_t pid)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	long kb = -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	fclose(f);
	return kb;
}

static int enter_namespaces_of(const char *pid)
{
	static const char *const kinds[] = {"user", "net"};
	for (size_t i = 0; i < 2; i++) {
		char theirs[64], ours[64];
		struct stat a, b;
		snprintf(theirs, sizeof theirs, "/proc/%s/ns/%s", pid, kinds[i]);
		snprintf(ours, sizeof ours, "/proc/self/ns/%s", kinds[i]);
		if (stat(theirs, &a) != 0 || stat(ours, &b) != 0) {
			fprintf(stderr, "measure: %s: %s\n", theirs, strerror(errno));
			return -1;
		}
		if (a.st_ino == b.st_ino && a.st_dev == b.st_dev)
			continue;
		int fd = open(theirs, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || setns(fd, 0) != 0) {
			fprintf(stderr, "measure: entering %s: %s\n", theirs, strerror(errno));
			return -1;
		}
		close(fd);
	}
	return 0;
}

/* One run: wall seconds, or a negative number if it did not exit 0. */
static double run_once(struct command *c, int hwm, long *maxrss_kb, long *hwm_kb)
{
	fflush(NULL);
	double start = now();
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, 1);
		execvp(c->argv[0], c->argv);
		fprintf(stderr, "measure: cannot run %s: %s\n", c->argv[0], strerror(errno));
		_exit(127);
	}
	*hwm_kb = -1;
	if (hwm) {
		const struct timespec pause = {0, 2 * 1000 * 1000};
		for (;;) {
			siginfo_t info = {0};
			if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
			    info.si_pid == pid)
				break;
			long kb = read_hwm_kb(pid);
			if (kb > *hwm_kb)
				*hwm_kb = kb;
			nanosleep(&pause, NULL);
		}
	}
	int status;
	struct rusage usage;
	while (wait4(pid, &status, 0, &usage) < 0)
		if (errno != EINTR)
			return -1;
	double seconds = now() - start;
	*maxrss_kb = usage.ru_maxrss;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "measure: %s: %s %d\n", c->label,
			WIFEXITED(status) ? "exit status" : "signal",
			WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		return -seconds;
	}
	return seconds;
}

static void usage(void)
{
	fputs("usage: measure [--runs N] [--warmup N] [--baseline LABEL] [--netns-of PID] [--hwm]\n"
	      "               :: LABEL[:BASELINE] COMMAND [ARG...] [:: ...]...\n", stderr);
	exit(2);
}

struct options {
	int runs, warmup, hwm;
	const char *baseline, *netns_pid;
};

/* The options before the first "::", then each ":: LABEL[:BASELINE]
 * COMMAND..." into commands; how many (usage() on bad input). */
static int parse(int argc, char **argv, struct options *o, struct command *commands)
{
	*o = (struct options){.runs = 5, .warmup = 1};
	int i = 1;
	for (; i < argc && strcmp(argv[i], "::") != 0; i++) {
		if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
			o->runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "--warmup") == 0 && i + 1 < argc)
			o->warmup = atoi(argv[++i]);
		else if (strcmp(argv[i], "--baseline") == 0 && i + 1 < argc)
			o->baseline = argv[++i];
		else if (strcmp(argv[i], "--netns-of") == 0 && i + 1 < argc)
			o->netns_pid = argv[++i];
		else if (strcmp(argv[i], "--hwm") == 0)
			o->hwm = 1;
		else
			usage();
	}
	if (o->runs < 1 || o->runs > MAX_RUNS || o->warmup < 0)
		usage();
	int count = 0;
	while (i < argc) { /* argv[i] is "::" */
		if (count == MAX_COMMANDS || i + 2 >= argc)
			usage();
		commands[count].label = argv[i + 1];
		char *colon = strchr(argv[i + 1], ':');
		if (colon) {
			*colon = '\0';
			commands[count].baseline = colon + 1;
		}
		commands[count].argv = &argv[i + 2];
		int j = i + 2;
		while (j < argc && strcmp(argv[j], "::") != 0)
			j++;
		argv[j < argc ? j : argc] = NULL; /* ends this command's argv */
		count++;
		i = j;
	}
	if (count == 0)
		usage();
	return count;
}

/* Each command's baseline by its label; usage() for an unknown one. */
static void find_baselines(struct command *commands, int count, const char *baseline)
{
	for (int c = 0; c < count; c++) {
		const char *wanted = commands[c].baseline ? commands[c].baseline : baseline;
		commands[c].base = -1;
		for (int b = 0; wanted && b < count; b++)
			if (strcmp(commands[b].label, wanted) == 0)
				commands[c].base = b;
		if (wanted && commands[c].base < 0) {
			fprintf(stderr, "measure: no command labelled '%s'\n", wanted);
			usage();
		}
	}
}

/* Rounds, each command once per round in a rotating order; returns 1 if a
 * command failed. */
static int measure(struct command *commands, int count, const struct options *o)
{
	int failed = 0;
	for (int round = 0; round < o->warmup + o->runs; round++) {
		int counted = round - o->warmup;
		double took[MAX_COMMANDS];
		for (int k = 0; k < count; k++) {
			int c = (k + round) % count;
			long maxrss = 0, peak = -1;
			double s = run_once(&commands[c], o->hwm, &maxrss, &peak);
			if (s < 0) {
				s = -s;
				commands[c].failures++;
				failed = 1;
			}
			took[c] = s;
			if (counted >= 0) {
				commands[c].seconds[counted] = s;
				commands[c].maxrss_kb[counted] = maxrss;
				commands[c].hwm_kb[counted] = peak;
			}
		}
		for (int c = 0; counted >= 0 && c < count; c++)
			commands[c].ratio[counted] = commands[c].base >= 0 ? took[c] / took[commands[c].base] : 0;
	}
	return failed;
}

/* One JSON line per command. */
static void print_results(const struct command *commands, int count, const struct options *o)
{
	int runs = o->runs;
	for (int c = 0; c < count; c++) {
		const struct command *cmd = &commands[c];
		double med = median(cmd->seconds, runs), dev[MAX_RUNS], rss[MAX_RUNS], peak[MAX_RUNS];
		for (int r = 0; r < runs; r++) {
			dev[r] = cmd->seconds[r] > med ? cmd->seconds[r] - med : med - cmd->seconds[r];
			rss[r] = (double)cmd->maxrss_kb[r];
			peak[r] = (double)cmd->hwm_kb[r];
		}
		printf("{\"label\":\"%s\",\"runs\":%d,\"failures\":%d,\"median_s\":%.6f,"
		       "\"min_s\":%.6f,\"max_s\":%.6f,\"mad_rel\":%.4f",
		       cmd->label, runs, cmd->failures, med, minimum(cmd->seconds, runs),
		       maximum(cmd->seconds, runs), med > 0 ? median(dev, runs) / med : 0);
		if (cmd->base >= 0)
			printf(",\"baseline\":\"%s\",\"ratio\":%.4f,\"ratio_min\":%.4f,\"ratio_max\":%.4f",
			       commands[cmd->base].label, median(cmd->ratio, runs), minimum(cmd->ratio, runs),
			       maximum(cmd->ratio, runs));
		printf(",\"maxrss_kb\":%.0f", median(rss, runs));
		if (o->hwm)
			printf(",\"hwm_kb\":%.0f", median(peak, runs));
		/* Against every other command too, round by round. */
		printf(",\"ratio_to\":{");
		for (int b = 0; b < count; b++) {
			double r[MAX_RUNS];
			for (int k = 0; k < runs; k++)
				r[k] = cmd->seconds[k] / commands[b].seconds[k];
			printf("%s\"%s\":%.4f", b ? "," : "", commands[b].label, median(r, runs));
		}
		printf("}}\n");
	}
}

int main(int argc, char **argv)
{
	static struct command commands[MAX_COMMANDS];
	struct options o;
	int count = parse(argc, argv, &o, commands);
	find_baselines(commands, count, o.baseline);
	if (o.netns_pid && enter_namespaces_of(o.netns_pid) != 0)
		return 2;
	int failed = measure(commands, count, &o);
	print_results(commands, count, &o);
	return failed;
}
