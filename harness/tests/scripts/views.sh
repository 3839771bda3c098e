#!/usr/bin/env bash
# The views are faithful: the real `netstat -tuan` (net-tools) and
# `ss -tuan` (iproute2), run in a fresh network namespace at the moment the
# sockets exist, print what `dslab show --view netstat|ss` prints.
#
#   views.sh DSLAB SOURCE_DIR HELPER     (HELPER: build/helpers/view_sockets)
#
# Situations, each in a namespace of its own (lo up, the sysctl set there):
#   seed_v4v6 under bindv6only=0 and =1: the helper makes the lesson's
#     sockets; the tools' output is compared with the views of the golden,
#     expected/seed_v4v6/<variant>.golden, in two ways:
#     1. the tools' ephemeral ports replaced by the golden's tokens (EPH1...
#        in the golden's first-seen order: the token a row of the golden has
#        where the helper's socket of the same name has that port), against
#        the views of the golden itself. netstat prints fixed-width columns,
#        so the port is swapped inside its column and the lines must be equal
#        byte for byte; ss sizes its columns by their contents (EPH1 is
#        narrower than a 5-digit port), so ss is compared field by field:
#        rows split at blanks, the header with its blanks removed (ss glues
#        "Port" to "Process" when the column is exactly full).
#     2. the other way round, byte for byte for both tools: the golden with
#        each token replaced by the real port, rendered by the views, against
#        the tools' output as printed.
#     The namespace's table (dslab snapshot) must also be the golden's (file,
#     state, local, remote, with the tokens), so the tools saw the lesson's
#     situation.
#   wide under bindv6only=0: more sockets than the seed (see the helper);
#     the namespace's own table from dslab snapshot, rendered by the views,
#     against the tools' output, byte for byte.
# In every comparison the Recv-Q and Send-Q values are set to 0 (the goldens
# do not record them and the views print 0; ss shows a listener's backlog
# as its Send-Q), and the rows of each group that the tools print in kernel
# hash-table order (netstat: tcp, tcp6 listeners, the rest of tcp6, udp,
# udp6...; ss: udp, udp6, tcp listeners...) are sorted, on both sides; the
# order of the groups themselves is checked.
#
# Exit 4 (skipped) where netstat, ss or ip is missing (Debian packages
# net-tools and iproute2; this test installs nothing) or no network
# namespace can be made.
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/view_compare.sh"
HELPER=${3:?usage: $0 DSLAB SOURCE_DIR HELPER}

for tool in netstat ss ip; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is not installed (Debian packages: net-tools for netstat, iproute2 for ss and ip)"
    exit 4
  fi
done
if [ "$(id -u)" -eq 0 ]; then
  ns=(unshare --net)
else
  ns=(unshare --user --map-root-user --net)
fi
if ! "${ns[@]}" true 2>/dev/null; then
  echo "SKIP: cannot make a network namespace (${ns[*]})"
  exit 4
fi
echo "netstat: $(netstat --version 2>&1 | head -1); ss: $(ss -V 2>&1 | head -1)"
host_netns=$(readlink /proc/self/ns/net)

# Run inside the new namespace: set it up, then the helper, which runs the
# tools while its sockets exist.
cat >"$WORK/inside.sh" <<'EOF'
set -eu
host_netns=$1 dir=$2 situation=$3 bindv6only=$4 helper=$5 dslab=$6
if [ "$(readlink /proc/self/ns/net)" = "$host_netns" ]; then
  echo "still in the host's network namespace" >&2
  exit 1
fi
ip link set lo up
echo "$bindv6only" >/proc/sys/net/ipv6/bindv6only
if [ "$situation" = wide ]; then
  # The helper waits for its local route (await_local_route, netconf.h).
  ip -6 address add 2001:db8:1234:5678:9abc:def0:1234:5678/128 dev lo nodad
fi
exec "$helper" "$situation" -- sh -c \
  'netstat -tuan >"$1/netstat" && ss -tuan >"$1/ss" && "$2" snapshot >"$1/snapshot"' \
  sh "$dir" "$dslab" >"$dir/sockets"
