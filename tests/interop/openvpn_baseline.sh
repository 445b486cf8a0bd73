#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Baseline for the interop harness: Debian's openvpn as server and client in
# two namespaces (UDP, tls-crypt, AES-256-GCM, IPv4+IPv6 in the tunnel). It
# checks the harness itself (namespaces, PKI, tunnel proof); the leanvpn
# cases replace one side.
. "$(dirname "$0")/lib.sh"
lv_require_root
command -v openvpn >/dev/null || lv_fail "openvpn not installed"
lv_netns_pair
lv_pki rsa
openvpn --genkey secret "$LV_TMP/tc.key" >/dev/null 2>&1 || lv_fail "openvpn --genkey"

lv_bg "$LV_NS_S" "$LV_TMP/server.log" openvpn --dev tun --dev-type tun --mode server --tls-server \
	--topology subnet --server 198.19.0.0 255.255.255.0 --server-ipv6 2001:2:0:1::/64 \
	--proto udp --local "$LV_LINK_S" --port 1194 \
	--ca "$LV_PKI/ca.crt" --cert "$LV_PKI/server.crt" --key "$LV_PKI/server.key" --dh none \
	--tls-crypt "$LV_TMP/tc.key" --data-ciphers AES-256-GCM --keepalive 10 60 --verb 3
srv=$LV_LASTPID
lv_bg "$LV_NS_C" "$LV_TMP/client.log" openvpn --client --dev tun --proto udp \
	--remote "$LV_LINK_S" 1194 --nobind \
	--ca "$LV_PKI/ca.crt" --cert "$LV_PKI/client.crt" --key "$LV_PKI/client.key" \
	--remote-cert-tls server --tls-crypt "$LV_TMP/tc.key" --verb 3
cli=$LV_LASTPID

if ! lv_wait_for 30 grep -q "Initialization Sequence Completed" "$LV_TMP/client.log"; then
	tail -30 "$LV_TMP/server.log" "$LV_TMP/client.log"
	lv_fail "tunnel did not come up in 30 s"
fi
cdev=$(sed -n 's/.*TUN\/TAP device \([^ ]*\) opened.*/\1/p' "$LV_TMP/client.log" | head -1)
[ -n "$cdev" ] || lv_fail "client tun device name not in log"
lv_prove_tunnel "$LV_NS_C" "$cdev" 198.19.0.1 100000
ip netns exec "$LV_NS_C" ping -6 -q -c 3 -i 0.2 -W 2 2001:2:0:1::1 >/dev/null ||
	lv_fail "IPv6 ping through the tunnel"
[ "$(lv_route_dev "$LV_NS_C" 2001:2:0:1::1)" = "$cdev" ] || lv_fail "IPv6 route not via $cdev"
lv_stop "$cli"
lv_stop "$srv"
lv_log "PASS"
