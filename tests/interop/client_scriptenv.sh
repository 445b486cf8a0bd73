#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The client's script environment, script arguments and status file
# compared with Debian's openvpn 2.6 as the client, against Debian's openvpn
# as the server.
#
# 1. One profile, run first by `openvpn` and then by leanvpn, with up,
#    down, route-up, route-pre-down, ipchange and tls-verify all pointing
#    at one recorder script that saves its environment and its arguments,
#    persist-tun with up-restart, a status file written every second, a
#    setenv, routes of the profile and pushed ones (IPv4 and IPv6),
#    dhcp-options, dns options (dns_*, and the foreign_option_N 2.6
#    rewrites from them) and redirect-gateway.  Each client connects, is sent
#    SIGUSR1 (a restart that keeps the tun device: up-restart runs down and
#    up with "restart"), connects again and is stopped with SIGTERM.
# 2. The same with ifconfig-noexec and route-noexec, the up script setting
#    the address itself as NetworkManager's helper does: the tunnel must
#    carry traffic and the client must have added no route.
# 3. A tls-verify script that refuses the server: no connection.
# 4. Profile 1 over IPv6 (trusted_ip6, ipchange's [AF_INET6]): profile 3.
# 5. Profile 1 again, with the server pushing one more route after the
#    restart: the device is set up anew ("init"), as openvpn 2.6 does
#    (profile 4).
#
# Compared: the sequence of scripts run, each one's argument list, the
# names of its variables, and their values except those that differ from
# run to run (pids, times).  The only differences allowed are in ALLOW
# below, each with its reason.  The status files must have the same lines
# (labels; the numbers differ).
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_default_routes
mkdir -p "$LV_TMP/ccd"
lv_server se udp "push \"route 198.19.5.0 255.255.255.0\"" \
	"push \"route-ipv6 2001:2:0:5::/64\"" \
	"push \"dhcp-option DNS 198.19.0.53\"" \
	"push \"dhcp-option DOMAIN example.test\"" \
	"push \"dhcp-option DOMAIN-SEARCH one.example.test\"" \
	"push \"dns server 1 address 198.19.0.55\"" "push \"dns server 1 dnssec yes\"" \
	"push \"dns server 1 transport DoT\"" "push \"dns server 1 sni dns.example.test\"" \
	"push \"dns server 0 address 198.19.0.54 [2001:2:0:1::54]:5353\"" \
	"push \"dns server 0 resolve-domains corp.test lab.test\"" \
	"push \"dns search-domains example.test two.example.test\"" \
	"client-config-dir $LV_TMP/ccd"

REC="$LV_TMP/rec"
cat >"$LV_TMP/rec.sh" <<EOS
#!/bin/sh
# one numbered record per run: NN-TYPE.env (sorted) and NN-TYPE.args
d=$REC
mkdir -p "\$d"
n=\$(ls "\$d" | wc -l)
f=\$d/\$(printf %02d \$((n / 2)))-\$script_type
env | LC_ALL=C sort >"\$f.env"
{
	echo "argc=\$#"
	for a; do printf '[%s]\n' "\$a"; done
} >"\$f.args"
# with ifconfig-noexec the address is ours to set, as NetworkManager does
if [ -n "\${SE_APPLY:-}" ] && [ "\$script_type" = up ] && [ "\$script_context" = init ]; then
	echo "addresses before: \$(ip -4 -o addr show dev "\$dev" | wc -l)" >"\$d/../applied.\$\$"
	ip addr add "\$ifconfig_local/\$ifconfig_netmask" dev "\$dev" || exit 1
fi
exit 0
EOS
chmod 755 "$LV_TMP/rec.sh"
r="$LV_TMP/rec.sh"
lv_profile "$LV_TMP/se1.ovpn" udp - <<EOP
script-security 2
up $r
down $r
route-up $r
route-pre-down $r
ipchange $r
tls-verify $r
setenv SE_TEST "a value"
route 198.19.6.0 255.255.255.0
redirect-gateway def1
persist-tun
up-restart
status $LV_TMP/status.txt 1
EOP
{
	cat "$LV_TMP/se1.ovpn"
	echo "ifconfig-noexec"
	echo "route-noexec"
	echo "setenv SE_APPLY 1"
} >"$LV_TMP/se2.ovpn"

