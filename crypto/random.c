/* SPDX-License-Identifier: BSD-2-Clause */
#include "crypto/random.h"

#include <limits.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

static int resist; /* --use-prediction-resistance in force */

int lvpn_random(uint8_t *out, size_t len)
{
	EVP_RAND_CTX *pub;

	if (len > INT_MAX)
		return LVPN_ERR_CRYPTO;
	if (!resist)
		return RAND_bytes(out, (int)len) == 1 ? 0 : LVPN_ERR_CRYPTO;
	/* prediction resistance asked of the DRBG for this very draw: it
	 * reseeds through its parents from the system's entropy first */
	pub = RAND_get0_public(NULL);
	if (!pub || EVP_RAND_generate(pub, out, len, 0, 1, NULL, 0) != 1)
		return LVPN_ERR_CRYPTO;
	return 0;
}

/* reseed_requests 1: the DRBG reseeds from its parent before each
 * request (the primary from the system's entropy source) */
static int reseed_always(EVP_RAND_CTX *ctx)
{
	unsigned int one = 1;
	OSSL_PARAM p[] = {OSSL_PARAM_construct_uint(OSSL_DRBG_PARAM_RESEED_REQUESTS, &one),
	                  OSSL_PARAM_construct_end()};

	return ctx && EVP_RAND_CTX_set_params(ctx, p) == 1;
}

int lvpn_random_prediction_resistance(void)
{
	if (!reseed_always(RAND_get0_primary(NULL)) || !reseed_always(RAND_get0_public(NULL)) ||
	    !reseed_always(RAND_get0_private(NULL)))
		return LVPN_ERR_CRYPTO;
	resist = 1;
	return 0;
}
