/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/fragment: OpenVPN 2.6's --fragment header, cutting and putting
 * back together byte for byte, in order, reordered, duplicated, lost,
 * across the sequence id wrap, at the size limits, and every malformed
 * header dropped and counted.  The last test counts heap allocations over
 * 100k packets cut and reassembled. */
#include "tests/unit/testutil.h"

#include "base/buf.h"
#include "proto/fragment.h"
#include "tests/unit/alloc_count.h"

#define CAP  1600
#define ROOM 8
#define BUFS (ROOM + CAP + 8)

struct pkt {
	uint8_t mem[BUFS];
	struct lvpn_buf b;
};

static void fill(uint8_t *p, uint32_t n, uint32_t seed)
{
	for (uint32_t i = 0; i < n; i++)
		p[i] = (uint8_t)((i * 2654435761u + seed * 40503u) >> 11);
}

static void empty(struct pkt *p)
{
	lvpn_buf_init(&p->b, p->mem, sizeof(p->mem));
	assert_int_equal(lvpn_buf_reset(&p->b, ROOM), 0);
}

static void load(struct pkt *p, const uint8_t *data, uint32_t n)
{
	empty(p);
	assert_int_equal(lvpn_buf_put(&p->b, data, n), 0);
}

/* Cuts data (n bytes) at max into out[]; returns the fragment count. */
static unsigned cut(struct lvpn_frag *f, const uint8_t *data, uint32_t n, uint32_t max,
                    struct pkt *out, unsigned nout)
{
	unsigned k = 1;

	load(&out[0], data, n);
	assert_int_equal(lvpn_frag_send(f, &out[0].b, max), 0);
	assert_true(out[0].b.len <= max + LVPN_FRAG_HDR_LEN);
	for (;;) {
		int rc;

		assert_true(k < nout);
		empty(&out[k]);
		rc = lvpn_frag_next(f, &out[k].b);
		assert_true(rc == 0 || rc == 1);
		if (rc == 0)
			return k;
		assert_true(out[k].b.len <= max + LVPN_FRAG_HDR_LEN);
		k++;
	}
}

static uint32_t hdr(const struct pkt *p)
{
	return lvpn_get_be32(lvpn_buf_data(&p->b));
}

static struct lvpn_frag tx, rx;

static int setup(void **state)
{
	(void)state;
	if (lvpn_frag_init(&tx, CAP, 0) || lvpn_frag_init(&rx, CAP, 0))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	lvpn_frag_free(&tx);
	lvpn_frag_free(&rx);
	return 0;
}

/* Delivers frags in the order given; returns how many deliveries gave a
 * whole packet, the last one left in *out. */
static unsigned deliver(struct pkt *frags, const unsigned *order, unsigned n, uint64_t now,
                        struct pkt **out)
{
	unsigned whole = 0;

	for (unsigned i = 0; i < n; i++) {
		int rc = lvpn_frag_recv(&rx, &frags[order[i]].b, now);

		assert_true(rc == 0 || rc == 1);
		if (rc == 1) {
			whole++;
			*out = &frags[order[i]];
		}
	}
	return whole;
}

static void whole_packet(void **state)
{
	uint8_t data[100];
	struct pkt p[2];
	struct pkt *out = NULL;
	unsigned one = 0;

	(void)state;
	fill(data, sizeof(data), 1);
	assert_int_equal(cut(&tx, data, sizeof(data), 100, p, 2), 1);
	assert_int_equal(p[0].b.len, 104);
	assert_int_equal(hdr(&p[0]), 0); /* FRAG_WHOLE, nothing else */
	assert_int_equal(deliver(p, &one, 1, 0, &out), 1);
	assert_int_equal(out->b.len, sizeof(data));
	assert_memory_equal(lvpn_buf_data(&out->b), data, sizeof(data));
}

static void round_trip(void **state)
{
	uint8_t data[1400];
	struct pkt p[8];
	struct pkt *out = NULL;
	unsigned order[8], n;

	(void)state;
	fill(data, sizeof(data), 2);
	n = cut(&tx, data, sizeof(data), 500, p, 8);
	assert_int_equal(n, 3);
	/* 1400 over 3: 467 rounded up to 468, twice, and 464 */
	assert_int_equal(hdr(&p[0]) & 3, LVPN_FRAG_NOTLAST);
	assert_int_equal(hdr(&p[1]) & 3, LVPN_FRAG_NOTLAST);
	assert_int_equal(hdr(&p[2]) & 3, LVPN_FRAG_LAST);
	assert_int_equal(p[0].b.len, 468 + 4);
	assert_int_equal(p[2].b.len, 464 + 4);
	assert_int_equal(hdr(&p[2]) >> 15 & 0x3FFF, 468 / 4);
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(hdr(&p[i]) >> 10 & 0x1F, i); /* fragment id */
		assert_int_equal(hdr(&p[i]) >> 2 & 0xFF, 1);  /* sequence id */
		assert_int_equal(hdr(&p[i]) & ~0x3FFFu & ~(0x3FFFu << 15), 0);
		order[i] = i;
	}
	assert_int_equal(deliver(p, order, n, 0, &out), 1);
	assert_ptr_equal(out, &p[2]);
	assert_int_equal(out->b.len, sizeof(data));
	assert_memory_equal(lvpn_buf_data(&out->b), data, sizeof(data));
	assert_int_equal(rx.st.rx_done, 1);
}

