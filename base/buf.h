/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - packet buffers, byte cursors and the packet pool.
 *
 * A struct lvpn_buf is a window [head, head+len) into storage of cap bytes
 * that somebody else owns (the pool, or the caller).  Invariant, kept by
 * every function here:  head + len <= cap.  Layers prepend headers into the
 * headroom (bytes before head) and append trailers into the tailroom, so a
 * packet is built and encrypted in place in one buffer.  Nothing here zeroes
 * memory: bytes outside the window are whatever was there before.
 *
 * struct lvpn_rd / struct lvpn_wr are bounds-checked big-endian cursors for
 * parsing and building packets.  Every read or write checks what remains
 * first and fails with LVPN_ERR_TRUNCATED (reader) or LVPN_ERR_BUFSIZE
 * (writer) without moving.
 */
#ifndef LVPN_BUF_H
#define LVPN_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/err.h"
#include "base/wipe.h"

struct lvpn_buf {
	uint8_t *base; /* storage; not owned by the buffer */
	uint32_t cap;  /* bytes of storage */
	uint32_t head; /* offset of the first byte of the packet */
	uint32_t len;  /* bytes in the packet; head + len <= cap */
};

/* Points b at cap bytes of mem, empty, with head at 0. */
void lvpn_buf_init(struct lvpn_buf *b, uint8_t *mem, uint32_t cap);

/* Empties b and puts head at headroom.
 * Errors: LVPN_ERR_BUFSIZE if headroom > cap. */
LVPN_MUST_CHECK int lvpn_buf_reset(struct lvpn_buf *b, uint32_t headroom);

static inline uint8_t *lvpn_buf_data(const struct lvpn_buf *b)
{
	return b->base + b->head;
}

static inline uint32_t lvpn_buf_headroom(const struct lvpn_buf *b)
{
	return b->head;
}

static inline uint32_t lvpn_buf_tailroom(const struct lvpn_buf *b)
{
	return b->cap - b->head - b->len;
}

/* 1 if the invariant holds (for tests and debug checks). */
int lvpn_buf_valid(const struct lvpn_buf *b);

/* Grows the packet by n bytes at the front; *p points at them.
 * Errors: LVPN_ERR_BUFSIZE if the headroom is smaller than n. */
LVPN_MUST_CHECK int lvpn_buf_prepend(struct lvpn_buf *b, uint32_t n, uint8_t **p);

/* Grows the packet by n bytes at the end; *p points at them.
 * Errors: LVPN_ERR_BUFSIZE if the tailroom is smaller than n. */
LVPN_MUST_CHECK int lvpn_buf_append(struct lvpn_buf *b, uint32_t n, uint8_t **p);

/* Appends a copy of n bytes from src.
 * Errors: LVPN_ERR_BUFSIZE if the tailroom is smaller than n. */
LVPN_MUST_CHECK int lvpn_buf_put(struct lvpn_buf *b, const void *src, uint32_t n);

/* Removes n bytes from the front; *p (if not NULL) points at them.
 * Errors: LVPN_ERR_TRUNCATED if the packet is shorter than n. */
LVPN_MUST_CHECK int lvpn_buf_pull(struct lvpn_buf *b, uint32_t n, uint8_t **p);

/* Removes n bytes from the end; *p (if not NULL) points at them.
 * Errors: LVPN_ERR_TRUNCATED if the packet is shorter than n. */
LVPN_MUST_CHECK int lvpn_buf_trim(struct lvpn_buf *b, uint32_t n, uint8_t **p);

/* --- big-endian loads and stores (no bounds checks: use the cursors) --- */

static inline uint16_t lvpn_get_be16(const uint8_t *p)
{
	return (uint16_t)((uint16_t)p[0] << 8 | p[1]);
}

static inline uint32_t lvpn_get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t lvpn_get_be64(const uint8_t *p)
{
	return (uint64_t)lvpn_get_be32(p) << 32 | lvpn_get_be32(p + 4);
}

static inline void lvpn_put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void lvpn_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline void lvpn_put_be64(uint8_t *p, uint64_t v)
{
	lvpn_put_be32(p, (uint32_t)(v >> 32));
	lvpn_put_be32(p + 4, (uint32_t)v);
}

