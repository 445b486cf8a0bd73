/* SPDX-License-Identifier: BSD-2-Clause */
/* Certificate fields with embedded NUL and control bytes, as a hostile CA
 * or a forged chain could present them (CVE-2017-7522's class): the
 * strings scripts and verify-x509-name see keep the whole value, with
 * every unprintable byte replaced, never cut at the NUL. */
#include "tests/unit/testutil.h"

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "crypto/tls_int.h"

static const unsigned char cn_nul[] = {'a', 'b', 0, 'c', 'd'};
static const unsigned char ou_ctl[] = {'x', '\n', 'y', 0x7f, 'z'};

/* A self-signed Ed25519 certificate whose subject has those fields. */
static X509 *make_cert(void)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	X509 *x = X509_new();
	X509_NAME *nm;

	assert_non_null(k);
	assert_non_null(x);
	assert_int_equal(X509_set_version(x, 2), 1);
	assert_int_equal(ASN1_INTEGER_set(X509_get_serialNumber(x), 42), 1);
	assert_non_null(X509_gmtime_adj(X509_getm_notBefore(x), 0));
	assert_non_null(X509_gmtime_adj(X509_getm_notAfter(x), 3600));
	nm = X509_get_subject_name(x);
	assert_int_equal(X509_NAME_add_entry_by_NID(nm, NID_organizationalUnitName, MBSTRING_ASC,
	                                            ou_ctl, sizeof(ou_ctl), -1, 0),
	                 1);
	assert_int_equal(X509_NAME_add_entry_by_NID(nm, NID_commonName, MBSTRING_ASC, cn_nul,
	                                            sizeof(cn_nul), -1, 0),
	                 1);
	assert_int_equal(X509_set_issuer_name(x, nm), 1);
	assert_int_equal(X509_set_pubkey(x, k), 1);
	assert_true(X509_sign(x, k, NULL) > 0);
	EVP_PKEY_free(k);
	return x;
}

static const char *field(const struct lvpn_tls_cert_info *ci, const char *name)
{
	for (unsigned i = 0; i < ci->nfields; i++)
		if (strcmp(ci->field[i].name, name) == 0)
			return ci->field[i].value;
	return NULL;
}

static void nul_in_common_name(void **state)
{
	struct lvpn_tls_cert_info ci;
	X509 *x = make_cert();

	(void)state;
	assert_int_equal(lvpn_tls_cert_facts(x, 0, &ci), 0);
	/* the identity is the whole CN: "ab" alone would match a name it is not */
	assert_string_equal(ci.cn, "ab_cd");
	assert_string_equal(field(&ci, "X509_0_CN"), "ab_cd");
	assert_string_equal(field(&ci, "X509_0_OU"), "x_y_z");
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
