/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/offload: where coalescing stops.  Three segments of one flow; the
 * third is changed one way at a time and must not join, and every packet
 * that did not join starts the next super-packet. */
#include "tests/unit/offload_testutil.h"

#define MSS 1000

/* room beyond LVPN_GSO_MAX: the 64 KiB rule, not the buffer, must stop */
static uint8_t gbuf[LVPN_VNET_HDR_LEN + LVPN_GSO_MAX + 4096];
static uint8_t pk[3][2048];
static size_t pl[3];

/* Segment i (0..2) of a flow, payload MSS, IPv4 id 100 + i. */
static void mk3(int v6, int opts)
{
	for (int i = 0; i < 3; i++)
		pl[i] = mk_tcp(pk[i], v6, opts, MSS, (size_t)i * MSS, F_ACK,
		               T_SEQ + (uint32_t)i * MSS, (uint16_t)(100 + i));
}

static uint8_t *tcp_of(uint8_t *p)
{
	return p + ref_l4_off(p);
}

enum {
	SPORT,
	DADDR,
	SEQ_GAP,
	ACK,
	WIN,
	OPTS,
	TTL,
	TOS,
	DF,
	ID,
	FLOWLBL,
	HOPLIM,
	TCLASS,
	SYN,
	RST,
	URG,
	CWR,
	LONG,
	EMPTY,
	BAD_TCP_CSUM,
	BAD_IP_CSUM,
	IP_OPTS,
	V6_EXT,
	DOFF,
};

static const struct change {
	int v6, k;
} changes[] = {
    {0, SPORT},       {1, SPORT},   {0, DADDR},   {1, DADDR},  {0, SEQ_GAP}, {1, SEQ_GAP},
    {0, ACK},         {0, WIN},     {0, OPTS},    {1, OPTS},   {0, TTL},     {0, TOS},
    {0, DF},          {0, ID},      {1, FLOWLBL}, {1, HOPLIM}, {1, TCLASS},  {0, SYN},
    {0, RST},         {0, URG},     {1, CWR},     {0, LONG},   {0, EMPTY},   {1, BAD_TCP_CSUM},
    {0, BAD_IP_CSUM}, {0, IP_OPTS}, {1, V6_EXT},  {0, DOFF},
};

/* Changes pk[2] (its length in pl[2]) and fixes its checksums, unless
 * the change is a bad checksum. */
static void change(int k)
{
	uint8_t *p = pk[2], *t = tcp_of(p);
	size_t l4 = ref_l4_off(p);
	int fix = 1;

	switch (k) {
	case SPORT:
		t[1] ^= 1;
		break;
	case DADDR:
		p[l4 == 20 ? 19 : 39] ^= 4;
		break;
	case SEQ_GAP:
		lvpn_put_be32(t + 4, lvpn_get_be32(t + 4) + 1);
		break;
	case ACK:
		t[11] ^= 1;
		break;
	case WIN:
		t[15] ^= 1;
		break;
	case OPTS:
		t[31] ^= 1;
		break; /* the timestamp echo */
	case TTL:
		p[8] = 63;
		break;
	case TOS:
		p[1] = 0x10;
		break;
	case DF:
		p[6] = 0;
		break;
	case ID:
		lvpn_put_be16(p + 4, 105);
		break;
	case FLOWLBL:
		p[3] ^= 1;
		break;
	case HOPLIM:
		p[7] = 63;
		break;
	case TCLASS:
		p[1] ^= 0x10;
		break; /* a low traffic-class bit */
	case SYN:
		t[13] |= F_SYN;
		break;
	case RST:
		t[13] |= F_RST;
		break;
	case URG:
		t[13] |= F_URG;
		break;
	case CWR:
		t[13] |= F_CWR;
		break;
	case LONG: /* one byte more than gso_size */
		pl[2] = mk_tcp(p, l4 == 40, 1, MSS + 1, 2 * MSS, F_ACK, T_SEQ + 2 * MSS, 102);
		break;
	case EMPTY:
		pl[2] = mk_tcp(p, l4 == 40, 1, 0, 0, F_ACK, T_SEQ + 2 * MSS, 102);
		break;
	case BAD_TCP_CSUM:
		t[40] ^= 1, fix = 0;
		break;
	case BAD_IP_CSUM:
		p[10] ^= 1, fix = 0;
		break;
	case IP_OPTS: /* IHL 6: a NOP option word moves the TCP header */
		memmove(p + 24, p + 20, pl[2] - 20);
		memset(p + 20, 1, 4);
		p[0] = 0x46;
		pl[2] += 4;
		lvpn_put_be16(p + 2, (uint16_t)pl[2]);
		break;
	case V6_EXT: /* a destination options header before TCP */
		memmove(p + 48, p + 40, pl[2] - 40);
		memset(p + 40, 0, 8);
		p[40] = 6;
		p[42] = 1; /* PadN filling the 8 bytes */
		p[43] = 4;
		p[6] = 60;
		pl[2] += 8;
		fix = 0; /* not TCP at 40: its checksum is beside the point */
		lvpn_put_be16(p + 4, (uint16_t)(pl[2] - 40));
		break;
	case DOFF: /* timestamps moved into a longer header, same seq */
		t[12] = 0x90;
		break;
	}
	if (fix)
		ref_fix(p, pl[2], 6);
}

