/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the server's MAC table for layer 2 (dev tap): Ethernet
 * address -> client, learnt from the source address of the frames each
 * client sends, as OpenVPN 2.6 learns them (multi.c, mroute.c).
 *
 * Rules (OpenVPN's):
 *  - only unicast addresses are learnt: not all zeros, not all ones, not
 *    a group address (low bit of the first byte);
 *  - a client holds at most per_client addresses (--max-routes-per-client,
 *    256 by default): a new one beyond that is refused, so a client cannot
 *    fill the table by sending frames from made-up addresses;
 *  - an address another client holds moves to the client that sends from
 *    it last;
 *  - an entry not refreshed by a frame from its client for ttl
 *    milliseconds is gone (OpenVPN ages learnt addresses after 60 s);
 *  - a client's entries go when it disconnects.
 *
 * Memory: lvpn_mactab_new() allocates max_clients * per_client entries
 * (each client's quota is reserved, so no client can take another's
 * room; entries are first written when used, so the memory of a quota
 * no client fills stays untouched) and the buckets; learning, lookups and
 * removal never allocate.
 * Bucket choice uses a keyed hash (the caller's seed).  Time is the
 * caller's monotonic clock in milliseconds; nothing here reads a clock.
 */
#ifndef LVPN_MACTAB_H
#define LVPN_MACTAB_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define LVPN_MAC_LEN           6
#define LVPN_ETH_HDR_LEN       14
#define LVPN_MACTAB_TTL_MS     60000u /* OpenVPN's learnt-route lifetime */
#define LVPN_MACTAB_PER_CLIENT 256    /* --max-routes-per-client default */

struct lvpn_mactab;

/* Creates a table for max_clients clients (1..2^20), each holding at most
 * per_client addresses (1..2^16; max_clients * per_client at most 2^24),
 * entries living ttl_ms milliseconds (> 0) after their last refresh.
 * Errors: LVPN_ERR_INVAL (NULL out, limits out of range), LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_mactab_new(unsigned max_clients, unsigned per_client, uint64_t ttl_ms,
                                    uint64_t seed, struct lvpn_mactab **out);

/* Frees the table (NULL is fine). */
void lvpn_mactab_free(struct lvpn_mactab *t);

/* 1 if mac may be learnt (a unicast address, neither all zeros nor all
 * ones), else 0. */
int lvpn_mactab_learnable(const uint8_t mac[LVPN_MAC_LEN]);

/* Learns mac for client at time now: refreshes the entry if client holds
 * it, moves it if another client holds it, else takes a new entry (the
 * client's expired entries are reclaimed first when it is at its quota).
 * Errors: LVPN_ERR_INVAL (NULL table or mac, bad client, an address that
 * is not learnable), LVPN_ERR_EXHAUSTED (the client holds per_client live
 * addresses already). */
LVPN_MUST_CHECK int lvpn_mactab_learn(struct lvpn_mactab *t, const uint8_t mac[LVPN_MAC_LEN],
                                      int client, uint64_t now);

/* Returns 1 and sets *client to the holder of mac if it holds a live
 * entry at time now, else 0 (*client untouched; also when an argument is
 * NULL).  Never writes the table. */
int lvpn_mactab_lookup(const struct lvpn_mactab *t, const uint8_t mac[LVPN_MAC_LEN], uint64_t now,
                       int *client);

/* Removes every entry of client (on disconnect).  A bad client is
 * ignored. */
void lvpn_mactab_remove_client(struct lvpn_mactab *t, int client);

/* Entries held by client (by everyone for client -1), expired ones
 * included until they are reclaimed. */
unsigned lvpn_mactab_count(const struct lvpn_mactab *t, int client);

/* Walks the live entries of client at time now: starting with *pos = 0,
 * each call copies the next address into mac and its last refresh time
 * into *seen (may be NULL) and returns 1; 0 at the end.  For status
 * listings; the table must not change during a walk. */
int lvpn_mactab_walk(const struct lvpn_mactab *t, int client, uint64_t now, unsigned *pos,
                     uint8_t mac[LVPN_MAC_LEN], uint64_t *seen);

#define LVPN_MACTAB_GROUP (-2) /* a broadcast or multicast destination */
#define LVPN_MACTAB_NONE  (-1) /* a unicast address no client holds */

/* Where an Ethernet frame goes by its destination address: *client gets
 * the live holder, LVPN_MACTAB_NONE, or LVPN_MACTAB_GROUP (broadcast and
 * multicast frames go to every client).  Frames that cannot be routed
 * set *client to LVPN_MACTAB_NONE too.
 * Errors: LVPN_ERR_TRUNCATED (shorter than an Ethernet header),
 * LVPN_ERR_INVAL (NULL frame or client). */
LVPN_MUST_CHECK int lvpn_mactab_dest(const struct lvpn_mactab *t, const uint8_t *frame, size_t len,
                                     uint64_t now, int *client);

#endif
