#!/usr/bin/env bash
# dslab kernels' choice of accelerator (label "kernels"): KVM judged by
# progress, not by exit (harness/kernels/vm.sh). No broken machine needed: a
# stand-in qemu (harness/tests/stand-ins/qemu-broken-kvm.sh, in DSLAB_QEMU)
# hangs silently or aborts when given -accel kvm and runs the real qemu
# otherwise, and DSLAB_KVM_DEVICE names a file of the test's own as the KVM
# device. Needs qemu and Debian's 6.1 kernel (downloaded into the build's
# cache as dslab kernels does); without them only the bad settings are
# checked and the test exits 4 (skipped).
. "$(dirname "$0")/common.sh"
export DSLAB_KERNELS_OUT="$WORK/report"
# This test's own decisions only (not a CI run's shared file: run_all.sh).
unset DSLAB_VM_ACCEL_STATE DSLAB_VM_ACCEL DSLAB_VM_KVM_DEADLINE
case=seed_v4v6/bindv6only=0
fallback="KVM opened but ran nothing in 10 s; using TCG (software emulation)"

# Bad settings: one line, exit 2, nothing booted.
if DSLAB_VM_ACCEL=fast expect_exit 2 "DSLAB_VM_ACCEL=fast" -- "$DSLAB" kernels --no-musl --kernel 6.1 "$case"; then
  [ "$(cat "$WORK/err")" = "dslab: DSLAB_VM_ACCEL=fast: use kvm, tcg or auto" ] ||
    fail "DSLAB_VM_ACCEL=fast: $(cat "$WORK/err")"
fi
if DSLAB_VM_KVM_DEADLINE=0 expect_exit 2 "DSLAB_VM_KVM_DEADLINE=0" -- "$DSLAB" kernels --no-musl --kernel 6.1 "$case"; then
  [ "$(cat "$WORK/err")" = "dslab: DSLAB_VM_KVM_DEADLINE=0: needs whole seconds (at least 1)" ] ||
    fail "DSLAB_VM_KVM_DEADLINE=0: $(cat "$WORK/err")"
fi
if ! command -v qemu-system-x86_64 >/dev/null || ! "$SOURCE_DIR/harness/kernels/vm.sh" resolve 6.1 >/dev/null 2>&1; then
  echo "no qemu-system-x86_64, or apt knows no 6.1 kernel: the boots are skipped"
  [ $failures -eq 0 ] && exit 4 || exit 1
fi

export DSLAB_QEMU="$SOURCE_DIR/harness/tests/stand-ins/qemu-broken-kvm.sh"
export STANDIN_LOG="$WORK/qemu-starts"
export DSLAB_KVM_DEVICE="$WORK/kvm"
: >"$DSLAB_KVM_DEVICE"
# The guest runs /bin/true instead of the suite: the boots are what is
# tested here, and each takes a few seconds under TCG.
export DSLAB_VM_EXEC=/bin/true
starts() { tr '\n' ' ' <"$STANDIN_LOG" | sed 's/ $//'; }
column() { jq -r --arg name "$1" --arg key "$2" '.columns[] | select(.name == $name) | .[$key]' "$WORK/report/diff.json"; }

# DSLAB_VM_ACCEL=tcg: KVM is never started, though the device is there.
# (This run also fills the cache the image column below boots from.)
: >"$STANDIN_LOG"
if DSLAB_VM_ACCEL=tcg expect_exit 0 "DSLAB_VM_ACCEL=tcg" -- "$DSLAB" kernels --no-musl --kernel 6.1 "$case"; then
  [ "$(starts)" = tcg ] || fail "DSLAB_VM_ACCEL=tcg: qemu started with: $(starts)"
  [ "$(column linux-6.1 accel)" = tcg ] || fail "DSLAB_VM_ACCEL=tcg: diff.json's accel is $(column linux-6.1 accel)"
  [ "$(column linux-6.1 accel_note)" = null ] || fail "DSLAB_VM_ACCEL=tcg: a note: $(column linux-6.1 accel_note)"
  grep -q KVM "$WORK/err" && fail "DSLAB_VM_ACCEL=tcg: KVM named: $(cat "$WORK/err")"
fi
cache="$(dirname "$DSLAB")/kernels/cache/$("$SOURCE_DIR/harness/kernels/vm.sh" resolve 6.1)"
[ -s "$cache/vmlinuz" ] || { fail "no cached 6.1 kernel in $cache"; finish; }

