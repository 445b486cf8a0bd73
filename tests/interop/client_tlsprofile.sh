#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The TLS options OpenVPN 2.6 applies to the handshake, against openvpn 2.6
# with the test PKI (RSA 2048, SHA256):
#  1. ecdh-curve secp384r1: the only group offered, so the handshake uses
#     it (OpenSSL's default would be X25519);
#  2. tls-cert-profile preferred (security level 2: RSA 2048 and SHA256
#     pass): connects;
#  3. tls-cert-profile suiteb (level 3: an RSA 2048 key is too small):
#     refused before anything is sent, exit status 1, no state left;
#  4. ecdh-curve with a name OpenSSL does not know: refused, exit status 1.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys

lv_server srv udp "tls-crypt $LV_TMP/tc.key"

lv_profile "$LV_TMP/curve.ovpn" udp "tls-crypt $LV_TMP/tc.key" "ecdh-curve secp384r1"
lv_client curve "$LV_TMP/curve.ovpn"
lv_wait_up 20
grep -q "TLS handshake done: .*group secp384r1" "$LV_CLI_LOG" ||
	{ lv_dump; lv_fail "ecdh-curve: the handshake did not use secp384r1"; }
lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 50000
lv_stop_client
lv_log "PASS ecdh-curve secp384r1 used"

lv_profile "$LV_TMP/pref.ovpn" udp "tls-crypt $LV_TMP/tc.key" "tls-cert-profile preferred"
lv_client pref "$LV_TMP/pref.ovpn"
lv_wait_up 20
lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 50000
lv_stop_client
lv_log "PASS tls-cert-profile preferred connects with RSA 2048 / SHA256"

lv_profile "$LV_TMP/suiteb.ovpn" udp "tls-crypt $LV_TMP/tc.key" "tls-cert-profile suiteb"
lv_expect_fail suiteb "$LV_TMP/suiteb.ovpn" 1 "tls-cert-profile suiteb" "too small|suiteb|security level|key"

lv_profile "$LV_TMP/badcurve.ovpn" udp "tls-crypt $LV_TMP/tc.key" "ecdh-curve nosuchcurve"
lv_expect_fail badcurve "$LV_TMP/badcurve.ovpn" 1 "ecdh-curve unknown" "ecdh-curve: OpenSSL does not know this curve"
lv_log "PASS"
