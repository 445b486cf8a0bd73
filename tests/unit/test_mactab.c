/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/server/mactab: learning, lookup, a MAC moving to another client,
 * expiry, the per-client quota, removal on disconnect, frame routing by
 * destination, and no allocation after creation (tests/unit/alloc_count.h;
 * not counted under AddressSanitizer, which the test says). */
#include "tests/unit/testutil.h"

#include "proto/server/mactab.h"
#include "tests/unit/alloc_count.h"

#define TTL 60000u

static const uint8_t A[6] = {0x02, 0, 0, 0, 0, 0xa1};
static const uint8_t B[6] = {0x02, 0, 0, 0, 0, 0xb2};

static void mk(uint8_t m[6], unsigned n)
{
	m[0] = 0x02;
	m[1] = 0x10;
	m[2] = (uint8_t)(n >> 24);
	m[3] = (uint8_t)(n >> 16);
	m[4] = (uint8_t)(n >> 8);
	m[5] = (uint8_t)n;
}

static int who(const struct lvpn_mactab *t, const uint8_t m[6], uint64_t now)
{
	int c = LVPN_TEST_MISS;
	int found = lvpn_mactab_lookup(t, m, now, &c);

	return lvpn_test_found(found, c);
}

static struct lvpn_mactab *table(unsigned clients, unsigned quota)
{
	struct lvpn_mactab *t = NULL;

	assert_int_equal(lvpn_mactab_new(clients, quota, TTL, 0x1234, &t), 0);
	assert_non_null(t);
	return t;
}

static void test_new_limits(void **st)
{
	struct lvpn_mactab *t = (struct lvpn_mactab *)1;

	(void)st;
	assert_int_equal(lvpn_mactab_new(1, 1, TTL, 0, NULL), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_mactab_new(0, 1, TTL, 0, &t), LVPN_ERR_INVAL);
	assert_null(t);
	assert_int_equal(lvpn_mactab_new(1, 0, TTL, 0, &t), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_mactab_new(1, 1, 0, 0, &t), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_mactab_new(1u << 20, 1u << 16, TTL, 0, &t), LVPN_ERR_INVAL);
	lvpn_mactab_free(NULL);
}

static void test_learn_lookup(void **st)
{
	struct lvpn_mactab *t = table(4, 8);

	(void)st;
	assert_int_equal(who(t, A, 0), LVPN_TEST_MISS);
	assert_int_equal(lvpn_mactab_learn(t, A, 1, 100), 0);
	assert_int_equal(lvpn_mactab_learn(t, B, 2, 100), 0);
	assert_int_equal(who(t, A, 200), 1);
	assert_int_equal(who(t, B, 200), 2);
	/* learning it again changes nothing but the time */
	assert_int_equal(lvpn_mactab_learn(t, A, 1, 300), 0);
	assert_int_equal(lvpn_mactab_count(t, 1), 1);
	assert_int_equal(lvpn_mactab_count(t, -1), 2);
	lvpn_mactab_free(t);
}

static void test_not_learnable(void **st)
{
	struct lvpn_mactab *t = table(2, 8);
	static const uint8_t zero[6], bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	static const uint8_t mcast[6] = {0x01, 0x00, 0x5e, 0, 0, 1};
	static const uint8_t mcast6[6] = {0x33, 0x33, 0, 0, 0, 1};

	(void)st;
	assert_int_equal(lvpn_mactab_learn(t, zero, 0, 0), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_mactab_learn(t, bcast, 0, 0), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_mactab_learn(t, mcast, 0, 0), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_mactab_learn(t, mcast6, 0, 0), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_mactab_learn(t, A, 2, 0), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_mactab_learn(t, A, -1, 0), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_mactab_learn(NULL, A, 0, 0), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_mactab_count(t, -1), 0);
	lvpn_mactab_free(t);
}

