/* SPDX-License-Identifier: BSD-2-Clause */
#include "base/buf.h"

#include <stdlib.h>
#include <string.h>

void lvpn_buf_init(struct lvpn_buf *b, uint8_t *mem, uint32_t cap)
{
	b->base = mem;
	b->cap = cap;
	b->head = 0;
	b->len = 0;
}

int lvpn_buf_reset(struct lvpn_buf *b, uint32_t headroom)
{
	if (headroom > b->cap)
		return LVPN_ERR_BUFSIZE;
	b->head = headroom;
	b->len = 0;
	return 0;
}

int lvpn_buf_valid(const struct lvpn_buf *b)
{
	return b->head <= b->cap && b->len <= b->cap - b->head;
}

int lvpn_buf_prepend(struct lvpn_buf *b, uint32_t n, uint8_t **p)
{
	if (n > b->head)
		return LVPN_ERR_BUFSIZE;
	b->head -= n;
	b->len += n;
	*p = b->base + b->head;
	return 0;
}

int lvpn_buf_append(struct lvpn_buf *b, uint32_t n, uint8_t **p)
{
	if (n > lvpn_buf_tailroom(b))
		return LVPN_ERR_BUFSIZE;
	*p = b->base + b->head + b->len;
	b->len += n;
	return 0;
}

int lvpn_buf_put(struct lvpn_buf *b, const void *src, uint32_t n)
{
	uint8_t *p;
	int rc = lvpn_buf_append(b, n, &p);

	if (rc)
		return rc;
	if (n)
		memcpy(p, src, n);
	return 0;
}

int lvpn_buf_pull(struct lvpn_buf *b, uint32_t n, uint8_t **p)
{
	if (n > b->len)
		return LVPN_ERR_TRUNCATED;
	if (p)
		*p = b->base + b->head;
	b->head += n;
	b->len -= n;
	return 0;
}

int lvpn_buf_trim(struct lvpn_buf *b, uint32_t n, uint8_t **p)
{
	if (n > b->len)
		return LVPN_ERR_TRUNCATED;
	b->len -= n;
	if (p)
		*p = b->base + b->head + b->len;
	return 0;
}

/* --- cursors --- */

int lvpn_rd_u8(struct lvpn_rd *r, uint8_t *v)
{
	if (r->left < 1)
		return LVPN_ERR_TRUNCATED;
	*v = r->p[0];
	r->p += 1;
	r->left -= 1;
	return 0;
}

int lvpn_rd_u16(struct lvpn_rd *r, uint16_t *v)
{
	if (r->left < 2)
		return LVPN_ERR_TRUNCATED;
	*v = lvpn_get_be16(r->p);
	r->p += 2;
	r->left -= 2;
	return 0;
}

int lvpn_rd_u32(struct lvpn_rd *r, uint32_t *v)
{
	if (r->left < 4)
		return LVPN_ERR_TRUNCATED;
	*v = lvpn_get_be32(r->p);
	r->p += 4;
	r->left -= 4;
	return 0;
}

int lvpn_rd_u64(struct lvpn_rd *r, uint64_t *v)
{
	if (r->left < 8)
		return LVPN_ERR_TRUNCATED;
	*v = lvpn_get_be64(r->p);
	r->p += 8;
	r->left -= 8;
	return 0;
}

int lvpn_rd_bytes(struct lvpn_rd *r, size_t n, const uint8_t **p)
{
	if (r->left < n)
		return LVPN_ERR_TRUNCATED;
	*p = r->p;
	r->p += n;
	r->left -= n;
	return 0;
}

int lvpn_rd_copy(struct lvpn_rd *r, void *dst, size_t n)
{
	if (r->left < n)
		return LVPN_ERR_TRUNCATED;
	if (n)
		memcpy(dst, r->p, n);
	r->p += n;
	r->left -= n;
	return 0;
}

int lvpn_rd_skip(struct lvpn_rd *r, size_t n)
{
	if (r->left < n)
		return LVPN_ERR_TRUNCATED;
	r->p += n;
	r->left -= n;
	return 0;
}

int lvpn_wr_u8(struct lvpn_wr *w, uint8_t v)
{
	if (lvpn_wr_left(w) < 1)
		return LVPN_ERR_BUFSIZE;
	*w->p++ = v;
	return 0;
}

int lvpn_wr_u16(struct lvpn_wr *w, uint16_t v)
{
	if (lvpn_wr_left(w) < 2)
		return LVPN_ERR_BUFSIZE;
	lvpn_put_be16(w->p, v);
	w->p += 2;
	return 0;
}

int lvpn_wr_u32(struct lvpn_wr *w, uint32_t v)
{
	if (lvpn_wr_left(w) < 4)
		return LVPN_ERR_BUFSIZE;
	lvpn_put_be32(w->p, v);
	w->p += 4;
	return 0;
}

int lvpn_wr_u64(struct lvpn_wr *w, uint64_t v)
{
	if (lvpn_wr_left(w) < 8)
		return LVPN_ERR_BUFSIZE;
	lvpn_put_be64(w->p, v);
	w->p += 8;
	return 0;
}

int lvpn_wr_bytes(struct lvpn_wr *w, const void *src, size_t n)
{
	if (lvpn_wr_left(w) < n)
		return LVPN_ERR_BUFSIZE;
	if (n)
		memcpy(w->p, src, n);
	w->p += n;
	return 0;
}

int lvpn_wr_reserve(struct lvpn_wr *w, size_t n, uint8_t **p)
{
	if (lvpn_wr_left(w) < n)
		return LVPN_ERR_BUFSIZE;
	*p = w->p;
	w->p += n;
	return 0;
}
