#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Cases that must fail, each with a clear log line, a non-zero exit status
# of its own (no signal from the test) and the client namespace exactly as
# before (routes, addresses, no tun device left):
#   wrong CA            the server's certificate does not verify
#   no common cipher    server data-ciphers AES-128-GCM, client CHACHA20-POLY1305
#   wrong tls-crypt key the server drops every packet; the client gives up
# The client profiles set connect-retry-max 1 (and short timeouts) so that
# leanvpn gives up instead of retrying forever, as OpenVPN would.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys
# a second, unrelated CA
rsa_pki=$LV_PKI
lv_pki ed25519
other_ca=$LV_PKI/ca.crt
LV_PKI=$rsa_pki

lv_server fail udp "tls-crypt $LV_TMP/tc.key" "data-ciphers AES-128-GCM"
give_up="connect-retry 1
connect-retry-max 1
server-poll-timeout 5
hand-window 10"

lv_profile "$LV_TMP/ca.ovpn" udp "tls-crypt $LV_TMP/tc.key" "$give_up"
sed -i "s|^ca .*|ca $other_ca|" "$LV_TMP/ca.ovpn"
lv_expect_fail wrong-ca "$LV_TMP/ca.ovpn" 3 "wrong CA" "VERIFY ERROR|certificate verify failed"

lv_profile "$LV_TMP/cipher.ovpn" udp "tls-crypt $LV_TMP/tc.key" "$give_up" "data-ciphers CHACHA20-POLY1305"
lv_expect_fail no-cipher "$LV_TMP/cipher.ovpn" 2 "no common cipher" "AUTH_FAILED.*cipher"

lv_profile "$LV_TMP/tc.ovpn" udp "tls-crypt $LV_TMP/tc-wrong.key" "$give_up"
lv_expect_fail wrong-tc "$LV_TMP/tc.ovpn" 3 "wrong tls-crypt key" "connect-retry-max|TLS key negotiation failed|poll timeout"
lv_log "PASS"
