#!/usr/bin/env bash
# Where no network namespace can be made, every case is skipped with a
# hint (exit 4), and none runs in the host's namespace. Simulated inside a
# user namespace of our own: user.max_user_namespaces=0 there, and dslab
# runs without capabilities.
. "$(dirname "$0")/common.sh"
if ! unshare -Ur true 2>/dev/null; then
  echo "SKIP: cannot make a user namespace here to simulate the case"
  exit 4
fi
unshare -Ur sh -c '
  echo 0 >/proc/sys/user/max_user_namespaces &&
  exec setpriv --bounding-set=-all --inh-caps=-all "$1" run --actual-dir "$2" --format ktap' \
  sh "$DSLAB" "$WORK/actual" >"$WORK/out" 2>"$WORK/err"
status=$?
[ "$status" -eq 4 ] || fail "exit $status, expected 4 (all skipped): $(cat "$WORK/err")"
cases=$("$DSLAB" list | wc -l)
skips=$(grep -c '^ok [0-9]* .* # SKIP cannot create namespaces for the case (clone: E[A-Z]*): run as root, or enable unprivileged user namespaces' "$WORK/out")
[ "$skips" -eq "$cases" ] || fail "$skips of $cases cases skipped with the hint: $(cat "$WORK/out")"
grep -q "^# 0 passed, 0 failed, $cases skipped$" "$WORK/out" || fail "summary: $(tail -1 "$WORK/out")"
[ ! -d "$WORK/actual/seed_v4v6" ] || [ -z "$(ls "$WORK/actual/seed_v4v6")" ] || fail "a skipped case wrote a transcript"
finish
