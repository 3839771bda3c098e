#!/usr/bin/env bash
# dslab doctor on a live table: in a network namespace of this test's own,
# a python3 process (ours) holds listeners of every kind the explanations
# tell apart, and an IPv4 connection to a dual-stack listener; another
# python3 runs as nobody. doctor must print each row with its owner as
# name(pid), the sentence that fits it (RFC 3493 section cited), and per
# port the families that reach it; --format json says the same as JSON
# lines. Then doctor as nobody: nobody's own process named, root's '-'.
# Exits 4 (skipped) without a namespace (not root) or without python3/jq.
. "$(dirname "$0")/common.sh"

if ! unshare -n true 2>/dev/null; then echo "cannot make a network namespace (not root): skipped"; exit 4; fi
for tool in python3 jq setpriv; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed: skipped"; exit 4; }
done
PYTHON=$(command -v python3)
[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3  # a pyenv shim would be a shell's name

# hold.py SPEC...: SPEC is tcp|udp,ADDRESS,PORT,V6ONLY (- for left alone) or
# connect,ADDRESS,PORT (an AF_INET client; the listener on PORT accepts it). Prints "ready" and waits to be killed.
cat >"$WORK/hold.py" <<'PY'
import signal, socket, sys
held, listeners = [], {}
for spec in sys.argv[1:]:
    kind, address, port, *rest = spec.split(",")
    if kind == "connect":
        held.append(socket.create_connection((address, int(port))))
        held.append(listeners[port].accept()[0])
        continue
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    s = socket.socket(family, socket.SOCK_STREAM if kind == "tcp" else socket.SOCK_DGRAM)
    if rest and rest[0] != "-":
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, int(rest[0]))
    s.bind((address, int(port)))
    if kind == "tcp":
        s.listen(8)
        listeners[port] = s
    held.append(s)
print("ready", flush=True)
signal.pause()
PY
chmod a+rx "$WORK" "$WORK/hold.py"

cat >"$WORK/inside.sh" <<'SH'
set -u
ip link set lo up
"$PYTHON" "$WORK/hold.py" tcp,0.0.0.0,7001 tcp,::,7002,0 tcp,::,7003,1 tcp,::ffff:127.0.0.1,7004 \
  tcp,::1,7005 udp,::,7006,0 tcp,127.0.0.1,7007 connect,127.0.0.1,7002 >"$WORK/ready.root" &
echo $! >"$WORK/pid.root"
setpriv --reuid=nobody --regid=nogroup --clear-groups "$PYTHON" "$WORK/hold.py" tcp,::,7008,1 \
  >"$WORK/ready.nobody" &
echo $! >"$WORK/pid.nobody"
# Poll (5 s at most) until both say ready: the sockets exist then.
for _ in $(seq 100); do
  grep -q ready "$WORK/ready.root" 2>/dev/null && grep -q ready "$WORK/ready.nobody" 2>/dev/null && break
  sleep 0.05
done
"$DSLAB" doctor >"$WORK/human" 2>&1; echo $? >"$WORK/human.rc"
"$DSLAB" doctor --format json >"$WORK/json" 2>&1; echo $? >"$WORK/json.rc"
"$DSLAB" doctor 7002 >"$WORK/port" 2>&1
# Colour: on a terminal (script(1) gives one) unless NO_COLOR is set.
if command -v script >/dev/null; then
  script -qec "'$DSLAB' doctor 7001" /dev/null >"$WORK/tty" 2>&1 </dev/null
  NO_COLOR=1 script -qec "'$DSLAB' doctor 7001" /dev/null >"$WORK/tty.nocolour" 2>&1 </dev/null
fi
# Predictions on live sockets: a definite one, and one the matrices do not
# cover (python's listener has no SO_REUSEADDR, the bind asks for it).
"$DSLAB" doctor --bind 127.0.0.1:7001 --try >"$WORK/predict.conflict" 2>&1; echo $? >>"$WORK/predict.conflict"
"$DSLAB" doctor --bind "[::]:7003" --v6only 1 --reuseaddr --listen --try >"$WORK/predict.unknown" 2>&1
echo $? >>"$WORK/predict.unknown"
setpriv --reuid=nobody --regid=nogroup --clear-groups "$DSLAB" doctor --format json \
  >"$WORK/json.nobody" 2>&1; echo $? >"$WORK/nobody.rc"
