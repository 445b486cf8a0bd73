#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A server pushing 100 routes (50 IPv4, 50 IPv6; each family's plan holds
# at most 64): the leanvpn client's up script runs and sees all of them
# (route_network_1..50 with netmask and gateway, route_ipv6_network_1..50).
# Its script environment had 256 slots: 64 routes filled it, the up script
# did not run and the client exited.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
sm_topo 1
sm_pki 1
N=50

cat >"$LV_TMP/up.sh" <<EOT
#!/bin/sh
/usr/bin/env >"$LV_TMP/up.env"
EOT
chmod 755 "$LV_TMP/up.sh"
{
	sm_server_conf udp none
	i=1
	while [ $i -le $N ]; do
		echo "push \"route 10.100.$i.0 255.255.255.0\""
		echo "push \"route-ipv6 2001:db8:100:$i::/64\""
		i=$((i + 1))
	done
} >"$LV_TMP/s.conf"
sm_server s "$LV_TMP/s.conf"
sm_lvpn c 1 udp none "script-security 2" "up $LV_TMP/up.sh"
sm_wait_up c
lv_wait_for 10 test -s "$LV_TMP/up.env" || { tail -20 "$LV_TMP/c.log"; lv_fail "the up script did not run"; }
i=1
while [ $i -le $N ]; do
	grep -qx "route_network_$i=10.100.$i.0" "$LV_TMP/up.env" &&
		grep -qx "route_netmask_$i=255.255.255.0" "$LV_TMP/up.env" &&
		grep -q "^route_gateway_$i=198.19.0.1$" "$LV_TMP/up.env" ||
		{ grep "^route_" "$LV_TMP/up.env" | sort | head; lv_fail "up: IPv4 route $i missing"; }
	grep -qx "route_ipv6_network_$i=2001:db8:100:$i::/64" "$LV_TMP/up.env" ||
		{ grep "^route_ipv6" "$LV_TMP/up.env" | head; lv_fail "up: IPv6 route $i missing"; }
	i=$((i + 1))
done
[ "$(grep -c '^route_network_' "$LV_TMP/up.env")" = $N ] || lv_fail "up: not exactly $N IPv4 routes"
lv_log "the up script saw $N IPv4 and $N IPv6 routes ($(wc -l <"$LV_TMP/up.env") variables)"
sm_term "$SM_PID_1" "client"
sm_term "$SM_SRV" "server"
lv_log "PASS"
