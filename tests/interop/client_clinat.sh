#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --client-nat against openvpn 2.6: the client routes 10.99.0.0/24 into
# the tunnel and maps it onto the server's tunnel network with
# "client-nat dnat 10.99.0.0 255.255.255.0 198.19.0.0" (in the profile,
# then pushed by the server).  A ping to 10.99.0.1 reaches the server
# (198.19.0.1) and its reply comes back from 10.99.0.1 (the kernel checks
# the rewritten IPv4 header checksum); a TCP transfer each way through
# 10.99.0.1 checks the TCP checksums (a wrong one would stall it).  The
# real openvpn as the client, same profile, is the reference for the ping.
# Without the rule nothing answers at 10.99.0.1.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/refclient.sh"
lv_require_client
lv_netns_pair
lv_pki rsa

RULE='client-nat dnat 10.99.0.0 255.255.255.0 198.19.0.0'
ROUTE='route 10.99.0.0 255.255.255.0'
xfer="$top_builddir/tests/interop/xfer"
[ -x "$xfer" ] || lv_fail "no transfer helper at $xfer (make check builds it)"

# nat_xfer: 1 MB each way over TCP, served on 198.19.0.1, fetched via
# 10.99.0.1
nat_xfer() {
	head -c 1048576 /dev/urandom >"$LV_TMP/up.bin"
	head -c 1048576 /dev/urandom >"$LV_TMP/down.bin"
	rm -f "$LV_TMP/xfer.ready" "$LV_TMP/up.got" "$LV_TMP/down.got"
	lv_bg "$LV_NS_S" "$LV_TMP/xfer-srv.log" "$xfer" serve 198.19.0.1 5201 \
		"$LV_TMP/down.bin" "$LV_TMP/up.got" "$LV_TMP/xfer.ready"
	xp=$LV_LASTPID
	lv_wait_for 10 test -f "$LV_TMP/xfer.ready" || lv_fail "xfer listener"
	timeout 60 ip netns exec "$LV_NS_C" "$xfer" fetch 10.99.0.1 5201 \
		"$LV_TMP/up.bin" "$LV_TMP/down.got" >"$LV_TMP/xfer-cli.log" 2>&1 ||
		{ cat "$LV_TMP/xfer-cli.log"; lv_dump; lv_fail "$1: TCP transfer via 10.99.0.1"; }
	lv_exit_status "$xp" 10
	[ "$LV_STATUS" = 0 ] || lv_fail "$1: the transfer's server end failed"
	cmp -s "$LV_TMP/up.bin" "$LV_TMP/up.got" && cmp -s "$LV_TMP/down.bin" "$LV_TMP/down.got" ||
		lv_fail "$1: the transferred bytes differ"
	lv_log "$1: 1 MB each way over TCP via 10.99.0.1: intact"
}

# run NAME PROGRAM config|pushed|none
run() {
	rn=$1 prog=$2 how=$3
	case $how in
	pushed)
		lv_server "srv-$rn" udp "push \"$RULE\"" "push \"$ROUTE\""
		lv_profile "$LV_TMP/$rn.ovpn" udp ;;
	config)
		lv_server "srv-$rn" udp
		lv_profile "$LV_TMP/$rn.ovpn" udp "$RULE" "$ROUTE" ;;
	none)
		lv_server "srv-$rn" udp
		lv_profile "$LV_TMP/$rn.ovpn" udp "$ROUTE" ;;
	esac
	lv_start_client "$prog" "$rn" "$LV_TMP/$rn.ovpn"
	lv_wait_up 20
	ip netns exec "$LV_NS_C" ping -n -c 3 -i 0.2 -W 2 10.99.0.1 >"$LV_TMP/$rn.raw" 2>&1
	grep -o '^[0-9]* bytes from [0-9.]*: icmp_seq=[0-9]*' "$LV_TMP/$rn.raw" >"$LV_TMP/$rn.ping"
	if [ "$how" = none ]; then
		[ -s "$LV_TMP/$rn.ping" ] && { cat "$LV_TMP/$rn.raw"; lv_fail "$rn: 10.99.0.1 answered without client-nat"; }
		lv_log "$rn: without client-nat, 10.99.0.1 does not answer"
	else
		[ "$(grep -c 'from 10.99.0.1:' "$LV_TMP/$rn.ping")" = 3 ] ||
			{ cat "$LV_TMP/$rn.raw"; lv_dump; lv_fail "$rn: 3 replies from 10.99.0.1 expected"; }
		lv_log "$rn ($prog, client-nat $how): $(head -1 "$LV_TMP/$rn.ping")"
		[ "$prog" = leanvpn ] && nat_xfer "$rn"
	fi
	lv_stop "$LV_CLI"
	lv_stop "$LV_SRV"
}

run lv-none leanvpn none
run ref-config openvpn config
run lv-config leanvpn config
run lv-pushed leanvpn pushed
diff -u "$LV_TMP/ref-config.ping" "$LV_TMP/lv-config.ping" ||
	lv_fail "client-nat: leanvpn's ping replies differ from openvpn's"
lv_log "PASS"
