#include "execute.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "files.h"
#include "golden.h"
#include "case_verdict.h"
#include "golden_judge.h"
#include "growth.h"
#include "isolate.h"
#include "transcript_normalise.h"

#define REPORT_LIMIT (8u * 1024 * 1024)
#define OUTPUT_LIMIT (64u * 1024)
/* After the scenario exits, how long its pipes may stay open (a lingering
 * child of its own holds them) before we stop reading. */
#define DRAIN_GRACE_MS 1000
/* While a case runs, its pipes are not polled (each record the scenario
 * writes would wake the runner): they are looked at this often, and polled
 * from then on only if one held this much (a scenario that writes more than
 * a pipe holds must not wait long). At the end they are read to EOF. */
#define PEEK_INTERVAL_MS 10
#define STREAM_THRESHOLD (16u * 1024)

const char *case_status_name(enum case_status status)
{
	static const char *const names[] = {"pass", "fail", "skip", "timeout", "crash"};
	return names[status];
}

struct buffer {
	char *data;
	size_t len, capacity, limit;
	int overflow;
};

struct job {
	const struct case_def *def;
	struct isolated_child child;
	int pidfd;
	int exited, status, timed_out;
	int streaming; /* its pipes are polled: it wrote much, or it ended */
	double deadline, drain_deadline, timeout_seconds, next_peek;
	struct buffer report, output;
	struct case_result *result;
};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void buffer_append(struct buffer *b, const char *data, size_t len)
{
	if (b->len + len > b->limit) {
		b->overflow = 1;
		len = b->limit - b->len;
	}
	char *grown = grow_to_fit(b->data, b->len + len + 1, &b->capacity, 1, 4096, 0);
	if (!grown) {
		b->overflow = 1;
		return;
	}
	b->data = grown;
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

/* Read what is there (the read ends do not block); returns the bytes read,
 * and closes *fd at end of file. */
static size_t drain(int *fd, struct buffer *b)
{
	char buf[65536];
	if (*fd < 0)
		return 0;
	ssize_t n = read(*fd, buf, sizeof buf);
	if (n > 0) {
		buffer_append(b, buf, (size_t)n);
		return (size_t)n;
	}
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	close(*fd);
	*fd = -1;
	return 0;
}

static void kill_group(struct job *job)
{
	kill(-job->child.pid, SIGKILL);
}

static void finish(struct job *job, const struct run_settings *s)
{
	struct case_process process = {
		.report = job->report.data, .report_len = job->report.len,
		.report_overflow = job->report.overflow, .report_limit = REPORT_LIMIT,
		.output = job->output.data, .status = job->status, .timed_out = job->timed_out,
		.timeout_seconds = job->timeout_seconds,
	};
	job->output.data = NULL;
	case_verdict(job->result, job->def, &process, s);
	free(job->report.data);
	job->report.data = NULL;
}

static int start(struct job *job, const struct run_settings *s)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", s->scenario_dir, job->def->scenario->name);
	job->report.limit = REPORT_LIMIT;
	job->output.limit = OUTPUT_LIMIT;
	/* run --capture-tools: the case's own directory (tool_capture.h). */
	char capture[4096];
	if (s->capture_dir) {
		snprintf(capture, sizeof capture, "%s/%s/%s", s->capture_dir, job->def->scenario->name,
			 job->def->variant_name);
		if (make_directories(capture) != 0) {
			snprintf(job->result->reason, sizeof job->result->reason,
				 "cannot make the capture directory %.900s: %s", capture, strerror(errno));
			return -1;
		}
	}
	if (isolate_start(job->def, path, s->etc_dir, s->capture_dir ? capture : NULL, &job->child) != 0) {
		snprintf(job->result->reason, sizeof job->result->reason, "cannot start: %s", strerror(errno));
		return -1;
	}
	job->pidfd = job->child.pidfd >= 0 ? job->child.pidfd
					    : (int)syscall(SYS_pidfd_open, job->child.pid, 0);
	fcntl(job->child.report_fd, F_SETFL, O_NONBLOCK);
	fcntl(job->child.output_fd, F_SETFL, O_NONBLOCK);
	/* Without a pidfd nothing wakes the runner at the end but the pipes. */
	job->streaming = job->pidfd < 0;
	job->timeout_seconds = s->timeout_seconds;
	double now = now_seconds();
	job->deadline = now + s->timeout_seconds;
	job->next_peek = now + PEEK_INTERVAL_MS / 1000.0;
	return 0;
}

