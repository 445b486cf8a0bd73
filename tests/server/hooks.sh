#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The leanvpn server's per-client hooks with openvpn 2.6 clients, in two
# namespaces: client-connect / client-disconnect (their environment, the
# directives client-connect writes, refusal by exit status, disconnect on
# every exit path), client-config-dir (ifconfig-push, iroute, push-remove,
# disable, ccd-exclusive), auth-user-pass-verify via-env / via-file with
# username-as-common-name, and auth-gen-token tokens accepted on reconnect.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/hooks_lib.sh"
lv_require_root
command -v openvpn >/dev/null || lv_fail "openvpn not installed"
lv_netns_pair
hk_pki ec
hk_cert client "/O=leanvpn test/OU=good/CN=client"
hk_cert other "/O=leanvpn test/OU=bad/CN=other"
passed=0
S="$LV_TMP/scripts"
mkdir -p "$S"

# scripts get no PATH from the server: each sets its own
cat >"$S/connect.sh" <<EOS
#!/bin/sh
PATH=/usr/bin:/bin
env | sort >"$LV_TMP/connect.\$common_name.env"
[ "\$X509_0_OU" = good ] || exit 1
echo 'push "route 198.19.9.0 255.255.255.0"' >>"\$1"
[ "\${UV_WANT88:-}" = 1 ] && echo 'ifconfig-push 198.19.0.88 255.255.255.0' >>"\$1"
exit 0
EOS
cat >"$S/disconnect.sh" <<EOS
#!/bin/sh
PATH=/usr/bin:/bin
env | sort >"$LV_TMP/disconnect.\$common_name.env"
EOS
chmod +x "$S/connect.sh" "$S/disconnect.sh"

# has FILE NAME=VALUE...: every line is in the env dump
has() {
	f=$1
	shift
	for kv in "$@"; do
		grep -qx "$kv" "$f" || { cat "$f"; lv_fail "$f: no '$kv'"; }
	done
}
# hasv FILE NAME...: every variable is set and not empty
hasv() {
	f=$1
	shift
	for k in "$@"; do
		grep -q "^$k=." "$f" || { cat "$f"; lv_fail "$f: no variable $k"; }
	done
}

# --- 1. client-connect / client-disconnect ---
hk_server_conf "script-security 2" "client-connect $S/connect.sh" \
	"client-disconnect $S/disconnect.sh" "setenv PROFILE_ID prof-1" >"$LV_TMP/s.conf"
hk_start_server "$LV_TMP/s.conf"
grep -q "not applied" "$LV_TMP/s.log" && lv_fail "the server still says an option is not applied"
hk_client "$LV_NS_C" client "$LV_TMP/c.log" --setenv UV_HELLO world --push-peer-info \
	--explicit-exit-notify 1
cli=$HK_CLI
hk_up "$LV_TMP/c.log" || { tail -20 "$LV_TMP/c.log" "$LV_TMP/s.log"; lv_fail "connect: no tunnel"; }
e="$LV_TMP/connect.client.env"
has "$e" script_type=client-connect common_name=client X509_0_CN=client X509_0_OU=good \
	"X509_0_O=leanvpn test" X509_1_CN=hk-ca X509_1_OU=ca-unit untrusted_ip=198.18.0.2 \
	trusted_ip=198.18.0.2 ifconfig_pool_remote_ip=198.19.0.2 ifconfig_pool_netmask=255.255.255.0 \
	ifconfig_pool_remote_ip6=2001:2:0:1::1000 ifconfig_local=198.19.0.1 \
	ifconfig_netmask=255.255.255.0 PROFILE_ID=prof-1 UV_HELLO=world IV_PLAT=linux
hasv "$e" dev trusted_port untrusted_port tls_serial_0 tls_serial_1 tls_digest_sha256_0 \
	tls_id_0 time_unix IV_VER IV_PROTO client_connect_config_file
# the serial as the certificate says it (openssl prints it in hex)
want=$(openssl x509 -in "$HK_PKI/client.crt" -noout -serial | sed 's/serial=//' | tr 'A-F' 'a-f' | sed 's/../&:/g; s/:$//')
has "$e" "tls_serial_hex_0=$want"
# the fingerprints as openssl computes them (lowercase, as openvpn's env)
for md in sha1 sha256; do
	fp=$(openssl x509 -in "$HK_PKI/client.crt" -noout -fingerprint -$md | sed 's/.*=//' | tr 'A-F' 'a-f')
	[ $md = sha1 ] && has "$e" "tls_digest_0=$fp" || has "$e" "tls_digest_sha256_0=$fp"
