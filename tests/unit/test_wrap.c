/* SPDX-License-Identifier: BSD-2-Clause */
/* Control-channel wrapping: round trips, tampering, replay, tls-crypt-v2. */
#include "tests/unit/testutil.h"

#include "proto/wrap.h"
#include "crypto/keyfile.h"
#include "proto/pkt.h"

#include "tests/fuzz/ctrl_keys.h"

#define HEADROOM 128

static uint8_t key_a[LVPN_KEY2_LEN], key_b[LVPN_KEY2_LEN];
static const uint8_t sid[8] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };
static const uint8_t peer[8] = { 9, 8, 7, 6, 5, 4, 3, 2 };

static int setup(void **state)
{
	for (int i = 0; i < LVPN_KEY2_LEN; i++) {
		key_a[i] = (uint8_t)(i * 31 + 7);
		key_b[i] = (uint8_t)(i * 17 + 3);
	}
	return 0;
}

/* A plain P_CONTROL_V1 (or op) with one ACK and payload_len bytes of payload. */
static void build(struct lvpn_buf *b, uint8_t *mem, size_t cap, unsigned op,
		  size_t payload_len, uint32_t msg_id)
{
	struct lvpn_ctrl_pkt p;
	uint8_t pl[1300];
	size_t len;
	uint8_t *d;

	for (size_t i = 0; i < payload_len; i++)
		pl[i] = (uint8_t)(i ^ 0x5a);
	memset(&p, 0, sizeof(p));
	p.op = (uint8_t)op;
	p.sid = sid;
	p.n_acks = 1;
	p.acks[0] = 4;
	p.ack_sid = peer;
	p.msg_id = msg_id;
	p.payload = pl;
	p.payload_len = op == LVPN_OP_ACK_V1 ? 0 : payload_len;
	lvpn_buf_init(b, mem, (uint32_t)cap);
	assert_int_equal(lvpn_buf_reset(b, HEADROOM), 0);
	assert_int_equal(lvpn_buf_append(b, (uint32_t)lvpn_pkt_size(&p), &d), 0);
	assert_int_equal(lvpn_pkt_write(&p, d, b->len, &len), 0);
}

struct pair {
	struct lvpn_wrap tx, rx;
};

static void pair_init(struct pair *pp, int mode, const char *digest, int dir_tx, int dir_rx)
{
	assert_int_equal(lvpn_wrap_init(&pp->tx, mode, key_a, dir_tx, digest, 64, 15), 0);
	assert_int_equal(lvpn_wrap_init(&pp->rx, mode, key_a, dir_rx, digest, 64, 15), 0);
}

static void pair_free(struct pair *pp)
{
	lvpn_wrap_free(&pp->tx);
	lvpn_wrap_free(&pp->rx);
}

/* seal then open gives back the plain packet; the wire layout is the one
 * of b.3 (op|sid first, replay id where the mode puts it). */
static void round_trip(int mode, const char *digest, int dtx, int drx, size_t hlen)
{
	uint8_t mem[2048], plain[2048];
	struct lvpn_buf b;
	struct pair pp;
	uint32_t rid;

	pair_init(&pp, mode, digest, dtx, drx);
	for (size_t pl = 0; pl < 1250; pl += 97) {
		struct lvpn_ctrl_pkt q;

		build(&b, mem, sizeof(mem), LVPN_OP_CONTROL_V1, pl, (uint32_t)pl);
		size_t plen = b.len;
		memcpy(plain, lvpn_buf_data(&b), plen);
		assert_int_equal(lvpn_wrap_seal(&pp.tx, &b, 1000), 0);
		assert_int_equal(b.len, plen + lvpn_wrap_headroom(&pp.tx));
		assert_memory_equal(lvpn_buf_data(&b), plain, 9);
		if (mode == LVPN_WRAP_AUTH) {
			assert_int_equal(lvpn_wrap_headroom(&pp.tx), hlen + 8);
			assert_int_equal(lvpn_get_be32(lvpn_buf_data(&b) + 9 + hlen), pp.tx.send_id);
			assert_int_equal(lvpn_get_be32(lvpn_buf_data(&b) + 13 + hlen), 1000);
			/* tls-auth does not encrypt */
			assert_memory_equal(lvpn_buf_data(&b) + 17 + hlen, plain + 9, plen - 9);
		} else if (mode == LVPN_WRAP_CRYPT) {
			assert_int_equal(lvpn_get_be32(lvpn_buf_data(&b) + 9), pp.tx.send_id);
			assert_int_equal(lvpn_get_be32(lvpn_buf_data(&b) + 13), 1000);
			/* tls-crypt encrypts everything after the tag */
			assert_memory_not_equal(lvpn_buf_data(&b) + 49, plain + 9, plen - 9);
		}
		assert_int_equal(lvpn_wrap_open(&pp.rx, &b, 0, 5, &rid), 0);
		assert_int_equal(b.len, plen);
		assert_memory_equal(lvpn_buf_data(&b), plain, plen);
		assert_int_equal(lvpn_pkt_parse(lvpn_buf_data(&b), b.len, &q), 0);
		assert_int_equal(q.msg_id, pl);
		if (mode != LVPN_WRAP_NONE)
			assert_int_equal(rid, pp.tx.send_id);
	}
	pair_free(&pp);
}

