# SPDX-License-Identifier: BSD-2-Clause
# leanvpn interop test library (sourced by tests/interop/*.sh).
#
# Rules it enforces (DESIGN.md, the network rule): traffic only inside two
# network namespaces this test creates, joined by a veth pair, with addresses
# in 198.18.0.0/15 for the link and the tunnel; every loop bounded; every
# process started is stopped by its PID and every namespace removed, on every
# exit path (trap).
#
# Exit codes follow automake: 0 pass, 1 fail, 77 skip (not root, no TUN).

set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir/build}"

LV_PIDS=""
LV_NETNS=""
LV_TMP=$(mktemp -d /tmp/lvpn-interop.XXXXXX)
LV_NAME=$(basename "$0" .sh)

lv_log() { printf '%s: %s\n' "$LV_NAME" "$*"; }
lv_fail() { lv_log "FAIL: $*"; exit 1; }

# lv_exited PID: the process has exited (it may still await its wait).
lv_exited() {
	# a child that exited stays a zombie (state Z) until we wait for it
	[ ! -e "/proc/$1/stat" ] || [ "$(sed 's/.*) //' "/proc/$1/stat" | cut -c1)" = Z ]
}

lv_cleanup() {
	for pid in $LV_PIDS; do
		kill "$pid" 2>/dev/null
	done
	for pid in $LV_PIDS; do
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			lv_exited "$pid" && break
			sleep 0.2
		done
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	for ns in $LV_NETNS; do
		ip netns del "$ns" 2>/dev/null
	done
	if [ -n "${LV_KEEP:-}" ]; then
		lv_log "kept $LV_TMP"
	else
		rm -rf "$LV_TMP"
	fi
}
trap lv_cleanup EXIT
trap 'exit 1' INT TERM

lv_require_root() {
	if [ "${LVPN_ROOT_TESTS:-yes}" = no ]; then
		lv_log "SKIP: configured with --disable-root-tests"
		exit 77
	fi
	if [ "$(id -u)" != 0 ]; then
		lv_log "SKIP: needs root (TUN devices, network namespaces)"
		exit 77
	fi
	[ -c /dev/net/tun ] || { lv_log "SKIP: no /dev/net/tun"; exit 77; }
	command -v ip >/dev/null || lv_fail "iproute2 (ip) not installed"
}

# lv_netns_pair: namespaces $LV_NS_S (server) and $LV_NS_C (client) joined by
# a veth pair: server 198.18.0.1/30, client 198.18.0.2/30; IPv6 fd00-free:
# 2001:2::1/126 and ::2 (the benchmarking range 2001:2::/48).
lv_netns_pair() {
	LV_NS_S="lvs$$"
	LV_NS_C="lvc$$"
	ip netns add "$LV_NS_S" || lv_fail "ip netns add"
	LV_NETNS="$LV_NETNS $LV_NS_S"
	ip netns add "$LV_NS_C" || lv_fail "ip netns add"
	LV_NETNS="$LV_NETNS $LV_NS_C"
	ip link add "lvs$$" type veth peer name "lvc$$" || lv_fail "ip link add veth"
	ip link set "lvs$$" netns "$LV_NS_S"
	ip link set "lvc$$" netns "$LV_NS_C"
	ip -n "$LV_NS_S" addr add 198.18.0.1/30 dev "lvs$$"
	ip -n "$LV_NS_C" addr add 198.18.0.2/30 dev "lvc$$"
	ip -n "$LV_NS_S" -6 addr add 2001:2::1/126 dev "lvs$$" nodad
	ip -n "$LV_NS_C" -6 addr add 2001:2::2/126 dev "lvc$$" nodad
	for ns in "$LV_NS_S" "$LV_NS_C"; do
		ip -n "$ns" link set lo up
	done
	ip -n "$LV_NS_S" link set "lvs$$" up
	ip -n "$LV_NS_C" link set "lvc$$" up
	LV_LINK_S=198.18.0.1
	LV_LINK_C=198.18.0.2
	# the link-local addresses leave "tentative" (DAD) within ~2 s: wait, so
	# state snapshots taken later do not differ by that flag
	for ns in "$LV_NS_S" "$LV_NS_C"; do
		lv_wait_for 10 lv_no_tentative "$ns" || lv_fail "IPv6 DAD did not finish in $ns"
	done
}

