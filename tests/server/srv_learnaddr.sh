#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --learn-address in the leanvpn server with a stock openvpn 2.6 client,
# as 2.6's multi.c runs it:
#   dev tun: "add ADDR CN" for the client's IPv4 and IPv6 tunnel addresses
#   (bare) and its iroutes (with their length), in the client's environment
#   (script_type, common_name, untrusted_ip, ifconfig_pool_remote_ip); the
#   script refuses the IPv4 address: the client's IPv4 packets are dropped
#   (no ping) while IPv6 and the iroutes work; when the client leaves,
#   "delete ADDR" (no common name, no client environment) for each address
#   it held, none for the refused one;
#   dev tap: "add MAC@0 CN" for the MAC address of the client's tap
#   (lladdr) when its first frame comes, "delete MAC@0" when it goes; a
#   MAC address the script refuses gets no traffic through;
#   stale-routes-check 4 1: while the client pings, its route stays; once
#   it stops, "delete 198.19.0.2" comes within a few seconds and the
#   address is no longer routed (the client stays connected, as in 2.6);
#   x509-track +OU and SHA256 (on the tap server): the scripts see
#   X509_0_OU, X509_1_OU (the CA's) and X509_0_SHA256 (upper case) and no
#   other X509_* variable.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/../server/hooks_lib.sh"
hk_begin
S="$LV_TMP/scripts"
C="$LV_TMP/learn.calls"
mkdir -p "$S" "$LV_TMP/ccd"
cat >"$S/learn.sh" <<EOS
#!/bin/sh
PATH=/usr/bin:/bin
[ "\$1" = add ] && env | sort >"$LV_TMP/learn.env"
echo "\$* | \$script_type cn=\${common_name:-} ip=\${untrusted_ip:-} pool=\${ifconfig_pool_remote_ip:-}" >>"$C"
case "\$2" in 198.19.0.77|02:00:00:00:00:43@0) exit 1 ;; esac
exit 0
EOS
chmod +x "$S/learn.sh"
cat >"$LV_TMP/ccd/client" <<EOC
ifconfig-push 198.19.0.77 255.255.255.0
ifconfig-ipv6-push 2001:2:0:1::77/64
iroute 198.19.50.0 255.255.255.0
iroute-ipv6 2001:2:0:50::/64
EOC
# has LINE...: each line is in the calls file
has() {
	for l in "$@"; do
		grep -qxF "$l" "$C" || { cat "$C"; lv_fail "no learn-address call '$l'"; }
	done
}
noping() {
	ip netns exec "$1" ping -q -c 3 -i 0.2 -W 1 "$2" >/dev/null 2>&1 && lv_fail "ping $2 from $1 went through"
	return 0
}
E="learn-address cn=client ip=198.18.0.2 pool=198.19.0.77"

# --- dev tun ---
hk_server_conf "script-security 2" "learn-address $S/learn.sh" "client-config-dir $LV_TMP/ccd" \
	>"$LV_TMP/s.conf"
hk_start_server "$LV_TMP/s.conf"
grep -q "not applied" "$LV_TMP/s.log" && lv_fail "the server says an option is not applied"
sdev=$(sed -n 's/.*TUN\/TAP device \([^ ]*\) opened.*/\1/p' "$LV_TMP/s.log" | head -1)
ip -n "$LV_NS_S" route add 198.19.50.0/24 dev "$sdev" || lv_fail "server route"
ip -n "$LV_NS_S" route add 2001:2:0:50::/64 dev "$sdev" || lv_fail "server route (IPv6)"
hk_client "$LV_NS_C" client "$LV_TMP/c.log" --explicit-exit-notify 1
cli=$HK_CLI
hk_up "$LV_TMP/c.log" || { tail -20 "$LV_TMP/c.log" "$LV_TMP/s.log"; lv_fail "tun: no tunnel"; }
has "add 198.19.0.77 client | $E" "add 2001:2:0:1::77 client | $E" \
	"add 198.19.50.0/24 client | $E" "add 2001:2:0:50::/64 client | $E"
[ "$(wc -l <"$C")" = 4 ] || { cat "$C"; lv_fail "tun: not 4 calls"; }
ip -n "$LV_NS_C" addr add 198.19.50.1/32 dev lo
ip -n "$LV_NS_C" addr add 2001:2:0:50::1/128 dev lo nodad
lv_ping "$LV_NS_C" 2001:2:0:1::1
lv_ping "$LV_NS_S" 198.19.50.1
lv_ping "$LV_NS_S" 2001:2:0:50::1
noping "$LV_NS_C" 198.19.0.1
noping "$LV_NS_S" 198.19.0.77
lv_log "ok: add for addresses and iroutes with the client's environment; a refused address is not routed"
: >"$C"
lv_stop "$cli"
lv_wait_for 10 sh -c "[ \$(wc -l <'$C') -ge 3 ]" || { cat "$C"; lv_fail "tun: no delete calls"; }
sleep 1
has "delete 2001:2:0:1::77 | learn-address cn= ip= pool=" \
	"delete 198.19.50.0/24 | learn-address cn= ip= pool=" \
	"delete 2001:2:0:50::/64 | learn-address cn= ip= pool="
