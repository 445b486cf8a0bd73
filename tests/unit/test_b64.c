/* SPDX-License-Identifier: BSD-2-Clause */
#include "tests/unit/testutil.h"

#include "base/b64.h"

/* RFC 4648 section 10 */
static const char *const plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
static const char *const coded[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};

static void rfc4648_vectors_both_ways(void **state)
{
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		char enc[16];
		uint8_t dec[16];
		size_t n = strlen(plain[i]), m = 99;

		assert_int_equal(lvpn_b64_len(n), strlen(coded[i]));
		assert_int_equal(lvpn_b64_encode((const uint8_t *)plain[i], n, enc),
		                 strlen(coded[i]));
		assert_memory_equal(enc, coded[i], strlen(coded[i]));
		assert_int_equal(lvpn_b64_decode(coded[i], strlen(coded[i]), dec, sizeof(dec), &m),
		                 0);
		assert_int_equal(m, n);
		assert_memory_equal(dec, plain[i], n);
	}
}

static void whitespace_is_skipped(void **state)
{
	const char *s = " Zm9v\r\nYmFy\n\t";
	uint8_t dec[8];
	size_t m = 0;

	assert_int_equal(lvpn_b64_decode(s, strlen(s), dec, sizeof(dec), &m), 0);
	assert_int_equal(m, 6);
	assert_memory_equal(dec, "foobar", 6);
}

static void malformed_input_is_refused(void **state)
{
	const char *bad[] = {"Zm9", "Zm9v!", "Zg=a", "Z===", "Zm9v-A==", "Zm=v"};
	uint8_t dec[16];
	size_t m;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(lvpn_b64_decode(bad[i], strlen(bad[i]), dec, sizeof(dec), &m),
		                 LVPN_ERR_MALFORMED);
}

static void output_larger_than_cap_is_refused(void **state)
{
	uint8_t dec[5];
	size_t m;

	assert_int_equal(lvpn_b64_decode("Zm9vYmFy", 8, dec, sizeof(dec), &m), LVPN_ERR_BUFSIZE);
	assert_int_equal(lvpn_b64_decode("Zm9vYmE=", 8, dec, sizeof(dec), &m), 0);
	assert_int_equal(m, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(rfc4648_vectors_both_ways),
	    cmocka_unit_test(whitespace_is_skipped),
	    cmocka_unit_test(malformed_input_is_refused),
	    cmocka_unit_test(output_larger_than_cap_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
