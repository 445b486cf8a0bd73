#!/bin/bash
# End-to-end benchmark: iperf3 through the tunnel in two network namespaces,
# leanvpn and OpenVPN 2.6 in the four client -> server pairings
#   ll  leanvpn client -> leanvpn server
#   lo  leanvpn client -> OpenVPN server
#   ol  OpenVPN client -> leanvpn server
#   oo  OpenVPN client -> OpenVPN server   (the reference)
# over UDP and TCP, AES-256-GCM with tls-crypt, TCP streams 1 and 4
# (iperf3 -P), both directions (-R: the server side sends).  The pairings are
# interleaved (ll lo ol oo ll lo ol oo ...); each tunnel is brought up, proven
# (lv_prove_tunnel), carries its measurements, and is stopped by PID.
#
# For each measurement: Gbit/s (iperf3's receiver sum), CPU seconds the two
# VPN processes used (/proc/PID/stat utime+stime delta across the iperf3 run),
# the bytes that crossed the client's tun device in that window (which must be
# at least what iperf3 moved: the traffic went through the tunnel), hence CPU
# seconds per GB and CPU % of one core; and the drop counters on the way
# (both tun devices' tx/rx_dropped, both namespaces' UDP buffer errors) and
# iperf3's TCP retransmits.  Per cell: median, min and max over
# the runs, and the ratio of each median to oo's in the same run.
#
# usage: bench/e2e/run.sh [--quick] [--runs N] [--time S] [--out FILE.jsonl]
#                         [--pairings "ll lo ol oo"] [--transports "udp tcp"]
#                         [--streams "1 4"]
# env:   RUNS, TIME, LVPN (the leanvpn binary), top_builddir
# Needs root, /dev/net/tun, openvpn, iperf3, python3.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$here/../.." && pwd)}"
export top_srcdir
. "$top_srcdir/tests/interop/lib.sh"

RUNS=${RUNS:-3}
TIME=${TIME:-4}
OMIT=1
PAIRINGS="ll lo ol oo"
TRANSPORTS="udp tcp"
STREAMS="1 4"
OUT=${OUT:-$here/results.jsonl}
while [ $# -gt 0 ]; do
	case $1 in
	--quick) RUNS=1 TIME=3 STREAMS="1" ;;
	--runs) RUNS=$2; shift ;;
	--time) TIME=$2; shift ;;
	--out) OUT=$2; shift ;;
	--pairings) PAIRINGS=$2; shift ;;
	--transports) TRANSPORTS=$2; shift ;;
	--streams) STREAMS=$2; shift ;;
	-h | --help) sed -n '2,26p' "$0"; exit 0 ;;
	*) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
LV_NAME=e2e
# lib.sh made LV_TMP in /tmp; during one run here something outside this
# script removed it mid-run (another job cleaning /tmp/lvpn-interop.*?), so
# work in a directory of our own under /var/tmp (lv_cleanup removes $LV_TMP)
rmdir "$LV_TMP"
LV_TMP=$(mktemp -d /var/tmp/lvpn-e2e.XXXXXX) || lv_fail "mktemp"
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

