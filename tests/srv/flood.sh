#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Flood resistance of the UDP server's stateless handshake: the leanvpn
# server (plain UDP, then tls-crypt-v2) receives 200,000 spoofed
# HARD_RESET_CLIENT packets from random source ports (tests/srv/flood; for
# tls-crypt-v2 every packet is correctly wrapped with a valid client key,
# the worst case).  The test shows: no session was created (management
# load-stats nclients=0; no admission but the real client's, no
# max-clients refusal), the server's VmRSS stayed flat (under 2 MB of
# growth), the stateless replies stayed within --connect-freq-initial
# (default 100 per 10 s; counted from the verb 5 log), and a real openvpn
# client started during the flood connects (once the flood ends: the reply
# budget is shared, as in OpenVPN).  The packets come from random
# addresses in 198.18.128.0/17 (routed back to the client namespace, where
# they are local): the flood program counts the server's replies there;
# their sum must be smaller than the requests' and no reply may be more
# than twice its request (a minimal 14-byte reset gets a 26-byte answer,
# its ACK and our session id: the same as openvpn 2.6.14's, measured).  A fresh openvpn client started after the flood must
# connect within 10 s.
#   FLOOD_PACKETS=N (default 200,000; LVPN_LONG=1: 1,000,000)
. "$(dirname "$0")/../interop/lib.sh"
lv_require_root
command -v openvpn >/dev/null || lv_fail "openvpn not installed"
flood="$top_builddir/tests/srv/flood"
chat="$top_builddir/tests/srv/mgmt_chat"
lvpn="$top_builddir/src/leanvpn"
[ -x "$flood" ] && [ -x "$chat" ] || lv_fail "tests/srv/flood or mgmt_chat not built"
N=${FLOOD_PACKETS:-200000}
[ -n "${LVPN_LONG:-}" ] && N=${FLOOD_PACKETS:-1000000}
lv_netns_pair
# the spoofed sources: replies to them come back to the client namespace
ip -n "$LV_NS_S" route add 198.18.128.0/17 via "$LV_LINK_C" || lv_fail "route to the spoofed sources"
ip -n "$LV_NS_C" route add local 198.18.128.0/17 dev lo || lv_fail "local route for the spoofed sources"
lv_pki rsa
openvpn --genkey tls-crypt-v2-server "$LV_TMP/v2s.key" >/dev/null 2>&1
openvpn --tls-crypt-v2 "$LV_TMP/v2s.key" --genkey tls-crypt-v2-client "$LV_TMP/v2c.key" >/dev/null 2>&1
openvpn --tls-crypt-v2 "$LV_TMP/v2s.key" --genkey tls-crypt-v2-client "$LV_TMP/v2x.key" >/dev/null 2>&1

rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status"; }
udp_in() { ip netns exec "$LV_NS_S" sed -n '/^Udp: [0-9]/{s/^Udp: \([0-9]*\).*/\1/p;q}' /proc/net/snmp; }
nclients() { "$chat" "$LV_TMP/m.sock" "load-stats" | sed -n 's/^SUCCESS: nclients=\([0-9]*\),.*/\1/p'; }

