/* SPDX-License-Identifier: BSD-2-Clause */
/* The UDP server's whole stateless step (proto/server/cookie.h lvpn_cookie_input:
 * unwrap, check_first, wrapped reply, check_third) on an arbitrary
 * datagram, then the exchange carried on as a client would: the reply
 * must open with the client's keys and carry a cookie that verifies, and
 * a third packet built from it must be admitted with exactly that cookie
 * and sid; the same third packet with one byte flipped must never be
 * admitted with a pair that does not verify.
 * Input: mode byte (0 tls-auth SHA1, 1 tls-crypt, 2 tls-crypt-v2,
 * 3 none; the same as fuzz_first_packet, whose seeds were captured from
 * the real openvpn), then the datagram. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/wrap.h"
#include "proto/server/cookie.h"
#include "proto/pkt.h"
#include "tests/fuzz/ctrl_keys.h"

static struct lvpn_wrap s_auth, s_crypt, s_v2, s_none; /* server side, stateless */
static struct lvpn_wrap c_auth, c_crypt, c_v2;         /* client side */
static struct lvpn_tcv2_server v2;
static struct lvpn_cookie_srv cs[4];
static const uint8_t ADDR[7] = {4, 0x12, 0x34, 127, 0, 0, 1};
static const uint64_t NOW = 1700000000;

static void init_once(void)
{
	static int done;
	static const uint8_t ck[LVPN_COOKIE_KEY_LEN] = {7};
	static const uint8_t zero[LVPN_KEY2_LEN];

	if (done)
		return;
	done = 1;
	if (lvpn_wrap_init(&s_auth, LVPN_WRAP_AUTH, fuzz_static_key, LVPN_KEY_DIR_NORMAL, "SHA1", 0,
	                   0) ||
	    lvpn_wrap_init(&s_crypt, LVPN_WRAP_CRYPT, fuzz_static_key, LVPN_KEY_DIR_NORMAL, NULL, 0,
	                   0) ||
	    lvpn_wrap_init(&s_v2, LVPN_WRAP_CRYPT, zero, LVPN_KEY_DIR_NORMAL, NULL, 0, 0) ||
	    lvpn_wrap_init(&s_none, LVPN_WRAP_NONE, NULL, 0, NULL, 0, 0) ||
	    lvpn_wrap_init(&c_auth, LVPN_WRAP_AUTH, fuzz_static_key, LVPN_KEY_DIR_INVERSE, "SHA1",
	                   0, 0) ||
	    lvpn_wrap_init(&c_crypt, LVPN_WRAP_CRYPT, fuzz_static_key, LVPN_KEY_DIR_INVERSE, NULL,
	                   0, 0) ||
	    lvpn_wrap_init(&c_v2, LVPN_WRAP_CRYPT, zero, LVPN_KEY_DIR_INVERSE, NULL, 0, 0) ||
	    lvpn_tcv2_server_init(&v2, fuzz_v2_server_key))
		abort();
	for (int i = 0; i < 4; i++)
		if (lvpn_cookie_init(&cs[i].ck, ck, 60))
			abort();
	cs[0].wrap = &s_auth;
	cs[1].wrap = &s_crypt;
	cs[2].wrap = &s_v2;
	cs[2].v2 = &v2;
	cs[3].wrap = &s_none;
}

/* The reply opens with the client's keys, answers sid, and its own sid is
 * our cookie.  Returns the cookie in cookie. */
static void check_reply(struct lvpn_wrap *cw, uint8_t *r, size_t len, const uint8_t *sid,
                        struct lvpn_cookie_srv *c, uint8_t cookie[8])
{
	struct lvpn_ctrl_pkt p;
	struct lvpn_buf b;

	lvpn_buf_init(&b, r, (uint32_t)len);
	b.len = (uint32_t)len;
	if (cw && lvpn_wrap_open(cw, &b, LVPN_WRAP_NO_REPLAY, NOW, NULL))
		abort();
	if (lvpn_pkt_parse(lvpn_buf_data(&b), b.len, &p) || p.op != LVPN_OP_HARD_RESET_SERVER_V2 ||
	    p.n_acks != 1 || p.acks[0] != 0 || memcmp(p.ack_sid, sid, 8) != 0 || p.msg_id != 0)
		abort();
	if (lvpn_cookie_verify(&c->ck, NOW, ADDR, sizeof(ADDR), sid, p.sid))
		abort();
	memcpy(cookie, p.sid, 8);
}

