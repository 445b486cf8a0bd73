#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --chroot (with --user nobody --group nogroup) against Debian's openvpn
# 2.6 server: once the tunnel is up the client's root is the given (empty)
# directory and its user nobody; a reconnection (SIGUSR1,
# with persist-tun, the tls-crypt key kept from before) still works from
# inside it, and SIGTERM still removes every route and the device.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys
mkdir "$LV_TMP/jail"
lv_server cr-srv udp "tls-crypt $LV_TMP/tc.key"
lv_snapshot "$LV_NS_C" "$LV_TMP/before"
lv_profile "$LV_TMP/cr.ovpn" udp "tls-crypt $LV_TMP/tc.key" "chroot $LV_TMP/jail" \
	"persist-tun" "connect-retry 1" "user nobody" "group nogroup"
# under AddressSanitizer (check-all's asan build) the leak check at exit
# needs /proc, which the empty chroot does not have: off for this client
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS
lv_client cr "$LV_TMP/cr.ovpn"
lv_wait_up 20
root=$(readlink "/proc/$LV_CLI/root")
[ "$root" = "$LV_TMP/jail" ] || { lv_dump; lv_fail "the client's root is '$root', not $LV_TMP/jail"; }
if grep -q "not applied" "$LV_CLI_LOG"; then lv_dump; lv_fail "chroot still called unapplied"; fi
uid=$(awk '/^Uid:/ {print $2}' "/proc/$LV_CLI/status")
[ "$uid" = "$(id -u nobody)" ] || { lv_dump; lv_fail "the client runs as uid $uid, not nobody"; }
lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 20000
kill -USR1 "$LV_CLI"
lv_wait_connects 2 30
lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 20000
lv_stop_client
lv_same_state "$LV_NS_C" "$LV_TMP/before" "chroot: after SIGTERM"
lv_stop "$LV_SRV"
lv_log "PASS root $root; reconnected inside it; nothing left after SIGTERM"
