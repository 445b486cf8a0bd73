# SPDX-License-Identifier: BSD-2-Clause
# Helpers for the leanvpn server tests in tests/server/ (sourced after
# tests/interop/lib.sh): a server namespace and several client namespaces
# on one bridge, a leanvpn server config, stock openvpn clients with their
# own certificates, and a checksummed transfer per client, all at once.
#
# Topology (sm_topo N): $LV_NS_S holds bridge br0 with 198.18.1.1/24 and
# 2001:2:1::1/64; client namespace i (1..N, $SM_NS_i) has 198.18.1.(10+i)
# and 2001:2:1::(10+i) on a veth into the bridge.  The tunnel is
# 198.19.0.0/24 and 2001:2:0:1::/64, the server's end 198.19.0.1.

SM_LEANVPN="$top_builddir/src/leanvpn"
SM_XFER="$top_builddir/tests/interop/xfer"
SM_CHAT="$top_builddir/tests/srv/mgmt_chat"
SM_LINK6=2001:2:1::1

# sm_require: root, openvpn, the leanvpn and helpers of this build.
sm_require() {
	lv_require_root
	command -v openvpn >/dev/null || { lv_log "SKIP: openvpn not installed"; exit 77; }
	[ -x "$SM_LEANVPN" ] || lv_fail "no leanvpn at $SM_LEANVPN"
	[ -x "$SM_XFER" ] || lv_fail "no transfer helper at $SM_XFER (make check builds it)"
}

# sm_ns I: the name of client namespace I.
sm_ns() { eval "echo \$SM_NS_$1"; }

# sm_topo N: the server namespace and N client namespaces (see above).
sm_topo() {
	LV_NS_S="lvs$$"
	ip netns add "$LV_NS_S" || lv_fail "ip netns add"
	LV_NETNS="$LV_NETNS $LV_NS_S"
	ip -n "$LV_NS_S" link set lo up
	ip -n "$LV_NS_S" link add br0 type bridge || lv_fail "bridge"
	ip -n "$LV_NS_S" addr add 198.18.1.1/24 dev br0
	ip -n "$LV_NS_S" -6 addr add "$SM_LINK6/64" dev br0 nodad
	ip -n "$LV_NS_S" link set br0 up
	i=1
	while [ "$i" -le "$1" ]; do
		ns="lvc$$-$i"
		ip netns add "$ns" || lv_fail "ip netns add $ns"
		LV_NETNS="$LV_NETNS $ns"
		eval "SM_NS_$i=$ns"
		ip link add "sm$$s$i" type veth peer name "sm$$c$i" || lv_fail "veth $i"
		ip link set "sm$$s$i" netns "$LV_NS_S"
		ip link set "sm$$c$i" netns "$ns"
		ip -n "$LV_NS_S" link set "sm$$s$i" master br0 up
		ip -n "$ns" addr add "198.18.1.$((10 + i))/24" dev "sm$$c$i"
		ip -n "$ns" -6 addr add "2001:2:1::$((10 + i))/64" dev "sm$$c$i" nodad
		ip -n "$ns" link set lo up
		ip -n "$ns" link set "sm$$c$i" up
		i=$((i + 1))
	done
	LV_LINK_S=198.18.1.1
	for ns in $LV_NETNS; do
		lv_wait_for 10 lv_no_tentative "$ns" || lv_fail "IPv6 DAD did not finish in $ns"
	done
}

# sm_pki N: lv_pki rsa plus client certificates client1..clientN (CN
# clientI), so every openvpn client has its own common name.
sm_pki() {
	lv_pki rsa
	i=1
	while [ "$i" -le "$1" ]; do
		if [ ! -f "$LV_PKI/client$i.crt" ]; then
			EASYRSA_BATCH=1 /usr/share/easy-rsa/easyrsa --pki-dir="$LV_PKI/easyrsa" \
				--use-algo=rsa --keysize=2048 build-client-full "client$i" nopass \
				>>"$LV_PKI/easyrsa.log" 2>&1 || { tail -20 "$LV_PKI/easyrsa.log"; lv_fail "easy-rsa client$i"; }
			cp "$LV_PKI/easyrsa/issued/client$i.crt" "$LV_PKI/client$i.crt"
			cp "$LV_PKI/easyrsa/private/client$i.key" "$LV_PKI/client$i.key"
		fi
		i=$((i + 1))
	done
}

