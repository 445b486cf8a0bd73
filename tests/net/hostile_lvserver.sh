#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Debian's openvpn 2.6 client against the leanvpn server through a hostile
# network (tests/net/relay in a middle namespace, tests/net/hostile_lib.sh):
# 2% and 20% loss, 10% duplicates, reordering with 25 ms jitter, 1% bit
# flips, a 1300-byte path MTU, a NAT rebinding (the server floats to the
# client's new port), and forged datagrams with the session's peer-id and
# garbage from another port (the server must not float to them).  Each: a
# bounded handshake and a sha256-checked TCP transfer each way.  Then a
# flood of garbage with the session's peer-id from the client's own port:
# no reply, no memory, the session survives.
# LVPN_LONG=1: 8 times longer transfers.  HL_SEED=N: another relay seed.
. "$(dirname "$0")/hostile_lib.sh"
hl_setup

hl_server() {
	hs=$1
	shift
	{
		sm_server_conf udp tls-crypt
		[ $# -gt 0 ] && printf '%s\n' "$@"
	} >"$LV_TMP/srv-$hs.conf"
	sm_server "srv-$hs" "$LV_TMP/srv-$hs.conf"
}
hl_client() {
	hc=$1
	shift
	# shellcheck disable=SC2046
	sm_ovpn "$hc" 1 udp tls-crypt $(for l in "$@"; do printf -- '--%s\n' "$l"; done)
}
hl_wait() {
	sm_wait_up "$1" 1 "$2"
	SM_DEV_1=$(sm_dev "$1")
}
hl_stop() {
	lv_stop "$SM_PID_1"
	sm_term "$SM_SRV" "the leanvpn server"
}

hl_all
hl_garbage garbage
lv_log "PASS"
