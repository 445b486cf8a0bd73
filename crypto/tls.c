/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - TLS sessions over memory BIOs (see tls.h). */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "crypto/tls_int.h"

void lvpn_tls_fail(struct lvpn_tls_sess *s, const char *fmt, ...)
{
	va_list ap;

	if (s->why[0] == '\0') {
		va_start(ap, fmt);
		vsnprintf(s->why, sizeof(s->why), fmt, ap);
		va_end(ap);
		LVPN_LOG(s->ctx->log, LVPN_LOG_ERR, "TLS error: %s", s->why);
	}
}

/* Makes the session fail with LVPN_ERR_TLS, naming the best reason known. */
static int fail_now(struct lvpn_tls_sess *s, const char *during)
{
	char e[256];
	long vr = SSL_get_verify_result(s->ssl);
	/* with peer-fingerprint instead of a CA, OpenSSL's verdict is moot */
	int fp_only = s->ctx->nfp > 0 && !s->ctx->have_ca;

	if (s->why[0] == '\0') {
		if (vr != X509_V_OK && !fp_only)
			lvpn_tls_fail(s, "%s: certificate verify failed: %s", during,
			              X509_verify_cert_error_string(vr));
		else
			lvpn_tls_fail(s, "%s: %s", during, lvpn_tls_ossl_why(e, sizeof(e)));
	}
	ERR_clear_error();
	s->err = LVPN_ERR_TLS;
	return s->err;
}

int lvpn_tls_sess_new(struct lvpn_tls_ctx *ctx, struct lvpn_tls_sess **out)
{
	struct lvpn_tls_sess *s;

	if (ctx == NULL || out == NULL)
		return LVPN_ERR_INVAL;
	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return LVPN_ERR_NOMEM;
	s->ctx = ctx;
	s->ssl = SSL_new(ctx->ssl);
	s->in = BIO_new(BIO_s_mem());
	s->out = BIO_new(BIO_s_mem());
	if (s->ssl == NULL || s->in == NULL || s->out == NULL) {
		BIO_free(s->in);
		BIO_free(s->out);
		SSL_free(s->ssl);
		free(s);
		return LVPN_ERR_NOMEM;
	}
	/* an empty input BIO means "wait", not end of file */
	BIO_set_mem_eof_return(s->in, -1);
	BIO_set_mem_eof_return(s->out, -1);
	SSL_set_bio(s->ssl, s->in, s->out);
	if (!SSL_set_ex_data(s->ssl, lvpn_tls_sess_idx, s)) {
		lvpn_tls_sess_free(s);
		return LVPN_ERR_NOMEM;
	}
	if (ctx->role == LVPN_TLS_SERVER) {
		SSL_set_accept_state(s->ssl);
	} else {
		SSL_set_connect_state(s->ssl);
		if (lvpn_tls_feed(s, NULL, 0) < 0) {
			lvpn_tls_sess_free(s);
			return LVPN_ERR_CRYPTO;
		}
	}
	*out = s;
	return 0;
}

void lvpn_tls_sess_free(struct lvpn_tls_sess *s)
{
	if (s == NULL)
		return;
	SSL_free(s->ssl); /* frees both BIOs */
	free(s);
}

static int finish_handshake(struct lvpn_tls_sess *s)
{
	struct lvpn_tls_ctx *c = s->ctx;
	int want_cert = c->role == LVPN_TLS_CLIENT ||
	                SSL_get_verify_mode(s->ssl) & SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
	char d[160];

	/* belt and braces: a certificate we required was seen and accepted */
	if (want_cert && SSL_get0_peer_certificate(s->ssl) == NULL) {
		lvpn_tls_fail(s, "handshake: the peer sent no certificate");
		return fail_now(s, "handshake");
	}
	s->done = 1;
	LVPN_LOG(c->log, LVPN_LOG_VERBOSE, "TLS handshake done: %s",
	         lvpn_tls_describe(s, d, sizeof(d)));
	return 0;
}

int lvpn_tls_feed(struct lvpn_tls_sess *s, const uint8_t *data, size_t len)
{
	int r;

	if (s->err)
		return s->err;
	if (len > INT_MAX)
		return LVPN_ERR_INVAL;
	if (len > 0 && BIO_write(s->in, data, (int)len) != (int)len)
		return LVPN_ERR_NOMEM;
	if (s->done)
		return 0;
	r = SSL_do_handshake(s->ssl);
	if (r == 1)
		return finish_handshake(s);
	switch (SSL_get_error(s->ssl, r)) {
	case SSL_ERROR_WANT_READ:
	case SSL_ERROR_WANT_WRITE:
		ERR_clear_error();
		return 0;
	default:
		return fail_now(s, "handshake");
	}
}

