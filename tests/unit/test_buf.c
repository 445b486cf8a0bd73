/* SPDX-License-Identifier: BSD-2-Clause */
#include "tests/unit/testutil.h"

#include "base/buf.h"
#include "base/pktpool.h"

static void prepend_append_within_bounds(void **state)
{
	uint8_t mem[32];
	struct lvpn_buf b;
	uint8_t *p;

	lvpn_buf_init(&b, mem, sizeof(mem));
	assert_int_equal(lvpn_buf_reset(&b, 8), 0);
	assert_int_equal(lvpn_buf_put(&b, "payload", 7), 0);
	assert_int_equal(lvpn_buf_prepend(&b, 8, &p), 0);
	memset(p, 'H', 8);
	assert_int_equal(b.head, 0);
	assert_int_equal(b.len, 15);
	assert_int_equal(lvpn_buf_tailroom(&b), 17);
	assert_int_equal(lvpn_buf_append(&b, 17, &p), 0);
	assert_int_equal(lvpn_buf_tailroom(&b), 0);
	assert_true(lvpn_buf_valid(&b));
	assert_memory_equal(lvpn_buf_data(&b), "HHHHHHHHpayload", 15);
}

static void headroom_exhaustion_fails_without_change(void **state)
{
	uint8_t mem[16];
	struct lvpn_buf b;
	uint8_t *p = NULL;

	lvpn_buf_init(&b, mem, sizeof(mem));
	assert_int_equal(lvpn_buf_reset(&b, 4), 0);
	assert_int_equal(lvpn_buf_prepend(&b, 5, &p), LVPN_ERR_BUFSIZE);
	assert_null(p);
	assert_int_equal(b.head, 4);
	assert_int_equal(b.len, 0);
	assert_int_equal(lvpn_buf_prepend(&b, 4, &p), 0);
	assert_int_equal(lvpn_buf_prepend(&b, 1, &p), LVPN_ERR_BUFSIZE);
	assert_int_equal(lvpn_buf_reset(&b, 17), LVPN_ERR_BUFSIZE);
}

static void tailroom_overflow_fails_without_change(void **state)
{
	uint8_t mem[16];
	struct lvpn_buf b;
	uint8_t *p;

	lvpn_buf_init(&b, mem, sizeof(mem));
	assert_int_equal(lvpn_buf_reset(&b, 4), 0);
	assert_int_equal(lvpn_buf_put(&b, "0123456789ab", 12), 0);
	assert_int_equal(lvpn_buf_put(&b, "x", 1), LVPN_ERR_BUFSIZE);
	assert_int_equal(lvpn_buf_append(&b, UINT32_MAX, &p), LVPN_ERR_BUFSIZE);
	assert_int_equal(b.len, 12);
	assert_true(lvpn_buf_valid(&b));
}

static void pull_and_trim_truncation(void **state)
{
	uint8_t mem[16];
	struct lvpn_buf b;
	uint8_t *p;

	lvpn_buf_init(&b, mem, sizeof(mem));
	assert_int_equal(lvpn_buf_reset(&b, 0), 0);
	assert_int_equal(lvpn_buf_put(&b, "abcdef", 6), 0);
	assert_int_equal(lvpn_buf_pull(&b, 2, &p), 0);
	assert_memory_equal(p, "ab", 2);
	assert_int_equal(lvpn_buf_trim(&b, 1, &p), 0);
	assert_memory_equal(p, "f", 1);
	assert_memory_equal(lvpn_buf_data(&b), "cde", 3);
	assert_int_equal(lvpn_buf_pull(&b, 4, NULL), LVPN_ERR_TRUNCATED);
	assert_int_equal(lvpn_buf_trim(&b, 4, NULL), LVPN_ERR_TRUNCATED);
	assert_int_equal(b.len, 3);
	assert_int_equal(lvpn_buf_pull(&b, 3, NULL), 0);
	assert_int_equal(b.len, 0);
	assert_int_equal(lvpn_buf_pull(&b, 1, NULL), LVPN_ERR_TRUNCATED);
}

static void reader_truncation_at_every_length(void **state)
{
	const uint8_t pkt[15] = {1, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 4};

	/* u8 u16 u32 u64 needs 15 bytes; every shorter input fails cleanly */
	for (size_t n = 0; n <= sizeof(pkt); n++) {
		struct lvpn_rd r;
		uint8_t a = 0;
		uint16_t b = 0;
		uint32_t c = 0;
		uint64_t d = 0;
		int rc;

		lvpn_rd_init(&r, pkt, n);
		rc = lvpn_rd_u8(&r, &a);
		if (!rc)
			rc = lvpn_rd_u16(&r, &b);
		if (!rc)
			rc = lvpn_rd_u32(&r, &c);
		if (!rc)
			rc = lvpn_rd_u64(&r, &d);
		if (n < sizeof(pkt)) {
			assert_int_equal(rc, LVPN_ERR_TRUNCATED);
		} else {
			assert_int_equal(rc, 0);
			assert_int_equal(a, 1);
			assert_int_equal(b, 2);
			assert_int_equal(c, 3);
			assert_true(d == 4);
			assert_int_equal(r.left, 0);
		}
	}
}

