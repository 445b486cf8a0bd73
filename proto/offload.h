/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - segmentation and coalescing for TUN offloads (GSO/GRO in user
 * space).
 *
 * With IFF_VNET_HDR and TUNSETOFFLOAD a TUN device hands us, and takes from
 * us, packets prefixed by a virtio_net_hdr: a TCP "super-packet" of up to
 * 64 KiB that the kernel did not cut into MSS-sized segments, and packets
 * whose checksum is only partially computed (CHECKSUM_PARTIAL).  OpenVPN's
 * wire carries ordinary IP packets, so:
 *   - on the way out (TUN -> link), lvpn_gso_next() cuts a super-packet into
 *     the segments the kernel's GSO would have produced (IPv4 total length,
 *     id and header checksum; TCP sequence numbers; FIN/PSH only on the
 *     last segment, CWR only on the first; every checksum complete), one
 *     per call, each into its own caller buffer;
 *   - on the way in (link -> TUN), lvpn_gro_add() appends decrypted TCP
 *     segments of one flow to one super-packet, following the kernel's GRO
 *     rules, and lvpn_gro_finish() prefixes it with its virtio_net_hdr.
 *
 * Pure functions over caller-owned bytes: no allocation, no I/O, no
 * formatting.  The virtio_net_hdr is in host byte order (what a TUN device
 * uses unless TUNSETVNETBE/LE say otherwise); its size on the device is
 * LVPN_VNET_HDR_LEN (the default TUNSETVNETHDRSZ).
 */
#ifndef LVPN_OFFLOAD_H
#define LVPN_OFFLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define LVPN_VNET_HDR_LEN 10
#define LVPN_GSO_MAX      65535 /* largest super-packet, IP header included */

/* virtio_net_hdr flags and gso types (linux/virtio_net.h values) */
#define LVPN_VNET_F_NEEDS_CSUM 1
#define LVPN_VNET_F_DATA_VALID 2
#define LVPN_VNET_GSO_NONE     0
#define LVPN_VNET_GSO_TCPV4    1
#define LVPN_VNET_GSO_UDP      3
#define LVPN_VNET_GSO_TCPV6    4
#define LVPN_VNET_GSO_UDP_L4   5
#define LVPN_VNET_GSO_ECN      0x80

struct lvpn_vnet_hdr {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;     /* bytes of headers (IP + transport) */
	uint16_t gso_size;    /* payload bytes per segment */
	uint16_t csum_start;  /* offset where the partial checksum starts */
	uint16_t csum_offset; /* where, from csum_start, it is stored */
};

/* Reads the virtio_net_hdr at p (len bytes available, at least
 * LVPN_VNET_HDR_LEN).  Errors: LVPN_ERR_TRUNCATED. */
LVPN_MUST_CHECK int lvpn_vnet_hdr_read(const uint8_t *p, size_t len, struct lvpn_vnet_hdr *h);

/* Writes h as LVPN_VNET_HDR_LEN bytes at p. */
void lvpn_vnet_hdr_write(uint8_t *p, const struct lvpn_vnet_hdr *h);

/* --- segmentation: one packet read from the TUN device -> IP packets --- */

struct lvpn_gso {
	const uint8_t *pkt; /* the IP packet after the virtio_net_hdr */
	size_t len;
	struct lvpn_vnet_hdr h;
	/* filled by lvpn_gso_start */
	size_t l3_len, l4_off, l4_len; /* IP header length, transport offset and header length */
	int v6;                        /* IPv6 (else IPv4) */
	int tcp;                       /* TCP (else UDP: UDP_L4) */
	size_t off;                    /* next payload byte to emit */
	uint32_t seq;                  /* TCP sequence number of that byte */
	uint16_t ip_id;                /* IPv4 id of the next segment */
	unsigned nseg;                 /* segments emitted so far */
};

