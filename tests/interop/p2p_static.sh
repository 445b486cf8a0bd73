#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Static-key mode (secret FILE [direction], ifconfig, no TLS), deprecated
# in OpenVPN 2.6 but still run: leanvpn against openvpn 2.6 with leanvpn on
# either side and both key-direction settings (0/1 and none), and leanvpn
# on both sides.  Each run: both peers up, the tunnel proven both ways
# (route + tun counters), ping, 2 MB each way with matching sha256; leanvpn
# logs 2.6's deprecation lines.  Over UDP and TCP (either side
# listening), and with no-replay (no packet ids).  A key that differs from
# the peer's moves nothing (the packets fail the HMAC and are counted as
# dropped).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/p2p_lib.sh"
lv_require_client
lv_netns_pair
lv_keys # ta.key serves as the static key (the same file format), tc.key as a wrong one

SPROTO=udp CPROTO=udp PROTO=udp # the link of each side (run, st_conf)
LISTEN=                         # set: the $LV_NS_S side has no remote (run)

# st_conf FILE LOCAL REMOTE PEER_LINK|- KEYFILE DIRECTION|- [EXTRA...] (PEER_LINK -: no remote)
st_conf() {
	f=$1 loc=$2 rem=$3 peer=$4 key=$5 dir=$6
	shift 6
	[ "$dir" = - ] && dir=
	rline="remote $peer $LV_PORT"
	# a TCP client binds no port: the one a run before left in TIME_WAIT
	lline="lport $LV_PORT"
	[ "$PROTO" = tcp-client ] && lline=nobind
	[ "$peer" = - ] && rline="# no remote: waits for the peer"
	cat >"$f" <<EOC
dev tun
proto $PROTO
$rline
$lline
secret $key $dir
ifconfig $loc $rem
ping 2
ping-restart 30
verb 4
EOC
	[ $# -gt 0 ] && printf '%s\n' "$@" >>"$f"
}

# run NAME S_IMPL C_IMPL S_DIR C_DIR [EXTRA...]: extra lines for both
run() {
	run=$1 simpl=$2 cimpl=$3 sdir=$4 cdir=$5
	shift 5
	PROTO=$SPROTO
	speer=$LV_LINK_C
	[ -n "$LISTEN" ] && speer=-
	st_conf "$LV_TMP/$run-s.conf" 198.19.0.1 198.19.0.2 "$speer" "$LV_TMP/ta.key" "$sdir" "$@"
	PROTO=$CPROTO
	st_conf "$LV_TMP/$run-c.conf" 198.19.0.2 198.19.0.1 "$LV_LINK_S" "$LV_TMP/ta.key" "$cdir" "$@"
	PROTO=udp
	p2p_start "$run" "$simpl" "$cimpl"
	for impl in "$simpl:$LV_SRV_LOG" "$cimpl:$LV_CLI_LOG"; do
		[ "${impl%%:*}" = leanvpn ] || continue
		grep -q "DEPRECATED OPTION: The option --secret is deprecated." "${impl#*:}" &&
			grep -q "DEPRECATION: No tls-client or tls-server option" "${impl#*:}" ||
			{ lv_dump; lv_fail "$run: leanvpn did not log 2.6's deprecation lines"; }
	done
	p2p_check "$run"
	lv_log "PASS $run: $simpl (direction $sdir) <-> $cimpl (direction $cdir)"
}

run ov-lv openvpn leanvpn 0 1 "cipher AES-256-CBC"
run lv-ov leanvpn openvpn 1 0 "cipher AES-128-CBC" "auth SHA256"
run bidi openvpn leanvpn - - "cipher AES-256-CBC" "auth SHA512"
run lv-lv leanvpn leanvpn 0 1 "cipher AES-192-CBC"
# no remote on leanvpn's side: it waits for the peer, and takes the first
# that authenticates: junk from another port, sent first, must not win
junk() {
	lv_wait_for 10 sh -c "ip netns exec $LV_NS_S ss -lun | grep -q ':$LV_PORT '" ||
		lv_fail "listen: leanvpn does not listen"
	ip netns exec "$LV_NS_C" python3 -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('$LV_LINK_C', 4444))
for i in range(5):
    s.sendto(bytes(range(i, 120 + i)), ('$LV_LINK_S', $LV_PORT))
" || lv_fail "listen: cannot send the junk datagrams"
}
LISTEN=1 P2P_BEFORE_PEER=junk
run listen leanvpn openvpn 1 0 "cipher AES-256-CBC"
grep -q "Peer Connection Initiated with .*$LV_LINK_C:$LV_PORT" "$LV_SRV_LOG" ||
	{ cat "$LV_SRV_LOG"; lv_fail "listen: leanvpn did not lock on to its peer"; }
