#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The leanvpn server's offloaded data path over UDP (tls-crypt): two stock
# openvpn clients and a leanvpn client (its own offloads on) carry 2 MiB
# each way at once, byte-exact (sha256), with every offload on in the
# server and with each forced off there (LEANVPN_OFFLOAD); the server's
# exit counters show each offload used when on and not when off:
#   TUN offload: reads that were super-packets cut into 2+ segments each
#     on average; decrypted segments written coalesced (2+ per write);
#   UDP GSO: trains of 2+ datagrams to one client in one message;
#   UDP GRO: buffers of 2+ datagrams (the leanvpn client sends GSO
#     trains, which reach the server's socket whole).
# No datagram is truncated, and the socket drops fewer than 1 in 10.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
sm_topo 3
sm_pki 3
lv_keys

sm_server_conf udp tls-crypt >"$LV_TMP/s.conf"

# counters LOG: the numbers of the server's last "STATISTICS: offload"
# line: TUN reads, super-packets, segments, bad; TUN writes, coalesced
# writes, their packets, refused; GSO trains, their datagrams, refused;
# GRO buffers, their datagrams
counters() {
	sed -n 's/.*STATISTICS: offload: //p' "$1" | tail -1 | tr -c '0-9\n' ' '
}

run() {
	mode=$1 tun=$2 gso=$3 gro=$4
	LEANVPN_OFFLOAD=$mode
	export LEANVPN_OFFLOAD
	sm_server "s-$mode" "$LV_TMP/s.conf"
	unset LEANVPN_OFFLOAD
	sm_ovpn "o1-$mode" 1 udp tls-crypt
	sm_ovpn "o2-$mode" 2 udp tls-crypt
	sm_lvpn "l3-$mode" 3 udp tls-crypt
	sm_wait_up "o1-$mode"
	sm_wait_up "o2-$mode"
	sm_wait_up "l3-$mode"
	SM_DEV_1=$(sm_dev "o1-$mode")
	SM_DEV_2=$(sm_dev "o2-$mode")
	SM_DEV_3=$(sm_dev "l3-$mode")
	sm_xfer 2048 198.19.0.1 1 2 3
	for i in 1 2 3; do
		lv_stop "$(eval "echo \$SM_PID_$i")"
	done
	sm_term "$SM_SRV" "$mode: leanvpn server"
	set -- $(counters "$SM_SRV_LOG")
	[ $# = 13 ] || { tail -30 "$SM_SRV_LOG"; lv_fail "$mode: no offload counters at the server's exit"; }
	lv_log "$mode: server TUN reads $1 (super-packets $2 -> $3 segments, bad $4), TUN writes $5" \
		"(coalesced $6 of $7 packets), GSO trains $9 of ${10} datagrams, GRO buffers ${12} of ${13} datagrams"
	lv_log "$mode: server link $(sed -n 's/.*STATISTICS: link //p' "$SM_SRV_LOG" | tail -1)"
	[ "$4" = 0 ] || lv_fail "$mode: $4 TUN reads could not be cut"
	[ "${11}" = 0 ] || lv_fail "$mode: UDP GSO refused on a veth"
	if [ "$tun" = on ]; then
		[ "$2" -gt 0 ] && [ "$3" -ge $(($2 * 2)) ] ||
			lv_fail "$mode: TUN offload on but super-packets $2 -> $3 segments"
		[ "$6" -gt 0 ] && [ "$7" -ge $(($6 * 2)) ] ||
			lv_fail "$mode: TUN offload on but coalesced writes $6 of $7 packets"
	else
		[ "$2" = 0 ] && [ "$6" = 0 ] || lv_fail "$mode: TUN offload off but used ($2, $6)"
	fi
	if [ "$gso" = on ]; then
		[ "$9" -gt 0 ] && [ "${10}" -ge $(($9 * 2)) ] ||
			lv_fail "$mode: GSO on but trains $9 of ${10} datagrams"
	else
		[ "$9" = 0 ] || lv_fail "$mode: GSO off but $9 trains"
	fi
	if [ "$gro" = on ]; then
		[ "${12}" -gt 0 ] && [ "${13}" -ge $((${12} * 2)) ] ||
			lv_fail "$mode: GRO on but buffers ${12} of ${13} datagrams"
	else
		[ "${12}" = 0 ] || lv_fail "$mode: GRO off but ${12} buffers"
	fi
	set -- $(sed -n 's/.*STATISTICS: link .*writes \([0-9]*\) packets.*send drops \([0-9]*\), truncated \([0-9]*\).*/\1 \2 \3/p' "$SM_SRV_LOG" | tail -1)
	[ $# = 3 ] || lv_fail "$mode: no link counters at the server's exit"
	[ $(($2 * 10)) -lt "$1" ] || lv_fail "$mode: $2 of $1 datagrams not sent"
	[ "$3" = 0 ] || lv_fail "$mode: $3 datagrams truncated"
	lv_log "PASS $mode"
}

run all on on on
run none off off off
run no-tun off on on
run no-gso on off on
run no-gro on on off
lv_log "PASS"
