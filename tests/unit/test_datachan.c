/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/data: DATA_V1/V2 headers, packet-id ceilings, key slots (primary,
 * lame duck), replay, drop counters. */
#include "tests/unit/testutil.h"

#include "tests/unit/dc_testutil.h"

static uint8_t pool[64][DCT_BUFSIZE];

static struct lvpn_buf mk(int slot, uint32_t n, uint8_t fill)
{
	struct lvpn_buf b;

	lvpn_buf_init(&b, pool[slot], DCT_BUFSIZE);
	if (lvpn_buf_reset(&b, DCT_HEADROOM))
		fail();
	memset(lvpn_buf_data(&b), fill, n);
	b.len = n;
	return b;
}

static void headers(void **state)
{
	uint8_t h[4];
	int op;
	uint8_t kid;
	uint32_t peer;

	assert_int_equal(lvpn_data_hdr_build(h, LVPN_OP_DATA_V1, 3, LVPN_PEER_ID_NONE), 1);
	assert_int_equal(h[0], 0x33); /* 6 << 3 | 3 */
	assert_int_equal(lvpn_data_hdr_build(h, LVPN_OP_DATA_V2, 7, 0x123456), 4);
	assert_memory_equal(h, ((uint8_t[]){0x4F, 0x12, 0x34, 0x56}), 4); /* 9 << 3 | 7 */
	assert_int_equal(lvpn_data_hdr_build(h, LVPN_OP_DATA_V2, 8, 1), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_data_hdr_build(h, LVPN_OP_DATA_V2, 0, 0x1000000), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_data_hdr_build(h, 4, 0, 0), LVPN_ERR_INVAL);

	assert_int_equal(
	    lvpn_data_hdr_parse((uint8_t[]){0x4F, 0x12, 0x34, 0x56}, 4, &op, &kid, &peer), 4);
	assert_int_equal(op, 9);
	assert_int_equal(kid, 7);
	assert_int_equal(peer, 0x123456);
	assert_int_equal(
	    lvpn_data_hdr_parse((uint8_t[]){0x4F, 0xFF, 0xFF, 0xFF}, 4, &op, &kid, &peer), 4);
	assert_int_equal(peer, LVPN_PEER_ID_NONE);
	assert_int_equal(lvpn_data_hdr_parse((uint8_t[]){0x31}, 1, &op, &kid, &peer), 1);
	assert_int_equal(op, 6);
	assert_int_equal(kid, 1);
	assert_int_equal(peer, LVPN_PEER_ID_NONE);
	assert_int_equal(lvpn_data_hdr_parse((uint8_t[]){0x4F, 0x12, 0x34}, 3, &op, &kid, &peer),
	                 LVPN_ERR_TRUNCATED);
	assert_int_equal(lvpn_data_hdr_parse(h, 0, &op, &kid, &peer), LVPN_ERR_TRUNCATED);
	assert_int_equal(lvpn_data_hdr_parse((uint8_t[]){0x20}, 1, &op, &kid, &peer),
	                 LVPN_ERR_OPCODE); /* P_CONTROL_V1 */
}

static void v1_and_v2_on_the_wire(void **state)
{
	struct dct_peer cl, sv;
	struct lvpn_buf b;
	uint8_t kid = 9;

	assert_int_equal(dct_pair(&cl, &sv, LVPN_DC_AES_256_GCM, 0, LVPN_PEER_ID_NONE,
	                          LVPN_COMP_NONE, LVPN_COMP_ALLOW_NO),
	                 0);
	b = mk(0, 50, 1);
	assert_int_equal(lvpn_data_seal(&cl.d, &b), 0);
	assert_int_equal(b.len, 50 + 21);
	assert_int_equal(lvpn_buf_data(&b)[0], 6 << 3);
	assert_int_equal(lvpn_get_be32(lvpn_buf_data(&b) + 1), 1); /* ids start at 1 */
	assert_int_equal(lvpn_data_open(&sv.d, &b, 0, &kid), 0);
	assert_int_equal(kid, 0);
	dct_free(&cl);
	dct_free(&sv);

	assert_int_equal(dct_pair(&cl, &sv, LVPN_DC_AES_256_GCM, 0, 0x00ABCD, LVPN_COMP_NONE,
	                          LVPN_COMP_ALLOW_NO),
	                 0);
	b = mk(0, 50, 1);
	assert_int_equal(lvpn_data_seal(&cl.d, &b), 0);
	assert_int_equal(b.len, 50 + 24);
	assert_memory_equal(lvpn_buf_data(&b), ((uint8_t[]){9 << 3, 0x00, 0xAB, 0xCD, 0, 0, 0, 1}),
	                    8);
	assert_int_equal(lvpn_data_open(&sv.d, &b, 0, NULL), 0);
	assert_int_equal(b.len, 50);
	dct_free(&cl);
	dct_free(&sv);
}

