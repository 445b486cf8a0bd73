#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# IPv6 as the transport and inside the tunnel: the leanvpn server on
# proto udp6 and tcp6-server at 2001:2:1::1 (server-ipv6 2001:2:0:1::/64),
# two stock openvpn clients and one leanvpn client at once; each client's
# link is IPv6 (its log and the server's status name the IPv6 address),
# each gets an IPv6 tunnel address, and carries 256 KiB each way over TCP
# to the server's tunnel address 2001:2:0:1::1 (sha256 checked, all at
# once), plus an IPv4 ping through the same tunnel.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
sm_topo 3
sm_pki 3
lv_keys

for proto in udp6 tcp6; do
	sproto=$proto
	[ $proto = tcp6 ] && sproto=tcp6-server
	{ sm_server_conf "$sproto" tls-crypt; echo "management $LV_TMP/m.sock unix"; } >"$LV_TMP/s-$proto.conf"
	sm_server "s-$proto" "$LV_TMP/s-$proto.conf"
	sm_ovpn "$proto-1" 1 "$proto" tls-crypt
	sm_ovpn "$proto-2" 2 "$proto" tls-crypt
	sm_lvpn "$proto-3" 3 "$proto" tls-crypt
	for c in 1 2 3; do
		sm_wait_up "$proto-$c"
		eval "SM_DEV_$c=$(sm_dev "$proto-$c")"
		ip -n "$(sm_ns "$c")" -6 addr show dev "$(sm_dev "$proto-$c")" | grep -q "inet6 2001:2:0:1::" ||
			lv_fail "$proto: client $c has no IPv6 tunnel address"
		lv_ping "$(sm_ns "$c")" 198.19.0.1
	done
	for c in 1 2; do
		grep -Eq "link remote: \[AF_INET6\]$SM_LINK6" "$LV_TMP/$proto-$c.log" ||
			{ grep "link remote" "$LV_TMP/$proto-$c.log"; lv_fail "$proto: client $c's link is not IPv6"; }
	done
	sm_chat "status 2" >"$LV_TMP/st-$proto.txt" 2>&1
	for c in 1 2 3; do
		grep -q "^CLIENT_LIST,client$c,2001:2:1::$((10 + c))" "$LV_TMP/st-$proto.txt" ||
			{ cat "$LV_TMP/st-$proto.txt"; lv_fail "$proto: status 2 does not show client $c's IPv6 real address"; }
	done
	sm_xfer 256 2001:2:0:1::1 1 2 3
	for c in 1 2 3; do
		sm_term "$(eval "echo \$SM_PID_$c")" "$proto: client $c"
	done
	sm_term "$SM_SRV" "$proto: server"
	lv_log "PASS $proto: 3 clients over IPv6, IPv6 and IPv4 inside"
done
lv_log "PASS"