static void round_trips(void **state)
{
	round_trip(LVPN_WRAP_NONE, NULL, 0, 0, 0);
	round_trip(LVPN_WRAP_AUTH, NULL, LVPN_KEY_DIR_NORMAL, LVPN_KEY_DIR_INVERSE, 20);
	round_trip(LVPN_WRAP_AUTH, "SHA1", LVPN_KEY_DIR_INVERSE, LVPN_KEY_DIR_NORMAL, 20);
	round_trip(LVPN_WRAP_AUTH, "SHA256", LVPN_KEY_DIR_NORMAL, LVPN_KEY_DIR_INVERSE, 32);
	round_trip(LVPN_WRAP_AUTH, "SHA512", LVPN_KEY_DIR_INVERSE, LVPN_KEY_DIR_NORMAL, 64);
	round_trip(LVPN_WRAP_AUTH, "SHA256", LVPN_KEY_DIR_BIDI, LVPN_KEY_DIR_BIDI, 32);
	round_trip(LVPN_WRAP_CRYPT, NULL, LVPN_KEY_DIR_NORMAL, LVPN_KEY_DIR_INVERSE, 32);
	round_trip(LVPN_WRAP_CRYPT, NULL, LVPN_KEY_DIR_INVERSE, LVPN_KEY_DIR_NORMAL, 32);
}

static void snapshot(const struct lvpn_wrap *w, struct lvpn_replay *r, uint32_t *seen)
{
	*r = w->replay;
	memcpy(seen, w->replay.seen, w->replay.window * sizeof(uint32_t));
}

static void assert_unchanged(const struct lvpn_wrap *w, const struct lvpn_replay *r,
			     const uint32_t *seen)
{
	assert_int_equal(w->replay.max_id, r->max_id);
	assert_int_equal(w->replay.max_time, r->max_time);
	assert_int_equal(w->replay.head, r->head);
	assert_memory_equal(w->replay.seen, seen, r->window * sizeof(uint32_t));
}

/* Every single-bit flip of a sealed packet is refused and the replay
 * window does not move; the untouched packet then still opens. */
