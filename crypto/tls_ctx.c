/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - TLS contexts: OpenSSL set-up from a struct lvpn_tls_conf (see tls.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "crypto/tls_int.h"

int lvpn_tls_sess_idx = -1;
static CRYPTO_ONCE once = CRYPTO_ONCE_STATIC_INIT;

static void init_once(void)
{
	lvpn_tls_sess_idx = SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL);
}

int lvpn_tls_global_init(void)
{
	if (!OPENSSL_init_ssl(OPENSSL_INIT_NO_LOAD_CONFIG, NULL))
		return LVPN_ERR_CRYPTO;
	if (!CRYPTO_THREAD_run_once(&once, init_once) || lvpn_tls_sess_idx < 0)
		return LVPN_ERR_CRYPTO;
	return 0;
}

const char *lvpn_tls_ossl_why(char *buf, size_t cap)
{
	unsigned long e = ERR_peek_last_error();

	if (e == 0)
		snprintf(buf, cap, "no OpenSSL error recorded");
	else
		ERR_error_string_n(e, buf, cap);
	ERR_clear_error();
	return buf;
}

/* Logs a configuration problem and returns LVPN_ERR_CONFIG. */
static int conf_err(const struct lvpn_tls_conf *conf, const char *what)
{
	char e[256];

	LVPN_LOG(conf->log, LVPN_LOG_ERR, "TLS config: %s (%s)", what,
	         lvpn_tls_ossl_why(e, sizeof(e)));
	ERR_clear_error();
	return LVPN_ERR_CONFIG;
}

static int set(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* Never ask for a PEM pass phrase on a terminal: encrypted keys fail. */
static int no_pass(char *buf, int size, int rwflag, void *u)
{
	return 0;
}

/* Hands over the configured pass phrase (u) instead. */
static int given_pass(char *buf, int size, int rwflag, void *u)
{
	size_t n = strlen(u);

	if (size <= 0 || n > (size_t)size)
		return 0;
	memcpy(buf, u, n);
	return (int)n;
}

static int parse_version(const char *s, int *v)
{
	static const struct {
		const char *name;
		int v;
	} tab[] = {{"1.0", TLS1_VERSION},
	           {"1.1", TLS1_1_VERSION},
	           {"1.2", TLS1_2_VERSION},
	           {"1.3", TLS1_3_VERSION}};

	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		if (strcmp(s, tab[i].name) == 0) {
			*v = tab[i].v;
			return 0;
		}
	}
	return LVPN_ERR_CONFIG;
}

static int set_versions(SSL_CTX *ssl, const struct lvpn_tls_conf *conf)
{
	int min = TLS1_2_VERSION, max = 0;

	if (set(conf->version_min) && parse_version(conf->version_min, &min) < 0) {
		LVPN_LOG(conf->log, LVPN_LOG_ERR,
		         "TLS config: tls-version-min: unknown version '%s'", conf->version_min);
		return LVPN_ERR_CONFIG;
	}
	if (set(conf->version_max) && parse_version(conf->version_max, &max) < 0) {
		LVPN_LOG(conf->log, LVPN_LOG_ERR,
		         "TLS config: tls-version-max: unknown version '%s'", conf->version_max);
		return LVPN_ERR_CONFIG;
	}
	/* "or-highest": ask for no more than the best this library can do */
	if (conf->version_min_or_highest && min > TLS_MAX_VERSION)
		min = TLS_MAX_VERSION;
	if (max != 0 && min > max) {
		LVPN_LOG(conf->log, LVPN_LOG_ERR,
		         "TLS config: tls-version-min is above tls-version-max");
		return LVPN_ERR_CONFIG;
	}
	if (!SSL_CTX_set_min_proto_version(ssl, min) || !SSL_CTX_set_max_proto_version(ssl, max))
		return conf_err(conf, "cannot set the TLS versions");
	return 0;
}

