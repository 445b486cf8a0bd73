/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - control-channel protection (see wrap.h). */
#include "proto/wrap.h"

#include <string.h>

#include "base/wipe.h"

#define HDR 9 /* op|kid, sid */

/* struct key2 = keys[2] of { cipher[64], hmac[64] } */
static const uint8_t *cipher_half(const uint8_t *key2, int k)
{
	return key2 + k * LVPN_KEY_LEN;
}

static const uint8_t *hmac_half(const uint8_t *key2, int k)
{
	return key2 + k * LVPN_KEY_LEN + LVPN_KEY_CIPHER_LEN;
}

/* Which of keys[0], keys[1] each direction uses (b.4). */
static int dir_keys(int dir, int *send, int *recv)
{
	switch (dir) {
	case LVPN_KEY_DIR_BIDI:
		*send = 0;
		*recv = 0;
		return 0;
	case LVPN_KEY_DIR_NORMAL:
		*send = 0;
		*recv = 1;
		return 0;
	case LVPN_KEY_DIR_INVERSE:
		*send = 1;
		*recv = 0;
		return 0;
	}
	return LVPN_ERR_INVAL;
}

static int keyctx_init(struct lvpn_ctlkey *k, int mode, const char *digest, size_t hmac_len,
                       const uint8_t *key2, int idx)
{
	return lvpn_ctlkey_init(k, digest, hmac_half(key2, idx), hmac_len,
	                        mode == LVPN_WRAP_CRYPT ? cipher_half(key2, idx) : NULL);
}

void lvpn_wrap_free(struct lvpn_wrap *w)
{
	lvpn_ctlkey_free(&w->send);
	lvpn_ctlkey_free(&w->recv);
	lvpn_replay_free(&w->replay);
	lvpn_wipe(w, sizeof(*w));
}

int lvpn_wrap_init(struct lvpn_wrap *w, int mode, const uint8_t *key2, int dir, const char *digest,
                   uint32_t replay_window, uint32_t replay_time)
{
	int s, r, rc;

	memset(w, 0, sizeof(*w));
	if (mode != LVPN_WRAP_NONE && mode != LVPN_WRAP_AUTH && mode != LVPN_WRAP_CRYPT)
		return LVPN_ERR_INVAL;
	w->mode = mode;
	if (mode == LVPN_WRAP_NONE)
		return 0;
	if (!key2 || dir_keys(dir, &s, &r))
		return LVPN_ERR_INVAL;
	if (mode == LVPN_WRAP_CRYPT)
		digest = "SHA256";
	else if (!digest)
		digest = "SHA1";
	if ((rc = lvpn_replay_init(&w->replay, replay_window, replay_time)))
		goto fail;
	/* the HMAC key is the digest's length of the hmac half (b.4) */
	if ((rc = lvpn_hmac_digest_size(digest)) < 0)
		goto fail;
	w->hmac_len = (size_t)rc;
	if ((rc = keyctx_init(&w->send, mode, digest, w->hmac_len, key2, s)) ||
	    (rc = keyctx_init(&w->recv, mode, digest, w->hmac_len, key2, r)))
		goto fail;
	memcpy(w->key, key2, LVPN_KEY2_LEN);
	return 0;
fail:
	lvpn_wrap_free(w);
	return rc;
}

static void replay_reset(struct lvpn_replay *r)
{
	if (r->seen)
		memset(r->seen, 0, r->window * sizeof(*r->seen));
	r->head = 0;
	r->max_id = 0;
	r->max_time = 0;
	r->last_reap = 0;
}

int lvpn_wrap_rekey(struct lvpn_wrap *w, const uint8_t key2[LVPN_KEY2_LEN], int dir)
{
	int s, r, rc;

	if (w->mode == LVPN_WRAP_NONE)
		return LVPN_ERR_STATE;
	if (dir_keys(dir, &s, &r))
		return LVPN_ERR_INVAL;
	if ((rc = lvpn_ctlkey_rekey(&w->send, hmac_half(key2, s), w->hmac_len,
	                            cipher_half(key2, s))) ||
	    (rc = lvpn_ctlkey_rekey(&w->recv, hmac_half(key2, r), w->hmac_len,
	                            cipher_half(key2, r))))
		return rc;
	memcpy(w->key, key2, LVPN_KEY2_LEN);
	w->send_id = 0;
	w->send_time = 0;
	replay_reset(&w->replay);
	return 0;
}

