#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# auth-nocache against Debian's openvpn 2.6 server.
#  1. No auth-token: the client forgets the password once it was sent; on
#     a reconnection (SIGUSR1) it reads the auth-user-pass file again, so a
#     password changed in the file meanwhile is what the server gets.  (A
#     client that cached the password would send the old one.)
#  2. With auth-gen-token: the pushed token is kept and used on the
#     reconnection (the password check runs once), as OpenVPN does.
#  3. No token, a renegotiation: the file is read again for it, as
#     OpenVPN does (a password changed meanwhile is what the server gets),
#     and the tunnel carries on without a reconnection.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys
cat >"$LV_TMP/verify.sh" <<EOT
#!/bin/sh
echo "\$password" >>"$LV_TMP/verify.calls"
[ "\$username" = alice ] && { [ "\$password" = first-pw ] || [ "\$password" = second-pw ]; }
EOT
chmod 755 "$LV_TMP/verify.sh" "$LV_TMP"

# 1. re-read on reconnection
lv_server nc-srv udp "tls-crypt $LV_TMP/tc.key" "script-security 3" \
	"auth-user-pass-verify $LV_TMP/verify.sh via-env"
printf 'alice\nfirst-pw\n' >"$LV_TMP/up"
lv_profile "$LV_TMP/nc.ovpn" udp "tls-crypt $LV_TMP/tc.key" "auth-user-pass $LV_TMP/up" \
	"auth-nocache" "connect-retry 1"
lv_client nc "$LV_TMP/nc.ovpn"
lv_wait_up 20
grep -q "auth-nocache: the password was sent and is forgotten" "$LV_CLI_LOG" ||
	{ lv_dump; lv_fail "the password was not forgotten"; }
if grep -q "not applied" "$LV_CLI_LOG"; then lv_dump; lv_fail "auth-nocache still called unapplied"; fi
printf 'alice\nsecond-pw\n' >"$LV_TMP/up"
kill -USR1 "$LV_CLI"
lv_wait_connects 2 30
lv_ping "$LV_NS_C" 198.19.0.1
got=$(tr '\n' ' ' <"$LV_TMP/verify.calls")
[ "$got" = "first-pw second-pw " ] || lv_fail "the server got '$got', expected 'first-pw second-pw '"
lv_stop_client
lv_stop "$LV_SRV"
lv_log "PASS no token: the password was read again on the reconnection ($got)"

# 2. a token is kept
: >"$LV_TMP/verify.calls"
printf 'alice\nfirst-pw\n' >"$LV_TMP/up"
lv_server nc-tok-srv udp "tls-crypt $LV_TMP/tc.key" "script-security 3" \
	"auth-user-pass-verify $LV_TMP/verify.sh via-env" "auth-gen-token 300"
lv_client nc-tok "$LV_TMP/nc.ovpn"
lv_wait_up 20
grep -q "auth-token received" "$LV_CLI_LOG" || { lv_dump; lv_fail "no auth-token"; }
kill -USR1 "$LV_CLI"
lv_wait_connects 2 30
lv_ping "$LV_NS_C" 198.19.0.1
calls=$(wc -l <"$LV_TMP/verify.calls")
[ "$calls" = 1 ] || lv_fail "with a token: the password was checked $calls times"
grep -q "Username/auth-token authentication succeeded" "$LV_SRV_LOG" || lv_fail "the token was not accepted"
lv_stop_client
lv_stop "$LV_SRV"
lv_log "PASS with auth-gen-token: the token was kept and used, password checked once"

# 3. no token, renegotiation (client reneg-sec 5): the file is read again
# just before key method 2 of the renegotiation
: >"$LV_TMP/verify.calls"
printf 'alice\nfirst-pw\n' >"$LV_TMP/up"
lv_server nc-reneg-srv udp "tls-crypt $LV_TMP/tc.key" "script-security 3" \
	"auth-user-pass-verify $LV_TMP/verify.sh via-env"
printf 'reneg-sec 5\n' >>"$LV_TMP/nc.ovpn"
lv_client nc-reneg "$LV_TMP/nc.ovpn"
lv_wait_up 20
printf 'alice\nsecond-pw\n' >"$LV_TMP/up"
lv_wait_for 20 grep -q "second-pw" "$LV_TMP/verify.calls" ||
	{ lv_dump; lv_fail "renegotiation: the server never got the password read again"; }
lv_wait_for 10 grep -q "auth-nocache: the password was read again" "$LV_CLI_LOG" ||
	{ lv_dump; lv_fail "renegotiation: the client did not say it read the password again"; }
sleep 2
lv_ping "$LV_NS_C" 198.19.0.1
lv_exited "$LV_CLI" && { lv_dump; lv_fail "renegotiation: the client exited"; }
[ "$(grep -c "Initialization Sequence Completed" "$LV_CLI_LOG")" = 1 ] ||
	{ lv_dump; lv_fail "renegotiation: the client reconnected instead of renegotiating"; }
lv_stop_client
lv_stop "$LV_SRV"
lv_log "PASS renegotiation without a token: the password was read again for it ($(tr '\n' ' ' <"$LV_TMP/verify.calls"))"
lv_log "PASS"
