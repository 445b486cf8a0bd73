# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=bash disable=SC2154,SC2034
# (lvpn, CELLS, STREAMS, LV_* come from run.sh and lib.sh; QUAD_IPERF and
# the NT_* settings are read there)
# The cells of bench/e2e/run.sh beyond the client -> server pairs (sourced
# by run.sh after tests/interop/lib.sh and tests/server/srvlib.sh):
#
# nt: the ceiling.  A minimal point-to-point tunnel (fixed AES-256-GCM key,
# no handshake, TUN offload and UDP GSO/GRO, batches of 32) is compiled from
# its C source at run time into $LV_TMP and run at both ends of the pair's
# veth link; iperf3 goes through it exactly as through the VPNs.  It is a
# measuring instrument: it is not part of leanvpn and its source is not in
# this tree (--nulltun FILE.c or $NULLTUN_SRC).  Without the source the
# cell is left out and the report says "not measured"; a source that does
# not build makes the cell fail.  It always carries its packets over UDP;
# in a TCP-transport round it runs between the TCP cells, so each transport
# has a ceiling measured beside it.
#
# ll4 lo4 ol4 ot4 oo4: one server (leanvpn or OpenVPN, the second letter;
# t: leanvpn with data-threads 2) with
# four clients of one kind (the first letter), each client in its own
# namespace with a veth into a bridge in the server's namespace
# ($QUAD_LINK/24, clients .11-.14) and its own certificate (client1..4);
# the four run one iperf3 stream each, at the same time, each to its own
# iperf3 server port (5201-5204).

NT_S=198.19.9.1
NT_C=198.19.9.2
NT_DEV=lvnt0
NT_PORT=51820
QUAD_N=4
QUAD_LINK=198.18.2.1
QUAD_IPERF=1

# has_cell PATTERN: a selected cell matches the case PATTERN
has_cell() {
	local c
	for c in $CELLS; do
		# shellcheck disable=SC2254
		case $c in $1) return 0 ;; esac
	done
	return 1
}

# nt_prepare: builds the ceiling's tunnel (or drops the cell when there is
# no source); NT_STREAMS: the streams it is measured with (those of the
# pairs, plus 4 when a four-client cell needs a ceiling to compare with)
nt_prepare() {
	NT_BROKEN=
	NT_STREAMS=$STREAMS
	has_cell nt || return 0
	if [ -z "$NULLTUN_SRC" ] || [ ! -f "$NULLTUN_SRC" ]; then
		lv_log "ceiling not measured: no nulltun source${NULLTUN_SRC:+ at $NULLTUN_SRC} (--nulltun FILE.c)"
		CELLS=$(echo " $CELLS " | sed 's/ nt / /')
		return 0
	fi
	NT_BIN="$LV_TMP/nulltun"
	if ! ${CC:-cc} -O2 -pthread -o "$NT_BIN" "$NULLTUN_SRC" -lcrypto >"$LV_TMP/nulltun-build.log" 2>&1; then
		NT_BROKEN="nulltun did not build from $NULLTUN_SRC: $(excerpt "$LV_TMP/nulltun-build.log")"
		lv_log "$NT_BROKEN"
	fi
	if has_cell '??4'; then
		case " $STREAMS " in
		*" 4 "*) ;;
		*) NT_STREAMS="$STREAMS 4" ;;
		esac
	fi
	return 0
}

# nt_end NS LOCAL PEER ADDR KEYDIR LOG: starts one end of the ceiling's
# tunnel in NS (its PID in $LV_LASTPID)
nt_end() {
	lv_bg "$1" "$6" "$NT_BIN" --dev "$NT_DEV" --local "$2:$NT_PORT" --peer "$3:$NT_PORT" \
		--addr "$4/24" --mtu 1420 --keydir "$5" --crypt aesgcm --batch 32 --gso
}

# nt_tunnel TRANSPORT REP: the ceiling up (both ends), proven, measured
# (recorded under TRANSPORT, carried over UDP), stopped
nt_tunnel() {
	local tr=$1 rep=$2 slog clog spid cpid st dir
	if [ -n "$NT_BROKEN" ]; then
		fail_cells nt "$tr" "$rep" "$NT_BROKEN" "$NT_STREAMS"
		return
	fi
	slog="$LV_TMP/nt-s-$tr-$rep.log" clog="$LV_TMP/nt-c-$tr-$rep.log"
	m_logs="$slog $clog"
	nt_end "$LV_NS_S" "$LV_LINK_S" "$LV_LINK_C" "$NT_S" 0 "$slog"
	spid=$LV_LASTPID
	nt_end "$LV_NS_C" "$LV_LINK_C" "$LV_LINK_S" "$NT_C" 1 "$clog"
	cpid=$LV_LASTPID
	if ! lv_wait_for 10 grep -q "ready$" "$slog" || ! lv_wait_for 10 grep -q "ready$" "$clog"; then
		fail_cells nt "$tr" "$rep" "nulltun did not start: $(excerpt "$slog" "$clog")" "$NT_STREAMS"
	elif ! (lv_prove_tunnel "$LV_NS_C" "$NT_DEV" "$NT_S" 50000) >"$LV_TMP/prove.out" 2>&1; then
		fail_cells nt "$tr" "$rep" "tunnel proof: $(excerpt "$LV_TMP/prove.out")" "$NT_STREAMS"
	else
		for st in $NT_STREAMS; do
			for dir in fwd rev; do
				measure nt "$tr" "$rep" "$st" "$dir" "$NT_S" "$spid" "$NT_DEV" \
					"$LV_NS_C,$NT_DEV,5201,$cpid"
				show_last
			done
		done
	fi
	stop_pid "$cpid"
	stop_pid "$spid"
}

