#!/usr/bin/env bash
# harness/bench/run.sh: the project's benchmark. Builds what it needs in
# build/ (default preset), measures, prints a markdown table and writes
# build/bench/results.json.
#
#   1. suite      wall time of `dslab run --jobs 1` and `--jobs 2` over every
#                 case, against the floor: the same number of bare cases
#                 (build/bench/floor: fork, unshare(CLONE_NEWNET), lo up by
#                 ioctl, one sysctl write, exec of a static no-op, wait), one
#                 and two at a time; the floor plus each step the isolation
#                 adds, made as isolate.c makes it (mount namespace and /etc
#                 bind mounts; PID namespace and init: one clone with
#                 CLONE_NEWNET | CLONE_NEWPID instead of fork and unshare;
#                 dropping capabilities); the whole isolation with
#                 the real lesson binaries instead of the no-op (everything
#                 but the runner), also on the steady cases alone (all but
#                 the few that wait or churn sockets by design); plain
#                 fork+exec (no namespace); the shell way (unshare -n sh -c
#                 'ip link set lo up; echo ...'); the lessons again from a
#                 parent namespace with small child hash tables (as dslab
#                 run makes its cases, parent_namespace.h); dslab run with
#                 DSLAB_SHARED_TABLES=1 (cases sharing the host's tables);
#                 as root, dslab run as nobody (the rootless path).
#                 Then each case alone, the slowest listed; and the
#                 lessons about real programs (python3, a JVM, nginx...),
#                 per case, against a plain C lesson's case in the same
#                 rounds.
#   2. snapshots  N sockets held open in a namespace of their own
#                 (build/bench/hold_sockets; N = 1k, 10k, 100k), and inside it
#                 `dslab snapshot` (sock_diag), `dslab snapshot --source proc`,
#                 `ss -tuan` and `netstat -tuan`, against ss.
#                 At 10k sockets also `dslab doctor` (process names,
#                 an explanation per row) against `ss -tuanp`, in their own
#                 interleaved rounds (--only-doctor: that part alone).
#                 And one in-process snapshot of a lesson-sized table
#                 (build/bench/snapshot_inproc, 40 sockets), both ways.
#   3. memory     peak RSS of `dslab run` over the whole suite and of the
#                 snapshot readers at the largest N.
#   4. long run   10,000 consecutive cases (`dslab run --jobs 2
#                 getaddrinfo_mapped`, repeated): cases per second and
#                 SUnreclaim every 500 cases, to see whether namespace
#                 teardown slows the suite down over time; controls (plain
#                 fork+exec, bare netns cases) are timed after every sample.
#   5. kernels    `dslab kernels --no-musl --kernel 6.1` (--kernels "SPEC...";
#                 --no-kernels skips it): per kernel, boot and suite seconds
#                 inside the VM, against the host suite timed by the same
#                 command.
#
# Then every target of issue 7, marked held, MISSED or not measured.
#
# Every time is a whole process (fork to reap, build/bench/measure). Commands
# of one section are interleaved round by round, and each ratio is the
# median over rounds of that round's ratio to the baseline, so load from
# other work on the machine, which drifts, mostly cancels; the spread of
# those ratios and each time's median absolute deviation are printed as the
# noise. Everything runs in namespaces this script makes (the host's
# sysctls, named namespaces and files outside build/ are not touched); it
# ends only the processes it started.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: harness/bench/run.sh [--runs N] [--sizes "N..."] [--long-cases N] [--no-long]
                            [--kernels "SPEC..."] [--no-kernels] [--only-doctor] [--help]

  --runs N          rounds per measurement (default 7; at least 5 advised)
  --sizes "N..."    socket counts for the snapshot section (default "1000 10000 100000")
  --long-cases N    cases in the long run (default 10000; a multiple of 500)
  --no-long         skip the long run (1-2 minutes on a 2-core machine; the whole
                    benchmark takes 3-5)
  --kernels "SPEC..."  kernels for the matrix section (default "6.1"; each a
                    dslab kernels --kernel SPEC; about 20 s each under TCG)
  --no-kernels      skip the kernel matrix section
  --only-doctor     only dslab doctor against ss -tuanp at 10k sockets (under a
                    minute): its table and target, and build/bench/doctor.json
  --help            this text

Writes build/bench/results.json and prints the tables (markdown) on stdout.
Needs root, or unprivileged user namespaces; as root it installs iproute2
and net-tools (ss, netstat) with apt-get if they are missing.
USAGE
}

runs=7
sizes="1000 10000 100000"
long_cases=10000
long=1
kernels="6.1"
only_doctor=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=${2:?--runs needs a number}; shift ;;
    --sizes) sizes=${2:?--sizes needs a list}; shift ;;
    --long-cases) long_cases=${2:?--long-cases needs a number}; shift ;;
    --no-long) long=0 ;;
    --kernels) kernels=${2?--kernels needs a list}; shift ;;
    --no-kernels) kernels="" ;;
    --only-doctor) only_doctor=1 ;;
    --long) long=1 ;;
    --help|-h) usage; exit 0 ;;
    *) echo "run.sh: unknown option '$1' (see harness/bench/run.sh --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ $((long_cases % 500)) -ne 0 ] || [ "$long_cases" -lt 1000 ]; then
  echo "run.sh: --long-cases must be a multiple of 500, at least 1000" >&2
  exit 2
fi

cd "$(dirname "$(readlink -f "$0")")/../.."
root=$PWD
out=build/bench
say() { echo "bench: $*" >&2; }

SCRIPT_NAME=run.sh
. harness/shell_helpers.sh # quietly, build

say "building (default preset)"
build default
mkdir -p "$out"

dslab=build/dslab
etc=build/etc
measure=$out/measure
floor=$out/floor
noop=$out/bench_true

# ss and netstat: the snapshot section's yardsticks.
if ! command -v ss >/dev/null || ! command -v netstat >/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    say "installing iproute2 net-tools"
    export DEBIAN_FRONTEND=noninteractive
    quietly apt-get update -qq
    quietly apt-get install -y -qq --no-install-recommends iproute2 net-tools
  fi
fi
have_ss=0; have_netstat=0
command -v ss >/dev/null && have_ss=1
command -v netstat >/dev/null && have_netstat=1

# --- helpers -----------------------------------------------------------------

