#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Root test for the TUN device, netlink, netcfg (apply + undo) and scripts,
# in network namespaces this test creates and always deletes.  Only
# 198.18.0.0/15 and 2001:2::/48 are used.
#  1. apply a plan (subnet IPv4, IPv6, routes, def1, ipv6 redirect,
#     net_gateway route, block-local) with leanvpn; compare routes and the route-up
#     environment with the real openvpn doing the same in a twin namespace;
#     undo; the namespace must be exactly as before.
#  2. a route step that fails on purpose: the earlier route steps of that
#     call are unwound, then everything is undone.
#  3. redirect-gateway without def1 (replace and restore the default route),
#     net30 addresses.
#  4. redirect-gateway ipv6 with an IPv6 server: its /128 host route.
#  5. a persistent device survives close (every other run checks that a
#     closed device is gone: the namespace snapshots include the links).
# Exit 77 (SKIP) when not root.
. "$(dirname "$0")/../interop/lib.sh"
lv_require_root
tool="$top_builddir/tests/net/netcfg_tool"
hook="$top_srcdir/tests/net/hook.sh"
[ -x "$tool" ] || lv_fail "$tool not built"

# ns_setup NS: a veth pair inside NS; v0 has 198.18.0.2/24 and 2001:2::2/64
# with default routes via .1 / ::1.  No IPv6 link-local addresses (their
# DAD would make dumps taken a moment apart differ).
ns_setup() {
	ip netns add "$1" || lv_fail "ip netns add $1"
	LV_NETNS="$LV_NETNS $1"
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.addr_gen_mode=1 \
		net.ipv6.conf.default.addr_gen_mode=1 || lv_fail "sysctl in $1"
	ip -n "$1" link set lo up
	ip -n "$1" link add lvv0 type veth peer name lvv1 || lv_fail "veth in $1"
	ip -n "$1" link set lvv0 up
	ip -n "$1" link set lvv1 up
	ip -n "$1" addr add 198.18.0.2/24 dev lvv0
	ip -n "$1" -6 addr add 2001:2::2/64 dev lvv0 nodad
	ip -n "$1" route add default via 198.18.0.1 dev lvv0
	ip -n "$1" -6 route add default via 2001:2::1 dev lvv0
}

# snap NS FILE: the whole addressing and routing state.
snap() {
	{ ip -n "$1" addr; ip -n "$1" -4 route show table all; ip -n "$1" -6 route show table all; } >"$2"
}

# state DIR PHASE: the hook's dump of one phase, one file.
state() {
	cat "$1/addr.$2" "$1/route4.$2" "$1/route6.$2"
}

# tunnel-only NAME normalisation for comparing with openvpn's dumps
norm() {
	sed -e 's/tun[0-9][0-9]*/TUN/g' "$@"
}

NS=lvn$$
ns_setup "$NS"
snap "$NS" "$LV_TMP/before"

# ---- 1. full plan, compared with the real openvpn ----
cat >"$LV_TMP/plan1" <<EOC
dev tun
tun-mtu 1400
remote 198.18.1.1
topology subnet
ifconfig 198.19.0.2 255.255.255.0
route-gateway 198.19.0.1
ifconfig-ipv6 2001:2:0:1::1000/64 2001:2:0:1::1
route 198.19.5.0 255.255.255.0
route 198.18.100.0 255.255.255.0 net_gateway 9
route-ipv6 2001:2:0:10::/64
route-metric 50
redirect-gateway def1 ipv6 bypass-dhcp block-local
foreign dhcp-option DNS 198.19.0.1
EOC
mkdir "$LV_TMP/ours"
ip netns exec "$NS" "$tool" "$LV_TMP/plan1" "$hook $LV_TMP/ours" || lv_fail "netcfg_tool plan1 (exit $?)"
for p in pre addrs route-up down; do
	[ -f "$LV_TMP/ours/env.$p" ] || lv_fail "hook did not run for $p"
done
tun=$(sed -n 's/^dev=//p' "$LV_TMP/ours/env.route-up")
[ -n "$tun" ] || lv_fail "no dev= in the route-up environment"
grep -q "inet 198.19.0.2/24 .*$tun" "$LV_TMP/ours/addr.route-up" || lv_fail "IPv4 address missing"
grep -q "inet6 2001:2:0:1::1000/64" "$LV_TMP/ours/addr.route-up" || lv_fail "IPv6 address missing"
grep -q "mtu 1400" "$LV_TMP/ours/addr.pre" || lv_fail "MTU not set"
for r in "0.0.0.0/1 via 198.19.0.1 dev $tun" "128.0.0.0/1 via 198.19.0.1 dev $tun" \
	"198.18.1.1 via 198.18.0.1 dev lvv0" "198.18.100.0/24 via 198.18.0.1 dev lvv0 metric 9" \
	"198.19.5.0/24 via 198.19.0.1 dev $tun metric 50" "198.18.0.1 via 198.18.0.1 dev lvv0" \
	"198.18.0.0/25 via 198.19.0.1 dev $tun" "198.18.0.128/25 via 198.19.0.1 dev $tun"; do
	grep -q "^$r" "$LV_TMP/ours/route4.route-up" || lv_fail "route missing: $r"
