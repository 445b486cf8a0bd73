#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Sessions that will never be clients do not keep real clients out:
#   1. UDP, max-clients 1: a client refused with AUTH_FAILED (stock
#      openvpn, wrong password, exits without a word) is removed within
#      REFUSED_LINGER (5 s, as OpenVPN 2.6's scheduled exit): a correct
#      client that starts right after it is up within 25 s (before: the
#      refused session stayed until its ping timeout, 60 s and more);
#   2. TCP, max-clients 2: two connections that send nothing take no
#      client slot (a correct client is up within 15 s while they are
#      open) and the server closes them within 10 s of their accept;
#   3. TCP, max-clients 2, hand-window 6: two connections that send a
#      valid client reset 4 s after connecting and then nothing are closed
#      by the server within hand-window of their accept (not of their
#      reset: that would be 10 s), and a correct client then gets in.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
command -v bash >/dev/null || { lv_log "SKIP: no bash for /dev/tcp"; exit 77; }
sm_topo 2
sm_pki 2

cat >"$LV_TMP/verify.sh" <<'EOT'
#!/bin/sh
[ "$username" = good ] && [ "$password" = pw ] && exit 0
exit 1
EOT
chmod 755 "$LV_TMP/verify.sh"
printf 'good\npw\n' >"$LV_TMP/good.txt"
printf 'bad\npw\n' >"$LV_TMP/bad.txt"

# 1. a refused client is removed
{
	sm_server_conf udp none
	echo "max-clients 1"
	echo "script-security 3"
	echo "auth-user-pass-verify $LV_TMP/verify.sh via-env"
} >"$LV_TMP/s1.conf"
sm_server s1 "$LV_TMP/s1.conf"
sm_ovpn refused 1 udp none --auth-user-pass "$LV_TMP/bad.txt"
lv_wait_for 20 grep -q "AUTH_FAILED" "$LV_TMP/refused.log" ||
	{ tail -20 "$LV_TMP/refused.log"; lv_fail "the refused client saw no AUTH_FAILED"; }
lv_exit_status "$SM_PID_1" 10
t0=$(date +%s)
sm_ovpn good 2 udp none --auth-user-pass "$LV_TMP/good.txt" --hand-window 5
lv_wait_for 25 sm_up "$LV_TMP/good.log" ||
	{ tail -20 "$LV_TMP/good.log"; echo "----- server"; tail -30 "$SM_SRV_LOG"; lv_fail "a refused client kept the correct one out for 25 s"; }
lv_log "a correct client got the slot $(($(date +%s) - t0)) s after a refused one (max-clients 1)"
grep -q "refused client removed" "$SM_SRV_LOG" || lv_fail "the server did not say it removed the refused client"
lv_stop "$SM_PID_2"
sm_term "$SM_SRV" "server 1"

# 2. silent TCP connections
{
	sm_server_conf tcp-server none
	echo "max-clients 2"
} >"$LV_TMP/s2.conf"
sm_server s2 "$LV_TMP/s2.conf"
for k in 1 2; do
	lv_bg "$SM_NS_2" "$LV_TMP/silent$k.log" bash -c \
		"exec 3<>/dev/tcp/$LV_LINK_S/1194 || exit 1; echo open \$(date +%s); cat <&3 >/dev/null; echo closed \$(date +%s)"
	eval "SILENT_$k=$LV_LASTPID"
done
for k in 1 2; do
	lv_wait_for 5 grep -q "^open" "$LV_TMP/silent$k.log" || lv_fail "silent connection $k did not open"
done
t0=$(date +%s)
sm_ovpn tcpgood 1 tcp none --connect-retry 1 1
lv_wait_for 15 sm_up "$LV_TMP/tcpgood.log" ||
	{ tail -20 "$LV_TMP/tcpgood.log"; echo "----- server"; tail -30 "$SM_SRV_LOG"; lv_fail "two silent TCP connections kept a client out for 15 s"; }
lv_log "a TCP client was up $(($(date +%s) - t0)) s after two silent connections (max-clients 2)"
for k in 1 2; do
	lv_wait_for 15 grep -q "^closed" "$LV_TMP/silent$k.log" ||
		lv_fail "silent connection $k still open 15 s after its accept"
	o=$(sed -n 's/^open //p' "$LV_TMP/silent$k.log")
	c=$(sed -n 's/^closed //p' "$LV_TMP/silent$k.log")
	[ $((c - o)) -le 13 ] || lv_fail "silent connection $k closed after $((c - o)) s"
	lv_log "silent connection $k closed by the server after $((c - o)) s"
done
lv_stop "$SM_PID_1"
sm_term "$SM_SRV" "server 2"

# 3. half-open TCP connections: after 4 s a client reset (no wrapping,
# session id 1122334455667788), then silence
{
	sm_server_conf tcp-server none
	echo "max-clients 2"
	echo "hand-window 6"
} >"$LV_TMP/s3.conf"
sm_server s3 "$LV_TMP/s3.conf"
for k in 1 2; do
	lv_bg "$SM_NS_2" "$LV_TMP/half$k.log" bash -c \
		"exec 3<>/dev/tcp/$LV_LINK_S/1194 || exit 1; echo open \$(date +%s); sleep 4;
		printf '\\000\\016\\070\\021\\042\\063\\104\\125\\146\\167\\210\\000\\000\\000\\000\\000' >&3;
		cat <&3 >/dev/null; echo closed \$(date +%s)"
done
for k in 1 2; do
	lv_wait_for 5 grep -q "^open" "$LV_TMP/half$k.log" || lv_fail "half-open connection $k did not open"
done
for k in 1 2; do
	lv_wait_for 12 grep -q "^closed" "$LV_TMP/half$k.log" ||
		{ tail -20 "$SM_SRV_LOG"; lv_fail "half-open connection $k still open 12 s after its accept (hand-window 6)"; }
	o=$(sed -n 's/^open //p' "$LV_TMP/half$k.log")
	c=$(sed -n 's/^closed //p' "$LV_TMP/half$k.log")
	[ $((c - o)) -le 7 ] || lv_fail "half-open connection $k closed $((c - o)) s after its accept (hand-window 6)"
	lv_log "half-open connection $k closed by the server after $((c - o)) s (hand-window 6)"
done
grep -q "not connected within hand-window" "$SM_SRV_LOG" || { tail -20 "$SM_SRV_LOG"; lv_fail "the server did not say why it closed them"; }
sm_ovpn tcpgood3 1 tcp none --connect-retry 1 1
lv_wait_for 15 sm_up "$LV_TMP/tcpgood3.log" ||
	{ tail -20 "$LV_TMP/tcpgood3.log"; lv_fail "no client after the half-open connections went"; }
lv_stop "$SM_PID_1"
sm_term "$SM_SRV" "server 3"
lv_log "PASS"
