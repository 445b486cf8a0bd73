#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The log lines people paste when they ask for help, as OpenVPN 2.6 writes
# them: the same profile (verb 3) is run by Debian's openvpn and by
# leanvpn against one openvpn server that pushes IPv4 and IPv6 addresses
# and routes; each stopped with SIGTERM.  For every kind of line below,
# the lines openvpn wrote (timestamps removed) must appear in leanvpn's log
# as they are: the link, the peer connection, the server's PUSH_REPLY (each client
# gets its own peer-id), the addresses and routes set and
# removed, the tun device's MTU and link state, the signal.  The banner's
# library line must be there too (its versions are leanvpn's own).
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys
lv_server msg udp "tls-crypt $LV_TMP/tc.key" 'push "route 198.19.7.0 255.255.255.0"' \
	'push "route-ipv6 2001:2:0:7::/64"'
LV_CLI_VERB=3
lv_profile "$LV_TMP/p.ovpn" udp "tls-crypt $LV_TMP/tc.key"

# run NAME CMD...: starts CMD in the client namespace, waits for the tunnel,
# stops it with SIGTERM; NAME.txt is its log without timestamps.
run() {
	name=$1
	shift
	LV_CLI_LOG="$LV_TMP/$name.log"
	lv_bg "$LV_NS_C" "$LV_CLI_LOG" "$@"
	LV_CLI=$LV_LASTPID
	lv_wait_up 20
	lv_ping "$LV_NS_C" 198.19.0.1
	lv_stop_client
	# IPv4 routes: openvpn lets the kernel find the device from the
	# gateway ("dev [NULL]"), leanvpn names the tun device it set up
	sed -E -e 's/^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} //' \
		-e 's/^(net_route_v4_(add|del): .* dev )[^ ]+ /\1DEV /' \
		-e "/^PUSH: Received control message: 'PUSH_REPLY/s/peer-id [0-9]+/peer-id N/" \
		"$LV_CLI_LOG" >"$LV_TMP/$name.txt"
}
run ovpn openvpn --config "$LV_TMP/p.ovpn"
run lvpn "$LV_LEANVPN" --config "$LV_TMP/p.ovpn"

missing=0
for kind in 'UDPv4 link local: ' 'UDPv4 link remote: ' '[server] Peer Connection Initiated with ' "PUSH: Received control message: 'PUSH_REPLY," \
	'net_iface_mtu_set: ' 'net_iface_up: ' \
	'net_addr_v4_add: ' 'net_addr_v6_add: ' 'net_route_v4_add: ' 'net_route_v6_add: ' \
	'Initialization Sequence Completed' 'Closing TUN/TAP interface' 'net_addr_v4_del: ' \
	'net_addr_v6_del: ' 'SIGTERM[hard,] received, process exiting'; do
	grep -F -- "$kind" "$LV_TMP/ovpn.txt" | grep -F -x -v -f "$LV_TMP/lvpn.txt" >"$LV_TMP/miss" || true
	n=$(grep -c -F -- "$kind" "$LV_TMP/ovpn.txt")
	[ "$n" -gt 0 ] || lv_fail "openvpn wrote no '$kind' line: the reference changed"
	if [ -s "$LV_TMP/miss" ]; then
		sed 's/^/  openvpn wrote, leanvpn did not: /' "$LV_TMP/miss"
		missing=$((missing + 1))
	fi
done
grep -q '^library versions: OpenSSL 3' "$LV_TMP/lvpn.txt" || {
	echo "  no 'library versions: OpenSSL 3...' banner line"
	missing=$((missing + 1))
}
[ "$missing" = 0 ] || { echo "----- leanvpn"; cat "$LV_TMP/lvpn.txt"; lv_fail "$missing kinds of line differ from openvpn's"; }
lv_log "every reference line of openvpn 2.6 is in leanvpn's log as written"
lv_log "PASS"
