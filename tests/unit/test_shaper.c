/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/shaper: the rate --shaper holds the link to, with a fake clock in
 * microseconds; the bounds OpenVPN 2.6 gives the option. */
#include "tests/unit/testutil.h"

#include "proto/shaper.h"

static void off_never_delays(void **state)
{
	struct lvpn_shaper s;

	(void)state;
	lvpn_shaper_init(&s, 0);
	lvpn_shaper_wrote(&s, 1000000, 5);
	assert_int_equal(lvpn_shaper_delay(&s, 5), 0);
}

static void each_write_costs_its_time(void **state)
{
	struct lvpn_shaper s;

	(void)state;
	lvpn_shaper_init(&s, 10000); /* 10 kB/s: 100 us a byte */
	assert_int_equal(lvpn_shaper_delay(&s, 0), 0);
	lvpn_shaper_wrote(&s, 1028, 1000);
	assert_int_equal(lvpn_shaper_delay(&s, 1000), 102800);
	assert_int_equal(lvpn_shaper_delay(&s, 51000), 52800);
	/* within a millisecond of the wakeup: may send */
	assert_int_equal(lvpn_shaper_delay(&s, 102900), 0);
	assert_int_equal(lvpn_shaper_delay(&s, 200000), 0);
	/* an idle link saves nothing up: the next write costs its full time */
	lvpn_shaper_wrote(&s, 100, 10000000);
	assert_int_equal(lvpn_shaper_delay(&s, 10000000), 10000);
}

static void rate_over_many_writes(void **state)
{
	struct lvpn_shaper s;
	uint64_t now = 0, sent = 0;

	(void)state;
	lvpn_shaper_init(&s, 20000);
	/* send 1428-byte datagrams whenever allowed, for 10 s */
	while (now < 10000000) {
		uint64_t d = lvpn_shaper_delay(&s, now);

		if (d) {
			now += d;
			continue;
		}
		lvpn_shaper_wrote(&s, 1428, now);
		sent += 1428;
		now += 10; /* the write itself */
	}
	/* 200 kB in 10 s, give or take one datagram and the slack */
	assert_in_range(sent, 196000, 206000);
}

static void bounds(void **state)
{
	struct lvpn_shaper s;

	(void)state;
	lvpn_shaper_init(&s, 1);
	assert_int_equal(s.rate, LVPN_SHAPER_MIN);
	lvpn_shaper_init(&s, 200000000);
	assert_int_equal(s.rate, LVPN_SHAPER_MAX);
	lvpn_shaper_init(&s, 100);
	/* a write longer than ten seconds at the rate holds the link ten seconds */
	lvpn_shaper_wrote(&s, 100000, 0);
	assert_int_equal(lvpn_shaper_delay(&s, 0), LVPN_SHAPER_MAX_WAIT_US);
	assert_int_equal(lvpn_shaper_overhead(0, 0), 28);
	assert_int_equal(lvpn_shaper_overhead(1, 0), 48);
	assert_int_equal(lvpn_shaper_overhead(0, 1), 40);
	assert_int_equal(lvpn_shaper_overhead(1, 1), 60);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(off_never_delays),
	    cmocka_unit_test(each_write_costs_its_time),
	    cmocka_unit_test(rate_over_many_writes),
	    cmocka_unit_test(bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
