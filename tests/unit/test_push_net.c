/* SPDX-License-Identifier: BSD-2-Clause */
/* Tests for the network part of the typed push result (proto/config/push.h
 * net, proto/config/netplan.h): a realistic eduVPN-like PUSH_REPLY applied onto
 * a configured plan, and what route-nopull and pull-filter ignore take out
 * of it.  Expected values derived by hand from the options as OpenVPN 2.6
 * reads them (route.c, options.c). */
#include "tests/unit/testutil.h"

#include "proto/config/netplan.h"
#include "proto/config/push.h"

/* The shape of an eduVPN server's reply, one option per entry. */
static const char *const reply[] = {
    "route-gateway 10.42.0.1",
    "topology subnet",
    "ping 10",
    "ping-restart 60",
    "ifconfig 10.42.0.2 255.255.255.0",
    "ifconfig-ipv6 fd42:4242::1000/64 fd42:4242::1",
    "redirect-gateway def1 ipv6",
    "route 0.0.0.0 0.0.0.0",
    "route 10.10.0.0 255.255.0.0 vpn_gateway 5",
    "route-ipv6 2000::/3",
    "dhcp-option DNS 9.9.9.9",
    "dhcp-option DNS 2620:fe::fe",
    "dhcp-option DOMAIN example.org",
    "peer-id 3",
    "cipher AES-256-GCM",
};

/* "redirect-gateway def1 ipv6" */
#define PUSHED_RG (LVPN_NC_RG_ENABLE | LVPN_NC_RG_REROUTE_GW | LVPN_NC_RG_DEF1 | LVPN_NC_RG_IPV6)

static uint32_t a4(unsigned a, unsigned b, unsigned c, unsigned d)
{
	return (uint32_t)a << 24 | b << 16 | c << 8 | d;
}

/* The config's plan: one route, an ifconfig the server replaces. */
static void configured(struct lvpn_netplan *base)
{
	lvpn_netplan_init(base);
	assert_int_equal(lvpn_netplan_parse_option(base, "route 192.0.2.0 255.255.255.0", NULL), 0);
	assert_int_equal(lvpn_netplan_parse_option(base, "ifconfig 10.0.0.9 10.0.0.10", NULL), 0);
}

/* What every policy keeps: the addresses and the gateway. */
static void assert_addresses(const struct lvpn_netplan *n)
{
	static const uint8_t l6[16] = {0xfd, 0x42, 0x42, 0x42, [14] = 0x10, [15] = 0x00};
	static const uint8_t r6[16] = {0xfd, 0x42, 0x42, 0x42, [15] = 1};

	assert_int_equal(n->topology, LVPN_NC_TOPO_SUBNET);
	assert_true(n->have_ifconfig);
	assert_int_equal(n->local, a4(10, 42, 0, 2)); /* the server's, not the config's */
	assert_int_equal(n->remote_netmask, a4(255, 255, 255, 0));
	assert_true(n->have_ifconfig6);
	assert_memory_equal(n->local6, l6, 16);
	assert_memory_equal(n->remote6, r6, 16);
	assert_int_equal(n->bits6, 64);
	assert_true(n->have_route_gateway);
	assert_int_equal(n->route_gateway, a4(10, 42, 0, 1));
	/* the config's route stays, first */
	assert_true(n->n_routes >= 1);
	assert_int_equal(n->routes[0].net, a4(192, 0, 2, 0));
	assert_int_equal(n->routes[0].mask, a4(255, 255, 255, 0));
}

static void push_all(struct lvpn_push *p, const struct lvpn_pull_policy *pol)
{
	static struct lvpn_netplan base;

	configured(&base);
	lvpn_push_reset(p);
	lvpn_push_set_base(p, &base);
	for (size_t i = 0; i < sizeof(reply) / sizeof(reply[0]); i++)
		assert_int_not_equal(lvpn_push_add(p, reply[i], strlen(reply[i]), pol, NULL),
		                     LVPN_PULL_REJECT);
	assert_null(p->bad);
	assert_addresses(&p->net);
}