# A field of a flat JSON line: jget LINE KEY
jget() {
  case "$1" in
    *"\"$2\":\""*) sed -n "s/.*\"$2\":\"\([^\"]*\)\".*/\1/p" <<<"$1" ;;
    *) sed -n "s/.*\"$2\":\([^,}]*\).*/\1/p" <<<"$1" ;;
  esac
}
# A JSON line with fields added: jadd LINE '"k":v,...'
jadd() { printf '%s,%s}\n' "${1%\}}" "$2"; }
# The line of one label among measure's output: line_of LINES LABEL
line_of() { grep "\"label\":\"$2\"" <<<"$1" || true; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
percent() { calc "%.0f%%" "100 * $1"; }

machine_json=$(printf '{"kernel":"%s","cpus":%s,"memory_kb":%s,"loadavg_at_start":"%s"}' \
  "$(uname -r)" "$(nproc)" "$(awk '/MemTotal/ {print $2}' /proc/meminfo)" "$(cut -d' ' -f1-3 /proc/loadavg)")

holder_pid=""
stop_holder() {
  if [ -n "$holder_pid" ]; then
    kill "$holder_pid" 2>/dev/null || true
    wait "$holder_pid" 2>/dev/null || true
    holder_pid=""
  fi
}
# On any exit: end the socket holder, remove the rootless run's scratch.
cleanup() {
  stop_holder
  if [ -n "${rootless_actual:-}" ]; then rm -rf "$rootless_actual"; fi
}
trap cleanup EXIT

count_rows() { # PID COMMAND...: data rows the command prints in that namespace
  local pid=$1; shift
  nsenter --net="/proc/$pid/ns/net" "$@" 2>/dev/null | grep -cE '^ *(tcp|udp)' || true
}

# N sockets held in a namespace of their own (build/bench/hold_sockets):
# sets holder_pid and ns_pid.
start_holder() { # N
  coproc HOLD { exec "$out/hold_sockets" "$1" 2>"$out/hold_sockets.$1.log"; }
  holder_pid=$HOLD_PID
  local ready=""
  read -r ready <&"${HOLD[0]}" || true
  if [ "${ready%% *}" != ready ]; then
    cat "$out/hold_sockets.$1.log" >&2
    echo "run.sh: hold_sockets $1 did not get ready" >&2
    exit 1
  fi
  ns_pid=$(cut -d' ' -f2 <<<"$ready")
}

# dslab doctor names every socket's process, as ss -p does: at 10k
# sockets, the two against each other in rounds of their own. Sets
# doctor_result, doctor_table and doctor_json.
doctor_rounds() { # NS_PID
  local check seen row
  for check in "ss -tuanp" "$dslab doctor"; do
    seen=$(count_rows "$1" $check)
    [ "$seen" = 10000 ] || { echo "run.sh: '$check' sees $seen sockets, not 10000" >&2; exit 1; }
  done
  doctor_result=$($measure --runs "$runs" --warmup 1 --baseline ss_p --netns-of "$1" \
    :: ss_p ss -tuanp :: doctor "$dslab" doctor)
  doctor_table="| sockets | reader | median s | ratio to ss -tuanp [min–max] | max RSS MB | noise (MAD) |
| ---: | --- | ---: | ---: | ---: | ---: |"
  doctor_json=""
  while IFS= read -r row; do
    [ -n "$row" ] || continue
    doctor_json+="${doctor_json:+,}$(jadd "$row" '"sockets":10000')"
    doctor_table+="
| 10000 | $(jget "$row" label) | $(calc "%.4f" "$(jget "$row" median_s)") | $(calc "%.2f" "$(jget "$row" ratio)") [$(calc "%.2f" "$(jget "$row" ratio_min)")–$(calc "%.2f" "$(jget "$row" ratio_max)")] | $(calc "%.1f" "$(jget "$row" maxrss_kb) / 1024") | $(percent "$(jget "$row" mad_rel)") |"
  done <<<"$doctor_result"
}

# --only-doctor: that section alone, then stop.
if [ $only_doctor = 1 ]; then
  [ $have_ss = 1 ] || { echo "run.sh: --only-doctor needs ss (iproute2)" >&2; exit 1; }
  say "dslab doctor against ss -tuanp: 10000 sockets, $runs interleaved rounds"
  start_holder 10000
  doctor_rounds "$ns_pid"
  stop_holder
  printf '{"machine":%s,"runs":%s,"doctor":[%s]}\n' "$machine_json" "$runs" "$doctor_json" >"$out/doctor.json"
  row=$(line_of "$doctor_result" doctor)
  ratio=$(jget "$row" ratio)
  cat <<REPORT
## dslab doctor against ss -tuanp

$(uname -r), $(nproc) CPUs; load average at start $(jget "$machine_json" loadavg_at_start). Medians of $runs interleaved rounds;
the ratio is the median of per-round ratios; noise is the median absolute deviation of the times.

dslab doctor with process names no slower than ss -tuanp at 10000 sockets: $(calc "%.2f" "$ratio")× ss -tuanp's time ($(calc "%.3f" "$(jget "$row" median_s)") s against $(calc "%.3f" "$(jget "$(line_of "$doctor_result" ss_p)" median_s)") s): $(awk "BEGIN { exit !($ratio <= 1) }" && echo held || echo MISSED)

$doctor_table
REPORT
  say "results: $out/doctor.json"
  exit 0
fi

# --- 1. the suite against the floor -----------------------------------------

ncases=$($dslab list | wc -l)
say "warm-up: the whole suite once (it must pass to be timed)"
if ! $dslab run --jobs 2 >"$out/suite.txt" 2>&1; then
  tail -5 "$out/suite.txt" >&2
  echo "run.sh: the suite does not pass; fix it before timing it (see $out/suite.txt)" >&2
  exit 1
fi

# skipped_here CASE: the warm-up skipped it (here: e.g. a hermetic-etc lesson
# where "/" is not a mount point).
skipped_here() {
  awk -v n="$1" '$1 == "SKIP" && ($2 == n || $2 == n ":") { found = 1 } END { exit !found }' "$out/suite.txt"
}

# Cases as floor --cases lines: the scenario binary, its variant's sysctls
# (paths from the dslab-axis lines) and options (DSLAB_OPTION_*),
# hermetic-etc where the scenario declares it (the mount step), and
# DSLAB_REPORT_FD=1, so records are written one per line to /dev/null as under
# the runner. Case names on standard input.
cases_file() {
  local name scenario line setting key value sysctl settings
  while IFS= read -r name; do
    scenario=${name%%/*}
    line="$root/build/scenarios/$scenario DSLAB_REPORT_FD=1"
    grep -q 'dslab-hermetic-etc:[[:space:]]*yes' "scenarios/$scenario.c" && line+=" hermetic-etc"
    IFS=, read -ra settings <<<"${name#*/}"
    for setting in "${settings[@]}"; do
      key=${setting%%=*} value=${setting#*=}
      if [ "$key" = bindv6only ]; then
        line+=" /proc/sys/net/ipv6/bindv6only=$value"
        continue
      fi
      sysctl=$(sed -n "s/.*dslab-axis:[[:space:]]*$key[[:space:]]\{1,\}\([a-z0-9_.]*\).*/\1/p" \
        "scenarios/$scenario.c" | head -1)
      if [ -n "$sysctl" ]; then
        line+=" /proc/sys/${sysctl//.//}=$value"
      else
        line+=" DSLAB_OPTION_$key=$value"
      fi
    done
    echo "$line"
  done
}
$dslab list | cases_file >"$out/lessons.cases"
# The runner's own cost is small beside the lessons', and the few lessons
# that wait by design (udp_mapped's 200 ms poll under bindv6only=1,
# multicast_mapped's 500 ms ones) or churn thousands of sockets (the
# reuse=port matrices) vary by more than it from round to round; so it is
# also measured on the other cases alone.
mapfile -t steady < <($dslab list | grep -v -e 'reuse=port' -e '^udp_mapped/bindv6only=1$' -e '^multicast_mapped/')
nsteady=${#steady[@]}
printf '%s\n' "${steady[@]}" | cases_file >"$out/steady.cases"

# The runner makes its cases' namespaces inside one of its own where small
# child hash tables are set (harness/runner/run/parent_namespace.h); the same
# runs with DSLAB_SHARED_TABLES=1 show what that saves (every case's
# /proc/net reads and sock_diag dumps walk the host-sized tables then).
# As root also: the rootless path (the same suite as nobody, through user
# namespaces), and the shell way of making a bare case, for scale.
extra=(:: shared_j1:dslab_j1 env DSLAB_SHARED_TABLES=1 $dslab run --jobs 1
       :: shared_j2:dslab_j2 env DSLAB_SHARED_TABLES=1 $dslab run --jobs 2)
rootless_actual=""
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null &&
   setpriv --reuid=nobody --regid=nogroup --clear-groups unshare -Ur true 2>/dev/null; then
  rootless_actual=$(mktemp -d /tmp/dslab-bench-rootless.XXXXXX)
  chmod 777 "$rootless_actual"
  extra+=(:: rootless_j1:dslab_j1 setpriv --reuid=nobody --regid=nogroup --clear-groups
              $dslab run --jobs 1 --actual-dir "$rootless_actual")
fi
if command -v unshare >/dev/null && command -v ip >/dev/null && [ "$(id -u)" -eq 0 ]; then
  extra+=(:: "shell_way" sh -c "i=0; while [ \$i -lt $ncases ]; do unshare -n sh -c 'ip link set lo up && echo 0 > /proc/sys/net/ipv6/bindv6only' || exit 1; i=\$((i+1)); done")
fi

# The mount step needs "/" to be a mount point (not so in a chroot, such as
# a fresh-machine root): there every row goes without it, and says so.
mount_step=(--mount "$etc")
mount_only=(:: floor_mount $floor --mount "$etc" "$ncases" $noop)
if ! mountpoint -q / 2>/dev/null; then
  say "\"/\" is not a mount point here: no mount namespace step in the suite rows"
  mount_step=()
  mount_only=()
fi

say "suite: $ncases cases, $runs interleaved rounds"
suite=$($measure --runs "$runs" --warmup 1 --baseline floor_seq \
  :: dslab_j1 $dslab run --jobs 1 \
  :: dslab_j2:floor_par $dslab run --jobs 2 \
  :: floor_seq $floor "$ncases" $noop \
  :: floor_par $floor --jobs 2 "$ncases" $noop \
  :: plain_seq $floor --plain "$ncases" $noop \
  "${mount_only[@]}" \
  :: floor_pid $floor --pid "$ncases" $noop \
  :: floor_caps $floor --caps "$ncases" $noop \
  :: isolation_seq $floor "${mount_step[@]}" --pid --caps "$ncases" $noop \
  :: isolation_nomount_seq $floor --pid --caps "$ncases" $noop \
  :: isolation_par:floor_par $floor --jobs 2 "${mount_step[@]}" --pid --caps "$ncases" $noop \
  :: lessons_seq $floor "${mount_step[@]}" --pid --cases "$out/lessons.cases" "$ncases" \
  :: lessons_par:floor_par $floor --jobs 2 "${mount_step[@]}" --pid --cases "$out/lessons.cases" "$ncases" \
  :: steady_dslab_j1:steady_lessons_seq $dslab run --jobs 1 "${steady[@]}" \
  :: steady_dslab_j2:steady_lessons_seq $dslab run --jobs 2 "${steady[@]}" \
  :: steady_lessons_seq $floor "${mount_step[@]}" --pid --cases "$out/steady.cases" "$nsteady" \
  :: lessons_small:lessons_seq $floor --small-tables "${mount_step[@]}" --pid --cases "$out/lessons.cases" "$ncases" \
  :: lessons_small_par:floor_par $floor --jobs 2 --small-tables "${mount_step[@]}" --pid --cases "$out/lessons.cases" "$ncases" \
  :: steady_lessons_small:steady_lessons_seq $floor --small-tables "${mount_step[@]}" --pid --cases "$out/steady.cases" "$nsteady" \
  "${extra[@]}")

describe() {
  case "$1" in
    dslab_j1) echo "dslab run --jobs 1 (whole suite)" ;;
    dslab_j2) echo "dslab run --jobs 2 (whole suite)" ;;
    floor_seq) echo "floor: bare cases, one at a time" ;;
    floor_par) echo "floor: bare cases, two at a time" ;;
    plain_seq) echo "fork+exec only, no namespace (control)" ;;
    floor_mount) echo "floor + mount ns, /etc bind mounts" ;;
    floor_pid) echo "floor + PID ns and init" ;;
    floor_caps) echo "floor + capabilities dropped" ;;
    isolation_seq) echo "floor + all of isolate.c's steps (mount ns too), one at a time" ;;
    isolation_nomount_seq) echo "floor + PID ns and capabilities (a case without hermetic /etc), one at a time" ;;
    isolation_par) echo "floor + all of isolate.c's steps (mount ns too), two at a time" ;;
    lessons_seq) echo "all steps + the real lessons, no runner, one at a time" ;;
    lessons_par) echo "all steps + the real lessons, no runner, two at a time" ;;
    shell_way) echo "unshare -n sh -c 'ip link set lo up; echo > sysctl'" ;;
    steady_dslab_j1) echo "dslab run --jobs 1, the $nsteady steady cases" ;;
    steady_dslab_j2) echo "dslab run --jobs 2, the $nsteady steady cases" ;;
    shared_j1) echo "dslab run --jobs 1, cases sharing the host's hash tables" ;;
    shared_j2) echo "dslab run --jobs 2, cases sharing the host's hash tables" ;;
    rootless_j1) echo "dslab run --jobs 1 as nobody (user namespaces)" ;;
    steady_lessons_seq) echo "all steps + the lessons, no runner, the $nsteady steady cases" ;;
    lessons_small) echo "all steps + the lessons, no runner, small hash tables (as dslab run), one at a time" ;;
    lessons_small_par) echo "all steps + the lessons, no runner, small hash tables (as dslab run), two at a time" ;;
    steady_lessons_small) echo "all steps + the $nsteady steady lessons, no runner, small hash tables" ;;
    *) echo "$1" ;;
  esac
}

