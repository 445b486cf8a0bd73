#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Client options that change the process, the device or the link socket,
# applied as OpenVPN 2.6 applies them, against Debian's openvpn 2.6 server.
# One connection carries them all; each is then checked on the system:
#  - nice 7: the process runs at niceness 7 (2.6: nice() once at start);
#  - txqueuelen 123: the tun device's queue length (SIOCSIFTXQLEN);
#  - bind-dev: the link socket is bound to the veth device (ss shows %dev);
#  - mtu-disc no: the link datagrams leave without the Don't Fragment bit
#    (seen by a packet sniffer on the server's side), where the kernel's
#    default sets it;
#  - remote-random-hostname: a numeric remote is used as it is (the
#    connection works); a name is resolved with a new random label of 12
#    hex digits in front each time (seen in the RESOLVE error for a name
#    that does not resolve; the client's namespace has no way out, so no
#    query leaves it);
#  - push-peer-info: the server's log shows the peer-info 2.6 adds with
#    it (ssl.c push_peer_info, detail 3): IV_HWADDR (the MAC address of the
#    default route's device: here the veth, through a default route to the
#    server's namespace), IV_SSL, IV_PLAT_VER (uname -r) and the UV_
#    variables set with setenv;
#  - echo (2.6 options.c): an echo whose text starts with "msg" is logged,
#    "ECHO:" from the profile, "ECHO-PULL:" when pushed (the pushed ones
#    reach the management interface as >ECHO, tests/interop/client_nm.sh);
#  - machine-readable-output (on that run): each log line starts with
#    "SECONDS.MICROSECONDS FLAGS " as 2.6 writes it (error.c);
#  - setenv-safe, configured and pushed: OPENVPN_NAME=VALUE in the --up
#    script's environment (2.6 setenv_str_safe);
#  - mlock: its memory is locked (mlockall, VmLck in /proc); where 2.6
#    cannot raise the locked-memory limit to 100 MB (no CAP_SYS_RESOURCE and
#    a lower hard limit, as in many containers) it stops with an error, and
#    so must leanvpn: the real openvpn --mlock --genkey decides which.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys
lv_server opt-srv udp "tls-crypt $LV_TMP/tc.key" 'push "setenv-safe PUSHED_S pushed"' \
	'push "echo msg hello  there"' 'push "echo secret x"'
printf '#!/bin/sh\nenv >"%s"\n' "$LV_TMP/up.env" >"$LV_TMP/up.sh"
chmod 755 "$LV_TMP/up.sh"
lv_profile "$LV_TMP/opt.ovpn" udp "tls-crypt $LV_TMP/tc.key" "nice 7" \
	"txqueuelen 123" "bind-dev lvc$$" "mtu-disc no" \
	"script-security 2" "up $LV_TMP/up.sh" "remote-random-hostname" "echo msg from the profile" 'setenv-safe CONF_S "a value"'
ip -n "$LV_NS_C" route add default via "$LV_LINK_S"
mac=$(ip -n "$LV_NS_C" -o link show "lvc$$" | sed -n 's/.*link\/ether \([0-9a-f:]*\) .*/\1/p')
printf '%s\n' "push-peer-info" "setenv UV_COLOR blue" >>"$LV_TMP/opt.ovpn"
lv_client opt "$LV_TMP/opt.ovpn"
lv_wait_up 20
lv_ping "$LV_NS_C" 198.19.0.1
bad=0
no() { lv_log "FAIL: $*"; bad=$((bad + 1)); }

ip -n "$LV_NS_C" link show "$LV_DEV" | grep -q " qlen 123" ||
	{ ip -n "$LV_NS_C" link show "$LV_DEV"; no "txqueuelen 123: not the device's queue length"; }
ss -N "$LV_NS_C" -uan | grep -q "198.18.0.2%lvc$$:" ||
	{ ss -N "$LV_NS_C" -uan; no "bind-dev lvc$$: the link socket is not bound to the device"; }
ip netns exec "$LV_NS_S" python3 "$(dirname "$0")/dfsniff.py" "lvs$$" "$LV_PORT" 3 >"$LV_TMP/df.out" &
sniff=$!
sleep 0.5
ip netns exec "$LV_NS_C" ping -q -c 8 -i 0.2 198.19.0.1 >/dev/null 2>&1
wait "$sniff"
df=$(cat "$LV_TMP/df.out")
case $df in
"df=0 nodf="[1-9]*) ;;
*) no "mtu-disc no: link datagrams with the DF bit: $df" ;;
esac

# /proc/PID/stat: field 19 is the nice value (after the ")" of the name)
n=$(sed 's/.*) //' "/proc/$LV_CLI/stat" | cut -d' ' -f17)
[ "$n" = 7 ] || { lv_dump; lv_fail "nice 7: the process runs at niceness $n"; }
grep -q "nice 7 succeeded" "$LV_CLI_LOG" || { lv_dump; lv_fail "nice 7: no 'nice 7 succeeded' line"; }
grep -qx "OPENVPN_CONF_S=a value" "$LV_TMP/up.env" ||
	no "setenv-safe: no OPENVPN_CONF_S=a value for the up script"