[ "$(wc -l <"$C")" = 3 ] || { cat "$C"; lv_fail "tun: not 3 delete calls"; }
lv_stop "$HK_SRV"
lv_log "ok: delete for each address the client held when it leaves"

# --- stale-routes-check ---
: >"$C"
hk_server_conf "script-security 2" "learn-address $S/learn.sh" "stale-routes-check 4 1" \
	>"$LV_TMP/st.conf"
hk_start_server "$LV_TMP/st.conf"
hk_client "$LV_NS_C" client "$LV_TMP/c.log"
cli=$HK_CLI
hk_up "$LV_TMP/c.log" || { tail -20 "$LV_TMP/c.log" "$LV_TMP/s.log"; lv_fail "stale: no tunnel"; }
has "add 198.19.0.2 client | learn-address cn=client ip=198.18.0.2 pool=198.19.0.2"
# 7 s of pings, one every 0.5 s: longer than the age, the route stays
ip netns exec "$LV_NS_C" ping -q -c 14 -i 0.5 -W 1 198.19.0.1 >"$LV_TMP/ping.out" 2>&1 ||
	{ cat "$LV_TMP/ping.out"; lv_fail "stale: pings failed while in use"; }
grep -q "^delete 198.19.0.2 " "$C" && { cat "$C"; lv_fail "stale: a used route was deleted"; }
lv_wait_for 10 grep -q "^delete 198.19.0.2 | learn-address cn= " "$C" ||
	{ cat "$C"; tail "$LV_TMP/s.log"; lv_fail "stale: no delete for the idle route"; }
noping "$LV_NS_C" 198.19.0.1
lv_exited "$cli" && lv_fail "stale: the client went away"
lv_stop "$cli"
lv_stop "$HK_SRV"
lv_log "ok: stale-routes-check removes an idle route (with learn-address delete), not a used one"

# --- dev tap ---
hk_server_conf "script-security 2" "learn-address $S/learn.sh" "x509-track +OU" "x509-track SHA256" |
	sed -e 's/^dev tun$/dev tap/' -e '/^topology /d' -e '/^server-ipv6 /d' >"$LV_TMP/t.conf"
for mac in 42 43; do
	: >"$C"
	hk_start_server "$LV_TMP/t.conf"
	hk_client "$LV_NS_C" client "$LV_TMP/c.log" --dev tap --lladdr "02:00:00:00:00:$mac" \
		--explicit-exit-notify 1
	cli=$HK_CLI
	hk_up "$LV_TMP/c.log" || { tail -20 "$LV_TMP/c.log" "$LV_TMP/s.log"; lv_fail "tap: no tunnel"; }
	E="learn-address cn=client ip=198.18.0.2 pool=198.19.0.2"
	if [ $mac = 42 ]; then
		lv_ping "$LV_NS_C" 198.19.0.1
		has "add 02:00:00:00:00:42@0 client | $E"
		grep -q "^add 198" "$C" && { cat "$C"; lv_fail "tap: an IP address learnt"; }
		fp=$(openssl x509 -in "$HK_PKI/client.crt" -noout -fingerprint -sha256 | sed 's/.*=//')
		[ "$(grep '^X509_' "$LV_TMP/learn.env")" = "$(printf 'X509_0_OU=good\nX509_0_SHA256=%s\nX509_1_OU=ca-unit' "$fp")" ] ||
			{ grep '^X509_' "$LV_TMP/learn.env"; lv_fail "x509-track: not the tracked variables"; }
	else
		noping "$LV_NS_C" 198.19.0.1
		has "add 02:00:00:00:00:43@0 client | $E"
	fi
	: >"$C"
	lv_stop "$cli"
	sleep 2
	if [ $mac = 42 ]; then
		has "delete 02:00:00:00:00:42@0 | learn-address cn= ip= pool="
	else
		grep -q "^delete" "$C" && { cat "$C"; lv_fail "tap: delete for a refused MAC address"; }
	fi
	lv_stop "$HK_SRV"
done
lv_log "ok: dev tap: add/delete for the client's MAC address; a refused one gets nothing through"
lv_log "ok: x509-track: only the tracked X509 variables, '+' for the whole chain"
lv_log "PASS"
