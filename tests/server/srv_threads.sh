#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# data-threads on the leanvpn server, UDP with tls-crypt, two stock openvpn
# clients and a leanvpn client with data-threads 2:
#  - data-threads 2 (one worker on the tun device) and 3 (two workers, a
#    multi-queue tun device with a queue each): the server has that many
#    threads (/proc/PID/task) and says so; 2 MiB cross each way for the
#    three clients at once, byte-exact (sha256); the workers did the
#    tun -> link work (their CPU time grew); a SIGUSR2 while data flows
#    prints the counters; SIGHUP restarts the server, its workers come
#    back and the clients carry data again; SIGTERM: exit 0, the exit
#    counters include the workers' sends, the namespace is as before;
#  - a TCP server with data-threads 2: one thread, said, and it serves.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
sm_topo 3
sm_pki 3
lv_keys

tasks() { ls "/proc/$1/task" 2>/dev/null | wc -l; }

# workers_cpu PID: the CPU ticks of every thread but the main one
workers_cpu() {
	s=0
	for t in /proc/"$1"/task/*; do
		[ "${t##*/}" = "$1" ] && continue
		s=$((s + $(sed 's/^.*) //' "$t/stat" | awk '{ print $12 + $13 }')))
	done
	echo $s
}

# up_all TAG N: the three clients connected N times (N-th initialisation)
up_all() {
	for i in 1 2 3; do
		sm_wait_up "c$i-$1" "$2"
	done
	SM_DEV_1=$(sm_dev "c1-$1")
	SM_DEV_2=$(sm_dev "c2-$1")
	SM_DEV_3=$(sm_dev "c3-$1")
}

run() {
	thr=$1
	wk=$((thr - 1))
	{
		sm_server_conf udp tls-crypt
		echo "data-threads $thr"
		echo "explicit-exit-notify 1" # the clients hear of the restart
	} >"$LV_TMP/s$thr.conf"
	lv_snapshot "$LV_NS_S" "$LV_TMP/s$thr.before"
	sm_server "s$thr" "$LV_TMP/s$thr.conf"
	grep -q "data-threads $thr: $wk worker" "$SM_SRV_LOG" ||
		{ tail -20 "$SM_SRV_LOG"; lv_fail "$thr: no workers said in the log"; }
	nt=$(tasks "$SM_SRV")
	[ "$nt" = "$thr" ] || lv_fail "$thr: the server has $nt threads"
	sm_ovpn "c1-$thr" 1 udp tls-crypt
	sm_ovpn "c2-$thr" 2 udp tls-crypt
	sm_lvpn "c3-$thr" 3 udp tls-crypt "data-threads 2"
	up_all "$thr" 1
	cpu0=$(workers_cpu "$SM_SRV")
	(sleep 0.3; kill -USR2 "$SM_SRV") &
	usr2=$!
	sm_xfer 8192 198.19.0.1 1 2 3
	wait "$usr2"
	cpu1=$(workers_cpu "$SM_SRV")
	[ "$cpu1" -gt "$cpu0" ] ||
		{ ls -l /proc/"$SM_SRV"/task; tail -30 "$SM_SRV_LOG"; lv_fail "$thr: the workers did no work ($cpu0 -> $cpu1 ticks)"; }
	grep -q "STATISTICS: offload" "$SM_SRV_LOG" || lv_fail "$thr: no counters on SIGUSR2"
	[ "$thr" -gt 2 ] && {
		grep -q "data-threads $thr: one worker" "$SM_SRV_LOG" &&
			lv_fail "$thr: the device has one queue"
	}
	lv_log "$thr: $nt threads, the workers used $((cpu1 - cpu0)) ticks during the transfer"

	# a restart: the workers stop with the server's state and start again
	kill -HUP "$SM_SRV"
	lv_wait_for 20 sh -c "[ \$(grep -c 'Initialization Sequence Completed' '$SM_SRV_LOG') -ge 2 ]" ||
		{ tail -30 "$SM_SRV_LOG"; lv_fail "$thr: no restart after SIGHUP"; }
	[ "$(grep -c "data-threads $thr: $wk worker" "$SM_SRV_LOG")" = 2 ] ||
		lv_fail "$thr: no workers after the restart"
	up_all "$thr" 2
	nt=$(tasks "$SM_SRV")
	[ "$nt" = "$thr" ] || lv_fail "$thr: the server has $nt threads after the restart"
	sm_xfer 512 198.19.0.1 1 2 3
	for i in 1 2 3; do
		sm_term "$(eval "echo \$SM_PID_$i")" "$thr: client $i"
	done
	sm_term "$SM_SRV" "$thr: leanvpn server"
	w=$(sed -n 's/.*STATISTICS: link .*writes \([0-9]*\) packets.*/\1/p' "$SM_SRV_LOG" | tail -1)
	[ -n "$w" ] && [ "$w" -gt 1000 ] ||
		{ tail -20 "$SM_SRV_LOG"; lv_fail "$thr: link writes at exit '$w': the workers' sends are not counted"; }
	lv_same_state "$LV_NS_S" "$LV_TMP/s$thr.before" "$thr: server"
	lv_log "PASS data-threads $thr: $wk worker(s), three clients byte-exact, SIGUSR2, SIGHUP, exit ($w datagrams after the restart)"
}

run 2
run 3

{
	sm_server_conf tcp-server tls-crypt
	echo "data-threads 2"
} >"$LV_TMP/st.conf"
sm_server st "$LV_TMP/st.conf"
grep -q "data-threads 2: one thread (TCP transport)" "$SM_SRV_LOG" ||
	{ tail -20 "$SM_SRV_LOG"; lv_fail "tcp: the log does not say why one thread"; }
nt=$(tasks "$SM_SRV")
[ "$nt" = 1 ] || lv_fail "tcp: the server has $nt threads"
sm_ovpn ct1 1 tcp tls-crypt
sm_wait_up ct1
SM_DEV_1=$(sm_dev ct1)
sm_xfer 512 198.19.0.1 1
sm_term "$SM_PID_1" "tcp: client"
sm_term "$SM_SRV" "tcp: leanvpn server"
lv_log "PASS tcp: one thread, said, it serves"
lv_log "PASS"
