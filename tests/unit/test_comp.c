/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/comp: framing bytes per b.12 (derived by hand from the table),
 * LZ4 output checked with liblz4's own decompressor, allow-compression
 * policy, LZO refusal, bounded decompression, malformed framing. */
#include "tests/unit/testutil.h"

#include <lz4.h>

#include "proto/comp.h"

static uint8_t mem[4096];

static struct lvpn_buf mk(const uint8_t *p, uint32_t n)
{
	struct lvpn_buf b;

	lvpn_buf_init(&b, mem, 2048);
	if (lvpn_buf_reset(&b, 64))
		fail();
	if (n && lvpn_buf_put(&b, p, n))
		fail();
	return b;
}

static void expect_frame(enum lvpn_comp_alg alg, const uint8_t *in, uint32_t n,
                         const uint8_t *framed, uint32_t fn)
{
	struct lvpn_comp c;
	struct lvpn_buf b = mk(in, n);

	assert_int_equal(lvpn_comp_init(&c, alg, LVPN_COMP_ALLOW_YES, 1500), 0);
	assert_int_equal(lvpn_comp_send(&c, &b), 0);
	assert_int_equal(b.len, fn);
	assert_memory_equal(lvpn_buf_data(&b), framed, fn);
	assert_int_equal(lvpn_comp_recv(&c, &b), 0);
	assert_int_equal(b.len, n);
	assert_memory_equal(lvpn_buf_data(&b), in, n);
	lvpn_comp_free(&c);
}

static void framing_bytes(void **state)
{
	const uint8_t ip[] = {0x45, 0x00, 0x00, 0x05, 0xAA};
	const uint8_t esc[] = {0x50, 0x11, 0x22};

	expect_frame(LVPN_COMP_NONE, ip, 5, ip, 5);
	expect_frame(LVPN_COMP_LZO_STUB, ip, 5, (uint8_t[]){0xFA, 0x45, 0x00, 0x00, 0x05, 0xAA}, 6);
	/* swap: 0xFB replaces the first byte, which moves to the end */
	expect_frame(LVPN_COMP_STUB, ip, 5, (uint8_t[]){0xFB, 0x00, 0x00, 0x05, 0xAA, 0x45}, 6);
	expect_frame(LVPN_COMP_LZ4, ip, 5, (uint8_t[]){0xFB, 0x00, 0x00, 0x05, 0xAA, 0x45}, 6);
	expect_frame(LVPN_COMP_STUB_V2, ip, 5, ip, 5);
	expect_frame(LVPN_COMP_LZ4_V2, ip, 5, ip, 5);
	/* v2: a leading 0x50 is escaped */
	expect_frame(LVPN_COMP_STUB_V2, esc, 3, (uint8_t[]){0x50, 0x00, 0x50, 0x11, 0x22}, 5);
	expect_frame(LVPN_COMP_LZ4_V2, esc, 3, (uint8_t[]){0x50, 0x00, 0x50, 0x11, 0x22}, 5);
	expect_frame(LVPN_COMP_STUB, (uint8_t[]){0x7}, 1, (uint8_t[]){0xFB, 0x7}, 2);
	/* empty packets are left alone (as OpenVPN does) */
	expect_frame(LVPN_COMP_STUB, NULL, 0, NULL, 0);
	expect_frame(LVPN_COMP_LZO_STUB, NULL, 0, NULL, 0);
}

static void compressible(uint8_t *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		p[i] = (uint8_t)("leanvpn data channel "[i % 21]);
}

