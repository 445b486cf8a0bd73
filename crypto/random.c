/* SPDX-License-Identifier: BSD-2-Clause */
#include "crypto/random.h"

#include <limits.h>

#include <openssl/rand.h>

int lvpn_random(uint8_t *out, size_t len)
{
	if (len > INT_MAX || RAND_bytes(out, (int)len) != 1)
		return LVPN_ERR_CRYPTO;
	return 0;
}
