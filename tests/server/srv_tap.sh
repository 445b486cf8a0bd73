#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Layer 2 in the leanvpn server: `dev tap` with `server NET MASK`, two
# stock openvpn clients (dev tap), over UDP and over TCP; then
# `server-bridge` with the server's tap in a Linux bridge.
#   each client pings the server's tap address (198.19.0.1): the route goes
#   through its tap and the tap's tx counter grows (frames crossed the
#   tunnel);
#   client-to-client on: the clients ping each other (ARP broadcasts are
#   flooded to the other client, unicast frames go to the MAC's client)
#   and the echo requests do not cross the server's tap;
#   client-to-client off: with the other client's MAC address fixed in its
#   neighbour table, a client's pings reach the server's tap (which is not
#   a bridge, so they go no further) and fail;
#   IPv6 (server-ipv6): the clients ping the server and each other;
#   mode server with the tap's own ifconfig and an ifconfig-pool: a client
#   gets a pool address and pings the tap;
#   server-bridge: the server's tap and a veth to a third namespace in one
#   bridge; a client (given an address from the bridge's pool) pings the
#   host there; the server's tap has no address of its own.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
sm_topo 2
sm_pki 2
lv_keys
N=10
# no IPv6 on the taps: their neighbour discovery would be counted as frames
for ns in "$LV_NS_S" "$(sm_ns 1)" "$(sm_ns 2)"; do
	ip netns exec "$ns" sysctl -q -w net.ipv6.conf.default.disable_ipv6=1
done

# tap_conf PROTO [LINES...]: the server config, dev tap, `server` (no
# IPv6 and no topology: neither means anything on a tap here)
tap_conf() {
	p=$1
	shift
	sm_server_conf "$p" tls-crypt | sed -e 's/^dev tun$/dev tap/' -e '/^topology /d' -e '/^server-ipv6 /d'
	echo "status $LV_TMP/status.txt 1"
	[ $# -gt 0 ] && printf '%s\n' "$@"
}
srv_rx() { ip netns exec "$LV_NS_S" cat "/sys/class/net/$sdev/statistics/rx_packets"; }
mac_of() { ip -n "$(sm_ns "$1")" link show "$2" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p'; }
pings() { ip netns exec "$(sm_ns "$1")" ping -q -c $N -i 0.2 -W 1 "$2" >"$LV_TMP/ping.out" 2>&1; }

for proto in udp tcp; do
	case $proto in
	udp) sp=udp ;;
	tcp) sp=tcp-server ;;
	esac
	for mode in on off; do
		tag=$proto-$mode
		if [ $mode = on ]; then
			tap_conf $sp client-to-client >"$LV_TMP/s-$tag.conf"
		else
			tap_conf $sp >"$LV_TMP/s-$tag.conf"
		fi
		sm_server "s-$tag" "$LV_TMP/s-$tag.conf"
		sdev=$(sed -n 's/.*TUN\/TAP device \([^ ]*\) opened.*/\1/p' "$SM_SRV_LOG" | head -1)
		case $sdev in tap*) ;; *) lv_fail "$tag: the server opened '$sdev', not a tap" ;; esac
		ip -n "$LV_NS_S" -4 addr show dev "$sdev" | grep -q 'inet 198\.19\.0\.1/24' ||
			lv_fail "$tag: the server's $sdev has not 198.19.0.1/24"
		for c in 1 2; do
			sm_ovpn "$tag-$c" "$c" $proto tls-crypt --dev tap
		done
		for c in 1 2; do
			sm_wait_up "$tag-$c"
			eval "d$c=\$(sm_dev $tag-$c)"
		done
		a1=$(sm_addr 1)
		a2=$(sm_addr 2)
		[ -n "$a1" ] && [ -n "$a2" ] && [ "$a1" != "$a2" ] || lv_fail "$tag: addresses '$a1' '$a2'"
		case "$d1$d2" in tap*tap*) ;; *) lv_fail "$tag: client devices '$d1' '$d2'" ;; esac
		for c in 1 2; do
			lv_prove_tunnel "$(sm_ns $c)" "$(eval "echo \$d$c")" 198.19.0.1 20000
		done
		if [ $mode = on ]; then
			for pair in "1 $a2" "2 $a1"; do
				# shellcheck disable=SC2086
				set -- $pair
				rx0=$(srv_rx)
				pings "$1" "$2" || { cat "$LV_TMP/ping.out"; tail -20 "$SM_SRV_LOG"; lv_fail "$tag: client $1 cannot reach $2"; }
				rx=$(($(srv_rx) - rx0))
				[ "$rx" -lt $N ] || lv_fail "$tag: $rx frames crossed the server's tap"
				lv_log "$tag: client $1 -> $2 through the server, its tap rx +$rx frames"
			done
			# the status lists each client's MAC address as its virtual address
			for c in 1 2; do
				m=$(mac_of $c "$(eval "echo \$d$c")")
				lv_wait_for 5 grep -q "^$m,client$c,198\.18\.1\.1$c:" "$LV_TMP/status.txt" ||
					{ cat "$LV_TMP/status.txt"; lv_fail "$tag: no '$m,client$c' in the status routing table"; }
			done
		else
			ip -n "$(sm_ns 1)" neigh replace "$a2" lladdr "$(mac_of 2 "$d2")" dev "$d1" nud permanent
			rx0=$(srv_rx)
			pings 1 "$a2" && lv_fail "$tag: client 1 reached $a2 without client-to-client"
			rx=$(($(srv_rx) - rx0))
			[ "$rx" -ge $N ] || lv_fail "$tag: only $rx frames reached the server's tap, sent $N"
			lv_log "$tag: client 1 -> $a2 refused; the frames went to the server's tap (rx +$rx)"
		fi
		# on SIGUSR2 the server counts what it learnt: both clients' taps
		kill -USR2 "$SM_SRV"
		lv_wait_for 5 grep -Eq "tap: ([2-9]|[1-9][0-9]+) MAC addresses learnt" "$SM_SRV_LOG" ||
			{ tail -5 "$SM_SRV_LOG"; lv_fail "$tag: the server did not count both clients' MACs"; }
		for c in 1 2; do
			sm_term "$(eval "echo \$SM_PID_$c")" "$tag: client $c"
		done
		sm_term "$SM_SRV" "$tag: server"
		lv_log "PASS $tag"
	done
