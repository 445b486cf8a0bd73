#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The client's link socket against Debian's openvpn 2.6 server:
#  1. batching: under a bulk transfer the client reads and writes the UDP
#     link in batches (SIGUSR2 statistics: more packets than system calls
#     each way); TCP writes are coalesced too.
#  2. lport: the client's socket is bound to the given local port (the
#     server sees that source port); the port already taken: exit status 1
#     with OpenVPN's "Socket bind failed" line, nothing left behind.  No
#     nobind: bound to 1194 (OpenVPN's default); nobind: not.
#  3. proto-force udp: of a tcp and a udp connection entry only the udp one
#     is used; proto-force tcp with only udp entries: a configuration error.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys

# stats LOG: "rx_pkts rx_calls tx_pkts tx_calls" of the last SIGUSR2 line
stats() {
	sed -n 's/.*link reads \([0-9]*\) packets in \([0-9]*\) calls, writes \([0-9]*\) packets in \([0-9]*\) calls.*/\1 \2 \3 \4/p' "$1" | tail -1
}

# local_ports: the local UDP ports of leanvpn's sockets in the client namespace
local_ports() {
	ip netns exec "$LV_NS_C" ss -uanpH | grep leanvpn | awk '{print $4}' | sed 's/.*://'
}

batch_case() {
	proto=$1
	lv_server "b-$proto-srv" "$proto" "tls-crypt $LV_TMP/tc.key"
	lv_profile "$LV_TMP/b-$proto.ovpn" "$proto" "tls-crypt $LV_TMP/tc.key"
	lv_client "b-$proto" "$LV_TMP/b-$proto.ovpn"
	lv_wait_up 20
	lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 30000
	lv_xfer 198.19.0.1 8
	kill -USR2 "$LV_CLI"
	lv_wait_for 5 grep -q "link reads" "$LV_CLI_LOG" || { lv_dump; lv_fail "no link statistics after SIGUSR2"; }
	set -- $(stats "$LV_CLI_LOG")
	[ $# = 4 ] || { lv_dump; lv_fail "link statistics not parsed"; }
	lv_log "$proto: link reads $1 packets in $2 calls, writes $3 packets in $4 calls"
	[ "$3" -gt $(($4 + $4 / 10)) ] || lv_fail "$proto: writes not batched ($3 packets in $4 calls)"
	if [ "$proto" = udp ]; then
		[ "$1" -gt $(($2 + $2 / 10)) ] || lv_fail "udp: reads not batched ($1 packets in $2 calls)"
	fi
	lv_stop_client
	lv_stop "$LV_SRV"
	lv_log "PASS batching over $proto"
}
batch_case udp
batch_case tcp

# --- lport ---
lv_server lport-srv udp "tls-crypt $LV_TMP/tc.key"
lv_profile "$LV_TMP/lport.ovpn" udp "tls-crypt $LV_TMP/tc.key" "lport 41194"
sed -i '/^nobind$/d' "$LV_TMP/lport.ovpn"
lv_client lport "$LV_TMP/lport.ovpn"
lv_wait_up 20
local_ports | grep -qx 41194 ||
	{ ip netns exec "$LV_NS_C" ss -uanp; lv_fail "the client socket is not bound to port 41194"; }
grep -q "198.18.0.2:41194" "$LV_SRV_LOG" || { lv_dump; lv_fail "the server did not see source port 41194"; }
lv_ping "$LV_NS_C" 198.19.0.1
lv_stop_client
lv_log "PASS lport 41194: bound, the server saw 198.18.0.2:41194"

# the port taken by another socket in the client namespace
lv_bg "$LV_NS_C" "$LV_TMP/holder.log" python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 41194))
print("bound", flush=True)
time.sleep(60)'
holder=$LV_LASTPID
lv_wait_for 5 grep -q bound "$LV_TMP/holder.log" || lv_fail "the port holder did not start"
lv_expect_fail taken "$LV_TMP/lport.ovpn" 1 "lport taken" "Socket bind failed on local address .*41194: Address already in use"
lv_stop "$holder"

# no nobind, no lport: OpenVPN binds a UDP client to port 1194; nobind: not
lv_profile "$LV_TMP/default.ovpn" udp "tls-crypt $LV_TMP/tc.key"
sed -i '/^nobind$/d' "$LV_TMP/default.ovpn"
lv_client default "$LV_TMP/default.ovpn"
lv_wait_up 20
local_ports | grep -qx 1194 ||
	{ ip netns exec "$LV_NS_C" ss -uanp; lv_fail "default bind: the client is not bound to 1194"; }
lv_stop_client
lv_profile "$LV_TMP/nobind.ovpn" udp "tls-crypt $LV_TMP/tc.key"
lv_client nobind "$LV_TMP/nobind.ovpn"
lv_wait_up 20
if local_ports | grep -qx 1194; then
	ip netns exec "$LV_NS_C" ss -uanp
	lv_fail "nobind: the client is bound to 1194"
fi
lv_stop_client
lv_log "PASS bind: to 1194 by default, not with nobind"

# --- proto-force ---
lv_profile "$LV_TMP/pf.ovpn" udp - <<EOC
tls-crypt $LV_TMP/tc.key
proto-force udp
<connection>
remote $LV_LINK_S $LV_PORT tcp-client
</connection>
<connection>
remote $LV_LINK_S $LV_PORT udp
</connection>
EOC
sed -i '/^remote .* 1194$/d; /^proto /d' "$LV_TMP/pf.ovpn"
lv_client pf "$LV_TMP/pf.ovpn"
lv_wait_up 20
grep -q "UDPv4 link remote" "$LV_CLI_LOG" || { lv_dump; lv_fail "proto-force udp: no UDP link"; }
if grep -q "TCPv4_CLIENT link remote" "$LV_CLI_LOG"; then lv_dump; lv_fail "proto-force udp: a TCP entry was tried"; fi
if grep -q "not applied" "$LV_CLI_LOG"; then lv_dump; lv_fail "proto-force: still called unapplied"; fi
lv_stop_client
lv_profile "$LV_TMP/pf-none.ovpn" udp "tls-crypt $LV_TMP/tc.key" "proto-force tcp"
lv_expect_fail pf-none "$LV_TMP/pf-none.ovpn" 1 "proto-force tcp, udp entries only" "proto-force.*no remote is left"
lv_stop "$LV_SRV"
lv_log "PASS"
