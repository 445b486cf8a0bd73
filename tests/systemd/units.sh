#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The systemd units, as the build made them (configs/systemd/*.service),
# run without systemd: the unit's ExecStart line with %i, %I and %t
# substituted and this build's leanvpn for the installed one, started in
# a copy of its WorkingDirectory, with NOTIFY_SOCKET naming a stand-in for
# systemd's socket (tests/systemd/notify_recv).  That socket must get
# READY=1 from leanvpn's own PID (systemd's NotifyAccess=main) once the
# tunnel is up, and STOPPING=1 when SIGTERM stops it (exit status 0); the
# client and the server also RELOADING=1 and READY=1 again on SIGHUP.
# The client runs against Debian's openvpn server (a socket path), the
# server against Debian's openvpn client (an abstract socket, '@name').
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/../server/srvlib.sh"
lv_require_client
recv=$top_builddir/tests/systemd/notify_recv
units=$top_builddir/configs/systemd
[ -x "$recv" ] || lv_fail "no $recv (make check builds it)"
lv_netns_pair
lv_pki rsa

# unit_get UNIT KEY: the value of KEY= in UNIT (the last one).
unit_get() { sed -n "s/^$2=//p" "$1" | tail -1; }

# unit_check UNIT ROLE: the directives the test relies on.
unit_check() {
	[ "$(unit_get "$1" Type)" = notify ] || lv_fail "$1: Type is not notify"
	case $(unit_get "$1" WorkingDirectory) in
	*/leanvpn/"$2") ;;
	*) lv_fail "$1: WorkingDirectory is not .../leanvpn/$2" ;;
	esac
	cmd=$(unit_get "$1" ExecStart)
	case ${cmd%% *} in
	/*/sbin/leanvpn) ;;
	*) lv_fail "$1: ExecStart runs '${cmd%% *}', not an sbin/leanvpn" ;;
	esac
}

# unit_start UNIT INSTANCE NS LOG NOTIFY: runs UNIT's ExecStart for
# INSTANCE in namespace NS in $LV_TMP/etc/ plus the last component of the
# unit's WorkingDirectory, %t being $LV_TMP/run.  Sets UNIT_PID.
unit_start() {
	cmd=$(unit_get "$1" ExecStart | sed -e "s|%[iI]|$2|g" -e "s|%t|$LV_TMP/run|g")
	(
		cd "$LV_TMP/etc/$(basename "$(unit_get "$1" WorkingDirectory)")" || exit 1
		NOTIFY_SOCKET=$5
		export NOTIFY_SOCKET
		# shellcheck disable=SC2086
		exec ip netns exec "$3" "$LV_LEANVPN" ${cmd#* } >"$4" 2>&1
	) &
	UNIT_PID=$!
	LV_PIDS="$LV_PIDS $UNIT_PID"
}

# notified OUT WHAT PID: the receiver's output holds WHAT from PID.
notified() {
	awk -v want="$2" -v pid="pid=$3" '/^pid=/ { from = $0 } $0 == want && from == pid { ok = 1 } END { exit !ok }' "$1"
}

# expect_notify OUT WHAT PID LOG: waits (10 s) for it, or fails.
expect_notify() {
	lv_wait_for 10 notified "$1" "$2" "$3" && return 0
	echo "----- received"; cat "$1"; echo "----- log"; tail -30 "$4"
	lv_fail "no $2 from pid $3 on the notify socket"
}

# --- leanvpn-client@: against Debian's openvpn server, a socket path
cu=$units/leanvpn-client@.service
unit_check "$cu" client
lv_server srv udp
mkdir -p "$LV_TMP/etc/client" "$LV_TMP/run"
lv_profile "$LV_TMP/etc/client/office.conf" udp
lv_bg "$LV_NS_C" "$LV_TMP/notify-c.out" "$recv" "$LV_TMP/notify.sock" 60
recv_c=$LV_LASTPID
lv_wait_for 5 test -S "$LV_TMP/notify.sock" || lv_fail "notify_recv did not bind"
LV_CLI_LOG=$LV_TMP/client.log
unit_start "$cu" office "$LV_NS_C" "$LV_CLI_LOG" "$LV_TMP/notify.sock"
LV_CLI=$UNIT_PID
lv_wait_up
lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 20000
expect_notify "$LV_TMP/notify-c.out" READY=1 "$LV_CLI" "$LV_CLI_LOG"
grep -q '^STATUS=.' "$LV_TMP/notify-c.out" || lv_fail "client: no STATUS= line"
grep -q -- '--suppress-timestamps' /proc/"$LV_CLI"/cmdline || lv_fail "client: not started from the unit's ExecStart"
kill -HUP "$LV_CLI"
expect_notify "$LV_TMP/notify-c.out" RELOADING=1 "$LV_CLI" "$LV_CLI_LOG"
lv_wait_for 30 sh -c "[ \$(grep -c '^READY=1' '$LV_TMP/notify-c.out') -ge 2 ]" ||
	{ cat "$LV_TMP/notify-c.out"; lv_fail "client: no READY=1 after the SIGHUP reload"; }
lv_stop_client
expect_notify "$LV_TMP/notify-c.out" STOPPING=1 "$LV_CLI" "$LV_CLI_LOG"
lv_exit_status "$recv_c" 5
lv_log "client unit: READY=1, RELOADING=1 then READY=1 on SIGHUP, STOPPING=1 from pid $LV_CLI, tunnel proven"
lv_stop "$LV_SRV"

# --- leanvpn-server@: against Debian's openvpn client, an abstract socket
su=$units/leanvpn-server@.service
unit_check "$su" server
[ "$(unit_get "$su" RuntimeDirectory)" = leanvpn-server ] || lv_fail "$su: RuntimeDirectory is not leanvpn-server"
mkdir -p "$LV_TMP/etc/server" "$LV_TMP/run/leanvpn-server"
sm_server_conf udp none >"$LV_TMP/etc/server/hq.conf"
lv_bg "$LV_NS_S" "$LV_TMP/notify-s.out" "$recv" "@lvpn-notify-$$" 60
recv_s=$LV_LASTPID
lv_wait_for 5 sh -c "ip netns exec $LV_NS_S cat /proc/net/unix | grep -q '@lvpn-notify-$$'" ||
	lv_fail "notify_recv did not bind @lvpn-notify-$$"
SM_SRV_LOG=$LV_TMP/server.log
unit_start "$su" hq "$LV_NS_S" "$SM_SRV_LOG" "@lvpn-notify-$$"
srv=$UNIT_PID
expect_notify "$LV_TMP/notify-s.out" READY=1 "$srv" "$SM_SRV_LOG"
grep -q "Initialization Sequence Completed" "$SM_SRV_LOG" || lv_fail "server: READY=1 before it was up"
SM_NS_1=$LV_NS_C
sm_pki 1
sm_ovpn oc 1 udp none
sm_wait_up oc
SM_DEV_1=$(sm_dev oc)
sm_xfer 64 198.19.0.1 1
status=$LV_TMP/run/leanvpn-server/status-hq.log
lv_wait_for 10 grep -q '^HEADER,CLIENT_LIST' "$status" ||
	lv_fail "server: no status file of version 2 at $status"
# SIGHUP: RELOADING=1 (with systemd's MONOTONIC_USEC), then READY=1 again
kill -HUP "$srv"
expect_notify "$LV_TMP/notify-s.out" RELOADING=1 "$srv" "$SM_SRV_LOG"
grep -q '^MONOTONIC_USEC=[1-9]' "$LV_TMP/notify-s.out" || lv_fail "server: RELOADING=1 without MONOTONIC_USEC"
lv_wait_for 15 sh -c "[ \$(grep -c '^READY=1' '$LV_TMP/notify-s.out') -ge 2 ]" ||
	{ cat "$LV_TMP/notify-s.out"; lv_fail "server: no READY=1 after the SIGHUP reload"; }
sm_term "$srv" "server unit"
expect_notify "$LV_TMP/notify-s.out" STOPPING=1 "$srv" "$SM_SRV_LOG"
lv_exit_status "$recv_s" 5
lv_log "server unit: READY=1, RELOADING=1 then READY=1 on SIGHUP, STOPPING=1 from pid $srv, a client's transfer, status file version 2"
lv_log "PASS"
