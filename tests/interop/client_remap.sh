#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --remap-usr1 in the leanvpn client, as OpenVPN 2.6 (sig.c remap_signal):
#  1. remap-usr1 SIGTERM, SIGUSR1 from outside: the client exits, status 0.
#  2. remap-usr1 SIGTERM, the server killed: the pushed keepalive 1 4
#     (ping-restart 4) is a SIGUSR1 from inside: the client exits too.
#  3. remap-usr1 SIGHUP, SIGUSR1 from outside: a SIGHUP restart (the
#     configuration read again), connected again.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys

# exits WHAT: the client exits with status 0 within 15 s
exits() {
	lv_exit_status "$LV_CLI" 15
	[ "$LV_STATUS" = 0 ] || { lv_dump; lv_fail "$1: exit status $LV_STATUS"; }
}

lv_server s1 udp "tls-crypt $LV_TMP/tc.key" "keepalive 1 4"
lv_profile "$LV_TMP/t.ovpn" udp "tls-crypt $LV_TMP/tc.key" "remap-usr1 SIGTERM"
lv_client term "$LV_TMP/t.ovpn"
lv_wait_up 20
kill -USR1 "$LV_CLI"
exits "SIGUSR1 under remap-usr1 SIGTERM"
grep -q "SIGTERM\[hard,\] received, process exiting" "$LV_CLI_LOG" || { lv_dump; lv_fail "1: no SIGTERM logged"; }
lv_log "1: SIGUSR1 ended the client"

lv_client ping "$LV_TMP/t.ovpn"
lv_wait_up 20
kill -KILL "$LV_SRV"
lv_stop "$LV_SRV"
exits "ping-restart under remap-usr1 SIGTERM"
grep -q "SIGTERM\[soft,remap-usr1\] received, process exiting" "$LV_CLI_LOG" ||
	{ lv_dump; lv_fail "2: no remapped ping-restart logged"; }
lv_log "2: ping-restart ended the client"

lv_server s2 udp "tls-crypt $LV_TMP/tc.key"
lv_profile "$LV_TMP/h.ovpn" udp "tls-crypt $LV_TMP/tc.key" "remap-usr1 SIGHUP"
lv_client hup "$LV_TMP/h.ovpn"
lv_wait_up 20
kill -USR1 "$LV_CLI"
lv_wait_for 30 sh -c "[ \$(grep -c 'Initialization Sequence Completed' '$LV_CLI_LOG') -ge 2 ]" ||
	{ lv_dump; lv_fail "3: no reconnection"; }
grep -q "SIGHUP\[hard,\] received, process restarting" "$LV_CLI_LOG" || { lv_dump; lv_fail "3: no SIGHUP logged"; }
lv_log "3: SIGUSR1 restarted the client as a SIGHUP"
lv_stop_client
lv_stop "$LV_SRV"
lv_log "PASS"