done

# IPv6 on the taps (neighbour discovery is multicast: flooded to every
# client; the answers go by MAC): server-ipv6 next to server, UDP,
# client-to-client; each client pings the server's and the other client's
# IPv6 address
for ns in "$LV_NS_S" "$(sm_ns 1)" "$(sm_ns 2)"; do
	ip netns exec "$ns" sysctl -q -w net.ipv6.conf.default.disable_ipv6=0
done
sm_server_conf udp tls-crypt | sed -e 's/^dev tun$/dev tap/' -e '/^topology /d' >"$LV_TMP/s-v6.conf"
echo client-to-client >>"$LV_TMP/s-v6.conf"
sm_server s-v6 "$LV_TMP/s-v6.conf"
for c in 1 2; do
	sm_ovpn "v6-$c" "$c" udp tls-crypt --dev tap
done
for c in 1 2; do
	sm_wait_up "v6-$c"
	eval "d$c=\$(sm_dev v6-$c)"
	eval "b$c=\$(ip -n \"\$(sm_ns $c)\" -6 addr show dev \"\$d$c\" |
		sed -n 's/.*inet6 \(2001:2:0:1::[0-9a-f]*\)\/64.*/\1/p' | head -1)"
done
[ -n "$b1" ] && [ -n "$b2" ] && [ "$b1" != "$b2" ] || lv_fail "v6: addresses '$b1' '$b2'"
for c in 1 2; do
	lv_wait_for 10 lv_no_tentative "$(sm_ns $c)" || lv_fail "v6: DAD did not finish for client $c"
