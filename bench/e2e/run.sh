#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# End-to-end benchmark: iperf3 through the tunnel in network namespaces,
# leanvpn and OpenVPN 2.6 side by side in one interleaved run.  The cells
# (client -> server):
#   ll  leanvpn client -> leanvpn server
#   lo  leanvpn client -> OpenVPN server
#   ol  OpenVPN client -> leanvpn server
#   oo  OpenVPN client -> OpenVPN server   (the reference)
#   tl  leanvpn client with data-threads 2 -> leanvpn server
#   to  leanvpn client with data-threads 2 -> OpenVPN server
#   ot  OpenVPN client -> leanvpn server with data-threads 2
#       (t cells over UDP only: over TCP leanvpn runs one thread)
#   nt  the ceiling: a minimal point-to-point AES-256-GCM tunnel with TUN
#       offload and UDP GSO/GRO, a measuring instrument built from its C
#       source at run time (--nulltun), never part of leanvpn
#   ll4 lo4 ol4 oo4  one server with four clients at once, each client in its
#       own namespace on a bridge, one iperf3 stream per client (aggregate);
#       ot4: four OpenVPN clients, leanvpn server with data-threads 2 (UDP)
# over UDP and TCP, AES-256-GCM with tls-crypt, TCP streams 1 and 4
# (iperf3 -P), both directions (-R: the server side sends).  The cells are
# interleaved (ll lo ol oo nt ll4 ... ll lo ...); each tunnel is brought up,
# proven (lv_prove_tunnel), carries its measurements, and is stopped by PID.
#
# For each measurement: Gbit/s (iperf3's receiver sum), CPU seconds the VPN
# processes used (/proc/PID/stat utime+stime delta across the iperf3 run),
# all of them and the server's alone, the bytes that crossed the clients'
# tun devices in that window (which must be at least what iperf3 moved: the
# traffic went through the tunnel), hence CPU seconds per GB and CPU % of one
# core; and the drop counters on the way (tun devices' tx/rx_dropped, the
# namespaces' UDP buffer errors) and iperf3's TCP retransmits.  Per cell:
# median, min and max over the runs, the ratio of each median to OpenVPN's
# (oo, or oo4 for the four-client cells) and to the ceiling (nt) in the
# same run.
#
# usage: bench/e2e/run.sh [--quick] [--runs N] [--time S] [--out FILE.jsonl]
#                         [--cells "ll tl lo to ol ot oo nt ll4 lo4 ol4 ot4 oo4"]
#                         [--transports "udp tcp"] [--streams "1 4"]
#                         [--nulltun FILE.c]
# (--pairings is another name for --cells)
# env:   RUNS, TIME, LVPN (the leanvpn binary), top_builddir, NULLTUN_SRC
# Needs root, /dev/net/tun, openvpn, iperf3, python3 (and cc + libssl-dev
# for the ceiling).
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$here/../.." && pwd)}"
export top_srcdir
. "$top_srcdir/tests/interop/lib.sh"

RUNS=${RUNS:-3}
TIME=${TIME:-4}
OMIT=1
CELLS="ll tl lo to ol ot oo nt ll4 lo4 ol4 ot4 oo4"
TRANSPORTS="udp tcp"
STREAMS="1 4"
OUT=${OUT:-$here/results.jsonl}
# the ceiling's C source: --nulltun, $NULLTUN_SRC, or the default below
NULLTUN_SRC=${NULLTUN_SRC:-}
[ -z "$NULLTUN_SRC" ] && [ -f "$top_srcdir/../shared/tools/nulltun/nulltun.c" ] &&
	NULLTUN_SRC="$top_srcdir/../shared/tools/nulltun/nulltun.c"
while [ $# -gt 0 ]; do
	case $1 in
	--quick) RUNS=1 TIME=3 STREAMS="1" ;;
	--runs) RUNS=$2; shift ;;
	--time) TIME=$2; shift ;;
	--out) OUT=$2; shift ;;
	--cells | --pairings) CELLS=$2; shift ;;
	--transports) TRANSPORTS=$2; shift ;;
	--streams) STREAMS=$2; shift ;;
	--nulltun) NULLTUN_SRC=$2; shift ;;
	-h | --help) sed -n '2,43p' "$0"; exit 0 ;;
	*) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