# server_conf PROTO: the server config (both implementations read it)
server_conf() {
	cat <<EOT
mode server
tls-server
dev tun
topology subnet
server 198.19.0.0 255.255.255.0
proto $1
local $LV_LINK_S
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

# client_conf PROTO: the client config (both implementations read it)
client_conf() {
	cat <<EOT
client
dev tun
proto $1
remote $LV_LINK_S 1194
nobind
ca $LV_PKI/ca.crt
cert $LV_PKI/client.crt
key $LV_PKI/client.key
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

# route_is DEV: the route to the server's tunnel address goes through DEV
route_is() {
	[ "$(lv_route_dev "$LV_NS_C" "$TUN_S")" = "$1" ]
}

# excerpt FILE...: a one-line log excerpt for a failure reason
excerpt() {
	tail -n 4 "$@" 2>/dev/null | grep -v '^==>' | grep -v '^$' | tr '\t\n' '  ' | cut -c1-400
}

# fail_cells PAIRING TRANSPORT REP REASON: records every cell of a tunnel
fail_cells() {
	for st in $STREAMS; do
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

# drops CDEV SDEV: the drop counters as one space-separated line: client tun
# tx_dropped rx_dropped, server tun tx_dropped rx_dropped, client and server
# UDP buffer errors
drops() {
	echo "$(devstat "$LV_NS_C" "$1" tx_dropped) $(devstat "$LV_NS_C" "$1" rx_dropped)" \
		"$(devstat "$LV_NS_S" "$2" tx_dropped) $(devstat "$LV_NS_S" "$2" rx_dropped)" \
		"$(udp_errs "$LV_NS_C") $(udp_errs "$LV_NS_S")"
}

# measure PAIRING TRANSPORT REP STREAMS DIR CDEV SPID CPID SDEV: one iperf3 run
measure() {
	p=$1 tr=$2 rep=$3 st=$4 dir=$5 cdev=$6 spid=$7 cpid=$8 sdev=$9
	rflag=
	[ "$dir" = rev ] && rflag=-R
	j="$LV_TMP/iperf-$p-$tr-$rep-$st-$dir.json"
	b0=$(($(lv_tun_bytes "$LV_NS_C" "$cdev" tx) + $(lv_tun_bytes "$LV_NS_C" "$cdev" rx)))
	d0=$(drops "$cdev" "$sdev")
	s0=$(cpu_ticks "$spid") c0=$(cpu_ticks "$cpid")
	t0=$(date +%s.%N)
	# shellcheck disable=SC2086
	timeout $((TIME + OMIT + 20)) ip netns exec "$LV_NS_C" iperf3 -c "$TUN_S" -t "$TIME" -O "$OMIT" \
		-P "$st" $rflag --connect-timeout 5000 -J >"$j" 2>&1
	rc=$?
	t1=$(date +%s.%N)
	s1=$(cpu_ticks "$spid") c1=$(cpu_ticks "$cpid")
	b1=$(($(lv_tun_bytes "$LV_NS_C" "$cdev" tx) + $(lv_tun_bytes "$LV_NS_C" "$cdev" rx)))
	d1=$(drops "$cdev" "$sdev")
	if [ -z "$s1" ] || [ -z "$c1" ]; then
		printf '%s\t%s\t%s\t%s\t%s\tfail\t0\t0\t0\t0\t0\t%s\n' "$p" "$tr" "$st" "$dir" "$rep" \
			"a VPN process died during iperf3: $(excerpt "$slog" "$clog")" >>"$RAW"
		return 1
	fi
	python3 - "$j" "$rc" "$p" "$tr" "$st" "$dir" "$rep" "$((s1 - s0 + c1 - c0))" "$HZ" \
		"$((b1 - b0))" "$t0" "$t1" "$d0" "$d1" >>"$RAW" <<'PY'
import json, sys
j, rc, p, tr, st, d, rep, ticks, hz, tunb, t0, t1, d0, d1 = sys.argv[1:]
drops = ",".join(str(int(b) - int(a)) for a, b in zip(d0.split(), d1.split()))
def out(status, gbps=0, iperfb=0, retr=0, reason=""):
    cpu = int(ticks) / int(hz)
    print("\t".join(str(x) for x in (p, tr, st, d, rep, status, "%.4f" % gbps, "%.3f" % cpu,
          tunb, iperfb, "%.3f" % (float(t1) - float(t0)), reason or retr, drops)))
try:
    r = json.load(open(j))
except Exception as e:
    out("fail", reason="iperf3 rc %s, no JSON: %s" % (rc, open(j).read()[:200].replace("\n", " ")))
    sys.exit(0)
if "error" in r or rc != "0":
    out("fail", reason="iperf3 rc %s: %s" % (rc, r.get("error", "")))
    sys.exit(0)
e = r["end"]
recv = e["sum_received"]
b = int(recv["bytes"])
if int(tunb) < b:
    out("fail", reason="the client tun moved %s bytes < iperf3's %d: traffic not through the tunnel" % (tunb, b))
    sys.exit(0)
out("ok", recv["bits_per_second"] / 1e9, b, e.get("sum_sent", {}).get("retransmits", 0))
PY
}

# tunnel PAIRING TRANSPORT REP: one tunnel up, proven, measured, stopped
tunnel() {
	p=$1 tr=$2 rep=$3
	sproto=$tr cproto=$tr
	[ "$tr" = tcp ] && sproto=tcp-server cproto=tcp-client
	server_conf "$sproto" >"$LV_TMP/s.conf"
	client_conf "$cproto" >"$LV_TMP/c.conf"
	# fresh log names per tunnel: lv_bg truncates its log in the background,
	# so a reused name could show the previous tunnel's lines to the waits
	slog="$LV_TMP/s-$p-$tr-$rep.log" clog="$LV_TMP/c-$p-$tr-$rep.log"
	# the first letter names the client, the second the server
	case $p in
	l?) ccmd="$lvpn" ;;
	o?) ccmd=openvpn ;;
	esac
	case $p in
	?l) scmd="$lvpn" ;;
	?o) scmd=openvpn ;;
	esac
	lv_bg "$LV_NS_S" "$slog" "$scmd" --config "$LV_TMP/s.conf"
	spid=$LV_LASTPID
	if ! lv_wait_for 15 grep -q "Initialization Sequence Completed" "$slog"; then
		fail_cells "$p" "$tr" "$rep" "server did not start: $(excerpt "$slog")"
		lv_stop "$spid"
		return
	fi
	lv_bg "$LV_NS_C" "$clog" "$ccmd" --config "$LV_TMP/c.conf"
	cpid=$LV_LASTPID
	if ! lv_wait_for 25 grep -q "Initialization Sequence Completed" "$clog"; then
		fail_cells "$p" "$tr" "$rep" "no tunnel: client: $(excerpt "$clog") / server: $(excerpt "$slog")"
		lv_stop "$cpid"
		lv_stop "$spid"
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
		[ "$rep" = 1 ] && lv_log "$p/$tr: $(cat "$LV_TMP/prove.out" | sed 's/^e2e: //')"
		for st in $STREAMS; do
			for dir in fwd rev; do
				measure "$p" "$tr" "$rep" "$st" "$dir" "$cdev" "$spid" "$cpid" "$sdev"
				tail -n 1 "$RAW" | awk -F'\t' '{ printf "e2e:   %s %s P%s %s run %s: %s %s Gbit/s, VPN cpu %s s, retr %s, drops %s\n", $1, $2, $3, $4, $5, $6, $7, $8, $12, $13 }'
			done
		done
	fi
	lv_stop "$cpid"
	lv_stop "$spid"
}

