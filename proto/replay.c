/* SPDX-License-Identifier: BSD-2-Clause */
#include "proto/replay.h"

#include <stdlib.h>
#include <string.h>

#define SLOT_FREE    0u
#define SLOT_EXPIRED 1u

int lvpn_replay_init(struct lvpn_replay *r, uint32_t window, uint32_t time_backtrack)
{
	memset(r, 0, sizeof(*r));
	if (window > LVPN_REPLAY_WINDOW_MAX || time_backtrack > LVPN_REPLAY_TIME_MAX)
		return LVPN_ERR_INVAL;
	r->window = window;
	r->time_backtrack = time_backtrack;
	if (window) {
		r->seen = calloc(window, sizeof(*r->seen));
		if (!r->seen)
			return LVPN_ERR_NOMEM;
	}
	return 0;
}

void lvpn_replay_free(struct lvpn_replay *r)
{
	free(r->seen);
	memset(r, 0, sizeof(*r));
}

/* Slot of the id `back` below max_id (back < window). */
static uint32_t *slot(const struct lvpn_replay *r, uint32_t back)
{
	return &r->seen[(r->head + back) % r->window];
}

int lvpn_replay_check(const struct lvpn_replay *r, uint32_t id, uint32_t time)
{
	uint32_t back;

	if (id == 0)
		return LVPN_ERR_REPLAY;
	if (time < r->max_time)
		return LVPN_ERR_REPLAY;
	if (time > r->max_time)
		/* the sender restarted its counter: linear mode wants a fresh 1 */
		return (r->window || id == 1) ? 0 : LVPN_ERR_REPLAY;
	if (r->window == 0)
		return id == r->max_id + 1 ? 0 : LVPN_ERR_REPLAY;
	if (id > r->max_id)
		return 0;
	back = r->max_id - id;
	if (back >= r->window)
		return LVPN_ERR_REPLAY;
	return *slot(r, back) == SLOT_FREE ? 0 : LVPN_ERR_REPLAY;
}

/* Marks as expired every slot behind the newest one that arrived more than
 * time_backtrack seconds ago (OpenVPN's reap).  Runs at most once a second. */
static void reap(struct lvpn_replay *r, uint64_t now)
{
	int expire = 0;

	if (r->window == 0 || now == r->last_reap)
		return;
	r->last_reap = now;
	for (uint32_t i = 0; i < r->window; i++) {
		uint32_t *s = slot(r, i);

		if (*s == SLOT_EXPIRED)
			break;
		if (!expire && *s != SLOT_FREE && (uint64_t)(*s - 2) + r->time_backtrack < now)
			expire = 1;
		if (expire)
			*s = SLOT_EXPIRED;
	}
}

int lvpn_replay_update(struct lvpn_replay *r, uint32_t id, uint32_t time, uint64_t now)
{
	uint32_t stamp = (uint32_t)now + 2;
	int rc = lvpn_replay_check(r, id, time);

	if (rc)
		return rc;
	if (r->window == 0) {
		r->max_id = id;
		r->max_time = time;
		return 0;
	}
	if (time > r->max_time) {
		memset(r->seen, 0, (size_t)r->window * sizeof(*r->seen));
		r->head = 0;
		r->max_id = 0;
		r->max_time = time;
	}
	if (id > r->max_id) {
		uint32_t ahead = id - r->max_id;

		if (ahead >= r->window) {
			memset(r->seen, 0, (size_t)r->window * sizeof(*r->seen));
			r->head = 0;
		} else {
			for (uint32_t i = 0; i < ahead; i++) {
				r->head = (r->head + r->window - 1) % r->window;
				r->seen[r->head] = SLOT_FREE;
			}
		}
		r->max_id = id;
		r->seen[r->head] = stamp;
	} else {
		*slot(r, r->max_id - id) = stamp;
	}
	reap(r, now);
	return 0;
}
