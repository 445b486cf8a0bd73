/* SPDX-License-Identifier: BSD-2-Clause */
/* The static-key data channel (proto/skey): round trips for every CBC
 * cipher, cipher none and the three key directions; the wire layout (no
 * opcode, id and time inside the ciphertext); replays, time going back and
 * forged packets dropped, counted and changing nothing; the id reset with
 * a new time; no heap allocation per packet; --no-replay's layout. */
#include "tests/unit/testutil.h"

#include "tests/unit/alloc_count.h"

#include "proto/skey.h"

#define T0      1700000000u
#define BUFSIZE 2048
#define HEAD    128

static uint8_t key[LVPN_DC_KEY2_LEN];

static void make_key(void)
{
	for (size_t i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(i * 11 + 5);
}

static void pair(struct lvpn_skey *a, struct lvpn_skey *b, enum lvpn_dc_cipher c,
                 enum lvpn_dc_auth au, enum lvpn_skey_dir da, enum lvpn_skey_dir db)
{
	make_key();
	memset(a, 0, sizeof(*a));
	memset(b, 0, sizeof(*b));
	assert_int_equal(lvpn_skey_init(a, c, au, key, da, 64, 15), 0);
	assert_int_equal(lvpn_skey_init(b, c, au, key, db, 64, 15), 0);
}

/* Seals len bytes (pattern seq) from a into mem; returns the wire length. */
static uint32_t seal(struct lvpn_skey *a, uint8_t *mem, uint32_t len, uint32_t seq, uint64_t t)
{
	struct lvpn_buf b;
	uint8_t *p;

	lvpn_buf_init(&b, mem, BUFSIZE);
	assert_int_equal(lvpn_buf_reset(&b, HEAD), 0);
	assert_int_equal(lvpn_buf_append(&b, len, &p), 0);
	for (uint32_t i = 0; i < len; i++)
		p[i] = (uint8_t)(seq * 7 + i);
	assert_int_equal(lvpn_skey_seal(a, &b, t), 0);
	memmove(mem, lvpn_buf_data(&b), b.len);
	return b.len;
}

/* Opens wire (len bytes) at b; returns the rc, checks the payload. */
static int open_(struct lvpn_skey *b, const uint8_t *wire, uint32_t len, uint32_t plen,
                 uint32_t seq)
{
	uint8_t mem[BUFSIZE];
	struct lvpn_buf buf;
	int rc;

	memcpy(mem, wire, len);
	lvpn_buf_init(&buf, mem, BUFSIZE);
	buf.len = len;
	rc = lvpn_skey_open(b, &buf, 100);
	if (rc)
		return rc;
	if (buf.len != plen)
		return -1000;
	for (uint32_t i = 0; i < plen; i++)
		if (lvpn_buf_data(&buf)[i] != (uint8_t)(seq * 7 + i))
			return -1001;
	return 0;
}

static void round_trip(enum lvpn_dc_cipher c, enum lvpn_dc_auth au, enum lvpn_skey_dir da,
                       enum lvpn_skey_dir db)
{
	static const uint32_t sizes[] = {0, 1, 15, 16, 17, 100, 1400, 1500};
	struct lvpn_skey a, b;
	uint8_t w[BUFSIZE];

	pair(&a, &b, c, au, da, db);
	for (uint32_t i = 0; i < 40; i++) {
		uint32_t n = sizes[i % 8], len = seal(&a, w, n, i, T0);

		assert_int_equal(open_(&b, w, len, n, i), 0);
		len = seal(&b, w, n, i + 100, T0);
		assert_int_equal(open_(&a, w, len, n, i + 100), 0);
	}
	assert_int_equal(b.st.rx_packets, 40);
	lvpn_skey_free(&a);
	lvpn_skey_free(&b);
}

static void round_trips(void **state)
{
	(void)state;
	round_trip(LVPN_DC_AES_256_CBC, LVPN_DC_SHA1, LVPN_SKEY_NORMAL, LVPN_SKEY_INVERSE);
	round_trip(LVPN_DC_AES_128_CBC, LVPN_DC_SHA256, LVPN_SKEY_INVERSE, LVPN_SKEY_NORMAL);
	round_trip(LVPN_DC_AES_192_CBC, LVPN_DC_SHA512, LVPN_SKEY_BIDI, LVPN_SKEY_BIDI);
	round_trip(LVPN_DC_CIPHER_NONE, LVPN_DC_SHA1, LVPN_SKEY_NORMAL, LVPN_SKEY_INVERSE);
	round_trip(LVPN_DC_AES_256_CBC, LVPN_DC_AUTH_NONE, LVPN_SKEY_BIDI, LVPN_SKEY_BIDI);
}

/* OpenVPN's layout: HMAC-SHA1(20) IV(16) E(id || time || payload || pad),
 * no opcode; cipher none shows id and time in the clear after the HMAC. */
static void wire_layout(void **state)
{
	struct lvpn_skey a, b;
	uint8_t w[BUFSIZE];
	uint32_t len;

	(void)state;
	pair(&a, &b, LVPN_DC_AES_256_CBC, LVPN_DC_SHA1, LVPN_SKEY_NORMAL, LVPN_SKEY_INVERSE);
	len = seal(&a, w, 100, 1, T0);
	/* 4 + 4 + 100 = 108 -> padded to 112 */
	assert_int_equal(len, 20 + 16 + 112);
	lvpn_skey_free(&a);
	lvpn_skey_free(&b);
	pair(&a, &b, LVPN_DC_CIPHER_NONE, LVPN_DC_SHA1, LVPN_SKEY_NORMAL, LVPN_SKEY_INVERSE);
	seal(&a, w, 10, 1, T0);
	len = seal(&a, w, 10, 1, T0);
	assert_int_equal(len, 20 + 4 + 4 + 10);
	assert_int_equal(lvpn_get_be32(w + 20), 2);  /* the second id */
	assert_int_equal(lvpn_get_be32(w + 24), T0); /* the time */
	lvpn_skey_free(&a);
	lvpn_skey_free(&b);
}

/* --no-replay: no id and no time on the wire (CBC: HMAC(20) IV(16)
 * E(payload || pad); none: HMAC(20) payload), round trips in every size,
 * the same packet opened twice (nothing is replay-checked), and a forged
 * one still dropped. */
static void no_replay(void **state)
{
	static const uint32_t sizes[] = {0, 1, 15, 16, 17, 100, 1400};
	struct lvpn_skey a, b;
	uint8_t w[BUFSIZE];
	uint32_t len;

	(void)state;
	pair(&a, &b, LVPN_DC_AES_256_CBC, LVPN_DC_SHA1, LVPN_SKEY_NORMAL, LVPN_SKEY_INVERSE);
	a.no_replay = b.no_replay = 1;
	for (uint32_t i = 0; i < 7; i++) {
		len = seal(&a, w, sizes[i], i, T0);
		assert_int_equal(len, 20 + 16 + (sizes[i] / 16 + 1) * 16);
		assert_int_equal(open_(&b, w, len, sizes[i], i), 0);
		assert_int_equal(open_(&b, w, len, sizes[i], i), 0); /* a replay passes */
		len = seal(&b, w, sizes[i], i + 50, T0);
		assert_int_equal(open_(&a, w, len, sizes[i], i + 50), 0);
	}
	assert_int_equal(b.st.rx_packets, 14);
	assert_int_equal(b.st.drop_replay, 0);
	w[len - 1] ^= 1;
	assert_int_equal(open_(&a, w, len, sizes[6], 56), LVPN_ERR_AUTH);
	assert_int_equal(a.st.drop_auth, 1);
	lvpn_skey_free(&a);
	lvpn_skey_free(&b);
	pair(&a, &b, LVPN_DC_CIPHER_NONE, LVPN_DC_SHA256, LVPN_SKEY_BIDI, LVPN_SKEY_BIDI);
	a.no_replay = b.no_replay = 1;
	len = seal(&a, w, 10, 3, T0);
	assert_int_equal(len, 32 + 10);
	assert_int_equal(w[32], (uint8_t)(3 * 7)); /* the payload right after the HMAC */
	assert_int_equal(open_(&b, w, len, 10, 3), 0);
	assert_int_equal(open_(&b, w, len, 10, 3), 0);
	len = seal(&a, w, 0, 3, T0);
	assert_int_equal(open_(&b, w, len, 0, 3), 0);
	lvpn_skey_free(&a);
	lvpn_skey_free(&b);
}

/* A replay, a packet from an earlier sender time, and forged or cut
 * packets are dropped and counted; none of them changes the window. */
static void drops(void **state)
{
	struct lvpn_skey a, b, a2;
	uint8_t w1[BUFSIZE], w2[BUFSIZE], old[BUFSIZE];
	uint32_t l1, l2, lold;

	(void)state;
	pair(&a, &b, LVPN_DC_AES_256_CBC, LVPN_DC_SHA1, LVPN_SKEY_NORMAL, LVPN_SKEY_INVERSE);
	/* a sender restarted earlier (time T0 - 5), for the backtrack case */
	memset(&a2, 0, sizeof(a2));
	assert_int_equal(
	    lvpn_skey_init(&a2, LVPN_DC_AES_256_CBC, LVPN_DC_SHA1, key, LVPN_SKEY_NORMAL, 64, 15),
	    0);
	a2.send_time = T0 - 5;
	a2.send_id = 49; /* id 50: fresh for the window, only its time is old */
	lold = seal(&a2, old, 50, 9, T0 - 5);
	l1 = seal(&a, w1, 60, 1, T0);
	l2 = seal(&a, w2, 70, 2, T0);

	/* forged: one bit of the ciphertext, of the HMAC, a cut packet */
	w2[l2 - 1] ^= 1;
	assert_int_equal(open_(&b, w2, l2, 70, 2), LVPN_ERR_AUTH);
	w2[l2 - 1] ^= 1;
	w2[3] ^= 0x80;
	assert_int_equal(open_(&b, w2, l2, 70, 2), LVPN_ERR_AUTH);
	w2[3] ^= 0x80;
	assert_int_equal(open_(&b, w2, 20, 70, 2), LVPN_ERR_TRUNCATED);
	assert_int_equal(b.st.drop_auth, 2);
	assert_int_equal(b.st.drop_truncated, 1);
	assert_int_equal(b.st.rx_packets, 0);

	/* the genuine ones still pass (nothing was recorded), in any order */
	assert_int_equal(open_(&b, w2, l2, 70, 2), 0);
	assert_int_equal(open_(&b, w1, l1, 60, 1), 0);
	/* replays */
	assert_int_equal(open_(&b, w1, l1, 60, 1), LVPN_ERR_REPLAY);
	assert_int_equal(open_(&b, w2, l2, 70, 2), LVPN_ERR_REPLAY);
	/* the sender's time went back: refused although its id is fresh */
	assert_int_equal(open_(&b, old, lold, 50, 9), LVPN_ERR_REPLAY);
	assert_int_equal(b.st.drop_replay, 3);
	assert_int_equal(b.st.rx_packets, 2);

	/* with the wrong key direction nothing authenticates */
	lvpn_skey_free(&b);
	memset(&b, 0, sizeof(b));
	assert_int_equal(
	    lvpn_skey_init(&b, LVPN_DC_AES_256_CBC, LVPN_DC_SHA1, key, LVPN_SKEY_NORMAL, 64, 15),
	    0);
	assert_int_equal(open_(&b, w1, l1, 60, 1), LVPN_ERR_AUTH);
	lvpn_skey_free(&a);
	lvpn_skey_free(&a2);
	lvpn_skey_free(&b);
}

/* Ids reaching 0xFF000000: a new, later time and ids from 1 again, which
 * the peer takes (its window starts over); an AEAD cipher is refused. */
static void id_reset_and_aead(void **state)
{
	struct lvpn_skey a, b;
	uint8_t w[BUFSIZE];
	uint32_t len;

	(void)state;
	pair(&a, &b, LVPN_DC_AES_128_CBC, LVPN_DC_SHA256, LVPN_SKEY_INVERSE, LVPN_SKEY_NORMAL);
	len = seal(&a, w, 30, 1, T0);
	assert_int_equal(open_(&b, w, len, 30, 1), 0);
	a.send_id = LVPN_SKEY_ID_RESET - 1;
	len = seal(&a, w, 30, 2, T0);
	assert_int_equal(open_(&b, w, len, 30, 2), 0);
	len = seal(&a, w, 30, 3, T0); /* same second: the time still moves on */
	assert_int_equal(a.send_id, 1);
	assert_int_equal(a.send_time, T0 + 1);
	assert_int_equal(open_(&b, w, len, 30, 3), 0);
	lvpn_skey_free(&a);
	lvpn_skey_free(&b);
	memset(&a, 0, sizeof(a));
	assert_int_equal(
	    lvpn_skey_init(&a, LVPN_DC_AES_256_GCM, LVPN_DC_SHA1, key, LVPN_SKEY_NORMAL, 64, 15),
	    LVPN_ERR_CONFIG);
	lvpn_skey_free(&a);
}

/* 100k packets each way, and forged ones, without a heap allocation. */
static void no_alloc(void **state)
{
	struct lvpn_skey a, b;
	uint8_t w[BUFSIZE];
	unsigned long s0, l0;
	unsigned bad = 0;

	(void)state;
	pair(&a, &b, LVPN_DC_AES_256_CBC, LVPN_DC_SHA1, LVPN_SKEY_NORMAL, LVPN_SKEY_INVERSE);
	seal(&a, w, 100, 0, T0); /* warm up */
	s0 = alloc_count_ssl();
	l0 = alloc_count_libc();
	for (uint32_t i = 1; i <= 100000; i++) {
		uint32_t n = 1 + (i * 37) % 1400, len = seal(&a, w, n, i, T0);

		if (i % 10 == 0) {
			w[len / 2] ^= 4;
			bad += open_(&b, w, len, n, i) != LVPN_ERR_AUTH;
		} else {
			bad += open_(&b, w, len, n, i) != 0;
		}
	}
	assert_int_equal(bad, 0);
	assert_int_equal(alloc_count_ssl() - s0, 0);
	if (alloc_count_libc_active())
		assert_int_equal(alloc_count_libc() - l0, 0);
	assert_int_equal(b.st.drop_auth, 10000);
	lvpn_skey_free(&a);
	lvpn_skey_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(round_trips), cmocka_unit_test(wire_layout),
	    cmocka_unit_test(drops),       cmocka_unit_test(id_reset_and_aead),
	    cmocka_unit_test(no_alloc),    cmocka_unit_test(no_replay),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
