/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/httpproxy: the CONNECT request and the strict, bounded parser of
 * the proxy's answer (truncated, oversized, bit-flipped, hostile). */
#include "tests/unit/testutil.h"

#include "proto/httpproxy.h"

static int parse(const char *s, struct lvpn_httpproxy_resp *r)
{
	return lvpn_httpproxy_parse((const uint8_t *)s, strlen(s), r);
}

static void request_plain(void **state)
{
	struct lvpn_httpproxy_req q = {.host = "vpn.example", .port = "1194"};
	char out[512];
	size_t n = 0;

	(void)state;
	assert_int_equal(lvpn_httpproxy_request(&q, out, sizeof(out), &n), 0);
	assert_string_equal(out, "CONNECT vpn.example:1194 HTTP/1.0\r\nHost: vpn.example\r\n\r\n");
	assert_int_equal(n, strlen(out));
}

/* Basic is base64("user:pass"); custom headers come first, a Host among
 * them replaces ours; the agent follows. */
static void request_full(void **state)
{
	struct lvpn_httpproxy_req q = {.host = "h",
	                               .port = "443",
	                               .version = "1.1",
	                               .agent = "Agent/1",
	                               .user = "Aladdin",
	                               .pass = "open sesame",
	                               .nhdr = 2};
	char out[512];
	size_t n = 0;

	(void)state;
	q.hdr_name[0] = "X-A";
	q.hdr_value[0] = "b";
	q.hdr_name[1] = "host: other";
	q.hdr_value[1] = NULL;
	assert_int_equal(lvpn_httpproxy_request(&q, out, sizeof(out), &n), 0);
	assert_string_equal(out, "CONNECT h:443 HTTP/1.1\r\nX-A: b\r\nhost: other\r\n"
	                         "User-Agent: Agent/1\r\n"
	                         "Proxy-Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n\r\n");
}

/* A line break in any field would split the request: refused. */
static void request_injection(void **state)
{
	struct lvpn_httpproxy_req q = {.host = "h", .port = "1"};
	char out[512];
	size_t n = 0;

	(void)state;
	q.agent = "a\r\nX-Evil: 1";
	assert_int_equal(lvpn_httpproxy_request(&q, out, sizeof(out), &n), LVPN_ERR_INVAL);
	q.agent = NULL;
	q.pass = "p\n";
	q.user = "u";
	assert_int_equal(lvpn_httpproxy_request(&q, out, sizeof(out), &n), LVPN_ERR_INVAL);
	q.pass = "p";
	q.host = "";
	assert_int_equal(lvpn_httpproxy_request(&q, out, sizeof(out), &n), LVPN_ERR_INVAL);
}

/* Every buffer size short of the request fails cleanly, none overflows. */
static void request_small(void **state)
{
	struct lvpn_httpproxy_req q = {.host = "host", .port = "1", .user = "u", .pass = "p"};
	char out[200];
	size_t n = 0, full;

	(void)state;
	assert_int_equal(lvpn_httpproxy_request(&q, out, sizeof(out), &full), 0);
	for (size_t cap = 1; cap <= full; cap++) {
		char *b = malloc(cap);

		assert_non_null(b);
		assert_int_equal(lvpn_httpproxy_request(&q, b, cap, &n), LVPN_ERR_BUFSIZE);
		free(b);
	}
}

