#!/usr/bin/env bash
# The benchmark's programs still work (ctest label "bench"): a few bare
# cases with every isolation step, and N sockets held in a namespace that
# both of dslab snapshot's sources list alike.
#
#   smoke.sh DSLAB BENCH_DIR
#
# Exit 4 (skipped) where no network namespace can be made or without nsenter.
set -euo pipefail
DSLAB=${1:?usage: $0 DSLAB BENCH_DIR}
BENCH=${2:?usage: $0 DSLAB BENCH_DIR}
if [ "$(id -u)" -ne 0 ] || ! command -v nsenter >/dev/null; then
  echo "SKIP: needs root and nsenter (util-linux)"
  exit 4
fi
work=$(mktemp -d)
holder=""
cleanup() {
  if [ -n "$holder" ]; then kill "$holder" 2>/dev/null || true; wait "$holder" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

for f in hosts nsswitch.conf host.conf gai.conf; do echo "# $f" >"$work/$f"; done
"$BENCH/floor" 4 "$BENCH/bench_true"
# The mount step needs "/" to be a mount point (not so in a chroot), as
# dslab-hermetic-etc does; there the rest is still checked.
mount_step=(--mount "$work")
mountpoint -q / 2>/dev/null || mount_step=()
"$BENCH/floor" --jobs 2 "${mount_step[@]}" --pid --caps 4 "$BENCH/bench_true"
"$BENCH/floor" --plain 2 "$BENCH/bench_true"
"$BENCH/measure" --runs 2 --warmup 0 --baseline a :: a "$BENCH/bench_true" :: b "$BENCH/bench_true" >"$work/measure.json"
grep -q '"label":"b".*"ratio":' "$work/measure.json"

n=2000
coproc HOLD { exec "$BENCH/hold_sockets" $n; }
holder=$HOLD_PID
read -r ready <&"${HOLD[0]}"
pid=$(cut -d' ' -f2 <<<"$ready")
in_ns() { nsenter --net="/proc/$pid/ns/net" "$@"; }
in_ns "$DSLAB" snapshot | awk 'NR > 2 {print $1, $2, $3, $4}' >"$work/diag"
in_ns "$DSLAB" snapshot --source proc | awk 'NR > 2 {print $1, $2, $3, $4}' >"$work/proc"
rows=$(wc -l <"$work/diag")
if [ "$rows" -ne $n ]; then
  echo "FAIL: dslab snapshot lists $rows sockets, not $n"
  exit 1
fi
if ! cmp -s "$work/diag" "$work/proc"; then
  echo "FAIL: sock_diag and /proc list different sockets:"
  diff "$work/diag" "$work/proc" | head -20
  exit 1
fi
# The mix: listeners, established pairs with mapped ends, UDP of both kinds.
for want in "tcp LISTEN" "tcp6 LISTEN" "tcp ESTAB" "tcp6 ESTAB" "udp UNCONN" "udp6 ESTAB"; do
  grep -q "^$want " "$work/diag" || { echo "FAIL: no '$want' row"; exit 1; }
done
grep -q '^tcp6 ESTAB \[::ffff:127.0.0.1\]' "$work/diag" || { echo "FAIL: no mapped tcp6 row"; exit 1; }
echo "bench smoke: floor, measure, hold_sockets $n: diag and proc agree"
