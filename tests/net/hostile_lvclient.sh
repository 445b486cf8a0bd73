#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The leanvpn client against Debian's openvpn 2.6 server through a hostile
# network (tests/net/relay in a middle namespace, tests/net/hostile_lib.sh):
# 2% and 20% loss, 10% duplicates, reordering with 25 ms jitter, 1% bit
# flips, a 1300-byte path MTU, a NAT rebinding, and forged datagrams with
# the session's peer-id from another port.  Each: a bounded handshake and
# a sha256-checked TCP transfer each way through the tunnel.
# LVPN_LONG=1: 8 times longer transfers.  HL_SEED=N: another relay seed.
. "$(dirname "$0")/hostile_lib.sh"
hl_setup

hl_server() {
	hs=$1
	shift
	lv_server "srv-$hs" udp "tls-crypt $LV_TMP/tc.key" "$@"
}
hl_client() {
	hc=$1 pf="$LV_TMP/$1.ovpn"
	shift
	lv_profile "$pf" udp "tls-crypt $LV_TMP/tc.key" "$@"
	lv_client "$hc" "$pf"
}
hl_wait() {
	lv_wait_up "$2"
	SM_DEV_1=$LV_DEV
}
hl_stop() {
	lv_stop_client
	lv_stop "$LV_SRV"
}

hl_all
lv_log "PASS"