grep -qx "OPENVPN_PUSHED_S=pushed" "$LV_TMP/up.env" ||
	no "pushed setenv-safe: no OPENVPN_PUSHED_S=pushed for the up script"
for pi in "IV_HWADDR=$mac" "IV_SSL=OpenSSL[ _]3" "IV_PLAT_VER=$(uname -r)" "UV_COLOR=blue"; do
	grep -q "peer info: $pi" "$LV_SRV_LOG" || no "push-peer-info: the server got no $pi"
done
# no way out of the namespace for what follows (name resolution)
ip -n "$LV_NS_C" route del default
grep -q "ECHO:msg from the profile\$" "$LV_CLI_LOG" || no "echo: no 'ECHO:msg from the profile'"
grep -q "ECHO-PULL:msg hello there\$" "$LV_CLI_LOG" || no "pushed echo: no 'ECHO-PULL:msg hello there'"
if grep -q "ECHO.*secret" "$LV_CLI_LOG"; then no "pushed echo: one without msg is logged"; fi
[ "$bad" = 0 ] || { lv_dump; lv_fail "$bad option(s) not applied"; }
lv_log "PASS nice 7: niceness $n; txqueuelen 123; bind-dev lvc$$; mtu-disc no: $df; setenv-safe; push-peer-info; echo"

lv_stop_client

lv_profile "$LV_TMP/rnd.ovpn" udp "remote-random-hostname" "resolv-retry 0" "connect-retry 1"
sed -i "s|^remote .*|remote srv.invalid $LV_PORT|" "$LV_TMP/rnd.ovpn"
lv_client rnd "$LV_TMP/rnd.ovpn" --machine-readable-output
lv_wait_for 20 sh -c "[ \$(grep -c 'RESOLVE: .*[0-9a-f]\{12\}\.srv\.invalid:' '$LV_CLI_LOG') -ge 2 ]" ||
	{ lv_dump; lv_fail "remote-random-hostname: no two resolutions of <12 hex digits>.srv.invalid"; }
lv_stop "$LV_CLI"
n=$(grep -o '[0-9a-f]\{12\}\.srv\.invalid' "$LV_CLI_LOG" | sort -u | wc -l)
[ "$n" -ge 2 ] || { lv_dump; lv_fail "remote-random-hostname: the same label every time"; }
grep -Eq '^[0-9]{10}\.[0-9]{6} [0-9a-f]+ RESOLVE: ' "$LV_CLI_LOG" ||
	{ lv_dump; lv_fail "machine-readable-output: no 'SECONDS.USEC FLAGS RESOLVE: ...' line"; }
if grep -Ev '^[0-9]{10}\.[0-9]{6} [0-9a-f]+ ' "$LV_CLI_LOG" | grep -q .; then
	lv_dump
	lv_fail "machine-readable-output: a line without 'SECONDS.USEC FLAGS '"
fi
lv_log "PASS machine-readable-output: $(grep RESOLVE "$LV_CLI_LOG" | head -1 | cut -c1-60)"
lv_log "PASS remote-random-hostname: $(grep -o '[0-9a-f]\{12\}\.srv\.invalid' "$LV_CLI_LOG" | head -2 | tr '\n' ' ')"

lv_profile "$LV_TMP/mlock.ovpn" udp "tls-crypt $LV_TMP/tc.key" "mlock"
if openvpn --mlock --genkey secret "$LV_TMP/mlock.key" >"$LV_TMP/mlock-ovpn.log" 2>&1; then
	lv_client mlock "$LV_TMP/mlock.ovpn"
	lv_wait_up 20
	lck=$(sed -n 's/^VmLck: *\([0-9]*\) kB/\1/p' "/proc/$LV_CLI/status")
	rss=$(sed -n 's/^VmRSS: *\([0-9]*\) kB/\1/p' "/proc/$LV_CLI/status")
	[ "${lck:-0}" -gt 0 ] && [ "$lck" -ge "$rss" ] ||
		{ lv_dump; lv_fail "mlock: ${lck:-?} kB locked of $rss kB resident"; }
	lv_stop_client
	lv_log "PASS mlock: $lck kB locked ($rss kB resident)"
else
	grep -q "setrlimit() failed" "$LV_TMP/mlock-ovpn.log" ||
		{ cat "$LV_TMP/mlock-ovpn.log"; lv_fail "openvpn --mlock failed for another reason"; }
	lv_client mlock "$LV_TMP/mlock.ovpn"
	lv_exit_status "$LV_CLI" 20
	[ "$LV_STATUS" = 1 ] || { lv_dump; lv_fail "mlock: openvpn stops (limit below 100 MB, cannot raise it), leanvpn's status is $LV_STATUS"; }
	grep -q "mlock: cannot raise RLIMIT_MEMLOCK" "$LV_CLI_LOG" || { lv_dump; lv_fail "mlock: no reason given"; }
	lv_log "PASS mlock: the limit cannot be raised here: leanvpn stops, as openvpn 2.6 does"
fi
lv_stop "$LV_SRV"
lv_log "PASS"
