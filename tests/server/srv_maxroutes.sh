#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --max-routes-per-client in the server, as OpenVPN 2.6 (multi.c
# multi_learn_addr, route_quota_test): a client's routes are its IPv4
# address, its IPv6 address, then its iroutes, each counted; one beyond
# the limit is not added and "MULTI ROUTE: route quota (N) exceeded for
# cn/ip:port" is logged.  The limit in a client's ccd file wins over the
# server's.  Proven with traffic: the server reaches the iroute within the
# quota, not the one beyond it.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
sm_topo 1
sm_pki 1
lv_keys

CCD="$LV_TMP/ccd"
mkdir -p "$CCD"
ns=$(sm_ns 1)
ip -n "$ns" addr add 198.19.50.1/32 dev lo
ip -n "$ns" addr add 198.19.60.1/32 dev lo
reach() { ip netns exec "$LV_NS_S" ping -c 1 -W 2 "$1" >/dev/null 2>&1; }

# run NAME CCD-EXTRA: server (limit 3) and client1 with two iroutes
run() {
	printf 'iroute 198.19.50.0 255.255.255.0\niroute 198.19.60.0 255.255.255.0\n%s\n' "$2" \
		>"$CCD/client1"
	{
		sm_server_conf udp tls-crypt
		echo "client-config-dir $CCD"
		echo "max-routes-per-client 3"
	} >"$LV_TMP/$1.conf"
	sm_server "$1" "$LV_TMP/$1.conf"
	sdev=$(sed -n 's/.*TUN\/TAP device \([^ ]*\) opened.*/\1/p' "$SM_SRV_LOG" | head -1)
	ip -n "$LV_NS_S" route add 198.19.50.0/24 dev "$sdev" || lv_fail "$1: server route"
	ip -n "$LV_NS_S" route add 198.19.60.0/24 dev "$sdev" || lv_fail "$1: server route"
	sm_ovpn "$1c" 1 udp tls-crypt
	sm_wait_up "$1c"
}

run lim ""
grep -q "MULTI ROUTE: route quota (3) exceeded for client1/198.18.1.11:[0-9]* (see --max-routes-per-client option)" \
	"$SM_SRV_LOG" || { tail -20 "$SM_SRV_LOG"; lv_fail "no route quota message"; }
reach 198.19.50.1 || lv_fail "the iroute within the quota does not carry traffic"
reach 198.19.60.1 && lv_fail "the iroute beyond the quota carries traffic"
lv_log "limit 3: addresses and the first iroute routed, the second refused and logged"
lv_stop "$SM_PID_1"
lv_stop "$SM_SRV"

run ccd "max-routes-per-client 4"
grep -q "MULTI ROUTE: route quota" "$SM_SRV_LOG" && lv_fail "the ccd's limit 4 was not used"
reach 198.19.60.1 || lv_fail "ccd limit 4: the second iroute does not carry traffic"
lv_log "a ccd file's max-routes-per-client 4 wins: both iroutes routed"
lv_stop "$SM_PID_1"
lv_stop "$SM_SRV"
lv_log "PASS"