suite_json=""
suite_table="| measurement | median s ($ncases cases) | ms/case | cases/s | ratio to baseline [min–max over rounds] | baseline | noise (MAD) |
| --- | ---: | ---: | ---: | ---: | --- | ---: |"
while IFS= read -r row; do
  [ -n "$row" ] || continue
  label=$(jget "$row" label) median=$(jget "$row" median_s)
  count=$ncases
  case "$label" in steady_*) count=$nsteady ;; esac
  per_case=$(calc "%.3f" "$median * 1000 / $count")
  rate=$(calc "%.1f" "$count / $median")
  suite_json+="${suite_json:+,}$(jadd "$row" "\"what\":\"$(describe "$label")\",\"cases\":$count,\"ms_per_case\":$per_case,\"cases_per_s\":$rate")"
  suite_table+="
| $(describe "$label") | $(calc "%.3f" "$median")$([ $count = $ncases ] || echo " ($count cases)") | $per_case | $rate | $(calc "%.2f" "$(jget "$row" ratio)") [$(calc "%.2f" "$(jget "$row" ratio_min)")–$(calc "%.2f" "$(jget "$row" ratio_max)")] | $(jget "$row" baseline) | $(percent "$(jget "$row" mad_rel)") |"
done <<<"$suite"

# Where a case's time goes, step by step: the difference of the two medians
# per case, and the median per-round ratio of the two measurements.
ms() { calc "%.3f" "$(jget "$(line_of "$suite" "$1")" median_s) * 1000 / $ncases"; }
ratio_of() { calc "%.2f" "$(jget "$(line_of "$suite" "$1")" "$2")"; }
step_row() { # TEXT LABEL BASE
  if [ -z "$(line_of "$suite" "$2")" ]; then
    printf '| %s | not measured here | | |' "$1"
    return
  fi
  printf '| %s | %s | %s | %s× |' "$1" "$(calc "%.3f" "$(ms "$2") - $(ms "$3")")" \
    "$(percent "($(ms "$2") - $(ms "$3")) / $(ms dslab_j1)")" "$(ratio_of "$2" "$3")"
}
steady_ms() { calc "%.3f" "$(jget "$(line_of "$suite" "$1")" median_s) * 1000 / $nsteady"; }
breakdown_table="| step, per case, one at a time | ms (difference of medians) | share of dslab run --jobs 1 | ratio of the two (median per round) |
| --- | ---: | ---: | ---: |
| fork + exec + wait, no namespace | $(ms plain_seq) | $(percent "$(ms plain_seq) / $(ms dslab_j1)") | |
$(step_row "+ netns, lo up, one sysctl (= the floor)" floor_seq plain_seq)
$(step_row "floor + mount ns and 4 bind mounts" floor_mount floor_seq)
$(step_row "floor + PID ns and init" floor_pid floor_seq)
$(step_row "floor + capabilities dropped" floor_caps floor_seq)
$(step_row "floor + all three (a hermetic-etc lesson's isolation)" isolation_seq floor_seq)
$(step_row "+ the lessons' own work (mount ns only where declared)" lessons_seq isolation_seq)
$(step_row "- walking host-sized hash tables (the lessons with small ones)" lessons_small lessons_seq)
$(step_row "+ the runner (dslab run --jobs 1)" dslab_j1 lessons_small)
$(step_row "+ the runner, two at a time (dslab run --jobs 2 vs lessons)" dslab_j2 lessons_small_par)
| + the runner, on the $nsteady steady cases | $(calc "%.3f" "$(steady_ms steady_dslab_j1) - $(steady_ms steady_lessons_small)") | | $(ratio_of steady_dslab_j1 steady_lessons_small)× |
| dslab run --jobs 1, whole case | $(ms dslab_j1) | 100% | $(ratio_of dslab_j1 floor_seq)× the floor |"
# Which cases: each case alone (dslab run --jobs 1 CASE, dslab's start
# included), the slowest listed with their share of the sum.
say "suite: each case alone, 3 interleaved rounds"
per_case_args=()
# (not the cases the warm-up skipped: alone they exit 4, all skipped)
while IFS= read -r name; do
  skipped_here "$name" && continue
  per_case_args+=(:: "$name" $dslab run --jobs 1 "$name")
