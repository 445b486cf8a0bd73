#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --fragment against openvpn 2.6: the server and the leanvpn client both
# run "fragment 1200" over UDP, once with mssfix following it (2.6's
# default) and once with "mssfix 0" (full-size TCP segments must then be
# cut too).  Large pings and a TCP transfer must cross both ways intact;
# an iperf3 run reports the throughput (not a pass condition).  The server
# runs opt-verify: a client whose options string is not what 2.6 sends
# with fragment (link-mtu + 4, mtu-dynamic) is refused.
#
# The proof that no datagram on the link exceeds 1200 bytes of UDP payload:
# the veth pair's MTU is 1228 (1200 + IPv4 20 + UDP 8), so a larger
# datagram is either cut by the kernel (FragCreates grows in the sending
# namespace's /proc/net/snmp, ReasmReqds in the receiving one) or refused
# (the traffic fails).  While the counters are watched, the tunnel carries
# IPv4 only in packets of at most its MTU (pings of every size around the
# largest fragment, and of 1500, which leanvpn and openvpn must cut) and
# IPv6 in 3000-byte pings (cut by the kernel into 1500-byte IPv6
# fragments, counted apart in the Ip6 counters); the IPv4 counters of both
# namespaces must not move.  Then 3000-byte IPv4 pings with fragmentation
# allowed, as the last check.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys

FRAG=1200
ip -n "$LV_NS_S" link set "lvs$$" mtu $((FRAG + 28))
ip -n "$LV_NS_C" link set "lvc$$" mtu $((FRAG + 28))

# frags NS: the IPv4 fragmentation counters of NS
frags() { lv_snmp "$1" Ip FragOKs FragFails FragCreates ReasmReqds; }
# tcpsegs NS: TCP segments sent and retransmitted in NS
tcpsegs() { lv_snmp "$1" Tcp OutSegs RetransSegs; }

# big_ping NS PING-ARGS...: 20 pings (unless the arguments say) from NS,
# none lost
big_ping() {
	ns=$1
	shift
	ip netns exec "$ns" ping -q -c 20 -i 0.02 -W 2 "$@" >"$LV_TMP/ping.out" 2>&1 &&
		grep -q ' 0% packet loss' "$LV_TMP/ping.out" ||
		{ cat "$LV_TMP/ping.out"; lv_dump; lv_fail "$mode: ping $* from $ns"; }
	lv_log "$mode: ping $*: $(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$LV_TMP/ping.out") answered"
}

# sweep_ping NS SIZE ADDR: 2 quick pings of SIZE, both answered
sweep_ping() {
	ip netns exec "$1" ping -q -c 2 -i 0.01 -W 2 -s "$2" -M do "$3" >"$LV_TMP/ping.out" 2>&1 ||
		{ cat "$LV_TMP/ping.out"; lv_dump; lv_fail "$mode: ping -s $2 $3 from $1"; }
}

for mode in mssfix-default mssfix-0; do
	# the extra line: none, or "mssfix 0"
	if [ $mode = mssfix-0 ]; then set -- "mssfix 0"; else set --; fi
	# opt-verify: the server refuses a client whose options string differs
	# from its own (link-mtu counts the fragment header, mtu-dynamic)
	lv_server "srv-$mode" udp "tls-crypt $LV_TMP/tc.key" "fragment $FRAG" opt-verify "$@"
	lv_profile "$LV_TMP/$mode.ovpn" udp "tls-crypt $LV_TMP/tc.key" "fragment $FRAG" "$@"
	lv_client "cli-$mode" "$LV_TMP/$mode.ovpn"
	lv_wait_up 20
	s0=$(frags "$LV_NS_S")
	c0=$(frags "$LV_NS_C")
	lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 50000
	cli_addr=$(ip -n "$LV_NS_C" -4 addr show dev "$LV_DEV" | sed -n 's/.*inet \([0-9.]*\).*/\1/p' | head -1)
	big_ping "$LV_NS_C" -s 1472 -M do 198.19.0.1
	big_ping "$LV_NS_S" -s 1472 -M do "$cli_addr"
	big_ping "$LV_NS_C" -6 -s 3000 2001:2:0:1::1
	# every size around the largest fragment, both ways
	for sz in $(seq 1100 4 1300); do
		sweep_ping "$LV_NS_C" "$sz" 198.19.0.1
		sweep_ping "$LV_NS_S" "$sz" "$cli_addr"
	done
	lv_log "$mode: pings of 1128 to 1328 bytes (every 4th size): all answered"
	# a burst: 32 pings of 1500 bytes sent at once reach leanvpn in few
	# reads; their fragments must not be spread over more packets than
	# openvpn reassembles at a time (25), or it forgets some
	big_ping "$LV_NS_C" -l 32 -c 32 -s 1472 -M do 198.19.0.1
	g0=$(tcpsegs "$LV_NS_C")
	lv_xfer 198.19.0.1 3
	lv_iperf 198.19.0.1 3
	g1=$(tcpsegs "$LV_NS_C")
	lv_log "$mode: client TCP segments sent, retransmitted: [$g0] -> [$g1]"
	s1=$(frags "$LV_NS_S")
	c1=$(frags "$LV_NS_C")
	lv_log "$mode: snmp FragOKs FragFails FragCreates ReasmReqds: client [$c0] -> [$c1], server [$s0] -> [$s1]"
	[ "$c0" = "$c1" ] || lv_fail "$mode: the client's kernel cut or reassembled link datagrams (over $FRAG bytes)"
	[ "$s0" = "$s1" ] || lv_fail "$mode: the server's kernel cut or reassembled link datagrams (over $FRAG bytes)"
	big_ping "$LV_NS_C" -s 3000 -M dont 198.19.0.1
	big_ping "$LV_NS_S" -s 3000 -M dont "$cli_addr"
	grep -q 'Authenticate/Decrypt packet error\|FRAG_IN error\|FRAG TTL' "$LV_SRV_LOG" &&
		{ lv_dump; lv_fail "$mode: the server dropped packets"; }
	lv_stop_client
	lv_stop "$LV_SRV"
	lv_log "PASS $mode"
done
lv_log "PASS"
