#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The leanvpn server as a process, with openvpn 2.6 clients in two
# namespaces: ifconfig-pool-persist (read at start, written every n seconds
# and at exit, a returning common name gets its old address); --daemon
# with --writepid, --user/--group (only CAP_NET_ADMIN kept, the tunnel
# still works, routes removed at exit); SIGUSR2 statistics; SIGUSR1, SIGHUP
# and the management's `signal SIGHUP` restart the server and the clients
# come back.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/hooks_lib.sh"
lv_require_root
command -v openvpn >/dev/null || lv_fail "openvpn not installed"
lv_netns_pair
hk_pki ec
hk_cert client "/O=leanvpn test/OU=good/CN=client"
hk_cert other "/O=leanvpn test/OU=good/CN=other"
passed=0
addr_of() { ip -n "$LV_NS_C" -4 addr show | sed -n 's/.*inet \(198\.19\.0\.[0-9]*\).*/\1/p' | head -1; }

# --- ifconfig-pool-persist ---
printf '# written by hand\nclient,198.19.0.50,\n' >"$LV_TMP/ipp.txt"
hk_server_conf "ifconfig-pool-persist $LV_TMP/ipp.txt 1" >"$LV_TMP/s.conf"
hk_start_server "$LV_TMP/s.conf"
hk_client "$LV_NS_C" client "$LV_TMP/c.log" --explicit-exit-notify 1
hk_up "$LV_TMP/c.log" || { tail "$LV_TMP/c.log" "$LV_TMP/s.log"; lv_fail "persist: no tunnel"; }
[ "$(addr_of)" = 198.19.0.50 ] || lv_fail "persist: the file's address was not used ($(addr_of))"
lv_stop "$HK_CLI"
hk_client "$LV_NS_C" other "$LV_TMP/c.log" --explicit-exit-notify 1
hk_up "$LV_TMP/c.log" || lv_fail "persist: second client"
other=$(addr_of)
# written within the interval while running
lv_wait_for 5 grep -q "^other,$other,2001:2:0:1::" "$LV_TMP/ipp.txt" || { cat "$LV_TMP/ipp.txt"; lv_fail "persist: file not written while running"; }
lv_stop "$HK_CLI"
lv_stop "$HK_SRV"
grep -qx "client,198.19.0.50,2001:2:0:1::[0-9a-f]*" "$LV_TMP/ipp.txt" || { cat "$LV_TMP/ipp.txt"; lv_fail "persist: client line"; }
# the real openvpn reads the file we wrote the same way: it gives "other"
# the same address
lv_bg "$LV_NS_S" "$LV_TMP/o.log" openvpn --config "$LV_TMP/s.conf"
osrv=$LV_LASTPID
lv_wait_for 15 grep -q "Initialization Sequence Completed" "$LV_TMP/o.log" || { tail "$LV_TMP/o.log"; lv_fail "persist: openvpn server"; }
hk_client "$LV_NS_C" other "$LV_TMP/c.log" --explicit-exit-notify 1
hk_up "$LV_TMP/c.log" || lv_fail "persist: client of openvpn"
[ "$(addr_of)" = "$other" ] || lv_fail "persist: openvpn gave other $(addr_of), we gave $other"
lv_stop "$HK_CLI"
lv_stop "$osrv"
# and we read the file openvpn wrote at its exit
hk_start_server "$LV_TMP/s.conf"
hk_client "$LV_NS_C" other "$LV_TMP/c.log" --explicit-exit-notify 1
hk_up "$LV_TMP/c.log" || lv_fail "persist: reconnect"
[ "$(addr_of)" = "$other" ] || lv_fail "persist: other came back with $(addr_of), had $other"
lv_stop "$HK_CLI"
lv_stop "$HK_SRV"
lv_log "ok: ifconfig-pool-persist (read, written periodically and at exit, same format as openvpn's)"
passed=$((passed + 1))

# --- --daemon, --writepid, --user/--group, SIGUSR2 ---
ip -n "$LV_NS_S" route show table all | grep -v fe80 >"$LV_TMP/before"
hk_server_conf daemon "writepid $LV_TMP/pid" "user nobody" "group nogroup" "log $LV_TMP/d.log" \
	"status $LV_TMP/status.txt 1" >"$LV_TMP/s.conf"
ip netns exec "$LV_NS_S" "$top_builddir/src/leanvpn" --config "$LV_TMP/s.conf" >"$LV_TMP/fg.log" 2>&1 ||
	{ cat "$LV_TMP/fg.log"; lv_fail "daemon: the foreground process failed"; }