done < <($dslab list)
per_case=$($measure --runs 3 --warmup 0 "${per_case_args[@]}")
per_case_sum=$(awk -F'"median_s":' '{split($2, v, ","); s += v[1]} END {printf "%.6f", s}' <<<"$per_case")
per_case_json=""
while IFS= read -r row; do
  per_case_json+="${per_case_json:+,}$row"
done <<<"$per_case"
slowest_table="| slowest cases, each alone | median s | share of the sum over all $ncases cases ($(calc "%.2f" "$per_case_sum") s) |
| --- | ---: | ---: |"
while IFS= read -r row; do
  slowest_table+="
| $(jget "$row" label) | $(calc "%.3f" "$(jget "$row" median_s)") | $(percent "$(jget "$row" median_s) / $per_case_sum") |"
done < <(awk -F'"median_s":' '{split($2, v, ","); print v[1] "\t" $0}' <<<"$per_case" | sort -rn | head -8 | cut -f2-)

# The lessons whose subject is a real program (a `dslab-package:` line:
# python3, a JVM, nginx...) cost more per case than a plain C lesson: the
# program's start. Each such lesson's cases, one at a time (dslab run
# --jobs 1 LESSON), against as many cases of plain C lessons run the same
# way in the same interleaved rounds (plain_N: the first N steady cases of
# the lessons below), so that dslab's own start weighs alike on both: the
# median per-round ratio of the two is the ratio per case.
plain_lessons=(seed_v4v6 v6only_explicit v6only_too_late specific_v6_bind_is_v6only mapped_bind_on_v6only
  outgoing_mapped_connect addrform accept_short_buffer sockopts_on_mapped udp_connect_mapped pktinfo_mapped)
