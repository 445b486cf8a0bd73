# SPDX-License-Identifier: BSD-2-Clause
# One row of the client interop matrix (sourced by client_matrix_*.sh after
# setting ROW_PROTO (udp|tcp) and ROW_WRAP (none|tls-auth|tls-crypt|
# tls-crypt-v2)).  One openvpn server per cell (data cipher), so a failing
# cell names itself.  Every cell: handshake, negotiated cipher seen in the
# server's log, tunnel proven (route + tun tx counter), IPv6 ping through the
# tunnel, clean SIGTERM exit.  One cell per row (ROW_FULL, rotated over the
# rows so every cipher gets it for both protocols) also carries 4 MB each way
# with sha256 checks and runs iperf3 for 3 s.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys

for cipher in AES-256-GCM AES-128-GCM CHACHA20-POLY1305 AES-256-CBC; do
	cell="$ROW_PROTO/$ROW_WRAP/$cipher"
	tag=$(echo "$cipher" | tr 'A-Z' 'a-z')
	extra="data-ciphers $cipher"
	[ "$cipher" = AES-256-CBC ] && extra="$extra
auth SHA256"
	lv_server "srv-$tag" "$ROW_PROTO" "$extra" "$(lv_wrap_opts "$ROW_WRAP" server)"
	lv_profile "$LV_TMP/cli-$tag.ovpn" "$ROW_PROTO" "$extra" "$(lv_wrap_opts "$ROW_WRAP" client)"
	lv_client "cli-$tag" "$LV_TMP/cli-$tag.ovpn"
	lv_wait_up 20
	lv_wait_for 5 grep -q "Data Channel: cipher '$cipher'" "$LV_SRV_LOG" ||
		{ lv_dump; lv_fail "$cell: the server did not negotiate $cipher"; }
	[ "$cipher" != AES-256-CBC ] || grep -q "Incoming Data Channel: Using 256 bit message hash 'SHA256'" "$LV_SRV_LOG" ||
		{ lv_dump; lv_fail "$cell: the server does not use HMAC-SHA256"; }
	lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 50000
	lv_ping "$LV_NS_C" 2001:2:0:1::1
	if [ "$cipher" = "$ROW_FULL" ]; then
		lv_xfer 198.19.0.1 4
		lv_iperf 198.19.0.1 3
		lv_log "PASS $cell (handshake, tunnel proof, IPv6 ping, 4 MB each way, iperf3)"
	else
		lv_log "PASS $cell (handshake, tunnel proof, IPv6 ping)"
	fi
	lv_stop_client
	lv_stop "$LV_SRV"
done
lv_log "PASS"
