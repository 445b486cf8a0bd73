/* SPDX-License-Identifier: BSD-2-Clause */
#define OPENSSL_SUPPRESS_DEPRECATED 1 /* low-level SHA: see crypto/sha_int.h */

#include "crypto/hmac.h"

#include <string.h>
#include <strings.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "crypto/sha_int.h"
#include "base/wipe.h"

_Static_assert(sizeof(union lvpn_sha_state) <= sizeof(((struct lvpn_hmac *)0)->inner),
               "struct lvpn_hmac too small for a SHA512 state");

static enum lvpn_sha sha_by_name(const char *digest)
{
	if (!digest)
		return LVPN_SHA_NONE;
	if (strcasecmp(digest, "SHA1") == 0 || strcasecmp(digest, "SHA-1") == 0)
		return LVPN_SHA1;
	if (strcasecmp(digest, "SHA256") == 0 || strcasecmp(digest, "SHA-256") == 0 ||
	    strcasecmp(digest, "SHA2-256") == 0)
		return LVPN_SHA256;
	if (strcasecmp(digest, "SHA512") == 0 || strcasecmp(digest, "SHA-512") == 0 ||
	    strcasecmp(digest, "SHA2-512") == 0)
		return LVPN_SHA512;
	return LVPN_SHA_NONE;
}

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

static void pads(struct lvpn_hmac *h, const uint8_t *key, size_t key_len)
{
	union lvpn_sha_state in, out;

	lvpn_sha_hmac_pads((enum lvpn_sha)h->sha, key, key_len, &in, &out);
	memcpy(h->inner, &in, sizeof(in));
	memcpy(h->outer, &out, sizeof(out));
	lvpn_wipe(&in, sizeof(in));
	lvpn_wipe(&out, sizeof(out));
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
	h->out_len = (size_t)size;
	h->sha = sha_by_name(digest);
	if (h->sha) {
		pads(h, key, key_len);
		return 0;
	}
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
	return 0;
}

int lvpn_hmac_rekey(struct lvpn_hmac *h, const uint8_t *key, size_t key_len)
{
	if (h->sha) {
		pads(h, key, key_len);
		return 0;
	}
	return EVP_MAC_init(h->ctx, key, key_len, NULL) ? 0 : LVPN_ERR_CRYPTO;
}

int lvpn_hmac_start(struct lvpn_hmac *h)
{
	if (h->sha) {
		memcpy(h->cur, h->inner, sizeof(h->cur));
		return 0;
	}
	return EVP_MAC_init(h->ctx, NULL, 0, NULL) ? 0 : LVPN_ERR_CRYPTO;
}

int lvpn_hmac_update(struct lvpn_hmac *h, const void *p, size_t n)
{
	if (h->sha) {
		lvpn_sha_update((union lvpn_sha_state *)h->cur, (enum lvpn_sha)h->sha, p, n);
		return 0;
	}
	return EVP_MAC_update(h->ctx, p, n) ? 0 : LVPN_ERR_CRYPTO;
}

int lvpn_hmac_final(struct lvpn_hmac *h, uint8_t *out)
{
	size_t len = 0;

	if (h->sha) {
		union lvpn_sha_state *s = (union lvpn_sha_state *)h->cur;
		uint8_t inner[64];

		lvpn_sha_final(s, (enum lvpn_sha)h->sha, inner);
		memcpy(h->cur, h->outer, sizeof(h->cur));
		lvpn_sha_update(s, (enum lvpn_sha)h->sha, inner, h->out_len);
		lvpn_sha_final(s, (enum lvpn_sha)h->sha, out);
		lvpn_wipe(h->cur, sizeof(h->cur));
		return 0;
	}
	if (!EVP_MAC_final(h->ctx, out, &len, LVPN_HMAC_OUT_MAX) || len != h->out_len)
		return LVPN_ERR_CRYPTO;
	return 0;
}

void lvpn_hmac_free(struct lvpn_hmac *h)
{
	EVP_MAC_CTX_free(h->ctx);
	lvpn_wipe(h, sizeof(*h));
}

int lvpn_ct_differ(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n);
}
