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

lv_cleanup() {
	for pid in $LV_PIDS; do
		kill "$pid" 2>/dev/null
	done
	for pid in $LV_PIDS; do
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$pid" 2>/dev/null || break
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
}

# lv_bg NS LOGFILE CMD...: runs CMD in namespace NS in the background; its
# PID (the command itself: ip netns exec execs it) is remembered for cleanup
# and left in $LV_LASTPID.
lv_bg() {
	ns=$1 logf=$2
	shift 2
	ip netns exec "$ns" "$@" >"$logf" 2>&1 &
	LV_LASTPID=$!
	LV_PIDS="$LV_PIDS $LV_LASTPID"
}

# lv_stop PID: stops one process we started, by PID.
lv_stop() {
	kill "$1" 2>/dev/null
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		kill -0 "$1" 2>/dev/null || break
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