/* The scenario's wait status, as the case's init sent it when the scenario
 * ended; where init ended otherwise (killed at a timeout, or before it
 * started the scenario), init's own status stands. */
static void take_scenario_status(struct job *job)
{
	int status;
	ssize_t n;
	while ((n = read(job->child.status_fd, &status, sizeof status)) < 0 && errno == EINTR)
		;
	if (n == (ssize_t)sizeof status)
		job->status = status;
	close(job->child.status_fd);
	job->child.status_fd = -1;
}

/* Reap and, once the process is gone, kill whatever of its group lingers. */
static void reap(struct job *job)
{
	if (job->exited)
		return;
	pid_t got = waitpid(job->child.pid, &job->status, WNOHANG);
	if (got == job->child.pid) {
		job->exited = 1;
		job->streaming = 1;
		take_scenario_status(job);
		kill_group(job);
		job->drain_deadline = now_seconds() + DRAIN_GRACE_MS / 1000.0;
		if (job->pidfd >= 0) {
			close(job->pidfd);
			job->pidfd = -1;
		}
	}
}

/* Leftovers of an earlier run killed at the wrong instant. */
static void sweep_temporaries(const struct case_list *cases, const struct run_settings *s)
{
	for (size_t i = 0; i < cases->count; i++) {
		if (i > 0 && cases->item[i].scenario == cases->item[i - 1].scenario)
			continue;
		char dir[4096];
		snprintf(dir, sizeof dir, "%s/%s", s->actual_dir, cases->item[i].scenario->name);
		golden_sweep_temporaries(dir);
		if (s->update) {
			snprintf(dir, sizeof dir, "%s/%s", s->expected_dir, cases->item[i].scenario->name);
			golden_sweep_temporaries(dir);
		}
	}
}

static int job_done(const struct job *job)
{
	return job->exited && job->child.report_fd < 0 && job->child.output_fd < 0;
}

static void release_result(struct case_result *r, struct job *job)
{
	transcript_free(&r->transcript);
	free(r->actual_text);
	free(r->diff);
	free(r->output);
	free(r->override_text);
	r->override_text = NULL;
	free(job->report.data);
	free(job->output.data);
	r->actual_text = r->diff = r->output = NULL;
	job->report.data = job->output.data = NULL;
}

/* The cases under way: which have started, which are done, which have
 * been reported, and the descriptors the next poll waits on. */
struct supervisor {
	const struct case_list *cases;
	const struct run_settings *settings;
	struct job *jobs;
	struct case_result *results;
	char *done;
	struct pollfd *fds;
	struct job **owner;
	size_t next_start, next_report, running;
};

/* Start cases until --jobs run (none once a stop is asked for). */
static void start_more(struct supervisor *sv, volatile sig_atomic_t *stop)
{
	while (!*stop && sv->running < sv->settings->jobs && sv->next_start < sv->cases->count) {
		size_t i = sv->next_start++;
		struct job *job = &sv->jobs[i];
		job->def = &sv->cases->item[i];
		job->result = &sv->results[i];
		job->pidfd = -1;
		if (start(job, sv->settings) != 0) {
			job->result->def = job->def;
			job->result->status = CASE_FAIL; /* start() gave the reason */
			sv->done[i] = 1;
		} else {
			sv->running++;
		}
	}
}

static void watch(struct supervisor *sv, size_t *nfds, int fd, struct job *job)
{
	sv->fds[*nfds] = (struct pollfd){.fd = fd, .events = POLLIN};
	sv->owner[(*nfds)++] = job;
}

/* One poll: on the pipes of streaming cases and every case's pidfd, until
 * the nearest peek, deadline or drain deadline; then read what is ready.
 * Returns -1 if poll fails. */