# A KVM that hangs, two VM columns in one run: KVM is tried once, given up
# at the deadline, said once; the second column goes straight to TCG.
: >"$STANDIN_LOG"
if expect_exit 0 "a KVM that hangs" -- "$DSLAB" kernels --no-musl --kernel 6.1 \
  --kernel-image "$cache/vmlinuz" --name again "$case"; then
  [ "$(starts)" = "kvm tcg tcg" ] || fail "a KVM that hangs: qemu started with: $(starts) (KVM once, then TCG twice)"
  [ "$(grep -c "^dslab: $fallback\$" "$WORK/err")" -eq 1 ] ||
    fail "a KVM that hangs: the line is not said once on stderr: $(cat "$WORK/err")"
  [ "$(grep -cF "($fallback)" "$WORK/out")" -eq 1 ] ||
    fail "a KVM that hangs: the table does not say it once: $(cat "$WORK/out")"
  [ "$(column linux-6.1 accel)/$(column again accel)" = tcg/tcg ] || fail "a KVM that hangs: accel in diff.json"
  [ "$(column linux-6.1 accel_note)" = "$fallback" ] ||
    fail "a KVM that hangs: diff.json's note: $(column linux-6.1 accel_note)"
  [[ $(column again accel_note) == "KVM not tried: earlier in this run, KVM opened but ran nothing in 10 s" ]] ||
    fail "a KVM that hangs: the second column's note: $(column again accel_note)"
  grep -qx "accel_note $fallback" "$WORK/report/linux-6.1/timing" || fail "a KVM that hangs: not in timing"
  # Given up at the deadline: the first column took at least the 10 s and
  # not much more than the second's time on top (the same kernel, the same
  # guest command; boots under TCG vary by a few seconds on a busy machine).
  awk -v a="$(column linux-6.1 wall_seconds)" -v b="$(column again wall_seconds)" \
    'BEGIN { exit !(a >= 10 && a - b <= 20) }' ||
    fail "a KVM that hangs: columns took $(column linux-6.1 wall_seconds) s and $(column again wall_seconds) s: not the deadline apart"
fi

# A KVM that aborts at once (earlier machines): TCG too, without waiting.
: >"$STANDIN_LOG"
if STANDIN_KVM=abort expect_exit 0 "a KVM that aborts" -- "$DSLAB" kernels --no-musl --kernel 6.1 "$case"; then
  [ "$(starts)" = "kvm tcg" ] || fail "a KVM that aborts: qemu started with: $(starts)"
  grep -q "^dslab: KVM failed: qemu exited 134 before the guest ran (qemu-system-x86_64: error: failed to set MSR .*); using TCG (software emulation)$" \
    "$WORK/err" || fail "a KVM that aborts: no line: $(cat "$WORK/err")"
  awk -v a="$(column linux-6.1 wall_seconds)" 'BEGIN { exit !(a < 9) }' ||
    fail "a KVM that aborts: waited: $(column linux-6.1 wall_seconds) s"
fi

# DSLAB_VM_ACCEL=kvm: no fallback; the column fails with the reason.
: >"$STANDIN_LOG"
if DSLAB_VM_ACCEL=kvm expect_exit 1 "DSLAB_VM_ACCEL=kvm, a KVM that hangs" -- "$DSLAB" kernels --no-musl --kernel 6.1 "$case"; then
  [ "$(starts)" = kvm ] || fail "DSLAB_VM_ACCEL=kvm: qemu started with: $(starts)"
  grep -qx "  kernel linux-6.1: KVM opened but ran nothing in 10 s (DSLAB_VM_ACCEL=kvm: no fallback to TCG)" "$WORK/out" ||
    fail "DSLAB_VM_ACCEL=kvm: no reason: $(cat "$WORK/out")"
  [ "$(column linux-6.1 status)" = no-result ] || fail "DSLAB_VM_ACCEL=kvm: status $(column linux-6.1 status)"
fi
: >"$STANDIN_LOG"
if DSLAB_KVM_DEVICE="$WORK/none" DSLAB_VM_ACCEL=kvm expect_exit 1 "DSLAB_VM_ACCEL=kvm, no KVM device" -- \
  "$DSLAB" kernels --no-musl --kernel 6.1 "$case"; then
  [ -s "$STANDIN_LOG" ] && fail "DSLAB_VM_ACCEL=kvm, no device: qemu started with: $(starts)"
  grep -qx "  kernel linux-6.1: KVM cannot be used: $WORK/none cannot be opened for reading and writing (DSLAB_VM_ACCEL=kvm: no fallback to TCG)" \
    "$WORK/out" || fail "DSLAB_VM_ACCEL=kvm, no device: no reason: $(cat "$WORK/out")"
fi

# No KVM device: TCG at once, nothing said (as before this choice existed).
: >"$STANDIN_LOG"
if DSLAB_KVM_DEVICE="$WORK/none" expect_exit 0 "no KVM device" -- "$DSLAB" kernels --no-musl --kernel 6.1 "$case"; then
  [ "$(starts)" = tcg ] || fail "no KVM device: qemu started with: $(starts)"
  grep -q KVM "$WORK/err" "$WORK/out" && fail "no KVM device: KVM named: $(cat "$WORK/err")"
  [ "$(column linux-6.1 accel_note)" = null ] || fail "no KVM device: a note: $(column linux-6.1 accel_note)"
fi

# A caller's DSLAB_VM_ACCEL_STATE carries the decision across runs (the VM
# tests share one): the second run does not try KVM.
export DSLAB_VM_ACCEL_STATE="$WORK/accel-decision"
: >"$STANDIN_LOG"
STANDIN_KVM=abort "$DSLAB" kernels --no-musl --kernel 6.1 "$case" >/dev/null 2>&1
STANDIN_KVM=abort "$DSLAB" kernels --no-musl --kernel 6.1 "$case" >"$WORK/out" 2>&1
[ "$(starts)" = "kvm tcg tcg" ] || fail "DSLAB_VM_ACCEL_STATE: qemu started with: $(starts)"
[ -s "$DSLAB_VM_ACCEL_STATE" ] || fail "DSLAB_VM_ACCEL_STATE: the caller's file is gone or empty"
unset DSLAB_VM_ACCEL_STATE
ls "$(dirname "$DSLAB")"/kernels/accel-decision.* >/dev/null 2>&1 && fail "a run's own decision file was left behind"
finish
