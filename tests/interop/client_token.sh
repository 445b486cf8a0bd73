#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# auth-token-user against Debian's openvpn 2.6 server, as 2.6 applies it
# (misc.c set_auth_token_user): the server pushes an auth-token and, in
# base64, the username to send with it; from the next key exchange on the
# client sends that username and the token instead of its own.  The
# server's auth-user-pass-verify script records what it gets:
#  1. the first key exchange: alice and her password;
#  2. the renegotiation (reneg-sec 3 on the server): bob and the token
#     (which this 2.6 server then refuses, "username attempted to change",
#     as it refuses the real openvpn client that does the same).
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys

cat >"$LV_TMP/verify.sh" <<EOS
#!/bin/sh
# \$1: a file with the username and the password on two lines
echo "\$(sed -n 1p "\$1") \$(sed -n 2p "\$1")" >>"$LV_TMP/calls"
EOS
chmod 755 "$LV_TMP/verify.sh"
lv_server tok udp "script-security 2" "auth-user-pass-verify $LV_TMP/verify.sh via-file" \
	"tmp-dir $LV_TMP" "tls-crypt $LV_TMP/tc.key" "reneg-sec 3" \
	"push \"auth-token-user $(printf bob | base64)\"" 'push "auth-token tok123"'
printf 'alice\nsecret 42\n' >"$LV_TMP/a.pass"
chmod 600 "$LV_TMP/a.pass"
lv_profile "$LV_TMP/tok.ovpn" udp "tls-crypt $LV_TMP/tc.key" "auth-user-pass $LV_TMP/a.pass"
lv_client tokc "$LV_TMP/tok.ovpn"
lv_wait_up 20
lv_wait_for 20 sh -c "[ \$(wc -l <'$LV_TMP/calls') -ge 2 ]" ||
	{ cat "$LV_TMP/calls"; lv_dump; lv_fail "no renegotiation within 20 s"; }
first=$(sed -n 1p "$LV_TMP/calls")
second=$(sed -n 2p "$LV_TMP/calls")
[ "$first" = "alice secret 42" ] || { cat "$LV_TMP/calls"; lv_fail "first key exchange: '$first'"; }
[ "$second" = "bob tok123" ] ||
	{ cat "$LV_TMP/calls"; lv_dump; lv_fail "renegotiation: '$second', expected the pushed user bob and the token"; }
grep -q "username attempted to change from 'alice' to 'bob'" "$LV_SRV_LOG" ||
	{ lv_dump; lv_fail "the server did not see bob"; }
lv_stop "$LV_CLI"
lv_stop "$LV_SRV"
lv_log "PASS auth-token-user: '$first', then '$second'"
lv_log "PASS"