static void packet_id_ceiling(void **state)
{
	struct dct_peer cl, sv;
	struct lvpn_data_key *k;
	struct lvpn_buf b;

	assert_int_equal(
	    dct_pair(&cl, &sv, LVPN_DC_AES_256_GCM, 0, 1, LVPN_COMP_NONE, LVPN_COMP_ALLOW_NO), 0);
	k = lvpn_data_key_find(&cl.d, 0);
	assert_non_null(k);

	k->send_pid = LVPN_DATA_PID_RENEG - 2; /* next id: ceiling - 1 */
	b = mk(0, 10, 2);
	assert_int_equal(lvpn_data_seal(&cl.d, &b), 0);
	assert_int_equal(lvpn_get_be32(lvpn_buf_data(&b) + 4), 0xFEFFFFFF);
	assert_false(cl.d.need_reneg);
	assert_int_equal(lvpn_data_open(&sv.d, &b, 0, NULL), 0);

	b = mk(0, 10, 2); /* at the ceiling: sent, and renegotiation asked for */
	assert_int_equal(lvpn_data_seal(&cl.d, &b), 0);
	assert_int_equal(lvpn_get_be32(lvpn_buf_data(&b) + 4), 0xFF000000);
	assert_true(cl.d.need_reneg);
	assert_int_equal(lvpn_data_open(&sv.d, &b, 0, NULL), 0);

	k->send_pid = 0xFFFFFFFD;
	b = mk(0, 10, 2);
	assert_int_equal(lvpn_data_seal(&cl.d, &b), 0);
	assert_int_equal(lvpn_get_be32(lvpn_buf_data(&b) + 4), 0xFFFFFFFE);
	b = mk(0, 10, 2);
	assert_int_equal(lvpn_data_seal(&cl.d, &b), 0); /* the last id */
	assert_int_equal(lvpn_get_be32(lvpn_buf_data(&b) + 4), 0xFFFFFFFF);
	assert_int_equal(lvpn_data_open(&sv.d, &b, 0, NULL), 0);

	/* past it: dropped, never sent with a wrapped id, buffer untouched */
	for (int i = 0; i < 3; i++) {
		b = mk(0, 10, 2);
		assert_int_equal(lvpn_data_seal(&cl.d, &b), LVPN_ERR_EXHAUSTED);
		assert_int_equal(b.head, DCT_HEADROOM);
		assert_int_equal(b.len, 10);
	}
	assert_int_equal(k->send_pid, 0xFFFFFFFF);
	assert_int_equal(cl.d.st.tx_exhausted, 3);
	assert_int_equal(cl.d.st.tx_packets, 4);

	/* a new key starts over at 1 and clears the request */
	uint8_t key2[LVPN_DC_KEY2_LEN];

	dct_key2(key2, 2);
	assert_int_equal(
	    lvpn_data_key_install(&cl.d, 1, LVPN_DC_AES_256_GCM, 0, key2, LVPN_DC_CLIENT, 10), 0);
	assert_int_equal(lvpn_data_key_activate(&cl.d, 1, 10, 60), 0);
	assert_false(cl.d.need_reneg);
	b = mk(0, 10, 2);
	assert_int_equal(lvpn_data_seal(&cl.d, &b), 0);
	assert_int_equal(lvpn_buf_data(&b)[0], 9 << 3 | 1);
	assert_int_equal(lvpn_get_be32(lvpn_buf_data(&b) + 4), 1);
	dct_free(&cl);
	dct_free(&sv);
}

