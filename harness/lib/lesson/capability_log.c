/* For the least-privilege test (harness/tests/scripts/least_privilege.sh):
 * with $DSLAB_CAPABILITY_LOG set to a file, every scenario process appends
 * one line with its capability sets as the kernel states them in
 * /proc/self/status, read before main() runs, so before the scenario could
 * lower anything:
 *
 *   NAME CapInh:HEX CapPrm:HEX CapEff:HEX CapBnd:HEX CapAmb:HEX NoNewPrivs:N
 *
 * Off (and free) when the variable is unset; it never touches the report
 * channel, so transcripts are the same either way. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CAPABILITY_LOG_VARIABLE "DSLAB_CAPABILITY_LOG"

__attribute__((constructor)) static void log_capabilities(void)
{
	const char *path = getenv(CAPABILITY_LOG_VARIABLE);
	if (!path || !*path)
		return;
	int saved = errno;
	char line[512];
	size_t used = (size_t)snprintf(line, sizeof line, "%s", program_invocation_short_name);
	FILE *status = fopen("/proc/self/status", "re");
	char text[256];
	while (status && fgets(text, sizeof text, status)) {
		static const char *const wanted[] = {"CapInh:", "CapPrm:", "CapEff:", "CapBnd:",
						     "CapAmb:", "NoNewPrivs:"};
		for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
			size_t n = strlen(wanted[i]);
			if (strncmp(text, wanted[i], n) != 0)
				continue;
			const char *value = text + n + strspn(text + n, " \t");
			int len = (int)strcspn(value, "\n");
			if (used < sizeof line)
				used += (size_t)snprintf(line + used, sizeof line - used, " %s%.*s",
							 wanted[i], len, value);
		}
	}
	if (status)
		fclose(status);
	if (used >= sizeof line - 1)
		used = sizeof line - 2;
	line[used++] = '\n';
	/* One write with O_APPEND: lines of parallel cases do not mix. */
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd >= 0) {
		if (write(fd, line, used) < 0) {
			/* the test finds the line missing */
		}
		close(fd);
	}
	errno = saved;
}
