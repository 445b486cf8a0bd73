/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for src/tun_linux: the checks made before any syscall (the
 * device itself is exercised by tests/net/netcfg_netns.sh as root). */
#include "tests/unit/testutil.h"

#include "src/tun_linux.h"

static void rejects_bad_names_and_types(void **state)
{
	struct lvpn_tun t;

	assert_int_equal(lvpn_tun_open(&t, "", NULL, NULL), LVPN_ERR_CONFIG);
	assert_int_equal(t.fd, -1);
	assert_int_equal(lvpn_tun_open(&t, NULL, NULL, NULL), LVPN_ERR_CONFIG);
	/* IFNAMSIZ is 16 with the NUL: 16 characters are one too many */
	assert_int_equal(lvpn_tun_open(&t, "tun0123456789abc", NULL, NULL), LVPN_ERR_CONFIG);
	assert_int_equal(lvpn_tun_open(&t, "tun/0", NULL, NULL), LVPN_ERR_CONFIG);
	/* names that say nothing without --dev-type, and types other than
	 * tun, tap and null (tap0 itself opens a device: not tried here, it
	 * would appear in the namespace the test runs in) */
	assert_int_equal(lvpn_tun_open(&t, "vpn0", NULL, NULL), LVPN_ERR_UNSUPPORTED);
	assert_int_equal(lvpn_tun_open(&t, "tun0", "ppp", NULL), LVPN_ERR_UNSUPPORTED);
	assert_int_equal(lvpn_tun_open(&t, "tap0", "tunnel", NULL), LVPN_ERR_UNSUPPORTED);
	assert_int_equal(t.fd, -1);
	/* OpenVPN's null device: nothing opened, and the setters do nothing */
	assert_int_equal(lvpn_tun_open(&t, "null", NULL, NULL), 0);
	assert_int_equal(t.null, 1);
	assert_int_equal(t.fd, -1);
	assert_string_equal(t.name, "null");
	assert_int_equal(lvpn_tun_set_mtu(&t, 1500), 0);
	assert_int_equal(lvpn_tun_set_up(&t, 1), 0);
	assert_int_equal(lvpn_tun_open(&t, "tun7", "null", NULL), 0);
	assert_int_equal(t.null, 1);
	lvpn_tun_close(&t); /* safe on a never-opened device */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(rejects_bad_names_and_types),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
