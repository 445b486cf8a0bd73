#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --tls-verify in the server, as OpenVPN 2.6 runs it: for each certificate
# of a connecting client's chain (the CA at depth 1, then the client at
# depth 0), the script gets "depth subject" and the chain's variables so
# far (X509_1_CN, then X509_0_CN too, tls_id_N, untrusted_ip/port,
# common_name at depth 0, script_type=tls-verify).  A non-zero exit refuses
# the client: here the script refuses client2 and accepts client1, which
# carries data.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
sm_topo 2
sm_pki 2
lv_keys

S="$LV_TMP/scripts"
mkdir -p "$S"
cat >"$S/verify.sh" <<'EOS'
#!/bin/sh
# record, then refuse client2's own certificate
d="$(dirname "$0")"
{ echo "ARGS $*"; env | sort; echo END; } >>"$d/verify.log"
[ "$1" = 0 ] && case "$2" in *CN=client2*) exit 1 ;; esac
exit 0
EOS
chmod +x "$S/verify.sh"
{
	sm_server_conf udp tls-crypt
	echo "script-security 2"
	echo "tls-verify $S/verify.sh"
} >"$LV_TMP/s.conf"
sm_server s "$LV_TMP/s.conf"
sm_ovpn c1 1 udp tls-crypt
sm_wait_up c1
sm_ovpn c2 2 udp tls-crypt
sleep 5
sm_up "$LV_TMP/c2.log" && lv_fail "client2 connected although tls-verify refused it"
grep -q "VERIFY SCRIPT ERROR: depth=0, .*CN=client2" "$SM_SRV_LOG" ||
	{ tail -20 "$SM_SRV_LOG"; lv_fail "the server did not log the refusal of client2"; }
ip netns exec "$(sm_ns 1)" ping -c 2 -W 2 198.19.0.1 >/dev/null || lv_fail "no traffic for client1"

log="$S/verify.log"
grep -q "^ARGS 1 .*CN=" "$log" || { cat "$log"; lv_fail "no run for the CA at depth 1"; }
grep -q "^ARGS 0 .*CN=client1" "$log" || { cat "$log"; lv_fail "no run for client1 at depth 0"; }
# the run for client1 at depth 0: its variables
awk '/^ARGS 0 .*CN=client1/ { on = 1 } on { print } on && /^END$/ { exit }' "$log" >"$LV_TMP/d0"
for v in script_type=tls-verify common_name=client1 X509_0_CN=client1 X509_1_CN= tls_id_0= \
	tls_id_1= tls_serial_0= tls_digest_sha256_0= untrusted_ip=198.18.1.11 untrusted_port= dev= \
	verb=; do
	grep -q "^$v" "$LV_TMP/d0" || { cat "$LV_TMP/d0"; lv_fail "depth 0: no $v"; }
done
lv_log "client1: depth 1 then depth 0 with the chain's variables; client2 refused by the script"
lv_log "PASS"
