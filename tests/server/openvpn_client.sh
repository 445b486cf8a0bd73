#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The leanvpn server with Debian's openvpn 2.6 as the client (and one case
# with leanvpn on both ends), in two namespaces as tests/interop does:
# UDP and TCP x none / tls-auth / tls-crypt / tls-crypt-v2, and two
# clients reaching each other with client-to-client.  Each case proves the
# tunnel (route via the client's tun, its tx counter grew) and checks the
# server's routes and addresses are back as before once it has exited.
. "$(dirname "$0")/../interop/lib.sh"
lv_require_root
command -v openvpn >/dev/null || lv_fail "openvpn not installed"
lv_netns_pair
lv_pki rsa
lvpn="$top_builddir/src/leanvpn"
openvpn --genkey secret "$LV_TMP/static.key" >/dev/null 2>&1
openvpn --genkey tls-crypt-v2-server "$LV_TMP/v2s.key" >/dev/null 2>&1
openvpn --tls-crypt-v2 "$LV_TMP/v2s.key" --genkey tls-crypt-v2-client "$LV_TMP/v2c.key" >/dev/null 2>&1
passed=0

# server_conf PROTO WRAP: a server config on stdout
server_conf() {
	cat <<EOT
mode server
tls-server
dev tun
topology subnet
server 198.19.0.0 255.255.255.0
server-ipv6 2001:2:0:1::/64
proto $1
local $LV_LINK_S
port 1194
ca $LV_PKI/ca.crt
cert $LV_PKI/server.crt
key $LV_PKI/server.key
dh none
keepalive 10 60
client-to-client
push "route 198.19.8.0 255.255.255.0"
verb 3
EOT
	case $2 in
	tls-auth) echo "tls-auth $LV_TMP/static.key 0" ;;
	tls-crypt) echo "tls-crypt $LV_TMP/static.key" ;;
	tls-crypt-v2) echo "tls-crypt-v2 $LV_TMP/v2s.key" ;;
	esac
}

# client_args PROTO WRAP: openvpn client options
client_args() {
	printf '%s' "--client --dev tun --proto $1 --remote $LV_LINK_S 1194 --nobind --ca $LV_PKI/ca.crt \
--cert $LV_PKI/client.crt --key $LV_PKI/client.key --remote-cert-tls server --verb 3"
	case $2 in
	tls-auth) printf ' %s' "--tls-auth $LV_TMP/static.key 1" ;;
	tls-crypt) printf ' %s' "--tls-crypt $LV_TMP/static.key" ;;
	tls-crypt-v2) printf ' %s' "--tls-crypt-v2 $LV_TMP/v2c.key" ;;
	esac
}

# (logs are removed before each start: lv_bg truncates them from the
# background job, which may run after the first look at the log)
wait_up() { # LOG
	lv_wait_for 25 grep -q "Initialization Sequence Completed" "$1"
}

