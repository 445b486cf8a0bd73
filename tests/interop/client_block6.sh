#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --block-ipv6 against openvpn 2.6: the server gives the client IPv6
# (server-ipv6); with block-ipv6 (in the client's profile, then pushed by
# the server) an IPv6 ping into the tunnel must be answered at once by
# "Destination unreachable: No route" from the tunnel's IPv6 remote
# (2001:2:0:1::1, the pushed ifconfig-ipv6 remote), which the kernel only
# reports when the ICMPv6 checksum is right, and nothing of it may reach
# the server (its TUN device receives no byte while the IPv6 pings run).
# IPv4 still crosses.  The same run with the real openvpn as the client
# gives the reference: the same ping report, line for line.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/refclient.sh"
lv_require_client
lv_netns_pair
lv_pki rsa

# ping6_report NAME: 3 IPv6 pings to the server's tunnel address; their
# report (sequence numbers, source, message) in $LV_TMP/NAME.ping
ping6_report() {
	ip netns exec "$LV_NS_C" ping -6 -n -c 3 -i 0.2 -W 2 2001:2:0:1::1 >"$LV_TMP/$1.raw" 2>&1
	grep '^From ' "$LV_TMP/$1.raw" >"$LV_TMP/$1.ping"
}

srv_tun() { ip -n "$LV_NS_S" -o link show | sed -n 's/^[0-9]*: \(tun[0-9]*\):.*/\1/p' | head -1; }

# run NAME CLIENT-PROGRAM [PUSH]: one client session, checks, report kept
run() {
	rn=$1 prog=$2 how=$3
	if [ "$how" = pushed ]; then
		lv_server "srv-$rn" udp 'push "block-ipv6"'
		lv_profile "$LV_TMP/$rn.ovpn" udp
	else
		lv_server "srv-$rn" udp
		lv_profile "$LV_TMP/$rn.ovpn" udp block-ipv6
	fi
	lv_start_client "$prog" "$rn" "$LV_TMP/$rn.ovpn"
	lv_wait_up 20
	lv_ping "$LV_NS_C" 198.19.0.1
	st=$(srv_tun)
	[ -n "$st" ] || { lv_dump; lv_fail "$rn: no tun device in the server namespace"; }
	before=$(lv_tun_bytes "$LV_NS_S" "$st" rx)
	ping6_report "$rn"
	after=$(lv_tun_bytes "$LV_NS_S" "$st" rx)
	n=$(grep -c 'Destination unreachable: No route' "$LV_TMP/$rn.ping")
	[ "$n" = 3 ] || { cat "$LV_TMP/$rn.raw"; lv_dump; lv_fail "$rn: $n of 3 pings answered 'No route'"; }
	grep -qv '^From 2001:2:0:1::1 ' "$LV_TMP/$rn.ping" &&
		{ cat "$LV_TMP/$rn.raw"; lv_fail "$rn: an answer from another address"; }
	[ "$after" = "$before" ] || lv_fail "$rn: the server's tun received $((after - before)) bytes"
	lv_log "$rn ($prog, block-ipv6 $how): $(head -1 "$LV_TMP/$rn.ping")"
	lv_stop "$LV_CLI"
	lv_stop "$LV_SRV"
}

run ref-config openvpn config
run lv-config leanvpn config
run ref-pushed openvpn pushed
run lv-pushed leanvpn pushed
for how in config pushed; do
	diff -u "$LV_TMP/ref-$how.ping" "$LV_TMP/lv-$how.ping" ||
		lv_fail "block-ipv6 $how: leanvpn's answers differ from openvpn's"
done
lv_log "PASS"
