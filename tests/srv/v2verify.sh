#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --tls-crypt-v2-verify on the leanvpn server (UDP, and TCP where the
# session waits for the first frame), with Debian's openvpn 2.6
# as the client: the script runs with script_type=tls-crypt-v2-verify,
# metadata_type and metadata_file (the metadata without its type byte), as
# OpenVPN documents and does (tls_crypt.c); exit 0 admits the client, any
# other status refuses it.  The metadata is user data given to
# `openvpn --genkey tls-crypt-v2-client` in base64, so the expected file
# content comes from openvpn, not from us.
. "$(dirname "$0")/../interop/lib.sh"
lv_require_root
command -v openvpn >/dev/null || lv_fail "openvpn not installed"
lvpn="$top_builddir/src/leanvpn"
lv_netns_pair
lv_pki rsa
openvpn --genkey tls-crypt-v2-server "$LV_TMP/v2s.key" >/dev/null 2>&1
# user metadata "leanvpn-meta" (base64 bGVhbnZwbi1tZXRh)
openvpn --tls-crypt-v2 "$LV_TMP/v2s.key" --genkey tls-crypt-v2-client "$LV_TMP/v2c.key" \
	bGVhbnZwbi1tZXRh >/dev/null 2>&1 || lv_fail "openvpn --genkey with metadata"
cat >"$LV_TMP/verify.sh" <<EOT
#!/bin/sh
/usr/bin/env >"$LV_TMP/env.out"
/bin/cat "\$metadata_file" >"$LV_TMP/meta.out"
exit \$(/bin/cat "$LV_TMP/verdict")
EOT
chmod +x "$LV_TMP/verify.sh"
for proto in udp tcp; do
sproto=$proto
[ $proto = tcp ] && sproto=tcp-server
cat >"$LV_TMP/s.conf" <<EOT
mode server
tls-server
dev tun
topology subnet
server 198.19.0.0 255.255.255.0
proto $sproto
local $LV_LINK_S
port 1194
ca $LV_PKI/ca.crt
cert $LV_PKI/server.crt
key $LV_PKI/server.key
dh none
keepalive 10 60
tls-crypt-v2 $LV_TMP/v2s.key
tls-crypt-v2-verify $LV_TMP/verify.sh
tmp-dir $LV_TMP
script-security 2
verb 3
EOT
client="--client --dev tun --proto $proto --remote $LV_LINK_S 1194 --nobind --ca $LV_PKI/ca.crt"
client="$client --cert $LV_PKI/client.crt --key $LV_PKI/client.key --remote-cert-tls server"
client="$client --tls-crypt-v2 $LV_TMP/v2c.key --verb 3 --connect-retry-max 1"

for verdict in 1 0; do
	echo "$verdict" >"$LV_TMP/verdict"
	rm -f "$LV_TMP/env.out" "$LV_TMP/meta.out"
	lv_bg "$LV_NS_S" "$LV_TMP/s.log" "$lvpn" --config "$LV_TMP/s.conf"
	srv=$LV_LASTPID
	lv_wait_for 10 grep -q "Initialization Sequence Completed" "$LV_TMP/s.log" || lv_fail "server start"
	if [ "$proto" = tcp ] && [ "$verdict" = 1 ] && command -v bash >/dev/null; then
		# a first frame that is no tls-crypt-v2 reset: the server closes
		# the connection (EOF within 3 s), runs no script, stays up
		ip netns exec "$LV_NS_C" bash -c "exec 3<>/dev/tcp/$LV_LINK_S/1194 &&
			printf '\\000\\020\\120AAAAAAAAAAAAAAA' >&3 && timeout 3 cat <&3 >/dev/null" ||
			lv_fail "tcp: a garbage first frame did not end the connection"
		[ ! -e "$LV_TMP/env.out" ] || lv_fail "tcp: the script ran for a garbage frame"
		lv_log "ok: tcp: a garbage first frame is closed"
	fi
	# shellcheck disable=SC2086
	lv_bg "$LV_NS_C" "$LV_TMP/c.log" openvpn $client
	cli=$LV_LASTPID
	if [ "$verdict" = 0 ]; then
		lv_wait_for 30 grep -q "Initialization Sequence Completed" "$LV_TMP/c.log" ||
			{ tail -20 "$LV_TMP/s.log"; lv_fail "exit 0: the client did not connect"; }
	else
		lv_wait_for 10 grep -q "TLS CRYPT V2 VERIFY SCRIPT ERROR" "$LV_TMP/s.log" ||
			{ tail -20 "$LV_TMP/s.log"; lv_fail "exit 1: the script did not refuse"; }
		sleep 3
		! grep -q "Initialization Sequence Completed" "$LV_TMP/c.log" ||
			lv_fail "exit 1: the client connected anyway"
		! grep -q "admitted by the HMAC cookie" "$LV_TMP/s.log" ||
			lv_fail "exit 1: a session was created"
	fi
	grep -qx "script_type=tls-crypt-v2-verify" "$LV_TMP/env.out" || lv_fail "script_type"
	grep -qx "metadata_type=0" "$LV_TMP/env.out" || lv_fail "metadata_type (user: 0)"
	[ "$(cat "$LV_TMP/meta.out")" = leanvpn-meta ] || lv_fail "metadata file: $(od -c "$LV_TMP/meta.out")"
	f=$(sed -n 's/^metadata_file=//p' "$LV_TMP/env.out")
	case $f in "$LV_TMP"/*) ;; *) lv_fail "metadata file not in --tmp-dir: $f" ;; esac
	[ ! -e "$f" ] || lv_fail "the metadata file was left behind"
	lv_stop "$cli"
	lv_stop "$srv"
	lv_log "ok: $proto: script exit $verdict"
done
done
lv_log "PASS"