static void replays(void **state)
{
	struct dct_peer cl, sv;
	struct lvpn_buf b[100], c;
	uint8_t copy[100][256];
	uint32_t len[100];

	assert_int_equal(
	    dct_pair(&cl, &sv, LVPN_DC_CHACHA20_POLY1305, 0, 1, LVPN_COMP_NONE, LVPN_COMP_ALLOW_NO),
	    0);
	for (int i = 0; i < 100; i++) {
		b[i] = mk(i % 64, 20, (uint8_t)i);
		assert_int_equal(lvpn_data_seal(&cl.d, &b[i]), 0);
		len[i] = b[i].len;
		memcpy(copy[i], lvpn_buf_data(&b[i]), len[i]);
	}
#define DELIVER(i)                                                                                 \
	(c = mk(0, 0, 0), memcpy(lvpn_buf_data(&c), copy[i], len[i]), c.len = len[i],              \
	 lvpn_data_open(&sv.d, &c, 5, NULL))
	assert_int_equal(DELIVER(99), 0); /* id 100 */
	assert_int_equal(DELIVER(99), LVPN_ERR_REPLAY);
	assert_int_equal(DELIVER(40), 0); /* id 41: inside the 64 window */
	assert_int_equal(DELIVER(40), LVPN_ERR_REPLAY);
	assert_int_equal(DELIVER(36), 0);               /* id 37: back 63, the edge */
	assert_int_equal(DELIVER(35), LVPN_ERR_REPLAY); /* id 36: back 64, outside */
	assert_int_equal(DELIVER(0), LVPN_ERR_REPLAY);
	assert_int_equal(DELIVER(98), 0);
	assert_int_equal(sv.d.st.drop_replay, 4);
	assert_int_equal(sv.d.st.rx_packets, 4);

	/* a forged packet with a fresh id changes nothing: id 101 still accepted */
	b[0] = mk(1, 20, 7);
	assert_int_equal(lvpn_data_seal(&cl.d, &b[0]), 0); /* id 101 */
	len[0] = b[0].len;
	memcpy(copy[0], lvpn_buf_data(&b[0]), len[0]);
	copy[0][len[0] - 1] ^= 1;
	assert_int_equal(DELIVER(0), LVPN_ERR_AUTH);
	copy[0][len[0] - 1] ^= 1;
	assert_int_equal(DELIVER(0), 0);
	assert_int_equal(sv.d.st.drop_auth, 1);
#undef DELIVER
	dct_free(&cl);
	dct_free(&sv);
}

static void flipped_bits_leave_state(void **state)
{
	static const enum lvpn_dc_cipher cs[] = {LVPN_DC_AES_256_GCM, LVPN_DC_AES_256_CBC};

	for (int v2 = 0; v2 < 2; v2++) {
		for (int ci = 0; ci < 2; ci++) {
			struct dct_peer cl, sv;
			struct lvpn_buf b;
			uint8_t sealed[256];
			uint32_t len;
			struct lvpn_replay before;

			assert_int_equal(dct_pair(&cl, &sv, cs[ci], LVPN_DC_SHA256,
			                          v2 ? 77 : LVPN_PEER_ID_NONE, LVPN_COMP_NONE,
			                          LVPN_COMP_ALLOW_NO),
			                 0);
			b = mk(0, 40, 3);
			assert_int_equal(lvpn_data_seal(&cl.d, &b), 0);
			len = b.len;
			memcpy(sealed, lvpn_buf_data(&b), len);
			before = sv.d.slot[0].replay;
			for (uint32_t bit = 0; bit < len * 8; bit++) {
				/* V2 peer-id bits are not authenticated with CBC; the server
				 * uses them to pick the session before it gets here */
				if (v2 && ci == 1 && bit >= 8 && bit < 32)
					continue;
				b = mk(0, 0, 0);
				memcpy(lvpn_buf_data(&b), sealed, len);
				b.len = len;
				lvpn_buf_data(&b)[bit / 8] ^= (uint8_t)(1u << (bit % 8));
				assert_true(lvpn_data_open(&sv.d, &b, 0, NULL) < 0);
			}
			for (uint32_t l = 0; l < len; l++) {
				b = mk(0, 0, 0);
				memcpy(lvpn_buf_data(&b), sealed, len);
				b.len = l;
				assert_true(lvpn_data_open(&sv.d, &b, 0, NULL) < 0);
			}
			assert_int_equal(sv.d.slot[0].replay.max_id, before.max_id);
			assert_int_equal(sv.d.st.rx_packets, 0);
			b = mk(0, 0, 0);
			memcpy(lvpn_buf_data(&b), sealed, len);
			b.len = len;
			assert_int_equal(lvpn_data_open(&sv.d, &b, 0, NULL), 0);
			assert_int_equal(b.len, 40);
			assert_true(sv.d.st.drop_auth > 0);
			assert_true(sv.d.st.drop_truncated > 0);
			assert_true(sv.d.st.drop_key_id > 0);
			assert_true(sv.d.st.drop_opcode > 0);
			dct_free(&cl);
			dct_free(&sv);
		}
	}
}

