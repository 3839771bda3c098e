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
usage_error "--version with an argument" "--version takes no arguments" -- "$DSLAB" --version run
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
  before=$(sha256sum "$golden" 2>/dev/null || true)
  expect_exit 2 "$1" -- "$DSLAB" run --expected "$WORK/expected" --actual-dir "$WORK/actual" "$case_name" &&
    { grep -q "$golden: $2" "$WORK/out" || fail "$1: output does not say '$golden: $2': $(cat "$WORK/out")"; }
  after=$(sha256sum "$golden" 2>/dev/null || true)
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
  env -u CI DSLAB_KERNEL_RELEASE=5.15.0 "$DSLAB" run --update --expected "$WORK/expected" seed_v4v6
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
# dslab doctor: every bad input is one line, exit 2, nothing on stdout and
# nothing bound: each runs with --try where it could get that far, under
# strace (where installed), which must see no bind() or listen().
doctor_error() { # DESCRIPTION PATTERN -- DOCTOR-ARGUMENTS...
  local what=$1 pattern=$2
  shift 3
  usage_error "doctor: $what" "$pattern" -- "$DSLAB" doctor "$@"
  [ ! -s "$WORK/out" ] || fail "doctor: $what: wrote to stdout: $(head -2 "$WORK/out")"
  if command -v strace >/dev/null && strace -o /dev/null true 2>/dev/null; then
    # LeakSanitizer cannot run under ptrace (the ASan build): leaks were
    # checked by the run above; this one only watches the calls.
    usage_error "doctor: $what (strace)" "$pattern" -- env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
      strace -f -qq -e trace=bind,listen -o "$WORK/calls" "$DSLAB" doctor "$@"
    ! grep -qE '^[0-9]+ +(bind|listen)\(' "$WORK/calls" || fail "doctor: $what: it bound: $(head -2 "$WORK/calls")"
  fi
  [ ! -s "$WORK/out" ] || fail "doctor: $what: wrote to stdout: $(head -2 "$WORK/out")"
}
doctor_error "--bind without value" "--bind needs ADDR:PORT" -- --try --bind
doctor_error "--bind without port" "needs ADDR:PORT" -- --try --bind 192.0.2.1
doctor_error "--bind IPv6 without port" "brackets" -- --try --bind "[2001:db8::1]"
doctor_error "malformed IPv4" "not an IPv4 address" -- --try --bind 192.0.2.300:80
doctor_error "malformed IPv6" "not an IPv6 address" -- --try --bind "[2001:db8::g]:80"
doctor_error "IPv6 without brackets" "in brackets" -- --try --bind 2001:db8::1:80
doctor_error "unclosed bracket" "brackets" -- --try --bind "[::1:80"
doctor_error "port 0" "1 to 65535" -- --try --bind 192.0.2.1:0
doctor_error "port 65536" "1 to 65535" -- --try --bind "[::]:65536"
doctor_error "port not a number" "1 to 65535" -- --try --bind 0.0.0.0:http
doctor_error "port with sign" "1 to 65535" -- --try --bind 0.0.0.0:+80
doctor_error "scope: no such device" "no device 'dslab-nodev0' in the namespace inspected" -- --try --bind "[fe80::1%dslab-nodev0]:80"
doctor_error "scope: index 0" "no device '0'" -- --try --bind "[fe80::1%0]:80"
doctor_error "scope: empty" "a scope after % is a device name or index" -- --try --bind "[fe80::1%]:80"
doctor_error "scope: a slash" "a scope after % is a device name or index" -- --try --bind "[fe80::1%l/o]:80"
doctor_error "scope: too long" "a scope after % is a device name or index" -- --try --bind "[fe80::1%abcdefghijklmnop]:80"
doctor_error "scope on IPv4" "not an IPv4 address" -- --try --bind 192.0.2.1%lo:80
doctor_error "--v6only on IPv4" "IPv6 option" -- --try --v6only 1 --bind 198.51.100.7:80
doctor_error "--v6only 2" "--v6only must be 0 or 1" -- --try --v6only 2 --bind "[::]:80"
doctor_error "--v6only without --bind" "go with --bind" -- --v6only 1
doctor_error "--try without --bind" "go with --bind" -- --try
doctor_error "--tcp and --udp" "give one" -- --try --tcp --udp --bind 0.0.0.0:80
doctor_error "--listen with --udp" "--listen is for TCP" -- --try --udp --listen --bind 0.0.0.0:80
doctor_error "PORT out of range" "PORT" -- 70000
doctor_error "PORT not a number" "PORT" -- ssh
doctor_error "PORT with --bind" "no PORT" -- --try --bind 0.0.0.0:80 80
doctor_error "--format xml" "--format must be human or json" -- --format xml
doctor_error "unknown option" "unknown option '--frob' for 'doctor'" -- --frob
doctor_error "missing netns" "no network namespace 'dslab-no-such-ns'" -- --try --bind 0.0.0.0:80 --netns dslab-no-such-ns
doctor_error "netns with a slash" "--netns needs" -- --netns ../1/ns/net
doctor_error "--netns and --pid" "give one" -- --netns a --pid 1
doctor_error "missing pid" "no process 4194303" -- --try --bind 0.0.0.0:80 --pid 4194303
doctor_error "pid not a number" "--pid needs" -- --pid abc
doctor_error "pid 0" "--pid needs" -- --pid 0
doctor_error "control characters" "unknown option" -- $'--fr\033ob'
# No permission for --pid: an ordinary user and another's process (root's pid 1).
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
  cp "$DSLAB" "$WORK/dslab" && chmod a+rx "$WORK" "$WORK/dslab"
  usage_error "doctor --pid 1 as nobody" "run as root" -- \
    setpriv --reuid=nobody --regid=nogroup --clear-groups "$WORK/dslab" doctor --try --bind 0.0.0.0:80 --pid 1
fi

finish
