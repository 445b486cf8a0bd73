#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Peer-supplied strings cannot forge lines.  A client with a valid
# certificate (tests/srv/loadgen, the engine as a client) sends the
# username "bob<LF>CLIENT_LIST,admin,...<LF>END" and a peer-info line
# with shell metacharacters:
#   1. with auth-user-pass-verify via-file: the management `status 2`, the
#      status file (version 2) and the credentials file show the username
#      with '_' for each line break (a comma in a status field too), the
#      verify script's environment has it and the peer-info value cleaned
#      as OpenVPN does, and no forged line is anywhere (log included);
#   2. certificate only (no auth-user-pass-verify): the username is not
#      looked at, `status 2` shows UNDEF, as OpenVPN 2.6 does.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
LOADGEN="$top_builddir/tests/srv/loadgen"
[ -x "$LOADGEN" ] || lv_fail "no $LOADGEN (make check builds it)"
sm_topo 1
sm_pki 1

EVIL='bob\nCLIENT_LIST,admin,1.2.3.4:1,198.19.0.99,,0,0,x,0,admin,99,0,AES-256-GCM\nEND'
SHOWN='bob_CLIENT_LIST,admin,1.2.3.4:1,198.19.0.99,,0,0,x,0,admin,99,0,AES-256-GCM_END'
SHOWN_CSV=$(echo "$SHOWN" | tr ',' '_')

cat >"$LV_TMP/verify.sh" <<EOT
#!/bin/sh
/usr/bin/env >"$LV_TMP/verify.env"
exec /bin/cp "\$1" "$LV_TMP/cred.copy"
EOT
chmod 755 "$LV_TMP/verify.sh"

# no_forged FILE WHAT: FILE has exactly one END line, one client line with
# the right number of fields, and no line the username made
no_forged() {
	[ "$(grep -c '^END' "$1")" = 1 ] || { cat "$1"; lv_fail "$2: END lines: $(grep -c '^END' "$1")"; }
	[ "$(grep -c '^CLIENT_LIST' "$1")" = 1 ] || { cat "$1"; lv_fail "$2: forged CLIENT_LIST line"; }
	nf=$(grep '^CLIENT_LIST' "$1" | tr -d '\r' | awk -F, '{print NF}')
	[ "$nf" = 13 ] || { cat "$1"; lv_fail "$2: the client line has $nf fields, not 13"; }
}

run_client() {
	lv_bg "$SM_NS_1" "$LV_TMP/lg-$1.log" env LOADGEN_USER="$EVIL" LOADGEN_PASS='pw\nx' \
		LOADGEN_INFO='UV_EVIL=$(id)`x` y' \
		"$LOADGEN" "$LV_LINK_S" 1194 1 15 "$LV_PKI/ca.crt" "$LV_PKI/client1.crt" "$LV_PKI/client1.key"
	LG=$LV_LASTPID
	lv_wait_for 20 grep -q "^connected 1" "$LV_TMP/lg-$1.log" ||
		{ cat "$LV_TMP/lg-$1.log"; tail -20 "$SM_SRV_LOG"; lv_fail "$1: the client did not connect"; }
}

# 1. auth-user-pass-verify via-file
{
	sm_server_conf udp none
	echo "management $LV_TMP/m.sock unix"
	echo "status $LV_TMP/status.txt 1"
	echo "status-version 2"
	echo "script-security 2"
	echo "auth-user-pass-verify $LV_TMP/verify.sh via-file"
} >"$LV_TMP/s1.conf"
sm_server s1 "$LV_TMP/s1.conf"
run_client auth
sm_chat "status 2" >"$LV_TMP/st2.txt"
no_forged "$LV_TMP/st2.txt" "management status 2"
grep -q "^CLIENT_LIST,client1,.*,$SHOWN_CSV,[0-9]*,0,AES-256-GCM" "$LV_TMP/st2.txt" ||
	{ cat "$LV_TMP/st2.txt"; lv_fail "status 2: the username is not shown cleaned"; }
sleep 2.2 # the status file is rewritten every second
no_forged "$LV_TMP/status.txt" "status file"
[ "$(wc -l <"$LV_TMP/cred.copy")" = 2 ] || { cat "$LV_TMP/cred.copy"; lv_fail "via-file: not two lines"; }
[ "$(head -1 "$LV_TMP/cred.copy")" = "$SHOWN" ] || { cat "$LV_TMP/cred.copy"; lv_fail "via-file: username"; }
[ "$(sed -n 2p "$LV_TMP/cred.copy")" = "pw_x" ] || { cat "$LV_TMP/cred.copy"; lv_fail "via-file: password"; }
grep -qx "username=$SHOWN" "$LV_TMP/verify.env" || { cat "$LV_TMP/verify.env"; lv_fail "env: username"; }
# OpenVPN's peer-info check: space, '$', '(' and '`' become '_'
grep -qx 'UV_EVIL=__id)_x__y' "$LV_TMP/verify.env" || { grep UV_ "$LV_TMP/verify.env"; lv_fail "env: UV_EVIL"; }
if grep -Eq '^(CLIENT_LIST|END)' "$SM_SRV_LOG"; then
	grep -E '^(CLIENT_LIST|END)' "$SM_SRV_LOG"
	lv_fail "the server log has a forged line"
fi
grep -q "username '$SHOWN'" "$SM_SRV_LOG" || { tail -20 "$SM_SRV_LOG"; lv_fail "log: the username is not shown cleaned"; }
lv_stop "$LG"
sm_term "$SM_SRV" "server 1"
lv_log "auth-user-pass-verify: status 2, status file, via-file, env and log show no forged line"

# 2. certificate only: the username is not used at all
{
	sm_server_conf udp none
	echo "management $LV_TMP/m.sock unix"
} >"$LV_TMP/s2.conf"
sm_server s2 "$LV_TMP/s2.conf"
run_client cert
sm_chat "status 2" >"$LV_TMP/st2b.txt"
no_forged "$LV_TMP/st2b.txt" "certificate only: status 2"
grep -q '^CLIENT_LIST,client1,.*,UNDEF,[0-9]*,0,AES-256-GCM' "$LV_TMP/st2b.txt" ||
	{ cat "$LV_TMP/st2b.txt"; lv_fail "certificate only: the username is not UNDEF"; }
lv_stop "$LG"
sm_term "$SM_SRV" "server 2"
lv_log "certificate only: the username shows as UNDEF"
lv_log "PASS"
