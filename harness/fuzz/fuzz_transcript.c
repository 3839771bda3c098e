/* libFuzzer target: the report-stream reader and what follows it in the
 * runner (execute.c judge_process): transcript_parse, then on what parsed
 * transcript_normalise (ephemeral ports, row order) and transcript_render
 * (the golden text: calls, snapshot tables, grids). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "transcript.h"
#include "transcript_normalise.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);
	if (!text)
		return 0;
	memcpy(text, data, size);

	struct transcript t = {0};
	char why[256] = "";
	if (transcript_parse(&t, text, size, why, sizeof why) == 0) {
		/* Found before normalising, as judge_process does. */
		(void)transcript_first(&t, RECORD_SKIP);
		(void)transcript_count(&t, RECORD_ROW);
		if (transcript_normalise(&t) == 0) {
			char *rendered = transcript_render(&t, "fuzz/case");
			if (!rendered)
				abort(); /* only on out of memory */
			free(rendered);
		}
	} else if (!why[0] || !memchr(why, '\0', sizeof why)) {
		abort(); /* a failure always says why */
	}
	transcript_free(&t);
	free(text);
	return 0;
}
