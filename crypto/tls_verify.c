/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - peer certificate checks and certificate facts (see tls.h).
 *
 * The checks OpenVPN 2.6 makes in its verify callback, in its order:
 * chain verification by OpenSSL (ignored when peer-fingerprint stands in for
 * a CA; a CA without a CRL is tolerated under crl-verify), chain depth,
 * peer-fingerprint, then on the peer's own certificate remote-cert-tls
 * (keyUsage present, extendedKeyUsage serverAuth/clientAuth) and
 * verify-x509-name, then the tls-verify hook.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "crypto/tls_int.h"

/* lowercase hex with a colon between bytes, cut to fit */
static void colon_hex(char *out, size_t cap, const uint8_t *p, size_t n)
{
	size_t o = 0;

	if (cap == 0)
		return;
	out[0] = '\0';
	for (size_t i = 0; i < n && o + 3 < cap; i++)
		o += (size_t)snprintf(out + o, cap - o, i ? ":%02x" : "%02x", p[i]);
}

/* Copies a value, replacing anything not printable ASCII by '_' (as
 * OpenVPN's string_mod(CC_PRINT) does for the script environment). */
static void printable(char *out, size_t cap, const unsigned char *s, int n)
{
	size_t o = 0;

	for (int i = 0; i < n && o + 1 < cap; i++)
		out[o++] = (s[i] >= 0x20 && s[i] < 0x7f) ? (char)s[i] : '_';
	out[o] = '\0';
}

/* The subject as one line; LVPN_ERR_CRYPTO when OpenSSL could not make it
 * (out is then ""). */
static int subject_string(X509 *x, char *out, size_t cap)
{
	BIO *b = BIO_new(BIO_s_mem());
	int len, n = 0;

	out[0] = '\0';
	if (b == NULL)
		return LVPN_ERR_CRYPTO;
	len = X509_NAME_print_ex(b, X509_get_subject_name(x), 0,
	                         XN_FLAG_SEP_CPLUS_SPC | XN_FLAG_FN_SN | ASN1_STRFLGS_UTF8_CONVERT |
	                             ASN1_STRFLGS_ESC_CTRL);
	if (len > 0) /* an empty subject prints nothing */
		n = BIO_read(b, out, (int)cap - 1);
	out[n > 0 ? n : 0] = '\0';
	BIO_free(b);
	if (len < 0) {
		ERR_clear_error();
		return LVPN_ERR_CRYPTO;
	}
	return 0;
}

/* tls_serial and tls_serial_hex; LVPN_ERR_CRYPTO when OpenSSL failed. */
static int serials(X509 *x, struct lvpn_tls_cert_info *ci)
{
	const ASN1_INTEGER *a = X509_get0_serialNumber(x);
	BIGNUM *bn = ASN1_INTEGER_to_BN(a, NULL);
	char *dec = bn ? BN_bn2dec(bn) : NULL;

	snprintf(ci->serial, sizeof(ci->serial), "%s", dec ? dec : "");
	OPENSSL_free(dec);
	BN_free(bn);
	colon_hex(ci->serial_hex, sizeof(ci->serial_hex), ASN1_STRING_get0_data(a),
	          (size_t)ASN1_STRING_length(a));
	ERR_clear_error();
	return dec ? 0 : LVPN_ERR_CRYPTO;
}

static int sha256_of(X509 *x, uint8_t md[32])
{
	unsigned int n = 0;

	if (!X509_digest(x, EVP_sha256(), md, &n) || n != 32) {
		ERR_clear_error();
		return LVPN_ERR_CRYPTO;
	}
	return 0;
}

/* The string types OpenSSL has already decoded when it parsed the name
 * (its canonical form): converting one of them to UTF-8 can only fail for
 * want of memory.  Others (not text) are skipped, as OpenVPN does. */
#define TEXT_TYPES                                                                                 \
	(B_ASN1_UTF8STRING | B_ASN1_IA5STRING | B_ASN1_PRINTABLESTRING | B_ASN1_T61STRING |        \
	 B_ASN1_BMPSTRING | B_ASN1_UNIVERSALSTRING | B_ASN1_VISIBLESTRING)

