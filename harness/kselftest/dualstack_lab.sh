#!/bin/sh
# dualstack-lab's whole suite as one kselftest program: every lesson under
# every variant, each in a network and PID namespace of its own, compared
# with the reference goldens in expected/. Prints KTAP (one line per case,
# nested in the kselftest runner's output); exit 0 all passed, 1 a case
# failed, 4 every case was skipped (kselftest's KSFT_SKIP).
#
# A kernel CI must see any difference from the reference as a failure, so
# a difference recorded for a kernel (expected/*/*@linux-X.Y.golden, e.g.
# the 8 bind_matrix_tcp cases of Debian's 6.1.170+) fails here too: dslab
# run --no-recorded. DSLAB_ACCEPT_RECORDED=1 accepts the recorded ones (each
# passes with a "# recorded for linux-X.Y: CASE" line); an unrecorded
# difference fails either way.
#
# Arguments (KSELFTEST_DUALSTACK_LAB_SH_ARGS) are dslab run's patterns, e.g.
# bind_matrix_tcp. The per-case time limit is 10 s times
# DSLAB_TIMEOUT_MULTIPLIER (set it on emulated machines; the whole program
# has settings' timeout).
here=$(cd "$(dirname "$0")" && pwd)
recorded=--no-recorded
[ "${DSLAB_ACCEPT_RECORDED:-0}" = 1 ] && recorded=
# A dslab without --no-recorded (before issue 13) applies no kernel's
# override outside dslab kernels: every difference fails, as wanted.
"$here/dslab" help run | grep -q -- --no-recorded || recorded=
actual=$(mktemp -d "${TMPDIR:-/tmp}/dualstack_lab.XXXXXX") || exit 1
"$here/dslab" run --format ktap --expected "$here/expected" --actual-dir "$actual" $recorded -- "$@"
status=$?
rm -rf "$actual"
# 2 (bad input: a damaged install) is a failure to kselftest.
case $status in
0 | 1 | 4) exit $status ;;
*) exit 1 ;;
esac
