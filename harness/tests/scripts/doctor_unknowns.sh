#!/usr/bin/env bash
# dslab doctor --bind says "unknown", and why in one sentence, where the
# bind matrices do not cover the situation, and --try shows the real bind
# beside it. In a network namespace of this test's own, a python3 process
# holds on each port one socket of a kind no matrix has: a connection
# whose listener is gone, a TIME-WAIT one, a device-bound listener, one
# with IP_FREEBIND, one with IP_TRANSPARENT, a connected UDP socket, a
# listener with both reuse options; and nginx's case, a listener with a
# connection beside it (a conflict with the listener is still a definite
# "fails"). Then scope ids: [fe80::...%lo] (unknown: the scope binds the
# socket to a device), the same without a scope (unknown: the kernel needs
# one), a missing device (exit 2, one line).
# Exits 4 (skipped) without a namespace (not root) or without python3.
. "$(dirname "$0")/common.sh"

if ! unshare -n true 2>/dev/null; then echo "cannot make a network namespace (not root): skipped"; exit 4; fi
command -v python3 >/dev/null || { echo "python3 is not installed: skipped"; exit 4; }
PYTHON=$(command -v python3)
[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3

cat >"$WORK/hold.py" <<'PY'
import signal, socket, time
SO_BINDTODEVICE, IP_FREEBIND, IP_TRANSPARENT = 25, 15, 19
held = []
def listener(port, *options, address="0.0.0.0"):
    s = socket.socket()
    for level, name, value in options:
        s.setsockopt(level, name, value)
    s.bind((address, port))
    s.listen(8)
    held.append(s)
    return s
def connection(port):
    held.append(socket.create_connection(("127.0.0.1", port)))
# 7101: TIME-WAIT (the accepted side closes first), its listener gone.
l = listener(7101)
c = socket.create_connection(("127.0.0.1", 7101)); a = l.accept()[0]
a.close(); time.sleep(0.2); c.close(); held.remove(l); l.close()
# 7102: a connection whose listener is gone.
l = listener(7102); connection(7102); held.append(l.accept()[0]); held.remove(l); l.close()
listener(7103, (socket.SOL_SOCKET, SO_BINDTODEVICE, b"lo"))
listener(7104, (socket.SOL_IP, IP_FREEBIND, 1))
listener(7105, (socket.SOL_IP, IP_TRANSPARENT, 1))
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", 7106)); u.connect(("127.0.0.1", 9)); held.append(u)
listener(7108, (socket.SOL_SOCKET, socket.SO_REUSEADDR, 1), (socket.SOL_SOCKET, socket.SO_REUSEPORT, 1))
l = listener(7109); connection(7109); held.append(l.accept()[0])
print("ready", flush=True)
signal.pause()
PY

cat >"$WORK/inside.sh" <<'SH'
set -u
ip link set lo up
ip -6 addr add fe80::db8:1/64 dev lo nodad
"$PYTHON" "$WORK/hold.py" >"$WORK/ready" 2>"$WORK/hold.err" &
echo $! >"$WORK/pid"
for _ in $(seq 100); do grep -q ready "$WORK/ready" 2>/dev/null && break; sleep 0.05; done
ask() { # NAME ARGS...: doctor --bind ARGS --try, output and exit status in $WORK/NAME
  local name=$1; shift
  "$DSLAB" doctor --try --bind "$@" >"$WORK/$name" 2>&1; echo "rc=$?" >>"$WORK/$name"
}
ask time_wait 127.0.0.1:7101
ask time_wait_reuse 127.0.0.1:7101 --reuseaddr
ask connection 127.0.0.1:7102
ask device 127.0.0.1:7103
ask freebind 127.0.0.1:7104
ask transparent 127.0.0.1:7105
ask udp_connected 127.0.0.1:7106 --udp
ask both_reuse "[::]:7108" --v6only 1 --reuseport
ask asked_both 127.0.0.1:7108 --reuseaddr --reuseport
ask beside_listener "[::]:7109" --v6only 1 --listen
ask conflict_anyway 127.0.0.1:7109
ask scope "[fe80::db8:1%lo]:7107" --listen
ask scope_index "[fe80::db8:1%1]:7107" --udp
ask no_scope "[fe80::db8:1]:7107"
ask scope_not_link_local "[::1%lo]:7107"
ask no_device "[fe80::db8:1%dslabnodev0]:7107"
"$DSLAB" doctor --format json --try --bind 127.0.0.1:7101 >"$WORK/json" 2>&1
kill "$(cat "$WORK/pid")"
SH
export DSLAB WORK PYTHON
unshare -n bash "$WORK/inside.sh" || fail "the namespace's script failed"
grep -q ready "$WORK/ready" || fail "the holder did not get ready: $(cat "$WORK/hold.err")"

# expect NAME VERDICT REASON-PART TRIED: the prediction, its reason (for
# unknown), the real result and the exit status (unknown 4, fails 1).
expect() {
  local name=$1 verdict=$2 reason=$3 tried=$4 out rc
  out=$(cat "$WORK/$name")
  rc=$(sed -n 's/^rc=//p' "$WORK/$name")
  local ok=1
  grep -q "^prediction: $verdict (" <<<"$out" || ok=0
  [ -z "$reason" ] || grep -qF -- "$reason" <<<"$out" || ok=0
  grep -qF -- "$tried" <<<"$out" || ok=0
  case $verdict in unknown) [ "$rc" = 4 ] || ok=0 ;; fails) [ "$rc" = 1 ] || ok=0 ;; esac
  [ $ok = 1 ] || fail "$name: expected $verdict ('$reason', '$tried'), got: $out"
}
unknown_tried() { echo "tried: bind $1, listen $2 (the prediction was unknown)"; }
# One sentence: the reason is one line, names the socket, says why.
expect time_wait unknown "unknown because: on the port is tcp TIME-WAIT 127.0.0.1:7101 (no process holds it), what is left of a closed connection: the matrices' first socket is only bound or listening" "$(unknown_tried EADDRINUSE -)"
expect time_wait_reuse unknown "TIME-WAIT 127.0.0.1:7101" "tried: bind "
expect connection unknown "on the port is tcp ESTAB 127.0.0.1:7102 of python3(" "$(unknown_tried EADDRINUSE -)"
expect device unknown "is bound to device lo (SO_BINDTODEVICE or a link-local scope): the matrices bind to no device" "$(unknown_tried EADDRINUSE -)"
expect freebind unknown "has IP_FREEBIND: the matrices never set it" "$(unknown_tried EADDRINUSE -)"
expect transparent unknown "has IP_TRANSPARENT: the matrices never set it" "$(unknown_tried EADDRINUSE -)"
expect udp_connected unknown "on the port is udp ESTAB 127.0.0.1:7106" "$(unknown_tried EADDRINUSE -)"
expect both_reuse unknown "has SO_REUSEADDR and SO_REUSEPORT, yours SO_REUSEPORT" "tried: bind 0, listen -"
expect asked_both unknown "SO_REUSEADDR with SO_REUSEPORT: the matrices set one or the other" "$(unknown_tried 0 -)"
expect beside_listener unknown "on the port is tcp ESTAB 127.0.0.1:7109" "$(unknown_tried 0 0)"
expect conflict_anyway fails "" "tried: bind EADDRINUSE, listen - (as predicted)"
grep -qE "^  conflicts with: tcp LISTEN 0\.0\.0\.0:7109 " "$WORK/conflict_anyway" || fail "conflict_anyway: the listener is not named: $(cat "$WORK/conflict_anyway")"
expect scope unknown "a link-local address with a scope binds the socket to device lo, as SO_BINDTODEVICE would" "$(unknown_tried 0 0)"
expect scope_index unknown "binds the socket to device lo" "$(unknown_tried 0 -)"
expect no_scope unknown "a link-local address needs a scope to bind" "$(unknown_tried EINVAL -)"
expect scope_not_link_local unknown "a scope (%lo) on an address that is not link-local" "$(unknown_tried 0 -)"
# Every unknown reason is one line (the next line is tried: or caveat:).
for name in time_wait connection device freebind transparent udp_connected scope no_scope; do
  [ "$(grep -c '^  unknown because: ' "$WORK/$name")" = 1 ] || fail "$name: not one 'unknown because' line"
done
# A missing device: bad input, one line, exit 2, nothing tried.
[ "$(cat "$WORK/no_device")" = "dslab: --bind [fe80::db8:1%dslabnodev0]:7107: no device 'dslabnodev0' in the namespace inspected (see ip link)
rc=2" ] || fail "no_device: $(cat "$WORK/no_device")"
# JSON: the unknown's verdict, reason and the real result.
if command -v jq >/dev/null; then
  jq -se '[.[] | select(.type == "prediction")][0] | .verdict == "unknown" and (.reason | test("TIME-WAIT"))
    and .tried.bind_result == "EADDRINUSE" and .kernel.cells_recorded_for == null' "$WORK/json" >/dev/null ||
    fail "JSON prediction: $(tail -1 "$WORK/json")"
fi
finish
