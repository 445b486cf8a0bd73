/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the packet pool (see pktpool.h). */
#include "base/pktpool.h"

#include <stdlib.h>
#include <string.h>

int lvpn_pool_init(struct lvpn_pool *pool, uint32_t count, uint32_t bufsize, uint32_t headroom)
{
	memset(pool, 0, sizeof(*pool));
	if (count == 0 || bufsize == 0 || headroom > bufsize)
		return LVPN_ERR_INVAL;
	if ((size_t)count > SIZE_MAX / bufsize)
		return LVPN_ERR_INVAL;
	pool->mem = malloc((size_t)count * bufsize);
	pool->bufs = calloc(count, sizeof(*pool->bufs));
	pool->free = calloc(count, sizeof(*pool->free));
	pool->inuse = calloc(count, 1);
	if (!pool->mem || !pool->bufs || !pool->free || !pool->inuse) {
		lvpn_pool_free(pool);
		return LVPN_ERR_NOMEM;
	}
	for (uint32_t i = 0; i < count; i++) {
		lvpn_buf_init(&pool->bufs[i], pool->mem + (size_t)i * bufsize, bufsize);
		pool->free[i] = &pool->bufs[count - 1 - i];
	}
	pool->nfree = count;
	pool->count = count;
	pool->bufsize = bufsize;
	pool->headroom = headroom;
	return 0;
}

struct lvpn_buf *lvpn_pool_get(struct lvpn_pool *pool)
{
	struct lvpn_buf *b;

	if (pool->nfree == 0)
		return NULL;
	b = pool->free[--pool->nfree];
	pool->inuse[b - pool->bufs] = 1;
	b->head = pool->headroom;
	b->len = 0;
	return b;
}

void lvpn_pool_put(struct lvpn_pool *pool, struct lvpn_buf *b)
{
	/* A buffer not from this pool, or a double put, would corrupt the free
	 * stack; both are caller bugs, ignored rather than trusted. */
	if (b < pool->bufs || b >= pool->bufs + pool->count || !pool->inuse[b - pool->bufs])
		return;
	pool->inuse[b - pool->bufs] = 0;
	pool->free[pool->nfree++] = b;
}

void lvpn_pool_free(struct lvpn_pool *pool)
{
	if (pool->mem)
		lvpn_wipe(pool->mem, (size_t)pool->count * pool->bufsize);
	free(pool->mem);
	free(pool->bufs);
	free(pool->free);
	free(pool->inuse);
	memset(pool, 0, sizeof(*pool));
}