static void assert_dhcp(const struct lvpn_netplan *n, unsigned i, enum lvpn_dhcp_kind kind,
                        int family, const char *text, const char *value)
{
	assert_true(i < n->n_dhcp);
	assert_int_equal(n->dhcp[i].kind, kind);
	assert_int_equal(n->dhcp[i].family, family);
	assert_string_equal(lvpn_netplan_dhcp_text(n, &n->dhcp[i]), text);
	assert_string_equal(lvpn_netplan_dhcp_value(n, &n->dhcp[i]), value);
}

static void eduvpn_reply_typed(void **state)
{
	static struct lvpn_push p;
	static const uint8_t dns6[16] = {0x26, 0x20, 0x00, 0xfe, [15] = 0xfe};
	static const uint8_t r6[16] = {0x20};
	const struct lvpn_pull_policy pol = {NULL, 0, 0, NULL};
	const struct lvpn_netplan *n = &p.net;

	(void)state;
	push_all(&p, &pol);
	assert_int_equal(n->rg_flags, PUSHED_RG);
	assert_int_equal(n->n_routes, 3);
	assert_int_equal(n->routes[1].net, 0);
	assert_int_equal(n->routes[1].mask, 0);
	assert_int_equal(n->routes[1].gw_kind, LVPN_GW_DEFAULT);
	assert_int_equal(n->routes[2].net, a4(10, 10, 0, 0));
	assert_int_equal(n->routes[2].mask, a4(255, 255, 0, 0));
	assert_int_equal(n->routes[2].gw_kind, LVPN_GW_VPN);
	assert_int_equal(n->routes[2].metric, 5);
	assert_int_equal(n->n_routes6, 1);
	assert_memory_equal(n->routes6[0].net, r6, 16);
	assert_int_equal(n->routes6[0].bits, 3);
	assert_int_equal(n->n_dhcp, 3);
	assert_dhcp(n, 0, LVPN_DHCP_DNS, 4, "dhcp-option DNS 9.9.9.9", "9.9.9.9");
	assert_memory_equal(n->dhcp[0].addr, "\x09\x09\x09\x09", 4);
	assert_dhcp(n, 1, LVPN_DHCP_DNS, 6, "dhcp-option DNS 2620:fe::fe", "2620:fe::fe");
	assert_memory_equal(n->dhcp[1].addr, dns6, 16);
	assert_dhcp(n, 2, LVPN_DHCP_DOMAIN, 0, "dhcp-option DOMAIN example.org", "example.org");
	/* the engine's part is still there */
	assert_int_equal(p.peer_id, 3);
	assert_string_equal(p.cipher, "AES-256-GCM");
	assert_int_equal(p.ping_restart, 60);
}

/* route-nopull: no pushed route, redirect or dhcp-option; the addresses,
 * topology and route-gateway stay, and so does the config's route. */
static void route_nopull_typed(void **state)
{
	static struct lvpn_push p;
	const struct lvpn_pull_policy pol = {NULL, 0, 1, NULL};

	(void)state;
	push_all(&p, &pol);
	assert_int_equal(p.net.n_routes, 1);
	assert_int_equal(p.net.n_routes6, 0);
	assert_int_equal(p.net.rg_flags, 0);
	assert_int_equal(p.net.n_dhcp, 0);
	assert_int_equal(p.peer_id, 3);
}

/* pull-filter ignore takes out exactly the options it names. */
static void pull_filter_ignore_typed(void **state)
{
	static struct lvpn_push p;
	static const struct lvpn_pull_filter f[] = {
	    {LVPN_PULL_IGNORE, (char *)"dhcp-option DNS"},
	    {LVPN_PULL_IGNORE, (char *)"route-ipv6"},
	    {LVPN_PULL_IGNORE, (char *)"route 0.0.0.0"},
	};
	const struct lvpn_pull_policy pol = {f, 3, 0, NULL};
	const struct lvpn_netplan *n = &p.net;

	(void)state;
	push_all(&p, &pol);
	assert_int_equal(n->rg_flags, PUSHED_RG);
	assert_int_equal(n->n_routes, 2);
	assert_int_equal(n->routes[1].net, a4(10, 10, 0, 0));
	assert_int_equal(n->n_routes6, 0);
	assert_int_equal(n->n_dhcp, 1);
	assert_dhcp(n, 0, LVPN_DHCP_DOMAIN, 0, "dhcp-option DOMAIN example.org", "example.org");
}

