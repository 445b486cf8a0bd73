/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - compression framing (see proto/comp.h). */
#include "proto/comp.h"

#include <stdlib.h>

#include "crypto/lz4.h"

#define BYTE_LZO_NONE  0xFA /* comp-lzo, not compressed */
#define BYTE_LZO       0x66 /* comp-lzo, LZO compressed */
#define BYTE_SWAP_NONE 0xFB /* compress / lz4 swap, not compressed */
#define BYTE_LZ4       0x69 /* compress lz4, compressed (swapped) */
#define V2_ESC         0x50
#define V2_NONE        0x00
#define V2_LZ4         0x01
#define V2_LZO         0x02
#define V2_SNAPPY      0x03

static int is_lz4(enum lvpn_comp_alg a)
{
	return a == LVPN_COMP_LZ4 || a == LVPN_COMP_LZ4_V2;
}

int lvpn_comp_init(struct lvpn_comp *c, enum lvpn_comp_alg alg, enum lvpn_comp_allow allow,
                   uint32_t max_payload)
{
	if ((unsigned)alg > LVPN_COMP_LZ4_V2 || (unsigned)allow > LVPN_COMP_ALLOW_YES ||
	    max_payload == 0 || max_payload > (1u << 30))
		return LVPN_ERR_INVAL;
	memset(c, 0, sizeof(*c));
	c->alg = alg;
	c->allow = allow;
	c->max_payload = max_payload;
	if (is_lz4(alg)) {
		c->scratch_len = lvpn_lz4_bound(max_payload);
		if (c->scratch_len < max_payload)
			c->scratch_len = max_payload;
		c->scratch = malloc(c->scratch_len);
		if (!c->scratch)
			return LVPN_ERR_NOMEM;
	}
	return 0;
}

void lvpn_comp_free(struct lvpn_comp *c)
{
	if (c->scratch) {
		lvpn_wipe(c->scratch, c->scratch_len);
		free(c->scratch);
	}
	c->scratch = NULL;
	c->scratch_len = 0;
}

void lvpn_comp_overhead(enum lvpn_comp_alg alg, uint32_t *head, uint32_t *tail)
{
	*head = alg == LVPN_COMP_NONE ? 0 : alg >= LVPN_COMP_STUB_V2 ? 2 : 1;
	*tail = alg == LVPN_COMP_STUB || alg == LVPN_COMP_LZ4 ? 1 : 0;
}

/* Tries LZ4 on the packet; on a gain the packet now holds the compressed
 * bytes.  Returns 1 if compressed. */
static int try_compress(struct lvpn_comp *c, struct lvpn_buf *b)
{
	uint32_t zlen;

	if (c->allow != LVPN_COMP_ALLOW_YES || !is_lz4(c->alg) || b->len < LVPN_COMP_THRESHOLD ||
	    b->len > c->max_payload)
		return 0;
	if (lvpn_lz4_compress(lvpn_buf_data(b), b->len, c->scratch, b->len - 1, &zlen))
		return 0;
	if (zlen >= b->len)
		return 0;
	memcpy(lvpn_buf_data(b), c->scratch, zlen);
	b->len = zlen;
	c->st.tx_compressed++;
	return 1;
}

static int swap_send(struct lvpn_buf *b, uint8_t byte)
{
	uint8_t *p = lvpn_buf_data(b);

	p[b->len] = p[0];
	p[0] = byte;
	b->len++;
	return 0;
}

int lvpn_comp_send(struct lvpn_comp *c, struct lvpn_buf *b)
{
	uint8_t *p;
	int z;

	if (c->alg == LVPN_COMP_NONE || b->len == 0)
		return 0;
	switch (c->alg) {
	case LVPN_COMP_LZO_STUB:
		if (lvpn_buf_prepend(b, 1, &p))
			return LVPN_ERR_BUFSIZE;
		p[0] = BYTE_LZO_NONE;
		return 0;
	case LVPN_COMP_STUB:
	case LVPN_COMP_LZ4:
		if (lvpn_buf_tailroom(b) < 1)
			return LVPN_ERR_BUFSIZE;
		z = try_compress(c, b);
		return swap_send(b, z ? BYTE_LZ4 : BYTE_SWAP_NONE);
	default: /* v2 */
		if (lvpn_buf_headroom(b) < 2)
			return LVPN_ERR_BUFSIZE;
		z = try_compress(c, b);
		if (!z && lvpn_buf_data(b)[0] != V2_ESC)
			return 0;
		if (lvpn_buf_prepend(b, 2, &p))
			return LVPN_ERR_BUFSIZE;
		p[0] = V2_ESC;
		p[1] = z ? V2_LZ4 : V2_NONE;
		return 0;
	}
}