static void reader_failure_does_not_move(void **state)
{
	const uint8_t pkt[3] = {0xaa, 0xbb, 0xcc};
	struct lvpn_rd r;
	uint32_t v;
	const uint8_t *p;
	uint8_t out[4];

	lvpn_rd_init(&r, pkt, sizeof(pkt));
	assert_int_equal(lvpn_rd_u32(&r, &v), LVPN_ERR_TRUNCATED);
	assert_int_equal(lvpn_rd_bytes(&r, 4, &p), LVPN_ERR_TRUNCATED);
	assert_int_equal(lvpn_rd_copy(&r, out, 4), LVPN_ERR_TRUNCATED);
	assert_int_equal(lvpn_rd_skip(&r, SIZE_MAX), LVPN_ERR_TRUNCATED);
	assert_int_equal(r.left, 3);
	assert_ptr_equal(r.p, pkt);
	assert_int_equal(lvpn_rd_bytes(&r, 3, &p), 0);
	assert_ptr_equal(p, pkt);
}

static void writer_big_endian_and_overflow(void **state)
{
	uint8_t out[15];
	struct lvpn_wr w;
	uint8_t *slot;
	const uint8_t want[15] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
				  0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};

	lvpn_wr_init(&w, out, sizeof(out));
	assert_int_equal(lvpn_wr_u8(&w, 0x01), 0);
	assert_int_equal(lvpn_wr_u16(&w, 0x0203), 0);
	assert_int_equal(lvpn_wr_reserve(&w, 4, &slot), 0);
	lvpn_put_be32(slot, 0x04050607);
	assert_int_equal(lvpn_wr_u64(&w, 0x08090a0b0c0d0e0fULL), 0);
	assert_int_equal(lvpn_wr_len(&w), 15);
	assert_memory_equal(out, want, 15);
	assert_int_equal(lvpn_wr_u8(&w, 0), LVPN_ERR_BUFSIZE);
	assert_int_equal(lvpn_wr_bytes(&w, "x", 1), LVPN_ERR_BUFSIZE);
	assert_int_equal(lvpn_wr_len(&w), 15);
	assert_int_equal(lvpn_get_be16(out + 1), 0x0203);
	assert_int_equal(lvpn_get_be32(out + 3), 0x04050607);
	assert_true(lvpn_get_be64(out + 7) == 0x08090a0b0c0d0e0fULL);
}

static void pool_hands_out_each_buffer_once(void **state)
{
	struct lvpn_pool pool;
	struct lvpn_buf *got[4];

	assert_int_equal(lvpn_pool_init(&pool, 4, 64, 16), 0);
	for (int i = 0; i < 4; i++) {
		got[i] = lvpn_pool_get(&pool);
		assert_non_null(got[i]);
		assert_int_equal(got[i]->head, 16);
		assert_int_equal(got[i]->len, 0);
		assert_int_equal(got[i]->cap, 64);
		for (int j = 0; j < i; j++)
			assert_ptr_not_equal(got[i]->base, got[j]->base);
	}
	assert_null(lvpn_pool_get(&pool));
	assert_int_equal(lvpn_buf_put(got[2], "abc", 3), 0);
	lvpn_pool_put(&pool, got[2]);
	lvpn_pool_put(&pool, got[2]); /* double put is ignored */
	assert_int_equal(pool.nfree, 1);
	got[2] = lvpn_pool_get(&pool);
	assert_int_equal(got[2]->len, 0);
	assert_int_equal(got[2]->head, 16);
	/* not zeroed on reuse: the old bytes are still in storage */
	assert_memory_equal(got[2]->base + 16, "abc", 3);
	lvpn_pool_free(&pool);
	assert_int_equal(lvpn_pool_init(&pool, 4, 8, 9), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_pool_init(&pool, 0, 8, 0), LVPN_ERR_INVAL);
}

static void error_classes(void **state)
{
	assert_false(lvpn_err_is_fatal(LVPN_OK));
	assert_false(lvpn_err_is_fatal(LVPN_ERR_AUTH));
	assert_false(lvpn_err_is_fatal(LVPN_ERR_REPLAY));
	assert_true(lvpn_err_is_fatal(LVPN_ERR_BUFSIZE));
	assert_true(lvpn_err_is_fatal(LVPN_ERR_TLS));
	assert_string_equal(lvpn_strerror(LVPN_ERR_TRUNCATED), "truncated packet");
	assert_string_equal(lvpn_strerror(-12345), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prepend_append_within_bounds),
		cmocka_unit_test(headroom_exhaustion_fails_without_change),
		cmocka_unit_test(tailroom_overflow_fails_without_change),
		cmocka_unit_test(pull_and_trim_truncation),
		cmocka_unit_test(reader_truncation_at_every_length),
		cmocka_unit_test(reader_failure_does_not_move),
		cmocka_unit_test(writer_big_endian_and_overflow),
		cmocka_unit_test(pool_hands_out_each_buffer_once),
		cmocka_unit_test(error_classes),
	};
	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
