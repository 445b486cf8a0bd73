#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Server memory per idle client, measured (docs/SERVER-MEMORY.md):
# tests/srv/loadgen opens N real client engines over UDP (tls-crypt) from
# the client namespace, completes every handshake and push, and keeps them
# idle; the server's VmRSS (/proc/PID/status) is read before the first
# client and after all N are connected and idle.  The same for Debian's
# openvpn 2.6 as the server when it is installed.
#   MEM_CLIENTS=N (default 1000), MEM_SERVERS="leanvpn openvpn",
#   MEM_TRIM=1: also the VmRSS after gdb calls malloc_trim(0) in the server
# A measurement, not a pass/fail test: it fails only if the clients do not
# all connect.
. "$(dirname "$0")/../interop/lib.sh"
lv_require_root
lvpn="$top_builddir/src/leanvpn"
loadgen="$top_builddir/tests/srv/loadgen"
N=${MEM_CLIENTS:-1000}
SERVERS=${MEM_SERVERS:-"leanvpn openvpn"}
ulimit -n 8192
lv_netns_pair
lv_pki rsa
openvpn --genkey secret "$LV_TMP/static.key" >/dev/null 2>&1
rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status"; }
cat >"$LV_TMP/s.conf" <<EOT
mode server
tls-server
dev tun
topology subnet
server 198.19.0.0 255.255.0.0
proto udp
local $LV_LINK_S
port 1194
ca $LV_PKI/ca.crt
cert $LV_PKI/server.crt
key $LV_PKI/server.key
dh none
keepalive 10 60
tls-crypt $LV_TMP/static.key
duplicate-cn
max-clients $((N + 16))
connect-freq-initial 100000 10
verb 3
EOT
for s in $SERVERS; do
	case $s in
	leanvpn) cmd="$lvpn --config $LV_TMP/s.conf" ;;
	openvpn) command -v openvpn >/dev/null || continue
		cmd="openvpn --config $LV_TMP/s.conf" ;;
	esac
	# shellcheck disable=SC2086
	lv_bg "$LV_NS_S" "$LV_TMP/s.log" $cmd
	srv=$LV_LASTPID
	lv_wait_for 10 grep -q "Initialization Sequence Completed" "$LV_TMP/s.log" ||
		{ tail "$LV_TMP/s.log"; lv_fail "$s: server did not start"; }
	sleep 1
	rss0=$(rss "$srv")
	t0=$(date +%s)
	ip netns exec "$LV_NS_C" "$loadgen" "$LV_LINK_S" 1194 "$N" 15 "$LV_PKI/ca.crt" \
		"$LV_PKI/client.crt" "$LV_PKI/client.key" "$LV_TMP/static.key" >"$LV_TMP/lg.out" 2>&1 &
	lg=$!
	LV_PIDS="$LV_PIDS $lg"
	lv_wait_for 600 grep -q "^connected" "$LV_TMP/lg.out" ||
		{ cat "$LV_TMP/lg.out"; lv_fail "$s: the clients did not all connect"; }
	t1=$(date +%s)
	sleep 5 # idle: handshakes done, only keepalives
	rss1=$(rss "$srv")
	if [ -n "${MEM_TRIM:-}" ] && command -v gdb >/dev/null; then
		# diagnosis: how much of it is free heap the allocator kept
		gdb -p "$srv" -batch -ex 'call (int)malloc_trim(0)' >/dev/null 2>&1
		lv_log "$s: after malloc_trim(0): VmRSS $(rss "$srv") kB"
	fi
	wait "$lg" || { cat "$LV_TMP/lg.out"; lv_fail "$s: loadgen failed"; }
	lv_stop "$srv"
	per=$(((rss1 - rss0) * 1024 / N))
	lv_log "$s: $N clients connected in $((t1 - t0)) s; VmRSS $rss0 kB -> $rss1 kB: $((rss1 - rss0)) kB, $per bytes per idle client"
done