done
# the directive client-connect wrote reached the client
lv_wait_for 5 sh -c "ip -n $LV_NS_C route | grep -q '^198.19.9.0/24'" || lv_fail "connect: pushed route missing"
lv_log "ok: client-connect environment and its pushed route"
passed=$((passed + 1))
# the client leaves (exit notification): client-disconnect with counters
lv_stop "$cli"
lv_wait_for 10 test -s "$LV_TMP/disconnect.client.env" || lv_fail "no client-disconnect on exit-notify"
d="$LV_TMP/disconnect.client.env"
has "$d" script_type=client-disconnect common_name=client ifconfig_pool_remote_ip=198.19.0.2
hasv "$d" bytes_received bytes_sent time_duration
[ "$(sed -n 's/^bytes_received=//p' "$d")" -gt 0 ] || lv_fail "disconnect: bytes_received is 0"
lv_log "ok: client-disconnect when the client leaves"
passed=$((passed + 1))

# a client whose OU the script refuses gets AUTH_FAILED and no disconnect
rm -f "$LV_TMP"/disconnect.*.env
hk_client "$LV_NS_C" other "$LV_TMP/c2.log"
lv_wait_for 20 grep -q "AUTH_FAILED" "$LV_TMP/c2.log" || { tail "$LV_TMP/c2.log" "$LV_TMP/s.log"; lv_fail "refused client: no AUTH_FAILED"; }
has "$LV_TMP/connect.other.env" X509_0_OU=bad
lv_stop "$HK_CLI"
sleep 1
[ -e "$LV_TMP/disconnect.other.env" ] && lv_fail "client-disconnect ran for a refused client"
lv_log "ok: client-connect exit 1 refuses the client (AUTH_FAILED)"
passed=$((passed + 1))

# a connected client when the server stops: client-disconnect runs; this
# time client-connect gives it an address of its own (ifconfig-push)
hk_client "$LV_NS_C" client "$LV_TMP/c.log" --setenv UV_WANT88 1 --push-peer-info
cli=$HK_CLI
hk_up "$LV_TMP/c.log" || lv_fail "reconnect: no tunnel"
ip -n "$LV_NS_C" -4 addr | grep -q "inet 198.19.0.88/24" || { ip -n "$LV_NS_C" addr; lv_fail "client-connect's ifconfig-push not used"; }
lv_ping "$LV_NS_C" 198.19.0.1
lv_stop "$HK_SRV"
test -s "$LV_TMP/disconnect.client.env" || lv_fail "no client-disconnect when the server exits"
has "$LV_TMP/disconnect.client.env" ifconfig_pool_remote_ip=198.19.0.88
lv_stop "$cli"
lv_log "ok: client-connect ifconfig-push; client-disconnect on server exit (SIGTERM)"
passed=$((passed + 1))

