#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# When the network cannot be set up, leanvpn stops as OpenVPN 2.6 does
# (a fatal error, not a retry), with a clear log line, a non-zero exit
# status and nothing left behind; and a route that cannot be added is
# skipped, the tunnel staying up, as 2.6 does.  Each case runs the real
# openvpn client the same way first, as the reference:
#   1. the tun device name is taken by another kind of device (a veth
#      interface named as the profile's 'dev'): the device cannot be opened;
#   2. the server pushes a route whose gateway leanvpn cannot use (a route
#      through an address outside every local network): the route fails,
#      the connection stays.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys

lv_server srv udp "tls-crypt $LV_TMP/tc.key" "push \"route 198.18.200.0 255.255.255.0 203.0.113.1\""

# 1. the device is taken
ip -n "$LV_NS_C" link add lvtaken type veth peer name lvtaken2 || lv_fail "cannot make the veth device"
lv_profile "$LV_TMP/taken.ovpn" udp "tls-crypt $LV_TMP/tc.key" "dev-type tun" "connect-retry-max 1"
sed -i 's/^dev tun$/dev lvtaken/' "$LV_TMP/taken.ovpn"
lv_bg "$LV_NS_C" "$LV_TMP/ovpn-taken.log" openvpn --config "$LV_TMP/taken.ovpn"
ovpn=$LV_LASTPID
lv_exit_status "$ovpn" 30
[ "$LV_STATUS" != 0 ] && [ "$LV_STATUS" != timeout ] ||
	{ cat "$LV_TMP/ovpn-taken.log"; lv_fail "reference: openvpn did not stop with an error ($LV_STATUS)"; }
grep -q "Exiting due to fatal error" "$LV_TMP/ovpn-taken.log" ||
	{ cat "$LV_TMP/ovpn-taken.log"; lv_fail "reference: openvpn did not call it fatal"; }
lv_log "reference: openvpn exits $LV_STATUS: $(grep -m1 -i "TUNSETIFF\|cannot open" "$LV_TMP/ovpn-taken.log" | sed "s/^.* us=[0-9]* //")"
lv_expect_fail taken "$LV_TMP/taken.ovpn" 1 "tun device name taken" "TUNSETIFF|tun .*lvtaken"
ip -n "$LV_NS_C" link del lvtaken

# 2. a pushed route that cannot be added
lv_profile "$LV_TMP/route.ovpn" udp "tls-crypt $LV_TMP/tc.key"
lv_bg "$LV_NS_C" "$LV_TMP/ovpn-route.log" openvpn --config "$LV_TMP/route.ovpn"
ovpn=$LV_LASTPID
lv_wait_for 20 grep -q "Initialization Sequence Completed" "$LV_TMP/ovpn-route.log" ||
	{ cat "$LV_TMP/ovpn-route.log"; lv_fail "reference: openvpn did not come up with the bad route"; }
lv_stop "$ovpn"
lv_log "reference: openvpn stays up: $(grep -m1 -i "route.*fail\|ERROR.*route" "$LV_TMP/ovpn-route.log" | sed "s/^.* us=[0-9]* //")"
lv_client route "$LV_TMP/route.ovpn"
lv_wait_up 20
grep -q "ERROR: route .*198.18.200.0/24 failed" "$LV_CLI_LOG" ||
	{ lv_dump; lv_fail "the failed route was not reported"; }
lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 50000
lv_stop_client
lv_log "PASS a route that cannot be added is skipped; the tunnel works"
lv_log "PASS"
