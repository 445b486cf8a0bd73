/* SPDX-License-Identifier: BSD-2-Clause */
/* Stateless HMAC-cookie handshake and the initial-response rate limit. */
#include "tests/unit/testutil.h"

#include <unistd.h>

#include "proto/server/cookie.h"

static const uint8_t K[32] = { 1, 2, 3 };
static const uint8_t addr[16] = { 2, 0, 0x04, 0xaa, 127, 0, 0, 1 }; /* sockaddr_in-like */
static const uint8_t csid[8] = { 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8 };

static struct lvpn_cookie ck(void)
{
	struct lvpn_cookie c;

	assert_int_equal(lvpn_cookie_init(&c, K, 60), 0);
	assert_int_equal(c.slot_len, 30);
	return c;
}

/* The cookie is HMAC-SHA256(K, slot_be32 || addr || sid)[0..8): checked
 * against the openssl CLI (independent HMAC). */
static void cookie_known_answer(void **state)
{
	struct lvpn_cookie c = ck();
	uint8_t out[8], msg[4 + 16 + 8];
	char cmd[512], hex[80];
	FILE *f;

	if (system("command -v openssl >/dev/null 2>&1") != 0)
		skip();
	assert_int_equal(lvpn_cookie_make(&c, 3000000000ull, addr, sizeof(addr), csid, out), 0);
	/* slot = 3e9 / 30 = 100000000 = 0x05f5e100 */
	memcpy(msg, "\x05\xf5\xe1\x00", 4);
	memcpy(msg + 4, addr, 16);
	memcpy(msg + 20, csid, 8);
	char tmpl[] = "/tmp/lvpn-cookie-XXXXXX";
	int fd = mkstemp(tmpl);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, msg, sizeof(msg)), sizeof(msg));
	close(fd);
	snprintf(cmd, sizeof(cmd),
		 "openssl dgst -sha256 -mac HMAC -macopt hexkey:0102030000000000000000000000000000000000000000000000000000000000 -r %s",
		 tmpl);
	f = popen(cmd, "r");
	assert_non_null(f);
	assert_non_null(fgets(hex, sizeof(hex), f));
	pclose(f);
	unlink(tmpl);
	for (int i = 0; i < 8; i++) {
		unsigned v;

		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		assert_int_equal(out[i], v);
	}
	lvpn_cookie_free(&c);
}

static void slots(void **state)
{
	struct lvpn_cookie c = ck();
	uint8_t cookie[8];
	uint64_t t0 = 1700000010; /* slot start is 1700000010 - 0 (divisible by 30) */

	assert_int_equal(t0 % 30, 0);
	assert_int_equal(lvpn_cookie_make(&c, t0, addr, sizeof(addr), csid, cookie), 0);
	/* valid in its slot and the two after it */
	for (uint64_t t = t0; t < t0 + 90; t++)
		assert_int_equal(lvpn_cookie_verify(&c, t, addr, sizeof(addr), csid, cookie), 0);
	/* three slots later: stale */
	assert_int_equal(lvpn_cookie_verify(&c, t0 + 90, addr, sizeof(addr), csid, cookie), LVPN_ERR_AUTH);
	assert_int_equal(lvpn_cookie_verify(&c, t0 + 1000, addr, sizeof(addr), csid, cookie), LVPN_ERR_AUTH);
	/* a future slot's cookie is never valid now */
	assert_int_equal(lvpn_cookie_make(&c, t0 + 30, addr, sizeof(addr), csid, cookie), 0);
	assert_int_equal(lvpn_cookie_verify(&c, t0 + 29, addr, sizeof(addr), csid, cookie), LVPN_ERR_AUTH);
	assert_int_equal(lvpn_cookie_verify(&c, t0 + 30, addr, sizeof(addr), csid, cookie), 0);
	/* near the epoch: no negative slots */
	assert_int_equal(lvpn_cookie_make(&c, 5, addr, sizeof(addr), csid, cookie), 0);
	assert_int_equal(lvpn_cookie_verify(&c, 5, addr, sizeof(addr), csid, cookie), 0);
	lvpn_cookie_free(&c);
}

