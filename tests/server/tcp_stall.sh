#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# One TCP client that stops reading must not stall the server for the
# others (OpenVPN's tcp-queue-limit: the server queues per client and drops
# beyond the queue).
#   Two stock openvpn clients over TCP.  Client 1 is frozen with SIGSTOP
#   while a bounded UDP flood from the server's namespace goes to its tunnel
#   address, so its TCP connection fills up.  Meanwhile client 2 must keep a
#   working tunnel: 20 pings to the server's tunnel end, every one answered
#   within 1 s.  Then client 1 gets SIGCONT and must recover: its pings
#   answered again on the same connection (only whole frames were dropped,
#   the stream stayed framed); the server never exits, and it logs the
#   frames it dropped when client 1 leaves.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
command -v bash >/dev/null || { lv_log "SKIP: the flood needs bash (/dev/udp)"; exit 77; }
sm_topo 2
sm_pki 2
lv_keys
SRV_TUN=198.19.0.1

sm_server_conf tcp-server tls-crypt >"$LV_TMP/s.conf"
sm_server s "$LV_TMP/s.conf"
for c in 1 2; do
	sm_ovpn "c$c" "$c" tcp tls-crypt
done
for c in 1 2; do
	sm_wait_up "c$c"
done
a1=$(sm_addr 1)
[ -n "$a1" ] || lv_fail "client 1 has no tunnel address"
for c in 1 2; do
	lv_ping "$(sm_ns "$c")" "$SRV_TUN"
done
lv_log "both clients up; client 1 is $a1"

# freeze client 1, then flood it from the server side for the whole ping
# window: 150 bursts of 300 datagrams of 1400 bytes, 0.1 s apart (about
# 4 MB/s offered, 63 MB in all), for at most 25 s
kill -STOP "$SM_PID_1"
lv_bg "$LV_NS_S" "$LV_TMP/flood.log" timeout 25 bash -c \
	"for i in \$(seq 150); do dd if=/dev/zero bs=1400 count=300 2>/dev/null >/dev/udp/$a1/9; sleep 0.1; done"
flood=$LV_LASTPID
sleep 3 # the kernel buffers towards client 1 fill up
ip netns exec "$LV_NS_S" ss -tn state established "( sport = :1194 )" >"$LV_TMP/ss.out" 2>&1
if ip netns exec "$(sm_ns 2)" ping -q -c 20 -i 0.2 -W 1 "$SRV_TUN" >"$LV_TMP/ping2.out" 2>&1; then
	lost=0
else
	lost=1
fi
lv_exited "$flood" && lv_fail "the flood ended before the pings did: nothing was tested"
cat "$LV_TMP/ping2.out"
cat "$LV_TMP/ss.out"
kill -0 "$SM_SRV" 2>/dev/null || { tail -30 "$SM_SRV_LOG"; lv_fail "the server exited during the stall"; }
grep -q " 20 received" "$LV_TMP/ping2.out" && [ $lost = 0 ] ||
	{ tail -30 "$SM_SRV_LOG"; lv_fail "client 2 lost pings while client 1 was frozen"; }
lv_log "client 2: 20 of 20 pings answered within 1 s while client 1 was frozen"

lv_stop "$flood"
kill -CONT "$SM_PID_1"
lv_wait_for 60 ip netns exec "$(sm_ns 1)" ping -q -c 1 -W 1 "$SRV_TUN" ||
	{ tail -30 "$LV_TMP/c1.log"; echo "----- server"; tail -30 "$SM_SRV_LOG"; lv_fail "client 1 did not recover after SIGCONT"; }
# whole frames only were dropped: the stream stayed framed, so client 1
# goes on over the same connection (a reconnect would mean a broken frame)
n1=$(grep -c "Initialization Sequence Completed" "$LV_TMP/c1.log")
[ "$n1" = 1 ] || { tail -30 "$LV_TMP/c1.log"; lv_fail "client 1 reconnected ($n1 initialisations): the TCP framing broke"; }
lv_log "client 1 recovered after SIGCONT, on the same connection"
lv_ping "$(sm_ns 2)" "$SRV_TUN"
kill -0 "$SM_SRV" 2>/dev/null || lv_fail "the server exited"

# the frames dropped for client 1 are logged (verb 4) when it leaves
sm_term "$SM_PID_1" "client 1"
lv_wait_for 10 grep -q "dropped" "$SM_SRV_LOG" ||
	{ tail -30 "$SM_SRV_LOG"; lv_fail "no line about dropped frames in the server's log"; }
grep "dropped" "$SM_SRV_LOG" | head -3
sm_term "$SM_PID_2" "client 2"
sm_term "$SM_SRV" "server"
lv_log "PASS"
