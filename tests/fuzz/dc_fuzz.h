/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers shared by the data-channel fuzz targets. */
#ifndef LVPN_DC_FUZZ_H
#define LVPN_DC_FUZZ_H

#include <stdlib.h>
#include <string.h>

#include "proto/datachan.h"

/* Gives every installed key of d a fresh replay window (64 packets, 15 s)
 * so that each input stands alone, then puts in[len] into b over mem[cap]
 * with 256 bytes of headroom.  Aborts on a setup failure. */
static inline void dc_fuzz_prepare(struct lvpn_data *d, struct lvpn_buf *b, uint8_t *mem,
                                   size_t cap, const uint8_t *in, size_t len)
{
	for (int i = 0; i < LVPN_DATA_SLOTS; i++) {
		struct lvpn_data_key *k = &d->slot[i];

		if (!k->installed)
			continue;
		lvpn_replay_free(&k->replay);
		if (lvpn_replay_init(&k->replay, 64, 15))
			abort();
	}
	lvpn_buf_init(b, mem, cap);
	if (lvpn_buf_reset(b, 256) || len > cap - 256)
		abort();
	memcpy(lvpn_buf_data(b), in, len);
	b->len = (uint32_t)len;
}

#endif