/* One subject entry into ci (nids: the nid of each field kept so far). */
static int subject_field(X509_NAME_ENTRY *e, int depth, struct lvpn_tls_cert_info *ci, int *nids)
{
	const ASN1_STRING *v = X509_NAME_ENTRY_get_data(e);
	int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(e));
	const char *sn = nid != NID_undef ? OBJ_nid2sn(nid) : NULL;
	unsigned char *utf8 = NULL;
	int n;

	if (sn == NULL)
		return 0;
	n = ASN1_STRING_to_UTF8(&utf8, v);
	if (n < 0)
		return (ASN1_tag2bit(ASN1_STRING_type(v)) & TEXT_TYPES) ? LVPN_ERR_CRYPTO : 0;
	if (nid == NID_commonName)
		printable(ci->cn, sizeof(ci->cn), utf8, n);
	if (ci->nfields < LVPN_TLS_FIELDS_MAX) {
		unsigned same = 0;

		/* a repeated field gets _1, _2... (OpenVPN's setenv_str_incr) */
		for (unsigned k = 0; k < ci->nfields; k++)
			same += nids[k] == nid;
		nids[ci->nfields] = nid;
		if (same)
			snprintf(ci->field[ci->nfields].name, sizeof(ci->field[0].name),
			         "X509_%d_%s_%u", depth, sn, same);
		else
			snprintf(ci->field[ci->nfields].name, sizeof(ci->field[0].name),
			         "X509_%d_%s", depth, sn);
		printable(ci->field[ci->nfields].value, sizeof(ci->field[0].value), utf8, n);
		ci->nfields++;
	}
	OPENSSL_free(utf8);
	return 0;
}

int lvpn_tls_cert_facts(X509 *x, int depth, struct lvpn_tls_cert_info *ci)
{
	X509_NAME *nm = X509_get_subject_name(x);
	int nids[LVPN_TLS_FIELDS_MAX];
	uint8_t md[32];
	unsigned int dlen = 0;
	int rc;

	memset(ci, 0, sizeof(*ci));
	ci->depth = depth;
	rc = subject_string(x, ci->subject, sizeof(ci->subject));
	if (rc == 0)
		rc = serials(x, ci);
	if (rc == 0)
		rc = sha256_of(x, md);
	if (rc == 0) {
		colon_hex(ci->sha256, sizeof(ci->sha256), md, sizeof(md));
		if (X509_digest(x, EVP_sha1(), md, &dlen) && dlen == 20)
			colon_hex(ci->sha1, sizeof(ci->sha1), md, dlen);
		else
			rc = LVPN_ERR_CRYPTO;
	}
	for (int i = 0; rc == 0 && i < X509_NAME_entry_count(nm); i++)
		rc = subject_field(X509_NAME_get_entry(nm, i), depth, ci, nids);
	ERR_clear_error();
	if (rc)
		memset(ci, 0, sizeof(*ci)); /* nothing half-made is used */
	return rc;
}

static int check_fingerprint(struct lvpn_tls_sess *s, X509 *x)
{
	struct lvpn_tls_ctx *c = s->ctx;
	uint8_t md[32];
	char hex[96];
	int match = 0;

	if (sha256_of(x, md) < 0) {
		lvpn_tls_fail(s, "peer-fingerprint: cannot hash the certificate");
		return -1;
	}
	for (size_t i = 0; i < c->nfp; i++)
		match |= CRYPTO_memcmp(md, c->fp[i], sizeof(md)) == 0;
	if (!match) {
		colon_hex(hex, sizeof(hex), md, sizeof(md));
		lvpn_tls_fail(s, "peer-fingerprint: certificate hash verification failed (got %s)",
		              hex);
		return -1;
	}
	return 0;
}

static int check_remote_cert(struct lvpn_tls_sess *s, X509 *x)
{
	enum lvpn_tls_remote_cert want = s->ctx->remote_cert;
	uint32_t flags = X509_get_extension_flags(x);
	uint32_t bit = want == LVPN_REMOTE_CERT_SERVER ? XKU_SSL_SERVER : XKU_SSL_CLIENT;
	const char *name = want == LVPN_REMOTE_CERT_SERVER ? "TLS Web Server Authentication"
	                                                   : "TLS Web Client Authentication";

	if (want == LVPN_REMOTE_CERT_ANY)
		return 0;
	if (!(flags & EXFLAG_KUSAGE)) {
		lvpn_tls_fail(s, "remote-cert-tls: the certificate has no key usage extension");
		return -1;
	}
	if (!(flags & EXFLAG_XKUSAGE) || !(X509_get_extended_key_usage(x) & bit)) {
		lvpn_tls_fail(s, "remote-cert-tls: extended key usage '%s' missing", name);
		return -1;
	}
	return 0;
}