int lvpn_wrap_init_dyn(struct lvpn_wrap *w, const struct lvpn_wrap *base,
                       const uint8_t ekm[LVPN_KEY2_LEN], int dir, uint32_t replay_window,
                       uint32_t replay_time)
{
	uint8_t k[LVPN_KEY2_LEN];
	int rc;

	for (size_t i = 0; i < LVPN_KEY2_LEN; i++)
		k[i] = base->mode == LVPN_WRAP_NONE ? ekm[i] : (uint8_t)(ekm[i] ^ base->key[i]);
	rc = lvpn_wrap_init(w, LVPN_WRAP_CRYPT, k, dir, NULL, replay_window, replay_time);
	lvpn_wipe(k, sizeof(k));
	return rc;
}

int lvpn_wrap_set_wkc(struct lvpn_wrap *w, const uint8_t *wkc, size_t len)
{
	if (w->mode != LVPN_WRAP_CRYPT || len > sizeof(w->wkc))
		return LVPN_ERR_INVAL;
	memcpy(w->wkc, wkc, len);
	w->wkc_len = len;
	return 0;
}

void lvpn_wrap_set_send_id(struct lvpn_wrap *w, uint32_t id)
{
	w->send_id = id;
}

size_t lvpn_wrap_headroom(const struct lvpn_wrap *w)
{
	switch (w->mode) {
	case LVPN_WRAP_AUTH:
		return w->hmac_len + LVPN_PID_LONG_SIZE;
	case LVPN_WRAP_CRYPT:
		return LVPN_TLS_CRYPT_OVERHEAD;
	}
	return 0;
}

size_t lvpn_wrap_tailroom(const struct lvpn_wrap *w)
{
	return w->wkc_len;
}

/* Next long-form replay id; the time is fixed at the first packet and
 * moves on only when the id wraps (as OpenVPN's packet_id_send_update). */
static int next_pid(struct lvpn_wrap *w, uint64_t now, uint8_t out[8])
{
	if (w->send_time == 0)
		w->send_time = (uint32_t)now;
	if (w->send_id == UINT32_MAX) {
		if ((uint32_t)now <= w->send_time)
			return LVPN_ERR_EXHAUSTED;
		w->send_time = (uint32_t)now;
		w->send_id = 0;
	}
	w->send_id++;
	lvpn_put_be32(out, w->send_id);
	lvpn_put_be32(out + 4, w->send_time);
	return 0;
}

static int seal_auth(struct lvpn_wrap *w, uint8_t *p, size_t len)
{
	/* p: op sid [H] pid(8) rest; HMAC over pid op sid rest */
	size_t h = w->hmac_len;
	uint8_t mac[LVPN_HMAC_OUT_MAX];
	int rc;

	if ((rc = lvpn_hmac_start(&w->send.hmac)) ||
	    (rc = lvpn_hmac_update(&w->send.hmac, p + HDR + h, 8)) ||
	    (rc = lvpn_hmac_update(&w->send.hmac, p, HDR)) ||
	    (rc = lvpn_hmac_update(&w->send.hmac, p + HDR + h + 8, len - HDR - h - 8)) ||
	    (rc = lvpn_hmac_final(&w->send.hmac, mac)))
		return rc;
	memcpy(p + HDR, mac, h);
	return 0;
}

static int seal_crypt(struct lvpn_wrap *w, uint8_t *p, size_t len)
{
	uint8_t *tag = p + LVPN_TLS_CRYPT_OFF_TAG;
	int rc;

	if ((rc = lvpn_hmac_start(&w->send.hmac)) ||
	    (rc = lvpn_hmac_update(&w->send.hmac, p, LVPN_TLS_CRYPT_OFF_TAG)) ||
	    (rc = lvpn_hmac_update(&w->send.hmac, p + LVPN_TLS_CRYPT_OFF_CT,
	                           len - LVPN_TLS_CRYPT_OFF_CT)) ||
	    (rc = lvpn_hmac_final(&w->send.hmac, tag)))
		return rc;
	return lvpn_ctlkey_ctr(&w->send, tag, p + LVPN_TLS_CRYPT_OFF_CT, p + LVPN_TLS_CRYPT_OFF_CT,
	                       len - LVPN_TLS_CRYPT_OFF_CT);
}

