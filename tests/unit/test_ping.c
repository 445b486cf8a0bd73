/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/ping: the magic bytes as printed in openvpn-protocol.md b.13 (typed
 * here independently), classification, OCC build/parse, malformed OCC. */
#include "tests/unit/testutil.h"

#include "proto/ping.h"

static const uint8_t ping_ref[16] = {0x2a, 0x18, 0x7b, 0xf3, 0x64, 0x1e, 0xb4, 0xcb,
                                     0x07, 0xed, 0x2d, 0x0a, 0x98, 0x1f, 0xc7, 0x48};
static const uint8_t occ_ref[16] = {0x28, 0x7f, 0x34, 0x6b, 0xd4, 0xef, 0x7a, 0x81,
                                    0x2d, 0x56, 0xb8, 0xd3, 0xaf, 0xc5, 0x45, 0x9c};

static void ping(void **state)
{
	uint8_t mem[64], p[40];
	struct lvpn_buf b;

	lvpn_buf_init(&b, mem, sizeof(mem));
	assert_int_equal(lvpn_buf_reset(&b, 32), 0);
	assert_int_equal(lvpn_ping_build(&b), 0);
	assert_int_equal(b.len, 16);
	assert_memory_equal(lvpn_buf_data(&b), ping_ref, 16);
	assert_int_equal(lvpn_payload_kind(lvpn_buf_data(&b), b.len), LVPN_PAYLOAD_PING);
	/* one byte more or less, or one bit off: an ordinary packet */
	memcpy(p, ping_ref, 16);
	p[16] = 0;
	assert_int_equal(lvpn_payload_kind(p, 17), LVPN_PAYLOAD_DATA);
	assert_int_equal(lvpn_payload_kind(p, 15), LVPN_PAYLOAD_DATA);
	for (int bit = 0; bit < 128; bit++) {
		memcpy(p, ping_ref, 16);
		p[bit / 8] ^= (uint8_t)(1 << (bit % 8));
		assert_int_equal(lvpn_payload_kind(p, 16), LVPN_PAYLOAD_DATA);
	}
	assert_int_equal(lvpn_payload_kind(p, 0), LVPN_PAYLOAD_DATA);
	lvpn_buf_init(&b, mem, 20);
	assert_int_equal(lvpn_buf_reset(&b, 5), 0);
	assert_int_equal(lvpn_ping_build(&b), LVPN_ERR_BUFSIZE);
}

static void occ_round_trips(void **state)
{
	const char *opts = "V4,dev-type tun,link-mtu 1549,tun-mtu 1500,proto UDPv4,cipher "
	                   "AES-256-GCM,auth [null-digest],keysize 256,key-method 2,tls-client";
	uint8_t mem[512];
	struct lvpn_buf b;
	struct lvpn_occ_msg m;

	lvpn_buf_init(&b, mem, sizeof(mem));
	assert_int_equal(lvpn_buf_reset(&b, 0), 0);
	assert_int_equal(lvpn_occ_build(&b, LVPN_OCC_REQUEST, NULL), 0);
	assert_int_equal(b.len, 17);
	assert_memory_equal(lvpn_buf_data(&b), occ_ref, 16);
	assert_int_equal(lvpn_buf_data(&b)[16], 0);
	assert_int_equal(lvpn_payload_kind(lvpn_buf_data(&b), b.len), LVPN_PAYLOAD_OCC);
	assert_int_equal(lvpn_occ_parse(lvpn_buf_data(&b), b.len, &m), 0);
	assert_int_equal(m.op, LVPN_OCC_REQUEST);

	assert_int_equal(lvpn_buf_reset(&b, 0), 0);
	assert_int_equal(lvpn_occ_build(&b, LVPN_OCC_REPLY, opts), 0);
	assert_int_equal(b.len, 17 + strlen(opts) + 1);
	assert_int_equal(lvpn_buf_data(&b)[16], 1);
	assert_int_equal(lvpn_buf_data(&b)[b.len - 1], 0);
	assert_int_equal(lvpn_occ_parse(lvpn_buf_data(&b), b.len, &m), 0);
	assert_int_equal(m.op, LVPN_OCC_REPLY);
	assert_int_equal(m.options_len, strlen(opts));
	assert_memory_equal(m.options, opts, m.options_len);

	assert_int_equal(lvpn_buf_reset(&b, 0), 0);
	assert_int_equal(lvpn_occ_build(&b, LVPN_OCC_EXIT, NULL), 0);
	assert_memory_equal(lvpn_buf_data(&b) + 16, "\x06", 1);
	assert_int_equal(b.len, 17);
	assert_int_equal(lvpn_occ_parse(lvpn_buf_data(&b), b.len, &m), 0);
	assert_int_equal(m.op, LVPN_OCC_EXIT);

	assert_int_equal(lvpn_occ_build(&b, LVPN_OCC_MTU_LOAD, NULL), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_occ_build(&b, LVPN_OCC_REPLY, NULL), LVPN_ERR_INVAL);
	lvpn_buf_init(&b, mem, 20);
	assert_int_equal(lvpn_occ_build(&b, LVPN_OCC_REPLY, opts), LVPN_ERR_BUFSIZE);
	assert_int_equal(b.len, 0);
}

