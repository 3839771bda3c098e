#!/bin/busybox sh
# init of the dslab initramfs (harness/kernels/vm.sh packs it): mount what
# dslab needs, run the whole suite once, send the results to the second
# serial port, power off. Booted with panic=-1, so a crash ends qemu too.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# What udev would add and scripts expect (kselftest's runner writes to
# /dev/stdout; without the link it would make a file there).
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mount -t tmpfs tmpfs /tmp
ip link set lo up
# Debian builds sock_diag and veth as modules: vm.sh packs them, numbered
# in load order. One missing makes its lessons fail or skip with the reason.
for m in /modules/*.ko; do
	[ -e "$m" ] && insmod "$m"
done
exec 3>/dev/ttyS1
stty -F /dev/ttyS1 raw -echo 2>/dev/null
results=/proc/self/fd/3
uptime_now() { cut -d' ' -f1 /proc/uptime; }
echo "DSLAB-BOOTED $(uptime_now)" >$results
echo "KERNEL $(uname -r)" >$results
# Power off where the kernel can (ACPI); a kernel without ACPI (tinyconfig)
# only halts on poweroff: reboot instead, which qemu's -no-reboot ends.
power_off() {
	sync
	[ -d /sys/firmware/acpi ] && poweroff -f
	reboot -f
}
# An image booted without a .config on the host: vm.sh packs
# /dslab/config-needed ("CONFIG_X module" lines, both fragments) and this
# kernel checks itself against its /proc/config.gz (CONFIG_IKCONFIG_PROC).
# A missing option ends the boot before anything runs (vm.sh: exit 4).
if [ -f /dslab/config-needed ]; then
	if [ -r /proc/config.gz ] && zcat /proc/config.gz >/tmp/config 2>/dev/null; then
		missing=
		while read -r option module; do
			case $(sed -n "s/^$option=//p" /tmp/config) in
			y) ;;
			m) [ -n "$module" ] && ls /modules/*-"$module".ko >/dev/null 2>&1 ||
				missing="$missing $option=m${module:+ (no $module.ko in --modules)}" ;;
			*) missing="$missing $option" ;;
			esac
		done </dslab/config-needed
		if [ -n "$missing" ]; then
			echo "CONFIG-CHECK /proc/config.gz in the guest: missing$missing" >$results
			echo "DSLAB-END 4 $(uptime_now)" >$results
			power_off
		fi
		echo "CONFIG-CHECK /proc/config.gz in the guest: nothing missing" >$results
	else
		echo "CONFIG-CHECK no .config beside the image, no /proc/config.gz in the guest (CONFIG_IKCONFIG_PROC): checked nothing" >$results
	fi
fi
# Software emulation runs the lessons several times slower than the host:
# stretch every case's time limit (the VM as a whole has vm.sh's limit).
export DSLAB_TIMEOUT_MULTIPLIER=6
# dslab.exec=PROGRAM|ARG...: a check by hand (bind_pair, a reproducer, a
# kselftest directory's run_kselftest.sh; vm.sh's DSLAB_VM_FILES packs them
# under /dslab/extra) instead of the suite; its exit status in DSLAB-END.
set -f
command=$(sed -n 's/.*dslab\.exec=\([^ ]*\).*/\1/p' /proc/cmdline | tr '|' ' ')
if [ -n "$command" ]; then
	$command >$results 2>&1
	echo "DSLAB-END $? $(uptime_now)" >$results
	power_off
fi
# dslab.args=A|B on the kernel command line: only these patterns (vm.sh
# passes dslab kernels' own); globs are for dslab, not for this shell.
set -f
args=$(sed -n 's/.*dslab\.args=\([^ ]*\).*/\1/p' /proc/cmdline | tr '|' ' ')
# KTAP on the wire; the transcripts of every case follow (--keep).
/dslab/dslab run --format ktap --keep --expected /dslab/expected --actual-dir /tmp/actual \
	-- $args >$results 2>/tmp/stderr
status=$?
sed 's/^/# /' /tmp/stderr >$results
cd /tmp/actual && for f in $(find . -name '*.transcript' | sort); do
	name=${f#./}
	echo "=== ${name%.transcript}" >$results
	cat "$f" >$results
done
echo "DSLAB-END $status $(uptime_now)" >$results
power_off
