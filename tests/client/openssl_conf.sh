#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# leanvpn never reads an OpenSSL configuration file (CVE-2021-3606's class:
# OpenSSL picking up openssl.cnf from a path the user does not control).
# OPENSSL_CONF points at a file that would raise the TLS minimum; under
# strace, `leanvpn --genkey` and a client that tries a handshake toward
# 127.0.0.1 (nothing answers; hand-window 2, one try) must not open it.
# Skips without strace.
set -u
command -v strace >/dev/null 2>&1 || { echo "SKIP: no strace"; exit 77; }
bin="$top_builddir/src/leanvpn"
pki="$top_srcdir/tests/data/pki"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
printf 'openssl_conf = x\n[x]\nssl_conf = s\n[s]\nsystem_default = d\n[d]\nMinProtocol = TLSv1.3\n' \
	>"$tmp/trap.cnf"
OPENSSL_CONF="$tmp/trap.cnf"
export OPENSSL_CONF
fail=0
run() { # run NAME ARGS...: the command under strace, then check its trace
	name=$1
	shift
	timeout 20 strace -f -e trace=open,openat,stat,newfstatat,access -o "$tmp/$name.trace" "$@" \
		>"$tmp/$name.log" 2>&1
	# the trace must show the program at work (it opened its own files)
	grep -q "$tmp/" "$tmp/$name.trace" || { echo "FAIL: $name: no trace"; cat "$tmp/$name.log"; fail=1; }
	if grep -q "trap.cnf" "$tmp/$name.trace"; then
		echo "FAIL: $name opened OPENSSL_CONF:"
		grep "trap.cnf" "$tmp/$name.trace"
		fail=1
	else
		echo "ok: $name does not read OPENSSL_CONF"
	fi
}
run genkey "$bin" --genkey tls-crypt-v2-server "$tmp/s.key"
"$bin" --tls-crypt-v2 "$tmp/s.key" --genkey tls-crypt-v2-client "$tmp/c.key" || exit 1
cat >"$tmp/c.ovpn" <<EOT
client
dev tun
proto udp
remote 127.0.0.1 1
nobind
ca $pki/ca.pem
cert $pki/client-rsa.pem
key $pki/client-rsa-key.pem
remote-cert-tls server
tls-crypt-v2 $tmp/c.key
connect-retry-max 1
hand-window 2
verb 3
EOT
run client "$bin" --config "$tmp/c.ovpn"
grep -q "hand-window" "$tmp/client.log" || { echo "FAIL: the client did not try a handshake"; cat "$tmp/client.log"; fail=1; }
exit $fail
