#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Known answers for src/status and src/mgmt from a live openvpn 2.6 server:
# a real server and client in two network namespaces (harness:
# tests/interop/lib.sh), the server with a management unix socket and a
# status file.  tests/srv/mgmt_chat captures the server's replies to a
# fixed list of commands (status 1/2/3 and the errors/successes that do not
# depend on the moment); tests/srv/mgmt_replay parses the status data out
# of them and runs the same commands through our management protocol and
# status renderer.  Both transcripts, and the status file and our rendering
# of it, must be identical byte for byte.
. "$(dirname "$0")/../interop/lib.sh"
lv_require_root
command -v openvpn >/dev/null || lv_fail "openvpn not installed"
bld="${top_builddir:-.}/tests/srv"
[ -x "$bld/mgmt_chat" ] && [ -x "$bld/mgmt_replay" ] || lv_fail "helpers not built in $bld"
TZ=UTC
export TZ
lv_netns_pair
lv_pki rsa
openvpn --genkey secret "$LV_TMP/tc.key" >/dev/null 2>&1 || lv_fail "openvpn --genkey"
sock="$LV_TMP/mgmt.sock"
# a client-config-dir entry for the client: an iroute (shows in the routing
# table) and a per-client push (lands after the global ones)
mkdir -p "$LV_TMP/ccd"
printf '%s\n' '# per-client' 'iroute 10.99.0.0 255.255.0.0' 'iroute-ipv6 2001:2:99::/48' \
	'push "route 10.98.0.0 255.255.0.0"' >"$LV_TMP/ccd/client"
printf '%s\n' 'disable' >"$LV_TMP/ccd/DEFAULT"
lv_bg "$LV_NS_S" "$LV_TMP/server.log" openvpn --dev tun --dev-type tun --topology subnet \
	--server 198.19.0.0 255.255.255.0 --server-ipv6 2001:2:0:1::/64 \
	--proto udp --local "$LV_LINK_S" --port 1194 \
	--ca "$LV_PKI/ca.crt" --cert "$LV_PKI/server.crt" --key "$LV_PKI/server.key" --dh none \
	--tls-crypt "$LV_TMP/tc.key" --data-ciphers AES-256-GCM --keepalive 10 60 --verb 3 \
	--management "$sock" unix --status "$LV_TMP/status.txt" 1 --status-version 3 \
	--ifconfig-pool-persist "$LV_TMP/ipp.txt" 1 --client-config-dir "$LV_TMP/ccd"
srv=$LV_LASTPID
lv_bg "$LV_NS_C" "$LV_TMP/client.log" openvpn --client --dev tun --proto udp \
	--remote "$LV_LINK_S" 1194 --nobind \
	--ca "$LV_PKI/ca.crt" --cert "$LV_PKI/client.crt" --key "$LV_PKI/client.key" \
	--remote-cert-tls server --tls-crypt "$LV_TMP/tc.key" --verb 3
cli=$LV_LASTPID
if ! lv_wait_for 30 grep -q "Initialization Sequence Completed" "$LV_TMP/client.log"; then
	tail -30 "$LV_TMP/server.log" "$LV_TMP/client.log"
	lv_fail "tunnel did not come up in 30 s"
fi
# the IPv6 route of the client shows up once it sent a packet
ip netns exec "$LV_NS_C" ping -6 -q -c 2 -i 0.2 -W 2 2001:2:0:1::1 >/dev/null 2>&1
ip netns exec "$LV_NS_C" ping -q -c 2 -i 0.2 -W 2 198.19.0.1 >/dev/null 2>&1
sleep 2

set -- "version" "status 1" "status 2" "status 3" "kill nobody" "kill 198.18.0.99:1234" \
	"kill 1.2.3:5" "kill 1.2.3.x:5" "kill 198.18.0.2:0" "kill a:b:c" "kill" "client-kill 999" "client-kill x" "client-kill" \
	"bytecount 0" "bytecount" "hold" "hold bogus" "state bogus" "log bogus" "log" "bogus" \
	"signal SIGBOGUS" "signal" "status 9"
"$bld/mgmt_chat" "$sock" "$@" >"$LV_TMP/real.txt" || lv_fail "mgmt_chat"
grep -q "^CLIENT_LIST,client," "$LV_TMP/real.txt" || { cat "$LV_TMP/real.txt"; lv_fail "no client in status 2"; }
grep -q "^ROUTING_TABLE,2001:2:0:1::1000," "$LV_TMP/real.txt" || lv_log "note: no IPv6 route listed"
"$bld/mgmt_replay" "$LV_TMP/real.txt" "$@" >"$LV_TMP/ours.txt" || lv_fail "mgmt_replay"
fail=0
if ! cmp -s "$LV_TMP/real.txt" "$LV_TMP/ours.txt"; then
	diff -u "$LV_TMP/real.txt" "$LV_TMP/ours.txt" | cat -A | head -60
	fail=1