# Another namespace: from a fresh one, --pid of our holder, and --netns
# through a name attached for the moment (removed at once).
unshare -n "$DSLAB" doctor --pid "$(cat "$WORK/pid.root")" 7001 >"$WORK/by-pid" 2>&1
name=dslab-doctor-test-$$
if ip netns attach "$name" "$(cat "$WORK/pid.root")" 2>"$WORK/attach.err"; then
  unshare -n "$DSLAB" doctor --netns "$name" 7001 >"$WORK/by-netns" 2>&1
  ip netns delete "$name"
else
  echo "skipped: ip netns attach: $(cat "$WORK/attach.err")" >"$WORK/by-netns"
fi
kill "$(cat "$WORK/pid.root")" "$(cat "$WORK/pid.nobody")"
SH
export DSLAB WORK PYTHON
unshare -n bash "$WORK/inside.sh" || fail "the namespace's script failed"
root_pid=$(cat "$WORK/pid.root") nobody_pid=$(cat "$WORK/pid.nobody")
cat "$WORK/human"

[ "$(cat "$WORK/human.rc")" = 0 ] || fail "doctor exited $(cat "$WORK/human.rc")"
grep -q $'\033' "$WORK/human" && fail "colour codes although stdout is no terminal"
if [ -f "$WORK/tty" ]; then
  grep -q $'\033\\[2m> ' "$WORK/tty" || fail "on a terminal: the sentences are not dimmed"
  grep -q $'\033' "$WORK/tty.nocolour" && fail "NO_COLOR=1 on a terminal: colour codes"
fi
# expect_row LOCAL STATE SENTENCE-PART: the row, owned by python3(root_pid), then its sentence.
expect_row() {
  awk -v local="$1" -v state="$2" -v owner="python3($root_pid)" \
    '$2 == state && $3 == local && $NF == owner {getline; print}' "$WORK/human" | grep -qF -- "$3" || fail "no row '$1 $2' owned by python3($root_pid) explained as '$3'"
}
expect_row 0.0.0.0:7001 LISTEN "AF_INET: takes connections to any IPv4 address of port 7001"
expect_row "[::]:7002" LISTEN "Dual-stack: takes connections over IPv6 and IPv4; IPv4 peers appear to it as ::ffff:a.b.c.d (RFC 3493 §3.7)"
expect_row "[::]:7003" LISTEN "v6-only (IPV6_V6ONLY, RFC 3493 §5.3)"
expect_row "[::ffff:127.0.0.1]:7004" LISTEN "to IPv4 127.0.0.1 only"
expect_row "[::1]:7005" LISTEN "made it v6-only"
expect_row "[::ffff:127.0.0.1]:7002" ESTAB "over IPv4 on an AF_INET6 socket: the peer is IPv4, written ::ffff:a.b.c.d (RFC 3493 §3.7); netstat prints it as plain IPv4 on a tcp6 line"
grep -A1 -E "^  udp6 +UNCONN +\[::\]:7006 .* python3\($root_pid\)$" "$WORK/human" | grep -qF "receives datagrams over IPv6 and IPv4" ||
  fail "the udp6 [::]:7006 row is not explained as dual-stack"
grep -qE "^  7001/tcp  IPv4: python3\($root_pid\) on 0\.0\.0\.0:7001; IPv6: nobody$" "$WORK/human" || fail "port 7001's summary"
grep -qE "^  7002/tcp  IPv4: python3\($root_pid\) on \[::\]:7002 v6only 0; IPv6: python3\($root_pid\) on \[::\]:7002 v6only 0$" "$WORK/human" || fail "port 7002's summary"
grep -qE "^  7003/tcp  IPv4: nobody; IPv6: python3\($root_pid\) on \[::\]:7003 v6only 1$" "$WORK/human" || fail "port 7003's summary"
grep -qE "^  7008/tcp  IPv4: nobody; IPv6: python3\($nobody_pid\) on " "$WORK/human" || fail "port 7008's summary (nobody's process, seen by root)"
# PORT...: only the sockets whose local port it is (the listener, the accepted one).
[ "$(grep -c '^  tcp' "$WORK/port")" = 2 ] || fail "doctor 7002 printed $(grep -c '^  tcp' "$WORK/port") rows, expected 2"

