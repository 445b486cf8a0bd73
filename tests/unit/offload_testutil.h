/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers for the offload tests: packet builders and an independent,
 * byte-at-a-time RFC 1071 checksum (deliberately not the module's). */
#ifndef LVPN_OFFLOAD_TESTUTIL_H
#define LVPN_OFFLOAD_TESTUTIL_H

#include "tests/unit/testutil.h"

#include "base/buf.h"
#include "proto/offload.h"

#define T_SPORT 40000
#define T_DPORT 5201
#define T_SEQ   0xFFFFF000u /* wraps inside most super-packets */
#define T_ACK   0x01020304u
#define T_WIN   502

#define F_FIN 0x01
#define F_SYN 0x02
#define F_RST 0x04
#define F_PSH 0x08
#define F_ACK 0x10
#define F_URG 0x20
#define F_CWR 0x80

/* RFC 1071, one byte at a time: even offsets are high bytes. */
static inline uint32_t ref_sum(const uint8_t *p, size_t n, uint32_t s)
{
	for (size_t i = 0; i < n; i++)
		s += (i & 1) ? p[i] : (uint32_t)p[i] << 8;
	return s;
}

static inline uint16_t ref_fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xFFFF) + (s >> 16);
	return (uint16_t)s;
}

/* Pseudo-header sum of the packet ip (v4 or v6) for an l4len-byte segment. */
static inline uint32_t ref_pseudo(const uint8_t *ip, uint8_t proto, size_t l4len)
{
	uint32_t s = (ip[0] >> 4) == 6 ? ref_sum(ip + 8, 32, 0) : ref_sum(ip + 12, 8, 0);

	return s + proto + (uint32_t)l4len;
}

static inline size_t ref_l4_off(const uint8_t *ip)
{
	return (ip[0] >> 4) == 6 ? 40 : (size_t)(ip[0] & 15) * 4;
}

/* 1 when the IPv4 header checksum (if any) and the transport checksum of
 * the complete packet ip verify. */
static inline int ref_verify(const uint8_t *ip, size_t len, uint8_t proto)
{
	size_t off = ref_l4_off(ip);

	if ((ip[0] >> 4) == 4 && ref_fold(ref_sum(ip, off, 0)) != 0xFFFF)
		return 0;
	return ref_fold(ref_sum(ip + off, len - off, ref_pseudo(ip, proto, len - off))) == 0xFFFF;
}

/* Recomputes the IPv4 header and transport checksums of ip after a test
 * changed a field. */
static inline void ref_fix(uint8_t *ip, size_t len, uint8_t proto)
{
	size_t off = ref_l4_off(ip), at = proto == 6 ? 16 : 6;

	if ((ip[0] >> 4) == 4) {
		lvpn_put_be16(ip + 10, 0);
		lvpn_put_be16(ip + 10, (uint16_t)~ref_fold(ref_sum(ip, off, 0)));
	}
	lvpn_put_be16(ip + off + at, 0);
	lvpn_put_be16(ip + off + at, (uint16_t)~ref_fold(ref_sum(
	                                 ip + off, len - off, ref_pseudo(ip, proto, len - off))));
}

static inline uint8_t pay_byte(size_t i)
{
	return (uint8_t)(i * 7 + 3 + (i >> 8));
}

/* An IP header for l4len transport bytes of protocol proto. */
static inline size_t put_ip(uint8_t *p, int v6, uint8_t proto, size_t l4len, uint16_t id)
{
	if (v6) {
		memset(p, 0, 40);
		lvpn_put_be32(p, 0x60012345); /* traffic class 0, flow label */
		lvpn_put_be16(p + 4, (uint16_t)l4len);
		p[6] = proto;
		p[7] = 64;
		p[8] = 0xFD;
		p[23] = 2;
		p[24] = 0xFD;
		p[39] = 1;
		return 40;
	}
	memset(p, 0, 20);
	p[0] = 0x45;
	lvpn_put_be16(p + 2, (uint16_t)(20 + l4len));
	lvpn_put_be16(p + 4, id);
	lvpn_put_be16(p + 6, 0x4000); /* DF */
	p[8] = 64;
	p[9] = proto;
	memcpy(p + 12, (const uint8_t[]){10, 8, 0, 2, 10, 8, 0, 1}, 8);
	return 20;
}

/* TCP packet: v6 or v4, with (opts) NOP NOP timestamps, pay bytes of
 * payload starting at stream offset pay_off, the given flags and seq.
 * Checksums complete.  Returns its length. */
static inline size_t mk_tcp(uint8_t *p, int v6, int opts, size_t pay, size_t pay_off, uint8_t flags,
                            uint32_t seq, uint16_t id)
{
	size_t thl = opts ? 32 : 20, l3 = put_ip(p, v6, 6, thl + pay, id);
	uint8_t *t = p + l3;

	memset(t, 0, thl);
	lvpn_put_be16(t, T_SPORT);
	lvpn_put_be16(t + 2, T_DPORT);
	lvpn_put_be32(t + 4, seq);
	lvpn_put_be32(t + 8, T_ACK);
	t[12] = (uint8_t)(thl / 4 << 4);
	t[13] = flags;
	lvpn_put_be16(t + 14, T_WIN);
	if (opts) {
		static const uint8_t o[12] = {1, 1, 8, 10, 0, 0, 0x12, 0x34, 0xAB, 0xCD, 0, 7};

		memcpy(t + 20, o, sizeof(o));
	}
	for (size_t i = 0; i < pay; i++)
		t[thl + i] = pay_byte(pay_off + i);
	ref_fix(p, l3 + thl + pay, 6);
	return l3 + thl + pay;
}

/* UDP packet with pay bytes of payload, checksums complete. */
static inline size_t mk_udp(uint8_t *p, int v6, size_t pay, uint16_t id)
{
	size_t l3 = put_ip(p, v6, 17, 8 + pay, id);
	uint8_t *u = p + l3;

	lvpn_put_be16(u, 4500);
	lvpn_put_be16(u + 2, 4501);
	lvpn_put_be16(u + 4, (uint16_t)(8 + pay));
	for (size_t i = 0; i < pay; i++)
		u[8 + i] = pay_byte(i);
	ref_fix(p, l3 + 8 + pay, 17);
	return l3 + 8 + pay;
}

/* Turns the complete packet p into what a TUN device hands over for a
 * super-packet, the kernel's way: the transport checksum field holds the
 * pseudo-header sum (CHECKSUM_PARTIAL), the header describes it. */
static inline void to_partial(uint8_t *p, size_t len, uint8_t proto, uint16_t gso_size,
                              struct lvpn_vnet_hdr *h)
{
	size_t off = ref_l4_off(p), at = proto == 6 ? 16 : 6;
	size_t thl = proto == 6 ? (size_t)(p[off + 12] >> 4) * 4 : 8;

	lvpn_put_be16(p + off + at, ref_fold(ref_pseudo(p, proto, len - off)));
	memset(h, 0, sizeof(*h));
	h->flags = LVPN_VNET_F_NEEDS_CSUM;
	if (proto == 17)
		h->gso_type = LVPN_VNET_GSO_UDP_L4;
	else
		h->gso_type = (p[0] >> 4) == 6 ? LVPN_VNET_GSO_TCPV6 : LVPN_VNET_GSO_TCPV4;
	if (proto == 6 && (p[off + 13] & F_CWR))
		h->gso_type |= LVPN_VNET_GSO_ECN;
	h->hdr_len = (uint16_t)(off + thl);
	h->gso_size = gso_size;
	h->csum_start = (uint16_t)off;
	h->csum_offset = (uint16_t)at;
}

#endif
