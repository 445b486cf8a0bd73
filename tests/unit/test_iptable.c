/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/server/iptable: longest prefix match, IPv4/IPv6, iroutes, removal,
 * source check, and no allocation on lookups (malloc is wrapped). */
#include "tests/unit/testutil.h"

#include "proto/server/iptable.h"
#include "proto/server/srvaddr.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);
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

void *__wrap_realloc(void *p, size_t n)
{
	allocs += counting;
	return __real_realloc(p, n);
}

static uint32_t a4(const char *s)
{
	uint32_t a;

	assert_int_equal(lvpn_srvaddr_parse4(s, &a), 0);
	return a;
}

static const uint8_t *a6(const char *s)
{
	static uint8_t b[4][16];
	static int n;
	uint8_t *o = b[n++ & 3];

	assert_int_equal(lvpn_srvaddr_parse6(s, o), 0);
	return o;
}

static int look4(const struct lvpn_iptable *t, uint32_t a)
{
	int c = LVPN_TEST_MISS;
	int found = lvpn_iptable_lookup4(t, a, &c);

	return lvpn_test_found(found, c);
}

static int look6(const struct lvpn_iptable *t, const uint8_t a[16])
{
	int c = LVPN_TEST_MISS;
	int found = lvpn_iptable_lookup6(t, a, &c);

	return lvpn_test_found(found, c);
}

static struct lvpn_iptable *mk(void)
{
	struct lvpn_iptable *t;

	assert_int_equal(lvpn_iptable_new(8, 32, 0x1234, &t), 0);
	return t;
}

static void test_lpm4(void **state)
{
	struct lvpn_iptable *t = mk();

	(void)state;
	assert_int_equal(lvpn_iptable_add4(t, a4("10.8.0.2"), 32, 0), 0);
	assert_int_equal(lvpn_iptable_add4(t, a4("10.8.0.3"), 32, 1), 0);
	/* client 1 routes a LAN; client 2 a smaller part of it; host bits of
	 * the prefix are ignored */
	assert_int_equal(lvpn_iptable_add4(t, a4("192.168.0.77"), 16, 1), 0);
	assert_int_equal(lvpn_iptable_add4(t, a4("192.168.5.0"), 24, 2), 0);
	assert_int_equal(look4(t, a4("10.8.0.2")), 0);
	assert_int_equal(look4(t, a4("10.8.0.3")), 1);
	assert_int_equal(look4(t, a4("10.8.0.4")), LVPN_TEST_MISS);
	assert_int_equal(look4(t, a4("192.168.4.255")), 1);
	assert_int_equal(look4(t, a4("192.168.5.9")), 2);
	assert_int_equal(look4(t, a4("192.169.5.9")), LVPN_TEST_MISS);
	/* a default iroute catches the rest */
	assert_int_equal(lvpn_iptable_add4(t, 0, 0, 3), 0);
	assert_int_equal(look4(t, a4("8.8.8.8")), 3);
	assert_int_equal(look4(t, a4("192.168.5.9")), 2);
	/* a NULL table or client pointer matches nothing */
	assert_int_equal(look4(NULL, a4("10.8.0.2")), LVPN_TEST_MISS);
	assert_int_equal(lvpn_iptable_lookup4(t, a4("10.8.0.2"), NULL), 0);
	assert_int_equal(lvpn_iptable_lookup6(t, a6("::"), NULL), 0);
	assert_int_equal(lvpn_iptable_count(t, -1), 5);
	assert_int_equal(lvpn_iptable_count(t, 1), 2);
	/* bad arguments change nothing */
	assert_int_equal(lvpn_iptable_add4(t, 0, 33, 0), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_iptable_add4(t, 0, -1, 0), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_iptable_add4(t, 0, 8, 8), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_iptable_add4(t, 0, 8, -1), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_iptable_count(t, -1), 5);
	lvpn_iptable_free(t);
}