EOF

# record DIR SITUATION BINDV6ONLY
record() {
  mkdir -p "$1"
  "${ns[@]}" bash "$WORK/inside.sh" "$host_netns" "$1" "$2" "$3" "$HELPER" "$DSLAB" 2>"$1/stderr" && return 0
  fail "$2 (bindv6only=$3): recording failed: $(cat "$1/stderr")"
  return 1
}

# The rows of the first snapshot of a golden (or of dslab snapshot's
# output), one per line, fields separated by blanks. (These tables have no
# blanks inside fields.)
table_rows() {
  awk '/^snapshot / { table = 1; header = 1; next }
       table && header { header = 0; next }
       table && /^  / { if ($0 != "  (no sockets)") print; next }
       table { exit }' "$1"
}

# make_golden LABEL < ROWS: a golden holding one snapshot of these rows,
# laid out as the transcript renderer does (two blanks between columns).
make_golden() {
  awk -v label="$1" '
    BEGIN { n = split("file state local remote v6only name", h, " ")
            for (i = 1; i <= 6; i++) { f[0, i] = h[i]; w[i] = length(h[i]) } }
    { rows++; for (i = 1; i <= 6; i++) { f[rows, i] = $i; if (length($i) > w[i]) w[i] = length($i) } }
    function line(k,   i, s) { s = " "; for (i = 1; i <= 5; i++) s = s sprintf(" %-" w[i] "s ", f[k, i]); return s " " f[k, 6] }
    END { print "# made by views.sh"; print "snapshot " label
          for (k = 0; k <= rows; k++) print line(k)
          if (rows == 0) print "  (no sockets)" }'
}

# map_ports GOLDEN SOCKETS: "PORT TOKEN" for each ephemeral-port token of
# the golden's table: the port the helper's socket of the row's name has
# at that end. The rest of the address must be the same.
map_ports() {
  table_rows "$1" | awk '
    FNR == NR { here[$1, "local"] = $2; here[$1, "remote"] = $3; next }
    function token(field, end, name,   t, real, p) {
      if (field !~ /:EPH[0-9]+$/) return
      t = field; sub(/.*:/, "", t)
      real = here[name, end]
      if (real == "" || real == "-") { print "no socket " name " with a " end " address for " field > "/dev/stderr"; bad = 1; return }
      p = real; sub(/.*:/, "", p)
      if (substr(field, 1, length(field) - length(t)) != substr(real, 1, length(real) - length(p))) {
        print "golden " field ", helper " real > "/dev/stderr"; bad = 1 }
      print p, t
    }
    { token($3, "local", $6); token($4, "remote", $6) }
    END { exit bad }' "$2" - | sort -u
}


# ports_to_tokens MAP < ROWS (dslab snapshot rows): real ports -> tokens.
ports_to_tokens() {
  awk -v map="$1" "$read_map"'
       function swap(field,   p) { p = field; sub(/.*:/, "", p); if (p in token) sub(/:[^:]*$/, ":" token[p], field); return field }
       { $3 = swap($3); $4 = swap($4); print $1, $2, $3, $4 }'
}

# tokens_to_ports MAP < ROWS: the golden's tokens -> the real ports.
tokens_to_ports() {
  awk -v map="$1" "$read_map"'
       function swap(field,   t) { t = field; sub(/.*:/, "", t); if (t in port) sub(/:[^:]*$/, ":" port[t], field); return field }
       { $3 = swap($3); $4 = swap($4); print }'
}

# netstat_tokens MAP < OUTPUT: real ports -> tokens inside netstat's
# 23-character address columns, keeping the columns.
netstat_tokens() {
  awk -v map="$1" "$read_map"'
       function swap(field,   t, p) {
         t = field; sub(/ +$/, "", t); p = t; sub(/.*:/, "", p)
         if (p in token) sub(/:[^:]*$/, ":" token[p], t)
         return sprintf("%-23s", t)
       }
       NR > 2 { $0 = substr($0, 1, 20) swap(substr($0, 21, 23)) " " swap(substr($0, 45, 23)) substr($0, 68) }
       { print }'
}


