#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The leanvpn client against the leanvpn server, UDP and TCP with
# tls-crypt: two leanvpn clients at once, each carries 512 KiB each way
# (sha256 checked) over its tun; on SIGTERM each client exits 0 and the
# server notices it leaving (UDP: explicit-exit-notify; TCP: the closed
# connection) while it keeps serving; then the server exits 0 and leaves
# its namespace's routes and addresses as before.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
sm_topo 2
sm_pki 2
lv_keys

for proto in udp tcp; do
	sproto=$proto
	[ $proto = tcp ] && sproto=tcp-server
	sm_server_conf "$sproto" tls-crypt >"$LV_TMP/s-$proto.conf"
	lv_snapshot "$LV_NS_S" "$LV_TMP/s-$proto.before"
	sm_server "s-$proto" "$LV_TMP/s-$proto.conf"
	extra=
	[ $proto = udp ] && extra="explicit-exit-notify 1"
	for c in 1 2; do
		sm_lvpn "$proto-$c" "$c" "$proto" tls-crypt ${extra:+"$extra"}
	done
	for c in 1 2; do
		sm_wait_up "$proto-$c"
		eval "SM_DEV_$c=$(sm_dev "$proto-$c")"
	done
	sm_xfer 512 198.19.0.1 1 2
	sm_term "$SM_PID_1" "$proto: leanvpn client 1"
	lv_wait_for 10 grep -q "client1: client disconnected" "$SM_SRV_LOG" ||
		{ tail -20 "$SM_SRV_LOG"; lv_fail "$proto: the server did not notice client 1 leave"; }
	grep -q "client2: client disconnected" "$SM_SRV_LOG" && lv_fail "$proto: client 2 was dropped too"
	# the other client is still served
	sm_xfer 64 198.19.0.1 2
	sm_term "$SM_PID_2" "$proto: leanvpn client 2"
	sm_term "$SM_SRV" "$proto: leanvpn server"
	grep -q "Exiting" "$SM_SRV_LOG" || lv_fail "$proto: the server did not log its exit"
	lv_same_state "$LV_NS_S" "$LV_TMP/s-$proto.before" "$proto: server"
	lv_log "PASS $proto/tls-crypt: two leanvpn clients, data, clean exits"
done
lv_log "PASS"
