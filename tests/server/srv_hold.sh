#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --management-hold in the server, as OpenVPN 2.6: the daemon opens its
# management interface and nothing else, announces ">HOLD:Waiting for hold
# release" to a management client, and opens its tun device and socket only
# after "hold release"; then a stock openvpn client connects and carries data.
# A SIGTERM during the hold ends the server cleanly.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
[ -x "$SM_CHAT" ] || lv_fail "no $SM_CHAT (make check builds it)"
sm_topo 1
sm_pki 1
lv_keys

# bound: the server holds UDP port 1194 in its namespace
bound() { ip netns exec "$LV_NS_S" ss -Hlun "sport = :1194" | grep -q .; }

{
	sm_server_conf udp tls-crypt
	echo "management $LV_TMP/m.sock unix"
	echo "management-hold"
} >"$LV_TMP/s.conf"
SM_SRV_LOG="$LV_TMP/s.log"
LV_SRV_LOG=$SM_SRV_LOG
lv_bg "$LV_NS_S" "$SM_SRV_LOG" "$SM_LEANVPN" --config "$LV_TMP/s.conf"
SM_SRV=$LV_LASTPID
lv_wait_for 15 grep -q "Need hold release from management interface" "$SM_SRV_LOG" ||
	{ tail -20 "$SM_SRV_LOG"; lv_fail "the server did not hold"; }
sleep 2
grep -q "Initialization Sequence Completed" "$SM_SRV_LOG" &&
	lv_fail "the server completed its initialisation while holding"
bound && lv_fail "the server opened its socket while holding"
sm_chat >"$LV_TMP/r.hold"
grep -q "^>HOLD:Waiting for hold release:0" "$LV_TMP/r.hold" ||
	{ cat "$LV_TMP/r.hold"; lv_fail "no >HOLD notification on connect"; }
lv_log "holding: management only, no socket, >HOLD announced"

sm_chat "hold release" >"$LV_TMP/r.rel"
grep -q "^SUCCESS: hold release succeeded" "$LV_TMP/r.rel" ||
	{ cat "$LV_TMP/r.rel"; lv_fail "hold release refused"; }
lv_wait_for 15 grep -q "Initialization Sequence Completed" "$SM_SRV_LOG" ||
	{ tail -20 "$SM_SRV_LOG"; lv_fail "the server did not start after hold release"; }
bound || lv_fail "no socket after hold release"
sm_ovpn c1 1 udp tls-crypt
sm_wait_up c1
ip netns exec "$(sm_ns 1)" ping -c 2 -W 2 198.19.0.1 >/dev/null ||
	lv_fail "no traffic through the tunnel after hold release"
lv_log "released: the server started and a stock client connected"
lv_stop "$SM_PID_1"
lv_stop "$SM_SRV"

# a stop signal while holding ends the server with status 0
lv_bg "$LV_NS_S" "$LV_TMP/s2.log" "$SM_LEANVPN" --config "$LV_TMP/s.conf"
pid=$LV_LASTPID
lv_wait_for 15 grep -q "Need hold release" "$LV_TMP/s2.log" || lv_fail "second server did not hold"
kill -TERM "$pid"
lv_wait_for 10 sh -c "! kill -0 $pid 2>/dev/null" || lv_fail "SIGTERM did not end a holding server"
grep -q "Exiting" "$LV_TMP/s2.log" || { cat "$LV_TMP/s2.log"; lv_fail "no clean exit on SIGTERM while holding"; }
lv_log "SIGTERM while holding: clean exit"
lv_log "PASS"
