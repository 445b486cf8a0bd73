/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the server's client address pool (ifconfig-pool,
 * ifconfig-ipv6-pool, ifconfig-pool-persist).
 *
 * As in OpenVPN 2.6 (pool.c), one pool of N entries serves both families:
 * entry i gives the i-th IPv4 address (or the i-th /30 in topology net30)
 * and the i-th IPv6 address from the IPv6 base.  N is the IPv4 pool size,
 * or the IPv6 size when that is smaller (or there is no IPv4 pool).
 *
 * Allocation is O(1): free entries sit on a list in release order (the
 * entry released longest ago is handed out first, as OpenVPN does), and a
 * hash from common name to entries finds a client's previous address.
 * Differences from OpenVPN, both only in which free address is picked:
 * ties between entries released at the same time go by release order (not
 * lowest index), and with duplicate-cn the longest-free entry is used
 * instead of the lowest free one.
 *
 * Persistence (`ifconfig-pool-persist FILE [seconds]`): the file holds one
 * `CN,IPv4,IPv6` line per entry that ever had a common name (IPv4 is the
 * entry's base address: the /30's network address in net30; either field
 * may be empty).  The caller reads and writes the file; this module parses
 * and formats its text.  With seconds == 0 the file is read-only and its
 * entries are reserved for their common names ("fixed").  With
 * duplicate-cn no common names are recorded and the file is not used.
 *
 * Sans-IO, no clock: times are whatever monotonic seconds the caller uses.
 * Memory: all arrays are allocated by lvpn_ippool_new(); nothing after.
 */
#ifndef LVPN_IPPOOL_H
#define LVPN_IPPOOL_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/log.h"

#define LVPN_IPPOOL_MAX    65536 /* IFCONFIG_POOL_MAX */
#define LVPN_IPPOOL_CN_MAX 64    /* longest common name kept (TLS_USERNAME_LEN) */

struct lvpn_ippool_cfg {
	int v4;              /* an IPv4 pool */
	int net30;           /* tun + topology net30: one /30 per client */
	uint32_t start, end; /* IPv4 range, host order, start <= end */
	int v6;              /* an IPv6 pool */
	uint8_t v6_base[16]; /* first IPv6 address */
	int v6_netbits;      /* prefix length of the pool, 64..128 */
	int duplicate_cn;    /* --duplicate-cn: ignore common names */
	int persist_secs;    /* ifconfig-pool-persist seconds (0: read-only, fixed) */
};

/* One client's addresses.  IPv4 (has_v4): net30: local = /30 + 1 (the
 * server's end), remote = /30 + 2 (the client); otherwise local = 0 and
 * remote = the client's address.  What OpenVPN then pushes (multi.c):
 * subnet "ifconfig REMOTE POOL-NETMASK", net30 "ifconfig REMOTE LOCAL",
 * p2p "ifconfig REMOTE SERVER-TUN-ADDRESS"; IPv6 "ifconfig-ipv6
 * REMOTE6/BITS SERVER-TUN-ADDRESS6" with the server tun prefix length. */
struct lvpn_ippool_lease {
	int handle;
	int has_v4, has_v6;
	uint32_t local, remote;
	uint8_t remote6[16];
};

struct lvpn_ippool;

/* Creates a pool for cfg.  Sizes and checks as OpenVPN: end - start must
 * be < LVPN_IPPOOL_MAX, and each enabled family must give >= 2 entries.
 * Errors: LVPN_ERR_CONFIG (empty/inverted/too large/too small range, bad
 * netbits, neither family), LVPN_ERR_INVAL (NULL), LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_ippool_new(const struct lvpn_ippool_cfg *cfg, struct lvpn_log *log,
                                    struct lvpn_ippool **out);

/* Frees the pool (NULL is fine). */
void lvpn_ippool_free(struct lvpn_ippool *p);

/* Number of entries (clients the pool can serve at once). */
int lvpn_ippool_size(const struct lvpn_ippool *p);

/* Number of entries in use. */
int lvpn_ippool_used(const struct lvpn_ippool *p);

/* Takes an entry for common name cn (may be NULL).  The cn's previous
 * entry is reused when it is free; otherwise the entry free the longest
 * that is not reserved for another name.  The entry remembers cn (unless
 * duplicate-cn); cn longer than LVPN_IPPOOL_CN_MAX is refused.
 * Returns 0 and fills *lease.
 * Errors: LVPN_ERR_EXHAUSTED (nothing free), LVPN_ERR_INVAL (NULL p/lease,
 * cn too long). */
LVPN_MUST_CHECK int lvpn_ippool_acquire(struct lvpn_ippool *p, const char *cn,
                                        struct lvpn_ippool_lease *lease);

/* Gives entry handle back.  A hard release also forgets its common name.
 * Errors: LVPN_ERR_INVAL (NULL p, bad handle, entry not in use). */
LVPN_MUST_CHECK int lvpn_ippool_release(struct lvpn_ippool *p, int handle, int hard);

/* Marks the entry holding IPv4 address a (or, for net30, any address of
 * its /30) as permanently in use, e.g. the server's own address when an
 * explicit ifconfig-pool covers it, or an ifconfig-push address.
 * Errors: LVPN_ERR_INVAL (NULL p, a not in the pool), LVPN_ERR_STATE (in
 * use). */
LVPN_MUST_CHECK int lvpn_ippool_reserve4(struct lvpn_ippool *p, uint32_t a);

/* Reads persist-file text (len bytes, need not end in NUL): each
 * `CN,IPv4[,IPv6]` line assigns that entry to CN if the address lies in
 * the pool.  Lines that are empty, start with '#' or ';', are longer than
 * 255 bytes, have an over-long or empty CN, a bad or out-of-range address,
 * or name an entry in use, are skipped (counted in *skipped, may be NULL).
 * If the IPv4 and IPv6 fields point at different entries, the IPv4 one
 * wins (as OpenVPN).  Does nothing with duplicate-cn.
 * Errors: LVPN_ERR_INVAL (NULL p, NULL text with len > 0). */
LVPN_MUST_CHECK int lvpn_ippool_load(struct lvpn_ippool *p, const char *text, size_t len,
                                     unsigned *skipped);

/* Writes the persist-file text (one line per named entry, index order,
 * '\n' endings) into buf[cap]; *len gets its length (no NUL is added).
 * Errors: LVPN_ERR_BUFSIZE (cap too small; *len = bytes needed),
 * LVPN_ERR_INVAL (NULL p or len, NULL buf with cap > 0). */
LVPN_MUST_CHECK int lvpn_ippool_save(const struct lvpn_ippool *p, char *buf, size_t cap,
                                     size_t *len);

/* 1 when the persist file is due to be written at time now (persist_secs
 * > 0 and at least that long since the last due time; the first call
 * arms the timer and returns 0), else 0. */
int lvpn_ippool_save_due(struct lvpn_ippool *p, uint64_t now);

#endif
