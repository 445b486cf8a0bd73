#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Layer 2 (dev tap) against openvpn 2.6, over UDP and over TCP: a stock
# tap server ("server 198.19.0.0 255.255.255.0", which pushes
# route-gateway and "ifconfig ADDR NETMASK"; server-ipv6 pushes
# ifconfig-ipv6) and leanvpn with "dev tap".  Checks: the device is a TAP
# (tun_flags), the pushed address sits on it with its netmask (no peer),
# the pushed IPv4 and IPv6 addresses answer pings (and a full 1514-byte
# frame each way), a pushed route goes via the route-gateway, a TCP
# transfer, the MSS leanvpn clamps inside the Ethernet frames both ways
# (the server runs with mssfix 0 so only leanvpn clamps), the --up
# script's dev_type and ifconfig_netmask, and nothing left on exit.
# Then with --lladdr (UDP) and with a pushed lladdr (TCP): the device and
# the server's neighbour table show the address.  Last, a static-key peer-to-peer tap link.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys
SYNMSS="$top_srcdir/tests/interop/synmss.py"
command -v python3 >/dev/null || { lv_log "SKIP: python3 not installed"; exit 77; }
# behind the server: reached through the pushed route via the route-gateway
ip -n "$LV_NS_S" addr add 198.19.5.1/32 dev lo || lv_fail "address behind the server"

# tap_server NAME PROTO [EXTRA...]: lib.sh's openvpn server, its device a
# tap0 (a later --dev wins); mssfix 0, so that only leanvpn clamps.
tap_server() {
	n=$1 sp=$2
	shift 2
	lv_server "$n" "$sp" "dev tap0" "mssfix 0" "tls-crypt $LV_TMP/tc.key" \
		'push "route 198.19.5.0 255.255.255.0"' "$@"
}

# synmss_start NS DEV syn|synack NAME: a capture of the transfer's SYN.
synmss_start() {
	rm -f "$LV_TMP/$4.ready"
	lv_bg "$1" "$LV_TMP/$4.mss" python3 "$SYNMSS" "$2" 5201 "$3" "$LV_TMP/$4.ready" 60
	lv_wait_for 10 test -f "$LV_TMP/$4.ready" || { cat "$LV_TMP/$4.mss"; lv_fail "capture on $2"; }
	LV_CAP=$LV_LASTPID
}

# synmss_check PID NAME WANT: the capture saw MSS WANT.
synmss_check() {
	lv_exit_status "$1" 10
	got=$(cat "$LV_TMP/$2.mss")
	[ "$LV_STATUS" = 0 ] && [ "$got" = "$3" ] || lv_fail "$2: MSS '$got', expected $3 (status $LV_STATUS)"
	lv_log "$2: MSS $got as 2.6 clamps it on tap"
}

