# SPDX-License-Identifier: BSD-2-Clause
# Shared by tests/server/hooks.sh and eduvpn.sh (sourced after
# tests/interop/lib.sh): a PKI with organisational units, and a leanvpn
# server / openvpn client pair in the namespaces of lv_netns_pair.

# hk_pki ALG: an OpenSSL-made PKI in $LV_TMP/hpki: CA "hk-ca" (O=leanvpn
# test, OU=ca-unit), server "server" (EKU serverAuth), and clients made
# with hk_client.  ALG: ed25519 or ec (P-256).
hk_pki() {
	HK_ALG=$1
	HK_PKI="$LV_TMP/hpki"
	mkdir -p "$HK_PKI"
	hk_key "$HK_PKI/ca.key"
	openssl req -x509 -new -key "$HK_PKI/ca.key" -days 2 -subj "/O=leanvpn test/OU=ca-unit/CN=hk-ca" \
		-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
		-out "$HK_PKI/ca.crt" >"$HK_PKI/log" 2>&1 || { cat "$HK_PKI/log"; lv_fail "openssl: CA"; }
	hk_cert server "/O=leanvpn test/OU=servers/CN=server" serverAuth
}

hk_key() {
	case $HK_ALG in
	ed25519) openssl genpkey -algorithm ed25519 -out "$1" 2>/dev/null ;;
	*) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null ;;
	esac || lv_fail "openssl: key $1"
}

# hk_cert NAME SUBJECT [EKU]: $HK_PKI/NAME.crt and NAME.key signed by the CA
hk_cert() {
	hk_key "$HK_PKI/$1.key"
	openssl req -new -key "$HK_PKI/$1.key" -subj "$2" -out "$HK_PKI/$1.csr" 2>>"$HK_PKI/log" ||
		lv_fail "openssl: request $1"
	printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=%s\n' \
		"${3:-clientAuth}" >"$HK_PKI/$1.ext"
	openssl x509 -req -in "$HK_PKI/$1.csr" -CA "$HK_PKI/ca.crt" -CAkey "$HK_PKI/ca.key" \
		-CAcreateserial -days 2 -extfile "$HK_PKI/$1.ext" -out "$HK_PKI/$1.crt" 2>>"$HK_PKI/log" ||
		{ cat "$HK_PKI/log"; lv_fail "openssl: certificate $1"; }
}

# hk_server_conf [EXTRA...]: a leanvpn server config on stdout
hk_server_conf() {
	cat <<EOT
mode server
tls-server
dev tun
topology subnet
server 198.19.0.0 255.255.255.0
server-ipv6 2001:2:0:1::/64
proto udp
local $LV_LINK_S
port 1194
ca $HK_PKI/ca.crt
cert $HK_PKI/server.crt
key $HK_PKI/server.key
dh none
keepalive 10 60
push "route 198.19.8.0 255.255.255.0"
verb 4
EOT
	[ $# -gt 0 ] && printf '%s\n' "$@"
	return 0
}

# hk_start_server CONF: starts leanvpn in the server namespace; sets HK_SRV
hk_start_server() {
	rm -f "$LV_TMP/s.log"
	lv_bg "$LV_NS_S" "$LV_TMP/s.log" "$top_builddir/src/leanvpn" --config "$1"
	HK_SRV=$LV_LASTPID
	lv_wait_for 10 grep -q "Initialization Sequence Completed" "$LV_TMP/s.log" ||
		{ tail -20 "$LV_TMP/s.log"; lv_fail "server did not start"; }
}

# hk_client NS NAME LOG [ARGS...]: openvpn 2.6 with certificate NAME in NS;
# sets HK_CLI
hk_client() {
	ns=$1 cn=$2 log=$3
	shift 3
	rm -f "$log"
	lv_bg "$ns" "$log" openvpn --client --dev tun --proto udp --remote "$LV_LINK_S" 1194 --nobind \
		--ca "$HK_PKI/ca.crt" --cert "$HK_PKI/$cn.crt" --key "$HK_PKI/$cn.key" \
		--remote-cert-tls server --verb 3 "$@"
	HK_CLI=$LV_LASTPID
}

hk_up() { lv_wait_for "${2:-25}" grep -q "Initialization Sequence Completed" "$1"; }

# hk_begin: root and openvpn checked, the namespaces of lv_netns_pair and
# the PKI with a client certificate "client" (OU=good)
hk_begin() {
	lv_require_root
	command -v openvpn >/dev/null || lv_fail "openvpn not installed"
	lv_netns_pair
	hk_pki ec
	hk_cert client "/O=leanvpn test/OU=good/CN=client"
}
