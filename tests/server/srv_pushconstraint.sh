#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The constraint on a client's pushed IPv4 address, as OpenVPN 2.6 keeps it
# (multi.c, helper.c): with topology subnet the --server network, over any
# --ifconfig-push-constraint; otherwise --ifconfig-push-constraint.  A
# client whose address lies outside is logged ("MULTI ERROR: primary
# virtual IP ... violates tunnel network/netmask constraint") and, as 2.6
# does, still connected; a client inside is not logged.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
sm_topo 2
sm_pki 2
lv_keys

CCD="$LV_TMP/ccd"
mkdir -p "$CCD"
VIOL="MULTI ERROR: primary virtual IP for"

# run NAME TOPOLOGY EXTRA-LINE: a server, client1 (ccd address) and client2
# (pool address) connected to it; the server stopped again
run() {
	{
		sm_server_conf udp tls-crypt | sed "s/^topology subnet/topology $2/"
		echo "client-config-dir $CCD"
		echo "$3"
	} >"$LV_TMP/$1.conf"
	sm_server "$1" "$LV_TMP/$1.conf"
	sm_ovpn "$1c1" 1 udp tls-crypt
	sm_ovpn "$1c2" 2 udp tls-crypt
	lv_wait_for 30 grep -q "client2: client connected" "$SM_SRV_LOG" ||
		{ tail -30 "$SM_SRV_LOG"; lv_fail "$1: client2 did not connect"; }
	lv_wait_for 30 grep -q "client1: client connected" "$SM_SRV_LOG" ||
		{ tail -30 "$SM_SRV_LOG"; lv_fail "$1: client1 was not connected (2.6 connects it)"; }
	for p in "$SM_PID_1" "$SM_PID_2" "$SM_SRV"; do
		lv_stop "$p"
	done
}

# subnet: the server's 198.19.0.0/24 is the constraint, not the explicit
# 198.19.7.0/24 that client1's address satisfies
echo "ifconfig-push 198.19.7.5 255.255.255.0" >"$CCD/client1"
run sub subnet "ifconfig-push-constraint 198.19.7.0 255.255.255.0"
grep -q "$VIOL client1/198.18.1.11:[0-9]* (198.19.7.5) violates tunnel network/netmask constraint (198.19.0.0/255.255.255.0)" "$LV_TMP/sub.log" ||
	{ grep MULTI "$LV_TMP/sub.log"; lv_fail "subnet: no constraint error for client1"; }
grep "$VIOL" "$LV_TMP/sub.log" | grep -q client2 && lv_fail "subnet: client2 (pool) logged"
lv_log "subnet: client1 at 198.19.7.5 logged against the --server network, connected"

# net30: the explicit constraint 198.19.0.0/25; client1 lies in the server
# network but outside it
echo "ifconfig-push 198.19.0.201 198.19.0.202" >"$CCD/client1"
run n30 net30 "ifconfig-push-constraint 198.19.0.0 255.255.255.128"
grep -q "$VIOL client1/198.18.1.11:[0-9]* (198.19.0.201) violates tunnel network/netmask constraint (198.19.0.0/255.255.255.128)" "$LV_TMP/n30.log" ||
	{ grep MULTI "$LV_TMP/n30.log"; lv_fail "net30: no constraint error for client1"; }
grep "$VIOL" "$LV_TMP/n30.log" | grep -q client2 && lv_fail "net30: client2 (pool) logged"
# without the option, net30 keeps no constraint; force-tls-key-material-export
# there too: stock 2.6 clients announce the exporter and still connect
run none net30 "force-tls-key-material-export"
grep -q "$VIOL" "$LV_TMP/none.log" && lv_fail "net30 without ifconfig-push-constraint: logged"
lv_log "net30: ifconfig-push-constraint applied (client1 at 198.19.0.201 logged), none without it"
lv_log "PASS"