/* Renegotiation: key 1 comes in, becomes primary; packets of key 0 still in
 * flight are accepted until the lame duck expires, none are lost. */
static void lame_duck(void **state)
{
	struct dct_peer cl, sv;
	struct lvpn_buf old[4], b;
	uint8_t key2[LVPN_DC_KEY2_LEN], kid;

	assert_int_equal(
	    dct_pair(&cl, &sv, LVPN_DC_AES_128_GCM, 0, 3, LVPN_COMP_NONE, LVPN_COMP_ALLOW_NO), 0);
	for (int i = 0; i < 4; i++) {
		old[i] = mk(i, 30, (uint8_t)i);
		assert_int_equal(lvpn_data_seal(&cl.d, &old[i]), 0); /* key 0, in flight */
	}
	dct_key2(key2, 5);
	assert_int_equal(
	    lvpn_data_key_install(&cl.d, 1, LVPN_DC_AES_128_GCM, 0, key2, LVPN_DC_CLIENT, 1000), 0);
	assert_int_equal(
	    lvpn_data_key_install(&sv.d, 1, LVPN_DC_AES_128_GCM, 0, key2, LVPN_DC_SERVER, 1000), 0);
	/* installed but not yet primary: sends still use key 0 */
	b = mk(10, 30, 9);
	assert_int_equal(lvpn_data_seal(&cl.d, &b), 0);
	assert_int_equal(lvpn_buf_data(&b)[0] & 7, 0);
	assert_int_equal(lvpn_data_open(&sv.d, &b, 1000, &kid), 0);
	assert_int_equal(kid, 0);

	assert_int_equal(lvpn_data_key_activate(&cl.d, 1, 1000, 60), 0);
	assert_int_equal(lvpn_data_key_activate(&sv.d, 1, 1000, 60), 0);
	b = mk(10, 30, 9);
	assert_int_equal(lvpn_data_seal(&cl.d, &b), 0);
	assert_int_equal(lvpn_buf_data(&b)[0] & 7, 1);
	assert_int_equal(lvpn_data_open(&sv.d, &b, 1001, &kid), 0);
	assert_int_equal(kid, 1);
	/* old-key packets inside tran-window: accepted (reordered, so also
	 * within the replay window's 15 s backtrack of id 5 seen at 1000) */
	assert_int_equal(lvpn_data_open(&sv.d, &old[1], 1010, &kid), 0);
	assert_int_equal(kid, 0);
	assert_int_equal(lvpn_data_open(&sv.d, &old[0], 1015, &kid), 0);
	/* after it: dropped and counted */
	assert_int_equal(lvpn_data_open(&sv.d, &old[2], 1060, &kid), LVPN_ERR_KEY_ID);
	assert_int_equal(sv.d.st.drop_expired, 1);
	/* the expired slot is reused by the next key */
	dct_key2(key2, 6);
	assert_int_equal(
	    lvpn_data_key_install(&sv.d, 2, LVPN_DC_AES_128_GCM, 0, key2, LVPN_DC_SERVER, 1061), 0);
	assert_int_equal(
	    lvpn_data_key_install(&sv.d, 3, LVPN_DC_AES_128_GCM, 0, key2, LVPN_DC_SERVER, 1061), 0);
	assert_null(lvpn_data_key_find(&sv.d, 0));
	/* all three slots busy, none expired */
	assert_int_equal(
	    lvpn_data_key_install(&sv.d, 4, LVPN_DC_AES_128_GCM, 0, key2, LVPN_DC_SERVER, 1061),
	    LVPN_ERR_STATE);
	/* unknown key_id */
	assert_int_equal(lvpn_data_open(&sv.d, &old[3], 1061, &kid), LVPN_ERR_KEY_ID);
	assert_int_equal(sv.d.st.drop_key_id, 1);
	assert_int_equal(lvpn_data_key_retire(&sv.d, 3), 0);
	assert_int_equal(lvpn_data_key_retire(&sv.d, 3), LVPN_ERR_KEY_ID);
	assert_int_equal(lvpn_data_key_activate(&sv.d, 5, 0, 0), LVPN_ERR_KEY_ID);
	dct_free(&cl);
	dct_free(&sv);
}

