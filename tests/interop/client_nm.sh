#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# leanvpn run as NetworkManager-openvpn runs openvpn, against Debian's
# openvpn server (username/password, no client certificate).
#
# 1. The argument list NetworkManager-openvpn's service builds for a
#    "password" connection over UDP (nm-openvpn-service.c,
#    nm_openvpn_start_openvpn_binary; --syslog is left out so the test can
#    read the log; NM's default --user nm-openvpn --group nm-openvpn
#    --chroot /var/lib/openvpn/chroot become nobody, nogroup and an empty
#    directory of the test), and the service's
#    management dialogue (tests/interop/nm_mgmt.py): a wrong password first,
#    ">PASSWORD:Verification Failed: 'Auth'", then the right one (auth-retry
#    interact).  --ifconfig-noexec/--route-noexec: leanvpn sets no address
#    and no route; the --up helper (NM's nm-openvpn-service-openvpn-helper
#    hands the environment to NetworkManager over D-Bus) applies the address
#    with ip, as NetworkManager would.  The server renegotiates after 8 s:
#    with --auth-nocache the password is asked again on the interface.
#    The tunnel must carry traffic.
# 2. A GUI's dialogue over TCP on loopback with a password file and
#    --management-hold: >HOLD, hold release, >PASSWORD, every >STATE up to
#    CONNECTED with the addresses, >BYTECOUNT, status, signal SIGUSR1 ->
#    RECONNECTING and the password asked again (auth-nocache), signal
#    SIGTERM -> EXITING and exit status 0.
# 3. NetworkManager's "tls" connection with an encrypted key: its pass
#    phrase asked as 'Private Key'; a wrong one is fatal (Verification
#    Failed, >FATAL, exit status 1).  SIGUSR1 (persist-tun, up-restart):
#    the device and the helper's address are kept, the helper runs again
#    with "restart", the tunnel still carries traffic.
# 4. A restart's reason: ping-restart -> RECONNECTING,ping-restart.
# 5. auth-retry nointeract retries a refused password (RECONNECTING,
#    auth-failure); none exits 2 (EXITING,auth-failure).
# 6. A static challenge asked with SC:1,TEXT and answered with SCRV1; a
#    pushed echo reaches the interface as >ECHO.
. "$(dirname "$0")/lib.sh"
lv_require_client
command -v python3 >/dev/null || { lv_log "SKIP: python3 not installed"; exit 77; }
NM_MGMT="$top_srcdir/tests/interop/nm_mgmt.py"
lv_netns_pair
lv_pki rsa
lv_keys

# a static challenge's answer: SCRV1:base64(password):base64(response)
scrv1="SCRV1:$(printf '%s' 's3cret' | base64):$(printf '%s' '123456' | base64)"
cat >"$LV_TMP/verify.sh" <<EOS
#!/bin/sh
u=\$(sed -n 1p "\$1")
p=\$(sed -n 2p "\$1")
[ "\$u" = 'j doe' ] && [ "\$p" = 'pa ss\\"w0rd' ] && exit 0
[ "\$u" = 'sc user' ] && [ "\$p" = '$scrv1' ]
EOS
chmod 755 "$LV_TMP/verify.sh"
lv_server nm udp "verify-client-cert none" "username-as-common-name" "script-security 2" \
	"auth-user-pass-verify $LV_TMP/verify.sh via-file" "tmp-dir $LV_TMP" "comp-lzo no" \
	"push \"route 198.19.5.0 255.255.255.0\"" "reneg-sec 8"

# the --up helper: what NM's helper reads from the environment, then the
# address NetworkManager would set
cat >"$LV_TMP/nm-helper.sh" <<'EOS'
#!/bin/sh
out=$(dirname "$0")/helper.out
{
	echo "args: $*"
	echo "addr-before: $(ip -4 -o addr show dev "$dev" | wc -l)"
	echo "dev=$dev ifconfig_local=$ifconfig_local ifconfig_netmask=$ifconfig_netmask"
	echo "script_context=$script_context route_vpn_gateway=${route_vpn_gateway:-}"
	echo "route_network_1=${route_network_1:-}"
} >>"$out"
# a restart that kept the device (persist-tun, up-restart) kept the address
[ "$script_context" = init ] || exit 0
ip addr add "$ifconfig_local/$ifconfig_netmask" dev "$dev" && ip link set "$dev" up
EOS
chmod 755 "$LV_TMP/nm-helper.sh"

