/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - base64 (RFC 4648, standard alphabet, '=' padding), for PEM
 * blocks, inline PKCS#12, tls-crypt-v2 metadata and SCRV1 responses.
 * Pure functions over caller buffers: no allocation. */
#ifndef LVPN_B64_H
#define LVPN_B64_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* Characters lvpn_b64_encode writes for n bytes (no terminator). */
static inline size_t lvpn_b64_len(size_t n)
{
	return (n + 2) / 3 * 4;
}

/* Encodes n bytes at p into out, which must hold lvpn_b64_len(n) bytes;
 * returns the number written.  No terminator, no line breaks. */
size_t lvpn_b64_encode(const uint8_t *p, size_t n, char *out);

/* Decodes s[0..n), skipping ASCII whitespace; '=' padding only at the end,
 * the characters (without whitespace) a multiple of 4.
 * Errors: LVPN_ERR_MALFORMED (another character, misplaced padding, a
 * length not a multiple of 4), LVPN_ERR_BUFSIZE (more than cap bytes). */
LVPN_MUST_CHECK int lvpn_b64_decode(const char *s, size_t n, uint8_t *out, size_t cap,
                                    size_t *out_len);

#endif
