#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# auth-user-pass against openvpn's auth-user-pass-verify (a tiny script
# that accepts one fixed user/password): the right password connects and
# carries traffic; the wrong one fails with AUTH_FAILED logged, exit status
# 2, and the client namespace left exactly as before.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys

cat >"$LV_TMP/verify.sh" <<'EOS'
#!/bin/sh
# $1: a file with the username and the password on two lines
u=$(sed -n 1p "$1")
p=$(sed -n 2p "$1")
[ "$u" = alice ] && [ "$p" = 'correct horse 42' ]
EOS
chmod 755 "$LV_TMP/verify.sh"
lv_server auth udp "script-security 2" "auth-user-pass-verify $LV_TMP/verify.sh via-file" \
	"tmp-dir $LV_TMP" "tls-crypt $LV_TMP/tc.key"

printf 'alice\ncorrect horse 42\n' >"$LV_TMP/good.pass"
printf 'alice\nwrong horse 42\n' >"$LV_TMP/bad.pass"
chmod 600 "$LV_TMP/good.pass" "$LV_TMP/bad.pass"

# right password
lv_profile "$LV_TMP/good.ovpn" udp "tls-crypt $LV_TMP/tc.key" "auth-user-pass $LV_TMP/good.pass"
lv_snapshot "$LV_NS_C" "$LV_TMP/state.before"
lv_client good "$LV_TMP/good.ovpn"
lv_wait_up 20
lv_wait_for 5 grep -q "TLS: Username/Password authentication succeeded for username 'alice'" "$LV_SRV_LOG" ||
	{ lv_dump; lv_fail "the server did not log alice's successful authentication"; }
lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 50000
lv_xfer 198.19.0.1 2
lv_stop_client
lv_same_state "$LV_NS_C" "$LV_TMP/state.before" "after SIGTERM"
lv_log "PASS right password: connected, traffic carried, state restored"

# wrong password
lv_profile "$LV_TMP/bad.ovpn" udp "tls-crypt $LV_TMP/tc.key" "auth-user-pass $LV_TMP/bad.pass"
lv_expect_fail bad "$LV_TMP/bad.ovpn" 2 "wrong password" "AUTH_FAILED"
grep -q "TLS Auth Error: Auth Username/Password verification failed for peer" "$LV_SRV_LOG" ||
	{ lv_dump; lv_fail "the server did not reject the password"; }
lv_log "PASS"
