/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for src/netcfg: option parsing and the route/address plan.
 *
 * Expected step lists are derived by hand from OpenVPN 2.6's route.c
 * (redirect_default_route_to_vpn, add_routes, init_route_ipv6_list) and
 * init.c (the four redirect-gateway ipv6 prefixes), not from this code.
 */
#include "tests/unit/testutil.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include "src/netcfg.h"

static uint32_t a4(const char *s)
{
	struct in_addr a;
	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return ntohl(a.s_addr);
}

static struct lvpn_netplan plan;

static int parse(const char *line)
{
	return lvpn_netplan_parse_option(&plan, line, NULL);
}

static void parse_routes(void **state)
{
	lvpn_netplan_init(&plan);
	assert_int_equal(parse("route 10.0.0.0 255.255.255.0 vpn_gateway 100"), 0);
	assert_int_equal(parse("route 192.0.2.1"), 0);
	assert_int_equal(parse("route 198.18.0.0 255.254.0.0 net_gateway"), 0);
	assert_int_equal(parse("route remote_host 255.255.255.255 net_gateway default"), 0);
	assert_int_equal(parse("route 0.0.0.0 0.0.0.0 198.19.0.1 7"), 0);
	/* the option tokenizer's quoting, as in a config file */
	assert_int_equal(parse("--route \"10.9.0.0\" '255.255.0.0' # nine"), 0);
	assert_int_equal(plan.n_routes, 6);
	assert_int_equal(plan.routes[5].net, 0x0a090000);
	assert_int_equal(plan.routes[5].mask, 0xffff0000);
	assert_int_equal(plan.routes[0].net, 0x0a000000);
	assert_int_equal(plan.routes[0].mask, 0xffffff00);
	assert_int_equal(plan.routes[0].gw_kind, LVPN_GW_VPN);
	assert_int_equal(plan.routes[0].metric, 100);
	assert_int_equal(plan.routes[1].mask, 0xffffffff); /* default netmask */
	assert_int_equal(plan.routes[1].gw_kind, LVPN_GW_DEFAULT);
	assert_int_equal(plan.routes[1].metric, -1);
	assert_int_equal(plan.routes[2].gw_kind, LVPN_GW_NET);
	assert_int_equal(plan.routes[3].net_kind, LVPN_GW_REMOTE_HOST);
	assert_int_equal(plan.routes[3].metric, -1);
	assert_int_equal(plan.routes[4].mask, 0);
	assert_int_equal(plan.routes[4].gw_kind, LVPN_GW_ADDR);
	assert_int_equal(plan.routes[4].gw, a4("198.19.0.1"));

	assert_int_equal(parse("route-ipv6 2001:db8::/32 net_gateway_ipv6"), 0);
	assert_int_equal(parse("route-ipv6 2001:db8:1::"), 0);
	assert_int_equal(parse("route-ipv6 2001:db8:2::1/48 2001:db8::1 20"), 0);
	assert_int_equal(plan.n_routes6, 3);
	assert_int_equal(plan.routes6[0].bits, 32);
	assert_int_equal(plan.routes6[0].gw_kind, LVPN_GW_NET);
	assert_int_equal(plan.routes6[1].bits, 64); /* OpenVPN's default /64 */
	assert_int_equal(plan.routes6[2].bits, 48);
	assert_int_equal(plan.routes6[2].metric, 20);
	/* host bits beyond /48 are cleared */
	uint8_t want[16];
	inet_pton(AF_INET6, "2001:db8:2::", want);
	assert_memory_equal(plan.routes6[2].net, want, 16);
}

