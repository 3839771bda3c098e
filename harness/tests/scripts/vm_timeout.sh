#!/usr/bin/env bash
# harness/kernels/timeout.sh, the VM's /usr/bin/timeout, on this host with
# busybox's applets only (as in the VM): 124 when the time runs out, the
# command's status otherwise, 125 for bad usage; the whole process group
# is killed (a child holding the runner's pipe would keep it waiting); the
# kselftest runner's nesting (--foreground T, then T) gives 124 either
# way. Exits 4 (skipped) without a static busybox.
. "$(dirname "$0")/common.sh"
TIMEOUT="$SOURCE_DIR/harness/kernels/timeout.sh"
busybox=$(command -v busybox) || { echo "busybox is not installed: skipped"; exit 4; }
mkdir -p "$WORK/bin"
for applet in sh sleep kill setsid mktemp rm cat cut awk true; do
  ln -s "$busybox" "$WORK/bin/$applet"
done
uptime_now() { cut -d' ' -f1 /proc/uptime; }
# run WANT_STATUS MAX_SECONDS DESCRIPTION -- ARGS...: timeout.sh ARGS under
# busybox sh, its output through a pipe (as the runner reads it).
run() {
  local want=$1 max=$2 what=$3 start end got
  shift 4
  start=$(uptime_now)
  PATH="$WORK/bin" "$WORK/bin/sh" "$TIMEOUT" "$@" 2>"$WORK/err" | cat >"$WORK/out"
  got=${PIPESTATUS[0]}
  end=$(uptime_now)
  [ "$got" -eq "$want" ] || fail "$what: exit $got, expected $want; stderr: $(head -n 2 "$WORK/err")"
  awk -v a="$start" -v b="$end" -v m="$max" 'BEGIN { exit !(b - a < m) }' ||
    fail "$what: took $(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }') s, more than $max s"
}
run 124 4 "time runs out" -- 1 sleep 20
run 0 4 "the command ends first" -- 5 true
run 3 4 "its own status" -- 5 sh -c 'exit 3'
run 143 4 "--preserve-status" -- --preserve-status 1 sleep 20
run 124 4 "the whole group: a child holding the pipe" -- 1 sh -c 'sleep 20 & sleep 20; echo never'
grep -q never "$WORK/out" && fail "the command went on after its time"
run 124 4 "--foreground" -- --foreground 1 sleep 20
run 124 4 "the runner's nesting" -- --foreground 1 "$TIMEOUT" 1 sh -c 'sleep 20 & sleep 20'
run 124 4 "the runner's nesting, the outer first" -- --foreground 1 "$TIMEOUT" 3 sh -c 'sleep 20 & sleep 20'
run 124 5 "-k: KILL after TERM is ignored" -- -k 1 1 sh -c 'trap "" TERM; sleep 20'
run 124 4 "-s KILL" -- -s KILL 1 sleep 20
run 7 4 "0: no limit" -- 0 sh -c 'exit 7'
echo through | PATH="$WORK/bin" "$WORK/bin/sh" "$TIMEOUT" 2 cat >"$WORK/out" 2>&1
grep -qx through "$WORK/out" || fail "standard input did not reach the command: $(cat "$WORK/out")"
run 125 4 "a bad duration" -- 1x sleep 1
run 125 4 "no command" -- 1
run 125 4 "an unknown option" -- --bogus 1 true
finish
