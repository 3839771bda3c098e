#!/usr/bin/env bash
# dslab reproduce: bad input gives one line, exit 2 and no file (an existing
# -o FILE is left as it was); every reproducer of one whole case (the case
# file and each cell's) compiles with -Wall -Wextra -Werror; some run here:
# 0 where this kernel does what the golden says, 1 against a golden changed
# on purpose. Exits 4 when nothing can run (no cc).
. "$(dirname "$0")/common.sh"
command -v cc >/dev/null || { echo "no C compiler: skipped"; exit 4; }
case=bind_matrix_tcp/bindv6only=0,reuse=none,order=bbll
row='[::ffff:0.0.0.0]' column='[::ffff:127.0.0.1]'

# Bad input: one line on stderr, exit 2, the -o file untouched.
echo "before" >"$WORK/kept.c"
bad() {
  local what=$1
  shift
  if expect_exit 2 "$what" -- "$DSLAB" reproduce "$@" -o "$WORK/kept.c"; then
    [ "$(wc -l <"$WORK/err")" -eq 1 ] || fail "$what: not one line: $(cat "$WORK/err")"
  fi
  [ "$(cat "$WORK/kept.c")" = before ] || fail "$what: -o file changed"
}
bad "unknown case" nosuch/case
bad "unknown cell" "$case" --cell '[::ffff:0.0.0.0]' '[::2]'
bad "case with no grid" seed_v4v6/bindv6only=0 --cell 0.0.0.0 '[::]'
bad "another scenario's grid" bind_matrix_udp/bindv6only=0,reuse=none
bad "--cell without a column" "$case" --cell "$row"
bad "no case" --cell "$row" "$column"
expect_exit 2 "unwritable -o" -- "$DSLAB" reproduce "$case" -o "$WORK/no/such/dir/r.c" &&
  [ "$(wc -l <"$WORK/err")" -eq 1 ] || fail "unwritable -o: $(cat "$WORK/err")"
ls "$WORK"/no 2>/dev/null | grep -q . && fail "unwritable -o: something was left: $(ls -R "$WORK/no")"

# Every reproducer of the case: the whole case, and each of its cells.
mkdir -p "$WORK/cells"
"$DSLAB" reproduce "$case" -o "$WORK/whole.c" || fail "the whole case: exit $?"
"$DSLAB" show "$case" >"$WORK/golden"
# The cells as the golden lists them: grid label lines give the columns.
"$DSLAB" reproduce "$case" | sed -nE 's/^\t\{\{"([^"]*)", "[^"]*", [A-Z0-9_]+\}, \{"([^"]*)".*/\1\t\2/p' >"$WORK/cell-list"
[ "$(wc -l <"$WORK/cell-list")" -eq 196 ] || fail "the whole case has $(wc -l <"$WORK/cell-list") cells, not 196"
n=0
while IFS=$'\t' read -r r c; do
  n=$((n + 1))
  "$DSLAB" reproduce "$case" --cell "$r" "$c" -o "$WORK/cells/$n.c" || fail "cell $r x $c: exit $?"
done <"$WORK/cell-list"
ls "$WORK"/cells/*.c "$WORK/whole.c" | xargs -P 2 -I{} sh -c 'cc -std=c11 -Wall -Wextra -Werror -o "${1%.c}" "$1" 2>"${1%.c}.cc-errors" || echo "$1"' _ {} >"$WORK/cc-failed"
[ -s "$WORK/cc-failed" ] && fail "did not compile cleanly: $(head -3 "$WORK/cc-failed") $(cat "$(head -1 "$WORK/cc-failed" | sed 's/\.c$/.cc-errors/')" | head -5)"

# The header: what, expected, observed (the @linux-6.1 override), how to build.
"$DSLAB" reproduce "$case" --cell "$row" "$column" -o "$WORK/r61.c"
grep -q "^ \*   \[::ffff:0.0.0.0\]  x  \[::ffff:127.0.0.1\]: 0/EADDRINUSE/0/-; on linux-6.1: 0/0/EADDRINUSE/0$" "$WORK/r61.c" ||
  fail "header: no expected/observed line"
grep -q "cc -o repro repro.c" "$WORK/r61.c" || fail "header: no build line"
grep -qE '#include "|dslab_lib|report\.h' "$WORK/r61.c" && fail "the reproducer uses the harness"

# Runs here: this kernel against the golden (1 only on a 6.1 kernel, which
# differs in this cell), then against a golden changed in that cell.
cc -o "$WORK/r61" "$WORK/r61.c"
"$WORK/r61" >"$WORK/run.out"
rc=$?
want=0
case $(uname -r) in 6.1.*) want=1 ;; esac
if [ $rc -eq 4 ]; then
  echo "no network namespace here: the runs are skipped ($(grep SKIP "$WORK/run.out" | head -1))"
else
  [ $rc -eq $want ] || fail "the 6.1 cell on $(uname -r): exit $rc, expected $want: $(cat "$WORK/run.out")"
  grep -qx "KTAP version 1" "$WORK/run.out" || fail "no KTAP header"
  "$WORK/whole" >"$WORK/whole.out"
  rc=$?
  [ $rc -eq $want ] || fail "the whole case on $(uname -r): exit $rc, expected $want"
  [ "$(grep -c '^ok ' "$WORK/whole.out")" -ge 192 ] || fail "the whole case: $(grep -c '^ok ' "$WORK/whole.out") cells ok"
  copy_expected
  sed -i 's|^\(  \[::ffff:0\.0\.0\.0\]  *0/EADDRINUSE/0/-  *0/0/0/0 v4:1st v6:2nd  *0/EADDRINUSE/0/-  *\)0/EADDRINUSE/0/-$|\10/0/0/0 v4:2nd v6:1st|' \
    "$WORK/expected/$case.golden"
  "$DSLAB" reproduce --expected "$WORK/expected" "$case" --cell "$row" "$column" -o "$WORK/changed.c"
  grep -q '"0/0/0/0 v4:2nd v6:1st"' "$WORK/changed.c" || fail "the changed golden's cell is not in the program"
  cc -o "$WORK/changed" "$WORK/changed.c"
  "$WORK/changed" >"$WORK/changed.out"
  rc=$?
  [ $rc -eq 1 ] || fail "against a changed golden: exit $rc, expected 1"
  grep -q "^not ok 1 .*\[::ffff:0.0.0.0\] x \[::ffff:127.0.0.1\]$" "$WORK/changed.out" || fail "no 'not ok' line: $(cat "$WORK/changed.out")"
  grep -q "^# .*got 0/EADDRINUSE/0/-; want 0/0/0/0 v4:2nd v6:1st" "$WORK/changed.out" || fail "no got/want line"
fi
finish
