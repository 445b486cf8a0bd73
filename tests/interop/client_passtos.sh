#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# passtos against Debian's openvpn 2.6 server, as 2.6 applies it on a
# client (forward.c, socket.h link_socket_extract_tos/_set_tos): the TOS
# byte of each IPv4 packet sent into the tunnel is copied onto the UDP
# datagram that carries it.  Pings with TOS 0xb8 (EF) go through the
# tunnel while the server's end of the link is watched:
#  1. without passtos: no datagram to the server carries 0xb8;
#  2. with passtos: they do, as from the real openvpn client with the same
#     profile.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys

# count NAME: pings with TOS 0xb8 through the tunnel while the server's
# veth is watched; N is how many datagrams to the server carried 0xb8.
count() {
	ip netns exec "$LV_NS_S" python3 "$(dirname "$0")/dfsniff.py" "lvs$$" "$LV_PORT" 3 0xb8 \
		>"$LV_TMP/$1.tos" &
	sn=$!
	sleep 0.5
	ip netns exec "$LV_NS_C" ping -q -c 8 -i 0.2 -W 2 -Q 0xb8 198.19.0.1 >"$LV_TMP/$1.ping" 2>&1 ||
		{ cat "$LV_TMP/$1.ping"; lv_dump; lv_fail "$1: ping through the tunnel"; }
	wait "$sn"
	N=$(sed -n 's/^tos=\([0-9]*\) .*/\1/p' "$LV_TMP/$1.tos")
	lv_log "$1: $(cat "$LV_TMP/$1.tos")"
}

run() {
	lv_client_as "$1" "$2" "$3"
	lv_wait_up 20
	count "$1"
	lv_stop "$LV_CLI"
}

lv_server tos-srv udp "tls-crypt $LV_TMP/tc.key"
lv_profile "$LV_TMP/plain.ovpn" udp "tls-crypt $LV_TMP/tc.key"
run plain "$LV_TMP/plain.ovpn" leanvpn
[ "${N:-x}" = 0 ] || lv_fail "plain: $N datagrams carried TOS 0xb8 without passtos"
lv_profile "$LV_TMP/tos.ovpn" udp "tls-crypt $LV_TMP/tc.key" passtos
run passtos-openvpn "$LV_TMP/tos.ovpn" openvpn
[ "${N:-0}" -ge 6 ] || lv_fail "the openvpn client set TOS 0xb8 on $N datagrams only"
run passtos "$LV_TMP/tos.ovpn" leanvpn
[ "${N:-0}" -ge 6 ] || { lv_dump; lv_fail "passtos: $N datagrams carried TOS 0xb8 (8 pings sent)"; }
lv_stop "$LV_SRV"
lv_log "PASS"
