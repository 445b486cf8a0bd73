/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/server/srvaddr + proto/config/srvconf.  Expected values are derived by hand from
 * helper.c's rules (explained per case) and RFC 5952's examples; the full
 * known-answer comparison with the real openvpn is tests/srv/srvconf_openvpn.sh. */
#include "tests/unit/testutil.h"

#include "proto/server/srvaddr.h"
#include "proto/config/srvconf.h"

static void test_parse4(void **state)
{
	uint32_t a;

	(void)state;
	assert_int_equal(lvpn_srvaddr_parse4("10.8.0.1", &a), 0);
	assert_int_equal(a, 0x0a080001);
	assert_int_equal(lvpn_srvaddr_parse4("255.255.255.255", &a), 0);
	assert_int_equal(a, 0xffffffffu);
	static const char *bad[] = {"",           "1.2.3",   "1.2.3.4.", "1.2.3.4.5",
	                            "256.1.1.1",  "1..2.3",  "1.2.3.4 ", " 1.2.3.4",
	                            "1.2.3.0004", "a.b.c.d", "1.2.3.-4", ".1.2.3"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(lvpn_srvaddr_parse4(bad[i], &a), LVPN_ERR_MALFORMED);
}

static void roundtrip6(const char *in, const char *want)
{
	uint8_t a[16];
	char s[LVPN_ADDR6_STRLEN];

	assert_int_equal(lvpn_srvaddr_parse6(in, a), 0);
	assert_string_equal(lvpn_srvaddr_fmt6(a, s), want);
}

static void test_parse6(void **state)
{
	uint8_t a[16];
	int bits;

	(void)state;
	/* RFC 5952 section 4: leading zeros dropped, longest run compressed,
	 * first of equal runs, a single zero group not compressed, lower case */
	roundtrip6("2001:0db8:0000:0000:0000:0000:0002:0001", "2001:db8::2:1");
	roundtrip6("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1");
	roundtrip6("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1");
	roundtrip6("2001:DB8::AAAA", "2001:db8::aaaa");
	roundtrip6("::", "::");
	roundtrip6("::1", "::1");
	roundtrip6("1::", "1::");
	roundtrip6("::ffff:1.2.3.4", "::ffff:102:304");
	roundtrip6("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8");
	static const char *bad[] = {
	    "",   ":",  ":::", "1:2:3:4:5:6:7",         "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::",
	    "1:", ":1", "g::", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3",           "1::2:",   "::1 "};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(lvpn_srvaddr_parse6(bad[i], a), LVPN_ERR_MALFORMED);
	assert_int_equal(lvpn_srvaddr_parse6_prefix("2001:db8::/64", a, &bits), 0);
	assert_int_equal(bits, 64);
	assert_int_equal(lvpn_srvaddr_parse6_prefix("2001:db8::/129", a, &bits),
	                 LVPN_ERR_MALFORMED);
	assert_int_equal(lvpn_srvaddr_parse6_prefix("2001:db8::", a, &bits), LVPN_ERR_MALFORMED);
	assert_int_equal(lvpn_srvaddr_parse6_prefix("2001:db8::/", a, &bits), LVPN_ERR_MALFORMED);
	assert_int_equal(lvpn_srvaddr_parse6_prefix("2001:db8::/6x", a, &bits), LVPN_ERR_MALFORMED);
}

static void test_arith(void **state)
{
	uint8_t a[16], b[16];
	char s[LVPN_ADDR6_STRLEN];
	int bits = 77;

	(void)state;
	assert_int_equal(lvpn_srvaddr_mask4(24), 0xffffff00u);
	assert_int_equal(lvpn_srvaddr_mask4(0), 0);
	assert_int_equal(lvpn_srvaddr_maskbits4(0xfffffff8u, &bits), 0);
	assert_int_equal(bits, 29);
	assert_int_equal(lvpn_srvaddr_maskbits4(0, &bits), 0);
	assert_int_equal(bits, 0);
	assert_int_equal(lvpn_srvaddr_maskbits4(0xffffffffu, &bits), 0);
	assert_int_equal(bits, 32);
	assert_int_equal(lvpn_srvaddr_maskbits4(0xff00ff00u, &bits), LVPN_ERR_MALFORMED);
	assert_int_equal(bits, 32); /* untouched */
	assert_int_equal(lvpn_srvaddr_maskbits4(0xffffff00u, NULL), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_srvaddr_parse6("2001:db8::ffff:ffff", a), 0);
	lvpn_srvaddr_add6(a, 1, b); /* carry into the third 32-bit word */
	assert_string_equal(lvpn_srvaddr_fmt6(b, s), "2001:db8::1:0:0");
	lvpn_srvaddr_trunc6(a, 100); /* keeps the top 4 bits of byte 12 */
	assert_string_equal(lvpn_srvaddr_fmt6(a, s), "2001:db8::f000:0");
	lvpn_srvaddr_trunc6(a, 96);
	assert_string_equal(lvpn_srvaddr_fmt6(a, s), "2001:db8::");
}

static struct lvpn_srvconf_in base(int topo)
{
	struct lvpn_srvconf_in in = {0};

	in.server_net = "10.8.0.0";
	in.server_mask = "255.255.255.0";
	in.topology = topo;
	return in;
}

/* topology subnet: the server takes .1, the pool is .2 to .254 (broadcast
 * minus one), clients get the net's mask and route-gateway .1 */
static void test_subnet(void **state)
{
	struct lvpn_srvconf_in in = base(LVPN_SRV_TOPO_SUBNET);
	struct lvpn_srvconf o;

	(void)state;
	in.keepalive_ping = 10;
	in.keepalive_timeout = 60;
	in.server_ipv6 = "2001:db8:1::/64";
	assert_int_equal(lvpn_srvconf_expand(&in, &o, NULL, 0), 0);
	assert_int_equal(o.ifconfig_local, 0x0a080001);
	assert_int_equal(o.ifconfig_remote_netmask, 0xffffff00u);
	assert_int_equal(o.pool_start, 0x0a080002);
	assert_int_equal(o.pool_end, 0x0a0800fe);
	assert_int_equal(o.ping_send, 10);
	assert_int_equal(o.ping_rec, 120);
	assert_int_equal(o.n_push, 5);
	assert_string_equal(o.push[0], "tun-ipv6");
	assert_string_equal(o.push[1], "route-gateway 10.8.0.1");
	assert_string_equal(o.push[2], "topology subnet");
	assert_string_equal(o.push[3], "ping 10");
	assert_string_equal(o.push[4], "ping-restart 60");
	char s[LVPN_ADDR6_STRLEN];
	assert_string_equal(lvpn_srvaddr_fmt6(o.ipv6_pool_base, s), "2001:db8:1::1000");
	assert_string_equal(lvpn_srvaddr_fmt6(o.ifconfig_ipv6_local, s), "2001:db8:1::1");
}

/* net30: the server is .1 with peer .2; the pool starts at the second /30
 * (.4) and ends 4 below the broadcast (.251); clients get `route .1` */
static void test_net30(void **state)
{
	struct lvpn_srvconf_in in = base(LVPN_SRV_TOPO_NET30);
	struct lvpn_srvconf o;

	(void)state;
	assert_int_equal(lvpn_srvconf_expand(&in, &o, NULL, 0), 0);
	assert_int_equal(o.ifconfig_remote_netmask, 0x0a080002);
	assert_int_equal(o.pool_start, 0x0a080004);
	assert_int_equal(o.pool_end, 0x0a0800fb);
	assert_int_equal(o.pool_netmask, 0);
	assert_int_equal(o.n_push, 2);
	assert_string_equal(o.push[0], "route 10.8.0.1");
	assert_string_equal(o.push[1], "topology net30");
	in.topology = LVPN_SRV_TOPO_P2P; /* p2p pushes no route */
	assert_int_equal(lvpn_srvconf_expand(&in, &o, NULL, 0), 0);
	assert_int_equal(o.n_push, 1);
	assert_string_equal(o.push[0], "topology p2p");
}

static void test_errors(void **state)
{
	struct lvpn_srvconf_in in;
	struct lvpn_srvconf o;
	char e[128];

	(void)state;
	in = base(LVPN_SRV_TOPO_SUBNET);
	in.server_net = "10.8.0.1"; /* host bits set */
	assert_int_equal(lvpn_srvconf_expand(&in, &o, e, sizeof(e)), LVPN_ERR_CONFIG);
	assert_non_null(strstr(e, "network/netmask"));
	in = base(LVPN_SRV_TOPO_SUBNET);
	in.server_mask = "255.255.255.252";
	assert_int_equal(lvpn_srvconf_expand(&in, &o, e, sizeof(e)), LVPN_ERR_CONFIG);
	in.server_mask = "255.254.0.0";
	assert_int_equal(lvpn_srvconf_expand(&in, &o, e, sizeof(e)), LVPN_ERR_CONFIG);
	in.server_mask = "255.255.255.255";
	assert_int_equal(lvpn_srvconf_expand(&in, &o, e, sizeof(e)), LVPN_ERR_CONFIG);
	in = base(LVPN_SRV_TOPO_SUBNET);
	in.keepalive_ping = 10;
	in.keepalive_timeout = 19;
	assert_int_equal(lvpn_srvconf_expand(&in, &o, e, sizeof(e)), LVPN_ERR_CONFIG);
	in.keepalive_timeout = -1;
	assert_int_equal(lvpn_srvconf_expand(&in, &o, e, sizeof(e)), LVPN_ERR_CONFIG);
	in = base(LVPN_SRV_TOPO_SUBNET);
	in.server_ipv6 = "2001:db8::/125";
	assert_int_equal(lvpn_srvconf_expand(&in, &o, e, sizeof(e)), LVPN_ERR_CONFIG);
	in.server_ipv6 = "2001:db8::/64";
	in.nopool = 1;
	assert_int_equal(lvpn_srvconf_expand(&in, &o, e, sizeof(e)), LVPN_ERR_CONFIG);
	in = base(7);
	assert_int_equal(lvpn_srvconf_expand(&in, &o, e, sizeof(e)), LVPN_ERR_CONFIG);
	assert_int_equal(lvpn_srvconf_expand(NULL, &o, e, sizeof(e)), LVPN_ERR_INVAL);
}

/* server on a tap (openvpn 2.6.14 --verb 4 with --dev tap): the tap is
 * NET+1 MASK, the pool the rest of the subnet, route-gateway NET+1, no
 * topology push whatever the topology; /30 is the smallest subnet */
static void test_tap(void **state)
{
	struct lvpn_srvconf_in in = base(LVPN_SRV_TOPO_NET30);
	struct lvpn_srvconf o;
	char e[200];

	(void)state;
	in.tap = 1;
	in.client_to_client = 1;
	assert_int_equal(lvpn_srvconf_expand(&in, &o, NULL, 0), 0);
	assert_int_equal(o.mode_server, 1);
	assert_int_equal(o.has_v4, 1);
	assert_int_equal(o.ifconfig_local, 0x0a080001);
	assert_int_equal(o.ifconfig_remote_netmask, 0xffffff00u);
	assert_int_equal(o.pool_defined, 1);
	assert_int_equal(o.pool_start, 0x0a080002);
	assert_int_equal(o.pool_end, 0x0a0800fe);
	assert_int_equal(o.pool_netmask, 0xffffff00u);
	assert_int_equal(o.has_local_route, 0);
	assert_int_equal(o.n_push, 1);
	assert_string_equal(o.push[0], "route-gateway 10.8.0.1");
	in.server_mask = "255.255.255.252";
	assert_int_equal(lvpn_srvconf_expand(&in, &o, NULL, 0), 0);
	assert_int_equal(o.pool_start, 0x0a080002);
	assert_int_equal(o.pool_end, 0x0a080002);
	in.server_mask = "255.255.255.254";
	assert_int_equal(lvpn_srvconf_expand(&in, &o, e, sizeof(e)), LVPN_ERR_CONFIG);
	assert_string_equal(e, "--server directive when used with --dev tap must define a subnet "
	                       "of 255.255.255.252 (/30) or lower");
	assert_int_equal(lvpn_srvconf_is_tap("tap", NULL), 1);
	assert_int_equal(lvpn_srvconf_is_tap("tap3", NULL), 1);
	assert_int_equal(lvpn_srvconf_is_tap("tun0", NULL), 0);
	assert_int_equal(lvpn_srvconf_is_tap("vpn0", "tap"), 1);
	assert_int_equal(lvpn_srvconf_is_tap("tap0", "tun"), 0);
	assert_int_equal(lvpn_srvconf_is_tap(NULL, NULL), 0);
}

/* server-bridge (openvpn 2.6.14 --verb 4): no address for the tap, the
 * pool and route-gateway GW; without arguments route-gateway dhcp, with
 * nogw nothing; its mistakes as openvpn says them */
static void test_bridge(void **state)
{
	struct lvpn_srvconf_in in = {
	    .tap = 1, .bridge = {"10.8.0.4", "255.255.255.0", "10.8.0.128", "10.8.0.254"}};
	struct lvpn_srvconf o;
	char e[200];

	(void)state;
	assert_int_equal(lvpn_srvconf_expand(&in, &o, NULL, 0), 0);
	assert_int_equal(o.mode_server, 1);
	assert_int_equal(o.has_v4, 0);
	assert_int_equal(o.pool_defined, 1);
	assert_int_equal(o.pool_start, 0x0a080080);
	assert_int_equal(o.pool_end, 0x0a0800fe);
	assert_int_equal(o.pool_netmask, 0xffffff00u);
	assert_int_equal(o.n_push, 1);
	assert_string_equal(o.push[0], "route-gateway 10.8.0.4");
	in.bridge[2] = "10.8.1.128";
	assert_int_equal(lvpn_srvconf_expand(&in, &o, e, sizeof(e)), LVPN_ERR_CONFIG);
	assert_string_equal(e, "--server-bridge IP addresses 10.8.0.4 and 10.8.1.128 are not in "
	                       "the same 255.255.255.0 subnet");
	in.bridge[2] = "10.8.0.128";
	in.bridge[3] = "10.8.2.1";
	assert_int_equal(lvpn_srvconf_expand(&in, &o, e, sizeof(e)), LVPN_ERR_CONFIG);
	assert_string_equal(e, "--server-bridge IP addresses 10.8.0.128 and 10.8.2.1 are not in "
	                       "the same 255.255.255.0 subnet");
	in.bridge[3] = "10.8.0.254";
	in.ifconfig_given = 1;
	assert_int_equal(lvpn_srvconf_expand(&in, &o, e, sizeof(e)), LVPN_ERR_CONFIG);
	assert_string_equal(e, "--server-bridge must be used without --ifconfig");
	in.ifconfig_given = 0;
	in.tap = 0;
	assert_int_equal(lvpn_srvconf_expand(&in, &o, e, sizeof(e)), LVPN_ERR_CONFIG);
	assert_string_equal(e, "--server-bridge directive only makes sense with --dev tap");
	in.tap = 1;
	in.server_net = "10.9.0.0";
	in.server_mask = "255.255.255.0";
	assert_int_equal(lvpn_srvconf_expand(&in, &o, e, sizeof(e)), LVPN_ERR_CONFIG);
	assert_string_equal(e, "--server and --server-bridge cannot be used together");

	memset(&in, 0, sizeof(in));
	in.tap = 1;
	in.bridge_dhcp = 1;
	assert_int_equal(lvpn_srvconf_expand(&in, &o, NULL, 0), 0);
	assert_int_equal(o.mode_server, 1);
	assert_int_equal(o.pool_defined, 0);
	assert_int_equal(o.n_push, 1);
	assert_string_equal(o.push[0], "route-gateway dhcp");
	in.bridge_nogw = 1;
	assert_int_equal(lvpn_srvconf_expand(&in, &o, NULL, 0), 0);
	assert_int_equal(o.mode_server, 1);
	assert_int_equal(o.n_push, 0);
}

/* mode server on a tap with its own ifconfig and ifconfig-pool: the pool's
 * netmask, else the tap's, goes to the clients */
static void test_tap_explicit(void **state)
{
	struct lvpn_srvconf_in in = {.tap = 1,
	                             .mode_server = 1,
	                             .ifconfig_local = "10.8.0.1",
	                             .ifconfig_netmask = "255.255.255.0",
	                             .pool_start = "10.8.0.50",
	                             .pool_end = "10.8.0.60"};
	struct lvpn_srvconf o;
	char e[200];

	(void)state;
	assert_int_equal(lvpn_srvconf_expand(&in, &o, NULL, 0), 0);
	assert_int_equal(o.has_v4, 1);
	assert_int_equal(o.ifconfig_local, 0x0a080001);
	assert_int_equal(o.ifconfig_remote_netmask, 0xffffff00u);
	assert_int_equal(o.pool_defined, 1);
	assert_int_equal(o.pool_start, 0x0a080032);
	assert_int_equal(o.pool_end, 0x0a08003c);
	assert_int_equal(o.pool_netmask, 0xffffff00u);
	assert_int_equal(o.n_push, 0);
	in.pool_mask = "255.255.0.0";
	assert_int_equal(lvpn_srvconf_expand(&in, &o, NULL, 0), 0);
	assert_int_equal(o.pool_netmask, 0xffff0000u);
	in.pool_end = "10.8.0.49";
	assert_int_equal(lvpn_srvconf_expand(&in, &o, e, sizeof(e)), LVPN_ERR_CONFIG);
	in.pool_end = "10.8.0.60";
	in.ifconfig_netmask = "mask";
	assert_int_equal(lvpn_srvconf_expand(&in, &o, e, sizeof(e)), LVPN_ERR_CONFIG);
	/* a tun server without helpers is left as it was */
	in.tap = 0;
	assert_int_equal(lvpn_srvconf_expand(&in, &o, NULL, 0), 0);
	assert_int_equal(o.has_v4, 0);
	assert_int_equal(o.pool_defined, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse4),       cmocka_unit_test(test_parse6),
	    cmocka_unit_test(test_arith),        cmocka_unit_test(test_subnet),
	    cmocka_unit_test(test_net30),        cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_tap),          cmocka_unit_test(test_bridge),
	    cmocka_unit_test(test_tap_explicit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