/* Adds every certificate in pem to the trust store (and, on a server, to
 * the CA names sent in the CertificateRequest). */
static int load_ca(struct lvpn_tls_ctx *c, const struct lvpn_tls_conf *conf)
{
	BIO *bio = BIO_new_mem_buf(conf->ca_pem, -1);
	X509_STORE *store = SSL_CTX_get_cert_store(c->ssl);
	X509 *x;
	int n = 0;

	if (bio == NULL)
		return LVPN_ERR_NOMEM;
	while ((x = PEM_read_bio_X509(bio, NULL, no_pass, NULL)) != NULL) {
		int ok = X509_STORE_add_cert(store, x);

		if (ok && c->role == LVPN_TLS_SERVER)
			ok = SSL_CTX_add_client_CA(c->ssl, x);
		X509_free(x);
		if (!ok) {
			BIO_free(bio);
			return conf_err(conf, "ca: cannot add a certificate");
		}
		n++;
	}
	BIO_free(bio);
	ERR_clear_error(); /* the loop ends on "no start line" */
	if (n == 0)
		return conf_err(conf, "ca: no certificate found in the PEM data");
	c->have_ca = 1;
	return 0;
}

static int load_crl(struct lvpn_tls_ctx *c, const struct lvpn_tls_conf *conf)
{
	BIO *bio = BIO_new_mem_buf(conf->crl_pem, -1);
	X509_STORE *store = SSL_CTX_get_cert_store(c->ssl);
	X509_CRL *crl;
	int n = 0;

	if (bio == NULL)
		return LVPN_ERR_NOMEM;
	while ((crl = PEM_read_bio_X509_CRL(bio, NULL, no_pass, NULL)) != NULL) {
		int ok = X509_STORE_add_crl(store, crl);

		X509_CRL_free(crl);
		if (!ok) {
			BIO_free(bio);
			return conf_err(conf, "crl-verify: cannot add a CRL");
		}
		n++;
	}
	BIO_free(bio);
	ERR_clear_error();
	if (n == 0)
		return conf_err(conf, "crl-verify: no CRL found in the PEM data");
	X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
	return 0;
}

static int load_cert_key(struct lvpn_tls_ctx *c, const struct lvpn_tls_conf *conf)
{
	BIO *bio;
	X509 *x;
	EVP_PKEY *key;
	int ok;

	bio = BIO_new_mem_buf(conf->cert_pem, -1);
	if (bio == NULL)
		return LVPN_ERR_NOMEM;
	x = PEM_read_bio_X509(bio, NULL, no_pass, NULL);
	BIO_free(bio);
	if (x == NULL)
		return conf_err(conf, "cert: cannot read the certificate");
	ok = SSL_CTX_use_certificate(c->ssl, x);
	X509_free(x);
	if (!ok)
		return conf_err(conf, "cert: certificate not usable");

	bio = BIO_new_mem_buf(conf->key_pem, -1);
	if (bio == NULL)
		return LVPN_ERR_NOMEM;
	key = conf->key_pass
	          ? PEM_read_bio_PrivateKey(bio, NULL, given_pass, (void *)conf->key_pass)
	          : PEM_read_bio_PrivateKey(bio, NULL, no_pass, NULL);
	BIO_free(bio);
	if (key == NULL)
		return conf_err(conf,
		                "key: cannot read the private key (wrong or missing pass phrase?)");
	ok = SSL_CTX_use_PrivateKey(c->ssl, key);
	EVP_PKEY_free(key);
	if (!ok || !SSL_CTX_check_private_key(c->ssl))
		return conf_err(conf, "key: the private key does not match the certificate");
	return 0;
}

