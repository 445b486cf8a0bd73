/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - hash table pieces (see hash.h). */
#include "base/hash.h"

#include <stdlib.h>

uint64_t lvpn_hash_mix(uint64_t x)
{
	x ^= x >> 31;
	x *= 0x7fb5d329728ea185ull;
	x ^= x >> 27;
	x *= 0x81dadef4bc2dd44dull;
	return x ^ (x >> 33);
}

int32_t *lvpn_hash_buckets(uint32_t min, uint32_t *mask)
{
	uint32_t n = 1;
	int32_t *b;

	while (n < min) {
		if (n > UINT32_MAX / 2 / sizeof(*b))
			return NULL;
		n <<= 1;
	}
	b = malloc((size_t)n * sizeof(*b));
	if (!b)
		return NULL;
	for (uint32_t i = 0; i < n; i++)
		b[i] = LVPN_HASH_NIL;
	*mask = n - 1;
	return b;
}
