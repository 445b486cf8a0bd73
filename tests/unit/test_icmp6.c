/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/icmp6: the --block-ipv6 answer checked field by field against
 * OpenVPN 2.6 forward.c ipv6_send_icmp_unreachable, its checksum verified
 * from scratch (a correct ICMPv6 checksum sums to 0xffff with the
 * pseudo-header), the quote length rules, and packets that get no answer. */
#include "tests/unit/testutil.h"

#include "proto/config/netplan.h"
#include "proto/icmp6.h"

#define src7 lvpn_icmp6_fake_src

/* An IPv6 UDP packet of len bytes from 2001:db8::2 to 2001:db8:1::9. */
static void mk6(uint8_t *p, size_t len)
{
	memset(p, 0, len);
	for (size_t i = 40; i < len; i++)
		p[i] = (uint8_t)(i * 7);
	p[0] = 0x6a; /* version 6, traffic class 0xa. */
	p[1] = 0xb1;
	p[2] = 0x23;
	p[3] = 0x45;
	p[4] = (uint8_t)((len - 40) >> 8);
	p[5] = (uint8_t)(len - 40);
	p[6] = 17;
	p[7] = 33; /* hop limit */
	p[8] = 0x20, p[9] = 0x01, p[10] = 0x0d, p[11] = 0xb8, p[23] = 2;
	p[24] = 0x20, p[25] = 0x01, p[26] = 0x0d, p[27] = 0xb8, p[29] = 1, p[39] = 9;
}

