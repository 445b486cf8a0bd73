/* SPDX-License-Identifier: BSD-2-Clause */
#include "proto/server/cookie.h"

#include <string.h>

#include "base/buf.h"

int lvpn_cookie_init(struct lvpn_cookie *c, const uint8_t key[LVPN_COOKIE_KEY_LEN],
                     uint32_t hand_window)
{
	memset(c, 0, sizeof(*c));
	if (!hand_window)
		return LVPN_ERR_INVAL;
	c->slot_len = (uint32_t)(((uint64_t)hand_window + 1) / 2);
	return lvpn_hmac_init(&c->hmac, "SHA256", key, LVPN_COOKIE_KEY_LEN);
}

void lvpn_cookie_free(struct lvpn_cookie *c)
{
	lvpn_hmac_free(&c->hmac);
	c->slot_len = 0;
}

static int mac(struct lvpn_cookie *c, uint32_t slot, const uint8_t *addr, size_t addr_len,
               const uint8_t *sid, uint8_t out[LVPN_SID_SIZE])
{
	uint8_t s[4], full[LVPN_HMAC_OUT_MAX];
	int rc;

	if (!addr_len || addr_len > LVPN_COOKIE_ADDR_MAX || !c->slot_len)
		return LVPN_ERR_INVAL;
	lvpn_put_be32(s, slot);
	if ((rc = lvpn_hmac_start(&c->hmac)) || (rc = lvpn_hmac_update(&c->hmac, s, 4)) ||
	    (rc = lvpn_hmac_update(&c->hmac, addr, addr_len)) ||
	    (rc = lvpn_hmac_update(&c->hmac, sid, LVPN_SID_SIZE)) ||
	    (rc = lvpn_hmac_final(&c->hmac, full)))
		return rc;
	memcpy(out, full, LVPN_SID_SIZE);
	return 0;
}

static uint32_t slot_of(const struct lvpn_cookie *c, uint64_t now)
{
	return (uint32_t)(now / c->slot_len);
}

int lvpn_cookie_make(struct lvpn_cookie *c, uint64_t now, const uint8_t *addr, size_t addr_len,
                     const uint8_t client_sid[LVPN_SID_SIZE], uint8_t out[LVPN_SID_SIZE])
{
	if (!c->slot_len)
		return LVPN_ERR_INVAL;
	return mac(c, slot_of(c, now), addr, addr_len, client_sid, out);
}

int lvpn_cookie_verify(struct lvpn_cookie *c, uint64_t now, const uint8_t *addr, size_t addr_len,
                       const uint8_t client_sid[LVPN_SID_SIZE], const uint8_t cookie[LVPN_SID_SIZE])
{
	uint8_t want[LVPN_SID_SIZE];
	uint32_t slot;
	int ok = 0, rc;

	if (!c->slot_len)
		return LVPN_ERR_INVAL;
	slot = slot_of(c, now);
	/* the current slot and the two before; never a future one */
	for (uint32_t back = 0; back <= 2 && back <= slot; back++) {
		if ((rc = mac(c, slot - back, addr, addr_len, client_sid, want)))
			return rc;
		ok |= !lvpn_ct_differ(want, cookie, LVPN_SID_SIZE);
	}
	return ok ? 0 : LVPN_ERR_AUTH;
}

int lvpn_cookie_check_first(const struct lvpn_ctrl_pkt *p)
{
	if (p->op != LVPN_OP_HARD_RESET_CLIENT_V2 && p->op != LVPN_OP_HARD_RESET_CLIENT_V3)
		return LVPN_ERR_OPCODE;
	if (p->key_id != 0 || p->n_acks != 0 || !p->has_msg_id || p->msg_id != 0)
		return LVPN_ERR_MALFORMED;
	return 0;
}