/* Adds pk[0] and pk[1] (both join), then pk[2]: joins = want. */
static size_t feed(struct lvpn_gro *g, int want)
{
	const uint8_t *out;
	size_t len;

	lvpn_gro_init(g, gbuf, sizeof(gbuf));
	assert_int_equal(lvpn_gro_add(g, pk[0], pl[0]), 1);
	assert_int_equal(lvpn_gro_add(g, pk[1], pl[1]), 1);
	if (lvpn_gro_add(g, pk[2], pl[2]) != want)
		return 0;
	assert_int_equal(lvpn_gro_finish(g, &out, &len), 0);
	return len;
}

static void stops_at_each_difference(void **state)
{
	struct lvpn_gro g;
	const uint8_t *out;
	size_t len;

	(void)state;
	for (int v6 = 0; v6 < 2; v6++) {
		mk3(v6, 1);
		assert_int_equal(feed(&g, 1), LVPN_VNET_HDR_LEN + pl[0] + 2 * MSS);
	}
	for (size_t i = 0; i < sizeof(changes) / sizeof(changes[0]); i++) {
		mk3(changes[i].v6, 1);
		change(changes[i].k);
		if (feed(&g, 0) != LVPN_VNET_HDR_LEN + pl[0] + MSS)
			fail_msg("change %zu (kind %d, v6 %d) joined", i, changes[i].k,
			         changes[i].v6);
		/* the refused packet starts the next one, alone */
		assert_int_equal(lvpn_gro_add(&g, pk[2], pl[2]), 1);
		assert_int_equal(lvpn_gro_finish(&g, &out, &len), 0);
		assert_int_equal(len, LVPN_VNET_HDR_LEN + pl[2]);
		assert_int_equal(out[1], LVPN_VNET_GSO_NONE);
		assert_memory_equal(out + LVPN_VNET_HDR_LEN, pk[2], pl[2]);
	}
}

/* A UDP packet of the same hosts between two segments ends the first
 * super-packet, is written alone, and the next segment cannot join it. */
static void non_tcp_between(void **state)
{
	static uint8_t udp[2048];
	struct lvpn_gro g;
	const uint8_t *out;
	size_t len, ul = mk_udp(udp, 0, 500, 101);

	(void)state;
	mk3(0, 0);
	lvpn_gro_init(&g, gbuf, sizeof(gbuf));
	assert_int_equal(lvpn_gro_add(&g, pk[0], pl[0]), 1);
	assert_int_equal(lvpn_gro_add(&g, udp, ul), 0);
	assert_int_equal(lvpn_gro_finish(&g, &out, &len), 0);
	assert_int_equal(lvpn_gro_add(&g, udp, ul), 1);
	assert_int_equal(lvpn_gro_add(&g, pk[1], pl[1]), 0);
	assert_int_equal(lvpn_gro_finish(&g, &out, &len), 0);
	assert_int_equal(len, LVPN_VNET_HDR_LEN + ul);
	assert_memory_equal(out + LVPN_VNET_HDR_LEN, udp, ul);
	for (int i = 0; i < LVPN_VNET_HDR_LEN; i++)
		assert_int_equal(out[i], 0);
}