# nm_snapshot FILE / nm_same_state WHEN: lv_snapshot and lv_same_state of
# the client namespace, but a snapshot that caught iproute2's "Peer netns
# reference is invalid" (another test adding or removing a namespace at
# that moment) is taken again
nm_snapshot() {
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		lv_snapshot "$LV_NS_C" "$1"
		grep -q "Peer netns reference is invalid" "$1" || return 0
		sleep 0.3
	done
}
nm_same_state() {
	nm_snapshot "$LV_TMP/state.now"
	diff -u "$LV_TMP/state.before" "$LV_TMP/state.now" ||
		lv_fail "$1: namespace state differs"
	if ip -n "$LV_NS_C" -o link show type tun 2>/dev/null | grep -q .; then
		lv_fail "$1: a tun device is left"
	fi
}

sock="$LV_TMP/nm-openvpn-test.sock"
nm_snapshot "$LV_TMP/state.before"
# nm_run NAME TYPE-ARGS...: leanvpn with NetworkManager's argument list,
# then the connection type's own arguments
nm_run() {
	LV_CLI_LOG="$LV_TMP/$1-client.log"
	shift
	lv_bg "$LV_NS_C" "$LV_CLI_LOG" "$LV_LEANVPN" --remote "$LV_LINK_S" "$LV_PORT" udp \
		--explicit-exit-notify --comp-lzo no --nobind --dev tun --cipher AES-256-GCM \
		--auth-nocache --verb 4 --script-security 2 \
		--up "$LV_TMP/nm-helper.sh --debug 0 $$ --bus-name org.freedesktop.NetworkManager.openvpn.Connection_1 --tun --" \
		--up-restart --persist-key --persist-tun \
		--management "$sock" unix --management-client-user root --management-client-group root \
		--management-query-passwords --auth-retry interact --route-noexec --ifconfig-noexec \
		"$@"
	LV_CLI=$LV_LASTPID
}
mkdir -p "$LV_TMP/chroot"
nm_run nm --client --auth-user-pass --ca "$LV_PKI/ca.crt" \
	--user nobody --group nogroup --chroot "$LV_TMP/chroot"
lv_bg "$LV_NS_C" "$LV_TMP/nm-mgmt.log" python3 "$NM_MGMT" --unix "$sock" --user 'j doe' \
	--password 'wrong' --password 'pa ss\"w0rd' --out "$LV_TMP/nm.transcript" --timeout 60
NM_PID=$LV_LASTPID
lv_wait_up 40
grep -q "^>PASSWORD:Verification Failed: 'Auth'" "$LV_TMP/nm.transcript" ||
	{ cat "$LV_TMP/nm.transcript"; lv_dump; lv_fail "no Verification Failed after the wrong password"; }
[ "$(grep -c "^>PASSWORD:Need 'Auth' username/password$" "$LV_TMP/nm.transcript")" -ge 2 ] ||
	{ cat "$LV_TMP/nm.transcript"; lv_fail "the password was not asked twice"; }
grep -q "^SUCCESS: 'Auth' password entered, but not yet verified" "$LV_TMP/nm.transcript" ||
	{ cat "$LV_TMP/nm.transcript"; lv_fail "the password answer was not taken"; }
lv_wait_for 5 grep -q "^addr-before" "$LV_TMP/helper.out" || lv_fail "the up helper did not run"
grep -q "^addr-before: 0$" "$LV_TMP/helper.out" ||
	{ cat "$LV_TMP/helper.out"; lv_fail "leanvpn set an address despite --ifconfig-noexec"; }
grep -q "^args: --debug 0 $$ --bus-name org.freedesktop.NetworkManager.openvpn.Connection_1 --tun -- $LV_DEV " \
	"$LV_TMP/helper.out" || { cat "$LV_TMP/helper.out"; lv_fail "the up helper's arguments"; }
grep -q "^route_network_1=198.19.5.0$" "$LV_TMP/helper.out" ||
	{ cat "$LV_TMP/helper.out"; lv_fail "the pushed route is not in the helper's environment"; }
[ "$(lv_route_dev "$LV_NS_C" 198.19.5.1)" != "$LV_DEV" ] ||
	lv_fail "leanvpn added the pushed route despite --route-noexec"
# the server renegotiates after 8 s: auth-nocache forgot the password, so
# it is asked again on the interface (NetworkManager still has it)
nm_asked3() { [ "$(grep -c "^>PASSWORD:Need 'Auth' username/password$" "$LV_TMP/nm.transcript")" = 3 ]; }
lv_wait_for 20 nm_asked3 || { cat "$LV_TMP/nm.transcript"; lv_dump; lv_fail "not asked for the renegotiation"; }
nm_ok2() { [ "$(grep -c "authentication succeeded for username 'j doe'" "$LV_SRV_LOG")" -ge 2 ]; }
lv_wait_for 10 nm_ok2 || { lv_dump; lv_fail "the renegotiation did not authenticate"; }
lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 50000
lv_stop "$LV_CLI"
lv_stop "$NM_PID"
nm_same_state "after SIGTERM"
lv_log "PASS NetworkManager's arguments and dialogue: connected, traffic carried"

