/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/offload: segmentation of TUN super-packets (TCP and UDP), then
 * coalescing the segments back; every checksum checked with the
 * independent byte-at-a-time routine of offload_testutil.h; every
 * malformed header refused.  The coalescing rules are in
 * test_offload_gro.c. */
#include "tests/unit/offload_testutil.h"

static uint8_t sp[LVPN_GSO_MAX + 16];
static uint8_t seg[LVPN_GSO_MAX];
static uint8_t want[LVPN_VNET_HDR_LEN + LVPN_GSO_MAX];
static uint8_t gbuf[LVPN_VNET_HDR_LEN + LVPN_GSO_MAX];

struct rt {
	int v6, opts;
	size_t pay;
	uint16_t mss;
	uint8_t flags; /* besides ACK */
};

/* Cuts the super-packet c describes, checks every segment against what
 * the kernel would send, coalesces them, and expects the super-packet
 * back byte for byte, virtio_net_hdr included: built the kernel's way
 * (pseudo-header sum in the TCP checksum, hdr_len = header bytes), it
 * needs no normalising. */
static void roundtrip(const struct rt *c)
{
	struct lvpn_vnet_hdr h;
	struct lvpn_gso g;
	struct lvpn_gro gro;
	const uint8_t *out;
	size_t len, n, outlen, i = 0, nseg = (c->pay + c->mss - 1) / c->mss;
	int rc;

	len = mk_tcp(sp, c->v6, c->opts, c->pay, 0, F_ACK | c->flags, T_SEQ, 0xFFFE);
	to_partial(sp, len, 6, c->mss, &h);
	lvpn_vnet_hdr_write(want, &h);
	memcpy(want + LVPN_VNET_HDR_LEN, sp, len);
	assert_int_equal(lvpn_gso_start(&g, &h, sp, len), 0);
	lvpn_gro_init(&gro, gbuf, sizeof(gbuf));
	while ((rc = lvpn_gso_next(&g, seg, sizeof(seg), &n)) == 1) {
		size_t pay = c->pay - i * c->mss < c->mss ? c->pay - i * c->mss : c->mss;
		const uint8_t *t = seg + ref_l4_off(seg);
		uint8_t fl = F_ACK | (c->flags & (uint8_t) ~(F_FIN | F_PSH | F_CWR));

		if (i + 1 == nseg)
			fl |= c->flags & (F_FIN | F_PSH);
		if (i == 0)
			fl |= c->flags & F_CWR;
		assert_int_equal(n, h.hdr_len + pay);
		assert_true(ref_verify(seg, n, 6));
		assert_int_equal(lvpn_get_be32(t + 4), (uint32_t)(T_SEQ + i * c->mss));
		assert_int_equal(t[13], fl);
		if (c->v6) {
			assert_int_equal(lvpn_get_be16(seg + 4), n - 40);
		} else {
			assert_int_equal(lvpn_get_be16(seg + 2), n);
			assert_int_equal(lvpn_get_be16(seg + 4), (uint16_t)(0xFFFE + i));
		}
		for (size_t k = 0; k < pay; k++)
			assert_int_equal(seg[h.hdr_len + k], pay_byte(i * c->mss + k));
		assert_int_equal(lvpn_gro_add(&gro, seg, n), 1);
		i++;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(i, nseg);
	assert_int_equal(lvpn_gro_finish(&gro, &out, &outlen), 0);
	assert_int_equal(outlen, LVPN_VNET_HDR_LEN + len);
	assert_memory_equal(out, want, outlen);
}

static void roundtrip_ipv4(void **state)
{
	static const struct rt c[] = {
	    {0, 0, 5000, 1448, 0},              /* last segment short */
	    {0, 1, 3 * 1448, 1448, 0},          /* timestamps, all full */
	    {0, 1, 7001, 1000, 0},              /* a 1-byte last one */
	    {0, 1, LVPN_GSO_MAX - 52, 1448, 0}, /* the largest */
	    {0, 0, 2, 1, 0},                    /* one byte per segment */
	};
	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		roundtrip(&c[i]);
}

static void roundtrip_ipv6(void **state)
{
	static const struct rt c[] = {
	    {1, 0, 5000, 1428, 0},
	    {1, 1, 4 * 1208, 1208, 0},
	    {1, 1, LVPN_GSO_MAX - 72, 1400, 0},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		roundtrip(&c[i]);
}

/* FIN and PSH on the last segment only, CWR on the first only (and
 * GSO_ECN in the header, which coalescing gives back). */
static void roundtrip_flags(void **state)
{
	static const struct rt c[] = {
	    {0, 1, 5000, 1448, F_PSH},         {0, 0, 4000, 1000, F_FIN | F_PSH},
	    {1, 1, 3000, 1000, F_FIN},         {0, 1, 5000, 1448, F_CWR},
	    {1, 0, 5000, 1448, F_CWR | F_PSH}, {0, 0, 3000, 1000, F_CWR | F_FIN | F_PSH},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		roundtrip(&c[i]);
}

/* Garbage in the super-packet's IPv4 and TCP checksum fields changes
 * nothing: segments are summed from scratch. */
static void split_untrusted_checksums(void **state)
{
	struct lvpn_vnet_hdr h;
	struct lvpn_gso g;
	size_t len, n, cnt = 0;

	(void)state;
	for (int v6 = 0; v6 < 2; v6++) {
		len = mk_tcp(sp, v6, 1, 3500, 0, F_ACK, T_SEQ, 7);
		to_partial(sp, len, 6, 1000, &h);
		lvpn_put_be16(sp + ref_l4_off(sp) + 16, 0xBEEF);
		if (!v6)
			lvpn_put_be16(sp + 10, 0x1234);
		assert_int_equal(lvpn_gso_start(&g, &h, sp, len), 0);
		for (cnt = 0; lvpn_gso_next(&g, seg, sizeof(seg), &n) == 1; cnt++)
			assert_true(ref_verify(seg, n, 6));
		assert_int_equal(cnt, 4);
	}
}

/* UDP_L4: each datagram gets its UDP length and a checksum; IPv4 ids
 * increment; a payload within gso_size is one datagram. */
static void uso_split(void **state)
{
	static const size_t pays[] = {3000, 2400, 500};
	struct lvpn_vnet_hdr h;
	struct lvpn_gso g;
	size_t len, n, i;

	(void)state;
	for (int v6 = 0; v6 < 2; v6++) {
		for (size_t k = 0; k < sizeof(pays) / sizeof(pays[0]); k++) {
			size_t pay = pays[k], l3 = v6 ? 40 : 20;

			len = mk_udp(sp, v6, pay, 100);
			to_partial(sp, len, 17, 1200, &h);
			assert_int_equal(lvpn_gso_start(&g, &h, sp, len), 0);
			for (i = 0; lvpn_gso_next(&g, seg, sizeof(seg), &n) == 1; i++) {
				size_t sl = pay - i * 1200 < 1200 ? pay - i * 1200 : 1200;

				assert_int_equal(n, l3 + 8 + sl);
				assert_int_equal(lvpn_get_be16(seg + l3 + 4), 8 + sl);
				assert_true(ref_verify(seg, n, 17));
				assert_int_not_equal(lvpn_get_be16(seg + l3 + 6), 0);
				if (!v6)
					assert_int_equal(lvpn_get_be16(seg + 4), 100 + i);
				for (size_t b = 0; b < sl; b++)
					assert_int_equal(seg[l3 + 8 + b], pay_byte(i * 1200 + b));
			}
			assert_int_equal(i, (pay + 1199) / 1200);
		}
	}
}

/* GSO_NONE: NEEDS_CSUM completes the partial sum at csum_start +
 * csum_offset (TCP and UDP); without it the packet goes out untouched. */
static void none_packets(void **state)
{
	struct lvpn_vnet_hdr h;
	struct lvpn_gso g;
	size_t len, n;

	(void)state;
	for (int v6 = 0; v6 < 2; v6++) {
		for (int udp = 0; udp < 2; udp++) {
			len = udp ? mk_udp(sp, v6, 301, 1) : mk_tcp(sp, v6, 1, 301, 0, F_ACK, 5, 1);
			memcpy(want, sp, len);
			to_partial(sp, len, udp ? 17 : 6, 1400, &h);
			h.gso_type = LVPN_VNET_GSO_NONE;
			assert_int_equal(lvpn_gso_start(&g, &h, sp, len), 0);
			assert_int_equal(lvpn_gso_next(&g, seg, sizeof(seg), &n), 1);
			assert_int_equal(n, len);
			assert_true(ref_verify(seg, n, udp ? 17 : 6));
			assert_memory_equal(seg, want, len);
			assert_int_equal(lvpn_gso_next(&g, seg, sizeof(seg), &n), 0);
		}
	}
	/* no NEEDS_CSUM: as is, garbage checksum included */
	len = mk_tcp(sp, 0, 0, 100, 0, F_ACK, 5, 1);
	sp[37] ^= 0x55;
	memset(&h, 0, sizeof(h));
	assert_int_equal(lvpn_gso_start(&g, &h, sp, len), 0);
	assert_int_equal(lvpn_gso_next(&g, seg, sizeof(seg), &n), 1);
	assert_int_equal(n, len);
	assert_memory_equal(seg, sp, len);
	assert_int_equal(lvpn_gso_next(&g, seg, sizeof(seg), &n), 0);
}

/* The header in host byte order, 10 bytes. */
static void vnet_hdr_layout(void **state)
{
	struct lvpn_vnet_hdr h = {1, 4, 0x0102, 0x0304, 0x0506, 0x0708}, r;
	uint8_t b[LVPN_VNET_HDR_LEN], e[LVPN_VNET_HDR_LEN] = {1, 4};
	uint16_t v[4] = {0x0102, 0x0304, 0x0506, 0x0708};

	(void)state;
	memcpy(e + 2, v, 8);
	lvpn_vnet_hdr_write(b, &h);
	assert_memory_equal(b, e, sizeof(b));
	assert_int_equal(lvpn_vnet_hdr_read(b, 9, &r), LVPN_ERR_TRUNCATED);
	assert_int_equal(lvpn_vnet_hdr_read(b, sizeof(b), &r), 0);
	assert_memory_equal(&r, &h, sizeof(h));
}

enum base { B4, B6, BU4 };
enum {
	HDRLEN,
	CSUM_END,
	CSUM_NONE,
	GSO0,
	BY_FRAGS,
	IHL4,
	IHL15,
	DOFF4,
	DOFF15,
	TOTLEN,
	V6PLEN,
	V6HBH,
	V6UDP,
	MF,
	FRAGOFF,
	BIG,
	UFO,
	TYPE2,
	NONE_ECN,
	TCPV4_ON_V6,
	TCP_ON_UDP,
	USO_NOCSUM,
	USO_ECN,
	UDPLEN,
	CSUMOFF,
	TRUNC_IP,
	TRUNC_TCP,
	VERSION,
	EMPTY,
	V6TRUNC,
	UDPTRUNC,
	USO_MANY,
};

static const struct bad {
	int base, k, want;
} bads[] = {
    {B4, HDRLEN, LVPN_ERR_MALFORMED},      {B4, CSUM_END, LVPN_ERR_MALFORMED},
    {B4, CSUM_NONE, LVPN_ERR_MALFORMED},   {B4, GSO0, LVPN_ERR_MALFORMED},
    {B4, BY_FRAGS, LVPN_ERR_MALFORMED},    {B4, IHL4, LVPN_ERR_MALFORMED},
    {B4, IHL15, LVPN_ERR_TRUNCATED},       {B4, DOFF4, LVPN_ERR_MALFORMED},
    {B4, DOFF15, LVPN_ERR_TRUNCATED},      {B4, TOTLEN, LVPN_ERR_MALFORMED},
    {B6, V6PLEN, LVPN_ERR_MALFORMED},      {B6, V6HBH, LVPN_ERR_UNSUPPORTED},
    {B6, V6UDP, LVPN_ERR_MALFORMED},       {B4, MF, LVPN_ERR_MALFORMED},
    {B4, FRAGOFF, LVPN_ERR_MALFORMED},     {B4, BIG, LVPN_ERR_TOO_BIG},
    {B4, UFO, LVPN_ERR_UNSUPPORTED},       {B4, TYPE2, LVPN_ERR_MALFORMED},
    {B4, NONE_ECN, LVPN_ERR_MALFORMED},    {B6, TCPV4_ON_V6, LVPN_ERR_MALFORMED},
    {BU4, TCP_ON_UDP, LVPN_ERR_MALFORMED}, {BU4, USO_NOCSUM, LVPN_ERR_MALFORMED},
    {BU4, USO_ECN, LVPN_ERR_MALFORMED},    {BU4, UDPLEN, LVPN_ERR_MALFORMED},
    {B4, CSUMOFF, LVPN_ERR_MALFORMED},     {B4, TRUNC_IP, LVPN_ERR_TRUNCATED},
    {B4, TRUNC_TCP, LVPN_ERR_TRUNCATED},   {B6, VERSION, LVPN_ERR_MALFORMED},
    {B4, EMPTY, LVPN_ERR_TRUNCATED},       {B6, V6TRUNC, LVPN_ERR_TRUNCATED},
    {BU4, UDPTRUNC, LVPN_ERR_TRUNCATED},   {BU4, USO_MANY, LVPN_ERR_MALFORMED},
};

/* A short packet of n bytes with no header demands on it. */
static void shorten(size_t *len, struct lvpn_vnet_hdr *h, size_t n)
{
	*len = n;
	h->hdr_len = 0;
	h->csum_start = 0;
	if (h->csum_offset == 16)
		h->flags = 0; /* TCP may go without a partial checksum */
}

static void mutate(int k, uint8_t *p, size_t *len, struct lvpn_vnet_hdr *h)
{
	size_t l4 = ref_l4_off(p);

	switch (k) {
	case HDRLEN:
		h->hdr_len = (uint16_t)(*len + 1);
		break;
	case CSUM_END:
		h->csum_start = (uint16_t)(*len - 17);
		break;
	case CSUM_NONE:
		h->gso_type = 0;
		h->csum_start = (uint16_t)(*len - 1);
		h->csum_offset = 0;
		break;
	case GSO0:
		h->gso_size = 0;
		break;
	case BY_FRAGS:
		h->gso_size = 0xFFFF;
		break;
	case IHL4:
		p[0] = 0x44;
		p[28] = 0x50; /* so that a TCP header at 16 would parse */
		break;
	case IHL15:
		shorten(len, h, 40), p[0] = 0x4F, lvpn_put_be16(p + 2, 40);
		break;
	case DOFF4:
		p[l4 + 12] = 0x40;
		break;
	case DOFF15:
		shorten(len, h, 60), p[l4 + 12] = 0xF0, lvpn_put_be16(p + 2, 60);
		break;
	case TOTLEN:
		lvpn_put_be16(p + 2, (uint16_t)(*len + 1));
		break;
	case V6PLEN:
		lvpn_put_be16(p + 4, (uint16_t)(*len - 41));
		break;
	case V6HBH:
		p[6] = 0;
		break;
	case V6UDP:
		p[6] = 17;
		break;
	case MF:
		p[6] |= 0x20;
		break;
	case FRAGOFF:
		p[7] = 1;
		break;
	case BIG:
		*len = LVPN_GSO_MAX + 1;
		break;
	case UFO:
		h->gso_type = LVPN_VNET_GSO_UDP;
		break;
	case TYPE2:
		h->gso_type = 2;
		break;
	case NONE_ECN:
		h->gso_type = LVPN_VNET_GSO_ECN;
		break;
	case TCPV4_ON_V6:
		h->gso_type = LVPN_VNET_GSO_TCPV4;
		break;
	case TCP_ON_UDP:
		h->gso_type = LVPN_VNET_GSO_TCPV4, h->csum_offset = 16;
		break;
	case USO_NOCSUM:
		h->flags = 0;
		break;
	case USO_ECN:
		h->gso_type |= LVPN_VNET_GSO_ECN;
		break;
	case UDPLEN:
		lvpn_put_be16(p + l4 + 4, (uint16_t)(*len - l4 + 1));
		break;
	case CSUMOFF:
		h->csum_offset = 10;
		break;
	case TRUNC_IP:
		shorten(len, h, 19);
		break;
	case TRUNC_TCP:
		shorten(len, h, 30), lvpn_put_be16(p + 2, 30);
		break;
	case VERSION: /* an IPv6 packet but for its version */
		p[0] = 0x50;
		break;
	case EMPTY:
		shorten(len, h, 0);
		break;
	case V6TRUNC:
		shorten(len, h, 39);
		break;
	case UDPTRUNC:
		shorten(len, h, 24), lvpn_put_be16(p + 2, 24);
		break;
	case USO_MANY:
		h->gso_size = 1;
		break;
	}
}

/* Every check of lvpn_gso_start, each on an exact-size heap copy (an
 * overread shows under ASan), and a too-small output buffer. */
static void malformed_refused(void **state)
{
	struct lvpn_vnet_hdr h;
	struct lvpn_gso g;
	size_t len, n;

	(void)state;
	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		const struct bad *b = &bads[i];
		uint8_t *q;

		if (b->base == BU4) {
			len = mk_udp(sp, 0, 3000, 1);
			to_partial(sp, len, 17, 1000, &h);
		} else {
			len = mk_tcp(sp, b->base == B6, 1, 3000, 0, F_ACK, T_SEQ, 1);
			to_partial(sp, len, 6, 1000, &h);
		}
		mutate(b->k, sp, &len, &h);
		q = malloc(len ? len : 1);
		assert_non_null(q);
		memcpy(q, sp, len);
		if (lvpn_gso_start(&g, &h, q, len) != b->want)
			fail_msg("case %zu (kind %d): want %d", i, b->k, b->want);
		free(q);
	}
	len = mk_tcp(sp, 0, 1, 3000, 0, F_ACK, T_SEQ, 1);
	to_partial(sp, len, 6, 1000, &h);
	assert_int_equal(lvpn_gso_start(&g, &h, sp, len), 0);
	assert_int_equal(lvpn_gso_next(&g, seg, h.hdr_len + 999, &n), LVPN_ERR_BUFSIZE);
	assert_int_equal(lvpn_gso_next(&g, seg, h.hdr_len + 1000, &n), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(roundtrip_ipv4),  cmocka_unit_test(roundtrip_ipv6),
	    cmocka_unit_test(roundtrip_flags), cmocka_unit_test(split_untrusted_checksums),
	    cmocka_unit_test(uso_split),       cmocka_unit_test(none_packets),
	    cmocka_unit_test(vnet_hdr_layout), cmocka_unit_test(malformed_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
