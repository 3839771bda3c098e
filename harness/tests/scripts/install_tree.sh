#!/usr/bin/env bash
# cmake --install into a DESTDIR, the tree moved elsewhere, and dslab run
# from there, in another directory: an installed dslab finds its lesson
# programs, helpers, goldens and lesson sources from its own place, writes
# only to the user's state directory, still takes --expected DIR, and
# refuses a shared state directory that is not this user's own. As root
# with user namespaces, also as nobody. Arguments: DSLAB SOURCE_DIR BUILD_DIR.
. "$(dirname "$0")/common.sh"
BUILD_DIR=${3:?usage: $0 DSLAB SOURCE_DIR BUILD_DIR}

DESTDIR="$WORK/dest" cmake --install "$BUILD_DIR" --prefix /usr >"$WORK/install.log" 2>&1 ||
  { cat "$WORK/install.log"; fail "cmake --install failed"; finish; }
for path in bin/dslab libexec/dslab/seed_v4v6 share/dslab/expected/REFERENCE \
  share/dslab/expected/seed_v4v6/bindv6only=0.golden share/dslab/scenarios/seed_v4v6.c \
  share/dslab/scenarios/seed_v4v6.explain share/dslab/scenarios/common share/man/man1/dslab.1 \
  share/bash-completion/completions/dslab share/doc/dslab/README.md; do
  [ -e "$WORK/dest/usr/$path" ] || fail "cmake --install put no $path under the prefix"
done
# What the runtime lessons run, beside them as in the build tree (where
# this build has them).
for helper in go/go_servers java/JavaServers.class files/nginx_servers.conf; do
  if [ -e "$BUILD_DIR/scenarios/$helper" ] && [ ! -e "$WORK/dest/usr/libexec/dslab/$helper" ]; then
    fail "cmake --install put no libexec/dslab/$helper"
  fi
done
# Nothing of the kselftest component, which is installed only by name.
[ -e "$WORK/dest/usr/dualstack_lab.sh" ] && fail "a plain cmake --install installed the kselftest target"

# The tree moves; dslab runs from elsewhere, with nothing of the build in
# sight: a state directory of its own, from another working directory.
mv "$WORK/dest/usr" "$WORK/moved"
rm -rf "$WORK/dest"
installed="$WORK/moved/bin/dslab"
state="$WORK/state"
export XDG_STATE_HOME="$state"
cd /

expect_exit 0 "--version" -- "$installed" --version
[ "$(cat "$WORK/out")" = "$("$DSLAB" --version)" ] ||
  fail "the installed dslab's --version differs from the build's: $(cat "$WORK/out")"
grep -qE '^dslab \(dualstack-lab\) [0-9]+\.[0-9]+\.[0-9]+, commit [A-Za-z0-9._+-]+$' "$WORK/out" ||
  fail "--version: $(cat "$WORK/out")"
expect_exit 2 "--version with an argument" -- "$installed" --version extra

expect_exit 0 "help" -- "$installed" help
for line in "installed, relative to its own executable" "lesson programs     $WORK/moved/libexec/dslab" \
  "goldens             $WORK/moved/share/dslab/expected" "lesson sources      $WORK/moved/share/dslab/scenarios" \
  "actual transcripts  $state/dslab/actual"; do
  grep -qF -- "$line" "$WORK/out" || fail "dslab help does not say '$line': $(tail -7 "$WORK/out")"
done

expect_exit 0 "list" -- "$installed" list
"$DSLAB" list >"$WORK/build-list"
cmp -s "$WORK/out" "$WORK/build-list" || fail "the installed dslab lists other cases than the build's"
expect_exit 0 "check" -- "$installed" check
expect_exit 0 "explain" -- "$installed" explain seed_v4v6/bindv6only=0
grep -q '^Lesson: ' "$WORK/out" || fail "explain: no lesson header from the installed sources"