int lvpn_wrap_seal(struct lvpn_wrap *w, struct lvpn_buf *b, uint64_t now)
{
	size_t over = lvpn_wrap_headroom(w);
	unsigned op;
	int wkc, rc;
	uint8_t *p, *t;

	if (w->mode == LVPN_WRAP_NONE)
		return 0;
	if (b->len < HDR)
		return LVPN_ERR_TRUNCATED;
	op = lvpn_op_of(lvpn_buf_data(b)[0]);
	wkc = w->wkc_len && (op == LVPN_OP_HARD_RESET_CLIENT_V3 || op == LVPN_OP_CONTROL_WKC_V1);
	if (lvpn_buf_headroom(b) < over || (wkc && lvpn_buf_tailroom(b) < w->wkc_len))
		return LVPN_ERR_BUFSIZE;
	if (w->send_id == UINT32_MAX && (uint32_t)now <= w->send_time)
		return LVPN_ERR_EXHAUSTED;
	if ((rc = lvpn_buf_prepend(b, (uint32_t)over, &p)))
		return rc;
	memmove(p, p + over, HDR);
	if (w->mode == LVPN_WRAP_AUTH) {
		if ((rc = next_pid(w, now, p + HDR + w->hmac_len)))
			return rc;
		rc = seal_auth(w, p, b->len);
	} else {
		if ((rc = next_pid(w, now, p + LVPN_TLS_CRYPT_OFF_PID)))
			return rc;
		rc = seal_crypt(w, p, b->len);
	}
	if (rc)
		return rc;
	if (wkc) {
		if ((rc = lvpn_buf_append(b, (uint32_t)w->wkc_len, &t)))
			return rc;
		memcpy(t, w->wkc, w->wkc_len);
	}
	return 0;
}

static int open_auth(struct lvpn_wrap *w, uint8_t *p, size_t len, uint32_t *id, uint32_t *t)
{
	size_t h = w->hmac_len;
	uint8_t mac[LVPN_HMAC_OUT_MAX];
	int rc;

	if (len < HDR + h + 8)
		return LVPN_ERR_TRUNCATED;
	if ((rc = lvpn_hmac_start(&w->recv.hmac)) ||
	    (rc = lvpn_hmac_update(&w->recv.hmac, p + HDR + h, 8)) ||
	    (rc = lvpn_hmac_update(&w->recv.hmac, p, HDR)) ||
	    (rc = lvpn_hmac_update(&w->recv.hmac, p + HDR + h + 8, len - HDR - h - 8)) ||
	    (rc = lvpn_hmac_final(&w->recv.hmac, mac)))
		return rc;
	if (lvpn_ct_differ(mac, p + HDR, h))
		return LVPN_ERR_AUTH;
	*id = lvpn_get_be32(p + HDR + h);
	*t = lvpn_get_be32(p + HDR + h + 4);
	return 0;
}

static int open_crypt(struct lvpn_wrap *w, uint8_t *p, size_t len, uint32_t *id, uint32_t *t)
{
	uint8_t tag[LVPN_HMAC_OUT_MAX];
	int rc;

	if (len < LVPN_TLS_CRYPT_OFF_CT)
		return LVPN_ERR_TRUNCATED;
	/* decrypt, then verify the tag over header || plaintext (b.3) */
	if ((rc = lvpn_ctlkey_ctr(&w->recv, p + LVPN_TLS_CRYPT_OFF_TAG, p + LVPN_TLS_CRYPT_OFF_CT,
	                          p + LVPN_TLS_CRYPT_OFF_CT, len - LVPN_TLS_CRYPT_OFF_CT)))
		return rc;
	if ((rc = lvpn_hmac_start(&w->recv.hmac)) ||
	    (rc = lvpn_hmac_update(&w->recv.hmac, p, LVPN_TLS_CRYPT_OFF_TAG)) ||
	    (rc = lvpn_hmac_update(&w->recv.hmac, p + LVPN_TLS_CRYPT_OFF_CT,
	                           len - LVPN_TLS_CRYPT_OFF_CT)) ||
	    (rc = lvpn_hmac_final(&w->recv.hmac, tag)))
		return rc;
	if (lvpn_ct_differ(tag, p + LVPN_TLS_CRYPT_OFF_TAG, LVPN_TLS_CRYPT_TAG_SIZE))
		return LVPN_ERR_AUTH;
	*id = lvpn_get_be32(p + LVPN_TLS_CRYPT_OFF_PID);
	*t = lvpn_get_be32(p + LVPN_TLS_CRYPT_OFF_PID + 4);
	return 0;
}

