/* SPDX-License-Identifier: BSD-2-Clause */
/* Certificate fields with embedded NUL and control bytes, as a hostile CA
 * or a forged chain could present them (CVE-2017-7522's class): the
 * strings scripts and verify-x509-name see keep the whole value, with
 * every unprintable byte replaced, never cut at the NUL. */
#include "tests/unit/testutil.h"

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "crypto/tls_int.h"
#include "tests/unit/cert_testutil.h"

static const unsigned char cn_nul[] = {'a', 'b', 0, 'c', 'd'};
static const unsigned char ou_ctl[] = {'x', '\n', 'y', 0x7f, 'z'};

/* A self-signed Ed25519 certificate whose subject has those fields. */
static X509 *make_cert(void)
{
	EVP_PKEY *k;
	X509 *x = cert_new(42, &k);
	X509_NAME *nm = X509_get_subject_name(x);

	assert_int_equal(X509_NAME_add_entry_by_NID(nm, NID_organizationalUnitName, MBSTRING_ASC,
	                                            ou_ctl, sizeof(ou_ctl), -1, 0),
	                 1);
	assert_int_equal(X509_NAME_add_entry_by_NID(nm, NID_commonName, MBSTRING_ASC, cn_nul,
	                                            sizeof(cn_nul), -1, 0),
	                 1);
	cert_sign(x, k);
	return x;
}

static void nul_in_common_name(void **state)
{
	struct lvpn_tls_cert_info ci;
	X509 *x = make_cert();

	(void)state;
	assert_int_equal(lvpn_tls_cert_facts(x, 0, &ci), 0);
	/* the identity is the whole CN: "ab" alone would match a name it is not */
	assert_string_equal(ci.cn, "ab_cd");
	assert_string_equal(cert_field(&ci, "X509_0_CN"), "ab_cd");
	assert_string_equal(cert_field(&ci, "X509_0_OU"), "x_y_z");
	/* the subject escapes what it cannot show, and goes on past the NUL */
	assert_non_null(strstr(ci.subject, "cd"));
	for (const char *p = ci.subject; *p; p++)
		assert_true((unsigned char)*p >= 0x20);
	X509_free(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(nul_in_common_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