size_t lvpn_tls_pending(const struct lvpn_tls_sess *s)
{
	return BIO_ctrl_pending(s->out);
}

int lvpn_tls_pull(struct lvpn_tls_sess *s, uint8_t *out, size_t cap, size_t *len)
{
	size_t n;

	*len = 0;
	if (BIO_ctrl_pending(s->out) == 0 || cap == 0)
		return 0;
	if (!BIO_read_ex(s->out, out, cap, &n))
		return fail_now(s, "output");
	*len = n;
	return 0;
}

int lvpn_tls_write(struct lvpn_tls_sess *s, const uint8_t *data, size_t len)
{
	size_t n;

	if (s->err)
		return s->err;
	if (!s->done)
		return LVPN_ERR_STATE;
	if (len == 0 || len > INT_MAX)
		return LVPN_ERR_INVAL;
	if (!SSL_write_ex(s->ssl, data, len, &n) || n != len)
		return fail_now(s, "write");
	return 0;
}

int lvpn_tls_read(struct lvpn_tls_sess *s, uint8_t *out, size_t cap, size_t *len)
{
	size_t n;
	int r;

	*len = 0;
	if (s->err)
		return s->err;
	if (!s->done)
		return 0;
	if (cap == 0)
		return LVPN_ERR_INVAL;
	r = SSL_read_ex(s->ssl, out, cap, &n);
	if (r == 1) {
		*len = n;
		return 0;
	}
	switch (SSL_get_error(s->ssl, r)) {
	case SSL_ERROR_WANT_READ:
	case SSL_ERROR_WANT_WRITE:
		ERR_clear_error();
		return 0;
	case SSL_ERROR_ZERO_RETURN:
		lvpn_tls_fail(s, "the peer closed the TLS session");
		return fail_now(s, "read");
	default:
		return fail_now(s, "read");
	}
}

int lvpn_tls_handshake_done(const struct lvpn_tls_sess *s)
{
	return s->done && !s->err;
}

int lvpn_tls_error(const struct lvpn_tls_sess *s)
{
	return s->err;
}

const char *lvpn_tls_why(const struct lvpn_tls_sess *s)
{
	return s->why;
}

const char *lvpn_tls_describe(const struct lvpn_tls_sess *s, char *out, size_t cap)
{
	int nid;
	const char *grp = NULL;

	if (cap == 0)
		return out;
	out[0] = '\0';
	if (!s->done)
		return out;
	nid = SSL_get_negotiated_group(s->ssl);
	if (nid != 0 && nid != NID_undef)
		grp = OBJ_nid2sn(nid & ~TLSEXT_nid_unknown);
	snprintf(out, cap, "%s, cipher %s, group %s", SSL_get_version(s->ssl),
	         SSL_get_cipher_name(s->ssl), grp ? grp : "none");
	return out;
}

int lvpn_tls_peer_cert(const struct lvpn_tls_sess *s, int depth, struct lvpn_tls_cert_info *ci)
{
	STACK_OF(X509) * chain;
	X509 *x = NULL;
	int rc;

	if (!lvpn_tls_handshake_done(s))
		return LVPN_ERR_STATE;
	if (depth < 0)
		return LVPN_ERR_INVAL;
	chain = SSL_get0_verified_chain(s->ssl);
	if (chain != NULL && depth < sk_X509_num(chain))
		x = sk_X509_value(chain, depth);
	else if (depth == 0)
		x = SSL_get0_peer_certificate(s->ssl);
	if (x == NULL)
		return LVPN_ERR_INVAL;
	rc = lvpn_tls_cert_facts(x, depth, ci);
	return rc ? rc : lvpn_tls_track_fields(s->ctx, x, ci);
}

int lvpn_tls_export(const struct lvpn_tls_sess *s, const char *label, uint8_t *out, size_t len)
{
	if (!lvpn_tls_handshake_done(s))
		return LVPN_ERR_STATE;
	if (label == NULL || label[0] == '\0' || len == 0)
		return LVPN_ERR_INVAL;
	if (SSL_export_keying_material(s->ssl, out, len, label, strlen(label), NULL, 0, 0) != 1) {
		ERR_clear_error();
		return LVPN_ERR_CRYPTO;
	}
	return 0;
}