static int load_extra(struct lvpn_tls_ctx *c, const struct lvpn_tls_conf *conf)
{
	BIO *bio = BIO_new_mem_buf(conf->extra_certs_pem, -1);
	X509 *x;

	if (bio == NULL)
		return LVPN_ERR_NOMEM;
	while ((x = PEM_read_bio_X509(bio, NULL, no_pass, NULL)) != NULL) {
		int ok = SSL_CTX_add1_chain_cert(c->ssl, x);

		X509_free(x);
		if (!ok) {
			BIO_free(bio);
			return conf_err(conf, "extra-certs: cannot add a certificate");
		}
	}
	BIO_free(bio);
	ERR_clear_error();
	return 0;
}

static int load_pkcs12(struct lvpn_tls_ctx *c, const struct lvpn_tls_conf *conf)
{
	const unsigned char *p = conf->pkcs12;
	PKCS12 *p12;
	EVP_PKEY *key = NULL;
	X509 *cert = NULL;
	STACK_OF(X509) *cas = NULL;
	int rc = 0;

	if (conf->pkcs12_len > LONG_MAX)
		return LVPN_ERR_CONFIG;
	p12 = d2i_PKCS12(NULL, &p, (long)conf->pkcs12_len);
	if (p12 == NULL)
		return conf_err(conf, "pkcs12: not a PKCS#12 file");
	if (!PKCS12_parse(p12, conf->pkcs12_pass ? conf->pkcs12_pass : "", &key, &cert, &cas)) {
		PKCS12_free(p12);
		return conf_err(conf, "pkcs12: cannot decrypt (wrong password?)");
	}
	PKCS12_free(p12);
	if (cert == NULL || key == NULL) {
		rc = conf_err(conf, "pkcs12: no certificate or key inside");
		goto out;
	}
	if (!SSL_CTX_use_certificate(c->ssl, cert) || !SSL_CTX_use_PrivateKey(c->ssl, key) ||
	    !SSL_CTX_check_private_key(c->ssl)) {
		rc = conf_err(conf, "pkcs12: the key does not match the certificate");
		goto out;
	}
	/* The CAs inside are trusted only when no ca was given, as OpenVPN. */
	for (int i = 0; cas != NULL && i < sk_X509_num(cas); i++) {
		X509 *x = sk_X509_value(cas, i);

		if (!set(conf->ca_pem)) {
			if (!X509_STORE_add_cert(SSL_CTX_get_cert_store(c->ssl), x)) {
				rc = conf_err(conf, "pkcs12: cannot add a CA certificate");
				goto out;
			}
			if (c->role == LVPN_TLS_SERVER)
				SSL_CTX_add_client_CA(c->ssl, x);
			c->have_ca = 1;
		}
		if (!SSL_CTX_add1_chain_cert(c->ssl, x)) {
			rc = conf_err(conf, "pkcs12: cannot add a chain certificate");
			goto out;
		}
	}
out:
	EVP_PKEY_free(key);
	X509_free(cert);
	sk_X509_pop_free(cas, X509_free);
	return rc;
}

static int set_ciphers(SSL_CTX *ssl, const struct lvpn_tls_conf *conf)
{
	if (set(conf->cipher_list)) {
		char *list = lvpn_tls_cipher_list(conf->cipher_list);
		int ok = list && SSL_CTX_set_cipher_list(ssl, list);

		free(list);
		if (!list)
			return LVPN_ERR_NOMEM;
		if (!ok)
			return conf_err(conf, "tls-cipher: no usable cipher in the list");
	}
	if (set(conf->ciphersuites) && !SSL_CTX_set_ciphersuites(ssl, conf->ciphersuites))
		return conf_err(conf, "tls-ciphersuites: no usable cipher suite in the list");
	if (set(conf->groups) && !SSL_CTX_set1_groups_list(ssl, conf->groups))
		return conf_err(conf, "tls-groups: unknown group in the list");
	if (!set(conf->groups) && set(conf->ecdh_curve) &&
	    !SSL_CTX_set1_groups_list(ssl, conf->ecdh_curve))
		return conf_err(conf, "ecdh-curve: OpenSSL does not know this curve");
	switch (conf->cert_profile) {
	case LVPN_TLS_PROFILE_INSECURE:
		SSL_CTX_set_security_level(ssl, 0);
		break;
	case LVPN_TLS_PROFILE_LEGACY:
		SSL_CTX_set_security_level(ssl, 1);
		break;
	case LVPN_TLS_PROFILE_PREFERRED:
		SSL_CTX_set_security_level(ssl, 2);
		break;
	case LVPN_TLS_PROFILE_SUITEB:
		SSL_CTX_set_security_level(ssl, 3);
		if (!SSL_CTX_set_cipher_list(ssl, "SUITEB128"))
			return conf_err(conf, "tls-cert-profile suiteb: no Suite B cipher");
		break;
	}
	return 0;
}