static int wait_once(struct supervisor *sv)
{
	size_t nfds = 0;
	double now = now_seconds(), wake = now + 0.2;
	for (size_t i = 0; i < sv->next_start; i++) {
		struct job *job = &sv->jobs[i];
		if (sv->done[i])
			continue;
		if (job->streaming && job->child.report_fd >= 0)
			watch(sv, &nfds, job->child.report_fd, job);
		if (job->streaming && job->child.output_fd >= 0)
			watch(sv, &nfds, job->child.output_fd, job);
		if (!job->streaming && job->next_peek < wake)
			wake = job->next_peek;
		if (job->pidfd >= 0)
			watch(sv, &nfds, job->pidfd, job);
		double limit = job->exited ? job->drain_deadline : job->deadline;
		if (limit < wake)
			wake = limit;
	}
	int timeout_ms = wake > now ? (int)((wake - now) * 1000) + 1 : 0;
	if (poll(sv->fds, nfds, timeout_ms) < 0 && errno != EINTR)
		return -1;
	for (size_t k = 0; k < nfds; k++) {
		struct job *job = sv->owner[k];
		if (sv->fds[k].revents && sv->fds[k].fd == job->child.report_fd)
			drain(&job->child.report_fd, &job->report);
		else if (sv->fds[k].revents && sv->fds[k].fd == job->child.output_fd)
			drain(&job->child.output_fd, &job->output);
	}
	return 0;
}

static void close_pipes(struct job *job)
{
	if (job->child.report_fd >= 0) {
		close(job->child.report_fd);
		job->child.report_fd = -1;
	}
	if (job->child.output_fd >= 0) {
		close(job->child.output_fd);
		job->child.output_fd = -1;
	}
}

/* A running case after a poll: reaped, read, killed at its deadline, its
 * pipes given up after the grace. Returns 1 once it is done. */
static int tend(struct job *job, double now, int stopping)
{
	if (stopping)
		kill_group(job);
	reap(job);
	if (job->exited) {
		/* Whatever the pipes hold now, before the grace. */
		while (drain(&job->child.report_fd, &job->report) > 0)
			;
		while (drain(&job->child.output_fd, &job->output) > 0)
			;
	} else if (!job->streaming && now >= job->next_peek) {
		size_t got = drain(&job->child.report_fd, &job->report);
		got += drain(&job->child.output_fd, &job->output);
		job->streaming = got >= STREAM_THRESHOLD;
		job->next_peek = now + PEEK_INTERVAL_MS / 1000.0;
	}
	if (!job->exited && now >= job->deadline) {
		job->timed_out = 1;
		kill_group(job);
		job->deadline = now + 3600; /* killed: now wait for the exit */
	}
	if (job->exited && !job_done(job) && now >= job->drain_deadline)
		close_pipes(job);
	return job_done(job);
}

/* Results in case order, as soon as each and all before it are done. */
static void report_ready(struct supervisor *sv, result_callback on_result, void *context)
{
	while (sv->next_report < sv->next_start && sv->done[sv->next_report]) {
		on_result(&sv->results[sv->next_report], context);
		/* The callbacks keep copies: free the case's memory now, so the
		 * runner stays small (every case's clone copies its page tables). */
		release_result(&sv->results[sv->next_report], &sv->jobs[sv->next_report]);
		sv->next_report++;
	}
}

size_t execute_cases(const struct case_list *cases, const struct run_settings *settings,
		     result_callback on_result, void *context, volatile sig_atomic_t *stop)
{
	size_t count = cases->count;
	struct supervisor sv = {
		.cases = cases, .settings = settings,
		.jobs = calloc(count + 1, sizeof *sv.jobs), .results = calloc(count + 1, sizeof *sv.results),
		.done = calloc(count + 1, 1), .fds = calloc(count * 3 + 1, sizeof *sv.fds),
		.owner = calloc(count * 3 + 1, sizeof *sv.owner),
	};
	if (sv.jobs && sv.results && sv.done && sv.fds && sv.owner) {
		sweep_temporaries(cases, settings);
		isolate_limit_bounding_set(cases);
	}
	while (sv.jobs && sv.results && sv.done && sv.fds && sv.owner && sv.next_report < count) {
		start_more(&sv, stop);
		if ((*stop && sv.running == 0) || wait_once(&sv) != 0)
			break;
		double now = now_seconds();
		for (size_t i = 0; i < sv.next_start; i++) {
			if (sv.done[i] || !tend(&sv.jobs[i], now, *stop != 0))
				continue;
			finish(&sv.jobs[i], settings);
			sv.done[i] = 1;
			sv.running--;
		}
		report_ready(&sv, on_result, context);
	}
	for (size_t i = 0; sv.jobs && sv.results && i < count; i++)
		release_result(&sv.results[i], &sv.jobs[i]);
	free(sv.fds);
	free(sv.owner);
	free(sv.jobs);
	free(sv.results);
	free(sv.done);
	return sv.next_report;
}
