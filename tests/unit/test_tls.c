/* SPDX-License-Identifier: BSD-2-Clause */
/* crypto/tls: in-memory handshakes between two sessions (TLS 1.2 and 1.3,
 * RSA, Ed25519, ECDSA, small chunks), configuration, versions, ciphers;
 * the peer checks are in test_tls_verify.c. */
#include "tests/unit/test_tls_harness.h"

#include <openssl/err.h>

#include "crypto/tls_int.h"

static void handshake_ok(const char *ca_c, const char *cert_c, const char *ca_s, const char *cert_s,
                         const char *ver, size_t chunk, const char *want_ver)
{
	struct lvpn_tls_conf cc, sc;
	struct pair p;
	char d[160];

	conf_pki(&cc, LVPN_TLS_CLIENT, ca_c, cert_c);
	conf_pki(&sc, LVPN_TLS_SERVER, ca_s, cert_s);
	cc.version_min = cc.version_max = ver;
	cc.remote_cert = LVPN_REMOTE_CERT_SERVER;
	sc.remote_cert = LVPN_REMOTE_CERT_CLIENT;
	assert_int_equal(pair_run(&p, &cc, &sc, chunk), 0);
	assert_true(lvpn_tls_handshake_done(p.c));
	assert_true(lvpn_tls_handshake_done(p.s));
	lvpn_tls_describe(p.c, d, sizeof(d));
	assert_non_null(strstr(d, want_ver));
	app_data(&p);
	pair_free(&p);
	conf_free(&cc);
	conf_free(&sc);
}

static void tls12_rsa(void **st)
{
	handshake_ok("ca", "client-rsa", "ca", "server-rsa", "1.2", 100, "TLSv1.2");
}

static void tls13_rsa(void **st)
{
	handshake_ok("ca", "client-rsa", "ca", "server-rsa", "1.3", 100, "TLSv1.3");
}

static void tls13_ed25519(void **st)
{
	handshake_ok("ed-ca", "client-ed", "ed-ca", "server-ed", "1.3", 33, "TLSv1.3");
}

static void tls12_ed25519(void **st)
{
	handshake_ok("ed-ca", "client-ed", "ed-ca", "server-ed", "1.2", 1, "TLSv1.2");
}

static void tls13_ecdsa_server(void **st)
{
	handshake_ok("ca", "client-rsa", "ca", "server-ec", "1.3", 1200, "TLSv1.3");
}

static void version_or_highest(void **st)
{
	struct lvpn_tls_conf cc, sc;
	struct pair p;
	char d[160];

	conf_pki(&cc, LVPN_TLS_CLIENT, "ca", "client-rsa");
	conf_pki(&sc, LVPN_TLS_SERVER, "ca", "server-rsa");
	cc.version_min = "1.3";
	cc.version_min_or_highest = 1;
	sc.version_min = "1.2";
	assert_int_equal(pair_run(&p, &cc, &sc, 500), 0);
	assert_non_null(strstr(lvpn_tls_describe(p.c, d, sizeof(d)), "TLSv1.3"));
	pair_free(&p);
	conf_free(&cc);
	conf_free(&sc);
}

static void pkcs12_client(void **st)
{
	struct lvpn_tls_conf cc, sc;
	struct pair p;
	FILE *f = fopen(lvpn_test_path("tests/data/pki/client.p12"), "rb");
	uint8_t blob[8192];
	size_t n;
	struct lvpn_tls_ctx *bad;

	assert_non_null(f);
	n = fread(blob, 1, sizeof(blob), f);
	fclose(f);
	assert_true(n > 0 && n < sizeof(blob));
	conf_pki(&cc, LVPN_TLS_CLIENT, NULL, NULL);
	conf_pki(&sc, LVPN_TLS_SERVER, "ca", "server-rsa");
	cc.pkcs12 = blob;
	cc.pkcs12_len = n;
	cc.pkcs12_pass = "wrong";
	assert_int_equal(lvpn_tls_ctx_new(&cc, &bad), LVPN_ERR_CONFIG);
	cc.pkcs12_pass = "test";
	cc.remote_cert = LVPN_REMOTE_CERT_SERVER;
	assert_int_equal(pair_run(&p, &cc, &sc, 100), 0);
	app_data(&p);
	pair_free(&p);
	conf_free(&cc);
	conf_free(&sc);
}

/* --- the checks reject what they must --- */

