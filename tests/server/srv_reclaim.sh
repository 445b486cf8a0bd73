#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A client that dies without notice is reclaimed by keepalive: a server
# with keepalive 1 4 and max-clients 1; stock openvpn client 1 connects and
# is killed with SIGKILL (UDP: no exit notification; TCP: its link is cut
# first, so no FIN either).  Client 2 (another certificate) starting at once
# is refused ("max-clients reached") while the dead client holds the only
# slot; once keepalive expires, the status file no longer lists client 1,
# client 2 connects and carries data.  (Client 2 gets a never-used address,
# not client 1's: OpenVPN's pool, and leanvpn's, hand out the entry released
# longest ago, and never-used entries count as released at time 0; so the
# freed address is shown by its routing entry leaving the status file.)
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
sm_topo 2
sm_pki 2
lv_keys

# listed FILE CN: the status file (version 2) lists CN
listed() { grep -q "^CLIENT_LIST,$2," "$1"; }

for proto in udp tcp; do
	sproto=$proto
	[ $proto = tcp ] && sproto=tcp-server
	st="$LV_TMP/status-$proto.log"
	{
		sm_server_conf "$sproto" tls-crypt | sed 's/^keepalive .*/keepalive 1 4/'
		echo "max-clients 1"
		echo "status $st 1"
		echo "status-version 2"
	} >"$LV_TMP/s-$proto.conf"
	sm_server "s-$proto" "$LV_TMP/s-$proto.conf"
	sm_ovpn "$proto-1" 1 "$proto" tls-crypt
	sm_wait_up "$proto-1"
	a1=$(sm_addr 1)
	lv_wait_for 5 listed "$st" client1 || { cat "$st"; lv_fail "$proto: the status file does not list client 1"; }
	grep -q "^CLIENT_LIST,client1,.*,$a1," "$st" || { cat "$st"; lv_fail "$proto: client 1's address $a1 not in the status file"; }
	[ $proto = tcp ] && ip -n "$(sm_ns 1)" link set "sm$$c1" down
	kill -9 "$SM_PID_1"
	lv_exit_status "$SM_PID_1" 5
	t0=$(date +%s)
	sm_ovpn "$proto-2" 2 "$proto" tls-crypt --connect-retry 1 1
	lv_wait_for 5 grep -q "max-clients reached" "$SM_SRV_LOG" ||
		{ tail -20 "$SM_SRV_LOG"; lv_fail "$proto: client 2 was not refused while client 1's slot is held"; }
	sm_up "$LV_TMP/$proto-2.log" && lv_fail "$proto: client 2 connected while client 1's slot was held"
	lv_wait_for 20 sh -c "! grep -q -e '^CLIENT_LIST,client1,' -e '^ROUTING_TABLE,$a1,' '$st'" ||
		{ cat "$st"; tail -20 "$SM_SRV_LOG"; lv_fail "$proto: client 1 still listed 20 s after SIGKILL"; }
	grep -q "client1: Inactivity timeout (--ping-restart)" "$SM_SRV_LOG" ||
		{ tail -20 "$SM_SRV_LOG"; lv_fail "$proto: client 1 went, but not by ping-restart"; }
	lv_log "$proto: client 1 reclaimed $(($(date +%s) - t0)) s after SIGKILL"
	sm_wait_up "$proto-2" 1 40
	SM_DEV_2=$(sm_dev "$proto-2")
	a2=$(sm_addr 2)
	lv_wait_for 5 grep -q "^CLIENT_LIST,client2,.*,$a2," "$st" ||
		{ cat "$st"; lv_fail "$proto: the status file does not list client 2 with $a2"; }
	sm_xfer 128 198.19.0.1 2
	sm_term "$SM_PID_2" "$proto: client 2"
	sm_term "$SM_SRV" "$proto: server"
	ip -n "$(sm_ns 1)" link set "sm$$c1" up
	lv_log "PASS $proto: dead client reclaimed (slot reused, $a1 released)"
done
lv_log "PASS"
