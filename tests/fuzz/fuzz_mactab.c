/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: the server's MAC table (proto/server/mactab.h) driven as
 * src/srv_tap.c drives it.  The input is a list of 17-byte records: an
 * operation byte (bits 0-1 the client, bits 6-7: frame from the client,
 * frame from the device, client leaves, walk), 2 bytes of time step (ms,
 * big-endian) and an Ethernet header (14 bytes).  After every step: a
 * learnt source routes back to its client, no client holds more than its
 * quota, the total is the sum of the clients' counts, and a walk gives at
 * most the client's count of live addresses. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/server/mactab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CLIENTS 4
#define QUOTA   8
#define TTL     1000
#define REC     17

static void check(const struct lvpn_mactab *t, uint64_t now)
{
	unsigned sum = 0;

	for (int c = 0; c < CLIENTS; c++) {
		unsigned n = lvpn_mactab_count(t, c), pos = 0, live = 0;
		uint8_t m[LVPN_MAC_LEN];
		uint64_t seen;
		int who = -1;

		if (n > QUOTA)
			abort();
		sum += n;
		while (lvpn_mactab_walk(t, c, now, &pos, m, &seen)) {
			if (++live > n || now - seen > TTL ||
			    !lvpn_mactab_lookup(t, m, now, &who) || who != c)
				abort();
		}
	}
	if (sum != lvpn_mactab_count(t, -1))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lvpn_mactab *t;
	uint64_t now = 0;

	if (lvpn_mactab_new(CLIENTS, QUOTA, TTL, 0x5eed, &t) != 0)
		abort();
	for (size_t off = 0; off + REC <= size; off += REC) {
		const uint8_t *r = data + off, *f = r + 3;
		int c = r[0] & 3, to = -1, who = -1, rc;

		now += (uint64_t)r[1] << 8 | r[2];
		switch (r[0] >> 6) {
		case 0: /* a frame from client c */
			if (lvpn_mactab_dest(t, f, LVPN_ETH_HDR_LEN, now, &to) != 0)
				abort();
			rc = lvpn_mactab_learn(t, f + LVPN_MAC_LEN, c, now);
			if (rc == 0 &&
			    (!lvpn_mactab_lookup(t, f + LVPN_MAC_LEN, now, &who) || who != c))
				abort();
			if (rc != 0 && rc != LVPN_ERR_INVAL && rc != LVPN_ERR_EXHAUSTED)
				abort();
			if (rc == LVPN_ERR_INVAL && lvpn_mactab_learnable(f + LVPN_MAC_LEN))
				abort();
			break;
		case 1: /* a frame from the device, maybe cut short */
			rc = lvpn_mactab_dest(t, f, r[0] >> 2 & 15, now, &to);
			if ((rc == 0) != ((r[0] >> 2 & 15) >= LVPN_ETH_HDR_LEN) ||
			    (rc == 0 && (f[0] & 1) && to != LVPN_MACTAB_GROUP) || to >= CLIENTS ||
			    to < LVPN_MACTAB_GROUP)
				abort();
			break;
		case 2:
			lvpn_mactab_remove_client(t, c);
			if (lvpn_mactab_count(t, c) != 0)
				abort();
			break;
		default:
			break;
		}
		check(t, now);
	}
	lvpn_mactab_free(t);
	return 0;
}
