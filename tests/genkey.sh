#!/bin/sh
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
"$lvpn" --genkey tls-crypt "$tmp/s.key" 2>"$tmp/err" && bad "overwrote a key file" || ok
grep -q "cannot create" "$tmp/err" && ok || bad "no clear message when the file exists"
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
