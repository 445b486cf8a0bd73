/* SPDX-License-Identifier: BSD-2-Clause */
/* Tests for the values of client options leanvpn applies as OpenVPN 2.6
 * does (options.c add_option and the functions it hands values to), read
 * through the whole parser: mtu-disc, ... */
#include "tests/unit/testutil.h"
#include "tests/unit/test_config_memfs.h"

static struct lvpn_options o;
static char msg[1200];

#define PEM "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"

static const char *head = "client\nremote vpn.example 1194\n<ca>\n" PEM "</ca>\n"
                          "<cert>\n" PEM "</cert>\n<key>\n" PEM "</key>\n";

/* head + body as a.conf through parse and finish */
static int run(const char *body)
{
	static char text[4096];
	struct memfile files[2] = {{"a.conf", text}};
	const char *argv[] = {"leanvpn", "--dev", "tun", "--config", "a.conf", NULL};

	snprintf(text, sizeof(text), "%s%s", head, body);
	return memfs_run(&o, files, argv, 1, msg, sizeof(msg));
}

static void ok(const char *body)
{
	if (run(body) != 0)
		fail_msg("unexpected error: %s", msg);
}

static void expect_err(const char *body, const char *expected)
{
	assert_int_equal(run(body), LVPN_ERR_CONFIG);
	assert_string_equal(msg, expected);
	lvpn_options_free(&o);
}

/* 2.6 mtu.c translate_mtu_discover_type_name: yes, maybe, no, anything
 * else stops; per connection entry (OPT_P_CONNECTION) */
static void mtu_disc_values(void **state)
{
	(void)state;
	ok("");
	assert_int_equal(o.conns[0].mtu_disc, 0);
	lvpn_options_free(&o);
	ok("mtu-disc yes\n");
	assert_int_equal(o.conns[0].mtu_disc, LVPN_MTUDISC_YES);
	lvpn_options_free(&o);
	ok("mtu-disc maybe\n");
	assert_int_equal(o.conns[0].mtu_disc, LVPN_MTUDISC_MAYBE);
	lvpn_options_free(&o);
	ok("mtu-disc no\n<connection>\nremote b.example\nmtu-disc yes\n</connection>\n"
	   "<connection>\nremote c.example\n</connection>\n");
	assert_int_equal(o.nconns, 2);
	assert_int_equal(o.conns[0].mtu_disc, LVPN_MTUDISC_YES);
	assert_int_equal(o.conns[1].mtu_disc, LVPN_MTUDISC_NO);
	lvpn_options_free(&o);
	expect_err("mtu-disc sometimes\n", "leanvpn: a.conf:18: option 'mtu-disc': 'sometimes' is "
	                                   "not one of 'no', 'maybe', 'yes'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(mtu_disc_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
