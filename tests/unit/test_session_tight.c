/* SPDX-License-Identifier: BSD-2-Clause */
/* A receive buffer cut from a UDP GRO buffer has no room after the
 * datagram: the next one follows at once (src/udp_batch.c).  The engine
 * opens a data packet in place without writing past its end: a train of
 * equal datagrams laid back to back in one buffer, each handed with a
 * capacity of exactly its length, all decrypt to what was sent, for AEAD
 * ciphers and CBC+HMAC. */
#include "tests/unit/session_pair.h"

#define TRAIN 8
#define PLAIN 1300

static void train(const char *cipher)
{
	static uint8_t wire[TRAIN * PKT_MAX];
	struct spair p;
	struct lvpn_frame f;
	size_t off = 0, dlen = 0;
	char pi[256];

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	spair_wrap(&p, LVPN_WRAP_CRYPT, 0);
	snprintf(pi, sizeof(pi), "IV_VER=2.6.14\nIV_PLAT=linux\nIV_PROTO=990\nIV_CIPHERS=%s\n",
	         cipher);
	p.c.conf.peer_info = pi;
	p.c.conf.data_ciphers = p.s.conf.data_ciphers = cipher;
	p.c.conf.auth = p.s.conf.auth = "SHA256";
	spair_start(&p);
	assert_true(spair_run(&p, 30));
	assert_string_equal(lvpn_session_cipher(p.c.s), cipher);
	lvpn_session_frame(p.s.s, &f);
	/* the server seals TRAIN packets; their datagrams go back to back */
	for (unsigned i = 0; i < TRAIN; i++) {
		uint8_t mem[PKT_MAX];
		struct lvpn_buf b;

		lvpn_buf_init(&b, mem, sizeof(mem));
		assert_int_equal(lvpn_buf_reset(&b, f.headroom), 0);
		memset(b.base + b.head, 'a' + (int)i, PLAIN);
		b.base[b.head] = 0x45;
		b.len = PLAIN;
		assert_int_equal(lvpn_session_encrypt(p.s.s, &b, p.now), 0);
		assert_true(dlen == 0 || dlen == b.len);
		dlen = b.len;
		memcpy(wire + off, lvpn_buf_data(&b), b.len);
		off += b.len;
	}
	/* the client opens each in place with no room after it */
	for (unsigned i = 0; i < TRAIN; i++) {
		struct lvpn_buf b;
		enum lvpn_rx rx;

		lvpn_buf_init(&b, wire + i * dlen, (uint32_t)dlen);
		b.len = (uint32_t)dlen;
		assert_int_equal(lvpn_session_recv(p.c.s, &b, p.now, &rx), 0);
		assert_int_equal(rx, LVPN_RX_TUN);
		assert_int_equal(b.len, PLAIN);
		assert_int_equal(lvpn_buf_data(&b)[0], 0x45);
		for (unsigned k = 1; k < PLAIN; k++)
			assert_int_equal(lvpn_buf_data(&b)[k], 'a' + i);
	}
	spair_free(&p);
}

static void aes_gcm(void **state)
{
	(void)state;
	train("AES-256-GCM");
}

static void chacha(void **state)
{
	(void)state;
	train("CHACHA20-POLY1305");
}

static void cbc(void **state)
{
	(void)state;
	train("AES-256-CBC");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(aes_gcm),
	    cmocka_unit_test(chacha),
	    cmocka_unit_test(cbc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
