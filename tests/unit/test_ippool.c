/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/pool.  Sizes and addresses follow OpenVPN 2.6 pool.c; the subnet
 * case's size 253 is what the real openvpn logs for `server 10.8.0.0
 * 255.255.255.0` ("IFCONFIG POOL IPv4: base=10.8.0.2 size=253", IPv6
 * "base=2001:db8::1000 size=65536"), the rest is derived by hand. */
#include "tests/unit/testutil.h"

#include "proto/server/ippool.h"
#include "proto/server/srvaddr.h"

static struct lvpn_ippool *mk(uint32_t start, uint32_t end, int net30, const char *v6, int bits,
                              int dup, int persist)
{
	struct lvpn_ippool_cfg c = {0};
	struct lvpn_ippool *p;

	c.v4 = start != 0;
	c.start = start;
	c.end = end;
	c.net30 = net30;
	if (v6) {
		c.v6 = 1;
		assert_int_equal(lvpn_srvaddr_parse6(v6, c.v6_base), 0);
		c.v6_netbits = bits;
	}
	c.duplicate_cn = dup;
	c.persist_secs = persist;
	assert_int_equal(lvpn_ippool_new(&c, NULL, &p), 0);
	return p;
}

static const char *s4(uint32_t a)
{
	static char b[4][LVPN_ADDR4_STRLEN];
	static int n;

	return lvpn_srvaddr_fmt4(a, b[n++ & 3]);
}

static void test_sizes(void **state)
{
	struct lvpn_ippool *p;
	struct lvpn_ippool_cfg c = {0};
	struct lvpn_ippool_lease l;
	char s[LVPN_ADDR6_STRLEN];

	(void)state;
	p = mk(0x0a080002, 0x0a0800fe, 0, "2001:db8::1000", 64, 0, 600);
	assert_int_equal(lvpn_ippool_size(p), 253);
	assert_int_equal(lvpn_ippool_acquire(p, "a", &l), 0);
	assert_string_equal(s4(l.remote), "10.8.0.2");
	assert_int_equal(l.local, 0);
	assert_string_equal(lvpn_srvaddr_fmt6(l.remote6, s), "2001:db8::1000");
	lvpn_ippool_free(p);
	/* IPv6 only, /124 starting at ::2: 16 - 2 = 14 entries */
	p = mk(0, 0, 0, "fd00::2", 124, 0, 0);
	assert_int_equal(lvpn_ippool_size(p), 14);
	lvpn_ippool_free(p);
	/* host part all zero: the pool starts at ::1 instead */
	p = mk(0, 0, 0, "fd00::", 120, 0, 0);
	assert_int_equal(lvpn_ippool_size(p), 255);
	assert_int_equal(lvpn_ippool_acquire(p, NULL, &l), 0);
	assert_string_equal(lvpn_srvaddr_fmt6(l.remote6, s), "fd00::1");
	lvpn_ippool_free(p);
	/* the smaller family limits the pool */
	p = mk(0x0a080002, 0x0a0800fe, 0, "fd00::2", 124, 0, 0);
	assert_int_equal(lvpn_ippool_size(p), 14);
	lvpn_ippool_free(p);
	/* refused: inverted, one address, too large, bad netbits, nothing */
	c.v4 = 1, c.start = 5, c.end = 4;
	assert_int_equal(lvpn_ippool_new(&c, NULL, &p), LVPN_ERR_CONFIG);
	c.end = 5;
	assert_int_equal(lvpn_ippool_new(&c, NULL, &p), LVPN_ERR_CONFIG);
	c.start = 0x0a000000, c.end = 0x0a010000;
	assert_int_equal(lvpn_ippool_new(&c, NULL, &p), LVPN_ERR_CONFIG);
	c.v4 = 0, c.v6 = 1, c.v6_netbits = 63;
	assert_int_equal(lvpn_ippool_new(&c, NULL, &p), LVPN_ERR_CONFIG);
	c.v6 = 0;
	assert_int_equal(lvpn_ippool_new(&c, NULL, &p), LVPN_ERR_CONFIG);
	assert_null(p);
}

static void test_exhaust_release(void **state)
{
	struct lvpn_ippool *p = mk(0x0a080002, 0x0a080005, 0, NULL, 0, 0, 0);
	struct lvpn_ippool_lease l[5];

	(void)state;
	for (int i = 0; i < 4; i++) {
		assert_int_equal(lvpn_ippool_acquire(p, NULL, &l[i]), 0);
		assert_int_equal(l[i].remote, 0x0a080002u + (unsigned)i);
	}
	assert_int_equal(lvpn_ippool_acquire(p, NULL, &l[4]), LVPN_ERR_EXHAUSTED);
	assert_int_equal(lvpn_ippool_used(p), 4);
	assert_int_equal(lvpn_ippool_release(p, l[2].handle, 0), 0);
	assert_int_equal(lvpn_ippool_release(p, l[2].handle, 0), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_ippool_release(p, 4, 0), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_ippool_release(p, -1, 0), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_ippool_release(p, l[0].handle, 0), 0);
	/* the entry released first comes back first */
	assert_int_equal(lvpn_ippool_acquire(p, NULL, &l[4]), 0);
	assert_int_equal(l[4].remote, 0x0a080004);
	assert_int_equal(lvpn_ippool_acquire(p, NULL, &l[4]), 0);
	assert_int_equal(l[4].remote, 0x0a080002);
	assert_int_equal(lvpn_ippool_acquire(p, NULL, &l[4]), LVPN_ERR_EXHAUSTED);
	lvpn_ippool_free(p);
}

/* net30 (server 10.8.0.0/24): pool .4-.251 is the 62 /30s .4 .. .248
 * (.252 is left out by the helper); client i gets .4i+6 with the server
 * end .4i+5 */
static void test_net30(void **state)
{
	struct lvpn_ippool *p = mk(0x0a080004, 0x0a0800fb, 1, NULL, 0, 0, 0);
	struct lvpn_ippool_lease l;

	(void)state;
	assert_int_equal(lvpn_ippool_size(p), 62);
	assert_int_equal(lvpn_ippool_acquire(p, "a", &l), 0);
	assert_string_equal(s4(l.local), "10.8.0.5");
	assert_string_equal(s4(l.remote), "10.8.0.6");
	assert_int_equal(lvpn_ippool_acquire(p, "b", &l), 0);
	assert_string_equal(s4(l.local), "10.8.0.9");
	assert_string_equal(s4(l.remote), "10.8.0.10");
	for (int i = 2; i < 62; i++)
		assert_int_equal(lvpn_ippool_acquire(p, NULL, &l), 0);
	assert_string_equal(s4(l.remote), "10.8.0.250");
	assert_int_equal(lvpn_ippool_acquire(p, NULL, &l), LVPN_ERR_EXHAUSTED);
	lvpn_ippool_free(p);
}

static void test_cn_reuse(void **state)
{
	struct lvpn_ippool *p = mk(0x0a080002, 0x0a080005, 0, NULL, 0, 0, 600);
	struct lvpn_ippool_lease a, b;
	char longcn[LVPN_IPPOOL_CN_MAX + 2];

	(void)state;
	assert_int_equal(lvpn_ippool_acquire(p, "alice", &a), 0);
	assert_int_equal(lvpn_ippool_release(p, a.handle, 0), 0);
	assert_int_equal(lvpn_ippool_acquire(p, "bob", &b), 0);
	assert_int_not_equal(b.remote, a.remote);
	assert_int_equal(lvpn_ippool_acquire(p, "alice", &b), 0);
	assert_int_equal(b.remote, a.remote);
	/* a hard release forgets the name */
	assert_int_equal(lvpn_ippool_release(p, b.handle, 1), 0);
	assert_int_equal(lvpn_ippool_acquire(p, "alice", &b), 0);
	assert_int_not_equal(b.remote, a.remote);
	memset(longcn, 'x', sizeof(longcn) - 1);
	longcn[sizeof(longcn) - 1] = 0;
	assert_int_equal(lvpn_ippool_acquire(p, longcn, &b), LVPN_ERR_INVAL);
	lvpn_ippool_free(p);
	/* duplicate-cn: names are ignored */
	p = mk(0x0a080002, 0x0a080005, 0, NULL, 0, 1, 600);
	assert_int_equal(lvpn_ippool_acquire(p, "alice", &a), 0);
	assert_int_equal(lvpn_ippool_acquire(p, "alice", &b), 0);
	assert_int_equal(lvpn_ippool_release(p, a.handle, 0), 0);
	assert_int_equal(lvpn_ippool_acquire(p, "alice", &b), 0);
	assert_int_not_equal(b.remote, a.remote);
	lvpn_ippool_free(p);
}

static void test_persist_roundtrip(void **state)
{
	struct lvpn_ippool *p = mk(0x0a080002, 0x0a0800fe, 0, "2001:db8::1000", 64, 0, 600);
	struct lvpn_ippool_lease l;
	char buf[256];
	size_t n;
	unsigned bad;
	/* the format of OpenVPN 2.6 ifconfig_pool_list: "%s,%s,%s" + "\n" */
	const char *want = "alice,10.8.0.2,2001:db8::1000\nbob,10.8.0.3,2001:db8::1001\n";

	(void)state;
	assert_int_equal(lvpn_ippool_acquire(p, "alice", &l), 0);
	assert_int_equal(lvpn_ippool_acquire(p, "bob", &l), 0);
	assert_int_equal(lvpn_ippool_acquire(p, NULL, &l), 0); /* unnamed: not saved */
	assert_int_equal(lvpn_ippool_save(p, buf, sizeof(buf), &n), 0);
	assert_int_equal(n, strlen(want));
	assert_memory_equal(buf, want, n);
	assert_int_equal(lvpn_ippool_save(p, buf, 10, &n), LVPN_ERR_BUFSIZE);
	assert_int_equal(n, strlen(want));
	lvpn_ippool_free(p);

	p = mk(0x0a080002, 0x0a0800fe, 0, "2001:db8::1000", 64, 0, 600);
	assert_int_equal(lvpn_ippool_load(p, want, strlen(want), &bad), 0);
	assert_int_equal(bad, 0);
	assert_int_equal(lvpn_ippool_acquire(p, "carol", &l), 0);
	assert_string_equal(s4(l.remote), "10.8.0.4"); /* named entries go last */
	assert_int_equal(lvpn_ippool_acquire(p, "bob", &l), 0);
	assert_string_equal(s4(l.remote), "10.8.0.3");
	lvpn_ippool_free(p);

	/* net30: the file holds the /30's network address */
	p = mk(0x0a080004, 0x0a0800fb, 1, NULL, 0, 0, 600);
	assert_int_equal(lvpn_ippool_acquire(p, "alice", &l), 0);
	assert_int_equal(lvpn_ippool_save(p, buf, sizeof(buf), &n), 0);
	assert_int_equal(n, strlen("alice,10.8.0.4,\n"));
	assert_memory_equal(buf, "alice,10.8.0.4,\n", n);
	lvpn_ippool_free(p);
	p = mk(0x0a080004, 0x0a0800fb, 1, NULL, 0, 0, 600);
	assert_int_equal(lvpn_ippool_load(p, "x,10.8.0.8,\nalice,10.8.0.4", 26, &bad), 0);
	assert_int_equal(bad, 0);
	assert_int_equal(lvpn_ippool_acquire(p, "alice", &l), 0);
	assert_string_equal(s4(l.remote), "10.8.0.6");
	lvpn_ippool_free(p);
}

static void test_persist_malformed(void **state)
{
	struct lvpn_ippool *p = mk(0x0a080002, 0x0a080009, 0, "fd00::2", 64, 0, 600);
	struct lvpn_ippool_lease l;
	unsigned bad;
	char longline[400];
	static const char text[] = "# comment\n"
	                           "; comment\n"
	                           "\n"
	                           "nocomma\n"
	                           ",10.8.0.2,\n"
	                           "a,300.1.1.1,\n"
	                           "b,10.9.0.1,\n"
	                           "c,10.8.0.2,fd00::2,extra\n"
	                           "d,10.8.0\n"
	                           "e,,fd01::3\n"
	                           "f,10.8.0.20,\n"
	                           "g, 10.8.0.3,\n"
	                           "ok1,10.8.0.4,\r\n"
	                           "ok2,,fd00::5\n"
	                           "ok3,10.8.0.7,fd00::3\n"
	                           "h\0x,10.8.0.8,\n"
	                           "ok4,10.8.0.9";

	(void)state;
	assert_int_equal(lvpn_ippool_load(p, text, sizeof(text) - 1, &bad), 0);
	assert_int_equal(bad, 10);
	assert_int_equal(lvpn_ippool_acquire(p, "ok1", &l), 0);
	assert_string_equal(s4(l.remote), "10.8.0.4");
	assert_int_equal(lvpn_ippool_acquire(p, "ok2", &l), 0);
	assert_string_equal(s4(l.remote), "10.8.0.5"); /* found by its IPv6 address */
	assert_int_equal(lvpn_ippool_acquire(p, "ok3", &l), 0);
	assert_string_equal(s4(l.remote), "10.8.0.7"); /* IPv4 wins over IPv6 */
	assert_int_equal(lvpn_ippool_acquire(p, "ok4", &l), 0);
	assert_string_equal(s4(l.remote), "10.8.0.9");
	/* an over-long line and an over-long name are skipped */
	memset(longline, 'a', sizeof(longline));
	memcpy(longline + 300, ",10.8.0.2,", 10);
	assert_int_equal(lvpn_ippool_load(p, longline, sizeof(longline), &bad), 0);
	assert_int_equal(bad, 1);
	assert_int_equal(lvpn_ippool_load(p, longline + 200, 110, &bad), 0);
	assert_int_equal(bad, 1);
	/* the entry of a client in use is not reassigned */
	assert_int_equal(lvpn_ippool_load(p, "zz,10.8.0.4,", 12, &bad), 0);
	assert_int_equal(bad, 1);
	assert_int_equal(lvpn_ippool_load(p, NULL, 3, &bad), LVPN_ERR_INVAL);
	lvpn_ippool_free(p);
}

/* persist seconds 0: the file's entries are reserved for their names */
static void test_persist_fixed_and_dup(void **state)
{
	struct lvpn_ippool *p = mk(0x0a080002, 0x0a080003, 0, NULL, 0, 0, 0);
	struct lvpn_ippool_lease l;
	unsigned bad;

	(void)state;
	assert_int_equal(lvpn_ippool_load(p, "carol,10.8.0.2,\n", 16, &bad), 0);
	assert_int_equal(lvpn_ippool_acquire(p, "x", &l), 0);
	assert_string_equal(s4(l.remote), "10.8.0.3");
	assert_int_equal(lvpn_ippool_acquire(p, "y", &l), LVPN_ERR_EXHAUSTED);
	assert_int_equal(lvpn_ippool_acquire(p, "carol", &l), 0);
	assert_string_equal(s4(l.remote), "10.8.0.2");
	assert_int_equal(lvpn_ippool_release(p, l.handle, 0), 0);
	assert_int_equal(lvpn_ippool_acquire(p, "y", &l), LVPN_ERR_EXHAUSTED);
	assert_int_equal(lvpn_ippool_save_due(p, 100), 0); /* read-only file */
	lvpn_ippool_free(p);
	/* duplicate-cn: the file is not used */
	p = mk(0x0a080002, 0x0a080003, 0, NULL, 0, 1, 600);
	assert_int_equal(lvpn_ippool_load(p, "carol,10.8.0.3,\n", 16, &bad), 0);
	assert_int_equal(lvpn_ippool_acquire(p, "carol", &l), 0);
	assert_string_equal(s4(l.remote), "10.8.0.2");
	lvpn_ippool_free(p);
}

static void test_reserve_and_due(void **state)
{
	struct lvpn_ippool *p = mk(0x0a080001, 0x0a080003, 0, NULL, 0, 0, 600);
	struct lvpn_ippool_lease l;

	(void)state;
	assert_int_equal(lvpn_ippool_reserve4(p, 0x0a080001), 0);
	assert_int_equal(lvpn_ippool_reserve4(p, 0x0a080001), LVPN_ERR_STATE);
	assert_int_equal(lvpn_ippool_reserve4(p, 0x0a080009), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_ippool_acquire(p, NULL, &l), 0);
	assert_string_equal(s4(l.remote), "10.8.0.2");
	assert_int_equal(lvpn_ippool_acquire(p, NULL, &l), 0);
	assert_int_equal(lvpn_ippool_acquire(p, NULL, &l), LVPN_ERR_EXHAUSTED);
	assert_int_equal(lvpn_ippool_save_due(p, 1000), 0);
	assert_int_equal(lvpn_ippool_save_due(p, 1599), 0);
	assert_int_equal(lvpn_ippool_save_due(p, 1600), 1);
	assert_int_equal(lvpn_ippool_save_due(p, 1601), 0);
	assert_int_equal(lvpn_ippool_save_due(p, 2200), 1);
	lvpn_ippool_free(p);
}

/* every single-bit flip of a valid file: load never fails or crashes, and
 * whatever it accepts still hands out only pool addresses */
static void test_persist_bitflip(void **state)
{
	static const char good[] = "alice,10.8.0.2,fd00::2\nbob,10.8.0.3,fd00::3\n";
	char text[sizeof(good)];

	(void)state;
	for (size_t bit = 0; bit < 8 * (sizeof(good) - 1); bit++) {
		struct lvpn_ippool *p = mk(0x0a080002, 0x0a080005, 0, "fd00::2", 64, 0, 600);
		struct lvpn_ippool_lease l;
		unsigned bad;
		int n = 0;

		memcpy(text, good, sizeof(good));
		text[bit / 8] ^= (char)(1 << (bit % 8));
		assert_int_equal(lvpn_ippool_load(p, text, sizeof(good) - 1, &bad), 0);
		assert_true(bad <= 2);
		while (lvpn_ippool_acquire(p, "bob", &l) == 0) {
			assert_true(l.remote >= 0x0a080002 && l.remote <= 0x0a080005);
			n++;
		}
		assert_int_equal(n, 4);
		lvpn_ippool_free(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sizes),
	    cmocka_unit_test(test_exhaust_release),
	    cmocka_unit_test(test_net30),
	    cmocka_unit_test(test_cn_reuse),
	    cmocka_unit_test(test_persist_roundtrip),
	    cmocka_unit_test(test_persist_malformed),
	    cmocka_unit_test(test_persist_fixed_and_dup),
	    cmocka_unit_test(test_reserve_and_due),
	    cmocka_unit_test(test_persist_bitflip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
