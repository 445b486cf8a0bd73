/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --auth-gen-token: session tokens in OpenVPN 2.6's format
 * (auth_token.c), so a token from either server is understood by the
 * other when they share --auth-gen-token-secret:
 *
 *   "SESS_ID_AT_" base64( sessid[12] | initial_ts be64 | ts be64 |
 *                         HMAC-SHA256(key, username | the 28 bytes before) )
 *
 * 60 raw bytes, 80 base64 characters (no padding), 91 in all.  The key is
 * bytes 64..95 of the "OpenVPN auth-token server key" PEM block (the HMAC
 * half of OpenVPN's struct key, SHA256 length), or random per run.  A
 * token is accepted while now < ts + 2 * renegotiation time and, with a
 * lifetime, now <= initial_ts + lifetime; a reconnecting client keeps its
 * session id and initial time. */
#include "src/server_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/hmac.h"
#include "crypto/keyfile.h"
#include "crypto/random.h"
#include "src/fileio.h"

#define PFX      "SESS_ID_AT_"
#define PFX_LEN  (sizeof(PFX) - 1)
#define SID_LEN  12
#define DATA_LEN (SID_LEN + 8 + 8 + 32)
#define B64_LEN  (DATA_LEN / 3 * 4)

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void b64_enc(const uint8_t *in, size_t n, char *out)
{
	for (size_t i = 0; i + 3 <= n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];

		*out++ = b64[v >> 18 & 63];
		*out++ = b64[v >> 12 & 63];
		*out++ = b64[v >> 6 & 63];
		*out++ = b64[v & 63];
	}
	*out = '\0';
}

static int b64_val(char c)
{
	const char *p = c ? strchr(b64, c) : NULL;

	return p ? (int)(p - b64) : -1;
}

/* Decodes exactly n/4*3 bytes from n characters (no padding).  -1: bad. */
static int b64_dec(const char *in, size_t n, uint8_t *out)
{
	for (size_t i = 0; i < n; i += 4) {
		uint32_t v = 0;

		for (int k = 0; k < 4; k++) {
			int d = b64_val(in[i + k]);

			if (d < 0)
				return -1;
			v = v << 6 | (uint32_t)d;
		}
		*out++ = (uint8_t)(v >> 16);
		*out++ = (uint8_t)(v >> 8);
		*out++ = (uint8_t)v;
	}
	return 0;
}

static void be64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static int mac(struct server *sv, const char *user, const uint8_t *data, uint8_t out[32])
{
	struct lvpn_hmac h = {0};
	int rc = lvpn_hmac_init(&h, "SHA256", sv->token_key, sizeof(sv->token_key));

	if (rc == 0)
		rc = lvpn_hmac_start(&h);
	if (rc == 0)
		rc = lvpn_hmac_update(&h, user, strlen(user));
	if (rc == 0)
		rc = lvpn_hmac_update(&h, data, DATA_LEN - 32);
	if (rc == 0)
		rc = lvpn_hmac_final(&h, out);
	lvpn_hmac_free(&h);
	return rc;
}

int srv_token_setup(struct server *sv)
{
	const struct lvpn_blob *b = &sv->o->auth_gen_token_secret;
	const struct lvpn_config_ops *ops = lvpn_fileio_ops();
	uint8_t key[256];
	char err[256], *text = NULL;
	size_t len = 0, klen = 0;
	int rc;

	if (!sv->o->auth_gen_token)
		return 0;
	if (!b->data)
		return lvpn_random(sv->token_key, sizeof(sv->token_key)) ? -1 : 0;
	if (b->is_inline) {
		rc = lvpn_pem_decode(b->data, strlen(b->data), "OpenVPN auth-token server key", key,
		                     sizeof(key), &klen);
	} else if (ops->read_file(ops->ctx, b->data, &text, &len, err, sizeof(err)) == 0) {
		rc = lvpn_pem_decode(text, len, "OpenVPN auth-token server key", key, sizeof(key),
		                     &klen);
		lvpn_wipe(text, len);
		free(text);
	} else {
		rc = -1;
	}
	if (rc || klen < 96) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "ERROR: Cannot load auth-token secret %s", b->data);
		lvpn_wipe(key, sizeof(key));
		return -1;
	}
	memcpy(sv->token_key, key + 64, sizeof(sv->token_key));
	lvpn_wipe(key, sizeof(key));
	return 0;
}

int srv_token_is(const char *pass)
{
	return strlen(pass) == PFX_LEN + B64_LEN && strncmp(pass, PFX, PFX_LEN) == 0;
}

static uint64_t renewal(const struct server *sv)
{
	return sv->o->reneg_sec > 0 ? (uint64_t)sv->o->reneg_sec : 3600;
}

int srv_token_verify(struct server *sv, int slot, const char *user, const char *pass,
                     const char **reason)
{
	struct sclient *c = &sv->cl[slot];
	uint8_t d[DATA_LEN + 2], m[32];
	uint64_t now = (uint64_t)time(NULL), ts, ts0;

	if (!srv_token_is(pass) || b64_dec(pass + PFX_LEN, B64_LEN, d) || mac(sv, user, d, m) ||
	    lvpn_ct_differ(m, d + DATA_LEN - 32, 32)) {
		LVPN_LOG(sv->lg, LVPN_LOG_WARN,
		         "--auth-gen-token: HMAC on token from client failed (%s)", user);
		return -1;
	}
	ts0 = rd64(d + SID_LEN);
	ts = rd64(d + SID_LEN + 8);
	if (now < ts || now >= ts + 2 * renewal(sv) || ts < ts0 ||
	    (sv->o->auth_gen_token_lifetime > 0 &&
	     now > ts0 + (uint64_t)sv->o->auth_gen_token_lifetime)) {
		LVPN_LOG(sv->lg, LVPN_LOG_INFO, "--auth-gen-token: auth-token from client expired");
		*reason = "SESSION: token expired";
		return -1;
	}
	/* the new token keeps the session id and the initial time */
	memcpy(c->tok_sid, d, SID_LEN);
	c->tok_t0 = ts0;
	c->tok_have = 1;
	return 0;
}

int srv_token_make(struct server *sv, int slot, char *out, size_t cap)
{
	struct sclient *c = &sv->cl[slot];
	uint8_t d[DATA_LEN];
	uint64_t now = (uint64_t)time(NULL);

	if (cap < PFX_LEN + B64_LEN + 1)
		return -1;
	if (!c->tok_have) {
		if (lvpn_random(c->tok_sid, SID_LEN))
			return -1;
		c->tok_t0 = now;
		c->tok_have = 1;
	}
	memcpy(d, c->tok_sid, SID_LEN);
	be64(d + SID_LEN, c->tok_t0);
	be64(d + SID_LEN + 8, now);
	if (mac(sv, c->user, d, d + DATA_LEN - 32))
		return -1;
	memcpy(out, PFX, PFX_LEN);
	b64_enc(d, DATA_LEN, out + PFX_LEN);
	return 0;
}
