#!/usr/bin/env bash
# dslab explain: the seed's story in under 40 lines, notes that name real
# golden lines (dslab check), colour only on a terminal without NO_COLOR,
# one line with close matches for an unknown case, and help.
. "$(dirname "$0")/common.sh"

seed='seed_v4v6/bindv6only=0'
expect_exit 0 "explain $seed" -- "$DSLAB" explain "$seed" || finish
lines=$(wc -l <"$WORK/out")
[ "$lines" -lt 40 ] || fail "explain $seed: $lines lines, the seed's story must stay under 40"
for want in 'Lesson: why netstat lists an IPv4 connection as "tcp6"' 'RFC 3493 §3.7' \
  'accepted = accept(server)' '    > ' 'fix_v4_address' 'tcp6 127.0.0.1:5555 127.0.0.1:EPH1' \
  'ss prints "tcp [::ffff:127.0.0.1]:5555"' 'Netid' '*:5555' 'dslab show --view netstat|ss'; do
  grep -qF -- "$want" "$WORK/out" || fail "explain $seed does not say '$want'"
done
grep -q $'\033' "$WORK/out" && fail "explain $seed: colour codes although stdout is no terminal"
[ -s "$WORK/err" ] && fail "explain $seed wrote to stderr: $(cat "$WORK/err")"

# Every case of every lesson explains (the notes parse, the golden reads).
while read -r case_name; do
  expect_exit 0 "explain $case_name" -- "$DSLAB" explain "$case_name"
done < <("$DSLAB" list)

# --view appends the snapshots as the tool prints them.
expect_exit 0 "explain --view netstat" -- "$DSLAB" explain --view netstat "$seed" &&
  grep -qF '$ netstat -tuan' "$WORK/out" || fail "explain --view netstat shows no netstat view"
expect_exit 0 "explain --view=ss" -- "$DSLAB" explain "--view=ss" "$seed" &&
  grep -qF '$ ss -tuan' "$WORK/out" || fail "explain --view=ss shows no ss view"

# Colour: on a terminal (script(1) gives one) unless NO_COLOR is set.
if command -v script >/dev/null; then
  script -qec "'$DSLAB' explain '$seed'" /dev/null >"$WORK/tty" 2>&1 </dev/null
  grep -q $'\033\\[36m    > ' "$WORK/tty" || fail "explain on a terminal: notes are not coloured"
  NO_COLOR=1 script -qec "'$DSLAB' explain '$seed'" /dev/null >"$WORK/tty" 2>&1 </dev/null
  grep -q $'\033' "$WORK/tty" && fail "explain with NO_COLOR=1 on a terminal: colour codes"
  grep -q 'accepted = accept' "$WORK/tty" || fail "explain under script(1) printed no lesson"
else
  echo "script(1) missing (bsdutils): colour on a terminal not checked"
fi

# Bad input: one line on stderr, exit 2, nothing on stdout.
unknown() { # DESCRIPTION PATTERN CASE
  expect_exit 2 "$1" -- "$DSLAB" explain "$3" || return
  [ "$(wc -l <"$WORK/err")" -eq 1 ] || fail "$1: not one line on stderr: $(cat "$WORK/err")"
  grep -qF -- "$2" "$WORK/err" || fail "$1: stderr does not name '$2': $(cat "$WORK/err")"
  [ -s "$WORK/out" ] && fail "$1: wrote to stdout"
}
unknown "other variant" "close matches: seed_v4v6/bindv6only=0, seed_v4v6/bindv6only=1" \
  seed_v4v6/bindv6only=2
unknown "bare scenario" "close matches: seed_v4v6/bindv6only=0, seed_v4v6/bindv6only=1" seed_v4v6
unknown "typo" "seed_v4v6/bindv6only=1" seed_v4v7/bindv6only=1
unknown "many variants" "and 6 more" bind_matrix_tcp
unknown "nothing close" "no case named 'zzzzzzzzzzzzzzzzzz' (see dslab list)" zzzzzzzzzzzzzzzzzz
for args in "" "$seed $seed" "--view top $seed" "--frob $seed" "--actual $seed"; do
  # shellcheck disable=SC2086 # the words are the arguments
  expect_exit 2 "explain $args" -- "$DSLAB" explain $args &&
    { [ "$(wc -l <"$WORK/err")" -eq 1 ] || fail "explain $args: not one line on stderr"; }
done
expect_exit 2 "explain, no golden" -- "$DSLAB" explain --expected "$WORK/nowhere" "$seed" &&
  grep -q "no golden" "$WORK/err" || fail "explain without a golden: $(cat "$WORK/err")"

# Help, both ways.
expect_exit 0 "help explain" -- "$DSLAB" help explain &&
  grep -q '^usage: dslab explain' "$WORK/out" || fail "dslab help explain: no usage line"
expect_exit 0 "explain --help" -- "$DSLAB" explain --help &&
  grep -q '^usage: dslab explain' "$WORK/out" || fail "dslab explain --help: no usage line"
"$DSLAB" --help | grep -q '^  explain ' || fail "dslab --help does not list explain"

# The notes fit the goldens: dslab check is clean; a golden line a note
# names, once gone, makes check fail naming the note's file and line.
expect_exit 0 "check" -- "$DSLAB" check || cat "$WORK/out"
copy_expected
sed -i '/^connect(client, 127.0.0.1:5555) = 0$/d' "$WORK/expected/$seed.golden"
expect_exit 1 "check, a noted line gone" -- "$DSLAB" check --expected "$WORK/expected"
grep -q "^scenarios/seed_v4v6.explain:[0-9]*: line: 'connect(client, 127.0.0.1:5555) = 0' names no line of .*bindv6only=0.golden$" \
  "$WORK/out" || fail "check does not name the note whose line is gone: $(cat "$WORK/out")"
finish
