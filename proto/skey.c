/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the static-key data channel (see skey.h). */
#include "proto/skey.h"

#include <string.h>

#include "base/wipe.h"
#include "base/wire.h"

#define HALF (LVPN_DC_KEY2_LEN / 2)

int lvpn_skey_init(struct lvpn_skey *k, enum lvpn_dc_cipher c, enum lvpn_dc_auth a,
                   const uint8_t key[LVPN_DC_KEY2_LEN], enum lvpn_skey_dir dir,
                   uint32_t replay_window, uint32_t replay_time)
{
	uint8_t both[LVPN_DC_KEY2_LEN];
	int rc;

	if (c >= LVPN_DC_CIPHER_COUNT || lvpn_dc_cipher_is_aead(c))
		return LVPN_ERR_CONFIG;
	if (dir != LVPN_SKEY_BIDI && dir != LVPN_SKEY_NORMAL && dir != LVPN_SKEY_INVERSE)
		return LVPN_ERR_INVAL;
	/* lvpn_dc_key_install's client sends with the first half and receives
	 * with the second (direction 0), its server the inverse (direction 1);
	 * without a direction the first half serves both ways */
	memcpy(both, key, HALF);
	memcpy(both + HALF, dir == LVPN_SKEY_BIDI ? key : key + HALF, HALF);
	rc = lvpn_dc_key_install(&k->dc, c, a, both,
	                         dir == LVPN_SKEY_INVERSE ? LVPN_DC_SERVER : LVPN_DC_CLIENT);
	lvpn_wipe(both, sizeof(both));
	if (rc)
		return rc;
	rc = lvpn_replay_init(&k->replay, replay_window, replay_time);
	if (rc) {
		lvpn_dc_key_free(&k->dc);
		return rc;
	}
	k->send_id = 0;
	k->send_time = 0;
	memset(&k->st, 0, sizeof(k->st));
	return 0;
}

void lvpn_skey_free(struct lvpn_skey *k)
{
	lvpn_dc_key_free(&k->dc);
	lvpn_replay_free(&k->replay);
}

int lvpn_skey_overhead(enum lvpn_dc_cipher c, enum lvpn_dc_auth a, uint32_t *head, uint32_t *tail)
{
	int rc = lvpn_dc_overhead(c, a, head, tail);

	if (rc == 0)
		*head += LVPN_SKEY_TIME_LEN;
	return rc;
}

int lvpn_skey_seal(struct lvpn_skey *k, struct lvpn_buf *b, uint64_t unix_now)
{
	uint8_t *t;
	int rc;

	if (k->no_replay) {
		rc = lvpn_dc_seal_noid(&k->dc, b);
		if (rc == 0)
			k->st.tx_packets++;
		return rc;
	}
	if (k->send_time == 0 || k->send_id >= LVPN_SKEY_ID_RESET) {
		/* a new time: the peer's window starts over, so ids may too */
		uint32_t now32 = (uint32_t)unix_now;

		k->send_time = now32 > k->send_time ? now32 : k->send_time + 1;
		k->send_id = 0;
	}
	if (lvpn_buf_prepend(b, LVPN_SKEY_TIME_LEN, &t))
		return LVPN_ERR_BUFSIZE;
	lvpn_put_be32(t, k->send_time);
	/* id || time || payload: the packet id is the one dc_seal puts first */
	rc = lvpn_dc_seal(&k->dc, b, k->send_id + 1, NULL, 0, 0);
	if (rc) {
		if (rc == LVPN_ERR_BUFSIZE) {
			b->head += LVPN_SKEY_TIME_LEN;
			b->len -= LVPN_SKEY_TIME_LEN;
			return rc;
		}
		k->send_id++; /* an id that may have left is never reused */
		return rc;
	}
	k->send_id++;
	k->st.tx_packets++;
	return 0;
}

static int count(struct lvpn_skey *k, int rc)
{
	switch (rc) {
	case LVPN_ERR_TRUNCATED:
		k->st.drop_truncated++;
		break;
	case LVPN_ERR_AUTH:
		k->st.drop_auth++;
		break;
	case LVPN_ERR_REPLAY:
		k->st.drop_replay++;
		break;
	default:
		k->st.drop_malformed++;
		break;
	}
	return rc;
}

int lvpn_skey_open(struct lvpn_skey *k, struct lvpn_buf *b, uint64_t now)
{
	uint32_t head = b->head, len = b->len, id, time;
	int rc;

	if (k->no_replay) {
		rc = lvpn_dc_open_noid(&k->dc, b);
		if (rc) {
			b->head = head;
			b->len = len;
			return count(k, rc);
		}
		k->st.rx_packets++;
		return 0;
	}
	rc = lvpn_dc_open(&k->dc, b, 0, 0, &id);
	if (rc == 0 && b->len < LVPN_SKEY_TIME_LEN)
		rc = LVPN_ERR_TRUNCATED;
	if (rc == 0) {
		time = lvpn_get_be32(lvpn_buf_data(b));
		/* authenticated: only now may the window change */
		rc = lvpn_replay_update(&k->replay, id, time, now);
	}
	if (rc) {
		b->head = head;
		b->len = len;
		return count(k, rc);
	}
	b->head += LVPN_SKEY_TIME_LEN;
	b->len -= LVPN_SKEY_TIME_LEN;
	k->st.rx_packets++;
	return 0;
}