static void no_key(void **state)
{
	struct lvpn_data d;
	struct lvpn_buf b = mk(0, 10, 1);

	assert_int_equal(lvpn_data_init(&d, 0x1000000, 64, 15), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_data_init(&d, 1, LVPN_REPLAY_WINDOW_MAX + 1, 15), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_data_init(&d, 1, 64, 15), 0);
	assert_int_equal(lvpn_data_seal(&d, &b), LVPN_ERR_STATE);
	assert_int_equal(lvpn_data_open(&d, &b, 0, NULL), LVPN_ERR_OPCODE);
	assert_int_equal(
	    lvpn_data_key_install(&d, 8, LVPN_DC_AES_128_GCM, 0, pool[1], LVPN_DC_SERVER, 0),
	    LVPN_ERR_INVAL);
	lvpn_data_free(&d);
}

static void batch(void **state)
{
	struct dct_peer cl, sv;
	struct lvpn_buf b[16], *pb[16];
	int err;

	assert_int_equal(
	    dct_pair(&cl, &sv, LVPN_DC_AES_256_GCM, 0, 1, LVPN_COMP_NONE, LVPN_COMP_ALLOW_NO), 0);
	for (int i = 0; i < 16; i++) {
		b[i] = mk(i, 100 + (uint32_t)i, (uint8_t)i);
		pb[i] = &b[i];
	}
	assert_int_equal(lvpn_data_seal_batch(&cl.d, pb, 16, &err), 16);
	assert_int_equal(err, 0);
	for (int i = 15; i >= 0; i--) { /* reordered delivery */
		assert_int_equal(lvpn_get_be32(lvpn_buf_data(&b[i]) + 4), (uint32_t)i + 1);
		assert_int_equal(lvpn_data_open(&sv.d, &b[i], 0, NULL), 0);
		assert_int_equal(b[i].len, 100 + (uint32_t)i);
	}
	/* a batch stops at the first buffer without room */
	for (int i = 0; i < 4; i++) {
		b[i] = mk(i, 10, 1);
		pb[i] = &b[i];
	}
	b[2].head = 3;
	assert_int_equal(lvpn_data_seal_batch(&cl.d, pb, 4, &err), 2);
	assert_int_equal(err, LVPN_ERR_BUFSIZE);
	dct_free(&cl);
	dct_free(&sv);
}

/* A key switch while traffic flows both ways: each side activates the new
 * key at its own moment; every packet sealed around the switch, delivered
 * out of order, is accepted exactly once. */
static void switch_loses_nothing(void **state)
{
	struct dct_peer cl, sv;
	static uint8_t wire[40][256];
	uint32_t wlen[40];
	uint8_t key2[LVPN_DC_KEY2_LEN], kid;
	struct lvpn_buf b;
	int n = 0;

	assert_int_equal(
	    dct_pair(&cl, &sv, LVPN_DC_AES_256_GCM, 0, 9, LVPN_COMP_STUB_V2, LVPN_COMP_ALLOW_NO),
	    0);
	dct_key2(key2, 8);
	assert_int_equal(
	    lvpn_data_key_install(&sv.d, 1, LVPN_DC_AES_256_GCM, 0, key2, LVPN_DC_SERVER, 100), 0);
	for (int i = 0; i < 10; i++) { /* client, still on key 0 */
		b = mk(0, 60, (uint8_t)i);
		assert_int_equal(lvpn_data_seal(&cl.d, &b), 0);
		memcpy(wire[n], lvpn_buf_data(&b), b.len);
		wlen[n++] = b.len;
	}
	assert_int_equal(
	    lvpn_data_key_install(&cl.d, 1, LVPN_DC_AES_256_GCM, 0, key2, LVPN_DC_CLIENT, 100), 0);
	for (int i = 0; i < 10; i++) { /* still key 0 until activated */
		b = mk(0, 60, (uint8_t)i);
		assert_int_equal(lvpn_data_seal(&cl.d, &b), 0);
		memcpy(wire[n], lvpn_buf_data(&b), b.len);
		wlen[n++] = b.len;
	}
	assert_int_equal(lvpn_data_key_activate(&cl.d, 1, 101, 60), 0);
	for (int i = 0; i < 20; i++) { /* now key 1 */
		b = mk(0, 60, (uint8_t)i);
		assert_int_equal(lvpn_data_seal(&cl.d, &b), 0);
		memcpy(wire[n], lvpn_buf_data(&b), b.len);
		wlen[n++] = b.len;
	}
	/* the server activates later, then everything arrives shuffled */
	assert_int_equal(lvpn_data_key_activate(&sv.d, 1, 102, 60), 0);
	for (int k = 0; k < 40; k++) {
		int i = (k * 17) % 40;

		b = mk(0, 0, 0);
		memcpy(lvpn_buf_data(&b), wire[i], wlen[i]);
		b.len = wlen[i];
		assert_int_equal(lvpn_data_open(&sv.d, &b, 103, &kid), 0);
		assert_int_equal(kid, i < 20 ? 0 : 1);
		assert_int_equal(lvpn_comp_recv(&sv.c, &b), 0);
		assert_int_equal(b.len, 60);
	}
	assert_int_equal(sv.d.st.rx_packets, 40);
	/* and the server's packets on key 1 reach the client */
	b = mk(0, 60, 1);
	assert_int_equal(lvpn_data_seal(&sv.d, &b), 0);
	assert_int_equal(lvpn_data_open(&cl.d, &b, 103, &kid), 0);
	assert_int_equal(kid, 1);
	dct_free(&cl);
	dct_free(&sv);
}

