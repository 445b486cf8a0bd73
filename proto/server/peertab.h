/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the server's client slots: peer-id and UDP source address
 * lookups.
 *
 * A slot is a client's index, 0 .. max_clients-1 (max-clients, 2.6's
 * default 1024).  As in OpenVPN 2.6 (multi.c), a client's peer-id is its
 * slot number, so P_DATA_V2's 24-bit peer-id finds the slot with one array
 * index; 0xFFFFFF is never handed out (it means "no peer-id").  Freed
 * slots are reused least recently freed first (2.6 takes the lowest free
 * one), so a peer-id stays unused as long as possible after its client
 * left.
 *
 * The address key is opaque bytes, up to LVPN_PEERTAB_ADDR_MAX (28, a
 * sockaddr_in6): proto/ has no networking headers.  The caller must make
 * equal addresses equal bytes (zero the padding, sin6_flowinfo, ...) and
 * use the same length for the same family.
 *
 * Float rule (reliability.md 4.7, CVE-2020-11810): the caller calls
 * lvpn_peertab_float() only after a packet from the new address was
 * authenticated, decrypted and passed the replay check; the table refuses
 * a float onto an address that belongs to another live client.
 *
 * Memory: everything is allocated by lvpn_peertab_new(); lookups and
 * changes never allocate.
 */
#ifndef LVPN_PEERTAB_H
#define LVPN_PEERTAB_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define LVPN_PEERTAB_ADDR_MAX 28
#define LVPN_PEER_ID_MAX      0xFFFFFEu /* highest peer-id handed out */
#define LVPN_PEER_ID_NONE     0xFFFFFFu /* "no peer-id" on the wire */

struct lvpn_peertab;

/* Creates a table of max_clients slots (1 .. LVPN_PEER_ID_MAX + 1); seed
 * keys the address hash.
 * Errors: LVPN_ERR_INVAL (NULL out, max_clients out of range),
 * LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_peertab_new(unsigned max_clients, uint64_t seed,
                                     struct lvpn_peertab **out);

/* Frees the table (NULL is fine). */
void lvpn_peertab_free(struct lvpn_peertab *t);

/* Takes a free slot for a new client at addr[len]; *slot gets the slot
 * (which is also the client's peer-id).
 * Errors: LVPN_ERR_EXHAUSTED (max-clients reached), LVPN_ERR_STATE (addr
 * belongs to a live client), LVPN_ERR_INVAL (NULL, len 0 or > 28). */
LVPN_MUST_CHECK int lvpn_peertab_add(struct lvpn_peertab *t, const void *addr, size_t len,
                                     int *slot);

/* Frees slot and forgets its address.
 * Errors: LVPN_ERR_INVAL (NULL table, slot out of range or not in use). */
LVPN_MUST_CHECK int lvpn_peertab_remove(struct lvpn_peertab *t, int slot);

/* Lookups.  Each returns 1 and sets *slot when a live client matches, 0
 * (leaving *slot alone) when none does; a NULL table or slot pointer, or
 * an address lvpn_peertab_add() would refuse, matches nothing.  They never
 * return an error code. */

/* The slot whose peer-id (P_DATA_V2) is id. */
int lvpn_peertab_by_peer_id(const struct lvpn_peertab *t, uint32_t id, int *slot);

/* The slot whose address is addr[len]. */
int lvpn_peertab_by_addr(const struct lvpn_peertab *t, const void *addr, size_t len, int *slot);

/* Moves slot to addr[len].  Call only after an authenticated packet from
 * addr (see above).  Floating onto the slot's own address is a no-op.
 * Errors: LVPN_ERR_STATE (addr belongs to another live client: nothing
 * changes), LVPN_ERR_INVAL (NULL table, slot not in use, bad address). */
LVPN_MUST_CHECK int lvpn_peertab_float(struct lvpn_peertab *t, int slot, const void *addr,
                                       size_t len);

/* Copies slot's address into out[LVPN_PEERTAB_ADDR_MAX] and returns its
 * length, or 0 if slot is not in use. */
size_t lvpn_peertab_addr(const struct lvpn_peertab *t, int slot, uint8_t *out);

/* Number of live clients. */
unsigned lvpn_peertab_count(const struct lvpn_peertab *t);

#endif
