/* SPDX-License-Identifier: BSD-2-Clause */
#include "tests/unit/testutil.h"

#include "proto/tcpframe.h"

/* A stream of 3 packets (lengths 1, 300, 5) fed in every chunk size from 1
 * to the whole stream yields exactly those packets. */
static void any_split(void **state)
{
	uint8_t stream[2 + 1 + 2 + 300 + 2 + 5];
	const size_t lens[3] = { 1, 300, 5 };
	size_t off = 0;

	for (int i = 0; i < 3; i++) {
		stream[off] = (uint8_t)(lens[i] >> 8);
		stream[off + 1] = (uint8_t)lens[i];
		for (size_t k = 0; k < lens[i]; k++)
			stream[off + 2 + k] = (uint8_t)(i * 50 + k);
		off += 2 + lens[i];
	}
	for (size_t chunk = 1; chunk <= sizeof(stream); chunk++) {
		uint8_t mem[300];
		struct lvpn_tcpframe f;
		size_t pos = 0;
		int got = 0;

		lvpn_tcpframe_init(&f, mem, sizeof(mem));
		while (pos < sizeof(stream)) {
			size_t n = sizeof(stream) - pos < chunk ? sizeof(stream) - pos : chunk;
			const uint8_t *p = stream + pos;

			while (n) {
				size_t used;
				int rc = lvpn_tcpframe_push(&f, p, n, &used);

				assert_true(rc >= 0);
				p += used;
				n -= used;
				pos += used;
				if (rc == 1) {
					const uint8_t *pkt;
					size_t len;

					lvpn_tcpframe_packet(&f, &pkt, &len);
					assert_int_equal(len, lens[got]);
					for (size_t k = 0; k < len; k++)
						assert_int_equal(pkt[k], (uint8_t)(got * 50 + k));
					got++;
					lvpn_tcpframe_next(&f);
				}
			}
		}
		assert_int_equal(got, 3);
	}
}

static void zero_and_oversized_are_fatal(void **state)
{
	uint8_t mem[100];
	struct lvpn_tcpframe f;
	size_t used;
	const uint8_t zero[] = { 0, 0, 1, 2 };
	const uint8_t big[] = { 0, 101, 1 };
	const uint8_t exact[] = { 0, 100 };

	lvpn_tcpframe_init(&f, mem, sizeof(mem));
	assert_int_equal(lvpn_tcpframe_push(&f, zero, sizeof(zero), &used), LVPN_ERR_FRAMING);
	assert_true(lvpn_err_is_fatal(LVPN_ERR_FRAMING));
	/* sticky: nothing more is read */
	assert_int_equal(lvpn_tcpframe_push(&f, exact, sizeof(exact), &used), LVPN_ERR_FRAMING);
	assert_int_equal(used, 0);

	lvpn_tcpframe_init(&f, mem, sizeof(mem));
	assert_int_equal(lvpn_tcpframe_push(&f, big, 1, &used), 0);
	assert_int_equal(lvpn_tcpframe_push(&f, big + 1, 2, &used), LVPN_ERR_FRAMING);

	lvpn_tcpframe_init(&f, mem, sizeof(mem));
	assert_int_equal(lvpn_tcpframe_push(&f, exact, sizeof(exact), &used), 0);
	assert_int_equal(used, 2);
	static uint8_t body[100];
	assert_int_equal(lvpn_tcpframe_push(&f, body, 100, &used), 1);
	/* a ready packet must be released first */
	assert_int_equal(lvpn_tcpframe_push(&f, body, 1, &used), LVPN_ERR_STATE);
	lvpn_tcpframe_next(&f);
	/* 65535 with a small buffer */
	const uint8_t max[] = { 0xff, 0xff };
	assert_int_equal(lvpn_tcpframe_push(&f, max, 2, &used), LVPN_ERR_FRAMING);
}

static void prefix_writer(void **state)
{
	uint8_t mem[80000];
	struct lvpn_buf b;
	uint8_t *p;

	lvpn_buf_init(&b, mem, sizeof(mem));
	assert_int_equal(lvpn_buf_reset(&b, 2), 0);
	assert_int_equal(lvpn_buf_append(&b, 258, &p), 0);
	assert_int_equal(lvpn_tcpframe_prefix(&b), 0);
	assert_int_equal(b.len, 260);
	assert_int_equal(lvpn_buf_data(&b)[0], 1);
	assert_int_equal(lvpn_buf_data(&b)[1], 2);
	/* no headroom */
	assert_int_equal(lvpn_tcpframe_prefix(&b), LVPN_ERR_BUFSIZE);
	/* over 65535 */
	assert_int_equal(lvpn_buf_reset(&b, 2), 0);
	assert_int_equal(lvpn_buf_append(&b, 65536, &p), 0);
	assert_int_equal(lvpn_tcpframe_prefix(&b), LVPN_ERR_TOO_BIG);
	assert_int_equal(lvpn_buf_reset(&b, 2), 0);
	assert_int_equal(lvpn_buf_append(&b, 65535, &p), 0);
	assert_int_equal(lvpn_tcpframe_prefix(&b), 0);
	assert_int_equal(lvpn_get_be16(lvpn_buf_data(&b)), 65535);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(any_split),
		cmocka_unit_test(zero_and_oversized_are_fatal),
		cmocka_unit_test(prefix_writer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
