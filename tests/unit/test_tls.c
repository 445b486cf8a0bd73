/* crypto/tls: in-memory handshakes between two sessions, and every peer
 * check rejecting what it must. */
#include "tests/unit/test_tls_harness.h"

#include <ctype.h>

#include <openssl/err.h>

#include "crypto/tls_int.h"

/* --- helpers --- */

static void app_data(struct pair *p)
{
	static const uint8_t c2s[] = "hello from the client";
	static const uint8_t s2c[] = "and hello back from the server";
	uint8_t buf[256];
	size_t n;

	assert_int_equal(lvpn_tls_write(p->c, c2s, sizeof(c2s)), 0);
	assert_int_equal(pump(p->c, p->s, 64), 0);
	assert_int_equal(lvpn_tls_read(p->s, buf, sizeof(buf), &n), 0);
	assert_int_equal(n, sizeof(c2s));
	assert_memory_equal(buf, c2s, n);
	assert_int_equal(lvpn_tls_write(p->s, s2c, sizeof(s2c)), 0);
	assert_int_equal(pump(p->c, p->s, 7), 0);
	assert_int_equal(lvpn_tls_read(p->c, buf, sizeof(buf), &n), 0);
	assert_int_equal(n, sizeof(s2c));
	assert_memory_equal(buf, s2c, n);
	/* nothing more to read: 0 bytes, not an error */
	assert_int_equal(lvpn_tls_read(p->c, buf, sizeof(buf), &n), 0);
	assert_int_equal(n, 0);
}

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

/* Runs a handshake expected to fail; returns the failing side's reason. */
static void handshake_fails(struct lvpn_tls_conf *cc, struct lvpn_tls_conf *sc, const char *why)
{
	struct pair p;
	const char *w;
	int rc = pair_run(&p, cc, sc, 100);

	assert_int_equal(rc, LVPN_ERR_TLS);
	assert_false(lvpn_tls_handshake_done(p.s));
	w = lvpn_tls_error(p.c) ? lvpn_tls_why(p.c) : lvpn_tls_why(p.s);
	if (strstr(w, why) == NULL)
		fail_msg("reason '%s' does not mention '%s'", w, why);
	/* sticky: the failed side keeps failing, and writes are refused */
	if (lvpn_tls_error(p.c)) {
		assert_int_equal(lvpn_tls_feed(p.c, (const uint8_t *)"x", 1), LVPN_ERR_TLS);
		assert_int_equal(lvpn_tls_write(p.c, (const uint8_t *)"x", 1), LVPN_ERR_TLS);
	}
	pair_free(&p);
}

/* --- handshakes that work --- */

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

static void wrong_ca(void **st)
{
	struct lvpn_tls_conf cc, sc;

	conf_pki(&cc, LVPN_TLS_CLIENT, "other-ca", "client-rsa");
	conf_pki(&sc, LVPN_TLS_SERVER, "ca", "server-rsa");
	handshake_fails(&cc, &sc, "certificate verify failed");
	conf_free(&cc);
	conf_free(&sc);
	/* and a server cert from the unrelated CA, same CN */
	conf_pki(&cc, LVPN_TLS_CLIENT, "ca", "client-rsa");
	conf_pki(&sc, LVPN_TLS_SERVER, "ca", "other-server");
	handshake_fails(&cc, &sc, "certificate verify failed");
	conf_free(&cc);
	conf_free(&sc);
}

static void expired(void **st)
{
	struct lvpn_tls_conf cc, sc;

	conf_pki(&cc, LVPN_TLS_CLIENT, "ca", "client-rsa");
	conf_pki(&sc, LVPN_TLS_SERVER, "ca", "expired-server");
	handshake_fails(&cc, &sc, "certificate has expired");
	conf_free(&cc);
	conf_free(&sc);
}

