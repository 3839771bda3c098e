#!/usr/bin/env bash
# dslab doctor --bind is proven on every cell of both bind matrices: for
# each protocol, reuse setting, call order and bindv6only value, and each
# pair of the 14 sockets, the first socket is made live (harness/tests/
# helpers/bind_first.c, as the lessons make it) in a network namespace of
# this test's own, doctor predicts the second's bind (and listen, where the
# first listens), and --try performs that bind for real beside it. Every
# prediction must be right or "unknown"; the counts are printed:
#   doctor_bind_matrix: 3528 cells: N right, N unknown, 0 wrong
# Exits 4 (skipped) where no network namespace can be made (not root).
. "$(dirname "$0")/common.sh"
BIND_FIRST=${3:?usage: $0 DSLAB SOURCE_DIR BIND_FIRST}

if ! unshare -n true 2>/dev/null; then
  echo "cannot make a network namespace (unshare -n: run as root): skipped"
  exit 4
fi

# The lessons' 14 sockets (scenarios/common/bind_matrix.c, matrix_ends), in
# order: address for --bind, and --v6only (- for none).
ADDRESSES=(0.0.0.0 127.0.0.1 "[::]" "[::]" "[::]" "[::1]" "[::1]" "[::1]"
  "[::ffff:0.0.0.0]" "[::ffff:0.0.0.0]" "[::ffff:0.0.0.0]"
  "[::ffff:127.0.0.1]" "[::ffff:127.0.0.1]" "[::ffff:127.0.0.1]")
V6ONLY=(- - - 0 1 - 0 1 - 0 1 - 0 1)

# One namespace per bindv6only value: every cell of that variant, in it.
run_variant() {
  local bindv6only=$1 port=20000 protocol order reuse first second answer
  answer=$(mktemp "${TMPDIR:-/tmp}/doctor-answer.XXXXXX")
  ip link set lo up
  sysctl -qw net.ipv6.bindv6only="$bindv6only"
  coproc FIRST { "$BIND_FIRST"; }
  for protocol in tcp udp; do
    for reuse in none addr port; do
      for order in bbll blbl; do
        [ "$protocol" = udp ] && [ "$order" = blbl ] && continue
        for ((first = 0; first < 14; first++)); do
          for ((second = 0; second < 14; second++)); do
            echo "$protocol $order $reuse $first $port" >&"${FIRST[1]}"
            read -r ready first_bind first_listen <&"${FIRST[0]}" || { echo "helper gone"; return 1; }
            local args=(--bind "${ADDRESSES[$second]}:$port" --try)
            [ "$protocol" = udp ] && args+=(--udp)
            [ "${V6ONLY[$second]}" != - ] && args+=(--v6only "${V6ONLY[$second]}")
            [ "$reuse" = addr ] && args+=(--reuseaddr)
            [ "$reuse" = port ] && args+=(--reuseport)
            # The second listens where the first did (order blbl); in
            # bbll the matrices' second socket listens only after the
            # first, so only its bind is asked about.
            [ "$protocol" = tcp ] && [ "$order" = blbl ] && args+=(--listen)
            local output predicted tried
            # Into a file and back with read: no subshell fork per cell.
            "$DSLAB" doctor "${args[@]}" >"$answer" 2>&1
            IFS= read -r -d '' output <"$answer"
            # Bash's own matching: a sed per cell would double the run time.
            predicted= tried=
            [[ $output =~ prediction:\ ([a-z]+)\ \(bind\ ([^,]+),\ listen\ ([^\)]+)\) ]] &&
              predicted="${BASH_REMATCH[1]} ${BASH_REMATCH[2]} ${BASH_REMATCH[3]}"
            [[ $output =~ tried:\ bind\ ([^,]+),\ listen\ ([^ ]+)\ \( ]] &&
              tried="${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
            local cell="$protocol bindv6only=$bindv6only reuse=$reuse order=$order first=$first($ready $first_bind $first_listen) --bind ${args[*]}"
            if [ -z "$predicted" ] || [ -z "$tried" ]; then
              echo "wrong $cell: no prediction or try: $output"
            elif [ "${predicted%% *}" = unknown ]; then
              [[ $output =~ unknown\ because:\ ([^$'\n']*) ]]
              echo "unknown $cell: ${BASH_REMATCH[1]}"
            elif [ "${predicted#* }" = "$tried" ]; then
              echo "right $cell"
            else
              echo "wrong $cell: predicted '$predicted', tried '$tried'"
              echo "$output"
            fi
            port=$((port + 1))
          done
        done
      done
    done
  done
  exec {FIRST[1]}>&-
  wait
  rm -f "$answer"
}

# The two variants side by side, each in its own namespace.
export -f run_variant
export DSLAB BIND_FIRST
ADDRESSES_TEXT=$(printf '%s\n' "${ADDRESSES[@]}")
V6ONLY_TEXT="${V6ONLY[*]}"
export ADDRESSES_TEXT V6ONLY_TEXT
# A PID namespace with its own /proc too, where unshare can make one: doctor
# then looks for owners among this namespace's few processes, not all the
# machine's.
isolate=(unshare -n)
unshare -n -p -f -m --mount-proc true 2>/dev/null && isolate=(unshare -n -p -f -m --mount-proc)
for bindv6only in 0 1; do
  "${isolate[@]}" bash -c 'mapfile -t ADDRESSES <<<"$ADDRESSES_TEXT"; read -ra V6ONLY <<<"$V6ONLY_TEXT"
                      run_variant "$0"' "$bindv6only" >"$WORK/cells.$bindv6only" 2>&1 &
  pids[bindv6only]=$!
done
for bindv6only in 0 1; do
  wait "${pids[bindv6only]}" ||
    fail "bindv6only=$bindv6only: the namespace's run failed: $(tail -3 "$WORK/cells.$bindv6only")"
done
cat "$WORK"/cells.* >"$WORK/cells"
right=$(grep -c '^right ' "$WORK/cells")
unknown=$(grep -c '^unknown ' "$WORK/cells")
wrong=$(grep -c '^wrong ' "$WORK/cells")
total=$((right + unknown + wrong))
echo "doctor_bind_matrix: $total cells: $right right, $unknown unknown, $wrong wrong"
if [ "$unknown" -gt 0 ]; then
  echo "unknown, by reason:"
  sed -n 's/^unknown [^:]*: //p' "$WORK/cells" | sed 's/([0-9]*)//g' | sort | uniq -c | sort -rn | head
fi
[ "$total" -eq 3528 ] || fail "$total cells, expected 3528 (2 x (2352 tcp + 1176 udp) / 2)"
[ "$wrong" -eq 0 ] || { grep -A12 '^wrong ' "$WORK/cells" | head -60; fail "$wrong wrong predictions"; }
finish
