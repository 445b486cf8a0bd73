/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - segmentation and coalescing for TUN offloads (see
 * proto/offload.h).  The rules are the Linux kernel's: virtio_net_hdr_to_skb
 * for what a header may say, tcp_gso_segment / inet_gso_segment /
 * __udp_gso_segment for how segments look, inet_gro_receive /
 * ipv6_gro_receive / tcp_gro_receive / tcp_gro_complete for what merges. */
#include "proto/offload.h"

#include <string.h>

#include "base/buf.h"
#include "proto/inet.h"

#define IP_MF      0x2000
#define IP_OFFMASK 0x1FFF

#define GSO_BY_FRAGS     0xFFFF /* a kernel-internal gso_size, refused */
#define UDP_MAX_SEGMENTS 128    /* the kernel's ceiling on a USO packet */

/* Complete checksum of the transport segment at ip + l4_off (len bytes of
 * packet in all), its checksum field at l4 + csum_at. */
static void l4_set_csum(uint8_t *ip, size_t len, int v6, size_t l4_off, int tcp)
{
	uint8_t *l4 = ip + l4_off;
	size_t at = tcp ? 16 : 6;
	uint16_t c;

	lvpn_put_be16(l4 + at, 0);
	c = (uint16_t)~lvpn_csum_fold(
	    lvpn_csum_pseudo(ip, v6, tcp ? LVPN_IPPROTO_TCP : LVPN_IPPROTO_UDP, len - l4_off) +
	    lvpn_csum_bytes(l4, len - l4_off));
	if (!tcp && c == 0)
		c = 0xFFFF; /* RFC 768: zero means "no checksum" */
	lvpn_put_be16(l4 + at, c);
}

/* --- virtio_net_hdr --- */

int lvpn_vnet_hdr_read(const uint8_t *p, size_t len, struct lvpn_vnet_hdr *h)
{
	if (len < LVPN_VNET_HDR_LEN)
		return LVPN_ERR_TRUNCATED;
	h->flags = p[0];
	h->gso_type = p[1];
	memcpy(&h->hdr_len, p + 2, 2);
	memcpy(&h->gso_size, p + 4, 2);
	memcpy(&h->csum_start, p + 6, 2);
	memcpy(&h->csum_offset, p + 8, 2);
	return 0;
}

void lvpn_vnet_hdr_write(uint8_t *p, const struct lvpn_vnet_hdr *h)
{
	p[0] = h->flags;
	p[1] = h->gso_type;
	memcpy(p + 2, &h->hdr_len, 2);
	memcpy(p + 4, &h->gso_size, 2);
	memcpy(p + 6, &h->csum_start, 2);
	memcpy(p + 8, &h->csum_offset, 2);
}

/* --- segmentation --- */

static int ipv6_is_ext(uint8_t nh)
{
	/* hop-by-hop, routing, fragment, ESP, AH, destination, mobility,
	 * HIP, shim6 */
	return nh == 0 || nh == 43 || nh == 44 || nh == 50 || nh == 51 || nh == 60 || nh == 135 ||
	       nh == 139 || nh == 140;
}

/* The IP header of a GSO packet: g->v6, g->l3_len, the protocol. */
static int gso_ip(struct lvpn_gso *g, uint8_t *proto)
{
	const uint8_t *p = g->pkt;

	if (g->len < 1)
		return LVPN_ERR_TRUNCATED;
	if (p[0] >> 4 == 4) {
		g->l3_len = (size_t)(p[0] & 15) * 4;
		if (g->l3_len < 20)
			return LVPN_ERR_MALFORMED;
		if (g->l3_len > g->len)
			return LVPN_ERR_TRUNCATED;
		if (lvpn_get_be16(p + 2) != g->len)
			return LVPN_ERR_MALFORMED;
		if (lvpn_get_be16(p + 6) & (IP_MF | IP_OFFMASK))
			return LVPN_ERR_MALFORMED; /* a fragment cannot be segmented */
		*proto = p[9];
		return 0;
	}
	if (p[0] >> 4 != 6)
		return LVPN_ERR_MALFORMED;
	if (g->len < 40)
		return LVPN_ERR_TRUNCATED;
	if ((size_t)lvpn_get_be16(p + 4) + 40 != g->len)
		return LVPN_ERR_MALFORMED;
	g->v6 = 1;
	g->l3_len = 40;
	*proto = p[6];
	if (ipv6_is_ext(*proto))
		return LVPN_ERR_UNSUPPORTED;
	return 0;
}

/* The gso type against the packet, and the transport header. */
static int gso_l4(struct lvpn_gso *g, unsigned type)
{
	uint8_t proto = 0;
	size_t room;
	int rc = gso_ip(g, &proto);

	if (rc)
		return rc;
	if ((type == LVPN_VNET_GSO_TCPV4 && g->v6) || (type == LVPN_VNET_GSO_TCPV6 && !g->v6))
		return LVPN_ERR_MALFORMED;
	g->tcp = type != LVPN_VNET_GSO_UDP_L4;
	if (proto != (g->tcp ? LVPN_IPPROTO_TCP : LVPN_IPPROTO_UDP))
		return LVPN_ERR_MALFORMED;
	g->l4_off = g->l3_len;
	room = g->len - g->l4_off;
	if (g->tcp) {
		if (room < 20)
			return LVPN_ERR_TRUNCATED;
		g->l4_len = (size_t)(g->pkt[g->l4_off + 12] >> 4) * 4;
		if (g->l4_len < 20)
			return LVPN_ERR_MALFORMED;
		if (g->l4_len > room)
			return LVPN_ERR_TRUNCATED;
		g->seq = lvpn_get_be32(g->pkt + g->l4_off + 4);
		return 0;
	}
	if (room < 8)
		return LVPN_ERR_TRUNCATED;
	g->l4_len = 8;
	if (lvpn_get_be16(g->pkt + g->l4_off + 4) != room)
		return LVPN_ERR_MALFORMED;
	if (room - 8 > (size_t)g->h.gso_size * UDP_MAX_SEGMENTS)
		return LVPN_ERR_MALFORMED;
	return 0;
}