# quad_ns I: the namespace of client I of the four-client cells
quad_ns() {
	echo "lvq$$-$1"
}

# quad_prepare: when a four-client cell is selected, the client
# certificates and namespaces, and one iperf3 server port per client
quad_prepare() {
	local i ns
	has_cell '??4' || return 0
	QUAD_IPERF=$QUAD_N
	sm_pki "$QUAD_N"
	ip -n "$LV_NS_S" link add qbr0 type bridge || lv_fail "ip link add bridge"
	ip -n "$LV_NS_S" addr add "$QUAD_LINK/24" dev qbr0
	ip -n "$LV_NS_S" link set qbr0 up
	for i in $(seq 1 "$QUAD_N"); do
		ns=$(quad_ns "$i")
		ip netns add "$ns" || lv_fail "ip netns add $ns"
		LV_NETNS="$LV_NETNS $ns"
		ip link add "lvq$$s$i" type veth peer name "lvq$$c$i" || lv_fail "ip link add veth $i"
		ip link set "lvq$$s$i" netns "$LV_NS_S"
		ip link set "lvq$$c$i" netns "$ns"
		ip -n "$LV_NS_S" link set "lvq$$s$i" master qbr0 up
		ip -n "$ns" addr add "198.18.2.$((10 + i))/24" dev "lvq$$c$i"
		ip -n "$ns" link set lo up
		ip -n "$ns" link set "lvq$$c$i" up
	done
}

# quad_log CELL TRANSPORT REP I: the log of client I (I = s: the server)
quad_log() {
	echo "$LV_TMP/q-$4-$1-$2-$3.log"
}

# quad_tunnel CELL TRANSPORT REP: the server and its four clients up, each
# client's tunnel proven, then fwd and -R with the four iperf3 streams at
# once, then all stopped by PID
quad_tunnel() {
	local cell=$1 tr=$2 rep=$3 sproto=$2 cproto=$2 ccmd scmd slog spid sdev i pid log dev
	local pids='' specs='' why='' dir
	[ "$tr" = tcp ] && sproto=tcp-server cproto=tcp-client
	# the first letter names the clients, the second the server
	case $cell in
	l*) ccmd=$lvpn ;;
	*) ccmd=openvpn ;;
	esac
	case $cell in
	?l4 | ?t4) scmd=$lvpn ;;
	*) scmd=openvpn ;;
	esac
	slog=$(quad_log "$cell" "$tr" "$rep" s)
	m_logs=$slog
	server_conf "$sproto" "$QUAD_LINK" >"$LV_TMP/q-s.conf"
	case $cell in ?t4) echo "data-threads 2" >>"$LV_TMP/q-s.conf" ;; esac
	lv_bg "$LV_NS_S" "$slog" "$scmd" --config "$LV_TMP/q-s.conf"
	spid=$LV_LASTPID
	if ! lv_wait_for 15 grep -q "Initialization Sequence Completed" "$slog"; then
		fail_cells "$cell" "$tr" "$rep" "server did not start: $(excerpt "$slog")" "$QUAD_N"
		stop_pid "$spid"
		return
	fi
	for i in $(seq 1 "$QUAD_N"); do
		log=$(quad_log "$cell" "$tr" "$rep" "$i")
		client_conf "$cproto" "$QUAD_LINK" "client$i" >"$LV_TMP/q-c$i.conf"
		lv_bg "$(quad_ns "$i")" "$log" "$ccmd" --config "$LV_TMP/q-c$i.conf"
		pids="$pids $LV_LASTPID"
		m_logs="$m_logs $log"
	done
	i=0
	for pid in $pids; do
		i=$((i + 1))
		log=$(quad_log "$cell" "$tr" "$rep" "$i")
		if ! lv_wait_for 25 grep -q "Initialization Sequence Completed" "$log"; then
			why="no tunnel for client $i: $(excerpt "$log") / server: $(excerpt "$slog")"
			break
		fi
		dev=$(sed -n 's/.*TUN\/TAP device \([^ ]*\) opened.*/\1/p' "$log" | head -1)
		if ! (lv_prove_tunnel "$(quad_ns "$i")" "$dev" "$TUN_S" 50000) >"$LV_TMP/prove.out" 2>&1; then
			why="client $i: tunnel proof: $(excerpt "$LV_TMP/prove.out")"
			break
		fi
		grep -q "AES-256-GCM" "$log" || { why="client $i: AES-256-GCM not in its log"; break; }
		specs="$specs $(quad_ns "$i"),$dev,$((5200 + i)),$pid"
	done
	sdev=$(sed -n 's/.*TUN\/TAP device \([^ ]*\) opened.*/\1/p' "$slog" | head -1)
	[ -z "$why" ] && ! grep -q "AES-256-GCM" "$slog" && why="AES-256-GCM not in the server log"
	if [ -n "$why" ]; then
		fail_cells "$cell" "$tr" "$rep" "$why" "$QUAD_N"
	else
		[ "$rep" = 1 ] && lv_log "$cell/$tr: $QUAD_N clients up and proven"
		for dir in fwd rev; do
			# shellcheck disable=SC2086
			measure "$cell" "$tr" "$rep" 1 "$dir" "$TUN_S" "$spid" "$sdev" $specs
			show_last
		done
	fi
	for pid in $pids; do
		stop_pid "$pid"
	done
	stop_pid "$spid"
}