# case_one PROTO WRAP [leanvpn]: one client; with "leanvpn" our client
case_one() {
	name="$1/$2${3:+/$3}"
	sproto=$1
	[ "$1" = tcp ] && sproto=tcp-server
	server_conf "$sproto" "$2" >"$LV_TMP/s.conf"
	ip -n "$LV_NS_S" route show table all | grep -v fe80 >"$LV_TMP/before"
	ip -n "$LV_NS_S" addr | grep -v fe80 >"$LV_TMP/before.a"
	rm -f "$LV_TMP/s.log"
	lv_bg "$LV_NS_S" "$LV_TMP/s.log" "$lvpn" --config "$LV_TMP/s.conf"
	srv=$LV_LASTPID
	lv_wait_for 10 grep -q "Initialization Sequence Completed" "$LV_TMP/s.log" ||
		{ tail -20 "$LV_TMP/s.log"; lv_fail "$name: server did not start"; }
	if [ "${3:-}" = leanvpn ]; then
		cp1=$(echo "$1" | sed 's/tcp/tcp-client/')
		{
			echo "client"; echo "dev tun"; echo "proto $cp1"; echo "remote $LV_LINK_S 1194"
			echo "nobind"; echo "ca $LV_PKI/ca.crt"; echo "cert $LV_PKI/client.crt"
			echo "key $LV_PKI/client.key"; echo "remote-cert-tls server"; echo "verb 3"
			[ "$2" = tls-crypt ] && echo "tls-crypt $LV_TMP/static.key"
		} >"$LV_TMP/c.ovpn"
		rm -f "$LV_TMP/c.log"
		lv_bg "$LV_NS_C" "$LV_TMP/c.log" "$lvpn" --config "$LV_TMP/c.ovpn"
	else
		# shellcheck disable=SC2046
		rm -f "$LV_TMP/c.log"
		lv_bg "$LV_NS_C" "$LV_TMP/c.log" openvpn $(client_args "$1" "$2")
	fi
	cli=$LV_LASTPID
	wait_up "$LV_TMP/c.log" || { tail -20 "$LV_TMP/c.log" "$LV_TMP/s.log"; lv_fail "$name: no tunnel"; }
	dev=$(sed -n 's/.*TUN\/TAP device \([^ ]*\) opened.*/\1/p' "$LV_TMP/c.log" | head -1)
	# a UDP client gets its session only through the stateless HMAC cookie
	[ "$1" != udp ] || grep -q "admitted by the HMAC cookie" "$LV_TMP/s.log" ||
		lv_fail "$name: not admitted through the HMAC cookie"
	# ... and the session's control packets went on after the stateless
	# reply's packet id: openvpn saw no replay
	! grep -qi "replay" "$LV_TMP/c.log" || lv_fail "$name: the client saw a replayed packet id"
	lv_prove_tunnel "$LV_NS_C" "$dev" 198.19.0.1 50000
	ip netns exec "$LV_NS_C" ping -6 -q -c 2 -i 0.2 -W 2 2001:2:0:1::1 >/dev/null ||
		lv_fail "$name: IPv6 through the tunnel"
	lv_stop "$cli"
	lv_stop "$srv"
	ip -n "$LV_NS_S" route show table all | grep -v fe80 >"$LV_TMP/after"
	ip -n "$LV_NS_S" addr | grep -v fe80 >"$LV_TMP/after.a"
	diff "$LV_TMP/before" "$LV_TMP/after" >/dev/null && diff "$LV_TMP/before.a" "$LV_TMP/after.a" >/dev/null ||
		lv_fail "$name: the server left routes or addresses behind"
	grep -q "Exiting" "$LV_TMP/s.log" || lv_fail "$name: the server did not exit cleanly"
	lv_log "ok: $name"
	passed=$((passed + 1))
}

for proto in udp tcp; do
	for wrap in none tls-auth tls-crypt; do
		case_one $proto $wrap
	done
done
case_one udp tls-crypt-v2
case_one tcp tls-crypt-v2
case_one udp tls-crypt leanvpn
case_one tcp tls-crypt leanvpn