static uint16_t verify(const uint8_t *a, size_t n)
{
	uint32_t s = 58 + (uint32_t)(n - 40);

	for (size_t i = 8; i < 40; i += 2)
		s += (uint32_t)(a[i] << 8 | a[i + 1]);
	for (size_t i = 40; i < n; i += 2)
		s += (uint32_t)(a[i] << 8 | (i + 1 < n ? a[i + 1] : 0));
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/* Every field, for an even and an odd packet length (the checksum pads). */
static void test_answer_fields(void **st)
{
	static const size_t lens[] = {100, 77};
	uint8_t p[100], a[2000];

	(void)st;
	for (size_t i = 0; i < 2; i++) {
		size_t len = lens[i], n;

		mk6(p, len);
		n = lvpn_icmp6_unreach(p, len, src7, 1500, a, sizeof(a));
		assert_int_equal(n, 48 + len);
		assert_memory_equal(a, p, 4);                /* version, class, flow */
		assert_int_equal(a[4] << 8 | a[5], 8 + len); /* payload length */
		assert_int_equal(a[6], 58);
		assert_int_equal(a[7], 33); /* hop limit kept */
		assert_memory_equal(a + 8, src7, 16);
		assert_memory_equal(a + 24, p + 8, 16); /* back to the sender */
		assert_int_equal(a[40], 1);             /* destination unreachable */
		assert_int_equal(a[41], 0);             /* no route */
		assert_int_equal(a[44] | a[45] | a[46] | a[47], 0);
		assert_memory_equal(a + 48, p, len);
		assert_int_equal(verify(a, n), 0xffff);
	}
}

static void test_quote_limits(void **st)
{
	static uint8_t p[1500], a[2000];

	(void)st;
	mk6(p, sizeof(p));
	/* 1280 of the packet at most, whatever the MTU */
	assert_int_equal(lvpn_icmp6_unreach(p, 1500, src7, 9000, a, sizeof(a)), 48 + 1280);
	assert_int_equal(a[4] << 8 | a[5], 8 + 1280);
	assert_int_equal(verify(a, 48 + 1280), 0xffff);
	/* tun-mtu 1000: 952 */
	assert_int_equal(lvpn_icmp6_unreach(p, 1500, src7, 1000, a, sizeof(a)), 1000);
	/* the smallest tun-mtu (100): 52 */
	assert_int_equal(lvpn_icmp6_unreach(p, 1500, src7, 100, a, sizeof(a)), 100);
	/* no room: no answer */
	assert_int_equal(lvpn_icmp6_unreach(p, 1500, src7, 1500, a, 48 + 1279), 0);
}

static void test_no_answer(void **st)
{
	uint8_t p[60], a[200];

	(void)st;
	mk6(p, sizeof(p));
	assert_int_equal(lvpn_icmp6_unreach(p, 39, src7, 1500, a, sizeof(a)), 0);
	assert_int_equal(lvpn_icmp6_is_ipv6(p, 39), 0);
	assert_int_equal(lvpn_icmp6_is_ipv6(p, 40), 1);
	p[0] = 0x45; /* IPv4 */
	assert_int_equal(lvpn_icmp6_unreach(p, sizeof(p), src7, 1500, a, sizeof(a)), 0);
	assert_int_equal(lvpn_icmp6_is_ipv6(p, sizeof(p)), 0);
}

/* A tap frame: addresses swapped, EtherType IPv6, with or without a
 * VLAN tag on the way in; ARP and IPv4 frames are not blocked. */
static void test_ethernet(void **st)
{
	uint8_t f[18 + 80], a[300];
	size_t k;

	(void)st;
	for (int tag = 0; tag < 2; tag++) {
		size_t off = tag ? 18 : 14;

		memset(f, 0, sizeof(f));
		for (int i = 0; i < 6; i++)
			f[i] = (uint8_t)(0x10 + i), f[6 + i] = (uint8_t)(0x20 + i);
		if (tag)
			f[12] = 0x81, f[16] = 0x86, f[17] = 0xdd;
		else
			f[12] = 0x86, f[13] = 0xdd;
		mk6(f + off, 80);
		assert_int_equal(lvpn_icmp6_block(f, off + 80, 1, src7, 1500, a, sizeof(a), &k), 1);
		assert_int_equal(k, 14 + 48 + 80);
		assert_memory_equal(a, f + 6, 6);
		assert_memory_equal(a + 6, f, 6);
		assert_int_equal(a[12] << 8 | a[13], 0x86dd);
		assert_int_equal(a[14 + 40], 1);
		assert_memory_equal(a + 14 + 48, f + off, 80);
		assert_int_equal(verify(a + 14, k - 14), 0xffff);
		/* the same frame read as a tun packet is not IPv6 */
		assert_int_equal(lvpn_icmp6_block(f, off + 80, 0, src7, 1500, a, sizeof(a), &k), 0);
	}
	f[12] = 0x08, f[13] = 0x06; /* ARP */
	assert_int_equal(lvpn_icmp6_block(f, sizeof(f), 1, src7, 1500, a, sizeof(a), &k), 0);
	assert_int_equal(k, 0);
	f[12] = 0x86, f[13] = 0xdd, f[14] = 0x45; /* IPv4 behind an IPv6 type */
	assert_int_equal(lvpn_icmp6_block(f, sizeof(f), 1, src7, 1500, a, sizeof(a), &k), 0);
	assert_int_equal(lvpn_icmp6_block(f, 13, 1, src7, 1500, a, sizeof(a), &k), 0);
}

/* An IPv6 packet is blocked even when no answer fits, and so is one of
 * 20 to 39 bytes (2.6 is_ipv6 asks for 20), which gets no answer. */
static void test_block_without_room(void **st)
{
	uint8_t p[100], a[60];
	size_t k = 99;

	(void)st;
	mk6(p, sizeof(p));
	assert_int_equal(lvpn_icmp6_block(p, sizeof(p), 0, src7, 1500, a, sizeof(a), &k), 1);
	assert_int_equal(k, 0);
	k = 99;
	assert_int_equal(lvpn_icmp6_block(p, 20, 0, src7, 1500, a, sizeof(a), &k), 1);
	assert_int_equal(k, 0);
	assert_int_equal(lvpn_icmp6_block(p, 19, 0, src7, 1500, a, sizeof(a), &k), 0);
}

/* block-ipv6 (configured or pushed) reaches the client's plan; it takes
 * no argument. */
static void test_plan(void **st)
{
	struct lvpn_netplan p;

	(void)st;
	lvpn_netplan_init(&p);
	assert_int_equal(p.block_ipv6, 0);
	assert_int_not_equal(lvpn_netplan_parse_option(&p, "block-ipv6 yes", NULL), 0);
	assert_int_equal(p.block_ipv6, 0);
	assert_int_equal(lvpn_netplan_parse_option(&p, "block-ipv6", NULL), 0);
	assert_int_equal(p.block_ipv6, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_answer_fields),      cmocka_unit_test(test_quote_limits),
	    cmocka_unit_test(test_no_answer),          cmocka_unit_test(test_ethernet),
	    cmocka_unit_test(test_block_without_room), cmocka_unit_test(test_plan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
