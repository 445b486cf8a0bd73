#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# block-ipv6 and client-nat in a server's config, leanvpn against the
# real openvpn 2.6 as the reference server, a stock openvpn client each
# time.  block-ipv6: an IPv6 ping from the server's namespace to the
# client's tunnel address is answered at once on the server's device with
# "Destination unreachable: No route" (2.6 runs a packet for one client
# through process_incoming_tun).  client-nat "snat 198.19.0.0
# 255.255.255.0 10.55.0.0" (and a pushed route to 10.55.0.0/24): the
# client pings 10.55.0.1; the server rewrites the destination to
# 198.19.0.1 on the way in and the reply's source back to 10.55.0.1 on the
# way out, so the replies come from 10.55.0.1.  leanvpn's reports must be
# openvpn's, line for line.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
sm_topo 1
sm_pki 1
NS1=$(sm_ns 1)

for prog in openvpn leanvpn; do
	{
		sm_server_conf udp none
		echo block-ipv6
		echo "client-nat snat 198.19.0.0 255.255.255.0 10.55.0.0"
		echo 'push "route 10.55.0.0 255.255.255.0"'
	} >"$LV_TMP/s-$prog.conf"
	if [ $prog = openvpn ]; then
		SM_SRV_LOG="$LV_TMP/s-$prog.log"
		lv_bg "$LV_NS_S" "$SM_SRV_LOG" openvpn --config "$LV_TMP/s-$prog.conf"
		SM_SRV=$LV_LASTPID
		lv_wait_for 15 grep -q "Initialization Sequence Completed" "$SM_SRV_LOG" ||
			{ tail -30 "$SM_SRV_LOG"; lv_fail "openvpn server did not start"; }
	else
		sm_server "s-$prog" "$LV_TMP/s-$prog.conf"
	fi
	sm_ovpn "c-$prog" 1 udp none
	sm_wait_up "c-$prog"
	dev=$(sm_dev "c-$prog")
	a6=$(ip -n "$NS1" -6 addr show dev "$dev" | sed -n 's/.*inet6 \(2001:2:0:1::[0-9a-f]*\).*/\1/p' | head -1)
	[ -n "$a6" ] || lv_fail "$prog: the client has no IPv6 tunnel address"
	ip netns exec "$LV_NS_S" ping -6 -n -c 3 -i 0.2 -W 2 "$a6" >"$LV_TMP/$prog.raw6" 2>&1
	grep '^From ' "$LV_TMP/$prog.raw6" >"$LV_TMP/$prog.b6"
	[ "$(grep -c 'Destination unreachable: No route' "$LV_TMP/$prog.b6")" = 3 ] ||
		{ cat "$LV_TMP/$prog.raw6"; tail -30 "$SM_SRV_LOG"; lv_fail "$prog: 3 'No route' answers expected"; }
	lv_log "$prog server, block-ipv6: $(head -1 "$LV_TMP/$prog.b6")"
	ip netns exec "$NS1" ping -n -c 3 -i 0.2 -W 2 10.55.0.1 >"$LV_TMP/$prog.raw4" 2>&1
	grep -o '^[0-9]* bytes from [0-9.]*: icmp_seq=[0-9]*' "$LV_TMP/$prog.raw4" >"$LV_TMP/$prog.nat"
	[ "$(grep -c 'from 10.55.0.1:' "$LV_TMP/$prog.nat")" = 3 ] ||
		{ cat "$LV_TMP/$prog.raw4"; tail -30 "$SM_SRV_LOG"; lv_fail "$prog: 3 replies from 10.55.0.1 expected"; }
	lv_log "$prog server, client-nat: $(head -1 "$LV_TMP/$prog.nat")"
	lv_stop "$SM_PID_1"
	lv_stop "$SM_SRV"
done
for k in b6 nat; do
	diff -u "$LV_TMP/openvpn.$k" "$LV_TMP/leanvpn.$k" || lv_fail "$k: leanvpn's server differs from openvpn's"
done
lv_log "PASS"