static void bit_flips(int mode, const char *digest)
{
	uint8_t mem[512], sealed[512];
	struct lvpn_buf b;
	struct pair pp;
	struct lvpn_replay r;
	uint32_t seen[64];
	size_t len;
	uint32_t head;

	pair_init(&pp, mode, digest, LVPN_KEY_DIR_NORMAL, LVPN_KEY_DIR_INVERSE);
	/* some history in the window first */
	for (int i = 0; i < 3; i++) {
		build(&b, mem, sizeof(mem), LVPN_OP_CONTROL_V1, 10, (uint32_t)i);
		assert_int_equal(lvpn_wrap_seal(&pp.tx, &b, 50), 0);
		assert_int_equal(lvpn_wrap_open(&pp.rx, &b, 0, 50, NULL), 0);
	}
	build(&b, mem, sizeof(mem), LVPN_OP_CONTROL_V1, 40, 3);
	assert_int_equal(lvpn_wrap_seal(&pp.tx, &b, 50), 0);
	len = b.len;
	head = b.head;
	memcpy(sealed, lvpn_buf_data(&b), len);
	snapshot(&pp.rx, &r, seen);
	for (size_t bit = 0; bit < len * 8; bit++) {
		memcpy(mem + head, sealed, len);
		b.head = head;
		b.len = (uint32_t)len;
		mem[head + bit / 8] ^= (uint8_t)(1u << (bit % 8));
		int rc = lvpn_wrap_open(&pp.rx, &b, 0, 50, NULL);
		assert_int_equal(rc, LVPN_ERR_AUTH);
		assert_unchanged(&pp.rx, &r, seen);
	}
	/* truncated at every length: refused, window unchanged */
	for (size_t l = 0; l < len; l++) {
		memcpy(mem + head, sealed, len);
		b.head = head;
		b.len = (uint32_t)l;
		int rc = lvpn_wrap_open(&pp.rx, &b, 0, 50, NULL);
		assert_true(rc == LVPN_ERR_AUTH || rc == LVPN_ERR_TRUNCATED);
		assert_unchanged(&pp.rx, &r, seen);
	}
	memcpy(mem + head, sealed, len);
	b.head = head;
	b.len = (uint32_t)len;
	assert_int_equal(lvpn_wrap_open(&pp.rx, &b, 0, 50, NULL), 0);
	assert_int_equal(pp.rx.replay.max_id, 4);
	/* the same packet again is a replay */
	memcpy(mem + head, sealed, len);
	b.head = head;
	b.len = (uint32_t)len;
	snapshot(&pp.rx, &r, seen);
	assert_int_equal(lvpn_wrap_open(&pp.rx, &b, 0, 50, NULL), LVPN_ERR_REPLAY);
	assert_unchanged(&pp.rx, &r, seen);
	/* stateless verification ignores the window (and does not touch it) */
	memcpy(mem + head, sealed, len);
	b.head = head;
	b.len = (uint32_t)len;
	assert_int_equal(lvpn_wrap_open(&pp.rx, &b, LVPN_WRAP_NO_REPLAY, 50, NULL), 0);
	assert_unchanged(&pp.rx, &r, seen);
	pair_free(&pp);
}

static void tampering_and_replay(void **state)
{
	bit_flips(LVPN_WRAP_AUTH, "SHA1");
	bit_flips(LVPN_WRAP_AUTH, "SHA512");
	bit_flips(LVPN_WRAP_CRYPT, NULL);
}

/* Wrong key or wrong direction: refused. */
static void wrong_keys(void **state)
{
	static const int modes[] = { LVPN_WRAP_AUTH, LVPN_WRAP_CRYPT };
	uint8_t mem[512];
	struct lvpn_buf b;

	for (int m = 0; m < 2; m++) {
		struct lvpn_wrap tx, rx_wrong, rx_same_dir;

		assert_int_equal(lvpn_wrap_init(&tx, modes[m], key_a, LVPN_KEY_DIR_NORMAL, "SHA256", 64, 15), 0);
		assert_int_equal(lvpn_wrap_init(&rx_wrong, modes[m], key_b, LVPN_KEY_DIR_INVERSE, "SHA256", 64, 15), 0);
		assert_int_equal(lvpn_wrap_init(&rx_same_dir, modes[m], key_a, LVPN_KEY_DIR_NORMAL, "SHA256", 64, 15), 0);
		build(&b, mem, sizeof(mem), LVPN_OP_CONTROL_V1, 30, 0);
		assert_int_equal(lvpn_wrap_seal(&tx, &b, 7), 0);
		uint8_t copy[512];
		uint32_t h = b.head, l = b.len;
		memcpy(copy, mem, sizeof(mem));
		assert_int_equal(lvpn_wrap_open(&rx_wrong, &b, 0, 7, NULL), LVPN_ERR_AUTH);
		assert_int_equal(rx_wrong.replay.max_id, 0);
		memcpy(mem, copy, sizeof(mem));
		b.head = h;
		b.len = l;
		assert_int_equal(lvpn_wrap_open(&rx_same_dir, &b, 0, 7, NULL), LVPN_ERR_AUTH);
		/* a different digest is a different MAC too */
		if (modes[m] == LVPN_WRAP_AUTH) {
			struct lvpn_wrap rx_sha1;

			assert_int_equal(lvpn_wrap_init(&rx_sha1, LVPN_WRAP_AUTH, key_a, LVPN_KEY_DIR_INVERSE, "SHA1", 64, 15), 0);
			memcpy(mem, copy, sizeof(mem));
			b.head = h;
			b.len = l;
			assert_int_equal(lvpn_wrap_open(&rx_sha1, &b, 0, 7, NULL), LVPN_ERR_AUTH);
			lvpn_wrap_free(&rx_sha1);
		}
		lvpn_wrap_free(&tx);
		lvpn_wrap_free(&rx_wrong);
		lvpn_wrap_free(&rx_same_dir);
	}
	struct lvpn_wrap w;
	assert_int_equal(lvpn_wrap_init(&w, LVPN_WRAP_AUTH, key_a, 0, "NOPE-999", 64, 15), LVPN_ERR_CONFIG);
	assert_int_equal(lvpn_wrap_init(&w, 7, key_a, 0, NULL, 64, 15), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_wrap_init(&w, LVPN_WRAP_CRYPT, key_a, 5, NULL, 64, 15), LVPN_ERR_INVAL);
}