# --- 2. client-config-dir ---
mkdir -p "$LV_TMP/ccd"
cat >"$LV_TMP/ccd/client" <<EOC
# the client's own address, a subnet behind it, its own push list
ifconfig-push 198.19.0.77 255.255.255.0
ifconfig-ipv6-push 2001:2:0:1::77/64
iroute 198.19.50.0 255.255.255.0
iroute-ipv6 2001:2:0:50::/64
push-remove "route 198.19.8.0"
push "route 198.19.51.0 255.255.255.0"
EOC
echo disable >"$LV_TMP/ccd/other"
hk_server_conf "client-config-dir $LV_TMP/ccd" >"$LV_TMP/s.conf"
hk_start_server "$LV_TMP/s.conf"
sdev=$(sed -n 's/.*TUN\/TAP device \([^ ]*\) opened.*/\1/p' "$LV_TMP/s.log" | head -1)
ip -n "$LV_NS_S" route add 198.19.50.0/24 dev "$sdev" || lv_fail "ccd: server route"
ip -n "$LV_NS_S" route add 2001:2:0:50::/64 dev "$sdev" || lv_fail "ccd: server route (IPv6)"
hk_client "$LV_NS_C" client "$LV_TMP/c.log" --explicit-exit-notify 1
cli=$HK_CLI
hk_up "$LV_TMP/c.log" || { tail -20 "$LV_TMP/c.log" "$LV_TMP/s.log"; lv_fail "ccd: no tunnel"; }
ip -n "$LV_NS_C" -4 addr | grep -q "inet 198.19.0.77/24" || { ip -n "$LV_NS_C" addr; lv_fail "ccd: ifconfig-push address not used"; }
ip -n "$LV_NS_C" -6 addr | grep -q "inet6 2001:2:0:1::77/64" || { ip -n "$LV_NS_C" addr; lv_fail "ccd: ifconfig-ipv6-push address not used"; }
ip -n "$LV_NS_C" route | grep -q "^198.19.51.0/24" || lv_fail "ccd: its push line did not arrive"
ip -n "$LV_NS_C" route | grep -q "^198.19.8.0/24" && lv_fail "ccd: push-remove did not remove the global route"
# a host behind the client, reached through its iroute (both ways: the
# reply's source address passes the server's check because of the iroute)
ip -n "$LV_NS_C" addr add 198.19.50.1/32 dev lo
lv_ping "$LV_NS_S" 198.19.50.1
lv_ping "$LV_NS_C" 198.19.0.1
ip -n "$LV_NS_C" addr add 2001:2:0:50::1/128 dev lo nodad
lv_ping "$LV_NS_S" 2001:2:0:50::1
lv_ping "$LV_NS_C" 2001:2:0:1::1
lv_log "ok: client-config-dir ifconfig-push, ifconfig-ipv6-push, iroute, iroute-ipv6, push, push-remove"
passed=$((passed + 1))
hk_client "$LV_NS_C" other "$LV_TMP/c2.log"
lv_wait_for 20 grep -q "AUTH_FAILED" "$LV_TMP/c2.log" || lv_fail "ccd disable: no AUTH_FAILED"
lv_stop "$HK_CLI"
lv_stop "$cli"
lv_stop "$HK_SRV"
lv_log "ok: client-config-dir disable refuses the client"
passed=$((passed + 1))
rm "$LV_TMP/ccd/client"
hk_server_conf "client-config-dir $LV_TMP/ccd" ccd-exclusive >"$LV_TMP/s.conf"
hk_start_server "$LV_TMP/s.conf"
hk_client "$LV_NS_C" client "$LV_TMP/c.log"
lv_wait_for 20 grep -q "AUTH_FAILED" "$LV_TMP/c.log" || lv_fail "ccd-exclusive: no AUTH_FAILED without a file"
lv_stop "$HK_CLI"
lv_stop "$HK_SRV"
lv_log "ok: ccd-exclusive refuses a client without a file"
passed=$((passed + 1))

# --- 3. auth-user-pass-verify, username-as-common-name, auth-gen-token ---
cat >"$S/verify.sh" <<EOS
#!/bin/sh
PATH=/usr/bin:/bin
if [ -n "\${1:-}" ]; then u=\$(sed -n 1p "\$1"); p=\$(sed -n 2p "\$1"); else u=\$username; p=\$password; fi
echo "\$script_type \$u \$common_name" >>"$LV_TMP/verify.calls"
[ "\$u" = alice ] && [ "\$p" = 'secret pw' ]
EOS
chmod +x "$S/verify.sh"
printf 'alice\nsecret pw\n' >"$LV_TMP/good.up"
printf 'alice\nwrong\n' >"$LV_TMP/bad.up"
for method in via-file via-env; do
	rm -f "$LV_TMP/verify.calls"
	hk_server_conf "script-security 3" "auth-user-pass-verify $S/verify.sh $method" \
		username-as-common-name "auth-gen-token 3600" "management $LV_TMP/m.sock unix" \
		>"$LV_TMP/s.conf"
	hk_start_server "$LV_TMP/s.conf"
	hk_client "$LV_NS_C" client "$LV_TMP/c.log" --auth-user-pass "$LV_TMP/good.up"
	cli=$HK_CLI
	hk_up "$LV_TMP/c.log" || { tail -20 "$LV_TMP/c.log" "$LV_TMP/s.log"; lv_fail "auth $method: no tunnel"; }
	grep -qx "user-pass-verify alice client" "$LV_TMP/verify.calls" || { cat "$LV_TMP/verify.calls"; lv_fail "auth $method: script environment"; }
	grep -q "alice: client connected" "$LV_TMP/s.log" || lv_fail "auth $method: username-as-common-name"
	# the token: a soft restart of the client sends it instead of the password
	kill -USR1 "$cli"
	lv_wait_for 30 sh -c "[ \$(grep -c 'Initialization Sequence Completed' '$LV_TMP/c.log') -ge 2 ]" ||
		{ tail -20 "$LV_TMP/c.log" "$LV_TMP/s.log"; lv_fail "auth $method: no reconnect"; }
	grep -q "auth-token accepted" "$LV_TMP/s.log" || { tail -20 "$LV_TMP/s.log"; lv_fail "auth $method: token not used"; }
	[ "$(wc -l <"$LV_TMP/verify.calls")" = 1 ] || lv_fail "auth $method: the script ran again despite the token"
	lv_stop "$cli"
	# a wrong password: AUTH_FAILED and the openvpn client gives up
	hk_client "$LV_NS_C" client "$LV_TMP/c2.log" --auth-user-pass "$LV_TMP/bad.up"
	lv_exit_status "$HK_CLI" 30
	grep -q "AUTH_FAILED" "$LV_TMP/c2.log" || { tail "$LV_TMP/c2.log"; lv_fail "auth $method: wrong password not refused"; }
	[ "$LV_STATUS" != timeout ] || lv_fail "auth $method: the refused client did not exit"
	# leanvpn's own client: exit status 2 (authentication failed)
	{
		echo client; echo "dev tun"; echo "proto udp"; echo "remote $LV_LINK_S 1194"; echo nobind
		echo "ca $HK_PKI/ca.crt"; echo "cert $HK_PKI/client.crt"; echo "key $HK_PKI/client.key"
		echo "remote-cert-tls server"; echo "auth-user-pass $LV_TMP/bad.up"; echo "verb 3"
	} >"$LV_TMP/lc.ovpn"
	lv_bg "$LV_NS_C" "$LV_TMP/lc.log" "$top_builddir/src/leanvpn" --config "$LV_TMP/lc.ovpn"
	lv_exit_status "$LV_LASTPID" 30
	[ "$LV_STATUS" = 2 ] || { tail "$LV_TMP/lc.log"; lv_fail "auth $method: leanvpn client exit status $LV_STATUS, not 2"; }
	lv_stop "$HK_SRV"
	lv_log "ok: auth-user-pass-verify $method, username-as-common-name, auth-gen-token"
	passed=$((passed + 1))
