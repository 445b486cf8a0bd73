/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/socks: SOCKS5 messages built and replies parsed (every prefix,
 * every address type, refusals, bit flips). */
#include "tests/unit/testutil.h"

#include "proto/socks.h"

static void greeting_and_method(void **state)
{
	uint8_t out[3], m[2] = {5, 0};
	size_t n = 0, used = 0;

	(void)state;
	assert_int_equal(lvpn_socks_greeting(0, out, sizeof(out), &n), 0);
	assert_memory_equal(out, "\x05\x01\x00", 3);
	assert_int_equal(lvpn_socks_greeting(1, out, sizeof(out), &n), 0);
	assert_memory_equal(out, "\x05\x01\x02", 3);
	assert_int_equal(lvpn_socks_greeting(1, out, 2, &n), LVPN_ERR_BUFSIZE);
	assert_int_equal(lvpn_socks_method_read(m, 1, 0, &used), LVPN_ERR_AGAIN);
	assert_int_equal(lvpn_socks_method_read(m, 2, 0, &used), 0);
	assert_int_equal(used, 2);
	/* the proxy picks a method we did not offer, or none */
	assert_int_equal(lvpn_socks_method_read(m, 2, 1, &used), LVPN_ERR_AUTH_FAILED);
	m[1] = 0xff;
	assert_int_equal(lvpn_socks_method_read(m, 2, 0, &used), LVPN_ERR_AUTH_FAILED);
	m[0] = 4;
	assert_int_equal(lvpn_socks_method_read(m, 2, 0, &used), LVPN_ERR_MALFORMED);
}

static void userpass(void **state)
{
	uint8_t out[600], r[2] = {1, 0};
	char big[300];
	size_t n = 0, used = 0;

	(void)state;
	assert_int_equal(lvpn_socks_userpass("bob", "pw", out, sizeof(out), &n), 0);
	assert_int_equal(n, 8);
	assert_memory_equal(out,
	                    "\x01\x03"
	                    "bob\x02"
	                    "pw",
	                    8);
	memset(big, 'x', 256);
	big[256] = '\0';
	assert_int_equal(lvpn_socks_userpass(big, "p", out, sizeof(out), &n), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_socks_userpass("u", big, out, sizeof(out), &n), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_socks_userpass("", "p", out, sizeof(out), &n), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_socks_userpass("bob", "pw", out, 7, &n), LVPN_ERR_BUFSIZE);
	assert_int_equal(lvpn_socks_auth_read(r, 1, &used), LVPN_ERR_AGAIN);
	assert_int_equal(lvpn_socks_auth_read(r, 2, &used), 0);
	r[1] = 1;
	assert_int_equal(lvpn_socks_auth_read(r, 2, &used), LVPN_ERR_AUTH_FAILED);
	r[0] = 9;
	assert_int_equal(lvpn_socks_auth_read(r, 2, &used), LVPN_ERR_MALFORMED);
}

static void requests(void **state)
{
	uint8_t out[LVPN_SOCKS_REQ_MAX];
	char big[300];
	size_t n = 0;

	(void)state;
	assert_int_equal(
	    lvpn_socks_request(LVPN_SOCKS_CONNECT, "10.0.0.1", 1194, out, sizeof(out), &n), 0);
	assert_int_equal(n, 4 + 1 + 8 + 2);
	assert_memory_equal(out,
	                    "\x05\x01\x00\x03\x08"
	                    "10.0.0.1\x04\xaa",
	                    n);
	assert_int_equal(lvpn_socks_request(LVPN_SOCKS_UDP_ASSOC, NULL, 0, out, sizeof(out), &n),
	                 0);
	assert_int_equal(n, 10);
	assert_memory_equal(out, "\x05\x03\x00\x01\x00\x00\x00\x00\x00\x00", 10);
	memset(big, 'a', 256);
	big[256] = '\0';
	assert_int_equal(lvpn_socks_request(LVPN_SOCKS_CONNECT, big, 1, out, sizeof(out), &n),
	                 LVPN_ERR_INVAL);
	big[255] = '\0';
	assert_int_equal(lvpn_socks_request(LVPN_SOCKS_CONNECT, big, 1, out, sizeof(out), &n), 0);
	assert_int_equal(n, LVPN_SOCKS_REQ_MAX);
	assert_int_equal(lvpn_socks_request(2, "h", 1, out, sizeof(out), &n), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_socks_request(LVPN_SOCKS_CONNECT, "h", 1, out, 5, &n),
	                 LVPN_ERR_BUFSIZE);
}

