#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --management-query-remote and --management-query-proxy in the leanvpn
# client, as OpenVPN 2.6 (init.c ce_management_query_remote/_proxy):
# before each connection the management client gets
# ">REMOTE:host,port,proto" and answers
#  1. "remote MOD host port": the client connects there instead;
#  2. "remote SKIP": the entry is passed over at once (no packet to it),
#     the next one is asked about and taken with "remote ACCEPT";
# or ">PROXY:1,TCP,host" and answers
#  3. "proxy SOCKS addr port": the client goes through that SOCKS proxy
#     to a server that listens on 127.0.0.1 only.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys
MGMT="$top_srcdir/tests/interop/mgmt_remote.py"
BOGUS=198.18.0.99

# run NAME ANSWER...: the client of profile NAME.ovpn with its management
# client answering; connected, then stopped
run() {
	name=$1
	shift
	lv_client "$name" "$LV_TMP/$name.ovpn"
	lv_bg "$LV_NS_C" "$LV_TMP/$name-mgmt.log" python3 "$MGMT" --unix "$LV_TMP/$name.sock" \
		--out "$LV_TMP/$name.transcript" --timeout 60 "$@"
	M=$LV_LASTPID
	lv_wait_up 30
	lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 20000
	lv_stop_client
	lv_exit_status "$M" 15
}

lv_server s udp "tls-crypt $LV_TMP/tc.key"
lv_profile "$LV_TMP/mod.ovpn" udp "tls-crypt $LV_TMP/tc.key" \
	"management $LV_TMP/mod.sock unix" "management-query-remote"
sed -i "s/^remote .*/remote $BOGUS 1194/" "$LV_TMP/mod.ovpn"
run mod --answer "$BOGUS=MOD $LV_LINK_S $LV_PORT"
t="$LV_TMP/mod.transcript"
grep -q "^>REMOTE:$BOGUS,1194,udp$" "$t" || { cat "$t"; lv_fail "MOD: no >REMOTE query"; }
grep -q "^SUCCESS: remote command succeeded$" "$t" || { cat "$t"; lv_fail "MOD: not taken"; }
grep -q "link remote: .*$BOGUS" "$LV_CLI_LOG" && lv_fail "MOD: the client went to $BOGUS"
lv_log "MOD: connected to $LV_LINK_S instead of $BOGUS"

lv_profile "$LV_TMP/skip.ovpn" udp "tls-crypt $LV_TMP/tc.key" \
	"management $LV_TMP/skip.sock unix" "management-query-remote"
sed -i "s/^remote .*/remote $BOGUS 1194\n&/" "$LV_TMP/skip.ovpn"
run skip --answer "$BOGUS=SKIP"
t="$LV_TMP/skip.transcript"
grep -q "^>REMOTE:$BOGUS,1194,udp$" "$t" && grep -q "^>REMOTE:$LV_LINK_S,$LV_PORT,udp$" "$t" ||
	{ cat "$t"; lv_fail "SKIP: not asked about both entries"; }
grep -q "link remote: .*$BOGUS" "$LV_CLI_LOG" && { lv_dump; lv_fail "SKIP: the client went to $BOGUS"; }
lv_log "SKIP: $BOGUS passed over, $LV_LINK_S accepted"
lv_stop "$LV_SRV"

lv_server tcp tcp-server "tls-crypt $LV_TMP/tc.key" "local 127.0.0.1"
lv_bg "$LV_NS_S" "$LV_TMP/socks.log" python3 "$top_srcdir/tests/interop/socks5.py" "$LV_LINK_S" 1080
SOCKS=$LV_LASTPID
lv_wait_for 10 grep -q listening "$LV_TMP/socks.log" || { cat "$LV_TMP/socks.log"; lv_fail "no SOCKS proxy"; }
lv_profile "$LV_TMP/px.ovpn" tcp "tls-crypt $LV_TMP/tc.key" \
	"management $LV_TMP/px.sock unix" "management-query-proxy"
sed -i "s/^remote .*/remote 127.0.0.1 $LV_PORT/" "$LV_TMP/px.ovpn"
run px --proxy "SOCKS $LV_LINK_S 1080"
t="$LV_TMP/px.transcript"
grep -q "^>PROXY:1,TCP,127.0.0.1$" "$t" && grep -q "^SUCCESS: proxy command succeeded$" "$t" ||
	{ cat "$t"; lv_fail "PROXY: no query or not taken"; }
grep -q "CONNECT 127.0.0.1:$LV_PORT" "$LV_TMP/socks.log" || { cat "$LV_TMP/socks.log"; lv_fail "PROXY: not through the SOCKS proxy"; }
lv_log "PROXY: connected through the SOCKS proxy the management client named"
lv_stop "$SOCKS"
lv_stop "$LV_SRV"
lv_log "PASS"
