/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - coalescing of TCP segments for a TUN device with offloads
 * (lvpn_gro_*, see proto/offload.h).  What merges is what the kernel's
 * inet_gro_receive / ipv6_gro_receive / tcp_gro_receive merge; the result
 * is what tcp_gro_complete and virtio_net_hdr_from_skb make of it. */
#include "proto/offload.h"

#include <string.h>

#include "base/buf.h"
#include "proto/inet.h"

#define IP_DF 0x40 /* in the high byte of frag_off */

/* A TCP segment as GRO sees it. */
struct seg {
	int v6;
	size_t l4, thl, pay; /* transport offset, TCP header length, payload */
};

/* 0 when p is a TCP segment the kernel's GRO would consider at all:
 * IPv4 without options or fragmentation, a valid header checksum and a
 * total length equal to len; IPv6 with TCP as next header (extension
 * headers are not merged) and a matching payload length; a TCP header
 * within the packet and a valid TCP checksum (the kernel validates it
 * before merging; a merged packet is handed on as CHECKSUM_PARTIAL, so a
 * corrupt segment must not be hidden inside one).  -1 otherwise. */
static int seg_parse(const uint8_t *p, size_t len, struct seg *s)
{
	size_t room;

	if (len >= 20 && p[0] == 0x45) {
		if (lvpn_get_be16(p + 2) != len || (p[6] & (uint8_t)~IP_DF) || p[7] ||
		    p[9] != LVPN_IPPROTO_TCP)
			return -1;
		if (lvpn_csum_fold(lvpn_csum_bytes(p, 20)) != 0xFFFF)
			return -1;
		s->v6 = 0;
		s->l4 = 20;
	} else if (len >= 40 && p[0] >> 4 == 6) {
		if ((size_t)lvpn_get_be16(p + 4) + 40 != len || p[6] != LVPN_IPPROTO_TCP)
			return -1;
		s->v6 = 1;
		s->l4 = 40;
	} else {
		return -1;
	}
	room = len - s->l4;
	if (room < 20)
		return -1;
	s->thl = (size_t)(p[s->l4 + 12] >> 4) * 4;
	if (s->thl < 20 || s->thl > room)
		return -1;
	s->pay = room - s->thl;
	if (lvpn_csum_fold(lvpn_csum_pseudo(p, s->v6, LVPN_IPPROTO_TCP, room) +
	                   lvpn_csum_bytes(p + s->l4, room)) != 0xFFFF)
		return -1;
	return 0;
}

void lvpn_gro_init(struct lvpn_gro *g, uint8_t *buf, size_t cap)
{
	memset(g, 0, sizeof(*g));
	g->buf = buf;
	g->cap = cap;
}

/* The first packet: kept whatever it is; open for more only if it is a
 * TCP segment with payload and none of the flags that make the kernel
 * flush at once. */
static void gro_start(struct lvpn_gro *g, const uint8_t *pkt, size_t len)
{
	struct seg s;
	uint8_t flags;

	memcpy(g->buf + LVPN_VNET_HDR_LEN, pkt, len);
	g->len = len;
	g->nseg = 1;
	g->closed = 1;
	g->fixedid = 0;
	if (seg_parse(pkt, len, &s))
		return;
	flags = pkt[s.l4 + 13];
	if (s.pay == 0 ||
	    (flags & (LVPN_TCP_URG | LVPN_TCP_PSH | LVPN_TCP_RST | LVPN_TCP_SYN | LVPN_TCP_FIN)))
		return;
	g->v6 = s.v6;
	g->l3_len = s.l4;
	g->l4_off = s.l4;
	g->hdr_len = s.l4 + s.thl;
	g->gso_size = (uint16_t)s.pay;
	g->next_seq = lvpn_get_be32(pkt + s.l4 + 4) + (uint32_t)s.pay;
	g->closed = 0;
}

/* IP header rules (inet_gro_flush / ipv6_gro_flush and the same-flow
 * tests): 1 when p may follow the held packet h. */
static int ip_joins(struct lvpn_gro *g, const uint8_t *h, const uint8_t *p, int *fixedid)
{
	uint16_t off;

	if (g->v6)
		return memcmp(p, h, 4) == 0 && p[7] == h[7] && memcmp(p + 8, h + 8, 32) == 0;
	if (memcmp(p + 12, h + 12, 8) != 0 || p[1] != h[1] || p[8] != h[8] ||
	    ((p[6] ^ h[6]) & IP_DF))
		return 0;
	/* ids increment by one per segment, or (decided on the second
	 * segment, as Linux 6.18 does, DF or not) all stay the same */
	off = (uint16_t)(lvpn_get_be16(p + 4) - lvpn_get_be16(h + 4));
	*fixedid = g->fixedid || (g->nseg == 1 && off == 0);
	return off == (*fixedid ? 0 : (uint16_t)g->nseg);
}

