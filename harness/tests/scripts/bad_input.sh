#!/usr/bin/env bash
# Bad input gets one line on stderr, exit 2, and writes nothing.
. "$(dirname "$0")/common.sh"

one_line_error() { # DESCRIPTION [PATTERN]
  local lines
  lines=$(wc -l <"$WORK/err")
  [ "$lines" -eq 1 ] || fail "$1: $lines lines on stderr, expected 1: $(cat "$WORK/err")"
  [ -z "${2:-}" ] || grep -q -- "$2" "$WORK/err" || fail "$1: stderr does not mention '$2': $(cat "$WORK/err")"
}

usage_error() { # DESCRIPTION PATTERN -- COMMAND...
  local what=$1 pattern=$2
  shift 2
  expect_exit 2 "$what" "$@" && one_line_error "$what" "$pattern"
}

usage_error "unknown command" "frobnicate" -- "$DSLAB" frobnicate
usage_error "unknown option" "--frob" -- "$DSLAB" run --frob
usage_error "unknown global option" "--frob" -- "$DSLAB" --frob
usage_error "no matching case" "no_such_lesson" -- "$DSLAB" run no_such_lesson
usage_error "list: no matching case" "nope/" -- "$DSLAB" list 'nope/*'
for jobs in 0 -1 abc 2x 99999 ""; do
  usage_error "--jobs '$jobs'" "--jobs" -- "$DSLAB" run --jobs "$jobs"
done
for timeout in -1 0 abc inf nan 1e9 ""; do
  usage_error "--timeout '$timeout'" "--timeout" -- "$DSLAB" run --timeout "$timeout"
done
usage_error "--format xml" "--format" -- "$DSLAB" run --format xml
usage_error "--jobs without value" "--jobs" -- "$DSLAB" run --jobs
usage_error "show without case" "show" -- "$DSLAB" show
usage_error "show unknown case" "nope" -- "$DSLAB" show nope/bindv6only=0
usage_error "check with arguments" "check" -- "$DSLAB" check extra
usage_error "show --view top" "--view must be netstat or ss, not 'top'" -- \
  "$DSLAB" show --view top seed_v4v6/bindv6only=0
usage_error "show --view without value" "--view" -- "$DSLAB" show seed_v4v6/bindv6only=0 --view
usage_error "run --view" "unknown option '--view' for 'run'" -- "$DSLAB" run --view ss
usage_error "show --view, no golden" "no such file" -- \
  "$DSLAB" show --view ss --expected "$WORK/nowhere" seed_v4v6/bindv6only=0
usage_error "show --view --actual, none kept" "no actual transcript" -- \
  "$DSLAB" show --actual --view ss --actual-dir "$WORK/nowhere" seed_v4v6/bindv6only=0
# A table the view cannot read: one line naming the file and the line.
copy_expected
sed -i 's/^  tcp6  LISTEN  /  tcp6 LISTEN   /' "$WORK/expected/seed_v4v6/bindv6only=0.golden"
usage_error "show --view, spoiled table" "line 11: not a row" -- \
  "$DSLAB" show --view netstat --expected "$WORK/expected" seed_v4v6/bindv6only=0
[ ! -s "$WORK/out" ] || fail "show --view wrote output for a spoiled table: $(cat "$WORK/out")"
usage_error "bad timeout multiplier" "DSLAB_TIMEOUT_MULTIPLIER" -- \
  env DSLAB_TIMEOUT_MULTIPLIER=abc "$DSLAB" run seed_v4v6
usage_error "--update under CI" "CI" -- env CI=true "$DSLAB" run --update seed_v4v6
usage_error "expected/ missing" "$WORK/nowhere" -- "$DSLAB" run --expected "$WORK/nowhere" seed_v4v6
usage_error "missing scenario binary" "scenario binary missing" -- \
  env DSLAB_SCENARIO_DIR="$WORK/no-binaries" "$DSLAB" run seed_v4v6