/* A pushed network option the plan cannot hold is left out of it, the
 * rest still applies; without a base the plan starts empty. */
static void bad_network_option_left_out(void **state)
{
	static struct lvpn_push p;
	const struct lvpn_pull_policy pol = {NULL, 0, 0, NULL};
	static const char *const opts[] = {"route 10.1.0.0 255.0.255.0", "route vpn.example.org",
	                                   "route 10.2.0.0 255.255.0.0"};

	(void)state;
	lvpn_push_reset(&p);
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		assert_int_equal(lvpn_push_add(&p, opts[i], strlen(opts[i]), &pol, NULL),
		                 LVPN_PULL_ACCEPT);
	assert_int_equal(p.n, 3);
	assert_int_equal(p.net.n_routes, 1);
	assert_int_equal(p.net.routes[0].net, a4(10, 2, 0, 0));
	assert_int_equal(p.net.topology, LVPN_NC_TOPO_NET30);
	assert_false(p.net.have_ifconfig);
}

/* As many dhcp-options as the client hands to scripts (32), each as long
 * as an option line may be, are all kept whole; one more is left out. */
static void dhcp_options_at_their_limit(void **state)
{
	static struct lvpn_push p;
	const struct lvpn_pull_policy pol = {NULL, 0, 0, NULL};
	char opt[LVPN_CONFIG_LINE_MAX];
	int k = snprintf(opt, sizeof(opt), "dhcp-option DOMAIN ");

	(void)state;
	memset(opt + k, 'a', sizeof(opt) - 1 - (size_t)k);
	opt[sizeof(opt) - 1] = '\0';
	lvpn_push_reset(&p);
	for (int i = 0; i <= LVPN_NETPLAN_MAX_DHCP; i++) {
		opt[k] = (char)('a' + i % 26);
		assert_int_equal(lvpn_push_add(&p, opt, strlen(opt), &pol, NULL), LVPN_PULL_ACCEPT);
	}
	assert_int_equal(p.net.n_dhcp, LVPN_NETPLAN_MAX_DHCP);
	opt[k] = (char)('a' + (LVPN_NETPLAN_MAX_DHCP - 1) % 26);
	assert_string_equal(lvpn_netplan_dhcp_text(&p.net, &p.net.dhcp[LVPN_NETPLAN_MAX_DHCP - 1]),
	                    opt);
	assert_string_equal(lvpn_netplan_dhcp_value(&p.net, &p.net.dhcp[LVPN_NETPLAN_MAX_DHCP - 1]),
	                    opt + k);
}

/* Without the text as written, a dhcp-option's text is its words joined;
 * one without a type is kept for scripts, as before. */
static void dhcp_option_text_joined(void **state)
{
	static struct lvpn_netplan n;
	char *const dns[] = {(char *)"dhcp-option", (char *)"DNS", (char *)"10.0.0.1", NULL};
	char *const bare[] = {(char *)"dhcp-option", NULL};

	(void)state;
	lvpn_netplan_init(&n);
	assert_int_equal(lvpn_netplan_parse_args(&n, 3, dns, NULL, NULL), 0);
	assert_int_equal(lvpn_netplan_parse_args(&n, 1, bare, NULL, NULL), 0);
	assert_dhcp(&n, 0, LVPN_DHCP_DNS, 4, "dhcp-option DNS 10.0.0.1", "10.0.0.1");
	assert_dhcp(&n, 1, LVPN_DHCP_OTHER, 0, "dhcp-option", "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(eduvpn_reply_typed),
	    cmocka_unit_test(route_nopull_typed),
	    cmocka_unit_test(pull_filter_ignore_typed),
	    cmocka_unit_test(bad_network_option_left_out),
	    cmocka_unit_test(dhcp_options_at_their_limit),
	    cmocka_unit_test(dhcp_option_text_joined),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
