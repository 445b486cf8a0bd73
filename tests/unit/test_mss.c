/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/mss: ceilings derived by hand from OpenVPN 2.6 mss.c, clamping of
 * IPv4/IPv6 SYNs with the checksum checked against a from-scratch
 * computation, and every malformed shape left untouched. */
#include "tests/unit/testutil.h"

#include "base/buf.h"
#include "proto/datachan.h"
#include "proto/mss.h"

/* Internet checksum over the TCP pseudo-header and segment, from scratch. */
static uint16_t tcp_csum(const uint8_t *ip, size_t len)
{
	uint32_t sum = 0;
	size_t off, tl;
	const uint8_t *tcp;

	if ((ip[0] >> 4) == 4) {
		off = (size_t)(ip[0] & 15) * 4;
		for (int i = 12; i < 20; i += 2)
			sum += lvpn_get_be16(ip + i);
	} else {
		off = 40;
		for (int i = 8; i < 40; i += 2)
			sum += lvpn_get_be16(ip + i);
	}
	tl = len - off;
	tcp = ip + off;
	sum += 6 + (uint32_t)tl;
	for (size_t i = 0; i + 1 < tl; i += 2)
		if (i != 16)
			sum += lvpn_get_be16(tcp + i);
	if (tl & 1)
		sum += (uint32_t)tcp[tl - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xFFFF) + (sum >> 16);
	return (uint16_t)~sum;
}

static const uint8_t tcp_opts[] = {
    2, 4,  0x05, 0xB4,                   /* MSS 1460 */
    4, 2,                                /* SACK permitted */
    8, 10, 1,    2,    3, 4, 5, 6, 7, 8, /* timestamps */
    1,                                   /* NOP */
    3, 3,  7,                            /* window scale */
};

/* IPv4 (v6 = 0) or IPv6 SYN with tcp_opts and 6 bytes of data. */
static size_t syn(uint8_t *p, int v6, uint8_t flags)
{
	size_t ipl = v6 ? 40 : 20, tl = 20 + sizeof(tcp_opts) + 6, len = ipl + tl;
	uint8_t *t = p + ipl;

	memset(p, 0, len);
	if (v6) {
		p[0] = 0x60;
		lvpn_put_be16(p + 4, (uint16_t)tl);
		p[6] = 6;
		p[7] = 64;
		p[8] = 0x20;
		p[9] = 0x01;
		p[23] = 1;
		p[24] = 0x20;
		p[25] = 0x01;
		p[39] = 2;
	} else {
		p[0] = 0x45;
		lvpn_put_be16(p + 2, (uint16_t)len);
		p[8] = 64;
		p[9] = 6;
		memcpy(p + 12, (uint8_t[]){10, 8, 0, 2, 10, 8, 0, 1}, 8);
	}
	lvpn_put_be16(t, 40000);
	lvpn_put_be16(t + 2, 443);
	lvpn_put_be32(t + 4, 0x11223344);
	t[12] = (uint8_t)(((20 + sizeof(tcp_opts)) / 4) << 4);
	t[13] = flags;
	lvpn_put_be16(t + 14, 64240);
	memcpy(t + 20, tcp_opts, sizeof(tcp_opts));
	memcpy(t + 20 + sizeof(tcp_opts), "hello!", 6);
	lvpn_put_be16(t + 16, tcp_csum(p, len));
	return len;
}

