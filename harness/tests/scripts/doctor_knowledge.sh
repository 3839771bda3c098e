#!/usr/bin/env bash
# dslab doctor --bind predicts from the knowledge that applies, and says
# why as the lessons do. In a network namespace of this test's own:
# - UDP: next to python3's 0.0.0.0 a dual-stack [::] fails, and the why is
#   the UDP lesson's note (rule 1, RFC 3493, udp_lib_lport_inuse); with
#   SO_REUSEADDR on both the bind works, and the note says why (sk_reuse).
# - The kernel's recorded cells: [::ffff:127.0.0.1] v6only 0 next to a
#   listening [::ffff:0.0.0.0] is EADDRINUSE on the reference kernel, but
#   Linux 6.1 let it bind and listen (expected/bind_matrix_tcp/
#   *@linux-6.1.golden). With DSLAB_KERNEL_RELEASE=6.1.170 doctor predicts
#   by the 6.1 cells and says so (a kernel: line, JSON kernel), with the
#   pre-6.8 caveat; --try on this kernel then disagrees (exit 1). Without
#   the stand-in, and with a release that has no recorded cells, it
#   predicts by the reference cells and names no kernel.
# Exits 4 (skipped) without a namespace (not root) or without python3/jq.
. "$(dirname "$0")/common.sh"

if ! unshare -n true 2>/dev/null; then echo "cannot make a network namespace (not root): skipped"; exit 4; fi
for tool in python3 jq; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed: skipped"; exit 4; }
done
PYTHON=$(command -v python3)
[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3

cat >"$WORK/hold.py" <<'PY'
import signal, socket
held = []
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("0.0.0.0", 7301)); held.append(u)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); u.bind(("0.0.0.0", 7302)); held.append(u)
t = socket.socket(socket.AF_INET6)
t.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0); t.bind(("::ffff:0.0.0.0", 7303)); t.listen(8)
held.append(t)
print("ready", flush=True)
signal.pause()
PY

cat >"$WORK/inside.sh" <<'SH'
set -u
ip link set lo up
"$PYTHON" "$WORK/hold.py" >"$WORK/ready" 2>"$WORK/hold.err" &
echo $! >"$WORK/pid"
for _ in $(seq 100); do grep -q ready "$WORK/ready" 2>/dev/null && break; sleep 0.05; done
ask() { # NAME RELEASE ARGS...: doctor --try --bind ARGS (RELEASE "-": the real one)
  local name=$1 release=$2; shift 2
  if [ "$release" = - ]; then
    "$DSLAB" doctor --try --bind "$@" >"$WORK/$name" 2>&1
  else
    DSLAB_KERNEL_RELEASE=$release "$DSLAB" doctor --try --bind "$@" >"$WORK/$name" 2>&1
  fi
  echo "rc=$?" >>"$WORK/$name"
}
ask udp_conflict - "[::]:7301" --udp
ask udp_reuse - 127.0.0.1:7302 --udp --reuseaddr
ask reference - "[::ffff:127.0.0.1]:7303" --v6only 0 --listen
ask linux61 6.1.170 "[::ffff:127.0.0.1]:7303" --v6only 0 --listen
ask linux612 6.12.9 "[::ffff:127.0.0.1]:7303" --v6only 0 --listen
DSLAB_KERNEL_RELEASE=6.1.170 "$DSLAB" doctor --format json --bind "[::ffff:127.0.0.1]:7303" --v6only 0 --listen \
  >"$WORK/linux61.json" 2>&1
kill "$(cat "$WORK/pid")"
SH
export DSLAB WORK PYTHON
unshare -n bash "$WORK/inside.sh" || fail "the namespace's script failed"
grep -q ready "$WORK/ready" || fail "the holder did not get ready: $(cat "$WORK/hold.err")"

# has NAME TEXT...: each TEXT is a whole line of the output.
has() {
  local name=$1 line; shift
  for line in "$@"; do
    grep -qxF -- "$line" "$WORK/$name" || { fail "$name: no line '$line' in: $(cat "$WORK/$name")"; return; }
  done
}
lacks() { # NAME PATTERN
  grep -q -- "$2" "$WORK/$1" && fail "$1: '$2' should not be there: $(cat "$WORK/$1")"
}

has udp_conflict "prediction: fails (bind EADDRINUSE, listen -)" \
  "  from: bind_matrix_udp/bindv6only=0,reuse=none: cell 0.0.0.0 x [::] = 0/EADDRINUSE" \
  "tried: bind EADDRINUSE, listen - (as predicted)" "rc=1"
grep -q "^  why (the lesson's note): No reuse option: EADDRINUSE exactly where the two addresses overlap.*(rule 1).*udp_lib_lport_inuse.*inet_rcv_saddr_equal.*RFC 3493 §3.7" \
  "$WORK/udp_conflict" || fail "udp_conflict: the why is not the UDP lesson's note: $(cat "$WORK/udp_conflict")"
has udp_reuse "prediction: succeeds (bind 0, listen -)" "tried: bind 0, listen - (as predicted)" "rc=0"
grep -q "^  why (the lesson's note): SO_REUSEADDR on both: every pair binds.*(rule 2).*sk_reuse" "$WORK/udp_reuse" ||
  fail "udp_reuse: the why is not the UDP lesson's SO_REUSEADDR note: $(cat "$WORK/udp_reuse")"

cell="cell [::ffff:0.0.0.0] x [::ffff:127.0.0.1] v6only=0"
has reference "prediction: fails (bind EADDRINUSE, listen -)" \
  "  from: bind_matrix_tcp/bindv6only=0,reuse=none,order=blbl: $cell = 0/0/EADDRINUSE/-" \
  "tried: bind EADDRINUSE, listen - (as predicted)" "rc=1"
lacks reference "^  kernel: "
has linux61 "prediction: succeeds (bind 0, listen 0)" \
  "  from: bind_matrix_tcp/bindv6only=0,reuse=none,order=blbl@linux-6.1: $cell = 0/0/0/0 v4:2nd v6:none" \
  "  kernel: 6.1.170: the cells the lessons recorded for linux-6.1 (@linux-6.1 goldens) apply, not the reference kernel's" \
  "  caveat: this kernel (6.1.170, before Linux 6.8) does not report TCP sockets that are only bound (not listening): one on this port would conflict unseen" \
  "tried: bind EADDRINUSE, listen - (NOT as predicted)" "rc=1"
has linux612 "prediction: fails (bind EADDRINUSE, listen -)" \
  "  from: bind_matrix_tcp/bindv6only=0,reuse=none,order=blbl: $cell = 0/0/EADDRINUSE/-" "rc=1"
lacks linux612 "^  kernel: "
jq -se '[.[] | select(.type == "prediction")][0] | .verdict == "succeeds"
  and .kernel == {"release": "6.1.170", "cells_recorded_for": "linux-6.1"} and (.evidence | test("@linux-6.1: "))' \
  "$WORK/linux61.json" >/dev/null || fail "JSON with 6.1.170: $(tail -1 "$WORK/linux61.json")"
finish