static void lz4_checked_by_liblz4(void **state)
{
	uint8_t in[1400], out[1500];
	struct lvpn_comp c;
	struct lvpn_buf b;
	int n;

	compressible(in, sizeof(in));
	/* lz4-v2: 0x50 0x01 + LZ4 block */
	assert_int_equal(lvpn_comp_init(&c, LVPN_COMP_LZ4_V2, LVPN_COMP_ALLOW_YES, 1500), 0);
	b = mk(in, sizeof(in));
	assert_int_equal(lvpn_comp_send(&c, &b), 0);
	assert_true(b.len < 200);
	assert_int_equal(lvpn_buf_data(&b)[0], 0x50);
	assert_int_equal(lvpn_buf_data(&b)[1], 0x01);
	n = LZ4_decompress_safe((const char *)lvpn_buf_data(&b) + 2, (char *)out, (int)b.len - 2,
	                        sizeof(out));
	assert_int_equal(n, sizeof(in));
	assert_memory_equal(out, in, sizeof(in));
	assert_int_equal(lvpn_comp_recv(&c, &b), 0);
	assert_int_equal(b.len, sizeof(in));
	assert_memory_equal(lvpn_buf_data(&b), in, sizeof(in));
	assert_int_equal(c.st.tx_compressed, 1);
	assert_int_equal(c.st.rx_decompressed, 1);
	lvpn_comp_free(&c);

	/* compress lz4: 0x69 swapped in; undo the swap by hand, then liblz4 */
	assert_int_equal(lvpn_comp_init(&c, LVPN_COMP_LZ4, LVPN_COMP_ALLOW_YES, 1500), 0);
	b = mk(in, sizeof(in));
	assert_int_equal(lvpn_comp_send(&c, &b), 0);
	{
		uint8_t blk[256];
		uint8_t *p = lvpn_buf_data(&b);

		assert_int_equal(p[0], 0x69);
		assert_true(b.len <= sizeof(blk));
		memcpy(blk, p, b.len - 1);
		blk[0] = p[b.len - 1];
		n = LZ4_decompress_safe((const char *)blk, (char *)out, (int)b.len - 1,
		                        sizeof(out));
		assert_int_equal(n, sizeof(in));
		assert_memory_equal(out, in, sizeof(in));
	}
	assert_int_equal(lvpn_comp_recv(&c, &b), 0);
	assert_int_equal(b.len, sizeof(in));
	assert_memory_equal(lvpn_buf_data(&b), in, sizeof(in));
	lvpn_comp_free(&c);

	/* and what liblz4 compressed, we decompress */
	{
		uint8_t blk[1600];
		int z = LZ4_compress_default((const char *)in, (char *)blk + 2, sizeof(in), 1500);

		assert_true(z > 0);
		blk[0] = 0x50;
		blk[1] = 0x01;
		assert_int_equal(lvpn_comp_init(&c, LVPN_COMP_LZ4_V2, LVPN_COMP_ALLOW_ASYM, 1500),
		                 0);
		b = mk(blk, (uint32_t)z + 2);
		assert_int_equal(lvpn_comp_recv(&c, &b), 0);
		assert_int_equal(b.len, sizeof(in));
		assert_memory_equal(lvpn_buf_data(&b), in, sizeof(in));
		lvpn_comp_free(&c);
	}
}

static void when_to_compress(void **state)
{
	uint8_t in[1400];
	struct lvpn_comp c;
	struct lvpn_buf b;

	compressible(in, sizeof(in));
	assert_int_equal(lvpn_comp_init(&c, LVPN_COMP_LZ4_V2, LVPN_COMP_ALLOW_YES, 1500), 0);
	b = mk(in, 99); /* under the threshold */
	assert_int_equal(lvpn_comp_send(&c, &b), 0);
	assert_int_equal(b.len, 99);
	b = mk(in, 100);
	assert_int_equal(lvpn_comp_send(&c, &b), 0);
	assert_true(b.len < 100);
	for (uint32_t i = 0, x = 2463534242u; i < sizeof(in); i++) { /* incompressible */
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		in[i] = (uint8_t)(x >> 24);
	}
	b = mk(in, sizeof(in));
	in[0] = 0x45;
	lvpn_buf_data(&b)[0] = 0x45;
	assert_int_equal(lvpn_comp_send(&c, &b), 0);
	assert_int_equal(b.len, sizeof(in));
	assert_memory_equal(lvpn_buf_data(&b), in, sizeof(in));
	assert_int_equal(c.st.tx_compressed, 1);
	lvpn_comp_free(&c);

	/* asym and no never compress */
	compressible(in, sizeof(in));
	for (int allow = LVPN_COMP_ALLOW_NO; allow <= LVPN_COMP_ALLOW_ASYM; allow++) {
		assert_int_equal(lvpn_comp_init(&c, LVPN_COMP_LZ4_V2, allow, 1500), 0);
		b = mk(in, sizeof(in));
		assert_int_equal(lvpn_comp_send(&c, &b), 0);
		assert_int_equal(b.len, sizeof(in));
		assert_int_equal(c.st.tx_compressed, 0);
		lvpn_comp_free(&c);
	}
}