static void parse_200(void **state)
{
	struct lvpn_httpproxy_resp r;
	const char *s = "HTTP/1.0 200 Connection established\r\nProxy-agent: tinyproxy/1.11.1\r\n"
	                "\r\n\x00\x2a";

	(void)state;
	assert_int_equal(lvpn_httpproxy_parse((const uint8_t *)s, strlen(s) + 2, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.hdr_len, strlen(s)); /* the stream bytes are not eaten */
	assert_int_equal(r.nheaders, 1);
	assert_int_equal(parse("HTTP/1.1 200\n\n", &r), 0);
	assert_int_equal(r.status, 200);
}

static void parse_407(void **state)
{
	struct lvpn_httpproxy_resp r;

	(void)state;
	assert_int_equal(parse("HTTP/1.1 407 Proxy Authentication Required\r\n"
	                       "proxy-authenticate: NTLM\r\n"
	                       "Proxy-Authenticate:   Basic realm=\"x\"\r\n"
	                       "Content-Length: 0\r\n\r\n",
	                       &r),
	                 0);
	assert_int_equal(r.status, 407);
	assert_int_equal(r.schemes, LVPN_HTTPPROXY_AUTH_BASIC | LVPN_HTTPPROXY_AUTH_NTLM);
	assert_int_equal(parse("HTTP/1.1 407 x\r\nProxy-Authenticate: Digest a=b\r\n"
	                       "Proxy-Authenticate: Basically\r\n\r\n",
	                       &r),
	                 0);
	assert_int_equal(r.schemes, LVPN_HTTPPROXY_AUTH_DIGEST | LVPN_HTTPPROXY_AUTH_OTHER);
}

/* Every prefix of a good answer asks for more, never succeeds early. */
static void parse_truncated(void **state)
{
	const char *s = "HTTP/1.0 407 No\r\nProxy-Authenticate: Basic\r\nA: b\r\n\r\n";
	struct lvpn_httpproxy_resp r;

	(void)state;
	for (size_t n = 0; n < strlen(s); n++) {
		uint8_t *b = malloc(n + 1);

		assert_non_null(b);
		memcpy(b, s, n);
		assert_int_equal(lvpn_httpproxy_parse(b, n, &r), LVPN_ERR_AGAIN);
		free(b);
	}
	assert_int_equal(parse(s, &r), 0);
}

static void parse_malformed(void **state)
{
	static const char *const bad[] = {
	    "HTTP/1.0 20 OK\r\n\r\n",
	    "HTTP/1.0 2000 OK\r\n\r\n",
	    "HTTP/1.0  200 OK\r\n\r\n",
	    "http/1.0 200 OK\r\n\r\n",
	    "HTTP/1 200 OK\r\n\r\n",
	    "SSH-2.0-OpenSSH\r\n\r\n",
	    "HTTP/1.0 099 x\r\n\r\n",
	    "HTTP/1.0 200 OK\rX\r\n\r\n",
	    "HTTP/1.0 200 OK\r\nA b\r\n\r\n",
	    "HTTP/1.0 200 OK\r\n: b\r\n\r\n",
	    "HTTP/1.0 200 OK\r\n folded: x\r\n\r\n",
	    "HTTP/1.0 200 O\x01K\r\n\r\n",
	    "HTTP/1.0 200 OK\r\nA: \x7f\r\n\r\n",
	};
	struct lvpn_httpproxy_resp r;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(parse(bad[i], &r), LVPN_ERR_MALFORMED);
	/* a NUL inside a line */
	assert_int_equal(lvpn_httpproxy_parse((const uint8_t *)"HTTP/1.0 200 \0K\r\n\r\n", 19, &r),
	                 LVPN_ERR_MALFORMED);
	assert_int_equal(lvpn_httpproxy_parse(NULL, 0, &r), LVPN_ERR_INVAL);
}

/* Limits: one line, the header count, the whole answer. */
static void parse_limits(void **state)
{
	size_t cap = LVPN_HTTPPROXY_MAX_RESP * 2;
	char *s = malloc(cap + 1);
	struct lvpn_httpproxy_resp r;
	size_t n;

	(void)state;
	assert_non_null(s);
	/* a status line longer than a line may be, with no end in sight */
	n = (size_t)snprintf(s, cap, "HTTP/1.0 200 ");
	memset(s + n, 'a', LVPN_HTTPPROXY_MAX_LINE + 10);
	assert_int_equal(lvpn_httpproxy_parse((uint8_t *)s, n + LVPN_HTTPPROXY_MAX_LINE + 10, &r),
	                 LVPN_ERR_TOO_BIG);
	/* the longest line allowed still parses */
	n = (size_t)snprintf(s, cap, "HTTP/1.0 200 ");
	memset(s + n, 'a', LVPN_HTTPPROXY_MAX_LINE - n);
	memcpy(s + LVPN_HTTPPROXY_MAX_LINE, "\r\n\r\n", 5);
	assert_int_equal(parse(s, &r), 0);
	/* one header more than allowed */
	n = (size_t)snprintf(s, cap, "HTTP/1.0 200 OK\r\n");
	for (int i = 0; i <= LVPN_HTTPPROXY_MAX_HEADERS; i++)
		n += (size_t)snprintf(s + n, cap - n, "A: b\r\n");
	snprintf(s + n, cap - n, "\r\n");
	assert_int_equal(parse(s, &r), LVPN_ERR_TOO_BIG);
	/* exactly the maximum count */
	n = (size_t)snprintf(s, cap, "HTTP/1.0 200 OK\r\n");
	for (int i = 0; i < LVPN_HTTPPROXY_MAX_HEADERS; i++)
		n += (size_t)snprintf(s + n, cap - n, "A: b\r\n");
	snprintf(s + n, cap - n, "\r\n");
	assert_int_equal(parse(s, &r), 0);
	assert_int_equal(r.nheaders, LVPN_HTTPPROXY_MAX_HEADERS);
	/* headers of allowed lines and count, but more bytes in all than the
	 * answer may have, and no blank line: too big, not "read more" */
	n = (size_t)snprintf(s, cap, "HTTP/1.0 200 OK\r\n");
	for (int i = 0; i < 10; i++) {
		memcpy(s + n, "A: ", 3);
		memset(s + n + 3, 'b', 1000);
		memcpy(s + n + 1003, "\r\n", 2);
		n += 1005;
	}
	assert_int_equal(lvpn_httpproxy_parse((uint8_t *)s, n, &r), LVPN_ERR_TOO_BIG);
	free(s);
}

/* Every single bit flip of a good answer: no crash, and a success still
 * ends inside the input. */
static void parse_bitflips(void **state)
{
	const char *s = "HTTP/1.1 407 Proxy Authentication Required\r\n"
	                "Proxy-Authenticate: Basic realm=\"p\"\r\nServer: x\r\n\r\n";
	size_t len = strlen(s);
	struct lvpn_httpproxy_resp r;

	(void)state;
	for (size_t i = 0; i < len * 8; i++) {
		uint8_t *b = malloc(len);

		assert_non_null(b);
		memcpy(b, s, len);
		b[i / 8] ^= (uint8_t)(1u << (i % 8));
		if (lvpn_httpproxy_parse(b, len, &r) == 0)
			assert_true(r.hdr_len <= len);
		free(b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(request_plain),     cmocka_unit_test(request_full),
	    cmocka_unit_test(request_injection), cmocka_unit_test(request_small),
	    cmocka_unit_test(parse_200),         cmocka_unit_test(parse_407),
	    cmocka_unit_test(parse_truncated),   cmocka_unit_test(parse_malformed),
	    cmocka_unit_test(parse_limits),      cmocka_unit_test(parse_bitflips),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
