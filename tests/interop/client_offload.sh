#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The client's offloaded data path against Debian's openvpn 2.6 server over
# UDP (the server sees ordinary packets): with every offload on and with
# each one forced off (LEANVPN_OFFLOAD), 8 MB over IPv4 and 4 MB over IPv6
# cross the tunnel each way at once, byte-exact (sha256), full-size UDP packets (datagrams beyond the
# link MTU) cross too without UDP GSO being refused, and the client's
# exit counters show that each
# offload was really used when on and not when off:
#   TUN offload: reads that were super-packets, cut into 2+ segments each
#     on average; received segments written coalesced (2+ per write);
#   UDP GSO: trains of 2+ datagrams in one send;
#   UDP GRO: enabled on the socket when on, and not used when off.  A
#     stock openvpn sends one datagram per system call and the veth hands
#     them over one by one, so the kernel has nothing to coalesce here:
#     that GRO buffers are cut back into datagrams is proven over loopback
#     by tests/unit/test_udp_batch; here the counters are only reported.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys

# counters LOG: the numbers of the client's exit "STATISTICS: offload" line:
# TUN reads, super-packets, segments, bad; TUN writes, coalesced writes,
# their packets, refused; GSO trains, their datagrams, refused; GRO
# buffers, their datagrams
counters() {
	sed -n 's/.*STATISTICS: offload: //p' "$1" | tail -1 | tr -c '0-9\n' ' '
}

lv_server off-srv udp "tls-crypt $LV_TMP/tc.key"
lv_profile "$LV_TMP/off.ovpn" udp "tls-crypt $LV_TMP/tc.key" "verb 3"

run() {
	mode=$1 tun=$2 gso=$3 gro=$4
	LEANVPN_OFFLOAD=$mode
	export LEANVPN_OFFLOAD
	lv_client "off-$mode" "$LV_TMP/off.ovpn"
	unset LEANVPN_OFFLOAD
	lv_wait_up 20
	lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 30000
	lv_xfer 198.19.0.1 8
	lv_xfer 2001:2:0:1::1 4
	# full-size UDP packets: datagrams larger than the link's MTU
	# (fragmented by the kernel) must not go in a GSO train, which the
	# kernel refuses (EINVAL), turning GSO off for good
	lv_bg "$LV_NS_S" "$LV_TMP/iperf-srv.log" iperf3 -s -1 -B 198.19.0.1 -p 5202
	ip_srv=$LV_LASTPID
	lv_wait_for 5 sh -c "ip netns exec $LV_NS_S ss -ltn | grep -q ':5202'"
	timeout 20 ip netns exec "$LV_NS_C" iperf3 -u -c 198.19.0.1 -p 5202 -l 1472 -b 300M -t 1 \
		>"$LV_TMP/iperf-u.out" 2>&1 || { cat "$LV_TMP/iperf-u.out"; lv_fail "$mode: iperf3 -u"; }
	lv_stop "$ip_srv"
	lv_ping "$LV_NS_C" 198.19.0.1
	lv_stop_client
	grep -q "UDP segmentation refused" "$LV_CLI_LOG" && { lv_dump; lv_fail "$mode: UDP GSO refused"; }
	set -- $(counters "$LV_CLI_LOG")
	[ $# = 13 ] || { lv_dump; lv_fail "$mode: no offload counters at exit"; }
	lv_log "$mode: TUN reads $1 (super-packets $2 -> $3 segments, bad $4), TUN writes $5" \
		"(coalesced $6 of $7 packets), GSO trains $9 of ${10} datagrams, GRO buffers ${12} of ${13} datagrams"
	lv_log "$mode: link $(sed -n 's/.*STATISTICS: link //p' "$LV_CLI_LOG" | tail -1)"
	[ "$4" = 0 ] || lv_fail "$mode: $4 TUN reads could not be cut"
	set -- $(sed -n 's/.*STATISTICS: link .*writes \([0-9]*\) packets.*send drops \([0-9]*\).*/\1 \2/p' "$LV_CLI_LOG" | tail -1) "$@"
	[ $(($2 * 10)) -lt "$1" ] || lv_fail "$mode: $2 of $1 datagrams not sent"
	shift 2
	[ "${11}" = 0 ] || lv_fail "$mode: UDP GSO refused on a veth"
	if [ "$tun" = on ]; then
		grep -q "offloads: csum tso4 tso6" "$LV_CLI_LOG" || { lv_dump; lv_fail "$mode: TUN offloads not on"; }
		[ "$2" -gt 0 ] && [ "$3" -ge $(($2 * 2)) ] ||
			lv_fail "$mode: TUN offload on but super-packets $2 -> $3 segments"
		[ "$6" -gt 0 ] && [ "$7" -ge $(($6 * 2)) ] ||
			lv_fail "$mode: TUN offload on but coalesced writes $6 of $7 packets"
	else
		grep -q "offloads: csum" "$LV_CLI_LOG" && lv_fail "$mode: TUN offloads on"
		[ "$2" = 0 ] && [ "$6" = 0 ] || lv_fail "$mode: TUN offload off but used ($2, $6)"
	fi
	if [ "$gso" = on ]; then
		grep -q "UDP offloads: GSO on" "$LV_CLI_LOG" || lv_fail "$mode: GSO not on"
		[ "$9" -gt 0 ] && [ "${10}" -ge $(($9 * 2)) ] ||
			lv_fail "$mode: GSO on but trains $9 of ${10} datagrams"
	else
		grep -q "UDP offloads: GSO off" "$LV_CLI_LOG" || lv_fail "$mode: GSO on"
		[ "$9" = 0 ] || lv_fail "$mode: GSO off but $9 trains"
	fi
	if [ "$gro" = on ]; then
		grep -q "UDP offloads: GSO .*, GRO on" "$LV_CLI_LOG" || lv_fail "$mode: GRO not on"
	else
		grep -q "UDP offloads: GSO .*, GRO off" "$LV_CLI_LOG" || lv_fail "$mode: GRO on"
		[ "${12}" = 0 ] || lv_fail "$mode: GRO off but ${12} buffers"
	fi
	lv_log "PASS $mode"
}

run all on on on
run no-tun off on on
run no-gso on off on
run no-gro on on off
run none off off off
lv_stop "$LV_SRV"
lv_log "PASS"
