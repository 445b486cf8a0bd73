#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# replay-persist in static-key mode, against openvpn 2.6 (packet_id.c
# packet_id_persist_*): the newest packet id received from the peer and
# its sender time are kept in the file across runs.
#  1. the real openvpn as the peer in $LV_NS_C, with replay-persist FILE,
#     talks to an openvpn peer and stops: FILE holds 2.6's image;
#  2. leanvpn takes its place with the same FILE: it reads 2.6's state
#     ("PID Persist Read", the same time and id), the tunnel works (the
#     peer's ids went on), and when it stops FILE holds the same sender
#     time with a higher id, in the same 16-byte layout.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/p2p_lib.sh"
lv_require_client
lv_netns_pair
lv_keys

conf() {
	cat >"$1" <<EOC
dev tun
proto udp
remote $2 $LV_PORT
lport $LV_PORT
secret $LV_TMP/ta.key $3
ifconfig $4 $5
cipher AES-256-CBC
ping 1
ping-restart 30
verb 4
EOC
}
conf "$LV_TMP/rp-s.conf" "$LV_LINK_C" 0 198.19.0.1 198.19.0.2
conf "$LV_TMP/rp-c.conf" "$LV_LINK_S" 1 198.19.0.2 198.19.0.1
echo "replay-persist $LV_TMP/rp.state" >>"$LV_TMP/rp-c.conf"

# state: "TIME ID" from the file
state() {
	[ "$(wc -c <"$LV_TMP/rp.state")" = 16 ] || lv_fail "the state file is $(wc -c <"$LV_TMP/rp.state") bytes, not 16"
	echo "$(od -An -t d8 -N8 "$LV_TMP/rp.state" | tr -d ' ') $(od -An -t u4 -j8 -N4 "$LV_TMP/rp.state" | tr -d ' ')"
}

p2p_start rp openvpn openvpn
lv_ping "$LV_NS_C" 198.19.0.1
lv_stop "$LV_CLI"
set -- $(state)
t0=$1 id0=$2
[ "$t0" -gt 0 ] && [ "$id0" -gt 0 ] || lv_fail "openvpn left no state ($t0 $id0)"
lv_log "openvpn's state: time $t0, id $id0"

lv_client rp-lv "$LV_TMP/rp-c.conf"
lv_wait_up 30
grep -q "PID Persist Read from $LV_TMP/rp.state: time $t0, id $id0" "$LV_CLI_LOG" ||
	{ lv_dump; lv_fail "leanvpn did not read openvpn's state (time $t0, id $id0)"; }
sleep 2
lv_ping "$LV_NS_C" 198.19.0.1
lv_stop "$LV_CLI"
set -- $(state)
[ "$1" = "$t0" ] && [ "$2" -gt "$id0" ] ||
	{ lv_dump; lv_fail "leanvpn's state: time $1, id $2 (expected time $t0, id over $id0)"; }
lv_log "leanvpn's state: time $1, id $2"
lv_stop "$LV_SRV"
lv_log "PASS"
