/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the primitives under control-channel protection: one
 * direction's HMAC and, for tls-crypt and the tls-crypt-v2 server key,
 * AES-256-CTR, over byte ranges.  The packet layouts that use them
 * (tls-auth, tls-crypt, the WKc trailer) live in proto/wrap.h; this file
 * knows no opcode and no header.
 *
 * Contexts are created once by lvpn_ctlkey_init() and re-keyed in place;
 * per message only the IV changes.
 */
#ifndef LVPN_CTLKEY_H
#define LVPN_CTLKEY_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "crypto/hmac.h"

#define LVPN_CTR_IV_LEN 16

struct evp_cipher_ctx_st;

struct lvpn_ctlkey {
	struct evp_cipher_ctx_st *cipher; /* AES-256-CTR; NULL: HMAC only */
	struct lvpn_hmac hmac;
};

/* Keys k with HMAC-<digest> over hmac_key (hmac_len bytes) and, when
 * cipher_key is not NULL, AES-256-CTR with its 32 bytes.
 * Errors: LVPN_ERR_CONFIG (unknown digest), LVPN_ERR_NOMEM,
 * LVPN_ERR_CRYPTO.  On error k is freed. */
LVPN_MUST_CHECK int lvpn_ctlkey_init(struct lvpn_ctlkey *k, const char *digest,
                                     const uint8_t *hmac_key, size_t hmac_len,
                                     const uint8_t *cipher_key);

/* Replaces the keys without allocating (cipher_key ignored when k has no
 * cipher).  Errors: LVPN_ERR_CRYPTO. */
LVPN_MUST_CHECK int lvpn_ctlkey_rekey(struct lvpn_ctlkey *k, const uint8_t *hmac_key,
                                      size_t hmac_len, const uint8_t *cipher_key);

/* Frees the contexts.  Safe on a zeroed k. */
void lvpn_ctlkey_free(struct lvpn_ctlkey *k);

/* AES-256-CTR of n bytes from in to out (in == out is fine), starting a
 * new stream at iv; lvpn_ctlkey_ctr_more() continues the same stream.
 * Errors: LVPN_ERR_STATE (no cipher), LVPN_ERR_CRYPTO. */
LVPN_MUST_CHECK int lvpn_ctlkey_ctr(struct lvpn_ctlkey *k, const uint8_t iv[LVPN_CTR_IV_LEN],
                                    const uint8_t *in, uint8_t *out, size_t n);
LVPN_MUST_CHECK int lvpn_ctlkey_ctr_more(struct lvpn_ctlkey *k, const uint8_t *in, uint8_t *out,
                                         size_t n);

#endif