static void reordered_and_duplicated(void **state)
{
	uint8_t data[1500];
	struct pkt p[8], *out = NULL;
	static const unsigned rev[] = {3, 2, 1, 0}, dup[] = {1, 0, 3, 4, 2};
	unsigned n;

	(void)state;
	fill(data, sizeof(data), 3);
	n = cut(&tx, data, sizeof(data), 400, p, 8);
	assert_int_equal(n, 4);
	assert_int_equal(deliver(p, rev, n, 0, &out), 1);
	assert_int_equal(out->b.len, sizeof(data));
	assert_memory_equal(lvpn_buf_data(&out->b), data, sizeof(data));

	fill(data, sizeof(data), 4);
	assert_int_equal(cut(&tx, data, sizeof(data), 400, p, 8), 4);
	/* fragment 1 twice: p[4] is a copy of it */
	p[4] = p[1];
	p[4].b.base = p[4].mem;
	assert_int_equal(deliver(p, dup, 5, 0, &out), 1);
	assert_int_equal(out->b.len, sizeof(data));
	assert_memory_equal(lvpn_buf_data(&out->b), data, sizeof(data));
}

static void lost_fragment_expires(void **state)
{
	uint8_t data[1200];
	struct pkt p[8], *out = NULL;
	static const unsigned first[] = {0, 2}, late[] = {1};
	uint64_t exp0 = rx.st.expired;

	(void)state;
	fill(data, sizeof(data), 5);
	assert_int_equal(cut(&tx, data, sizeof(data), 400, p, 8), 3);
	assert_int_equal(deliver(p, first, 2, 1000, &out), 0);
	/* the missing one comes after the time to live: the partial packet
	 * is gone, so it completes nothing */
	assert_int_equal(deliver(p, late, 1, 1000 + LVPN_FRAG_TTL_MS, &out), 0);
	assert_int_equal(rx.st.expired, exp0 + 1);
}

static void kept_within_ttl(void **state)
{
	uint8_t data[1200];
	struct pkt p[8], *out = NULL;
	static const unsigned first[] = {0, 2}, late[] = {1};

	(void)state;
	fill(data, sizeof(data), 6);
	assert_int_equal(cut(&tx, data, sizeof(data), 400, p, 8), 3);
	assert_int_equal(deliver(p, first, 2, 50000, &out), 0);
	assert_int_equal(deliver(p, late, 1, 50000 + LVPN_FRAG_TTL_MS - 1, &out), 1);
	assert_memory_equal(lvpn_buf_data(&out->b), data, sizeof(data));
}

/* Hand-made fragment: header h then len bytes. */
static void raw(struct pkt *p, uint32_t h, uint32_t len)
{
	uint8_t *q;

	empty(p);
	assert_int_equal(lvpn_buf_append(&p->b, 4 + len, &q), 0);
	lvpn_put_be32(q, h);
	memset(q + 4, 0xAB, len);
}

static void malformed(void **state)
{
	struct pkt p;
	uint64_t m0 = rx.st.drop_malformed, o0 = rx.st.drop_overflow;

	(void)state;
	raw(&p, 3, 40); /* FRAG_TEST */
	assert_int_equal(lvpn_frag_recv(&rx, &p.b, 0), LVPN_ERR_MALFORMED);
	raw(&p, 1u << 2, 40); /* whole with a sequence id */
	assert_int_equal(lvpn_frag_recv(&rx, &p.b, 0), LVPN_ERR_MALFORMED);
	raw(&p, 1u << 10, 40); /* whole with a fragment id */
	assert_int_equal(lvpn_frag_recv(&rx, &p.b, 0), LVPN_ERR_MALFORMED);
	raw(&p, 1, 41); /* not-last fragment whose size is no multiple of 4 */
	assert_int_equal(lvpn_frag_recv(&rx, &p.b, 0), LVPN_ERR_MALFORMED);
	empty(&p);
	assert_int_equal(lvpn_buf_put(&p.b, "\0\0\0", 3), 0); /* truncated header */
	assert_int_equal(lvpn_frag_recv(&rx, &p.b, 0), LVPN_ERR_TRUNCATED);
	/* fragment 31 of 100-byte fragments: past a 1600-byte buffer */
	raw(&p, 1 | 31u << 10, 100);
	assert_int_equal(lvpn_frag_recv(&rx, &p.b, 0), LVPN_ERR_TOO_BIG);
	/* last fragment claiming 0x3FFF*4-byte fragments at id 1 */
	raw(&p, 2 | 1u << 10 | 0x3FFFu << 15, 4);
	assert_int_equal(lvpn_frag_recv(&rx, &p.b, 0), LVPN_ERR_TOO_BIG);
	assert_int_equal(rx.st.drop_malformed, m0 + 5);
	assert_int_equal(rx.st.drop_overflow, o0 + 2);
}