# sm_server_conf PROTO WRAP: the leanvpn server config (stdout): PROTO is
# the openvpn server proto (udp, tcp-server, udp6, tcp6-server), WRAP the
# control-channel protection (lv_wrap_opts; lv_keys made the keys).
sm_server_conf() {
	case $1 in
	*6*) local_addr=$SM_LINK6 ;;
	*) local_addr=$LV_LINK_S ;;
	esac
	cat <<EOT
mode server
tls-server
dev tun
topology subnet
server 198.19.0.0 255.255.255.0
server-ipv6 2001:2:0:1::/64
proto $1
local $local_addr
port 1194
ca $LV_PKI/ca.crt
cert $LV_PKI/server.crt
key $LV_PKI/server.key
dh none
keepalive 10 60
verb ${SM_SRV_VERB:-4}
EOT
	lv_wrap_opts "$2" server
}

# sm_server NAME CONF: starts leanvpn as the server from the config file
# CONF in $LV_NS_S; waits until it is up.  Sets SM_SRV and SM_SRV_LOG.
sm_server() {
	SM_SRV_LOG="$LV_TMP/$1.log"
	lv_bg "$LV_NS_S" "$SM_SRV_LOG" "$SM_LEANVPN" --config "$2"
	SM_SRV=$LV_LASTPID
	LV_SRV_LOG=$SM_SRV_LOG
	lv_wait_for 15 grep -q "Initialization Sequence Completed" "$SM_SRV_LOG" ||
		{ tail -30 "$SM_SRV_LOG"; lv_fail "$1: the leanvpn server did not start"; }
}

# sm_client_args I PROTO WRAP: openvpn client options (one per line) for
# client I (certificate clientI); PROTO udp, tcp, udp6 or tcp6.
sm_client_args() {
	case $2 in
	*6) raddr=$SM_LINK6 ;;
	*) raddr=$LV_LINK_S ;;
	esac
	case $2 in
	tcp*) cp="$2-client" ;;
	*) cp=$2 ;;
	esac
	cat <<EOT
--client
--dev tun
--proto $cp
--remote $raddr 1194
--nobind
--ca $LV_PKI/ca.crt
--cert $LV_PKI/client$1.crt
--key $LV_PKI/client$1.key
--remote-cert-tls server
--verb 3
EOT
	lv_wrap_opts "$3" client | sed 's/^/--/'
}

# sm_ovpn NAME I PROTO WRAP [ARGS...]: starts a stock openvpn client in
# client namespace I; its log is $LV_TMP/NAME.log.  Sets SM_PID_I.
sm_ovpn() {
	name=$1 i=$2
	sm_client_args "$i" "$3" "$4" >"$LV_TMP/$name.args"
	shift 4
	# shellcheck disable=SC2046
	lv_bg "$(sm_ns "$i")" "$LV_TMP/$name.log" openvpn $(cat "$LV_TMP/$name.args") "$@"
	eval "SM_PID_$i=$LV_LASTPID"
}

# sm_up LOG [N]: the log shows N (default 1) completed initialisations.
sm_up() {
	[ "$(grep -c "Initialization Sequence Completed" "$1")" -ge "${2:-1}" ]
}

# sm_wait_up NAME [N] [SECONDS]: waits for client NAME's Nth connection.
sm_wait_up() {
	lv_wait_for "${3:-30}" sm_up "$LV_TMP/$1.log" "${2:-1}" ||
		{ tail -30 "$LV_TMP/$1.log"; echo "----- server"; tail -40 "$SM_SRV_LOG"; lv_fail "$1: no tunnel"; }
}

# sm_dev NAME: the tun device client NAME opened last.
sm_dev() {
	sed -n 's/.*TUN\/TAP device \([^ ]*\) opened.*/\1/p' "$LV_TMP/$1.log" | tail -1
}

# sm_addr I: client namespace I's IPv4 tunnel address.
sm_addr() {
	ip -n "$(sm_ns "$1")" -4 addr show | sed -n 's/.*inet \(198\.19\.0\.[0-9]*\).*/\1/p' | head -1
}