static void ceilings(void **state)
{
	uint16_t mss;
	/* AES-256-GCM, P_DATA_V2, UDP over IPv4, no compression byte:
	 * 1492 - (4 + 20 + 28) = 1440; - inner IPv4 20 - TCP 20 = 1400 */
	struct lvpn_mss_frame f = {1492, 1, 0, 28, 4 + 20, 0, 0};

	assert_int_equal(lvpn_mss_ceiling(&f, &mss), 0);
	assert_int_equal(mss, 1400);
	/* P_DATA_V1 with comp-lzo no: 1492 - (1 + 20 + 28) = 1443; - 1 - 40 = 1402 */
	f.proto_header = 1 + 20;
	f.payload_overhead = 1;
	assert_int_equal(lvpn_mss_ceiling(&f, &mss), 0);
	assert_int_equal(mss, 1402);
	/* AES-256-CBC + SHA1, V2: 1492 - (4 + 20 + 16 + 28) = 1424 = 89 * 16,
	 * minus 1 for padding = 1423; - packet id 4 - 40 = 1379 */
	f = (struct lvpn_mss_frame){1492, 1, 0, 28, 4 + 20 + 16, 4, 16};
	assert_int_equal(lvpn_mss_ceiling(&f, &mss), 0);
	assert_int_equal(mss, 1379);
	/* GCM over TCP/IPv4: 1492 - (4 + 2 + 20 + 40) = 1426; - 40 = 1386 */
	f = (struct lvpn_mss_frame){1492, 1, 0, 40, 4 + 2 + 20, 0, 0};
	assert_int_equal(lvpn_mss_ceiling(&f, &mss), 0);
	assert_int_equal(mss, 1386);
	/* without "mtu": 1492 - 24 - 40 = 1428 */
	f = (struct lvpn_mss_frame){1492, 0, 0, 28, 24, 0, 0};
	assert_int_equal(lvpn_mss_ceiling(&f, &mss), 0);
	assert_int_equal(mss, 1428);
	/* "fixed": 1400 - 40 */
	f = (struct lvpn_mss_frame){1400, 0, 1, 28, 24, 0, 0};
	assert_int_equal(lvpn_mss_ceiling(&f, &mss), 0);
	assert_int_equal(mss, 1360);
	/* impossible values */
	f = (struct lvpn_mss_frame){0, 1, 0, 28, 24, 0, 0};
	assert_int_equal(lvpn_mss_ceiling(&f, &mss), LVPN_ERR_CONFIG);
	f = (struct lvpn_mss_frame){60, 1, 0, 28, 24, 0, 0};
	assert_int_equal(lvpn_mss_ceiling(&f, &mss), LVPN_ERR_CONFIG);
	f = (struct lvpn_mss_frame){80, 1, 0, 28, 24, 0, 16};
	assert_int_equal(lvpn_mss_ceiling(&f, &mss), LVPN_ERR_CONFIG);
	f = (struct lvpn_mss_frame){40, 0, 1, 28, 24, 0, 0};
	assert_int_equal(lvpn_mss_ceiling(&f, &mss), LVPN_ERR_CONFIG);
}

static void clamp_both_families(void **state)
{
	uint8_t p[200];
	size_t len, off;

	for (int v6 = 0; v6 < 2; v6++) {
		off = v6 ? 40 : 20;
		len = syn(p, v6, 0x02);
		assert_int_equal(lvpn_get_be16(p + off + 16), tcp_csum(p, len));
		assert_int_equal(lvpn_mss_clamp(p, len, 1400), 1);
		assert_int_equal(lvpn_get_be16(p + off + 22), v6 ? 1380 : 1400);
		assert_int_equal(lvpn_get_be16(p + off + 16), tcp_csum(p, len));
		/* already small enough: unchanged */
		assert_int_equal(lvpn_mss_clamp(p, len, 1400), 0);
		/* SYN-ACK too */
		len = syn(p, v6, 0x12);
		assert_int_equal(lvpn_mss_clamp(p, len, 1300), 1);
		assert_int_equal(lvpn_get_be16(p + off + 22), v6 ? 1280 : 1300);
		assert_int_equal(lvpn_get_be16(p + off + 16), tcp_csum(p, len));
		/* not a SYN */
		len = syn(p, v6, 0x10);
		assert_int_equal(lvpn_mss_clamp(p, len, 1000), 0);
		assert_int_equal(lvpn_get_be16(p + off + 22), 1460);
	}
	/* checksum arithmetic at the wrap: every MSS value round-trips */
	for (uint32_t v = 0; v < 65536; v += 251) {
		len = syn(p, 0, 0x02);
		lvpn_put_be16(p + 20 + 22, 0xFFFF);
		lvpn_put_be16(p + 20 + 16, tcp_csum(p, len));
		assert_int_equal(lvpn_mss_clamp(p, len, (uint16_t)v), v < 0xFFFF);
		assert_int_equal(lvpn_get_be16(p + 20 + 16), tcp_csum(p, len));
	}
}

/* The packet sits alone in an allocation of exactly len bytes, so a read
 * past it is caught by the sanitizers. */
static void untouched_by(int (*clamp)(uint8_t *, size_t, uint16_t), const uint8_t *p, size_t len,
                         uint16_t max)
{
	uint8_t *q = malloc(len ? len : 1);

	assert_non_null(q);
	memcpy(q, p, len);
	assert_int_equal(clamp(q, len, max), 0);
	assert_memory_equal(q, p, len);
	free(q);
}

static void untouched(const uint8_t *p, size_t len, uint16_t max)
{
	untouched_by(lvpn_mss_clamp, p, len, max);
}

