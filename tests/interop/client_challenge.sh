#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# static-challenge against Debian's openvpn 2.6 server: the client asks for
# the response (here: no controlling terminal, so from standard input, as
# OpenVPN's console does) and sends SCRV1:base64(password):base64(response).
# The server's auth-user-pass-verify script accepts exactly that string,
# built here with coreutils' base64 (an independent encoder).  A wrong
# response is refused (AUTH_FAILED, exit status 2).
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys
want="SCRV1:$(printf '%s' 's3cret' | base64):$(printf '%s' '123456' | base64)"
cat >"$LV_TMP/verify.sh" <<EOT
#!/bin/sh
echo "user=\$username password=\$password" >>"$LV_TMP/verify.calls"
[ "\$username" = alice ] && [ "\$password" = "$want" ]
EOT
chmod 755 "$LV_TMP/verify.sh"
chmod 755 "$LV_TMP"
lv_server sc udp "tls-crypt $LV_TMP/tc.key" "script-security 3" \
	"auth-user-pass-verify $LV_TMP/verify.sh via-env"
printf 'alice\ns3cret\n' >"$LV_TMP/up"
lv_profile "$LV_TMP/sc.ovpn" udp "tls-crypt $LV_TMP/tc.key" "auth-user-pass $LV_TMP/up" \
	'static-challenge "Enter PIN" 1'

# cclient NAME RESPONSE: leanvpn without a controlling terminal, RESPONSE on stdin
cclient() {
	printf '%s\n' "$2" >"$LV_TMP/$1.in"
	LV_CLI_LOG="$LV_TMP/$1.log"
	lv_bg "$LV_NS_C" "$LV_CLI_LOG" sh -c 'exec setsid "$0" --config "$1" <"$2"' \
		"$LV_LEANVPN" "$LV_TMP/sc.ovpn" "$LV_TMP/$1.in"
	LV_CLI=$LV_LASTPID
}

cclient good 123456
lv_wait_up 20
grep -q "CHALLENGE: Enter PIN" "$LV_CLI_LOG" || { lv_dump; lv_fail "no challenge prompt"; }
if grep -q "not applied" "$LV_CLI_LOG"; then lv_dump; lv_fail "static-challenge still called unapplied"; fi
lv_ping "$LV_NS_C" 198.19.0.1
grep -q "password=$want\$" "$LV_TMP/verify.calls" || { cat "$LV_TMP/verify.calls"; lv_fail "the server did not get $want"; }
lv_stop_client
lv_log "PASS the server got $want and accepted it"

cclient bad 654321
lv_exit_status "$LV_CLI" 30
[ "$LV_STATUS" = 2 ] || { lv_dump; lv_fail "wrong response: exit status $LV_STATUS, expected 2"; }
grep -q "AUTH_FAILED" "$LV_CLI_LOG" || { lv_dump; lv_fail "wrong response: no AUTH_FAILED"; }
lv_stop "$LV_SRV"
lv_log "PASS wrong response refused (exit status 2)"
lv_log "PASS"