static int set_verify(struct lvpn_tls_ctx *c, const struct lvpn_tls_conf *conf)
{
	int mode = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT;

	if (c->role == LVPN_TLS_SERVER && conf->client_cert == LVPN_CLIENT_CERT_OPTIONAL)
		mode = SSL_VERIFY_PEER;
	else if (c->role == LVPN_TLS_SERVER && conf->client_cert == LVPN_CLIENT_CERT_NONE)
		mode = SSL_VERIFY_NONE;
	if (mode != SSL_VERIFY_NONE && !c->have_ca && c->nfp == 0) {
		LVPN_LOG(conf->log, LVPN_LOG_ERR,
		         "TLS config: no ca, capath, pkcs12 CA or peer-fingerprint: cannot verify "
		         "the peer");
		return LVPN_ERR_CONFIG;
	}
	SSL_CTX_set_verify(c->ssl, mode, lvpn_tls_verify_cb);
	SSL_CTX_set_verify_depth(c->ssl, LVPN_TLS_MAX_DEPTH);
	return 0;
}

/* A copy of n hashes (peer-fingerprint, verify-hash). */
static int dup_hashes(uint8_t (**dst)[32], const uint8_t (*src)[32], size_t n)
{
	if (src == NULL || n > 1024)
		return LVPN_ERR_CONFIG;
	*dst = malloc(n * sizeof(**dst));
	if (*dst == NULL)
		return LVPN_ERR_NOMEM;
	memcpy(*dst, src, n * sizeof(**dst));
	return 0;
}

static int copy_checks(struct lvpn_tls_ctx *c, const struct lvpn_tls_conf *conf)
{
	c->remote_cert = conf->remote_cert;
	c->ns_cert_type = conf->ns_cert_type;
	c->remote_ku_set = conf->remote_ku_set;
	c->nremote_ku = conf->nremote_ku < LVPN_TLS_MAX_KU ? conf->nremote_ku : LVPN_TLS_MAX_KU;
	memcpy(c->remote_ku, conf->remote_ku, sizeof(c->remote_ku));
	if (set(conf->remote_eku) && (c->remote_eku = strdup(conf->remote_eku)) == NULL)
		return LVPN_ERR_NOMEM;
	c->x509_name_type = conf->x509_name_type;
	if (c->x509_name_type != LVPN_X509_NAME_NONE) {
		if (!set(conf->x509_name)) {
			LVPN_LOG(conf->log, LVPN_LOG_ERR,
			         "TLS config: verify-x509-name: empty name");
			return LVPN_ERR_CONFIG;
		}
		c->x509_name = strdup(conf->x509_name);
		if (c->x509_name == NULL)
			return LVPN_ERR_NOMEM;
	}
	if (conf->nfingerprints > 0) {
		int rc = dup_hashes(&c->fp, conf->fingerprints, conf->nfingerprints);

		if (rc != 0)
			return rc;
		c->nfp = conf->nfingerprints;
	}
	if (conf->nca_hashes > 0) {
		int rc = conf->ca_hash_len != 20 && conf->ca_hash_len != 32
		             ? LVPN_ERR_CONFIG
		             : dup_hashes(&c->ca_hashes, conf->ca_hashes, conf->nca_hashes);

		if (rc != 0)
			return rc;
		c->nca_hashes = conf->nca_hashes;
		c->ca_hash_len = conf->ca_hash_len;
	}
	c->verify = conf->verify;
	c->verify_arg = conf->verify_arg;
	c->log = conf->log;
	return 0;
}

