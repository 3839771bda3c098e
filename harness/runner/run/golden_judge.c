#include "golden_judge.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "golden.h"

void golden_tags_add(struct golden_tags *tags, const char *tag)
{
	if (tag && *tag && tags->count < GOLDEN_MAX_TAGS)
		tags->tag[tags->count++] = tag;
}

static int format_path(char *out, size_t size, const char *dir, const struct case_def *c,
		       const char *suffix)
{
	int n = snprintf(out, size, "%s/%s/%s%s", dir, c->scenario->name, c->variant_name, suffix);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int golden_path_of(char *out, size_t size, const char *expected_dir, const struct case_def *c)
{
	return format_path(out, size, expected_dir, c, ".golden");
}

int actual_path_of(char *out, size_t size, const char *actual_dir, const struct case_def *c)
{
	return format_path(out, size, actual_dir, c, ".transcript");
}

const char *golden_override_header_problem(const char *text, const char *tag, const char *main_base)
{
	size_t marker = strlen(GOLDEN_OVERRIDE_HEADER), tag_len = strlen(tag);
	static const char middle[] = " differs from ";
	if (strncmp(text, GOLDEN_OVERRIDE_HEADER, marker) != 0 || !strchr(text, '\n') ||
	    !strchr(text, '\n')[1])
		return "an override starts with a '#@TAG differs from VARIANT.golden: ...' line, then the transcript";
	const char *p = text + marker;
	if (strncmp(p, tag, tag_len) != 0 || strncmp(p + tag_len, middle, sizeof middle - 1) != 0)
		return "its header names another tag than its file name";
	p += tag_len + sizeof middle - 1;
	size_t base_len = strlen(main_base);
	if (strncmp(p, main_base, base_len) != 0 || p[base_len] != ':')
		return "its header names another case's golden";
	return NULL;
}

static enum judgement bad(struct golden_judgement *out, const char *format, ...)
	__attribute__((format(printf, 2, 3)));
static enum judgement bad(struct golden_judgement *out, const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	vsnprintf(out->reason, sizeof out->reason, format, ap);
	va_end(ap);
	return out->verdict = JUDGED_BAD;
}

/* A path into a fixed field, cut if it must be (fields are PATH_MAX-sized). */
static void set_path(char *field, size_t size, const char *path)
{
	size_t len = strnlen(path, size - 1);
	memcpy(field, path, len);
	field[len] = '\0';
}

/* The override of one applicable tag, if any: its transcript (header line
 * removed) in *text, its path in path. 1 found, 0 none, -1 bad (reason set). */
static int read_override(const char *main_path, const char *tag, char **text, char *path,
			 size_t path_size, struct golden_judgement *out)
{
	char why[256];
	if (golden_override_path(main_path, tag, path, path_size) != 0) {
		bad(out, "%s: no override path for tag '%s'", main_path, tag);
		return -1;
	}
	enum golden_status status = golden_read(path, text, why, sizeof why);
	if (status == GOLDEN_MISSING)
		return 0;
	if (status == GOLDEN_BAD) {
		bad(out, "%s: %s", path, why);
		return -1;
	}
	const char *base = strrchr(main_path, '/');
	const char *problem = golden_override_header_problem(*text, tag, base ? base + 1 : main_path);
	if (problem) {
		bad(out, "%s: %s", path, problem);
		free(*text);
		*text = NULL;
		return -1;
	}
	char *body = strchr(*text, '\n') + 1;
	memmove(*text, body, strlen(body) + 1);
	return 1;
}

static enum judgement update_main(const char *main_path, const char *main_text, const char *actual,
				  struct golden_judgement *out)
{
	if (main_text && strcmp(main_text, actual) == 0)
		return out->verdict = JUDGED_SAME;
	if (golden_write_atomic(main_path, actual) != 0)
		return bad(out, "%s: cannot write: %s", main_path, strerror(errno));
	return out->verdict = JUDGED_UPDATED;
}

static enum judgement update_override(const char *main_path, const char *main_text,
				      const char *actual, const char *tag,
				      struct golden_judgement *out)
{
	int changed = 0;
	if (golden_update_override(main_path, main_text, tag, actual, &changed) != 0)
		return bad(out, "%s: cannot write its override: %s", main_path, strerror(errno));
	if (strcmp(main_text, actual) != 0)
		snprintf(out->recorded_tag, sizeof out->recorded_tag, "%s", tag);
	if (changed)
		return out->verdict = JUDGED_UPDATED;
	return out->verdict = *out->recorded_tag ? JUDGED_RECORDED : JUDGED_SAME;
}

/* Compare with the one applicable override, if there is one. */
static enum judgement judge_overrides(const char *main_path, const char *main_text,
				      const char *actual, const struct golden_tags *tags,
				      struct golden_judgement *out)
{
	char *found = NULL, path[4096];
	const char *found_tag = NULL;
	for (size_t i = 0; tags && i < tags->count; i++) {
		char *text = NULL;
		int rc = read_override(main_path, tags->tag[i], &text, path, sizeof path, out);
		if (rc < 0) {
			free(found);
			return JUDGED_BAD;
		}
		if (rc == 0)
			continue;
		if (found) {
			bad(out, "%s and %s: two recorded differences claim this run (tags %s and %s); "
			    "keep one, or choose with --kernel-tag", out->compared_path, path, found_tag,
			    tags->tag[i]);
			free(found);
			free(text);
			return JUDGED_BAD;
		}
		found = text;
		found_tag = tags->tag[i];
		set_path(out->compared_path, sizeof out->compared_path, path);
	}
	if (found && strcmp(found, actual) == 0) {
		snprintf(out->recorded_tag, sizeof out->recorded_tag, "%s", found_tag);
		free(found);
		return out->verdict = JUDGED_RECORDED;
	}
	if (behaviour_diff(found ? found : main_text, actual, &out->diffs) != 0) {
		free(found);
		return bad(out, "%s: %s", main_path, "out of memory");
	}
	behaviour_diff_summary(&out->diffs, out->reason, sizeof out->reason);
	out->override_text = found; /* the transcript it differs from, header removed */
	return out->verdict = JUDGED_DIFFERS;
}

enum judgement golden_judge(const char *expected_dir, const struct case_def *c, const char *actual,
			    const struct golden_tags *tags, enum golden_update update,
			    const char *update_tag, struct golden_judgement *out)
{
	memset(out, 0, sizeof *out);
	char main_path[4096], why[256];
	if (golden_path_of(main_path, sizeof main_path, expected_dir, c) != 0)
		return bad(out, "%s/%s: path too long", expected_dir, c->name);
	set_path(out->compared_path, sizeof out->compared_path, main_path);
	char *main_text = NULL;
	enum golden_status status = golden_read(main_path, &main_text, why, sizeof why);
	enum judgement verdict;
	if (update == UPDATE_MAIN)
		verdict = update_main(main_path, status == GOLDEN_OK ? main_text : NULL, actual, out);
	else if (status == GOLDEN_MISSING && update == UPDATE_OVERRIDE)
		verdict = bad(out, "%s: no golden file; record the reference's first (%s)", main_path,
			      "dslab run --update on the reference kernel, with the glibc build");
	else if (status == GOLDEN_MISSING)
		verdict = bad(out, "%s: no golden file (record one with: dslab run --update '%s')",
			      main_path, c->name);
	else if (status == GOLDEN_BAD)
		verdict = bad(out, "%s: %s", main_path, why);
	else if (update == UPDATE_OVERRIDE)
		verdict = update_override(main_path, main_text, actual, update_tag, out);
	else if (strcmp(main_text, actual) == 0)
		verdict = out->verdict = JUDGED_SAME;
	else
		verdict = judge_overrides(main_path, main_text, actual, tags, out);
	if (main_text && (verdict == JUDGED_RECORDED || verdict == JUDGED_DIFFERS ||
			  verdict == JUDGED_UPDATED) &&
	    behaviour_diff(main_text, actual, &out->reference_diffs) != 0)
		verdict = bad(out, "%s: %s", main_path, "out of memory");
	free(main_text);
	return verdict;
}

void golden_judgement_free(struct golden_judgement *j)
{
	diff_list_free(&j->diffs);
	diff_list_free(&j->reference_diffs);
	free(j->override_text);
	j->override_text = NULL;
}

int golden_expected_text(const char *expected_dir, const struct case_def *c,
			 const struct golden_tags *tags, char **text, char *recorded_tag,
			 size_t tag_size, char *why, size_t why_size)
{
	struct golden_judgement j;
	memset(&j, 0, sizeof j);
	char main_path[4096], path[4096];
	*text = NULL;
	recorded_tag[0] = '\0';
	if (golden_path_of(main_path, sizeof main_path, expected_dir, c) != 0) {
		snprintf(why, why_size, "%s/%s: path too long", expected_dir, c->name);
		return -1;
	}
	for (size_t i = 0; tags && i < tags->count; i++) {
		char *override = NULL;
		int rc = read_override(main_path, tags->tag[i], &override, path, sizeof path, &j);
		if (rc < 0 || (rc > 0 && *text)) {
			if (rc > 0)
				bad(&j, "%s: a second recorded difference claims this kernel (tags %s and %s)",
				    path, recorded_tag, tags->tag[i]);
			snprintf(why, why_size, "%s", j.reason);
			free(override);
			free(*text);
			*text = NULL;
			return -1;
		}
		if (rc > 0) {
			*text = override;
			snprintf(recorded_tag, tag_size, "%s", tags->tag[i]);
		}
	}
	if (*text)
		return 0;
	char problem[256];
	enum golden_status status = golden_read(main_path, text, problem, sizeof problem);
	if (status != GOLDEN_OK) {
		snprintf(why, why_size, "%s: %s", main_path, status == GOLDEN_MISSING ? "no golden file" : problem);
		return -1;
	}
	return 0;
}
