/* libFuzzer target: the NETLINK_SOCK_DIAG reply decoder.
 *
 * The input is the raw bytes of one recvfrom() buffer of a dump reply
 * (nlmsghdr + inet_diag_msg + attributes ..., then NLMSG_DONE), as
 * sock_diag_dump receives them; it is decoded as a dump of each of the four
 * files (protocol x family). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_rows.h"
#include "sock_diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The real buffer is malloc'd (so aligned) and exactly what was received. */
	void *buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	static const enum sock_file files[] = {FILE_TCP, FILE_TCP6, FILE_UDP, FILE_UDP6};
	for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
		struct sock_rows rows = {0};
		int rc = sock_diag_decode(buf, size, files[f], &rows);
		if (rc != SOCK_DIAG_DONE && rc != SOCK_DIAG_MORE && rc != SOCK_DIAG_ERROR)
			abort();
		if (rc != SOCK_DIAG_ERROR)
			fuzz_use_rows(&rows);
		sock_rows_free(&rows);
	}
	free(buf);
	return 0;
}
