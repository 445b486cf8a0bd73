/* SPDX-License-Identifier: BSD-2-Clause */
/* --fragment through the engine: a client and a server session with
 * fragment 576 exchange packets larger than that; every datagram on the
 * link is at most 576 bytes, the first fragment leaves in the caller's
 * buffer and the rest through lvpn_session_poll_link (the deadline says
 * so), and what comes out of the other side's TUN is byte for byte what
 * went in, in both directions, in batches and reordered.  Steady state
 * allocates nothing.  TCP with fragment is refused at creation. */
#include "tests/unit/session_pair.h"

#include "tests/unit/alloc_count.h"

#define FRAG 576

static int connect_frag(struct spair *p, uint32_t frag)
{
	spair_init(p, "ca", "server-rsa", "client-rsa");
	p->c.conf.fragment = p->s.conf.fragment = frag;
	spair_start(p);
	return spair_settle(p);
}

struct link {
	uint8_t pkt[40][PKT_MAX];
	size_t len[40];
	unsigned n;
	size_t max;
};

/* Seals n TUN packets of len bytes (pattern from seed) in one batch and
 * collects every datagram that results (the batch's, then the polled). */
static void send_batch(struct spair *p, struct side *from, unsigned n, size_t len, uint32_t seed,
                       struct link *l)
{
	static uint8_t mem[8][PKT_MAX];
	struct lvpn_buf b[8], *v[8];
	struct lvpn_frame f;
	int rc[8];
	size_t got;

	assert_true(n <= 8);
	lvpn_session_frame(from->s, &f);
	l->n = 0;
	l->max = 0;
	for (unsigned k = 0; k < n; k++) {
		lvpn_buf_init(&b[k], mem[k], PKT_MAX);
		assert_int_equal(lvpn_buf_reset(&b[k], f.headroom), 0);
		for (size_t i = 0; i < len; i++)
			b[k].base[b[k].head + i] = (uint8_t)(seed * 131 + k * 7 + i);
		b[k].base[b[k].head] = 0x45;
		b[k].len = (uint32_t)len;
		v[k] = &b[k];
	}
	assert_int_equal(lvpn_session_encrypt_batch(from->s, v, n, p->now, rc), n);
	for (unsigned k = 0; k < n; k++) {
		assert_int_equal(rc[k], 0);
		memcpy(l->pkt[l->n], lvpn_buf_data(&b[k]), b[k].len);
		l->len[l->n++] = b[k].len;
	}
	if (len > FRAG)
		assert_true(lvpn_session_deadline(from->s) <= p->now);
	for (;;) {
		assert_true(l->n < 40);
		assert_int_equal(
		    lvpn_session_poll_link(from->s, l->pkt[l->n], PKT_MAX, &got, p->now), 0);
		if (!got)
			break;
		l->len[l->n++] = got;
	}
	for (unsigned i = 0; i < l->n; i++)
		l->max = l->len[i] > l->max ? l->len[i] : l->max;
}

/* Delivers l's datagrams in order ord (NULL: as sent); returns the number
 * of TUN packets, each checked against the pattern of send_batch. */
static unsigned deliver(struct spair *p, struct side *to, struct link *l, const unsigned *ord,
                        size_t len, uint32_t seed)
{
	unsigned tun = 0;

	for (unsigned i = 0; i < l->n; i++) {
		unsigned j = ord ? ord[i] : i;
		struct lvpn_buf b;
		enum lvpn_rx rx;
		const uint8_t *d;

		lvpn_buf_init(&b, l->pkt[j], PKT_MAX);
		b.len = (uint32_t)l->len[j];
		assert_int_equal(lvpn_session_recv(to->s, &b, p->now, &rx), 0);
		if (rx != LVPN_RX_TUN)
			continue;
		assert_int_equal(b.len, len);
		d = lvpn_buf_data(&b);
		/* which packet of the batch: from its second byte */
		for (unsigned k = 0; k < 8; k++) {
			if (d[1] != (uint8_t)(seed * 131 + k * 7 + 1))
				continue;
			for (size_t x = 1; x < len; x++)
				assert_int_equal(d[x], (uint8_t)(seed * 131 + k * 7 + x));
			tun++;
			break;
		}
	}
	return tun;
}

