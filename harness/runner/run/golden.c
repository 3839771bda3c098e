#include "golden.h"

#include <dirent.h>
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

/* Length of the UTF-8 sequence at p (at most len bytes), 0 if invalid:
 * no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t utf8_sequence(const unsigned char *p, size_t len)
{
	size_t need;
	unsigned min;
	unsigned value;
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		need = 2; min = 0x80; value = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		need = 3; min = 0x800; value = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		need = 4; min = 0x10000; value = p[0] & 0x07;
	} else {
		return 0;
	}
	if (len < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		value = value << 6 | (p[i] & 0x3f);
	}
	if (value < min || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff))
		return 0;
	return need;
}

const char *golden_check_text(const char *text, size_t len)
{
	if (len == 0)
		return "empty file";
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\r')
			return "CRLF line endings (the file must use \\n only)";
		if (c == 0 || (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			return "binary content (control characters or NUL)";
		size_t n = utf8_sequence((const unsigned char *)text + i, len - i);
		if (n == 0)
			return "not UTF-8 text";
		i += n;
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

static int write_all_fd(int fd, const char *text)
{
	size_t len = strlen(text), done = 0;
	while (done < len) {
		ssize_t n = write(fd, text + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

/* A name beside path for the finished file to be linked at, just before the
 * rename: path.tmp.<pid>.<n>. */
static int temporary_name(char *out, size_t size, const char *path, unsigned n)
{
	int len = snprintf(out, size, "%s%s%d.%u", path, GOLDEN_TEMPORARY_INFIX, (int)getpid(), n);
	if (len < 0 || (size_t)len >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int golden_write_atomic(const char *path, const char *text)
{
	char *dir_copy = strdup(path);
	if (!dir_copy)
		return -1;
	char *dir = dirname(dir_copy);
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		free(dir_copy);
		return -1;
	}
	/* The content is written to a file with no name (O_TMPFILE), so a kill
	 * while writing leaves nothing behind; it gets a name only when it is
	 * complete and synced. Filesystems without O_TMPFILE get a named
	 * temporary file instead. */
	int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
	int unnamed = fd >= 0;
	free(dir_copy);
	char temp[4096];
	unsigned attempt = 0;
	if (!unnamed) {
		do {
			if (temporary_name(temp, sizeof temp, path, attempt++) != 0)
				return -1;
			fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		} while (fd < 0 && errno == EEXIST && attempt < 100);
		if (fd < 0)
			return -1;
	}
	int saved;
	if (write_all_fd(fd, text) != 0 || fchmod(fd, 0644) != 0 || fsync(fd) != 0)
		goto fail;
	if (unnamed) {
		char self[64];
		snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
		int rc;
		do {
			if (temporary_name(temp, sizeof temp, path, attempt++) != 0)
				goto fail;
			rc = linkat(AT_FDCWD, self, AT_FDCWD, temp, AT_SYMLINK_FOLLOW);
		} while (rc != 0 && errno == EEXIST && attempt < 100);
		if (rc != 0)
			goto fail;
		unnamed = 0; /* it has a name now: unlink it on failure */
	}
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(temp, path) != 0)
		goto fail;
	return fsync_directory_of(path);
fail:
	saved = errno ? errno : EIO;
	if (fd >= 0)
		close(fd);
	if (!unnamed)
		unlink(temp);
	errno = saved;
	return -1;
}

int golden_sweep_temporaries(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int removed = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strstr(e->d_name, GOLDEN_TEMPORARY_INFIX) && unlinkat(dirfd(d), e->d_name, 0) == 0)
			removed++;
	}
	closedir(d);
	return removed;
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
	posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
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
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (collect)
		fclose(collect);
	/* diff exits 0 (same) or 1 (different); anything else is trouble. */
	if (!collect || !WIFEXITED(status) || WEXITSTATUS(status) > 1) {
		free(text);
		return NULL;
	}
	return text;
}

int golden_tag_valid(const char *tag, size_t len)
{
	if (len == 0 || len > 32)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789.+-", tag[i]) || !tag[i])
			return 0;
	return 1;
}

int golden_override_path(const char *main_path, const char *tag, char *out, size_t size)
{
	size_t len = strlen(main_path), suffix = strlen(".golden");
	if (!golden_tag_valid(tag, strlen(tag)) || len < suffix ||
	    strcmp(main_path + len - suffix, ".golden") != 0)
		return -1;
	int n = snprintf(out, size, "%.*s@%s.golden", (int)(len - suffix), main_path, tag);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

#include "behaviour_diff.h"

int golden_update_override(const char *main_path, const char *main_text, const char *tag,
			   const char *actual, int *changed)
{
	char path[4096];
	*changed = 0;
	if (golden_override_path(main_path, tag, path, sizeof path) != 0) {
		errno = EINVAL;
		return -1;
	}
	if (strcmp(main_text, actual) == 0) {
		if (unlink(path) == 0)
			*changed = 1;
		return errno == ENOENT || *changed ? 0 : -1;
	}
	struct diff_list diffs;
	if (behaviour_diff(main_text, actual, &diffs) != 0) {
		errno = ENOMEM;
		return -1;
	}
	char summary[400];
	behaviour_diff_summary(&diffs, summary, sizeof summary);
	diff_list_free(&diffs);
	const char *base = strrchr(main_path, '/');
	base = base ? base + 1 : main_path;
	size_t size = strlen(tag) + strlen(base) + strlen(summary) + strlen(actual) + 64;
	char *text = malloc(size);
	if (!text) {
		errno = ENOMEM;
		return -1;
	}
	snprintf(text, size, GOLDEN_OVERRIDE_HEADER "%s differs from %s: %s\n%s", tag, base,
		 summary, actual);
	char *old = NULL, why[64];
	if (golden_read(path, &old, why, sizeof why) == GOLDEN_OK && strcmp(old, text) == 0) {
		free(old);
		free(text);
		return 0;
	}
	free(old);
	int rc = golden_write_atomic(path, text);
	free(text);
	if (rc == 0)
		*changed = 1;
	return rc;
}