mapfile -t plain_pool < <($dslab list "${plain_lessons[@]}")
runtime_args=()
declare -A runtime_cases plain_rows
for source in scenarios/*.c; do
  grep -q 'dslab-package:' "$source" || continue
  lesson=$(basename "$source" .c)
  mapfile -t names < <($dslab list "$lesson")
  lesson_cases=()
  for name in "${names[@]}"; do skipped_here "$name" || lesson_cases+=("$name"); done
  n=${#lesson_cases[@]}
  [ "$n" -gt 0 ] && [ "$n" -le ${#plain_pool[@]} ] || continue # not installed here, or too many
  runtime_cases[$lesson]=$n
  if [ -z "${plain_rows[$n]:-}" ]; then
    plain_rows[$n]=1
    runtime_args+=(:: "plain_$n" $dslab run --jobs 1 "${plain_pool[@]:0:$n}")
  fi
  runtime_args+=(:: "$lesson:plain_$n" $dslab run --jobs 1 "${lesson_cases[@]}")
done
runtime_json=""
runtime_table="| lesson (a real program) | cases | ms per case | ms per case, as many plain C cases | ratio per case [min–max over rounds] | noise (MAD) |
| --- | ---: | ---: | ---: | ---: | ---: |"
if [ ${#runtime_args[@]} -gt 0 ]; then
  say "runtime lessons: per case against plain C lessons' cases, $runs interleaved rounds"
  runtimes=$($measure --runs "$runs" --warmup 1 "${runtime_args[@]}")
  while IFS= read -r row; do
    label=$(jget "$row" label)
    [ -n "$label" ] && [ -n "${runtime_cases[$label]:-}" ] || continue
    n=${runtime_cases[$label]}
    per_case=$(calc "%.1f" "$(jget "$row" median_s) * 1000 / $n")
    plain_case=$(calc "%.1f" "$(jget "$(line_of "$runtimes" "plain_$n")" median_s) * 1000 / $n")
    runtime_json+="${runtime_json:+,}$(jadd "$row" "\"cases\":$n,\"ms_per_case\":$per_case,\"plain_ms_per_case\":$plain_case")"
    runtime_table+="
| $label | $n | $per_case | $plain_case | $(calc "%.2f" "$(jget "$row" ratio)") [$(calc "%.2f" "$(jget "$row" ratio_min)")–$(calc "%.2f" "$(jget "$row" ratio_max)")] | $(percent "$(jget "$row" mad_rel)") |"
  done <<<"$runtimes"
fi

# --- 2. snapshots of N sockets ------------------------------------------------

declare -A snap_results
snap_json=""
snap_table="| sockets | reader | median s | ratio to ss [min–max] | ratio to netstat | max RSS MB | RSS ratio to ss | noise (MAD) |
| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in $sizes; do
  say "snapshots: $n sockets"
  start_holder "$n"
  readers=(:: dslab_diag $dslab snapshot :: dslab_proc $dslab snapshot --source proc)
  baseline=dslab_diag
  if [ $have_ss = 1 ]; then readers=(:: ss ss -tuan "${readers[@]}"); baseline=ss; fi
  if [ $have_netstat = 1 ]; then readers+=(:: netstat netstat -tuan); fi
  # Each reader must see exactly the N sockets (one row each).
  checks=("$dslab snapshot" "$dslab snapshot --source proc")
  [ $have_ss = 1 ] && checks+=("ss -tuan")
  [ $have_netstat = 1 ] && checks+=("netstat -tuan")
  for check in "${checks[@]}"; do
    seen=$(count_rows "$ns_pid" $check)
    if [ "$seen" != "$n" ]; then
      echo "run.sh: '$check' sees $seen sockets, not $n" >&2
      exit 1
    fi
  done
  result=$($measure --runs "$runs" --warmup 1 --baseline $baseline --netns-of "$ns_pid" "${readers[@]}")
  if [ "$n" = 10000 ] && [ $have_ss = 1 ]; then doctor_rounds "$ns_pid"; fi
  stop_holder
  ss_rss=$(jget "$(line_of "$result" ss)" maxrss_kb)
  while IFS= read -r row; do
    label=$(jget "$row" label)
    rss=$(jget "$row" maxrss_kb)
    rss_ratio=$([ -n "$ss_rss" ] && calc "%.2f" "$rss / $ss_rss" || echo "-")
    snap_json+="${snap_json:+,}$(jadd "$row" "\"sockets\":$n")"
    snap_table+="
| $n | $label | $(calc "%.4f" "$(jget "$row" median_s)") | $(calc "%.2f" "$(jget "$row" ratio)") [$(calc "%.2f" "$(jget "$row" ratio_min)")–$(calc "%.2f" "$(jget "$row" ratio_max)")] | $([ $have_netstat = 1 ] && calc "%.2f" "$(jget "$row" netstat)" || echo -) | $(calc "%.1f" "$rss / 1024") | $rss_ratio | $(percent "$(jget "$row" mad_rel)") |"
  done <<<"$result"
  largest=$n largest_result=$result
  snap_results[$n]=$result
done

doctor_table=${doctor_table:-}
doctor_json=${doctor_json:-}

# A lesson-sized table (40 sockets) snapshotted in process, as a scenario
# does: with the runner's small tables and with the host's.
say "snapshots: in process, 40 sockets"
inproc_small=$("$out/snapshot_inproc" 40 500)
inproc_shared=$("$out/snapshot_inproc" --shared-tables 40 500)
snap_table+="

| in-process snapshot (snapshot_collect) of 40 sockets, median of 500 | µs |
| --- | ---: |
| case namespace with small hash tables (as dslab run) | $(jget "$inproc_small" median_us) |
| case namespace sharing the host's tables | $(jget "$inproc_shared" median_us) |"
snap_json+="${snap_json:+,}$(jadd "$inproc_small" '"reader":"snapshot_inproc"'),$(jadd "$inproc_shared" '"reader":"snapshot_inproc"')"

# --- 3. memory of dslab run ----------------------------------------------------

say "memory: dslab run over the whole suite"
memory=$($measure --runs 3 --warmup 0 --hwm \
  :: dslab_j1 $dslab run --jobs 1 :: dslab_j2 $dslab run --jobs 2)
mem_json=""
mem_table="| process | max RSS of it and the case processes it reaped (ru_maxrss) | its own peak (VmHWM, sampled) |
| --- | ---: | ---: |"
while IFS= read -r row; do
  label=$(jget "$row" label)
  mem_json+="${mem_json:+,}$row"
  mem_table+="
| $(describe "$label") | $(calc "%.1f MB" "$(jget "$row" maxrss_kb) / 1024") | $(calc "%.1f MB" "$(jget "$row" hwm_kb) / 1024") |"
done <<<"$memory"
for label in dslab_diag dslab_proc ss netstat; do
  row=$(line_of "$largest_result" $label)
  [ -n "$row" ] || continue
  mem_table+="
| $label at $largest sockets | $(calc "%.1f MB" "$(jget "$row" maxrss_kb) / 1024") (median of $runs) | |"
done

# --- 4. the long run ----------------------------------------------------------

sunreclaim() { awk '/^SUnreclaim:/ {print $2}' /proc/meminfo; }
netns_objects() { awk '$1 == "net_namespace" {print $2}' /proc/slabinfo 2>/dev/null || true; }
floor_seconds() { "$@" | sed -n 's/.* seconds \([0-9.]*\) .*/\1/p'; }

