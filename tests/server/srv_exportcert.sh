#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --tls-export-cert DIR in the server, as OpenVPN 2.6 (ssl_verify.c): while
# --tls-verify runs for a certificate of a client's chain, peer_cert names
# a PEM file in DIR holding that certificate; the file is gone afterwards
# and client-connect no longer sees peer_cert.  A DIR the server cannot
# write to refuses the client ("Failed to export certificate").
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
. "$(dirname "$0")/../interop/exportcert_lib.sh"
sm_require
sm_topo 1
sm_pki 1
lv_keys

S="$LV_TMP/scripts"
D="$LV_TMP/pef"
ec_scripts "$S"
mkdir -p "$D"
{
	sm_server_conf udp tls-crypt
	echo "script-security 2"
	echo "tls-verify $S/verify.sh"
	echo "client-connect $S/after.sh"
	echo "tls-export-cert $D"
} >"$LV_TMP/s.conf"
sm_server s "$LV_TMP/s.conf"
sm_ovpn c1 1 udp tls-crypt
sm_wait_up c1
ec_check "$S" "$D" "$LV_PKI/client1.crt"
grep -q "^1 $D/" "$S/verify.log" || { cat "$S/verify.log"; lv_fail "no peer_cert at depth 1"; }
[ "$(ec_fp "$S/cert1.pem")" = "$(ec_fp "$LV_PKI/ca.crt")" ] || lv_fail "the exported depth-1 certificate is not the CA"
lv_log "peer_cert: client1's certificate at depth 0, the CA at 1; files removed; not in client-connect"
lv_stop "$SM_PID_1"
lv_stop "$SM_SRV"

# a directory that is gone after the start: the client is refused
{
	sm_server_conf udp tls-crypt
	echo "tls-export-cert $D"
} >"$LV_TMP/s2.conf"
sm_server s2 "$LV_TMP/s2.conf"
rmdir "$D"
sm_ovpn c1b 1 udp tls-crypt
lv_wait_for 20 grep -q "TLS Error: Failed to export certificate for --tls-export-cert in $D" "$SM_SRV_LOG" ||
	{ tail -20 "$SM_SRV_LOG"; lv_fail "no export failure logged"; }
sm_up "$LV_TMP/c1b.log" && lv_fail "client connected although its certificate could not be exported"
lv_log "an unwritable directory refuses the client, without tls-verify too"
lv_log "PASS"