static void replay_ids_and_ceiling(void **state)
{
	uint8_t mem[512];
	struct lvpn_buf b;
	struct pair pp;
	uint32_t rid;

	pair_init(&pp, LVPN_WRAP_CRYPT, NULL, LVPN_KEY_DIR_INVERSE, LVPN_KEY_DIR_NORMAL);
	/* early negotiation: the first packet carries 0x0f000001 */
	lvpn_wrap_set_send_id(&pp.tx, LVPN_EARLY_NEG_START);
	build(&b, mem, sizeof(mem), LVPN_OP_HARD_RESET_CLIENT_V2, 0, 0);
	assert_int_equal(lvpn_wrap_seal(&pp.tx, &b, 100), 0);
	assert_int_equal(lvpn_get_be32(lvpn_buf_data(&b) + 9), 0x0f000001);
	assert_int_equal(lvpn_wrap_open(&pp.rx, &b, 0, 100, &rid), 0);
	assert_int_equal(rid, 0x0f000001);
	/* the time stays that of the first packet */
	build(&b, mem, sizeof(mem), LVPN_OP_CONTROL_V1, 0, 1);
	assert_int_equal(lvpn_wrap_seal(&pp.tx, &b, 200), 0);
	assert_int_equal(lvpn_get_be32(lvpn_buf_data(&b) + 13), 100);
	/* at the ceiling: a new time restarts the ids, the same time refuses */
	lvpn_wrap_set_send_id(&pp.tx, UINT32_MAX);
	build(&b, mem, sizeof(mem), LVPN_OP_CONTROL_V1, 0, 2);
	assert_int_equal(lvpn_wrap_seal(&pp.tx, &b, 100), LVPN_ERR_EXHAUSTED);
	assert_int_equal(b.head, HEADROOM); /* untouched */
	assert_int_equal(lvpn_wrap_seal(&pp.tx, &b, 300), 0);
	assert_int_equal(lvpn_get_be32(lvpn_buf_data(&b) + 9), 1);
	assert_int_equal(lvpn_get_be32(lvpn_buf_data(&b) + 13), 300);
	/* no headroom */
	build(&b, mem, sizeof(mem), LVPN_OP_CONTROL_V1, 0, 3);
	b.head = 10;
	assert_int_equal(lvpn_wrap_seal(&pp.tx, &b, 300), LVPN_ERR_BUFSIZE);
	pair_free(&pp);
}

/* tls-crypt-v2: client seals V3 and WKC_V1 with the WKc appended; the
 * server strips it, unwraps Kc, and opens the packet. */