static void both_directions(void **state)
{
	static struct link l;
	struct spair p;

	(void)state;
	assert_true(connect_frag(&p, FRAG));
	for (uint32_t r = 0; r < 20; r++) {
		size_t len = 100 + r * 70; /* 100 .. 1430 */

		send_batch(&p, &p.c, 4, len, r, &l);
		assert_true(l.max <= FRAG);
		assert_true(len < FRAG - 40 ? l.n == 4 : l.n >= 8);
		assert_int_equal(deliver(&p, &p.s, &l, NULL, len, r), 4);
		send_batch(&p, &p.s, 4, len, r + 100, &l);
		assert_true(l.max <= FRAG);
		assert_int_equal(deliver(&p, &p.c, &l, NULL, len, r + 100), 4);
	}
	spair_free(&p);
}

/* Lengths around two full fragments: never over FRAG, and some datagram
 * exactly FRAG (the fragment size is the largest the cipher allows). */
static void full_size(void **state)
{
	static struct link l;
	struct spair p;
	int exact = 0;

	(void)state;
	assert_true(connect_frag(&p, FRAG));
	for (size_t len = 1000; len < 1200; len++) {
		send_batch(&p, &p.c, 1, len, (uint32_t)len, &l);
		assert_true(l.max <= FRAG);
		exact |= l.max == FRAG;
		assert_int_equal(deliver(&p, &p.s, &l, NULL, len, (uint32_t)len), 1);
	}
	assert_true(exact);
	spair_free(&p);
}

static void reordered(void **state)
{
	static struct link l;
	unsigned ord[40];
	struct spair p;

	(void)state;
	assert_true(connect_frag(&p, FRAG));
	send_batch(&p, &p.c, 3, 1500, 7, &l);
	assert_true(l.max <= FRAG);
	for (unsigned i = 0; i < l.n; i++)
		ord[i] = l.n - 1 - i;
	assert_int_equal(deliver(&p, &p.s, &l, ord, 1500, 7), 3);
	spair_free(&p);
}

static void tcp_refused(void **state)
{
	struct spair p;
	struct lvpn_session *s = NULL;

	(void)state;
	spair_init(&p, "ca", "server-rsa", "client-rsa");
	assert_int_equal(lvpn_tls_ctx_new(&p.ctc, &p.cctx), 0);
	p.c.conf.tls = p.cctx;
	p.c.conf.transport = LVPN_TRANSPORT_TCP;
	p.c.conf.fragment = FRAG;
	assert_int_equal(lvpn_session_new(&p.c.conf, &p.ops, 0, &s), LVPN_ERR_CONFIG);
	p.c.conf.transport = LVPN_TRANSPORT_UDP;
	p.c.conf.fragment = 67;
	assert_int_equal(lvpn_session_new(&p.c.conf, &p.ops, 0, &s), LVPN_ERR_CONFIG);
	lvpn_tls_ctx_free(p.cctx);
	p.cctx = NULL;
	conf_free(&p.ctc);
	conf_free(&p.stc);
}

/* 100k TUN packets (half each way, a third of them cut in three): no
 * heap allocation. */
static void no_allocation(void **state)
{
	static struct link l;
	unsigned long s0, l0;
	struct spair p;
	unsigned bad = 0;

	(void)state;
	assert_true(connect_frag(&p, FRAG));
	send_batch(&p, &p.c, 1, 1400, 1, &l); /* first use of every path */
	assert_int_equal(deliver(&p, &p.s, &l, NULL, 1400, 1), 1);
	s0 = alloc_count_ssl();
	l0 = alloc_count_libc();
	for (uint32_t i = 0; i < 100000; i++) {
		size_t len = i % 3 ? 200 + i % 300 : 1400;

		send_batch(&p, i & 1 ? &p.s : &p.c, 1, len, i, &l);
		bad += deliver(&p, i & 1 ? &p.c : &p.s, &l, NULL, len, i) != 1;
		bad += l.max > FRAG;
	}
	assert_int_equal(bad, 0);
	assert_int_equal(alloc_count_ssl(), s0);
	if (alloc_count_libc_active())
		assert_int_equal(alloc_count_libc(), l0);
	spair_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(both_directions), cmocka_unit_test(full_size),
	    cmocka_unit_test(reordered),       cmocka_unit_test(tcp_refused),
	    cmocka_unit_test(no_allocation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