for c in $CELLS; do
	case $c in
	ll | tl | lo | to | ol | ot | oo | nt | ll4 | lo4 | ol4 | ot4 | oo4) ;;
	*) echo "run.sh: unknown cell '$c' (cells: ll tl lo to ol ot oo nt ll4 lo4 ol4 ot4 oo4)" >&2; exit 2 ;;
	esac
done
for tr in $TRANSPORTS; do
	case $tr in
	udp | tcp) ;;
	*) echo "run.sh: unknown transport '$tr' (udp tcp)" >&2; exit 2 ;;
	esac
done
LV_NAME=e2e
# lib.sh made LV_TMP in /tmp; during one run here something outside this
# script removed it mid-run (another job cleaning /tmp/lvpn-interop.*?), so
# work in a directory of our own under /var/tmp (lv_cleanup removes $LV_TMP)
rmdir "$LV_TMP"
LV_TMP=$(mktemp -d /var/tmp/lvpn-e2e.XXXXXX) || lv_fail "mktemp"
. "$top_srcdir/tests/server/srvlib.sh"
. "$here/cells.sh"
lv_require_root
lvpn=${LVPN:-$top_builddir/src/leanvpn}
[ -x "$lvpn" ] || lv_fail "no leanvpn binary at $lvpn (build first, or set LVPN)"
for t in openvpn iperf3 python3; do
	command -v $t >/dev/null || lv_fail "$t not installed"
done
lv_netns_pair
lv_pki rsa
openvpn --genkey secret "$LV_TMP/tc.key" >/dev/null 2>&1 || lv_fail "openvpn --genkey"
RAW="$LV_TMP/raw.tsv"
: >"$RAW"
TUN_S=198.19.0.1
HZ=$(getconf CLK_TCK)

# server_conf PROTO [LOCAL]: the server config (both implementations read
# it), listening on LOCAL (default the pair's link address)
server_conf() {
	cat <<EOT
mode server
tls-server
dev tun
topology subnet
server 198.19.0.0 255.255.255.0
proto $1
local ${2:-$LV_LINK_S}
port 1194
ca $LV_PKI/ca.crt
cert $LV_PKI/server.crt
key $LV_PKI/server.key
dh none
tls-crypt $LV_TMP/tc.key
data-ciphers AES-256-GCM
keepalive 10 60
verb 3
EOT
}

# client_conf PROTO [REMOTE] [CERT]: the client config (both implementations
# read it) for the server at REMOTE (default the pair's link address) with
# the certificate CERT (default client)
client_conf() {
	cat <<EOT
client
dev tun
proto $1
remote ${2:-$LV_LINK_S} 1194
nobind
ca $LV_PKI/ca.crt
cert $LV_PKI/${3:-client}.crt
key $LV_PKI/${3:-client}.key
remote-cert-tls server
tls-crypt $LV_TMP/tc.key
data-ciphers AES-256-GCM
verb 3
EOT
}

# cpu_ticks PID: utime+stime of PID in clock ticks (fields 14, 15)
cpu_ticks() {
	sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'
}

# stop_pid PID: lv_stop, and PID leaves the cleanup list (so the EXIT trap
# never signals a PID the system may have given to another process since)
stop_pid() {
	lv_stop "$1" 2>/dev/null
	LV_PIDS=$(echo " $LV_PIDS " | sed "s/ $1 / /g")
}

# route_is DEV: the route to the server's tunnel address goes through DEV
route_is() {
	[ "$(lv_route_dev "$LV_NS_C" "$TUN_S")" = "$1" ]
}

# excerpt FILE...: a one-line log excerpt for a failure reason
excerpt() {
	tail -n 4 "$@" 2>/dev/null | grep -v '^==>' | grep -v '^$' | tr '\t\n' '  ' | cut -c1-400
}

# fail_cells CELL TRANSPORT REP REASON [STREAMS]: records every measurement
# of a tunnel (streams $STREAMS unless given) as failed
fail_cells() {
	for st in ${5:-$STREAMS}; do
		for dir in fwd rev; do
			printf '%s\t%s\t%s\t%s\t%s\tfail\t0\t0\t0\t0\t0\t%s\n' "$1" "$2" "$st" "$dir" "$3" "$4" >>"$RAW"
		done
	done
}

# devstat NS DEV NAME: one counter of a device (0 when absent)
devstat() {
	ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3" 2>/dev/null || echo 0
}

