/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn fuzzing - what the management fuzzers share: an in-memory
 * connection fed the input in reads of a few bytes. */
#ifndef LVPN_FUZZ_MGMT_FEED_H
#define LVPN_FUZZ_MGMT_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "src/mgmt_int.h"

/* Feeds data[1..size) to c in reads of step bytes until c quits or its
 * output overflows; output beyond 64 KiB is dropped (what a socket would
 * have taken).  after(m, i), if not NULL, runs after each read while c is
 * open. */
static inline void mgmt_feed(struct lvpn_mgmt *m, struct mgmt_conn *c, const uint8_t *data,
                             size_t size, size_t step, void (*after)(struct lvpn_mgmt *, size_t))
{
	for (size_t i = 1; i < size && !c->halt && !c->overflow; i += step) {
		size_t n = size - i < step ? size - i : step;

		mgmt_conn_input(m, c, data + i, n);
		if (c->olen > (1u << 16))
			c->olen = c->ooff = 0;
		if (after && !c->halt && !c->overflow)
			after(m, i);
	}
}

#endif
