/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - data-channel cipher table, key install and dispatch. */
#include "crypto/dc.h"

#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <time.h>

#include "crypto/dc_impl.h"
#include "base/wipe.h"

struct dc_cipher_info {
	const char *name;     /* OpenVPN spelling */
	const char *evp_name; /* OpenSSL fetch name */
	uint8_t key_len;
	uint8_t aead;
};

static const struct dc_cipher_info ciphers[LVPN_DC_CIPHER_COUNT] = {
    [LVPN_DC_AES_128_GCM] = {"AES-128-GCM", "AES-128-GCM", 16, 1},
    [LVPN_DC_AES_192_GCM] = {"AES-192-GCM", "AES-192-GCM", 24, 1},
    [LVPN_DC_AES_256_GCM] = {"AES-256-GCM", "AES-256-GCM", 32, 1},
    [LVPN_DC_CHACHA20_POLY1305] = {"CHACHA20-POLY1305", "ChaCha20-Poly1305", 32, 1},
    [LVPN_DC_AES_128_CBC] = {"AES-128-CBC", "AES-128-CBC", 16, 0},
    [LVPN_DC_AES_192_CBC] = {"AES-192-CBC", "AES-192-CBC", 24, 0},
    [LVPN_DC_AES_256_CBC] = {"AES-256-CBC", "AES-256-CBC", 32, 0},
    [LVPN_DC_CIPHER_NONE] = {"none", NULL, 0, 0},
};

static const struct {
	const char *name;
	const char *alt;
	uint8_t len;
} auths[LVPN_DC_AUTH_COUNT] = {
    [LVPN_DC_AUTH_NONE] = {"none", "none", 0},
    [LVPN_DC_SHA1] = {"SHA1", "SHA-1", 20},
    [LVPN_DC_SHA256] = {"SHA256", "SHA2-256", 32},
    [LVPN_DC_SHA512] = {"SHA512", "SHA2-512", 64},
};

static EVP_CIPHER *fetched[LVPN_DC_CIPHER_COUNT];
static EVP_RAND *drbg;
static int fetched_ok;

int lvpn_dc_init(void)
{
	if (fetched_ok)
		return 0;
	for (int i = 0; i < LVPN_DC_CIPHER_COUNT; i++) {
		if (!ciphers[i].evp_name || fetched[i])
			continue;
		fetched[i] = EVP_CIPHER_fetch(NULL, ciphers[i].evp_name, NULL);
		if (!fetched[i]) {
			lvpn_dc_cleanup();
			return LVPN_ERR_CRYPTO;
		}
	}
	drbg = EVP_RAND_fetch(NULL, "CTR-DRBG", NULL);
	if (!drbg) {
		lvpn_dc_cleanup();
		return LVPN_ERR_CRYPTO;
	}
	fetched_ok = 1;
	return 0;
}

void lvpn_dc_cleanup(void)
{
	for (int i = 0; i < LVPN_DC_CIPHER_COUNT; i++) {
		EVP_CIPHER_free(fetched[i]);
		fetched[i] = NULL;
	}
	EVP_RAND_free(drbg);
	drbg = NULL;
	fetched_ok = 0;
}

int lvpn_dc_cipher_by_name(const char *name, enum lvpn_dc_cipher *out)
{
	if (!name)
		return LVPN_ERR_UNSUPPORTED;
	for (int i = 0; i < LVPN_DC_CIPHER_COUNT; i++) {
		if (strcasecmp(name, ciphers[i].name) == 0) {
			*out = (enum lvpn_dc_cipher)i;
			return 0;
		}
	}
	return LVPN_ERR_UNSUPPORTED;
}

int lvpn_dc_auth_by_name(const char *name, enum lvpn_dc_auth *out)
{
	if (!name)
		return LVPN_ERR_UNSUPPORTED;
	for (int i = 0; i < LVPN_DC_AUTH_COUNT; i++) {
		if (strcasecmp(name, auths[i].name) == 0 || strcasecmp(name, auths[i].alt) == 0 ||
		    (i == LVPN_DC_SHA256 && strcasecmp(name, "SHA-256") == 0) ||
		    (i == LVPN_DC_SHA512 && strcasecmp(name, "SHA-512") == 0)) {
			*out = (enum lvpn_dc_auth)i;
			return 0;
		}
	}
	return LVPN_ERR_UNSUPPORTED;
}

