/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the liblz4 block codec, as OpenVPN's `compress lz4` / `lz4-v2`
 * use it (raw LZ4 block format, no frame header).  No allocation: liblz4's
 * default block functions keep their state on the stack.
 */
#ifndef LVPN_CRYPTO_LZ4_H
#define LVPN_CRYPTO_LZ4_H

#include <stdint.h>

#include "base/err.h"

/* Largest compressed size of n input bytes (0 if n is too large). */
uint32_t lvpn_lz4_bound(uint32_t n);

/* Compresses n bytes at src into dst (cap bytes).  *out_len gets the size.
 * Errors: LVPN_ERR_TOO_BIG (does not fit in cap: send uncompressed),
 * LVPN_ERR_INVAL (n over LZ4's limit). */
LVPN_MUST_CHECK int lvpn_lz4_compress(const uint8_t *src, uint32_t n, uint8_t *dst, uint32_t cap,
                                      uint32_t *out_len);

/* Decompresses n bytes at src into dst, producing at most cap bytes.
 * Errors: LVPN_ERR_MALFORMED (corrupt input, or output larger than cap). */
LVPN_MUST_CHECK int lvpn_lz4_decompress(const uint8_t *src, uint32_t n, uint8_t *dst, uint32_t cap,
                                        uint32_t *out_len);

#endif