# two openvpn clients in two namespaces reach each other through the server
{ server_conf udp tls-crypt; echo duplicate-cn; } >"$LV_TMP/s.conf" # both clients use one certificate
rm -f "$LV_TMP/s.log"
lv_bg "$LV_NS_S" "$LV_TMP/s.log" "$lvpn" --config "$LV_TMP/s.conf"
srv=$LV_LASTPID
lv_wait_for 10 grep -q "Initialization Sequence Completed" "$LV_TMP/s.log" || lv_fail "c2c: server"
LV_NS_D="lvd$$"
ip netns add "$LV_NS_D" && LV_NETNS="$LV_NETNS $LV_NS_D"
ip link add "lvd$$" type veth peer name "lve$$"
ip link set "lvd$$" netns "$LV_NS_D"
ip link set "lve$$" netns "$LV_NS_S"
ip -n "$LV_NS_D" addr add 198.18.0.6/30 dev "lvd$$"
ip -n "$LV_NS_S" addr add 198.18.0.5/30 dev "lve$$"
ip -n "$LV_NS_D" link set lo up
ip -n "$LV_NS_D" link set "lvd$$" up
ip -n "$LV_NS_S" link set "lve$$" up
ip -n "$LV_NS_D" route add 198.18.0.0/30 via 198.18.0.5
ip -n "$LV_NS_C" route add 198.18.0.4/30 via 198.18.0.1
ip netns exec "$LV_NS_S" sysctl -q -w net.ipv4.ip_forward=1
# shellcheck disable=SC2046
rm -f "$LV_TMP/c1.log"
lv_bg "$LV_NS_C" "$LV_TMP/c1.log" openvpn $(client_args udp tls-crypt)
# shellcheck disable=SC2046
rm -f "$LV_TMP/c2.log"
lv_bg "$LV_NS_D" "$LV_TMP/c2.log" openvpn $(client_args udp tls-crypt)
wait_up "$LV_TMP/c1.log" && wait_up "$LV_TMP/c2.log" || { tail -20 "$LV_TMP/s.log"; lv_fail "c2c: no tunnels"; }
a1=$(ip -n "$LV_NS_C" -4 addr show | sed -n 's/.*inet \(198\.19\.0\.[0-9]*\).*/\1/p')
a2=$(ip -n "$LV_NS_D" -4 addr show | sed -n 's/.*inet \(198\.19\.0\.[0-9]*\).*/\1/p')
[ -n "$a1" ] && [ -n "$a2" ] && [ "$a1" != "$a2" ] || lv_fail "c2c: addresses '$a1' '$a2'"
ip netns exec "$LV_NS_C" ping -q -c 3 -i 0.2 -W 2 "$a2" >/dev/null || lv_fail "c2c: $a1 cannot reach $a2"
ip netns exec "$LV_NS_D" ping -q -c 3 -i 0.2 -W 2 "$a1" >/dev/null || lv_fail "c2c: $a2 cannot reach $a1"
lv_log "ok: client-to-client ($a1 <-> $a2)"
passed=$((passed + 1))
lv_stop "$srv"
# the management interface and the status file, as eduVPN's vpn-daemon
# uses them: `status 2` lists the client, `kill CN` drops it
chat="$top_builddir/tests/srv/mgmt_chat"
if [ -x "$chat" ]; then
	{ server_conf udp tls-crypt; echo "management $LV_TMP/m.sock unix"
	  echo "status $LV_TMP/status.log 1"; echo "status-version 2"; } >"$LV_TMP/s.conf"
	rm -f "$LV_TMP/s.log"
	lv_bg "$LV_NS_S" "$LV_TMP/s.log" "$lvpn" --config "$LV_TMP/s.conf"
	srv=$LV_LASTPID
	lv_wait_for 10 grep -q "Initialization Sequence Completed" "$LV_TMP/s.log" || lv_fail "mgmt: server"
	# shellcheck disable=SC2046
	rm -f "$LV_TMP/c.log"
	lv_bg "$LV_NS_C" "$LV_TMP/c.log" openvpn $(client_args udp tls-crypt)
	cli=$LV_LASTPID
	wait_up "$LV_TMP/c.log" || lv_fail "mgmt: no tunnel"
	"$chat" "$LV_TMP/m.sock" "status 2" >"$LV_TMP/st.txt" 2>&1
	grep -q "^CLIENT_LIST,client,198.18.0.2:" "$LV_TMP/st.txt" && grep -q "^END" "$LV_TMP/st.txt" ||
		{ cat "$LV_TMP/st.txt"; lv_fail "mgmt: status 2 does not list the client"; }
	grep -q "^ROUTING_TABLE,198.19.0.2,client," "$LV_TMP/st.txt" || lv_fail "mgmt: no routing entry"
	lv_wait_for 5 grep -q "^CLIENT_LIST,client," "$LV_TMP/status.log" || lv_fail "mgmt: status file"
	"$chat" "$LV_TMP/m.sock" "kill client" >"$LV_TMP/kill.txt" 2>&1
	grep -q "^SUCCESS: common name 'client' found, 1 client(s) killed" "$LV_TMP/kill.txt" ||
		{ cat "$LV_TMP/kill.txt"; lv_fail "mgmt: kill"; }
	# OpenVPN's kill drops the client without a word: it is gone from
	# the status at once (its reconnection after ping-restart is checked
	# with short timers in srv_mgmt.sh)
	"$chat" "$LV_TMP/m.sock" "status 2" >"$LV_TMP/st2.txt" 2>&1
	grep -q "^END" "$LV_TMP/st2.txt" && ! grep -q "^CLIENT_LIST,client," "$LV_TMP/st2.txt" ||
		{ cat "$LV_TMP/st2.txt"; lv_fail "mgmt: the killed client is still listed"; }
	lv_stop "$cli"
	lv_stop "$srv"
	lv_log "ok: management status 2 / kill and the status file"
	passed=$((passed + 1))
else
	lv_log "SKIP part: tests/srv/mgmt_chat not built in $top_builddir"
fi
lv_log "PASS: $passed cases"
