/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --replay-persist: the replay state of a static-key tunnel
 * (the newest packet id received and its sender time) kept in a file and
 * taken back at start, as OpenVPN 2.6 keeps it (packet_id.c
 * packet_id_persist_*), so that a restarted peer refuses the packets the
 * previous run already took.
 *
 * The file holds 2.6's image on this host: a time_t (8 bytes, host byte
 * order) at offset 0, the 32-bit packet id at offset 8, padded to 16
 * bytes, so a file written by openvpn on the same machine can be read.
 * Pure logic. */
#ifndef LVPN_REPLAYPERSIST_H
#define LVPN_REPLAYPERSIST_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "proto/replay.h"

#define LVPN_REPLAY_IMAGE_LEN 16

/* The image of (id, time) into out. */
void lvpn_replay_image_write(uint8_t out[LVPN_REPLAY_IMAGE_LEN], uint32_t id, uint64_t time);

/* Reads an image of len bytes.  A file shorter than an image (new,
 * empty) or with time 0 holds no state.
 * Errors: LVPN_ERR_TRUNCATED (no state: the caller starts afresh). */
LVPN_MUST_CHECK int lvpn_replay_image_read(const uint8_t *in, size_t len, uint32_t *id,
                                           uint64_t *time);

/* Makes r refuse what a run that had received up to (id, time) took:
 * packets of an earlier time, and of that time with an id up to id (2.6
 * packet_id_persist_load_obj sets the same newest id and time, with no
 * window behind it).  Later packets are taken as usual. */
void lvpn_replay_restore(struct lvpn_replay *r, uint32_t id, uint32_t time);

#endif
