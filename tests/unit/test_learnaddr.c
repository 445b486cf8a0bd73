/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/server/learnaddr and the routing table queries --learn-address
 * needs: the operation (add / update / nothing), the address text as
 * OpenVPN 2.6 passes it, the owner of an exact prefix and the walk over a
 * client's prefixes (the "delete" calls when it goes). */
#include "tests/unit/testutil.h"

#include <string.h>

#include "proto/server/iptable.h"
#include "proto/server/learnaddr.h"
#include "proto/server/srvaddr.h"

static void test_op(void **state)
{
	(void)state;
	assert_string_equal(lvpn_learnaddr_op(-1, 3), "add");
	assert_string_equal(lvpn_learnaddr_op(2, 3), "update");
	assert_null(lvpn_learnaddr_op(3, 3));
}

static void test_fmt(void **state)
{
	const uint8_t v4[4] = {10, 8, 0, 6}, net4[4] = {10, 9, 0, 0};
	const uint8_t mac[6] = {0x02, 0xab, 0x00, 0x0c, 0xff, 0x10};
	uint8_t v6[16];
	char out[LVPN_LEARNADDR_STRLEN];

	(void)state;
	assert_int_equal(lvpn_learnaddr_fmt(4, v4, 32, 0, out, sizeof(out)), 0);
	assert_string_equal(out, "10.8.0.6");
	assert_int_equal(lvpn_learnaddr_fmt(4, v4, 32, 1, out, sizeof(out)), 0);
	assert_string_equal(out, "10.8.0.6/32");
	assert_int_equal(lvpn_learnaddr_fmt(4, net4, 24, 1, out, sizeof(out)), 0);
	assert_string_equal(out, "10.9.0.0/24");
	assert_int_equal(lvpn_srvaddr_parse6("fd00:0:0:0::1000", v6), 0);
	assert_int_equal(lvpn_learnaddr_fmt(6, v6, 128, 0, out, sizeof(out)), 0);
	assert_string_equal(out, "fd00::1000");
	assert_int_equal(lvpn_srvaddr_parse6("fd01::", v6), 0);
	assert_int_equal(lvpn_learnaddr_fmt(6, v6, 64, 1, out, sizeof(out)), 0);
	assert_string_equal(out, "fd01::/64");
	/* the longest text fits */
	memset(v6, 0xff, sizeof(v6));
	assert_int_equal(lvpn_learnaddr_fmt(6, v6, 128, 1, out, sizeof(out)), 0);
	assert_string_equal(out, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
	assert_int_equal(lvpn_learnaddr_fmt_mac(mac, 0, out, sizeof(out)), 0);
	assert_string_equal(out, "02:ab:00:0c:ff:10@0");
	assert_int_equal(lvpn_learnaddr_fmt_mac(mac, 4094, out, sizeof(out)), 0);
	assert_string_equal(out, "02:ab:00:0c:ff:10@4094");
	/* bad input */
	assert_int_equal(lvpn_learnaddr_fmt(5, v4, 32, 0, out, sizeof(out)), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_learnaddr_fmt(4, v4, 33, 0, out, sizeof(out)), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_learnaddr_fmt(6, v6, -1, 0, out, sizeof(out)), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_learnaddr_fmt(4, v4, 32, 0, out, 8), LVPN_ERR_BUFSIZE);
	assert_int_equal(lvpn_learnaddr_fmt_mac(mac, 1, out, 8), LVPN_ERR_BUFSIZE);
}

static void test_owner_and_walk(void **state)
{
	struct lvpn_iptable *t;
	const uint8_t net[4] = {10, 9, 0, 77}, host[4] = {10, 8, 0, 6};
	uint8_t v6[16], a[16];
	uint32_t pos = 0;
	int fam, plen, seen4 = 0, seen6 = 0, seenh = 0, n = 0;

	(void)state;
	assert_int_equal(lvpn_iptable_new(4, 16, 1, &t), 0);
	assert_int_equal(lvpn_srvaddr_parse6("fd01::", v6), 0);
	assert_int_equal(lvpn_iptable_add4(t, 0x0a090000u, 24, 1), 0);
	assert_int_equal(lvpn_iptable_add4(t, 0x0a080006u, 32, 1), 0);
	assert_int_equal(lvpn_iptable_add6(t, v6, 64, 1), 0);
	assert_int_equal(lvpn_iptable_add4(t, 0x0a080007u, 32, 2), 0);
	/* exact prefixes only; host bits ignored */
	assert_int_equal(lvpn_iptable_owner(t, 4, net, 24), 1);
	assert_int_equal(lvpn_iptable_owner(t, 4, net, 32), -1);
	assert_int_equal(lvpn_iptable_owner(t, 4, host, 32), 1);
	assert_int_equal(lvpn_iptable_owner(t, 6, v6, 64), 1);
	assert_int_equal(lvpn_iptable_owner(t, 6, v6, 48), -1);
	assert_int_equal(lvpn_iptable_owner(t, 4, host, 33), -1);
	assert_int_equal(lvpn_iptable_owner(NULL, 4, host, 32), -1);
	while (lvpn_iptable_next(t, 1, &pos, &fam, a, &plen) && n < 10) {
		n++;
		seen4 += fam == 4 && plen == 24 && !memcmp(a, "\x0a\x09\x00\x00", 4);
		seenh += fam == 4 && plen == 32 && !memcmp(a, host, 4);
		seen6 += fam == 6 && plen == 64 && !memcmp(a, v6, 16);
	}
	assert_int_equal(n, 3);
	assert_true(seen4 == 1 && seenh == 1 && seen6 == 1);
	/* the end stays the end; another client's walk; no client */
	assert_int_equal(lvpn_iptable_next(t, 1, &pos, &fam, a, &plen), 0);
	pos = 0;
	assert_int_equal(lvpn_iptable_next(t, 2, &pos, &fam, a, &plen), 1);
	assert_int_equal(lvpn_iptable_next(t, 2, &pos, &fam, a, &plen), 0);
	pos = 0;
	assert_int_equal(lvpn_iptable_next(t, 3, &pos, &fam, a, &plen), 0);
	pos = 0;
	assert_int_equal(lvpn_iptable_next(t, 4, &pos, &fam, a, &plen), 0);
	/* a prefix moved to client 2 is no longer walked for client 1 */
	assert_int_equal(lvpn_iptable_add4(t, 0x0a090000u, 24, 2), 0);
	assert_int_equal(lvpn_iptable_owner(t, 4, net, 24), 2);
	pos = 0;
	n = 0;
	while (lvpn_iptable_next(t, 1, &pos, &fam, a, &plen) && n < 10)
		n++;
	assert_int_equal(n, 2);
	lvpn_iptable_free(t);
}

/* --stale-routes-check: a prefix not matched for the age is removed;
 * routing a packet to it, or checking a packet's source against it, keeps
 * it. */
static void test_stale(void **state)
{
	struct lvpn_iptable *t;
	uint8_t pkt[20] = {0x45}, a[16];
	uint32_t pos = 0;
	int client, fam, plen, to, n = 0;

	(void)state;
	assert_int_equal(lvpn_iptable_new(4, 16, 1, &t), 0);
	lvpn_iptable_set_now(t, 100);
	assert_int_equal(lvpn_iptable_add4(t, 0x0a080006u, 32, 1), 0); /* idle */
	assert_int_equal(lvpn_iptable_add4(t, 0x0a080007u, 32, 2), 0); /* routed to */
	assert_int_equal(lvpn_iptable_add4(t, 0x0a090000u, 24, 3), 0); /* sends */
	assert_int_equal(lvpn_iptable_add4(t, 0x0a0a0000u, 24, 3), 0);
	assert_int_equal(lvpn_iptable_del4(t, 0x0a0a0000u, 24, 3), 0); /* a freed entry */
	lvpn_iptable_set_now(t, 105);
	memcpy(pkt + 16, "\x0a\x08\x00\x07", 4);
	assert_int_equal(lvpn_iptable_route(t, pkt, sizeof(pkt), &to), 0);
	assert_int_equal(to, 2);
	memcpy(pkt + 12, "\x0a\x09\x00\x63", 4);
	assert_int_equal(lvpn_iptable_src_check(t, 3, pkt, sizeof(pkt)), 0);
	lvpn_iptable_set_now(t, 110);
	while (lvpn_iptable_expire(t, 10, &pos, &client, &fam, a, &plen) && n < 10) {
		n++;
		assert_int_equal(client, 1);
		assert_int_equal(fam, 4);
		assert_int_equal(plen, 32);
		assert_memory_equal(a, "\x0a\x08\x00\x06", 4);
	}
	assert_int_equal(n, 1);
	assert_int_equal(lvpn_iptable_count(t, -1), 2);
	assert_int_equal(lvpn_iptable_lookup4(t, 0x0a080006u, &to), 0);
	/* later both go too, unless used */
	lvpn_iptable_set_now(t, 114);
	assert_int_equal(lvpn_iptable_lookup4(t, 0x0a090001u, &to), 1);
	lvpn_iptable_set_now(t, 115);
	pos = 0;
	n = 0;
	while (lvpn_iptable_expire(t, 10, &pos, &client, &fam, a, &plen) && n < 10) {
		n++;
		assert_int_equal(client, 2);
	}
	assert_int_equal(n, 1);
	assert_int_equal(lvpn_iptable_count(t, 3), 1);
	pos = 0;
	assert_int_equal(lvpn_iptable_expire(NULL, 10, &pos, &client, &fam, a, &plen), 0);
	lvpn_iptable_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_op),
	    cmocka_unit_test(test_fmt),
	    cmocka_unit_test(test_owner_and_walk),
	    cmocka_unit_test(test_stale),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
