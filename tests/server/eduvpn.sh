#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# An eduVPN-shaped leanvpn server (as vpn-server-node writes them: udp6
# dual-stack, tls-crypt-v2, TLS 1.3 only, AES-256-GCM / CHACHA20-POLY1305,
# Ed25519 certificates whose OU names the profile, setenv PROFILE_ID,
# client-connect / client-disconnect scripts that check X509_0_OU against
# PROFILE_ID and log, a management socket) with two openvpn 2.6 clients at
# once (one over IPv6, one over IPv4) each carrying 2 MB of checksummed data
# each way at the same time, and a third client whose OU is another
# profile, refused by client-connect.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/hooks_lib.sh"
lv_require_root
command -v openvpn >/dev/null || lv_fail "openvpn not installed"
xfer="$top_builddir/tests/interop/xfer"
chat="$top_builddir/tests/srv/mgmt_chat"
[ -x "$xfer" ] && [ -x "$chat" ] || lv_fail "helpers not built (make check builds them)"
lv_netns_pair
hk_pki ed25519
hk_cert c1 "/OU=default/CN=d41d8cd98f00b204e980"
hk_cert c2 "/OU=default/CN=9e107d9d372bb6826bd8"
hk_cert c3 "/OU=admin-only/CN=e4d909c290d0fb1ca068"
openvpn --genkey tls-crypt-v2-server "$LV_TMP/v2s.key" >/dev/null 2>&1
for c in c1 c2 c3; do
	openvpn --tls-crypt-v2 "$LV_TMP/v2s.key" --genkey tls-crypt-v2-client "$LV_TMP/$c.v2" >/dev/null 2>&1
done
# a third namespace for the second client, joined to the server by a veth
LV_NS_D="lvd$$"
ip netns add "$LV_NS_D" && LV_NETNS="$LV_NETNS $LV_NS_D"
ip link add "lvd$$" type veth peer name "lve$$"
ip link set "lvd$$" netns "$LV_NS_D"
ip link set "lve$$" netns "$LV_NS_S"
ip -n "$LV_NS_D" addr add 198.18.0.6/30 dev "lvd$$"
ip -n "$LV_NS_S" addr add 198.18.0.5/30 dev "lve$$"
ip -n "$LV_NS_D" link set lo up
ip -n "$LV_NS_D" link set "lvd$$" up
ip -n "$LV_NS_S" link set "lve$$" up

mkdir -p "$LV_TMP/libexec"
cat >"$LV_TMP/libexec/client-connect" <<EOS
#!/bin/sh
PATH=/usr/bin:/bin
echo "connect \$common_name ou=\$X509_0_OU profile=\$PROFILE_ID from=\${trusted_ip:-\$trusted_ip6} ip=\$ifconfig_pool_remote_ip ip6=\$ifconfig_pool_remote_ip6 ver=\$IV_VER" >>"$LV_TMP/node.log"
[ "\$X509_0_OU" = "\$PROFILE_ID" ] || { echo "refused \$common_name: profile \$X509_0_OU" >>"$LV_TMP/node.log"; exit 1; }
EOS
cat >"$LV_TMP/libexec/client-disconnect" <<EOS
#!/bin/sh
PATH=/usr/bin:/bin
echo "disconnect \$common_name rx=\$bytes_received tx=\$bytes_sent t=\$time_duration" >>"$LV_TMP/node.log"
EOS
chmod +x "$LV_TMP/libexec/client-connect" "$LV_TMP/libexec/client-disconnect"

cat >"$LV_TMP/s.conf" <<EOT
verb 3
dev-type tun
dev tun-edu
topology subnet
persist-key
persist-tun
remote-cert-tls client
tls-version-min 1.3
data-ciphers AES-256-GCM:CHACHA20-POLY1305
reneg-sec 36000
client-connect $LV_TMP/libexec/client-connect
client-disconnect $LV_TMP/libexec/client-disconnect
server 198.19.0.0 255.255.255.0
server-ipv6 2001:2:0:1::/64
max-clients 253
keepalive 10 60
script-security 2
port 1194
management $LV_TMP/default-0.sock unix
setenv PROFILE_ID default
proto udp6
local ::
push "explicit-exit-notify 1"
push "route 198.19.8.0 255.255.255.0"
tls-crypt-v2 $LV_TMP/v2s.key
ca $HK_PKI/ca.crt
cert $HK_PKI/server.crt
key $HK_PKI/server.key
dh none
EOT
hk_start_server "$LV_TMP/s.conf"
# eduVPN client profiles: tls-version-min 1.3, remote-cert-tls server,
# data ciphers, the client's own tls-crypt-v2 key
edu_client() { # NS NAME LOG REMOTE PROTO
	rm -f "$3"
	lv_bg "$1" "$3" openvpn --client --dev tun --proto "$5" --remote "$4" 1194 --nobind \
		--ca "$HK_PKI/ca.crt" --cert "$HK_PKI/$2.crt" --key "$HK_PKI/$2.key" \
		--remote-cert-tls server --tls-version-min 1.3 --data-ciphers AES-256-GCM:CHACHA20-POLY1305 \
		--reneg-sec 0 --tls-crypt-v2 "$LV_TMP/$2.v2" --verb 3
}
edu_client "$LV_NS_C" c1 "$LV_TMP/c1.log" 2001:2::1 udp6
p1=$LV_LASTPID
hk_up "$LV_TMP/c1.log" || { tail -20 "$LV_TMP/c1.log" "$LV_TMP/s.log"; lv_fail "c1: no tunnel"; }
edu_client "$LV_NS_D" c2 "$LV_TMP/c2.log" 198.18.0.5 udp
p2=$LV_LASTPID
hk_up "$LV_TMP/c1.log" && hk_up "$LV_TMP/c2.log" || { tail -20 "$LV_TMP/c1.log" "$LV_TMP/c2.log" "$LV_TMP/s.log"; lv_fail "no tunnels"; }
grep -q "connect d41d8cd98f00b204e980 ou=default profile=default from=2001:2::2 ip=198.19.0.2 ip6=2001:2:0:1::1000 ver=2.6" "$LV_TMP/node.log" &&
	grep -q "connect 9e107d9d372bb6826bd8 ou=default profile=default from=198.18.0.6 ip=198.19.0.3 " "$LV_TMP/node.log" ||
	{ cat "$LV_TMP/node.log"; lv_fail "client-connect log"; }