# se_run WHO CASE CMD...: one client run with profile seCASE; its records
# end up in $LV_TMP/rec.WHO.CASE, its status file in status.WHO.CASE
se_run() {
	who=$1 case=$2
	shift 2
	rm -rf "$REC" "$LV_TMP/status.txt" "$LV_TMP"/applied.* "$LV_TMP/ccd/client"
	LV_CLI_LOG="$LV_TMP/$who.$case.log"
	lv_bg "$LV_NS_C" "$LV_CLI_LOG" "$@" --config "$LV_TMP/se$case.ovpn"
	LV_CLI=$LV_LASTPID
	lv_wait_up 30
	lv_ping "$LV_NS_C" 198.19.0.1
	if [ "$case" = 2 ]; then
		grep -q "^addresses before: 0$" "$LV_TMP"/applied.* 2>/dev/null ||
			{ cat "$LV_TMP"/applied.* 2>/dev/null; lv_dump; lv_fail "$who: the up script did not set the address, or found one (ifconfig-noexec)"; }
		[ "$(lv_route_dev "$LV_NS_C" 198.19.5.1)" != "$LV_DEV" ] ||
			{ lv_dump; lv_fail "$who: a pushed route was added despite route-noexec"; }
	fi
	# the status file (every second): compared below
	lv_wait_for 5 grep -q '^END$' "$LV_TMP/status.txt" || lv_log "$who: no status file yet"
	# profile 4: the next connection gets one more route (client-config-dir)
	[ "$case" = 4 ] && echo 'push "route 198.19.7.0 255.255.255.0"' >"$LV_TMP/ccd/client"
	kill -USR1 "$LV_CLI"
	lv_wait_connects 2 30
	lv_ping "$LV_NS_C" 198.19.0.1
	sleep 2 # a status file written after the second connection
	kill -TERM "$LV_CLI"
	lv_exit_status "$LV_CLI" 20
	[ "$LV_STATUS" = 0 ] || { lv_dump; lv_fail "$who: exit status $LV_STATUS after SIGTERM"; }
	[ -d "$REC" ] || { lv_dump; lv_fail "$who: no script ran"; }
	mv "$REC" "$LV_TMP/rec.$who.$case"
	cp "$LV_TMP/status.txt" "$LV_TMP/status.$who.$case" 2>/dev/null || : >"$LV_TMP/status.$who.$case"
	lv_log "$who, profile $case: $(ls "$LV_TMP/rec.$who.$case" | grep -c args) scripts ran"
}

# Differences allowed: "SCRIPT VARIABLE reason" (SCRIPT * for any).  Empty:
# no difference is allowed today.
ALLOW=$(
	cat <<'EOA'
EOA
)
# values that differ between any two runs: compared by name only
VARYING="daemon_pid daemon_start_time"

allowed() { # SCRIPT VAR
	printf '%s\n' "$ALLOW" | awk -v s="$1" -v v="$2" '($1 == s || $1 == "*") && $2 == v { f = 1 } END { exit !f }'
}

