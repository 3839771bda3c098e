/* Test probe: writes bytes that are no report records to the channel. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	const char *fd_text = getenv("DSLAB_REPORT_FD");
	int fd = fd_text ? atoi(fd_text) : 1;
	const char junk[] = "this is not a record\n\x01\x02\n";
	return write(fd, junk, sizeof junk - 1) < 0;
}