static void mismatches(void **state)
{
	struct lvpn_cookie c = ck(), other;
	uint8_t cookie[8], a2[16], s2[8], forged[8];
	const uint64_t now = 1700000000;
	uint8_t K2[32] = { 9 };

	assert_int_equal(lvpn_cookie_make(&c, now, addr, sizeof(addr), csid, cookie), 0);
	/* another port / address / length / client sid */
	for (size_t i = 0; i < sizeof(addr); i++) {
		memcpy(a2, addr, sizeof(addr));
		a2[i] ^= 1;
		assert_int_equal(lvpn_cookie_verify(&c, now, a2, sizeof(a2), csid, cookie), LVPN_ERR_AUTH);
	}
	assert_int_equal(lvpn_cookie_verify(&c, now, addr, sizeof(addr) - 1, csid, cookie), LVPN_ERR_AUTH);
	for (size_t i = 0; i < 8; i++) {
		memcpy(s2, csid, 8);
		s2[i] ^= 0x80;
		assert_int_equal(lvpn_cookie_verify(&c, now, addr, sizeof(addr), s2, cookie), LVPN_ERR_AUTH);
	}
	/* every bit of the cookie matters; a zero cookie and another key's fail */
	for (int bit = 0; bit < 64; bit++) {
		memcpy(forged, cookie, 8);
		forged[bit / 8] ^= (uint8_t)(1 << (bit % 8));
		assert_int_equal(lvpn_cookie_verify(&c, now, addr, sizeof(addr), csid, forged), LVPN_ERR_AUTH);
	}
	memset(forged, 0, 8);
	assert_int_equal(lvpn_cookie_verify(&c, now, addr, sizeof(addr), csid, forged), LVPN_ERR_AUTH);
	assert_int_equal(lvpn_cookie_init(&other, K2, 60), 0);
	assert_int_equal(lvpn_cookie_make(&other, now, addr, sizeof(addr), csid, forged), 0);
	assert_int_equal(lvpn_cookie_verify(&c, now, addr, sizeof(addr), csid, forged), LVPN_ERR_AUTH);
	assert_int_equal(lvpn_cookie_verify(&c, now, addr, 0, csid, cookie), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_cookie_verify(&c, now, addr, LVPN_COOKIE_ADDR_MAX + 1, csid, cookie), LVPN_ERR_INVAL);
	lvpn_cookie_free(&other);
	lvpn_cookie_free(&c);
}

/* The whole exchange on plain packets: reply, then third-packet checks. */
static void handshake_and_third_packet(void **state)
{
	struct lvpn_cookie c = ck();
	struct lvpn_ctrl_pkt first, reply, third;
	uint8_t buf[128], rbuf[128];
	size_t len;
	const uint64_t now = 1700000000;
	uint16_t flags;

	memset(&first, 0, sizeof(first));
	first.op = LVPN_OP_HARD_RESET_CLIENT_V2;
	first.sid = csid;
	first.has_msg_id = 1;
	assert_int_equal(lvpn_pkt_write(&first, buf, sizeof(buf), &len), 0);
	assert_int_equal(lvpn_pkt_parse(buf, len, &first), 0);
	assert_int_equal(lvpn_cookie_check_first(&first), 0);

	/* no early negotiation: empty payload */
	assert_int_equal(lvpn_cookie_reply(&c, now, addr, sizeof(addr), &first, 1, rbuf, sizeof(rbuf), &len), 0);
	assert_int_equal(lvpn_pkt_parse(rbuf, len, &reply), 0);
	assert_int_equal(reply.op, LVPN_OP_HARD_RESET_SERVER_V2);
	assert_int_equal(reply.key_id, 0);
	assert_int_equal(reply.n_acks, 1);
	assert_int_equal(reply.acks[0], 0);
	assert_memory_equal(reply.ack_sid, csid, 8);
	assert_int_equal(reply.msg_id, 0);
	assert_int_equal(reply.payload_len, 0);
	assert_int_equal(lvpn_cookie_verify(&c, now, addr, sizeof(addr), csid, reply.sid), 0);
	/* early negotiation: the TLV */
	assert_int_equal(lvpn_cookie_reply(&c, now, addr, sizeof(addr), &first, 0x0f000001, rbuf, sizeof(rbuf), &len), 0);
	assert_int_equal(lvpn_pkt_parse(rbuf, len, &reply), 0);
	assert_int_equal(reply.payload_len, 6);
	assert_int_equal(lvpn_tlv_parse_early_neg(reply.payload, reply.payload_len, &flags), 0);
	assert_int_equal(flags, LVPN_EARLY_NEG_FLAG_RESEND_WKC);
	assert_int_equal(lvpn_cookie_reply(&c, now, addr, sizeof(addr), &first, 1, rbuf, 20, &len), LVPN_ERR_BUFSIZE);

	/* bad first packets */
	struct lvpn_ctrl_pkt bad = first;
	bad.msg_id = 1;
	assert_int_equal(lvpn_cookie_check_first(&bad), LVPN_ERR_MALFORMED);
	assert_int_equal(lvpn_cookie_reply(&c, now, addr, sizeof(addr), &bad, 1, rbuf, sizeof(rbuf), &len), LVPN_ERR_MALFORMED);
	bad = first;
	bad.op = LVPN_OP_CONTROL_V1;
	assert_int_equal(lvpn_cookie_check_first(&bad), LVPN_ERR_OPCODE);
	bad = first;
	bad.n_acks = 1;
	assert_int_equal(lvpn_cookie_check_first(&bad), LVPN_ERR_MALFORMED);

	/* a good third packet: P_CONTROL_V1, ACK 0 with the cookie, msg 1 */
	memset(&third, 0, sizeof(third));
	third.op = LVPN_OP_CONTROL_V1;
	third.sid = csid;
	third.n_acks = 1;
	third.acks[0] = 0;
	third.ack_sid = reply.sid;
	third.has_msg_id = 1;
	third.msg_id = 1;
	assert_int_equal(lvpn_cookie_check_third(&c, now + 5, addr, sizeof(addr), &third), 0);
	struct lvpn_ctrl_pkt t = third;
	t.op = LVPN_OP_ACK_V1;
	t.has_msg_id = 0;
	assert_int_equal(lvpn_cookie_check_third(&c, now + 5, addr, sizeof(addr), &t), 0);
	t.op = LVPN_OP_CONTROL_WKC_V1;
	assert_int_equal(lvpn_cookie_check_third(&c, now + 5, addr, sizeof(addr), &t), 0);
	/* ACK ranges */
	t = third;
	t.acks[0] = 2;
	assert_int_equal(lvpn_cookie_check_third(&c, now, addr, sizeof(addr), &t), LVPN_ERR_MALFORMED);
	t = third;
	t.n_acks = 2;
	t.acks[1] = 0xffffffff;
	assert_int_equal(lvpn_cookie_check_third(&c, now, addr, sizeof(addr), &t), LVPN_ERR_MALFORMED);
	t = third;
	t.msg_id = 2;
	assert_int_equal(lvpn_cookie_check_third(&c, now, addr, sizeof(addr), &t), LVPN_ERR_MALFORMED);
	t = third;
	t.n_acks = 0;
	t.ack_sid = NULL;
	assert_int_equal(lvpn_cookie_check_third(&c, now, addr, sizeof(addr), &t), LVPN_ERR_MALFORMED);
	t = third;
	t.key_id = 1;
	assert_int_equal(lvpn_cookie_check_third(&c, now, addr, sizeof(addr), &t), LVPN_ERR_MALFORMED);
	/* wrong opcodes */
	const uint8_t ops[] = { LVPN_OP_HARD_RESET_CLIENT_V2, LVPN_OP_HARD_RESET_CLIENT_V3,
				LVPN_OP_SOFT_RESET_V1, LVPN_OP_HARD_RESET_SERVER_V2 };
	for (size_t i = 0; i < sizeof(ops); i++) {
		t = third;
		t.op = ops[i];
		assert_int_equal(lvpn_cookie_check_third(&c, now, addr, sizeof(addr), &t), LVPN_ERR_OPCODE);
	}
	/* another address, another client sid, stale */
	uint8_t a2[16];
	memcpy(a2, addr, 16);
	a2[3] ^= 1; /* another port */
	assert_int_equal(lvpn_cookie_check_third(&c, now, a2, sizeof(a2), &third), LVPN_ERR_AUTH);
	uint8_t s2[8] = { 0 };
	t = third;
	t.sid = s2;
	assert_int_equal(lvpn_cookie_check_third(&c, now, addr, sizeof(addr), &t), LVPN_ERR_AUTH);
	assert_int_equal(lvpn_cookie_check_third(&c, now + 90, addr, sizeof(addr), &third), LVPN_ERR_AUTH);
	/* a flood of random cookies: none accepted */
	uint64_t x = 12345;
	for (int i = 0; i < 20000; i++) {
		uint8_t rnd[8];

		for (int k = 0; k < 8; k++) {
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			rnd[k] = (uint8_t)(x >> 56);
		}
		t = third;
		t.ack_sid = rnd;
		assert_int_equal(lvpn_cookie_check_third(&c, now, addr, sizeof(addr), &t), LVPN_ERR_AUTH);
	}
	lvpn_cookie_free(&c);
}