# udp_errs NS: UDP RcvbufErrors + SndbufErrors of the namespace
udp_errs() {
	ip netns exec "$1" awk '/^Udp:/ { if (!h) { for (i = 1; i <= NF; i++) c[$i] = i; h = 1 }
		else print $c["RcvbufErrors"] + $c["SndbufErrors"] }' /proc/net/snmp 2>/dev/null || echo 0
}

# snap SDEV SPID CLIENT...: one line of counters (see measure): client tun
# bytes both ways, drops (client tun tx_dropped rx_dropped, server tun
# tx_dropped rx_dropped, client and server UDP buffer errors; the clients'
# summed), server CPU ticks, clients' CPU ticks; "dead: WHO" when a VPN
# process is gone
snap() {
	local sdev=$1 spid=$2 c ns dev pid b=0 ctx=0 crx=0 cu=0 ct=0 st i=0
	shift 2
	st=$(cpu_ticks "$spid")
	[ -n "$st" ] || { echo "dead: the server (PID $spid)"; return; }
	for c in "$@"; do
		i=$((i + 1))
		IFS=, read -r ns dev _ pid <<<"$c"
		t=$(cpu_ticks "$pid")
		[ -n "$t" ] || { echo "dead: client $i (PID $pid)"; return; }
		ct=$((ct + t))
		b=$((b + $(lv_tun_bytes "$ns" "$dev" tx) + $(lv_tun_bytes "$ns" "$dev" rx)))
		ctx=$((ctx + $(devstat "$ns" "$dev" tx_dropped)))
		crx=$((crx + $(devstat "$ns" "$dev" rx_dropped)))
		cu=$((cu + $(udp_errs "$ns")))
	done
	echo "$b $ctx $crx $(devstat "$LV_NS_S" "$sdev" tx_dropped) $(devstat "$LV_NS_S" "$sdev" rx_dropped)" \
		"$cu $(udp_errs "$LV_NS_S") $st $ct"
}