done

# --- 3b. auth-token renewal: with reneg-sec 3 a token is good for 6 s
# after it was made; the server renews it after each renegotiation
# (PUSH_REPLY,auth-token), so a reconnection after 12 s still goes
# through on the token, without the verify script
rm -f "$LV_TMP/verify.calls"
hk_server_conf "script-security 3" "auth-user-pass-verify $S/verify.sh via-env" \
	"auth-gen-token 0" "reneg-sec 3" >"$LV_TMP/s.conf"
hk_start_server "$LV_TMP/s.conf"
hk_client "$LV_NS_C" client "$LV_TMP/c.log" --auth-user-pass "$LV_TMP/good.up" --ping 1
cli=$HK_CLI
hk_up "$LV_TMP/c.log" || { tail -20 "$LV_TMP/c.log" "$LV_TMP/s.log"; lv_fail "renewal: no tunnel"; }
sleep 12
kill -USR1 "$cli"
lv_wait_for 30 sh -c "[ \$(grep -c 'Initialization Sequence Completed' '$LV_TMP/c.log') -ge 2 ]" ||
	{ tail -20 "$LV_TMP/c.log" "$LV_TMP/s.log"; lv_fail "renewal: no reconnect on the renewed token"; }
grep -q "auth-token accepted" "$LV_TMP/s.log" || { tail -20 "$LV_TMP/s.log"; lv_fail "renewal: token not used"; }
[ "$(wc -l <"$LV_TMP/verify.calls")" = 1 ] || lv_fail "renewal: the token had expired (the script ran again)"
lv_stop "$cli"
lv_stop "$HK_SRV"
lv_log "ok: auth-token renewed after renegotiation, still valid 12 s later"
passed=$((passed + 1))

# --- 3c. each renegotiation's password is checked again (no token):
# while the script accepts, the tunnel lives across renegotiations and
# the script runs each time; once it refuses, the client is sent
# AUTH_FAILED and dropped
cat >"$S/verify2.sh" <<EOS
#!/bin/sh
PATH=/usr/bin:/bin
echo "\$username" >>"$LV_TMP/verify2.calls"
[ ! -e "$LV_TMP/deny" ] && [ "\$username" = alice ] && [ "\$password" = 'secret pw' ]
EOS
chmod +x "$S/verify2.sh"
rm -f "$LV_TMP/verify2.calls" "$LV_TMP/deny"
hk_server_conf "script-security 3" "auth-user-pass-verify $S/verify2.sh via-env" \
	"reneg-sec 3" >"$LV_TMP/s.conf"
hk_start_server "$LV_TMP/s.conf"
hk_client "$LV_NS_C" client "$LV_TMP/c.log" --auth-user-pass "$LV_TMP/good.up" --ping 1
cli=$HK_CLI
hk_up "$LV_TMP/c.log" || { tail -20 "$LV_TMP/c.log" "$LV_TMP/s.log"; lv_fail "re-auth: no tunnel"; }
lv_wait_for 20 sh -c "[ \$(wc -l <'$LV_TMP/verify2.calls') -ge 3 ]" ||
	{ tail -20 "$LV_TMP/s.log"; lv_fail "re-auth: the script did not run again on renegotiation"; }