# 3. NetworkManager's "tls" connection with an encrypted key: the pass
# phrase is asked as 'Private Key' (a server that wants the certificate)
lv_stop "$LV_SRV"
lv_server nmtls udp "comp-lzo no"
openssl pkey -in "$LV_PKI/client.key" -aes256 -passout 'pass:k3y pa\ss' \
	-out "$LV_TMP/enc.key" 2>/dev/null || lv_fail "openssl pkey"
grep -q "ENCRYPTED" "$LV_TMP/enc.key" || lv_fail "the key is not encrypted"
nm_run nmtls --client --ca "$LV_PKI/ca.crt" --cert "$LV_PKI/client.crt" --key "$LV_TMP/enc.key"
lv_bg "$LV_NS_C" "$LV_TMP/nmtls-mgmt.log" python3 "$NM_MGMT" --unix "$sock" \
	--key-password 'k3y pa\ss' --out "$LV_TMP/nmtls.transcript" --timeout 60
NM_PID=$LV_LASTPID
lv_wait_up 30
grep -q "^>PASSWORD:Need 'Private Key' password$" "$LV_TMP/nmtls.transcript" ||
	{ cat "$LV_TMP/nmtls.transcript"; lv_fail "the key pass phrase was not asked"; }
lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 20000
# SIGUSR1, as NetworkManager's reconnection: persist-tun keeps the device
# and the address the helper set; up-restart runs the helper again with
# "restart" (as openvpn 2.6; tests/interop/client_scriptenv.sh compares)
# (this connection, unlike the first, has no chroot that would put the
# helper out of reach)
: >"$LV_TMP/helper.out"
kill -USR1 "$LV_CLI"
lv_wait_connects 2 40
nm_restarted() { grep -q "^script_context=restart" "$LV_TMP/helper.out"; }
lv_wait_for 10 nm_restarted || { cat "$LV_TMP/helper.out"; lv_dump; lv_fail "up-restart: the helper did not run with restart"; }
grep -q "^args: .* restart$" "$LV_TMP/helper.out" &&
	grep -q "^addr-before: 1$" "$LV_TMP/helper.out" ||
	{ cat "$LV_TMP/helper.out"; lv_fail "up-restart: the helper's arguments, or the address was not kept"; }
lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 20000
lv_stop "$LV_CLI"
lv_stop "$NM_PID"
# a wrong pass phrase: OpenVPN's Verification Failed, >FATAL, exit 1
nm_run nmbad --client --ca "$LV_PKI/ca.crt" --cert "$LV_PKI/client.crt" --key "$LV_TMP/enc.key"
lv_bg "$LV_NS_C" "$LV_TMP/nmbad-mgmt.log" python3 "$NM_MGMT" --unix "$sock" \
	--key-password 'nope' --out "$LV_TMP/nmbad.transcript" --timeout 60
NM_PID=$LV_LASTPID
lv_exit_status "$LV_CLI" 30
[ "$LV_STATUS" = 1 ] || { cat "$LV_TMP/nmbad.transcript"; lv_dump; lv_fail "exit status $LV_STATUS with a wrong pass phrase"; }
lv_stop "$NM_PID"
grep -q "^>PASSWORD:Verification Failed: 'Private Key'$" "$LV_TMP/nmbad.transcript" &&
	grep -q "^>FATAL:" "$LV_TMP/nmbad.transcript" ||
	{ cat "$LV_TMP/nmbad.transcript"; lv_fail "no Verification Failed / >FATAL for a wrong pass phrase"; }
nm_same_state "after a wrong pass phrase"
lv_log "PASS the key's pass phrase from the interface; a wrong one is fatal"

# 2. TCP management with a password file and a hold
lv_stop "$LV_SRV"
lv_server nm2 udp "verify-client-cert none" "username-as-common-name" "script-security 2" \
	"auth-user-pass-verify $LV_TMP/verify.sh via-file" "tmp-dir $LV_TMP" "comp-lzo no" \
	"push \"route 198.19.5.0 255.255.255.0\""
printf 'mgmt secret\n' >"$LV_TMP/mgmt.pw"
lv_profile "$LV_TMP/gui.ovpn" udp "comp-lzo no" "auth-user-pass" "auth-nocache" \
	"management 127.0.0.1 7505 $LV_TMP/mgmt.pw" "management-hold" \
	"management-query-passwords" "auth-retry interact"