# Malformed goldens: one line naming the file, exit 2, the golden untouched.
case_name='seed_v4v6/bindv6only=0'
spoil() { # DESCRIPTION PATTERN SPOILER
  copy_expected
  local golden="$WORK/expected/$case_name.golden" before after
  eval "$3" # spoils $golden
  before=$(sha256sum "$golden")
  expect_exit 2 "$1" -- "$DSLAB" run --expected "$WORK/expected" --actual-dir "$WORK/actual" "$case_name" &&
    { grep -q "$golden: $2" "$WORK/out" || fail "$1: output does not say '$golden: $2': $(cat "$WORK/out")"; }
  after=$(sha256sum "$golden")
  [ "$before" = "$after" ] || fail "$1: the golden was changed"
}
spoil "CRLF golden" "CRLF" 'sed -i "s/\$/\r/" "$golden"'
spoil "binary golden" "binary" 'printf "\001\002\000junk\n" >>"$golden"'
spoil "no trailing newline" "no trailing newline" 'printf %s "$(cat "$golden")" >"$golden"'
spoil "empty golden" "empty" ': >"$golden"'
spoil "Latin-1 golden" "not UTF-8" 'printf "caf\351\n" >>"$golden"'
spoil "missing golden" "no golden" 'rm "$golden"'
spoil "unreadable golden" "not a regular file" 'rm "$golden"; mkdir "$golden"'

# Kernel tags and recorded differences (README: On your kernel): one line
# naming the value or the file, exit 2, nothing written.
usage_error "--kernel-tag malformed" "'Linux 6.1' is not a kernel tag" -- \
  "$DSLAB" run --kernel-tag 'Linux 6.1' seed_v4v6
usage_error "--kernel-tag unknown" "'linux-9.99': no golden" -- \
  "$DSLAB" run --kernel-tag linux-9.99 seed_v4v6
usage_error "--kernel-tag without value" "--kernel-tag needs a TAG" -- "$DSLAB" run --kernel-tag
usage_error "DSLAB_KERNEL_TAG a libc's" "DSLAB_KERNEL_TAG 'musl' is not a kernel tag" -- \
  env DSLAB_KERNEL_TAG=musl "$DSLAB" run seed_v4v6
usage_error "--kernel-tag with --no-recorded" "exclude each other" -- \
  "$DSLAB" run --kernel-tag linux-6.1 --no-recorded seed_v4v6
usage_error "--new-reference without --update" "--new-reference goes with --update" -- \
  "$DSLAB" run --new-reference seed_v4v6
# --update on a kernel of another version than the reference's would write
# that kernel's behaviour into the main goldens: refused.
copy_expected
before=$(cd "$WORK/expected" && find . -type f -exec sha256sum {} + | sort)
usage_error "--update on another kernel version" "--kernel-tag linux-5.15 (overrides only)" -- \
  env DSLAB_KERNEL_RELEASE=5.15.0 "$DSLAB" run --update --expected "$WORK/expected" seed_v4v6
after=$(cd "$WORK/expected" && find . -type f -exec sha256sum {} + | sort)
[ "$before" = "$after" ] || fail "--update on another kernel version changed expected/"
override_case='bind_matrix_tcp/bindv6only=0,reuse=none,order=bbll'
override="$WORK/expected/$override_case@linux-6.1.golden"
sed -i '1s/differs from bindv6only=0,reuse=none,order=bbll.golden/differs from bindv6only=1,reuse=none,order=bbll.golden/' "$override"
before=$(sha256sum "$override")
# A case whose transcript differs from the main golden reaches the override:
# make it differ by spoiling the main golden's last line.
main_golden="$WORK/expected/$override_case.golden"
sed -i '$s/$/ (spoiled)/' "$main_golden"
expect_exit 2 "override naming another case" -- env DSLAB_KERNEL_RELEASE=6.1.192 "$DSLAB" run \
    --expected "$WORK/expected" --actual-dir "$WORK/actual" "$override_case" &&
  { grep -q "$override: its header names another case's golden" "$WORK/out" ||
      fail "override naming another case: output does not name the file: $(cat "$WORK/out")"; }
[ "$before" = "$(sha256sum "$override")" ] || fail "override naming another case: the override was changed"
"$DSLAB" check --expected "$WORK/expected" >"$WORK/out" 2>&1 && fail "check passed an override naming another case"
grep -q "its header names another case's golden" "$WORK/out" || fail "check does not name the bad override: $(cat "$WORK/out")"
copy_expected
printf 'kernel\n' >"$WORK/expected/REFERENCE"
usage_error "malformed REFERENCE" "REFERENCE: want the lines" -- \
  "$DSLAB" run --expected "$WORK/expected" seed_v4v6

finish