show_view() { # VIEW EXPECTED_DIR CASE: the view, without its two title lines
  "$DSLAB" show --view "$1" --expected "$2" "$3" >"$WORK/view.out" 2>"$WORK/view.err" ||
    fail "dslab show --view $1 $3: $(cat "$WORK/view.err")"
  tail -n +3 "$WORK/view.out"
}

for bindv6only in 0 1; do
  case_name="seed_v4v6/bindv6only=$bindv6only"
  golden="$SOURCE_DIR/expected/$case_name.golden"
  dir="$WORK/seed$bindv6only"
  record "$dir" seed_v4v6 "$bindv6only" || continue
  map_ports "$golden" "$dir/sockets" >"$dir/map" 2>"$dir/map.err" ||
    { fail "$case_name: the helper's sockets are not the golden's: $(cat "$dir/map.err")"; continue; }
  awk '{ if (t[$2]++ || p[$1]++) bad = 1 } END { exit bad }' "$dir/map" ||
    { fail "$case_name: a token for two ports or a port for two tokens: $(cat "$dir/map")"; continue; }
  echo "$case_name: ephemeral ports: $(tr '\n' ' ' <"$dir/map")"

  # The namespace held the golden's sockets.
  table_rows "$dir/snapshot" | ports_to_tokens "$dir/map" | sort >"$dir/table.tools"
  table_rows "$golden" | awk '{ print $1, $2, $3, $4 }' | sort >"$dir/table.golden"
  same "$case_name: the namespace's table against the golden's" "$dir/table.golden" "$dir/table.tools" ||
    continue

  # 1. The tools' output with the golden's tokens, against the views of the golden.
  zero_queues netstat <"$dir/netstat" | netstat_tokens "$dir/map" | canon netstat >"$dir/netstat.tokens"
  show_view netstat "$SOURCE_DIR/expected" "$case_name" | canon netstat >"$dir/view.netstat"
  same "$case_name: netstat -tuan, ports as tokens" "$dir/netstat.tokens" "$dir/view.netstat"
  zero_queues ss <"$dir/ss" | ss_fields "$dir/map" | canon ss >"$dir/ss.tokens"
  show_view ss "$SOURCE_DIR/expected" "$case_name" | ss_fields | canon ss >"$dir/view.ss"
  same "$case_name: ss -tuan, ports as tokens, field by field" "$dir/ss.tokens" "$dir/view.ss"

  # 2. The golden with the real ports, against the tools' output as printed.
  mkdir -p "$dir/expected/seed_v4v6"
  label=$(grep -m1 '^snapshot ' "$golden" | cut -d' ' -f2-)
  table_rows "$golden" | tokens_to_ports "$dir/map" | make_golden "$label" \
    >"$dir/expected/$case_name.golden"
  for tool in netstat ss; do
    zero_queues "$tool" <"$dir/$tool" | canon "$tool" >"$dir/$tool.real"
    show_view "$tool" "$dir/expected" "$case_name" | canon "$tool" >"$dir/view.$tool.real"
    same "$case_name: $tool -tuan, the golden with the real ports" "$dir/$tool.real" "$dir/view.$tool.real"
  done
done

# wide: the namespace's own table, through the views, against the tools.
dir="$WORK/wide"
if record "$dir" wide 0; then
  mkdir -p "$dir/expected/seed_v4v6"
  table_rows "$dir/snapshot" | make_golden wide >"$dir/expected/seed_v4v6/bindv6only=0.golden"
  rows=$(table_rows "$dir/snapshot" | wc -l)
  [ "$rows" -eq 21 ] || fail "wide: $rows sockets in the namespace, the helper makes 21"
  for tool in netstat ss; do
    zero_queues "$tool" <"$dir/$tool" | canon "$tool" >"$dir/$tool.real"
    show_view "$tool" "$dir/expected" seed_v4v6/bindv6only=0 | canon "$tool" >"$dir/view.$tool"
    same "wide: $tool -tuan" "$dir/$tool.real" "$dir/view.$tool"
  done
fi
finish
