/* SPDX-License-Identifier: BSD-2-Clause */
#include "tests/unit/testutil.h"

#include "proto/replay.h"

static int accept_(struct lvpn_replay *r, uint32_t id, uint32_t t, uint64_t now)
{
	return lvpn_replay_update(r, id, t, now) == 0;
}

static void in_order_and_duplicates(void **state)
{
	struct lvpn_replay r;

	assert_int_equal(lvpn_replay_init(&r, 64, 15), 0);
	assert_false(accept_(&r, 0, 0, 100)); /* id 0 never valid */
	for (uint32_t id = 1; id <= 1000; id++)
		assert_true(accept_(&r, id, 0, 100));
	for (uint32_t id = 937; id <= 1000; id++)
		assert_int_equal(lvpn_replay_check(&r, id, 0), LVPN_ERR_REPLAY);
	assert_int_equal(lvpn_replay_check(&r, 1001, 0), 0);
	lvpn_replay_free(&r);
}

static void reordering_inside_the_window(void **state)
{
	struct lvpn_replay r;

	assert_int_equal(lvpn_replay_init(&r, 64, 15), 0);
	assert_true(accept_(&r, 100, 0, 1));
	/* 99..37 are inside the window (back 1..63), 36 is just outside */
	assert_true(accept_(&r, 37, 0, 1));
	assert_false(accept_(&r, 37, 0, 1));
	assert_false(accept_(&r, 36, 0, 1));
	assert_true(accept_(&r, 99, 0, 1));
	assert_true(accept_(&r, 150, 0, 1));
	/* 100 was seen and is still inside: replay */
	assert_false(accept_(&r, 100, 0, 1));
	/* 98 was never seen and is inside (back 52) */
	assert_true(accept_(&r, 98, 0, 1));
	/* a jump larger than the window forgets everything behind */
	assert_true(accept_(&r, 10000, 0, 1));
	assert_false(accept_(&r, 150, 0, 1));
	assert_true(accept_(&r, 9937, 0, 1));
	assert_false(accept_(&r, 9936, 0, 1));
	lvpn_replay_free(&r);
}

static void check_changes_nothing(void **state)
{
	struct lvpn_replay r;
	struct lvpn_replay copy;
	uint32_t seen[8];

	assert_int_equal(lvpn_replay_init(&r, 8, 15), 0);
	assert_true(accept_(&r, 5, 0, 1));
	copy = r;
	memcpy(seen, r.seen, sizeof(seen));
	int accepted = 0;

	for (uint32_t id = 0; id < 20; id++)
		accepted += lvpn_replay_check(&r, id, 0) == 0;
	assert_int_equal(accepted, 18); /* 0 and 5 refused; 1..4 and 6..19 not */
	assert_memory_equal(&copy, &r, sizeof(r));
	assert_memory_equal(seen, r.seen, sizeof(seen));
	lvpn_replay_free(&r);
}

static void time_backtrack_expires_old_gaps(void **state)
{
	struct lvpn_replay r;

	assert_int_equal(lvpn_replay_init(&r, 64, 15), 0);
	assert_true(accept_(&r, 10, 0, 1000));
	/* 20 seconds later: a new packet triggers the expiry pass */
	assert_true(accept_(&r, 12, 0, 1020));
	/* 10 arrived more than 15 s ago: it and every id behind it expire,
	 * even ids never seen; 11, newer than 10, may still arrive */
	assert_false(accept_(&r, 9, 0, 1020));
	assert_false(accept_(&r, 5, 0, 1020));
	assert_true(accept_(&r, 11, 0, 1020));
	/* ids above the expired one are fine */
	assert_true(accept_(&r, 13, 0, 1021));
	lvpn_replay_free(&r);

	/* within time_backtrack the same gap is accepted */
	assert_int_equal(lvpn_replay_init(&r, 64, 15), 0);
	assert_true(accept_(&r, 10, 0, 1000));
	assert_true(accept_(&r, 12, 0, 1010));
	assert_true(accept_(&r, 11, 0, 1010));
	lvpn_replay_free(&r);
}