static void rate_limit(void **state)
{
	struct lvpn_ratelim rl;
	uint64_t t = 5000;

	assert_int_equal(lvpn_ratelim_init(&rl, 0, 10, t), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_ratelim_init(&rl, 100, 0, t), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_ratelim_init(&rl, 100, 10, t), 0);
	for (int i = 0; i < 100; i++)
		assert_int_equal(lvpn_ratelim_take(&rl, t), 0);
	assert_int_equal(lvpn_ratelim_take(&rl, t), LVPN_ERR_RATE_LIMIT);
	assert_int_equal(lvpn_ratelim_take(&rl, t + 99), LVPN_ERR_RATE_LIMIT);
	/* 100 per 10 s: one token per 100 ms */
	assert_int_equal(lvpn_ratelim_take(&rl, t + 100), 0);
	assert_int_equal(lvpn_ratelim_take(&rl, t + 100), LVPN_ERR_RATE_LIMIT);
	assert_int_equal(lvpn_ratelim_dropped(&rl), 3);
	assert_int_equal(lvpn_ratelim_dropped(&rl), 0);
	/* a completed handshake gives its token back */
	lvpn_ratelim_refund(&rl);
	assert_int_equal(lvpn_ratelim_take(&rl, t + 100), 0);
	/* a long pause refills to the cap only (no overflow) */
	int n = 0;
	while (lvpn_ratelim_take(&rl, UINT64_MAX / 2) == 0)
		n++;
	assert_int_equal(n, 100);
	for (int i = 0; i < 200; i++)
		lvpn_ratelim_refund(&rl);
	n = 0;
	while (lvpn_ratelim_take(&rl, UINT64_MAX / 2) == 0)
		n++;
	assert_int_equal(n, 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cookie_known_answer),
		cmocka_unit_test(slots),
		cmocka_unit_test(mismatches),
		cmocka_unit_test(handshake_and_third_packet),
		cmocka_unit_test(rate_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