lv_no_tentative() {
	! ip -n "$1" addr | grep -q tentative
}

# lv_bg NS LOGFILE CMD...: runs CMD in namespace NS in the background; its
# PID (the command itself: ip netns exec execs it) is remembered for cleanup
# and left in $LV_LASTPID.
lv_bg() {
	ns=$1 logf=$2
	shift 2
	# empty the log now, not in the background job: a caller that looks at
	# it at once must not see what a previous process wrote there
	: >"$logf"
	ip netns exec "$ns" "$@" >"$logf" 2>&1 &
	LV_LASTPID=$!
	LV_PIDS="$LV_PIDS $LV_LASTPID"
}

# lv_stop PID: stops one process we started, by PID.
lv_stop() {
	kill "$1" 2>/dev/null
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		lv_exited "$1" && break
		sleep 0.2
	done
	kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# lv_wait_for SECONDS CMD...: polls CMD every 0.2 s until it succeeds; fails
# after SECONDS.
lv_wait_for() {
	limit=$1
	shift
	n=$((limit * 5))
	while [ "$n" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.2
		n=$((n - 1))
	done
	return 1
}

# lv_pki [rsa|ed25519]: a throwaway PKI made with easy-rsa in $LV_TMP/pki-ALG:
# ca.crt, server.crt/.key (EKU serverAuth), client.crt/.key (EKU clientAuth).
# Sets LV_PKI to its directory.
lv_pki() {
	alg=${1:-rsa}
	LV_PKI="$LV_TMP/pki-$alg"
	[ -f "$LV_PKI/ca.crt" ] && return 0
	easyrsa=/usr/share/easy-rsa/easyrsa
	[ -x "$easyrsa" ] || lv_fail "easy-rsa not installed"
	mkdir -p "$LV_PKI"
	case $alg in
	rsa) algo="--use-algo=rsa --keysize=2048" ;;
	ed25519) algo="--use-algo=ed --curve=ed25519" ;;
	*) lv_fail "unknown PKI algorithm $alg" ;;
	esac
	(
		cd "$LV_PKI" || exit 1
		export EASYRSA_BATCH=1
		# shellcheck disable=SC2086
		"$easyrsa" --pki-dir="$LV_PKI/easyrsa" $algo init-pki &&
			EASYRSA_REQ_CN=leanvpn-test-ca "$easyrsa" --pki-dir="$LV_PKI/easyrsa" $algo build-ca nopass &&
			"$easyrsa" --pki-dir="$LV_PKI/easyrsa" $algo build-server-full server nopass &&
			"$easyrsa" --pki-dir="$LV_PKI/easyrsa" $algo build-client-full client nopass
	) >"$LV_PKI/easyrsa.log" 2>&1 || { tail -20 "$LV_PKI/easyrsa.log"; lv_fail "easy-rsa ($alg)"; }
	cp "$LV_PKI/easyrsa/ca.crt" "$LV_PKI/ca.crt"
	for n in server client; do
		cp "$LV_PKI/easyrsa/issued/$n.crt" "$LV_PKI/$n.crt"
		cp "$LV_PKI/easyrsa/private/$n.key" "$LV_PKI/$n.key"
	done
}

# lv_tun_bytes NS DEV rx|tx: the device's byte counter.
lv_tun_bytes() {
	ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3_bytes" 2>/dev/null || echo 0
}

# lv_snmp NS GROUP FIELD...: the counters FIELD... of GROUP (Ip, Tcp, Udp,
# ...) in NS's /proc/net/snmp, on one line.
lv_snmp() {
	ns=$1 grp=$2
	shift 2
	ip netns exec "$ns" cat /proc/net/snmp | awk -v g="$grp:" -v want="$*" '
		$1 == g && !h { for (i = 2; i <= NF; i++) col[$i] = i; h = 1; next }
		$1 == g { n = split(want, w, " "); s = "";
			for (i = 1; i <= n; i++) s = s (i > 1 ? " " : "") $col[w[i]]; print s }'
}

# lv_route_dev NS ADDR: the device the route to ADDR goes through.
lv_route_dev() {
	ip -n "$1" route get "$2" 2>/dev/null | sed -n 's/.* dev \([^ ]*\).*/\1/p' | head -1
}