/* A short segment, PSH or FIN joins and closes: the next starts anew. */
static void short_or_psh_closes(void **state)
{
	struct lvpn_gro g;
	const uint8_t *out;
	size_t len;

	(void)state;
	for (int k = 0; k < 3; k++) {
		mk3(k == 1, 1);
		if (k == 0)
			pl[1] = mk_tcp(pk[1], 0, 1, MSS - 1, MSS, F_ACK, T_SEQ + MSS, 101);
		else
			pk[1][ref_l4_off(pk[1]) + 13] |= k == 1 ? F_PSH : F_FIN;
		ref_fix(pk[1], pl[1], 6);
		if (k == 0) /* pk[2] now follows the short one */
			pl[2] =
			    mk_tcp(pk[2], 0, 1, MSS, 2 * MSS - 1, F_ACK, T_SEQ + 2 * MSS - 1, 102);
		assert_int_equal(feed(&g, 0), LVPN_VNET_HDR_LEN + pl[0] + (k == 0 ? MSS - 1 : MSS));
		assert_int_equal(lvpn_gro_add(&g, pk[2], pl[2]), 1);
		assert_int_equal(lvpn_gro_finish(&g, &out, &len), 0);
	}
}

/* The super-packet stays within 65535 bytes: 46 segments of 1400 fit
 * (64440 bytes), the 47th starts the next. */
static void stops_at_64k(void **state)
{
	static uint8_t p[2048];
	struct lvpn_gro g;
	const uint8_t *out;
	size_t len, l;
	int i;

	(void)state;
	lvpn_gro_init(&g, gbuf, sizeof(gbuf));
	for (i = 0; i < 60; i++) {
		l = mk_tcp(p, 0, 0, 1400, (size_t)i * 1400, F_ACK, T_SEQ + (uint32_t)i * 1400,
		           (uint16_t)i);
		if (lvpn_gro_add(&g, p, l) == 0)
			break;
	}
	assert_int_equal(i, 46);
	assert_int_equal(lvpn_gro_finish(&g, &out, &len), 0);
	assert_int_equal(len, LVPN_VNET_HDR_LEN + 40 + 46 * 1400);
	assert_int_equal(lvpn_gro_add(&g, p, l), 1);
}

/* A first segment with SYN, RST, URG, PSH or FIN is written alone: the
 * next one, even with the same flags, starts another. */
static void flagged_first_alone(void **state)
{
	static const uint8_t fl[] = {F_SYN, F_RST, F_URG, F_PSH, F_FIN};
	struct lvpn_gro g;

	(void)state;
	for (size_t i = 0; i < sizeof(fl); i++) {
		mk3(0, 1);
		for (int k = 0; k < 2; k++) {
			pk[k][20 + 13] |= fl[i];
			ref_fix(pk[k], pl[k], 6);
		}
		lvpn_gro_init(&g, gbuf, sizeof(gbuf));
		assert_int_equal(lvpn_gro_add(&g, pk[0], pl[0]), 1);
		assert_int_equal(lvpn_gro_add(&g, pk[1], pl[1]), 0);
	}
}

/* Segments that all carry IPv4 options, or all an IPv6 destination
 * options header, are not merged (the kernel's inet_gro_receive takes
 * only IHL 5; ipv6_gro_receive would merge identical extension headers,
 * this module does not try). */