/* TCP rules (tcp_gro_receive): 1 when the segment s in p continues the
 * held super-packet. */
static int tcp_joins(const struct lvpn_gro *g, const uint8_t *h, const uint8_t *p,
                     const struct seg *s)
{
	const uint8_t *t = p + s->l4, *u = h + g->l4_off;

	/* same family (checked) and data offset (below): same header length */
	if (memcmp(t, u, 4) != 0)
		return 0;
	if (lvpn_get_be32(t + 4) != g->next_seq || memcmp(t + 8, u + 8, 4) != 0)
		return 0;
	/* data offset, flags and window alike, but for FIN and PSH (this
	 * one may be the last) and CWR (only the first may carry it) */
	if (t[12] != u[12] ||
	    ((t[13] ^ u[13]) & (uint8_t) ~(LVPN_TCP_CWR | LVPN_TCP_FIN | LVPN_TCP_PSH)) ||
	    (t[13] & LVPN_TCP_CWR) || memcmp(t + 14, u + 14, 2) != 0)
		return 0;
	if (memcmp(t + 20, u + 20, s->thl - 20) != 0)
		return 0;
	if (s->pay == 0 || s->pay > g->gso_size)
		return 0;
	return g->len + s->pay <= LVPN_GSO_MAX && LVPN_VNET_HDR_LEN + g->len + s->pay <= g->cap;
}

int lvpn_gro_add(struct lvpn_gro *g, const uint8_t *pkt, size_t len)
{
	uint8_t *h = g->buf + LVPN_VNET_HDR_LEN;
	struct seg s;
	int fixedid = 0;
	uint8_t flags;

	if (len > LVPN_GSO_MAX)
		return LVPN_ERR_TOO_BIG;
	if (g->nseg == 0) {
		if (g->cap < LVPN_VNET_HDR_LEN + len)
			return LVPN_ERR_BUFSIZE;
		gro_start(g, pkt, len);
		return 1;
	}
	if (g->closed || seg_parse(pkt, len, &s) || s.v6 != g->v6)
		return 0;
	if (!ip_joins(g, h, pkt, &fixedid) || !tcp_joins(g, h, pkt, &s))
		return 0;
	memcpy(h + g->len, pkt + s.l4 + s.thl, s.pay);
	g->len += s.pay;
	g->nseg++;
	g->fixedid = fixedid;
	g->next_seq += (uint32_t)s.pay;
	flags = pkt[s.l4 + 13] & (LVPN_TCP_FIN | LVPN_TCP_PSH);
	h[g->l4_off + 13] |= flags;
	if (flags || s.pay < g->gso_size)
		g->closed = 1;
	return 1;
}

int lvpn_gro_finish(struct lvpn_gro *g, const uint8_t **p, size_t *len)
{
	struct lvpn_vnet_hdr vh = {0};
	uint8_t *h = g->buf + LVPN_VNET_HDR_LEN;
	uint32_t ps;

	if (g->nseg == 0)
		return LVPN_ERR_STATE;
	if (g->nseg > 1) {
		if (g->v6) {
			lvpn_put_be16(h + 4, (uint16_t)(g->len - 40));
		} else {
			lvpn_put_be16(h + 2, (uint16_t)g->len);
			lvpn_csum_ipv4_set(h, 20);
		}
		/* CHECKSUM_PARTIAL: the field holds the pseudo-header sum */
		ps = lvpn_csum_pseudo(h, g->v6, LVPN_IPPROTO_TCP, g->len - g->l4_off);
		lvpn_put_be16(h + g->l4_off + 16, lvpn_csum_fold(ps));
		vh.flags = LVPN_VNET_F_NEEDS_CSUM;
		vh.gso_type = g->v6 ? LVPN_VNET_GSO_TCPV6 : LVPN_VNET_GSO_TCPV4;
		if (h[g->l4_off + 13] & LVPN_TCP_CWR)
			vh.gso_type |= LVPN_VNET_GSO_ECN;
		vh.hdr_len = (uint16_t)g->hdr_len;
		vh.gso_size = g->gso_size;
		vh.csum_start = (uint16_t)g->l4_off;
		vh.csum_offset = 16;
	}
	lvpn_vnet_hdr_write(g->buf, &vh);
	*p = g->buf;
	*len = LVPN_VNET_HDR_LEN + g->len;
	g->nseg = 0;
	g->len = 0;
	g->closed = 0;
	return 0;
}
