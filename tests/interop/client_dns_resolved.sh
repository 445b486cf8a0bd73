#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# DNS through a real systemd-resolved and the real resolvectl: what
# leanvpn sets on its tun device from a stock OpenVPN 2.6 server's push
# is what `resolvectl status` shows, and it is gone after SIGTERM.
#
# Nothing here touches the host's DNS: resolved runs inside the client's
# network namespace, in a mount namespace of its own where /run/systemd
# is a directory of this test (and /etc/passwd, /etc/group copies that
# add its user if missing), on a private D-Bus system bus (a dbus-daemon of this
# test, reached through DBUS_SYSTEM_BUS_ADDRESS); leanvpn finds the
# socket through LEANVPN_RESOLVED_DIR.  Needs systemd-resolved's program
# and resolvectl: LVPN_RESOLVED_BIN and LVPN_RESOLVECTL name them (by
# default /lib/systemd/systemd-resolved and resolvectl on PATH, else
# build/resolved, where the README's first command unpacks the package
# without installing it); without them the test is skipped (77), never
# passed.  An installed package is not needed: the files of `apt-get
# download systemd-resolved`, unpacked with dpkg -x anywhere, will do.
. "$(dirname "$0")/lib.sh"
lv_require_client

# where the README's first command unpacks the package (build/resolved)
pkg="${top_srcdir:-$(dirname "$0")/../..}/build/resolved"
if [ -z "${LVPN_RESOLVED_BIN:-}" ] && [ ! -x /lib/systemd/systemd-resolved ] &&
	[ -x "$pkg/lib/systemd/systemd-resolved" ]; then
	LVPN_RESOLVED_BIN=$pkg/lib/systemd/systemd-resolved
	LVPN_RESOLVECTL=${LVPN_RESOLVECTL:-$pkg/usr/bin/resolvectl}
fi
RBIN=${LVPN_RESOLVED_BIN:-/lib/systemd/systemd-resolved}
RCTL=${LVPN_RESOLVECTL:-$(command -v resolvectl)}
[ -x "$RBIN" ] && [ -n "$RCTL" ] && [ -x "$RCTL" ] ||
	{ lv_log "SKIP: no systemd-resolved program (LVPN_RESOLVED_BIN) or resolvectl (LVPN_RESOLVECTL)"; exit 77; }
command -v dbus-daemon >/dev/null || { lv_log "SKIP: no dbus-daemon"; exit 77; }
# the programs need systemd's shared library (Debian's libsystemd-shared)
"$RCTL" --version >/dev/null 2>&1 ||
	{ lv_log "SKIP: $RCTL does not run here (no libsystemd-shared?)"; exit 77; }
command -v unshare >/dev/null || { lv_log "SKIP: no unshare"; exit 77; }

lv_netns_pair
lv_pki rsa

mkdir -p "$LV_TMP/bin" "$LV_TMP/run-systemd" "$LV_TMP/bus"
# resolved reaches the bus as its own user: let it through the temp dir
# (traverse only; the test keys stay in their own directories)
chmod 711 "$LV_TMP"
chmod 755 "$LV_TMP/bus"
ln -s "$RCTL" "$LV_TMP/bin/resolvectl"
cp /etc/passwd "$LV_TMP/passwd"
cp /etc/group "$LV_TMP/group"
# without the package its user is missing: resolved runs as nobody's uid,
# which the bus daemon (host files) knows too
getent passwd systemd-resolve >/dev/null ||
	echo 'systemd-resolve:x:65534:65534::/nonexistent:/usr/sbin/nologin' >>"$LV_TMP/passwd"
getent group systemd-resolve >/dev/null || echo 'systemd-resolve:x:65534:' >>"$LV_TMP/group"
cat >"$LV_TMP/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$LV_TMP/bus/socket</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/><allow own="*"/><allow send_destination="*"/><allow receive_sender="*"/>
  </policy>
</busconfig>
EOF
DBUS_SYSTEM_BUS_ADDRESS="unix:path=$LV_TMP/bus/socket"
LEANVPN_RESOLVED_DIR="$LV_TMP/run-systemd/resolve"
PATH="$LV_TMP/bin:$PATH"
export DBUS_SYSTEM_BUS_ADDRESS LEANVPN_RESOLVED_DIR PATH