static void parse_other_options(void **state)
{
	lvpn_netplan_init(&plan);
	assert_int_equal(plan.topology, LVPN_NC_TOPO_NET30);
	assert_int_equal(parse("redirect-gateway def1 ipv6 bypass-dhcp"), 0);
	assert_int_equal(plan.rg_flags, LVPN_NC_RG_ENABLE | LVPN_NC_RG_REROUTE_GW |
	                                    LVPN_NC_RG_DEF1 | LVPN_NC_RG_IPV6 |
	                                    LVPN_NC_RG_BYPASS_DHCP);
	lvpn_netplan_init(&plan);
	assert_int_equal(parse("redirect-gateway ipv6 !ipv4"), 0);
	assert_int_equal(plan.rg_flags, LVPN_NC_RG_IPV6);
	lvpn_netplan_init(&plan);
	assert_int_equal(parse("redirect-private local block-local"), 0);
	assert_int_equal(plan.rg_flags,
	                 LVPN_NC_RG_ENABLE | LVPN_NC_RG_LOCAL | LVPN_NC_RG_BLOCK_LOCAL);
	assert_int_equal(parse("topology subnet"), 0);
	assert_int_equal(plan.topology, LVPN_NC_TOPO_SUBNET);
	assert_int_equal(parse("ifconfig 198.19.0.2 255.255.255.0"), 0);
	assert_int_equal(plan.local, a4("198.19.0.2"));
	assert_int_equal(plan.remote_netmask, 0xffffff00);
	assert_int_equal(parse("ifconfig-ipv6 2001:2:0:1::1000/64 2001:2:0:1::1"), 0);
	assert_int_equal(plan.bits6, 64);
	assert_int_equal(parse("route-gateway 198.19.0.1"), 0);
	assert_int_equal(parse("route-metric 50"), 0);
	assert_int_equal(plan.route_metric, 50);
	assert_int_equal(parse("dhcp-option DNS 198.19.0.1"), 0);
	assert_int_equal(plan.n_dhcp, 1);
	assert_int_equal(plan.dhcp[0].kind, LVPN_DHCP_DNS);
	assert_string_equal(lvpn_netplan_dhcp_text(&plan, &plan.dhcp[0]),
	                    "dhcp-option DNS 198.19.0.1");
	assert_int_equal(parse("cipher AES-256-GCM"), LVPN_ERR_UNSUPPORTED);
	assert_int_equal(parse(""), LVPN_ERR_UNSUPPORTED);
}

static void parse_rejects_bad(void **state)
{
	static const char *const bad[] = {
	    "route",
	    "route 10.0.0.0 255.0.255.0",     /* non-contiguous netmask */
	    "route 10.0.0.0 255.255.255.256", /* not an address */
	    "route 10.0.0.0 255.255.255.0/24",
	    "route 10.0.0.1 255.255.255.0", /* host bits set */
	    "route 10.0.0.0 255.255.255.0 bogus_gateway",
	    "route 10.0.0.0 255.255.255.0 vpn_gateway -1",
	    "route 10.0.0.0 255.255.255.0 vpn_gateway 4294967296",
	    "route 10.0.0.0 255.255.255.0 vpn_gateway 1x",
	    "route 10.0.0.0 255.255.255.0 vpn_gateway 1 extra",
	    "route vpn.example.com", /* names are not resolved */
	    "route 2001:db8:: 255.255.255.0",
	    "route-ipv6",
	    "route-ipv6 2001:db8::/129",
	    "route-ipv6 2001:db8::/-1",
	    "route-ipv6 2001:db8::/3x",
	    "route-ipv6 2001:db8::/",
	    "route-ipv6 10.0.0.0/8",
	    "route-ipv6 2001:db8::/32 10.0.0.1",
	    "route-ipv6 2001:db8::/32 remote_host",
	    "route-ipv6 2001:db8::/32 net_gateway_ipv6 x",
	    "route-ipv6 2001:db8::/32 net_gateway_ipv6 1 2",
	    "redirect-gateway def2",
	    "redirect-gateway def1 IPV6",
	    "ifconfig 10.8.0.2",
	    "ifconfig 10.8.0.2 255.255.255.0 x",
	    "ifconfig-ipv6 2001:db8::2/56 2001:db8::1", /* /64../124 only */
	    "ifconfig-ipv6 2001:db8::2/125 2001:db8::1",
	    "ifconfig-ipv6 2001:db8::2/64",
	    "topology star",
	    "route-gateway dhcp",
	    "route-metric -5",
	    "route a b c d e f g h i j k l m", /* too many tokens */
	};
	struct lvpn_netplan before;

	lvpn_netplan_init(&plan);
	assert_int_equal(parse("route 10.1.0.0 255.255.0.0"), 0);
	before = plan;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = parse(bad[i]);
		if (rc != LVPN_ERR_CONFIG)
			fail_msg("accepted or wrong code %d: '%s'", rc, bad[i]);
		assert_memory_equal(&plan, &before, sizeof(plan)); /* unchanged */
	}
}

