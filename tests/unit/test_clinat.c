/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/clinat: the rule semantics of OpenVPN 2.6 clinat.c (which address
 * each of snat/dnat rewrites in each direction, first matching rule wins)
 * on UDP and TCP packets whose IPv4 and transport checksums are checked
 * from scratch after the rewrite; IP options, fragments, UDP without a
 * checksum, tap frames, and packets left alone. */
#include "tests/unit/testutil.h"

#include "base/buf.h"
#include "proto/clinat.h"
#include "proto/config/netplan.h"

static uint32_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return s;
}

static uint32_t sum(uint32_t s, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i += 2)
		s += (uint32_t)(p[i] << 8 | (i + 1 < n ? p[i + 1] : 0));
	return s;
}

/* 0xffff when the checksums (IP, and TCP/UDP over the pseudo-header) are
 * right. */
static uint32_t ip_ok(const uint8_t *p)
{
	return fold(sum(0, p, (size_t)(p[0] & 15) * 4));
}

static uint32_t l4_ok(const uint8_t *p, size_t len)
{
	size_t ihl = (size_t)(p[0] & 15) * 4;
	uint32_t s = sum(0, p + 12, 8) + p[9] + (uint32_t)(len - ihl);

	return fold(sum(s, p + ihl, len - ihl));
}

/* An IPv4 packet (proto 6 or 17, ihl words) of len bytes, checksums set. */
static void mk4(uint8_t *p, size_t len, int proto, int ihl, uint32_t src, uint32_t dst)
{
	size_t h = (size_t)ihl * 4, c = proto == 6 ? 16 : 6;
	uint32_t s;

	memset(p, 0, len);
	p[0] = (uint8_t)(0x40 | ihl);
	lvpn_put_be16(p + 2, (uint16_t)len);
	p[8] = 64;
	p[9] = (uint8_t)proto;
	lvpn_put_be32(p + 12, src);
	lvpn_put_be32(p + 16, dst);
	for (size_t i = h; i < len; i++)
		p[i] = (uint8_t)(i * 13 + 5);
	p[h + c] = p[h + c + 1] = 0;
	if (proto == 17)
		lvpn_put_be16(p + h + 4, (uint16_t)(len - h));
	s = fold(sum(sum(0, p + 12, 8) + (uint32_t)proto + (uint32_t)(len - h), p + h, len - h));
	lvpn_put_be16(p + h + c, (uint16_t)~s);
	lvpn_put_be16(p + 10, (uint16_t)~fold(sum(0, p, h)));
}

#define A(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

static void rules(struct lvpn_clinat *c, const char *const (*r)[4], int n)
{
	memset(c, 0, sizeof(*c));
	for (int i = 0; i < n; i++)
		assert_int_equal(lvpn_clinat_add(c, r[i]), 0);
}

static void test_directions(void **st)
{
	static const char *const r[][4] = {
	    {"snat", "10.0.0.0", "255.255.255.0", "192.168.1.0"},
	    {"dnat", "10.8.0.0", "255.255.0.0", "172.16.0.0"},
	};
	struct lvpn_clinat c;
	uint8_t p[60];

	(void)st;
	rules(&c, r, 2);
	for (int proto = 6; proto <= 17; proto += 11) {
		/* OUT: snat rewrites the source, dnat the destination */
		mk4(p, sizeof(p), proto, 5, A(10, 0, 0, 5), A(10, 8, 3, 4));
		assert_int_equal(lvpn_clinat_apply(&c, p, sizeof(p), LVPN_CLINAT_OUT), 1);
		assert_int_equal(lvpn_get_be32(p + 12), A(192, 168, 1, 5));
		assert_int_equal(lvpn_get_be32(p + 16), A(172, 16, 3, 4));
		assert_int_equal(ip_ok(p), 0xffff);
		assert_int_equal(l4_ok(p, sizeof(p)), 0xffff);
		/* IN: snat rewrites the destination, dnat the source, back */
		mk4(p, sizeof(p), proto, 5, A(172, 16, 3, 4), A(192, 168, 1, 5));
		assert_int_equal(lvpn_clinat_apply(&c, p, sizeof(p), LVPN_CLINAT_IN), 1);
		assert_int_equal(lvpn_get_be32(p + 12), A(10, 8, 3, 4));
		assert_int_equal(lvpn_get_be32(p + 16), A(10, 0, 0, 5));
		assert_int_equal(ip_ok(p), 0xffff);
		assert_int_equal(l4_ok(p, sizeof(p)), 0xffff);
		/* the other way round nothing matches */
		mk4(p, sizeof(p), proto, 5, A(10, 0, 0, 5), A(10, 8, 3, 4));
		assert_int_equal(lvpn_clinat_apply(&c, p, sizeof(p), LVPN_CLINAT_IN), 0);
	}
}

