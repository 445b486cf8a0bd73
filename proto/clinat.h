/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --client-nat snat|dnat NETWORK NETMASK ALIAS: OpenVPN 2.6's
 * stateless one-to-one rewriting of IPv4 addresses between the TUN/TAP
 * device and the tunnel (clinat.c).
 *
 * Direction OUT is a packet read from the device (going to the peer), IN
 * one written to it.  A snat rule rewrites the source of OUT packets and
 * the destination of IN packets, a dnat rule the destination of OUT and
 * the source of IN.  OUT: an address whose bits under NETMASK equal
 * NETWORK becomes (address & ~NETMASK) | ALIAS; IN: the same from ALIAS
 * back to NETWORK (neither is masked, as in 2.6).  Rules are tried in
 * order; the first that matches rewrites an address, later ones leave it.
 * The IPv4 header checksum and the TCP or UDP checksum are updated
 * incrementally (RFC 1624); a UDP checksum of 0 (none) stays 0.  Unlike
 * 2.6, the TCP/UDP checksum is found behind IP options and is not touched
 * in a non-first fragment (2.6 would change payload bytes there).  A
 * packet that is not IPv4 or is shorter than 20 bytes is left alone.
 * Pure functions; nothing allocated.
 */
#ifndef LVPN_PROTO_CLINAT_H
#define LVPN_PROTO_CLINAT_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define LVPN_CLINAT_MAX 64 /* 2.6 MAX_CLIENT_NAT */

enum lvpn_clinat_dir { LVPN_CLINAT_OUT = 0, LVPN_CLINAT_IN = 1 };

struct lvpn_clinat_rule {
	uint32_t dnat;             /* 0 snat, 1 dnat */
	uint32_t net, mask, alias; /* host order */
};

struct lvpn_clinat {
	uint32_t n;
	struct lvpn_clinat_rule r[LVPN_CLINAT_MAX];
};

/* Appends the rule "snat|dnat NETWORK NETMASK ALIAS" (t[0..3], dotted
 * IPv4 addresses) to c.
 * Errors: LVPN_ERR_CONFIG (type or address invalid), LVPN_ERR_EXHAUSTED
 * (64 rules already: 2.6 warns and drops the rule). */
LVPN_MUST_CHECK int lvpn_clinat_add(struct lvpn_clinat *c, const char *const t[4]);

/* Rewrites the IPv4 packet pkt (len bytes) travelling in direction dir.
 * Returns 1 if an address changed, else 0.  Never fails. */
int lvpn_clinat_apply(const struct lvpn_clinat *c, uint8_t *pkt, size_t len,
                      enum lvpn_clinat_dir dir);

/* The same for a tap device's Ethernet frame (EtherType 0x0800, or one
 * 802.1Q tag carrying it); other frames are left alone. */
int lvpn_clinat_apply_eth(const struct lvpn_clinat *c, uint8_t *frame, size_t len,
                          enum lvpn_clinat_dir dir);

#endif
