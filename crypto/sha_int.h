/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - SHA-1/256/512 running states for HMAC with precomputed inner and
 * outer pads (RFC 2104), shared by crypto/hmac.c and crypto/dc_cbc.c.
 *
 * OpenSSL 3.0's EVP_MAC_init and EVP_DigestInit allocate on every message;
 * the low-level SHA functions on a copied state do not.  They are deprecated
 * in 3.0 but present; the files including this define
 * OPENSSL_SUPPRESS_DEPRECATED first.  Internal to crypto/. */
#ifndef LVPN_SHA_INT_H
#define LVPN_SHA_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include "base/wipe.h"

/* SHA*_Init and friends are deprecated in OpenSSL 3.0 but are what lets a
 * message start from a copied state without allocating. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

enum lvpn_sha { LVPN_SHA_NONE = 0, LVPN_SHA1 = 1, LVPN_SHA256 = 2, LVPN_SHA512 = 3 };

union lvpn_sha_state {
	SHA_CTX s1;
	SHA256_CTX s256;
	SHA512_CTX s512;
};

static inline size_t lvpn_sha_len(enum lvpn_sha a)
{
	return a == LVPN_SHA1 ? 20 : a == LVPN_SHA256 ? 32 : 64;
}

static inline size_t lvpn_sha_block(enum lvpn_sha a)
{
	return a == LVPN_SHA512 ? 128 : 64;
}

static inline void lvpn_sha_init(union lvpn_sha_state *s, enum lvpn_sha a)
{
	if (a == LVPN_SHA1)
		SHA1_Init(&s->s1);
	else if (a == LVPN_SHA256)
		SHA256_Init(&s->s256);
	else
		SHA512_Init(&s->s512);
}

static inline void lvpn_sha_update(union lvpn_sha_state *s, enum lvpn_sha a, const void *p,
                                   size_t n)
{
	if (a == LVPN_SHA1)
		SHA1_Update(&s->s1, p, n);
	else if (a == LVPN_SHA256)
		SHA256_Update(&s->s256, p, n);
	else
		SHA512_Update(&s->s512, p, n);
}

static inline void lvpn_sha_final(union lvpn_sha_state *s, enum lvpn_sha a, uint8_t *out)
{
	if (a == LVPN_SHA1)
		SHA1_Final(out, &s->s1);
	else if (a == LVPN_SHA256)
		SHA256_Final(out, &s->s256);
	else
		SHA512_Final(out, &s->s512);
}

/* The states after absorbing key^ipad and key^opad.  A key longer than the
 * block is hashed first (RFC 2104). */
static inline void lvpn_sha_hmac_pads(enum lvpn_sha a, const uint8_t *key, size_t klen,
                                      union lvpn_sha_state *inner, union lvpn_sha_state *outer)
{
	uint8_t pad[128], hashed[64];
	size_t block = lvpn_sha_block(a);

	if (klen > block) {
		lvpn_sha_init(inner, a);
		lvpn_sha_update(inner, a, key, klen);
		lvpn_sha_final(inner, a, hashed);
		key = hashed;
		klen = lvpn_sha_len(a);
	}
	for (size_t i = 0; i < block; i++)
		pad[i] = (uint8_t)((i < klen ? key[i] : 0) ^ 0x36);
	lvpn_sha_init(inner, a);
	lvpn_sha_update(inner, a, pad, block);
	for (size_t i = 0; i < block; i++)
		pad[i] = (uint8_t)((i < klen ? key[i] : 0) ^ 0x5c);
	lvpn_sha_init(outer, a);
	lvpn_sha_update(outer, a, pad, block);
	lvpn_wipe(pad, sizeof(pad));
	lvpn_wipe(hashed, sizeof(hashed));
}

#pragma GCC diagnostic pop

#endif