static void test_move(void **st)
{
	struct lvpn_mactab *t = table(4, 8);

	(void)st;
	assert_int_equal(lvpn_mactab_learn(t, A, 1, 0), 0);
	assert_int_equal(lvpn_mactab_learn(t, A, 3, 10), 0);
	assert_int_equal(who(t, A, 20), 3);
	assert_int_equal(lvpn_mactab_count(t, 1), 0);
	assert_int_equal(lvpn_mactab_count(t, 3), 1);
	assert_int_equal(lvpn_mactab_count(t, -1), 1);
	/* the old holder's disconnect leaves it with the new one */
	lvpn_mactab_remove_client(t, 1);
	assert_int_equal(who(t, A, 30), 3);
	lvpn_mactab_free(t);
}

static void test_expiry(void **st)
{
	struct lvpn_mactab *t = table(2, 8);

	(void)st;
	assert_int_equal(lvpn_mactab_learn(t, A, 0, 1000), 0);
	assert_int_equal(who(t, A, 1000 + TTL), 0);
	assert_int_equal(who(t, A, 1000 + TTL + 1), LVPN_TEST_MISS);
	/* a frame from the client keeps it alive */
	assert_int_equal(lvpn_mactab_learn(t, A, 0, 1000 + TTL + 1), 0);
	assert_int_equal(who(t, A, 1000 + 2 * TTL), 0);
	lvpn_mactab_free(t);
}

static void test_quota(void **st)
{
	struct lvpn_mactab *t = table(2, 4);
	uint8_t m[6];

	(void)st;
	for (unsigned i = 0; i < 4; i++) {
		mk(m, i);
		assert_int_equal(lvpn_mactab_learn(t, m, 0, 0), 0);
	}
	mk(m, 4);
	assert_int_equal(lvpn_mactab_learn(t, m, 0, 0), LVPN_ERR_EXHAUSTED);
	assert_int_equal(who(t, m, 0), LVPN_TEST_MISS);
	/* the old ones stay, and refreshing them is no new entry */
	mk(m, 0);
	assert_int_equal(lvpn_mactab_learn(t, m, 0, 5), 0);
	/* the other client's quota is its own */
	for (unsigned i = 10; i < 14; i++) {
		mk(m, i);
		assert_int_equal(lvpn_mactab_learn(t, m, 1, 0), 0);
	}
	/* taking another client's address counts against the taker */
	mk(m, 10);
	assert_int_equal(lvpn_mactab_learn(t, m, 0, 5), LVPN_ERR_EXHAUSTED);
	assert_int_equal(who(t, m, 5), 1);
	/* expired entries make room: all but the refreshed one */
	mk(m, 20);
	assert_int_equal(lvpn_mactab_learn(t, m, 0, TTL + 1), 0);
	assert_int_equal(lvpn_mactab_count(t, 0), 2);
	mk(m, 0);
	assert_int_equal(who(t, m, TTL + 1), 0);
	lvpn_mactab_free(t);
}

static void test_remove_client(void **st)
{
	struct lvpn_mactab *t = table(3, 16);
	uint8_t m[6];

	(void)st;
	for (unsigned i = 0; i < 10; i++) {
		mk(m, i);
		assert_int_equal(lvpn_mactab_learn(t, m, (int)(i % 3), 0), 0);
	}
	lvpn_mactab_remove_client(t, 1);
	lvpn_mactab_remove_client(t, 7); /* ignored */
	lvpn_mactab_remove_client(t, -1);
	assert_int_equal(lvpn_mactab_count(t, 1), 0);
	assert_int_equal(lvpn_mactab_count(t, -1), 7);
	for (unsigned i = 0; i < 10; i++) {
		mk(m, i);
		assert_int_equal(who(t, m, 0), i % 3 == 1 ? LVPN_TEST_MISS : (int)(i % 3));
	}
	/* the entries are free again: the whole table fills */
	for (unsigned i = 100; i < 116; i++) {
		mk(m, i);
		assert_int_equal(lvpn_mactab_learn(t, m, 1, 0), 0);
	}
	lvpn_mactab_free(t);
}

