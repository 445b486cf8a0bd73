#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Known answers for proto/srvconf: the real openvpn 2.6 prints its expanded
# options at --verb 4 ("Current Parameter Settings") before it tries the tun
# device; --dev-node points at a path that does not exist, so it stops there
# without creating anything.  Our tests/srv/srvconf_dump prints the same
# fields from lvpn_srvconf_expand(); every case must match line for line.
set -u
command -v openvpn >/dev/null 2>&1 || { echo "SKIP: no openvpn"; exit 77; }
dump="${top_builddir:-.}/tests/srv/srvconf_dump"
[ -x "$dump" ] || { echo "missing $dump"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/k.pem" \
	-out "$tmp/c.pem" -subj /CN=srvconf -days 2 >/dev/null 2>&1 || { echo "openssl failed"; exit 1; }
keys='ifconfig_local|ifconfig_remote_netmask|ifconfig_ipv6_local|ifconfig_ipv6_netbits|ifconfig_ipv6_remote|ping_send_timeout|ping_rec_timeout|route_default_gateway|push_entry|ifconfig_pool_defined|ifconfig_pool_start|ifconfig_pool_end|ifconfig_pool_netmask|ifconfig_ipv6_pool_defined|ifconfig_ipv6_pool_base|ifconfig_ipv6_pool_netbits'
fail=0 n=0
check() {
	n=$((n + 1))
	timeout 20 openvpn --dev tun --dev-node /nonexistent/lvpn-srvconf --verb 4 --dh none \
		--ca "$tmp/c.pem" --cert "$tmp/c.pem" --key "$tmp/k.pem" "$@" >"$tmp/raw" 2>&1
	if grep -q "Options error" "$tmp/raw"; then
		echo ERROR >"$tmp/want"
	else
		sed -n -E "s/^.* us=[0-9]+ +(($keys) = .*)$/\1/p" "$tmp/raw" >"$tmp/want"
	fi
	"$dump" "$@" >"$tmp/got" 2>/dev/null
	if ! diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"; then
		echo "FAIL: $*"; cat "$tmp/diff"; fail=1
	fi
}
check --server 10.8.0.0 255.255.255.0 --topology subnet
check --server 10.8.0.0 255.255.255.0 --server-ipv6 2001:db8::/64 --topology subnet --keepalive 10 60
check --server 10.8.0.0 255.255.255.0 --topology net30 --keepalive 5 11
check --server 10.8.0.0 255.255.255.0 --topology net30 --client-to-client
check --server 10.8.0.0 255.255.255.0 --topology p2p
check --server 10.8.0.0 255.255.255.0 --topology p2p --client-to-client
check --server 10.9.0.0 255.255.255.248 --topology net30
check --server 10.9.0.0 255.255.255.248 --topology subnet
check --server 172.16.0.0 255.255.0.0 --topology subnet --tcp-nodelay
check --server 10.8.0.0 255.255.255.0 nopool --topology subnet
check --server 10.8.0.0 255.255.255.0 nopool --topology net30
check --server-ipv6 fd00:1:2:3::/112 --mode server
check --server-ipv6 fd00:1:2:3::/124 --mode server --keepalive 10 60
check --server-ipv6 fd00:1:2:3:4:5::/100 --server 192.168.100.0 255.255.252.0 --topology subnet
check --server 10.8.0.1 255.255.255.0 --topology subnet
check --server 10.8.0.0 255.0.255.0 --topology subnet
check --server 10.0.0.0 255.254.0.0 --topology subnet
check --server 10.8.0.0 255.255.255.252 --topology subnet
check --server 10.8.0.0 255.255.255.0 --topology subnet --keepalive 10 15
check --server 10.8.0.0 255.255.255.0 nopool --server-ipv6 2001:db8::/64 --topology subnet
check --server-ipv6 2001:db8::/63 --mode server
check --server-ipv6 2001:db8::/125 --mode server
echo "$n cases compared with openvpn"
exit $fail
