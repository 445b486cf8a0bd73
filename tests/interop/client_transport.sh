#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Transport variants against openvpn 2.6:
#  1. IPv6 as transport: server "proto udp6" on 2001:2::1, client remote
#     2001:2::1 (then the same over "proto tcp6-server"); IPv4 and IPv6
#     inside the tunnel.
#  2. A dead UDP remote falling through to TCP: first remote a UDP port
#     nobody listens on (server-poll-timeout 3), second the working TCP
#     server; the client must end up connected over TCP.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys

for p in udp6 tcp6-server; do
	lv_server "srv-$p" "$p" "tls-crypt $LV_TMP/tc.key"
	lv_profile "$LV_TMP/$p.ovpn" "$p" "tls-crypt $LV_TMP/tc.key"
	lv_client "cli-$p" "$LV_TMP/$p.ovpn"
	lv_wait_up 20
	grep -q "2001:2::1" "$LV_CLI_LOG" || { lv_dump; lv_fail "$p: the client did not use the IPv6 remote"; }
	lv_wait_for 5 grep -q "Peer Connection Initiated with \[AF_INET6\]2001:2::2" "$LV_SRV_LOG" ||
		{ lv_dump; lv_fail "$p: the server did not see the client over IPv6"; }
	lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 50000
	lv_ping "$LV_NS_C" 2001:2:0:1::1
	lv_xfer 2001:2:0:1::1 3
	lv_stop_client
	lv_stop "$LV_SRV"
	lv_log "PASS IPv6 transport ($p)"
done

lv_server fallback tcp "tls-crypt $LV_TMP/tc.key"
lv_profile "$LV_TMP/fallback.ovpn" udp - <<EOC
tls-crypt $LV_TMP/tc.key
server-poll-timeout 3
connect-retry 1
EOC
# first remote: UDP, a port nobody listens on; second: the TCP server
sed -i "s|^remote .*|remote $LV_LINK_S 1195 udp\nremote $LV_LINK_S $LV_PORT tcp-client|" "$LV_TMP/fallback.ovpn"
r0=$(date +%s)
lv_client fallback "$LV_TMP/fallback.ovpn"
lv_wait_up 30
r1=$(date +%s)
grep -q "UDPv4 link remote: \[AF_INET\]$LV_LINK_S:1195" "$LV_CLI_LOG" || { lv_dump; lv_fail "fallback: the dead UDP remote was not tried first"; }
grep -q "TCPv4_CLIENT link remote" "$LV_CLI_LOG" || { lv_dump; lv_fail "fallback: not connected over TCP"; }
lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 50000
lv_xfer 198.19.0.1 2
lv_stop_client
lv_log "PASS dead UDP remote fell through to TCP in $((r1 - r0)) s"
lv_log "PASS"
