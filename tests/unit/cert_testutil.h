/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared by the certificate-facts tests: a self-signed Ed25519
 * certificate built in memory, and a field of the facts by name. */
#ifndef LVPN_CERT_TESTUTIL_H
#define LVPN_CERT_TESTUTIL_H

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "crypto/tls.h"

/* A certificate with serial and an hour's validity, its key in *k; the
 * caller fills its subject and extensions, then cert_sign(). */
static inline X509 *cert_new(int serial, EVP_PKEY **k)
{
	X509 *x = X509_new();

	*k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	assert_non_null(*k);
	assert_non_null(x);
	assert_int_equal(X509_set_version(x, 2), 1);
	assert_int_equal(ASN1_INTEGER_set(X509_get_serialNumber(x), serial), 1);
	assert_non_null(X509_gmtime_adj(X509_getm_notBefore(x), 0));
	assert_non_null(X509_gmtime_adj(X509_getm_notAfter(x), 3600));
	return x;
}

/* Self-signs x (issuer: its subject) with k, which is freed. */
static inline void cert_sign(X509 *x, EVP_PKEY *k)
{
	assert_int_equal(X509_set_issuer_name(x, X509_get_subject_name(x)), 1);
	assert_int_equal(X509_set_pubkey(x, k), 1);
	assert_true(X509_sign(x, k, NULL) > 0);
	EVP_PKEY_free(k);
}

/* The value of the X509_* variable name in ci, or NULL. */
static inline const char *cert_field(const struct lvpn_tls_cert_info *ci, const char *name)
{
	for (unsigned i = 0; i < ci->nfields; i++)
		if (strcmp(ci->field[i].name, name) == 0)
			return ci->field[i].value;
	return NULL;
}

#endif
