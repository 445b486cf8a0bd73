#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The server goes away mid-session and comes back; the client reconnects:
#  1. UDP server with explicit-exit-notify 1 stopped by SIGTERM: it tells
#     the client (RESTART), which reconnects to the restarted server.
#  2. UDP server killed with SIGKILL (no notification): the pushed
#     keepalive 1 4 (ping-restart 4) makes the client restart and reconnect.
#  3. TCP server killed with SIGKILL: the client sees the connection drop.
# After each reconnection the tunnel is proven and carries traffic again.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys

case_run() {
	cs=$1 proto=$2 sig=$3
	srv_opts="tls-crypt $LV_TMP/tc.key
keepalive 1 4"
	[ "$proto" = udp ] && srv_opts="$srv_opts
explicit-exit-notify 1"
	lv_server "$cs-1" "$proto" "$srv_opts"
	lv_profile "$LV_TMP/$cs.ovpn" "$proto" "tls-crypt $LV_TMP/tc.key" "connect-retry 1"
	lv_client "$cs" "$LV_TMP/$cs.ovpn"
	lv_wait_up 20
	lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 30000
	r0=$(date +%s)
	kill "-$sig" "$LV_SRV"
	lv_stop "$LV_SRV"
	lv_server "$cs-2" "$proto" "$srv_opts"
	lv_wait_connects 2 30
	r1=$(date +%s)
	lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 30000
	lv_xfer 198.19.0.1 2
	lv_log "PASS $cs: server $proto stopped with SIG$sig, reconnected after $((r1 - r0)) s" \
		"($(grep -E "SIGUSR1|restart" "$LV_CLI_LOG" | head -1 | cut -c21-))"
	lv_stop_client
	lv_stop "$LV_SRV"
}
case_run exit-notify udp TERM
case_run ping-restart udp KILL
case_run tcp-drop tcp KILL
lv_log "PASS"