static void malformed_left_alone(void **state)
{
	uint8_t p[200], q[200];
	size_t len;

	for (int v6 = 0; v6 < 2; v6++) {
		size_t off = v6 ? 40 : 20;

		len = syn(p, v6, 0x02);
		for (size_t l = 0; l < len; l++) /* truncated anywhere */
			untouched(p, l, 1000);
		memcpy(q, p, len); /* longer than the header says */
		untouched(q, len + 1, 1000);
		/* data offset beyond the packet, or no options */
		memcpy(q, p, len);
		q[off + 12] = 0xF0;
		untouched(q, len, 1000);
		q[off + 12] = 0x50;
		untouched(q, len, 1000);
		/* zero option length stops the walk before the MSS */
		memcpy(q, p, len);
		memcpy(q + off + 20, (uint8_t[]){4, 0, 2, 4}, 4);
		untouched(q, len, 1000);
		/* overlong option length */
		memcpy(q + off + 20, (uint8_t[]){9, 40, 2, 4}, 4);
		untouched(q, len, 1000);
		/* one byte too long for the 20 bytes of options: a walk that
		 * followed it would land on an MSS option in the data */
		memcpy(q + off + 20, (uint8_t[]){9, 21, 2, 4}, 4);
		memcpy(q + off + 40, (uint8_t[]){'h', 2, 4, 0xFF, 0xFF, 0}, 6);
		untouched(q, len, 1000);
		/* EOL first */
		memcpy(q, p, len);
		q[off + 20] = 0;
		untouched(q, len, 1000);
		/* MSS option with a wrong length is skipped */
		memcpy(q, p, len);
		memcpy(q + off + 20, (uint8_t[]){2, 3, 0x05, 0xB4}, 4);
		untouched(q, len, 1000);
		/* not TCP */
		memcpy(q, p, len);
		q[v6 ? 6 : 9] = 17;
		untouched(q, len, 1000);
	}
	len = syn(p, 0, 0x02);
	memcpy(q, p, len);
	q[0] = 0x44; /* IHL 4: header shorter than 20 */
	untouched(q, len, 1000);
	q[0] = 0x4F; /* IHL 15: 60 bytes, TCP header would not fit */
	untouched(q, len, 1000);
	memcpy(q, p, len);
	q[7] = 1; /* fragment offset != 0 */
	untouched(q, len, 1000);
	memcpy(q, p, len);
	q[0] = 0x55; /* IP version 5 */
	untouched(q, len, 1000);
	/* IPv6 with a hop-by-hop header before TCP: left alone, like OpenVPN */
	len = syn(p, 1, 0x02);
	p[6] = 0;
	untouched(p, len, 1000);
	/* tiny IPv6 ceiling cannot underflow */
	len = syn(p, 1, 0x02);
	untouched(p, len, 20);
	/* a clamp stops at the end of options even if MSS follows garbage */
	untouched((uint8_t[]){0}, 1, 1000);
}

/* A SYN (v6: IPv6) in an Ethernet frame of EtherType type, with one
 * 802.1Q tag before it when vlan; the IP packet starts at *off. */
static size_t eth_syn(uint8_t *p, int v6, int vlan, uint16_t type, size_t *off)
{
	*off = vlan ? 18 : 14;
	memcpy(p, (uint8_t[]){2, 0, 0x5e, 1, 2, 3, 2, 0, 0x5e, 4, 5, 6}, 12);
	if (vlan) {
		lvpn_put_be16(p + 12, 0x8100);
		lvpn_put_be16(p + 14, 42); /* VLAN id */
	}
	lvpn_put_be16(p + *off - 2, type);
	return *off + syn(p + *off, v6, 0x02);
}

static void eth_untouched(const uint8_t *p, size_t len, uint16_t max)
{
	untouched_by(lvpn_mss_clamp_eth, p, len, max);
}

/* TAP frames: what 2.6's is_ipv4/is_ipv6 accept for DEV_TYPE_TAP is
 * clamped behind the Ethernet header (and one 802.1Q tag); anything else
 * is left as it is. */