static void test_walk(void **st)
{
	struct lvpn_mactab *t = table(2, 8);
	uint8_t m[6];
	uint64_t seen = 0;
	unsigned pos = 0, n = 0, got = 0;

	(void)st;
	for (unsigned i = 0; i < 3; i++) {
		mk(m, i);
		assert_int_equal(lvpn_mactab_learn(t, m, 1, i == 1 ? 0 : TTL), 0);
	}
	assert_int_equal(lvpn_mactab_learn(t, A, 0, TTL), 0);
	/* at 2*TTL the entry learnt at 0 is gone */
	while (lvpn_mactab_walk(t, 1, 2 * TTL, &pos, m, &seen)) {
		assert_int_equal(seen, TTL);
		got |= 1u << m[5];
		n++;
	}
	assert_int_equal(n, 2);
	assert_int_equal(got, 5);
	assert_int_equal(lvpn_mactab_walk(t, 1, 2 * TTL, &pos, m, NULL), 0);
	lvpn_mactab_free(t);
}

static void test_dest(void **st)
{
	struct lvpn_mactab *t = table(2, 8);
	uint8_t f[60] = {0};
	int c = 7;

	(void)st;
	assert_int_equal(lvpn_mactab_learn(t, B, 1, 0), 0);
	memcpy(f, B, 6);
	memcpy(f + 6, A, 6);
	assert_int_equal(lvpn_mactab_dest(t, f, sizeof(f), 0, &c), 0);
	assert_int_equal(c, 1);
	assert_int_equal(lvpn_mactab_dest(t, f, 13, 0, &c), LVPN_ERR_TRUNCATED);
	assert_int_equal(c, LVPN_MACTAB_NONE);
	memcpy(f, A, 6);
	assert_int_equal(lvpn_mactab_dest(t, f, 14, 0, &c), 0);
	assert_int_equal(c, LVPN_MACTAB_NONE);
	memset(f, 0xff, 6);
	assert_int_equal(lvpn_mactab_dest(t, f, 14, 0, &c), 0);
	assert_int_equal(c, LVPN_MACTAB_GROUP);
	f[0] = 0x33;
	assert_int_equal(lvpn_mactab_dest(t, f, 14, 0, &c), 0);
	assert_int_equal(c, LVPN_MACTAB_GROUP);
	assert_int_equal(lvpn_mactab_dest(t, NULL, 14, 0, &c), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_mactab_dest(t, f, 14, 0, NULL), LVPN_ERR_INVAL);
	lvpn_mactab_free(t);
}

static void test_no_alloc(void **st)
{
	struct lvpn_mactab *t = table(8, 64);
	uint8_t m[6];
	unsigned long before = alloc_count_libc();
	int c;

	(void)st;
	for (unsigned i = 0; i < 100000; i++) {
		mk(m, i % 1000);
		int rc = lvpn_mactab_learn(t, m, (int)(i % 8), i);

		assert_true(rc == 0 || rc == LVPN_ERR_EXHAUSTED);
		(void)lvpn_mactab_lookup(t, m, i, &c);
		if (i % 5000 == 0)
			lvpn_mactab_remove_client(t, (int)(i / 5000 % 8));
	}
	if (alloc_count_libc_active())
		assert_int_equal(alloc_count_libc() - before, 0);
	else
		print_message("libc allocations not counted in this build (ASan)\n");
	assert_true(lvpn_mactab_count(t, -1) <= 8 * 64);
	lvpn_mactab_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_new_limits),    cmocka_unit_test(test_learn_lookup),
	    cmocka_unit_test(test_not_learnable), cmocka_unit_test(test_move),
	    cmocka_unit_test(test_expiry),        cmocka_unit_test(test_quota),
	    cmocka_unit_test(test_remove_client), cmocka_unit_test(test_walk),
	    cmocka_unit_test(test_dest),          cmocka_unit_test(test_no_alloc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
