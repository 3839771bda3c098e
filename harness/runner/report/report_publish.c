#include "report_publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef __GLIBC__
/* musl has renameat2() only since 1.2.5 (Debian 12 ships 1.2.3): the
 * system call itself, with the kernel's flag values (linux/fs.h). */
#include <sys/syscall.h>
#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#define RENAME_EXCHANGE (1 << 1)
#endif
static int renameat2_syscall(int olddirfd, const char *oldpath, int newdirfd, const char *newpath,
			     unsigned int flags)
{
	return (int)syscall(SYS_renameat2, olddirfd, oldpath, newdirfd, newpath, flags);
}
#define renameat2 renameat2_syscall
#endif

#define WHY(...) snprintf(why, why_size, __VA_ARGS__)

/* 0: dir may be replaced (absent, empty, or only the page); -1: not. */
static int replaceable(const char *dir, char *why, size_t why_size)
{
	struct stat st;
	if (lstat(dir, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		WHY("%s: %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		WHY("%s: exists and is not a directory", dir);
		return -1;
	}
	DIR *d = opendir(dir);
	if (!d) {
		WHY("%s: %s", dir, strerror(errno));
		return -1;
	}
	struct dirent *e;
	int foreign = 0;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
		    strcmp(e->d_name, REPORT_PAGE_NAME) != 0)
			foreign = 1;
	closedir(d);
	if (foreign) {
		WHY("%s: holds files that are not a dslab report; give a new or empty directory", dir);
		return -1;
	}
	return 0;
}

static void remove_report_dir(const char *dir)
{
	char page[PATH_MAX + 48];
	snprintf(page, sizeof page, "%s/%s", dir, REPORT_PAGE_NAME);
	unlink(page);
	rmdir(dir);
}

static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* The directory that holds path ("." for a bare name). */
static void parent_of(const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(out, size, ".");
	else if (slash == path)
		snprintf(out, size, "/");
	else
		snprintf(out, size, "%.*s", (int)(slash - path), path);
}

int report_staging_begin(struct report_staging *s, const char *dir, char *why, size_t why_size)
{
	memset(s, 0, sizeof *s);
	size_t len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	if (len == 0 || (len == 1 && dir[0] == '/') || len >= sizeof s->final_dir - 32) {
		WHY("'%s' cannot be a report directory", dir);
		return -1;
	}
	snprintf(s->final_dir, sizeof s->final_dir, "%.*s", (int)len, dir);
	const char *base = strrchr(s->final_dir, '/');
	base = base ? base + 1 : s->final_dir;
	if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		WHY("'%s' cannot be a report directory: name it (e.g. build/report/html)", dir);
		return -1;
	}
	if (replaceable(s->final_dir, why, why_size) != 0)
		return -1;
	char parent[PATH_MAX];
	parent_of(s->final_dir, parent, sizeof parent);
	/* Like the goldens' directories: one missing level is made (build/report). */
	if (mkdir(parent, 0755) != 0 && errno != EEXIST) {
		WHY("cannot write the report next to %s: %s: %s", s->final_dir, parent, strerror(errno));
		return -1;
	}
	snprintf(s->temp_dir, sizeof s->temp_dir, "%s" REPORT_TEMPORARY_INFIX "XXXXXX", s->final_dir);
	if (!mkdtemp(s->temp_dir)) {
		WHY("cannot write the report next to %s: %s: %s", s->final_dir, parent, strerror(errno));
		s->temp_dir[0] = '\0';
		return -1;
	}
	/* mkdtemp makes it 0700; a report is for reading. */
	chmod(s->temp_dir, 0755);
	snprintf(s->page, sizeof s->page, "%s/%s", s->temp_dir, REPORT_PAGE_NAME);
	int fd = open(s->page, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 || !(s->out = fdopen(fd, "w"))) {
		WHY("%s: %s", s->page, strerror(errno));
		if (fd >= 0)
			close(fd);
		report_staging_abandon(s);
		return -1;
	}
	return 0;
}

void report_staging_abandon(struct report_staging *s)
{
	if (s->out) {
		fclose(s->out);
		s->out = NULL;
	}
	if (s->temp_dir[0])
		remove_report_dir(s->temp_dir);
	s->temp_dir[0] = '\0';
}

int report_staging_commit(struct report_staging *s, char *why, size_t why_size)
{
	int failed = fflush(s->out) != 0 || ferror(s->out);
	int saved = errno;
	failed |= fsync(fileno(s->out)) != 0;
	if (!failed)
		saved = errno;
	failed |= fclose(s->out) != 0;
	s->out = NULL;
	if (failed) {
		WHY("%s: %s", s->page, strerror(saved ? saved : EIO));
		report_staging_abandon(s);
		return -1;
	}
	sync_dir(s->temp_dir);
	/* DIR may have appeared while the cases ran: check again. */
	if (replaceable(s->final_dir, why, why_size) != 0) {
		report_staging_abandon(s);
		return -1;
	}
	if (renameat2(AT_FDCWD, s->temp_dir, AT_FDCWD, s->final_dir, RENAME_NOREPLACE) == 0) {
		s->temp_dir[0] = '\0';
	} else if (errno == EEXIST &&
		   renameat2(AT_FDCWD, s->temp_dir, AT_FDCWD, s->final_dir, RENAME_EXCHANGE) == 0) {
		/* The old report now has the temporary name. */
		remove_report_dir(s->temp_dir);
		s->temp_dir[0] = '\0';
	} else if (errno == EINVAL || errno == ENOSYS) {
		/* A filesystem without renameat2's flags: rename() replaces an
		 * empty directory; an old report is emptied first (its page goes
		 * away an instant before the new one arrives). */
		char old_page[PATH_MAX + 48];
		snprintf(old_page, sizeof old_page, "%s/%s", s->final_dir, REPORT_PAGE_NAME);
		unlink(old_page);
		if (rename(s->temp_dir, s->final_dir) != 0) {
			WHY("cannot rename %s to %s: %s", s->temp_dir, s->final_dir, strerror(errno));
			report_staging_abandon(s);
			return -1;
		}
		s->temp_dir[0] = '\0';
	} else {
		WHY("cannot rename %s to %s: %s", s->temp_dir, s->final_dir, strerror(errno));
		report_staging_abandon(s);
		return -1;
	}
	char parent[PATH_MAX];
	parent_of(s->final_dir, parent, sizeof parent);
	sync_dir(parent);
	return 0;
}