static void options_and_ext_headers_alone(void **state)
{
	struct lvpn_gro g;

	(void)state;
	for (int v6 = 0; v6 < 2; v6++) {
		mk3(v6, 1);
		for (int k = 0; k < 2; k++) {
			uint8_t *p = pk[k];
			size_t at = v6 ? 40 : 20, n = v6 ? 8 : 4;

			memmove(p + at + n, p + at, pl[k] - at);
			memset(p + at, 1, n); /* IPv4: NOP options */
			pl[k] += n;
			if (v6) {
				memset(p + at, 0, n);
				p[at] = 6;     /* next: TCP */
				p[at + 2] = 1; /* PadN over the rest */
				p[at + 3] = 4;
				p[6] = 60;
				lvpn_put_be16(p + 4, (uint16_t)(pl[k] - 40));
			} else {
				p[0] = 0x46;
				lvpn_put_be16(p + 2, (uint16_t)pl[k]);
			}
			/* TCP checksum where TCP now is */
			lvpn_put_be16(p + at + n + 16, 0);
			lvpn_put_be16(p + at + n + 16, (uint16_t)~ref_fold(ref_sum(
			                                   p + at + n, pl[k] - at - n,
			                                   ref_pseudo(p, 6, pl[k] - at - n))));
			if (!v6) {
				lvpn_put_be16(p + 10, 0);
				lvpn_put_be16(p + 10, (uint16_t)~ref_fold(ref_sum(p, 24, 0)));
			}
		}
		lvpn_gro_init(&g, gbuf, sizeof(gbuf));
		assert_int_equal(lvpn_gro_add(&g, pk[0], pl[0]), 1);
		assert_int_equal(lvpn_gro_add(&g, pk[1], pl[1]), 0);
	}
}

/* IPv4 ids that stay the same from the second segment on are a flow with
 * fixed ids; one that then increments does not join. */
static void fixed_ids(void **state)
{
	struct lvpn_gro g;

	(void)state;
	mk3(0, 0);
	for (int i = 1; i < 3; i++) {
		lvpn_put_be16(pk[i] + 4, 100);
		ref_fix(pk[i], pl[i], 6);
	}
	assert_int_equal(feed(&g, 1), LVPN_VNET_HDR_LEN + pl[0] + 2 * MSS);
	lvpn_put_be16(pk[2] + 4, 102);
	ref_fix(pk[2], pl[2], 6);
	assert_int_equal(feed(&g, 0), LVPN_VNET_HDR_LEN + pl[0] + MSS);
}

/* One packet goes back unchanged behind a zero header; the calls that
 * need a packet refuse without one. */
static void single_and_misuse(void **state)
{
	static uint8_t big[LVPN_GSO_MAX + 1];
	struct lvpn_gro g;
	const uint8_t *out;
	size_t len;

	(void)state;
	mk3(1, 1);
	lvpn_gro_init(&g, gbuf, sizeof(gbuf));
	assert_int_equal(lvpn_gro_finish(&g, &out, &len), LVPN_ERR_STATE);
	assert_int_equal(lvpn_gro_add(&g, big, sizeof(big)), LVPN_ERR_TOO_BIG);
	assert_int_equal(lvpn_gro_add(&g, pk[0], pl[0]), 1);
	assert_int_equal(lvpn_gro_finish(&g, &out, &len), 0);
	assert_int_equal(len, LVPN_VNET_HDR_LEN + pl[0]);
	for (int i = 0; i < LVPN_VNET_HDR_LEN; i++)
		assert_int_equal(out[i], 0);
	assert_memory_equal(out + LVPN_VNET_HDR_LEN, pk[0], pl[0]);
	assert_int_equal(lvpn_gro_finish(&g, &out, &len), LVPN_ERR_STATE);
	lvpn_gro_init(&g, gbuf, LVPN_VNET_HDR_LEN + pl[0] - 1);
	assert_int_equal(lvpn_gro_add(&g, pk[0], pl[0]), LVPN_ERR_BUFSIZE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(stops_at_each_difference),
	    cmocka_unit_test(non_tcp_between),
	    cmocka_unit_test(short_or_psh_closes),
	    cmocka_unit_test(stops_at_64k),
	    cmocka_unit_test(flagged_first_alone),
	    cmocka_unit_test(options_and_ext_headers_alone),
	    cmocka_unit_test(fixed_ids),
	    cmocka_unit_test(single_and_misuse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
