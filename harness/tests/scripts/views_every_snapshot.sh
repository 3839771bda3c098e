#!/usr/bin/env bash
# The views are faithful at every snapshot of every lesson: each case whose
# golden has snapshots runs for real with `dslab run --capture-tools`, so
# that at each snapshot the real `netstat -tuan` (net-tools) and `ss -tuan`
# (iproute2) run inside the case's own namespace, at that moment, and their
# output is kept with the snapshot's raw rows (every socket, real ports:
# harness/lib/lesson/tool_capture.h). Then, per snapshot and tool,
#   the tools' output          against
#   dslab show --view TOOL --file the-rows   (the view, from the same rows),
# byte for byte, after the normalisation views.sh uses (view_compare.sh):
# Recv-Q and Send-Q set to 0 on both sides, and the rows of each group the
# tools print in kernel hash-table order sorted, on both sides, the order
# of the groups checked. Real ports on both sides, so ss's column widths
# must match too.
#
# A socket bound to a device (SO_BINDTODEVICE, bindtodevice_dualstack) is
# in the rows as ss prints it, "[::]%lo:7200": the view must print the
# device where ss does and drop it where netstat does.
#
#   views_every_snapshot.sh DSLAB SOURCE_DIR
#
# Also checked: every case passes with capture on (capture changes no
# transcript), each case captured exactly the snapshots its golden has,
# with the golden's labels in the golden's order, and the tools wrote
# nothing to stderr and exited 0. The snapshots a lesson takes are all in
# its own namespace (a lesson with a peer host, seed_netstat_table, takes
# its snapshot on the server's side, where report_snapshot runs); a
# snapshot taken in a peer would be captured in the peer's namespace, where
# report_snapshot reads the table, so the two sides would still agree.
#
# Exit 4 (skipped) where netstat or ss is missing (Debian packages
# net-tools and iproute2; this test installs nothing) or no case could run
# (no network namespace can be made: dslab's reason is printed).
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/view_compare.sh"

for tool in netstat ss; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is not installed (Debian packages: net-tools for netstat, iproute2 for ss)"
    exit 4
  fi
done
echo "netstat: $(netstat --version 2>&1 | head -1); ss: $(ss -V 2>&1 | head -1)"

# The cases whose goldens have snapshots, and how many each has.
"$DSLAB" list >"$WORK/cases" || { echo "FAIL: dslab list"; exit 1; }
: >"$WORK/with_snapshots"
while read -r case_name; do
  n=$(grep -c '^snapshot ' "$SOURCE_DIR/expected/$case_name.golden")
  [ "$n" -gt 0 ] && echo "$case_name" >>"$WORK/with_snapshots"
done <"$WORK/cases"
echo "$(wc -l <"$WORK/with_snapshots") of $(wc -l <"$WORK/cases") cases take snapshots"

capture=$WORK/capture
mapfile -t selected <"$WORK/with_snapshots"
"$DSLAB" run --jobs 2 --capture-tools "$capture" --actual-dir "$WORK/actual" -- "${selected[@]}" \
  >"$WORK/run.out" 2>&1
run_status=$?
passed=$(grep -c '^PASS ' "$WORK/run.out")
if [ "$passed" -eq 0 ] && [ "$run_status" -eq 4 ]; then
  echo "SKIP: no case could run: $(grep -m1 '^SKIP ' "$WORK/run.out" | cut -d: -f2- | cut -c2-)"
  exit 4
fi
if [ "$run_status" -ne 0 ]; then
  fail "dslab run --capture-tools: exit $run_status (a case does not pass with capture on):"
  grep -v '^PASS ' "$WORK/run.out" | sed 's/^/    /'
fi

snapshots=0
while read -r case_name; do
  dir=$capture/$case_name
  if grep -q "^SKIP    $case_name:" "$WORK/run.out"; then
    echo "skipped by dslab: $(grep -m1 "^SKIP    $case_name:" "$WORK/run.out")"
    continue
  fi
  # The golden's snapshot labels, in order, against the captures'.
  grep '^snapshot ' "$SOURCE_DIR/expected/$case_name.golden" | cut -d' ' -f2- >"$WORK/labels.golden"
  : >"$WORK/labels.captured"
  for rows in "$dir"/*.rows; do
    [ -e "$rows" ] && head -1 "$rows" | cut -d' ' -f2- >>"$WORK/labels.captured"
  done
  if ! cmp -s "$WORK/labels.golden" "$WORK/labels.captured"; then
    fail "$case_name: captured snapshots $(tr '\n' ' ' <"$WORK/labels.captured"); the golden has $(tr '\n' ' ' <"$WORK/labels.golden")"
    continue
  fi
  for rows in "$dir"/*.rows; do
    base=${rows%.rows}
    what="$case_name, snapshot $(head -1 "$rows" | cut -d' ' -f2-)"
    snapshots=$((snapshots + 1))
    # The rows are the snapshot's: as many as the golden's table has (the
    # Nth table of the golden for NN-LABEL.rows).
    n=${base##*/}; n=$((10#${n%%-*}))
    golden_rows=$(awk -v want="$n" '
      /^snapshot / { table = ++seen == want; header = table; next }
      table && header { header = 0; next }
      table && /^  / { if ($0 != "  (no sockets)") count++; next }
      { table = 0 }
      END { print count + 0 }' "$SOURCE_DIR/expected/$case_name.golden")
    captured_rows=$(tail -n +3 "$rows" | grep -vc '^  (no sockets)$')
    if [ "$golden_rows" -ne "$captured_rows" ]; then
      fail "$what: $captured_rows rows captured, the golden's table has $golden_rows"
      continue
    fi
    if [ -s "$base.errors" ]; then
      fail "$what: the tools reported: $(cat "$base.errors")"
      continue
    fi
    for tool in netstat ss; do
      if ! "$DSLAB" show --view "$tool" --file "$rows" >"$WORK/view.out" 2>"$WORK/view.err"; then
        fail "$what: dslab show --view $tool --file $rows: $(cat "$WORK/view.err")"
        continue
      fi
      zero_queues "$tool" <"$base.$tool" | canon "$tool" >"$WORK/tool"
      tail -n +3 "$WORK/view.out" | canon "$tool" >"$WORK/view"
      what_compared="$tool -tuan"
      same "$what: $what_compared" "$WORK/tool" "$WORK/view" ||
        { echo "    (rows: $rows)"; sed 's/^/    /' "$rows"; }
    done
  done
done <"$WORK/with_snapshots"
echo "$snapshots snapshots of $passed cases compared with netstat -tuan and ss -tuan"
finish
