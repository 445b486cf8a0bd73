# SPDX-License-Identifier: BSD-2-Clause
# Peer-to-peer runs (sourced by tests/interop/p2p_*.sh after lib.sh): one
# peer in $LV_NS_S (tunnel address 198.19.0.1), the other in $LV_NS_C
# (198.19.0.2), each openvpn or leanvpn, from $LV_TMP/NAME-s.conf and
# NAME-c.conf.  The $LV_NS_C side is run as lib.sh's "client" (LV_CLI,
# LV_CLI_LOG, LV_DEV), the other as its "server" (LV_SRV, LV_SRV_LOG).

# p2p_start NAME S_IMPL C_IMPL: starts both and waits until both logged
# "Initialization Sequence Completed" ($P2P_BEFORE_PEER, if set, runs
# between the two starts).
p2p_start() {
	sbin=openvpn
	[ "$2" = leanvpn ] && sbin=$LV_LEANVPN
	LV_SRV_LOG="$LV_TMP/$1-s.log"
	lv_bg "$LV_NS_S" "$LV_SRV_LOG" "$sbin" --config "$LV_TMP/$1-s.conf"
	LV_SRV=$LV_LASTPID
	[ -z "${P2P_BEFORE_PEER:-}" ] || $P2P_BEFORE_PEER
	if [ "$3" = leanvpn ]; then
		lv_client "$1-c" "$LV_TMP/$1-c.conf"
	else
		LV_CLI_LOG="$LV_TMP/$1-c.log"
		lv_bg "$LV_NS_C" "$LV_CLI_LOG" openvpn --config "$LV_TMP/$1-c.conf"
		LV_CLI=$LV_LASTPID
	fi
	lv_wait_up 30
	lv_wait_for 20 grep -q "Initialization Sequence Completed" "$LV_SRV_LOG" ||
		{ lv_dump; lv_fail "$1: the peer in $LV_NS_S ($2) did not complete"; }
}

# p2p_check NAME: the tunnel proven both ways (route + tun counters), ping,
# and 2 MB each way with matching sha256; then both peers stopped.
p2p_check() {
	sdev=$(sed -n 's/.*TUN\/TAP device \([^ ]*\) opened.*/\1/p' "$LV_SRV_LOG" | tail -1)
	lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 30000
	lv_prove_tunnel "$LV_NS_S" "$sdev" 198.19.0.2 30000
	lv_ping "$LV_NS_C" 198.19.0.1
	lv_xfer 198.19.0.1 2
	lv_stop "$LV_CLI"
	lv_stop "$LV_SRV"
}

# p2p_restart NAME: with the peers of NAME up (openvpn in $LV_NS_S, leanvpn
# in $LV_NS_C, configured with ping 1 / ping-restart 4): openvpn stops, so
# leanvpn's ping-restart fires (no keepalive arrives); openvpn starts again
# and leanvpn is up a second time, with ping answered.  Both stopped after.
p2p_restart() {
	lv_stop "$LV_SRV"
	lv_wait_for 15 grep -q "ping-restart\|process restarting" "$LV_CLI_LOG" ||
		{ lv_dump; lv_fail "$1: leanvpn did not restart when its peer went silent"; }
	lv_bg "$LV_NS_S" "$LV_SRV_LOG" openvpn --config "$LV_TMP/$1-s.conf"
	LV_SRV=$LV_LASTPID
	lv_wait_connects 2 40
	lv_wait_for 20 grep -q "Initialization Sequence Completed" "$LV_SRV_LOG" ||
		{ lv_dump; lv_fail "$1: openvpn did not come back"; }
	lv_ping "$LV_NS_C" 198.19.0.1
	lv_log "$1: ping-restart after the peer left, up again when it came back"
	lv_stop "$LV_CLI"
	lv_stop "$LV_SRV"
}
