/* SPDX-License-Identifier: BSD-2-Clause */
/* Options applied on the link to the peer as OpenVPN 2.6 applies them,
 * read through the whole parser: shaper (2.6 add_option bounds, refused
 * with mode server); use-prediction-resistance; the ifconfig sanity
 * warning ifconfig-nowarn silences. */
#include "tests/unit/testutil.h"
#include "tests/unit/test_config_memfs.h"

#include "proto/config/ifwarn.h"

static struct lvpn_options o;
static char msg[1200];

#define PEM "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"

static const char *client_head = "client\nremote vpn.example 1194\n<ca>\n" PEM "</ca>\n"
                                 "<cert>\n" PEM "</cert>\n<key>\n" PEM "</key>\n";
static const char *server_head = "mode server\ntls-server\ntopology subnet\n"
                                 "ifconfig 10.8.0.1 255.255.255.0\n"
                                 "ifconfig-pool 10.8.0.2 10.8.0.200 255.255.255.0\n"
                                 "dh none\n<ca>\n" PEM "</ca>\n"
                                 "<cert>\n" PEM "</cert>\n<key>\n" PEM "</key>\n";

static int run(const char *head, const char *body)
{
	static char text[4096];
	struct memfile files[2] = {{"a.conf", text}};
	const char *argv[] = {"leanvpn", "--dev", "tun", "--config", "a.conf", NULL};

	snprintf(text, sizeof(text), "%s%s", head, body);
	return memfs_run(&o, files, argv, 1, msg, sizeof(msg));
}

static void ok(const char *head, const char *body)
{
	if (run(head, body) != 0)
		fail_msg("unexpected error: %s", msg);
}

static void expect_err(const char *head, const char *body, const char *expected)
{
	assert_int_equal(run(head, body), LVPN_ERR_CONFIG);
	assert_string_equal(msg, expected);
	lvpn_options_free(&o);
}

static void shaper(void **state)
{
	(void)state;
	ok(client_head, "");
	assert_int_equal(o.shaper, 0);
	lvpn_options_free(&o);
	ok(client_head, "shaper 100\n");
	assert_int_equal(o.shaper, 100);
	lvpn_options_free(&o);
	ok(client_head, "shaper 100000000\n");
	assert_int_equal(o.shaper, 100000000);
	lvpn_options_free(&o);
	expect_err(client_head, "shaper 99\n",
	           "leanvpn: a.conf:18: option 'shaper': 99 is out of range (100 to 100000000)");
	expect_err(client_head, "shaper 100000001\n",
	           "leanvpn: a.conf:18: option 'shaper': 100000001 is out of range (100 to "
	           "100000000)");
	expect_err(server_head, "shaper 10000\n",
	           "leanvpn: a.conf:22: option 'shaper': cannot be used with 'mode server' (push "
	           "it to the clients instead)");
}

static void prediction_resistance(void **state)
{
	(void)state;
	ok(client_head, "");
	assert_int_equal(o.use_prediction_resistance, 0);
	lvpn_options_free(&o);
	ok(client_head, "use-prediction-resistance\n");
	assert_int_equal(o.use_prediction_resistance, 1);
	lvpn_options_free(&o);
}

/* 2.6 tun.c ifconfig_sanity_check */
static void ifconfig_warning(void **state)
{
	static struct lvpn_netplan p;
	char w[320];

	(void)state;
	memset(&p, 0, sizeof(p));
	assert_int_equal(lvpn_ifconfig_warning(&p, w, sizeof(w)), 0);
	p.have_ifconfig = 1;
	p.local = 0x0A080001;
	p.remote_netmask = 0x0A080002; /* net30: an address, fine */
	assert_int_equal(lvpn_ifconfig_warning(&p, w, sizeof(w)), 0);
	p.remote_netmask = 0xFFFFFF00;
	assert_int_equal(lvpn_ifconfig_warning(&p, w, sizeof(w)), 1);
	assert_string_equal(
	    w, "WARNING: Since you are using --dev tun with a point-to-point topology, "
	       "the second argument to --ifconfig must be an IP address.  You are "
	       "using something (255.255.255.0) that looks more like a netmask. "
	       "(silence this warning with --ifconfig-nowarn)");
	p.topology = LVPN_NC_TOPO_P2P;
	assert_int_equal(lvpn_ifconfig_warning(&p, w, sizeof(w)), 1);
	p.topology = LVPN_NC_TOPO_SUBNET;
	assert_int_equal(lvpn_ifconfig_warning(&p, w, sizeof(w)), 0);
	p.remote_netmask = 0x0A080002; /* subnet tun: 2.6 says nothing either way */
	assert_int_equal(lvpn_ifconfig_warning(&p, w, sizeof(w)), 0);
	p.tap = 1;
	assert_int_equal(lvpn_ifconfig_warning(&p, w, sizeof(w)), 1);
	assert_string_equal(w, "WARNING: Since you are using --dev tap, the second argument to "
	                       "--ifconfig must be a netmask, for example something like "
	                       "255.255.255.0. (silence this warning with --ifconfig-nowarn)");
	p.remote_netmask = 0xFFFFFF00;
	assert_int_equal(lvpn_ifconfig_warning(&p, w, sizeof(w)), 0);
	ok(client_head, "ifconfig-nowarn\n");
	assert_int_equal(o.ifconfig_nowarn, 1);
	lvpn_options_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(shaper),
	    cmocka_unit_test(prediction_resistance),
	    cmocka_unit_test(ifconfig_warning),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
