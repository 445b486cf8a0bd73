/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/passtos: which TOS a packet carries, and how a batch is cut into
 * runs sent with one socket TOS each. */
#include "tests/unit/testutil.h"

#include "proto/passtos.h"

static void tos_of(void **state)
{
	uint8_t p[64] = {0x45, 0xb8};
	uint8_t f[64] = {0};

	(void)state;
	assert_int_equal(lvpn_passtos_of(p, 20, 0), 0xb8);
	assert_int_equal(lvpn_passtos_of(p, 19, 0), -1);
	p[0] = 0x60; /* IPv6: not looked at, as in 2.6 */
	assert_int_equal(lvpn_passtos_of(p, 40, 0), -1);
	/* tap: an IPv4 frame */
	f[12] = 0x08;
	f[14] = 0x45;
	f[15] = 0x10;
	assert_int_equal(lvpn_passtos_of(f, 34, 1), 0x10);
	assert_int_equal(lvpn_passtos_of(f, 33, 1), -1);
	f[13] = 0x06; /* ARP */
	assert_int_equal(lvpn_passtos_of(f, 42, 1), -1);
	f[12] = 0x81; /* a VLAN tag */
	f[13] = 0x00;
	assert_int_equal(lvpn_passtos_of(f, 42, 1), -1);
}

static void runs(void **state)
{
	const int16_t a[] = {-1, 7, 7, -1, 3, 3};
	const int16_t b[] = {-1, -1};
	int t;

	(void)state;
	assert_int_equal(lvpn_passtos_run(a, 0, 5, &t), 0);
	assert_int_equal(lvpn_passtos_run(a, 6, 5, &t), 1);
	assert_int_equal(t, 5);
	assert_int_equal(lvpn_passtos_run(a + 1, 5, 5, &t), 3);
	assert_int_equal(t, 7);
	assert_int_equal(lvpn_passtos_run(a + 4, 2, 7, &t), 2);
	assert_int_equal(t, 3);
	assert_int_equal(lvpn_passtos_run(b, 2, -1, &t), 2);
	assert_int_equal(t, 0);
	assert_int_equal(lvpn_passtos_run(a, 6, -1, &t), 1);
	assert_int_equal(t, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(tos_of),
	    cmocka_unit_test(runs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