/* A fragment far ahead of the window forgets what was being assembled. */
static void window(void **state)
{
	uint8_t data[1200];
	struct pkt p[8], q, *out = NULL;
	static const unsigned first[] = {0, 1}, last[] = {2};
	uint32_t seq;

	(void)state;
	fill(data, sizeof(data), 7);
	assert_int_equal(cut(&tx, data, sizeof(data), 400, p, 8), 3);
	seq = hdr(&p[0]) >> 2 & 0xFF;
	assert_int_equal(deliver(p, first, 2, 0, &out), 0);
	raw(&q, 1 | ((seq + LVPN_FRAG_BUFS) & 0xFF) << 2, 40);
	assert_int_equal(lvpn_frag_recv(&rx, &q.b, 0), 0);
	/* a last fragment 25 ids back must not land in the newest packet's
	 * slot (and complete it with foreign bytes) */
	raw(&q, 2 | 1u << 10 | 40u << 13 | seq << 2, 40);
	assert_int_equal(lvpn_frag_recv(&rx, &q.b, 0), 0);
	assert_int_equal(deliver(p, last, 1, 0, &out), 0);
	/* one step less stays in the window */
	fill(data, sizeof(data), 8);
	tx.tx_seq = (uint8_t)(seq + 2 * LVPN_FRAG_BUFS);
	assert_int_equal(cut(&tx, data, sizeof(data), 400, p, 8), 3);
	seq = hdr(&p[0]) >> 2 & 0xFF;
	assert_int_equal(deliver(p, first, 2, 0, &out), 0);
	raw(&q, 1 | ((seq + LVPN_FRAG_BUFS - 1) & 0xFF) << 2, 40);
	assert_int_equal(lvpn_frag_recv(&rx, &q.b, 0), 0);
	assert_int_equal(deliver(p, last, 1, 0, &out), 1);
	assert_memory_equal(lvpn_buf_data(&out->b), data, sizeof(data));
}

/* 300 packets interleaved two at a time across the 255 -> 0 wrap. */
static void sequence_wrap(void **state)
{
	uint8_t a[1000], b[1000];
	struct pkt pa[4], pb[4], *out = NULL;
	static const unsigned o[] = {1, 0};

	(void)state;
	tx.tx_seq = 240;
	for (unsigned i = 0; i < 150; i++) {
		fill(a, sizeof(a), 100 + i);
		fill(b, sizeof(b), 1000 + i);
		assert_int_equal(cut(&tx, a, sizeof(a), 600, pa, 4), 2);
		assert_int_equal(cut(&tx, b, sizeof(b), 600, pb, 4), 2);
		assert_int_equal(deliver(pb, o, 1, i, &out), 0);
		assert_int_equal(deliver(pa, o, 2, i, &out), 1);
		assert_memory_equal(lvpn_buf_data(&out->b), a, sizeof(a));
		assert_int_equal(deliver(pb, o + 1, 1, i, &out), 1);
		assert_memory_equal(lvpn_buf_data(&out->b), b, sizeof(b));
	}
}

static void max_size(void **state)
{
	static uint8_t data[CAP];
	struct pkt p[LVPN_FRAG_MAX + 2], *out = NULL;
	unsigned order[LVPN_FRAG_MAX];
	struct pkt one;

	(void)state;
	fill(data, CAP, 9);
	/* 1600 = 32 * 50: 52-byte fragments (multiple of 4) make 31 */
	assert_int_equal(cut(&tx, data, CAP, 52, p, LVPN_FRAG_MAX + 2), 31);
	/* 32 fragments of 48 and a remainder would be 34: refused */
	load(&one, data, CAP);
	assert_int_equal(lvpn_frag_send(&tx, &one.b, 48), LVPN_ERR_TOO_BIG);
	/* exactly 32 fragments: 1536 = 32 * 48 */
	assert_int_equal(cut(&tx, data, 32 * 48, 48, p, LVPN_FRAG_MAX + 2), 32);
	for (unsigned i = 0; i < 32; i++)
		order[i] = 31 - i;
	assert_int_equal(deliver(p, order, 32, 0, &out), 1);
	assert_int_equal(out->b.len, 32 * 48);
	assert_memory_equal(lvpn_buf_data(&out->b), data, 32 * 48);
	/* over the buffer */
	{
		static uint8_t big[BUFS];
		struct lvpn_buf b;

		lvpn_buf_init(&b, big, sizeof(big));
		assert_int_equal(lvpn_buf_reset(&b, ROOM), 0);
		b.len = CAP + 4;
		assert_int_equal(lvpn_frag_send(&tx, &b, 1000), LVPN_ERR_TOO_BIG);
	}
}

