/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - AEAD data channel (AES-GCM, ChaCha20-Poly1305), in place.
 *
 * [hdr] packet_id(4) tag(16) ciphertext; IV = packet_id || implicit IV;
 * AD = [hdr if V2] || packet_id, which are contiguous on the wire.
 */
#include <openssl/evp.h>

#include "crypto/dc_impl.h"

int lvpn_dc_aead_seal(struct lvpn_dc_key *k, struct lvpn_buf *b, uint32_t packet_id,
                      const uint8_t *hdr, uint32_t hdr_len, int hdr_in_ad)
{
	EVP_CIPHER_CTX *ctx = k->tx.ctx;
	uint8_t *pt = lvpn_buf_data(b), *p;
	int plen = (int)b->len, outl;

	if (lvpn_buf_headroom(b) < hdr_len + LVPN_DC_PID_LEN + LVPN_DC_TAG_LEN)
		return LVPN_ERR_BUFSIZE;
	if (lvpn_buf_prepend(b, hdr_len + LVPN_DC_PID_LEN + LVPN_DC_TAG_LEN, &p))
		return LVPN_ERR_BUFSIZE;
	if (hdr_len)
		memcpy(p, hdr, hdr_len);
	lvpn_put_be32(p + hdr_len, packet_id);
	lvpn_put_be32(k->tx.iv, packet_id);

	if (!EVP_EncryptInit_ex(ctx, NULL, NULL, NULL, k->tx.iv))
		goto fail;
	if (hdr_in_ad) {
		if (!EVP_EncryptUpdate(ctx, NULL, &outl, p, (int)hdr_len + LVPN_DC_PID_LEN))
			goto fail;
	} else if (!EVP_EncryptUpdate(ctx, NULL, &outl, p + hdr_len, LVPN_DC_PID_LEN)) {
		goto fail;
	}
	outl = 0;
	if (plen && !EVP_EncryptUpdate(ctx, pt, &outl, pt, plen))
		goto fail;
	if (!EVP_EncryptFinal_ex(ctx, pt + outl, &outl))
		goto fail;
	if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, LVPN_DC_TAG_LEN,
	                        p + hdr_len + LVPN_DC_PID_LEN) <= 0)
		goto fail;
	return 0;
fail:
	/* give the headroom back so the caller sees b as it was (size-wise) */
	b->head += hdr_len + LVPN_DC_PID_LEN + LVPN_DC_TAG_LEN;
	b->len -= hdr_len + LVPN_DC_PID_LEN + LVPN_DC_TAG_LEN;
	return LVPN_ERR_CRYPTO;
}

int lvpn_dc_aead_open(struct lvpn_dc_key *k, struct lvpn_buf *b, uint32_t hdr_len, int hdr_in_ad,
                      uint32_t *packet_id)
{
	EVP_CIPHER_CTX *ctx = k->rx.ctx;
	const uint32_t pre = hdr_len + LVPN_DC_PID_LEN + LVPN_DC_TAG_LEN;
	uint8_t *p = lvpn_buf_data(b), *ct;
	int clen, outl;

	if (b->len < pre)
		return LVPN_ERR_TRUNCATED;
	ct = p + pre;
	clen = (int)(b->len - pre);
	memcpy(k->rx.iv, p + hdr_len, LVPN_DC_PID_LEN);

	if (!EVP_DecryptInit_ex(ctx, NULL, NULL, NULL, k->rx.iv))
		return LVPN_ERR_CRYPTO;
	if (hdr_in_ad) {
		if (!EVP_DecryptUpdate(ctx, NULL, &outl, p, (int)hdr_len + LVPN_DC_PID_LEN))
			return LVPN_ERR_CRYPTO;
	} else if (!EVP_DecryptUpdate(ctx, NULL, &outl, p + hdr_len, LVPN_DC_PID_LEN)) {
		return LVPN_ERR_CRYPTO;
	}
	outl = 0;
	if (clen && !EVP_DecryptUpdate(ctx, ct, &outl, ct, clen))
		return LVPN_ERR_CRYPTO;
	if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, LVPN_DC_TAG_LEN,
	                        p + hdr_len + LVPN_DC_PID_LEN) <= 0)
		return LVPN_ERR_CRYPTO;
	/* the provider compares the tag in constant time */
	if (EVP_DecryptFinal_ex(ctx, ct + outl, &outl) <= 0)
		return LVPN_ERR_AUTH;
	*packet_id = lvpn_get_be32(p + hdr_len);
	b->head += pre;
	b->len -= pre;
	return 0;
}
