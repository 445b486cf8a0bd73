/* SPDX-License-Identifier: BSD-2-Clause */
/* The engine's data path allocates nothing: after a real handshake, 100,000
 * packets each way go through lvpn_session_encrypt / lvpn_session_recv, or
 * in vectors of BATCH through their _batch forms (with
 * the timers and keepalive pings running) while OpenSSL's and libc's heap
 * calls are counted, for an AEAD cipher, ChaCha20 and CBC+HMAC, with
 * tls-crypt and compression framing.  The counter is first shown to count. */
#include "tests/unit/session_pair.h"

#include <openssl/crypto.h>

#include "proto/comp.h"
#include "tests/unit/alloc_count.h"

#define PACKETS 100000
#define BATCH   8

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

/* Seals n packets of about len bytes from one side and opens them at the
 * other, one call each way or one batch call each way. */
static void exchange(struct side *from, struct side *to, uint8_t (*mem)[PKT_MAX],
                     const struct lvpn_frame *f, unsigned n, size_t len, uint64_t now, int batch)
{
	struct lvpn_buf b[BATCH], *v[BATCH];
	enum lvpn_rx rx[BATCH];
	int rc[BATCH];

	for (unsigned k = 0; k < n; k++) {
		size_t l = 1 + (len + 97 * k) % 1400;

		lvpn_buf_init(&b[k], mem[k], PKT_MAX);
		assert_int_equal(lvpn_buf_reset(&b[k], f->headroom), 0);
		memset(b[k].base + b[k].head, (int)(len & 0x3f), l);
		b[k].base[b[k].head] = 0x45;
		b[k].len = (uint32_t)l;
		v[k] = &b[k];
	}
	if (batch) {
		assert_int_equal(lvpn_session_encrypt_batch(from->s, v, n, now, rc), n);
		assert_int_equal(lvpn_session_recv_batch(to->s, v, n, now, rx, rc), n);
	} else {
		for (unsigned k = 0; k < n; k++) {
			assert_int_equal(lvpn_session_encrypt(from->s, v[k], now), 0);
			assert_int_equal(lvpn_session_recv(to->s, v[k], now, &rx[k]), 0);
			rc[k] = 0;
		}
	}
	for (unsigned k = 0; k < n; k++) {
		assert_int_equal(rc[k], 0);
		assert_int_equal(rx[k], LVPN_RX_TUN);
		assert_int_equal(b[k].len, 1 + (len + 97 * k) % 1400);
	}
}

static void steady_state(const char *cipher, int comp, int batch)
{
	static uint8_t mem[BATCH][PKT_MAX];
	unsigned n = batch ? BATCH : 1;
	struct spair p;
	unsigned long before, after;
	struct lvpn_frame f;

	char pi[256];

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	spair_wrap(&p, LVPN_WRAP_CRYPT, 0);
	snprintf(pi, sizeof(pi), "IV_VER=2.6.14\nIV_PLAT=linux\nIV_PROTO=990\nIV_CIPHERS=%s\n",
	         cipher);
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
	exchange(&p.c, &p.s, mem, &f, n, 1, p.now, batch);
	exchange(&p.s, &p.c, mem, &f, n, 1, p.now, batch);
	before = heap();
	for (uint32_t i = 0; i < PACKETS / n; i++) {
		exchange(&p.c, &p.s, mem, &f, n, i * 7, p.now, batch);
		exchange(&p.s, &p.c, mem, &f, n, i * 7 + 1, p.now, batch);
		if (!getenv("NO_TICK") &&
		    (i * n) % 1000 < n) { /* time passes: timers, pings, control */
			p.now += 1000;
			for (int k = 0; k < 2; k++) {
				struct side *sd = k ? &p.s : &p.c;
				uint8_t out[PKT_MAX];
				size_t len;

				if (lvpn_session_deadline(sd->s) <= p.now)
					assert_true(lvpn_session_tick(sd->s, p.now) >= 0);
				do
					assert_int_equal(lvpn_session_poll_link(
					                     sd->s, out, sizeof(out), &len, p.now),
					                 0);
				while (len);
			}
		}
	}
	after = heap();
	print_message("%s comp %d%s: %lu heap calls over %d packets each way\n", cipher, comp,
	              batch ? " (batches of 8)" : "", after - before, PACKETS);
	assert_int_equal(after - before, 0);
	spair_free(&p);
}

static void aes_gcm(void **state)
{
	steady_state("AES-256-GCM", LVPN_COMP_STUB_V2, 0);
}

static void chacha(void **state)
{
	steady_state("CHACHA20-POLY1305", LVPN_COMP_NONE, 0);
}

static void aes_gcm_batch(void **state)
{
	steady_state("AES-256-GCM", LVPN_COMP_STUB_V2, 1);
}

static void cbc_lz4_batch(void **state)
{
	steady_state("AES-256-CBC", LVPN_COMP_LZ4_V2, 1);
}

static void cbc_lz4(void **state)
{
	steady_state("AES-256-CBC", LVPN_COMP_LZ4_V2, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(counter_counts), cmocka_unit_test(aes_gcm),
	    cmocka_unit_test(chacha),         cmocka_unit_test(cbc_lz4),
	    cmocka_unit_test(aes_gcm_batch),  cmocka_unit_test(cbc_lz4_batch),
	};
	return cmocka_run_group_tests_name("session_alloc", tests, NULL, NULL);
}
