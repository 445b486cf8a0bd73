/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - IP and TCP header constants and the Internet checksum
 * (RFC 1071) for the offload code.
 *
 * Internal to proto/: static inline, no state.  A "sum" is a 16-bit ones'
 * complement sum in network byte order, possibly not yet folded (it fits
 * in 32 bits as long as fewer than 65536 sums are added together).
 */
#ifndef LVPN_INET_H
#define LVPN_INET_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/buf.h"

#define LVPN_IPPROTO_TCP 6
#define LVPN_IPPROTO_UDP 17

/* TCP flags (byte 13 of the header) */
#define LVPN_TCP_FIN 0x01
#define LVPN_TCP_SYN 0x02
#define LVPN_TCP_RST 0x04
#define LVPN_TCP_PSH 0x08
#define LVPN_TCP_URG 0x20
#define LVPN_TCP_CWR 0x80

/* Sum of n bytes at p (p at an even offset of the summed stream).  Adds
 * 32-bit native words into a 64-bit accumulator (no carry is lost below
 * 2^32 words) and swaps once at the end: the sum is byte-order
 * independent (RFC 1071 section 2(B)). */
static inline uint32_t lvpn_csum_bytes(const uint8_t *p, size_t n)
{
	uint64_t s = 0;
	uint32_t w[4];
	uint8_t tail[16] = {0};
	uint16_t r;

	for (; n >= 16; p += 16, n -= 16) {
		memcpy(w, p, 16);
		s += (uint64_t)w[0] + w[1] + w[2] + w[3];
	}
	memcpy(tail, p, n); /* zero padding: an odd last byte is a high byte */
	memcpy(w, tail, 16);
	s += (uint64_t)w[0] + w[1] + w[2] + w[3];
	s = (s & 0xFFFFFFFF) + (s >> 32);
	s = (s & 0xFFFFFFFF) + (s >> 32);
	s = (s & 0xFFFF) + (s >> 16);
	s = (s & 0xFFFF) + (s >> 16);
	r = (uint16_t)s;
	if (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
		r = (uint16_t)(r << 8 | r >> 8);
	return r;
}

/* s folded to 16 bits (not complemented). */
static inline uint16_t lvpn_csum_fold(uint32_t s)
{
	s = (s & 0xFFFF) + (s >> 16);
	s = (s & 0xFFFF) + (s >> 16);
	return (uint16_t)s;
}

/* The TCP/UDP pseudo-header sum of the IPv4 (v6 = 0) or IPv6 packet ip
 * for a transport segment of l4len bytes of protocol proto. */
static inline uint32_t lvpn_csum_pseudo(const uint8_t *ip, int v6, uint8_t proto, size_t l4len)
{
	uint32_t s = v6 ? lvpn_csum_bytes(ip + 8, 32) : lvpn_csum_bytes(ip + 12, 8);

	return s + proto + (uint32_t)(l4len >> 16) + (uint32_t)(l4len & 0xFFFF);
}

/* Recomputes the header checksum of the IPv4 header ip (ihl bytes). */
static inline void lvpn_csum_ipv4_set(uint8_t *ip, size_t ihl)
{
	lvpn_put_be16(ip + 10, 0);
	lvpn_put_be16(ip + 10, (uint16_t)~lvpn_csum_fold(lvpn_csum_bytes(ip, ihl)));
}

#endif