static void admit_must_verify(struct lvpn_cookie_srv *c, const struct lvpn_cookie_admit *ad)
{
	if (lvpn_cookie_verify(&c->ck, NOW, ADDR, sizeof(ADDR), ad->sc.client_sid, ad->sc.cookie) ||
	    ad->sc.reply_id != LVPN_COOKIE_REPLY_ID)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[4096], third[4096];
	static struct lvpn_cookie_admit ad;
	enum lvpn_cookie_verdict v;
	struct lvpn_cookie_srv *c;
	struct lvpn_wrap *cw;
	struct lvpn_ctrl_pkt t;
	struct lvpn_buf b;
	uint8_t sid[8], cookie[8];
	const uint8_t *wkc = NULL;
	size_t out_len, wkc_len = 0, head;
	unsigned mode;
	int rc;

	init_once();
	if (size < 1 + 9 || size - 1 > 3000)
		return 0;
	mode = data[0] % 4;
	c = &cs[mode];
	cw = mode == 0 ? &c_auth : mode == 1 ? &c_crypt : mode == 2 ? &c_v2 : NULL;
	rc = lvpn_cookie_input(c, NOW, ADDR, sizeof(ADDR), data + 1, size - 1, out, sizeof(out),
	                       &out_len, &v, &ad);
	if (rc) {
		if (lvpn_err_is_fatal(rc) || out_len)
			abort();
		return 0;
	}
	if (v == LVPN_COOKIE_ADMIT)
		admit_must_verify(c, &ad);
	if (v != LVPN_COOKIE_REPLY)
		return 0;
	/* go on as the client: its sid is in clear after the opcode byte */
	memcpy(sid, data + 2, 8);
	if (mode == 2) {
		uint8_t kc[LVPN_KEY2_LEN];

		memcpy(kc, s_v2.key, sizeof(kc)); /* the Kc the WKc carried */
		if (lvpn_wrap_rekey(&c_v2, kc, LVPN_KEY_DIR_INVERSE))
			abort();
		wkc_len = (size_t)data[size - 2] << 8 | data[size - 1];
		if (wkc_len > size - 1)
			abort(); /* it unwrapped, so the trailer was sane */
		wkc = data + size - wkc_len;
		if (lvpn_wrap_set_wkc(&c_v2, wkc, wkc_len))
			abort();
	}
	check_reply(cw, out, out_len, sid, c, cookie);

	/* the third packet: ACK of message 0 (CONTROL_WKC_V1 for v2) */
	memset(&t, 0, sizeof(t));
	t.op = mode == 2 ? LVPN_OP_CONTROL_WKC_V1 : LVPN_OP_ACK_V1;
	t.sid = sid;
	t.n_acks = 1;
	t.ack_sid = cookie;
	t.has_msg_id = mode == 2;
	t.msg_id = 1;
	head = cw ? lvpn_wrap_headroom(cw) : 0;
	lvpn_buf_init(&b, third, sizeof(third));
	b.head = (uint32_t)head;
	if (lvpn_pkt_write(&t, third + head, sizeof(third) - head - 1100, &out_len))
		abort();
	b.len = (uint32_t)out_len;
	if (cw && lvpn_wrap_seal(cw, &b, NOW))
		abort();
	rc = lvpn_cookie_input(c, NOW, ADDR, sizeof(ADDR), lvpn_buf_data(&b), b.len, out,
	                       sizeof(out), &out_len, &v, &ad);
	if (rc || v != LVPN_COOKIE_ADMIT || memcmp(ad.sc.cookie, cookie, 8) ||
	    memcmp(ad.sc.client_sid, sid, 8))
		abort();
	/* one flipped byte: never a pair that does not verify */
	lvpn_buf_data(&b)[data[1] % b.len] ^= (uint8_t)(1u << (data[2] % 8));
	rc = lvpn_cookie_input(c, NOW, ADDR, sizeof(ADDR), lvpn_buf_data(&b), b.len, out,
	                       sizeof(out), &out_len, &v, &ad);
	if (rc == 0 && v == LVPN_COOKIE_ADMIT)
		admit_must_verify(c, &ad);
	return 0;
}
