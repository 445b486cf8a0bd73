/* SPDX-License-Identifier: BSD-2-Clause */
/* crypto/tls_verify: every peer check rejects what it must (wrong CA,
 * expired, remote-cert-tls, remote-cert-ku/eku, verify-x509-name, peer-fingerprint,
 * verify-client-cert, CRL, the tls-verify hook), and the certificate facts
 * handed to scripts. */
#include "tests/unit/test_tls_harness.h"

#include <ctype.h>

static void pair_ok(struct lvpn_tls_conf *cc, struct lvpn_tls_conf *sc)
{
	struct pair p;

	assert_int_equal(pair_run(&p, cc, sc, 100), 0);
	pair_free(&p);
}

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

/* --remote-cert-ku and --remote-cert-eku, as OpenVPN 2.6 checks them:
 * server-rsa has Digital Signature + Key Encipherment (a0) and serverAuth */
static void remote_cert_ku_eku(void **st)
{
	struct lvpn_tls_conf cc, sc;

	conf_pki(&cc, LVPN_TLS_CLIENT, "ca", "client-rsa");
	conf_pki(&sc, LVPN_TLS_SERVER, "ca", "server-rsa");
	cc.remote_ku_set = 1; /* no value: the extension must be there */
	pair_ok(&cc, &sc);
	cc.nremote_ku = 2;
	cc.remote_ku[0] = 0x88; /* key agreement: not set */
	cc.remote_ku[1] = 0xa0;
	pair_ok(&cc, &sc);
	cc.remote_ku[1] = 0x80; /* a subset of what the certificate has */
	pair_ok(&cc, &sc);
	cc.nremote_ku = 1;
	handshake_fails(&cc, &sc,
	                "remote-cert-ku: the certificate has key usage 00a0, expected 0088");
	cc.remote_ku_set = 0;
	cc.remote_eku = "TLS Web Server Authentication";
	pair_ok(&cc, &sc);
	cc.remote_eku = "1.3.6.1.5.5.7.3.1";
	pair_ok(&cc, &sc);
	cc.remote_eku = "TLS Web Client Authentication";
	handshake_fails(&cc, &sc, "remote-cert-eku: extended key usage 'TLS Web Client");
	conf_free(&cc);
	conf_free(&sc);
	/* certificates without the extensions */
	conf_pki(&cc, LVPN_TLS_CLIENT, "ed-ca", "client-ed");
	conf_pki(&sc, LVPN_TLS_SERVER, "ed-ca", "noku-server");
	cc.remote_ku_set = 1;
	handshake_fails(&cc, &sc, "remote-cert-ku: the certificate has no key usage");
	conf_free(&sc);
	conf_pki(&sc, LVPN_TLS_SERVER, "ed-ca", "noeku-server");
	cc.remote_ku_set = 0;
	cc.remote_eku = "TLS Web Server Authentication";
	handshake_fails(&cc, &sc, "remote-cert-eku: the certificate has no extended key usage");
	conf_free(&cc);
	conf_free(&sc);
}

/* --ns-cert-type as OpenVPN 2.6.14 applies it: OpenSSL's purpose check of
 * the peer's certificate (which a certificate without EKU passes) */
