/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --replay-persist (see replaypersist.h). */
#include "proto/replaypersist.h"

#include <string.h>

/* slot value of an id that counts as seen (proto/replay.c) */
#define SLOT_EXPIRED 1u

void lvpn_replay_image_write(uint8_t out[LVPN_REPLAY_IMAGE_LEN], uint32_t id, uint64_t time)
{
	int64_t t = (int64_t)time;

	memset(out, 0, LVPN_REPLAY_IMAGE_LEN);
	memcpy(out, &t, sizeof(t));
	memcpy(out + 8, &id, sizeof(id));
}

int lvpn_replay_image_read(const uint8_t *in, size_t len, uint32_t *id, uint64_t *time)
{
	int64_t t;

	if (len < LVPN_REPLAY_IMAGE_LEN)
		return LVPN_ERR_TRUNCATED;
	memcpy(&t, in, sizeof(t));
	memcpy(id, in + 8, sizeof(*id));
	if (t <= 0)
		return LVPN_ERR_TRUNCATED;
	*time = (uint64_t)t;
	return 0;
}

void lvpn_replay_restore(struct lvpn_replay *r, uint32_t id, uint32_t time)
{
	r->max_id = id;
	r->max_time = time;
	r->head = 0;
	for (uint32_t i = 0; i < r->window; i++)
		r->seen[i] = SLOT_EXPIRED;
}
