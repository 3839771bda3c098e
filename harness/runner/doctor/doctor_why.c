#include "doctor_why.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotations.h"
#include "files.h"

static void join_note(char **note, char *out, size_t size)
{
	size_t used = 0;
	for (size_t i = 0; note[i] && used + 1 < size; i++) {
		int n = snprintf(out + used, size - used, "%s%s", i ? " " : "", note[i]);
		if (n < 0)
			break;
		used += (size_t)n < size - used ? (size_t)n : size - used - 1;
	}
}

/* The first note for this variant that names line; 1 if found. */
static int find_note(const struct annotation_file *notes, const char *variant, const char *line, char *out,
		     size_t size)
{
	for (size_t i = 0; i < notes->count; i++) {
		const struct annotation *a = &notes->item[i];
		if (annotation_applies(a, variant) && annotation_names_line(a, line)) {
			join_note(a->note, out, size);
			return 1;
		}
	}
	return 0;
}

void doctor_lesson_note(const char *sources_dir, const char *case_name, const char *grid, char *out,
			size_t size)
{
	out[0] = '\0';
	const char *slash = strchr(case_name, '/');
	if (!slash || !*grid)
		return;
	char path[PATH_MAX], line[256], why[256];
	snprintf(path, sizeof path, "%s/%.*s.explain", sources_dir, (int)(slash - case_name), case_name);
	char *text = read_whole_file(path, 1 << 20, NULL);
	if (!text)
		return;
	struct annotation_file notes;
	if (annotations_parse(text, path, &notes, why, sizeof why) == 0) {
		/* The lesson states a setting's rule under its first grid (second
		 * socket AF_INET): that note first; else the cell's own grid's. */
		const char *second = strstr(grid, "second socket ");
		int found = 0;
		if (second) {
			snprintf(line, sizeof line, "grid %.*ssecond socket AF_INET", (int)(second - grid), grid);
			found = find_note(&notes, slash + 1, line, out, size);
		}
		snprintf(line, sizeof line, "grid %s", grid);
		if (!found)
			find_note(&notes, slash + 1, line, out, size);
	}
	annotations_free(&notes);
	free(text);
}