static void ns_cert_type(void **st)
{
	struct lvpn_tls_conf cc, sc;

	conf_pki(&cc, LVPN_TLS_CLIENT, "ca", "client-rsa");
	conf_pki(&sc, LVPN_TLS_SERVER, "ca", "server-rsa");
	cc.ns_cert_type = LVPN_NS_CERT_SERVER;
	sc.ns_cert_type = LVPN_NS_CERT_CLIENT;
	pair_ok(&cc, &sc);
	cc.ns_cert_type = LVPN_NS_CERT_CLIENT; /* the server's is no client certificate */
	handshake_fails(&cc, &sc, "ns-cert-type: the certificate is not a client certificate");
	conf_free(&sc);
	/* a client certificate presented by a server (OpenSSL's own purpose
	 * check of a client catches it first) */
	conf_pki(&sc, LVPN_TLS_SERVER, "ca", "client-rsa");
	cc.ns_cert_type = LVPN_NS_CERT_SERVER;
	handshake_fails(&cc, &sc, "purpose");
	conf_free(&cc);
	conf_free(&sc);
	/* no EKU at all: the purpose check lets it through, as in 2.6 */
	conf_pki(&cc, LVPN_TLS_CLIENT, "ed-ca", "client-ed");
	conf_pki(&sc, LVPN_TLS_SERVER, "ed-ca", "noeku-server");
	cc.ns_cert_type = LVPN_NS_CERT_SERVER;
	pair_ok(&cc, &sc);
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
static void cli_hash(const char *name, const char *alg, uint8_t *fp, size_t len)
{
	char cmd[4300], line[256];
	FILE *f;
	char *eq;
	size_t i = 0;

	snprintf(cmd, sizeof(cmd), "openssl x509 -noout -fingerprint -%s -in '%s'", alg,
	         lvpn_test_path(name));
	f = popen(cmd, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	pclose(f);
	eq = strchr(line, '=');
	assert_non_null(eq);
	for (char *q = eq + 1; *q && i < len; q += 3)
		fp[i++] = (uint8_t)strtoul((char[]){q[0], q[1], 0}, NULL, 16);
	assert_int_equal(i, len);
}

static void cli_fingerprint(const char *name, uint8_t fp[32])
{
	cli_hash(name, "sha256", fp, 32);
}

/* --verify-hash: the level-1 certificate (the server's CA) by SHA1 or
 * SHA256, one of a list */
static void verify_hash(void **st)
{
	struct lvpn_tls_conf cc, sc;
	uint8_t h[2][32] = {{0}};

	conf_pki(&cc, LVPN_TLS_CLIENT, "ca", "client-rsa");
	conf_pki(&sc, LVPN_TLS_SERVER, "ca", "server-rsa");
	memset(h[0], 0x5a, 32);
	cli_hash("tests/data/pki/ca.pem", "sha256", h[1], 32);
	cc.ca_hashes = (const uint8_t(*)[32])h;
	cc.nca_hashes = 2;
	cc.ca_hash_len = 32;
	pair_ok(&cc, &sc);
	cc.nca_hashes = 1;
	handshake_fails(&cc, &sc, "verify-hash: level-1 certificate hash verification failed");
	memset(h[1], 0, 32);
	cli_hash("tests/data/pki/ca.pem", "sha1", h[1], 20);
	cc.nca_hashes = 2;
	cc.ca_hash_len = 20;
	pair_ok(&cc, &sc);
	h[1][19] ^= 1;
	handshake_fails(&cc, &sc, "verify-hash");
	conf_free(&cc);
	conf_free(&sc);
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

/* --capath: a hashed directory of CA certificates (made with the openssl
 * CLI in a temporary directory). */
static void capath(void **st)
{
	struct lvpn_tls_conf cc, sc;
	struct pair p;
	char dir[] = "/tmp/lvpn-capath-XXXXXX", cmd[8400];
	const char *ca_path = strdup(lvpn_test_path("tests/data/pki/ca.pem"));

	assert_non_null(mkdtemp(dir));
	conf_pki(&cc, LVPN_TLS_CLIENT, NULL, "client-rsa");
	conf_pki(&sc, LVPN_TLS_SERVER, "ca", "server-rsa");
	cc.capath = dir;
	/* empty directory: nothing is trusted */
	handshake_fails(&cc, &sc, "certificate verify failed");
	snprintf(cmd, sizeof(cmd), "cp '%s' %s/$(openssl x509 -hash -noout -in '%s').0", ca_path,
	         dir, ca_path);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(pair_run(&p, &cc, &sc, 100), 0);
	pair_free(&p);
	snprintf(cmd, sizeof(cmd), "rm -f %s/*.0 && rmdir %s", dir, dir);
	assert_int_equal(system(cmd), 0);
	free((void *)ca_path);
	conf_free(&cc);
	conf_free(&sc);
}

/* Repeated subject fields are numbered as OpenVPN's environment does. */
static void repeated_fields(void **st)
{
	struct lvpn_tls_conf cc, sc;
	struct pair p;
	struct lvpn_tls_cert_info ci;

	conf_pki(&cc, LVPN_TLS_CLIENT, "ed-ca", "multi-ou-client");
	conf_pki(&sc, LVPN_TLS_SERVER, "ed-ca", "server-ed");
	assert_int_equal(pair_run(&p, &cc, &sc, 100), 0);
	assert_int_equal(lvpn_tls_peer_cert(p.s, 0, &ci), 0);
	assert_string_equal(field(&ci, "X509_0_OU"), "staff");
	assert_string_equal(field(&ci, "X509_0_OU_1"), "admins");
	assert_null(field(&ci, "X509_0_OU_2"));
	assert_string_equal(field(&ci, "X509_0_CN"), "multi");
	assert_string_equal(ci.cn, "multi");
	pair_free(&p);
	conf_free(&cc);
	conf_free(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(wrong_ca),
	    cmocka_unit_test(expired),
	    cmocka_unit_test(remote_cert_tls),
	    cmocka_unit_test(remote_cert_ku_eku),
	    cmocka_unit_test(ns_cert_type),
	    cmocka_unit_test(x509_name),
	    cmocka_unit_test(peer_fingerprint),
	    cmocka_unit_test(verify_hash),
	    cmocka_unit_test(client_cert_modes),
	    cmocka_unit_test(verify_hook),
	    cmocka_unit_test(cert_facts),
	    cmocka_unit_test(crl),
	    cmocka_unit_test(capath),
	    cmocka_unit_test(repeated_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