# lv_prove_tunnel NS DEV PEER_ADDR BYTES: proves traffic to PEER_ADDR crosses
# DEV: the route goes through DEV, and after a ping flood of about BYTES, the
# device's tx counter grew by at least that much.
lv_prove_tunnel() {
	ns=$1 dev=$2 peer=$3 want=$4
	rdev=$(lv_route_dev "$ns" "$peer")
	[ "$rdev" = "$dev" ] || lv_fail "route to $peer goes through '$rdev', not $dev"
	before=$(lv_tun_bytes "$ns" "$dev" tx)
	count=$((want / 1000 + 1))
	ip netns exec "$ns" ping -q -c "$count" -i 0.01 -s 972 -W 2 "$peer" >"$LV_TMP/ping.out" 2>&1 ||
		{ cat "$LV_TMP/ping.out"; lv_fail "ping $peer through $dev"; }
	after=$(lv_tun_bytes "$ns" "$dev" tx)
	[ $((after - before)) -ge "$want" ] ||
		lv_fail "$dev tx grew by $((after - before)) bytes, expected >= $want"
	lv_log "tunnel proven: route to $peer via $dev, $dev tx +$((after - before)) bytes"
}

# ---------------------------------------------------------------------------
# leanvpn-client helpers (tests/interop/client_*.sh)

LV_LEANVPN="$top_builddir/src/leanvpn"
LV_PORT=1194

# lv_require_client: root, openvpn and the leanvpn of this build, or SKIP.
lv_require_client() {
	lv_require_root
	command -v openvpn >/dev/null || { lv_log "SKIP: openvpn not installed"; exit 77; }
	[ -x "$LV_LEANVPN" ] || lv_fail "no leanvpn binary at $LV_LEANVPN (top_builddir=$top_builddir)"
	lv_log "client under test: $LV_LEANVPN"
}

# lv_keys: the throwaway keys from the real openvpn: $LV_TMP/ta.key (tls-auth),
# tc.key (tls-crypt), tc2-server.key + tc2-client.key (tls-crypt-v2), and a
# second, unrelated tls-crypt key tc-wrong.key.
lv_keys() {
	[ -f "$LV_TMP/tc2-client.key" ] && return 0
	{
		openvpn --genkey secret "$LV_TMP/ta.key" &&
			openvpn --genkey secret "$LV_TMP/tc.key" &&
			openvpn --genkey secret "$LV_TMP/tc-wrong.key" &&
			openvpn --genkey tls-crypt-v2-server "$LV_TMP/tc2-server.key" &&
			openvpn --tls-crypt-v2 "$LV_TMP/tc2-server.key" --genkey tls-crypt-v2-client "$LV_TMP/tc2-client.key"
	} >"$LV_TMP/genkey.log" 2>&1 || { cat "$LV_TMP/genkey.log"; lv_fail "openvpn --genkey"; }
}

# lv_wrap_opts MODE server|client: the openvpn options of a control-channel
# wrapping MODE (none, tls-auth, tls-crypt, tls-crypt-v2), one per line.
lv_wrap_opts() {
	case $1 in
	none) ;;
	tls-auth)
		if [ "$2" = server ]; then echo "tls-auth $LV_TMP/ta.key 0"; else
			echo "tls-auth $LV_TMP/ta.key 1"; fi ;;
	tls-crypt) echo "tls-crypt $LV_TMP/tc.key" ;;
	tls-crypt-v2)
		if [ "$2" = server ]; then echo "tls-crypt-v2 $LV_TMP/tc2-server.key"; else
			echo "tls-crypt-v2 $LV_TMP/tc2-client.key"; fi ;;
	*) lv_fail "unknown wrap mode $1" ;;
	esac
}

# lv_server NAME PROTO [EXTRA-CONFIG-LINES]: starts Debian's openvpn as the
# server in $LV_NS_S from $LV_TMP/NAME.conf (a subnet-topology server on
# 198.19.0.0/24 and 2001:2:0:1::/64, PKI $LV_PKI) plus the extra lines
# (stdin if EXTRA is "-"). Waits until it listens.  Sets LV_SRV (its PID)
# and LV_SRV_LOG.
lv_server() {
	name=$1 sproto=$2
	shift 2
	conf="$LV_TMP/$name.conf"
	LV_SRV_LOG="$LV_TMP/$name.log"
	case $sproto in
	udp6 | tcp6-server) local_addr=2001:2::1 ;;
	*) local_addr=$LV_LINK_S ;;
	esac
	cat >"$conf" <<EOC
