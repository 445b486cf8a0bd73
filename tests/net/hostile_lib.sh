# SPDX-License-Identifier: BSD-2-Clause
# A hostile network between client and server (sourced by
# tests/net/hostile_*.sh; it sources tests/interop/lib.sh and
# tests/server/srvlib.sh): three namespaces, client $LV_NS_C, middle
# $HL_NS_M, server $LV_NS_S, joined by two veth pairs:
#   client 198.18.0.2/30 -- 198.18.0.1/30 middle 198.18.0.5/30 -- 198.18.0.6/30 server
# The middle runs tests/net/relay on 198.18.0.1:1194, forwarding to the
# server at 198.18.0.6:1194 with the impairments of each cell.  The client
# connects to the relay; the server sees the relay's 198.18.0.5 and its
# ports.  The tunnel is 198.19.0.0/24, the server's end 198.19.0.1.
# Every cell starts a fresh server, relay and client and stops them by PID.

. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/../server/srvlib.sh"

HL_RELAY="$top_builddir/tests/net/relay"
HL_RELAY_ADDR=198.18.0.1
HL_SRV_ADDR=198.18.0.6
HL_TUN_S=198.19.0.1

hl_require() {
	sm_require
	[ -x "$HL_RELAY" ] || lv_fail "no relay at $HL_RELAY (make check builds it)"
}

# hl_setup: root, the programs, the namespaces, PKI (client1) and keys.
hl_setup() {
	hl_require
	hl_topo
	sm_pki 1
	lv_keys
}

hl_topo() {
	LV_NS_C="lvc$$" HL_NS_M="lvm$$" LV_NS_S="lvs$$"
	for ns in "$LV_NS_C" "$HL_NS_M" "$LV_NS_S"; do
		ip netns add "$ns" || lv_fail "ip netns add $ns"
		LV_NETNS="$LV_NETNS $ns"
		ip -n "$ns" link set lo up
	done
	ip link add "hc$$" netns "$LV_NS_C" type veth peer name "hm$$" netns "$HL_NS_M" ||
		lv_fail "veth client-middle"
	ip link add "hs$$" netns "$LV_NS_S" type veth peer name "hn$$" netns "$HL_NS_M" ||
		lv_fail "veth middle-server"
	ip -n "$LV_NS_C" addr add 198.18.0.2/30 dev "hc$$"
	ip -n "$HL_NS_M" addr add 198.18.0.1/30 dev "hm$$"
	ip -n "$HL_NS_M" addr add 198.18.0.5/30 dev "hn$$"
	ip -n "$LV_NS_S" addr add 198.18.0.6/30 dev "hs$$"
	ip -n "$LV_NS_C" link set "hc$$" up
	ip -n "$HL_NS_M" link set "hm$$" up
	ip -n "$HL_NS_M" link set "hn$$" up
	ip -n "$LV_NS_S" link set "hs$$" up
	# the client namespace for srvlib's per-client helpers (sm_xfer ...)
	SM_NS_1=$LV_NS_C
}

# hl_relay NAME OPTS...: starts the relay in the middle; sets HL_RLY.
hl_relay() {
	HL_RLY_LOG="$LV_TMP/$1.relay"
	shift
	lv_bg "$HL_NS_M" "$HL_RLY_LOG" "$HL_RELAY" "$@" "$HL_RELAY_ADDR" 1194 "$HL_SRV_ADDR" 1194
	HL_RLY=$LV_LASTPID
}

# hl_relay_stop: SIGTERM to the relay, which prints its counters.
hl_relay_stop() {
	lv_stop "$HL_RLY"
}

# hl_count NAME: a counter of the relay (running: after SIGTERM only).
hl_count() {
	sed -n "s/^$1 \\([0-9]*\\)\$/\\1/p" "$HL_RLY_LOG"
}

# hl_counters: all the relay's counters on one line.
hl_counters() {
	grep -v ' 0$' "$HL_RLY_LOG" | tr '\n' ' '
}

