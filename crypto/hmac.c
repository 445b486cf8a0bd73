#include "crypto/hmac.h"

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

int lvpn_hmac_digest_size(const char *digest)
{
	EVP_MD *md = digest ? EVP_MD_fetch(NULL, digest, NULL) : NULL;
	int size;

	if (!md)
		return LVPN_ERR_CONFIG;
	size = EVP_MD_get_size(md);
	EVP_MD_free(md);
	if (size <= 0 || size > LVPN_HMAC_OUT_MAX)
		return LVPN_ERR_CONFIG;
	return size;
}

int lvpn_hmac_init(struct lvpn_hmac *h, const char *digest, const uint8_t *key, size_t key_len)
{
	OSSL_PARAM params[2];
	EVP_MAC *mac;
	int size;

	memset(h, 0, sizeof(*h));
	size = lvpn_hmac_digest_size(digest);
	if (size < 0)
		return size;
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (!mac)
		return LVPN_ERR_CRYPTO;
	h->ctx = EVP_MAC_CTX_new(mac);
	EVP_MAC_free(mac);
	if (!h->ctx)
		return LVPN_ERR_NOMEM;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (!EVP_MAC_init(h->ctx, key, key_len, params)) {
		lvpn_hmac_free(h);
		return LVPN_ERR_CRYPTO;
	}
	h->out_len = (size_t)size;
	return 0;
}

int lvpn_hmac_rekey(struct lvpn_hmac *h, const uint8_t *key, size_t key_len)
{
	return EVP_MAC_init(h->ctx, key, key_len, NULL) ? 0 : LVPN_ERR_CRYPTO;
}

int lvpn_hmac_start(struct lvpn_hmac *h)
{
	return EVP_MAC_init(h->ctx, NULL, 0, NULL) ? 0 : LVPN_ERR_CRYPTO;
}

int lvpn_hmac_update(struct lvpn_hmac *h, const void *p, size_t n)
{
	return EVP_MAC_update(h->ctx, p, n) ? 0 : LVPN_ERR_CRYPTO;
}

int lvpn_hmac_final(struct lvpn_hmac *h, uint8_t *out)
{
	size_t len = 0;

	if (!EVP_MAC_final(h->ctx, out, &len, LVPN_HMAC_OUT_MAX) || len != h->out_len)
		return LVPN_ERR_CRYPTO;
	return 0;
}

void lvpn_hmac_free(struct lvpn_hmac *h)
{
	EVP_MAC_CTX_free(h->ctx);
	h->ctx = NULL;
	h->out_len = 0;
}

int lvpn_ct_differ(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n);
}