int lvpn_wrap_open(struct lvpn_wrap *w, struct lvpn_buf *b, unsigned flags, uint64_t now,
                   uint32_t *replay_id)
{
	size_t over = lvpn_wrap_headroom(w);
	uint8_t *p = lvpn_buf_data(b);
	uint32_t id = 0, t = 0;
	int rc;

	if (replay_id)
		*replay_id = 0;
	if (w->mode == LVPN_WRAP_NONE)
		return b->len < HDR ? LVPN_ERR_TRUNCATED : 0;
	if (w->mode == LVPN_WRAP_AUTH)
		rc = open_auth(w, p, b->len, &id, &t);
	else
		rc = open_crypt(w, p, b->len, &id, &t);
	if (rc)
		return rc;
	if (!(flags & LVPN_WRAP_NO_REPLAY)) {
		if ((rc = lvpn_replay_check(&w->replay, id, t)))
			return rc;
		if ((rc = lvpn_replay_update(&w->replay, id, t, now)))
			return rc;
	}
	memmove(p + over, p, HDR);
	if (replay_id)
		*replay_id = id;
	return lvpn_buf_pull(b, (uint32_t)over, NULL);
}

/* --- tls-crypt-v2: the WKc trailer and the server's first packet --- */

int lvpn_tcv2_strip_wkc(struct lvpn_buf *b, const uint8_t **wkc, size_t *wkc_len)
{
	const uint8_t *p = lvpn_buf_data(b);
	unsigned op;
	size_t len;

	if (b->len < 1)
		return LVPN_ERR_TRUNCATED;
	op = lvpn_op_of(p[0]);
	if (op != LVPN_OP_HARD_RESET_CLIENT_V3 && op != LVPN_OP_CONTROL_WKC_V1)
		return LVPN_ERR_OPCODE;
	if (b->len < 1 + 2)
		return LVPN_ERR_TRUNCATED;
	/* the length covers the WKc only; never the opcode byte in front */
	len = lvpn_get_be16(p + b->len - 2);
	if (len < LVPN_TCV2_WKC_MIN + 1 || len > LVPN_TCV2_WKC_MAX)
		return LVPN_ERR_MALFORMED;
	if (len > b->len - 1)
		return LVPN_ERR_TRUNCATED;
	*wkc = p + b->len - len;
	*wkc_len = len;
	b->len -= (uint32_t)len;
	return 0;
}

int lvpn_tcv2_open_first(struct lvpn_tcv2_server *s, struct lvpn_wrap *w, struct lvpn_buf *b,
                         unsigned flags, uint64_t now, struct lvpn_tcv2_meta *meta,
                         uint32_t *replay_id)
{
	uint8_t kc[LVPN_TCV2_KC_LEN];
	const uint8_t *wkc;
	size_t wkc_len;
	uint32_t saved = b->len;
	int rc;

	if (w->mode != LVPN_WRAP_CRYPT)
		return LVPN_ERR_STATE;
	if ((rc = lvpn_tcv2_strip_wkc(b, &wkc, &wkc_len)))
		return rc;
	if ((rc = lvpn_tcv2_unwrap_key(s, wkc, wkc_len, kc, meta)))
		goto fail;
	rc = lvpn_wrap_rekey(w, kc, LVPN_KEY_DIR_NORMAL);
	lvpn_wipe(kc, sizeof(kc));
	if (rc)
		goto fail;
	if ((rc = lvpn_wrap_open(w, b, flags, now, replay_id)))
		goto fail;
	return 0;
fail:
	b->len = saved;
	return rc;
}
