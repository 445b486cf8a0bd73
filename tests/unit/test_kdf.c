/* SPDX-License-Identifier: BSD-2-Clause */
/* crypto/kdf: the legacy OpenVPN PRF against the openssl CLI's TLS1-PRF,
 * and TLS-EKM equal on both ends of a handshake and equal to what
 * OpenSSL's exporter gives. */
#include "tests/unit/test_tls_harness.h"

#include "crypto/kdf.h"
#include "crypto/tls_int.h"

static void tohex(char *out, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02X", p[i]);
	out[2 * n] = '\0';
}

/* The independent source: `openssl kdf -keylen N -kdfopt digest:MD5-SHA1
 * -kdfopt hexsecret:S -kdfopt hexseed:D TLS1-PRF` run now; it prints the
 * result as colon-separated uppercase hex. */
static void cli_prf(const uint8_t *secret, size_t slen, const uint8_t *seed, size_t seedlen,
                    uint8_t *out, size_t olen)
{
	char sh[2 * 64 + 1], dh[2 * 256 + 1], cmd[1024], line[4096];
	FILE *f;
	size_t n = 0;

	assert_true(slen <= 64 && seedlen <= 256);
	tohex(sh, secret, slen);
	tohex(dh, seed, seedlen);
	snprintf(cmd, sizeof(cmd),
	         "openssl kdf -keylen %zu -kdfopt digest:MD5-SHA1 -kdfopt hexsecret:%s "
	         "-kdfopt hexseed:%s TLS1-PRF",
	         olen, sh, dh);
	f = popen(cmd, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	pclose(f);
	for (char *q = line; *q && *q != '\n' && n < olen; q += 3)
		out[n++] = (uint8_t)strtoul((char[]){q[0], q[1], 0}, NULL, 16);
	assert_int_equal(n, olen);
}

static void fill(uint8_t *p, size_t n, uint8_t start)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(start + i * 7);
}

static void tls1_prf_cli(void **st)
{
	uint8_t secret[48], seed[100], mine[256], cli[256];

	fill(secret, sizeof(secret), 1);
	fill(seed, sizeof(seed), 99);
	assert_int_equal(lvpn_kdf_tls1_prf(secret, sizeof(secret), seed, sizeof(seed), mine, 256),
	                 0);
	cli_prf(secret, sizeof(secret), seed, sizeof(seed), cli, 256);
	assert_memory_equal(mine, cli, 256);
	assert_int_equal(lvpn_kdf_tls1_prf(secret, 48, seed, 10, mine, 0), LVPN_ERR_INVAL);
}

/* The two-step OpenVPN derivation, rebuilt here from reference b.9 with
 * the CLI doing each PRF step. */
static void openvpn_prf(void **st)
{
	struct lvpn_key_source c, s;
	uint8_t csid[8], ssid[8], mine[256], master[48], want[256], seed[256];
	size_t n;

	fill(c.pre_master, 48, 3);
	fill(c.random1, 32, 50);
	fill(c.random2, 32, 90);
	memset(s.pre_master, 0xee, 48); /* the server's is never used */
	fill(s.random1, 32, 130);
	fill(s.random2, 32, 170);
	fill(csid, 8, 210);
	fill(ssid, 8, 230);
	assert_int_equal(lvpn_kdf_openvpn_prf(&c, &s, csid, ssid, mine), 0);

	n = 0;
	memcpy(seed, "OpenVPN master secret", 21);
	n = 21;
	memcpy(seed + n, c.random1, 32);
	memcpy(seed + n + 32, s.random1, 32);
	n += 64;
	cli_prf(c.pre_master, 48, seed, n, master, 48);
	memcpy(seed, "OpenVPN key expansion", 21);
	n = 21;
	memcpy(seed + n, c.random2, 32);
	memcpy(seed + n + 32, s.random2, 32);
	n += 64;
	memcpy(seed + n, csid, 8);
	memcpy(seed + n + 8, ssid, 8);
	n += 16;
	cli_prf(master, 48, seed, n, want, 256);
	assert_memory_equal(mine, want, 256);

	/* every input matters: the session ids swapped give other keys */
	assert_int_equal(lvpn_kdf_openvpn_prf(&c, &s, ssid, csid, mine), 0);
	assert_memory_not_equal(mine, want, 256);
	lvpn_key_source_wipe(&c);
	for (size_t i = 0; i < sizeof(c); i++)
		assert_int_equal(((uint8_t *)&c)[i], 0);
}

static void ekm_both_ends(const char *ver, const char *ca, const char *cc_name, const char *sc_name)
{
	struct lvpn_tls_conf cc, sc;
	struct pair p;
	uint8_t a[256], b[256], d1[256], d2[256], raw[256];
	struct lvpn_tls_ctx *ctx;
	struct lvpn_tls_sess *fresh;

	conf_pki(&cc, LVPN_TLS_CLIENT, ca, cc_name);
	conf_pki(&sc, LVPN_TLS_SERVER, ca, sc_name);
	cc.version_min = cc.version_max = ver;
	/* not before the handshake */
	assert_int_equal(lvpn_tls_ctx_new(&cc, &ctx), 0);
	assert_int_equal(lvpn_tls_sess_new(ctx, &fresh), 0);
	assert_int_equal(lvpn_kdf_ekm_datakeys(fresh, a), LVPN_ERR_STATE);
	lvpn_tls_sess_free(fresh);
	lvpn_tls_ctx_free(ctx);

	assert_int_equal(pair_run(&p, &cc, &sc, 100), 0);
	assert_int_equal(lvpn_kdf_ekm_datakeys(p.c, a), 0);
	assert_int_equal(lvpn_kdf_ekm_datakeys(p.s, b), 0);
	assert_memory_equal(a, b, 256);
	/* what OpenSSL's exporter gives for that label, no context */
	assert_int_equal(SSL_export_keying_material(p.c->ssl, raw, 256, "EXPORTER-OpenVPN-datakeys",
	                                            25, NULL, 0, 0),
	                 1);
	assert_memory_equal(a, raw, 256);
	/* the dynamic tls-crypt label gives other bytes, again equal */
	assert_int_equal(lvpn_kdf_ekm_dyn_tls_crypt(p.c, d1), 0);
	assert_int_equal(lvpn_kdf_ekm_dyn_tls_crypt(p.s, d2), 0);
	assert_memory_equal(d1, d2, 256);
	assert_memory_not_equal(d1, a, 256);
	assert_int_equal(SSL_export_keying_material(p.s->ssl, raw, 256,
	                                            "EXPORTER-OpenVPN-dynamic-tls-crypt", 34, NULL,
	                                            0, 0),
	                 1);
	assert_memory_equal(d1, raw, 256);
	/* generic exporter */
	assert_int_equal(lvpn_tls_export(p.c, "EXPORTER-test", raw, 16), 0);
	assert_int_equal(lvpn_tls_export(p.s, "EXPORTER-test", d2, 16), 0);
	assert_memory_equal(raw, d2, 16);
	assert_int_equal(lvpn_tls_export(p.s, "", d2, 16), LVPN_ERR_INVAL);
	pair_free(&p);
	conf_free(&cc);
	conf_free(&sc);
}

static void ekm_tls13(void **st)
{
	ekm_both_ends("1.3", "ed-ca", "client-ed", "server-ed");
}

static void ekm_tls12(void **st)
{
	ekm_both_ends("1.2", "ca", "client-rsa", "server-rsa");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(tls1_prf_cli),
	    cmocka_unit_test(openvpn_prf),
	    cmocka_unit_test(ekm_tls13),
	    cmocka_unit_test(ekm_tls12),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
