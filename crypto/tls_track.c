/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --x509-track: the certificate attributes a script sees, as
 * OpenVPN 2.6 picks them (ssl_verify_openssl.c x509_track_add,
 * x509_setenv_track).  With the option, X509_<depth>_<name> holds only
 * the tracked attributes instead of every subject field: a subject field
 * (its first occurrence) or else an extension as OpenSSL prints it, or
 * SHA1 / SHA256 the certificate's fingerprint (upper-case hex with ':').
 * A name starts with '+' to be tracked at every depth, else only for the
 * peer's own certificate (depth 0). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include "crypto/tls_int.h"

int lvpn_tls_track_set(struct lvpn_tls_ctx *c, char *const *names, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		const char *nm = names[i];
		struct lvpn_tls_track *t = &c->track[c->ntrack];
		int full = nm[0] == '+';

		nm += full;
		t->nid = OBJ_txt2nid(nm);
		ERR_clear_error();
		if (t->nid == NID_undef) {
			LVPN_LOG(c->log, LVPN_LOG_ERR, "x509-track: no such attribute '%s'", nm);
			return LVPN_ERR_CONFIG;
		}
		if (c->ntrack == LVPN_TLS_FIELDS_MAX || strlen(nm) >= sizeof(t->name)) {
			LVPN_LOG(c->log, LVPN_LOG_ERR,
			         "x509-track %s: at most %d attributes of at most %zu characters",
			         names[i], LVPN_TLS_FIELDS_MAX, sizeof(t->name) - 1);
			return LVPN_ERR_CONFIG;
		}
		memcpy(t->name, nm, strlen(nm) + 1);
		t->full = full;
		c->ntrack++;
	}
	return 0;
}

/* value into the next field of ci, CR and LF made '?' as 2.6 does; a NUL
 * becomes '_' where 2.6 would cut the value there (a CN "ab\0cd" must not
 * read "ab" to a script). */
static void put(struct lvpn_tls_cert_info *ci, const char *name, const char *value, size_t len)
{
	char *v = ci->field[ci->nfields].value;
	size_t cap = sizeof(ci->field[0].value);

	snprintf(ci->field[ci->nfields].name, sizeof(ci->field[0].name), "X509_%d_%s", ci->depth,
	         name);
	if (len >= cap)
		len = cap - 1;
	for (size_t i = 0; i < len; i++)
		v[i] = value[i] == '\r' || value[i] == '\n' ? '?' : value[i] ? value[i] : '_';
	v[len] = '\0';
	ci->nfields++;
}

static void upper(char *dst, const char *src, size_t cap)
{
	size_t i = 0;

	for (; src[i] && i + 1 < cap; i++)
		dst[i] = (char)toupper((unsigned char)src[i]);
	dst[i] = '\0';
}

/* An extension, printed by OpenSSL.  0, or LVPN_ERR_CRYPTO (no memory). */
static int ext_value(X509 *x, const struct lvpn_tls_track *t, struct lvpn_tls_cert_info *ci)
{
	int i = X509_get_ext_by_NID(x, t->nid, -1);
	X509_EXTENSION *ext = i >= 0 ? X509_get_ext(x, i) : NULL;
	BIO *b;
	char *p;
	long n;

	if (ext == NULL)
		return 0;
	b = BIO_new(BIO_s_mem());
	if (b == NULL)
		return LVPN_ERR_CRYPTO;
	if (X509V3_EXT_print(b, ext, 0, 0) == 1) {
		n = BIO_get_mem_data(b, &p);
		put(ci, t->name, p, n > 0 ? (size_t)n : 0);
	}
	BIO_free(b);
	return 0;
}

int lvpn_tls_track_fields(const struct lvpn_tls_ctx *c, X509 *x, struct lvpn_tls_cert_info *ci)
{
	X509_NAME *nm = X509_get_subject_name(x);
	char fp[sizeof(ci->sha256)];
	int rc = 0;

	if (c->ntrack == 0)
		return 0;
	ci->nfields = 0;
	memset(ci->field, 0, sizeof(ci->field));
	for (unsigned k = 0; rc == 0 && k < c->ntrack; k++) {
		const struct lvpn_tls_track *t = &c->track[k];
		int i;

		if (ci->depth != 0 && !t->full)
			continue;
		if (t->nid == NID_sha1 || t->nid == NID_sha256) {
			upper(fp, t->nid == NID_sha1 ? ci->sha1 : ci->sha256, sizeof(fp));
			put(ci, t->name, fp, strlen(fp));
			continue;
		}
		i = X509_NAME_get_index_by_NID(nm, t->nid, -1);
		if (i >= 0) {
			unsigned char *u = NULL;
			int n = ASN1_STRING_to_UTF8(
			    &u, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(nm, i)));

			if (n >= 0)
				put(ci, t->name, (const char *)u, (size_t)n);
			OPENSSL_free(u);
		} else {
			rc = ext_value(x, t, ci);
		}
	}
	ERR_clear_error();
	return rc;
}
