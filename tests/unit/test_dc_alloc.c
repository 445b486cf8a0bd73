/* SPDX-License-Identifier: BSD-2-Clause */
/* The zero-allocation proof: after keys are installed, sealing and opening
 * hundreds of thousands of packets each way performs no heap allocation,
 * counted both in OpenSSL (CRYPTO_set_mem_functions) and in libc
 * (malloc & co. interposed; not under ASan, see alloc_count.h). */
#include "tests/unit/testutil.h"

#include <openssl/crypto.h>

#include "tests/unit/alloc_count.h"
#include "tests/unit/dc_testutil.h"

#define PACKETS 100000
#define FORGED  10000

static void counter_counts(void **state)
{
	unsigned long s0 = alloc_count_ssl(), l0 = alloc_count_libc();
	void *p;

	assert_true(alloc_count_ssl_active());
	p = OPENSSL_malloc(32);
	assert_non_null(p);
	OPENSSL_free(p);
	assert_true(alloc_count_ssl() > s0);
	if (alloc_count_libc_active()) {
		void *volatile q = malloc(32);

		assert_non_null(q);
		free(q);
		assert_true(alloc_count_libc() > l0);
	} else {
		print_message("NOTE: built with AddressSanitizer: libc malloc counting is "
		              "disabled, only OpenSSL allocations are counted\n");
	}
}

static void fill(uint8_t *p, uint32_t n, uint32_t i)
{
	/* every other packet repetitive (so LZ4 compresses it), the rest noisy */
	for (uint32_t j = 0; j < n; j++)
		p[j] = (i & 1) ? (uint8_t)(j % 7) : (uint8_t)((j * 2654435761u + i) >> 13);
}

/* Returns the number of failed round trips.  forge: corrupt each sealed
 * packet and expect the receiver to drop it (the drop path must not
 * allocate either). */
static unsigned run(struct dct_peer *from, struct dct_peer *to, uint8_t *mem, uint32_t count,
                    uint32_t start, int forge)
{
	struct lvpn_buf b;
	uint8_t ref[1500];
	unsigned bad = 0;

	for (uint32_t i = start; i < start + count; i++) {
		uint32_t n = 1 + (i * 37) % 1400;

		lvpn_buf_init(&b, mem, DCT_BUFSIZE);
		if (lvpn_buf_reset(&b, DCT_HEADROOM))
			bad++;
		fill(lvpn_buf_data(&b), n, i);
		memcpy(ref, lvpn_buf_data(&b), n);
		b.len = n;
		if (forge) {
			if (lvpn_comp_send(&from->c, &b) || lvpn_data_seal(&from->d, &b))
				bad++;
			lvpn_buf_data(&b)[b.len - 1 - i % 8] ^= 0x20;
			if (lvpn_data_open(&to->d, &b, 1000, NULL) != LVPN_ERR_AUTH)
				bad++;
			continue;
		}
		if (dct_send(from, to, &b, 1000) || b.len != n || memcmp(ref, lvpn_buf_data(&b), n))
			bad++;
	}
	return bad;
}

static void one(enum lvpn_dc_cipher ci, enum lvpn_dc_auth au, enum lvpn_comp_alg alg)
{
	static uint8_t mem[DCT_BUFSIZE];
	struct dct_peer cl, sv;
	unsigned long s0, l0, s1, l1;
	unsigned bad = 0;

	assert_int_equal(dct_pair(&cl, &sv, ci, au, DCT_PEER_ID, alg, LVPN_COMP_ALLOW_YES), 0);
	/* warm-up: first use of the DRBG and lazily built tables */
	assert_int_equal(run(&cl, &sv, mem, 64, 0, 0), 0);
	assert_int_equal(run(&sv, &cl, mem, 64, 0, 0), 0);
	assert_int_equal(run(&cl, &sv, mem, 64, 0, 1), 0);

	s0 = alloc_count_ssl();
	l0 = alloc_count_libc();
	bad += run(&cl, &sv, mem, PACKETS, 64, 0);
	bad += run(&sv, &cl, mem, PACKETS, 64, 0);
	bad += run(&cl, &sv, mem, FORGED, 0, 1);
	s1 = alloc_count_ssl();
	l1 = alloc_count_libc();

	print_message("%s/%s %s: %u packets each way + %u forged, OpenSSL allocations %lu, "
	              "libc allocations %lu%s, compressed tx %llu\n",
	              lvpn_dc_cipher_name(ci), au == LVPN_DC_SHA256 ? "SHA256" : "-",
	              alg == LVPN_COMP_LZ4_V2 ? "lz4-v2" : "stub-v2", PACKETS, FORGED, s1 - s0,
	              l1 - l0, alloc_count_libc_active() ? "" : " (not counted: ASan)",
	              (unsigned long long)cl.c.st.tx_compressed);
	assert_int_equal(bad, 0);
	assert_int_equal(cl.d.st.rx_packets, PACKETS + 64);
	assert_int_equal(sv.d.st.rx_packets, PACKETS + 64);
	assert_int_equal(sv.d.st.drop_auth, FORGED + 64);
	if (alg == LVPN_COMP_LZ4_V2)
		assert_true(cl.c.st.tx_compressed > PACKETS / 4);
	assert_int_equal(s1 - s0, 0);
	assert_int_equal(l1 - l0, 0);
	dct_free(&cl);
	dct_free(&sv);
}

static void gcm(void **state)
{
	one(LVPN_DC_AES_256_GCM, LVPN_DC_AUTH_NONE, LVPN_COMP_STUB_V2);
	one(LVPN_DC_AES_256_GCM, LVPN_DC_AUTH_NONE, LVPN_COMP_LZ4_V2);
}

static void chacha(void **state)
{
	one(LVPN_DC_CHACHA20_POLY1305, LVPN_DC_AUTH_NONE, LVPN_COMP_STUB_V2);
	one(LVPN_DC_CHACHA20_POLY1305, LVPN_DC_AUTH_NONE, LVPN_COMP_LZ4_V2);
}

static void cbc(void **state)
{
	one(LVPN_DC_AES_256_CBC, LVPN_DC_SHA256, LVPN_COMP_STUB_V2);
	one(LVPN_DC_AES_256_CBC, LVPN_DC_SHA256, LVPN_COMP_LZ4_V2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(counter_counts),
	    cmocka_unit_test(gcm),
	    cmocka_unit_test(chacha),
	    cmocka_unit_test(cbc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