done
for r in "::/3 dev $tun metric 50" "2000::/4 dev $tun metric 50" "3000::/4 dev $tun metric 50" \
	"fc00::/7 dev $tun metric 50" "2001:2:0:10::/64 dev $tun metric 50"; do
	grep -q "^$r" "$LV_TMP/ours/route6.route-up" || lv_fail "IPv6 route missing: $r"
done

# undo, tun still open: exactly the state before apply
state "$LV_TMP/ours" pre >"$LV_TMP/s.pre"
state "$LV_TMP/ours" down >"$LV_TMP/s.down"
diff -u "$LV_TMP/s.pre" "$LV_TMP/s.down" || lv_fail "state after undo differs from before apply"
# tool gone: exactly the state before the test ran it
snap "$NS" "$LV_TMP/after"
diff -u "$LV_TMP/before" "$LV_TMP/after" || lv_fail "namespace differs after the run"

# the same options with openvpn 2.6 in a twin namespace
if command -v openvpn >/dev/null; then
	NSO=lvo$$
	ns_setup "$NSO"
	mkdir "$LV_TMP/ovpn"
	lv_bg "$NSO" "$LV_TMP/ovpn.log" openvpn --dev tun --dev-type tun --tun-mtu 1400 \
		--topology subnet --ifconfig 198.19.0.2 255.255.255.0 --route-gateway 198.19.0.1 \
		--ifconfig-ipv6 2001:2:0:1::1000/64 2001:2:0:1::1 \
		--route 198.19.5.0 255.255.255.0 --route 198.18.100.0 255.255.255.0 net_gateway 9 \
		--route-ipv6 2001:2:0:10::/64 --route-metric 50 \
		--redirect-gateway def1 ipv6 bypass-dhcp block-local --remote 198.18.1.1 --nobind \
		--script-security 2 --route-up "$hook $LV_TMP/ovpn" --verb 3
	ovpid=$LV_LASTPID
	lv_wait_for 15 test -f "$LV_TMP/ovpn/route6.route-up" || { cat "$LV_TMP/ovpn.log"; lv_fail "openvpn route-up did not run"; }
	sleep 0.3
	lv_stop "$ovpid"
	for f in route4 route6; do
		norm "$LV_TMP/ovpn/$f.route-up" >"$LV_TMP/o.$f"
		norm "$LV_TMP/ours/$f.route-up" >"$LV_TMP/l.$f"
		diff -u "$LV_TMP/o.$f" "$LV_TMP/l.$f" || lv_fail "$f differs from openvpn's"
	done
	# the environment: every variable openvpn's route-up saw that is ours
	# to set must be there with the same value
	generic='^(PWD|SHLVL|_|daemon|daemon_[a-z_]*|proto_1|remote_1|remote_port_1|verb|config|redirect_gateway|script_type)='
	grep -Ev "$generic" "$LV_TMP/ovpn/env.route-up" | norm >"$LV_TMP/o.env"
	grep -Ev "$generic|^foreign_option_" "$LV_TMP/ours/env.route-up" | norm >"$LV_TMP/l.env"
	diff -u "$LV_TMP/o.env" "$LV_TMP/l.env" || lv_fail "route-up environment differs from openvpn's"
	grep -qx "foreign_option_1=dhcp-option DNS 198.19.0.1" "$LV_TMP/ours/env.route-up" ||
		lv_fail "foreign_option_1 missing"
	lv_log "routes and route-up environment identical to openvpn 2.6"
else
	lv_log "openvpn not installed: comparison skipped"
fi

