/* SPDX-License-Identifier: BSD-2-Clause */
#include "tests/unit/testutil.h"

#include "base/buf.h"
#include "proto/pkt.h"

static const uint8_t sid_a[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const uint8_t sid_b[8] = { 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8 };
static const uint8_t payload[] = "tls bytes";

static struct lvpn_ctrl_pkt make(unsigned op, unsigned nacks)
{
	struct lvpn_ctrl_pkt p;

	memset(&p, 0, sizeof(p));
	p.op = (uint8_t)op;
	p.key_id = lvpn_op_is_hard_reset(op) ? 0 : 3;
	p.sid = sid_a;
	p.n_acks = (uint8_t)nacks;
	for (unsigned i = 0; i < nacks; i++)
		p.acks[i] = 100 + i;
	p.ack_sid = nacks ? sid_b : NULL;
	if (op != LVPN_OP_ACK_V1) {
		p.msg_id = 0x01020304;
		p.payload = payload;
		p.payload_len = sizeof(payload);
	}
	return p;
}

/* Every control opcode of 2.6 with 0..8 ACKs survives a write/parse trip,
 * and the bytes sit where b.3 says (checked by hand offsets, not by the
 * parser). */
static void round_trip_every_opcode(void **state)
{
	static const unsigned ops[] = { 3, 4, 5, 7, 8, 10, 11 };
	uint8_t buf[256];

	for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		for (unsigned n = ops[i] == LVPN_OP_ACK_V1 ? 1 : 0; n <= LVPN_ACK_MAX; n++) {
			struct lvpn_ctrl_pkt p = make(ops[i], n), q;
			size_t len = 0, off;

			assert_int_equal(lvpn_pkt_write(&p, buf, sizeof(buf), &len), 0);
			assert_int_equal(len, lvpn_pkt_size(&p));
			assert_int_equal(buf[0], ops[i] << 3 | p.key_id);
			assert_memory_equal(buf + 1, sid_a, 8);
			assert_int_equal(buf[9], n);
			off = 10;
			for (unsigned k = 0; k < n; k++, off += 4)
				assert_int_equal(lvpn_get_be32(buf + off), 100 + k);
			if (n) {
				assert_memory_equal(buf + off, sid_b, 8);
				off += 8;
			}
			if (ops[i] != LVPN_OP_ACK_V1) {
				assert_int_equal(lvpn_get_be32(buf + off), 0x01020304);
				off += 4;
				assert_memory_equal(buf + off, payload, sizeof(payload));
				off += sizeof(payload);
			}
			assert_int_equal(off, len);

			assert_int_equal(lvpn_pkt_parse(buf, len, &q), 0);
			assert_int_equal(q.op, ops[i]);
			assert_int_equal(q.key_id, p.key_id);
			assert_ptr_equal(q.sid, buf + 1);
			assert_int_equal(q.n_acks, n);
			for (unsigned k = 0; k < n; k++)
				assert_int_equal(q.acks[k], 100 + k);
			if (n)
				assert_memory_equal(q.ack_sid, sid_b, 8);
			else
				assert_null(q.ack_sid);
			assert_int_equal(q.has_msg_id, ops[i] != LVPN_OP_ACK_V1);
			if (q.has_msg_id) {
				assert_int_equal(q.msg_id, 0x01020304);
				assert_int_equal(q.payload_len, sizeof(payload));
				assert_memory_equal(q.payload, payload, sizeof(payload));
			}
		}
	}
}

/* A control packet from a hand-written byte string: P_CONTROL_V1 key 2,
 * one ACK (id 7), message id 1, payload "hi". */