/* Every cipher x DATA_V1/V2 x compression mode x size, both directions. */
static void full_round_trips(void **state)
{
	static const enum lvpn_dc_cipher cs[] = {
	    LVPN_DC_AES_128_GCM,       LVPN_DC_AES_192_GCM, LVPN_DC_AES_256_GCM,
	    LVPN_DC_CHACHA20_POLY1305, LVPN_DC_AES_128_CBC, LVPN_DC_AES_192_CBC,
	    LVPN_DC_AES_256_CBC,       LVPN_DC_CIPHER_NONE,
	};
	static const uint32_t sizes[] = {1, 2, 15, 16, 17, 100, 1400, 1500, 1600};
	uint8_t ref[1600];

	for (size_t ci = 0; ci < sizeof(cs) / sizeof(cs[0]); ci++)
		for (int v2 = 0; v2 < 2; v2++)
			for (int alg = LVPN_COMP_NONE; alg <= LVPN_COMP_LZ4_V2; alg++) {
				struct dct_peer cl, sv;

				assert_int_equal(dct_pair(&cl, &sv, cs[ci], LVPN_DC_SHA1,
				                          v2 ? 0x123 : LVPN_PEER_ID_NONE, alg,
				                          LVPN_COMP_ALLOW_YES),
				                 0);
				for (size_t si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
					for (int dir = 0; dir < 2; dir++) {
						uint32_t n = sizes[si];
						struct lvpn_buf b = mk(0, n, 0);

						for (uint32_t i = 0; i < n;
						     i++) /* half text, half noise */
							ref[i] = i < n / 2
							             ? (uint8_t) "abcabd"[i % 6]
							             : (uint8_t)(i * 131 + si);
						ref[0] =
						    (uint8_t)(0x50 +
						              dir); /* exercise the v2 escape */
						memcpy(lvpn_buf_data(&b), ref, n);
						assert_int_equal(dir ? dct_send(&sv, &cl, &b, 1)
						                     : dct_send(&cl, &sv, &b, 1),
						                 0);
						assert_int_equal(b.len, n);
						assert_memory_equal(lvpn_buf_data(&b), ref, n);
					}
				}
				if (alg == LVPN_COMP_LZ4 || alg == LVPN_COMP_LZ4_V2)
					assert_true(cl.c.st.tx_compressed > 0);
				dct_free(&cl);
				dct_free(&sv);
			}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(headers),
	    cmocka_unit_test(v1_and_v2_on_the_wire),
	    cmocka_unit_test(packet_id_ceiling),
	    cmocka_unit_test(replays),
	    cmocka_unit_test(flipped_bits_leave_state),
	    cmocka_unit_test(lame_duck),
	    cmocka_unit_test(no_key),
	    cmocka_unit_test(batch),
	    cmocka_unit_test(full_round_trips),
	    cmocka_unit_test(switch_loses_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
