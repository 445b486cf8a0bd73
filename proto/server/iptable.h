/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the server's routing table: tunnel packet destination -> client.
 *
 * Holds each client's own tunnel addresses (host routes, /32 and /128) and
 * its iroutes (iroute / iroute-ipv6 prefixes), and answers "which client
 * does this address belong to" by longest prefix match, as OpenVPN's
 * multi_get_instance_by_virtual_addr() does.
 *
 * Layout: one hash table keyed by (family, prefix length, masked address)
 * plus, per family, the set of prefix lengths in use; a lookup probes only
 * those lengths, longest first (typically two or three probes: the hosts
 * and a few iroute lengths; at most 33 for IPv4 and 129 for IPv6).
 * Everything is allocated by lvpn_iptable_new(): a fixed number of entries
 * and buckets.  Adding and removing take a free entry; lookups never
 * allocate, and write only the matched entry's last-use stamp (for
 * --stale-routes-check: lvpn_iptable_set_now).  Bucket choice uses a keyed hash (the seed
 * comes from the caller) so a client cannot aim entries at one bucket.
 *
 * Clients are slot numbers 0 .. max_clients-1 (the server's own table
 * index).  A prefix that another client already holds moves to the newer
 * client (OpenVPN lets the last one learnt win).
 *
 * IPv4 addresses are uint32_t in host order; IPv6 are 16 bytes in network
 * order.  Packets are raw IP packets as read from the TUN device.
 */
#ifndef LVPN_IPTABLE_H
#define LVPN_IPTABLE_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct lvpn_iptable;

/* Creates a table for max_clients clients (1..2^24) and at most
 * max_entries prefixes in all (1..2^24).
 * Errors: LVPN_ERR_INVAL (NULL out, limits out of range), LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_iptable_new(unsigned max_clients, unsigned max_entries, uint64_t seed,
                                     struct lvpn_iptable **out);

/* Frees the table (NULL is fine). */
void lvpn_iptable_free(struct lvpn_iptable *t);

/* Adds net/plen (plen 0..32; host bits are cleared) for client.  If the
 * prefix is held by another client, it moves to this one; adding a prefix
 * the client already holds changes nothing.
 * Errors: LVPN_ERR_INVAL (NULL table, bad client or plen),
 * LVPN_ERR_EXHAUSTED (max_entries in use). */
LVPN_MUST_CHECK int lvpn_iptable_add4(struct lvpn_iptable *t, uint32_t net, int plen, int client);

/* As lvpn_iptable_add4() for IPv6 (plen 0..128).
 * Errors: LVPN_ERR_INVAL (NULL table or net, bad client or plen),
 * LVPN_ERR_EXHAUSTED (max_entries in use). */
LVPN_MUST_CHECK int lvpn_iptable_add6(struct lvpn_iptable *t, const uint8_t net[16], int plen,
                                      int client);

/* Removes net/plen if client holds it.
 * Errors: LVPN_ERR_INVAL (NULL table or net, bad plen, or the prefix is not
 * held by client). */
LVPN_MUST_CHECK int lvpn_iptable_del4(struct lvpn_iptable *t, uint32_t net, int plen, int client);
LVPN_MUST_CHECK int lvpn_iptable_del6(struct lvpn_iptable *t, const uint8_t net[16], int plen,
                                      int client);

/* Removes every prefix of client (on disconnect).  A bad client is ignored. */
void lvpn_iptable_remove_client(struct lvpn_iptable *t, int client);

/* The client holding exactly the prefix a/plen of family fam (4: a has 4
 * bytes, 6: 16, network order; host bits are ignored), or -1 when no
 * client holds it or the arguments are bad. */
int lvpn_iptable_owner(const struct lvpn_iptable *t, int fam, const uint8_t *a, int plen);

/* Walks the prefixes client holds: *pos is 0 to start; each call returns
 * 1 with the next prefix in *fam, a (16 bytes: an IPv4 one in a[0..3])
 * and *plen, or 0 at the end.  The table must not change during a walk. */
int lvpn_iptable_next(const struct lvpn_iptable *t, int client, uint32_t *pos, int *fam,
                      uint8_t a[16], int *plen);

/* --stale-routes-check: the table's clock (seconds).  A prefix is stamped
 * with it when it is added and whenever a lookup (lvpn_iptable_lookup4/6,
 * _route, _src_check) matches it, as 2.6 stamps a route's last reference. */
void lvpn_iptable_set_now(struct lvpn_iptable *t, uint32_t now_s);

/* Scans from *pos (0 to start) for a prefix not matched for age seconds
 * or more: removes it and returns 1 with its holder, family, address (16
 * bytes) and length; 0 when the scan is over. */
int lvpn_iptable_expire(struct lvpn_iptable *t, uint32_t age, uint32_t *pos, int *client, int *fam,
                        uint8_t a[16], int *plen);

/* Number of prefixes held by client (or by everyone, for client -1). */
unsigned lvpn_iptable_count(const struct lvpn_iptable *t, int client);

/* Longest prefix match: returns 1 and sets *client to the client owning
 * the longest prefix that contains addr, or returns 0 (leaving *client
 * alone) when no prefix does or t or client is NULL.  Never an error code. */
int lvpn_iptable_lookup4(const struct lvpn_iptable *t, uint32_t addr, int *client);
int lvpn_iptable_lookup6(const struct lvpn_iptable *t, const uint8_t addr[16], int *client);

/* Routes an IP packet by its destination address: *client gets the owner
 * or -1 when no client holds it (also on error).
 * Errors: LVPN_ERR_TRUNCATED (shorter than its IP header),
 * LVPN_ERR_MALFORMED (IP version neither 4 nor 6), LVPN_ERR_INVAL (client
 * is NULL). */
LVPN_MUST_CHECK int lvpn_iptable_route(const struct lvpn_iptable *t, const uint8_t *pkt, size_t len,
                                       int *client);

/* The source check OpenVPN applies to packets from a client: the source
 * address must route back to that same client (its own address or one of
 * its iroutes).  Returns 0 when allowed.
 * Errors: LVPN_ERR_SESSION (the source belongs to another client or to
 * none), LVPN_ERR_TRUNCATED (shorter than its IP header),
 * LVPN_ERR_MALFORMED (IP version neither 4 nor 6). */
LVPN_MUST_CHECK int lvpn_iptable_src_check(const struct lvpn_iptable *t, int client,
                                           const uint8_t *pkt, size_t len);

#endif
