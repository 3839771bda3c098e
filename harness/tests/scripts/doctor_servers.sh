#!/usr/bin/env bash
# dslab doctor on real servers, in a network namespace of this test's own:
#   nginx      listen 80; listen [::]:80 ipv6only=on;   (nginx-light)
#   python3    -m http.server --bind :: 8000            (http/server.py's
#              DualStackServer sets IPV6_V6ONLY 0)
#   socat      TCP4-LISTEN:8081, TCP6-LISTEN:8082,ipv6only=1, UDP6-RECV:8083
# doctor must name each process and say, per port, which families reach
# it; and what it says is checked against real connections: a connect to
# 127.0.0.1 and to [::1] works exactly where doctor names a taker for
# IPv4 and IPv6. Then nginx's famous failure, predicted and tried:
# bind [::]:80 with ipv6only=off next to nginx is EADDRINUSE.
# Exits 4 (skipped) without a namespace or without the programs.
. "$(dirname "$0")/common.sh"

if ! unshare -n true 2>/dev/null; then echo "cannot make a network namespace (not root): skipped"; exit 4; fi
for tool in nginx socat python3 jq; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed (apt-get install nginx-light socat python3 jq): skipped"; exit 4; }
done
PYTHON=$(command -v python3)
[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3

mkdir -p "$WORK/nginx" "$WORK/www"
cat >"$WORK/nginx/nginx.conf" <<CONF
daemon off;
master_process on;
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 16; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  server { listen 80; listen [::]:80 ipv6only=on; root $WORK/www; }
}
CONF

cat >"$WORK/inside.sh" <<'SH'
set -u
ip link set lo up
pids=()
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" >"$WORK/nginx.out" 2>&1 & pids+=($!)
(cd "$WORK/www" && exec "$PYTHON" -m http.server --bind :: 8000) >"$WORK/python.out" 2>&1 & pids+=($!)
socat TCP4-LISTEN:8081,fork,reuseaddr SYSTEM:true >"$WORK/socat1.out" 2>&1 & pids+=($!)
socat TCP6-LISTEN:8082,ipv6only=1,fork,reuseaddr SYSTEM:true >"$WORK/socat2.out" 2>&1 & pids+=($!)
socat -u UDP6-RECV:8083 OPEN:/dev/null >"$WORK/socat3.out" 2>&1 & pids+=($!)
echo "${pids[*]}" >"$WORK/pids"
# Poll (10 s at most) until every listener is in the table.
for _ in $(seq 200); do
  [ "$(ss -Htuln | grep -cE ':(80|8000|8081|8082|8083) ')" -ge 6 ] && break
  sleep 0.05
done
"$DSLAB" doctor --format json >"$WORK/json" 2>&1; echo $? >"$WORK/json.rc"
"$DSLAB" doctor >"$WORK/human" 2>&1
# What really reaches each TCP port: bash's /dev/tcp connects.
for port in 80 8000 8081 8082; do
  for address in 127.0.0.1 ::1; do
    if timeout 5 bash -c "exec 3<>/dev/tcp/$address/$port" 2>/dev/null; then r=yes; else r=no; fi
    echo "$port $address $r"
  done
done >"$WORK/reach"
"$DSLAB" doctor --bind "[::]:80" --v6only 0 --reuseaddr --listen --try >"$WORK/nginx-bind" 2>&1
echo $? >"$WORK/nginx-bind.rc"
kill "${pids[@]}"
wait
SH
export DSLAB WORK PYTHON
unshare -n bash "$WORK/inside.sh" || fail "the namespace's script failed"
cat "$WORK/human"
read -ra pids <"$WORK/pids"
nginx_pid=${pids[0]} python_pid=${pids[1]}

[ "$(cat "$WORK/json.rc")" = 0 ] || fail "doctor --format json exited $(cat "$WORK/json.rc")"
# port PROTOCOL PORT FAMILY: the processes doctor says take FAMILY there.
takers() {
  jq -r --arg protocol "$1" --argjson port "$2" --arg family "$3" \
    'select(.type == "port" and .protocol == $protocol and .port == $port) | .[$family][] | .process' \
    "$WORK/json" | sort -u | paste -sd' ' -
}
expect_takers() { # PROTOCOL PORT FAMILY PATTERN (extended regex over the list; "" for nobody)
  local got
  got=$(takers "$1" "$2" "$3")
  [[ $got =~ ^$4$ ]] || fail "port $2/$1 $3: doctor says '$got', expected '$4'"
}
expect_takers tcp 80 ipv4 "nginx\\($nginx_pid\\)(\\+[0-9]+)?"
expect_takers tcp 80 ipv6 "nginx\\($nginx_pid\\)(\\+[0-9]+)?"
expect_takers tcp 8000 ipv4 "python3\\($python_pid\\)"
expect_takers tcp 8000 ipv6 "python3\\($python_pid\\)"
expect_takers tcp 8081 ipv4 "socat\\([0-9]+\\)"
expect_takers tcp 8081 ipv6 ""
expect_takers tcp 8082 ipv4 ""
expect_takers tcp 8082 ipv6 "socat\\([0-9]+\\)"
expect_takers udp 8083 ipv4 "socat\\([0-9]+\\)"
expect_takers udp 8083 ipv6 "socat\\([0-9]+\\)"
jq -se '[.[] | select(.type == "socket" and .local == "[::]:80")][0].v6only == 1' "$WORK/json" >/dev/null ||
  fail "nginx's [::]:80 (ipv6only=on) is not v6only 1"

# The families doctor names against real connections.
while read -r port address reached; do
  family=ipv4
  [ "$address" = ::1 ] && family=ipv6
  said=$(takers tcp "$port" "$family")
  if [ -n "$said" ] && [ "$reached" != yes ]; then fail "port $port: doctor says $family by $said, but a connect to $address failed"; fi
  if [ -z "$said" ] && [ "$reached" = yes ]; then fail "port $port: doctor says nobody takes $family, but a connect to $address worked"; fi
done <"$WORK/reach"

# nginx with "listen [::]:80 ipv6only=off" next to "listen 80": EADDRINUSE,
# predicted from the matrix and found by --try.
cat "$WORK/nginx-bind"
grep -q '^prediction: fails (bind EADDRINUSE, listen -)$' "$WORK/nginx-bind" || fail "bind [::]:80 v6only 0 next to nginx: not predicted EADDRINUSE"
grep -qE "^  conflicts with: .* held by nginx\\($nginx_pid\\)" "$WORK/nginx-bind" || fail "the conflict is not named nginx($nginx_pid)"
grep -q '^tried: bind EADDRINUSE, listen - (as predicted)$' "$WORK/nginx-bind" || fail "--try did not confirm EADDRINUSE"
finish