static void tls_crypt_v2(void **state)
{
	uint8_t srv_key[LVPN_KEY_LEN], wkc[LVPN_TCV2_WKC_MAX], mem[2048];
	const uint8_t meta[9] = { 1, 0, 0, 0, 0, 0x60, 0, 0, 0 };
	struct lvpn_tcv2_server s;
	struct lvpn_tcv2_meta m;
	struct lvpn_wrap cli, scratch;
	struct lvpn_buf b;
	size_t wkc_len;
	uint32_t rid;

	for (int i = 0; i < LVPN_KEY_LEN; i++)
		srv_key[i] = (uint8_t)(i * 13 + 1);
	assert_int_equal(lvpn_tcv2_server_init(&s, srv_key), 0);
	assert_int_equal(lvpn_tcv2_wrap_key(&s, key_a, meta, sizeof(meta), wkc, sizeof(wkc), &wkc_len), 0);
	assert_int_equal(wkc_len, 299);
	assert_int_equal(lvpn_wrap_init(&cli, LVPN_WRAP_CRYPT, key_a, LVPN_KEY_DIR_INVERSE, NULL, 64, 15), 0);
	assert_int_equal(lvpn_wrap_set_wkc(&cli, wkc, wkc_len), 0);
	lvpn_wrap_set_send_id(&cli, LVPN_EARLY_NEG_START);
	/* the server's scratch context: some unrelated key until Kc arrives */
	assert_int_equal(lvpn_wrap_init(&scratch, LVPN_WRAP_CRYPT, key_b, LVPN_KEY_DIR_NORMAL, NULL, 64, 15), 0);

	build(&b, mem, sizeof(mem), LVPN_OP_HARD_RESET_CLIENT_V3, 0, 0);
	size_t plen = b.len;
	assert_int_equal(lvpn_wrap_seal(&cli, &b, 1234), 0);
	assert_int_equal(b.len, plen + 40 + wkc_len);
	assert_memory_equal(lvpn_buf_data(&b) + b.len - wkc_len, wkc, wkc_len);
	uint8_t sealed[2048];
	uint32_t h = b.head, l = b.len;
	memcpy(sealed, mem, sizeof(mem));

	assert_int_equal(lvpn_tcv2_open_first(&s, &scratch, &b, LVPN_WRAP_NO_REPLAY, 5, &m, &rid), 0);
	assert_int_equal(b.len, plen);
	assert_int_equal(rid, 0x0f000001);
	assert_int_equal(m.type, 1);
	assert_int_equal(m.len, 8);
	assert_memory_equal(scratch.key, key_a, LVPN_KEY2_LEN);

	/* every bit flip anywhere (packet or WKc) is a silent failure */
	for (size_t bit = 0; bit < l * 8; bit += 3) {
		memcpy(mem, sealed, sizeof(mem));
		b.head = h;
		b.len = l;
		mem[h + bit / 8] ^= (uint8_t)(1u << (bit % 8));
		int rc = lvpn_tcv2_open_first(&s, &scratch, &b, LVPN_WRAP_NO_REPLAY, 5, &m, &rid);
		assert_true(rc < 0 && !lvpn_err_is_fatal(rc));
		assert_int_equal(b.len, l);
	}
	/* a plain CONTROL_V1 (no WKc) is not a first packet */
	build(&b, mem, sizeof(mem), LVPN_OP_CONTROL_V1, 0, 0);
	assert_int_equal(lvpn_tcv2_open_first(&s, &scratch, &b, 0, 5, &m, &rid), LVPN_ERR_OPCODE);

	/* CONTROL_WKC_V1 also carries the WKc; after setup the engine only strips it */
	build(&b, mem, sizeof(mem), LVPN_OP_CONTROL_WKC_V1, 100, 1);
	plen = b.len;
	assert_int_equal(lvpn_wrap_seal(&cli, &b, 1234), 0);
	assert_int_equal(b.len, plen + 40 + wkc_len);
	const uint8_t *w;
	size_t wl;
	assert_int_equal(lvpn_tcv2_strip_wkc(&b, &w, &wl), 0);
	assert_int_equal(wl, wkc_len);
	assert_int_equal(lvpn_wrap_open(&scratch, &b, 0, 5, NULL), 0);
	assert_int_equal(b.len, plen);
	/* a CONTROL_V1 from the client gets no WKc */
	build(&b, mem, sizeof(mem), LVPN_OP_CONTROL_V1, 10, 2);
	plen = b.len;
	assert_int_equal(lvpn_wrap_seal(&cli, &b, 1234), 0);
	assert_int_equal(b.len, plen + 40);

	lvpn_wrap_free(&cli);
	lvpn_wrap_free(&scratch);
	lvpn_tcv2_server_free(&s);
}

