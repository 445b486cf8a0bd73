#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The management interface driven by a script against a running server
# with two stock openvpn clients (UDP and TCP, tls-crypt); extends
# openvpn_client.sh (one client, status 2 and kill):
#   status (format 1) lists both clients and their routes;
#   kill client1 drops only client 1, which reconnects by itself;
#   client-kill CID (from status 2) drops only client 2, which reconnects;
# (OpenVPN 2.6's kill closes the client instance without a word: a UDP
# client notices by ping-restart, so the server uses keepalive 1 4.  Its
# client-kill sends the client RESTART first: client 2's log must show it.)
#   kill/client-kill of something unknown is an ERROR and drops nobody;
#   afterwards status 2 lists both again and both carry data.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
[ -x "$SM_CHAT" ] || lv_fail "no $SM_CHAT (make check builds it)"
sm_topo 2
sm_pki 2
lv_keys

ups() { grep -c "Initialization Sequence Completed" "$LV_TMP/$1.log"; }
drops() { grep -c "client$1: client disconnected" "$SM_SRV_LOG"; }
# expect FILE REGEX WHAT: the management reply FILE has a line matching REGEX
expect() { grep -Eq "$2" "$1" || { cat "$1"; lv_fail "$3"; }; }

for proto in udp tcp; do
	sproto=$proto
	[ $proto = tcp ] && sproto=tcp-server
	{
		sm_server_conf "$sproto" tls-crypt | sed 's/^keepalive .*/keepalive 1 4/'
		echo "management $LV_TMP/m.sock unix"
	} >"$LV_TMP/s-$proto.conf"
	sm_server "s-$proto" "$LV_TMP/s-$proto.conf"
	for c in 1 2; do
		sm_ovpn "$proto-$c" "$c" "$proto" tls-crypt --connect-retry 1 1
	done
	for c in 1 2; do
		sm_wait_up "$proto-$c"
	done
	a1=$(sm_addr 1)
	a2=$(sm_addr 2)
	r="$LV_TMP/r-$proto"
	sm_chat status >"$r.status"
	expect "$r.status" '^OpenVPN CLIENT LIST' "$proto: status: no client list"
	expect "$r.status" "^client1,198\.18\.1\.11:[0-9]+,[0-9]+,[0-9]+," "$proto: status: client 1"
	expect "$r.status" "^client2,198\.18\.1\.12:[0-9]+,[0-9]+,[0-9]+," "$proto: status: client 2"
	expect "$r.status" "^ROUTING TABLE" "$proto: status: no routing table"
	expect "$r.status" "^$a1,client1,198\.18\.1\.11:" "$proto: status: client 1's route $a1"
	expect "$r.status" "^$a2,client2,198\.18\.1\.12:" "$proto: status: client 2's route $a2"
	expect "$r.status" "^END" "$proto: status: no END"

	# unknown names and ids: an error, nobody dropped
	sm_chat "kill nosuch" "client-kill 999999" >"$r.bad"
	expect "$r.bad" "^ERROR: common name 'nosuch' not found" "$proto: kill of an unknown CN"
	expect "$r.bad" "^ERROR: client-kill command failed" "$proto: client-kill of an unknown CID"

	sm_chat "kill client1" >"$r.kill"
	expect "$r.kill" "^SUCCESS: common name 'client1' found, 1 client\(s\) killed" "$proto: kill client1"
	lv_wait_for 30 sm_up "$LV_TMP/$proto-1.log" 2 ||
		{ tail -20 "$LV_TMP/$proto-1.log"; lv_fail "$proto: client 1 did not reconnect after kill"; }
	[ "$(drops 1)" -ge 1 ] || lv_fail "$proto: the server did not log client 1's drop"
	[ "$(drops 2)" = 0 ] && [ "$(ups "$proto-2")" = 1 ] || lv_fail "$proto: kill client1 dropped client 2 too"
	lv_log "$proto: kill client1: client 1 dropped and back, client 2 untouched"

	sm_chat "status 2" >"$r.st2"
	cid=$(awk -F, '$1 == "CLIENT_LIST" && $2 == "client2" { print $12 }' "$r.st2")
	[ -n "$cid" ] || { cat "$r.st2"; lv_fail "$proto: no client ID for client 2 in status 2"; }
	sm_chat "client-kill $cid" >"$r.ckill"
	expect "$r.ckill" "^SUCCESS: client-kill command succeeded" "$proto: client-kill $cid"
	lv_wait_for 30 sm_up "$LV_TMP/$proto-2.log" 2 ||
		{ tail -20 "$LV_TMP/$proto-2.log"; lv_fail "$proto: client 2 did not reconnect after client-kill"; }
	[ "$(ups "$proto-1")" = 2 ] || lv_fail "$proto: client-kill $cid dropped client 1 too"
	grep -q "server-pushed-connection-reset" "$LV_TMP/$proto-2.log" ||
		{ tail -20 "$LV_TMP/$proto-2.log"; lv_fail "$proto: client 2 was not sent RESTART by client-kill"; }
	lv_log "$proto: client-kill $cid: client 2 dropped and back, client 1 untouched"

	lv_wait_for 10 sh -c "ip netns exec $LV_NS_S $SM_CHAT $LV_TMP/m.sock 'status 2' | grep -c '^CLIENT_LIST,client' | grep -qx 2" ||
		{ sm_chat "status 2"; lv_fail "$proto: status 2 does not list the two clients after they came back"; }
	for c in 1 2; do
		eval "SM_DEV_$c=$(sm_dev "$proto-$c")"
	done
	sm_xfer 128 198.19.0.1 1 2
	for c in 1 2; do
		sm_term "$(eval "echo \$SM_PID_$c")" "$proto: client $c"
	done
	sm_term "$SM_SRV" "$proto: server"
	lv_log "PASS $proto: status, kill, client-kill"
done
lv_log "PASS"