LISTEN= P2P_BEFORE_PEER=
# TCP: openvpn listens, leanvpn connects; then leanvpn listens (without a
# remote, and with the peer's address as remote) and openvpn connects
SPROTO=tcp-server CPROTO=tcp-client
run tcp openvpn leanvpn 0 1 "cipher AES-256-CBC"
LISTEN=1
run tcp-listen leanvpn openvpn 1 0 "cipher AES-256-CBC"
LISTEN=
# with a remote, a connection from another address (the peer's IPv6 one)
# is closed, as 2.6 does, and the peer's is taken after it
other() {
	lv_wait_for 10 sh -c "ip netns exec $LV_NS_S ss -ltn | grep -q ':$LV_PORT '" ||
		lv_fail "tcp-remote: leanvpn does not listen"
	ip netns exec "$LV_NS_C" python3 -c "
import socket
s = socket.create_connection(('2001:2::1', $LV_PORT), timeout=5)
s.settimeout(5)
assert s.recv(1) == b''
" || lv_fail "tcp-remote: the connection from another address was not closed"
}
P2P_BEFORE_PEER=other
run tcp-remote leanvpn openvpn - - "cipher AES-128-CBC" "auth SHA256"
P2P_BEFORE_PEER=
grep -q "TCP NOTE: Rejected connection attempt from \[AF_INET6\]2001:2::2" "$LV_SRV_LOG" ||
	{ cat "$LV_SRV_LOG"; lv_fail "tcp-remote: leanvpn did not log the rejected connection"; }
SPROTO=udp CPROTO=udp

# no-replay: 2.6 leaves the packet id and time out of every packet, so a
# peer that still wrote them would move nothing; leanvpn on either side,
# CBC and cipher none, with 2.6's warning
run nr-ov openvpn leanvpn 0 1 "cipher AES-256-CBC" no-replay
grep -q "WARNING: You have disabled Replay Protection (--no-replay)" "$LV_CLI_LOG" ||
	{ cat "$LV_CLI_LOG"; lv_fail "nr-ov: leanvpn did not warn about no-replay"; }
run nr-lv leanvpn openvpn 1 0 "cipher none" "auth SHA256" no-replay

# keepalive: the peer leaves, ping-restart fires, the peer comes back
st_conf "$LV_TMP/ka-s.conf" 198.19.0.1 198.19.0.2 "$LV_LINK_C" "$LV_TMP/ta.key" 0 \
	"cipher AES-256-CBC" "ping 1" "ping-restart 4"
st_conf "$LV_TMP/ka-c.conf" 198.19.0.2 198.19.0.1 "$LV_LINK_S" "$LV_TMP/ta.key" 1 \
	"cipher AES-256-CBC" "ping 1" "ping-restart 4"
p2p_start ka openvpn leanvpn
p2p_restart ka

# the wrong key: leanvpn comes up (nothing to negotiate; openvpn waits for
# a packet that authenticates) but no packet of openvpn's authenticates:
# ping fails and the drops are reported
st_conf "$LV_TMP/wrong-s.conf" 198.19.0.1 198.19.0.2 "$LV_LINK_C" "$LV_TMP/ta.key" 0 "cipher AES-256-CBC"
st_conf "$LV_TMP/wrong-c.conf" 198.19.0.2 198.19.0.1 "$LV_LINK_S" "$LV_TMP/tc.key" 1 "cipher AES-256-CBC"
LV_SRV_LOG="$LV_TMP/wrong-s.log"
lv_bg "$LV_NS_S" "$LV_SRV_LOG" openvpn --config "$LV_TMP/wrong-s.conf"
LV_SRV=$LV_LASTPID
lv_client wrong-c "$LV_TMP/wrong-c.conf"
lv_wait_up 30
if ip netns exec "$LV_NS_C" ping -q -c 3 -i 0.2 -W 1 198.19.0.1 >/dev/null 2>&1; then
	lv_dump
	lv_fail "wrong key: ping answered"
fi
lv_wait_for 10 grep -q "Authenticate/Decrypt packet error" "$LV_CLI_LOG" ||
	{ lv_dump; lv_fail "wrong key: leanvpn did not report dropped packets"; }
lv_stop "$LV_CLI"
lv_stop "$LV_SRV"
lv_log "PASS wrong key: nothing crosses, drops reported"
lv_log "PASS"