static void queue_full(void **state)
{
	uint8_t data[900];
	struct pkt p;
	int i;

	(void)state;
	fill(data, sizeof(data), 10);
	for (i = 0; i < LVPN_FRAG_TXQ; i++) {
		load(&p, data, sizeof(data));
		assert_int_equal(lvpn_frag_send(&tx, &p.b, 500), 0);
	}
	load(&p, data, sizeof(data));
	assert_int_equal(lvpn_frag_send(&tx, &p.b, 500), LVPN_ERR_AGAIN);
	assert_int_equal(tx.st.drop_tx_full, 1);
	for (i = 0; i < LVPN_FRAG_TXQ; i++) {
		empty(&p);
		assert_int_equal(lvpn_frag_next(&tx, &p.b), 1);
	}
	empty(&p);
	assert_int_equal(lvpn_frag_next(&tx, &p.b), 0);
}

/* CVE-2023-46849 was a division by a fragment size of 0: sizes under 4
 * are refused, whatever the packet. */
static void tiny_sizes(void **state)
{
	uint8_t data[100];
	struct pkt p;

	(void)state;
	fill(data, sizeof(data), 12);
	for (uint32_t max = 0; max < 4; max++) {
		load(&p, data, sizeof(data));
		assert_int_equal(lvpn_frag_send(&tx, &p.b, max), LVPN_ERR_INVAL);
		assert_int_equal(p.b.len, sizeof(data));
	}
	assert_false(lvpn_frag_pending(&tx));
}

static void payload_max(void **state)
{
	uint32_t m;

	(void)state;
	/* 1200 - (4 + 20 head) - 4 header = 1172 */
	assert_int_equal(lvpn_frag_payload_max(1200, 24, 0, &m), 0);
	assert_int_equal(m, 1172);
	assert_int_equal(lvpn_frag_payload_max(1201, 24, 3, &m), 0);
	assert_int_equal(m, 1168);
	assert_int_equal(lvpn_frag_payload_max(31, 24, 0, &m), LVPN_ERR_CONFIG);
}

/* 100k packets cut and put back together: no heap allocation. */
static void no_allocation(void **state)
{
	static struct pkt p[8];
	uint8_t data[1500];
	unsigned long l0, s0;
	unsigned bad = 0;

	(void)state;
	fill(data, sizeof(data), 11);
	l0 = alloc_count_libc();
	s0 = alloc_count_ssl();
	for (uint32_t i = 0; i < 100000; i++) {
		uint32_t n = 1 + i % 1500, k = 1;
		int rc = 0;

		lvpn_buf_init(&p[0].b, p[0].mem, sizeof(p[0].mem));
		bad += lvpn_buf_reset(&p[0].b, ROOM) != 0;
		bad += lvpn_buf_put(&p[0].b, data, n) != 0;
		bad += lvpn_frag_send(&tx, &p[0].b, 400) != 0;
		for (; k < 8; k++) {
			lvpn_buf_init(&p[k].b, p[k].mem, sizeof(p[k].mem));
			bad += lvpn_buf_reset(&p[k].b, ROOM) != 0;
			if (lvpn_frag_next(&tx, &p[k].b) != 1)
				break;
		}
		for (uint32_t j = 0; j < k; j++)
			rc = lvpn_frag_recv(&rx, &p[j].b, i);
		bad += rc != 1 || p[k - 1].b.len != n;
	}
	assert_int_equal(bad, 0);
	assert_int_equal(alloc_count_ssl(), s0);
	if (alloc_count_libc_active())
		assert_int_equal(alloc_count_libc(), l0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(whole_packet),
	    cmocka_unit_test(round_trip),
	    cmocka_unit_test(reordered_and_duplicated),
	    cmocka_unit_test(lost_fragment_expires),
	    cmocka_unit_test(kept_within_ttl),
	    cmocka_unit_test(malformed),
	    cmocka_unit_test(window),
	    cmocka_unit_test(sequence_wrap),
	    cmocka_unit_test(max_size),
	    cmocka_unit_test(queue_full),
	    cmocka_unit_test(tiny_sizes),
	    cmocka_unit_test(payload_max),
	    cmocka_unit_test(no_allocation),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