mode server
tls-server
dev tun
topology subnet
server 198.19.0.0 255.255.255.0
server-ipv6 2001:2:0:1::/64
proto $sproto
local $local_addr
port $LV_PORT
ca $LV_PKI/ca.crt
cert $LV_PKI/server.crt
key $LV_PKI/server.key
dh none
keepalive 10 60
verb ${LV_SRV_VERB:-4}
EOC
	if [ "${1:-}" = - ]; then cat >>"$conf"; elif [ $# -gt 0 ]; then printf '%s\n' "$@" >>"$conf"; fi
	lv_bg "$LV_NS_S" "$LV_SRV_LOG" openvpn --config "$conf"
	LV_SRV=$LV_LASTPID
	lv_wait_for 15 grep -q "Initialization Sequence Completed" "$LV_SRV_LOG" ||
		{ tail -30 "$LV_SRV_LOG"; lv_fail "openvpn server $name did not start"; }
}

# lv_profile FILE PROTO [EXTRA-LINES | -]: a client profile for the server
# of lv_server: remote the server's link address (IPv6 for udp6/tcp6), PKI
# files by path, plus the extra lines (stdin if "-").
lv_profile() {
	pf=$1 cproto=$2
	shift 2
	case $cproto in
	udp6 | tcp6*) raddr=2001:2::1 ;;
	*) raddr=$LV_LINK_S ;;
	esac
	case $cproto in
	tcp*) cproto="${cproto%-server}"; cproto="${cproto%-client}-client" ;;
	esac
	cat >"$pf" <<EOC
client
dev tun
proto $cproto
remote $raddr $LV_PORT
nobind
ca $LV_PKI/ca.crt
cert $LV_PKI/client.crt
key $LV_PKI/client.key
remote-cert-tls server
verb ${LV_CLI_VERB:-4}
EOC
	if [ "${1:-}" = - ]; then cat >>"$pf"; elif [ $# -gt 0 ]; then printf '%s\n' "$@" >>"$pf"; fi
}

# lv_client NAME PROFILE [ARGS...]: starts leanvpn in $LV_NS_C with PROFILE;
# its log is $LV_TMP/NAME.log.  Sets LV_CLI and LV_CLI_LOG.
lv_client() {
	name=$1 pf=$2
	shift 2
	LV_CLI_LOG="$LV_TMP/$name.log"
	lv_bg "$LV_NS_C" "$LV_CLI_LOG" "$LV_LEANVPN" --config "$pf" "$@"
	LV_CLI=$LV_LASTPID
}

# lv_client_as NAME PROFILE leanvpn|openvpn: starts that client in
# $LV_NS_C with PROFILE (leanvpn through lv_client), to compare the two.
lv_client_as() {
	if [ "$3" = openvpn ]; then
		LV_CLI_LOG="$LV_TMP/$1.log"
		lv_bg "$LV_NS_C" "$LV_CLI_LOG" openvpn --config "$2"
		LV_CLI=$LV_LASTPID
	else
		lv_client "$1" "$2"
	fi
}

# lv_wait_up [SECONDS]: waits until the client logs "Initialization Sequence
# Completed" (bounded); sets LV_DEV to its tun device.  Fails with both logs.
lv_up_or_gone() {
	grep -q "Initialization Sequence Completed" "$LV_CLI_LOG" || lv_exited "$LV_CLI"
}
lv_wait_up() {
	if ! lv_wait_for "${1:-20}" lv_up_or_gone; then
		lv_dump
		lv_fail "leanvpn did not connect within ${1:-20} s"
	fi
	if ! grep -q "Initialization Sequence Completed" "$LV_CLI_LOG"; then
		lv_dump
		lv_fail "leanvpn exited without connecting"
	fi
	LV_DEV=$(sed -n 's/.*TUN\/TAP device \([^ ]*\) opened.*/\1/p' "$LV_CLI_LOG" | tail -1)
	[ -n "$LV_DEV" ] || { lv_dump; lv_fail "no 'TUN/TAP device ... opened' in the client log"; }
}

