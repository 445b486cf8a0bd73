/* SPDX-License-Identifier: BSD-2-Clause */
/* The engine's vector calls, lvpn_session_encrypt_batch and
 * lvpn_session_recv_batch, give each packet the result the one-packet
 * calls give it: a packet the session refuses inside a batch is reported
 * and the others still go; a duplicate inside one batch is a replay; the
 * statistics and the sending key's counters count every packet once (so
 * reneg-pkts and reneg-bytes fire at their exact edge when packets come
 * in batches); nothing is sealed before the data channel has keys. */
#include "tests/unit/session_pair.h"

#include "proto/session_int.h" /* the tests read the key state's counters */

#define N 6

/* n TUN packets of lens[k] bytes (first byte 0x45, then k) in mem. */
static void fill(struct spair *p, uint8_t (*mem)[PKT_MAX], struct lvpn_buf *b, struct lvpn_buf **v,
                 const size_t *lens, unsigned n)
{
	struct lvpn_frame f;

	lvpn_session_frame(p->c.s, &f);
	for (unsigned k = 0; k < n; k++) {
		lvpn_buf_init(&b[k], mem[k], PKT_MAX);
		assert_int_equal(lvpn_buf_reset(&b[k], f.headroom), 0);
		memset(b[k].base + b[k].head, (int)k, lens[k]);
		b[k].base[b[k].head] = 0x45;
		b[k].len = (uint32_t)lens[k];
		v[k] = &b[k];
	}
}

static void refused_packet_in_a_batch(void **state)
{
	static uint8_t mem[N][PKT_MAX];
	struct lvpn_buf b[N], *v[N], *ok[N];
	const struct lvpn_session_stats *st;
	size_t lens[N] = {100, 1400, 0, 60, 1, 1500};
	uint64_t tx, txb, rxb, pk, by;
	enum lvpn_rx rx[N];
	int rc[N];
	unsigned n = 0;
	struct spair p;

	assert_true(spair_connect_quiet(&p));
	lens[2] = p.c.s->conf.tun_mtu + 1; /* too big: refused, the rest goes */
	st = lvpn_session_stats(p.c.s);
	tx = st->link_tx;
	txb = st->link_tx_bytes;
	rxb = st->tun_rx_bytes;
	pk = p.c.s->ks[KS_PRIMARY].n_packets;
	by = p.c.s->ks[KS_PRIMARY].n_bytes;
	fill(&p, mem, b, v, lens, N);
	assert_int_equal(lvpn_session_encrypt_batch(p.c.s, v, N, p.now, rc), N - 1);
	for (unsigned k = 0; k < N; k++) {
		assert_int_equal(rc[k], k == 2 ? LVPN_ERR_TOO_BIG : 0);
		if (rc[k] == 0)
			ok[n++] = v[k];
	}
	assert_int_equal(st->link_tx, tx + N - 1);
	assert_int_equal(st->tun_rx_bytes, rxb + 100 + 1400 + 60 + 1 + 1500);
	assert_true(st->link_tx_bytes > txb + 100 + 1400 + 60 + 1 + 1500);
	assert_int_equal(p.c.s->ks[KS_PRIMARY].n_packets, pk + N - 1);
	assert_int_equal(p.c.s->ks[KS_PRIMARY].n_bytes, by + 100 + 1400 + 60 + 1 + 1500);
	txb = st->link_tx_bytes - txb;
	for (unsigned k = 0; k < n; k++)
		txb -= ok[k]->len;
	assert_int_equal(txb, 0); /* the bytes counted are the bytes sealed */

	assert_int_equal(lvpn_session_recv_batch(p.s.s, ok, n, p.now, rx, rc), n);
	for (unsigned k = 0, j = 0; k < N; k++) {
		if (k == 2)
			continue;
		assert_int_equal(rc[j], 0);
		assert_int_equal(rx[j], LVPN_RX_TUN);
		assert_int_equal(ok[j]->len, lens[k]);
		assert_int_equal(lvpn_buf_data(ok[j])[lens[k] - 1], lens[k] == 1 ? 0x45 : k);
		j++;
	}
	spair_free(&p);
}

static void duplicate_in_a_batch_is_a_replay(void **state)
{
	static uint8_t mem[3][PKT_MAX];
	struct lvpn_buf b[3], *v[3];
	size_t lens[3] = {200, 300, 1};
	enum lvpn_rx rx[3];
	int rc[3];
	struct spair p;

	assert_true(spair_connect_quiet(&p));
	fill(&p, mem, b, v, lens, 2);
	assert_int_equal(lvpn_session_encrypt_batch(p.c.s, v, 2, p.now, rc), 2);
	/* the third is a copy of the first, in the same batch */
	memcpy(mem[2], mem[0], PKT_MAX);
	b[2] = b[0];
	b[2].base = mem[2];
	v[2] = &b[2];
	assert_int_equal(lvpn_session_recv_batch(p.s.s, v, 3, p.now, rx, rc), 2);
	assert_int_equal(rc[0], 0);
	assert_int_equal(rc[1], 0);
	assert_int_equal(rc[2], LVPN_ERR_REPLAY);
	assert_int_equal(rx[2], LVPN_RX_NONE);
	spair_free(&p);
}

static void nothing_before_keys(void **state)
{
	static uint8_t mem[2][PKT_MAX];
	struct lvpn_buf b[2], *v[2];
	size_t lens[2] = {100, 100};
	int rc[2] = {0, 0};
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	spair_start(&p);
	fill(&p, mem, b, v, lens, 2);
	assert_int_equal(lvpn_session_encrypt_batch(p.c.s, v, 2, p.now, rc), 0);
	assert_int_equal(rc[0], LVPN_ERR_AGAIN);
	assert_int_equal(rc[1], LVPN_ERR_AGAIN);
	assert_int_equal(b[0].len, 100); /* untouched */
	spair_free(&p);
}

/* reneg-pkts counted per packet even when they come four at a time */
static void reneg_pkts_edge_in_batches(void **state)
{
	static uint8_t mem[4][PKT_MAX];
	struct lvpn_buf b[4], *v[4];
	size_t lens[4] = {10, 10, 10, 10};
	int rc[4];
	struct spair p;

	assert_true(spair_connect_quiet(&p));
	p.c.s->conf.reneg_pkts = (int64_t)p.c.s->ks[KS_PRIMARY].n_packets + 8;
	fill(&p, mem, b, v, lens, 4);
	assert_int_equal(lvpn_session_encrypt_batch(p.c.s, v, 4, p.now, rc), 4);
	assert_int_equal(lvpn_session_tick(p.c.s, p.now), 0);
	assert_int_equal(p.c.s->ks[KS_LAME].state, KS_NONE);
	fill(&p, mem, b, v, lens, 4);
	assert_int_equal(lvpn_session_encrypt_batch(p.c.s, v, 4, p.now, rc), 4);
	assert_true(lvpn_session_deadline(p.c.s) <= p.now);
	assert_int_equal(lvpn_session_tick(p.c.s, p.now), 0);
	assert_int_not_equal(p.c.s->ks[KS_LAME].state, KS_NONE);
	spair_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(refused_packet_in_a_batch),
	    cmocka_unit_test(duplicate_in_a_batch_is_a_replay),
	    cmocka_unit_test(nothing_before_keys),
	    cmocka_unit_test(reneg_pkts_edge_in_batches),
	};
	return cmocka_run_group_tests_name("session_batch", tests, NULL, NULL);
}