cell() { # WRAP: none | tls-crypt-v2
	{
		cat <<EOT
mode server
tls-server
dev tun
topology subnet
server 198.19.0.0 255.255.255.0
proto udp
local $LV_LINK_S
port 1194
ca $LV_PKI/ca.crt
cert $LV_PKI/server.crt
key $LV_PKI/server.key
dh none
keepalive 10 60
management $LV_TMP/m.sock unix
verb 5
EOT
		[ "$1" = tls-crypt-v2 ] && echo "tls-crypt-v2 $LV_TMP/v2s.key"
	} >"$LV_TMP/s.conf"
	rm -f "$LV_TMP/m.sock"
	lv_bg "$LV_NS_S" "$LV_TMP/s.log" "$lvpn" --config "$LV_TMP/s.conf"
	srv=$LV_LASTPID
	lv_wait_for 10 grep -q "Initialization Sequence Completed" "$LV_TMP/s.log" ||
		{ tail -20 "$LV_TMP/s.log"; lv_fail "$1: server did not start"; }
	lv_wait_for 5 test -S "$LV_TMP/m.sock" || lv_fail "$1: no management socket"
	rss0=$(rss "$srv")
	in0=$(udp_in)
	key=
	[ "$1" = tls-crypt-v2 ] && key="v2 $LV_TMP/v2x.key"
	t0=$(date +%s)
	# shellcheck disable=SC2086
	FLOOD_REPLIES=1 ip netns exec "$LV_NS_C" "$flood" "$LV_LINK_S" 1194 198.18.128.0/17 "$N" $key >"$LV_TMP/flood.out" &
	fpid=$!
	LV_PIDS="$LV_PIDS $fpid"
	sleep 0.5
	# a real client starts while the flood runs
	client="--client --dev tun --proto udp --remote $LV_LINK_S 1194 --nobind --ca $LV_PKI/ca.crt"
	client="$client --cert $LV_PKI/client.crt --key $LV_PKI/client.key --remote-cert-tls server --verb 3"
	[ "$1" = tls-crypt-v2 ] && client="$client --tls-crypt-v2 $LV_TMP/v2c.key"
	# shellcheck disable=SC2086
	lv_bg "$LV_NS_C" "$LV_TMP/c.log" openvpn $client
	cli=$LV_LASTPID
	wait "$fpid" || lv_fail "$1: the flood sender failed"
	t1=$(date +%s)
	sent=$(head -1 "$LV_TMP/flood.out")
	# requests N BYTES MAX replies R BYTES MAX
	set -- $(sed -n 's/^requests //p' "$LV_TMP/flood.out" | tr -d 'a-z') "$1"
	[ $# = 7 ] || lv_fail "$7: no reply counts from the flood program: $(cat "$LV_TMP/flood.out")"
	[ "$4" -gt 0 ] || lv_fail "$7: no reply to the spoofed sources seen (the count is broken)"
	[ "$6" -le $((2 * $3)) ] || lv_fail "$7: a reply of $6 bytes to requests of $3 bytes (amplification)"
	[ "$5" -le "$2" ] || lv_fail "$7: $5 reply bytes for $2 request bytes"
	lv_log "$7: requests $1 ($2 bytes, largest $3), replies $4 ($5 bytes, largest $6)"
	set -- "$7"
	[ "$sent" -ge "$N" ] || lv_fail "$1: only $sent of $N packets sent"
	sleep 1
	n=$(nclients)
	# (the real client may already have made it in)
	[ "$n" = 0 ] || { [ "$n" = 1 ] && grep -q "admitted by the HMAC cookie" "$LV_TMP/s.log"; } ||
		lv_fail "$1: $n sessions after the flood"
	# load-stats counts connected clients only: half-open sessions would
	# show as max-clients refusals, memory, or admissions
	! grep -q "max-clients reached" "$LV_TMP/s.log" || lv_fail "$1: the client table filled up"
	rss1=$(rss "$srv")
	got=$(($(udp_in) - in0))
	[ "$got" -ge $((N / 2)) ] || lv_fail "$1: the server's socket took only $got datagrams"
	grow=$((rss1 - rss0))
	[ "$grow" -lt 2048 ] || lv_fail "$1: VmRSS grew by $grow kB ($rss0 -> $rss1 kB)"
	replies=$(grep -c "HMAC cookie: stateless reply" "$LV_TMP/s.log")
	admitted=$(grep -c "admitted by the HMAC cookie" "$LV_TMP/s.log")
	budget=$((100 + 10 * (t1 - t0 + 2)))
	[ "$replies" -gt 0 ] && [ "$replies" -le "$budget" ] ||
		lv_fail "$1: $replies stateless replies (budget $budget in $((t1 - t0)) s)"
	[ "$admitted" -le 1 ] || lv_fail "$1: $admitted sessions admitted"
	lv_log "$1: $sent spoofed resets in $((t1 - t0)) s ($got read by the server): $n sessions ($admitted the real client), $replies replies, VmRSS $rss0 -> $rss1 kB"
	lv_wait_for 60 grep -q "Initialization Sequence Completed" "$LV_TMP/c.log" ||
		{ tail -20 "$LV_TMP/c.log"; lv_fail "$1: the real client did not connect after the flood"; }
	grep -q "admitted by the HMAC cookie" "$LV_TMP/s.log" || lv_fail "$1: client not admitted by the cookie"
	n=$(nclients)
	[ "$n" = 1 ] || lv_fail "$1: nclients=$n with the real client up"
	# a fresh client, started after the flood, connects within 10 s
	t2=$(date +%s)
	# shellcheck disable=SC2086
	lv_bg "$LV_NS_C" "$LV_TMP/c2.log" openvpn $client
	cli2=$LV_LASTPID
	lv_wait_for 10 grep -q "Initialization Sequence Completed" "$LV_TMP/c2.log" ||
		{ tail -20 "$LV_TMP/c2.log"; lv_fail "$1: a client started after the flood did not connect within 10 s"; }
	lv_log "$1: a fresh client connected $(($(date +%s) - t2)) s after the flood"
	lv_stop "$cli2"
	lv_stop "$cli"
	lv_stop "$srv"
	# the server's own count, logged at exit (verb 4+): the flood went
	# through the stateless path and was refused there
	line=$(grep "HMAC cookie: [0-9]* replies" "$LV_TMP/s.log") || lv_fail "$1: no cookie counters at exit"
	over=$(echo "$line" | sed -n 's/.*, \([0-9]*\) over connect-freq-initial.*/\1/p')
	[ "${over:-0}" -ge $((N / 2)) ] || lv_fail "$1: only ${over:-0} refused by the limit: $line"
	lv_log "$1: ${line#*HMAC cookie: }"
	lv_log "ok: $1"
}

cell none
cell tls-crypt-v2
lv_log "PASS"
