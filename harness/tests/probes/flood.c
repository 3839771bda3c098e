/* Test probe: one line of 100 MB on the report channel, no newline. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	const char *fd_text = getenv("DSLAB_REPORT_FD");
	int fd = fd_text ? atoi(fd_text) : 1;
	static char block[1 << 20];
	memset(block, 'x', sizeof block);
	for (int i = 0; i < 100; i++)
		if (write(fd, block, sizeof block) < 0)
			return 1;
	return 0;
}
