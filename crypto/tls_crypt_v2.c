/* tls-crypt-v2: the server key, WKc wrap/unwrap and the server's first
 * packet (openvpn-protocol.md b.5, OpenVPN doc/tls-crypt-v2.txt). */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "crypto/wrap.h"

#define TAG 32

int lvpn_tcv2_server_init(struct lvpn_tcv2_server *s, const uint8_t key[LVPN_KEY_LEN])
{
	int rc;

	memset(s, 0, sizeof(*s));
	if ((rc = lvpn_hmac_init(&s->hmac, "SHA256", key + LVPN_KEY_CIPHER_LEN, 32)))
		return rc;
	s->cipher = EVP_CIPHER_CTX_new();
	if (!s->cipher) {
		lvpn_tcv2_server_free(s);
		return LVPN_ERR_NOMEM;
	}
	if (!EVP_CipherInit_ex(s->cipher, EVP_aes_256_ctr(), NULL, key, NULL, 1)) {
		lvpn_tcv2_server_free(s);
		return LVPN_ERR_CRYPTO;
	}
	return 0;
}

void lvpn_tcv2_server_free(struct lvpn_tcv2_server *s)
{
	lvpn_hmac_free(&s->hmac);
	EVP_CIPHER_CTX_free(s->cipher);
	s->cipher = NULL;
}

static int ctr(EVP_CIPHER_CTX *c, const uint8_t *iv, const uint8_t *in, uint8_t *out, size_t n)
{
	int outl = 0;

	if (!EVP_CipherInit_ex(c, NULL, NULL, NULL, iv, -1))
		return LVPN_ERR_CRYPTO;
	if (n && (!EVP_CipherUpdate(c, out, &outl, in, (int)n) || (size_t)outl != n))
		return LVPN_ERR_CRYPTO;
	return 0;
}

int lvpn_tcv2_wrap_key(struct lvpn_tcv2_server *s, const uint8_t kc[LVPN_TCV2_KC_LEN],
                       const uint8_t *meta, size_t meta_len, uint8_t *wkc, size_t cap,
                       size_t *wkc_len)
{
	size_t total = TAG + LVPN_TCV2_KC_LEN + meta_len + 2;
	uint8_t net_len[2];
	int rc;

	if (meta_len < 1 || meta_len > LVPN_TCV2_META_MAX)
		return LVPN_ERR_INVAL;
	if (cap < total)
		return LVPN_ERR_BUFSIZE;
	lvpn_put_be16(net_len, (uint16_t)total);
	/* T = HMAC(Ka, len || Kc || metadata) */
	if ((rc = lvpn_hmac_start(&s->hmac)) || (rc = lvpn_hmac_update(&s->hmac, net_len, 2)) ||
	    (rc = lvpn_hmac_update(&s->hmac, kc, LVPN_TCV2_KC_LEN)) ||
	    (rc = lvpn_hmac_update(&s->hmac, meta, meta_len)) ||
	    (rc = lvpn_hmac_final(&s->hmac, wkc)))
		return rc;
	if ((rc = ctr(s->cipher, wkc, kc, wkc + TAG, LVPN_TCV2_KC_LEN)))
		return rc;
	/* CTR keeps its stream position across updates */
	{
		int outl = 0;

		if (!EVP_CipherUpdate(s->cipher, wkc + TAG + LVPN_TCV2_KC_LEN, &outl, meta,
		                      (int)meta_len) ||
		    (size_t)outl != meta_len)
			return LVPN_ERR_CRYPTO;
	}
	memcpy(wkc + total - 2, net_len, 2);
	*wkc_len = total;
	return 0;
}

int lvpn_tcv2_unwrap_key(struct lvpn_tcv2_server *s, const uint8_t *wkc, size_t len,
                         uint8_t kc[LVPN_TCV2_KC_LEN], struct lvpn_tcv2_meta *meta)
{
	uint8_t plain[LVPN_TCV2_WKC_MAX];
	uint8_t tag[LVPN_HMAC_OUT_MAX];
	size_t n;
	int rc;

	if (len < LVPN_TCV2_WKC_MIN + 1)
		return LVPN_ERR_TRUNCATED;
	if (len > LVPN_TCV2_WKC_MAX || lvpn_get_be16(wkc + len - 2) != len)
		return LVPN_ERR_MALFORMED;
	n = len - TAG - 2;
	if ((rc = ctr(s->cipher, wkc, wkc + TAG, plain, n)))
		goto out;
	if ((rc = lvpn_hmac_start(&s->hmac)) ||
	    (rc = lvpn_hmac_update(&s->hmac, wkc + len - 2, 2)) ||
	    (rc = lvpn_hmac_update(&s->hmac, plain, n)) || (rc = lvpn_hmac_final(&s->hmac, tag)))
		goto out;
	if (CRYPTO_memcmp(tag, wkc, TAG)) {
		rc = LVPN_ERR_AUTH;
		goto out;
	}
	memcpy(kc, plain, LVPN_TCV2_KC_LEN);
	if (meta) {
		meta->type = plain[LVPN_TCV2_KC_LEN];
		meta->len = n - LVPN_TCV2_KC_LEN - 1;
		memcpy(meta->data, plain + LVPN_TCV2_KC_LEN + 1, meta->len);
	}
out:
	OPENSSL_cleanse(plain, sizeof(plain));
	if (rc)
		OPENSSL_cleanse(kc, LVPN_TCV2_KC_LEN);
	return rc;
}

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
	OPENSSL_cleanse(kc, sizeof(kc));
	if (rc)
		goto fail;
	if ((rc = lvpn_wrap_open(w, b, flags, now, replay_id)))
		goto fail;
	return 0;
fail:
	b->len = saved;
	return rc;
}