static void test_lpm6(void **state)
{
	struct lvpn_iptable *t = mk();

	(void)state;
	assert_int_equal(lvpn_iptable_add6(t, a6("2001:db8::1000"), 128, 0), 0);
	assert_int_equal(lvpn_iptable_add6(t, a6("2001:db8:1::"), 48, 1), 0);
	assert_int_equal(lvpn_iptable_add6(t, a6("2001:db8:1:2::"), 64, 2), 0);
	assert_int_equal(lvpn_iptable_add6(t, a6("2001:db8:1:2:8000::"), 65, 3), 0);
	assert_int_equal(look6(t, a6("2001:db8::1000")), 0);
	assert_int_equal(look6(t, a6("2001:db8::1001")), LVPN_TEST_MISS);
	assert_int_equal(look6(t, a6("2001:db8:1:3::1")), 1);
	assert_int_equal(look6(t, a6("2001:db8:1:2::1")), 2);
	assert_int_equal(look6(t, a6("2001:db8:1:2:8000::1")), 3);
	assert_int_equal(look6(t, a6("2001:db8:1:2:7fff::1")), 2);
	/* IPv4 and IPv6 do not mix: 0.0.0.0/0 does not catch IPv6 */
	assert_int_equal(lvpn_iptable_add4(t, 0, 0, 4), 0);
	assert_int_equal(look6(t, a6("::")), LVPN_TEST_MISS);
	assert_int_equal(lvpn_iptable_add6(t, a6("::"), 129, 0), LVPN_ERR_INVAL);
	lvpn_iptable_free(t);
}

static void test_remove_and_move(void **state)
{
	struct lvpn_iptable *t = mk();

	(void)state;
	assert_int_equal(lvpn_iptable_add4(t, a4("10.8.0.2"), 32, 0), 0);
	assert_int_equal(lvpn_iptable_add4(t, a4("172.16.0.0"), 12, 0), 0);
	assert_int_equal(lvpn_iptable_add6(t, a6("fd00::2"), 128, 0), 0);
	assert_int_equal(lvpn_iptable_add4(t, a4("10.8.0.3"), 32, 1), 0);
	/* a prefix moves to the client that claims it last */
	assert_int_equal(lvpn_iptable_add4(t, a4("172.16.0.0"), 12, 1), 0);
	assert_int_equal(look4(t, a4("172.20.1.1")), 1);
	assert_int_equal(lvpn_iptable_count(t, 0), 2);
	assert_int_equal(lvpn_iptable_count(t, 1), 2);
	assert_int_equal(lvpn_iptable_del4(t, a4("172.16.0.0"), 12, 0), LVPN_ERR_INVAL);
	lvpn_iptable_remove_client(t, 0);
	assert_int_equal(look4(t, a4("10.8.0.2")), LVPN_TEST_MISS);
	assert_int_equal(look6(t, a6("fd00::2")), LVPN_TEST_MISS);
	assert_int_equal(look4(t, a4("10.8.0.3")), 1);
	assert_int_equal(look4(t, a4("172.20.1.1")), 1);
	assert_int_equal(lvpn_iptable_count(t, -1), 2);
	assert_int_equal(lvpn_iptable_del4(t, a4("172.16.0.0"), 12, 1), 0);
	assert_int_equal(look4(t, a4("172.20.1.1")), LVPN_TEST_MISS);
	lvpn_iptable_remove_client(t, 1);
	lvpn_iptable_remove_client(t, 99);
	assert_int_equal(lvpn_iptable_count(t, -1), 0);
	/* all entries come back: fill the table, overflow, drain, refill */
	for (int r = 0; r < 2; r++) {
		for (unsigned i = 0; i < 32; i++)
			assert_int_equal(lvpn_iptable_add4(t, 0x0a000000u + i, 32, (int)(i % 8)),
			                 0);
		assert_int_equal(lvpn_iptable_add4(t, 0x0b000000u, 32, 0), LVPN_ERR_EXHAUSTED);
		for (int c = 0; c < 8; c++)
			lvpn_iptable_remove_client(t, c);
		assert_int_equal(lvpn_iptable_count(t, -1), 0);
		assert_int_equal(look4(t, 0x0a000005u), LVPN_TEST_MISS);
	}
	lvpn_iptable_free(t);
}

