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

/* "KILL" for SIGKILL. glibc has sigabbrev_np; musl does not, so the signals
 * a case can die of are named here for it. */
static const char *signal_name(int sig)
{
#ifdef __GLIBC__
	return sigabbrev_np(sig);
#else
	static const struct { int number; const char *name; } names[] = {
		{SIGHUP, "HUP"}, {SIGINT, "INT"}, {SIGQUIT, "QUIT"}, {SIGILL, "ILL"},
		{SIGTRAP, "TRAP"}, {SIGABRT, "ABRT"}, {SIGBUS, "BUS"}, {SIGFPE, "FPE"},
		{SIGKILL, "KILL"}, {SIGUSR1, "USR1"}, {SIGSEGV, "SEGV"}, {SIGUSR2, "USR2"},
		{SIGPIPE, "PIPE"}, {SIGALRM, "ALRM"}, {SIGTERM, "TERM"}, {SIGSYS, "SYS"},
		{SIGXCPU, "XCPU"}, {SIGXFSZ, "XFSZ"},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].number == sig)
			return names[i].name;
	return NULL;
#endif
}

static void kill_group(struct job *job)
{
	kill(-job->child.pid, SIGKILL);
}

static void set_reason(struct case_result *r, const char *format, ...)
	__attribute__((format(printf, 2, 3)));
static void set_reason(struct case_result *r, const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	vsnprintf(r->reason, sizeof r->reason, format, ap);
	va_end(ap);
}

static void judge_process(struct job *job, struct case_result *r)
{
	char why[256];
	if (transcript_parse(&r->transcript, job->report.data ? job->report.data : "",
			     job->report.len, why, sizeof why) != 0) {
		r->status = CASE_FAIL;
		set_reason(r, "unreadable report: %s", why);
		return;
	}
	const struct record *skip = transcript_first(&r->transcript, RECORD_SKIP);
	const struct record *fail = transcript_first(&r->transcript, RECORD_FAIL);
	const struct record *disagree = transcript_first(&r->transcript, RECORD_DISAGREE);
	if (skip) {
		r->status = CASE_SKIP;
		set_reason(r, "%s", skip->field[0]);
	} else if (job->timed_out) {
		r->status = CASE_TIMEOUT;
		set_reason(r, "no result after %g s; the process group was killed", job->timeout_seconds);
	} else if (WIFSIGNALED(job->status)) {
		r->status = CASE_CRASH;
		const char *name = signal_name(WTERMSIG(job->status));
		set_reason(r, "killed by SIG%s", name ? name : "?");
	} else if (job->report.overflow) {
		r->status = CASE_FAIL;
		set_reason(r, "report larger than %u bytes", REPORT_LIMIT);
	} else if (fail) {
		r->status = CASE_FAIL;
		set_reason(r, "harness error: %s", fail->field[0]);
	} else if (WEXITSTATUS(job->status) != 0) {
		r->status = CASE_FAIL;
		set_reason(r, "scenario exited with status %d", WEXITSTATUS(job->status));
	} else if (r->transcript.truncated) {
		r->status = CASE_FAIL;
		set_reason(r, "report ends in the middle of a line");
	} else if (disagree) {
		r->status = CASE_FAIL;
		set_reason(r, "snapshot sources disagree: %s", disagree->field[0]);
	} else {
		r->status = CASE_PASS; /* so far: the golden decides */
	}
}

static void save_actual(struct case_result *r, const struct run_settings *s)
{
	const struct case_def *c = r->def;
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/%s", s->actual_dir, c->scenario->name);
	if (make_directories(dir) == 0 && golden_write_atomic(r->actual_path, r->actual_text) == 0)
		r->actual_kept = 1;
}

/* The verdict is golden_judge's; this only says it in the result. */
static void compare_with_golden(struct case_result *r, const struct run_settings *s)
{
	struct golden_judgement j;
	switch (golden_judge(s->expected_dir, r->def, r->actual_text, s->tags, s->update_mode,
			     s->update_tag, &j)) {
	case JUDGED_SAME:
		break;
	case JUDGED_RECORDED:
		snprintf(r->recorded_tag, sizeof r->recorded_tag, "%s", j.recorded_tag);
		break;
	case JUDGED_UPDATED:
		r->updated = 1;
		snprintf(r->recorded_tag, sizeof r->recorded_tag, "%s", j.recorded_tag);
		break;
	case JUDGED_BAD:
		r->status = CASE_FAIL;
		r->bad_input = 1;
		set_reason(r, "%s", j.reason);
		break;
	case JUDGED_DIFFERS:
		r->status = CASE_FAIL;
		r->differs = 1;
		snprintf(r->golden_path, sizeof r->golden_path, "%s", j.compared_path);
		r->override_text = j.override_text; /* the diff is made from it */
		j.override_text = NULL;
		set_reason(r, "transcript differs from %s%s%s: %s", j.compared_path,
			   s->difference_context ? "; " : "",
			   s->difference_context ? s->difference_context : "", j.reason);
		break;
	}
	golden_judgement_free(&j);
}

/* The unified diff against the golden that applies; an override's header
 * line is no transcript, so its transcript alone is compared (from a file
 * beside the actual one, removed after). */
static char *diff_with_golden(struct case_result *r)
{
	if (!r->override_text)
		return golden_diff(r->golden_path, r->actual_path, r->golden_path, r->actual_path);
	char body[sizeof r->actual_path + 16];
	snprintf(body, sizeof body, "%s.expected", r->actual_path);
	char *diff = golden_write_atomic(body, r->override_text) == 0
			     ? golden_diff(body, r->actual_path, r->golden_path, r->actual_path)
			     : NULL;
	unlink(body);
	return diff;
}

