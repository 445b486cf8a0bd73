#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# data-threads 2 against Debian's openvpn 2.6 server:
#  - UDP: the client runs two threads (/proc/PID/task), the second one
#    does real work (its CPU time grows during a transfer), 8 MB over IPv4
#    and 4 MB over IPv6 cross the tunnel each way at once byte-exact;
#    after SIGUSR1 the new connection has its second thread again and
#    carries data; SIGTERM: exit 0, the exit counters include the second
#    thread's sends, and the namespace is as before;
#  - TCP transport: one thread, said in the log, and the tunnel works;
#  - a client configuration with data-threads 3 is refused, naming the
#    file, the line and the option.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa
lv_keys

# tasks PID: how many threads the process has
tasks() { ls "/proc/$1/task" 2>/dev/null | wc -l; }

# second_cpu PID: the CPU ticks of the process's second thread (not the
# one whose id is the PID)
second_cpu() {
	for t in /proc/"$1"/task/*; do
		[ "${t##*/}" = "$1" ] && continue
		sed 's/^.*) //' "$t/stat" | awk '{ print $12 + $13 }'
		return
	done
	echo 0
}

lv_server thr-srv udp "tls-crypt $LV_TMP/tc.key"
lv_profile "$LV_TMP/thr.ovpn" udp "tls-crypt $LV_TMP/tc.key" "data-threads 2"
lv_snapshot "$LV_NS_C" "$LV_TMP/c.before"
lv_client thr "$LV_TMP/thr.ovpn"
lv_wait_up 20
grep -q "data-threads 2: the TUN -> link direction on its own thread" "$LV_CLI_LOG" ||
	{ lv_dump; lv_fail "udp: no second thread said in the log"; }
n=$(tasks "$LV_CLI")
[ "$n" = 2 ] || lv_fail "udp: $n threads, not 2"
cpu0=$(second_cpu "$LV_CLI")
lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 30000
lv_xfer 198.19.0.1 8
lv_xfer 2001:2:0:1::1 4
cpu1=$(second_cpu "$LV_CLI")
[ "$cpu1" -gt "$cpu0" ] || lv_fail "udp: the second thread did no work ($cpu0 -> $cpu1 ticks)"
lv_log "udp: 2 threads, the second used $((cpu1 - cpu0)) ticks during the transfers"

# a restart: the thread is stopped with the connection and started again
kill -USR1 "$LV_CLI"
lv_wait_for 30 sh -c "[ \$(grep -c 'Initialization Sequence Completed' '$LV_CLI_LOG') -ge 2 ]" ||
	{ lv_dump; lv_fail "udp: no reconnection after SIGUSR1"; }
[ "$(grep -c 'on its own thread' "$LV_CLI_LOG")" = 2 ] || lv_fail "udp: no second thread after the restart"
n=$(tasks "$LV_CLI")
[ "$n" = 2 ] || lv_fail "udp: $n threads after the restart, not 2"
lv_ping "$LV_NS_C" 198.19.0.1
lv_xfer 198.19.0.1 2
lv_stop_client
w=$(sed -n 's/.*STATISTICS: link .*writes \([0-9]*\) packets.*/\1/p' "$LV_CLI_LOG" | tail -1)
[ -n "$w" ] && [ "$w" -gt 5000 ] || { lv_dump; lv_fail "udp: link writes at exit '$w': the second thread's sends are not counted"; }
lv_same_state "$LV_NS_C" "$LV_TMP/c.before" "udp client"
lv_log "PASS udp: two threads, byte-exact both ways, restart, exit ($w datagrams sent)"
lv_stop "$LV_SRV"

lv_server thr-tsrv tcp-server "tls-crypt $LV_TMP/tc.key"
lv_profile "$LV_TMP/thr-tcp.ovpn" tcp "tls-crypt $LV_TMP/tc.key" "data-threads 2"
lv_client thr-tcp "$LV_TMP/thr-tcp.ovpn"
lv_wait_up 20
grep -q "data-threads 2: one thread on this connection (TCP transport)" "$LV_CLI_LOG" ||
	{ lv_dump; lv_fail "tcp: the log does not say why one thread"; }
n=$(tasks "$LV_CLI")
[ "$n" = 1 ] || lv_fail "tcp: $n threads, not 1"
lv_xfer 198.19.0.1 2
lv_stop_client
lv_stop "$LV_SRV"
lv_log "PASS tcp: one thread, said, tunnel works"

# a client takes 1 or 2
sed 's/^data-threads 2$/data-threads 3/' "$LV_TMP/thr.ovpn" >"$LV_TMP/thr3.ovpn"
line=$(grep -n '^data-threads 3$' "$LV_TMP/thr3.ovpn" | cut -d: -f1)
if "$LV_LEANVPN" --config "$LV_TMP/thr3.ovpn" --check-config >"$LV_TMP/thr3.out" 2>&1; then
	cat "$LV_TMP/thr3.out"
	lv_fail "a client with data-threads 3 was accepted"
fi
grep -q "thr3.ovpn:$line: option 'data-threads'" "$LV_TMP/thr3.out" ||
	{ cat "$LV_TMP/thr3.out"; lv_fail "the refusal does not name the file, line and option"; }
lv_log "PASS data-threads 3 refused for a client ($(head -1 "$LV_TMP/thr3.out"))"
lv_log "PASS"