int lvpn_cookie_reply(struct lvpn_cookie *c, uint64_t now, const uint8_t *addr, size_t addr_len,
                      const struct lvpn_ctrl_pkt *first, uint32_t first_replay_id, uint8_t *out,
                      size_t cap, size_t *len)
{
	struct lvpn_ctrl_pkt r;
	uint8_t cookie[LVPN_SID_SIZE], tlv[6];
	size_t tlv_len = 0;
	int rc;

	if ((rc = lvpn_cookie_check_first(first)))
		return rc;
	if ((rc = lvpn_cookie_make(c, now, addr, addr_len, first->sid, cookie)))
		return rc;
	if ((first_replay_id & LVPN_EARLY_NEG_MASK) == LVPN_EARLY_NEG_START &&
	    (rc = lvpn_tlv_write_early_neg(tlv, sizeof(tlv), LVPN_EARLY_NEG_FLAG_RESEND_WKC,
	                                   &tlv_len)))
		return rc;
	memset(&r, 0, sizeof(r));
	r.op = LVPN_OP_HARD_RESET_SERVER_V2;
	r.sid = cookie;
	r.n_acks = 1;
	r.acks[0] = 0;
	r.ack_sid = first->sid;
	r.has_msg_id = 1;
	r.msg_id = 0;
	r.payload = tlv;
	r.payload_len = tlv_len;
	return lvpn_pkt_write(&r, out, cap, len);
}

int lvpn_cookie_check_third(struct lvpn_cookie *c, uint64_t now, const uint8_t *addr,
                            size_t addr_len, const struct lvpn_ctrl_pkt *p)
{
	if (p->op != LVPN_OP_ACK_V1 && p->op != LVPN_OP_CONTROL_V1 &&
	    p->op != LVPN_OP_CONTROL_WKC_V1)
		return LVPN_ERR_OPCODE;
	if (p->key_id != 0 || p->n_acks == 0 || !p->ack_sid)
		return LVPN_ERR_MALFORMED;
	for (unsigned i = 0; i < p->n_acks; i++)
		if (p->acks[i] > 1)
			return LVPN_ERR_MALFORMED;
	if (p->has_msg_id && p->msg_id > 1)
		return LVPN_ERR_MALFORMED;
	return lvpn_cookie_verify(c, now, addr, addr_len, p->sid, p->ack_sid);
}

#define FIRST_MAX 2048

/* Unwraps a copy of the packet statelessly into the plain layout. */
static int unwrap(struct lvpn_cookie_srv *cs, uint64_t now, struct lvpn_buf *b,
                  struct lvpn_cookie_admit *ad, uint32_t *replay_id)
{
	if (cs->v2)
		return lvpn_tcv2_open_first(cs->v2, cs->wrap, b, LVPN_WRAP_NO_REPLAY, now,
		                            &ad->meta, replay_id);
	*replay_id = 0;
	if (cs->wrap->mode == LVPN_WRAP_NONE)
		return 0;
	return lvpn_wrap_open(cs->wrap, b, LVPN_WRAP_NO_REPLAY, now, replay_id);
}

static int reply(struct lvpn_cookie_srv *cs, uint64_t now, const uint8_t *addr, size_t addr_len,
                 const struct lvpn_ctrl_pkt *first, uint32_t first_id, uint8_t *out, size_t cap,
                 size_t *out_len)
{
	size_t head = lvpn_wrap_headroom(cs->wrap), plain;
	struct lvpn_buf b;
	int rc;

	if (cap < head + 64 || cap > UINT32_MAX)
		return LVPN_ERR_BUFSIZE;
	rc = lvpn_cookie_reply(&cs->ck, now, addr, addr_len, first, first_id, out + head,
	                       cap - head, &plain);
	if (rc)
		return rc;
	lvpn_buf_init(&b, out, (uint32_t)cap);
	b.head = (uint32_t)head;
	b.len = (uint32_t)plain;
	if (cs->wrap->mode != LVPN_WRAP_NONE) {
		/* a fresh counter for every reply: it carries id 1 and time now */
		lvpn_wrap_set_send_id(cs->wrap, LVPN_COOKIE_REPLY_ID - 1);
		cs->wrap->send_time = 0;
		rc = lvpn_wrap_seal(cs->wrap, &b, now);
		if (rc)
			return rc;
	}
	memmove(out, lvpn_buf_data(&b), b.len);
	*out_len = b.len;
	return 0;
}