static int build(struct lvpn_tls_ctx *c, const struct lvpn_tls_conf *conf)
{
	int rc;

	SSL_CTX_set_options(c->ssl, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION |
	                                SSL_OP_NO_TICKET | SSL_OP_CIPHER_SERVER_PREFERENCE);
	SSL_CTX_set_session_cache_mode(c->ssl, SSL_SESS_CACHE_OFF);
	/* an idle session keeps no TLS record buffers (control channel only:
	 * they come back for the rare message after the handshake) */
	SSL_CTX_set_mode(c->ssl, SSL_MODE_RELEASE_BUFFERS);
	SSL_CTX_set_num_tickets(c->ssl, 0);
	SSL_CTX_set_default_passwd_cb(c->ssl, no_pass);
	if ((rc = copy_checks(c, conf)) < 0 || (rc = set_versions(c->ssl, conf)) < 0 ||
	    (rc = set_ciphers(c->ssl, conf)) < 0)
		return rc;
	if (set(conf->ca_pem) && (rc = load_ca(c, conf)) < 0)
		return rc;
	if (set(conf->capath)) {
		if (!SSL_CTX_load_verify_dir(c->ssl, conf->capath))
			return conf_err(conf, "capath: cannot use the directory");
		c->have_ca = 1;
	}
	if (conf->pkcs12 != NULL && conf->pkcs12_len > 0) {
		if ((rc = load_pkcs12(c, conf)) < 0)
			return rc;
	} else if (set(conf->cert_pem) || set(conf->key_pem)) {
		if (!set(conf->cert_pem) || !set(conf->key_pem)) {
			LVPN_LOG(conf->log, LVPN_LOG_ERR, "TLS config: cert and key go together");
			return LVPN_ERR_CONFIG;
		}
		if ((rc = load_cert_key(c, conf)) < 0)
			return rc;
	} else if (c->role == LVPN_TLS_SERVER) {
		LVPN_LOG(conf->log, LVPN_LOG_ERR, "TLS config: a server needs cert and key");
		return LVPN_ERR_CONFIG;
	}
	if (set(conf->extra_certs_pem) && (rc = load_extra(c, conf)) < 0)
		return rc;
	if (set(conf->crl_pem) && (rc = load_crl(c, conf)) < 0)
		return rc;
	return set_verify(c, conf);
}

int lvpn_tls_ctx_new(const struct lvpn_tls_conf *conf, struct lvpn_tls_ctx **out)
{
	struct lvpn_tls_ctx *c;
	int rc;

	if (conf == NULL || out == NULL)
		return LVPN_ERR_INVAL;
	*out = NULL;
	if ((rc = lvpn_tls_global_init()) < 0)
		return rc;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return LVPN_ERR_NOMEM;
	c->role = conf->role;
	c->ssl =
	    SSL_CTX_new(conf->role == LVPN_TLS_SERVER ? TLS_server_method() : TLS_client_method());
	if (c->ssl == NULL) {
		free(c);
		return LVPN_ERR_NOMEM;
	}
	rc = build(c, conf);
	if (rc == 0)
		rc = lvpn_tls_track_set(c, conf->x509_track, conf->nx509_track);
	if (rc < 0) {
		lvpn_tls_ctx_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

void lvpn_tls_ctx_free(struct lvpn_tls_ctx *c)
{
	if (c == NULL)
		return;
	SSL_CTX_free(c->ssl);
	free(c->x509_name);
	free(c->remote_eku);
	free(c->fp);
	free(c->ca_hashes);
	free(c);
}