const char *lvpn_dc_cipher_name(enum lvpn_dc_cipher c)
{
	return (unsigned)c < LVPN_DC_CIPHER_COUNT ? ciphers[c].name : "?";
}

int lvpn_dc_cipher_is_aead(enum lvpn_dc_cipher c)
{
	return (unsigned)c < LVPN_DC_CIPHER_COUNT && ciphers[c].aead;
}

int lvpn_dc_overhead(enum lvpn_dc_cipher c, enum lvpn_dc_auth a, uint32_t *head, uint32_t *tail)
{
	if ((unsigned)c >= LVPN_DC_CIPHER_COUNT || (unsigned)a >= LVPN_DC_AUTH_COUNT)
		return LVPN_ERR_INVAL;
	if (ciphers[c].aead) {
		*head = LVPN_DC_PID_LEN + LVPN_DC_TAG_LEN;
		*tail = 0;
	} else if (c == LVPN_DC_CIPHER_NONE) {
		*head = auths[a].len + LVPN_DC_PID_LEN;
		*tail = 0;
	} else {
		*head = auths[a].len + 16 + LVPN_DC_PID_LEN;
		*tail = 16;
	}
	return 0;
}

static int all_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;

	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

/* A CTR-DRBG for this key's CBC IVs, seeded from the primary DRBG, never
 * reseeding by itself (see crypto/dc.h), and warmed up once so its first
 * packet does not allocate. */
static int rng_install(struct lvpn_dc_dir *d)
{
	unsigned int zero = 0;
	time_t never = 0;
	OSSL_PARAM params[] = {
	    OSSL_PARAM_construct_utf8_string(OSSL_DRBG_PARAM_CIPHER, "AES-256-CTR", 0),
	    OSSL_PARAM_construct_uint(OSSL_DRBG_PARAM_RESEED_REQUESTS, &zero),
	    OSSL_PARAM_construct_time_t(OSSL_DRBG_PARAM_RESEED_TIME_INTERVAL, &never),
	    OSSL_PARAM_END,
	};
	uint8_t warm[16];

	d->rng = EVP_RAND_CTX_new(drbg, RAND_get0_primary(NULL));
	if (!d->rng)
		return LVPN_ERR_NOMEM;
	if (EVP_RAND_instantiate(d->rng, 256, 0, NULL, 0, params) != 1 ||
	    EVP_RAND_generate(d->rng, warm, sizeof(warm), 0, 0, NULL, 0) != 1)
		return LVPN_ERR_CRYPTO;
	return 0;
}

static int dir_install(struct lvpn_dc_key *k, struct lvpn_dc_dir *d, const uint8_t *key, int enc)
{
	const struct dc_cipher_info *ci = &ciphers[k->cipher];

	if (k->hmac_len)
		lvpn_dc_hmac_setup(&d->hmac, (enum lvpn_dc_auth)k->auth, key + 64);
	if (k->cipher == LVPN_DC_CIPHER_NONE)
		return 0;
	if (all_zero(key, ci->key_len))
		return LVPN_ERR_CRYPTO;
	d->ctx = EVP_CIPHER_CTX_new();
	if (!d->ctx)
		return LVPN_ERR_NOMEM;
	if (!EVP_CipherInit_ex(d->ctx, fetched[k->cipher], NULL, key, NULL, enc))
		return LVPN_ERR_CRYPTO;
	if (ci->aead) {
		memcpy(d->iv + 4, key + 64, 8);
		return 0;
	}
	if (!EVP_CIPHER_CTX_set_padding(d->ctx, 0))
		return LVPN_ERR_CRYPTO;
	return enc ? rng_install(d) : 0;
}

