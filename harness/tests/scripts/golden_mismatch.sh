#!/usr/bin/env bash
# Changing one character of a golden makes the run fail (exit 1) with a
# unified diff, and keeps the actual transcript outside the source tree.
. "$(dirname "$0")/common.sh"

case_name='seed_v4v6/bindv6only=0'
copy_expected
golden="$WORK/expected/$case_name.golden"
sed -i 's/LISTEN/LISTEM/' "$golden"
expect_exit 1 "one character changed" -- \
  "$DSLAB" run --expected "$WORK/expected" --actual-dir "$WORK/actual" "$case_name"
grep -q '^FAIL .*seed_v4v6/bindv6only=0: transcript differs' "$WORK/out" || fail "no FAIL line: $(cat "$WORK/out")"
grep -q '^ *@@ ' "$WORK/out" || fail "no unified diff hunk in the output"
grep -q '^ *-.*LISTEM' "$WORK/out" || fail "the diff does not show the golden's line"
grep -q '^ *+.*LISTEN' "$WORK/out" || fail "the diff does not show the actual line"
[ -s "$WORK/actual/$case_name.transcript" ] || fail "actual transcript not kept"
expect_exit 0 "show --actual" -- "$DSLAB" show --actual --actual-dir "$WORK/actual" "$case_name" 2>/dev/null ||
  true
# The views read the kept actual transcript the same way as the golden.
expect_exit 0 "show --actual --view netstat" -- \
  "$DSLAB" show --actual --view netstat --actual-dir "$WORK/actual" "$case_name" &&
  { grep -q '^tcp6       0      0 :::5555                 :::\*                    LISTEN     $' "$WORK/out" ||
      fail "show --actual --view netstat: no tcp6 listener line: $(cat "$WORK/out")"; }
expect_exit 0 "show --view ss" -- "$DSLAB" show --view ss "$case_name" &&
  { grep -q '^tcp   LISTEN 0      0  *\*:5555  *\*:\*  *$' "$WORK/out" ||
      fail "show --view ss: no '*:5555' listener line: $(cat "$WORK/out")"; }

# The real goldens pass, and a passing case leaves no actual transcript.
expect_exit 0 "unchanged goldens" -- "$DSLAB" run --actual-dir "$WORK/actual2" "$case_name"
[ ! -e "$WORK/actual2/$case_name.transcript" ] || fail "a passing case kept its transcript without --keep"
expect_exit 0 "--keep" -- "$DSLAB" run --keep --actual-dir "$WORK/actual3" "$case_name"
[ -s "$WORK/actual3/$case_name.transcript" ] || fail "--keep did not keep the transcript"

# --update rewrites only the spoiled golden, atomically, and then it passes.
expect_exit 0 "--update" -- env -u CI "$DSLAB" run --update --expected "$WORK/expected" \
  --actual-dir "$WORK/actual" "$case_name"
grep -q '^UPDATED' "$WORK/out" || fail "--update did not say UPDATED"
cmp -s "$golden" "$SOURCE_DIR/expected/$case_name.golden" || fail "--update did not restore the golden"
ls "$WORK/expected/seed_v4v6" | grep -q tmp && fail "temporary file left after --update"
finish
