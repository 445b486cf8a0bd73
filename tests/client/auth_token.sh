#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# auth-token: after the first login with a password, the server (Debian's
# openvpn 2.6 with auth-gen-token) pushes a token, and the client sends it
# instead of the password when it reconnects: the password-check script
# runs exactly once and the server accepts the token.
#
# Renewal.  OpenVPN 2.6 sends a renewed token as a separate
# "PUSH_REPLY,auth-token ..." control message, after a renegotiation's keys
# are in place (ssl.c -> resend_auth_token_renegotiation) and every
# renewal-time seconds (check_send_auth_token); it does not schedule the
# send (auth_token.c: "might delay this reply a few seconds"): the message
# waits in the TLS buffer until the server next processes that session,
# i.e. the next packet from the client.  An earlier version of this test
# relied on `reneg-sec 8` with an idle tunnel: the renewal then often sat
# in the server until the next renegotiation, so the check was flaky.
# Here a ping keeps packets flowing (the server processes the session at
# once), and the server makes the renewal matter: `auth-gen-token 0 4`
# accepts a token only within 2 * 4 s of its timestamp (auth_token.c, the
# renewal window), so a client that kept the first token would be refused
# when it reconnects after ~14 s and would have to send the password again
# (a second call of the password check).  `hand-window 2`: OpenVPN wants
# the renewal time >= 2 * hand-window.
. "$(dirname "$0")/../interop/lib.sh"
lv_require_root
lv_netns_pair
lv_pki rsa
openvpn --genkey secret "$LV_TMP/tc.key" >/dev/null 2>&1
cat > "$LV_TMP/verify.sh" <<'EOT'
#!/bin/sh
# the server's password check: counts its calls
echo "called user=$username" >> "$(dirname "$0")/verify.calls"
[ "$username" = alice ] && [ "$password" = s3cret ]
EOT
chmod 755 "$LV_TMP/verify.sh" "$LV_TMP"
lv_bg "$LV_NS_S" "$LV_TMP/server.log" openvpn --dev tun --mode server --tls-server \
	--topology subnet --server 198.19.0.0 255.255.255.0 --proto udp --local "$LV_LINK_S" --port 1194 \
	--ca "$LV_PKI/ca.crt" --cert "$LV_PKI/server.crt" --key "$LV_PKI/server.key" --dh none \
	--tls-crypt "$LV_TMP/tc.key" --keepalive 10 60 --script-security 3 \
	--auth-user-pass-verify "$LV_TMP/verify.sh" via-env --auth-gen-token 0 4 --hand-window 2 \
	--verb 4
printf 'alice\ns3cret\n' > "$LV_TMP/up"
cat > "$LV_TMP/c.ovpn" <<EOT
client
dev tun
remote $LV_LINK_S 1194 udp
nobind
ca $LV_PKI/ca.crt
cert $LV_PKI/client.crt
key $LV_PKI/client.key
remote-cert-tls server
tls-crypt $LV_TMP/tc.key
auth-user-pass $LV_TMP/up
reneg-sec 5
verb 4
EOT
lv_wait_for 15 grep -q "Initialization Sequence Completed" "$LV_TMP/server.log" || lv_fail "server did not start"
lv_bg "$LV_NS_C" "$LV_TMP/client.log" $top_builddir/src/leanvpn --config "$LV_TMP/c.ovpn"
cli=$LV_LASTPID
lv_wait_for 20 grep -q "Initialization Sequence Completed" "$LV_TMP/client.log" || { tail "$LV_TMP/server.log"; lv_fail "no tunnel"; }
t0=$(date +%s)
grep -q "auth-token received" "$LV_TMP/client.log" || lv_fail "no auth-token taken from the PUSH_REPLY"
# ~14 s of traffic: renegotiations at 5 and 10 s (client reneg-sec 5) and
# the server's periodic renewals; the first token expires at 8 s
ip netns exec "$LV_NS_C" ping -q -c 70 -i 0.2 -W 1 198.19.0.1 >"$LV_TMP/ping-long.out" 2>&1
renewed=$(grep -c "auth-token renewed by the server" "$LV_TMP/client.log")
[ "$renewed" -ge 1 ] || { tail -30 "$LV_TMP/client.log"; lv_fail "no auth-token renewal in $(($(date +%s) - t0)) s"; }
[ $(($(date +%s) - t0)) -ge 9 ] || lv_fail "the traffic phase was too short to outlive the first token"
kill -USR1 "$cli"
lv_wait_for 20 sh -c "[ \$(grep -c 'Initialization Sequence Completed' '$LV_TMP/client.log') -ge 2 ]" ||
	lv_fail "no reconnection after SIGUSR1"
lv_prove_tunnel "$LV_NS_C" tun0 198.19.0.1 20000
calls=$(wc -l <"$LV_TMP/verify.calls")
[ "$calls" -eq 1 ] || lv_fail "the password was checked $calls times: the token was not used"
ok=$(grep -c "Username/auth-token authentication succeeded" "$LV_TMP/server.log")
[ "$ok" -ge 1 ] || lv_fail "the server never accepted the token on the reconnection"
lv_stop "$cli"
lv_log "PASS: password checked once, token renewed $renewed times, accepted $ok times"