/* The first matching rule rewrites an address; a later one leaves it,
 * even if it would match the rewritten address. */
static void test_first_rule_wins(void **st)
{
	static const char *const r[][4] = {
	    {"snat", "10.0.0.0", "255.0.0.0", "11.0.0.0"},
	    {"snat", "11.0.0.0", "255.0.0.0", "12.0.0.0"},
	    {"snat", "10.0.0.0", "255.255.0.0", "13.0.0.0"},
	};
	struct lvpn_clinat c;
	uint8_t p[40];

	(void)st;
	rules(&c, r, 3);
	mk4(p, sizeof(p), 17, 5, A(10, 0, 1, 2), A(8, 8, 8, 8));
	assert_int_equal(lvpn_clinat_apply(&c, p, sizeof(p), LVPN_CLINAT_OUT), 1);
	assert_int_equal(lvpn_get_be32(p + 12), A(11, 0, 1, 2));
	assert_int_equal(lvpn_get_be32(p + 16), A(8, 8, 8, 8));
}

static void test_shapes(void **st)
{
	static const char *const r[][4] = {{"snat", "10.0.0.0", "255.255.255.0", "192.168.1.0"}};
	struct lvpn_clinat c;
	uint8_t p[64], q[64];

	(void)st;
	rules(&c, r, 1);
	/* IP options: the TCP checksum is behind them */
	mk4(p, sizeof(p), 6, 7, A(10, 0, 0, 5), A(1, 2, 3, 4));
	memcpy(q, p, sizeof(p));
	assert_int_equal(lvpn_clinat_apply(&c, p, sizeof(p), LVPN_CLINAT_OUT), 1);
	assert_int_equal(ip_ok(p), 0xffff);
	assert_int_equal(l4_ok(p, sizeof(p)), 0xffff);
	assert_memory_equal(p + 20, q + 20, 24); /* only the checksum moved */
	assert_memory_equal(p + 46, q + 46, sizeof(p) - 46);
	/* UDP without a checksum keeps none */
	mk4(p, sizeof(p), 17, 5, A(10, 0, 0, 5), A(1, 2, 3, 4));
	p[26] = p[27] = 0;
	assert_int_equal(lvpn_clinat_apply(&c, p, sizeof(p), LVPN_CLINAT_OUT), 1);
	assert_int_equal(p[26] | p[27], 0);
	assert_int_equal(ip_ok(p), 0xffff);
	/* a later fragment: its payload is not touched */
	mk4(p, sizeof(p), 6, 5, A(10, 0, 0, 5), A(1, 2, 3, 4));
	lvpn_put_be16(p + 6, 100);
	lvpn_put_be16(p + 10, 0);
	lvpn_put_be16(p + 10, (uint16_t)~fold(sum(0, p, 20)));
	memcpy(q, p, sizeof(p));
	assert_int_equal(lvpn_clinat_apply(&c, p, sizeof(p), LVPN_CLINAT_OUT), 1);
	assert_memory_equal(p + 20, q + 20, sizeof(p) - 20);
	assert_int_equal(ip_ok(p), 0xffff);
	/* a TCP header cut short: the IP header is still rewritten */
	memset(p, 0, sizeof(p));
	mk4(p, 30, 6, 5, A(10, 0, 0, 5), A(1, 2, 3, 4));
	memcpy(q, p, sizeof(p));
	assert_int_equal(lvpn_clinat_apply(&c, p, 30, LVPN_CLINAT_OUT), 1);
	assert_memory_equal(p + 20, q + 20, sizeof(p) - 20);
	assert_int_equal(ip_ok(p), 0xffff);
	/* left alone: too short, IPv6, no rules */
	mk4(p, sizeof(p), 17, 5, A(10, 0, 0, 5), A(1, 2, 3, 4));
	memcpy(q, p, sizeof(p));
	assert_int_equal(lvpn_clinat_apply(&c, p, 19, LVPN_CLINAT_OUT), 0);
	p[0] = 0x65;
	assert_int_equal(lvpn_clinat_apply(&c, p, sizeof(p), LVPN_CLINAT_OUT), 0);
	p[0] = 0x45;
	c.n = 0;
	assert_int_equal(lvpn_clinat_apply(&c, p, sizeof(p), LVPN_CLINAT_OUT), 0);
	assert_memory_equal(p, q, sizeof(p));
}

