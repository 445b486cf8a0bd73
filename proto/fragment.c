/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --fragment: cutting data plaintexts into fragments and putting
 * them back together (the wire format is in fragment.h). */
#include "proto/fragment.h"

#include <stdlib.h>
#include <string.h>

#define TYPE_MASK  0x3u
#define SEQ_SHIFT  2
#define SEQ_MASK   0xFFu
#define ID_SHIFT   10
#define ID_MASK    0x1Fu
#define SIZE_SHIFT 15
#define SIZE_MASK  0x3FFFu
#define ALL        0xFFFFFFFFu

int lvpn_frag_init(struct lvpn_frag *f, uint32_t cap, uint8_t seq0)
{
	uint8_t *p;

	memset(f, 0, sizeof(*f));
	if (cap == 0 || cap > 65535)
		return LVPN_ERR_INVAL;
	p = malloc((size_t)cap * (LVPN_FRAG_BUFS + LVPN_FRAG_TXQ));
	if (!p)
		return LVPN_ERR_NOMEM;
	f->mem = p;
	f->cap = cap;
	for (int i = 0; i < LVPN_FRAG_BUFS; i++, p += cap)
		f->rx[i].mem = p;
	for (int i = 0; i < LVPN_FRAG_TXQ; i++, p += cap)
		f->tx[i].mem = p;
	f->tx_seq = seq0;
	return 0;
}

void lvpn_frag_free(struct lvpn_frag *f)
{
	free(f->mem);
	memset(f, 0, sizeof(*f));
}

int lvpn_frag_payload_max(uint32_t max_dgram, uint32_t head, uint32_t tail, uint32_t *out)
{
	uint64_t over = (uint64_t)head + tail + LVPN_FRAG_HDR_LEN;

	if (max_dgram < over + 4)
		return LVPN_ERR_CONFIG;
	*out = (uint32_t)(max_dgram - over) & ~3u;
	return 0;
}

static int put_hdr(struct lvpn_buf *b, enum lvpn_frag_type t, uint8_t seq, uint8_t id,
                   uint32_t size)
{
	uint32_t h =
	    (uint32_t)t | (uint32_t)seq << SEQ_SHIFT | (uint32_t)(id & ID_MASK) << ID_SHIFT;
	uint8_t *p;
	int rc = lvpn_buf_prepend(b, LVPN_FRAG_HDR_LEN, &p);

	if (rc)
		return rc;
	if (t == LVPN_FRAG_LAST)
		h |= ((size >> 2) & SIZE_MASK) << SIZE_SHIFT;
	lvpn_put_be32(p, h);
	return 0;
}

/* Fragments as even as the 4-byte rounding allows, each at most max: the
 * count a max-sized cut needs, the length spread over them. */
static uint32_t frag_size(uint32_t len, uint32_t max)
{
	uint32_t n = (len + max - 1) / max;
	uint32_t size = ((len + n - 1) / n + 3) & ~3u;

	return size < max ? size : max;
}

int lvpn_frag_send(struct lvpn_frag *f, struct lvpn_buf *b, uint32_t max)
{
	struct lvpn_frag_tx *t;
	uint32_t size;

	max &= ~3u;
	if (max == 0)
		return LVPN_ERR_INVAL;
	if (lvpn_buf_headroom(b) < LVPN_FRAG_HDR_LEN)
		return LVPN_ERR_BUFSIZE;
	if (b->len <= max)
		return put_hdr(b, LVPN_FRAG_WHOLE, 0, 0, 0);
	size = frag_size(b->len, max);
	if (b->len > f->cap || b->len > size * LVPN_FRAG_MAX) {
		f->st.drop_tx_big++;
		return LVPN_ERR_TOO_BIG;
	}
	if (f->tx_count == LVPN_FRAG_TXQ) {
		f->st.drop_tx_full++;
		return LVPN_ERR_AGAIN;
	}
	t = &f->tx[(f->tx_head + f->tx_count) % LVPN_FRAG_TXQ];
	t->off = 0;
	t->len = b->len - size;
	t->size = size;
	t->seq = ++f->tx_seq;
	t->id = 1;
	memcpy(t->mem, lvpn_buf_data(b) + size, t->len);
	f->tx_count++;
	b->len = size;
	f->st.tx_split++;
	f->st.tx_frags++;
	return put_hdr(b, LVPN_FRAG_NOTLAST, t->seq, 0, size);
}

