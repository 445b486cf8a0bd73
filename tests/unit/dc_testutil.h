/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared helpers for the data-channel tests: deterministic key material and
 * a client/server pair of lvpn_data sessions with compression framing. */
#ifndef LVPN_DC_TESTUTIL_H
#define LVPN_DC_TESTUTIL_H

#include "proto/comp.h"
#include "proto/datachan.h"

#define DCT_PEER_ID  0x0A0B0C
#define DCT_BUFSIZE  2048
#define DCT_HEADROOM 128

/* key2 bytes: a simple non-zero pattern that differs per seed. */
static inline void dct_key2(uint8_t key2[LVPN_DC_KEY2_LEN], uint8_t seed)
{
	for (int i = 0; i < LVPN_DC_KEY2_LEN; i++)
		key2[i] = (uint8_t)(i * 7 + seed * 13 + 1);
}

struct dct_peer {
	struct lvpn_data d;
	struct lvpn_comp c;
};

/* A client and a server with the same key2 for key_id 0. */
static inline int dct_pair(struct dct_peer *cl, struct dct_peer *sv, enum lvpn_dc_cipher ci,
                           enum lvpn_dc_auth au, uint32_t peer_id, enum lvpn_comp_alg alg,
                           enum lvpn_comp_allow allow)
{
	uint8_t key2[LVPN_DC_KEY2_LEN];
	int rc;

	dct_key2(key2, 1);
	if ((rc = lvpn_data_init(&cl->d, peer_id, 64, 15)) ||
	    (rc = lvpn_data_init(&sv->d, peer_id, 64, 15)) ||
	    (rc = lvpn_data_key_install(&cl->d, 0, ci, au, key2, LVPN_DC_CLIENT, 0)) ||
	    (rc = lvpn_data_key_install(&sv->d, 0, ci, au, key2, LVPN_DC_SERVER, 0)) ||
	    (rc = lvpn_comp_init(&cl->c, alg, allow, 1600)) ||
	    (rc = lvpn_comp_init(&sv->c, alg, allow, 1600)))
		return rc;
	return 0;
}

static inline void dct_free(struct dct_peer *p)
{
	lvpn_data_free(&p->d);
	lvpn_comp_free(&p->c);
}

/* Frames, seals, opens and unframes one packet from a to b. */
static inline int dct_send(struct dct_peer *a, struct dct_peer *b, struct lvpn_buf *buf,
                           uint64_t now)
{
	int rc;

	if ((rc = lvpn_comp_send(&a->c, buf)) || (rc = lvpn_data_seal(&a->d, buf)) ||
	    (rc = lvpn_data_open(&b->d, buf, now, NULL)) || (rc = lvpn_comp_recv(&b->c, buf)))
		return rc;
	return 0;
}

#endif
