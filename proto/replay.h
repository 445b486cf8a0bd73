/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - packet-id replay protection (OpenVPN's --replay-window n t).
 *
 * One window per receiving key.  Packet ids are u32 counters starting at 1;
 * the long form (tls-auth, tls-crypt) adds the sender's u32 time, the short
 * form (data channel in TLS mode) passes time 0.
 *
 * Backtrack mode (window > 0, UDP): an id may arrive out of order if it is
 * within `window` of the highest id seen and was not seen before, and if it
 * is not older than the newest packet that arrived more than
 * `time_backtrack` seconds ago.  Linear mode (window == 0, TCP): ids must
 * increase by exactly one.  In both, a later sender time starts over and an
 * earlier one is refused.
 *
 * lvpn_replay_check() is pure: call it before authenticating if you like,
 * but call lvpn_replay_update() only after the packet authenticated.
 */
#ifndef LVPN_REPLAY_H
#define LVPN_REPLAY_H

#include <stdint.h>

#include "base/err.h"

#define LVPN_REPLAY_WINDOW_DEFAULT 64
#define LVPN_REPLAY_TIME_DEFAULT   15
#define LVPN_REPLAY_WINDOW_MAX     65536
#define LVPN_REPLAY_TIME_MAX       600

struct lvpn_replay {
	uint32_t *seen;          /* window slots; [head] is max_id, then older */
	uint32_t window;         /* slots; 0 = linear (TCP) */
	uint32_t time_backtrack; /* seconds */
	uint32_t head;
	uint32_t max_id;    /* highest id accepted; 0 = none yet */
	uint32_t max_time;  /* sender time of max_id (long form) */
	uint64_t last_reap; /* local second of the last expiry pass */
};

/* Slot values: 0 = not seen, 1 = expired (treated as seen), t+2 = seen at
 * local second t. */

/* Sets up an empty window.  window 0 selects linear (TCP) mode.  Allocates
 * once; free with lvpn_replay_free().
 * Errors: LVPN_ERR_INVAL (window > LVPN_REPLAY_WINDOW_MAX or time_backtrack >
 * LVPN_REPLAY_TIME_MAX), LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_replay_init(struct lvpn_replay *r, uint32_t window,
                                     uint32_t time_backtrack);

void lvpn_replay_free(struct lvpn_replay *r);

/* Would (id, time) be accepted now?  Changes nothing.
 * Errors: LVPN_ERR_REPLAY (seen, too old, id 0, out of sequence in linear
 * mode, sender time went back). */
LVPN_MUST_CHECK int lvpn_replay_check(const struct lvpn_replay *r, uint32_t id, uint32_t time);

/* Records an authenticated (id, time) that lvpn_replay_check accepted, at
 * local second now, and expires old slots.  A packet that fails the check
 * is not recorded.
 * Errors: those of lvpn_replay_check (LVPN_ERR_REPLAY). */
LVPN_MUST_CHECK int lvpn_replay_update(struct lvpn_replay *r, uint32_t id, uint32_t time,
                                       uint64_t now);

#endif