static void remote_cert_tls(void **st)
{
	struct lvpn_tls_conf cc, sc;

	/* a client certificate presented by a server */
	conf_pki(&cc, LVPN_TLS_CLIENT, "ca", "client-rsa");
	conf_pki(&sc, LVPN_TLS_SERVER, "ca", "client-rsa");
	cc.remote_cert = LVPN_REMOTE_CERT_SERVER;
	handshake_fails(&cc, &sc, "certificate");
	conf_free(&cc);
	conf_free(&sc);
	/* a server certificate presented by a client */
	conf_pki(&cc, LVPN_TLS_CLIENT, "ca", "server-rsa");
	conf_pki(&sc, LVPN_TLS_SERVER, "ca", "server-rsa");
	sc.remote_cert = LVPN_REMOTE_CERT_CLIENT;
	handshake_fails(&cc, &sc, "certificate");
	conf_free(&cc);
	conf_free(&sc);
	/* OpenSSL's own purpose check lets a certificate without any EKU
	 * through: remote-cert-tls must not */
	conf_pki(&cc, LVPN_TLS_CLIENT, "ed-ca", "client-ed");
	conf_pki(&sc, LVPN_TLS_SERVER, "ed-ca", "noeku-server");
	{
		struct pair p;

		assert_int_equal(pair_run(&p, &cc, &sc, 100), 0);
		pair_free(&p);
	}
	cc.remote_cert = LVPN_REMOTE_CERT_SERVER;
	handshake_fails(&cc, &sc, "remote-cert-tls: extended key usage 'TLS Web Server");
	conf_free(&sc);
	/* nor one without keyUsage */
	conf_pki(&sc, LVPN_TLS_SERVER, "ed-ca", "noku-server");
	handshake_fails(&cc, &sc, "remote-cert-tls: the certificate has no key usage");
	/* a client's certificate checked for clientAuth: fine */
	sc.remote_cert = LVPN_REMOTE_CERT_CLIENT;
	cc.remote_cert = LVPN_REMOTE_CERT_ANY;
	{
		struct pair p;

		assert_int_equal(pair_run(&p, &cc, &sc, 100), 0);
		pair_free(&p);
	}
	conf_free(&cc);
	conf_free(&sc);
}

