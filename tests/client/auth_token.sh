#!/bin/sh
# auth-token: after the first login with a password, the server (Debian's
# openvpn 2.6 with auth-gen-token) pushes a token, and the client sends it
# instead of the password when it reconnects: the password-check script
# runs exactly once and the server accepts the token.
# (Renewal of the token on renegotiation is handled (LVPN_EV_AUTH_TOKEN)
# but not checked here: in about half of the runs the server did not send
# its renewal before the next renegotiation, so the check would be flaky.)
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
	--auth-user-pass-verify "$LV_TMP/verify.sh" via-env --auth-gen-token 300 --verb 4
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
verb 4
EOT
lv_bg "$LV_NS_C" "$LV_TMP/client.log" $top_builddir/src/leanvpn --config "$LV_TMP/c.ovpn"
cli=$LV_LASTPID
lv_wait_for 20 grep -q "Initialization Sequence Completed" "$LV_TMP/client.log" || { tail "$LV_TMP/server.log"; lv_fail "no tunnel"; }
grep -q "auth-token received" "$LV_TMP/client.log" || lv_fail "no auth-token taken from the PUSH_REPLY"
kill -USR1 "$cli"
lv_wait_for 20 sh -c "[ \$(grep -c 'Initialization Sequence Completed' '$LV_TMP/client.log') -ge 2 ]" ||
	lv_fail "no reconnection after SIGUSR1"
lv_prove_tunnel "$LV_NS_C" tun0 198.19.0.1 20000
calls=$(wc -l <"$LV_TMP/verify.calls")
[ "$calls" -eq 1 ] || lv_fail "the password was checked $calls times: the token was not used"
ok=$(grep -c "Username/auth-token authentication succeeded" "$LV_TMP/server.log")
[ "$ok" -ge 1 ] || lv_fail "the server never accepted the token on the reconnection"
lv_stop "$cli"
lv_log "PASS: password checked once, token accepted $ok times"
