#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The eduVPN-shaped profile against an eduVPN-shaped openvpn server
# (openvpn-protocol.md c.1/c.2): everything inline, Ed25519 certificates,
# tls-crypt, tls-version-min 1.3, a UDP then a TCP remote, script-security 0;
# the server pushes redirect-gateway def1 ipv6, routes (also net_gateway
# ones), DNS and keepalive 10 60, with explicit-exit-notify 1.  Checks the
# pushed routes and redirect-gateway are applied (route lookups), the tunnel
# is proven and carries traffic, and after SIGTERM the client namespace's
# routes (all tables, v4 and v6), addresses and links are exactly as before.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_default_routes
lv_pki ed25519
lv_keys

edu_server() {
	lv_server "edu-$1" "$1" - <<EOC
remote-cert-tls client
tls-version-min 1.3
data-ciphers AES-256-GCM:CHACHA20-POLY1305
reneg-sec 36000
persist-key
persist-tun
tls-crypt $LV_TMP/tc.key
push "redirect-gateway def1 ipv6"
push "route 0.0.0.0 0.0.0.0"
push "route 198.18.100.0 255.255.255.0"
push "route-ipv6 2001:2:0:100::/64"
push "route 198.18.201.0 255.255.255.0 net_gateway"
push "route-ipv6 2001:2:0:201::/64 net_gateway_ipv6"
push "dhcp-option DNS 198.19.0.1"
push "dhcp-option DNS 2001:2:0:1::1"
push "dhcp-option DOMAIN-SEARCH example.test"
push "block-outside-dns"
$2
EOC
}
edu_server udp "explicit-exit-notify 1
push \"explicit-exit-notify 1\""

pf="$LV_TMP/edu.ovpn"
{
	cat <<EOC
# Portal: https://vpn.example.test
# Profile: Internet (internet)
dev tun
client
nobind
remote-cert-tls server
verb ${LV_CLI_VERB:-4}
server-poll-timeout 10
tls-version-min 1.3
data-ciphers AES-256-GCM:CHACHA20-POLY1305
reneg-sec 0
EOC
	lv_inline ca "$LV_PKI/ca.crt"
	lv_inline cert "$LV_PKI/client.crt"
	lv_inline key "$LV_PKI/client.key"
	lv_inline tls-crypt "$LV_TMP/tc.key"
	echo "remote $LV_LINK_S $LV_PORT udp"
	echo "remote $LV_LINK_S $LV_PORT tcp"
	echo "script-security 0"
} >"$pf"

lv_snapshot "$LV_NS_C" "$LV_TMP/state.before"
lv_client edu "$pf"
lv_wait_up 20
grep -q "UDP" "$LV_CLI_LOG" || lv_fail "the first (UDP) remote was not used"
lv_wait_for 5 grep -q "Data Channel: cipher 'AES-256-GCM'" "$LV_SRV_LOG" || { lv_dump; lv_fail "cipher"; }
grep -q "TLSv1.3" "$LV_CLI_LOG" || { lv_dump; lv_fail "no TLS 1.3 on the control channel"; }

# redirect-gateway def1 ipv6 and pushed routes, by route lookup
for a in 198.18.200.1 198.18.100.1 2001:2:0:ffff::1 2001:2:0:100::1 198.19.0.1; do
	d=$(lv_route_dev "$LV_NS_C" "$a")
	[ "$d" = "$LV_DEV" ] || { ip -n "$LV_NS_C" route; ip -n "$LV_NS_C" -6 route; lv_fail "route to $a via '$d', expected $LV_DEV"; }
done
for a in 198.18.201.1 2001:2:0:201::1 "$LV_LINK_S"; do
	d=$(lv_route_dev "$LV_NS_C" "$a")
	[ "$d" = "lvc$$" ] || { ip -n "$LV_NS_C" route; ip -n "$LV_NS_C" -6 route; lv_fail "route to $a via '$d', expected the link lvc$$"; }
done
lv_log "redirect-gateway def1 ipv6, pushed routes and net_gateway routes applied"
lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 100000
lv_ping "$LV_NS_C" 2001:2:0:1::1
lv_xfer 198.19.0.1 4
lv_xfer 2001:2:0:1::1 2
lv_stop_client
# the pushed explicit-exit-notify: the server sees the client leave at once
lv_wait_for 5 grep -q "exit message received by peer" "$LV_SRV_LOG" ||
	{ lv_dump; lv_fail "the server did not get the client's exit notification"; }
lv_log "the server got the exit notification ($(grep -m1 "exit message received" "$LV_SRV_LOG" | cut -d' ' -f4-))"
lv_same_state "$LV_NS_C" "$LV_TMP/state.before" "after SIGTERM"
lv_log "routes, addresses and links identical before and after"
lv_stop "$LV_SRV"

# the same profile when only the TCP process is there: after
# server-poll-timeout 10 on the UDP remote, the TCP remote
edu_server tcp-server "tcp-nodelay"
lv_client edu-tcp "$pf"
lv_wait_up 30
grep -q "TCPv4_CLIENT link remote" "$LV_CLI_LOG" || { lv_dump; lv_fail "not connected over the TCP remote"; }
lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 50000
lv_xfer 198.19.0.1 2
lv_stop_client
lv_same_state "$LV_NS_C" "$LV_TMP/state.before" "after SIGTERM (TCP)"
lv_log "PASS the TCP remote after the UDP one timed out; state identical after exit"
lv_log "PASS"
