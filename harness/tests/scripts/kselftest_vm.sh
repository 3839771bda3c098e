#!/usr/bin/env bash
# The kselftest target, run by the kernel's own runner (Debian's
# linux-source-6.1: run_kselftest.sh, kselftest/runner.sh) inside the Debian
# 6.1 VM (harness/kselftest/run-in-vm.sh). There the suite must fail with
# exactly the cases recorded for linux-6.1 (a kernel CI sees every
# difference from the reference), nested in the runner's TAP, and every
# other case pass. Then again with DSLAB_ACCEPT_RECORDED=1, for the two
# cases bind_matrix_tcp/bindv6only=1,reuse=none,*: both recorded, they
# pass, each saying so. Last, with settings' timeout cut to 3 s, the
# runner's per-test limit stops the suite: "# TIMEOUT 3 seconds". Exits 4
# (skipped) without kernel source, rsync or qemu.
# Arguments: DSLAB SOURCE_DIR BUILD_DIR.
. "$(dirname "$0")/common.sh"
# Where KVM makes no progress, one boot finds out and the others use TCG
# (harness/kernels/vm.sh): the whole CI run's file (run_all.sh), or this
# test's.
export DSLAB_VM_ACCEL_STATE=${DSLAB_VM_ACCEL_STATE:-$WORK/accel-decision}
BUILD_DIR=${3:?usage: kselftest_vm.sh DSLAB SOURCE_DIR BUILD_DIR}
"$SOURCE_DIR/harness/kselftest/run-in-vm.sh" 6.1 "$BUILD_DIR" "$WORK/run" >"$WORK/ktap" 2>"$WORK/err"
rc=$?
[ $rc -eq 4 ] && { cat "$WORK/err"; exit 4; }
[ $rc -eq 0 ] || { fail "run-in-vm.sh exited $rc: $(cat "$WORK/err")"; finish; }
grep -qx "TAP version 13" "$WORK/ktap" || fail "no TAP header from run_kselftest.sh"
grep -qx "# selftests: dualstack: dualstack_lab.sh" "$WORK/ktap" || fail "the runner did not start dualstack_lab.sh"
grep -qx "# KTAP version 1" "$WORK/ktap" || fail "no nested KTAP"
grep -qx "not ok 1 selftests: dualstack: dualstack_lab.sh # exit=1" "$WORK/ktap" ||
	fail "the runner's verdict is not 'not ok ... exit=1': $(grep 'selftests: dualstack' "$WORK/ktap" | tail -n 1)"
# The failing cases are the recorded ones, no more, no fewer.
ls "$SOURCE_DIR"/expected/*/*@linux-6.1.golden | sed -E 's|.*/expected/||; s|@linux-6\.1\.golden$||' | sort >"$WORK/want"
sed -nE 's/^# not ok [0-9]+ //p' "$WORK/ktap" | sort >"$WORK/got"
if ! diff -u "$WORK/want" "$WORK/got" >"$WORK/diff"; then
	fail "failing cases differ from the recorded ones: $(cat "$WORK/diff")"
	# What dslab said about each unexpected one: the '# ' lines before its
	# 'not ok' (reason and diff), so a rare difference is not lost.
	sed -nE 's/^\+([^+].*)$/\1/p' "$WORK/diff" | while IFS= read -r name; do
		awk -v name="$name" '/^# (ok|not ok) [0-9]+ / {
			if ($NF == name && $2 == "not") { printf "%s", block; print; exit }
			block = ""; next }
			/^# / { block = block $0 "\n" }' "$WORK/ktap"
	done
fi
total=$(sed -nE 's/^# 1\.\.([0-9]+)$/\1/p' "$WORK/ktap")
passed=$(grep -c '^# ok ' "$WORK/ktap")
[ "$passed" -eq $((total - $(wc -l <"$WORK/want"))) ] || fail "$passed of $total cases passed"
grep -E '^(not )?ok 1 |^# # [0-9]+ passed' "$WORK/ktap"

# The runs below take the selftests' scripts the first run unpacked.
[ -d "$WORK/run/linux/tools/testing/selftests" ] && export DSLAB_LINUX_SOURCE="$WORK/run/linux"
accept_pattern='bind_matrix_tcp/bindv6only=1,reuse=none,*'
DSLAB_KSELFTEST_ENV="DSLAB_ACCEPT_RECORDED=1 KSELFTEST_DUALSTACK_LAB_SH_ARGS=$accept_pattern" \
  "$SOURCE_DIR/harness/kselftest/run-in-vm.sh" 6.1 "$BUILD_DIR" "$WORK/accept" >"$WORK/accept.ktap" 2>"$WORK/err" ||
  fail "run-in-vm.sh (accepting recorded differences) exited $?: $(cat "$WORK/err")"
grep -qx "ok 1 selftests: dualstack: dualstack_lab.sh" "$WORK/accept.ktap" ||
  fail "accepting recorded differences, the runner's verdict is not 'ok 1': $(grep 'selftests: dualstack' "$WORK/accept.ktap" | tail -n 1)"
sed -nE 's/^# # recorded for linux-6\.1: //p' "$WORK/accept.ktap" | sort >"$WORK/got"
grep -F 'bind_matrix_tcp/bindv6only=1,reuse=none,' "$WORK/want" >"$WORK/want-accept"
[ "$(wc -l <"$WORK/want-accept")" -eq 2 ] || fail "expected 2 recorded cases for $accept_pattern"
diff -u "$WORK/want-accept" "$WORK/got" >"$WORK/diff" || fail "the cases said to be recorded differ: $(cat "$WORK/diff")"
grep -E '^(not )?ok 1 |^# # [0-9]+ passed' "$WORK/accept.ktap"

# The runner's per-test time limit works in the VM (/usr/bin/timeout there
# is harness/kernels/timeout.sh): settings' timeout cut to 3 s stops the
# suite, and the runner says TIMEOUT.
DSLAB_KSELFTEST_TIMEOUT=3 "$SOURCE_DIR/harness/kselftest/run-in-vm.sh" 6.1 "$BUILD_DIR" "$WORK/timeout" \
  >"$WORK/timeout.ktap" 2>"$WORK/err" || fail "run-in-vm.sh (timeout 3) exited $?: $(cat "$WORK/err")"
grep -qx "not ok 1 selftests: dualstack: dualstack_lab.sh # TIMEOUT 3 seconds" "$WORK/timeout.ktap" ||
  fail "no TIMEOUT from the runner: $(grep 'selftests: dualstack' "$WORK/timeout.ktap" | tail -n 1)"
grep -E '^not ok 1 |^# dslab: interrupted' "$WORK/timeout.ktap"
finish
