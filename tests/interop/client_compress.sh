#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Compression framing against openvpn 2.6: the server runs
# "compress lz4-v2" + push "compress lz4-v2" (and then stub-v2); the
# client has "allow-compression yes" (lz4-v2: it must decompress and may
# compress) and must carry compressible and random data both ways.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys

for alg in lz4-v2 stub-v2; do
	lv_server "srv-$alg" udp "tls-crypt $LV_TMP/tc.key" "allow-compression yes" \
		"compress $alg" "push \"compress $alg\""
	lv_profile "$LV_TMP/$alg.ovpn" udp "tls-crypt $LV_TMP/tc.key" "allow-compression yes"
	lv_client "cli-$alg" "$LV_TMP/$alg.ovpn"
	lv_wait_up 20
	grep -q "compress $alg" "$LV_CLI_LOG" "$LV_SRV_LOG" || { lv_dump; lv_fail "$alg: not pushed"; }
	lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 50000
	lv_ping "$LV_NS_C" 2001:2:0:1::1
	lv_xfer 198.19.0.1 3
	# compressible data (zeros) both ways, too
	before=$(lv_tun_bytes "$LV_NS_C" "lvc$$" tx)
	ip netns exec "$LV_NS_C" ping -q -c 50 -i 0.01 -s 1300 -p 00 -W 2 198.19.0.1 >"$LV_TMP/ping.out" 2>&1 ||
		{ cat "$LV_TMP/ping.out"; lv_dump; lv_fail "$alg: ping with compressible payload"; }
	after=$(lv_tun_bytes "$LV_NS_C" "lvc$$" tx)
	lv_log "$alg: 50 pings of 1300 zero bytes sent $((after - before)) bytes on the link"
	# lz4-v2 must actually compress (both ways: the replies come back too);
	# stub-v2 sends them as they are
	if [ "$alg" = lz4-v2 ]; then
		[ $((after - before)) -lt 30000 ] || lv_fail "lz4-v2: zeros not compressed"
	else
		[ $((after - before)) -gt 65000 ] || lv_fail "stub-v2: fewer bytes than sent"
	fi
	lv_stop_client
	lv_stop "$LV_SRV"
	lv_log "PASS compress $alg"
done
lv_log "PASS"
