#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Two stock openvpn clients with the same certificate (CN client1), UDP
# and TCP:
#   without duplicate-cn the second replaces the first, as OpenVPN's server
#   does: the status lists client1 once, at the second client's real
#   address; the second client gets the first one's tunnel address and
#   carries data;
#   with duplicate-cn both stay, with distinct addresses, and both carry
#   data at once.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
sm_topo 2
sm_pki 1
lv_keys

for proto in udp tcp; do
	for dup in no yes; do
		sproto=$proto
		[ $proto = tcp ] && sproto=tcp-server
		cell="$proto/duplicate-cn=$dup"
		{
			sm_server_conf "$sproto" tls-crypt
			echo "management $LV_TMP/m.sock unix"
			[ $dup = yes ] && echo duplicate-cn
		} >"$LV_TMP/s.conf"
		sm_server "s-$proto-$dup" "$LV_TMP/s.conf"
		sm_ovpn "$proto-$dup-1" 1 "$proto" tls-crypt
		sm_wait_up "$proto-$dup-1"
		a1=$(sm_addr 1)
		sm_client_args 1 "$proto" tls-crypt >"$LV_TMP/args2"
		# shellcheck disable=SC2046
		lv_bg "$(sm_ns 2)" "$LV_TMP/$proto-$dup-2.log" openvpn $(cat "$LV_TMP/args2")
		SM_PID_2=$LV_LASTPID
		sm_wait_up "$proto-$dup-2"
		for c in 1 2; do
			eval "SM_DEV_$c=$(sm_dev "$proto-$dup-$c")"
		done
		sleep 1
		sm_chat "status 2" >"$LV_TMP/st"
		n=$(grep -c "^CLIENT_LIST,client1," "$LV_TMP/st")
		if [ $dup = no ]; then
			[ "$n" = 1 ] && grep -q "^CLIENT_LIST,client1,198\.18\.1\.12:" "$LV_TMP/st" ||
				{ cat "$LV_TMP/st"; lv_fail "$cell: the second client did not replace the first"; }
			grep -q "client1: replaced by a new connection" "$SM_SRV_LOG" ||
				{ tail -20 "$SM_SRV_LOG"; lv_fail "$cell: no log line for the replacement"; }
			# (OpenVPN's pool gives a CN its previous address back)
			[ "$(sm_addr 2)" = "$a1" ] || lv_fail "$cell: the second client got $(sm_addr 2), not $a1"
			sm_xfer 64 198.19.0.1 2
		else
			[ "$n" = 2 ] || { cat "$LV_TMP/st"; lv_fail "$cell: $n clients listed, not 2"; }
			[ "$(sm_addr 1)" != "$(sm_addr 2)" ] || lv_fail "$cell: both got $(sm_addr 1)"
			sm_xfer 64 198.19.0.1 1 2
		fi
		lv_stop "$SM_PID_1"
		lv_stop "$SM_PID_2"
		sm_term "$SM_SRV" "$cell: server"
		lv_log "PASS $cell"
	done
done
lv_log "PASS"
