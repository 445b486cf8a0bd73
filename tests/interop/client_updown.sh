#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --management-up-down in the leanvpn client, as OpenVPN 2.6
# (manage.c management_up_down): once the tunnel is set up a management
# client gets ">UPDOWN:UP", the scripts' variables as ">UPDOWN:ENV,..."
# and ">UPDOWN:ENV,END"; before the tunnel closes, the same with DOWN.
# Without the option, neither.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys
MGMT="$top_srcdir/tests/interop/nm_mgmt.py"

# run NAME EXTRA: a client with a held management socket, a management
# client releasing it and recording, connected, then SIGTERM
run() {
	lv_profile "$LV_TMP/$1.ovpn" udp "tls-crypt $LV_TMP/tc.key" \
		"management $LV_TMP/$1.sock unix" "management-hold" "$2"
	lv_client "$1" "$LV_TMP/$1.ovpn"
	lv_bg "$LV_NS_C" "$LV_TMP/$1-mgmt.log" python3 "$MGMT" --unix "$LV_TMP/$1.sock" \
		--state-on --out "$LV_TMP/$1.transcript" --timeout 60
	M=$LV_LASTPID
	lv_wait_up 30
	kill -TERM "$LV_CLI"
	lv_exit_status "$LV_CLI" 15
	[ "$LV_STATUS" = 0 ] || { lv_dump; lv_fail "$1: exit status $LV_STATUS"; }
	lv_exit_status "$M" 15
}

lv_server s udp "tls-crypt $LV_TMP/tc.key"
run ud "management-up-down"
t="$LV_TMP/ud.transcript"
# UP, its variables, END; then DOWN, its variables, END
awk '/^>UPDOWN:UP$/ { u = 1; next } u == 1 && /^>UPDOWN:ENV,END$/ { u = 2 }
	u == 1 && /^>UPDOWN:ENV,dev=tun/ { dev = 1 } u == 1 && /^>UPDOWN:ENV,ifconfig_local=198\.19\.0\./ { ip = 1 }
	/^>UPDOWN:DOWN$/ && u == 2 { d = 1; next } d == 1 && /^>UPDOWN:ENV,END$/ { d = 2 }
	END { exit !(u == 2 && dev && ip && d == 2) }' "$t" ||
	{ cat "$t"; lv_fail "no UP with dev and ifconfig_local, then DOWN"; }
grep -q "^>UPDOWN:ENV,password" "$t" && lv_fail "a password in the UPDOWN variables"
lv_log "management-up-down: UP with the scripts' variables after connecting, DOWN at the exit"

run none "verb 4"
grep -q "^>UPDOWN:" "$LV_TMP/none.transcript" && lv_fail "UPDOWN without management-up-down"
lv_log "no UPDOWN without the option"
lv_stop "$LV_SRV"
lv_log "PASS"
