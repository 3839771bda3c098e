#!/bin/sh
# /usr/bin/timeout in dslab's VM (harness/kernels/vm.sh packs it there): the
# part of coreutils' timeout(1) that the kernel's kselftest runner uses,
# on busybox alone. kselftest/runner.sh runs each test as
#   /usr/bin/timeout --foreground T /usr/bin/timeout T ./test
# and reports exit 124 as "not ok N ... # TIMEOUT T seconds"; without
# /usr/bin/timeout it runs the test with no limit. busybox's own timeout
# applet takes neither --foreground nor a process group, exits 143 rather
# than 124, and kills only the program it runs: a test's children would go
# on writing into the runner's pipe, which then waits for them.
#
#   timeout [--foreground] [--preserve-status] [-s SIGNAL] [-k DURATION]
#           DURATION COMMAND [ARG]...
#
# DURATION as sleep(1) takes it (5, 1.5, 2m); 0 is no limit. Without
# --foreground the command runs in a session and process group of its own
# (setsid) and SIGNAL goes to the whole group, as coreutils sends it to
# its group. Exit: the command's status; 124 if the time ran out (its own
# status with --preserve-status); 125 bad usage; 126/127 as the shell.
usage() {
	echo "timeout: usage: timeout [--foreground] [--preserve-status] [-s SIGNAL] [-k DURATION] DURATION COMMAND [ARG]..." >&2
	exit 125
}
signal=TERM kill_after='' foreground='' preserve=''
while [ $# -gt 0 ]; do
	case $1 in
	--foreground) foreground=1 ;;
	--preserve-status) preserve=1 ;;
	-s | --signal) [ $# -ge 2 ] || usage; signal=$2; shift ;;
	--signal=*) signal=${1#--signal=} ;;
	-k | --kill-after) [ $# -ge 2 ] || usage; kill_after=$2; shift ;;
	--kill-after=*) kill_after=${1#--kill-after=} ;;
	--) shift; break ;;
	-*) usage ;;
	*) break ;;
	esac
	shift
done
[ $# -ge 2 ] || usage
duration=$1
shift
duration_ok() {
	case $1 in
	'' | *[!0-9.smhd]* | *[smhd]?* | [!0-9]*) return 1 ;;
	esac
}
duration_ok "$duration" || usage
[ -z "$kill_after" ] || duration_ok "$kill_after" || usage
case $duration in
*[1-9]*) ;;
*) exec "$@" ;; # 0, 0.0, 0s: no limit
esac
flag=$(mktemp "${TMPDIR:-/tmp}/timeout.XXXXXX") || exit 125
rm -f "$flag"

# A background command's standard input would be /dev/null: keep ours.
exec 3<&0
if [ -n "$foreground" ]; then
	"$@" <&3 3<&- &
	child=$!
	target=$child
else
	# Not a group leader (no job control here), so setsid execs in place:
	# $! is the command, and its process group.
	setsid "$@" <&3 3<&- &
	child=$!
	target=-$child
fi
exec 3<&-
(
	sleep "$duration"
	: >"$flag"
	kill -s "$signal" -- "$target" 2>/dev/null
	if [ -n "$kill_after" ]; then
		sleep "$kill_after"
		kill -s KILL -- "$target" 2>/dev/null
	fi
) </dev/null >/dev/null 2>&1 &
watcher=$!
# Killed itself (an outer timeout, as the runner nests them): pass it on.
trap 'kill -s TERM -- "$target" 2>/dev/null' TERM
trap 'kill -s INT -- "$target" 2>/dev/null' INT
trap 'kill -s HUP -- "$target" 2>/dev/null' HUP
while :; do
	wait "$child" 2>/dev/null
	status=$?
	# A trapped signal ends wait early; the command may still run.
	kill -0 "$child" 2>/dev/null || break
done
kill "$watcher" 2>/dev/null
if [ -e "$flag" ]; then
	rm -f "$flag"
	[ -n "$preserve" ] && exit $status
	exit 124
fi
exit $status