static void parse_hand_written(void **state)
{
	static const uint8_t pkt[] = {
		0x22, 1, 2, 3, 4, 5, 6, 7, 8,	/* op 4 << 3 | 2, sid */
		1, 0, 0, 0, 7,			/* 1 ack: 7 */
		9, 9, 9, 9, 9, 9, 9, 9,		/* peer sid */
		0, 0, 0, 1, 'h', 'i' };
	struct lvpn_ctrl_pkt q;

	assert_int_equal(lvpn_pkt_parse(pkt, sizeof(pkt), &q), 0);
	assert_int_equal(q.op, LVPN_OP_CONTROL_V1);
	assert_int_equal(q.key_id, 2);
	assert_int_equal(q.acks[0], 7);
	assert_int_equal(q.msg_id, 1);
	assert_int_equal(q.payload_len, 2);
	assert_int_equal(q.payload[1], 'i');
}

static void truncated_at_every_length(void **state)
{
	static const unsigned ops[] = { 3, 4, 5, 7, 8, 10, 11 };
	uint8_t buf[256];

	for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		for (unsigned n = 1; n <= LVPN_ACK_MAX; n += 3) {
			struct lvpn_ctrl_pkt p = make(ops[i], n), q;
			size_t len, hdr;

			p.payload_len = 0;
			assert_int_equal(lvpn_pkt_write(&p, buf, sizeof(buf), &len), 0);
			hdr = len;
			for (size_t l = 0; l < hdr; l++) {
				memset(&q, 0x5a, sizeof(q));
				int rc = lvpn_pkt_parse(buf, l, &q);
				/* an ACK_V1 cut inside the sid is TRUNCATED, never accepted */
				assert_true(rc < 0);
				assert_false(lvpn_err_is_fatal(rc));
				assert_int_equal(q.op, 0x5a); /* nothing written */
			}
		}
	}
}

static void rejected_opcodes_and_fields(void **state)
{
	uint8_t buf[64];
	struct lvpn_ctrl_pkt p = make(LVPN_OP_CONTROL_V1, 0), q;
	size_t len;

	assert_int_equal(lvpn_pkt_write(&p, buf, sizeof(buf), &len), 0);
	for (unsigned op = 0; op < 32; op++) {
		buf[0] = (uint8_t)(op << 3);
		int rc = lvpn_pkt_parse(buf, len, &q);
		if (op == 1 || op == 2 || op == 0 || op >= 12 || op == 6 || op == 9)
			assert_int_equal(rc, LVPN_ERR_OPCODE);
		else if (op == 5)
			assert_int_equal(rc, LVPN_ERR_MALFORMED); /* ACK_V1 without ACKs */
		else
			assert_int_equal(rc, 0);
	}
	assert_int_equal(lvpn_pkt_classify(buf, 0), LVPN_ERR_TRUNCATED);
	buf[0] = 6 << 3 | 1;
	assert_int_equal(lvpn_pkt_classify(buf, 1), 1);
	buf[0] = 9 << 3;
	assert_int_equal(lvpn_pkt_classify(buf, 1), 1);
	buf[0] = 4 << 3;
	assert_int_equal(lvpn_pkt_classify(buf, 1), 0);

	/* hard resets must carry key_id 0 */
	for (unsigned op = 7; op <= 10; op++) {
		if (op == 9)
			continue;
		for (unsigned kid = 1; kid < 8; kid++) {
			buf[0] = (uint8_t)(op << 3 | kid);
			assert_int_equal(lvpn_pkt_parse(buf, len, &q), LVPN_ERR_MALFORMED);
		}
	}
	/* a soft reset may carry any key_id */
	buf[0] = 3 << 3 | 5;
	assert_int_equal(lvpn_pkt_parse(buf, len, &q), 0);
}

