#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# SIGHUP against Debian's openvpn 2.6 server: a hard restart that re-reads
# the configuration (OpenVPN's meaning; SIGUSR1 is the soft restart).
#  1. The profile's extra route is changed on disk, then SIGHUP: the client
#     reconnects with the new route in place and the old one gone.
#  2. The profile is broken on disk, then SIGHUP: the client exits with
#     status 1 naming the bad line, and the namespace is exactly as before
#     the client started (routes, addresses, no tun device left).
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys
lv_server hup-srv udp "tls-crypt $LV_TMP/tc.key"
lv_snapshot "$LV_NS_C" "$LV_TMP/before"
lv_profile "$LV_TMP/hup.ovpn" udp "tls-crypt $LV_TMP/tc.key" "route 198.19.5.0 255.255.255.0"
lv_client hup "$LV_TMP/hup.ovpn"
lv_wait_up 20
ip -n "$LV_NS_C" route | grep -q "^198.19.5.0/24" || { ip -n "$LV_NS_C" route; lv_fail "no route 198.19.5.0/24"; }

sed -i 's/^route 198.19.5.0 /route 198.19.6.0 /' "$LV_TMP/hup.ovpn"
kill -HUP "$LV_CLI"
lv_wait_connects 2 30
ip -n "$LV_NS_C" route | grep -q "^198.19.6.0/24" ||
	{ ip -n "$LV_NS_C" route; lv_dump; lv_fail "after SIGHUP: no route 198.19.6.0/24 (configuration not re-read)"; }
if ip -n "$LV_NS_C" route | grep -q "^198.19.5.0/24"; then
	ip -n "$LV_NS_C" route
	lv_fail "after SIGHUP: the old route 198.19.5.0/24 is still there"
fi
grep -q "SIGHUP: configuration re-read" "$LV_CLI_LOG" || { lv_dump; lv_fail "no 're-read' line"; }
lv_ping "$LV_NS_C" 198.19.0.1
lv_log "PASS SIGHUP re-read the profile: route 198.19.6.0/24 in, 198.19.5.0/24 out"

printf 'no-such-option 1\n' >>"$LV_TMP/hup.ovpn"
kill -HUP "$LV_CLI"
lv_exit_status "$LV_CLI" 20
[ "$LV_STATUS" = 1 ] || { lv_dump; lv_fail "SIGHUP with a broken profile: exit status $LV_STATUS, expected 1"; }
grep -q "SIGHUP: .*no-such-option" "$LV_CLI_LOG" || { lv_dump; lv_fail "the bad option is not named"; }
lv_same_state "$LV_NS_C" "$LV_TMP/before" "SIGHUP with a broken profile"
lv_stop "$LV_SRV"
lv_log "PASS SIGHUP with a broken profile: exit status 1, '$(grep "SIGHUP: .*no-such" "$LV_CLI_LOG" | cut -c21- | head -1)', nothing left"
lv_log "PASS"
