#!/usr/bin/env bash
# dslab snapshot prints, byte for byte, what the generic transcript path
# makes of the same namespace read the old way (one sock_diag dump per
# file, or /proc/net), on a real table of a few thousand sockets in a fresh
# namespace: plain, JSON, --listening, --tcp, --udp, --source proc
# (helpers/snapshot_equivalence.c). Devices in the table: lo, and a veth
# (or dummy) named q"\<0x01>, whose name JSON must escape. Exits 4
# (skipped) where no network namespace can be made.
# Arguments: DSLAB SOURCE_DIR HELPER [SOCKETS]
. "$(dirname "$0")/common.sh"
HELPER=${3:?usage: $0 DSLAB SOURCE_DIR HELPER [SOCKETS]}
SOCKETS=${4:-4000}

if ! unshare -n true 2>/dev/null && ! unshare -rn true 2>/dev/null; then
  echo "no network namespace here: skipped"
  exit 4
fi
as=(unshare -n)
unshare -n true 2>/dev/null || as=(unshare -rn)

# Inside the namespace: lo up with a documentation address, the odd device
# if this kernel and ip can make one, then the helper.
inside='
set -e
ip link set lo up
ip -6 addr add 2001:db8::1/128 dev lo nodad
device=$(printf "q\"\\\\\001")
if ip link add "$device" type dummy 2>/dev/null ||
   ip link add "$device" type veth peer name "peer0" 2>/dev/null; then
  exec "$1" "$2" "$3" "$device"
fi
echo "(no dummy or veth device here: lo only)"
exec "$1" "$2" "$3"
'
if ! command -v ip >/dev/null; then
  echo "no ip (iproute2): skipped"
  exit 4
fi
if "${as[@]}" sh -c "$inside" sh "$HELPER" "$DSLAB" "$SOCKETS" >"$WORK/out" 2>"$WORK/err"; then
  cat "$WORK/out"
else
  cat "$WORK/out" "$WORK/err"
  fail "dslab snapshot differs from the transcript path (or the helper failed)"
fi
finish
