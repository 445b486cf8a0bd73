/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - control-channel key primitives (see ctlkey.h). */
#include "crypto/ctlkey.h"

#include <string.h>

#include <openssl/evp.h>

int lvpn_ctlkey_init(struct lvpn_ctlkey *k, const char *digest, const uint8_t *hmac_key,
                     size_t hmac_len, const uint8_t *cipher_key)
{
	int rc;

	memset(k, 0, sizeof(*k));
	if ((rc = lvpn_hmac_init(&k->hmac, digest, hmac_key, hmac_len)))
		goto fail;
	if (!cipher_key)
		return 0;
	k->cipher = EVP_CIPHER_CTX_new();
	if (!k->cipher) {
		rc = LVPN_ERR_NOMEM;
		goto fail;
	}
	if (!EVP_CipherInit_ex(k->cipher, EVP_aes_256_ctr(), NULL, cipher_key, NULL, 1)) {
		rc = LVPN_ERR_CRYPTO;
		goto fail;
	}
	return 0;
fail:
	lvpn_ctlkey_free(k);
	return rc;
}

int lvpn_ctlkey_rekey(struct lvpn_ctlkey *k, const uint8_t *hmac_key, size_t hmac_len,
                      const uint8_t *cipher_key)
{
	int rc;

	if ((rc = lvpn_hmac_rekey(&k->hmac, hmac_key, hmac_len)))
		return rc;
	if (k->cipher && !EVP_CipherInit_ex(k->cipher, NULL, NULL, cipher_key, NULL, 1))
		return LVPN_ERR_CRYPTO;
	return 0;
}

void lvpn_ctlkey_free(struct lvpn_ctlkey *k)
{
	lvpn_hmac_free(&k->hmac);
	EVP_CIPHER_CTX_free(k->cipher);
	k->cipher = NULL;
}

int lvpn_ctlkey_ctr_more(struct lvpn_ctlkey *k, const uint8_t *in, uint8_t *out, size_t n)
{
	int outl = 0;

	if (!k->cipher)
		return LVPN_ERR_STATE;
	/* CTR is a stream: outl == chunk, nothing is held back for Final */
	while (n) {
		int chunk = n > (1u << 30) ? 1 << 30 : (int)n;

		if (!EVP_CipherUpdate(k->cipher, out, &outl, in, chunk) || outl != chunk)
			return LVPN_ERR_CRYPTO;
		in += chunk;
		out += chunk;
		n -= (size_t)chunk;
	}
	return 0;
}

int lvpn_ctlkey_ctr(struct lvpn_ctlkey *k, const uint8_t iv[LVPN_CTR_IV_LEN], const uint8_t *in,
                    uint8_t *out, size_t n)
{
	if (!k->cipher)
		return LVPN_ERR_STATE;
	if (!EVP_CipherInit_ex(k->cipher, NULL, NULL, NULL, iv, -1))
		return LVPN_ERR_CRYPTO;
	return lvpn_ctlkey_ctr_more(k, in, out, n);
}
