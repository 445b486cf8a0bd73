/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - a small keyed HMAC helper.
 *
 * One context per key, created at setup; per message: start, update,
 * final.  For SHA1, SHA256 and SHA512 the key's inner and outer pads are
 * absorbed once at setup and each message starts from a copy of those
 * states, so no message allocates (OpenSSL 3.0's EVP_MAC_init allocates
 * twice per message: proven by tests/unit/test_session_alloc).  Other
 * digests (tls-auth with --auth SHA384, ...) go through EVP_MAC.
 */
#ifndef LVPN_HMAC_H
#define LVPN_HMAC_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define LVPN_HMAC_OUT_MAX 64

struct evp_mac_ctx_st;

struct lvpn_hmac {
	uint64_t inner[28], outer[28], cur[28]; /* SHA states (opaque here) */
	int sha;                                /* enum lvpn_sha of crypto/sha_int.h; 0: EVP */
	struct evp_mac_ctx_st *ctx;             /* other digests only */
	size_t out_len;                         /* digest size */
};

/* Returns the digest size in bytes of digest (1..LVPN_HMAC_OUT_MAX).
 * Errors: LVPN_ERR_CONFIG (digest NULL, unknown to OpenSSL, or larger than
 * LVPN_HMAC_OUT_MAX). */
LVPN_MUST_CHECK int lvpn_hmac_digest_size(const char *digest);

/* Creates a context for HMAC-<digest> ("SHA1", "SHA256", "SHA512", any
 * name OpenSSL knows) keyed with key.
 * Errors: LVPN_ERR_CONFIG (unknown digest), LVPN_ERR_NOMEM, LVPN_ERR_CRYPTO. */
LVPN_MUST_CHECK int lvpn_hmac_init(struct lvpn_hmac *h, const char *digest, const uint8_t *key,
                                   size_t key_len);

/* Replaces the key, keeping the digest.  Errors: LVPN_ERR_CRYPTO. */
LVPN_MUST_CHECK int lvpn_hmac_rekey(struct lvpn_hmac *h, const uint8_t *key, size_t key_len);

/* lvpn_hmac_start starts a new message with the current key;
 * lvpn_hmac_update adds n bytes of p to it.
 * Errors: LVPN_ERR_CRYPTO (EVP_MAC digests only). */
LVPN_MUST_CHECK int lvpn_hmac_start(struct lvpn_hmac *h);
LVPN_MUST_CHECK int lvpn_hmac_update(struct lvpn_hmac *h, const void *p, size_t n);

/* Writes out_len bytes to out (LVPN_HMAC_OUT_MAX is always enough).
 * Errors: LVPN_ERR_CRYPTO (EVP_MAC digests only: the final step failed or
 * gave another length). */
LVPN_MUST_CHECK int lvpn_hmac_final(struct lvpn_hmac *h, uint8_t *out);

/* Constant-time comparison (CRYPTO_memcmp): 0 if equal, else non-zero.
 * For MACs, tags and cookies, also from proto/. */
int lvpn_ct_differ(const void *a, const void *b, size_t n);

/* Frees the context (OpenSSL wipes the key schedule). Safe on a zeroed h. */
void lvpn_hmac_free(struct lvpn_hmac *h);

#endif