static void test_ethernet(void **st)
{
	static const char *const r[][4] = {{"dnat", "10.0.0.0", "255.255.255.0", "192.168.1.0"}};
	struct lvpn_clinat c;
	uint8_t f[18 + 40];

	(void)st;
	rules(&c, r, 1);
	memset(f, 0, sizeof(f));
	f[12] = 0x81, f[16] = 0x08; /* VLAN tag, then IPv4 */
	mk4(f + 18, 40, 17, 5, A(1, 2, 3, 4), A(10, 0, 0, 7));
	assert_int_equal(lvpn_clinat_apply_eth(&c, f, sizeof(f), LVPN_CLINAT_OUT), 1);
	assert_int_equal(lvpn_get_be32(f + 18 + 16), A(192, 168, 1, 7));
	assert_int_equal(l4_ok(f + 18, 40), 0xffff);
	f[16] = 0x86, f[17] = 0xdd;
	assert_int_equal(lvpn_clinat_apply_eth(&c, f, sizeof(f), LVPN_CLINAT_IN), 0);
}

static void test_add(void **st)
{
	static const char *const bad[][4] = {
	    {"nat", "10.0.0.0", "255.0.0.0", "11.0.0.0"},
	    {"snat", "10.0.0", "255.0.0.0", "11.0.0.0"},
	    {"snat", "10.0.0.0", "255.0.0.x", "11.0.0.0"},
	    {"dnat", "10.0.0.0", "255.0.0.0", "host.example"},
	};
	static const char *const ok[4] = {"dnat", "10.0.0.0", "255.0.0.0", "11.0.0.0"};
	struct lvpn_clinat c;

	(void)st;
	memset(&c, 0, sizeof(c));
	for (int i = 0; i < 4; i++)
		assert_int_equal(lvpn_clinat_add(&c, bad[i]), LVPN_ERR_CONFIG);
	for (int i = 0; i < LVPN_CLINAT_MAX; i++)
		assert_int_equal(lvpn_clinat_add(&c, ok), 0);
	assert_int_equal(lvpn_clinat_add(&c, ok), LVPN_ERR_EXHAUSTED);
	assert_int_equal(c.n, LVPN_CLINAT_MAX);
	assert_int_equal(c.r[0].dnat, 1);
	assert_int_equal(c.r[0].mask, A(255, 0, 0, 0));
}

/* Rules reach the client's plan (configured or pushed: both are lines
 * parsed onto it); a malformed one is refused, a 65th left out. */
static void test_plan(void **st)
{
	static struct lvpn_netplan p;

	(void)st;
	lvpn_netplan_init(&p);
	assert_int_not_equal(
	    lvpn_netplan_parse_option(&p, "client-nat snat 10.0.0.0 255.0.0.0", NULL), 0);
	assert_int_not_equal(
	    lvpn_netplan_parse_option(&p, "client-nat xnat 10.0.0.0 255.0.0.0 1.0.0.0", NULL), 0);
	assert_int_equal(p.nat.n, 0);
	for (int i = 0; i < LVPN_CLINAT_MAX + 1; i++)
		assert_int_equal(lvpn_netplan_parse_option(
		                     &p, "client-nat dnat 10.0.0.0 255.0.0.0 1.0.0.0", NULL),
		                 0);
	assert_int_equal(p.nat.n, LVPN_CLINAT_MAX);
	assert_int_equal(p.nat.r[0].dnat, 1);
	assert_int_equal(p.nat.r[0].alias, A(1, 0, 0, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_directions), cmocka_unit_test(test_first_rule_wins),
	    cmocka_unit_test(test_shapes),     cmocka_unit_test(test_ethernet),
	    cmocka_unit_test(test_add),        cmocka_unit_test(test_plan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