static void policy_and_refusals(void **state)
{
	uint8_t in[1400], pkt[1600];
	struct lvpn_comp c;
	struct lvpn_buf b;
	int z;

	compressible(in, sizeof(in));
	z = LZ4_compress_default((const char *)in, (char *)pkt + 2, sizeof(in), 1500);
	pkt[0] = 0x50;
	pkt[1] = 0x01;
	/* allow-compression no: framing accepted, compressed packets refused */
	assert_int_equal(lvpn_comp_init(&c, LVPN_COMP_LZ4_V2, LVPN_COMP_ALLOW_NO, 1500), 0);
	b = mk(pkt, (uint32_t)z + 2);
	assert_int_equal(lvpn_comp_recv(&c, &b), LVPN_ERR_UNSUPPORTED);
	assert_int_equal(b.len, (uint32_t)z + 2);
	assert_int_equal(c.st.drop_refused, 1);
	b = mk((uint8_t[]){0x50, 0x00, 0x50, 0x01}, 4);
	assert_int_equal(lvpn_comp_recv(&c, &b), 0);
	assert_memory_equal(lvpn_buf_data(&b), ((uint8_t[]){0x50, 0x01}), 2);
	lvpn_comp_free(&c);

	/* stub-v2 never decompresses */
	assert_int_equal(lvpn_comp_init(&c, LVPN_COMP_STUB_V2, LVPN_COMP_ALLOW_YES, 1500), 0);
	b = mk(pkt, (uint32_t)z + 2);
	assert_int_equal(lvpn_comp_recv(&c, &b), LVPN_ERR_MALFORMED);
	/* LZO and Snappy in v2 framing: dropped, counted */
	b = mk((uint8_t[]){0x50, 0x02, 1, 2, 3}, 5);
	assert_int_equal(lvpn_comp_recv(&c, &b), LVPN_ERR_UNSUPPORTED);
	b = mk((uint8_t[]){0x50, 0x03, 1, 2, 3}, 5);
	assert_int_equal(lvpn_comp_recv(&c, &b), LVPN_ERR_UNSUPPORTED);
	assert_int_equal(c.st.drop_lzo, 2);
	b = mk((uint8_t[]){0x50, 0x04, 1}, 3);
	assert_int_equal(lvpn_comp_recv(&c, &b), LVPN_ERR_MALFORMED);
	b = mk((uint8_t[]){0x50}, 1);
	assert_int_equal(lvpn_comp_recv(&c, &b), LVPN_ERR_MALFORMED);
	/* the escape as the last byte: what lies behind it in memory (here a
	 * 0x00, "no compression") must not be read as its second byte */
	b = mk((uint8_t[]){0x50, 0x00}, 2);
	b.len = 1;
	assert_int_equal(lvpn_comp_recv(&c, &b), LVPN_ERR_MALFORMED);
	lvpn_comp_free(&c);

	/* comp-lzo: 0x66 (LZO) dropped and counted, other bytes malformed */
	assert_int_equal(lvpn_comp_init(&c, LVPN_COMP_LZO_STUB, LVPN_COMP_ALLOW_YES, 1500), 0);
	b = mk((uint8_t[]){0x66, 1, 2, 3}, 4);
	assert_int_equal(lvpn_comp_recv(&c, &b), LVPN_ERR_UNSUPPORTED);
	assert_int_equal(c.st.drop_lzo, 1);
	b = mk((uint8_t[]){0x45, 1, 2, 3}, 4);
	assert_int_equal(lvpn_comp_recv(&c, &b), LVPN_ERR_MALFORMED);
	assert_int_equal(c.st.drop_bad_byte, 1);
	lvpn_comp_free(&c);

	/* swap modes: unknown first byte; 0x69 only with lz4 */
	assert_int_equal(lvpn_comp_init(&c, LVPN_COMP_STUB, LVPN_COMP_ALLOW_YES, 1500), 0);
	b = mk((uint8_t[]){0x69, 1, 2, 3}, 4);
	assert_int_equal(lvpn_comp_recv(&c, &b), LVPN_ERR_MALFORMED);
	b = mk((uint8_t[]){0xFA, 1, 2, 3}, 4);
	assert_int_equal(lvpn_comp_recv(&c, &b), LVPN_ERR_MALFORMED);
	lvpn_comp_free(&c);

	/* lz4 (swap) with allow no: compressed refused, packet unchanged */
	assert_int_equal(lvpn_comp_init(&c, LVPN_COMP_LZ4, LVPN_COMP_ALLOW_NO, 1500), 0);
	b = mk((uint8_t[]){0x69, 1, 2, 3}, 4);
	assert_int_equal(lvpn_comp_recv(&c, &b), LVPN_ERR_UNSUPPORTED);
	assert_memory_equal(lvpn_buf_data(&b), ((uint8_t[]){0x69, 1, 2, 3}), 4);
	lvpn_comp_free(&c);
}

