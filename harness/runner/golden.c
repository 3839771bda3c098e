#include "golden.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

const char *golden_check_text(const char *text, size_t len)
{
	if (len == 0)
		return "empty file";
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\r')
			return "CRLF line endings (the file must use \\n only)";
		if (c == 0 || (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			return "binary content (control characters or NUL)";
	}
	if (text[len - 1] != '\n')
		return "no trailing newline";
	return NULL;
}

enum golden_status golden_read(const char *path, char **text_out, char *why, size_t why_size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return GOLDEN_MISSING;
		snprintf(why, why_size, "cannot read: %s", strerror(errno));
		return GOLDEN_BAD;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > GOLDEN_MAX_BYTES) {
		close(fd);
		snprintf(why, why_size, "not a regular file of at most %d bytes", GOLDEN_MAX_BYTES);
		return GOLDEN_BAD;
	}
	size_t size = (size_t)st.st_size;
	char *text = malloc(size + 1);
	size_t len = 0;
	while (text && len < size) {
		ssize_t n = read(fd, text + len, size - len);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (!text || len != size) {
		free(text);
		snprintf(why, why_size, "cannot read the whole file");
		return GOLDEN_BAD;
	}
	text[len] = '\0';
	const char *problem = golden_check_text(text, len);
	if (problem) {
		free(text);
		snprintf(why, why_size, "%s", problem);
		return GOLDEN_BAD;
	}
	*text_out = text;
	return GOLDEN_OK;
}

static int fsync_directory_of(const char *path)
{
	char *copy = strdup(path);
	if (!copy)
		return -1;
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(copy);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

int golden_write_atomic(const char *path, const char *text)
{
	char *dir_copy = strdup(path);
	if (!dir_copy)
		return -1;
	if (mkdir(dirname(dir_copy), 0755) != 0 && errno != EEXIST) {
		free(dir_copy);
		return -1;
	}
	free(dir_copy);

	char temp[4096];
	if (snprintf(temp, sizeof temp, "%s.tmp.XXXXXX", path) >= (int)sizeof temp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	int fd = mkostemp(temp, O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t len = strlen(text), done = 0;
	while (done < len) {
		ssize_t n = write(fd, text + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	int saved;
	if (done != len || fchmod(fd, 0644) != 0 || fsync(fd) != 0) {
		saved = errno;
		close(fd);
		unlink(temp);
		errno = saved ? saved : EIO;
		return -1;
	}
	if (close(fd) != 0 || rename(temp, path) != 0) {
		saved = errno;
		unlink(temp);
		errno = saved;
		return -1;
	}
	return fsync_directory_of(path);
}

char *golden_diff(const char *expected_path, const char *actual_path,
		  const char *expected_label, const char *actual_label)
{
	int out[2];
	if (pipe2(out, O_CLOEXEC) != 0)
		return NULL;
	posix_spawn_file_actions_t actions;
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_adddup2(&actions, out[1], 1);
	char *argv[] = {"diff", "-u", "--label", (char *)expected_label, "--label",
			(char *)actual_label, (char *)expected_path, (char *)actual_path, NULL};
	pid_t pid;
	int rc = posix_spawnp(&pid, "diff", &actions, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&actions);
	close(out[1]);
	if (rc != 0) {
		close(out[0]);
		return NULL;
	}
	char *text = NULL;
	size_t len = 0;
	FILE *collect = open_memstream(&text, &len);
	char buf[4096];
	ssize_t n;
	while ((n = read(out[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0 && collect)
			fwrite(buf, 1, (size_t)n, collect);
	close(out[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (collect)
		fclose(collect);
	return text;
}