/* WKc trailer length at every edge (CVE-2026-35058's class): the opcode
 * byte is never part of the WKc, and b is left alone on error. */
static void wkc_length_edges(void **state)
{
	uint8_t mem[1200];
	struct lvpn_buf b;
	const uint8_t *w;
	size_t wl;
	const size_t vals[] = { 0, 1, 2, 31, 32, 290, 291, 1024, 1025, 0xffff };

	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		for (size_t total = 1; total <= 1100; total += (total < 300 ? 1 : 97)) {
			memset(mem, 0, sizeof(mem));
			lvpn_buf_init(&b, mem, sizeof(mem));
			assert_int_equal(lvpn_buf_reset(&b, 0), 0);
			b.len = (uint32_t)total;
			mem[0] = LVPN_OP_HARD_RESET_CLIENT_V3 << 3;
			if (total >= 3)
				lvpn_put_be16(mem + total - 2, (uint16_t)vals[i]);
			int rc = lvpn_tcv2_strip_wkc(&b, &w, &wl);
			if (rc == 0) {
				assert_true(wl >= 291 && wl <= 1024 && wl <= total - 1);
				assert_int_equal(b.len, total - wl);
				assert_ptr_equal(w, mem + total - wl);
			} else {
				assert_int_equal(b.len, total);
				assert_false(lvpn_err_is_fatal(rc));
			}
		}
	}
	/* the length field says exactly the whole packet including the
	 * opcode: refused */
	lvpn_buf_init(&b, mem, sizeof(mem));
	assert_int_equal(lvpn_buf_reset(&b, 0), 0);
	b.len = 400;
	mem[0] = LVPN_OP_CONTROL_WKC_V1 << 3;
	lvpn_put_be16(mem + 398, 400);
	assert_int_equal(lvpn_tcv2_strip_wkc(&b, &w, &wl), LVPN_ERR_TRUNCATED);
	lvpn_put_be16(mem + 398, 399);
	assert_int_equal(lvpn_tcv2_strip_wkc(&b, &w, &wl), 0);
	assert_int_equal(b.len, 1);
}

static void wkc_unwrap_errors(void **state)
{
	uint8_t srv_key[LVPN_KEY_LEN], wkc[LVPN_TCV2_WKC_MAX], kc[256];
	const uint8_t meta[1] = { 0 };
	struct lvpn_tcv2_server s;
	size_t wl;

	memset(srv_key, 3, sizeof(srv_key));
	assert_int_equal(lvpn_tcv2_server_init(&s, srv_key), 0);
	assert_int_equal(lvpn_tcv2_wrap_key(&s, key_a, meta, 1, wkc, sizeof(wkc), &wl), 0);
	assert_int_equal(wl, 291);
	assert_int_equal(lvpn_tcv2_unwrap_key(&s, wkc, wl, kc, NULL), 0);
	assert_memory_equal(kc, key_a, 256);
	assert_int_equal(lvpn_tcv2_unwrap_key(&s, wkc, wl - 1, kc, NULL), LVPN_ERR_TRUNCATED);
	wkc[wl - 1] ^= 1;
	assert_int_equal(lvpn_tcv2_unwrap_key(&s, wkc, wl, kc, NULL), LVPN_ERR_MALFORMED);
	wkc[wl - 1] ^= 1;
	wkc[100] ^= 1;
	memset(kc, 0x77, sizeof(kc));
	assert_int_equal(lvpn_tcv2_unwrap_key(&s, wkc, wl, kc, NULL), LVPN_ERR_AUTH);
	for (int i = 0; i < 256; i++)
		assert_int_equal(kc[i], 0); /* wiped */
	assert_int_equal(lvpn_tcv2_wrap_key(&s, key_a, meta, 0, wkc, sizeof(wkc), &wl), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_tcv2_wrap_key(&s, key_a, wkc, 735, wkc, sizeof(wkc), &wl), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_tcv2_wrap_key(&s, key_a, meta, 1, wkc, 290, &wl), LVPN_ERR_BUFSIZE);
	lvpn_tcv2_server_free(&s);
}