int lvpn_frag_next(struct lvpn_frag *f, struct lvpn_buf *b)
{
	struct lvpn_frag_tx *t;
	uint32_t left, take;
	int last, rc;

	if (!f->tx_count)
		return 0;
	t = &f->tx[f->tx_head];
	left = t->len - t->off;
	last = left <= t->size;
	take = last ? left : t->size;
	if (lvpn_buf_headroom(b) < LVPN_FRAG_HDR_LEN || lvpn_buf_tailroom(b) < take)
		return LVPN_ERR_BUFSIZE;
	rc = lvpn_buf_put(b, t->mem + t->off, take);
	if (rc == 0)
		rc = put_hdr(b, last ? LVPN_FRAG_LAST : LVPN_FRAG_NOTLAST, t->seq, t->id, t->size);
	if (rc)
		return rc;
	t->off += take;
	t->id++;
	f->st.tx_frags++;
	if (last) {
		f->tx_head = (f->tx_head + 1) % LVPN_FRAG_TXQ;
		f->tx_count--;
	}
	return 1;
}

static void expire(struct lvpn_frag *f, uint64_t now)
{
	for (int i = 0; i < LVPN_FRAG_BUFS; i++) {
		if (f->rx[i].used && f->rx[i].stamp + LVPN_FRAG_TTL_MS <= now) {
			f->rx[i].used = 0;
			f->st.expired++;
		}
	}
}

static void forget_all(struct lvpn_frag *f)
{
	for (int i = 0; i < LVPN_FRAG_BUFS; i++) {
		if (f->rx[i].used)
			f->st.expired++;
		f->rx[i].used = 0;
	}
}

/* The reassembly slot for sequence id seq, moving the window forward (and
 * forgetting what falls out of it) when seq is newer than any seen. */
static struct lvpn_frag_part *slot(struct lvpn_frag *f, unsigned seq)
{
	int diff = (int)(int8_t)(uint8_t)(seq - f->rx_seq);

	if (!f->rx_any || diff >= LVPN_FRAG_BUFS || diff <= -LVPN_FRAG_BUFS) {
		forget_all(f);
		f->rx_any = 1;
		f->rx_index = 0;
		f->rx_seq = seq;
		diff = 0;
	}
	for (; diff > 0; diff--) {
		f->rx_index = (f->rx_index + 1) % LVPN_FRAG_BUFS;
		if (f->rx[f->rx_index].used)
			f->st.expired++;
		f->rx[f->rx_index].used = 0;
		f->rx_seq = (f->rx_seq + 1) % LVPN_FRAG_SEQ_IDS;
	}
	return &f->rx[(f->rx_index + LVPN_FRAG_BUFS + (unsigned)diff) % LVPN_FRAG_BUFS];
}

static int bad(struct lvpn_frag *f, int rc)
{
	f->st.drop_malformed++;
	return rc;
}

int lvpn_frag_recv(struct lvpn_frag *f, struct lvpn_buf *b, uint64_t now)
{
	struct lvpn_frag_part *p;
	uint32_t h, type, n, len, size;
	uint8_t *hp;

	if (lvpn_buf_pull(b, LVPN_FRAG_HDR_LEN, &hp))
		return bad(f, LVPN_ERR_TRUNCATED);
	h = lvpn_get_be32(hp);
	type = h & TYPE_MASK;
	if (type == LVPN_FRAG_WHOLE) {
		if (h & (SEQ_MASK << SEQ_SHIFT | ID_MASK << ID_SHIFT))
			return bad(f, LVPN_ERR_MALFORMED);
		f->st.rx_whole++;
		return 1;
	}
	if (type == LVPN_FRAG_TEST)
		return bad(f, LVPN_ERR_MALFORMED);
	n = h >> ID_SHIFT & ID_MASK;
	len = b->len;
	size = type == LVPN_FRAG_LAST ? (h >> SIZE_SHIFT & SIZE_MASK) << 2 : len;
	if (size & 3)
		return bad(f, LVPN_ERR_MALFORMED);
	if ((uint64_t)n * size + len > f->cap) {
		f->st.drop_overflow++;
		return LVPN_ERR_TOO_BIG;
	}
	f->st.rx_frags++;
	expire(f, now);
	p = slot(f, h >> SEQ_SHIFT & SEQ_MASK);
	if (!p->used || p->size != size) {
		p->used = 1;
		p->size = size;
		p->map = 0;
		p->len = 0;
	}
	memcpy(p->mem + n * size, lvpn_buf_data(b), len);
	if (p->len < n * size + len)
		p->len = n * size + len;
	p->map |= (type == LVPN_FRAG_LAST ? ALL : 1u) << n;
	p->stamp = now;
	if (p->map != ALL)
		return 0;
	p->used = 0;
	if (b->cap - b->head < p->len)
		return bad(f, LVPN_ERR_BUFSIZE);
	memcpy(lvpn_buf_data(b), p->mem, p->len);
	b->len = p->len;
	f->st.rx_done++;
	return 1;
}
