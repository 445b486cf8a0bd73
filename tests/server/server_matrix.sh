# SPDX-License-Identifier: BSD-2-Clause
# One row of the server interop matrix (sourced by srv_matrix_*.sh after
# setting ROW_PROTO (udp|tcp) and ROW_WRAP (none|tls-auth|tls-crypt|
# tls-crypt-v2)): one leanvpn server whose data-ciphers list all four
# ciphers; per cell (data cipher) SM_CLIENTS (3) stock openvpn 2.6 clients,
# each in its own namespace with its own certificate, force that cipher with
# --data-ciphers and connect at once.  Every cell checks: each client's log
# and the server's log name the cipher (the server once per client), CBC
# uses HMAC-SHA256, and each client carries SM_KB KiB each way (sha256
# checked, all clients at once) over its tun (for CBC that proves the
# server's HMAC is SHA256 too: the server does not log it).  The clients
# then get SIGTERM and must exit 0.  Last, four clients at once, one per
# cipher, with the same checks; then the server must exit 0 on SIGTERM.
# CBC, as 2.6 does it: the client's --data-ciphers AES-256-CBC makes its
# IV_CIPHERS just that, the server picks it from its own list (no
# data-ciphers-fallback needed); the HMAC is not negotiated, so server and
# every client say auth SHA256 (which tls-auth's HMAC then uses too).
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
SM_CLIENTS=${SM_CLIENTS:-3}
SM_KB=${SM_KB:-384}
sm_topo $((SM_CLIENTS > 4 ? SM_CLIENTS : 4))
sm_pki $((SM_CLIENTS > 4 ? SM_CLIENTS : 4))
lv_keys

sproto=$ROW_PROTO
[ "$ROW_PROTO" = tcp ] && sproto=tcp-server
{
	sm_server_conf "$sproto" "$ROW_WRAP"
	echo "data-ciphers AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305:AES-256-CBC"
	echo "auth SHA256"
} >"$LV_TMP/srv.conf"
sm_server srv "$LV_TMP/srv.conf"
clients=$(seq 1 "$SM_CLIENTS")

for cipher in AES-256-GCM AES-128-GCM CHACHA20-POLY1305 AES-256-CBC; do
	cell="$ROW_PROTO/$ROW_WRAP/$cipher"
	tag=$(echo "$cipher" | tr 'A-Z' 'a-z')
	before=$(grep -c "Data Channel: cipher '$cipher'" "$SM_SRV_LOG")
	for c in $clients; do
		sm_ovpn "$tag-$c" "$c" "$ROW_PROTO" "$ROW_WRAP" --data-ciphers "$cipher" --auth SHA256
	done
	for c in $clients; do
		sm_wait_up "$tag-$c"
		eval "SM_DEV_$c=$(sm_dev "$tag-$c")"
		grep -q "Data Channel: cipher '$cipher'" "$LV_TMP/$tag-$c.log" ||
			{ grep "Data Channel" "$LV_TMP/$tag-$c.log"; lv_fail "$cell: client $c did not negotiate $cipher"; }
		if [ "$cipher" = AES-256-CBC ]; then
			# (the transfer below passes only if the server uses it too)
			grep -q "Data Channel: cipher '$cipher', auth 'SHA256'" "$LV_TMP/$tag-$c.log" ||
				lv_fail "$cell: client $c does not use HMAC-SHA256"
		fi
	done
	# shellcheck disable=SC2086
	sm_xfer "$SM_KB" 198.19.0.1 $clients
	after=$(grep -c "Data Channel: cipher '$cipher'" "$SM_SRV_LOG")
	[ $((after - before)) -ge "$SM_CLIENTS" ] ||
		{ tail -40 "$SM_SRV_LOG"; lv_fail "$cell: the server logged $cipher $((after - before)) times, not $SM_CLIENTS"; }
	for c in $clients; do
		p=$(eval "echo \$SM_PID_$c")
		kill -TERM "$p"
		lv_exit_status "$p" 15
		[ "$LV_STATUS" = 0 ] || { tail -20 "$LV_TMP/$tag-$c.log"; lv_fail "$cell: client $c exit status $LV_STATUS"; }
	done
	lv_log "PASS $cell ($SM_CLIENTS clients at once, $SM_KB KiB each way each)"
done
# mixed: four clients at once, each with another cipher
c=1
for cipher in AES-256-GCM AES-128-GCM CHACHA20-POLY1305 AES-256-CBC; do
	sm_ovpn "mixed-$c" "$c" "$ROW_PROTO" "$ROW_WRAP" --data-ciphers "$cipher" --auth SHA256
	c=$((c + 1))
done
c=1
for cipher in AES-256-GCM AES-128-GCM CHACHA20-POLY1305 AES-256-CBC; do
	sm_wait_up "mixed-$c"
	eval "SM_DEV_$c=$(sm_dev "mixed-$c")"
	grep -q "Data Channel: cipher '$cipher'" "$LV_TMP/mixed-$c.log" || lv_fail "mixed: client $c did not negotiate $cipher"
	c=$((c + 1))
done
sm_xfer 256 198.19.0.1 1 2 3 4
for c in 1 2 3 4; do
	sm_term "$(eval "echo \$SM_PID_$c")" "mixed: client $c"
done
lv_log "PASS $ROW_PROTO/$ROW_WRAP/mixed (4 clients at once, one per cipher)"
kill -TERM "$SM_SRV"
lv_exit_status "$SM_SRV" 15
[ "$LV_STATUS" = 0 ] || { tail -20 "$SM_SRV_LOG"; lv_fail "server exit status $LV_STATUS"; }
grep -q "Exiting" "$SM_SRV_LOG" || lv_fail "the server did not log its exit"
lv_log "PASS"
