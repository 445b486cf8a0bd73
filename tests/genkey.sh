#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# leanvpn --genkey writes the files OpenVPN 2.6 reads, and reads OpenVPN's.
set -u
lvpn="$top_builddir/src/leanvpn"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
command -v openvpn >/dev/null || { echo "SKIP: openvpn not installed"; exit 77; }

"$lvpn" --genkey secret "$tmp/s.key" && ok || bad "genkey secret"
grep -q -- '-----BEGIN OpenVPN Static key V1-----' "$tmp/s.key" && ok || bad "static key markers"
[ "$(stat -c %a "$tmp/s.key")" = 600 ] && ok || bad "key file mode is not 0600"
# control: openvpn's self-test passes on its own key (BF-CBC is gone in
# OpenSSL 3: name a cipher), then on ours
openvpn --genkey secret "$tmp/ov.key" >/dev/null 2>&1
openvpn --test-crypto --secret "$tmp/ov.key" --cipher AES-256-CBC --verb 0 >/dev/null 2>&1 && ok ||
	bad "openvpn's self-test fails on its own key: the check below would mean nothing"
openvpn --test-crypto --secret "$tmp/s.key" --cipher AES-256-CBC --verb 0 >/dev/null 2>&1 && ok ||
	bad "openvpn refuses our static key"
# a broken key must fail the same check (so it can fail)
sed 's/^[0-9a-f]\{8\}/zzzzzzzz/' "$tmp/s.key" >"$tmp/broken.key"
openvpn --test-crypto --secret "$tmp/broken.key" --cipher AES-256-CBC --verb 0 >/dev/null 2>&1 &&
	bad "openvpn accepted a broken key: the check cannot fail" || ok
# an existing file is overwritten, keeping its mode, as openvpn 2.6 does
# (the control first: if openvpn refused, the check below would be wrong)
chmod 640 "$tmp/ov.key"
cp "$tmp/ov.key" "$tmp/ov.before"
openvpn --genkey secret "$tmp/ov.key" >/dev/null 2>&1 && ! cmp -s "$tmp/ov.key" "$tmp/ov.before" && ok ||
	bad "openvpn no longer overwrites a key file: the check below is wrong"
ovmode=$(stat -c %a "$tmp/ov.key")
cp "$tmp/s.key" "$tmp/s.before"
chmod 640 "$tmp/s.key"
"$lvpn" --genkey tls-crypt "$tmp/s.key" 2>"$tmp/err" && ok || bad "did not overwrite a key file: $(cat "$tmp/err")"
cmp -s "$tmp/s.key" "$tmp/s.before" && bad "the key file still holds the old key" || ok
[ "$(stat -c %a "$tmp/s.key")" = "$ovmode" ] && ok || bad "overwritten key mode $(stat -c %a "$tmp/s.key"), openvpn keeps $ovmode"
mkdir "$tmp/dir.key"
"$lvpn" --genkey secret "$tmp/dir.key" 2>"$tmp/err" && bad "wrote a key over a directory" || ok
grep -q "Is a directory" "$tmp/err" && ok || bad "no reason when the file cannot be written: $(cat "$tmp/err")"

# 2.6's old spelling, either order, with a deprecation warning
"$lvpn" --genkey --secret "$tmp/old.key" 2>"$tmp/err" && ok || bad "--genkey --secret FILE refused"
grep -q "^WARNING: .*deprecated" "$tmp/err" && ok || bad "no deprecation warning for --genkey --secret: $(cat "$tmp/err")"
openvpn --test-crypto --secret "$tmp/old.key" --cipher AES-256-CBC --verb 0 >/dev/null 2>&1 && ok ||
	bad "openvpn refuses the key of --genkey --secret"
"$lvpn" --secret "$tmp/old2.key" --genkey 2>/dev/null && grep -q 'Static key V1' "$tmp/old2.key" && ok ||
	bad "--secret FILE --genkey"
"$lvpn" --genkey secret "$tmp/x1.key" --secret "$tmp/x2.key" 2>"$tmp/err" && bad "two file names accepted" || ok

# auth-token: the --auth-gen-token-secret file openvpn writes and reads
"$lvpn" --genkey auth-token "$tmp/at.key" && ok || bad "genkey auth-token"
grep -q -- '-----BEGIN OpenVPN auth-token server key-----' "$tmp/at.key" && ok || bad "auth-token key markers"
openvpn --genkey auth-token "$tmp/ov-at.key" >/dev/null 2>&1
[ "$(wc -c <"$tmp/at.key")" = "$(wc -c <"$tmp/ov-at.key")" ] && ok ||
	bad "auth-token key size $(wc -c <"$tmp/at.key"), openvpn writes $(wc -c <"$tmp/ov-at.key")"
