/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the packet pool: fixed-size packet buffers allocated once, at
 * start-up or session creation, handed out and given back per packet with
 * no allocation.  (The server's pool of client addresses is another thing:
 * proto/server/ippool.h.) */
#ifndef LVPN_PKTPOOL_H
#define LVPN_PKTPOOL_H

#include <stdint.h>

#include "base/buf.h"

struct lvpn_pool {
	uint8_t *mem;           /* count * bufsize bytes */
	struct lvpn_buf *bufs;  /* count buffer descriptors */
	struct lvpn_buf **free; /* stack of free buffers */
	uint8_t *inuse;         /* 1 while buffer i is handed out */
	uint32_t nfree;
	uint32_t count;
	uint32_t bufsize;
	uint32_t headroom; /* where head sits in a buffer handed out */
};

/* Allocates count buffers of bufsize bytes each (the only allocation the
 * pool ever makes).  Buffers are handed out empty with head at headroom.
 * Errors: LVPN_ERR_INVAL (count or bufsize 0, headroom > bufsize, overflow),
 * LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_pool_init(struct lvpn_pool *pool, uint32_t count, uint32_t bufsize,
                                   uint32_t headroom);

/* Takes a buffer, empty, head at the pool's headroom; NULL if none is free.
 * The contents are not cleared. */
struct lvpn_buf *lvpn_pool_get(struct lvpn_pool *pool);

/* Gives a buffer back. b must have come from this pool. */
void lvpn_pool_put(struct lvpn_pool *pool, struct lvpn_buf *b);

/* Frees the pool's memory (wiping it: packets may hold plaintext). */
void lvpn_pool_free(struct lvpn_pool *pool);

#endif
