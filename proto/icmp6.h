/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --block-ipv6: the ICMPv6 "no route to destination" answer
 * OpenVPN 2.6 (forward.c) forges for an IPv6 packet it will not carry.
 *
 * A pure function on one IP packet as read from a TUN device.  The answer
 * is an IPv6 header copied from the packet (version, traffic class, flow
 * label and hop limit kept) with source = the given address (the tunnel's
 * IPv6 remote, or fe80::7 without one), destination = the packet's
 * source, next header 58; then ICMPv6 type 1 (destination unreachable)
 * code 0 (no route), a zero unused word, and the start of the packet:
 * min(1280, tun_mtu - 48) bytes of it (2.6.14's ceiling, which counts the
 * quoted packet only; tun-mtu is at least 100).  The checksum covers the RFC 8200
 * pseudo-header.  A packet that is not IPv6 or shorter than its 40-byte
 * header gets no answer.
 */
#ifndef LVPN_PROTO_ICMP6_H
#define LVPN_PROTO_ICMP6_H

#include <stddef.h>
#include <stdint.h>

#define LVPN_ICMP6_HDRS 48 /* IPv6 header + ICMPv6 header */

/* fe80::7, the source 2.6 uses without an IPv6 remote address. */
extern const uint8_t lvpn_icmp6_fake_src[16];

/* 1 if pkt (len bytes) is an IPv6 packet (version 6, at least 40 bytes). */
int lvpn_icmp6_is_ipv6(const uint8_t *pkt, size_t len);

/* Writes into out (cap bytes) the answer to the IPv6 packet pkt (len
 * bytes; pkt and out must not overlap), from src (16 bytes).  Returns the
 * answer's length, or 0 when pkt gets no answer or out is too small.
 * Never fails otherwise; allocates nothing. */
size_t lvpn_icmp6_unreach(const uint8_t *pkt, size_t len, const uint8_t src[16], uint32_t tun_mtu,
                          uint8_t *out, size_t cap);

/* The same for an Ethernet frame of a tap device: the IPv6 packet behind
 * a 14-byte header of EtherType 0x86DD, or behind one 802.1Q tag (as 2.6
 * is_ipv6 reads TAP frames).  The answer has a 14-byte header with the
 * frame's addresses swapped and EtherType 0x86DD.  Returns its length, or
 * 0 (not IPv6, truncated, no room). */
size_t lvpn_icmp6_unreach_eth(const uint8_t *frame, size_t len, const uint8_t src[16],
                              uint32_t tun_mtu, uint8_t *out, size_t cap);

/* What the data paths call: 1 if the packet p (len bytes; an Ethernet
 * frame when tap) is IPv6 as 2.6 is_ipv6 tells (version 6 and at least
 * 20 bytes; a tap frame: EtherType IPv6 and 34 bytes), which --block-ipv6
 * drops, with the answer written to out and its length in *alen (0 if
 * the packet is shorter than an IPv6 header or none fits); 0 for any
 * other packet (*alen 0). */
int lvpn_icmp6_block(const uint8_t *p, size_t len, int tap, const uint8_t src[16], uint32_t tun_mtu,
                     uint8_t *out, size_t cap, size_t *alen);

#endif
