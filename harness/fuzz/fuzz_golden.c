/* libFuzzer target: a golden file's readers. golden_check_text, which
 * golden_read applies to every file under expected/; then, on text it
 * accepts, transcript_read (snapshots, grids, calls, notes: show --view,
 * the behaviour diff, doctor) and program_summary_read (the runtimes
 * table), which read what golden_read returned. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "golden.h"
#include "program_read.h"
#include "transcript_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_back(const char *text)
{
	char why[256] = "";
	struct transcript t = {0};
	size_t *lines = NULL;
	int what = READ_SNAPSHOTS | READ_GRIDS | READ_EVENTS | READ_NOTES;
	if (transcript_read(text, what, &t, &lines, why, sizeof why) != 0 && !why[0])
		abort(); /* a failure says why */
	free(lines);
	transcript_free(&t);

	struct program_summary summary;
	why[0] = '\0';
	if (program_summary_read(text, &summary, why, sizeof why) < 0 && !why[0])
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	const char *why = golden_check_text(text, size);
	/* What it accepts is text the goldens may hold: no NUL, no CR, ends in '\n'. */
	if (!why && (size == 0 || memchr(text, '\0', size) || memchr(text, '\r', size) ||
		     text[size - 1] != '\n'))
		abort();
	if (why && !*why)
		abort();
	if (!why)
		read_back(text);
	free(text);
	return 0;
}