# se_compare CASE: the differences of profile CASE's runs go into $D
se_compare() {
	c=$1
	# each record keyed by its script and how many of that script ran before
	# (up.1, tls-verify.2, ...), so one missing script does not shift the rest
	for who in openvpn leanvpn; do
		(cd "$LV_TMP/rec.$who.$c" && ls) | sed -n 's/\.args$//p' >"$LV_TMP/seq.$who.$c"
		mkdir -p "$LV_TMP/k.$who.$c"
		awk '{ t = substr($0, 4); k[t]++; print $0, t "." k[t] }' "$LV_TMP/seq.$who.$c" |
			while read -r rec key; do
				cp "$LV_TMP/rec.$who.$c/$rec.args" "$LV_TMP/k.$who.$c/$key.args"
				# name=value lines; the values that vary blanked
				awk -v vary=" $VARYING " '{ n = $0; sub(/=.*/, "", n); v = substr($0, length(n) + 2)
					if (index(vary, " " n " ")) v = "(varies)"
					print n "=" v }' "$LV_TMP/rec.$who.$c/$rec.env" | LC_ALL=C sort >"$LV_TMP/k.$who.$c/$key.kv"
			done
		sed 's/^..-//' "$LV_TMP/seq.$who.$c" >"$LV_TMP/types.$who.$c"
	done
	diff -u "$LV_TMP/types.openvpn.$c" "$LV_TMP/types.leanvpn.$c" >"$LV_TMP/seq.diff" ||
		{ echo "profile $c: the scripts run differ (- openvpn, + leanvpn):"; cat "$LV_TMP/seq.diff"; } >>"$D"
	O="$LV_TMP/k.openvpn.$c" L="$LV_TMP/k.leanvpn.$c"
	for key in $(cd "$O" && ls | sed -n 's/\.args$//p'); do
		[ -f "$L/$key.args" ] || continue
		type=${key%.*}
		diff "$O/$key.args" "$L/$key.args" >"$LV_TMP/args.diff" ||
			{ echo "profile $c: $key: arguments differ (< openvpn, > leanvpn):"; cat "$LV_TMP/args.diff"; } >>"$D"
		LC_ALL=C comm -3 "$O/$key.kv" "$L/$key.kv" | sed 's/^\t//; s/=.*//' | sort -u |
			while read -r var; do
				allowed "$type" "$var" && continue
				ov=$(grep "^$var=" "$O/$key.kv" | cut -d= -f2-)
				lvv=$(grep "^$var=" "$L/$key.kv" | cut -d= -f2-)
				if ! grep -q "^$var=" "$L/$key.kv"; then
					echo "profile $c: $key: missing $var (openvpn: '$ov')"
				elif ! grep -q "^$var=" "$O/$key.kv"; then
					echo "profile $c: $key: extra $var='$lvv'"
				else
					echo "profile $c: $key: $var is '$lvv', openvpn '$ov'"
				fi
			done >>"$D"
	done
	# the status files: the same lines, numbers aside
	for who in openvpn leanvpn; do
		sed 's/,.*//' "$LV_TMP/status.$who.$c" >"$LV_TMP/status.$who.$c.labels"
	done
	diff -u "$LV_TMP/status.openvpn.$c.labels" "$LV_TMP/status.leanvpn.$c.labels" >"$LV_TMP/status.diff" ||
		{ echo "profile $c: status file lines differ:"; cat "$LV_TMP/status.diff"; } >>"$D"
	grep -q '^Updated,[0-9]\{4\}-[0-9][0-9]-[0-9][0-9] [0-9:]\{8\}$' "$LV_TMP/status.leanvpn.$c" ||
		echo "profile $c: status file: no 'Updated,YYYY-MM-DD HH:MM:SS' line" >>"$D"
}
D="$LV_TMP/diff"
: >"$D"
cp "$LV_TMP/se1.ovpn" "$LV_TMP/se4.ovpn"
for c in 1 2 4; do
	se_run openvpn "$c" openvpn
	se_run leanvpn "$c" "$LV_LEANVPN"
	se_compare "$c"
done

# 3. tls-verify refuses the CA (depth 1): no connection, the scripts that
# would follow never run
cat >"$LV_TMP/refuse.sh" <<EOS
#!/bin/sh
echo "\$1 \$2" >>"$LV_TMP/refuse.out"
[ "\$1" != 1 ]
EOS
chmod 755 "$LV_TMP/refuse.sh"
lv_profile "$LV_TMP/refuse.ovpn" udp "script-security 2" "tls-verify $LV_TMP/refuse.sh" \
	"up $r" "connect-retry-max 1" "connect-retry 1"
rm -rf "$REC"
lv_expect_fail refuse "$LV_TMP/refuse.ovpn" 3 "tls-verify refusing the CA" \
	"VERIFY SCRIPT ERROR: depth=1, CN=leanvpn-test-ca"
grep -q "^1 CN=leanvpn-test-ca$" "$LV_TMP/refuse.out" || lv_fail "tls-verify did not get 'depth subject'"
[ ! -d "$REC" ] || lv_fail "a script ran after tls-verify refused"
lv_log "PASS tls-verify refusing the server's CA stops the handshake"

# 4. profile 3: profile 1 over IPv6 (trusted_ip6, untrusted_ip6, proto_1 udp6, the
# ipchange argument "[AF_INET6]addr port"), against a server on IPv6
lv_stop "$LV_SRV"
lv_server se6 udp6 "push \"route 198.19.5.0 255.255.255.0\"" \
	"push \"route-ipv6 2001:2:0:5::/64\"" \
	"push \"dhcp-option DNS 198.19.0.53\"" \
	"push \"dhcp-option DOMAIN example.test\""
sed 's/^proto udp$/proto udp6/; s/^remote .*/remote 2001:2::1 '"$LV_PORT"'/' "$LV_TMP/se1.ovpn" >"$LV_TMP/se3.ovpn"
se_run openvpn 3 openvpn
se_run leanvpn 3 "$LV_LEANVPN"
se_compare 3
if [ -s "$D" ]; then
	cat "$D"
	lv_fail "$(wc -l <"$D") differences from openvpn's script environment and status file"
fi
grep -q "^trusted_ip6=2001:2::1$" "$LV_TMP"/k.leanvpn.3/up.1.kv || lv_fail "no trusted_ip6 over IPv6"
lv_log "PASS $(cat "$LV_TMP"/seq.openvpn.* | wc -l) script runs in 4 profiles: the same sequence, arguments and environment as openvpn 2.6; status file lines the same"
