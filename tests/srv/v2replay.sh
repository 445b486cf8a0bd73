#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# tls-crypt-v2 over TCP: a captured first frame replayed on many
# connections does not run --tls-crypt-v2-verify once per connection.
# tests/srv/flood (tcp mode) holds a valid client key:
#   1. the same first frame on 20 connections: the script runs once (a
#      frame seen within hand-window is refused unopened);
#   2. 20 fresh frames with connect-freq-initial 5 60: the script runs at
#      most 5 times (the budget), and the server stays up.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/../server/srvlib.sh"
sm_require
flood="$top_builddir/tests/srv/flood"
[ -x "$flood" ] || lv_fail "no $flood (make check builds it)"
sm_topo 1
sm_pki 1
lv_keys
cat >"$LV_TMP/verify.sh" <<EOT
#!/bin/sh
echo run >>"$LV_TMP/runs"
exit 0
EOT
chmod +x "$LV_TMP/verify.sh"
runs() { if [ -f "$LV_TMP/runs" ]; then wc -l <"$LV_TMP/runs"; else echo 0; fi; }

for mode in tcp tcp-fresh; do
	rm -f "$LV_TMP/runs"
	{
		sm_server_conf tcp-server tls-crypt-v2
		echo "tls-crypt-v2-verify $LV_TMP/verify.sh"
		echo "script-security 2"
		if [ $mode = tcp-fresh ]; then echo "connect-freq-initial 5 60"; fi
	} >"$LV_TMP/s-$mode.conf"
	sm_server "s-$mode" "$LV_TMP/s-$mode.conf"
	srv=$SM_SRV
	sent=$(ip netns exec "$SM_NS_1" "$flood" "$LV_LINK_S" 1194 0.0.0.0 20 v2 "$LV_TMP/tc2-client.key" $mode) ||
		lv_fail "$mode: flood failed"
	[ "$sent" = 20 ] || lv_fail "$mode: only $sent frames sent"
	sleep 1
	n=$(runs)
	lv_exited "$srv" && { tail -20 "$SM_SRV_LOG"; lv_fail "$mode: the server died"; }
	if [ $mode = tcp ]; then
		[ "$n" = 1 ] || { grep -v "a replayed first frame" "$SM_SRV_LOG" | tail -20; lv_fail "tcp: one frame replayed 20 times ran the verify script $n times"; }
	else
		[ "$n" -ge 1 ] && [ "$n" -le 5 ] || { tail -20 "$SM_SRV_LOG"; lv_fail "tcp-fresh: 20 fresh frames ran the verify script $n times (budget 5)"; }
	fi
	lv_log "$mode: 20 connections, the verify script ran $n times"
	lv_stop "$srv"
done
lv_log "PASS"