/* The options string's own limit, in a buffer that would hold more. */
static void occ_options_limit(void **state)
{
	static uint8_t mem[LVPN_OCC_OPTIONS_MAX + 64];
	static char opts[LVPN_OCC_OPTIONS_MAX + 1];
	struct lvpn_buf b;

	(void)state;
	memset(opts, 'o', sizeof(opts) - 1);
	lvpn_buf_init(&b, mem, sizeof(mem));
	/* with its NUL, one byte over */
	assert_int_equal(lvpn_occ_build(&b, LVPN_OCC_REPLY, opts), LVPN_ERR_BUFSIZE);
	assert_int_equal(b.len, 0);
	opts[LVPN_OCC_OPTIONS_MAX - 1] = 0; /* exactly the limit */
	assert_int_equal(lvpn_occ_build(&b, LVPN_OCC_REPLY, opts), 0);
	assert_int_equal(b.len, LVPN_OCC_MAGIC_LEN + 1 + LVPN_OCC_OPTIONS_MAX);
}

static void occ_malformed(void **state)
{
	uint8_t p[64];
	struct lvpn_occ_msg m;

	memcpy(p, occ_ref, 16);
	assert_int_equal(lvpn_occ_parse(p, 16, &m), LVPN_ERR_TRUNCATED);
	p[16] = 1; /* REPLY without any string */
	assert_int_equal(lvpn_occ_parse(p, 17, &m), LVPN_ERR_TRUNCATED);
	memcpy(p + 17, "abc", 3); /* no NUL */
	assert_int_equal(lvpn_occ_parse(p, 20, &m), LVPN_ERR_MALFORMED);
	p[20] = 0;
	assert_int_equal(lvpn_occ_parse(p, 21, &m), 0);
	assert_int_equal(m.options_len, 3);
	p[16] = 7;
	assert_int_equal(lvpn_occ_parse(p, 21, &m), LVPN_ERR_OPCODE);
	p[16] = 2; /* MTU_LOAD_REQUEST needs a u16 */
	assert_int_equal(lvpn_occ_parse(p, 18, &m), LVPN_ERR_TRUNCATED);
	p[17] = 0x05;
	p[18] = 0xDC;
	assert_int_equal(lvpn_occ_parse(p, 19, &m), 0);
	assert_int_equal(m.mtu_a, 1500);
	p[16] = 5; /* MTU_REPLY needs two */
	assert_int_equal(lvpn_occ_parse(p, 19, &m), LVPN_ERR_TRUNCATED);
	p[19] = 0x05;
	p[20] = 0x78;
	assert_int_equal(lvpn_occ_parse(p, 21, &m), 0);
	assert_int_equal(m.mtu_b, 1400);
	for (size_t l = 0; l < 16; l++)
		assert_int_equal(lvpn_payload_kind(p, l), LVPN_PAYLOAD_DATA);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ping),
	    cmocka_unit_test(occ_round_trips),
	    cmocka_unit_test(occ_options_limit),
	    cmocka_unit_test(occ_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
