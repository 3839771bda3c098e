/* libFuzzer target: the golden file checker (golden_check_text), which
 * golden_read applies to every file under expected/. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "golden.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	const char *why = golden_check_text(text, size);
	/* What it accepts is text the goldens may hold: no NUL, no CR, ends in '\n'. */
	if (!why && (size == 0 || memchr(text, '\0', size) || memchr(text, '\r', size) ||
		     text[size - 1] != '\n'))
		abort();
	if (why && !*why)
		abort();
	free(text);
	return 0;
}
