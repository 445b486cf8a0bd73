#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# ifconfig-pool-persist writes its file through a temporary file of random
# name made with O_EXCL (mkstemp) in the same directory, then renames it.
# Before, the temporary file was FILE.lvpn-tmp opened with fopen("w"): a
# symbolic link planted there made the server (root) write the pool into
# the link's target, and the rename then put the link in FILE's place.
# Here a link FILE.lvpn-tmp -> victim exists while a client connects and
# the server saves (every second, and at exit): the victim keeps its
# content and FILE is a regular file with the client's entry.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
sm_topo 1
sm_pki 1

echo precious >"$LV_TMP/victim"
ln -s "$LV_TMP/victim" "$LV_TMP/ipp.txt.lvpn-tmp"
{
	sm_server_conf udp none
	echo "ifconfig-pool-persist $LV_TMP/ipp.txt 1"
} >"$LV_TMP/s.conf"
sm_server s "$LV_TMP/s.conf"
sm_ovpn c 1 udp none
sm_wait_up c
sleep 2.5 # at least one save while the client is there
sm_term "$SM_SRV" "server"
lv_stop "$SM_PID_1"
[ "$(cat "$LV_TMP/victim")" = precious ] ||
	{ cat "$LV_TMP/victim"; lv_fail "the server wrote through the planted link into its target"; }
[ -f "$LV_TMP/ipp.txt" ] && [ ! -L "$LV_TMP/ipp.txt" ] || lv_fail "ipp.txt is not a regular file"
grep -q "^client1,198\.19\.0\." "$LV_TMP/ipp.txt" || { cat "$LV_TMP/ipp.txt"; lv_fail "ipp.txt has no entry for client1"; }
left=$(find "$LV_TMP" -maxdepth 1 -name 'ipp.txt.*' ! -name 'ipp.txt.lvpn-tmp' | wc -l)
[ "$left" = 0 ] || lv_fail "$left temporary files left behind"
lv_log "a link at the old temporary name is not followed; ipp.txt written: $(cat "$LV_TMP/ipp.txt")"
lv_log "PASS"
