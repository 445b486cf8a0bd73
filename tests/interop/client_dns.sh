#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# DNS without scripts: the DNS settings a stock OpenVPN 2.6 server pushes
# (dns and dhcp-option) given to systemd-resolved through resolvectl, and
# taken back on every way down.
#
# What is real: the openvpn 2.6 server and its PUSH_REPLY, leanvpn, the
# tunnel, the signals, the script environment.  What is faked: systemd-
# resolved is not installed on the test machine (and installing it would
# take over the host's /etc/resolv.conf), so
#   - "resolved runs" is a Unix socket this test listens on (python3) in a
#     temp directory that LEANVPN_RESOLVED_DIR names (leanvpn's default is
#     /run/systemd/resolve/io.systemd.Resolve);
#   - resolvectl is tests/interop/fake_resolvectl.sh, first on PATH, which
#     records each call's argv instead of changing anything.
# So this proves which resolvectl calls leanvpn makes and when, not what a
# real resolved does with them.
#
# Cases (server 1 pushes dns and dhcp-options, some of them hostile;
# server 2 dhcp-options only):
#   apply + SIGTERM, SIGINT, SIGUSR1 reconnect (with and without
#   persist-tun), a fatal error after the settings were applied (--up
#   fails under --dns-updown force), --dns-updown disable, an --up script
#   (DNS left to it), no resolved (no socket; a stale socket), and the
#   dhcp-option-only conversion.  Hostile pushed values never reach an argv.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa

PY=$(command -v python3) || { lv_log "SKIP: python3 needed for the fake resolved socket"; exit 77; }
mkdir -p "$LV_TMP/bin" "$LV_TMP/resolve" "$LV_TMP/none"
cp "$top_srcdir/tests/interop/fake_resolvectl.sh" "$LV_TMP/bin/resolvectl"
chmod +x "$LV_TMP/bin/resolvectl"
PATH="$LV_TMP/bin:$PATH"
FAKE_RESOLVECTL_LOG="$LV_TMP/calls"
LEANVPN_RESOLVED_DIR="$LV_TMP/resolve"
export PATH FAKE_RESOLVECTL_LOG LEANVPN_RESOLVED_DIR

# the stand-in for resolved's socket: listens (replacing a stale socket
# file) and accepts for at most 10 minutes
cat >"$LV_TMP/listen.py" <<'EOF'
import os, socket, sys, time
if os.path.exists(sys.argv[1]):
    os.unlink(sys.argv[1])
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1]); s.listen(16); s.settimeout(1)
end = time.time() + 600
while time.time() < end:
    try:
        c, _ = s.accept(); c.close()
    except socket.timeout:
        pass
EOF
fake_resolved() {
	lv_bg "$LV_NS_C" "$LV_TMP/resolved.log" "$PY" "$LV_TMP/listen.py" "$LV_TMP/resolve/io.systemd.Resolve"
	RESOLVED=$LV_LASTPID
	lv_wait_for 10 "$PY" -c 'import socket,sys; socket.socket(socket.AF_UNIX).connect(sys.argv[1])' \
		"$LV_TMP/resolve/io.systemd.Resolve" || lv_fail "fake resolved socket"
}
fake_resolved

cat >"$LV_TMP/env.sh" <<'EOF'
#!/bin/sh
env >"$(dirname "$0")/env.out"
EOF
chmod +x "$LV_TMP/env.sh"

