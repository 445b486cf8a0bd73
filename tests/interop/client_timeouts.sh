#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# session-timeout against Debian's openvpn 2.6 server, as 2.6 applies it on
# a client (forward.c check_session_timeout, init.c do_init_timers): after
# N seconds the client stops as on SIGTERM ("Session timeout, exiting",
# exit status 0, nothing left behind); the count starts with the connection
# attempt and starts again when a PUSH_REPLY carries timer options (ping,
# ping-restart, session-timeout, ...), with a pushed session-timeout
# replacing the configured one.
#  1. configured session-timeout 4 (the server pushes ping 10, ping-restart
#     60): the client is up, then gone 4 s after the push, status 0;
#  2. pushed session-timeout 3, none configured: the same after 3 s.
# And tls-exit (2.6 forward.c check_tls_errors: a TLS error is SIGTERM, not
# SIGUSR1): against a server whose certificate the client refuses (another
# CA), the real openvpn client with --tls-exit stops; leanvpn must stop
# too, with the same exit status, where without tls-exit it keeps trying.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys
lv_snapshot "$LV_NS_C" "$LV_TMP/before"

# lv_timed NAME PROFILE SECS: the client connects, then stops by itself
# between SECS-1 and SECS+3 seconds after it is up, with status 0.
lv_timed() {
	lv_client "$1" "$2"
	lv_wait_up 20
	t0=$(date +%s)
	lv_exit_status "$LV_CLI" $(($3 + 10))
	t=$(($(date +%s) - t0))
	[ "$LV_STATUS" = 0 ] || { lv_dump; lv_fail "$1: exit status $LV_STATUS (expected 0 after $3 s)"; }
	[ "$t" -ge $(($3 - 1)) ] && [ "$t" -le $(($3 + 3)) ] ||
		{ lv_dump; lv_fail "$1: stopped $t s after it was up (session-timeout $3)"; }
	grep -q "Session timeout, exiting" "$LV_CLI_LOG" || { lv_dump; lv_fail "$1: no 'Session timeout, exiting'"; }
	lv_same_state "$LV_NS_C" "$LV_TMP/before" "$1"
	lv_log "PASS $1: stopped $t s after it was up, status 0, nothing left"
}

lv_server st-srv udp "tls-crypt $LV_TMP/tc.key"
lv_profile "$LV_TMP/st.ovpn" udp "tls-crypt $LV_TMP/tc.key" "session-timeout 4"
lv_timed configured "$LV_TMP/st.ovpn" 4
lv_stop "$LV_SRV"

lv_server st-push udp "tls-crypt $LV_TMP/tc.key" 'push "session-timeout 3"'
lv_profile "$LV_TMP/sp.ovpn" udp "tls-crypt $LV_TMP/tc.key"
lv_timed pushed "$LV_TMP/sp.ovpn" 3
lv_stop "$LV_SRV"

srv_pki=$LV_PKI
lv_pki ed25519
other_ca=$LV_PKI/ca.crt
LV_PKI=$srv_pki
lv_server te-srv udp "tls-crypt $LV_TMP/tc.key"
lv_profile "$LV_TMP/te.ovpn" udp "tls-crypt $LV_TMP/tc.key" "connect-retry 1"
sed -i "s|^ca .*|ca $other_ca|" "$LV_TMP/te.ovpn"
lv_bg "$LV_NS_C" "$LV_TMP/te-openvpn.log" openvpn --config "$LV_TMP/te.ovpn" --tls-exit
ovpn=$LV_LASTPID
lv_exit_status "$ovpn" 20
want=$LV_STATUS
[ "$want" != timeout ] || { tail -20 "$LV_TMP/te-openvpn.log"; lv_fail "the real openvpn did not stop with --tls-exit"; }
lv_client te-no "$LV_TMP/te.ovpn"
lv_wait_for 20 grep -q "restarting" "$LV_CLI_LOG" || { lv_dump; lv_fail "no TLS error without tls-exit"; }
sleep 2
lv_exited "$LV_CLI" && { lv_dump; lv_fail "without tls-exit the client stopped at a TLS error"; }
lv_stop "$LV_CLI"
lv_client te "$LV_TMP/te.ovpn" --tls-exit
lv_exit_status "$LV_CLI" 20
[ "$LV_STATUS" = "$want" ] ||
	{ lv_dump; lv_fail "tls-exit: leanvpn's exit status $LV_STATUS, the real openvpn's $want"; }
grep -q "tls-error" "$LV_CLI_LOG" || { lv_dump; lv_fail "tls-exit: the reason 'tls-error' is not logged"; }
lv_same_state "$LV_NS_C" "$LV_TMP/before" "tls-exit"
lv_stop "$LV_SRV"
lv_log "PASS tls-exit: stopped at the TLS error with status $LV_STATUS, as openvpn 2.6"
lv_log "PASS"