/* Prepares to cut the packet pkt (len bytes, without its virtio_net_hdr
 * h).  A packet that is not a GSO packet (GSO_NONE) yields itself once,
 * with its checksum completed when NEEDS_CSUM is set.  Checks everything
 * it will rely on: IP version and header lengths against len, hdr_len,
 * csum_start/csum_offset within the packet, gso_size non-zero for a GSO
 * type, the transport protocol matching the gso type.
 * A GSO packet whose payload fits in one segment yields one packet, as
 * the kernel sends it.  GSO_ECN is accepted on TCP: CWR stays on the first
 * segment only, with or without it, as in tcp_gso_segment.  The checksum
 * fields of the input are not trusted: every segment's checksums are
 * computed from scratch.
 * Errors: LVPN_ERR_TRUNCATED, LVPN_ERR_MALFORMED (lengths that do not
 * match, hdr_len or csum_start + csum_offset + 2 beyond len, gso_size 0,
 * IHL < 5, TCP data offset < 5, an IPv4 fragment, a gso type the packet
 * does not match, UDP_L4 without NEEDS_CSUM, a csum_offset other than
 * TCP's or UDP's checksum field), LVPN_ERR_TOO_BIG (len > LVPN_GSO_MAX),
 * LVPN_ERR_UNSUPPORTED (GSO_UDP (UFO), IPv6 extension headers in a GSO
 * packet). */
LVPN_MUST_CHECK int lvpn_gso_start(struct lvpn_gso *g, const struct lvpn_vnet_hdr *h,
                                   const uint8_t *pkt, size_t len);

/* Writes the next segment (a complete IP packet with correct checksums)
 * into out (cap bytes) and sets *out_len.  Returns 1 when a segment was
 * written, 0 when there are no more.
 * Errors: LVPN_ERR_BUFSIZE (cap smaller than the segment). */
LVPN_MUST_CHECK int lvpn_gso_next(struct lvpn_gso *g, uint8_t *out, size_t cap, size_t *out_len);

/* --- coalescing: decrypted IP packets -> one packet for the TUN device --- */

struct lvpn_gro {
	uint8_t *buf; /* caller storage: virtio_net_hdr + super-packet */
	size_t cap;
	size_t len; /* bytes of the super-packet so far (after the header room) */
	unsigned nseg;
	/* the flow and where it continues */
	int v6;
	size_t l3_len, l4_off, hdr_len;
	uint16_t gso_size; /* payload of the first segment */
	uint32_t next_seq;
	int closed;  /* a short segment or PSH/FIN ended it */
	int fixedid; /* IPv4 ids do not increment (decided on the second) */
};

/* Starts an empty super-packet in buf (cap bytes, at least
 * LVPN_VNET_HDR_LEN + LVPN_GSO_MAX). */
void lvpn_gro_init(struct lvpn_gro *g, uint8_t *buf, size_t cap);

/* Offers one IP packet (pkt, len).  Returns 1 when it was taken (it
 * started the super-packet or continued it), 0 when it cannot join this
 * one (another flow, not TCP, not the next sequence number, different
 * headers or options, flags the kernel's GRO would not merge, too large,
 * or the super-packet is closed): finish this one, write it, and start a
 * new one with the packet.  An empty g takes any packet, TCP or not (a
 * non-TCP packet closes it at once).  Segments are merged only when
 * their TCP checksum verifies (the result goes to the kernel as
 * CHECKSUM_PARTIAL, which would hide a corrupt segment); IPv6 extension
 * headers and IPv4 options are never merged.
 * Errors: LVPN_ERR_TOO_BIG (a packet larger than LVPN_GSO_MAX),
 * LVPN_ERR_BUFSIZE (g is empty and cap cannot hold the packet). */
LVPN_MUST_CHECK int lvpn_gro_add(struct lvpn_gro *g, const uint8_t *pkt, size_t len);

/* Completes the super-packet (IP lengths and checksum; for more than one
 * segment the virtio_net_hdr with gso_type TCPV4/TCPV6, gso_size,
 * NEEDS_CSUM and the TCP pseudo-header sum) and points *p at the bytes to
 * write to the TUN device, header included (*len).  A single packet is
 * written back unchanged behind a header with GSO_NONE.  Leaves g empty,
 * ready for lvpn_gro_add().  Errors: LVPN_ERR_STATE (g is empty). */
LVPN_MUST_CHECK int lvpn_gro_finish(struct lvpn_gro *g, const uint8_t **p, size_t *len);

#endif