# expect FILE LINES...: the recorded calls are exactly these lines
expect() {
	f=$LV_TMP/$1
	shift
	printf '%s\n' "$@" >"$f.want"
	[ $# -gt 0 ] || : >"$f.want"
	touch "$FAKE_RESOLVECTL_LOG"
	diff -u "$f.want" "$FAKE_RESOLVECTL_LOG" >"$f.diff" || { cat "$f.diff"; lv_dump; lv_fail "$f: resolvectl calls differ"; }
}

# start NAME PROFILE-LINES...: a fresh call record, a client, connected
start() {
	n=$1
	shift
	rm -f "$FAKE_RESOLVECTL_LOG"
	lv_profile "$LV_TMP/$n.ovpn" udp "connect-retry 1" "$@"
	lv_client "$n" "$LV_TMP/$n.ovpn"
	lv_wait_up 20
}

# stop_with SIG: the client stops on SIG with status 0
stop_with() {
	kill "-$1" "$LV_CLI"
	lv_exit_status "$LV_CLI"
	[ "$LV_STATUS" = 0 ] || { lv_dump; lv_fail "exit status after SIG$1: $LV_STATUS"; }
}

lv_server s1 udp - <<'EOF'
push "dhcp-option DNS 198.18.0.53"
push "dhcp-option DOMAIN example.test"
push "dns server 0 address 198.19.0.1 [2001:2:0:1::1]:5353"
push "dns server 0 resolve-domains corp.test"
push "dns search-domains example.test"
push "dhcp-option DOMAIN a;rm"
push "dns search-domains x;reboot"
push "dns server 1 address 1.2.3.4;reboot"
push "dns server 0 resolve-domains --help"
EOF

S1_UP() {
	printf '%s\n' "[dns][$LV_DEV][198.19.0.1][[2001:2:0:1::1]:5353]" \
		"[domain][$LV_DEV][example.test][~corp.test]" "[default-route][$LV_DEV][false]" \
		"[dnssec][$LV_DEV][false]" "[dnsovertls][$LV_DEV][false]"
}

# 1. applied, then SIGTERM reverts; hostile values refused; script env
start term "script-security 2" "route-up $LV_TMP/env.sh"
lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 30000
stop_with TERM
IFS='
'
expect term $(S1_UP) "[revert][$LV_DEV]"
unset IFS
for bad in 'rm' 'reboot' 'help' '1.2.3.4'; do
	grep -qF -- "$bad" "$FAKE_RESOLVECTL_LOG" && lv_fail "hostile value '$bad' reached resolvectl"
done
for re in "dns search-domains x;reboot" "dns server 1 address 1.2.3.4;reboot" "resolve-domains --help"; do
	grep -F "option ignored" "$LV_CLI_LOG" | grep -qF -- "$re" || { lv_dump; lv_fail "no 'option ignored' line for '$re'"; }
done
grep -q "DNS: setting $LV_DEV through systemd-resolved" "$LV_CLI_LOG" || lv_fail "no verb-3 line"
for v in dns_server_1_address_1=198.19.0.1 dns_server_1_address_2=2001:2:0:1::1 \
	dns_server_1_port_2=5353 dns_server_1_resolve_domain_1=corp.test \
	dns_search_domain_1=example.test "foreign_option_1=dhcp-option DOMAIN example.test" \
	"foreign_option_2=dhcp-option DOMAIN a;rm" "foreign_option_3=dhcp-option DNS 198.19.0.1" \
	"foreign_option_4=dhcp-option DNS6 2001:2:0:1::1" \
	"foreign_option_5=dhcp-option DOMAIN-SEARCH example.test"; do
	grep -qxF -- "$v" "$LV_TMP/env.out" || { cat "$LV_TMP/env.out"; lv_fail "route-up env: no $v"; }
done
lv_log "PASS applied (5 calls), reverted on SIGTERM; 3 hostile pushed dns options refused; dns_* env"

# 2. SIGINT
start int
stop_with INT
IFS='
'
expect int $(S1_UP) "[revert][$LV_DEV]"
unset IFS
lv_log "PASS reverted on SIGINT"

# 3. SIGUSR1 reconnect: without persist-tun the device goes, settings are
# reverted and set again; with persist-tun they stay with the kept device
start usr1
kill -USR1 "$LV_CLI"
lv_wait_connects 2 30
IFS='
'
expect usr1-up $(S1_UP) "[revert][$LV_DEV]" $(S1_UP)
stop_with TERM
expect usr1 $(S1_UP) "[revert][$LV_DEV]" $(S1_UP) "[revert][$LV_DEV]"
start usr1p persist-tun
kill -USR1 "$LV_CLI"
lv_wait_connects 2 30
grep -q "Preserving previous TUN/TAP instance" "$LV_CLI_LOG" || { lv_dump; lv_fail "persist-tun: the device was not kept"; }
expect usr1p-up $(S1_UP)
stop_with TERM
expect usr1p $(S1_UP) "[revert][$LV_DEV]"
unset IFS
lv_log "PASS SIGUSR1: reverted and set again; with persist-tun kept, reverted once at exit"

# 4. a fatal error after the settings were applied: --up fails
rm -f "$FAKE_RESOLVECTL_LOG"
lv_profile "$LV_TMP/fatal.ovpn" udp "connect-retry 1" "dns-updown force" "script-security 2" "up /bin/false"
lv_client fatal "$LV_TMP/fatal.ovpn"
lv_exit_status "$LV_CLI" 30
[ "$LV_STATUS" != 0 ] && [ "$LV_STATUS" != timeout ] || { lv_dump; lv_fail "up failing: exit status $LV_STATUS"; }
LV_DEV=$(sed -n 's/.*TUN\/TAP device \([^ ]*\) opened.*/\1/p' "$LV_CLI_LOG" | tail -1)
IFS='
'
expect fatal $(S1_UP) "[revert][$LV_DEV]"
unset IFS
lv_log "PASS fatal error after apply (up failed, exit $LV_STATUS): reverted"

# 5. opt-out, an up script, no resolved, a stale socket: no call at all
start optout "dns-updown disable"
stop_with TERM
expect optout
start upscript "script-security 2" "up /bin/true"
stop_with TERM
expect upscript
grep -q "an --up script is set: DNS left to it" "$LV_CLI_LOG" || lv_fail "no 'left to it' line"
LEANVPN_RESOLVED_DIR="$LV_TMP/none"
start none
stop_with TERM
expect none
LEANVPN_RESOLVED_DIR="$LV_TMP/resolve"
lv_stop "$RESOLVED"
[ -S "$LV_TMP/resolve/io.systemd.Resolve" ] || lv_fail "the stale socket file is gone"
start stale
stop_with TERM
expect stale
lv_log "PASS no resolvectl call: dns-updown disable, up script, no resolved, stale socket"
lv_stop "$LV_SRV"

# 6. dhcp-options only: DNS/DNS6 are the server, DOMAIN and DOMAIN-SEARCH
# the search domains, all names to it (~., default-route); values that are
# neither an address nor a name stay out
fake_resolved
lv_server s2 udp - <<'EOF'
push "dhcp-option DNS 198.18.0.53"
push "dhcp-option DNS6 2001:2:0:1::53"
push "dhcp-option DNS 198.18.0.54;reboot"
push "dhcp-option DOMAIN example.test"
push "dhcp-option DOMAIN-SEARCH a;rm"
EOF
start dhcp
stop_with TERM
expect dhcp "[dns][$LV_DEV][198.18.0.53][2001:2:0:1::53]" "[domain][$LV_DEV][example.test][~.]" \
	"[default-route][$LV_DEV][true]" "[dnssec][$LV_DEV][false]" "[dnsovertls][$LV_DEV][false]" \
	"[revert][$LV_DEV]"
grep -q "dhcp-option: 'a;rm' is not a valid domain name: left out" "$LV_CLI_LOG" || { lv_dump; lv_fail "no 'left out' line"; }
lv_log "PASS dhcp-option only: converted; 'a;rm' and '198.18.0.54;reboot' left out"
lv_stop "$LV_SRV"
lv_log "PASS"