static void test_packets(void **state)
{
	struct lvpn_iptable *t = mk();
	uint8_t v4[20] = {0x45}, v6[40] = {0x60};
	int c;

	(void)state;
	assert_int_equal(lvpn_iptable_add4(t, a4("10.8.0.2"), 32, 0), 0);
	assert_int_equal(lvpn_iptable_add4(t, a4("192.168.1.0"), 24, 0), 0);
	assert_int_equal(lvpn_iptable_add4(t, a4("10.8.0.3"), 32, 1), 0);
	assert_int_equal(lvpn_iptable_add6(t, a6("fd00::2"), 128, 1), 0);
	memcpy(v4 + 12, "\x0a\x08\x00\x02", 4); /* src 10.8.0.2 */
	memcpy(v4 + 16, "\x0a\x08\x00\x03", 4); /* dst 10.8.0.3 */
	assert_int_equal(lvpn_iptable_route(t, v4, sizeof(v4), &c), 0);
	assert_int_equal(c, 1);
	assert_int_equal(lvpn_iptable_src_check(t, 0, v4, sizeof(v4)), 0);
	/* spoofing: client 1 may not send from client 0's address */
	assert_int_equal(lvpn_iptable_src_check(t, 1, v4, sizeof(v4)), LVPN_ERR_SESSION);
	memcpy(v4 + 12, "\xc0\xa8\x01\x09", 4); /* from client 0's iroute */
	assert_int_equal(lvpn_iptable_src_check(t, 0, v4, sizeof(v4)), 0);
	memcpy(v4 + 12, "\xc0\xa8\x02\x09", 4); /* from nowhere */
	assert_int_equal(lvpn_iptable_src_check(t, 0, v4, sizeof(v4)), LVPN_ERR_SESSION);
	assert_int_equal(lvpn_iptable_route(t, v4, 19, &c), LVPN_ERR_TRUNCATED);
	assert_int_equal(c, -1);
	assert_int_equal(lvpn_iptable_src_check(t, 0, v4, 0), LVPN_ERR_TRUNCATED);
	v4[0] = 0x55;
	assert_int_equal(lvpn_iptable_route(t, v4, sizeof(v4), &c), LVPN_ERR_MALFORMED);
	memcpy(v6 + 8, a6("fd00::2"), 16);
	memcpy(v6 + 24, a6("fd00::9"), 16);
	assert_int_equal(lvpn_iptable_route(t, v6, sizeof(v6), &c), 0);
	assert_int_equal(c, -1);
	assert_int_equal(lvpn_iptable_src_check(t, 1, v6, sizeof(v6)), 0);
	assert_int_equal(lvpn_iptable_src_check(t, 0, v6, sizeof(v6)), LVPN_ERR_SESSION);
	assert_int_equal(lvpn_iptable_route(t, v6, 39, &c), LVPN_ERR_TRUNCATED);
	lvpn_iptable_free(t);
}

static void test_no_alloc(void **state)
{
	struct lvpn_iptable *t;
	uint8_t v4[20] = {0x45};
	unsigned long hits = 0;
	int c;

	(void)state;
	assert_int_equal(lvpn_iptable_new(1024, 4096, 99, &t), 0);
	for (unsigned i = 0; i < 1000; i++)
		assert_int_equal(lvpn_iptable_add4(t, 0x0a080002u + i, 32, (int)i), 0);
	assert_int_equal(lvpn_iptable_add4(t, a4("192.168.0.0"), 16, 5), 0);
	assert_int_equal(lvpn_iptable_add6(t, a6("fd00::"), 64, 6), 0);
	counting = 1;
	allocs = 0;
	for (uint32_t i = 0; i < 200000; i++) {
		uint32_t d = 0x0a080000u + (i & 0x7ff);

		v4[16] = (uint8_t)(d >> 24), v4[17] = (uint8_t)(d >> 16);
		v4[18] = (uint8_t)(d >> 8), v4[19] = (uint8_t)d;
		assert_int_equal(lvpn_iptable_route(t, v4, sizeof(v4), &c), 0);
		hits += c >= 0;
		hits += look6(t, a6("fd00::1")) == 6;
	}
	counting = 0;
	assert_int_equal(allocs, 0);
	assert_true(hits > 100000);
	lvpn_iptable_free(t);
	assert_int_equal(lvpn_iptable_new(0, 1, 0, &t), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_iptable_new(1, 0, 0, &t), LVPN_ERR_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lpm4),
	    cmocka_unit_test(test_lpm6),
	    cmocka_unit_test(test_remove_and_move),
	    cmocka_unit_test(test_packets),
	    cmocka_unit_test(test_no_alloc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