# measure CELL TRANSPORT REP STREAMS DIR DST SPID SDEV CLIENT...: one
# measurement: every CLIENT (NS,DEV,PORT,PID: the client's namespace, its
# tun device, the iperf3 server port, the VPN client's PID) runs iperf3 -P
# STREAMS [-R] to DST:PORT at the same time; SPID/SDEV are the server's.
# Appends one raw line (report.py reads the columns; its streams are all
# the clients' together).  $m_logs: the VPN
# logs to quote if a process dies.
measure() {
	local cell=$1 tr=$2 rep=$3 st=$4 dir=$5 dst=$6 spid=$7 sdev=$8 rflag='' c ns port i=0
	local jobs='' n0 n1 t0 t1 pid rc j total
	shift 8
	# the record's streams: all the clients' together
	total=$((st * $#))
	[ "$dir" = rev ] && rflag=-R
	n0=$(snap "$sdev" "$spid" "$@")
	t0=$(date +%s.%N)
	for c in "$@"; do
		i=$((i + 1))
		IFS=, read -r ns _ port _ <<<"$c"
		j="$LV_TMP/iperf-$cell-$tr-$rep-$st-$dir-$i.json"
		# shellcheck disable=SC2086
		lv_bg "$ns" "$j" timeout $((TIME + OMIT + 20)) iperf3 -c "$dst" -p "$port" -t "$TIME" \
			-O "$OMIT" -P "$st" $rflag --connect-timeout 5000 -J
		jobs="$jobs $LV_LASTPID:$j"
	done
	local results=
	for c in $jobs; do
		pid=${c%%:*}
		wait "$pid"
		rc=$?
		LV_PIDS=$(echo " $LV_PIDS " | sed "s/ $pid / /g")
		results="$results ${c#*:}:$rc"
	done
	t1=$(date +%s.%N)
	n1=$(snap "$sdev" "$spid" "$@")
	case "$n0 $n1" in
	*dead:*)
		# shellcheck disable=SC2086
		printf '%s\t%s\t%s\t%s\t%s\tfail\t0\t0\t0\t0\t0\t%s\n' "$cell" "$tr" "$total" "$dir" "$rep" \
			"VPN process gone ($(echo "$n0 $n1" | sed 's/.*dead: //')) during iperf3: $(excerpt $m_logs)" >>"$RAW"
		return 1
		;;
	esac
	# shellcheck disable=SC2086
	python3 - "$cell" "$tr" "$total" "$dir" "$rep" "$HZ" "$t0" "$t1" "$n0" "$n1" $results >>"$RAW" <<'PY'
import json, sys
cell, tr, st, d, rep, hz, t0, t1, n0, n1 = sys.argv[1:11]
a = [int(x) for x in n0.split()]
b = [int(x) for x in n1.split()]
tunb = b[0] - a[0]
drops = ",".join(str(y - x) for x, y in zip(a[1:7], b[1:7]))
sticks, cticks = b[7] - a[7], b[8] - a[8]
def out(status, gbps=0.0, iperfb=0, retr=0, reason=""):
    cpu = (sticks + cticks) / int(hz)
    print("\t".join(str(x) for x in (cell, tr, st, d, rep, status, "%.4f" % gbps, "%.3f" % cpu,
          tunb, iperfb, "%.3f" % (float(t1) - float(t0)), reason or retr, drops,
          "%.3f" % (sticks / int(hz)))))
gbps, nbytes, retr = 0.0, 0, 0
clients = sys.argv[11:]
for n, jr in enumerate(clients, 1):
    j, rc = jr.rsplit(":", 1)
    who = "client %d: " % n if len(clients) > 1 else ""
    try:
        r = json.load(open(j))
    except Exception:
        out("fail", reason="%siperf3 rc %s, no JSON: %s" % (who, rc, open(j).read()[:200].replace("\n", " ")))
        sys.exit(0)
    if "error" in r or rc != "0":
        out("fail", reason="%siperf3 rc %s: %s" % (who, rc, r.get("error", "")))
        sys.exit(0)
    e = r["end"]
    gbps += e["sum_received"]["bits_per_second"] / 1e9
    nbytes += int(e["sum_received"]["bytes"])
    retr += int(e.get("sum_sent", {}).get("retransmits", 0))
if tunb < nbytes:
    out("fail", reason="the client tun moved %d bytes < iperf3's %d: traffic not through the tunnel" % (tunb, nbytes))
    sys.exit(0)
out("ok", gbps, nbytes, retr)
PY
}

# show_last: the last raw line, for the log
show_last() {
	tail -n 1 "$RAW" | awk -F'\t' '{ printf "e2e:   %s %s P%s %s run %s: %s %s Gbit/s, VPN cpu %s s, retr %s, drops %s\n", $1, $2, $3, $4, $5, $6, $7, $8, $12, $13 }'
}

# tunnel PAIRING TRANSPORT REP: one tunnel up, proven, measured, stopped
tunnel() {
	p=$1 tr=$2 rep=$3
	sproto=$tr cproto=$tr
	[ "$tr" = tcp ] && sproto=tcp-server cproto=tcp-client
	server_conf "$sproto" >"$LV_TMP/s.conf"
	client_conf "$cproto" >"$LV_TMP/c.conf"
	case $p in t?) echo "data-threads 2" >>"$LV_TMP/c.conf" ;; esac
	case $p in ?t) echo "data-threads 2" >>"$LV_TMP/s.conf" ;; esac
	# fresh log names per tunnel: lv_bg truncates its log in the background,
	# so a reused name could show the previous tunnel's lines to the waits
	slog="$LV_TMP/s-$p-$tr-$rep.log" clog="$LV_TMP/c-$p-$tr-$rep.log"
	m_logs="$slog $clog"
	# the first letter names the client, the second the server
	case $p in
	l? | t?) ccmd="$lvpn" ;;
	o?) ccmd=openvpn ;;
	esac
	case $p in
	?l | ?t) scmd="$lvpn" ;;
	?o) scmd=openvpn ;;
	esac
	lv_bg "$LV_NS_S" "$slog" "$scmd" --config "$LV_TMP/s.conf"
	spid=$LV_LASTPID
	if ! lv_wait_for 15 grep -q "Initialization Sequence Completed" "$slog"; then
		fail_cells "$p" "$tr" "$rep" "server did not start: $(excerpt "$slog")"
		stop_pid "$spid"
		return
	fi
	lv_bg "$LV_NS_C" "$clog" "$ccmd" --config "$LV_TMP/c.conf"
	cpid=$LV_LASTPID
	if ! lv_wait_for 25 grep -q "Initialization Sequence Completed" "$clog"; then
		fail_cells "$p" "$tr" "$rep" "no tunnel: client: $(excerpt "$clog") / server: $(excerpt "$slog")"
		stop_pid "$cpid"
		stop_pid "$spid"
		return
	fi
	cdev=$(sed -n 's/.*TUN\/TAP device \([^ ]*\) opened.*/\1/p' "$clog" | head -1)
	sdev=$(sed -n 's/.*TUN\/TAP device \([^ ]*\) opened.*/\1/p' "$slog" | head -1)
	# the route to the server's tunnel address should exist once the client
	# says "Initialization Sequence Completed"; if it shows up only later,
	# wait up to 5 s and note it (it is a finding, not a failure)
	if [ "$(lv_route_dev "$LV_NS_C" "$TUN_S")" != "$cdev" ]; then
		w0=$(date +%s.%N)
		lv_wait_for 5 route_is "$cdev"
		w1=$(date +%s.%N)
		lv_log "NOTE $p/$tr run $rep: route to $TUN_S via $cdev absent at 'Initialization Sequence Completed';" \
			"now '$(lv_route_dev "$LV_NS_C" "$TUN_S")' after $(echo "$w1 - $w0" | bc) s;" \
			"addr: $(ip -n "$LV_NS_C" -4 -br addr show dev "$cdev" 2>&1)" | tee -a "$LV_TMP/notes"
	fi
	# lv_prove_tunnel exits on failure: run it in a subshell (no EXIT trap
	# there) so a failed proof fails this tunnel's cells, not the run
	if ! (lv_prove_tunnel "$LV_NS_C" "$cdev" "$TUN_S" 50000) >"$LV_TMP/prove.out" 2>&1; then
		fail_cells "$p" "$tr" "$rep" "tunnel proof: $(excerpt "$LV_TMP/prove.out")"
	elif ! grep -q "AES-256-GCM" "$clog" || ! grep -q "AES-256-GCM" "$slog"; then
		fail_cells "$p" "$tr" "$rep" "AES-256-GCM not in both logs"
	else
		[ "$rep" = 1 ] && lv_log "$p/$tr: $(sed 's/^e2e: //' "$LV_TMP/prove.out")"
		for st in $STREAMS; do
			for dir in fwd rev; do
				measure "$p" "$tr" "$rep" "$st" "$dir" "$TUN_S" "$spid" "$sdev" \
					"$LV_NS_C,$cdev,5201,$cpid"
				show_last
			done
		done
	fi
	stop_pid "$cpid"
	stop_pid "$spid"
}