done
lv_prove_tunnel "$(sm_ns 1)" "$d1" 2001:2:0:1::1 20000
pings 1 "$b2" || { cat "$LV_TMP/ping.out"; lv_fail "v6: client 1 cannot reach $b2"; }
pings 2 "$b1" || { cat "$LV_TMP/ping.out"; lv_fail "v6: client 2 cannot reach $b1"; }
for c in 1 2; do
	sm_term "$(eval "echo \$SM_PID_$c")" "v6: client $c"
done
sm_term "$SM_SRV" "v6: server"
lv_log "PASS IPv6 over tap"

# one_client NAME ADDR-RE PEER: a stock client (UDP, dev tap) of the
# running server gets an address matching ADDR-RE on its tap and reaches
# PEER through it; then client and server stop.
one_client() {
	sm_ovpn "$1-1" 1 udp tls-crypt --dev tap
	sm_wait_up "$1-1"
	d1=$(sm_dev "$1-1")
	ip -n "$(sm_ns 1)" -4 addr show dev "$d1" | grep -q "inet $2/24" ||
		{ ip -n "$(sm_ns 1)" addr show dev "$d1"; lv_fail "$1: no pool address on $d1"; }
	lv_prove_tunnel "$(sm_ns 1)" "$d1" "$3" 20000
	sm_term "$SM_PID_1" "$1: client 1"
	sm_term "$SM_SRV" "$1: server"
}

# mode server without helpers: the tap's own ifconfig and an ifconfig-pool
sm_server_conf udp tls-crypt | sed -e 's/^dev tun$/dev tap/' -e '/^topology /d' -e '/^server-ipv6 /d' \
	-e 's/^server .*/ifconfig 198.19.9.1 255.255.255.0\nifconfig-pool 198.19.9.50 198.19.9.60/' \
	>"$LV_TMP/s-explicit.conf"
echo 'push "route-gateway 198.19.9.1"' >>"$LV_TMP/s-explicit.conf"
sm_server s-explicit "$LV_TMP/s-explicit.conf"
one_client explicit '198\.19\.9\.5[0-9]' 198.19.9.1
lv_log "PASS mode server with ifconfig and ifconfig-pool"

# server-bridge: br1 in the server namespace holds the tap and a veth to
# the host namespace (198.19.7.10); the pool is 198.19.7.100-120.
LV_NS_H="lvh$$"
ip netns add "$LV_NS_H" || lv_fail "ip netns add"
LV_NETNS="$LV_NETNS $LV_NS_H"
ip link add "tb$$h" type veth peer name "tb$$s" || lv_fail "veth"
ip link set "tb$$h" netns "$LV_NS_H"
ip link set "tb$$s" netns "$LV_NS_S"
ip -n "$LV_NS_H" link set lo up
ip -n "$LV_NS_H" addr add 198.19.7.10/24 dev "tb$$h"
ip -n "$LV_NS_H" link set "tb$$h" up
ip -n "$LV_NS_S" link add br1 type bridge || lv_fail "bridge"
ip -n "$LV_NS_S" link set "tb$$s" master br1 up
ip -n "$LV_NS_S" link set br1 up
sm_server_conf udp tls-crypt | sed -e 's/^dev tun$/dev tap9/' -e '/^topology /d' -e '/^server-ipv6 /d' \
	-e 's/^server .*/server-bridge 198.19.7.1 255.255.255.0 198.19.7.100 198.19.7.120/' \
	>"$LV_TMP/s-bridge.conf"
sm_server s-bridge "$LV_TMP/s-bridge.conf"
ip -n "$LV_NS_S" -4 addr show dev tap9 | grep -q inet && lv_fail "bridge: the server gave tap9 an address"
ip -n "$LV_NS_S" link set tap9 master br1 || lv_fail "bridge: tap9 into br1"
one_client bridge '198\.19\.7\.1[0-2][0-9]' 198.19.7.10
lv_log "PASS server-bridge"
lv_log "PASS"