grep -q "Data Channel: cipher 'AES-256-GCM'" "$LV_TMP/c1.log" || lv_fail "c1: not AES-256-GCM"
grep -q "TLSv1.3" "$LV_TMP/c1.log" || lv_fail "c1: not TLS 1.3"

# both clients move data at the same time, checksummed each way
for i in 1 2; do
	head -c 2097152 /dev/urandom >"$LV_TMP/up$i.bin"
	head -c 2097152 /dev/urandom >"$LV_TMP/down$i.bin"
	rm -f "$LV_TMP/ready$i"
	lv_bg "$LV_NS_S" "$LV_TMP/xs$i.log" "$xfer" serve 198.19.0.1 520$i "$LV_TMP/down$i.bin" "$LV_TMP/up$i.got" "$LV_TMP/ready$i"
	eval "xs$i=\$LV_LASTPID"
	lv_wait_for 10 test -f "$LV_TMP/ready$i" || lv_fail "xfer listener $i"
done
lv_bg "$LV_NS_C" "$LV_TMP/xc1.log" timeout 90 "$xfer" fetch 198.19.0.1 5201 "$LV_TMP/up1.bin" "$LV_TMP/down1.got"
xc1=$LV_LASTPID
lv_bg "$LV_NS_D" "$LV_TMP/xc2.log" timeout 90 "$xfer" fetch 198.19.0.1 5202 "$LV_TMP/up2.bin" "$LV_TMP/down2.got"
xc2=$LV_LASTPID
for p in "$xc1" "$xc2" "$xs1" "$xs2"; do
	lv_exit_status "$p" 100
	[ "$LV_STATUS" = 0 ] || { cat "$LV_TMP"/x*.log; lv_fail "a transfer failed ($LV_STATUS)"; }
done
for i in 1 2; do
	for d in up down; do
		[ "$(sha256sum <"$LV_TMP/$d$i.bin")" = "$(sha256sum <"$LV_TMP/$d$i.got")" ] ||
			lv_fail "client $i: $d data differs"
	done
done
lv_log "ok: two clients, 2 MB each way each, at once, sha256 match"

# the management socket lists both, as vpn-daemon reads it
"$chat" "$LV_TMP/default-0.sock" "status 2" >"$LV_TMP/st.txt" 2>&1
grep -q "^CLIENT_LIST,d41d8cd98f00b204e980,[^,]*2001:2::2[^,]*,198.19.0.2,2001:2:0:1::1000," "$LV_TMP/st.txt" &&
	grep -q "^CLIENT_LIST,9e107d9d372bb6826bd8,198.18.0.6:[0-9]*,198.19.0.3," "$LV_TMP/st.txt" ||
	{ cat "$LV_TMP/st.txt"; lv_fail "status 2"; }

# a certificate of another profile: refused by client-connect
edu_client "$LV_NS_C" c3 "$LV_TMP/c3.log" 198.18.0.1 udp
lv_wait_for 20 grep -q "AUTH_FAILED" "$LV_TMP/c3.log" || { tail "$LV_TMP/c3.log"; lv_fail "c3 not refused"; }
lv_stop "$LV_LASTPID"
grep -q "refused e4d909c290d0fb1ca068: profile admin-only" "$LV_TMP/node.log" || lv_fail "refusal not logged"
lv_log "ok: a client of another profile is refused by client-connect"

# vpn-daemon disconnects a client by CN; the server's exit disconnects the other
"$chat" "$LV_TMP/default-0.sock" "kill d41d8cd98f00b204e980" >"$LV_TMP/kill.txt" 2>&1
grep -q "^SUCCESS" "$LV_TMP/kill.txt" || { cat "$LV_TMP/kill.txt"; lv_fail "kill"; }
lv_wait_for 5 grep -q "disconnect d41d8cd98f00b204e980 rx=[1-9]" "$LV_TMP/node.log" || { cat "$LV_TMP/node.log"; lv_fail "no client-disconnect after kill"; }
lv_stop "$p1"
lv_stop "$HK_SRV"
grep -q "disconnect 9e107d9d372bb6826bd8 rx=[1-9][0-9]* tx=[1-9][0-9]* t=[0-9]" "$LV_TMP/node.log" || { cat "$LV_TMP/node.log"; lv_fail "no client-disconnect at server exit"; }
grep -q "disconnect e4d909c290d0fb1ca068" "$LV_TMP/node.log" && lv_fail "client-disconnect for the refused client"
lv_stop "$p2"
lv_log "ok: client-disconnect after management kill and at server exit"
lv_log "PASS"
