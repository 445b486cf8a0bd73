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
lv_log "PASS"