sed -i '/^cert \|^key /d' "$LV_TMP/gui.ovpn"
lv_client gui "$LV_TMP/gui.ovpn"
lv_bg "$LV_NS_C" "$LV_TMP/gui-mgmt.log" python3 "$NM_MGMT" --tcp 127.0.0.1 7505 \
	--login 'mgmt secret' --drive --user 'j doe' --password 'pa ss\"w0rd' \
	--out "$LV_TMP/gui.transcript" --timeout 60
GUI_PID=$LV_LASTPID
lv_exit_status "$LV_CLI" 60
t="$LV_TMP/gui.transcript"
[ "$LV_STATUS" = 0 ] || { cat "$t"; lv_dump; lv_fail "exit status $LV_STATUS after signal SIGTERM"; }
lv_stop "$GUI_PID"
expect() {
	grep -q -- "$1" "$t" || { cat "$t"; lv_dump; lv_fail "missing in the transcript: $1"; }
}
expect '^SUCCESS: password is correct$'
expect "^>INFO:OpenVPN Management Interface Version 5 -- type 'help' for more info$"
expect '^>HOLD:Waiting for hold release:0$'
expect '^SUCCESS: hold release succeeded$'
expect '^>STATE:[0-9]*,WAIT,,,,,,$'
expect '^>STATE:[0-9]*,AUTH,,,,,,$'
expect '^>STATE:[0-9]*,GET_CONFIG,,,,,,$'
expect '^>STATE:[0-9]*,ASSIGN_IP,,198\.19\.0\.[0-9]*,,,,,2001:2:0:1::'
expect '^>STATE:[0-9]*,CONNECTED,SUCCESS,198\.19\.0\.[0-9]*,198\.18\.0\.1,1194,[0-9.:]*,[0-9]*,2001:2:0:1::'
expect '^>BYTECOUNT:[0-9]*,[0-9]*$'
expect '^OpenVPN STATISTICS$'
expect '^TCP/UDP read bytes,[1-9][0-9]*$'
expect '^SUCCESS: pid=[0-9]*$'
expect '^SUCCESS: auth-retry=interact$'
expect '^SUCCESS: signal SIGUSR1 thrown$'
expect '^>STATE:[0-9]*,RECONNECTING,SIGUSR1,,,,,$'
expect '^>STATE:[0-9]*,EXITING,SIGTERM,,,,,$'
expect '^-- closed$'
[ "$(grep -c "^>PASSWORD:Need 'Auth' username/password$" "$t")" = 2 ] ||
	{ cat "$t"; lv_fail "auth-nocache: the password was not asked again after SIGUSR1"; }
[ "$(grep -c '^>STATE:[0-9]*,CONNECTED,SUCCESS,' "$t")" = 2 ] || { cat "$t"; lv_fail "no second CONNECTED"; }
# the states come in OpenVPN's order
grep -o '^>STATE:[0-9]*,[A-Z_]*' "$t" | sed 's/.*,//' | tr '\n' ' ' >"$LV_TMP/order"
grep -q '^WAIT AUTH GET_CONFIG ASSIGN_IP ADD_ROUTES CONNECTED RECONNECTING WAIT AUTH GET_CONFIG ASSIGN_IP ADD_ROUTES CONNECTED EXITING $' \
	"$LV_TMP/order" || { cat "$LV_TMP/order"; lv_fail "the order of the states"; }
nm_same_state "after the GUI's SIGTERM"
lv_log "PASS a GUI's dialogue over TCP with a hold"

# 4. the reason of a restart: the server (pushing ping 1, ping-restart 3)
# stops answering (SIGSTOP): RECONNECTING,ping-restart, then CONNECTED
lv_stop "$LV_SRV"
lv_server nmping udp "verify-client-cert none" "username-as-common-name" "script-security 2" \
	"auth-user-pass-verify $LV_TMP/verify.sh via-file" "tmp-dir $LV_TMP" "comp-lzo no" \
	"keepalive 1 3" "push \"echo hello from the server\""
printf 'j doe\npa ss\\"w0rd\n' >"$LV_TMP/nm.pass"
lv_profile "$LV_TMP/ping.ovpn" udp "comp-lzo no" "auth-user-pass $LV_TMP/nm.pass" \
	"management $LV_TMP/ping.sock unix"
sed -i '/^cert \|^key /d' "$LV_TMP/ping.ovpn"
lv_client ping "$LV_TMP/ping.ovpn"
lv_bg "$LV_NS_C" "$LV_TMP/ping-mgmt.log" python3 "$NM_MGMT" --unix "$LV_TMP/ping.sock" \
	--state-on --out "$LV_TMP/ping.transcript" --timeout 60
