# Sourced by the tests that hold the views against the real tools
# (views.sh, views_every_snapshot.sh): the normalisation both sides get
# before they are compared, and the comparison. Needs common.sh's fail.

# zero_queues TOOL < OUTPUT: Recv-Q and Send-Q of each row set to 0, in
# place (netstat: "%6ld %6ld" after the protocol; ss: "%-6d" under the
# headers Recv-Q and Send-Q).
zero_queues() {
  awk -v tool="$1" '
    function zero(line, at,   n) {
      n = match(substr(line, at), /^[0-9]+/) ? RLENGTH : 1
      return substr(line, 1, at - 1) "0" sprintf("%" (n - 1) "s", "") substr(line, at + n)
    }
    tool == "netstat" && NR > 2 { $0 = substr($0, 1, 6) sprintf("%6d %6d", 0, 0) substr($0, 20) }
    tool == "ss" && NR == 1 { r = index($0, "Recv-Q"); s = index($0, "Send-Q") }
    tool == "ss" && NR > 1 { $0 = zero(zero($0, r), s) }
    { print }'
}

# canon TOOL < OUTPUT: header lines as they are, then the rows sorted within
# each group the tool prints in hash-table order, groups in the tool's
# order; a row after a later group is flagged.
canon() {
  awk -v tool="$1" '
    BEGIN { headers = tool == "netstat" ? 2 : 1 }
    function group(   tcp, v6) {
      tcp = $1 ~ /^tcp/
      if (tool == "netstat")
        return (tcp ? 0 : 4) + ($1 ~ /6$/ ? 2 : 0) + (tcp && $NF != "LISTEN" ? 1 : 0)
      v6 = $5 ~ /^(\[|\*)/
      return (tcp ? 4 : 0) + (v6 ? 2 : 0) + (tcp && $2 != "LISTEN" ? 1 : 0)
    }
    NR <= headers { printf "0\t%d\t%s\n", NR, $0; next }
    { g = group(); if (g < last) printf "9\t0\tout of the tool'"'"'s group order: %s\n", $0
      last = g; printf "%d\t0\t%s\n", g + 1, $0 }' |
    LC_ALL=C sort -t "$(printf '\t')" -k1,1n -k2,2n -k3 | cut -f3-
}

# same WHAT EXPECTED ACTUAL: the two texts are equal.
same() {
  if ! cmp -s "$2" "$3"; then
    fail "$1 differs (--- the tools, +++ the view):"
    diff -u "$2" "$3" | sed 's/^/    /'
    return 1
  fi
  echo "ok: $1"
}


# The awk programs below that take a MAP read it first ("PORT TOKEN" lines;
# it may be empty), into token[PORT] and port[TOKEN].
read_map='BEGIN { while ((getline line < map) > 0) { split(line, f, " "); token[f[1]] = f[2]; port[f[2]] = f[1] } }'

# ss_fields [MAP] < OUTPUT: ss's lines field by field: the header without
# blanks, each row's fields joined by one blank, real ports -> tokens.
ss_fields() {
  awk -v map="${1:-/dev/null}" "$read_map"'
       function swap(field,   p) { p = field; sub(/.*:/, "", p); if (p in token) sub(/:[^:]*$/, ":" token[p], field); return field }
       NR == 1 { gsub(/ /, ""); print; next }
       { $5 = swap($5); $6 = swap($6); print }'
}