# lv_dump: the tail of both logs (for a failure message).
lv_dump() {
	echo "----- server log (${LV_SRV_LOG:-none}) -----"
	[ -n "${LV_SRV_LOG:-}" ] && tail -40 "$LV_SRV_LOG"
	echo "----- client log (${LV_CLI_LOG:-none}) -----"
	[ -n "${LV_CLI_LOG:-}" ] && tail -60 "$LV_CLI_LOG"
	echo "-----"
}

# lv_exit_status PID [SECONDS]: waits (bounded, 30 s by default) for a
# process we started to exit by itself; LV_STATUS is its exit status
# ("timeout" if it did not exit).  Not in a subshell: only we can wait.
lv_exit_status() {
	LV_STATUS=timeout
	lv_wait_for "${2:-30}" lv_exited "$1" || return 0
	wait "$1"
	LV_STATUS=$?
}

# lv_ping NS ADDR: a short ping (IPv4 or IPv6) that must get replies.
lv_ping() {
	ip netns exec "$1" ping -q -c 3 -i 0.2 -W 2 "$2" >"$LV_TMP/ping.out" 2>&1 ||
		{ cat "$LV_TMP/ping.out"; lv_dump; lv_fail "ping $2 from $1"; }
}

# lv_xfer ADDR MBYTES: carries MBYTES of random bytes over TCP through the
# tunnel each way at once, between the xfer helper (tests/interop/xfer.c,
# built by make check) listening on ADDR in $LV_NS_S and one in $LV_NS_C;
# the sha256 of what each end received must match what the other sent.
lv_xfer() {
	addr=$1 mb=$2
	xfer="$top_builddir/tests/interop/xfer"
	[ -x "$xfer" ] || lv_fail "no transfer helper at $xfer (make check builds it)"
	head -c $((mb * 1048576)) /dev/urandom >"$LV_TMP/up.bin"
	head -c $((mb * 1048576)) /dev/urandom >"$LV_TMP/down.bin"
	rm -f "$LV_TMP/xfer.ready" "$LV_TMP/up.got" "$LV_TMP/down.got"
	lv_bg "$LV_NS_S" "$LV_TMP/xfer-srv.log" "$xfer" serve "$addr" 5201 \
		"$LV_TMP/down.bin" "$LV_TMP/up.got" "$LV_TMP/xfer.ready"
	xp=$LV_LASTPID
	lv_wait_for 10 test -f "$LV_TMP/xfer.ready" || { cat "$LV_TMP/xfer-srv.log"; lv_fail "xfer listener"; }
	t0=$(date +%s.%N)
	timeout 90 ip netns exec "$LV_NS_C" "$xfer" fetch "$addr" 5201 \
		"$LV_TMP/up.bin" "$LV_TMP/down.got" >"$LV_TMP/xfer-cli.log" 2>&1 ||
		{ cat "$LV_TMP/xfer-cli.log" "$LV_TMP/xfer-srv.log"; lv_dump; lv_fail "transfer through the tunnel"; }
	t1=$(date +%s.%N)
	lv_exit_status "$xp" 10
	[ "$LV_STATUS" = 0 ] || { cat "$LV_TMP/xfer-srv.log"; lv_fail "transfer: the server end failed ($LV_STATUS)"; }
	for d in up down; do
		want=$(sha256sum <"$LV_TMP/$d.bin" | cut -d' ' -f1)
		got=$(sha256sum <"$LV_TMP/$d.got" | cut -d' ' -f1)
		[ "$got" = "$want" ] || lv_fail "transfer $d: received sha256 $got ($(wc -c <"$LV_TMP/$d.got") bytes), sent $want"
	done
	lv_log "transfer: ${mb} MB each way over TCP via $addr, sha256 match ($(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s)"
}

# lv_iperf ADDR SECONDS: iperf3 client->server through the tunnel; logs Mbit/s.
lv_iperf() {
	command -v iperf3 >/dev/null || { lv_log "iperf3 not installed: throughput not measured"; return 0; }
	lv_bg "$LV_NS_S" "$LV_TMP/iperf-srv.log" iperf3 -s -1 -B "$1" -p 5202
	ip_srv=$LV_LASTPID
	lv_wait_for 5 sh -c "ip netns exec $LV_NS_S ss -ltn | grep -q ':5202'"
	timeout $(($2 + 20)) ip netns exec "$LV_NS_C" iperf3 -c "$1" -p 5202 -t "$2" -f m >"$LV_TMP/iperf.out" 2>&1 ||
		{ cat "$LV_TMP/iperf.out"; lv_fail "iperf3 through the tunnel"; }
	rate=$(awk '/receiver/ {for (i = 1; i <= NF; i++) if ($i ~ /bits\/sec/) print $(i-1), $i}' "$LV_TMP/iperf.out" | tail -1)
	lv_log "iperf3 $2 s client->server: $rate"
	lv_stop "$ip_srv"
}

