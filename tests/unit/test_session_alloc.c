/* The engine's data path allocates nothing: after a real handshake, 100,000
 * packets each way go through lvpn_session_encrypt / lvpn_session_recv (with
 * the timers and keepalive pings running) while OpenSSL's and libc's heap
 * calls are counted, for an AEAD cipher, ChaCha20 and CBC+HMAC, with
 * tls-crypt and compression framing.  The counter is first shown to count. */
#include "tests/unit/session_pair.h"

#include <openssl/crypto.h>

#include "proto/comp.h"
#include "tests/unit/alloc_count.h"

#define PACKETS 100000

static unsigned long heap(void)
{
	return alloc_count_ssl() + alloc_count_libc();
}

static void counter_counts(void **state)
{
	unsigned long ssl = alloc_count_ssl(), libc = alloc_count_libc();
	void *p = OPENSSL_malloc(16);

	assert_true(alloc_count_ssl_active());
	OPENSSL_free(p);
	assert_int_equal(alloc_count_ssl(), ssl + 1);
	if (alloc_count_libc_active()) {
		void *volatile q; /* volatile: the pair must not be optimised away */

		libc = alloc_count_libc();
		q = malloc(16);
		free(q);
		assert_int_equal(alloc_count_libc(), libc + 1);
	} else {
		print_message("libc allocations are not counted under ASan; OpenSSL's are\n");
	}
}

static void steady_state(const char *cipher, int comp)
{
	struct spair p;
	unsigned long before, after;
	uint8_t mem[2][PKT_MAX];
	struct lvpn_frame f;

	char pi[256];

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	spair_wrap(&p, LVPN_WRAP_CRYPT, 0);
	snprintf(pi, sizeof(pi), "IV_VER=2.6.14\nIV_PLAT=linux\nIV_PROTO=990\nIV_CIPHERS=%s\n", cipher);
	p.c.conf.peer_info = pi;
	p.c.conf.data_ciphers = p.s.conf.data_ciphers = cipher;
	p.c.conf.auth = p.s.conf.auth = "SHA256";
	p.c.conf.comp = p.s.conf.comp = comp;
	p.s.conf.ping = p.c.conf.ping = 1;
	spair_start(&p);
	assert_true(spair_run(&p, 30));
	assert_string_equal(lvpn_session_cipher(p.c.s), cipher);
	lvpn_session_frame(p.c.s, &f);
	/* warm up (first use of every code path), then count */
	for (uint32_t i = 0; i < 1000; i++)
		assert_int_equal(spair_data(&p, &p.c, &p.s, 1 + i % 1400, i), 0);
	before = heap();
	for (uint32_t i = 0; i < PACKETS; i++) {
		struct side *from = &p.c, *to = &p.s;

		for (int dir = 0; dir < 2; dir++) {
			struct lvpn_buf b;
			enum lvpn_rx rx;
			size_t len = 1 + (i * 7 + dir) % 1400;

			lvpn_buf_init(&b, mem[dir], sizeof(mem[dir]));
			assert_int_equal(lvpn_buf_reset(&b, f.headroom), 0);
			memset(b.base + b.head, (int)(i & 0x3f), len);
			b.base[b.head] = 0x45;
			b.len = (uint32_t)len;
			assert_int_equal(lvpn_session_encrypt(from->s, &b, p.now), 0);
			assert_int_equal(lvpn_session_recv(to->s, &b, p.now, &rx), 0);
			assert_int_equal(rx, LVPN_RX_TUN);
			assert_int_equal(b.len, len);
			from = &p.s;
			to = &p.c;
		}
		if (!getenv("NO_TICK") && i % 1000 == 0) { /* time passes: timers, pings, control */
			p.now += 1000;
			for (int k = 0; k < 2; k++) {
				struct side *sd = k ? &p.s : &p.c;
				uint8_t out[PKT_MAX];
				size_t len;

				if (lvpn_session_deadline(sd->s) <= p.now)
					assert_true(lvpn_session_tick(sd->s, p.now) >= 0);
				do
					assert_int_equal(lvpn_session_poll_link(sd->s, out, sizeof(out),
										&len, p.now), 0);
				while (len);
			}
		}
	}
	after = heap();
	print_message("%s comp %d: %lu heap calls over %d packets each way\n", cipher, comp,
		      after - before, PACKETS);
	assert_int_equal(after - before, 0);
	spair_free(&p);
}

static void aes_gcm(void **state)
{
	steady_state("AES-256-GCM", LVPN_COMP_STUB_V2);
}

static void chacha(void **state)
{
	steady_state("CHACHA20-POLY1305", LVPN_COMP_NONE);
}

static void cbc_lz4(void **state)
{
	steady_state("AES-256-CBC", LVPN_COMP_LZ4_V2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counter_counts),
		cmocka_unit_test(aes_gcm),
		cmocka_unit_test(chacha),
		cmocka_unit_test(cbc_lz4),
	};
	return cmocka_run_group_tests_name("session_alloc", tests, NULL, NULL);
}