static void version_mismatch(void **st)
{
	struct lvpn_tls_conf cc, sc;
	struct lvpn_tls_ctx *ctx;

	conf_pki(&cc, LVPN_TLS_CLIENT, "ca", "client-rsa");
	conf_pki(&sc, LVPN_TLS_SERVER, "ca", "server-rsa");
	cc.version_min = "1.3";
	sc.version_max = "1.2";
	handshake_fails(&cc, &sc, "unsupported protocol");
	/* and nonsense versions are configuration errors */
	cc.version_min = "1.4";
	assert_int_equal(lvpn_tls_ctx_new(&cc, &ctx), LVPN_ERR_CONFIG);
	cc.version_min = "1.3";
	cc.version_max = "1.2";
	assert_int_equal(lvpn_tls_ctx_new(&cc, &ctx), LVPN_ERR_CONFIG);
	conf_free(&cc);
	conf_free(&sc);
}

static void bad_config(void **st)
{
	struct lvpn_tls_conf c;
	struct lvpn_tls_ctx *ctx;

	/* key of another certificate */
	conf_pki(&c, LVPN_TLS_SERVER, "ca", "server-rsa");
	free((void *)c.key_pem);
	c.key_pem = pki("client-rsa-key.pem");
	assert_int_equal(lvpn_tls_ctx_new(&c, &ctx), LVPN_ERR_CONFIG);
	conf_free(&c);
	/* server without a certificate; client without any trust */
	conf_pki(&c, LVPN_TLS_SERVER, "ca", NULL);
	assert_int_equal(lvpn_tls_ctx_new(&c, &ctx), LVPN_ERR_CONFIG);
	conf_free(&c);
	conf_pki(&c, LVPN_TLS_CLIENT, NULL, "client-rsa");
	assert_int_equal(lvpn_tls_ctx_new(&c, &ctx), LVPN_ERR_CONFIG);
	conf_free(&c);
	/* garbage CA, unknown cipher list, unknown group */
	conf_pki(&c, LVPN_TLS_CLIENT, NULL, NULL);
	c.ca_pem = strdup("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
	assert_int_equal(lvpn_tls_ctx_new(&c, &ctx), LVPN_ERR_CONFIG);
	conf_free(&c);
	conf_pki(&c, LVPN_TLS_CLIENT, "ca", NULL);
	c.cipher_list = "NO-SUCH-CIPHER";
	assert_int_equal(lvpn_tls_ctx_new(&c, &ctx), LVPN_ERR_CONFIG);
	c.cipher_list = NULL;
	c.groups = "nosuchgroup";
	assert_int_equal(lvpn_tls_ctx_new(&c, &ctx), LVPN_ERR_CONFIG);
	c.groups = "X25519:prime256v1";
	c.ciphersuites = "TLS_CHACHA20_POLY1305_SHA256";
	assert_int_equal(lvpn_tls_ctx_new(&c, &ctx), 0);
	lvpn_tls_ctx_free(ctx);
	conf_free(&c);
}

/* One context, many sessions (as a server has). */
static void ctx_reuse(void **st)
{
	struct lvpn_tls_conf cc, sc;
	struct lvpn_tls_ctx *cctx, *sctx;

	conf_pki(&cc, LVPN_TLS_CLIENT, "ed-ca", "client-ed");
	conf_pki(&sc, LVPN_TLS_SERVER, "ed-ca", "server-ed");
	assert_int_equal(lvpn_tls_ctx_new(&cc, &cctx), 0);
	assert_int_equal(lvpn_tls_ctx_new(&sc, &sctx), 0);
	for (int i = 0; i < 4; i++) {
		struct lvpn_tls_sess *c, *s;
		uint8_t buf[16];
		size_t n;

		assert_int_equal(lvpn_tls_sess_new(cctx, &c), 0);
		assert_int_equal(lvpn_tls_sess_new(sctx, &s), 0);
		/* nothing to write or read before the handshake */
		assert_int_equal(lvpn_tls_write(c, buf, 1), LVPN_ERR_STATE);
		assert_int_equal(lvpn_tls_read(c, buf, sizeof(buf), &n), 0);
		assert_int_equal(n, 0);
		assert_int_equal(pump(c, s, 200), 0);
		assert_true(lvpn_tls_handshake_done(s));
		lvpn_tls_sess_free(c);
		lvpn_tls_sess_free(s);
	}
	lvpn_tls_ctx_free(cctx);
	lvpn_tls_ctx_free(sctx);
	conf_free(&cc);
	conf_free(&sc);
}

/* Garbage instead of a ClientHello fails the server session cleanly. */
static void garbage_input(void **st)
{
	struct lvpn_tls_conf sc;
	struct lvpn_tls_ctx *ctx;
	struct lvpn_tls_sess *s;
	uint8_t junk[300];

	conf_pki(&sc, LVPN_TLS_SERVER, "ca", "server-rsa");
	assert_int_equal(lvpn_tls_ctx_new(&sc, &ctx), 0);
	assert_int_equal(lvpn_tls_sess_new(ctx, &s), 0);
	memset(junk, 0x16, sizeof(junk));
	assert_int_equal(lvpn_tls_feed(s, junk, sizeof(junk)), LVPN_ERR_TLS);
	assert_true(strlen(lvpn_tls_why(s)) > 0);
	assert_false(lvpn_tls_handshake_done(s));
	lvpn_tls_sess_free(s);
	lvpn_tls_ctx_free(ctx);
	conf_free(&sc);
}

/* An encrypted key without its pass phrase is refused at once, never
 * prompted for; with it (--askpass) it works. */
static void encrypted_key(void **st)
{
	struct lvpn_tls_conf c;
	struct lvpn_tls_ctx *ctx;

	conf_pki(&c, LVPN_TLS_CLIENT, "ca", "client-rsa");
	free((void *)c.key_pem);
	c.key_pem = pki("client-rsa-key-enc.pem");
	assert_int_equal(lvpn_tls_ctx_new(&c, &ctx), LVPN_ERR_CONFIG);
	/* with the wrong pass phrase too; with the right one it loads */
	c.key_pass = "tesT";
	assert_int_equal(lvpn_tls_ctx_new(&c, &ctx), LVPN_ERR_CONFIG);
	c.key_pass = "test";
	assert_int_equal(lvpn_tls_ctx_new(&c, &ctx), 0);
	lvpn_tls_ctx_free(ctx);
	conf_free(&c);
}

/* TLS-level renegotiation is off in both roles. */
static void no_renegotiation(void **st)
{
	struct lvpn_tls_conf cc, sc;
	struct pair p;

	conf_pki(&cc, LVPN_TLS_CLIENT, "ca", "client-rsa");
	conf_pki(&sc, LVPN_TLS_SERVER, "ca", "server-rsa");
	cc.version_max = "1.2";
	assert_int_equal(pair_run(&p, &cc, &sc, 100), 0);
	assert_true(SSL_get_options(p.c->ssl) & SSL_OP_NO_RENEGOTIATION);
	assert_true(SSL_get_options(p.s->ssl) & SSL_OP_NO_RENEGOTIATION);
	assert_int_equal(SSL_renegotiate(p.c->ssl), 0);
	assert_int_equal(SSL_renegotiate(p.s->ssl), 0);
	ERR_clear_error();
	app_data(&p);
	pair_free(&p);
	conf_free(&cc);
	conf_free(&sc);
}

/* tls-cipher, tls-ciphersuites and tls-groups take effect. */
static void cipher_settings(void **st)
{
	struct lvpn_tls_conf cc, sc;
	struct pair p;
	char d[160];

	conf_pki(&cc, LVPN_TLS_CLIENT, "ca", "client-rsa");
	conf_pki(&sc, LVPN_TLS_SERVER, "ca", "server-rsa");
	cc.ciphersuites = "TLS_CHACHA20_POLY1305_SHA256";
	cc.groups = "X25519";
	assert_int_equal(pair_run(&p, &cc, &sc, 100), 0);
	lvpn_tls_describe(p.c, d, sizeof(d));
	assert_non_null(strstr(d, "TLS_CHACHA20_POLY1305_SHA256"));
	assert_non_null(strstr(d, "X25519"));
	pair_free(&p);
	/* no group in common */
	sc.groups = "prime256v1";
	handshake_fails(&cc, &sc, "");
	sc.groups = NULL;
	/* TLS 1.2 with only an ECDSA suite against an RSA server */
	cc.ciphersuites = NULL;
	cc.groups = NULL;
	cc.version_max = "1.2";
	cc.cipher_list = "ECDHE-ECDSA-AES128-GCM-SHA256";
	handshake_fails(&cc, &sc, "");
	cc.cipher_list = "ECDHE-RSA-AES256-GCM-SHA384";
	assert_int_equal(pair_run(&p, &cc, &sc, 100), 0);
	assert_non_null(
	    strstr(lvpn_tls_describe(p.c, d, sizeof(d)), "ECDHE-RSA-AES256-GCM-SHA384"));
	pair_free(&p);
	conf_free(&cc);
	conf_free(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(tls12_rsa),          cmocka_unit_test(tls13_rsa),
	    cmocka_unit_test(tls13_ed25519),      cmocka_unit_test(tls12_ed25519),
	    cmocka_unit_test(tls13_ecdsa_server), cmocka_unit_test(version_or_highest),
	    cmocka_unit_test(pkcs12_client),      cmocka_unit_test(version_mismatch),
	    cmocka_unit_test(bad_config),         cmocka_unit_test(ctx_reuse),
	    cmocka_unit_test(garbage_input),      cmocka_unit_test(encrypted_key),
	    cmocka_unit_test(no_renegotiation),   cmocka_unit_test(cipher_settings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