/* --verify-hash: the level-1 certificate's SHA1 or SHA256 hash is listed */
static int check_ca_hash(struct lvpn_tls_sess *s, X509 *x)
{
	const struct lvpn_tls_ctx *c = s->ctx;
	uint8_t md[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	int match = 0;

	if (!X509_digest(x, c->ca_hash_len == 20 ? EVP_sha1() : EVP_sha256(), md, &n) ||
	    n != c->ca_hash_len) {
		lvpn_tls_fail(s, "verify-hash: cannot hash the level-1 certificate");
		return -1;
	}
	for (size_t i = 0; i < c->nca_hashes; i++)
		match |= CRYPTO_memcmp(md, c->ca_hashes[i], n) == 0;
	if (!match) {
		lvpn_tls_fail(s, "verify-hash: level-1 certificate hash verification failed");
		return -1;
	}
	return 0;
}

/* --ns-cert-type: OpenSSL's TLS purpose check; failing that, the old
 * Netscape certificate type bit, with OpenVPN's warning */
static int check_ns_cert(struct lvpn_tls_sess *s, X509 *x)
{
	int want = s->ctx->ns_cert_type, server = want == LVPN_NS_CERT_SERVER;
	ASN1_BIT_STRING *ns;
	int ok;

	if (want == LVPN_NS_CERT_NONE)
		return 0;
	if (X509_check_purpose(x, server ? X509_PURPOSE_SSL_SERVER : X509_PURPOSE_SSL_CLIENT, 0) ==
	    1)
		return 0;
	ns = X509_get_ext_d2i(x, NID_netscape_cert_type, NULL, NULL);
	ok = ns && ns->length > 0 && (ns->data[0] & (server ? NS_SSL_SERVER : NS_SSL_CLIENT));
	ASN1_BIT_STRING_free(ns);
	if (!ok) {
		lvpn_tls_fail(s, "ns-cert-type: the certificate is not a %s certificate",
		              server ? "server" : "client");
		return -1;
	}
	LVPN_LOG(s->ctx->log, LVPN_LOG_WARN,
	         "WARNING: ns-cert-type: only the Netscape certificate type says this is a %s "
	         "certificate (its purpose cannot be verified)",
	         server ? "server" : "client");
	return 0;
}

/* --remote-cert-ku, as OpenVPN 2.6: the key usage bits read MSB first
 * from the bit string (a value without its low byte shifted down), and one
 * listed value whose bits are all set */
static int check_ku(struct lvpn_tls_sess *s, X509 *x)
{
	const struct lvpn_tls_ctx *c = s->ctx;
	ASN1_BIT_STRING *ku;
	unsigned have = 0;
	int found = 0;

	if (!c->remote_ku_set)
		return 0;
	ku = X509_get_ext_d2i(x, NID_key_usage, NULL, NULL);
	if (ku == NULL) {
		lvpn_tls_fail(s, "remote-cert-ku: the certificate has no key usage extension");
		return -1;
	}
	for (int i = 0; i < 8; i++)
		if (ASN1_BIT_STRING_get_bit(ku, i))
			have |= 1u << (7 - i);
	ASN1_BIT_STRING_free(ku);
	if ((have & 0xff) == 0)
		have >>= 8;
	for (size_t i = 0; i < c->nremote_ku; i++)
		found |= c->remote_ku[i] != 0 && (have & c->remote_ku[i]) == c->remote_ku[i];
	if (c->nremote_ku > 0 && !found) {
		lvpn_tls_fail(
		    s, "remote-cert-ku: the certificate has key usage %04x, expected %04x%s", have,
		    c->remote_ku[0], c->nremote_ku > 1 ? " or another listed value" : "");
		return -1;
	}
	return 0;
}

/* --remote-cert-eku: one extended key usage whose name or OID is it */
static int check_eku(struct lvpn_tls_sess *s, X509 *x)
{
	const char *want = s->ctx->remote_eku;
	EXTENDED_KEY_USAGE *eku;
	char txt[128];
	int found = 0;

	if (want == NULL)
		return 0;
	eku = X509_get_ext_d2i(x, NID_ext_key_usage, NULL, NULL);
	if (eku == NULL) {
		lvpn_tls_fail(
		    s, "remote-cert-eku: the certificate has no extended key usage extension");
		return -1;
	}
	for (int i = 0; i < sk_ASN1_OBJECT_num(eku) && !found; i++) {
		ASN1_OBJECT *oid = sk_ASN1_OBJECT_value(eku, i);

		for (int no_name = 0; no_name <= 1 && !found; no_name++)
			found = OBJ_obj2txt(txt, sizeof(txt), oid, no_name) > 0 &&
			        strcmp(txt, want) == 0;
	}
	sk_ASN1_OBJECT_pop_free(eku, ASN1_OBJECT_free);
	if (!found) {
		lvpn_tls_fail(s, "remote-cert-eku: extended key usage '%s' missing", want);
		return -1;
	}
	return 0;
}

static int check_name(struct lvpn_tls_sess *s, const struct lvpn_tls_cert_info *ci)
{
	const char *want = s->ctx->x509_name;
	int ok;

	switch (s->ctx->x509_name_type) {
	case LVPN_X509_NAME_NONE:
		return 0;
	case LVPN_X509_NAME_SUBJECT:
		ok = strcmp(ci->subject, want) == 0;
		break;
	case LVPN_X509_NAME_CN:
		ok = strcmp(ci->cn, want) == 0;
		break;
	default:
		ok = strncmp(ci->cn, want, strlen(want)) == 0;
		break;
	}
	if (!ok) {
		lvpn_tls_fail(s, "verify-x509-name: '%s' does not match '%s'", ci->subject, want);
		return -1;
	}
	return 0;
}

int lvpn_tls_verify_cb(int ok, X509_STORE_CTX *st)
{
	SSL *ssl = X509_STORE_CTX_get_ex_data(st, SSL_get_ex_data_X509_STORE_CTX_idx());
	struct lvpn_tls_sess *s = ssl ? SSL_get_ex_data(ssl, lvpn_tls_sess_idx) : NULL;
	X509 *x = X509_STORE_CTX_get_current_cert(st);
	int depth = X509_STORE_CTX_get_error_depth(st);
	int err = X509_STORE_CTX_get_error(st);
	struct lvpn_tls_cert_info ci;
	struct lvpn_tls_ctx *c;

	if (s == NULL || x == NULL)
		return 0;
	c = s->ctx;
	if (!ok) {
		int fp_only = !c->have_ca && c->nfp > 0;

		if (err == X509_V_ERR_UNABLE_TO_GET_CRL) {
			LVPN_LOG(c->log, LVPN_LOG_INFO,
			         "VERIFY WARNING: depth=%d: no CRL for this CA", depth);
		} else if (!fp_only) {
			char subj[256];

			(void)subject_string(x, subj, sizeof(subj)); /* "" at worst */
			lvpn_tls_fail(s, "certificate verify failed: depth=%d, %s: %s", depth,
			              X509_verify_cert_error_string(err), subj);
			return 0;
		}
	}
	if (depth >= LVPN_TLS_MAX_DEPTH) {
		lvpn_tls_fail(s, "certificate chain deeper than %d", LVPN_TLS_MAX_DEPTH);
		return 0;
	}
	if (lvpn_tls_cert_facts(x, depth, &ci) < 0 || lvpn_tls_track_fields(c, x, &ci) < 0) {
		lvpn_tls_fail(s, "cannot read the certificate at depth %d", depth);
		return 0;
	}
	if (depth == 1 && c->nca_hashes > 0 && check_ca_hash(s, x) < 0)
		return 0;
	if (depth == 0) {
		if (c->nfp > 0 && check_fingerprint(s, x) < 0)
			return 0;
		if (check_remote_cert(s, x) < 0 || check_ns_cert(s, x) < 0 || check_ku(s, x) < 0 ||
		    check_eku(s, x) < 0 || check_name(s, &ci) < 0)
			return 0;
	}
	/* the hook sees each certificate once, when OpenSSL accepted it */
	ci.cert = x;
	if (ok && c->verify != NULL && c->verify(c->verify_arg, &ci) != 0) {
		lvpn_tls_fail(s, "tls-verify rejected the certificate at depth %d: %s", depth,
		              ci.subject);
		return 0;
	}
	if (ok || depth == 0)
		LVPN_LOG(c->log, LVPN_LOG_INFO, "VERIFY OK: depth=%d, %s", depth, ci.subject);
	return 1;
}

int lvpn_tls_cert_pem(const struct lvpn_tls_cert_info *ci, char *buf, size_t cap, size_t *len)
{
	BIO *b;
	char *data;
	long n;
	int rc = 0;

	if (!ci->cert || cap == 0)
		return LVPN_ERR_INVAL;
	b = BIO_new(BIO_s_mem());
	if (!b || !PEM_write_bio_X509(b, (X509 *)(uintptr_t)ci->cert)) {
		BIO_free(b);
		return LVPN_ERR_NOMEM;
	}
	n = BIO_get_mem_data(b, &data);
	if (n < 0 || (size_t)n >= cap) {
		rc = LVPN_ERR_BUFSIZE;
	} else {
		memcpy(buf, data, (size_t)n);
		buf[n] = '\0';
		*len = (size_t)n;
	}
	BIO_free(b);
	return rc;
}