# run PROTO WANT_MSS [EXTRA-PROFILE-LINES]
run() {
	p=$1 mss=$2
	shift 2
	tap_server "srv-$p" "$p" ${SRV_EXTRA:+"$SRV_EXTRA"}
	cat >"$LV_TMP/up.sh" <<EOS
#!/bin/sh
env >"$LV_TMP/up-$p.env"
EOS
	chmod +x "$LV_TMP/up.sh"
	lv_profile "$LV_TMP/$p.ovpn" "$p" "tls-crypt $LV_TMP/tc.key" "script-security 2" \
		"up $LV_TMP/up.sh" "$@"
	sed -i 's/^dev tun$/dev tap/' "$LV_TMP/$p.ovpn"
	lv_snapshot "$LV_NS_C" "$LV_TMP/$p.before"
	lv_client "cli-$p" "$LV_TMP/$p.ovpn"
	lv_wait_up 30
	flags=$(ip netns exec "$LV_NS_C" cat "/sys/class/net/$LV_DEV/tun_flags")
	[ $((flags & 2)) = 2 ] || lv_fail "$p: $LV_DEV is not a TAP device (tun_flags $flags)"
	ip -n "$LV_NS_C" -4 addr show dev "$LV_DEV" >"$LV_TMP/addr.out"
	grep -Eq "inet 198\.19\.0\.[0-9]+/24 " "$LV_TMP/addr.out" && ! grep -q peer "$LV_TMP/addr.out" ||
		{ cat "$LV_TMP/addr.out"; lv_fail "$p: the pushed ifconfig ADDR NETMASK is not on $LV_DEV"; }
	ip -n "$LV_NS_C" -6 addr show dev "$LV_DEV" | grep -q "inet6 2001:2:0:1::.*/64" ||
		lv_fail "$p: no pushed IPv6 address on $LV_DEV"
	lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 50000
	lv_ping "$LV_NS_C" 2001:2:0:1::1
	# a full-size frame (1500-byte IP packet + 14) each way
	ip netns exec "$LV_NS_C" ping -q -c 2 -W 2 -M do -s 1472 198.19.0.1 >"$LV_TMP/ping.out" 2>&1 ||
		{ cat "$LV_TMP/ping.out"; lv_dump; lv_fail "$p: a 1514-byte frame did not cross"; }
	ip -n "$LV_NS_C" route show 198.19.5.0/24 | grep -q "via 198.19.0.1 dev $LV_DEV" ||
		{ ip -n "$LV_NS_C" route; lv_fail "$p: pushed route not via the route-gateway"; }
	lv_ping "$LV_NS_C" 198.19.5.1
	grep -qx "dev_type=tap" "$LV_TMP/up-$p.env" && grep -qx "ifconfig_netmask=255.255.255.0" "$LV_TMP/up-$p.env" ||
		{ grep -E "^(dev|ifconfig)" "$LV_TMP/up-$p.env"; lv_fail "$p: --up environment"; }
	synmss_start "$LV_NS_S" tap0 syn "syn-$p"
	cap_syn=$LV_CAP
	synmss_start "$LV_NS_C" "$LV_DEV" synack "synack-$p"
	cap_ack=$LV_CAP
	lv_xfer 198.19.0.1 2
	synmss_check "$cap_syn" "syn-$p" "$mss"
	synmss_check "$cap_ack" "synack-$p" "$mss"
	if [ -n "${LLADDR:-}" ]; then
		got=$(ip netns exec "$LV_NS_C" cat "/sys/class/net/$LV_DEV/address")
		[ "$got" = "$LLADDR" ] || lv_fail "lladdr: $LV_DEV has $got, expected $LLADDR"
		ip -n "$LV_NS_S" neigh show dev tap0 | grep -q "lladdr $LLADDR" ||
			{ ip -n "$LV_NS_S" neigh show; lv_fail "lladdr: the server did not see $LLADDR"; }
		lv_log "lladdr $LLADDR on $LV_DEV and in the server's neighbour table"
	fi
	lv_stop_client
	lv_same_state "$LV_NS_C" "$LV_TMP/$p.before" "$p: after exit"
	lv_stop "$LV_SRV"
	lv_log "PASS tap over $p"
}

# AES-256-GCM, P_DATA_V2: 1492 - outer (28 UDP/IPv4, 40 TCP/IPv4) - 4 - 20
# (- 2 TCP length) - 32 tap extra - 40 inner IPv4 + TCP headers
run udp 1368
run tcp-server 1354
LLADDR=02:00:5e:10:20:30
run udp 1368 "lladdr $LLADDR"
LLADDR=02:00:5e:10:20:31 SRV_EXTRA="push \"lladdr 02:00:5e:10:20:31\""
run tcp-server 1354
unset LLADDR SRV_EXTRA

# peer-to-peer with a static key, nothing pushed: "ifconfig ADDR NETMASK"
# on each side's tap, openvpn 2.6 in $LV_NS_S, leanvpn in $LV_NS_C
. "$(dirname "$0")/p2p_lib.sh"
p2ptap_conf() {
	cat >"$LV_TMP/p2ptap-$1.conf" <<EOC
dev tap
proto udp
remote $3 $LV_PORT
lport $LV_PORT
secret $LV_TMP/ta.key $4
cipher AES-256-CBC
ifconfig $2 255.255.255.0
ping 2
ping-restart 30
verb 4
EOC
}
p2ptap_conf s 198.19.0.1 "$LV_LINK_C" 0
p2ptap_conf c 198.19.0.2 "$LV_LINK_S" 1
p2p_start p2ptap openvpn leanvpn
ip -n "$LV_NS_C" -4 addr show dev "$LV_DEV" | grep -q "inet 198.19.0.2/24 " ||
	lv_fail "p2p: ifconfig ADDR NETMASK not on $LV_DEV"
p2p_check p2ptap
lv_log "PASS tap peer-to-peer (static key)"
lv_log "PASS"
