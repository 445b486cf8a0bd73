/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --block-ipv6 answers (see icmp6.h). */
#include "proto/icmp6.h"

#include <string.h>

#define IP6_HDR   40
#define MAX_QUOTE 1280u /* 2.6 MAX_ICMPV6LEN */
#define NH_ICMPV6 58
#define T_UNREACH 1
#define C_NOROUTE 0
#define ETH_HDR   14
#define IP4_HDR   20
#define ETH_IPV6  0x86dd
#define ETH_VLAN  0x8100

const uint8_t lvpn_icmp6_fake_src[16] = {0xfe, 0x80, [15] = 7};

int lvpn_icmp6_is_ipv6(const uint8_t *pkt, size_t len)
{
	return len >= IP6_HDR && (pkt[0] >> 4) == 6;
}

/* One's complement sum of n bytes as big-endian 16-bit words. */
static uint32_t sum16(uint32_t s, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (i < n)
		s += (uint32_t)p[i] << 8;
	return s;
}

/* Where the IP packet of a tap frame of EtherType IPv6 (behind at most
 * one 802.1Q tag) starts, or 0.  As 2.6 is_ipv_X, the frame must hold an
 * Ethernet header and 20 bytes (an IPv4 header's size). */
static size_t eth_ip6(const uint8_t *frame, size_t len)
{
	size_t off = ETH_HDR;
	unsigned type;

	if (len < ETH_HDR + IP4_HDR)
		return 0;
	type = (unsigned)(frame[12] << 8 | frame[13]);
	if (type == ETH_VLAN) {
		if (len < ETH_HDR + 4)
			return 0;
		type = (unsigned)(frame[16] << 8 | frame[17]);
		off += 4;
	}
	return type == ETH_IPV6 ? off : 0;
}

int lvpn_icmp6_block(const uint8_t *p, size_t len, int tap, const uint8_t src[16], uint32_t tun_mtu,
                     uint8_t *out, size_t cap, size_t *alen)
{
	size_t off = tap ? eth_ip6(p, len) : 0;

	*alen = 0;
	/* 2.6 is_ipv6: 20 bytes and version 6 suffice to drop the packet;
	 * it is answered only if it holds a whole IPv6 header */
	if ((tap && !off) || len < off + IP4_HDR || (p[off] >> 4) != 6)
		return 0;
	*alen = tap ? lvpn_icmp6_unreach_eth(p, len, src, tun_mtu, out, cap)
	            : lvpn_icmp6_unreach(p, len, src, tun_mtu, out, cap);
	return 1;
}

size_t lvpn_icmp6_unreach_eth(const uint8_t *frame, size_t len, const uint8_t src[16],
                              uint32_t tun_mtu, uint8_t *out, size_t cap)
{
	size_t off = eth_ip6(frame, len), n;

	if (!off || cap < ETH_HDR || !lvpn_icmp6_is_ipv6(frame + off, len - off))
		return 0;
	n = lvpn_icmp6_unreach(frame + off, len - off, src, tun_mtu, out + ETH_HDR, cap - ETH_HDR);
	if (!n)
		return 0;
	memcpy(out, frame + 6, 6);
	memcpy(out + 6, frame, 6);
	out[12] = ETH_IPV6 >> 8;
	out[13] = ETH_IPV6 & 0xff;
	return ETH_HDR + n;
}

size_t lvpn_icmp6_unreach(const uint8_t *pkt, size_t len, const uint8_t src[16], uint32_t tun_mtu,
                          uint8_t *out, size_t cap)
{
	size_t quote, icmp_len;
	uint32_t s;

	if (!lvpn_icmp6_is_ipv6(pkt, len))
		return 0;
	quote = tun_mtu > LVPN_ICMP6_HDRS ? tun_mtu - LVPN_ICMP6_HDRS : 0;
	quote = quote < MAX_QUOTE ? quote : MAX_QUOTE;
	quote = len < quote ? len : quote;
	if (cap < LVPN_ICMP6_HDRS + quote)
		return 0;
	icmp_len = 8 + quote;
	memcpy(out, pkt, 4); /* version, traffic class, flow label */
	out[4] = (uint8_t)(icmp_len >> 8);
	out[5] = (uint8_t)icmp_len;
	out[6] = NH_ICMPV6;
	out[7] = pkt[7]; /* hop limit */
	memcpy(out + 8, src, 16);
	memcpy(out + 24, pkt + 8, 16);
	out[40] = T_UNREACH;
	out[41] = C_NOROUTE;
	memset(out + 42, 0, 6);
	memcpy(out + LVPN_ICMP6_HDRS, pkt, quote);
	s = sum16(0, out + 8, 32); /* pseudo-header: addresses */
	s += (uint32_t)icmp_len + NH_ICMPV6;
	s = sum16(s, out + IP6_HDR, icmp_len);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	s = ~s & 0xffff;
	out[42] = (uint8_t)(s >> 8);
	out[43] = (uint8_t)s;
	return LVPN_ICMP6_HDRS + quote;
}