# sm_xfer KB ADDR I...: for every client namespace I at once, KB KiB of
# random bytes each way over TCP through the tunnel to a listener on ADDR in
# the server namespace (port 5300+I); each end's sha256 must match what the
# other sent, and each client's route to ADDR goes through its tun, whose tx
# counter grew by at least KB KiB.  Needs SM_DEV_I set by the caller.
sm_xfer() {
	kb=$1 addr=$2
	shift 2
	for i in "$@"; do
		head -c $((kb * 1024)) /dev/urandom >"$LV_TMP/up$i.bin"
		head -c $((kb * 1024)) /dev/urandom >"$LV_TMP/down$i.bin"
		rm -f "$LV_TMP/ready$i" "$LV_TMP/up$i.got" "$LV_TMP/down$i.got"
		dev=$(eval "echo \$SM_DEV_$i")
		rdev=$(lv_route_dev "$(sm_ns "$i")" "$addr")
		[ "$rdev" = "$dev" ] || lv_fail "client $i: route to $addr via '$rdev', not $dev"
		eval "SM_TX_$i=$(lv_tun_bytes "$(sm_ns "$i")" "$dev" tx)"
		lv_bg "$LV_NS_S" "$LV_TMP/xs$i.log" "$SM_XFER" serve "$addr" $((5300 + i)) \
			"$LV_TMP/down$i.bin" "$LV_TMP/up$i.got" "$LV_TMP/ready$i"
		eval "SM_XS_$i=$LV_LASTPID"
	done
	for i in "$@"; do
		lv_wait_for 10 test -f "$LV_TMP/ready$i" || { cat "$LV_TMP/xs$i.log"; lv_fail "xfer listener $i"; }
	done
	for i in "$@"; do
		lv_bg "$(sm_ns "$i")" "$LV_TMP/xc$i.log" timeout 60 "$SM_XFER" fetch "$addr" $((5300 + i)) \
			"$LV_TMP/up$i.bin" "$LV_TMP/down$i.got"
		eval "SM_XC_$i=$LV_LASTPID"
	done
	for i in "$@"; do
		for p in "$(eval "echo \$SM_XC_$i")" "$(eval "echo \$SM_XS_$i")"; do
			lv_exit_status "$p" 70
			[ "$LV_STATUS" = 0 ] || { cat "$LV_TMP/xc$i.log" "$LV_TMP/xs$i.log"; tail -30 "$SM_SRV_LOG"; lv_fail "client $i: transfer failed ($LV_STATUS)"; }
		done
		for d in up down; do
			want=$(sha256sum <"$LV_TMP/$d$i.bin" | cut -d' ' -f1)
			got=$(sha256sum <"$LV_TMP/$d$i.got" | cut -d' ' -f1)
			[ "$got" = "$want" ] || lv_fail "client $i: $d sha256 $got ($(wc -c <"$LV_TMP/$d$i.got") bytes), sent $want"
		done
		dev=$(eval "echo \$SM_DEV_$i")
		tx=$(($(lv_tun_bytes "$(sm_ns "$i")" "$dev" tx) - $(eval "echo \$SM_TX_$i")))
		[ "$tx" -ge $((kb * 1024)) ] || lv_fail "client $i: $dev tx grew by $tx bytes only"
	done
	lv_log "transfer: $kb KiB each way for clients $* at once via $addr, sha256 match, tun tx counted"
}

# sm_chat CMD...: the server's management replies (socket $LV_TMP/m.sock)
# on stdout.
sm_chat() {
	[ -x "$SM_CHAT" ] || lv_fail "no $SM_CHAT (make check builds it)"
	ip netns exec "$LV_NS_S" "$SM_CHAT" "$LV_TMP/m.sock" "$@"
}

# sm_lvpn NAME I PROTO WRAP [EXTRA-LINES...]: starts the leanvpn client in
# client namespace I (certificate clientI) from the profile
# $LV_TMP/NAME.ovpn; its log is $LV_TMP/NAME.log.  Sets SM_PID_I.
sm_lvpn() {
	name=$1 i=$2
	sm_client_args "$i" "$3" "$4" | sed 's/^--//' >"$LV_TMP/$name.ovpn"
	shift 4
	[ $# -gt 0 ] && printf '%s\n' "$@" >>"$LV_TMP/$name.ovpn"
	lv_bg "$(sm_ns "$i")" "$LV_TMP/$name.log" "$SM_LEANVPN" --config "$LV_TMP/$name.ovpn"
	eval "SM_PID_$i=$LV_LASTPID"
}

# sm_term PID WHAT: SIGTERM to PID; it must exit with status 0 within 15 s.
sm_term() {
	kill -TERM "$1"
	lv_exit_status "$1" 15
	[ "$LV_STATUS" = 0 ] || lv_fail "$2: exit status $LV_STATUS after SIGTERM"
}