# JSON: one object per line; every socket of ours named; the port summaries.
[ "$(cat "$WORK/json.rc")" = 0 ] || fail "doctor --format json exited $(cat "$WORK/json.rc")"
jq -e . "$WORK/json" >/dev/null || fail "doctor --format json is not JSON lines"
jq -se --arg pid "$root_pid" '[.[] | select(.type == "socket" and (.local | test(":700[1-7]$")) and .state != "ESTAB")]
  | length == 7 and all(.process == "python3(\($pid))" and (.processes[0].pid | tostring) == $pid and (.explanation | length) > 20)' \
  "$WORK/json" >/dev/null || fail "JSON: the 7 listeners are not all python3($root_pid) with an explanation"
jq -se '[.[] | select(.type == "port" and .port == 7002 and .protocol == "tcp")][0]
  | (.ipv4 | length) == 1 and (.ipv6 | length) == 1 and .ipv4[0].v6only == 0' "$WORK/json" >/dev/null ||
  fail "JSON: port 7002 is not IPv4 and IPv6 by one dual-stack listener"
jq -se '[.[] | select(.type == "socket" and .local == "[::]:7003")][0].v6only == 1' "$WORK/json" >/dev/null ||
  fail "JSON: [::]:7003 is not v6only 1"

# Predictions: 127.0.0.1:7001 next to python's 0.0.0.0:7001 fails (cell
# 0.0.0.0 x 127.0.0.1, and --try agrees, exit 1); with SO_REUSEADDR against
# a socket without it the answer is unknown (exit 4), the reason given.
grep -q '^prediction: fails (bind EADDRINUSE, listen -)$' "$WORK/predict.conflict" &&
  grep -qE "^  conflicts with: tcp LISTEN 0\.0\.0\.0:7001 v6only -, held by python3\($root_pid\)$" "$WORK/predict.conflict" &&
  grep -q '^tried: bind EADDRINUSE, listen - (as predicted)$' "$WORK/predict.conflict" &&
  [ "$(tail -1 "$WORK/predict.conflict")" = 1 ] || fail "127.0.0.1:7001: $(cat "$WORK/predict.conflict")"
grep -q '^prediction: unknown (bind ?, listen ?)$' "$WORK/predict.unknown" &&
  grep -q "unknown because: tcp6 LISTEN [[]::]:7003 of python3($root_pid) has no reuse option, yours SO_REUSEADDR" "$WORK/predict.unknown" &&
  grep -q '^tried: bind EADDRINUSE, listen - (the prediction was unknown)$' "$WORK/predict.unknown" &&
  [ "$(tail -1 "$WORK/predict.unknown")" = 4 ] || fail "[::]:7003 --reuseaddr: $(cat "$WORK/predict.unknown")"

# --pid and --netns: the holder's namespace seen from another one.
grep -qE "^  tcp +LISTEN +0\.0\.0\.0:7001 .* python3\($root_pid\)$" "$WORK/by-pid" ||
  fail "doctor --pid $root_pid does not show python3's 0.0.0.0:7001: $(head -3 "$WORK/by-pid")"
grep -q "network namespace of process $root_pid" "$WORK/by-pid" || fail "doctor --pid: the title does not name the process"
if grep -q '^skipped' "$WORK/by-netns"; then
  cat "$WORK/by-netns"
else
  grep -qE "^  tcp +LISTEN +0\.0\.0\.0:7001 .* python3\($root_pid\)$" "$WORK/by-netns" ||
    fail "doctor --netns does not show python3's 0.0.0.0:7001: $(head -3 "$WORK/by-netns")"
fi
ls /run/netns 2>/dev/null | grep -q '^dslab-doctor-test-' && fail "a dslab-doctor-test-* name is left in /run/netns"

# As nobody: its own process named, root's '-' (never a guess), no crash.
[ "$(cat "$WORK/nobody.rc")" = 0 ] || fail "doctor as nobody exited $(cat "$WORK/nobody.rc"): $(head -2 "$WORK/json.nobody")"
jq -se --arg pid "$nobody_pid" '[.[] | select(.type == "socket" and .local == "[::]:7008")][0].process == "python3(\($pid))"' \
  "$WORK/json.nobody" >/dev/null || fail "as nobody: its own listener [::]:7008 is not named python3($nobody_pid)"
jq -se '[.[] | select(.type == "socket" and (.local | test(":700[1-7]$")))] | length == 8 and all(.process == null and .processes == [])' \
  "$WORK/json.nobody" >/dev/null || fail "as nobody: root's sockets are not all unnamed"
finish