int lvpn_cookie_input(struct lvpn_cookie_srv *cs, uint64_t now, const uint8_t *addr,
                      size_t addr_len, const uint8_t *pkt, size_t len, uint8_t *out, size_t cap,
                      size_t *out_len, enum lvpn_cookie_verdict *verdict,
                      struct lvpn_cookie_admit *ad)
{
	uint8_t tmp[FIRST_MAX];
	struct lvpn_ctrl_pkt p;
	struct lvpn_buf b;
	uint32_t id = 0;
	int rc;

	*out_len = 0;
	*verdict = 0;
	memset(ad, 0, sizeof(*ad));
	if (len > sizeof(tmp))
		return LVPN_ERR_TOO_BIG;
	if (len == 0)
		return LVPN_ERR_TRUNCATED;
	memcpy(tmp, pkt, len);
	lvpn_buf_init(&b, tmp, sizeof(tmp));
	b.len = (uint32_t)len;
	if ((rc = unwrap(cs, now, &b, ad, &id)) ||
	    (rc = lvpn_pkt_parse(lvpn_buf_data(&b), b.len, &p)))
		goto out;
	if (lvpn_cookie_check_first(&p) == 0) {
		if (cs->v2 && (id & LVPN_EARLY_NEG_MASK) != LVPN_EARLY_NEG_START) {
			/* an old tls-crypt-v2 client cannot do the cookie */
			rc = cs->allow_noncookie ? 0 : LVPN_ERR_UNSUPPORTED;
			if (rc == 0) {
				memcpy(ad->kc, cs->wrap->key, LVPN_KEY2_LEN);
				*verdict = LVPN_COOKIE_OLD;
			}
			goto out;
		}
		rc = reply(cs, now, addr, addr_len, &p, id, out, cap, out_len);
		if (rc == 0)
			*verdict = LVPN_COOKIE_REPLY;
		goto out;
	}
	rc = lvpn_cookie_check_third(&cs->ck, now, addr, addr_len, &p);
	if (rc)
		goto out;
	memcpy(ad->sc.client_sid, p.sid, LVPN_SID_SIZE);
	memcpy(ad->sc.cookie, p.ack_sid, LVPN_SID_SIZE);
	ad->sc.reply_id = LVPN_COOKIE_REPLY_ID;
	if (cs->v2)
		memcpy(ad->kc, cs->wrap->key, LVPN_KEY2_LEN);
	*verdict = LVPN_COOKIE_ADMIT;
out:
	lvpn_wipe(tmp, sizeof(tmp));
	if (rc)
		lvpn_wipe(ad, sizeof(*ad));
	return rc;
}

int lvpn_ratelim_init(struct lvpn_ratelim *rl, uint32_t n, uint32_t per_s, uint64_t now_ms)
{
	memset(rl, 0, sizeof(*rl));
	if (!n || !per_s || per_s > 86400)
		return LVPN_ERR_INVAL;
	rl->n = n;
	rl->per_ms = per_s * 1000u;
	rl->cap = (uint64_t)n * rl->per_ms;
	rl->tokens = rl->cap;
	rl->last_ms = now_ms;
	return 0;
}

int lvpn_ratelim_take(struct lvpn_ratelim *rl, uint64_t now_ms)
{
	if (now_ms > rl->last_ms) {
		uint64_t dt = now_ms - rl->last_ms, add;

		/* n tokens per per_ms: a whole period refills the bucket */
		add = dt >= rl->per_ms ? rl->cap : dt * rl->n;
		rl->tokens = add >= rl->cap - rl->tokens ? rl->cap : rl->tokens + add;
		rl->last_ms = now_ms;
	}
	if (rl->tokens < rl->per_ms) {
		rl->dropped++;
		return LVPN_ERR_RATE_LIMIT;
	}
	rl->tokens -= rl->per_ms;
	return 0;
}

void lvpn_ratelim_refund(struct lvpn_ratelim *rl)
{
	rl->tokens = rl->cap - rl->tokens < rl->per_ms ? rl->cap : rl->tokens + rl->per_ms;
}

uint32_t lvpn_ratelim_dropped(struct lvpn_ratelim *rl)
{
	uint32_t d = rl->dropped;

	rl->dropped = 0;
	return d;
}
