#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Renegotiation with openvpn 2.6: reneg-sec 2 on the server (UDP run: the
# server starts each renegotiation), then reneg-sec 2 on the client (TCP run:
# leanvpn starts them).  Traffic crosses several key changes: iperf3 for 7 s
# and sha256-checked transfers spread over ~6 s; at least 3 new keys must be
# seen in the client's log.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys

run() {
	who=$1 proto=$2
	if [ "$who" = server ]; then
		lv_server "srv-$who" "$proto" "tls-crypt $LV_TMP/tc.key" "reneg-sec 2"
		lv_profile "$LV_TMP/$who.ovpn" "$proto" "tls-crypt $LV_TMP/tc.key" "reneg-sec 0"
	else
		lv_server "srv-$who" "$proto" "tls-crypt $LV_TMP/tc.key" "reneg-sec 0"
		lv_profile "$LV_TMP/$who.ovpn" "$proto" "tls-crypt $LV_TMP/tc.key" "reneg-sec 2"
	fi
	lv_client "cli-$who" "$LV_TMP/$who.ovpn"
	lv_wait_up 20
	lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 50000
	lv_iperf 198.19.0.1 7
	for _ in 1 2 3 4; do
		lv_xfer 198.19.0.1 2
		sleep 1
	done
	lv_ping "$LV_NS_C" 2001:2:0:1::1
	keys=$(grep -c "Control Channel: .*(key id" "$LV_CLI_LOG")
	[ "$keys" -ge 4 ] || { lv_dump; lv_fail "reneg-sec 2 on the $who: only $keys keys negotiated"; }
	lv_log "reneg-sec 2 on the $who ($proto): $keys keys negotiated, traffic intact across them"
	lv_stop_client
	lv_stop "$LV_SRV"
	lv_log "PASS renegotiation started by the $who"
}
run server udp
run client tcp
lv_log "PASS"