fi
# the status file, once it is complete
for _ in 1 2 3 4 5 6 7 8 9 10; do
	cp "$LV_TMP/status.txt" "$LV_TMP/status.copy" 2>/dev/null
	[ "$(tail -n 1 "$LV_TMP/status.copy" 2>/dev/null)" = "END" ] && break
	sleep 0.3
done
"$bld/mgmt_replay" --file "$LV_TMP/status.copy" >"$LV_TMP/status.ours" || lv_fail "replay file"
if ! cmp -s "$LV_TMP/status.copy" "$LV_TMP/status.ours"; then
	diff -u "$LV_TMP/status.copy" "$LV_TMP/status.ours" | cat -A | head -40
	fail=1
fi
# ifconfig-pool-persist: the file openvpn writes for its one client, and
# the address it gave, equal what our pool gives and writes
"$bld/pool_dump" 198.19.0.2 198.19.0.254 2001:2:0:1::1000 64 - client >"$LV_TMP/pool.ours" ||
	lv_fail "pool_dump"
for _ in 1 2 3 4 5 6 7 8 9 10; do
	[ -s "$LV_TMP/ipp.txt" ] && break
	sleep 0.3
done
if ! tail -n +2 "$LV_TMP/pool.ours" | cmp -s - "$LV_TMP/ipp.txt"; then
	echo "persist file: openvpn wrote:"; cat -A "$LV_TMP/ipp.txt"
	echo "we write:"; tail -n +2 "$LV_TMP/pool.ours" | cat -A
	fail=1
fi
read -r _ ours4 ours6 <"$LV_TMP/pool.ours"
grep -q "^CLIENT_LIST,client,[^,]*,$ours4,$ours6," "$LV_TMP/real.txt" || {
	grep "^CLIENT_LIST" "$LV_TMP/real.txt"; lv_log "our pool would give $ours4 $ours6"; fail=1; }
# and our pool, loading openvpn's file, gives a returning client its address
# even when another client asks first
"$bld/pool_dump" 198.19.0.2 198.19.0.254 2001:2:0:1::1000 64 "$LV_TMP/ipp.txt" other client \
	>"$LV_TMP/pool.reload" || lv_fail "pool_dump reload"
grep -q "^client $ours4 $ours6\$" "$LV_TMP/pool.reload" || { cat "$LV_TMP/pool.reload"; fail=1; }
# the start of the PUSH_REPLY the client got: the helpers' push lines
# (lvpn_srvconf_expand, in order), then ifconfig-ipv6 and ifconfig from
# our pool lease and the server's tun addresses
"$bld/srvconf_dump" --server 198.19.0.0 255.255.255.0 --server-ipv6 2001:2:0:1::/64 \
	--topology subnet --keepalive 10 60 >"$LV_TMP/srvconf.ours" || lv_fail "srvconf_dump"
pushes=$(sed -n "s/^push_entry = '\(.*\)'$/\1/p" "$LV_TMP/srvconf.ours" | paste -sd, -)
v6local=$(sed -n "s/^ifconfig_ipv6_local = '\(.*\)'$/\1/p" "$LV_TMP/srvconf.ours")
v6bits=$(sed -n "s/^ifconfig_ipv6_netbits = //p" "$LV_TMP/srvconf.ours")
mask=$(sed -n "s/^ifconfig_pool_netmask = //p" "$LV_TMP/srvconf.ours")
"$bld/ccd_dump" "$LV_TMP/ccd" client >"$LV_TMP/ccd.ours" || lv_fail "ccd_dump"
ccdpush=$(sed -n 's/^push //p' "$LV_TMP/ccd.ours" | paste -sd, -)
[ -n "$ccdpush" ] && pushes="$pushes,$ccdpush"
# our iroutes are the routes openvpn lists for the client
for r in $(sed -n 's/^iroute\(-ipv6\)\{0,1\} //p' "$LV_TMP/ccd.ours"); do
	grep -q "^ROUTING_TABLE,$r,client," "$LV_TMP/real.txt" || {
		grep "^ROUTING_TABLE" "$LV_TMP/real.txt"; lv_log "no route $r"; fail=1; }
done
grep -q "^found 1 default 0 disable 0 errors 0$" "$LV_TMP/ccd.ours" || { cat "$LV_TMP/ccd.ours"; fail=1; }
want="PUSH_REPLY,$pushes,ifconfig-ipv6 $ours6/$v6bits $v6local,ifconfig $ours4 $mask,"
if ! grep -qF "'$want" "$LV_TMP/client.log"; then
	grep PUSH_REPLY "$LV_TMP/client.log"
	lv_log "expected it to start with: $want"
	fail=1
fi
# for the record (what the server frontend will feed lvpn_mgmt_state)
"$bld/mgmt_chat" "$sock" "state all" | sed 's/^/real state: /'
lv_stop "$cli"
lv_stop "$srv"
[ "$fail" = 0 ] || lv_fail "our replies differ from openvpn's"
lv_log "PASS ($(grep -c . "$LV_TMP/real.txt") lines identical, status and pool files and PUSH_REPLY start identical)"