# The whole suite; a case this kernel lacks is skipped for the build too.
expect_exit 0 "run" -- "$installed" run --jobs 2
cat "$WORK/out"
grep -q '^[0-9]* passed, 0 failed, [0-9]* skipped$' "$WORK/out" || fail "run: $(grep ' passed, ' "$WORK/out")"
grep '^SKIP ' "$WORK/out" | grep -v 'this kernel' | grep -q . &&
  fail "the installed dslab skipped cases: $(grep '^SKIP ' "$WORK/out" | grep -v 'this kernel' | head -3)"
[ -f "$state/dslab/etc/hosts" ] || fail "the cases' /etc files are not in the state directory"
[ -e "$WORK/moved/etc" ] || [ -e "$WORK/moved/bin/etc" ] || [ -e "$WORK/moved/bin/actual" ] &&
  fail "the installed dslab wrote into its own tree"

# --expected DIR still overrides: a spoiled copy fails, kept in the state
# directory.
copy_expected
sed -i 's/^bind(server, \[::\]:5555) = 0$/bind(server, [::]:5555) = EINVAL/' \
  "$WORK/expected/seed_v4v6/bindv6only=0.golden"
expect_exit 1 "run --expected (a spoiled golden)" -- \
  "$installed" run --expected "$WORK/expected" seed_v4v6/bindv6only=0
[ -f "$state/dslab/actual/seed_v4v6/bindv6only=0.transcript" ] ||
  fail "a failing case's transcript is not kept in the state directory"

# Without HOME or XDG_STATE_HOME: a private directory under TMPDIR, made
# 0700; one that is not this user's own is refused in one line (exit 2).
mkdir "$WORK/tmp"
expect_exit 0 "run without HOME" -- env -u XDG_STATE_HOME -u HOME TMPDIR="$WORK/tmp" \
  "$installed" run seed_v4v6/bindv6only=0
mine="$WORK/tmp/dslab-$(id -u)"
[ "$(stat -c %a "$mine" 2>/dev/null)" = 700 ] || fail "$mine is not a 0700 directory"
rm -rf "$mine"
ln -s "$WORK" "$mine"
expect_exit 2 "run with a planted symlink" -- env -u XDG_STATE_HOME -u HOME TMPDIR="$WORK/tmp" \
  "$installed" run seed_v4v6/bindv6only=0
[ "$(wc -l <"$WORK/err")" -eq 1 ] && grep -q "not a private directory" "$WORK/err" ||
  fail "a planted state directory: $(cat "$WORK/err")"
rm -f "$mine"
mkdir -m 0755 "$mine"
expect_exit 2 "run with a state directory others may read" -- env -u XDG_STATE_HOME -u HOME \
  TMPDIR="$WORK/tmp" "$installed" run seed_v4v6/bindv6only=0

# dslab kernels needs a build tree: one line, exit 2.
expect_exit 2 "kernels" -- "$installed" kernels --kernel 6.1
grep -q "build tree" "$WORK/err" || fail "kernels: $(cat "$WORK/err")"

# As nobody, through user namespaces, the whole suite: from /tmp, HOME
# unusable.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null &&
  setpriv --reuid=nobody --regid=nogroup --clear-groups unshare -U -n true 2>/dev/null; then
  chmod -R a+rX "$WORK/moved"
  chmod a+x "$WORK"
  mkdir -m 1777 "$WORK/shared-tmp" # nobody's TMPDIR: its state directory goes there
  cd /tmp
  expect_exit 0 "run as nobody" -- env -i PATH=/usr/bin:/bin HOME=/nonexistent TMPDIR="$WORK/shared-tmp" \
    setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
    "$installed" run --jobs 2
  grep -q '^[0-9]* passed, 0 failed, [0-9]* skipped$' "$WORK/out" ||
    fail "run as nobody: $(grep -E '^(SKIP|FAIL)|passed' "$WORK/out" | head -4)"
  grep '^SKIP ' "$WORK/out" | grep -v 'this kernel' | grep -q . &&
    fail "skipped as nobody: $(grep '^SKIP ' "$WORK/out" | grep -v 'this kernel' | head -3)"
  [ -d "$WORK/shared-tmp/dslab-$(id -u nobody)" ] || fail "nobody's state directory is not in its TMPDIR"
else
  echo "not run as nobody: needs root, setpriv and user namespaces"
fi
finish
