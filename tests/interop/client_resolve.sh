#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# resolv-retry against Debian's openvpn 2.6 server.  The client runs with
# its own /etc/hosts and an empty /etc/resolv.conf (files of this test,
# bind-mounted inside the mount namespace `ip netns exec` makes), so names
# resolve only when the test says and no resolver is ever asked.
#  1. resolv-retry infinite (the default): the first remote's name does not
#     resolve for ~4 s; the client keeps retrying that remote (never moves
#     on to the second), then connects once the name appears.
#  2. SIGTERM while it waits for a name: exits 0 at once.
#  3. resolv-retry 2: the first name never resolves; after 2 s the client
#     gives up on it and connects through the second remote.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys
lv_server res udp "tls-crypt $LV_TMP/tc.key"
printf '127.0.0.1 localhost\n' >"$LV_TMP/hosts"
: >"$LV_TMP/resolv.conf"

# rclient NAME PROFILE: leanvpn with the test's hosts and resolv.conf
rclient() {
	LV_CLI_LOG="$LV_TMP/$1.log"
	lv_bg "$LV_NS_C" "$LV_CLI_LOG" sh -c 'mount --bind "$1" /etc/hosts &&
		mount --bind "$2" /etc/resolv.conf && exec "$3" --config "$4"' sh \
		"$LV_TMP/hosts" "$LV_TMP/resolv.conf" "$LV_LEANVPN" "$2"
	LV_CLI=$LV_LASTPID
}

profile() {
	lv_profile "$1" udp "tls-crypt $LV_TMP/tc.key" "connect-retry 1"
	sed -i "/^remote $LV_LINK_S /d" "$1"
	printf '%s\n' "$2" "${3:-}" >>"$1"
}

# 1. infinite
profile "$LV_TMP/inf.ovpn" "remote lvpn-late.test 1194" "remote lvpn-never.test 1194"
rclient inf "$LV_TMP/inf.ovpn"
sleep 4
lv_exited "$LV_CLI" && { lv_dump; lv_fail "infinite: the client gave up"; }
grep -q "RESOLVE: cannot resolve host address: lvpn-late.test" "$LV_CLI_LOG" ||
	{ lv_dump; lv_fail "infinite: no failed resolution logged"; }
printf '%s lvpn-late.test\n' "$LV_LINK_S" >>"$LV_TMP/hosts"
lv_wait_up 20
if grep -q "lvpn-never.test" "$LV_CLI_LOG"; then
	lv_dump
	lv_fail "infinite: the client moved on to the second remote"
fi
lv_ping "$LV_NS_C" 198.19.0.1
lv_stop_client
lv_log "PASS resolv-retry infinite: stayed on lvpn-late.test, connected once it resolved"

# 2. SIGTERM while waiting for a name
profile "$LV_TMP/term.ovpn" "remote lvpn-never.test 1194"
rclient term "$LV_TMP/term.ovpn"
lv_wait_for 10 grep -q "RESOLVE: cannot resolve" "$LV_CLI_LOG" || { lv_dump; lv_fail "term: no resolution attempt"; }
kill -TERM "$LV_CLI"
lv_exit_status "$LV_CLI" 3
[ "$LV_STATUS" = 0 ] || { lv_dump; lv_fail "SIGTERM during resolv-retry: exit status $LV_STATUS"; }
lv_log "PASS SIGTERM while retrying a name: exit status 0 within 3 s"

# 3. resolv-retry 2
profile "$LV_TMP/two.ovpn" "remote lvpn-never.test 1194" "remote $LV_LINK_S 1194"
echo "resolv-retry 2" >>"$LV_TMP/two.ovpn"
rclient two "$LV_TMP/two.ovpn"
lv_wait_up 20
grep -q "gave up on lvpn-never.test after resolv-retry 2 s" "$LV_CLI_LOG" ||
	{ lv_dump; lv_fail "resolv-retry 2: no 'gave up' line"; }
tries=$(grep -c "RESOLVE: cannot resolve host address: lvpn-never.test" "$LV_CLI_LOG")
[ "$tries" -ge 2 ] || { lv_dump; lv_fail "resolv-retry 2: resolution tried $tries times, expected >= 2"; }
lv_ping "$LV_NS_C" 198.19.0.1
lv_stop_client
lv_stop "$LV_SRV"
lv_log "PASS resolv-retry 2: $tries attempts on lvpn-never.test, then the next remote"
lv_log "PASS"
