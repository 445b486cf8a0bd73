/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --mssfix: lower the TCP MSS option of SYN packets inside the
 * tunnel so TCP segments fit the link after encapsulation.
 *
 * lvpn_mss_clamp() is a pure function on one IP packet (as read from or
 * written to the TUN device), lvpn_mss_clamp_eth() on one Ethernet frame
 * of a TAP device; the engine calls it in both directions, like
 * OpenVPN 2.6.  It follows OpenVPN's rules for which packets it touches:
 *   IPv4: protocol TCP, total length == packet length, not a fragment with
 *         a non-zero offset, header length within the packet;
 *   IPv6: payload length + 40 == packet length and next header == TCP
 *         directly (packets with extension headers are left alone); the MSS
 *         ceiling is 20 lower than for IPv4;
 *   TCP:  SYN set, data offset > 20 and within the packet; options walked
 *         up to EOL, stopping at a zero or overlong option length; only a
 *         4-byte MSS option larger than the ceiling is rewritten.
 * Anything truncated or inconsistent is left unchanged.  The TCP checksum
 * is updated incrementally (RFC 1624).
 */
#ifndef LVPN_PROTO_MSS_H
#define LVPN_PROTO_MSS_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define LVPN_MSSFIX_DEFAULT 1492 /* "mssfix 1492 mtu" */

/* What the ceiling is computed from (OpenVPN 2.6 frame_calculate_mssfix). */
struct lvpn_mss_frame {
	uint32_t mssfix;           /* the --mssfix value; 0 = off */
	uint8_t mtu;               /* "mtu" (the default): mssfix counts the outer headers */
	uint8_t fixed;             /* "fixed": mssfix is the inner packet size */
	uint32_t encap;            /* outer IP + UDP/TCP: 28, 40 (IPv4), 48, 60 (IPv6) */
	uint32_t proto_header;     /* opcode/peer-id (1 or 4) + TCP length prefix (2
	                            * on TCP) + AEAD packet-id and tag (20), or CBC
	                            * HMAC + IV */
	uint32_t payload_overhead; /* added to the plaintext: compression byte (1 for
	                            * comp-lzo/compress stub/lz4, 0 for the v2 forms)
	                            * + the CBC packet id (4) */
	uint32_t cbc_block;        /* CBC block size; 0 for AEAD and cipher none */
};

/* The IPv4 MSS ceiling for a frame (IPv6 packets get 20 less).
 * Errors: LVPN_ERR_CONFIG (mssfix 0, or too small for the overheads). */
LVPN_MUST_CHECK int lvpn_mss_ceiling(const struct lvpn_mss_frame *f, uint16_t *mss);

/* Clamps the MSS option of the IPv4 or IPv6 packet at pkt (len bytes) to
 * max_mss (the IPv4 ceiling).  Returns 1 if it rewrote the option, 0 if the
 * packet was left alone.  Never fails. */
int lvpn_mss_clamp(uint8_t *pkt, size_t len, uint16_t max_mss);

/* The same for an Ethernet frame of a tap device (OpenVPN 2.6 is_ipv4 /
 * is_ipv6 for DEV_TYPE_TAP): the packet behind a 14-byte header whose
 * EtherType is IPv4 (0x0800) or IPv6 (0x86DD), or behind one 802.1Q tag
 * (0x8100, 18 bytes) carrying those; the IP version must match the
 * EtherType.  Any other frame (ARP, stacked tags, ...) is left alone.
 * Returns 1 if it rewrote the option, else 0.  Never fails. */
int lvpn_mss_clamp_eth(uint8_t *frame, size_t len, uint16_t max_mss);

#endif