start=$(date +%s)
lv_log "runs $RUNS x ${TIME}s (+${OMIT}s omitted), pairings: $PAIRINGS, transports: $TRANSPORTS, streams: $STREAMS"
lv_log "load before: $(cat /proc/loadavg)"
# one iperf3 server for the whole run, not bound to the tunnel address
# (that address comes and goes with each tunnel); the client connects to
# $TUN_S, whose route is the tun device (checked by lv_prove_tunnel)
lv_bg "$LV_NS_S" "$LV_TMP/iperf-s.log" iperf3 -s
ipid=$LV_LASTPID
for tr in $TRANSPORTS; do
	rep=1
	while [ "$rep" -le "$RUNS" ]; do
		for p in $PAIRINGS; do
			tunnel "$p" "$tr" "$rep"
		done
		rep=$((rep + 1))
	done
done
lv_stop "$ipid"
end=$(date +%s)
lv_log "load after: $(cat /proc/loadavg)"
lv_log "wall time: $((end - start)) s"
[ -n "${KEEP_RAW:-}" ] && cp "$RAW" "$KEEP_RAW"
[ -s "$LV_TMP/notes" ] && { lv_log "notes:"; cat "$LV_TMP/notes"; }
python3 "$here/report.py" "$RAW" "$OUT" "$TIME" "$OMIT"
rc=$?
lv_log "JSON lines: $OUT"
exit $rc
