/* program_dir: a directory private to one case, for a real program that
 * needs files of its own (nginx's configuration, pid file, temp paths).
 *
 * The lesson makes it, copies the configuration kept beside it into it
 * (CMake copies scenarios/<lesson>.conf and friends to
 * build/scenarios/files/), writes the case's own lines, starts the program
 * with the directory as its prefix, and removes it at the end. Nothing of
 * the host's (/var/lib/nginx, /run) is written: every path the program
 * writes is inside the directory. */
#ifndef DSLAB_PROGRAM_DIR_H
#define DSLAB_PROGRAM_DIR_H

/* mkdtemp("/tmp/dslab-NAME-XXXXXX"), mode 0700; the path in a static
 * buffer, or NULL (errno set). The directory is removed, whole, when the
 * scenario exits (report_fail too). */
const char *program_dir_make(const char *name);

/* Copy the file `from` into the directory as `name`. 0, or -1 (errno). */
int program_dir_copy(const char *dir, const char *from, const char *name);

/* Write `text` into the directory as file `name`. 0, or -1 (errno). */
int program_dir_write(const char *dir, const char *name, const char *text);

/* Remove the directory and everything in it, now. Safe to call twice. */
void program_dir_remove(void);

#endif