# hl_elapsed T0: seconds since T0 (date +%s.%N), one decimal.
hl_elapsed() {
	awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $1 }"
}

# hl_bound WHAT SECONDS LIMIT: fails if SECONDS > LIMIT.
hl_bound() {
	awk "BEGIN { exit !($2 <= $3) }" || lv_fail "$1 took $2 s, bound $3 s"
}

# hl_ping_flood NS ADDR SECONDS: pings ADDR from NS every 10 ms for
# SECONDS in the background (traffic both ways); sets HL_PING.
hl_ping_flood() {
	lv_bg "$1" "$LV_TMP/pingflood.out" ping -q -i 0.01 -c $(($3 * 100)) -W 1 "$2"
	HL_PING=$LV_LASTPID
}

# hl_ping_wait: waits for hl_ping_flood's end; HL_LOSS is its loss in
# percent and LV_STATUS its exit status (0: every ping answered).
hl_ping_wait() {
	lv_exit_status "$HL_PING" 30
	HL_LOSS=$(sed -n 's/.* \([0-9.]*\)% packet loss.*/\1/p' "$LV_TMP/pingflood.out")
}

# The role scripts define: hl_server NAME [CONFIG-LINE...] (starts the
# server; LV_LINK_S is its address), hl_client NAME [CONFIG-LINE...]
# (starts the client; LV_LINK_S is the relay's address),
# hl_wait NAME SECONDS (waits for the tunnel, sets SM_DEV_1) and
# hl_stop (stops client and server; a leanvpn one must exit with status 0).

# hl_cell NAME BOUND KB COUNTER "RELAY-OPTS" [CONFIG-LINE...]: a handshake
# through the impaired relay within BOUND seconds, then KB KiB each way
# over TCP through the tunnel, sha256-checked; the relay's COUNTER must
# show the impairment happened.
hl_cell() {
	hn=$1 bound=$2 kb=$3 counter=$4 ropts=$5
	shift 5
	hl_selected "$hn" || return 0
	LV_LINK_S=$HL_SRV_ADDR
	hl_server "$hn" "$@"
	LV_LINK_S=$HL_RELAY_ADDR
	# shellcheck disable=SC2086
	hl_relay "$hn" -s "${HL_SEED:-1}" -t 300 $ropts
	t0=$(date +%s.%N)
	hl_client "$hn" "$@"
	hl_wait "$hn" "$bound"
	up=$(hl_elapsed "$t0")
	hl_bound "$hn: the handshake" "$up" "$bound"
	if [ "$counter" = mtu_dropped ]; then
		# a full-size packet cannot cross; the transfer (mssfix) can
		ip netns exec "$LV_NS_C" ping -q -c 2 -W 1 -s 1400 "$HL_TUN_S" >/dev/null 2>&1 &&
			lv_fail "$hn: 1428-byte pings crossed a 1300-byte path"
	fi
	t1=$(date +%s.%N)
	sm_xfer "$((kb * HL_SCALE))" "$HL_TUN_S" 1
	xt=$(hl_elapsed "$t1")
	hl_stop
	hl_relay_stop
	n=$(hl_count "$counter")
	[ "${n:-0}" -gt 0 ] || lv_fail "$hn: the relay's $counter is ${n:-0}: no impairment"
	lv_log "ok $hn: handshake $up s (bound $bound s), $((kb * HL_SCALE)) KiB each way in $xt s; relay: $(hl_counters)"
}

