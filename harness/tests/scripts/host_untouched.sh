#!/usr/bin/env bash
# The host stays as it was: after normal runs and after runs killed at
# random moments (SIGKILL, and SIGTERM/SIGINT), host sysctls, the runner's
# own network namespace, named namespaces, our processes, the source tree's
# goldens and scenarios, and /tmp are as they were.
. "$(dirname "$0")/common.sh"

host_state() {
  # Every sysctl a variant writes (in the cases' namespaces only), as the host has it.
  cat /proc/sys/net/ipv6/bindv6only /proc/sys/net/ipv4/ip_unprivileged_port_start \
    /proc/sys/net/ipv6/conf/all/disable_ipv6 /proc/sys/net/ipv6/conf/lo/disable_ipv6
  readlink /proc/self/ns/net
  command -v ip >/dev/null && ip netns list
  (cd "$SOURCE_DIR" && find expected scenarios -type f -exec sha256sum {} + | sort)
  # Our temporary files never leave build/: none named like ours in /tmp.
  find "${TMPDIR:-/tmp}" -maxdepth 1 -name '*.tmp.[0-9]*' 2>/dev/null
}
our_processes() { # scenario processes started from this build
  processes_running_from "$(dirname "$DSLAB")/scenarios"
}

# Rounds: $DSLAB_KILL_ROUNDS (default 20; harness/soak.sh --kill-trials
# asks for more). Every fourth round sends SIGTERM or SIGINT instead of
# SIGKILL: dslab must then stop within 5 s and say what ran.
rounds=${DSLAB_KILL_ROUNDS:-20}
[[ "$rounds" =~ ^[0-9]+$ ]] || { echo "DSLAB_KILL_ROUNDS: '$rounds' is not a number"; exit 2; }
before=$(host_state)
expect_exit 0 "a normal run" -- "$DSLAB" run --actual-dir "$WORK/actual"
for round in $(seq "$rounds"); do
  signal=KILL
  case $((round % 8)) in 4) signal=TERM ;; 0) signal=INT ;; esac
  # bash starts a background command with SIGINT ignored (no job control),
  # and an ignored SIGINT that comes before dslab sets its handler is lost:
  # dslab would run the whole suite. env gives it SIGINT's default, as a
  # terminal's Ctrl-C finds it (seen: round 8 in 2 of 4 CI runs under ASan
  # or load, where dslab took longer than the 10-90 ms to its handler).
  env --default-signal=INT "$DSLAB" run --jobs 2 --actual-dir "$WORK/actual" >/dev/null 2>"$WORK/kill.err" &
  pid=$!
  sleep "0.0$((RANDOM % 9 + 1))"
  kill -"$signal" "$pid" 2>/dev/null
  if [ $signal != KILL ]; then
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    if kill -0 "$pid" 2>/dev/null; then
      fail "round $round: still running 5 s after SIG$signal"
      kill -KILL "$pid" 2>/dev/null
    fi
  fi
  wait "$pid" 2>/dev/null
  status=$?
  # A run that finished before the signal came exits 0; one that was
  # stopped says so (TERM, INT) or died of the signal (KILL, or TERM and
  # INT that came before dslab set its handlers: before any case began).
  died_of_it=$((128 + $(kill -l $signal)))
  if [ $signal != KILL ] && [ $status -ne 0 ] && [ $status -ne $died_of_it ] &&
     ! grep -q "interrupted after" "$WORK/kill.err"; then
    fail "round $round: SIG$signal: exit $status without the summary of what ran"
  fi
  # Orphaned cases die with their runner (PR_SET_PDEATHSIG); give them a moment.
  for _ in $(seq 50); do [ -z "$(our_processes)" ] && break; sleep 0.05; done
  left=$(our_processes)
  [ -z "$left" ] || fail "round $round (SIG$signal): processes left: $left"
done
# A later run sweeps what a kill at the wrong instant could leave in build/.
expect_exit 0 "a run after the kills" -- "$DSLAB" run --actual-dir "$WORK/actual"
after=$(host_state)
[ "$before" = "$after" ] || fail "host state changed: $(diff <(echo "$before") <(echo "$after"))"
find "$WORK/actual" -name '*.tmp.*' | grep -q . && fail "temporary files left: $(find "$WORK/actual" -name '*.tmp.*')"
finish