lv_wait_for 10 test -s "$LV_TMP/pid" || lv_fail "daemon: no pid file"
dpid=$(cat "$LV_TMP/pid")
LV_PIDS="$LV_PIDS $dpid"
lv_wait_for 10 grep -q "Initialization Sequence Completed" "$LV_TMP/d.log" || { cat "$LV_TMP/d.log"; lv_fail "daemon: did not start"; }
grep -q "privileges dropped to user nobody group nogroup" "$LV_TMP/d.log" || lv_fail "daemon: privileges not dropped"
uid=$(awk '/^Uid:/ {print $3}' "/proc/$dpid/status")
capeff=$(awk '/^CapEff:/ {print $2}' "/proc/$dpid/status")
[ "$uid" = "$(id -u nobody)" ] || lv_fail "daemon: runs as uid $uid"
[ "$capeff" = 0000000000001000 ] || lv_fail "daemon: capabilities $capeff (want CAP_NET_ADMIN only)"
hk_client "$LV_NS_C" client "$LV_TMP/c.log"
hk_up "$LV_TMP/c.log" || { tail "$LV_TMP/c.log" "$LV_TMP/d.log"; lv_fail "daemon: no tunnel"; }
lv_ping "$LV_NS_C" 198.19.0.1
kill -USR2 "$dpid"
lv_wait_for 5 grep -q "STATISTICS: 1 clients connected" "$LV_TMP/d.log" || lv_fail "daemon: SIGUSR2"
lv_stop "$HK_CLI"
lv_stop "$dpid"
grep -q "Exiting" "$LV_TMP/d.log" || lv_fail "daemon: no clean exit"
ip -n "$LV_NS_S" route show table all | grep -v fe80 >"$LV_TMP/after"
diff "$LV_TMP/before" "$LV_TMP/after" || lv_fail "daemon: routes left behind after dropping privileges"
lv_log "ok: daemon, writepid, user/group with CAP_NET_ADMIN only, SIGUSR2"
passed=$((passed + 1))

# --- restarts: SIGUSR1, SIGHUP (config read again), management signal ---
chat="$top_builddir/tests/srv/mgmt_chat"
hk_server_conf "explicit-exit-notify 1" "management $LV_TMP/m.sock unix" >"$LV_TMP/s.conf"
hk_start_server "$LV_TMP/s.conf"
hk_client "$LV_NS_C" client "$LV_TMP/c.log"
cli=$HK_CLI
hk_up "$LV_TMP/c.log" || lv_fail "restart: no tunnel"
ups() { grep -c "Initialization Sequence Completed" "$LV_TMP/c.log"; }
kill -USR1 "$HK_SRV"
lv_wait_for 30 sh -c "[ \$(grep -c 'Initialization Sequence Completed' '$LV_TMP/c.log') -ge 2 ]" ||
	{ tail -20 "$LV_TMP/s.log" "$LV_TMP/c.log"; lv_fail "SIGUSR1: the client did not come back"; }
grep -q "SIGUSR1\[hard,\] received, process restarting" "$LV_TMP/s.log" || lv_fail "SIGUSR1: not logged"
lv_ping "$LV_NS_C" 198.19.0.1
# SIGHUP reads the configuration again: a new push line takes effect
echo 'push "route 198.19.77.0 255.255.255.0"' >>"$LV_TMP/s.conf"
kill -HUP "$HK_SRV"
lv_wait_for 30 sh -c "[ \$(grep -c 'Initialization Sequence Completed' '$LV_TMP/c.log') -ge 3 ]" ||
	{ tail -20 "$LV_TMP/s.log" "$LV_TMP/c.log"; lv_fail "SIGHUP: the client did not come back"; }
lv_wait_for 5 sh -c "ip -n $LV_NS_C route | grep -q '^198.19.77.0/24'" || lv_fail "SIGHUP: the new config was not read"
if [ -x "$chat" ]; then
	lv_wait_for 5 test -S "$LV_TMP/m.sock" || lv_fail "management socket after restart"
	"$chat" "$LV_TMP/m.sock" "signal SIGHUP" >"$LV_TMP/sig.txt" 2>&1
	grep -q "^SUCCESS: signal SIGHUP thrown" "$LV_TMP/sig.txt" || { cat "$LV_TMP/sig.txt"; lv_fail "management signal SIGHUP"; }
	lv_wait_for 30 sh -c "[ \$(grep -c 'Initialization Sequence Completed' '$LV_TMP/c.log') -ge 4 ]" ||
		lv_fail "management SIGHUP: the client did not come back"
fi
lv_ping "$LV_NS_C" 198.19.0.1
lv_stop "$cli"
lv_stop "$HK_SRV"
lv_log "ok: SIGUSR1, SIGHUP and management 'signal SIGHUP' restart the server; clients reconnect"
passed=$((passed + 1))
lv_log "PASS: $passed cases"