static void x509_name(void **st)
{
	static const struct {
		enum lvpn_tls_x509_name type;
		const char *name;
		int ok;
	} cases[] = {
	    {LVPN_X509_NAME_CN, "server.example", 1},
	    {LVPN_X509_NAME_CN, "server.exampl", 0},
	    {LVPN_X509_NAME_CN, "server.example2", 0},
	    {LVPN_X509_NAME_PREFIX, "server.", 1},
	    {LVPN_X509_NAME_PREFIX, "client", 0},
	    {LVPN_X509_NAME_SUBJECT, "C=NL, O=leanvpn, OU=servers, CN=server.example", 1},
	    {LVPN_X509_NAME_SUBJECT, "CN=server.example", 0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lvpn_tls_conf cc, sc;
		struct pair p;

		conf_pki(&cc, LVPN_TLS_CLIENT, "ca", "client-rsa");
		conf_pki(&sc, LVPN_TLS_SERVER, "ca", "server-rsa");
		cc.x509_name_type = cases[i].type;
		cc.x509_name = cases[i].name;
		if (cases[i].ok) {
			assert_int_equal(pair_run(&p, &cc, &sc, 100), 0);
			pair_free(&p);
		} else {
			handshake_fails(&cc, &sc, "verify-x509-name");
		}
		conf_free(&cc);
		conf_free(&sc);
	}
}

/* SHA256 fingerprint of a PKI certificate, computed by the openssl CLI. */
static void cli_fingerprint(const char *name, uint8_t fp[32])
{
	char cmd[4300], line[256];
	FILE *f;
	char *eq;
	size_t i = 0;

	snprintf(cmd, sizeof(cmd), "openssl x509 -noout -fingerprint -sha256 -in '%s'",
	         lvpn_test_path(name));
	f = popen(cmd, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	pclose(f);
	eq = strchr(line, '=');
	assert_non_null(eq);
	for (char *q = eq + 1; *q && i < 32; q += 3)
		fp[i++] = (uint8_t)strtoul((char[]){q[0], q[1], 0}, NULL, 16);
	assert_int_equal(i, 32);
}

static void peer_fingerprint(void **st)
{
	struct lvpn_tls_conf cc, sc;
	struct pair p;
	uint8_t fps[2][32], cfp[32];

	cli_fingerprint("tests/data/pki/server-ed.pem", fps[1]);
	memset(fps[0], 0x5a, 32);
	cli_fingerprint("tests/data/pki/client-ed.pem", cfp);

	/* no CA on either side: fingerprints alone */
	conf_pki(&cc, LVPN_TLS_CLIENT, NULL, "client-ed");
	conf_pki(&sc, LVPN_TLS_SERVER, NULL, "server-ed");
	cc.fingerprints = (const uint8_t(*)[32])fps;
	cc.nfingerprints = 2;
	sc.fingerprints = (const uint8_t(*)[32]) & cfp;
	sc.nfingerprints = 1;
	assert_int_equal(pair_run(&p, &cc, &sc, 100), 0);
	app_data(&p);
	pair_free(&p);

	/* the server's certificate not in the list */
	cc.nfingerprints = 1;
	handshake_fails(&cc, &sc, "peer-fingerprint");
	/* the client's certificate not in the server's list */
	cc.nfingerprints = 2;
	sc.fingerprints = (const uint8_t(*)[32])fps;
	handshake_fails(&cc, &sc, "peer-fingerprint");
	conf_free(&cc);
	conf_free(&sc);
}

static void client_cert_modes(void **st)
{
	struct lvpn_tls_conf cc, sc;
	struct pair p;
	struct lvpn_tls_cert_info ci;

	/* require (the default) and no client certificate */
	conf_pki(&cc, LVPN_TLS_CLIENT, "ca", NULL);
	conf_pki(&sc, LVPN_TLS_SERVER, "ca", "server-rsa");
	cc.version_min = "1.3";
	handshake_fails(&cc, &sc, "certificate");
	cc.version_min = NULL;
	cc.version_max = "1.2";
	handshake_fails(&cc, &sc, "certificate");
	cc.version_max = NULL;
	/* optional: accepted, and there is no peer certificate to report */
	sc.client_cert = LVPN_CLIENT_CERT_OPTIONAL;
	assert_int_equal(pair_run(&p, &cc, &sc, 100), 0);
	assert_int_equal(lvpn_tls_peer_cert(p.s, 0, &ci), LVPN_ERR_INVAL);
	pair_free(&p);
	sc.client_cert = LVPN_CLIENT_CERT_NONE;
	assert_int_equal(pair_run(&p, &cc, &sc, 100), 0);
	pair_free(&p);
	conf_free(&cc);
	conf_free(&sc);
}

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

static int hook_calls, hook_reject_depth = -1;
static char hook_leaf_cn[128];

static int hook(void *arg, const struct lvpn_tls_cert_info *ci)
{
	hook_calls++;
	if (ci->depth == 0)
		snprintf(hook_leaf_cn, sizeof(hook_leaf_cn), "%s", ci->cn);
	return ci->depth == hook_reject_depth;
}

static void verify_hook(void **st)
{
	struct lvpn_tls_conf cc, sc;
	struct pair p;

	conf_pki(&cc, LVPN_TLS_CLIENT, "ca", "client-rsa");
	conf_pki(&sc, LVPN_TLS_SERVER, "ca", "server-rsa");
	sc.verify = hook;
	hook_calls = 0;
	hook_reject_depth = -1;
	assert_int_equal(pair_run(&p, &cc, &sc, 100), 0);
	assert_int_equal(hook_calls, 2); /* the CA, then the client */
	assert_string_equal(hook_leaf_cn, "client1");
	pair_free(&p);
	hook_reject_depth = 0;
	handshake_fails(&cc, &sc, "tls-verify");
	hook_reject_depth = 1;
	handshake_fails(&cc, &sc, "tls-verify");
	conf_free(&cc);
	conf_free(&sc);
}

static const char *field(const struct lvpn_tls_cert_info *ci, const char *name)
{
	for (unsigned i = 0; i < ci->nfields; i++)
		if (strcmp(ci->field[i].name, name) == 0)
			return ci->field[i].value;
	return NULL;
}

static void cert_facts(void **st)
{
	struct lvpn_tls_conf cc, sc;
	struct pair p;
	struct lvpn_tls_cert_info ci;
	uint8_t fp[32];
	char hex[96] = "", cmd[4300], line[256];
	FILE *f;

	conf_pki(&cc, LVPN_TLS_CLIENT, "ca", "client-rsa");
	conf_pki(&sc, LVPN_TLS_SERVER, "ca", "server-rsa");
	assert_int_equal(pair_run(&p, &cc, &sc, 100), 0);
	assert_int_equal(lvpn_tls_peer_cert(p.s, 0, &ci), 0);
	assert_string_equal(ci.cn, "client1");
	assert_string_equal(field(&ci, "X509_0_CN"), "client1");
	assert_string_equal(field(&ci, "X509_0_OU"), "clients");
	assert_string_equal(field(&ci, "X509_0_O"), "leanvpn");
	assert_string_equal(field(&ci, "X509_0_C"), "NL");
	assert_string_equal(ci.subject, "C=NL, O=leanvpn, OU=clients, CN=client1");
	cli_fingerprint("tests/data/pki/client-rsa.pem", fp);
	for (int i = 0; i < 32; i++)
		snprintf(hex + strlen(hex), sizeof(hex) - strlen(hex), i ? ":%02x" : "%02x", fp[i]);
	assert_string_equal(ci.sha256, hex);
	/* serial, as the openssl CLI prints it (hex, uppercase, no colons) */
	snprintf(cmd, sizeof(cmd), "openssl x509 -noout -serial -in '%s'",
	         lvpn_test_path("tests/data/pki/client-rsa.pem"));
	f = popen(cmd, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	pclose(f);
	{
		char mine[128] = "";
		for (const char *q = ci.serial_hex; *q; q++)
			if (*q != ':')
				snprintf(mine + strlen(mine), 2, "%c", toupper((unsigned char)*q));
		assert_true(strncmp(line, "serial=", 7) == 0);
		line[strcspn(line, "\n")] = '\0';
		assert_string_equal(mine, line + 7);
	}
	assert_int_equal(lvpn_tls_peer_cert(p.s, 1, &ci), 0);
	assert_string_equal(field(&ci, "X509_1_CN"), "leanvpn test CA");
	assert_int_equal(lvpn_tls_peer_cert(p.s, 2, &ci), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_tls_peer_cert(p.c, 0, &ci), 0);
	assert_string_equal(ci.cn, "server.example");
	pair_free(&p);
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

static void crl(void **st)
{
	struct lvpn_tls_conf cc, sc;
	struct pair p;

	conf_pki(&cc, LVPN_TLS_CLIENT, "ca", "revoked-client");
	conf_pki(&sc, LVPN_TLS_SERVER, "ca", "server-rsa");
	/* without the CRL the revoked certificate is still good */
	assert_int_equal(pair_run(&p, &cc, &sc, 100), 0);
	pair_free(&p);
	sc.crl_pem = pki("crl.pem");
	handshake_fails(&cc, &sc, "certificate revoked");
	conf_free(&cc);
	/* a certificate not on the list passes (the CA has no CRL of its
	 * own issuer: tolerated, as OpenVPN does) */
	conf_pki(&cc, LVPN_TLS_CLIENT, "ca", "client-rsa");
	assert_int_equal(pair_run(&p, &cc, &sc, 100), 0);
	pair_free(&p);
	free((void *)sc.crl_pem);
	conf_free(&cc);
	conf_free(&sc);
}

/* An encrypted key is refused at once, never prompted for. */
static void encrypted_key(void **st)
{
	struct lvpn_tls_conf c;
	struct lvpn_tls_ctx *ctx;

	conf_pki(&c, LVPN_TLS_CLIENT, "ca", "client-rsa");
	free((void *)c.key_pem);
	c.key_pem = pki("client-rsa-key-enc.pem");
	assert_int_equal(lvpn_tls_ctx_new(&c, &ctx), LVPN_ERR_CONFIG);
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
	    cmocka_unit_test(tls12_rsa),
	    cmocka_unit_test(tls13_rsa),
	    cmocka_unit_test(tls13_ed25519),
	    cmocka_unit_test(tls12_ed25519),
	    cmocka_unit_test(tls13_ecdsa_server),
	    cmocka_unit_test(version_or_highest),
	    cmocka_unit_test(pkcs12_client),
	    cmocka_unit_test(wrong_ca),
	    cmocka_unit_test(expired),
	    cmocka_unit_test(remote_cert_tls),
	    cmocka_unit_test(x509_name),
	    cmocka_unit_test(peer_fingerprint),
	    cmocka_unit_test(client_cert_modes),
	    cmocka_unit_test(version_mismatch),
	    cmocka_unit_test(verify_hook),
	    cmocka_unit_test(cert_facts),
	    cmocka_unit_test(bad_config),
	    cmocka_unit_test(ctx_reuse),
	    cmocka_unit_test(garbage_input),
	    cmocka_unit_test(crl),
	    cmocka_unit_test(encrypted_key),
	    cmocka_unit_test(no_renegotiation),
	    cmocka_unit_test(cipher_settings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
