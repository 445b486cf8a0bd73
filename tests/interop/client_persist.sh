#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# persist-remote-ip and persist-local-ip against Debian's openvpn 2.6
# server, as 2.6 applies them (init.c close_instance: on a SIGUSR1 restart
# the resolved remote and local addresses are kept, not resolved again).
# The client's namespace resolves "srv.test" (--remote) and "me.test"
# (--local) through its own hosts file (/etc/netns/NS/hosts, which ip
# netns exec puts in place of /etc/hosts):
#  1. srv.test is the server, me.test the client's link address: the
#     client connects;
#  2. srv.test now names an address nobody has, me.test an address of the
#     client the server cannot answer, then SIGUSR1: with the two options
#     the client reconnects from and to the addresses it had;
#  3. SIGHUP (a hard restart that reads the configuration again, 2.6 keeps
#     nothing then): the client resolves srv.test anew and does not
#     reconnect.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
hosts_dir=/etc/netns/$LV_NS_C
trap 'rm -rf "$hosts_dir"; rmdir /etc/netns 2>/dev/null; lv_cleanup' EXIT
mkdir -p "$hosts_dir" || lv_fail "mkdir $hosts_dir"
printf '127.0.0.1 localhost\n%s srv.test\n%s me.test\n' "$LV_LINK_S" "$LV_LINK_C" >"$hosts_dir/hosts"
ip -n "$LV_NS_C" addr add 198.18.9.2/32 dev "lvc$$"
lv_pki rsa
lv_keys
lv_server pr-srv udp "tls-crypt $LV_TMP/tc.key"
lv_profile "$LV_TMP/pr.ovpn" udp "tls-crypt $LV_TMP/tc.key" "persist-remote-ip" "connect-retry 1" \
	"persist-local-ip" "local me.test" "lport 0"
sed -i "s|^remote .*|remote srv.test $LV_PORT|; /^nobind/d" "$LV_TMP/pr.ovpn"
lv_client pr "$LV_TMP/pr.ovpn"
lv_wait_up 20
lv_ping "$LV_NS_C" 198.19.0.1
# in place (the same file, which the client's mount shows): a dead address
printf '127.0.0.1 localhost\n198.18.0.3 srv.test\n198.18.9.2 me.test\n' >"$hosts_dir/hosts"
kill -USR1 "$LV_CLI"
lv_wait_connects 2 20
lv_ping "$LV_NS_C" 198.19.0.1
ss -N "$LV_NS_C" -uan | grep -q "$LV_LINK_C:[0-9]* " ||
	{ ss -N "$LV_NS_C" -uan; lv_fail "persist-local-ip: not bound to $LV_LINK_C after SIGUSR1"; }
lv_log "PASS persist-remote-ip, persist-local-ip: reconnected from $LV_LINK_C to $LV_LINK_S after SIGUSR1 although srv.test and me.test moved"
kill -HUP "$LV_CLI"
lv_wait_for 20 grep -q "198.18.0.3" "$LV_CLI_LOG" ||
	{ lv_dump; lv_fail "after SIGHUP: srv.test not resolved again (no 198.18.0.3 in the log)"; }
lv_stop_client
lv_stop "$LV_SRV"
lv_log "PASS SIGHUP: srv.test resolved again (198.18.0.3)"
lv_log "PASS"
