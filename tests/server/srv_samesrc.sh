#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A client that restarts from the same address and port is let in at once:
# a server with keepalive 10 120 and a stock openvpn client bound to a
# fixed local port (--bind --lport) that is killed with SIGKILL (no exit
# notification) and started again from the same port.  Its new session
# names another session id, so the server takes it through the HMAC cookie
# exchange like any new client, and once that proves the address ends the
# old session (as OpenVPN 2.6 replaces an instance's session when a new
# one authenticates).  Before, every packet from that address went to the
# dead session and was dropped until keepalive reclaimed it (120 s).  Also
# over tls-crypt-v2, whose first packet carries the client key.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
sm_topo 1
sm_pki 1
lv_keys

# bound NAME WRAP: a stock openvpn client in client namespace 1 bound to
# local port 51194 (sm_ovpn's arguments without --nobind).  Sets SM_PID_1.
bound() {
	sm_client_args 1 udp "$2" | grep -v '^--nobind$' >"$LV_TMP/$1.args"
	# shellcheck disable=SC2046
	lv_bg "$(sm_ns 1)" "$LV_TMP/$1.log" openvpn $(cat "$LV_TMP/$1.args") --bind --lport 51194
	SM_PID_1=$LV_LASTPID
}

for wrap in tls-crypt tls-crypt-v2; do
	st="$LV_TMP/status-$wrap.log"
	{
		sm_server_conf udp "$wrap" | sed 's/^keepalive .*/keepalive 10 120/'
		echo "status $st 1"
		echo "status-version 2"
	} >"$LV_TMP/s-$wrap.conf"
	sm_server "s-$wrap" "$LV_TMP/s-$wrap.conf"
	bound "$wrap-a" "$wrap"
	sm_wait_up "$wrap-a"
	kill -9 "$SM_PID_1"
	lv_exit_status "$SM_PID_1" 5
	t0=$(date +%s)
	bound "$wrap-b" "$wrap"
	sm_wait_up "$wrap-b" 1 20
	lv_log "$wrap: the restarted client is up $(($(date +%s) - t0)) s after the old one died"
	grep -q "the client restarted from the same address: its old session ends" "$SM_SRV_LOG" ||
		{ tail -30 "$SM_SRV_LOG"; lv_fail "$wrap: the server did not say it replaced the session"; }
	lv_wait_for 5 sh -c "[ \$(grep -c '^CLIENT_LIST,client1,' '$st') = 1 ]" ||
		{ cat "$st"; lv_fail "$wrap: the status file does not list client1 exactly once"; }
	SM_DEV_1=$(sm_dev "$wrap-b")
	sm_xfer 256 198.19.0.1 1
	sm_term "$SM_PID_1" "$wrap: client"
	sm_term "$SM_SRV" "$wrap: server"
	lv_log "PASS $wrap: restart from the same address and port admitted at once"
done
lv_log "PASS"