/* dyn-tls-crypt: the renegotiation key is EKM XOR the original key data,
 * used as tls-crypt in the same directions. */
static void dynamic_tls_crypt(void **state)
{
	uint8_t ekm[LVPN_KEY2_LEN], x[LVPN_KEY2_LEN], mem[512];
	struct lvpn_wrap base_c, base_s, dyn_c, dyn_s, plain;
	struct lvpn_buf b;

	for (int i = 0; i < LVPN_KEY2_LEN; i++) {
		ekm[i] = (uint8_t)(255 - i);
		x[i] = (uint8_t)(ekm[i] ^ key_a[i]);
	}
	assert_int_equal(lvpn_wrap_init(&base_c, LVPN_WRAP_AUTH, key_a, LVPN_KEY_DIR_INVERSE, NULL, 64, 15), 0);
	assert_int_equal(lvpn_wrap_init(&base_s, LVPN_WRAP_AUTH, key_a, LVPN_KEY_DIR_NORMAL, NULL, 64, 15), 0);
	assert_int_equal(lvpn_wrap_init_dyn(&dyn_c, &base_c, ekm, LVPN_KEY_DIR_INVERSE, 64, 15), 0);
	assert_int_equal(lvpn_wrap_init_dyn(&dyn_s, &base_s, ekm, LVPN_KEY_DIR_NORMAL, 64, 15), 0);
	assert_int_equal(dyn_c.mode, LVPN_WRAP_CRYPT);
	assert_memory_equal(dyn_c.key, x, sizeof(x));
	/* an independent tls-crypt wrap with the XORed key opens dyn's packets */
	assert_int_equal(lvpn_wrap_init(&plain, LVPN_WRAP_CRYPT, x, LVPN_KEY_DIR_NORMAL, NULL, 64, 15), 0);
	build(&b, mem, sizeof(mem), LVPN_OP_SOFT_RESET_V1, 20, 0);
	mem[b.head] = lvpn_op_byte(LVPN_OP_SOFT_RESET_V1, 1);
	assert_int_equal(lvpn_wrap_seal(&dyn_c, &b, 9), 0);
	assert_int_equal(lvpn_wrap_open(&plain, &b, 0, 9, NULL), 0);
	build(&b, mem, sizeof(mem), LVPN_OP_CONTROL_V1, 20, 1);
	assert_int_equal(lvpn_wrap_seal(&dyn_c, &b, 9), 0);
	assert_int_equal(lvpn_wrap_open(&dyn_s, &b, 0, 9, NULL), 0);
	/* and the original wrap does not */
	build(&b, mem, sizeof(mem), LVPN_OP_CONTROL_V1, 20, 2);
	assert_int_equal(lvpn_wrap_seal(&dyn_c, &b, 9), 0);
	assert_int_equal(lvpn_wrap_open(&base_s, &b, 0, 9, NULL), LVPN_ERR_AUTH);
	lvpn_wrap_free(&base_c);
	lvpn_wrap_free(&base_s);
	lvpn_wrap_free(&dyn_c);
	lvpn_wrap_free(&dyn_s);
	lvpn_wrap_free(&plain);
}

/* Datagrams the real openvpn 2.6.14 client sent (committed fuzz seeds,
 * made with the keys in tests/data/ctrl): they open with our wrap. */
static size_t load(const char *rel, uint8_t *mem, size_t cap)
{
	FILE *f = fopen(lvpn_test_path(rel), "rb");
	size_t n;

	assert_non_null(f);
	n = fread(mem, 1, cap, f);
	fclose(f);
	assert_true(n > 0 && n < cap);
	return n;
}

