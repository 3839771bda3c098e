/* case_verdict: a finished case's result (case_verdict.h). */
#include "case_verdict.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "files.h"
#include "golden.h"
#include "golden_judge.h"
#include "transcript_normalise.h"

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

static void set_reason(struct case_result *r, const char *format, ...)
	__attribute__((format(printf, 2, 3)));
static void set_reason(struct case_result *r, const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	vsnprintf(r->reason, sizeof r->reason, format, ap);
	va_end(ap);
}

static void judge_process(const struct case_process *p, struct case_result *r)
{
	char why[256];
	if (transcript_parse(&r->transcript, p->report ? p->report : "", p->report_len, why, sizeof why) != 0) {
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
	} else if (p->timed_out) {
		r->status = CASE_TIMEOUT;
		set_reason(r, "no result after %g s; the process group was killed", p->timeout_seconds);
	} else if (WIFSIGNALED(p->status)) {
		r->status = CASE_CRASH;
		const char *name = signal_name(WTERMSIG(p->status));
		set_reason(r, "killed by SIG%s", name ? name : "?");
	} else if (p->report_overflow) {
		r->status = CASE_FAIL;
		set_reason(r, "report larger than %zu bytes", p->report_limit);
	} else if (fail) {
		r->status = CASE_FAIL;
		set_reason(r, "harness error: %s", fail->field[0]);
	} else if (WEXITSTATUS(p->status) != 0) {
		r->status = CASE_FAIL;
		set_reason(r, "scenario exited with status %d", WEXITSTATUS(p->status));
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

void case_verdict(struct case_result *r, const struct case_def *def, struct case_process *p,
		  const struct run_settings *s)
{
	r->def = def;
	golden_path_of(r->golden_path, sizeof r->golden_path, s->expected_dir, def);
	actual_path_of(r->actual_path, sizeof r->actual_path, s->actual_dir, def);
	judge_process(p, r);
	r->output = p->output;
	p->output = NULL;

	if (r->status == CASE_SKIP)
		return;
	if (transcript_normalise(&r->transcript) != 0 ||
	    !(r->actual_text = transcript_render(&r->transcript, def->name))) {
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
