/* libFuzzer target: the /proc/net/{tcp,tcp6,udp,udp6} parser.
 *
 * The input is a whole file's text (header line, then socket lines), as
 * proc_net_read_text returns it; it is parsed as each of the four files,
 * since the IPv6 ones take longer addresses. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_rows.h"
#include "proc_net.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A buffer of exactly size bytes, so a read past the end is caught. */
	char *text = malloc(size ? size : 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	static const enum sock_file files[] = {FILE_TCP, FILE_TCP6, FILE_UDP, FILE_UDP6};
	for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
		struct sock_rows rows = {0};
		if (proc_net_parse(text, size, files[f], &rows) == 0)
			fuzz_use_rows(&rows);
		sock_rows_free(&rows);
	}
	free(text);
	return 0;
}
