#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Peer-to-peer TLS mode (tls-client / tls-server without pull or mode
# server, ifconfig on each side, nothing pushed), as OpenVPN's loopback and
# home/office samples: leanvpn as the tls-client against openvpn's
# tls-server, openvpn's tls-client against leanvpn as the tls-server, and
# leanvpn on both sides; over UDP, and over TCP with either side listening
# (proto tcp-server) and the other connecting (tcp-client).  Each run: both
# peers log "Initialization Sequence Completed", the cipher both settled
# (p2p NCP: the tls-server's order) is the one openvpn logs, the tunnel is
# proven (route + tun counter), ping answers, and 2 MB cross each way with
# matching sha256.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/p2p_lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys

SPROTO=udp CPROTO=udp # the link of each side (p2p_conf)
LISTEN=                # set: the tls-server has no remote (p2p_conf)

# p2p_conf FILE tls-server|tls-client LOCAL REMOTE PEER_LINK [EXTRA...]
p2p_conf() {
	f=$1 role=$2 loc=$3 rem=$4 peer=$5
	shift 5
	if [ "$role" = tls-server ]; then who=server proto=$SPROTO; else who=client proto=$CPROTO; fi
	rline="remote $peer $LV_PORT"
	# a TCP client binds no port: the one a run before left in TIME_WAIT
	lline="lport $LV_PORT"
	[ "$proto" = tcp-client ] && lline=nobind
	[ "$role" = tls-server ] && [ -n "$LISTEN" ] && rline="# no remote: waits for the peer"
	cat >"$f" <<EOC
dev tun
proto $proto
$rline
$lline
$role
ifconfig $loc $rem
ca $LV_PKI/ca.crt
cert $LV_PKI/$who.crt
key $LV_PKI/$who.key
ping 2
ping-restart 30
verb 4
EOC
	[ "$role" = tls-server ] && echo "dh none" >>"$f"
	[ "$role" = tls-client ] && echo "remote-cert-tls server" >>"$f"
	[ $# -gt 0 ] && printf '%s\n' "$@" >>"$f"
}

# Both peers installed a second data key: leanvpn logs it with its key id,
# openvpn (verb 4) initializes its data channel cipher a second time.
p2p_rekeyed() {
	for log in "$LV_SRV_LOG" "$LV_CLI_LOG"; do
		grep -q "Data Channel: cipher '.*', key id 1" "$log" ||
			[ "$(grep -c "Outgoing Data Channel: Cipher" "$log")" -ge 2 ] || return 1
	done
}

# run NAME SERVER_IMPL CLIENT_IMPL CIPHER [EXTRA...]: the tls-server in
# $LV_NS_S (198.19.0.1), the tls-client in $LV_NS_C (198.19.0.2); IMPL is
# openvpn or leanvpn; the extra lines go to both configs.
run() {
	run=$1 simpl=$2 cimpl=$3 cipher=$4
	shift 4
	p2p_conf "$LV_TMP/$run-s.conf" tls-server 198.19.0.1 198.19.0.2 "$LV_LINK_C" "$@"
	p2p_conf "$LV_TMP/$run-c.conf" tls-client 198.19.0.2 198.19.0.1 "$LV_LINK_S" "$@"
	p2p_start "$run" "$simpl" "$cimpl"
	for log in "$LV_SRV_LOG" "$LV_CLI_LOG"; do
		grep -Eq "Data Channel: [Cc]ipher '$cipher'" "$log" ||
			{ lv_dump; lv_fail "$run: $log does not use $cipher"; }
	done
	# one peer-id, from the TLS exporter, on both sides (P_DATA_V2)
	re='.*P2P mode NCP negotiation result: TLS_export=1, DATA_v2=1, peer-id \([0-9]*\),.*'
	pid_s=$(sed -n "s/$re/\1/p" "$LV_SRV_LOG" | head -1)
	pid_c=$(sed -n "s/$re/\1/p" "$LV_CLI_LOG" | head -1)
	[ -n "$pid_s" ] && [ "$pid_s" = "$pid_c" ] ||
		{ lv_dump; lv_fail "$run: peer-ids differ or missing: '$pid_s' '$pid_c'"; }
	if [ -n "${RENEG:-}" ]; then
		# a renegotiation (key id 1) both peers carry on through
		lv_wait_for 40 p2p_rekeyed ||
			{ lv_dump; lv_fail "$run: no renegotiation"; }
		sleep 2
		lv_ping "$LV_NS_C" 198.19.0.1
		lv_log "$run: renegotiated, ping goes on"
	fi
	p2p_check "$run"
	lv_log "PASS $run: $simpl tls-server, $cimpl tls-client, $cipher"
}

# the tls-server's order wins (both implementations must agree on it); the
# first two renegotiate (reneg-sec 8 on both sides)
RENEG=1
run ov-srv openvpn leanvpn CHACHA20-POLY1305 "data-ciphers CHACHA20-POLY1305:AES-256-GCM" \
	"reneg-sec 8"
run lv-srv leanvpn openvpn AES-128-GCM "data-ciphers AES-128-GCM:AES-256-GCM" \
	"$(lv_wrap_opts tls-crypt server)" "reneg-sec 8"
RENEG=
run lv-lv leanvpn leanvpn AES-256-GCM

# the tls-server without a remote waits for its peer (OpenVPN's tls-office)
LISTEN=1
run listen leanvpn openvpn AES-256-GCM
LISTEN=

# TCP: openvpn's tls-server listens, leanvpn's tls-client connects; then
# leanvpn's tls-server listens (no remote: any peer; with the peer's
# address as remote: that peer only) and openvpn's tls-client connects
SPROTO=tcp-server CPROTO=tcp-client
run tcp openvpn leanvpn AES-256-GCM
LISTEN=1
run tcp-listen leanvpn openvpn AES-256-GCM
LISTEN=
run tcp-remote leanvpn openvpn AES-128-GCM "data-ciphers AES-128-GCM"
SPROTO=udp CPROTO=udp

# keepalive: the tls-server leaves, ping-restart fires, it comes back
p2p_conf "$LV_TMP/ka-s.conf" tls-server 198.19.0.1 198.19.0.2 "$LV_LINK_C" "ping 1" "ping-restart 4"
p2p_conf "$LV_TMP/ka-c.conf" tls-client 198.19.0.2 198.19.0.1 "$LV_LINK_S" "ping 1" "ping-restart 4"
p2p_start ka openvpn leanvpn
p2p_restart ka
lv_log "PASS"
