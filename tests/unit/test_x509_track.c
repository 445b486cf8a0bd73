/* SPDX-License-Identifier: BSD-2-Clause */
/* crypto/tls_track.c: --x509-track as OpenVPN 2.6 fills the environment:
 * only the tracked attributes become X509_<depth>_<name> (subject fields,
 * else extensions as OpenSSL prints them, SHA1/SHA256 fingerprints in
 * upper case), at depth 0 unless the name starts with '+'; unknown
 * attributes are refused. */
#include "tests/unit/testutil.h"

#include <ctype.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "crypto/tls_int.h"
#include "tests/unit/cert_testutil.h"

static const unsigned char cn_nul[] = {'a', 'b', 0, 'c', 'd'};

/* A self-signed Ed25519 certificate: CN (with a NUL), OU twice, an
 * e-mail address, key usage and basic constraints. */
static X509 *make_cert(void)
{
	EVP_PKEY *k;
	X509 *x = cert_new(7, &k);
	X509_NAME *nm = X509_get_subject_name(x);
	X509_EXTENSION *ext;
	X509V3_CTX v3;

	assert_int_equal(X509_NAME_add_entry_by_txt(nm, "OU", MBSTRING_ASC,
	                                            (const unsigned char *)"first", -1, -1, 0),
	                 1);
	assert_int_equal(X509_NAME_add_entry_by_txt(nm, "OU", MBSTRING_ASC,
	                                            (const unsigned char *)"second", -1, -1, 0),
	                 1);
	assert_int_equal(X509_NAME_add_entry_by_txt(nm, "emailAddress", MBSTRING_ASC,
	                                            (const unsigned char *)"a@b.example", -1, -1,
	                                            0),
	                 1);
	assert_int_equal(X509_NAME_add_entry_by_NID(nm, NID_commonName, MBSTRING_ASC, cn_nul,
	                                            sizeof(cn_nul), -1, 0),
	                 1);
	X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
	ext =
	    X509V3_EXT_conf_nid(NULL, &v3, NID_key_usage, "critical,digitalSignature,keyCertSign");
	assert_non_null(ext);
	assert_int_equal(X509_add_ext(x, ext, -1), 1);
	X509_EXTENSION_free(ext);
	ext = X509V3_EXT_conf_nid(NULL, &v3, NID_basic_constraints, "critical,CA:TRUE");
	assert_non_null(ext);
	assert_int_equal(X509_add_ext(x, ext, -1), 1);
	X509_EXTENSION_free(ext);
	cert_sign(x, k);
	return x;
}

static void tracked_only(void **state)
{
	char *names[] = {"CN",    "+OU",      "emailAddress",      "SHA256",
	                 "+SHA1", "keyUsage", "+basicConstraints", "L"};
	struct lvpn_tls_ctx c;
	struct lvpn_tls_cert_info ci;
	char up[96];
	X509 *x = make_cert();

	(void)state;
	memset(&c, 0, sizeof(c));
	assert_int_equal(lvpn_tls_track_set(&c, names, 8), 0);
	assert_int_equal(c.ntrack, 8);
	/* depth 0: every tracked attribute the certificate has */
	assert_int_equal(lvpn_tls_cert_facts(x, 0, &ci), 0);
	for (size_t i = 0; i <= strlen(ci.sha256); i++)
		up[i] = (char)toupper((unsigned char)ci.sha256[i]);
	assert_int_equal(lvpn_tls_track_fields(&c, x, &ci), 0);
	assert_string_equal(cert_field(&ci, "X509_0_CN"), "ab_cd");
	assert_string_equal(cert_field(&ci, "X509_0_OU"), "first"); /* the first one */
	assert_string_equal(cert_field(&ci, "X509_0_emailAddress"), "a@b.example");
	assert_string_equal(cert_field(&ci, "X509_0_SHA256"), up);
	assert_int_equal(strlen(cert_field(&ci, "X509_0_SHA1")), 59);
	assert_string_equal(cert_field(&ci, "X509_0_keyUsage"),
	                    "Digital Signature, Certificate Sign");
	assert_string_equal(cert_field(&ci, "X509_0_basicConstraints"), "CA:TRUE");
	assert_null(cert_field(&ci, "X509_0_L")); /* not in the certificate */
	assert_null(cert_field(&ci, "X509_0_OU_1"));
	assert_int_equal(ci.nfields, 7);
	assert_string_equal(ci.cn, "ab_cd"); /* the identity is untouched */
	/* depth 1: only the '+' ones */
	assert_int_equal(lvpn_tls_cert_facts(x, 1, &ci), 0);
	assert_int_equal(lvpn_tls_track_fields(&c, x, &ci), 0);
	assert_int_equal(ci.nfields, 3);
	assert_string_equal(cert_field(&ci, "X509_1_OU"), "first");
	assert_non_null(cert_field(&ci, "X509_1_SHA1"));
	assert_string_equal(cert_field(&ci, "X509_1_basicConstraints"), "CA:TRUE");
	/* without x509-track every subject field stays */
	memset(&c, 0, sizeof(c));
	assert_int_equal(lvpn_tls_cert_facts(x, 0, &ci), 0);
	assert_int_equal(lvpn_tls_track_fields(&c, x, &ci), 0);
	assert_string_equal(cert_field(&ci, "X509_0_OU_1"), "second");
	X509_free(x);
}

static void refused(void **state)
{
	char *bad[] = {"CN", "+notAnAttribute"};
	char *many[LVPN_TLS_FIELDS_MAX + 1];
	struct lvpn_tls_ctx c;

	(void)state;
	memset(&c, 0, sizeof(c));
	assert_int_equal(lvpn_tls_track_set(&c, bad, 2), LVPN_ERR_CONFIG);
	for (int i = 0; i <= LVPN_TLS_FIELDS_MAX; i++)
		many[i] = "OU";
	memset(&c, 0, sizeof(c));
	assert_int_equal(lvpn_tls_track_set(&c, many, LVPN_TLS_FIELDS_MAX), 0);
	memset(&c, 0, sizeof(c));
	assert_int_equal(lvpn_tls_track_set(&c, many, LVPN_TLS_FIELDS_MAX + 1), LVPN_ERR_CONFIG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(tracked_only),
	    cmocka_unit_test(refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
