/* golden_judge: the one place that decides a case's verdict against its
 * goldens, for host runs (execute.c), the columns of `dslab kernels`
 * (kernels.c) and the musl build alike.
 *
 * The main golden, expected/<scenario>/<variant>.golden, is the reference
 * kernel's and libc's behaviour (golden_reference.h names them). Where
 * another kernel or libc truly behaves differently, its transcript is
 * recorded beside it as <variant>@<tag>.golden (golden.h). A run judges
 * with the tags that apply to it (kernel_tags.h): the case passes if its
 * transcript equals the main golden, or is "recorded" if it equals the one
 * override among the applicable tags; anything else differs. */
#ifndef DSLAB_GOLDEN_JUDGE_H
#define DSLAB_GOLDEN_JUDGE_H

#include <stddef.h>

#include "behaviour_diff.h"
#include "cases.h"

/* The tags whose overrides apply to a run, e.g. {"musl"} for the musl
 * build, {"linux-6.1"} on a 6.1.y kernel. */
#define GOLDEN_MAX_TAGS 4
struct golden_tags {
	const char *tag[GOLDEN_MAX_TAGS];
	size_t count;
};

/* Append tag (ignored when full or NULL). */
void golden_tags_add(struct golden_tags *tags, const char *tag);

/* <expected_dir>/<scenario>/<variant>.golden, and the run's own
 * <actual_dir>/<scenario>/<variant>.transcript. 0, or -1 if too long. */
int golden_path_of(char *out, size_t size, const char *expected_dir, const struct case_def *c);
int actual_path_of(char *out, size_t size, const char *actual_dir, const struct case_def *c);

enum golden_update {
	UPDATE_NONE,     /* judge only */
	UPDATE_MAIN,     /* rewrite the main golden (the reference's behaviour) */
	UPDATE_OVERRIDE, /* record a difference under update_tag; never the main golden */
};

enum judgement {
	JUDGED_SAME,     /* equals the main golden */
	JUDGED_RECORDED, /* equals the override of recorded_tag */
	JUDGED_DIFFERS,  /* equals neither: reason, compared_path say against what */
	JUDGED_UPDATED,  /* --update wrote or removed a file */
	JUDGED_BAD,      /* a golden is missing, unreadable or malformed: exit 2 */
};

struct golden_judgement {
	enum judgement verdict;
	char recorded_tag[40];     /* JUDGED_RECORDED, or an UPDATED override */
	char compared_path[4096];  /* the golden the transcript was last compared with */
	char reason[1024];         /* DIFFERS and BAD: one line, no path prefix */
	struct diff_list diffs;    /* DIFFERS: against compared_path's text */
	struct diff_list reference_diffs; /* RECORDED, DIFFERS, UPDATED: against
					     the main golden's */
	char *override_text;       /* DIFFERS from an override: its transcript
				      (without the header line), or NULL */
};

/* Judge actual (a rendered, normalised transcript) for case c. tags: the
 * overrides that apply (may be NULL); update and update_tag: --update
 * (update_tag for UPDATE_OVERRIDE). Returns out->verdict; free the diffs
 * with golden_judgement_free. */
enum judgement golden_judge(const char *expected_dir, const struct case_def *c, const char *actual,
			    const struct golden_tags *tags, enum golden_update update,
			    const char *update_tag, struct golden_judgement *out);
void golden_judgement_free(struct golden_judgement *j);

/* The transcript a run with these tags expects of case c: the one
 * applicable override's (its header removed; its tag in recorded_tag),
 * else the main golden's (recorded_tag ""). For readers of the goldens'
 * knowledge (dslab doctor). *text is malloc'd. 0, or -1 with a one-line
 * reason naming the file in why. */
int golden_expected_text(const char *expected_dir, const struct case_def *c,
			 const struct golden_tags *tags, char **text, char *recorded_tag,
			 size_t tag_size, char *why, size_t why_size);

/* An override's first line must be "#@<tag> differs from <variant>.golden:
 * ...", naming its own tag and its own main golden. NULL if so, else what
 * is wrong, in a few words. */
const char *golden_override_header_problem(const char *text, const char *tag, const char *main_base);

#endif
