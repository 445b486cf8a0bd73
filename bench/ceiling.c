/* SPDX-License-Identifier: BSD-2-Clause */
/* CBC note: OpenSSL 3.0 allocates inside EVP_MAC_init() and EVP_DigestInit()
 * on every call, and RAND_bytes() takes the global DRBG's lock and reseeds
 * (allocating) every 2^16 calls.  An EVP_MAC loop is therefore slower than
 * what OpenSSL can do, and would let an engine beat its "ceiling".  The
 * ceiling uses what is fastest in OpenSSL instead: HMAC-SHA256 from SHA-256
 * states taken after the ipad and opad blocks (low-level SHA256_*,
 * deprecated in 3.0 but present), and IVs from a private CTR-DRBG. */
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "bench/ceiling.h"

#include <string.h>
#include <strings.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "base/wipe.h"

struct ceiling {
	int aead;
	EVP_CIPHER *cipher;
	EVP_CIPHER_CTX *enc, *dec;
	EVP_RAND *rand;
	EVP_RAND_CTX *drbg;
	SHA256_CTX ipad, opad; /* HMAC key folded in: one state per pad */
	int block;
	uint8_t iv[16];
};

static const struct {
	const char *ovpn, *ossl;
	int aead;
} names[] = {
    {"AES-128-GCM", "AES-128-GCM", 1}, {"AES-192-GCM", "AES-192-GCM", 1},
    {"AES-256-GCM", "AES-256-GCM", 1}, {"CHACHA20-POLY1305", "ChaCha20-Poly1305", 1},
    {"AES-128-CBC", "AES-128-CBC", 0}, {"AES-192-CBC", "AES-192-CBC", 0},
    {"AES-256-CBC", "AES-256-CBC", 0},
};

static void hmac_setup(struct ceiling *c, const uint8_t *key, size_t len)
{
	uint8_t pad[SHA256_CBLOCK];

	memset(pad, 0x36, sizeof(pad));
	for (size_t i = 0; i < len; i++)
		pad[i] ^= key[i];
	SHA256_Init(&c->ipad);
	SHA256_Update(&c->ipad, pad, sizeof(pad));
	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] ^= 0x36 ^ 0x5c;
	SHA256_Init(&c->opad);
	SHA256_Update(&c->opad, pad, sizeof(pad));
	lvpn_wipe(pad, sizeof(pad));
}

static void hmac(const struct ceiling *c, const uint8_t *a, size_t alen, const uint8_t *b,
                 size_t blen, uint8_t out[SHA256_DIGEST_LENGTH])
{
	SHA256_CTX h = c->ipad;

	SHA256_Update(&h, a, alen);
	SHA256_Update(&h, b, blen);
	SHA256_Final(out, &h);
	h = c->opad;
	SHA256_Update(&h, out, SHA256_DIGEST_LENGTH);
	SHA256_Final(out, &h);
}

static int drbg_setup(struct ceiling *c)
{
	unsigned zero = 0;
	OSSL_PARAM params[] = {
	    OSSL_PARAM_construct_utf8_string(OSSL_DRBG_PARAM_CIPHER, "AES-256-CTR", 0),
	    OSSL_PARAM_construct_uint(OSSL_DRBG_PARAM_RESEED_REQUESTS, &zero),
	    OSSL_PARAM_construct_end(),
	};

	c->rand = EVP_RAND_fetch(NULL, "CTR-DRBG", NULL);
	c->drbg = c->rand ? EVP_RAND_CTX_new(c->rand, RAND_get0_primary(NULL)) : NULL;
	return c->drbg && EVP_RAND_instantiate(c->drbg, 256, 0, NULL, 0, params) == 1 ? 0 : -1;
}

struct ceiling *ceiling_new(const char *cipher, const char *auth)
{
	struct ceiling *c;
	uint8_t key[64];
	const char *ossl = NULL;
	int aead = 0;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcasecmp(cipher, names[i].ovpn) == 0) {
			ossl = names[i].ossl;
			aead = names[i].aead;
		}
	}
	if (!ossl || (!aead && (!auth || strcasecmp(auth, "SHA256") != 0)))
		return NULL;
	c = OPENSSL_zalloc(sizeof(*c));
	if (!c)
		return NULL;
	c->aead = aead;
	c->cipher = EVP_CIPHER_fetch(NULL, ossl, NULL);
	c->enc = EVP_CIPHER_CTX_new();
	c->dec = EVP_CIPHER_CTX_new();
	if (!c->cipher || !c->enc || !c->dec || RAND_bytes(key, sizeof(key)) != 1)
		goto fail;
	if (!EVP_EncryptInit_ex(c->enc, c->cipher, NULL, key, NULL) ||
	    !EVP_DecryptInit_ex(c->dec, c->cipher, NULL, key, NULL))
		goto fail;
	c->block = EVP_CIPHER_get_block_size(c->cipher);
	if (!aead) {
		if (RAND_bytes(key, sizeof(key)) != 1 || drbg_setup(c))
			goto fail;
		hmac_setup(c, key, 32);
	}
	lvpn_wipe(key, sizeof(key));
	return c;