static void clamp_ethernet(void **state)
{
	uint8_t p[220], q[220];
	size_t len, off;

	for (int vlan = 0; vlan < 2; vlan++)
		for (int v6 = 0; v6 < 2; v6++) {
			len = eth_syn(p, v6, vlan, v6 ? 0x86DD : 0x0800, &off);
			assert_int_equal(lvpn_mss_clamp_eth(p, len, 1368), 1);
			assert_int_equal(lvpn_get_be16(p + off + (v6 ? 40 : 20) + 22),
			                 v6 ? 1348 : 1368);
			assert_int_equal(lvpn_get_be16(p + off + (v6 ? 40 : 20) + 16),
			                 tcp_csum(p + off, len - off));
			/* the MACs and the tag are not touched */
			assert_int_equal(p[0], 2);
			assert_int_equal(lvpn_get_be16(p + 12),
			                 vlan ? 0x8100 : (v6 ? 0x86DD : 0x0800));
			/* truncated anywhere */
			len = eth_syn(p, v6, vlan, v6 ? 0x86DD : 0x0800, &off);
			for (size_t l = 0; l < len; l++)
				eth_untouched(p, l, 1000);
			/* the IP version must match the EtherType (the rest of
			 * the packet is a good SYN of the EtherType's family) */
			len = eth_syn(p, v6, vlan, v6 ? 0x86DD : 0x0800, &off);
			p[off] = (uint8_t)((v6 ? 0x40 : 0x60) | (p[off] & 15));
			eth_untouched(p, len, 1000);
			len = eth_syn(p, v6, vlan, v6 ? 0x0800 : 0x86DD, &off);
			eth_untouched(p, len, 1000);
		}
	/* ARP, stacked tags (802.1ad outer, two 802.1Q): the bytes behind
	 * hold a SYN, but the frame does not say IP */
	len = eth_syn(p, 0, 0, 0x0806, &off);
	eth_untouched(p, len, 1000);
	len = eth_syn(p, 0, 1, 0x0800, &off);
	memcpy(q, p, len);
	lvpn_put_be16(q + 12, 0x88A8);
	eth_untouched(q, len, 1000);
	lvpn_put_be16(q + 12, 0x8100);
	lvpn_put_be16(q + 16, 0x8100);
	eth_untouched(q, len, 1000);
	/* a bare IP packet is not a frame */
	len = syn(p, 0, 0x02);
	eth_untouched(p, len, 1000);
	/* and a frame is not an IP packet: the TUN clamp leaves it alone */
	len = eth_syn(p, 0, 0, 0x0800, &off);
	untouched(p, len, 1000);
}

/* The frame helper of proto/data gives the same numbers as the hand
 * derivations above. */
static void frame_from_algorithms(void **state)
{
	struct lvpn_mss_frame f = {.mssfix = LVPN_MSSFIX_DEFAULT, .mtu = 1};
	uint16_t mss;

	assert_int_equal(lvpn_data_mss_frame(&f, LVPN_DC_AES_256_GCM, 0, 7, 0, 0, 0), 0);
	assert_int_equal(lvpn_mss_ceiling(&f, &mss), 0);
	assert_int_equal(mss, 1400);
	assert_int_equal(
	    lvpn_data_mss_frame(&f, LVPN_DC_CHACHA20_POLY1305, 0, LVPN_PEER_ID_NONE, 0, 0, 1), 0);
	assert_int_equal(lvpn_mss_ceiling(&f, &mss), 0);
	assert_int_equal(mss, 1402);
	assert_int_equal(lvpn_data_mss_frame(&f, LVPN_DC_AES_256_CBC, LVPN_DC_SHA1, 7, 0, 0, 0), 0);
	assert_int_equal(lvpn_mss_ceiling(&f, &mss), 0);
	assert_int_equal(mss, 1379);
	assert_int_equal(lvpn_data_mss_frame(&f, LVPN_DC_AES_256_GCM, 0, 7, 1, 0, 0), 0);
	assert_int_equal(lvpn_mss_ceiling(&f, &mss), 0);
	assert_int_equal(mss, 1386);
	/* IPv6 outer UDP: 1492 - (24 + 48) - 40 = 1380 */
	assert_int_equal(lvpn_data_mss_frame(&f, LVPN_DC_AES_256_GCM, 0, 7, 0, 1, 0), 0);
	assert_int_equal(lvpn_mss_ceiling(&f, &mss), 0);
	assert_int_equal(mss, 1380);
	assert_int_equal(lvpn_data_mss_frame(&f, LVPN_DC_CIPHER_COUNT, 0, 7, 0, 1, 0),
	                 LVPN_ERR_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ceilings),
	    cmocka_unit_test(clamp_both_families),
	    cmocka_unit_test(malformed_left_alone),
	    cmocka_unit_test(clamp_ethernet),
	    cmocka_unit_test(frame_from_algorithms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