# ---- 2. partial failure: the 3rd route collides with one already there ----
ip -n "$NS" route add 198.19.77.0/24 dev lvv0 || lv_fail "pre-adding the colliding route"
snap "$NS" "$LV_TMP/before2"
cat >"$LV_TMP/plan2" <<EOC
dev lvtest0
dev-type tun
topology subnet
ifconfig 198.19.0.2 255.255.255.0
route-gateway 198.19.0.1
ifconfig-ipv6 2001:2:0:1::1000/64 2001:2:0:1::1
redirect-gateway def1
route 198.19.5.0 255.255.255.0
route 198.19.77.0 255.255.255.0
route 198.19.6.0 255.255.255.0
EOC
mkdir "$LV_TMP/fail"
ip netns exec "$NS" "$tool" "$LV_TMP/plan2" "$hook $LV_TMP/fail"
rc=$?
[ $rc -eq 2 ] || lv_fail "plan2: expected a failed step (exit 2), got $rc"
grep -q lvtest0 "$LV_TMP/fail/addr.pre" || lv_fail "fixed device name lvtest0 not used"
# host route, 0/1, 128/1 and 198.19.5.0 were added, then unwound
state "$LV_TMP/fail" addrs >"$LV_TMP/f.addrs"
state "$LV_TMP/fail" failed >"$LV_TMP/f.failed"
diff -u "$LV_TMP/f.addrs" "$LV_TMP/f.failed" || lv_fail "routes not unwound after the failed step"
state "$LV_TMP/fail" pre >"$LV_TMP/f.pre"
state "$LV_TMP/fail" down >"$LV_TMP/f.down"
diff -u "$LV_TMP/f.pre" "$LV_TMP/f.down" || lv_fail "addresses not undone after the failure"
snap "$NS" "$LV_TMP/after2"
diff -u "$LV_TMP/before2" "$LV_TMP/after2" || lv_fail "namespace differs after the failed run"
ip -n "$NS" route del 198.19.77.0/24 dev lvv0

# ---- 3. replace the default route (no def1), net30 addresses ----
cat >"$LV_TMP/plan3" <<EOC
dev tun
remote 198.18.1.1
ifconfig 198.19.0.6 198.19.0.5
redirect-gateway
route 198.19.8.0 255.255.248.0
EOC
mkdir "$LV_TMP/repl"
ip netns exec "$NS" "$tool" "$LV_TMP/plan3" "$hook $LV_TMP/repl" || lv_fail "netcfg_tool plan3"
tun=$(sed -n 's/^dev=//p' "$LV_TMP/repl/env.route-up")
grep -q "^default via 198.19.0.5 dev $tun" "$LV_TMP/repl/route4.route-up" || lv_fail "default not via VPN"
grep -q "^default via 198.18.0.1" "$LV_TMP/repl/route4.route-up" && lv_fail "old default still there"
grep -q "inet 198.19.0.6 peer 198.19.0.5/32" "$LV_TMP/repl/addr.route-up" || lv_fail "net30 address"
grep -q "^ifconfig_remote=198.19.0.5$" "$LV_TMP/repl/env.route-up" || lv_fail "ifconfig_remote env"
state "$LV_TMP/repl" pre >"$LV_TMP/r.pre"
state "$LV_TMP/repl" down >"$LV_TMP/r.down"
diff -u "$LV_TMP/r.pre" "$LV_TMP/r.down" || lv_fail "default route not restored exactly"
snap "$NS" "$LV_TMP/after3"
diff -u "$LV_TMP/before" "$LV_TMP/after3" || lv_fail "namespace differs after plan3"
# ---- 4. an IPv6 server inside the redirected space gets a host route ----
cat >"$LV_TMP/plan4" <<EOC
dev tun
remote6 2001:2:0:99::1
ifconfig-ipv6 2001:2:0:1::1000/64 2001:2:0:1::1
redirect-gateway ipv6 !ipv4
EOC
mkdir "$LV_TMP/v6"
ip netns exec "$NS" "$tool" "$LV_TMP/plan4" "$hook $LV_TMP/v6" || lv_fail "netcfg_tool plan4"
grep -q "^2001:2:0:99::1 via 2001:2::1 dev lvv0 metric 1 " "$LV_TMP/v6/route6.route-up" ||
	lv_fail "IPv6 host route to the server missing"
grep -q "^route_ipv6_network_1=2001:2:0:99::1/128$" "$LV_TMP/v6/env.route-up" || lv_fail "route_ipv6_network_1"
grep -q "^0.0.0.0/1" "$LV_TMP/v6/route4.route-up" && lv_fail "!ipv4 still redirected IPv4"
snap "$NS" "$LV_TMP/after4"
diff -u "$LV_TMP/before" "$LV_TMP/after4" || lv_fail "namespace differs after plan4"
# ---- 5. closing the fd removes the device, unless it was made persistent ----
printf 'dev lvpers0\ndev-type tun\npersist-tun\n' >"$LV_TMP/plan5"
mkdir "$LV_TMP/pers"
ip netns exec "$NS" "$tool" "$LV_TMP/plan5" "$hook $LV_TMP/pers" || lv_fail "netcfg_tool plan5"
ip -n "$NS" link show lvpers0 >/dev/null 2>&1 || lv_fail "persistent device gone after close"
ip -n "$NS" tuntap del dev lvpers0 mode tun || lv_fail "ip tuntap del lvpers0"
snap "$NS" "$LV_TMP/after5"
diff -u "$LV_TMP/before" "$LV_TMP/after5" || lv_fail "namespace differs after plan5"
lv_log "PASS"
