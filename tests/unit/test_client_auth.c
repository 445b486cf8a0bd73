/* SPDX-License-Identifier: BSD-2-Clause */
/* SCRV1 packing of the static-challenge response.  Known answers: the
 * base64 test vectors of RFC 4648 section 10 ("f" -> "Zg==", "fo" ->
 * "Zm8=", "foo" -> "Zm9v", "foob" -> "Zm9vYg==", "fooba" -> "Zm9vYmE=",
 * "foobar" -> "Zm9vYmFy") and OpenVPN 2.6's format "SCRV1:%s:%s"
 * (misc.c); one more checked with coreutils: printf 's3cret' | base64
 * -> czNjcmV0, printf '123456' | base64 -> MTIzNDU2. */
#include "tests/unit/testutil.h"

#include "src/client_auth.h"

static void rfc4648_vectors(void **state)
{
	static const char *const in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
	static const char *const b[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
	char out[64], want[64];

	(void)state;
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		for (size_t j = 0; j < sizeof(in) / sizeof(in[0]); j++) {
			snprintf(want, sizeof(want), "SCRV1:%s:%s", b[i], b[j]);
			assert_int_equal(lvpn_client_scrv1(in[i], in[j], out, sizeof(out)), 0);
			assert_string_equal(out, want);
		}
	}
}

static void coreutils_vector(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(lvpn_client_scrv1("s3cret", "123456", out, sizeof(out)), 0);
	assert_string_equal(out, "SCRV1:czNjcmV0:MTIzNDU2");
}

static void exact_and_too_small(void **state)
{
	char out[32];
	/* "SCRV1:Zm9vYmFy:Zm8=" is 19 characters: 20 bytes with the NUL */
	(void)state;
	assert_int_equal(lvpn_client_scrv1("foobar", "fo", out, 20), 0);
	assert_string_equal(out, "SCRV1:Zm9vYmFy:Zm8=");
	memset(out, 'x', sizeof(out));
	assert_int_equal(lvpn_client_scrv1("foobar", "fo", out, 19), LVPN_ERR_BUFSIZE);
	assert_int_equal(out[0], '\0');
	assert_int_equal(out[19], 'x'); /* nothing written past cap */
	assert_int_equal(lvpn_client_scrv1("foobar", "fo", out, 0), LVPN_ERR_BUFSIZE);
	assert_int_equal(lvpn_client_scrv1(NULL, "fo", out, sizeof(out)), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_client_scrv1("a", NULL, out, sizeof(out)), LVPN_ERR_INVAL);
}

static void binary_bytes(void **state)
{
	char out[64];

	(void)state;
	/* 0xff 0xfe 0xfd -> "//79" (by hand: 111111 111111 111011 111101) */
	assert_int_equal(lvpn_client_scrv1("\xff\xfe\xfd", "\xfb", out, sizeof(out)), 0);
	/* 0xfb -> 111110 11(0000) -> "+w==" */
	assert_string_equal(out, "SCRV1://79:+w==");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(rfc4648_vectors),
	    cmocka_unit_test(coreutils_vector),
	    cmocka_unit_test(exact_and_too_small),
	    cmocka_unit_test(binary_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