/* 0 ACKs: no peer sid follows.  9 ACKs: malformed even with the bytes. */
static void ack_block_edges(void **state)
{
	uint8_t buf[128];
	struct lvpn_ctrl_pkt p = make(LVPN_OP_CONTROL_V1, 0), q;
	size_t len;

	p.payload_len = 0;
	assert_int_equal(lvpn_pkt_write(&p, buf, sizeof(buf), &len), 0);
	assert_int_equal(len, 1 + 8 + 1 + 4);
	assert_int_equal(lvpn_pkt_parse(buf, len, &q), 0);
	assert_null(q.ack_sid);

	memset(buf, 0, sizeof(buf));
	buf[0] = LVPN_OP_CONTROL_V1 << 3;
	buf[9] = 9;
	assert_int_equal(lvpn_pkt_parse(buf, 1 + 8 + 1 + 36 + 8 + 4, &q), LVPN_ERR_MALFORMED);
	buf[9] = 255;
	assert_int_equal(lvpn_pkt_parse(buf, sizeof(buf), &q), LVPN_ERR_MALFORMED);
	buf[9] = 8;
	assert_int_equal(lvpn_pkt_parse(buf, 1 + 8 + 1 + 32 + 8 + 4, &q), 0);
	assert_int_equal(lvpn_pkt_parse(buf, 1 + 8 + 1 + 32 + 8 + 3, &q), LVPN_ERR_TRUNCATED);

	/* ACK_V1: trailing bytes are malformed */
	p = make(LVPN_OP_ACK_V1, 2);
	assert_int_equal(lvpn_pkt_write(&p, buf, sizeof(buf), &len), 0);
	assert_int_equal(len, 1 + 8 + 1 + 8 + 8);
	assert_int_equal(lvpn_pkt_parse(buf, len, &q), 0);
	assert_int_equal(lvpn_pkt_parse(buf, len + 1, &q), LVPN_ERR_MALFORMED);

	/* write refuses what parse would refuse */
	p = make(LVPN_OP_CONTROL_V1, 0);
	p.n_acks = 9;
	assert_int_equal(lvpn_pkt_write(&p, buf, sizeof(buf), &len), LVPN_ERR_INVAL);
	p = make(LVPN_OP_CONTROL_V1, 2);
	p.ack_sid = NULL;
	assert_int_equal(lvpn_pkt_write(&p, buf, sizeof(buf), &len), LVPN_ERR_INVAL);
	p = make(LVPN_OP_ACK_V1, 0);
	assert_int_equal(lvpn_pkt_write(&p, buf, sizeof(buf), &len), LVPN_ERR_INVAL);
	p = make(LVPN_OP_HARD_RESET_CLIENT_V2, 0);
	p.key_id = 1;
	assert_int_equal(lvpn_pkt_write(&p, buf, sizeof(buf), &len), LVPN_ERR_INVAL);
	p = make(LVPN_OP_DATA_V2, 0);
	assert_int_equal(lvpn_pkt_write(&p, buf, sizeof(buf), &len), LVPN_ERR_INVAL);
}

static void write_buffer_too_small(void **state)
{
	uint8_t buf[128];
	struct lvpn_ctrl_pkt p = make(LVPN_OP_CONTROL_V1, 4);
	size_t need = lvpn_pkt_size(&p), len;

	for (size_t cap = 0; cap < need; cap++)
		assert_int_equal(lvpn_pkt_write(&p, buf, cap, &len), LVPN_ERR_BUFSIZE);
	assert_int_equal(lvpn_pkt_write(&p, buf, need, &len), 0);
	assert_int_equal(len, need);
}

/* The payload may already sit at its offset in the output (build in place). */
static void write_in_place(void **state)
{
	uint8_t buf[64];
	struct lvpn_ctrl_pkt p = make(LVPN_OP_CONTROL_V1, 1), q;
	size_t hdr = lvpn_ctrl_hdr_size(1, 1), len;

	memcpy(buf + hdr, "abc", 3);
	p.payload = buf + hdr;
	p.payload_len = 3;
	assert_int_equal(lvpn_pkt_write(&p, buf, sizeof(buf), &len), 0);
	assert_int_equal(lvpn_pkt_parse(buf, len, &q), 0);
	assert_memory_equal(q.payload, "abc", 3);
}

