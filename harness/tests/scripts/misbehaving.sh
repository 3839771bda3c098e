#!/usr/bin/env bash
# Scenarios that misbehave are reported with their own status and leave
# nothing behind. Each probe (harness/tests/probes) stands in for the
# seed_v4v6 binary through DSLAB_SCENARIO_DIR.
. "$(dirname "$0")/common.sh"
PROBES=${3:?usage: $0 DSLAB SOURCE_DIR PROBE_DIR}
case_name='seed_v4v6/bindv6only=0'

run_probe() { # PROBE EXPECTED_EXIT DESCRIPTION
  rm -rf "$WORK/bin" "$WORK/actual"
  mkdir -p "$WORK/bin"
  cp "$PROBES/$1" "$WORK/bin/seed_v4v6"
  local start end
  start=$(date +%s%N)
  expect_exit "$2" "$3" -- env DSLAB_SCENARIO_DIR="$WORK/bin" \
    "$DSLAB" run --timeout 2 --actual-dir "$WORK/actual" "$case_name"
  end=$(date +%s%N)
  elapsed_ms=$(((end - start) / 1000000))
  # Nothing of the probe may outlive the run.
  local left
  left=$(processes_running_from "$WORK/bin")
  [ -z "$left" ] || fail "$3: processes left behind: $left"
}
says() { grep -q -- "$1" "$WORK/out" || fail "$2: output lacks '$1': $(head -3 "$WORK/out")"; }
transcript_has() {
  grep -q -- "$1" "$WORK/actual/$case_name.transcript" 2>/dev/null ||
    fail "$2: the kept transcript lacks '$1'"
}

run_probe hang 1 "hanging scenario"
says "^TIMEOUT $case_name: no result after 2 s" "hang"
transcript_has "# about to hang" "hang (partial transcript)"
[ "$elapsed_ms" -lt 6000 ] || fail "hang: the run took ${elapsed_ms} ms with --timeout 2"

# Under the asan preset the probe is sanitized too: let the signal kill it.
export ASAN_OPTIONS=handle_segv=0
run_probe crash 1 "crashing scenario"
unset ASAN_OPTIONS
says "^CRASH   $case_name: killed by SIGSEGV" "crash"
transcript_has "# about to crash" "crash (partial transcript)"

run_probe exit_status 1 "scenario exiting 3"
says "^FAIL    $case_name: scenario exited with status 3" "exit 3"

run_probe garbage 1 "garbage on the report channel"
says "unreadable report: report line 1: unknown record" "garbage"

run_probe flood 1 "100 MB line on the report channel"
says "report larger than" "flood"

run_probe linger 1 "a child left behind"
[ "$elapsed_ms" -lt 3000 ] || fail "linger: the run took ${elapsed_ms} ms"

run_probe setsid_linger 1 "a child left behind in its own session"
[ "$elapsed_ms" -lt 3000 ] || fail "setsid_linger: the run took ${elapsed_ms} ms"

# dslab killed outright while a case hangs with a child that left its
# process group: the case's PID namespace takes both down with it.
rm -rf "$WORK/bin"; mkdir -p "$WORK/bin"; cp "$PROBES/linger_and_hang" "$WORK/bin/seed_v4v6"
env DSLAB_SCENARIO_DIR="$WORK/bin" "$DSLAB" run --timeout 30 --actual-dir "$WORK/actual" seed_v4v6 \
  >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do [ -n "$(processes_running_from "$WORK/bin")" ] && break; sleep 0.02; done
[ "$(processes_running_from "$WORK/bin" | wc -l)" -ge 2 ] || fail "SIGKILL: the probe did not start its child"
kill -KILL "$pid"
wait "$pid" 2>/dev/null
for _ in $(seq 100); do [ -z "$(processes_running_from "$WORK/bin")" ] && break; sleep 0.02; done
left=$(processes_running_from "$WORK/bin")
[ -z "$left" ] || { fail "SIGKILL of dslab: processes left: $left"; kill -KILL $left 2>/dev/null; }

# SIGTERM and SIGINT: prompt exit with a summary of what ran.
for signal in TERM INT; do
  rm -rf "$WORK/bin"; mkdir -p "$WORK/bin"; cp "$PROBES/hang" "$WORK/bin/seed_v4v6"
  env DSLAB_SCENARIO_DIR="$WORK/bin" "$DSLAB" run --timeout 30 --actual-dir "$WORK/actual" seed_v4v6 \
    >"$WORK/out" 2>"$WORK/err" &
  pid=$!
  sleep 0.3
  kill -"$signal" "$pid"
  start=$(date +%s%N)
  wait "$pid"
  status=$?
  elapsed_ms=$((($(date +%s%N) - start) / 1000000))
  [ "$status" -eq 1 ] || fail "SIG$signal: exit $status, expected 1"
  [ "$elapsed_ms" -lt 2000 ] || fail "SIG$signal: took ${elapsed_ms} ms to exit"
  grep -q "interrupted" "$WORK/err" || fail "SIG$signal: no 'interrupted' message"
  grep -q "passed, .* failed, .* skipped" "$WORK/out" || fail "SIG$signal: no summary line"
  left=$(processes_running_from "$WORK/bin")
  [ -z "$left" ] || fail "SIG$signal: processes left: $left"
done
finish
