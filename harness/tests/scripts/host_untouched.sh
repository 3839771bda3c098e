#!/usr/bin/env bash
# The host stays as it was: after normal runs and after a SIGKILLed run,
# host sysctls, named namespaces, our processes and the goldens are as
# they were.
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

before=$(host_state)
expect_exit 0 "a normal run" -- "$DSLAB" run --actual-dir "$WORK/actual"
for round in $(seq 20); do
  "$DSLAB" run --jobs 2 --actual-dir "$WORK/actual" >/dev/null 2>&1 &
  pid=$!
  sleep "0.0$((RANDOM % 9 + 1))"
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  # Orphaned cases die with their runner (PR_SET_PDEATHSIG); give them a moment.
  for _ in $(seq 50); do [ -z "$(our_processes)" ] && break; sleep 0.05; done
  left=$(our_processes)
  [ -z "$left" ] || fail "round $round: processes left after SIGKILL: $left"
done
# A later run sweeps what a kill at the wrong instant could leave in build/.
expect_exit 0 "a run after the kills" -- "$DSLAB" run --actual-dir "$WORK/actual"
after=$(host_state)
[ "$before" = "$after" ] || fail "host state changed: $(diff <(echo "$before") <(echo "$after"))"
find "$WORK/actual" -name '*.tmp.*' | grep -q . && fail "temporary files left: $(find "$WORK/actual" -name '*.tmp.*')"
finish
