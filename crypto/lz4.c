/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - liblz4 block codec wrapper (see crypto/lz4.h). */
#include "crypto/lz4.h"

#include <limits.h>

#include <lz4.h>

uint32_t lvpn_lz4_bound(uint32_t n)
{
	if (n > LZ4_MAX_INPUT_SIZE)
		return 0;
	return (uint32_t)LZ4_compressBound((int)n);
}

int lvpn_lz4_compress(const uint8_t *src, uint32_t n, uint8_t *dst, uint32_t cap, uint32_t *out_len)
{
	int r;

	if (n > LZ4_MAX_INPUT_SIZE)
		return LVPN_ERR_INVAL;
	if (cap > INT_MAX)
		cap = INT_MAX;
	r = LZ4_compress_default((const char *)src, (char *)dst, (int)n, (int)cap);
	if (r <= 0)
		return LVPN_ERR_TOO_BIG;
	*out_len = (uint32_t)r;
	return 0;
}

int lvpn_lz4_decompress(const uint8_t *src, uint32_t n, uint8_t *dst, uint32_t cap,
                        uint32_t *out_len)
{
	int r;

	if (n > INT_MAX)
		return LVPN_ERR_MALFORMED;
	if (cap > INT_MAX)
		cap = INT_MAX;
	r = LZ4_decompress_safe((const char *)src, (char *)dst, (int)n, (int)cap);
	if (r < 0)
		return LVPN_ERR_MALFORMED;
	*out_len = (uint32_t)r;
	return 0;
}