# hl_rebind NAME FORGED: the relay moves to a new source port while the
# server's side pings the client (a NAT rebinding): the session must
# continue from the new port (pings answered, then a transfer).  With
# FORGED > 0, then that many datagrams with the session's peer-id and
# garbage come from yet another port during the pings, and the client is
# silent for 0.3 s: the server must not move the session there (it sends
# none of its pings to that port) and the transfer still works.
hl_rebind() {
	hn=$1 forged=$2
	hl_selected "$hn" || return 0
	LV_LINK_S=$HL_SRV_ADDR
	hl_server "$hn" float
	LV_LINK_S=$HL_RELAY_ADDR
	hl_relay "$hn" -s "${HL_SEED:-1}" -t 300 -f "$forged"
	hl_client "$hn"
	hl_wait "$hn" 20
	# the client pings: 2 of the 3 s come after the rebinding
	hl_ping_flood "$LV_NS_C" "$HL_TUN_S" 3
	sleep 1
	kill -USR1 "$HL_RLY"
	hl_ping_wait
	awk "BEGIN { exit !(${HL_LOSS:-100} < 10) }" ||
		{ cat "$LV_TMP/pingflood.out"; lv_fail "$hn: ${HL_LOSS:-all}% of the pings lost across the rebinding"; }
	if [ "$forged" -gt 0 ]; then
		# the server's side pings the client (the server sends by
		# itself); the forgery comes 0.5 s in, then the client is
		# silent for 0.3 s (15% of the pings)
		hl_ping_flood "$LV_NS_S" "$(sm_addr 1)" 2
		sleep 0.5
		kill -USR2 "$HL_RLY"
		hl_ping_wait
		awk "BEGIN { exit !(${HL_LOSS:-100} < 30) }" ||
			{ cat "$LV_TMP/pingflood.out"; lv_fail "$hn: ${HL_LOSS:-all}% of the server's pings lost after the forgery"; }
	fi
	sm_xfer $((256 * HL_SCALE)) "$HL_TUN_S" 1
	hl_stop
	hl_relay_stop
	[ "$(hl_count rebinds)" = 1 ] || lv_fail "$hn: the relay did not rebind"
	if [ "$forged" -gt 0 ]; then
		[ "$(hl_count forged_sent)" = "$forged" ] || lv_fail "$hn: forged datagrams not sent: $(hl_counters)"
		[ "$(hl_count forge_rx)" = 0 ] ||
			lv_fail "$hn: the server sent $(hl_count forge_rx) datagrams to the forger's port"
	fi
	lv_log "ok $hn: the session continued from the new port (last ping loss $HL_LOSS%), transfer sha256 match; relay: $(hl_counters)"
}

# hl_selected NAME: NAME is in $HL_ONLY (all cells when it is empty).
hl_selected() {
	[ -z "${HL_ONLY:-}" ] && return 0
	case " $HL_ONLY " in *" $1 "*) return 0 ;; esac
	lv_log "cell $1 not selected (HL_ONLY)"
	return 1
}

# hl_all: every impairment (LVPN_LONG=1: 8 times the transfers;
# HL_ONLY="NAME...": only these cells).
hl_all() {
	HL_SCALE=1
	[ -n "${LVPN_LONG:-}" ] && HL_SCALE=8
	hl_cell drop2 20 512 dropped "-d 2"
	hl_cell drop20 30 64 dropped "-d 20"
	hl_cell dup10 20 512 duplicated "-u 10"
	hl_cell reorder 20 512 held "-r 30 -j 25"
	hl_cell corrupt1 20 512 corrupted "-c 1"
	hl_cell mtu 20 512 mtu_dropped "-m 1300" "mssfix 1200"
	hl_rebind rebind 0
	hl_rebind forge 50
}

# hl_rss PID: VmRSS in kB.
hl_rss() {
	sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status"
}

# hl_udp_in NS: the namespace's UDP InDatagrams.
hl_udp_in() {
	ip netns exec "$1" sed -n '/^Udp: [0-9]/{s/^Udp: \([0-9]*\).*/\1/p;q}' /proc/net/snmp
}

# hl_stats: the leanvpn server's (SM_SRV) session count and the packets
# its sessions dropped, "SESSIONS DROPS", from a new SIGUSR2 STATISTICS
# line in its log (SM_SRV_LOG).
hl_stats_line() {
	[ "$(grep -c 'packets dropped by sessions' "$SM_SRV_LOG")" -gt "$1" ]
}
hl_stats() {
	hs_n=$(grep -c 'packets dropped by sessions' "$SM_SRV_LOG")
	kill -USR2 "$SM_SRV"
	lv_wait_for 10 hl_stats_line "$hs_n" || lv_fail "no STATISTICS line after SIGUSR2"
	grep 'packets dropped by sessions' "$SM_SRV_LOG" | tail -1 |
		sed 's/.*STATISTICS: \([0-9]*\) sessions, \([0-9]*\) packets dropped by sessions.*/\1 \2/'
}