start=$(date +%s)
nt_prepare
quad_prepare
lv_log "runs $RUNS x ${TIME}s (+${OMIT}s omitted), cells: $CELLS, transports: $TRANSPORTS, streams: $STREAMS"
lv_log "load before: $(cat /proc/loadavg)"
# iperf3 servers for the whole run (one per port: one for the pairs, one
# per client of the four-client cells), not bound to the tunnel address
# (that address comes and goes with each tunnel); a client connects to
# $TUN_S, whose route is its tun device (checked by lv_prove_tunnel)
ipids=
# (none when no cell is left: a process stopped at once, before its exec,
# would run lib.sh's EXIT trap in the forked shell)
[ -z "${CELLS// /}" ] && { lv_log "no cell to measure"; TRANSPORTS='' QUAD_IPERF=0; }
for port in $(seq 5201 $((5200 + QUAD_IPERF))); do
	lv_bg "$LV_NS_S" "$LV_TMP/iperf-s-$port.log" iperf3 -s -p "$port"
	ipids="$ipids $LV_LASTPID"
done
for tr in $TRANSPORTS; do
	rep=1
	while [ "$rep" -le "$RUNS" ]; do
		for c in $CELLS; do
			case $c in
			nt) nt_tunnel "$tr" "$rep" ;;
			?t4) [ "$tr" = udp ] && quad_tunnel "$c" "$tr" "$rep" ;;
			??4) quad_tunnel "$c" "$tr" "$rep" ;;
			t? | ?t) [ "$tr" = udp ] && tunnel "$c" "$tr" "$rep" ;;
			*) tunnel "$c" "$tr" "$rep" ;;
			esac
		done
		rep=$((rep + 1))
	done
done
for pid in $ipids; do
	stop_pid "$pid"
done
end=$(date +%s)
lv_log "load after: $(cat /proc/loadavg)"
lv_log "wall time: $((end - start)) s"
[ -n "${KEEP_RAW:-}" ] && cp "$RAW" "$KEEP_RAW"
[ -s "$LV_TMP/notes" ] && { lv_log "notes:"; cat "$LV_TMP/notes"; }
python3 "$here/report.py" "$RAW" "$OUT" "$TIME" "$OMIT"
rc=$?
lv_log "JSON lines: $OUT"
exit $rc
