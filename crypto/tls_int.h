/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - internals shared by crypto/tls.c and crypto/tls_verify.c.
 * Not for use outside crypto/tls*.c. */
#ifndef LVPN_TLS_INT_H
#define LVPN_TLS_INT_H

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "crypto/tls.h"

/* one --x509-track attribute (tls_track.c) */
struct lvpn_tls_track {
	int nid;
	int full; /* '+': every depth, else depth 0 only */
	char name[40];
};

struct lvpn_tls_ctx {
	SSL_CTX *ssl;
	enum lvpn_tls_role role;
	int have_ca; /* ca, capath or pkcs12 CAs loaded */
	enum lvpn_tls_remote_cert remote_cert;
	enum lvpn_tls_x509_name x509_name_type;
	char *x509_name;
	int ns_cert_type;
	int remote_ku_set;
	size_t nremote_ku;
	uint16_t remote_ku[LVPN_TLS_MAX_KU];
	char *remote_eku;
	uint8_t (*fp)[32];
	size_t nfp;
	uint8_t (*ca_hashes)[32];
	size_t nca_hashes, ca_hash_len;
	lvpn_tls_verify_fn *verify;
	void *verify_arg;
	struct lvpn_log *log;
	unsigned ntrack;
	struct lvpn_tls_track track[LVPN_TLS_FIELDS_MAX];
};

struct lvpn_tls_sess {
	struct lvpn_tls_ctx *ctx;
	SSL *ssl;
	BIO *in;  /* ciphertext from the peer, read by OpenSSL */
	BIO *out; /* ciphertext OpenSSL wrote for the peer */
	int done; /* handshake finished */
	int err;  /* sticky error */
	char why[320];
};

/* ex_data index of the struct lvpn_tls_sess on each SSL. */
extern int lvpn_tls_sess_idx;

/* SSL_CTX verify callback doing OpenVPN's checks (tls_verify.c). */
int lvpn_tls_verify_cb(int preverify_ok, X509_STORE_CTX *store);

/* Fills ci from cert at depth (tls_verify.c): all of it or, on an error,
 * nothing (ci zeroed).  Returns 0 or LVPN_ERR_CRYPTO (OpenSSL failed, e.g.
 * out of memory). */
int lvpn_tls_cert_facts(X509 *cert, int depth, struct lvpn_tls_cert_info *ci);

/* --x509-track (tls_track.c).  lvpn_tls_track_set checks and keeps the n
 * attribute names; errors: LVPN_ERR_CONFIG (an attribute OpenSSL does not
 * know, more than LVPN_TLS_FIELDS_MAX, or a name too long; logged).
 * lvpn_tls_track_fields replaces the X509_<depth>_* fields of ci (filled
 * by lvpn_tls_cert_facts for cert) by the tracked ones when attributes
 * are tracked; 0 or LVPN_ERR_CRYPTO (out of memory). */
int lvpn_tls_track_set(struct lvpn_tls_ctx *c, char *const *names, unsigned n);
int lvpn_tls_track_fields(const struct lvpn_tls_ctx *c, X509 *cert, struct lvpn_tls_cert_info *ci);

/* list (--tls-cipher) with OpenVPN's IANA-style names ("TLS-ECDHE-...")
 * replaced by OpenSSL's names (tls_names.c), in a new heap string the
 * caller frees; NULL when out of memory. */
char *lvpn_tls_cipher_list(const char *list);

/* The last OpenSSL error as text into buf, and the error queue emptied. */
const char *lvpn_tls_ossl_why(char *buf, size_t cap);

/* Records the first failure reason on s (printf-style) and logs it. */
void lvpn_tls_fail(struct lvpn_tls_sess *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