static void bounded_decompression(void **state)
{
	static uint8_t big[6000], pkt[7000];
	struct lvpn_comp c;
	struct lvpn_buf b;
	int z;

	/* 6000 zeros compress to a few bytes but expand beyond the 1500 frame */
	z = LZ4_compress_default((const char *)big, (char *)pkt + 2, sizeof(big), 6000);
	assert_true(z > 0 && z < 100);
	pkt[0] = 0x50;
	pkt[1] = 0x01;
	assert_int_equal(lvpn_comp_init(&c, LVPN_COMP_LZ4_V2, LVPN_COMP_ALLOW_ASYM, 1500), 0);
	b = mk(pkt, (uint32_t)z + 2);
	assert_int_equal(lvpn_comp_recv(&c, &b), LVPN_ERR_MALFORMED);
	assert_int_equal(b.len, (uint32_t)z + 2);
	assert_int_equal(c.st.drop_corrupt, 1);
	/* garbage LZ4 */
	b = mk((uint8_t[]){0x50, 0x01, 0xF0, 0xFF, 0xFF, 0x00}, 6);
	assert_int_equal(lvpn_comp_recv(&c, &b), LVPN_ERR_MALFORMED);
	/* bounded by the buffer too: a frame of 1500 but a buffer with 1000 left */
	z = LZ4_compress_default((const char *)big, (char *)pkt + 2, 1400, 6000);
	{
		struct lvpn_buf s;

		lvpn_buf_init(&s, mem, 1064);
		assert_int_equal(lvpn_buf_reset(&s, 64), 0);
		assert_int_equal(lvpn_buf_put(&s, pkt, (uint32_t)z + 2), 0);
		assert_int_equal(lvpn_comp_recv(&c, &s), LVPN_ERR_MALFORMED);
	}
	lvpn_comp_free(&c);
	assert_int_equal(lvpn_comp_init(&c, 99, LVPN_COMP_ALLOW_ASYM, 1500), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_comp_init(&c, LVPN_COMP_LZ4, LVPN_COMP_ALLOW_ASYM, 0),
	                 LVPN_ERR_INVAL);
}

static void room_checks(void **state)
{
	struct lvpn_comp c;
	struct lvpn_buf b;
	uint8_t m[8];

	assert_int_equal(lvpn_comp_init(&c, LVPN_COMP_STUB, LVPN_COMP_ALLOW_YES, 1500), 0);
	lvpn_buf_init(&b, m, 4);
	assert_int_equal(lvpn_buf_put(&b, "abcd", 4), 0);
	assert_int_equal(lvpn_comp_send(&c, &b), LVPN_ERR_BUFSIZE);
	lvpn_comp_free(&c);
	assert_int_equal(lvpn_comp_init(&c, LVPN_COMP_LZO_STUB, LVPN_COMP_ALLOW_YES, 1500), 0);
	assert_int_equal(lvpn_comp_send(&c, &b), LVPN_ERR_BUFSIZE);
	lvpn_comp_free(&c);
	assert_int_equal(lvpn_comp_init(&c, LVPN_COMP_STUB_V2, LVPN_COMP_ALLOW_YES, 1500), 0);
	assert_int_equal(lvpn_comp_send(&c, &b), LVPN_ERR_BUFSIZE);
	lvpn_comp_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(framing_bytes),         cmocka_unit_test(lz4_checked_by_liblz4),
	    cmocka_unit_test(when_to_compress),      cmocka_unit_test(policy_and_refusals),
	    cmocka_unit_test(bounded_decompression), cmocka_unit_test(room_checks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
