/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - CBC + HMAC data channel (and cipher none), in place.
 *
 * [hdr] HMAC(iv || ct) iv ct, ct = E_CBC(packet_id || payload || PKCS#7 pad).
 * With cipher none: [hdr] HMAC(packet_id || payload) packet_id payload.
 * Without a packet id (static key with --no-replay) the same, minus the id.
 * Encrypt-then-MAC: the HMAC is verified before anything is decrypted.
 * The IV comes from the key's own CTR-DRBG (crypto/dc.h).
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1 /* low-level SHA: see crypto/dc.h */

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "crypto/dc_impl.h"
#include "crypto/sha_int.h"
#include "base/wipe.h"

/* The SHA states: crypto/sha_int.h (enum lvpn_dc_auth's SHA values are
 * enum lvpn_sha's). */
_Static_assert((int)LVPN_DC_SHA1 == (int)LVPN_SHA1 && (int)LVPN_DC_SHA256 == (int)LVPN_SHA256 &&
                   (int)LVPN_DC_SHA512 == (int)LVPN_SHA512,
               "enum lvpn_dc_auth and enum lvpn_sha disagree");
_Static_assert(sizeof(union lvpn_sha_state) <= sizeof(((struct lvpn_dc_hmac *)0)->inner),
               "lvpn_dc_hmac too small for SHA512_CTX");

/* The HMAC key is the first digest-length bytes of the key's hmac half
 * (b.4), always shorter than the block, so it is used as is (RFC 2104). */
void lvpn_dc_hmac_setup(struct lvpn_dc_hmac *h, enum lvpn_dc_auth a, const uint8_t *key)
{
	union lvpn_sha_state in, out;

	lvpn_sha_hmac_pads((enum lvpn_sha)a, key, lvpn_sha_len((enum lvpn_sha)a), &in, &out);
	memcpy(h->inner, &in, sizeof(in));
	memcpy(h->outer, &out, sizeof(out));
	lvpn_wipe(&in, sizeof(in));
	lvpn_wipe(&out, sizeof(out));
}

void lvpn_dc_hmac_calc(const struct lvpn_dc_hmac *h, enum lvpn_dc_auth a, const uint8_t *p1,
                       size_t n1, const uint8_t *p2, size_t n2, uint8_t *out)
{
	enum lvpn_sha sha = (enum lvpn_sha)a;
	union lvpn_sha_state s;
	uint8_t inner[64];

	memcpy(&s, h->inner, sizeof(s));
	lvpn_sha_update(&s, sha, p1, n1);
	if (n2)
		lvpn_sha_update(&s, sha, p2, n2);
	lvpn_sha_final(&s, sha, inner);
	memcpy(&s, h->outer, sizeof(s));
	lvpn_sha_update(&s, sha, inner, lvpn_sha_len(sha));
	lvpn_sha_final(&s, sha, out);
}

int lvpn_dc_cbc_seal(struct lvpn_dc_key *k, struct lvpn_buf *b, const uint32_t *packet_id,
                     const uint8_t *hdr, uint32_t hdr_len)
{
	const uint32_t idl = packet_id ? LVPN_DC_PID_LEN : 0;
	const uint32_t pre = hdr_len + k->hmac_len + k->iv_len + idl;
	uint32_t pad = 0, body;
	uint8_t *p, *iv, *ct;
	int outl;

	if (k->block)
		pad = k->block - (idl + b->len) % k->block;
	if (lvpn_buf_headroom(b) < pre || lvpn_buf_tailroom(b) < pad)
		return LVPN_ERR_BUFSIZE;
	if (pad) {
		if (lvpn_buf_append(b, pad, &p))
			return LVPN_ERR_BUFSIZE;
		memset(p, (int)pad, pad);
	}
	if (lvpn_buf_prepend(b, idl, &ct))
		return LVPN_ERR_BUFSIZE;
	if (packet_id)
		lvpn_put_be32(ct, *packet_id);
	body = b->len;
	if (k->iv_len) {
		if (lvpn_buf_prepend(b, k->iv_len, &iv))
			return LVPN_ERR_BUFSIZE;
		if (EVP_RAND_generate(k->tx.rng, iv, k->iv_len, 0, 0, NULL, 0) != 1)
			goto fail;
		if (!EVP_EncryptInit_ex(k->tx.ctx, NULL, NULL, NULL, iv) ||
		    !EVP_EncryptUpdate(k->tx.ctx, ct, &outl, ct, (int)body) ||
		    (uint32_t)outl != body)
			goto fail;
	}
	if (k->hmac_len) {
		if (lvpn_buf_prepend(b, k->hmac_len, &p))
			return LVPN_ERR_BUFSIZE;
		lvpn_dc_hmac_calc(&k->tx.hmac, (enum lvpn_dc_auth)k->auth, p + k->hmac_len,
		                  k->iv_len + body, NULL, 0, p);
	}
	if (hdr_len) {
		if (lvpn_buf_prepend(b, hdr_len, &p))
			return LVPN_ERR_BUFSIZE;
		memcpy(p, hdr, hdr_len);
	}
	return 0;
fail:
	b->head += k->iv_len + idl;
	b->len -= k->iv_len + idl + pad;
	return LVPN_ERR_CRYPTO;
}

int lvpn_dc_cbc_open(struct lvpn_dc_key *k, struct lvpn_buf *b, uint32_t hdr_len,
                     uint32_t *packet_id)
{
	const uint32_t idl = packet_id ? LVPN_DC_PID_LEN : 0;
	uint8_t *p = lvpn_buf_data(b), *mac, *iv, *ct, calc[64];
	uint32_t body, pad = 0;
	int outl;

	if (b->len < hdr_len + k->hmac_len + k->iv_len)
		return LVPN_ERR_TRUNCATED;
	mac = p + hdr_len;
	iv = mac + k->hmac_len;
	ct = iv + k->iv_len;
	body = b->len - (hdr_len + k->hmac_len + k->iv_len);
	if (body < (k->block ? k->block : idl))
		return LVPN_ERR_TRUNCATED;
	if (k->block && body % k->block)
		return LVPN_ERR_MALFORMED;
	if (k->hmac_len) {
		lvpn_dc_hmac_calc(&k->rx.hmac, (enum lvpn_dc_auth)k->auth, iv, k->iv_len + body,
		                  NULL, 0, calc);
		if (CRYPTO_memcmp(calc, mac, k->hmac_len) != 0)
			return LVPN_ERR_AUTH;
	}
	if (k->iv_len) {
		if (!EVP_DecryptInit_ex(k->rx.ctx, NULL, NULL, NULL, iv) ||
		    !EVP_DecryptUpdate(k->rx.ctx, ct, &outl, ct, (int)body) ||
		    (uint32_t)outl != body)
			return LVPN_ERR_CRYPTO;
		pad = ct[body - 1];
		if (pad == 0 || pad > k->block || pad > body - idl)
			return LVPN_ERR_MALFORMED;
		for (uint32_t i = 1; i < pad; i++)
			if (ct[body - 1 - i] != pad)
				return LVPN_ERR_MALFORMED;
	}
	if (packet_id)
		*packet_id = lvpn_get_be32(ct);
	b->head += (uint32_t)(ct - p) + idl;
	b->len = body - pad - idl;
	return 0;
}
