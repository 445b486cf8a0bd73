/* SPDX-License-Identifier: BSD-2-Clause */
/* crypto/random: --use-prediction-resistance makes every draw reseed from
 * the system, ours (lvpn_random) and those TLS makes (RAND_bytes,
 * RAND_priv_bytes); without it the DRBG does not reseed per draw. */
#include "tests/unit/testutil.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "crypto/random.h"

/* how often OpenSSL's primary DRBG has reseeded from the system */
static unsigned reseeds(void)
{
	unsigned n = 0;
	OSSL_PARAM p[] = {OSSL_PARAM_construct_uint(OSSL_DRBG_PARAM_RESEED_COUNTER, &n),
	                  OSSL_PARAM_construct_end()};

	assert_int_equal(EVP_RAND_CTX_get_params(RAND_get0_primary(NULL), p), 1);
	return n;
}

static void prediction_resistance(void **state)
{
	uint8_t a[32], b[32];
	unsigned before;

	(void)state;
	assert_int_equal(lvpn_random(a, sizeof(a)), 0);
	before = reseeds();
	assert_int_equal(lvpn_random(a, sizeof(a)), 0);
	assert_int_equal(lvpn_random(b, sizeof(b)), 0);
	assert_int_equal(reseeds(), before);

	assert_int_equal(lvpn_random_prediction_resistance(), 0);
	before = reseeds();
	assert_int_equal(lvpn_random(a, sizeof(a)), 0);
	assert_true(reseeds() > before);
	before = reseeds();
	assert_int_equal(lvpn_random(b, sizeof(b)), 0);
	assert_true(reseeds() > before);
	assert_memory_not_equal(a, b, sizeof(a));
	before = reseeds();
	assert_int_equal(RAND_bytes(a, sizeof(a)), 1);
	assert_true(reseeds() > before);
	before = reseeds();
	assert_int_equal(RAND_priv_bytes(a, sizeof(a)), 1);
	assert_true(reseeds() > before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(prediction_resistance),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
