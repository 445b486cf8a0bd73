/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared by the TLS, KDF and key-method-2 tests: reads the test PKI and
 * runs an in-memory handshake between two crypto/tls sessions. */
#ifndef LVPN_TEST_TLS_HARNESS_H
#define LVPN_TEST_TLS_HARNESS_H

#include "tests/unit/testutil.h"

#include "crypto/tls.h"
#include "crypto/tls_int.h"

/* The whole file tests/data/pki/<name> as a NUL-terminated string (the
 * caller frees it); fails the test if it cannot be read. */
static inline char *pki(const char *name)
{
	char rel[256];
	FILE *f;
	char *buf;
	long n;

	snprintf(rel, sizeof(rel), "tests/data/pki/%s", name);
	f = fopen(lvpn_test_path(rel), "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* A conf whose PEM strings are read from the PKI; free with conf_free. */
static inline void conf_pki(struct lvpn_tls_conf *c, enum lvpn_tls_role role, const char *ca,
                            const char *cert)
{
	char name[128];

	memset(c, 0, sizeof(*c));
	c->role = role;
	if (ca) {
		snprintf(name, sizeof(name), "%s.pem", ca);
		c->ca_pem = pki(name);
	}
	if (cert) {
		snprintf(name, sizeof(name), "%s.pem", cert);
		c->cert_pem = pki(name);
		snprintf(name, sizeof(name), "%s-key.pem", cert);
		c->key_pem = pki(name);
	}
}

static inline void conf_free(struct lvpn_tls_conf *c)
{
	free((void *)c->ca_pem);
	free((void *)c->cert_pem);
	free((void *)c->key_pem);
	memset(c, 0, sizeof(*c));
}

/* Moves ciphertext from one session to the other in chunks of at most
 * chunk bytes (the control channel splits TLS records the same way). */
static inline int pump_one(struct lvpn_tls_sess *from, struct lvpn_tls_sess *to, size_t chunk,
                           int *moved)
{
	uint8_t buf[1500];
	size_t n;
	int rc;

	if (chunk > sizeof(buf))
		chunk = sizeof(buf);
	while (lvpn_tls_pending(from) > 0) {
		rc = lvpn_tls_pull(from, buf, chunk, &n);
		if (rc < 0)
			return rc;
		rc = lvpn_tls_feed(to, buf, n);
		*moved = 1;
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Runs both sessions until nothing moves.  Returns 0, or the first error. */
static inline int pump(struct lvpn_tls_sess *c, struct lvpn_tls_sess *s, size_t chunk)
{
	for (int round = 0; round < 64; round++) {
		int moved = 0, rc;

		rc = pump_one(c, s, chunk, &moved);
		if (rc < 0)
			return rc;
		rc = pump_one(s, c, chunk, &moved);
		if (rc < 0)
			return rc;
		if (!moved)
			return 0;
	}
	return LVPN_ERR_TIMEOUT;
}

struct pair {
	struct lvpn_tls_ctx *cctx, *sctx;
	struct lvpn_tls_sess *c, *s;
};

/* Builds both contexts and sessions and runs the handshake.  Returns the
 * first error (from ctx creation or the handshake) or 0. */
static inline int pair_run(struct pair *p, const struct lvpn_tls_conf *cc,
                           const struct lvpn_tls_conf *sc, size_t chunk)
{
	int rc;

	memset(p, 0, sizeof(*p));
	rc = lvpn_tls_ctx_new(cc, &p->cctx);
	if (rc < 0)
		return rc;
	rc = lvpn_tls_ctx_new(sc, &p->sctx);
	if (rc < 0)
		return rc;
	assert_int_equal(lvpn_tls_sess_new(p->cctx, &p->c), 0);
	assert_int_equal(lvpn_tls_sess_new(p->sctx, &p->s), 0);
	rc = pump(p->c, p->s, chunk);
	if (rc == 0 && lvpn_tls_handshake_done(p->c) && !lvpn_tls_handshake_done(p->s))
		return LVPN_ERR_STATE;
	return rc;
}

static inline void pair_free(struct pair *p)
{
	lvpn_tls_sess_free(p->c);
	lvpn_tls_sess_free(p->s);
	lvpn_tls_ctx_free(p->cctx);
	lvpn_tls_ctx_free(p->sctx);
	memset(p, 0, sizeof(*p));
}

static inline void app_data(struct pair *p)
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

/* Runs a handshake expected to fail; returns the failing side's reason. */
static inline void handshake_fails(struct lvpn_tls_conf *cc, struct lvpn_tls_conf *sc,
                                   const char *why)
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

#endif
