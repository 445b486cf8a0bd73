#include "bench/ceiling.h"

#include <string.h>
#include <strings.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

struct ceiling {
	int aead;
	EVP_CIPHER *cipher;
	EVP_CIPHER_CTX *enc, *dec;
	EVP_MAC *mac;
	EVP_MAC_CTX *hmac_tx, *hmac_rx;
	size_t hmac_len;
	int block;
	uint8_t iv[16];
};

static const struct {
	const char *ovpn, *ossl;
	int aead;
} names[] = {
	{"AES-128-GCM", "AES-128-GCM", 1},
	{"AES-192-GCM", "AES-192-GCM", 1},
	{"AES-256-GCM", "AES-256-GCM", 1},
	{"CHACHA20-POLY1305", "ChaCha20-Poly1305", 1},
	{"AES-128-CBC", "AES-128-CBC", 0},
	{"AES-192-CBC", "AES-192-CBC", 0},
	{"AES-256-CBC", "AES-256-CBC", 0},
};

static EVP_MAC_CTX *hmac_ctx(EVP_MAC *mac, const char *digest, const uint8_t *key, size_t len)
{
	OSSL_PARAM params[2];
	EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);

	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (!ctx || !EVP_MAC_init(ctx, key, len, params)) {
		EVP_MAC_CTX_free(ctx);
		return NULL;
	}
	return ctx;
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
	if (!ossl)
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
		c->mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
		if (!c->mac || RAND_bytes(key, sizeof(key)) != 1)
			goto fail;
		c->hmac_tx = hmac_ctx(c->mac, auth, key, 32);
		c->hmac_rx = hmac_ctx(c->mac, auth, key, 32);
		if (!c->hmac_tx || !c->hmac_rx)
			goto fail;
		c->hmac_len = EVP_MAC_CTX_get_mac_size(c->hmac_tx);
	}
	OPENSSL_cleanse(key, sizeof(key));
	return c;
fail:
	OPENSSL_cleanse(key, sizeof(key));
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
	uint8_t mac[64], check[64];
	size_t maclen;
	int n, m;

	/* plaintext = packet id || payload, padded; ciphertext in place */
	memcpy(buf, &pid, 4);
	if (RAND_bytes(c->iv, c->block) != 1 ||
	    !EVP_EncryptInit_ex(c->enc, NULL, NULL, NULL, c->iv) ||
	    !EVP_EncryptUpdate(c->enc, buf, &n, buf, (int)len) ||
	    !EVP_EncryptFinal_ex(c->enc, buf + n, &m))
		return -1;
	n += m;
	if (!EVP_MAC_init(c->hmac_tx, NULL, 0, NULL) ||
	    !EVP_MAC_update(c->hmac_tx, c->iv, c->block) ||
	    !EVP_MAC_update(c->hmac_tx, buf, n) ||
	    !EVP_MAC_final(c->hmac_tx, mac, &maclen, sizeof(mac)))
		return -1;
	if (!EVP_MAC_init(c->hmac_rx, NULL, 0, NULL) ||
	    !EVP_MAC_update(c->hmac_rx, c->iv, c->block) ||
	    !EVP_MAC_update(c->hmac_rx, buf, n) ||
	    !EVP_MAC_final(c->hmac_rx, check, &maclen, sizeof(check)) ||
	    CRYPTO_memcmp(mac, check, maclen) != 0)
		return -1;
	if (!EVP_DecryptInit_ex(c->dec, NULL, NULL, NULL, c->iv) ||
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
	EVP_MAC_CTX_free(c->hmac_tx);
	EVP_MAC_CTX_free(c->hmac_rx);
	EVP_MAC_free(c->mac);
	OPENSSL_free(c);
}
