/* SPDX-License-Identifier: BSD-2-Clause */
/* Options applied on the link to the peer as OpenVPN 2.6 applies them,
 * read through the whole parser: shaper (2.6 add_option bounds, refused
 * with mode server); use-prediction-resistance. */
#include "tests/unit/testutil.h"
#include "tests/unit/test_config_memfs.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(shaper),
	    cmocka_unit_test(prediction_resistance),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