/* Each address type, every prefix incomplete, the refusal codes. */
static void replies(void **state)
{
	static const struct {
		const char *b;
		size_t len;
		int atyp;
		size_t alen;
	} ok[] = {
	    {"\x05\x00\x00\x01\xc6\x12\x00\x01\x04\x38", 10, 1, 4},
	    {"\x05\x00\x00\x03\x03"
	     "abc\x00\x50",
	     10, 3, 3},
	    {"\x05\x00\x00\x04"
	     "0123456789abcdef\x00\x01",
	     22, 4, 16},
	};
	struct lvpn_socks_addr a;
	size_t used = 0;
	int rep = -1;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		const uint8_t *b = (const uint8_t *)ok[i].b;

		for (size_t n = 0; n < ok[i].len; n++)
			assert_int_equal(lvpn_socks_reply_read(b, n, &a, &rep, &used),
			                 LVPN_ERR_AGAIN);
		assert_int_equal(lvpn_socks_reply_read(b, ok[i].len + 3, &a, &rep, &used), 0);
		assert_int_equal(used, ok[i].len);
		assert_int_equal(a.atyp, ok[i].atyp);
		assert_int_equal(a.addr_len, ok[i].alen);
	}
	assert_int_equal(lvpn_socks_reply_read((const uint8_t *)ok[0].b, 10, &a, &rep, &used), 0);
	assert_int_equal(a.port, 0x0438);
	assert_memory_equal(a.addr, "\xc6\x12\x00\x01", 4);
	assert_int_equal(lvpn_socks_reply_read((const uint8_t *)"\x05\x05\x00\x01\0\0\0\0\0\0", 10,
	                                       &a, &rep, &used),
	                 LVPN_ERR_UNSUPPORTED);
	assert_int_equal(rep, 5);
	assert_string_equal(lvpn_socks_rep_str(rep), "connection refused");
	assert_string_equal(lvpn_socks_rep_str(200), "unknown reply code");
	/* bad version, reserved byte, address type, empty name */
	assert_int_equal(lvpn_socks_reply_read((const uint8_t *)"\x04\x00\x00\x01\0\0\0\0\0\0", 10,
	                                       &a, &rep, &used),
	                 LVPN_ERR_MALFORMED);
	assert_int_equal(lvpn_socks_reply_read((const uint8_t *)"\x05\x00\x01\x01\0\0\0\0\0\0", 10,
	                                       &a, &rep, &used),
	                 LVPN_ERR_MALFORMED);
	assert_int_equal(lvpn_socks_reply_read((const uint8_t *)"\x05\x00\x00\x02\0\0\0\0\0\0", 10,
	                                       &a, &rep, &used),
	                 LVPN_ERR_MALFORMED);
	assert_int_equal(
	    lvpn_socks_reply_read((const uint8_t *)"\x05\x00\x00\x03\0\0\0", 7, &a, &rep, &used),
	    LVPN_ERR_MALFORMED);
}

static void udp_header(void **state)
{
	uint8_t h[LVPN_SOCKS_UDP_HDR], d[12];
	const uint8_t ip[4] = {198, 18, 0, 1};

	(void)state;
	lvpn_socks_udp_hdr(ip, 1194, h);
	assert_memory_equal(h, "\0\0\0\x01\xc6\x12\x00\x01\x04\xaa", 10);
	memcpy(d, h, 10);
	d[10] = d[11] = 7;
	assert_int_equal(lvpn_socks_udp_check(d, 12), 0);
	assert_int_equal(lvpn_socks_udp_check(d, 10), 0);
	assert_int_equal(lvpn_socks_udp_check(d, 9), LVPN_ERR_TRUNCATED);
	for (int i = 0; i < 4; i++) {
		d[i] ^= 0x80; /* reserved, fragment, address type */
		assert_int_equal(lvpn_socks_udp_check(d, 12), LVPN_ERR_MALFORMED);
		d[i] ^= 0x80;
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(greeting_and_method),
	    cmocka_unit_test(userpass),
	    cmocka_unit_test(requests),
	    cmocka_unit_test(replies),
	    cmocka_unit_test(udp_header),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
