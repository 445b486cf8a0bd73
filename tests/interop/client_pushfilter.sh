#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# What leanvpn takes from a stock OpenVPN 2.6 server's PUSH_REPLY:
#  1. pull-filter ignore "ping-restart": the server pushes ping-restart 2
#     (keepalive 1 2) and then goes silent (SIGSTOP); the client must not restart, since
#     the ignored option is not applied by anyone.  Without the filter the
#     same server makes it restart (the test proves it can fail).
#  2. pull-filter reject "route-gateway": the reply is refused as a whole
#     ("Offending option received from server"), the client never comes up
#     and keeps retrying, as OpenVPN 2.6.
#  3. a pushed ping-restart 4294968 (more than 2^32 ms; keepalive 1 4294968)
#     and options a server may not push (script-security, up): the client
#     stays connected without restarting, and says it ignored those two.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa

restarts() { grep -c "process restarting" "$LV_CLI_LOG"; }

# Connects with the extra profile lines, then stops the server for 6 s.
# Sets RS to the number of client restarts meanwhile.
silent_server() {
	name=$1
	shift
	lv_profile "$LV_TMP/$name.ovpn" udp "connect-retry 1" "$@"
	lv_client "$name" "$LV_TMP/$name.ovpn"
	lv_wait_up 20
	lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 30000
	kill -STOP "$LV_SRV"
	sleep 6
	kill -CONT "$LV_SRV"
	RS=$(restarts)
	lv_stop_client
}

lv_server pr2 udp 'keepalive 1 2'
silent_server unfiltered
[ "$RS" -ge 1 ] || { lv_dump; lv_fail "a pushed ping-restart 2 did not restart a client facing a silent server"; }
lv_log "PASS control: without a filter, pushed ping-restart 2 restarted the client ($RS)"
silent_server ignored 'pull-filter ignore "ping-restart"'
[ "$RS" -eq 0 ] || { lv_dump; lv_fail "pull-filter ignore ping-restart: the client restarted $RS times"; }
grep -q "Pushed option removed by filter: 'ping-restart" "$LV_CLI_LOG" || { lv_dump; lv_fail "no 'removed by filter' line"; }
lv_log "PASS pull-filter ignore ping-restart: no restart in 6 s of a silent server"

lv_profile "$LV_TMP/rej.ovpn" udp "connect-retry 1" 'pull-filter reject "route-gateway"'
lv_client rej "$LV_TMP/rej.ovpn"
lv_wait_for 20 sh -c "[ \$(grep -c 'Offending option received from server' '$LV_CLI_LOG') -ge 2 ]" ||
	{ lv_dump; lv_fail "pull-filter reject: no repeated 'Offending option' restart"; }
grep -q "Initialization Sequence Completed" "$LV_CLI_LOG" && { lv_dump; lv_fail "pull-filter reject: the client came up"; }
grep -q "Pushed option rejected by filter: 'route-gateway" "$LV_CLI_LOG" || { lv_dump; lv_fail "no 'rejected by filter' line"; }
lv_exited "$LV_CLI" && { lv_dump; lv_fail "pull-filter reject: the client stopped instead of retrying"; }
lv_log "PASS pull-filter reject route-gateway: reply refused, client retries ($(grep -c 'Offending option' "$LV_CLI_LOG") attempts)"
lv_stop_client
lv_stop "$LV_SRV"

lv_server big udp 'keepalive 1 4294968' 'push "script-security 3"' 'push "up /bin/false"'
lv_profile "$LV_TMP/big.ovpn" udp "connect-retry 1"
lv_client big "$LV_TMP/big.ovpn"
lv_wait_up 20
sleep 8
RS=$(restarts)
[ "$RS" -eq 0 ] || { lv_dump; lv_fail "pushed ping-restart 4294968: $RS restarts in 8 s"; }
lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 30000
for o in script-security up; do
	grep -q "pushed option '$o': a server may not push it" "$LV_CLI_LOG" || { lv_dump; lv_fail "no warning for a pushed $o"; }
done
lv_log "PASS pushed ping-restart 4294968: no restart in 8 s; script-security and up refused"
lv_stop_client
lv_stop "$LV_SRV"
lv_log "PASS"
