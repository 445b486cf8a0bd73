#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# connect-freq 1 60 on a UDP server: the first stock openvpn client gets
# in; a second one, within the same minute, is not given a client instance
# (the server says so once), while the first keeps working.  Over TCP the
# option is refused at start, as OpenVPN does.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
sm_topo 2
sm_pki 2
lv_keys

{
	sm_server_conf udp tls-crypt
	echo "connect-freq 1 60"
} >"$LV_TMP/s.conf"
sm_server s "$LV_TMP/s.conf"
sm_ovpn c1 1 udp tls-crypt
sm_wait_up c1
sm_ovpn c2 2 udp tls-crypt
lv_wait_for 10 grep -q "new connection frequency limit set by --connect-freq 1 60" "$SM_SRV_LOG" ||
	{ tail -20 "$SM_SRV_LOG"; lv_fail "the second client was not refused by connect-freq"; }
sleep 3
sm_up "$LV_TMP/c2.log" && lv_fail "the second client connected within the connect-freq period"
SM_DEV_1=$(sm_dev c1)
sm_xfer 128 198.19.0.1 1
sm_term "$SM_PID_2" "client 2"
sm_term "$SM_PID_1" "client 1"
sm_term "$SM_SRV" "server"
lv_log "PASS connect-freq 1 60: one client in, the next dropped"

{
	sm_server_conf tcp-server tls-crypt
	echo "connect-freq 1 60"
} >"$LV_TMP/t.conf"
out=$("$LV_LEANVPN" --config "$LV_TMP/t.conf" --check-config 2>&1) &&
	lv_fail "connect-freq over TCP was accepted"
echo "$out" | grep -q "option 'connect-freq': only works with 'mode server' over UDP" ||
	{ echo "$out"; lv_fail "connect-freq over TCP: not the expected error"; }
lv_log "PASS connect-freq over TCP refused: $(echo "$out" | tail -1)"
lv_log "PASS"
