#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# client-to-client on and off, two stock openvpn clients (UDP, tls-crypt),
# IPv4 and IPv6 inside the tunnel.
#   on:  the clients ping each other; the packets do not cross the server's
#        TUN (its rx packet counter grows by less than the pings sent).
#   off: with forwarding off in the server's namespace the pings fail and
#        every echo request arrives on the server's TUN; with forwarding on,
#        the server's kernel routes them back and the pings succeed.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
sm_topo 2
sm_pki 2
lv_keys
N=10

srv_rx() { ip netns exec "$LV_NS_S" cat "/sys/class/net/$sdev/statistics/rx_packets"; }
# pings FROM TO: N pings from client namespace FROM to address TO
pings() { ip netns exec "$(sm_ns "$1")" ping -q -c $N -i 0.2 -W 1 "$2" >"$LV_TMP/ping.out" 2>&1; }

for mode in on off; do
	sm_server_conf udp tls-crypt >"$LV_TMP/s-$mode.conf"
	[ $mode = on ] && echo client-to-client >>"$LV_TMP/s-$mode.conf"
	ip netns exec "$LV_NS_S" sysctl -q -w net.ipv4.ip_forward=0 net.ipv6.conf.all.forwarding=0
	sm_server "s-$mode" "$LV_TMP/s-$mode.conf"
	sdev=$(sed -n 's/.*TUN\/TAP device \([^ ]*\) opened.*/\1/p' "$SM_SRV_LOG" | head -1)
	for c in 1 2; do
		sm_ovpn "$mode-$c" "$c" udp tls-crypt
	done
	for c in 1 2; do
		sm_wait_up "$mode-$c"
	done
	a1=$(sm_addr 1)
	a2=$(sm_addr 2)
	[ -n "$a1" ] && [ -n "$a2" ] && [ "$a1" != "$a2" ] || lv_fail "$mode: addresses '$a1' '$a2'"
	b1=$(ip -n "$(sm_ns 1)" -6 addr show | sed -n 's/.*inet6 \(2001:2:0:1::[0-9a-f]*\)\/.*/\1/p' | head -1)
	b2=$(ip -n "$(sm_ns 2)" -6 addr show | sed -n 's/.*inet6 \(2001:2:0:1::[0-9a-f]*\)\/.*/\1/p' | head -1)
	[ -n "$b1" ] && [ -n "$b2" ] || lv_fail "$mode: IPv6 addresses '$b1' '$b2'"
	for pair in "1 $a2" "2 $a1" "1 $b2" "2 $b1"; do
		# shellcheck disable=SC2086
		set -- $pair
		rx0=$(srv_rx)
		if [ $mode = on ]; then
			pings "$1" "$2" || { cat "$LV_TMP/ping.out"; tail -20 "$SM_SRV_LOG"; lv_fail "on: client $1 cannot reach $2"; }
			rx=$(($(srv_rx) - rx0))
			[ "$rx" -lt $N ] || lv_fail "on: $rx packets crossed the server's TUN"
		else
			pings "$1" "$2" && lv_fail "off: client $1 reached $2 without forwarding on the server"
			rx=$(($(srv_rx) - rx0))
			[ "$rx" -ge $N ] || lv_fail "off: only $rx packets reached the server's TUN, sent $N"
		fi
		lv_log "$mode: client $1 -> $2: server TUN rx +$rx packets"
	done
	if [ $mode = off ]; then
		ip netns exec "$LV_NS_S" sysctl -q -w net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
		pings 1 "$a2" || { cat "$LV_TMP/ping.out"; lv_fail "off: no route back through the server's kernel"; }
		pings 2 "$b1" || { cat "$LV_TMP/ping.out"; lv_fail "off: no IPv6 route back through the server's kernel"; }
		lv_log "off: with forwarding on, the server's kernel routes client to client"
	fi
	for c in 1 2; do
		sm_term "$(eval "echo \$SM_PID_$c")" "$mode: client $c"
	done
	sm_term "$SM_SRV" "$mode: server"
	lv_log "PASS client-to-client $mode"
done
lv_log "PASS"