long_json=""
long_table=""
long_summary=""
if [ $long = 1 ]; then
  pattern=getaddrinfo_mapped
  # Where it is skipped (no mount step here), a lesson as short without it.
  skipped_here "$pattern/bindv6only=0" && pattern=v6only_explicit
  per_run=$($dslab list $pattern | wc -l)
  runs_per_sample=$((500 / per_run))
  say "long run: $long_cases cases ($pattern, $per_run per dslab run, --jobs 2)"
  start_unreclaim=$(sunreclaim) start_netns=$(netns_objects)
  long_table="| cases | cases/s | control: fork+exec/s | ratio to control | netns floor/s | SUnreclaim kB | net_namespace objects |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| 0 | | | | | $start_unreclaim | ${start_netns:--} |"
  done_cases=0
  first=() last=() samples=()
  while [ $done_cases -lt "$long_cases" ]; do
    t0=$EPOCHREALTIME
    for ((i = 0; i < runs_per_sample; i++)); do
      if ! $dslab run --jobs 2 $pattern >/dev/null 2>"$out/long_failure.txt"; then
        cat "$out/long_failure.txt" >&2
        echo "run.sh: the long run failed after $done_cases cases" >&2
        exit 1
      fi
    done
    t1=$EPOCHREALTIME
    done_cases=$((done_cases + runs_per_sample * per_run))
    rate=$(calc "%.1f" "$((runs_per_sample * per_run)) / ($t1 - $t0)")
    # Controls, right after: plain fork+exec (the machine's speed now; the
    # median of three) and bare netns cases (does making a namespace itself
    # slow down?).
    control=$(for k in 1 2 3; do floor_seconds $floor --jobs 2 --plain 500 $noop; done |
      sort -n | sed -n 2p | awk '{printf "%.1f", 500 / $1}')
    netns=$(calc "%.1f" "500 / $(floor_seconds $floor --jobs 2 500 $noop)")
    unreclaim=$(sunreclaim) objects=$(netns_objects)
    ratio=$(calc "%.4f" "$rate / $control")
    long_json+="${long_json:+,}{\"cases\":$done_cases,\"cases_per_s\":$rate,\"control_per_s\":$control,\"ratio_to_control\":$ratio,\"netns_floor_per_s\":$netns,\"sunreclaim_kb\":$unreclaim,\"net_namespace_objects\":${objects:-null}}"
    long_table+="
| $done_cases | $rate | $control | $ratio | $netns | $unreclaim | ${objects:--} |"
    if [ $done_cases -le 1000 ]; then first+=("$rate/$ratio"); fi
    if [ $done_cases -gt $((long_cases - 1000)) ]; then last+=("$rate/$ratio"); fi
    samples+=("$done_cases $rate $ratio")
  done
  sleep 2
  drained_netns=$(netns_objects) drained_unreclaim=$(sunreclaim)
  long_table+="
| 2 s later | | | | | $drained_unreclaim | ${drained_netns:--} |"
  sleep 3
  settled_unreclaim=$(sunreclaim) settled_netns=$(netns_objects)
  long_table+="
| 5 s later | | | | | $settled_unreclaim | ${settled_netns:--} |"
  # One more sample once teardown has caught up: if a backlog of namespaces
  # being torn down slowed the last samples, this one is faster again.
  t0=$EPOCHREALTIME
  for ((i = 0; i < runs_per_sample; i++)); do $dslab run --jobs 2 $pattern >/dev/null; done
  t1=$EPOCHREALTIME
  settled_rate=$(calc "%.1f" "$((runs_per_sample * per_run)) / ($t1 - $t0)")
  long_table+="
| 500 more, after the pause | $settled_rate | | | | $(sunreclaim) | $(netns_objects) |"
  avg() { tr ' ' '\n' <<<"$1" | awk -F/ -v f="$2" '{s += $f; n++} END {printf "%.4f", s / n}'; }
  first_rate=$(avg "${first[*]}" 1) last_rate=$(avg "${last[*]}" 1)
  first_ratio=$(avg "${first[*]}" 2) last_ratio=$(avg "${last[*]}" 2)
  # A straight line through all samples: its change over the whole run,
  # relative to the mean, with twice its standard error (about a 95% interval).
  fit() { # COLUMN (2: cases/s, 3: ratio to the control)
    printf '%s\n' "${samples[@]}" | awk -v c="$1" '
      { x[NR] = $1 / 1000; y[NR] = $c; sx += x[NR]; sy += y[NR] }
      END {
        n = NR; mx = sx / n; my = sy / n
        for (i = 1; i <= n; i++) { sxx += (x[i] - mx) ^ 2; sxy += (x[i] - mx) * (y[i] - my) }
        b = sxy / sxx; a = my - b * mx
        for (i = 1; i <= n; i++) r += (y[i] - a - b * x[i]) ^ 2
        se = sqrt(r / (n - 2) / sxx); span = x[n] - x[1]
        printf "%+.1f%% ± %.1f%%", 100 * b * span / my, 200 * se * span / my
      }'
  }
  long_summary="Fitted change over the run (straight line through the $((long_cases / 500)) samples, ± 2 standard errors): $(fit 2) in cases/s, $(fit 3) against the control. First 1000 cases: $(calc "%.1f" "$first_rate") cases/s ($(calc "%.3f" "$first_ratio") of the control); last 1000: $(calc "%.1f" "$last_rate") cases/s ($(calc "%.3f" "$last_ratio")); last/first: $(calc "%.3f" "$last_rate / $first_rate") raw, $(calc "%.3f" "$last_ratio / $first_ratio") against the control. SUnreclaim $start_unreclaim kB before, $unreclaim kB after the last case, $settled_unreclaim kB 5 s later; 500 more cases after the pause: $settled_rate cases/s."
  long_json="{\"pattern\":\"$pattern\",\"cases\":$long_cases,\"fitted_change_cases_per_s\":\"$(fit 2)\",\"fitted_change_vs_control\":\"$(fit 3)\",\"samples\":[$long_json],\"first_1000_cases_per_s\":$first_rate,\"last_1000_cases_per_s\":$last_rate,\"first_1000_ratio_to_control\":$first_ratio,\"last_1000_ratio_to_control\":$last_ratio,\"sunreclaim_kb_start\":$start_unreclaim,\"sunreclaim_kb_end\":$unreclaim,\"sunreclaim_kb_settled\":$settled_unreclaim,\"cases_per_s_after_pause\":$settled_rate,\"net_namespace_objects_start\":${start_netns:-null},\"net_namespace_objects_settled\":${settled_netns:-null}}"