static void finish(struct job *job, const struct run_settings *s)
{
	struct case_result *r = job->result;
	r->def = job->def;
	golden_path_of(r->golden_path, sizeof r->golden_path, s->expected_dir, job->def);
	actual_path_of(r->actual_path, sizeof r->actual_path, s->actual_dir, job->def);
	judge_process(job, r);
	r->output = job->output.data;
	job->output.data = NULL;
	free(job->report.data);
	job->report.data = NULL;

	if (r->status == CASE_SKIP)
		return;
	if (transcript_normalise(&r->transcript) != 0 ||
	    !(r->actual_text = transcript_render(&r->transcript, job->def->name))) {
		r->status = CASE_FAIL;
		set_reason(r, "out of memory");
		return;
	}
	if (r->status == CASE_PASS)
		compare_with_golden(r, s);
	/* The actual transcript is written only where someone will read it: a
	 * failed case (the diff is made from it), or with --keep. A passing
	 * case removes the one an earlier failed run left. */
	if (r->status != CASE_PASS || s->keep) {
		save_actual(r, s);
		if (r->differs && r->actual_kept)
			r->diff = diff_with_golden(r);
	} else {
		unlink(r->actual_path);
	}
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
			set_reason(job->result, "cannot make the capture directory %s: %s", capture,
				   strerror(errno));
			return -1;
		}
	}
	if (isolate_start(job->def, path, s->etc_dir, s->capture_dir ? capture : NULL, &job->child) != 0) {
		set_reason(job->result, "cannot start: %s", strerror(errno));
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

size_t execute_cases(const struct case_list *cases, const struct run_settings *settings,
		     result_callback on_result, void *context, volatile sig_atomic_t *stop)
{
	size_t count = cases->count, next_start = 0, next_report = 0;
	struct job *jobs = calloc(count + 1, sizeof *jobs);
	struct case_result *results = calloc(count + 1, sizeof *results);
	char *done = calloc(count + 1, 1);
	if (!jobs || !results || !done) {
		free(jobs); free(results); free(done);
		return 0;
	}
	size_t running = 0;
	sweep_temporaries(cases, settings);
	isolate_limit_bounding_set(cases);
	struct pollfd *fds = calloc(count * 3 + 1, sizeof *fds);
	struct job **owner = calloc(count * 3 + 1, sizeof *owner);

	while (next_report < count) {
		while (!*stop && running < settings->jobs && next_start < count) {
			struct job *job = &jobs[next_start];
			job->def = &cases->item[next_start];
			job->result = &results[next_start];
			job->pidfd = -1;
			if (start(job, settings) != 0) {
				job->result->def = job->def;
				job->result->status = CASE_FAIL; /* start() gave the reason */
				done[next_start] = 1;
			} else {
				running++;
			}
			next_start++;
		}
		if (*stop && running == 0)
			break;

		size_t nfds = 0;
		double now = now_seconds(), wake = now + 0.2;
		for (size_t i = 0; i < next_start; i++) {
			struct job *job = &jobs[i];
			if (done[i])
				continue;
			if (job->streaming && job->child.report_fd >= 0) {
				fds[nfds] = (struct pollfd){.fd = job->child.report_fd, .events = POLLIN};
				owner[nfds++] = job;
			}
			if (job->streaming && job->child.output_fd >= 0) {
				fds[nfds] = (struct pollfd){.fd = job->child.output_fd, .events = POLLIN};
				owner[nfds++] = job;
			}
			if (!job->streaming && job->next_peek < wake)
				wake = job->next_peek;
			if (job->pidfd >= 0) {
				fds[nfds] = (struct pollfd){.fd = job->pidfd, .events = POLLIN};
				owner[nfds++] = job;
			}
			double limit = job->exited ? job->drain_deadline : job->deadline;
			if (limit < wake)
				wake = limit;
		}
		int timeout_ms = wake > now ? (int)((wake - now) * 1000) + 1 : 0;
		if (poll(fds, nfds, timeout_ms) < 0 && errno != EINTR)
			break;

		for (size_t k = 0; k < nfds; k++) {
			if (!fds[k].revents)
				continue;
			struct job *job = owner[k];
			if (fds[k].fd == job->child.report_fd)
				drain(&job->child.report_fd, &job->report);
			else if (fds[k].fd == job->child.output_fd)
				drain(&job->child.output_fd, &job->output);
		}
		now = now_seconds();
		for (size_t i = 0; i < next_start; i++) {
			struct job *job = &jobs[i];
			if (done[i])
				continue;
			if (*stop)
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
			if (job->exited && !job_done(job) && now >= job->drain_deadline) {
				if (job->child.report_fd >= 0) {
					close(job->child.report_fd);
					job->child.report_fd = -1;
				}
				if (job->child.output_fd >= 0) {
					close(job->child.output_fd);
					job->child.output_fd = -1;
				}
			}
			if (job_done(job)) {
				finish(job, settings);
				done[i] = 1;
				running--;
			}
		}
		while (next_report < next_start && done[next_report]) {
			on_result(&results[next_report], context);
			/* The callbacks keep copies: free the case's memory now, so
			 * the runner stays small (every case's clone copies its
			 * page tables). */
			release_result(&results[next_report], &jobs[next_report]);
			next_report++;
		}
	}
	for (size_t i = 0; i < count; i++)
		release_result(&results[i], &jobs[i]);
	free(fds);
	free(owner);
	free(jobs);
	free(results);
	free(done);
	return next_report;
}
