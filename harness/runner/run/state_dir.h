/* state_dir: where an installed dslab writes (its tree is read-only, often
 * root's): the actual transcripts of failing cases and the harness's /etc
 * files for the cases, per user.
 *
 *   $XDG_STATE_HOME/dslab              (if XDG_STATE_HOME is absolute)
 *   $HOME/.local/state/dslab           (if HOME is a directory this user may write)
 *   ${TMPDIR:-/tmp}/dslab-UID          (otherwise: nobody, whose HOME is /nonexistent)
 *
 * The last one lies in a directory everyone may write, so it is taken only
 * when it is this user's own: created 0700, or already a real directory
 * (no symlink) owned by this user with no access for others, as tmux does
 * with /tmp/tmux-UID. */
#ifndef DSLAB_STATE_DIR_H
#define DSLAB_STATE_DIR_H

#include <limits.h>

/* The directory for this user, chosen as above (not created); *shared is
 * set to 1 for the /tmp one, which state_dir_claim must check before use.
 * Returns -1 if the path does not fit. */
int state_dir_choose(char out[PATH_MAX], int *shared);

/* Creates dir (0700) if it is not there and checks it is this user's own:
 * a directory, not a symlink, owned by this user, mode without group or
 * other access. Returns 0, or -1 with a one-line reason in why. */
int state_dir_claim(const char *dir, char *why, unsigned long why_size);

#endif