fail:
	lvpn_wipe(key, sizeof(key));
	ceiling_free(c);
	return NULL;
}

static int aead_roundtrip(struct ceiling *c, uint8_t *buf, size_t len, uint32_t pid)
{
	uint8_t ad[8], tag[16];
	int n;

	/* IV = packet id || implicit part; AD = 4-byte header + packet id */
	memcpy(c->iv, &pid, 4);
	memcpy(ad, "\x48\x00\x00\x01", 4);
	memcpy(ad + 4, &pid, 4);
	if (!EVP_EncryptInit_ex(c->enc, NULL, NULL, NULL, c->iv) ||
	    !EVP_EncryptUpdate(c->enc, NULL, &n, ad, sizeof(ad)) ||
	    !EVP_EncryptUpdate(c->enc, buf, &n, buf, (int)len) ||
	    !EVP_EncryptFinal_ex(c->enc, buf + n, &n) ||
	    !EVP_CIPHER_CTX_ctrl(c->enc, EVP_CTRL_AEAD_GET_TAG, 16, tag))
		return -1;
	if (!EVP_DecryptInit_ex(c->dec, NULL, NULL, NULL, c->iv) ||
	    !EVP_DecryptUpdate(c->dec, NULL, &n, ad, sizeof(ad)) ||
	    !EVP_DecryptUpdate(c->dec, buf, &n, buf, (int)len) ||
	    !EVP_CIPHER_CTX_ctrl(c->dec, EVP_CTRL_AEAD_SET_TAG, 16, tag) ||
	    EVP_DecryptFinal_ex(c->dec, buf + n, &n) <= 0)
		return -1;
	return 0;
}

static int cbc_roundtrip(struct ceiling *c, uint8_t *buf, size_t len, uint32_t pid)
{
	uint8_t mac[SHA256_DIGEST_LENGTH], check[SHA256_DIGEST_LENGTH];
	int n, m;

	/* plaintext = packet id || payload, padded; ciphertext in place;
	 * one HMAC state serves both ends (same key) */
	memcpy(buf, &pid, 4);
	if (EVP_RAND_generate(c->drbg, c->iv, (size_t)c->block, 0, 0, NULL, 0) != 1 ||
	    !EVP_EncryptInit_ex(c->enc, NULL, NULL, NULL, c->iv) ||
	    !EVP_EncryptUpdate(c->enc, buf, &n, buf, (int)len) ||
	    !EVP_EncryptFinal_ex(c->enc, buf + n, &m))
		return -1;
	n += m;
	hmac(c, c->iv, (size_t)c->block, buf, (size_t)n, mac);
	hmac(c, c->iv, (size_t)c->block, buf, (size_t)n, check);
	if (CRYPTO_memcmp(mac, check, sizeof(mac)) != 0 ||
	    !EVP_DecryptInit_ex(c->dec, NULL, NULL, NULL, c->iv) ||
	    !EVP_DecryptUpdate(c->dec, buf, &m, buf, n) ||
	    !EVP_DecryptFinal_ex(c->dec, buf + m, &n))
		return -1;
	return 0;
}

int ceiling_roundtrip(struct ceiling *c, uint8_t *buf, size_t len, uint32_t packet_id)
{
	return c->aead ? aead_roundtrip(c, buf, len, packet_id)
	               : cbc_roundtrip(c, buf, len + 4, packet_id);
}

void ceiling_free(struct ceiling *c)
{
	if (!c)
		return;
	EVP_CIPHER_CTX_free(c->enc);
	EVP_CIPHER_CTX_free(c->dec);
	EVP_CIPHER_free(c->cipher);
	EVP_RAND_CTX_free(c->drbg);
	EVP_RAND_free(c->rand);
	lvpn_wipe(&c->ipad, sizeof(c->ipad));
	lvpn_wipe(&c->opad, sizeof(c->opad));
	OPENSSL_free(c);
}