# a short server start, in a network namespace of its own that dies with
# it, loads the secret (a broken one stops it: the control): openvpn on
# ours, leanvpn on openvpn's
pki="$top_srcdir/tests/data/pki"
srv_n=0
srv_token() {
	# a log of its own per start: nothing a previous server still writes
	# can be taken for this one's "Initialization Sequence Completed"
	srv_n=$((srv_n + 1))
	slog="$tmp/srv.$srv_n.log"
	timeout 40 unshare -n sh -c 'ip link set lo up && exec "$4" --server 198.19.7.0 255.255.255.0 \
		--dev tun --dh none --local 127.0.0.1 --port 11947 --ca "$1/ca.pem" \
		--cert "$1/server-rsa.pem" --key "$1/server-rsa-key.pem" --auth-gen-token \
		--auth-gen-token-secret "$2" --verb 3 --writepid "$3.pid"' sh "$pki" "$2" "$tmp/srv" "$1" >"$slog" 2>&1 &
	spid=$!
	i=0
	while [ $i -lt 300 ] && kill -0 $spid 2>/dev/null && ! grep -q "Initialization Sequence Completed" "$slog"; do
		sleep 0.1
		i=$((i + 1))
	done
	grep -q "Initialization Sequence Completed" "$slog"
	up=$?
	[ -s "$tmp/srv.pid" ] && kill "$(cat "$tmp/srv.pid")" 2>/dev/null
	wait $spid 2>/dev/null
	rm -f "$tmp/srv.pid"
	return $up
}
if unshare -n true 2>/dev/null; then
	sed 's/auth-token server key/auth-token server kez/' "$tmp/at.key" >"$tmp/at-broken.key"
	srv_token openvpn "$tmp/at-broken.key" && bad "openvpn started with a broken auth-token secret: the check cannot fail" || ok
	srv_token openvpn "$tmp/at.key" && ok || { cat "$slog"; bad "openvpn does not load our auth-token secret"; }
	sed 's/auth-token server key/auth-token server kez/' "$tmp/ov-at.key" >"$tmp/ov-at-broken.key"
	srv_token "$lvpn" "$tmp/ov-at-broken.key" && bad "leanvpn started with a broken auth-token secret: the check cannot fail" || ok
	srv_token "$lvpn" "$tmp/ov-at.key" && ok || { cat "$slog"; bad "leanvpn does not load openvpn's auth-token secret"; }
else
	echo "genkey: no network namespace: openvpn not started on the auth-token secret"
fi
"$lvpn" --genkey tls-auth >"$tmp/stdout.key" && grep -q 'Static key V1' "$tmp/stdout.key" && ok ||
	bad "genkey to stdout"

"$lvpn" --genkey tls-crypt-v2-server "$tmp/v2s.key" && ok || bad "genkey tls-crypt-v2-server"
grep -q -- '-----BEGIN OpenVPN tls-crypt-v2 server key-----' "$tmp/v2s.key" && ok || bad "server key markers"
openvpn --tls-crypt-v2 "$tmp/v2s.key" --genkey tls-crypt-v2-client "$tmp/ov-c.key" >/dev/null 2>&1 &&
	ok || bad "openvpn cannot derive a client key from our server key"

openvpn --genkey tls-crypt-v2-server "$tmp/ov-s.key" >/dev/null 2>&1
"$lvpn" --tls-crypt-v2 "$tmp/ov-s.key" --genkey tls-crypt-v2-client "$tmp/c.key" && ok ||
	bad "cannot derive a client key from openvpn's server key"
grep -q -- '-----BEGIN OpenVPN tls-crypt-v2 client key-----' "$tmp/c.key" && ok || bad "client key markers"
"$lvpn" --tls-crypt-v2 "$tmp/ov-s.key" --genkey tls-crypt-v2-client "$tmp/cm.key" \
	"$(printf 'profile=employees' | base64)" && ok || bad "client key with user metadata"
# a client key that openvpn's server key does not unwrap is caught by the
# unit tests (test_keyfile, test_wrap_openvpn); here: wrong inputs fail cleanly
"$lvpn" --genkey tls-crypt-v2-client "$tmp/x.key" 2>"$tmp/err" && bad "client key without a server key" || ok
grep -q "needs --tls-crypt-v2" "$tmp/err" && ok || bad "no clear message without --tls-crypt-v2"
"$lvpn" --tls-crypt-v2 "$tmp/s.key" --genkey tls-crypt-v2-client "$tmp/y.key" 2>/dev/null &&
	bad "a static key accepted as a tls-crypt-v2 server key" || ok
"$lvpn" --genkey frobnicate 2>"$tmp/err" && bad "unknown type accepted" || ok
grep -q "unknown key type" "$tmp/err" && ok || bad "no clear message for an unknown type"

echo "genkey: $pass passed, $fail failed"
[ $fail = 0 ]
