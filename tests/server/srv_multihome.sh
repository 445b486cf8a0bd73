#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --multihome: a leanvpn UDP server bound to the wildcard address, with a
# second address on its link (198.18.1.1, 2001:2:1::1) that is not the
# one the kernel would answer the client from; a stock openvpn 2.6 client
# connects to the second address (IPv4, then IPv6 on the same dual-stack
# socket) and gets its tunnel: every answer came from the address it sent
# to (openvpn drops datagrams from another address), and its pings cross
# the tunnel.  Without multihome the same client gets no answer it takes.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/../server/hooks_lib.sh"
hk_begin
sif="lvs$$"
cif="lvc$$"
ip -n "$LV_NS_S" addr add 198.18.1.1/32 dev "$sif"
ip -n "$LV_NS_S" -6 addr add 2001:2:1::1/128 dev "$sif" nodad
# the client reaches them over the link, from its own 198.18.0.2 / 2001:2::2
ip -n "$LV_NS_C" route add 198.18.1.1/32 dev "$cif"
ip -n "$LV_NS_C" -6 route add 2001:2:1::1/128 dev "$cif"

# mh_client REMOTE PROTO: a stock client of REMOTE only; sets cli
mh_client() {
	lv_bg "$LV_NS_C" "$LV_TMP/c.log" openvpn --client --dev tun --proto "$2" --remote "$1" 1194 \
		--nobind --ca "$HK_PKI/ca.crt" --cert "$HK_PKI/client.crt" --key "$HK_PKI/client.key" \
		--remote-cert-tls server --verb 3
	cli=$LV_LASTPID
}

# the server on the wildcard address (no `local`)
hk_server_conf multihome | sed '/^local /d' >"$LV_TMP/s.conf"
hk_server_conf | sed '/^local /d' >"$LV_TMP/s0.conf"

for remote in 198.18.1.1 2001:2:1::1; do
	hk_start_server "$LV_TMP/s.conf"
	proto=udp4
	case $remote in *:*) proto=udp6 ;; esac
	mh_client "$remote" $proto
	hk_up "$LV_TMP/c.log" ||
		{ tail -20 "$LV_TMP/c.log" "$LV_TMP/s.log"; lv_fail "multihome $remote: no tunnel"; }
	grep -q "Incoming packet rejected" "$LV_TMP/c.log" &&
		{ grep "rejected" "$LV_TMP/c.log" | head -3; lv_fail "multihome $remote: answered from another address"; }
	dev=$(sed -n 's/.*TUN\/TAP device \([^ ]*\) opened.*/\1/p' "$LV_TMP/c.log" | head -1)
	lv_prove_tunnel "$LV_NS_C" "$dev" 198.19.0.1 20000
	lv_stop "$cli"
	lv_stop "$HK_SRV"
	lv_log "ok: multihome: a client of $remote is answered from it"
done

# without multihome the answers come from 198.18.0.1: the client takes none
hk_start_server "$LV_TMP/s0.conf"
mh_client 198.18.1.1 udp4
lv_wait_for 15 grep -q "Incoming packet rejected" "$LV_TMP/c.log" ||
	{ tail -20 "$LV_TMP/c.log"; lv_fail "without multihome: no answer from the other address"; }
grep -q "Initialization Sequence Completed" "$LV_TMP/c.log" && lv_fail "without multihome: a tunnel"
lv_stop "$cli"
lv_stop "$HK_SRV"
lv_log "ok: without multihome the answers come from the routed address (the check can fail)"
lv_log "PASS"
