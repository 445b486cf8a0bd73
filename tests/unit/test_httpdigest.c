/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/httpdigest: the Digest challenge parser (quoted and bare values,
 * unknown parameters, what is missing, malformed, oversized) and the
 * answer: RFC 2617's own example, MD5-sess as OpenVPN 2.6 computes it
 * (the values checked against Python's hashlib), opaque echoed, unsafe
 * input refused; and the HTTP parser pointing at the first
 * Proxy-Authenticate OpenVPN knows. */
#include "tests/unit/testutil.h"

#include "proto/httpdigest.h"
#include "proto/httpproxy.h"

/* RFC 2617 section 3.5's challenge */
static const char rfc2617[] = "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                              "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
                              "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

static int parse(const char *s, struct lvpn_httpdigest_chal *c)
{
	return lvpn_httpdigest_parse(s, strlen(s), c);
}

static void parse_good(void **state)
{
	struct lvpn_httpdigest_chal c;

	(void)state;
	assert_int_equal(parse(rfc2617, &c), 0);
	assert_string_equal(c.realm, "testrealm@host.com");
	assert_string_equal(c.nonce, "dcd98b7102dd2f0e8b11d0f600bfb0c093");
	assert_string_equal(c.opaque, "5ccc069c403ebaf9f0171e9517f40e41");
	assert_true(c.have_opaque);
	assert_string_equal(c.algorithm, "");
	/* bare tokens, odd spacing and case, an empty realm, an escaped quote
	 * kept as received */
	assert_int_equal(parse(" dIgEsT  NONCE = abc , Realm=\"\",algorithm=MD5-sess,stale=false,"
	                       " domain=\"a\\\"b\"",
	                       &c),
	                 0);
	assert_string_equal(c.nonce, "abc");
	assert_string_equal(c.realm, "");
	assert_string_equal(c.algorithm, "MD5-sess");
	assert_false(c.have_opaque);
	assert_int_equal(parse("Digest realm=\"a\\\"b\", nonce=n", &c), 0);
	assert_string_equal(c.realm, "a\\\"b");
}

static void parse_bad(void **state)
{
	static const char *const bad[] = {
	    "Basic realm=\"x\"",
	    "Digestive realm=x, nonce=y",
	    "Digest realm=x",                   /* no nonce */
	    "Digest nonce=y",                   /* no realm */
	    "Digest realm=\"x, nonce=y",        /* open quote */
	    "Digest realm=\"x\\\", nonce=y",    /* the quote escaped away */
	    "Digest realm, nonce=y",            /* no '=' */
	    "Digest realm=, nonce=y",           /* no value */
	    "Digest realm=\"x\" junk, nonce=y", /* no comma */
	    "Digest realm=x\001, nonce=y",      /* control byte */
	    "Digest =x, realm=x, nonce=y",      /* no name */
	    "",
	};
	struct lvpn_httpdigest_chal c;
	char big[700];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(parse(bad[i], &c), LVPN_ERR_MALFORMED);
	snprintf(big, sizeof(big), "Digest nonce=y, realm=\"%0*d\"", LVPN_HTTPDIGEST_FIELD, 0);
	assert_int_equal(parse(big, &c), LVPN_ERR_TOO_BIG);
	snprintf(big, sizeof(big), "Digest nonce=y, realm=\"%0*d\"", LVPN_HTTPDIGEST_FIELD - 1, 0);
	assert_int_equal(parse(big, &c), 0);
	/* a NUL inside the counted bytes is a control byte, not an end */
	assert_int_equal(lvpn_httpdigest_parse("Digest realm=x\0, nonce=y", 24, &c),
	                 LVPN_ERR_MALFORMED);
	assert_int_equal(lvpn_httpdigest_parse(NULL, 0, &c), LVPN_ERR_INVAL);
}

/* RFC 2617 section 3.5 (qop auth, nc 00000001): its response value. */
static void answer_rfc2617(void **state)
{
	struct lvpn_httpdigest_chal c;
	char out[1024];

	(void)state;
	assert_int_equal(parse(rfc2617, &c), 0);
	assert_int_equal(lvpn_httpdigest_answer(&c, "Mufasa", "Circle Of Life", "GET",
	                                        "/dir/index.html", "0a4f113b", out, sizeof(out)),
	                 0);
	assert_string_equal(out,
	                    "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
	                    "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
	                    "uri=\"/dir/index.html\", qop=auth, nc=00000001, "
	                    "cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\", "
	                    "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
}

/* CONNECT, MD5 and MD5-sess (2.6 hashes HA1's raw bytes there); the
 * expected values from Python: hashlib.md5 over the same strings. */
static void answer_connect(void **state)
{
	struct lvpn_httpdigest_chal c;
	char out[1024];

	(void)state;
	assert_int_equal(parse("Digest realm=\"my realm\", nonce=\"abc123\"", &c), 0);
	assert_int_equal(lvpn_httpdigest_answer(&c, "user", "secret", "CONNECT",
	                                        "vpn.example.com:1194", "Y25vbmNl", out,
	                                        sizeof(out)),
	                 0);
	assert_non_null(strstr(out, "response=\"4a637a56de8f6462e6026143db8d69a3\""));
	assert_null(strstr(out, "opaque"));
	assert_int_equal(
	    parse("Digest realm=\"my realm\", nonce=\"abc123\", algorithm=md5-sess", &c), 0);
	assert_int_equal(lvpn_httpdigest_answer(&c, "user", "secret", "CONNECT",
	                                        "vpn.example.com:1194", "Y25vbmNl", out,
	                                        sizeof(out)),
	                 0);
	assert_non_null(strstr(out, "response=\"71b8f7ad282d1adc4daad859327ce236\""));
}

static void answer_refused(void **state)
{
	struct lvpn_httpdigest_chal c;
	char out[1024];

	(void)state;
	assert_int_equal(parse("Digest realm=r, nonce=n", &c), 0);
	assert_int_equal(
	    lvpn_httpdigest_answer(&c, "a\"b", "p", "CONNECT", "h:1", "c", out, sizeof(out)),
	    LVPN_ERR_INVAL);
	assert_int_equal(
	    lvpn_httpdigest_answer(&c, "a", "p", "CONNECT", "h:1\r\nX: y", "c", out, sizeof(out)),
	    LVPN_ERR_INVAL);
	assert_int_equal(
	    lvpn_httpdigest_answer(&c, "a", "p", "CONNECT", "h:1", "c\\", out, sizeof(out)),
	    LVPN_ERR_INVAL);
	assert_int_equal(lvpn_httpdigest_answer(&c, "a", "p", "CONNECT", "h:1", "c", out, 40),
	                 LVPN_ERR_BUFSIZE);
	assert_int_equal(
	    lvpn_httpdigest_answer(NULL, "a", "p", "CONNECT", "h:1", "c", out, sizeof(out)),
	    LVPN_ERR_INVAL);
}

/* The first Proxy-Authenticate OpenVPN knows wins (an unknown scheme
 * before it does not count); its value is found in the input. */
static void first_scheme(void **state)
{
	static const char in[] = "HTTP/1.1 407 Auth\r\n"
	                         "Proxy-Authenticate: Negotiate\r\n"
	                         "Proxy-Authenticate: Digest realm=\"r\", nonce=\"n\"\r\n"
	                         "Proxy-Authenticate: Basic realm=\"r\"\r\n\r\n";
	struct lvpn_httpproxy_resp r;
	struct lvpn_httpdigest_chal c;

	(void)state;
	assert_int_equal(lvpn_httpproxy_parse((const uint8_t *)in, strlen(in), &r), 0);
	assert_int_equal(r.first, LVPN_HTTPPROXY_AUTH_DIGEST);
	assert_int_equal(lvpn_httpdigest_parse(in + r.first_off, r.first_len, &c), 0);
	assert_string_equal(c.nonce, "n");
	assert_int_equal(lvpn_httpproxy_parse((const uint8_t *)"HTTP/1.0 407 x\r\n\r\n", 18, &r),
	                 0);
	assert_int_equal(r.first, 0);
}

/* A request carries a given Proxy-Authorization value instead of Basic. */
static void request_auth(void **state)
{
	struct lvpn_httpproxy_req q = {
	    .host = "h", .port = "1", .user = "u", .pass = "p", .auth = "Digest x=\"y\""};
	char out[512];
	size_t n = 0;

	(void)state;
	assert_int_equal(lvpn_httpproxy_request(&q, out, sizeof(out), &n), 0);
	assert_string_equal(out, "CONNECT h:1 HTTP/1.0\r\nHost: h\r\n"
	                         "Proxy-Authorization: Digest x=\"y\"\r\n\r\n");
	q.auth = "Digest x\r\nEvil: 1";
	assert_int_equal(lvpn_httpproxy_request(&q, out, sizeof(out), &n), LVPN_ERR_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parse_good),     cmocka_unit_test(parse_bad),
	    cmocka_unit_test(answer_rfc2617), cmocka_unit_test(answer_connect),
	    cmocka_unit_test(answer_refused), cmocka_unit_test(first_scheme),
	    cmocka_unit_test(request_auth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
