#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# client-disconnect runs exactly once for every client whose client-connect
# succeeded, on every way out: here the push fails after client-connect
# (the client offers no cipher the server allows, the engine sends
# AUTH_FAILED).  Before, the client was never "connected", so its
# client-disconnect never ran and what client-connect set up leaked.
# A normal client (connect, then SIGTERM of the server) checks the usual
# path still runs it once.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
sm_topo 2
sm_pki 2

for w in connect disconnect; do
	cat >"$LV_TMP/$w.sh" <<EOT
#!/bin/sh
echo "\$common_name" >>"$LV_TMP/$w.list"
exit 0
EOT
	chmod 755 "$LV_TMP/$w.sh"
done
# count SCRIPT CN: how often SCRIPT ran for CN; ran SCRIPT CN: at least once
count() { if [ -f "$LV_TMP/$1.list" ]; then grep -cx "$2" "$LV_TMP/$1.list"; else echo 0; fi; }
ran() { [ "$(count "$1" "$2")" -ge 1 ]; }

{
	sm_server_conf udp none
	echo "data-ciphers AES-256-GCM"
	echo "script-security 2"
	echo "client-connect $LV_TMP/connect.sh"
	echo "client-disconnect $LV_TMP/disconnect.sh"
} >"$LV_TMP/s.conf"
sm_server s "$LV_TMP/s.conf"
# client 1: no common cipher
sm_ovpn nocipher 1 udp none --data-ciphers CHACHA20-POLY1305 --data-ciphers-fallback CHACHA20-POLY1305
lv_wait_for 20 ran connect client1 ||
	{ tail -20 "$LV_TMP/nocipher.log"; tail -20 "$SM_SRV_LOG"; lv_fail "client-connect did not run for client 1"; }
lv_wait_for 20 grep -q "AUTH_FAILED" "$LV_TMP/nocipher.log" ||
	{ tail -20 "$LV_TMP/nocipher.log"; tail -20 "$SM_SRV_LOG"; lv_fail "client 1 was not refused"; }
lv_stop "$SM_PID_1"
lv_wait_for 15 ran disconnect client1 ||
	{ tail -20 "$SM_SRV_LOG"; lv_fail "client-disconnect did not run for client 1 (push failed after client-connect)"; }
# client 2: a normal one
sm_ovpn ok 2 udp none
sm_wait_up ok
sm_term "$SM_SRV" "server"
lv_stop "$SM_PID_2"
for cn in client1 client2; do
	c=$(count connect $cn) d=$(count disconnect $cn)
	[ "$c" -ge 1 ] && [ "$c" = "$d" ] || lv_fail "$cn: client-connect ran $c times, client-disconnect $d"
	lv_log "$cn: client-connect $c, client-disconnect $d"
done
lv_log "PASS"
