#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Certificates in the forms OpenVPN 2.6 takes, against Debian's openvpn 2.6:
#  1. peer-fingerprint without any CA, self-signed certificates on both
#     sides: the server's fingerprint on an option line after a wrong one
#     (several lines add up), then as an inline block; a list without it
#     fails.
#  2. An encrypted client key with askpass FILE, and remote-cert-ku a0 /
#     remote-cert-eku "TLS Web Server Authentication" (easy-rsa's server
#     certificate: Digital Signature + Key Encipherment, serverAuth); a key
#     usage the certificate lacks (08, key agreement) fails.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
give_up="connect-retry 1
connect-retry-max 1
server-poll-timeout 5
hand-window 10"

# 1. fingerprints only
ss() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
		-subj "/CN=$1" -keyout "$LV_TMP/$1.key" -out "$LV_TMP/$1.crt" >/dev/null 2>&1 ||
		lv_fail "openssl req ($1)"
	openssl x509 -in "$LV_TMP/$1.crt" -noout -fingerprint -sha256 | cut -d= -f2
}
fp_srv=$(ss fp-server)
fp_cli=$(ss fp-client)
fp_other=$(ss fp-other)
LV_SRV_LOG="$LV_TMP/fp-srv.log"
cat >"$LV_TMP/fp-srv.conf" <<EOC
mode server
tls-server
dev tun
topology subnet
server 198.19.0.0 255.255.255.0
proto udp
local $LV_LINK_S
port $LV_PORT
cert $LV_TMP/fp-server.crt
key $LV_TMP/fp-server.key
peer-fingerprint $fp_cli
dh none
keepalive 10 60
verb 4
EOC
lv_bg "$LV_NS_S" "$LV_SRV_LOG" openvpn --config "$LV_TMP/fp-srv.conf"
LV_SRV=$LV_LASTPID
lv_wait_for 15 grep -q "Initialization Sequence Completed" "$LV_SRV_LOG" ||
	{ tail -30 "$LV_SRV_LOG"; lv_fail "openvpn server (peer-fingerprint) did not start"; }
fp_profile() {
	cat >"$1" <<EOC
client
dev tun
proto udp
remote $LV_LINK_S $LV_PORT
nobind
cert $LV_TMP/fp-client.crt
key $LV_TMP/fp-client.key
verb 4
$2
EOC
}
fp_profile "$LV_TMP/fp-lines.ovpn" "peer-fingerprint $fp_other
peer-fingerprint $fp_srv"
lv_client fp-lines "$LV_TMP/fp-lines.ovpn"
lv_wait_up 20
lv_ping "$LV_NS_C" 198.19.0.1
lv_stop_client
lv_log "PASS peer-fingerprint lines, no CA: the second of two fingerprints matched"
fp_profile "$LV_TMP/fp-block.ovpn" "<peer-fingerprint>
# the server
$fp_other
$fp_srv
</peer-fingerprint>"
lv_client fp-block "$LV_TMP/fp-block.ovpn"
lv_wait_up 20
lv_ping "$LV_NS_C" 198.19.0.1
lv_stop_client
lv_log "PASS <peer-fingerprint> block, no CA"
fp_profile "$LV_TMP/fp-wrong.ovpn" "peer-fingerprint $fp_other
$give_up"
lv_expect_fail fp-wrong "$LV_TMP/fp-wrong.ovpn" 3 "a fingerprint list without the server's" "peer-fingerprint"
lv_stop "$LV_SRV"

# 2. askpass, remote-cert-ku, remote-cert-eku
lv_pki rsa
openssl pkey -in "$LV_PKI/client.key" -aes256 -passout pass:s3cret -out "$LV_TMP/client-enc.key" ||
	lv_fail "openssl pkey (encrypting the client key)"
printf 's3cret\n' >"$LV_TMP/pass"
lv_server ku-srv udp
lv_profile "$LV_TMP/ku.ovpn" udp "askpass $LV_TMP/pass" "remote-cert-ku a0" \
	"remote-cert-eku \"TLS Web Server Authentication\""
sed -i "s|^key .*|key $LV_TMP/client-enc.key|" "$LV_TMP/ku.ovpn"
lv_client ku "$LV_TMP/ku.ovpn"
lv_wait_up 20
lv_ping "$LV_NS_C" 198.19.0.1
lv_stop_client
lv_log "PASS encrypted key with askpass, remote-cert-ku a0, remote-cert-eku serverAuth"
lv_profile "$LV_TMP/ku-bad.ovpn" udp "remote-cert-ku 08" "$give_up"
lv_expect_fail ku-bad "$LV_TMP/ku-bad.ovpn" 3 "a key usage the certificate lacks" "remote-cert-ku"
lv_profile "$LV_TMP/eku-bad.ovpn" udp "remote-cert-eku \"TLS Web Client Authentication\"" "$give_up"
lv_expect_fail eku-bad "$LV_TMP/eku-bad.ovpn" 3 "an extended key usage the certificate lacks" "remote-cert-eku"
lv_stop "$LV_SRV"
lv_log "PASS"