# lv_snapshot NS FILE: routes (all tables, v4 and v6), addresses and links
# of NS, for a before/after comparison.
lv_snapshot() {
	{
		ip -n "$1" route show table all
		ip -n "$1" -6 route show table all
		ip -n "$1" addr
		ip -n "$1" -o link show | sed 's/^[0-9]*: //; s/ state .*//'
	} >"$2" 2>&1
}

# lv_same_state NS FILE WHAT: NS's state is identical to the snapshot FILE.
lv_same_state() {
	lv_snapshot "$1" "$2.after"
	diff -u "$2" "$2.after" >"$2.diff" || { cat "$2.diff"; lv_fail "$3: namespace state differs"; }
	if ip -n "$1" -o link show type tun 2>/dev/null | grep -q .; then
		lv_fail "$3: a tun device is left"
	fi
}

# lv_stop_client: SIGTERM to the client, then its exit status must be 0.
lv_stop_client() {
	kill -TERM "$LV_CLI"
	lv_exit_status "$LV_CLI"
	[ "$LV_STATUS" = 0 ] || { lv_dump; lv_fail "leanvpn exit status after SIGTERM: $LV_STATUS"; }
}

# lv_inline TAG FILE: FILE's contents as an inline <TAG> block.
lv_inline() {
	printf '<%s>\n' "$1"
	cat "$2"
	printf '</%s>\n' "$1"
}

# lv_default_routes: default routes in the client namespace through the
# server's link address (so redirect-gateway has a net_gateway to keep).
lv_default_routes() {
	ip -n "$LV_NS_C" route add default via "$LV_LINK_S" || lv_fail "default route"
	ip -n "$LV_NS_C" -6 route add default via 2001:2::1 || lv_fail "IPv6 default route"
}

# lv_expect_fail NAME PROFILE STATUS WHAT REGEX: runs leanvpn with PROFILE
# (bounded), which must exit by itself with STATUS, log a line matching
# REGEX (grep -E), and leave the client namespace exactly as before.
lv_expect_fail() {
	name=$1 pf=$2 want=$3 what=$4 re=$5
	lv_snapshot "$LV_NS_C" "$LV_TMP/$name.before"
	lv_client "$name" "$pf"
	lv_wait_for 60 lv_up_or_gone
	grep -q "Initialization Sequence Completed" "$LV_CLI_LOG" && { lv_dump; lv_fail "$what: leanvpn connected"; }
	lv_exit_status "$LV_CLI" 1
	if [ "$LV_STATUS" = timeout ]; then
		lv_dump
		lv_fail "$what: leanvpn still running after 60 s"
	fi
	[ "$LV_STATUS" = "$want" ] || { lv_dump; lv_fail "$what: exit status $LV_STATUS, expected $want"; }
	grep -Eq "$re" "$LV_CLI_LOG" || { lv_dump; lv_fail "$what: no log line matching '$re'"; }
	lv_same_state "$LV_NS_C" "$LV_TMP/$name.before" "$what"
	lv_log "PASS $what: exit status $LV_STATUS, '$(grep -E "$re" "$LV_CLI_LOG" | head -1 | cut -c21-)', no state left"
}

# lv_wait_connects N [SECONDS]: waits until the client has logged
# "Initialization Sequence Completed" N times (reconnections); sets LV_DEV.
lv_count_up() {
	[ "$(grep -c "Initialization Sequence Completed" "$LV_CLI_LOG")" -ge "$1" ]
}
lv_wait_connects() {
	if ! lv_wait_for "${2:-30}" lv_count_up "$1"; then
		lv_dump
		lv_fail "leanvpn did not connect for the ${1}th time within ${2:-30} s"
	fi
	LV_DEV=$(sed -n 's/.*TUN\/TAP device \([^ ]*\) opened.*/\1/p' "$LV_CLI_LOG" | tail -1)
}
