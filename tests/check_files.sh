#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --check-config reads the keys and certificates as a start would: a CA,
# certificate or key that cannot be parsed, or a key that is not the
# certificate's, is refused then, naming the option (OpenVPN 2.6 stops on
# them when it starts); an encrypted key is not asked for; OpenVPN's
# IANA-style --tls-cipher names ("TLS-ECDHE-...") are taken, as 2.6 takes
# them, and a list with nothing OpenSSL knows is refused.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir/build}"
lvpn=$top_builddir/src/leanvpn
pki=$top_srcdir/tests/data/pki
tmp=$(mktemp -d /tmp/lvpn-checkfiles.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "check_files: FAIL: $*"; fail=$((fail + 1)); }
[ -x "$lvpn" ] || { echo "check_files: no $lvpn"; exit 1; }

printf 'not a certificate\n' >"$tmp/junk.pem"
# run NAME [OPTIONS...]: a client profile with the test PKI, then OPTIONS
# (each "name value" on its own line); --check-config's stderr in $tmp/err
run() {
	f=$tmp/$1.conf
	shift
	printf 'client\ndev tun\nremote 198.18.0.1\nca %s\ncert %s\nkey %s\n' \
		"$pki/ca.pem" "$pki/client-rsa.pem" "$pki/client-rsa-key.pem" >"$f"
	[ $# -gt 0 ] && printf '%s\n' "$@" >>"$f"
	"$lvpn" --config "$f" --check-config >/dev/null 2>"$tmp/err"
}
accept() {
	name=$1
	shift
	if run "$name" "$@"; then ok; else bad "$name refused: $(cat "$tmp/err")"; fi
}
refuse() {
	name=$1 want=$2
	shift 2
	if run "$name" "$@"; then
		bad "$name accepted"
	elif grep -q "$want" "$tmp/err"; then
		ok
	else
		bad "$name: expected '$want', got: $(cat "$tmp/err")"
	fi
}

accept good
refuse ca-junk "ca-junk.conf:7: option 'ca': no certificate found in the PEM data\$" "ca $tmp/junk.pem"
refuse cert-junk "option 'cert': cannot read the certificate" "cert $tmp/junk.pem"
refuse key-junk "option 'key': cannot read the private key" "key $tmp/junk.pem"
refuse key-other "option 'key': the private key does not match the certificate" \
	"key $pki/server-rsa-key.pem"
# encrypted, no askpass: a start asks for the pass phrase; not asked here
accept key-encrypted "key $pki/client-rsa-key-enc.pem"
accept tls-cipher-iana "tls-cipher TLS-ECDHE-RSA-WITH-AES-256-GCM-SHA384:TLS-DHE-RSA-WITH-AES-256-GCM-SHA384"
accept tls-cipher-openssl "tls-cipher ECDHE-RSA-AES256-GCM-SHA384"
refuse tls-cipher-none "option 'tls-cipher': no usable cipher in the list" "tls-cipher TLS-NO-SUCH-CIPHER"
# a server: its certificate and key are read the same way
printf 'server 198.18.100.0 255.255.255.0\ndev tun\ndh none\nca %s\ncert %s\nkey %s\n' \
	"$pki/ca.pem" "$pki/server-rsa.pem" "$pki/client-rsa-key.pem" >"$tmp/srv.conf"
if "$lvpn" --config "$tmp/srv.conf" --check-config >/dev/null 2>"$tmp/err"; then
	bad "a server with a key that is not its certificate's accepted"
elif grep -q "option 'key': the private key does not match" "$tmp/err"; then ok; else
	bad "server: got $(cat "$tmp/err")"
fi

echo "check_files: $pass passed, $fail failed"
[ $fail = 0 ]
