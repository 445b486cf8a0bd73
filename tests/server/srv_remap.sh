#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --remap-usr1 and --management-signal in the server, as OpenVPN 2.6
# (sig.c remap_signal, manage.c man_mod_signal/man_reset_client_socket):
# with remap-usr1 SIGTERM a SIGUSR1 ends the server (status 0); with
# SIGHUP it restarts as after a SIGHUP; with management-signal a closing
# management connection throws a SIGUSR1 (a restart), remapped too: then
# `signal SIGUSR1` answers "SUCCESS: signal SIGTERM thrown".
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
[ -x "$SM_CHAT" ] || lv_fail "no $SM_CHAT (make check builds it)"
sm_topo 0
sm_pki 0
lv_keys

# srv NAME EXTRA-LINES...: a server started with those lines
srv() {
	name=$1
	shift
	{
		sm_server_conf udp tls-crypt
		printf '%s\n' "$@"
	} >"$LV_TMP/$name.conf"
	sm_server "$name" "$LV_TMP/$name.conf"
}

# gone PID WHAT: PID exits with status 0 within 15 s
gone() {
	lv_exit_status "$1" 15
	[ "$LV_STATUS" = 0 ] || { tail -20 "$SM_SRV_LOG"; lv_fail "$2: exit status $LV_STATUS"; }
}

srv term "remap-usr1 SIGTERM"
kill -USR1 "$SM_SRV"
gone "$SM_SRV" "remap-usr1 SIGTERM, SIGUSR1"
grep -q "SIGTERM.* received, process exiting" "$SM_SRV_LOG" ||
	{ tail -20 "$SM_SRV_LOG"; lv_fail "remap-usr1 SIGTERM: no SIGTERM logged"; }
lv_log "remap-usr1 SIGTERM: SIGUSR1 ended the server"

srv hup "remap-usr1 SIGHUP"
kill -USR1 "$SM_SRV"
lv_wait_for 15 sm_up "$SM_SRV_LOG" 2 || { tail -20 "$SM_SRV_LOG"; lv_fail "remap-usr1 SIGHUP: no restart"; }
grep -q "SIGHUP\[hard,\] received, process restarting" "$SM_SRV_LOG" ||
	{ tail -20 "$SM_SRV_LOG"; lv_fail "remap-usr1 SIGHUP: no SIGHUP logged"; }
sm_term "$SM_SRV" "remap-usr1 SIGHUP"
lv_log "remap-usr1 SIGHUP: SIGUSR1 restarted the server as a SIGHUP"

srv msig "management $LV_TMP/m.sock unix" "management-signal"
sm_chat "version" >"$LV_TMP/r.v"
lv_wait_for 15 sm_up "$SM_SRV_LOG" 2 ||
	{ tail -20 "$SM_SRV_LOG"; lv_fail "management-signal: no restart after the connection closed"; }
grep -q "SIGUSR1\[hard,\] received, process restarting" "$SM_SRV_LOG" ||
	{ tail -20 "$SM_SRV_LOG"; lv_fail "management-signal: no SIGUSR1 logged"; }
sm_term "$SM_SRV" "management-signal"
lv_log "management-signal: a closed management connection restarted the server"

srv mterm "management $LV_TMP/m.sock unix" "management-signal" "remap-usr1 SIGTERM"
sm_chat "signal SIGUSR1" >"$LV_TMP/r.s"
grep -q "^SUCCESS: signal SIGTERM thrown" "$LV_TMP/r.s" || { cat "$LV_TMP/r.s"; lv_fail "signal SIGUSR1 not remapped"; }
gone "$SM_SRV" "signal SIGUSR1 under remap-usr1 SIGTERM"
srv mterm2 "management $LV_TMP/m.sock unix" "management-signal" "remap-usr1 SIGTERM"
sm_chat "version" >"$LV_TMP/r.v2"
gone "$SM_SRV" "management-signal under remap-usr1 SIGTERM"
lv_log "remap-usr1 SIGTERM: 'signal SIGUSR1' and a closed management connection end the server"
lv_log "PASS"
