#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --tls-export-cert DIR in the leanvpn client, as OpenVPN 2.6: while
# --tls-verify runs for a certificate of the server's chain, peer_cert
# names a PEM file in DIR holding it; the file is gone afterwards and the
# up script no longer sees peer_cert.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/exportcert_lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys

S="$LV_TMP/scripts"
D="$LV_TMP/pef"
ec_scripts "$S"
mkdir -p "$D"
lv_server s udp "tls-crypt $LV_TMP/tc.key"
lv_profile "$LV_TMP/c.ovpn" udp "tls-crypt $LV_TMP/tc.key" "script-security 2" \
	"tls-verify $S/verify.sh" "up $S/after.sh" "tls-export-cert $D"
lv_client c "$LV_TMP/c.ovpn"
lv_wait_up 20
ec_check "$S" "$D" "$LV_PKI/server.crt"
lv_log "peer_cert: the server's certificate at depth 0; files removed; not in the up script"
lv_stop_client
lv_stop "$LV_SRV"
lv_log "PASS"