fi

# --- 5. kernel matrix -----------------------------------------------------------
# One boot per kernel (dslab kernels); its host column is the baseline, timed
# by the same command a few seconds earlier.
kernel_table=""
kernel_json=""
vm_worst=""
if [ -n "$kernels" ]; then
  say "kernel matrix: $kernels"
  kout=$out/kernels
  rm -rf "$kout"
  mkdir -p "$kout"
  kargs=()
  for k in $kernels; do kargs+=(--kernel "$k"); done
  krc=0
  DSLAB_KERNELS_OUT=$kout "$dslab" kernels --no-musl "${kargs[@]}" >"$kout/stdout" 2>"$kout/stderr" || krc=$?
  kernel_table="| column | kernel | boot s | suite s | wall s | suite / host suite | status |
| --- | --- | --- | --- | --- | --- | --- |"
  host_suite=""
  while IFS= read -r col; do
    name=$(jget "$col" name)
    [ "$name" = host ] && host_suite=$(jget "$col" suite_seconds)
    suite_s=$(jget "$col" suite_seconds)
    ratio=-
    if [ "$name" != host ] && [ -n "$host_suite" ] && [ "$suite_s" != null ]; then
      ratio=$(calc "%.2f" "$suite_s / $host_suite")
      vm_worst=$(calc "%.2f" "(${vm_worst:-0} > $ratio) ? ${vm_worst:-0} : $ratio") # (in parentheses: awk's printf > is a redirection)
    fi
    kernel_table+="
| $name | $(jget "$col" kernel) | $(jget "$col" boot_seconds | sed "s/^null$/-/") | $suite_s | $(jget "$col" wall_seconds) | $ratio | $(jget "$col" status)$(jget "$col" reason | sed 's/^null$//; s/^./: &/') |"
    kernel_json+="${kernel_json:+,}$col"
  done < <(grep -E '^ *\{"name":' "$kout/diff.json" 2>/dev/null | sed 's/^ *//; s/,$//')
  if [ -z "$kernel_json" ]; then
    kernel_table="dslab kernels gave no columns (exit $krc): $(tail -n 3 "$kout/stderr" | tr '\n' ' ')"
  fi
fi

# --- targets (issue 7) --------------------------------------------------------------

targets_table="| target | measured | held? |
| --- | --- | --- |"
targets_json=""
target() { # TEXT MEASURED HELD(1/0/"") [NOTE]
  local verdict=held
  case "$3" in 1) verdict=held ;; 0) verdict=MISSED ;; *) verdict="not measured" ;; esac
  targets_table+="
| $1 | $2 | $verdict${4:+ ($4)} |"
  targets_json+="${targets_json:+,}{\"target\":\"$1\",\"measured\":\"$2\",\"verdict\":\"$verdict\"}"
}
holds() { awk "BEGIN { exit !($1) }" && echo 1 || echo 0; }
median_of() { jget "$(line_of "$1" "$2")" median_s; }

case_ms=$(steady_ms steady_dslab_j2)
target "a full case ≤ 2 ms with --jobs 2 (≥ 500 cases/s), the $nsteady steady cases" \
  "$case_ms ms/case, $(calc "%.0f" "1000 / $case_ms") cases/s" "$(holds "$case_ms <= 2")"
# A case of a lesson that did nothing: the isolation every case gets (all
# but one lesson skip the mount step) and the runner's own work per case.
# The runner's share is taken on the steady cases, from the median of the
# per-round ratios (dslab run against the same lessons without it): on the
# whole suite, the difference of two medians is swamped by the lessons
# that wait or churn (it came out negative in some runs).
runner_ms=$(calc "%.3f" "($(jget "$(line_of "$suite" steady_dslab_j1)" steady_lessons_small) - 1) * $(steady_ms steady_lessons_small)")
harness_ratio=$(calc "%.2f" "($(ms isolation_nomount_seq) + $runner_ms) / $(ms floor_seq)")
target "the harness's own part ≤ 1.3× the bare-case floor" \
  "$harness_ratio× ((isolation + runner) per case / floor: $(ms isolation_nomount_seq) ms + $runner_ms ms (the runner, on the steady cases) vs $(ms floor_seq) ms)" \
  "$(holds "$harness_ratio <= 1.3")"
if [ -n "$(line_of "$suite" rootless_j1)" ]; then
  rootless=$(ratio_of rootless_j1 dslab_j1)
  target "the rootless path ≤ 1.1× the root path" "$rootless× (dslab run --jobs 1 as nobody / as root)" "$(holds "$rootless <= 1.1")"
else
  target "the rootless path ≤ 1.1× the root path" "needs root and setpriv to run as nobody" ""
fi
target "no shell and no ip netns per case" "isolate.c clones (clone3 with the namespace flags) and execs the scenario itself" 1
suite_s=$(median_of "$suite" dslab_j2)
target "the whole host suite ≤ 3 s with --jobs 2" "$(calc "%.2f" "$suite_s") s ($ncases cases)" "$(holds "$suite_s <= 3")"
for pair in "10000 3" "100000 2"; do
  read -r n want <<<"$pair"
  row=$(line_of "${snap_results[$n]:-}" dslab_diag)
  if [ -n "$row" ] && [ $have_ss = 1 ]; then
    speed=$(calc "%.2f" "1 / $(jget "$row" ratio)")
    target "snapshot ≥ ${want}× faster than ss -tuan at $n sockets" "$speed×" "$(holds "$speed >= $want")"
  else
    target "snapshot ≥ ${want}× faster than ss -tuan at $n sockets" "size not run or no ss" ""
  fi
