#!/usr/bin/env bash
# dslab report's bad input: the page appears whole or not at all, and a
# directory that cannot take it gets one line and exit 2, before any case
# runs, with nothing left behind.
#
#   report_bad_input.sh DSLAB SOURCE_DIR
. "$(dirname "$0")/common.sh"
CASE='seed_v4v6/bindv6only=0'

# one_line_exit_2 DESCRIPTION -- COMMAND...
one_line_exit_2() {
  local what=$1
  shift
  expect_exit 2 "$what" "$@" || return
  [ "$(wc -l <"$WORK/err")" -eq 1 ] || fail "$what: stderr is not one line: $(cat "$WORK/err")"
  [ -s "$WORK/out" ] && fail "$what: cases ran (stdout: $(head -2 "$WORK/out"))"
  return 0
}
no_temporaries() {
  local leftovers
  leftovers=$(find "$1" -maxdepth 1 -name '*.tmp.*' 2>/dev/null)
  [ -z "$leftovers" ] || fail "$2: temporary directory left: $leftovers"
}

one_line_exit_2 "no --html" -- "$DSLAB" report "$CASE"
grep -q -- '--html DIR' "$WORK/err" || fail "no --html: the message does not name --html DIR"
one_line_exit_2 "--html without a directory" -- "$DSLAB" report --html
one_line_exit_2 "--html ''" -- "$DSLAB" report --html '' "$CASE"
one_line_exit_2 "--update is run's" -- "$DSLAB" report --html "$WORK/r" --update "$CASE"
one_line_exit_2 "an unknown case" -- "$DSLAB" report --html "$WORK/r" no_such_lesson
[ -e "$WORK/r" ] && fail "an unknown case: $WORK/r was made"
no_temporaries "$WORK" "an unknown case"
one_line_exit_2 "a missing --kernel-diff file" -- "$DSLAB" report --html "$WORK/r" --kernel-diff "$WORK/none.md" "$CASE"

# --runtimes-table: the table on stdout, or one line and exit 2.
one_line_exit_2 "--runtimes-table with a case" -- "$DSLAB" report --runtimes-table "$CASE"
one_line_exit_2 "--runtimes-table with --html" -- "$DSLAB" report --runtimes-table --html "$WORK/r"
one_line_exit_2 "--runtimes-table, no such --expected" -- "$DSLAB" report --runtimes-table --expected "$WORK/none"
grep -q "$WORK/none" "$WORK/err" || fail "--runtimes-table, no such --expected: the line does not name it"
echo keep >"$WORK/file0"
one_line_exit_2 "--runtimes-table, --expected a file" -- "$DSLAB" report --runtimes-table --expected "$WORK/file0"

# DIR is a file, or a directory with someone's files: refused, untouched.
echo keep >"$WORK/file"
one_line_exit_2 "DIR is a file" -- "$DSLAB" report --html "$WORK/file" "$CASE"
[ "$(cat "$WORK/file")" = keep ] || fail "DIR is a file: the file changed"
mkdir -p "$WORK/mine"
echo keep >"$WORK/mine/notes.txt"
one_line_exit_2 "DIR holds other files" -- "$DSLAB" report --html "$WORK/mine" "$CASE"
[ "$(ls "$WORK/mine")" = notes.txt ] || fail "DIR holds other files: its contents changed: $(ls "$WORK/mine")"
no_temporaries "$WORK" "DIR holds other files"
# Its parent's parent is missing: only one level is made.
one_line_exit_2 "two missing levels" -- "$DSLAB" report --html "$WORK/a/b/c" "$CASE"
[ -e "$WORK/a" ] && fail "two missing levels: $WORK/a was made"

# An unwritable place: a read-only filesystem (as root; permissions do not
# stop root), or a directory without write permission (as another user).
if [ "$(id -u)" -eq 0 ]; then
  if unshare --mount true 2>/dev/null; then
    mkdir -p "$WORK/ro"
    expect_exit 2 "a read-only filesystem" -- unshare --mount --propagation private sh -c \
      'mount -t tmpfs -o ro tmpfs "$1" && exec "$2" report --html "$1/report" "$3"' sh "$WORK/ro" "$DSLAB" "$CASE"
    [ "$(wc -l <"$WORK/err")" -eq 1 ] || fail "a read-only filesystem: stderr is not one line: $(cat "$WORK/err")"
    grep -q 'Read-only file system' "$WORK/err" || fail "a read-only filesystem: the reason is not given: $(cat "$WORK/err")"
    [ -s "$WORK/out" ] && fail "a read-only filesystem: cases ran"
  else
    echo "note: no mount namespace; the read-only check is left out"
  fi
else
  mkdir -p "$WORK/locked"
  chmod 555 "$WORK/locked"
  one_line_exit_2 "an unwritable directory" -- "$DSLAB" report --html "$WORK/locked/report" "$CASE"
  chmod 755 "$WORK/locked"
  [ -z "$(ls -A "$WORK/locked")" ] || fail "an unwritable directory: something was left: $(ls -A "$WORK/locked")"
fi

# A good report, then another over it: the old one is replaced whole.
expect_exit 0 "a report" -- "$DSLAB" report --html "$WORK/r/" --jobs 1 "$CASE" &&
  grep -q "^report: $WORK/r/index.html\$" "$WORK/out" || fail "a report: where is the page? $(cat "$WORK/out")"
[ "$(ls "$WORK/r")" = index.html ] || fail "a report: DIR holds $(ls "$WORK/r")"
grep -q 'data-case="seed_v4v6/bindv6only=0"' "$WORK/r/index.html" || fail "a report: the case is not in the page"
expect_exit 0 "a report over a report" -- "$DSLAB" report --html "$WORK/r" --jobs 1 'seed_v4v6/bindv6only=1'
grep -q 'data-case="seed_v4v6/bindv6only=1"' "$WORK/r/index.html" || fail "a report over a report: the page is the old one"
grep -q 'data-case="seed_v4v6/bindv6only=0"' "$WORK/r/index.html" && fail "a report over a report: the old case is still there"
no_temporaries "$WORK" "a report over a report"
# An empty directory is fine too.
mkdir -p "$WORK/empty"
expect_exit 0 "an empty DIR" -- "$DSLAB" report --html "$WORK/empty" --jobs 1 "$CASE"
[ -s "$WORK/empty/index.html" ] || fail "an empty DIR: no page"

# A failing case: the page is still written, the exit status is run's (1).
copy_expected
printf '# changed\n' >"$WORK/expected/seed_v4v6/bindv6only=0.golden"
expect_exit 1 "a failing case" -- "$DSLAB" report --html "$WORK/failing" --expected "$WORK/expected" \
  --actual-dir "$WORK/actual" "$CASE"
grep -q 'class="st-fail" data-case="seed_v4v6/bindv6only=0"' "$WORK/failing/index.html" ||
  fail "a failing case: not shown as failed"

# SIGINT while the cases run: no page, no temporary directory.
"$DSLAB" report --html "$WORK/interrupted" --jobs 1 >/dev/null 2>&1 &
pid=$!
sleep 0.3
kill -INT "$pid"
wait "$pid"
[ -e "$WORK/interrupted" ] && fail "interrupted: a report was published"
no_temporaries "$WORK" "interrupted"

# help
expect_exit 0 "report --help" -- "$DSLAB" report --help && grep -q 'usage: dslab report --html DIR' "$WORK/out" ||
  fail "report --help"
expect_exit 0 "help report" -- "$DSLAB" help report && grep -q 'build/kernels/diff.md' "$WORK/out" || fail "help report"
finish