lv_bg "$LV_NS_C" "$LV_TMP/dbus.log" dbus-daemon --config-file="$LV_TMP/bus.conf" --nofork --nopidfile
lv_wait_for 10 test -S "$LV_TMP/bus/socket" || { cat "$LV_TMP/dbus.log"; lv_fail "private D-Bus did not start"; }
# unshare execs the shell, the shell execs resolved: one PID to stop
lv_bg "$LV_NS_C" "$LV_TMP/resolved.log" unshare -m --propagation private sh -c '
	mount --bind "$1/passwd" /etc/passwd && mount --bind "$1/group" /etc/group &&
	mount --bind "$1/run-systemd" /run/systemd && exec "$2"' sh "$LV_TMP" "$RBIN"
lv_wait_for 15 test -S "$LEANVPN_RESOLVED_DIR/io.systemd.Resolve" ||
	{ cat "$LV_TMP/resolved.log"; lv_fail "systemd-resolved did not start"; }
lv_log "systemd-resolved runs in $LV_NS_C ($("$RCTL" --version | head -1))"

lv_server s1 udp - <<'EOF'
push "dhcp-option DNS 198.18.0.53"
push "dns server 0 address 198.19.0.1 [2001:2:0:1::1]:5353"
push "dns server 0 resolve-domains corp.test"
push "dns server 0 dnssec optional"
push "dns search-domains example.test"
push "dns search-domains x;reboot"
EOF
# the down script runs after the revert, while the device still exists:
# it records what resolved then holds for it (scripts get no inherited
# environment, hence the bus address written in)
printf '#!/bin/sh\nDBUS_SYSTEM_BUS_ADDRESS=%s %s status "$1" >%s 2>&1\n' \
	"$DBUS_SYSTEM_BUS_ADDRESS" "$RCTL" "$LV_TMP/down.status" >"$LV_TMP/down.sh"
chmod +x "$LV_TMP/down.sh"
lv_profile "$LV_TMP/c.ovpn" udp "connect-retry 1" "script-security 2" "down $LV_TMP/down.sh"
lv_client c "$LV_TMP/c.ovpn"
lv_wait_up 20
lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 30000
ip netns exec "$LV_NS_C" "$RCTL" status "$LV_DEV" >"$LV_TMP/status" 2>&1 || { cat "$LV_TMP/status"; lv_fail "resolvectl status"; }
cat "$LV_TMP/status"
grep -q "DNS Servers: 198.19.0.1 \[2001:2:0:1::1\]:5353" "$LV_TMP/status" || lv_fail "servers not set"
grep -q "DNS Domain: example.test ~corp.test" "$LV_TMP/status" || lv_fail "domains not set"
grep -q -- "-DefaultRoute" "$LV_TMP/status" || lv_fail "default-route not off (resolve-domains given)"
grep -q "DNSSEC=allow-downgrade" "$LV_TMP/status" || lv_fail "dnssec optional not set"
grep -q "reboot" "$LV_TMP/status" && lv_fail "a refused pushed name reached resolved"
grep -q "resolvectl .* failed" "$LV_CLI_LOG" && { lv_dump; lv_fail "a resolvectl call failed"; }
# the servers and domains resolved took, from its own log
grep -q "Bus client set DNS server list to: 198.19.0.1, \[2001:2:0:1::1\]:5353" "$LV_TMP/resolved.log" ||
	{ cat "$LV_TMP/resolved.log"; lv_fail "resolved did not log the servers"; }
kill -TERM "$LV_CLI"
lv_exit_status "$LV_CLI"
[ "$LV_STATUS" = 0 ] || { lv_dump; lv_fail "exit status after SIGTERM: $LV_STATUS"; }
grep -q "resolvectl .* failed" "$LV_CLI_LOG" && { lv_dump; lv_fail "resolvectl revert failed"; }
[ -s "$LV_TMP/down.status" ] || { lv_dump; lv_fail "the down script recorded nothing"; }
cat "$LV_TMP/down.status"
grep -q "Link [0-9]* ($LV_DEV)" "$LV_TMP/down.status" || lv_fail "down script: no status of $LV_DEV"
grep -q "198.19.0.1\|corp.test" "$LV_TMP/down.status" && lv_fail "still set on $LV_DEV after the revert"
lv_log "PASS real systemd-resolved: servers, domains, default-route, DNSSEC set on $LV_DEV; a refused name left out; reverted on SIGTERM (seen by the down script)"
lv_stop "$LV_SRV"
lv_log "PASS"