/* Flip every bit of a valid packet: parse either rejects it with a drop
 * code or returns something self-consistent; it never reads past len. */
static void bit_flips(void **state)
{
	uint8_t good[64], buf[64];
	struct lvpn_ctrl_pkt p = make(LVPN_OP_CONTROL_V1, 2), q;
	size_t len;

	assert_int_equal(lvpn_pkt_write(&p, good, sizeof(good), &len), 0);
	for (size_t bit = 0; bit < len * 8; bit++) {
		memcpy(buf, good, len);
		buf[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		int rc = lvpn_pkt_parse(buf, len, &q);
		if (rc == 0) {
			assert_true(q.n_acks <= LVPN_ACK_MAX);
			assert_true(q.payload + q.payload_len <= buf + len);
		} else {
			assert_false(lvpn_err_is_fatal(rc));
		}
	}
	/* flipping the count byte to 3 makes the packet run short */
	memcpy(buf, good, len);
	buf[9] = 3;
	assert_int_equal(lvpn_pkt_parse(buf, 1 + 8 + 1 + 12 + 8 + 3, &q), LVPN_ERR_TRUNCATED);
}

static void oversized_payload(void **state)
{
	static uint8_t big[70000];
	struct lvpn_ctrl_pkt q;

	memset(big, 0, sizeof(big));
	big[0] = LVPN_OP_CONTROL_V1 << 3;
	assert_int_equal(lvpn_pkt_parse(big, sizeof(big), &q), 0);
	assert_int_equal(q.payload_len, sizeof(big) - 14);
}

static void tlv_early_neg(void **state)
{
	uint8_t buf[16];
	size_t len;
	uint16_t flags = 99;
	static const uint8_t by_hand[] = { 0, 1, 0, 2, 0, 1 };
	static const uint8_t with_unknown[] = { 0, 7, 0, 1, 0xee, 0, 1, 0, 2, 0, 1 };
	static const uint8_t bad_len[] = { 0, 1, 0, 3, 0, 1, 0 };
	static const uint8_t runs_over[] = { 0, 1, 0, 2, 0 };

	assert_int_equal(lvpn_tlv_write_early_neg(buf, sizeof(buf), LVPN_EARLY_NEG_FLAG_RESEND_WKC, &len), 0);
	assert_int_equal(len, 6);
	assert_memory_equal(buf, by_hand, 6);
	assert_int_equal(lvpn_tlv_write_early_neg(buf, 5, 1, &len), LVPN_ERR_BUFSIZE);
	assert_int_equal(lvpn_tlv_parse_early_neg(by_hand, 6, &flags), 0);
	assert_int_equal(flags, 1);
	assert_int_equal(lvpn_tlv_parse_early_neg(with_unknown, sizeof(with_unknown), &flags), 0);
	assert_int_equal(flags, 1);
	assert_int_equal(lvpn_tlv_parse_early_neg(by_hand, 0, &flags), 0);
	assert_int_equal(flags, 0);
	assert_int_equal(lvpn_tlv_parse_early_neg(bad_len, sizeof(bad_len), &flags), LVPN_ERR_MALFORMED);
	assert_int_equal(lvpn_tlv_parse_early_neg(runs_over, sizeof(runs_over), &flags), LVPN_ERR_TRUNCATED);
	for (size_t l = 1; l < 6; l++)
		assert_int_equal(lvpn_tlv_parse_early_neg(by_hand, l, &flags), LVPN_ERR_TRUNCATED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip_every_opcode),
		cmocka_unit_test(parse_hand_written),
		cmocka_unit_test(truncated_at_every_length),
		cmocka_unit_test(rejected_opcodes_and_fields),
		cmocka_unit_test(ack_block_edges),
		cmocka_unit_test(write_buffer_too_small),
		cmocka_unit_test(write_in_place),
		cmocka_unit_test(bit_flips),
		cmocka_unit_test(oversized_payload),
		cmocka_unit_test(tlv_early_neg),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