static void parse_oversized_and_mutated(void **state)
{
	char line[700];
	static const char *const good[] = {
	    "route 10.0.0.0 255.255.255.0 vpn_gateway 100",
	    "route-ipv6 2001:db8::/32 net_gateway_ipv6 5",
	    "redirect-gateway def1 ipv6 bypass-dhcp block-local",
	    "ifconfig-ipv6 2001:2:0:1::1000/64 2001:2:0:1::1",
	};

	memset(line, 'a', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	memcpy(line, "route ", 6);
	lvpn_netplan_init(&plan);
	assert_int_equal(parse(line), LVPN_ERR_CONFIG);
	/* 64 routes fit, the 65th does not */
	for (int i = 0; i < LVPN_NETPLAN_MAX_ROUTES; i++)
		assert_int_equal(parse("route 10.0.0.0 255.0.0.0"), 0);
	assert_int_equal(parse("route 10.0.0.0 255.0.0.0"), LVPN_ERR_EXHAUSTED);
	for (int i = 0; i < LVPN_NETPLAN_MAX_ROUTES; i++)
		assert_int_equal(parse("route-ipv6 2001:db8::/32"), 0);
	assert_int_equal(parse("route-ipv6 2001:db8::/32"), LVPN_ERR_EXHAUSTED);

	/* every truncation and every single-bit flip: never crashes (ASan),
	 * returns 0 or a negative code */
	for (unsigned g = 0; g < sizeof(good) / sizeof(good[0]); g++) {
		size_t n = strlen(good[g]);
		for (size_t cut = 0; cut <= n; cut++) {
			lvpn_netplan_init(&plan);
			memcpy(line, good[g], cut);
			line[cut] = '\0';
			assert_true(parse(line) <= 0);
		}
		for (size_t i = 0; i < n; i++) {
			for (int bit = 0; bit < 8; bit++) {
				lvpn_netplan_init(&plan);
				strcpy(line, good[g]);
				line[i] = (char)(line[i] ^ (1 << bit));
				if (line[i] == '\0')
					continue;
				assert_true(parse(line) <= 0);
			}
		}
	}
}

/* ---- the plan ---- */

static struct lvpn_netcfg_sys sys;
static struct lvpn_netcfg_steps st;

static void fake_sys(void)
{
	memset(&sys, 0, sizeof(sys));
	sys.tun_ifindex = 7;
	sys.have_gw4 = 1;
	sys.gw4.family = AF_INET;
	sys.gw4.has_gw = 1;
	sys.gw4.gw[0] = 198, sys.gw4.gw[1] = 18, sys.gw4.gw[3] = 1; /* 198.18.0.1 */
	sys.gw4.oif = 2;
	sys.gw4.has_metric = 1;
	sys.gw4_plen = 24;
	sys.have_gw6 = 1;
	sys.gw6.family = AF_INET6;
	sys.gw6.has_gw = 1;
	inet_pton(AF_INET6, "2001:2::1", sys.gw6.gw);
	sys.gw6.oif = 2;
	sys.have_to_server4 = 1;
	sys.to_server4 = sys.gw4;
	sys.have_to_server6 = 1;
	sys.to_server6 = sys.gw6;
}

static void expect_route(unsigned i, const char *dst, unsigned plen, const char *gw, int oif,
                         long metric)
{
	const struct lvpn_netcfg_step *s = &st.s[i];
	int fam = strchr(dst, ':') ? AF_INET6 : AF_INET;
	uint8_t d[16] = {0}, g[16] = {0};

	if (i >= st.n)
		fail_msg("step %u missing (only %u)", i, st.n);
	assert_int_equal(s->op, LVPN_NC_ROUTE_ADD);
	assert_int_equal(s->route.family, fam);
	inet_pton(fam, dst, d);
	assert_memory_equal(s->route.dst, d, fam == AF_INET ? 4 : 16);
	assert_int_equal(s->route.plen, plen);
	assert_int_equal(s->route.has_gw, gw != NULL);
	if (gw != NULL) {
		inet_pton(fam, gw, g);
		assert_memory_equal(s->route.gw, g, fam == AF_INET ? 4 : 16);
	}
	assert_int_equal(s->route.oif, oif);
	assert_int_equal(s->route.has_metric, metric >= 0);
	if (metric >= 0)
		assert_int_equal(s->route.metric, metric);
}

static void subnet_plan(void)
{
	lvpn_netplan_init(&plan);
	assert_int_equal(parse("topology subnet"), 0);
	assert_int_equal(parse("ifconfig 198.19.0.2 255.255.255.0"), 0);
	assert_int_equal(parse("ifconfig-ipv6 2001:2:0:1::1000/64 2001:2:0:1::1"), 0);
	assert_int_equal(parse("route-gateway 198.19.0.1"), 0);
	plan.have_remote_host = 1;
	plan.remote_host = a4("198.18.1.1");
}

static void plan_def1_ipv6(void **state)
{
	fake_sys();
	subnet_plan();
	assert_int_equal(parse("redirect-gateway def1 ipv6 bypass-dhcp"), 0);
	assert_int_equal(parse("route-metric 50"), 0);
	assert_int_equal(parse("route 198.19.5.0 255.255.255.0"), 0);
	assert_int_equal(parse("route 198.18.100.0 255.255.255.0 net_gateway 9"), 0);
	assert_int_equal(parse("route-ipv6 2001:2:0:10::/64"), 0);
	assert_int_equal(parse("route-ipv6 2001:2:0:20::/64 net_gateway_ipv6"), 0);

	st.n = 0;
	assert_int_equal(lvpn_netcfg_build_addrs(&plan, &sys, &st, NULL), 0);
	assert_int_equal(st.n, 2);
	assert_int_equal(st.s[0].op, LVPN_NC_ADDR_ADD);
	assert_int_equal(st.s[0].addr.family, AF_INET);
	assert_int_equal(st.s[0].addr.plen, 24);
	assert_int_equal(st.s[0].addr.has_peer, 0);
	assert_int_equal(st.s[0].addr.ifindex, 7);
	assert_int_equal(st.s[1].addr.family, AF_INET6);
	assert_int_equal(st.s[1].addr.plen, 64);

	st.n = 0;
	assert_int_equal(lvpn_netcfg_build_routes(&plan, &sys, &st, NULL), 0);
	/* host route to the server via the original gateway, no metric */
	expect_route(0, "198.18.1.1", 32, "198.18.0.1", 2, -1);
	/* def1: two halves via the VPN gateway, no metric (add_route3) */
	expect_route(1, "0.0.0.0", 1, "198.19.0.1", 7, -1);
	expect_route(2, "128.0.0.0", 1, "198.19.0.1", 7, -1);
	/* --route: default gateway = route-gateway, route-metric applies */
	expect_route(3, "198.19.5.0", 24, "198.19.0.1", 7, 50);
	expect_route(4, "198.18.100.0", 24, "198.18.0.1", 2, 9);
	/* IPv6: the plan's routes on the device, then the redirect four */
	expect_route(5, "2001:2:0:10::", 64, NULL, 7, 50);
	expect_route(6, "2001:2:0:20::", 64, "2001:2::1", 2, 50);
	expect_route(7, "::", 3, NULL, 7, 50);
	expect_route(8, "2000::", 4, NULL, 7, 50);
	expect_route(9, "3000::", 4, NULL, 7, 50);
	expect_route(10, "fc00::", 7, NULL, 7, 50);
	assert_int_equal(st.n, 11);
}

static void plan_replace_default_and_local(void **state)
{
	fake_sys();
	subnet_plan();
	assert_int_equal(parse("redirect-gateway"), 0);
	st.n = 0;
	assert_int_equal(lvpn_netcfg_build_routes(&plan, &sys, &st, NULL), 0);
	assert_int_equal(st.n, 3);
	expect_route(0, "198.18.1.1", 32, "198.18.0.1", 2, -1);
	/* the original default route is deleted, exactly as it was */
	assert_int_equal(st.s[1].op, LVPN_NC_ROUTE_DEL);
	assert_memory_equal(&st.s[1].route, &sys.gw4, sizeof(sys.gw4));
	expect_route(2, "0.0.0.0", 0, "198.19.0.1", 7, -1);
	/* a multipath default route could not be restored: refused */
	sys.gw4.multipath = 1;
	st.n = 0;
	assert_int_equal(lvpn_netcfg_build_routes(&plan, &sys, &st, NULL), LVPN_ERR_UNSUPPORTED);
	sys.gw4.multipath = 0;

	/* `local`: no host route */
	subnet_plan();
	assert_int_equal(parse("redirect-gateway local def1"), 0);
	st.n = 0;
	assert_int_equal(lvpn_netcfg_build_routes(&plan, &sys, &st, NULL), 0);
	assert_int_equal(st.n, 2);
	expect_route(0, "0.0.0.0", 1, "198.19.0.1", 7, -1);

	/* the only route to the server goes into the tunnel: refused */
	subnet_plan();
	assert_int_equal(parse("redirect-gateway def1"), 0);
	sys.to_server4.oif = sys.tun_ifindex;
	st.n = 0;
	assert_int_equal(lvpn_netcfg_build_routes(&plan, &sys, &st, NULL), LVPN_ERR_CONFIG);
	sys.to_server4.oif = 2;

	/* autolocal with the server on-link: no host route either */
	subnet_plan();
	sys.to_server4.has_gw = 0;
	assert_int_equal(parse("redirect-gateway autolocal def1"), 0);
	st.n = 0;
	assert_int_equal(lvpn_netcfg_build_routes(&plan, &sys, &st, NULL), 0);
	assert_int_equal(st.n, 2);
}

static void plan_net30_and_server6(void **state)
{
	fake_sys();
	lvpn_netplan_init(&plan);
	assert_int_equal(parse("ifconfig 198.19.0.6 198.19.0.5"), 0); /* net30 */
	assert_int_equal(parse("ifconfig-ipv6 2001:2:0:1::1000/64 2001:2:0:1::1"), 0);
	assert_int_equal(parse("route 198.19.8.0 255.255.248.0"), 0);
	assert_int_equal(parse("redirect-gateway def1 ipv6 !ipv4"), 0);
	plan.have_remote_host6 = 1;
	inet_pton(AF_INET6, "2001:2::99", plan.remote_host6);

	st.n = 0;
	assert_int_equal(lvpn_netcfg_build_addrs(&plan, &sys, &st, NULL), 0);
	assert_int_equal(st.s[0].addr.plen, 32);
	assert_int_equal(st.s[0].addr.has_peer, 1);
	assert_int_equal(st.s[0].addr.peer[3], 5);
	st.n = 0;
	assert_int_equal(lvpn_netcfg_build_routes(&plan, &sys, &st, NULL), 0);
	/* !ipv4: no IPv4 redirect; route via the net30 peer */
	expect_route(0, "198.19.8.0", 21, "198.19.0.5", 7, -1);
	/* 2001:2::99 is inside 2000::/4: host route first, metric 1 */
	expect_route(1, "2001:2::99", 128, "2001:2::1", 2, 1);
	expect_route(2, "::", 3, NULL, 7, -1);
	assert_int_equal(st.n, 6);
}

static void plan_block_local(void **state)
{
	fake_sys();
	subnet_plan();
	assert_int_equal(parse("redirect-gateway def1 block-local"), 0);
	assert_int_equal(parse("route 198.19.5.0 255.255.255.0"), 0);
	st.n = 0;
	assert_int_equal(lvpn_netcfg_build_routes(&plan, &sys, &st, NULL), 0);
	/* OpenVPN: server host route, bypass route to the gateway itself,
	 * def1, the routes, then the gateway's 198.18.0.0/24 split into /25
	 * halves via the VPN, upper half first (add_block_local prepends) */
	expect_route(0, "198.18.1.1", 32, "198.18.0.1", 2, -1);
	expect_route(1, "198.18.0.1", 32, "198.18.0.1", 2, -1);
	expect_route(2, "0.0.0.0", 1, "198.19.0.1", 7, -1);
	expect_route(3, "128.0.0.0", 1, "198.19.0.1", 7, -1);
	expect_route(4, "198.19.5.0", 24, "198.19.0.1", 7, -1);
	expect_route(5, "198.18.0.128", 25, "198.19.0.1", 7, -1);
	expect_route(6, "198.18.0.0", 25, "198.19.0.1", 7, -1);
	assert_int_equal(st.n, 7);

	/* the server is on the gateway's subnet: nothing blocked */
	plan.remote_host = a4("198.18.0.77");
	st.n = 0;
	assert_int_equal(lvpn_netcfg_build_routes(&plan, &sys, &st, NULL), 0);
	assert_int_equal(st.n, 4);
	/* gateway subnet unknown (/32): nothing blocked either */
	plan.remote_host = a4("198.18.1.1");
	sys.gw4_plen = 32;
	st.n = 0;
	assert_int_equal(lvpn_netcfg_build_routes(&plan, &sys, &st, NULL), 0);
	assert_int_equal(st.n, 4);
}

static void plan_missing_gateways(void **state)
{
	fake_sys();
	lvpn_netplan_init(&plan);
	assert_int_equal(parse("topology subnet"), 0);
	assert_int_equal(parse("ifconfig 198.19.0.2 255.255.255.0"), 0);
	assert_int_equal(parse("route 198.19.5.0 255.255.255.0"), 0);
	st.n = 0;
	/* subnet without route-gateway: vpn_gateway undefined */
	assert_int_equal(lvpn_netcfg_build_routes(&plan, &sys, &st, NULL), LVPN_ERR_CONFIG);

	lvpn_netplan_init(&plan);
	assert_int_equal(parse("ifconfig 198.19.0.6 198.19.0.5"), 0);
	assert_int_equal(parse("route 198.18.9.0 255.255.255.0 net_gateway"), 0);
	sys.have_gw4 = 0;
	st.n = 0;
	assert_int_equal(lvpn_netcfg_build_routes(&plan, &sys, &st, NULL), LVPN_ERR_CONFIG);

	lvpn_netplan_init(&plan);
	assert_int_equal(parse("route-ipv6 2001:2:0:20::/64 net_gateway_ipv6"), 0);
	sys.have_gw6 = 0;
	st.n = 0;
	assert_int_equal(lvpn_netcfg_build_routes(&plan, &sys, &st, NULL), LVPN_ERR_CONFIG);

	/* a bad subnet netmask is refused when building addresses */
	lvpn_netplan_init(&plan);
	assert_int_equal(parse("topology subnet"), 0);
	assert_int_equal(parse("ifconfig 198.19.0.2 255.0.255.0"), 0);
	st.n = 0;
	assert_int_equal(lvpn_netcfg_build_addrs(&plan, &sys, &st, NULL), LVPN_ERR_CONFIG);
}

/* A tap device (2.6 tun.c: !is_tun_p2p): whatever the topology, the
 * second ifconfig address is a netmask, and only route-gateway names the
 * VPN gateway. */
static void plan_tap(void **state)
{
	uint32_t gw;

	fake_sys();
	lvpn_netplan_init(&plan); /* topology net30 */
	plan.tap = 1;
	assert_int_equal(parse("ifconfig 198.19.0.2 255.255.255.0"), 0);
	assert_int_equal(parse("route 198.19.5.0 255.255.255.0"), 0);
	assert_int_equal(lvpn_netplan_has_netmask(&plan), 1);
	st.n = 0;
	assert_int_equal(lvpn_netcfg_build_addrs(&plan, &sys, &st, NULL), 0);
	assert_int_equal(st.n, 1);
	assert_int_equal(st.s[0].addr.plen, 24);
	assert_int_equal(st.s[0].addr.has_peer, 0);
	assert_int_equal(lvpn_netplan_vpn_gateway(&plan, &gw), 0);
	st.n = 0;
	assert_int_equal(lvpn_netcfg_build_routes(&plan, &sys, &st, NULL), LVPN_ERR_CONFIG);
	assert_int_equal(parse("route-gateway 198.19.0.1"), 0);
	st.n = 0;
	assert_int_equal(lvpn_netcfg_build_routes(&plan, &sys, &st, NULL), 0);
	expect_route(0, "198.19.5.0", 24, "198.19.0.1", 7, -1);
	/* the netmask must be one */
	assert_int_equal(parse("ifconfig 198.19.0.2 198.19.0.1"), 0);
	st.n = 0;
	assert_int_equal(lvpn_netcfg_build_addrs(&plan, &sys, &st, NULL), LVPN_ERR_CONFIG);
	/* the same lines on a tun device: a point-to-point peer */
	plan.tap = 0;
	assert_int_equal(lvpn_netplan_has_netmask(&plan), 0);
	st.n = 0;
	assert_int_equal(lvpn_netcfg_build_addrs(&plan, &sys, &st, NULL), 0);
	assert_int_equal(st.s[0].addr.plen, 32);
	assert_int_equal(st.s[0].addr.has_peer, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parse_routes),
	    cmocka_unit_test(parse_other_options),
	    cmocka_unit_test(parse_rejects_bad),
	    cmocka_unit_test(parse_oversized_and_mutated),
	    cmocka_unit_test(plan_def1_ipv6),
	    cmocka_unit_test(plan_replace_default_and_local),
	    cmocka_unit_test(plan_net30_and_server6),
	    cmocka_unit_test(plan_block_local),
	    cmocka_unit_test(plan_missing_gateways),
	    cmocka_unit_test(plan_tap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