static void open_captured(struct lvpn_wrap *w, struct lvpn_tcv2_server *v2, const char *rel,
			  size_t skip, unsigned want_op, uint32_t want_msg)
{
	uint8_t raw[4096], mem[4096 + HEADROOM];
	struct lvpn_buf b;
	struct lvpn_ctrl_pkt q;
	struct lvpn_tcv2_meta m;
	size_t n = load(rel, raw, sizeof(raw));

	lvpn_buf_init(&b, mem, sizeof(mem));
	assert_int_equal(lvpn_buf_reset(&b, HEADROOM), 0);
	memcpy(mem + HEADROOM, raw + skip, n - skip);
	b.len = (uint32_t)(n - skip);
	if (v2)
		assert_int_equal(lvpn_tcv2_open_first(v2, w, &b, 0, 1, &m, NULL), 0);
	else
		assert_int_equal(lvpn_wrap_open(w, &b, 0, 1, NULL), 0);
	assert_int_equal(lvpn_pkt_parse(lvpn_buf_data(&b), b.len, &q), 0);
	assert_int_equal(q.op, want_op);
	assert_int_equal(q.msg_id, want_msg);
	/* the same bytes with one bit changed do not open */
	memcpy(mem + HEADROOM, raw + skip, n - skip);
	mem[HEADROOM + (n - skip) / 3] ^= 4;
	b.head = HEADROOM;
	b.len = (uint32_t)(n - skip);
	if (v2)
		assert_true(lvpn_tcv2_open_first(v2, w, &b, LVPN_WRAP_NO_REPLAY, 1, &m, NULL) < 0);
	else
		assert_int_equal(lvpn_wrap_open(w, &b, LVPN_WRAP_NO_REPLAY, 1, NULL), LVPN_ERR_AUTH);
}

static void captured_openvpn_packets(void **state)
{
	struct lvpn_wrap w;
	struct lvpn_tcv2_server s;
	char text[4096];
	uint8_t k[LVPN_KEY2_LEN];
	size_t n = load("tests/data/ctrl/ta.key", (uint8_t *)text, sizeof(text));

	/* the header's bytes are the key file's */
	assert_int_equal(lvpn_key_read_static(text, n, k), 0);
	assert_memory_equal(k, fuzz_static_key, sizeof(k));

	assert_int_equal(lvpn_wrap_init(&w, LVPN_WRAP_AUTH, fuzz_static_key, LVPN_KEY_DIR_NORMAL, "SHA1", 64, 15), 0);
	open_captured(&w, NULL, "tests/fuzz/corpus/fuzz_first_packet/auth-tls-auth-0.bin", 1,
		      LVPN_OP_HARD_RESET_CLIENT_V2, 0);
	open_captured(&w, NULL, "tests/fuzz/corpus/fuzz_first_packet/auth-tls-auth-1.bin", 1,
		      LVPN_OP_CONTROL_V1, 1);
	lvpn_wrap_free(&w);
	assert_int_equal(lvpn_wrap_init(&w, LVPN_WRAP_CRYPT, fuzz_static_key, LVPN_KEY_DIR_NORMAL, NULL, 64, 15), 0);
	open_captured(&w, NULL, "tests/fuzz/corpus/fuzz_tls_crypt/tls-crypt-0.bin", 0,
		      LVPN_OP_HARD_RESET_CLIENT_V2, 0);
	open_captured(&w, NULL, "tests/fuzz/corpus/fuzz_tls_crypt/tls-crypt-1.bin", 0,
		      LVPN_OP_CONTROL_V1, 1);
	assert_int_equal(lvpn_tcv2_server_init(&s, fuzz_v2_server_key), 0);
	open_captured(&w, &s, "tests/fuzz/corpus/fuzz_tls_crypt_v2/tls-crypt-v2-0.bin", 0,
		      LVPN_OP_HARD_RESET_CLIENT_V3, 0);
	open_captured(&w, &s, "tests/fuzz/corpus/fuzz_tls_crypt_v2/tls-crypt-v2-1.bin", 0,
		      LVPN_OP_CONTROL_WKC_V1, 1);
	lvpn_tcv2_server_free(&s);
	lvpn_wrap_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trips),
		cmocka_unit_test(tampering_and_replay),
		cmocka_unit_test(wrong_keys),
		cmocka_unit_test(replay_ids_and_ceiling),
		cmocka_unit_test(tls_crypt_v2),
		cmocka_unit_test(wkc_length_edges),
		cmocka_unit_test(wkc_unwrap_errors),
		cmocka_unit_test(dynamic_tls_crypt),
		cmocka_unit_test(captured_openvpn_packets),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