static int decompress(struct lvpn_comp *c, struct lvpn_buf *b)
{
	uint32_t cap = c->max_payload, n;
	int rc;

	if (c->allow == LVPN_COMP_ALLOW_NO) {
		c->st.drop_refused++;
		return LVPN_ERR_UNSUPPORTED;
	}
	if (cap > b->cap - b->head)
		cap = b->cap - b->head;
	rc = lvpn_lz4_decompress(lvpn_buf_data(b), b->len, c->scratch, cap, &n);
	if (rc) {
		c->st.drop_corrupt++;
		return rc;
	}
	memcpy(lvpn_buf_data(b), c->scratch, n);
	b->len = n;
	c->st.rx_decompressed++;
	return 0;
}

static int recv_swap(struct lvpn_comp *c, struct lvpn_buf *b)
{
	uint8_t *p = lvpn_buf_data(b);
	uint8_t byte = p[0];

	if (byte != BYTE_SWAP_NONE && !(byte == BYTE_LZ4 && c->alg == LVPN_COMP_LZ4)) {
		c->st.drop_bad_byte++;
		return LVPN_ERR_MALFORMED;
	}
	if (byte == BYTE_LZ4 && (c->allow == LVPN_COMP_ALLOW_NO)) {
		c->st.drop_refused++;
		return LVPN_ERR_UNSUPPORTED;
	}
	b->len--;
	p[0] = p[b->len];
	if (byte == BYTE_LZ4) {
		int rc = decompress(c, b);

		if (rc) { /* undo, so b is as it came */
			p[b->len] = p[0];
			p[0] = byte;
			b->len++;
		}
		return rc;
	}
	return 0;
}

static int recv_v2(struct lvpn_comp *c, struct lvpn_buf *b)
{
	uint8_t *p = lvpn_buf_data(b);
	int rc;

	if (p[0] != V2_ESC)
		return 0;
	if (b->len < 2) {
		c->st.drop_bad_byte++;
		return LVPN_ERR_MALFORMED;
	}
	switch (p[1]) {
	case V2_NONE:
		b->head += 2;
		b->len -= 2;
		return 0;
	case V2_LZ4:
		if (c->alg != LVPN_COMP_LZ4_V2) {
			c->st.drop_bad_byte++;
			return LVPN_ERR_MALFORMED;
		}
		b->head += 2;
		b->len -= 2;
		rc = decompress(c, b);
		if (rc) {
			b->head -= 2;
			b->len += 2;
		}
		return rc;
	case V2_LZO:
	case V2_SNAPPY:
		c->st.drop_lzo++;
		return LVPN_ERR_UNSUPPORTED;
	default:
		c->st.drop_bad_byte++;
		return LVPN_ERR_MALFORMED;
	}
}

int lvpn_comp_recv(struct lvpn_comp *c, struct lvpn_buf *b)
{
	uint8_t byte;

	if (c->alg == LVPN_COMP_NONE || b->len == 0)
		return 0;
	switch (c->alg) {
	case LVPN_COMP_LZO_STUB:
		byte = lvpn_buf_data(b)[0];
		if (byte == BYTE_LZO) {
			c->st.drop_lzo++;
			return LVPN_ERR_UNSUPPORTED;
		}
		if (byte != BYTE_LZO_NONE) {
			c->st.drop_bad_byte++;
			return LVPN_ERR_MALFORMED;
		}
		b->head++;
		b->len--;
		return 0;
	case LVPN_COMP_STUB:
	case LVPN_COMP_LZ4:
		return recv_swap(c, b);
	default:
		return recv_v2(c, b);
	}
}