ip netns exec "$LV_NS_C" ping -q -c 2 -W 2 198.19.0.1 >/dev/null || lv_fail "re-auth: tunnel lost across renegotiations"
touch "$LV_TMP/deny"
lv_wait_for 20 grep -q "refused on renegotiation" "$LV_TMP/s.log" ||
	{ tail -20 "$LV_TMP/s.log"; lv_fail "re-auth: a refused renegotiation was not noticed"; }
lv_wait_for 10 grep -q "AUTH_FAILED" "$LV_TMP/c.log" ||
	{ tail -20 "$LV_TMP/c.log"; lv_fail "re-auth: the client was not sent AUTH_FAILED"; }
lv_stop "$cli"
lv_stop "$HK_SRV"
lv_log "ok: the password is checked again on every renegotiation; a refusal drops the client"
passed=$((passed + 1))

# --- 4. auth-gen-token-secret: tokens cross between leanvpn and openvpn ---
# (the independent check of the token format: each server accepts the
# other's token without running the verify script again)
openvpn --genkey auth-token "$LV_TMP/tok.key" >/dev/null 2>&1 || lv_fail "openvpn --genkey auth-token"
rm -f "$LV_TMP/verify.calls"
hk_server_conf "script-security 2" "auth-user-pass-verify $S/verify.sh via-file" \
	"auth-gen-token 3600" "auth-gen-token-secret $LV_TMP/tok.key" >"$LV_TMP/s.conf"
hk_start_server "$LV_TMP/s.conf"
hk_client "$LV_NS_C" client "$LV_TMP/c.log" --auth-user-pass "$LV_TMP/good.up"
cli=$HK_CLI
hk_up "$LV_TMP/c.log" || lv_fail "token: no tunnel"
lv_stop "$HK_SRV"
lv_bg "$LV_NS_S" "$LV_TMP/o.log" openvpn --config "$LV_TMP/s.conf"
osrv=$LV_LASTPID
lv_wait_for 15 grep -q "Initialization Sequence Completed" "$LV_TMP/o.log" || { tail "$LV_TMP/o.log"; lv_fail "token: openvpn server"; }
kill -USR1 "$cli"
lv_wait_for 30 sh -c "[ \$(grep -c 'Initialization Sequence Completed' '$LV_TMP/c.log') -ge 2 ]" ||
	{ tail -20 "$LV_TMP/c.log" "$LV_TMP/o.log"; lv_fail "token: openvpn did not take our token"; }
[ "$(wc -l <"$LV_TMP/verify.calls")" = 1 ] || lv_fail "token: openvpn ran the script: our token was not accepted"
lv_stop "$osrv"
hk_start_server "$LV_TMP/s.conf"
kill -USR1 "$cli"
lv_wait_for 30 sh -c "[ \$(grep -c 'Initialization Sequence Completed' '$LV_TMP/c.log') -ge 3 ]" ||
	{ tail -20 "$LV_TMP/c.log" "$LV_TMP/s.log"; lv_fail "token: we did not take openvpn's token"; }
grep -q "auth-token accepted" "$LV_TMP/s.log" && [ "$(wc -l <"$LV_TMP/verify.calls")" = 1 ] ||
	lv_fail "token: openvpn's token was not accepted"
lv_stop "$cli"
lv_stop "$HK_SRV"
lv_log "ok: auth-gen-token-secret tokens accepted by openvpn and from openvpn"
passed=$((passed + 1))

# --- 5. client-disconnect after a ping timeout (the client stops answering) ---
rm -f "$LV_TMP"/disconnect.*.env
hk_server_conf "script-security 2" "client-disconnect $S/disconnect.sh" | sed 's/^keepalive 10 60$/keepalive 1 4/' >"$LV_TMP/s.conf"
hk_start_server "$LV_TMP/s.conf"
hk_client "$LV_NS_C" client "$LV_TMP/c.log"
cli=$HK_CLI
hk_up "$LV_TMP/c.log" || lv_fail "timeout: no tunnel"
kill -STOP "$cli"
lv_wait_for 20 test -s "$LV_TMP/disconnect.client.env" || { kill -CONT "$cli"; tail "$LV_TMP/s.log"; lv_fail "no client-disconnect after the ping timeout"; }
kill -CONT "$cli"
lv_stop "$cli"
lv_stop "$HK_SRV"
lv_log "ok: client-disconnect after a ping timeout"
passed=$((passed + 1))

lv_log "PASS: $passed cases"