/* The edge, as OpenVPN's reap: a packet that arrived at t expires at the
 * first pass after t + time_backtrack, not at it. */
static void time_backtrack_edge(void **state)
{
	for (uint64_t later = 14; later <= 17; later++) {
		struct lvpn_replay r;

		assert_int_equal(lvpn_replay_init(&r, 64, 15), 0);
		assert_true(accept_(&r, 10, 0, 1000));
		assert_true(accept_(&r, 12, 0, 1000 + later));
		/* 9 was never seen: refused only once 10 has expired */
		assert_int_equal(accept_(&r, 9, 0, 1000 + later), later <= 15);
		lvpn_replay_free(&r);
	}
}

static void long_form_sender_time(void **state)
{
	struct lvpn_replay r;

	assert_int_equal(lvpn_replay_init(&r, 64, 15), 0);
	assert_true(accept_(&r, 500, 7000, 1));
	/* the sender's time moved on: its counter starts over */
	assert_true(accept_(&r, 1, 7001, 2));
	assert_true(accept_(&r, 2, 7001, 2));
	/* packets from the older sender time are refused */
	assert_false(accept_(&r, 501, 7000, 2));
	assert_false(accept_(&r, 2, 7001, 2));
	lvpn_replay_free(&r);
}

static void linear_mode_for_tcp(void **state)
{
	struct lvpn_replay r;

	assert_int_equal(lvpn_replay_init(&r, 0, 15), 0);
	assert_false(accept_(&r, 2, 0, 1));
	assert_true(accept_(&r, 1, 0, 1));
	assert_true(accept_(&r, 2, 0, 1));
	assert_false(accept_(&r, 2, 0, 1));
	assert_false(accept_(&r, 4, 0, 1));
	assert_true(accept_(&r, 3, 0, 1));
	/* new sender time: must restart at exactly 1 */
	assert_false(accept_(&r, 4, 5, 1));
	assert_true(accept_(&r, 1, 5, 1));
	lvpn_replay_free(&r);
}

static void counter_ceiling(void **state)
{
	struct lvpn_replay r;

	assert_int_equal(lvpn_replay_init(&r, 64, 15), 0);
	assert_true(accept_(&r, UINT32_MAX - 1, 0, 1));
	assert_true(accept_(&r, UINT32_MAX, 0, 1));
	assert_false(accept_(&r, UINT32_MAX, 0, 1));
	assert_true(accept_(&r, UINT32_MAX - 2, 0, 1));
	/* a wrapped id is far behind, never accepted */
	assert_false(accept_(&r, 1, 0, 1));
	lvpn_replay_free(&r);
}

static void limits(void **state)
{
	struct lvpn_replay r;

	assert_int_equal(lvpn_replay_init(&r, LVPN_REPLAY_WINDOW_MAX + 1, 15), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_replay_init(&r, 64, LVPN_REPLAY_TIME_MAX + 1), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_replay_init(&r, LVPN_REPLAY_WINDOW_MAX, LVPN_REPLAY_TIME_MAX), 0);
	assert_true(accept_(&r, 70000, 0, 1));
	assert_true(accept_(&r, 70000 - 65535, 0, 1));
	assert_false(accept_(&r, 70000 - 65536, 0, 1));
	lvpn_replay_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(in_order_and_duplicates),
		cmocka_unit_test(reordering_inside_the_window),
		cmocka_unit_test(check_changes_nothing),
		cmocka_unit_test(time_backtrack_expires_old_gaps),
		cmocka_unit_test(time_backtrack_edge),
		cmocka_unit_test(long_form_sender_time),
		cmocka_unit_test(linear_mode_for_tcp),
		cmocka_unit_test(counter_ceiling),
		cmocka_unit_test(limits),
	};
	return cmocka_run_group_tests_name("replay", tests, NULL, NULL);
}