int lvpn_dc_key_install(struct lvpn_dc_key *k, enum lvpn_dc_cipher c, enum lvpn_dc_auth a,
                        const uint8_t key2[LVPN_DC_KEY2_LEN], enum lvpn_dc_role role)
{
	const uint8_t *send, *recv;
	int rc;

	if (!k || !key2 || (unsigned)c >= LVPN_DC_CIPHER_COUNT || (unsigned)a >= LVPN_DC_AUTH_COUNT)
		return LVPN_ERR_INVAL;
	rc = lvpn_dc_init();
	if (rc)
		return rc;
	memset(k, 0, sizeof(*k));
	k->cipher = (uint8_t)c;
	k->aead = ciphers[c].aead;
	k->auth = k->aead ? LVPN_DC_AUTH_NONE : (uint8_t)a;
	k->hmac_len = auths[k->auth].len;
	k->iv_len = (!k->aead && c != LVPN_DC_CIPHER_NONE) ? 16 : 0;
	k->block = k->iv_len;
	send = role == LVPN_DC_CLIENT ? key2 : key2 + 128;
	recv = role == LVPN_DC_CLIENT ? key2 + 128 : key2;
	rc = dir_install(k, &k->tx, send, 1);
	if (!rc)
		rc = dir_install(k, &k->rx, recv, 0);
	if (rc) {
		lvpn_dc_key_free(k);
		return rc;
	}
	k->live = 1;
	return 0;
}

static void dir_free(struct lvpn_dc_dir *d)
{
	EVP_CIPHER_CTX_free(d->ctx); /* clears the key schedule */
	EVP_RAND_CTX_free(d->rng);
	lvpn_wipe(d, sizeof(*d));
}

void lvpn_dc_key_free(struct lvpn_dc_key *k)
{
	if (!k)
		return;
	dir_free(&k->tx);
	dir_free(&k->rx);
	lvpn_wipe(k, sizeof(*k));
}

int lvpn_dc_seal(struct lvpn_dc_key *k, struct lvpn_buf *b, uint32_t packet_id, const uint8_t *hdr,
                 uint32_t hdr_len, int hdr_in_ad)
{
	if (!k->live)
		return LVPN_ERR_STATE;
	if (b->len > DC_MAX_PAYLOAD)
		return LVPN_ERR_TOO_BIG;
	if (k->aead)
		return lvpn_dc_aead_seal(k, b, packet_id, hdr, hdr_len, hdr_in_ad);
	return lvpn_dc_cbc_seal(k, b, &packet_id, hdr, hdr_len);
}

int lvpn_dc_open(struct lvpn_dc_key *k, struct lvpn_buf *b, uint32_t hdr_len, int hdr_in_ad,
                 uint32_t *packet_id)
{
	if (!k->live)
		return LVPN_ERR_STATE;
	if (b->len > DC_MAX_PAYLOAD)
		return LVPN_ERR_TOO_BIG;
	if (k->aead)
		return lvpn_dc_aead_open(k, b, hdr_len, hdr_in_ad, packet_id);
	return lvpn_dc_cbc_open(k, b, hdr_len, packet_id);
}

/* What lvpn_dc_seal_noid and lvpn_dc_open_noid refuse before any work. */
static int noid_check(const struct lvpn_dc_key *k, const struct lvpn_buf *b)
{
	if (!k->live)
		return LVPN_ERR_STATE;
	if (k->aead)
		return LVPN_ERR_INVAL;
	return b->len > DC_MAX_PAYLOAD ? LVPN_ERR_TOO_BIG : 0;
}

int lvpn_dc_seal_noid(struct lvpn_dc_key *k, struct lvpn_buf *b)
{
	int rc = noid_check(k, b);

	return rc ? rc : lvpn_dc_cbc_seal(k, b, NULL, NULL, 0);
}

int lvpn_dc_open_noid(struct lvpn_dc_key *k, struct lvpn_buf *b)
{
	int rc = noid_check(k, b);

	return rc ? rc : lvpn_dc_cbc_open(k, b, 0, NULL);
}