/* --- reading cursor --- */

struct lvpn_rd {
	const uint8_t *p; /* next byte to read */
	size_t left;      /* bytes remaining */
};

static inline void lvpn_rd_init(struct lvpn_rd *r, const uint8_t *p, size_t len)
{
	r->p = p;
	r->left = len;
}

/* Each reads the next big-endian integer into *v and moves past it.
 * Errors: LVPN_ERR_TRUNCATED (too few bytes remain; the cursor does not
 * move). */
LVPN_MUST_CHECK int lvpn_rd_u8(struct lvpn_rd *r, uint8_t *v);
LVPN_MUST_CHECK int lvpn_rd_u16(struct lvpn_rd *r, uint16_t *v);
LVPN_MUST_CHECK int lvpn_rd_u32(struct lvpn_rd *r, uint32_t *v);
LVPN_MUST_CHECK int lvpn_rd_u64(struct lvpn_rd *r, uint64_t *v);

/* Each takes the next n bytes and moves past them: lvpn_rd_bytes points *p
 * at them, lvpn_rd_copy copies them to dst, lvpn_rd_skip drops them.
 * Errors: LVPN_ERR_TRUNCATED (fewer than n bytes remain; the cursor does
 * not move). */
LVPN_MUST_CHECK int lvpn_rd_bytes(struct lvpn_rd *r, size_t n, const uint8_t **p);
LVPN_MUST_CHECK int lvpn_rd_copy(struct lvpn_rd *r, void *dst, size_t n);
LVPN_MUST_CHECK int lvpn_rd_skip(struct lvpn_rd *r, size_t n);

/* --- writing cursor --- */

struct lvpn_wr {
	uint8_t *start; /* first byte of the output */
	uint8_t *p;     /* next byte to write */
	uint8_t *end;   /* one past the last writable byte */
};

static inline void lvpn_wr_init(struct lvpn_wr *w, uint8_t *p, size_t cap)
{
	w->start = p;
	w->p = p;
	w->end = p + cap;
}

static inline size_t lvpn_wr_len(const struct lvpn_wr *w)
{
	return (size_t)(w->p - w->start);
}

static inline size_t lvpn_wr_left(const struct lvpn_wr *w)
{
	return (size_t)(w->end - w->p);
}

/* Each appends v big-endian (lvpn_wr_bytes: n bytes of src) and moves past
 * it.
 * Errors: LVPN_ERR_BUFSIZE (it does not fit; nothing is written). */
LVPN_MUST_CHECK int lvpn_wr_u8(struct lvpn_wr *w, uint8_t v);
LVPN_MUST_CHECK int lvpn_wr_u16(struct lvpn_wr *w, uint16_t v);
LVPN_MUST_CHECK int lvpn_wr_u32(struct lvpn_wr *w, uint32_t v);
LVPN_MUST_CHECK int lvpn_wr_u64(struct lvpn_wr *w, uint64_t v);
LVPN_MUST_CHECK int lvpn_wr_bytes(struct lvpn_wr *w, const void *src, size_t n);

/* Reserves n bytes to fill in later; *p points at them.
 * Errors: LVPN_ERR_BUFSIZE (fewer than n bytes left; the cursor does not
 * move). */
LVPN_MUST_CHECK int lvpn_wr_reserve(struct lvpn_wr *w, size_t n, uint8_t **p);

/* --- frame: how much room each layer needs around a packet --- */

/* Each layer adds what it prepends to headroom and what it appends to
 * tailroom; the sum is computed once when a session's options are known,
 * and pool buffers are sized from it. */
struct lvpn_frame {
	uint32_t headroom; /* bytes prepended by all layers together */
	uint32_t tailroom; /* bytes appended by all layers together */
	uint32_t payload;  /* largest plaintext packet (tun-mtu and friends) */
};

/* Size of a buffer that can hold any packet of this frame. */
static inline uint32_t lvpn_frame_bufsize(const struct lvpn_frame *f)
{
	return f->headroom + f->payload + f->tailroom;
}

#endif
