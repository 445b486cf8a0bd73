/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/server/peertab: slots and peer-ids, max-clients, id reuse order, address
 * lookup, and the float rules (no float onto a live client's address). */
#include "tests/unit/testutil.h"

#include "proto/server/peertab.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
static int counting;
static unsigned long allocs;

void *__wrap_malloc(size_t n)
{
	allocs += counting;
	return __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t m)
{
	allocs += counting;
	return __real_calloc(n, m);
}

/* a fake sockaddr: family, port, IPv4 */
static const uint8_t *addr(int n)
{
	static uint8_t b[4][16];
	static int k;
	uint8_t *a = b[k++ & 3];

	memset(a, 0, 16);
	a[0] = 2;
	a[2] = (uint8_t)(n >> 8), a[3] = (uint8_t)n;
	a[4] = 198, a[5] = 18, a[6] = 0, a[7] = (uint8_t)(n & 0xff);
	return a;
}

static int by_addr(const struct lvpn_peertab *t, const uint8_t *a, size_t len)
{
	int slot = LVPN_TEST_MISS;
	int found = lvpn_peertab_by_addr(t, a, len, &slot);

	return lvpn_test_found(found, slot);
}

static int by_id(const struct lvpn_peertab *t, uint32_t id)
{
	int slot = LVPN_TEST_MISS;
	int found = lvpn_peertab_by_peer_id(t, id, &slot);

	return lvpn_test_found(found, slot);
}

/* slot 0 is found as 1, not confused with "none"; NULL table, NULL slot
 * pointer and addresses of a length add() refuses match nothing */
static void test_lookup_edges(void **state)
{
	struct lvpn_peertab *t;
	int s;

	(void)state;
	assert_int_equal(lvpn_peertab_new(2, 1, &t), 0);
	assert_int_equal(lvpn_peertab_add(t, addr(5), 16, &s), 0);
	assert_int_equal(s, 0);
	assert_int_equal(by_addr(t, addr(5), 16), 0);
	assert_int_equal(by_id(t, 0), 0);
	assert_int_equal(lvpn_peertab_by_addr(t, addr(5), 16, NULL), 0);
	assert_int_equal(lvpn_peertab_by_peer_id(t, 0, NULL), 0);
	assert_int_equal(by_addr(NULL, addr(5), 16), LVPN_TEST_MISS);
	assert_int_equal(by_id(NULL, 0), LVPN_TEST_MISS);
	assert_int_equal(by_addr(t, addr(5), 0), LVPN_TEST_MISS);
	assert_int_equal(by_addr(t, addr(5), LVPN_PEERTAB_ADDR_MAX + 1), LVPN_TEST_MISS);
	assert_int_equal(by_addr(t, NULL, 16), LVPN_TEST_MISS);
	lvpn_peertab_free(t);
}

static void test_add_lookup(void **state)
{
	struct lvpn_peertab *t;
	int s[4];
	uint8_t got[LVPN_PEERTAB_ADDR_MAX];

	(void)state;
	assert_int_equal(lvpn_peertab_new(3, 7, &t), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(lvpn_peertab_add(t, addr(100 + i), 16, &s[i]), 0);
		assert_int_equal(s[i], i);
		assert_int_equal(by_id(t, (uint32_t)i), i);
		assert_int_equal(by_addr(t, addr(100 + i), 16), i);
	}
	/* max-clients */
	assert_int_equal(lvpn_peertab_add(t, addr(200), 16, &s[3]), LVPN_ERR_EXHAUSTED);
	assert_int_equal(lvpn_peertab_count(t), 3);
	assert_int_equal(by_addr(t, addr(200), 16), LVPN_TEST_MISS);
	assert_int_equal(by_addr(t, addr(100), 8), LVPN_TEST_MISS); /* same bytes, other length */
	assert_int_equal(by_id(t, 3), LVPN_TEST_MISS);
	assert_int_equal(by_id(t, LVPN_PEER_ID_NONE), LVPN_TEST_MISS);
	assert_int_equal(by_id(t, 0xffffffffu), LVPN_TEST_MISS);
	assert_int_equal(lvpn_peertab_addr(t, 1, got), 16);
	assert_memory_equal(got, addr(101), 16);
	/* an address already in use cannot be added twice */
	assert_int_equal(lvpn_peertab_remove(t, 2), 0);
	assert_int_equal(lvpn_peertab_add(t, addr(100), 16, &s[3]), LVPN_ERR_STATE);
	assert_int_equal(lvpn_peertab_count(t), 2);
	assert_int_equal(lvpn_peertab_add(t, addr(100), 0, &s[3]), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_peertab_add(t, addr(100), 29, &s[3]), LVPN_ERR_INVAL);
	lvpn_peertab_free(t);
}

static void test_reuse(void **state)
{
	struct lvpn_peertab *t;
	int s;

	(void)state;
	assert_int_equal(lvpn_peertab_new(4, 7, &t), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(lvpn_peertab_add(t, addr(i), 16, &s), 0);
	assert_int_equal(lvpn_peertab_remove(t, 2), 0);
	assert_int_equal(lvpn_peertab_remove(t, 0), 0);
	assert_int_equal(lvpn_peertab_remove(t, 0), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_peertab_remove(t, 4), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_peertab_remove(t, -1), LVPN_ERR_INVAL);
	/* the removed peer-id and address are gone */
	assert_int_equal(by_id(t, 2), LVPN_TEST_MISS);
	assert_int_equal(by_addr(t, addr(2), 16), LVPN_TEST_MISS);
	/* least recently freed first */
	assert_int_equal(lvpn_peertab_add(t, addr(50), 16, &s), 0);
	assert_int_equal(s, 2);
	assert_int_equal(lvpn_peertab_add(t, addr(51), 16, &s), 0);
	assert_int_equal(s, 0);
	assert_int_equal(by_addr(t, addr(51), 16), 0);
	lvpn_peertab_free(t);
	assert_int_equal(lvpn_peertab_new(0, 0, &t), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_peertab_new(LVPN_PEER_ID_MAX + 2, 0, &t), LVPN_ERR_INVAL);
}

static void test_float(void **state)
{
	struct lvpn_peertab *t;
	int a, b;

	(void)state;
	assert_int_equal(lvpn_peertab_new(8, 1, &t), 0);
	assert_int_equal(lvpn_peertab_add(t, addr(1), 16, &a), 0);
	assert_int_equal(lvpn_peertab_add(t, addr(2), 16, &b), 0);
	/* onto another live client's address: refused, nothing changes */
	assert_int_equal(lvpn_peertab_float(t, a, addr(2), 16), LVPN_ERR_STATE);
	assert_int_equal(by_addr(t, addr(1), 16), a);
	assert_int_equal(by_addr(t, addr(2), 16), b);
	/* onto its own address: no-op */
	assert_int_equal(lvpn_peertab_float(t, a, addr(1), 16), 0);
	assert_int_equal(by_addr(t, addr(1), 16), a);
	/* onto a fresh address: the old one is released */
	assert_int_equal(lvpn_peertab_float(t, a, addr(3), 16), 0);
	assert_int_equal(by_addr(t, addr(3), 16), a);
	assert_int_equal(by_addr(t, addr(1), 16), LVPN_TEST_MISS);
	assert_int_equal(by_id(t, (uint32_t)a), a);
	/* b can now take a's old address */
	assert_int_equal(lvpn_peertab_float(t, b, addr(1), 16), 0);
	assert_int_equal(by_addr(t, addr(1), 16), b);
	/* after a client leaves, its address is free to float onto */
	assert_int_equal(lvpn_peertab_remove(t, a), 0);
	assert_int_equal(lvpn_peertab_float(t, b, addr(3), 16), 0);
	/* bad calls */
	assert_int_equal(lvpn_peertab_float(t, a, addr(9), 16), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_peertab_float(t, 8, addr(9), 16), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_peertab_float(t, b, NULL, 16), LVPN_ERR_INVAL);
	lvpn_peertab_free(t);
}

/* many clients in a small table: every address still maps to its slot */
static void test_many(void **state)
{
	struct lvpn_peertab *t;
	int s;

	(void)state;
	assert_int_equal(lvpn_peertab_new(1024, 42, &t), 0);
	for (int i = 0; i < 1024; i++)
		assert_int_equal(lvpn_peertab_add(t, addr(i * 7 + 3), 16, &s), 0);
	for (int i = 0; i < 1024; i++)
		assert_int_equal(by_addr(t, addr(i * 7 + 3), 16), i);
	for (int i = 0; i < 1024; i += 2)
		assert_int_equal(lvpn_peertab_remove(t, i), 0);
	for (int i = 1; i < 1024; i += 2)
		assert_int_equal(by_addr(t, addr(i * 7 + 3), 16), i);
	assert_int_equal(lvpn_peertab_count(t), 512);
	lvpn_peertab_free(t);
}

/* the per-packet calls (lookups, float, add/remove after setup) never
 * allocate */
static void test_no_alloc(void **state)
{
	struct lvpn_peertab *t;
	int s, hits = 0;

	(void)state;
	assert_int_equal(lvpn_peertab_new(256, 5, &t), 0);
	counting = 1;
	allocs = 0;
	for (int i = 0; i < 256; i++)
		assert_int_equal(lvpn_peertab_add(t, addr(i), 16, &s), 0);
	for (int r = 0; r < 1000; r++) {
		for (int i = 0; i < 256; i++) {
			hits += by_addr(t, addr(i), 16) == i;
			hits += by_id(t, (uint32_t)i) == i;
		}
		assert_int_equal(lvpn_peertab_float(t, r % 256, addr(1000 + r), 16), 0);
		assert_int_equal(lvpn_peertab_float(t, r % 256, addr(r % 256), 16), 0);
	}
	for (int i = 0; i < 256; i++)
		assert_int_equal(lvpn_peertab_remove(t, i), 0);
	counting = 0;
	assert_int_equal(allocs, 0);
	assert_int_equal(hits, 2 * 256 * 1000);
	lvpn_peertab_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_add_lookup), cmocka_unit_test(test_reuse),
	    cmocka_unit_test(test_float),      cmocka_unit_test(test_many),
	    cmocka_unit_test(test_no_alloc),   cmocka_unit_test(test_lookup_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
