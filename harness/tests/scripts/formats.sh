#!/usr/bin/env bash
# --format json is JSON lines with the documented fields; --format ktap is
# KTAP version 1.
. "$(dirname "$0")/common.sh"
command -v jq >/dev/null || { echo "jq is not installed (apt-get install jq)"; exit 1; }

expect_exit 0 "json run" -- "$DSLAB" run --format json --actual-dir "$WORK/actual"
cases=$("$DSLAB" list | wc -l)
[ "$(wc -l <"$WORK/out")" -eq "$cases" ] || fail "json: $(wc -l <"$WORK/out") lines for $cases cases"
# Cases may be skipped where this machine cannot run them (e.g. in a chroot).
grep -q '^[0-9]* passed, 0 failed, [0-9]* skipped$' "$WORK/err" || fail "json: summary not on stderr"
while IFS= read -r line; do
  echo "$line" | jq -e '
    (.case | type == "string") and (.scenario | type == "string") and
    (.variant | type == "object") and
    (.version | test("^[0-9]+\\.[0-9]+\\.[0-9]+$")) and (.commit | type == "string" and length > 0) and
    (.status | IN("pass", "fail", "skip", "timeout", "crash")) and
    (.events | type == "array") and ((.events | length) > 0 or .status == "skip") and
    (.status != "skip" or (.reason | type == "string")) and
    all(.events[]; (.call | type == "string") and (.result | type == "number" or type == "string")) and
    (.snapshots | type == "array") and
    all(.snapshots[]; (.label | type == "string") and
      all(.rows[]; (.file | IN("tcp", "tcp6", "udp", "udp6")) and (.state | type == "string") and
        (.local | type == "string") and (.remote | type == "string") and
        (.v6only | . == null or . == 0 or . == 1) and (.name | . == null or type == "string")))
  ' >/dev/null || fail "json: line lacks the documented fields: $line"
done <"$WORK/out"
jq -e -s 'map(select(.case == "seed_v4v6/bindv6only=0"))[0] |
  .variant.bindv6only == 0 and
  (.snapshots[0].rows | map(select(.name == "accepted"))[0] |
     .file == "tcp6" and .remote == "[::ffff:127.0.0.1]:EPH1")' "$WORK/out" >/dev/null ||
  fail "json: the seed's accepted socket is not tcp6 with a mapped peer"
jq -e -s 'map(select(.case == "seed_v4v6/bindv6only=1"))[0].events |
  map(select(.call | startswith("connect(")))[0].result == "ECONNREFUSED"' "$WORK/out" >/dev/null ||
  fail "json: the seed's connect under bindv6only=1 is not ECONNREFUSED"

expect_exit 0 "ktap run" -- "$DSLAB" run --format ktap --actual-dir "$WORK/actual"
awk -v cases="$cases" '
  NR == 1 { if ($0 != "KTAP version 1") { print "ktap: first line: " $0; bad = 1 }; next }
  NR == 2 { if ($0 != "1.." cases) { print "ktap: plan line: " $0; bad = 1 }; next }
  /^#/ { next }
  /^(not )?ok [0-9]+ / { n++; num = ($1 == "not") ? $3 : $2;
    if (num != n) { print "ktap: test number " num ", expected " n; bad = 1 }; next }
  { print "ktap: unexpected line: " $0; bad = 1 }
  END { if (n != cases) { print "ktap: " n " results for " cases " cases"; bad = 1 }; exit bad }
' "$WORK/out" || fail "ktap output is not valid KTAP"
# dslab snapshot: the namespace it runs in (a fresh one is empty), in the
# goldens' words. The rows themselves are unit-tested through the parsers.
if unshare -n true 2>/dev/null; then
  expect_exit 0 "snapshot of an empty namespace" -- unshare -n "$DSLAB" snapshot --format json
  [ ! -s "$WORK/out" ] || fail "snapshot: an empty namespace lists sockets: $(cat "$WORK/out")"
fi
expect_exit 0 "snapshot of this namespace" -- "$DSLAB" snapshot --format json
while IFS= read -r line; do
  echo "$line" | jq -e '(.file | IN("tcp", "tcp6", "udp", "udp6")) and (.state | type == "string") and
    (.local | type == "string") and (.remote | type == "string") and (.v6only | . == null or . == 0 or . == 1)' \
    >/dev/null || fail "snapshot json: $line"
done <"$WORK/out"
expect_exit 0 "snapshot, human" -- "$DSLAB" snapshot --tcp --listening
head -1 "$WORK/out" | grep -q '^snapshot this namespace$' || fail "snapshot: no title line"
expect_exit 0 "snapshot from /proc" -- "$DSLAB" snapshot --source proc
expect_exit 2 "snapshot with an argument" -- "$DSLAB" snapshot extra
expect_exit 2 "snapshot with a bad source" -- "$DSLAB" snapshot --source ss
finish
