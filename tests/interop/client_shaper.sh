#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# shaper against Debian's openvpn 2.6 server, as 2.6 applies it on a client
# (forward.c, shaper.c): what the client sends to the server is held to N
# bytes a second (datagrams with their IP/UDP headers).  A UDP stream of
# 400 kbit/s (twice what the shaper lets through, so that what queues in
# front of it drains in seconds) goes into the tunnel for 4 s; the server
# end receives:
#  1. without shaper: most of it (the measurement can tell);
#  2. shaper 25000 in the profile: no more than 25000 B/s (and not far
#     below), about what the real openvpn client with the same profile gets;
#  3. shaper 25000 pushed by the server: the same.
. "$(dirname "$0")/lib.sh"
lv_require_client
command -v iperf3 >/dev/null || { lv_log "SKIP: iperf3 not installed"; exit 77; }
lv_netns_pair
lv_pki rsa
lv_keys

RATE=25000

# kbits NAME: starts iperf3 in the server namespace, sends a 400 kbit/s UDP
# stream from the client namespace for 4 s, prints what the server end
# received in kbit/s (an integer).
kbits() {
	lv_bg "$LV_NS_S" "$LV_TMP/$1-iperf-srv.log" iperf3 -s -1 -B 198.19.0.1 -p 5202
	ip_srv=$LV_LASTPID
	lv_wait_for 5 sh -c "ip netns exec $LV_NS_S ss -ltn | grep -q ':5202'" ||
		lv_fail "$1: iperf3 server did not listen"
	timeout 60 ip netns exec "$LV_NS_C" iperf3 -c 198.19.0.1 -p 5202 -u -b 400K -l 1200 \
		-t 4 -f k >"$LV_TMP/$1-iperf.out" 2>&1 ||
		{ cat "$LV_TMP/$1-iperf.out"; lv_dump; lv_fail "$1: iperf3 through the tunnel"; }
	lv_exit_status "$ip_srv" 10
	awk '/receiver/ { for (i = 1; i <= NF; i++) if ($i == "Kbits/sec") v = $(i-1) }
		END { printf "%d\n", v }' "$LV_TMP/$1-iperf.out"
}

# run NAME PROFILE PROGRAM: connects PROGRAM (leanvpn or openvpn) with
# PROFILE, measures, stops it; KB is the result.
run() {
	lv_client_as "$1" "$2" "$3"
	lv_wait_up 20
	KB=$(kbits "$1")
	lv_stop "$LV_CLI"
	lv_log "$1: $KB kbit/s received"
}

# the most a shaper of RATE bytes/s lets through, in kbit/s of UDP payload
# (a 1200-byte payload is at least 1256 bytes on the link), with 10% slack
max=$((RATE * 8 * 1200 / 1256 * 11 / 10 / 1000))
min=$((max / 2))

lv_server sh-srv udp "tls-crypt $LV_TMP/tc.key"
# use-prediction-resistance (openvpn built with OpenSSL does not know it):
# the client runs with it
lv_profile "$LV_TMP/plain.ovpn" udp "tls-crypt $LV_TMP/tc.key" use-prediction-resistance
run plain "$LV_TMP/plain.ovpn" leanvpn
[ "$KB" -gt $((max * 3 / 2)) ] || lv_fail "plain: only $KB kbit/s without a shaper: cannot tell"
lv_profile "$LV_TMP/shaped.ovpn" udp "tls-crypt $LV_TMP/tc.key" "shaper $RATE"
run shaped "$LV_TMP/shaped.ovpn" leanvpn
[ "$KB" -le "$max" ] && [ "$KB" -ge "$min" ] ||
	{ lv_dump; lv_fail "shaped: $KB kbit/s with shaper $RATE (expected $min to $max)"; }
shaped=$KB
run shaped-openvpn "$LV_TMP/shaped.ovpn" openvpn
lv_log "configured shaper $RATE: leanvpn $shaped kbit/s, openvpn $KB kbit/s"
lv_stop "$LV_SRV"

lv_server sh-push udp "tls-crypt $LV_TMP/tc.key" "push \"shaper $RATE\""
run pushed "$LV_TMP/plain.ovpn" leanvpn
[ "$KB" -le "$max" ] && [ "$KB" -ge "$min" ] ||
	{ lv_dump; lv_fail "pushed: $KB kbit/s with a pushed shaper $RATE (expected $min to $max)"; }
lv_stop "$LV_SRV"
lv_log "PASS"