# hl_garbage NAME PID: N datagrams (20,000; LVPN_LONG=1: 1,000,000) with
# the session's opcode and peer-id and random bytes come from the client's
# own address and port (the relay's, SIGUSR2): the server (PID) reads them
# (its namespace's UDP counter), its VmRSS stays flat (< 1 MB growth), it
# answers none of them, its sessions count them as dropped (SIGUSR2
# STATISTICS: one per datagram read, but for the few real ones) and stay
# one, and the session survives (a transfer after).
hl_garbage() {
	hn=$1
	hl_selected "$hn" || return 0
	hg_n=20000
	[ -n "${LVPN_LONG:-}" ] && hg_n=1000000
	LV_LINK_S=$HL_SRV_ADDR
	hl_server "$hn"
	LV_LINK_S=$HL_RELAY_ADDR
	hl_relay "$hn" -s "${HL_SEED:-1}" -t 300 -g "$hg_n"
	hl_client "$hn"
	hl_wait "$hn" 20
	lv_ping "$LV_NS_C" "$HL_TUN_S"
	sleep 1
	hg_rss0=$(hl_rss "$SM_SRV")
	set -- $(hl_stats)
	hg_ses0=$1 hg_drop0=$2
	hg_in0=$(hl_udp_in "$LV_NS_S")
	kill -USR2 "$HL_RLY"
	# the relay sends 20 per ms, then forwards again
	sleep $((hg_n / 20000 + 2))
	lv_ping "$LV_NS_C" "$HL_TUN_S"
	hg_got=$(($(hl_udp_in "$LV_NS_S") - hg_in0))
	hg_rss1=$(hl_rss "$SM_SRV")
	set -- $(hl_stats)
	hg_ses1=$1 hg_drop=$(($2 - hg_drop0))
	[ "$hg_ses0" = 1 ] && [ "$hg_ses1" = 1 ] || lv_fail "$hn: sessions $hg_ses0 -> $hg_ses1 (want 1)"
	# every datagram read but the pings' and keepalives' (a few dozen)
	[ "$hg_drop" -le "$hg_got" ] && [ "$hg_drop" -ge $((hg_got - 100)) ] ||
		lv_fail "$hn: the sessions dropped $hg_drop of the $hg_got datagrams read"
	sm_xfer $((256 * HL_SCALE)) "$HL_TUN_S" 1
	lv_exited "$SM_SRV" && lv_fail "$hn: the server died"
	hl_stop
	hl_relay_stop
	[ "$(hl_count garbage_sent)" = "$hg_n" ] || lv_fail "$hn: the relay sent $(hl_count garbage_sent) of $hg_n"
	[ "$hg_got" -ge $((hg_n / 2)) ] || lv_fail "$hn: the server's namespace took only $hg_got datagrams"
	[ $((hg_rss1 - hg_rss0)) -lt 1024 ] || lv_fail "$hn: VmRSS grew by $((hg_rss1 - hg_rss0)) kB ($hg_rss0 -> $hg_rss1)"
	# the pings and the transfer account for the server's datagrams: far
	# fewer than the garbage (a reply to each would double them)
	hg_out=$(hl_count from_server)
	[ "$hg_out" -lt $((hg_n / 2)) ] || lv_fail "$hn: the server sent $hg_out datagrams during $hg_n garbage ones"
	lv_log "ok $hn: $hg_n garbage datagrams on the session ($hg_got read by the server's namespace, $hg_drop counted dropped, sessions $hg_ses0 -> $hg_ses1), VmRSS $hg_rss0 -> $hg_rss1 kB, $hg_out datagrams from the server in all, the session survived"
}