int lvpn_gso_start(struct lvpn_gso *g, const struct lvpn_vnet_hdr *h, const uint8_t *pkt,
                   size_t len)
{
	unsigned type = h->gso_type & (unsigned)~LVPN_VNET_GSO_ECN;
	int csum = h->flags & LVPN_VNET_F_NEEDS_CSUM, rc;

	memset(g, 0, sizeof(*g));
	g->pkt = pkt;
	g->len = len;
	g->h = *h;
	if (len > LVPN_GSO_MAX)
		return LVPN_ERR_TOO_BIG;
	if (h->hdr_len > len)
		return LVPN_ERR_MALFORMED;
	if (csum && (size_t)h->csum_start + h->csum_offset + 2 > len)
		return LVPN_ERR_MALFORMED;
	if (h->gso_type == LVPN_VNET_GSO_NONE)
		return 0;
	if (type == LVPN_VNET_GSO_UDP)
		return LVPN_ERR_UNSUPPORTED; /* UFO: IP fragmentation */
	if (type != LVPN_VNET_GSO_TCPV4 && type != LVPN_VNET_GSO_TCPV6 &&
	    type != LVPN_VNET_GSO_UDP_L4)
		return LVPN_ERR_MALFORMED; /* includes GSO_NONE | ECN */
	if (h->gso_size == 0 || h->gso_size == GSO_BY_FRAGS)
		return LVPN_ERR_MALFORMED;
	if (type == LVPN_VNET_GSO_UDP_L4 &&
	    (!csum || h->csum_offset != 6 || (h->gso_type & LVPN_VNET_GSO_ECN)))
		return LVPN_ERR_MALFORMED;
	if (type != LVPN_VNET_GSO_UDP_L4 && csum && h->csum_offset != 16)
		return LVPN_ERR_MALFORMED;
	rc = gso_l4(g, type);
	if (rc)
		return rc;
	g->off = g->l4_off + g->l4_len;
	if (!g->v6)
		g->ip_id = lvpn_get_be16(pkt + 4);
	return 0;
}

/* A GSO_NONE packet: itself, its partial checksum completed the way
 * skb_checksum_help does (the field holds the pseudo-header sum). */
static int gso_single(struct lvpn_gso *g, uint8_t *out, size_t cap, size_t *out_len)
{
	size_t cs = g->h.csum_start;
	uint16_t c;

	if (g->nseg)
		return 0;
	if (cap < g->len)
		return LVPN_ERR_BUFSIZE;
	memcpy(out, g->pkt, g->len);
	if (g->h.flags & LVPN_VNET_F_NEEDS_CSUM) {
		/* checksum over [cs, len) starting at an even offset of its
		 * own stream, whatever the parity of cs in the packet */
		c = (uint16_t)~lvpn_csum_fold(lvpn_csum_bytes(out + cs, g->len - cs));
		lvpn_put_be16(out + cs + g->h.csum_offset, c ? c : 0xFFFF);
	}
	g->nseg = 1;
	*out_len = g->len;
	return 1;
}

int lvpn_gso_next(struct lvpn_gso *g, uint8_t *out, size_t cap, size_t *out_len)
{
	size_t hl = g->l4_off + g->l4_len, pay, n;
	uint8_t *l4;

	if (g->h.gso_type == LVPN_VNET_GSO_NONE)
		return gso_single(g, out, cap, out_len);
	if (g->off >= g->len && g->nseg)
		return 0;
	pay = g->len - g->off;
	if (pay > g->h.gso_size)
		pay = g->h.gso_size;
	n = hl + pay;
	if (cap < n)
		return LVPN_ERR_BUFSIZE;
	memcpy(out, g->pkt, hl);
	memcpy(out + hl, g->pkt + g->off, pay);
	l4 = out + g->l4_off;
	if (g->v6) {
		lvpn_put_be16(out + 4, (uint16_t)(n - 40));
	} else {
		/* the kernel increments the id per segment (no FIXEDID from
		 * a TUN device), DF or not */
		lvpn_put_be16(out + 2, (uint16_t)n);
		lvpn_put_be16(out + 4, g->ip_id++);
		lvpn_csum_ipv4_set(out, g->l3_len);
	}
	if (g->tcp) {
		lvpn_put_be32(l4 + 4, g->seq);
		if (g->off + pay < g->len)
			l4[13] &= (uint8_t) ~(LVPN_TCP_FIN | LVPN_TCP_PSH);
		if (g->nseg)
			l4[13] &= (uint8_t)~LVPN_TCP_CWR;
		g->seq += (uint32_t)pay;
	} else {
		lvpn_put_be16(l4 + 4, (uint16_t)(n - g->l4_off));
	}
	l4_set_csum(out, n, g->v6, g->l4_off, g->tcp);
	g->off += pay;
	g->nseg++;
	*out_len = n;
	return 1;
}