PING_PID=$LV_LASTPID
lv_wait_up 20
kill -STOP "$LV_SRV"
t="$LV_TMP/ping.transcript"
lv_wait_for 15 grep -q '^>STATE:[0-9]*,RECONNECTING,ping-restart,,,,,$' "$t" ||
	{ kill -CONT "$LV_SRV"; cat "$t"; lv_dump; lv_fail "no RECONNECTING,ping-restart"; }
kill -CONT "$LV_SRV"
connected2() { [ "$(grep -c '^>STATE:[0-9]*,CONNECTED,SUCCESS,' "$t")" -ge 1 ]; }
lv_wait_for 30 connected2 || { cat "$t"; lv_dump; lv_fail "no CONNECTED after ping-restart"; }
lv_stop "$LV_CLI"
lv_stop "$PING_PID"
nm_same_state "after ping-restart"
lv_log "PASS RECONNECTING,ping-restart"

# 5. auth-retry nointeract: a refused password is tried again (the
# interface sees RECONNECTING,auth-failure each time); none: EXITING,
# auth-failure and exit status 2
printf 'j doe\nwrong\n' >"$LV_TMP/bad.pass"
for mode in nointeract none; do
	lv_profile "$LV_TMP/retry.ovpn" udp "comp-lzo no" "auth-user-pass $LV_TMP/bad.pass" \
		"auth-retry $mode" "management $LV_TMP/retry.sock unix" "management-hold"
	sed -i '/^cert \|^key /d' "$LV_TMP/retry.ovpn"
	lv_client "retry-$mode" "$LV_TMP/retry.ovpn"
	t="$LV_TMP/retry-$mode.transcript"
	lv_bg "$LV_NS_C" "$LV_TMP/retry-mgmt.log" python3 "$NM_MGMT" --unix "$LV_TMP/retry.sock" \
		--state-on --out "$t" --timeout 60
	RETRY_PID=$LV_LASTPID
	if [ $mode = nointeract ]; then
		retried() { [ "$(grep -c '^>STATE:[0-9]*,RECONNECTING,auth-failure,,,,,$' "$t")" -ge 2 ]; }
		lv_wait_for 40 retried || { cat "$t"; lv_dump; lv_fail "auth-retry nointeract did not retry"; }
		lv_exited "$LV_CLI" && lv_fail "auth-retry nointeract: the client exited"
		lv_stop "$LV_CLI"
	else
		lv_exit_status "$LV_CLI" 30
		[ "$LV_STATUS" = 2 ] || { cat "$t"; lv_dump; lv_fail "auth-retry none: exit status $LV_STATUS"; }
		grep -q '^>STATE:[0-9]*,EXITING,auth-failure,,,,,$' "$t" ||
			{ cat "$t"; lv_fail "auth-retry none: no EXITING,auth-failure"; }
	fi
	lv_stop "$RETRY_PID"
done
nm_same_state "after refused passwords"
lv_log "PASS auth-retry nointeract and none"

# 6. static challenge: ">PASSWORD:Need 'Auth' username/password SC:1,TEXT",
# answered with the SCRV1 string a GUI builds; the pushed echo is >ECHO
lv_profile "$LV_TMP/sc.ovpn" udp "comp-lzo no" "auth-user-pass" \
	'static-challenge "Your PIN" 1' "management $LV_TMP/sc.sock unix" \
	"management-query-passwords"
sed -i '/^cert \|^key /d' "$LV_TMP/sc.ovpn"
lv_client sc "$LV_TMP/sc.ovpn"
t="$LV_TMP/sc.transcript"
lv_bg "$LV_NS_C" "$LV_TMP/sc-mgmt.log" python3 "$NM_MGMT" --unix "$LV_TMP/sc.sock" --state-on \
	--user 'sc user' --password "$scrv1" --out "$t" --timeout 60
SC_PID=$LV_LASTPID
lv_wait_up 20
grep -q "^>PASSWORD:Need 'Auth' username/password SC:1,Your PIN$" "$t" ||
	{ cat "$t"; lv_fail "no static challenge in the query"; }
lv_wait_for 5 grep -q '^>ECHO:[0-9]*,hello from the server$' "$t" ||
	{ cat "$t"; lv_fail "no >ECHO of the pushed echo"; }
lv_ping "$LV_NS_C" 198.19.0.1
lv_stop "$LV_CLI"
lv_stop "$SC_PID"
nm_same_state "after the static challenge"
lv_log "PASS"
