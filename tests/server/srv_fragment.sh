#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --fragment on the leanvpn server, for every client (as 2.6 takes it from
# the server config): "fragment 1200" on the server and on two stock
# openvpn 2.6 clients, one with mssfix following fragment, one with
# "mssfix 0".  The bridge and every veth have an MTU of 1228 (1200 + IPv4
# + UDP headers): a larger datagram would be cut by the kernel, which the
# IPv4 fragmentation counters of /proc/net/snmp would show (or refused:
# the traffic would fail).  While they are watched, the tunnels carry
# IPv4 packets up to their MTU only (pings of every size around the
# largest fragment both ways, a TCP transfer for both clients at once)
# and IPv6 3000-byte pings (counted apart); then 3000-byte IPv4 pings with
# fragmentation allowed.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
sm_topo 2
sm_pki 2
lv_keys

FRAG=1200
MTU=$((FRAG + 28))
for i in 1 2; do
	ip -n "$LV_NS_S" link set "sm$$s$i" mtu $MTU
	ip -n "$(sm_ns $i)" link set "sm$$c$i" mtu $MTU
done
ip -n "$LV_NS_S" link set br0 mtu $MTU

# frags NS: the IPv4 fragmentation counters of NS
frags() { lv_snmp "$1" Ip FragOKs FragFails FragCreates ReasmReqds; }

# pings NS COUNT ARGS...: COUNT pings from NS, all answered
pings() {
	ns=$1 n=$2
	shift 2
	ip netns exec "$ns" ping -q -c "$n" -i 0.01 -W 2 "$@" >"$LV_TMP/ping.out" 2>&1 ||
		{ cat "$LV_TMP/ping.out"; tail -30 "$SM_SRV_LOG"; lv_fail "ping $* from $ns"; }
}

{ sm_server_conf udp tls-crypt; echo "fragment $FRAG"; } >"$LV_TMP/s.conf"
sm_server s "$LV_TMP/s.conf"
sm_ovpn c1 1 udp tls-crypt --fragment $FRAG
sm_ovpn c2 2 udp tls-crypt --fragment $FRAG --mssfix 0
for c in 1 2; do
	sm_wait_up "c$c"
	eval "SM_DEV_$c=$(sm_dev "c$c")"
done
before="$(frags "$LV_NS_S") / $(frags "$(sm_ns 1)") / $(frags "$(sm_ns 2)")"
for c in 1 2; do
	ns=$(sm_ns $c)
	addr=$(sm_addr $c)
	pings "$ns" 20 -s 1472 -M do 198.19.0.1
	pings "$LV_NS_S" 20 -s 1472 -M do "$addr"
	for sz in $(seq 1100 4 1300); do
		pings "$ns" 2 -s "$sz" -M do 198.19.0.1
		pings "$LV_NS_S" 2 -s "$sz" -M do "$addr"
	done
	pings "$ns" 20 -6 -s 3000 2001:2:0:1::1
	# a burst of 32 at once from the server: the fragments of one packet
	# must not be spread over more than 25 packets (openvpn's window)
	pings "$LV_NS_S" 32 -l 32 -s 1472 -M do "$addr"
	lv_log "client $c: pings of 1128 to 1500 bytes both ways, a burst of 32, 3000-byte IPv6 pings: all answered"
done
sm_xfer 2048 198.19.0.1 1 2
after="$(frags "$LV_NS_S") / $(frags "$(sm_ns 1)") / $(frags "$(sm_ns 2)")"
lv_log "snmp FragOKs FragFails FragCreates ReasmReqds (server / client 1 / client 2): [$before] -> [$after]"
[ "$before" = "$after" ] || lv_fail "a kernel cut or reassembled link datagrams (over $FRAG bytes)"
for c in 1 2; do
	pings "$(sm_ns $c)" 20 -s 3000 -M dont 198.19.0.1
	pings "$LV_NS_S" 20 -s 3000 -M dont "$(sm_addr $c)"
done
lv_log "3000-byte IPv4 pings both ways: all answered"
for c in 1 2; do
	grep -q 'FRAG_IN error\|FRAG TTL\|Authenticate/Decrypt packet error' "$LV_TMP/c$c.log" &&
		{ tail -30 "$LV_TMP/c$c.log"; lv_fail "client $c dropped packets"; }
	sm_term "$(eval "echo \$SM_PID_$c")" "client $c"
done
sm_term "$SM_SRV" server
lv_log "PASS"