done
row=$(line_of "${snap_results[10000]:-}" dslab_diag)
if [ -n "$row" ] && [ $have_netstat = 1 ]; then
  speed=$(calc "%.2f" "1 / $(jget "$row" netstat)")
  target "snapshot ≥ 5× faster than netstat -tuan at 10000 sockets" "$speed×" "$(holds "$speed >= 5")"
else
  target "snapshot ≥ 5× faster than netstat -tuan at 10000 sockets" "size not run or no netstat" ""
fi
row=$(line_of "${doctor_result:-}" doctor)
if [ -n "$row" ]; then
  target "dslab doctor with process names no slower than ss -tuanp at 10000 sockets" \
    "$(calc "%.2f" "$(jget "$row" ratio)")× ss -tuanp's time ($(calc "%.3f" "$(jget "$row" median_s)") s against $(calc "%.3f" "$(median_of "$doctor_result" ss_p)") s)" \
    "$(holds "$(jget "$row" ratio) <= 1")"
else
  target "dslab doctor with process names no slower than ss -tuanp at 10000 sockets" "size not run or no ss" ""
fi
if [ -n "${snap_results[10000]:-}" ] && [ -n "${snap_results[100000]:-}" ]; then
  growth=$(calc "%.1f" "$(median_of "${snap_results[100000]}" dslab_diag) / $(median_of "${snap_results[10000]}" dslab_diag)")
  target "snapshot time at 100k ≤ 20× time at 10k" "$growth×" "$(holds "$growth <= 20")"
else
  target "snapshot time at 100k ≤ 20× time at 10k" "sizes not run" ""
fi
inproc=$(jget "$inproc_small" median_us)
target "lesson-sized in-process snapshot ≤ 0.5 ms" "$(calc "%.3f" "$inproc / 1000") ms (40 sockets; $(calc "%.2f" "$(jget "$inproc_shared" median_us) / 1000") ms with the host's tables)" "$(holds "$inproc <= 500")"
hwm=$(jget "$(line_of "$memory" dslab_j1)" hwm_kb)
target "runner peak RSS ≤ 16 MiB for the whole suite" "$(calc "%.1f" "$hwm / 1024") MiB (VmHWM, --jobs 1)" "$(holds "$hwm <= 16384")"
big=$(jget "$(line_of "$largest_result" dslab_diag)" maxrss_kb)
if [ "$largest" = 100000 ]; then
  target "dslab snapshot peak RSS ≤ 64 MiB at 100k sockets" "$(calc "%.1f" "$big / 1024") MiB" "$(holds "$big <= 65536")"
else
  target "dslab snapshot peak RSS ≤ 64 MiB at 100k sockets" "largest size run: $largest" ""
fi
if [ $long = 1 ]; then
  slowdown=$(calc "%.3f" "$last_rate / $first_rate")
  target "$long_cases consecutive cases: the last 1000 ≤ 10% slower than the first 1000" \
    "last/first $slowdown raw, $(calc "%.3f" "$last_ratio / $first_ratio") against the control" "$(holds "$slowdown >= 0.9")"
  # Drained: the kernel memory namespaces hold (SUnreclaim) back within 5%
  # of where it started. The net_namespace slab's object count is shown
  # too, but SLUB counts objects of partly used slabs as active, so it
  # settles above its start and stays there however long one waits (see
  # the rows "5 s later" and "after the pause").
  target "dead namespaces drained within 2 s of the last case" \
    "SUnreclaim $start_unreclaim kB before, $unreclaim kB at the last case, $drained_unreclaim kB 2 s after (net_namespace slab objects: ${start_netns:-?} before, ${drained_netns:-?} 2 s after, ${settled_netns:-?} 5 s after)" \
    "$(holds "$drained_unreclaim <= $start_unreclaim * 1.05")"
else
  target "10,000 consecutive cases: the last 1000 ≤ 10% slower" "--no-long" ""
  target "dead namespaces drained within 2 s of the last case" "--no-long" ""
fi
if [ -n "$vm_worst" ]; then
  accel=$(awk '/^accel / {print $2; exit}' "$out"/kernels/linux-*/timing 2>/dev/null)
  target "kernel matrix: one boot per kernel, suite in the VM ≤ 3× host + boot" \
    "one boot each; suite in the VM ${vm_worst}× the host's at worst (${accel:-?}, $kernels)" "$(holds "$vm_worst <= 3")"
elif [ -n "$kernels" ]; then
  target "kernel matrix: one boot per kernel, suite in the VM ≤ 3× host + boot" "no kernel ran (see $out/kernels/stderr)" ""
else
  target "kernel matrix: one boot per kernel, suite in the VM ≤ 3× host + boot" "--no-kernels" ""
fi

# --- results ---------------------------------------------------------------------

printf '{"machine":%s,"runs":%s,"targets":[%s],"suite":[%s],"cases_alone":[%s],"snapshots":[%s],"doctor":[%s],"memory":[%s],"long_run":%s,"kernels":[%s],"runtimes":[%s]}\n' \
  "$machine_json" "$runs" "$targets_json" "$suite_json" "$per_case_json" "$snap_json" "$doctor_json" "$mem_json" "${long_json:-null}" "$kernel_json" "$runtime_json" >"$out/results.json"

cat <<REPORT
## dualstack-lab benchmark

$(uname -r), $(nproc) CPUs; load average at start $(jget "$machine_json" loadavg_at_start). Medians of $runs interleaved rounds;
ratios are medians of per-round ratios; noise is the median absolute deviation of the times.

### Targets

$targets_table

### 1. The suite against the floor

$suite_table

$breakdown_table

$slowest_table

The lessons about real programs, per case:

$runtime_table

### 2. Snapshots of N sockets (inside their namespace)

$snap_table

dslab doctor (every socket with its process and a sentence) against ss -tuanp, 10k sockets:

$doctor_table

### 3. Memory

$mem_table

REPORT
if [ $long = 1 ]; then
  cat <<REPORT
### 4. Long run: $long_cases cases

$long_table

$long_summary

REPORT
fi
if [ -n "$kernel_table" ]; then
  cat <<REPORT
### 5. Kernel matrix (dslab kernels, one boot per kernel)

$kernel_table

REPORT
fi
say "results: $out/results.json"
