/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --fragment: OpenVPN 2.6's internal fragmentation of data
 * packets on UDP.
 *
 * With --fragment every data-channel plaintext carries a 4-byte header in
 * front of its compression framing, inside the encryption:
 *
 *   bits  0..1   type: 0 whole, 1 fragment (not last), 2 last fragment,
 *                3 test (never sent; refused)
 *   bits  2..9   sequence id of the packet being fragmented (mod 256)
 *   bits 10..14  fragment id (0..31)
 *   bits 15..28  last fragment only: the size of every other fragment of
 *                the packet, in units of 4 bytes
 *
 * A packet that fits is sent whole (header 0).  A larger one is cut into
 * at most 32 fragments of one size (a multiple of 4) and a shorter last
 * one; all share a sequence id, the next one for each fragmented packet.
 *
 * Receiving: up to LVPN_FRAG_BUFS packets are reassembled at once, those
 * whose sequence ids lie in the LVPN_FRAG_BUFS ids ending at the highest
 * seen; a fragment further away forgets them all.  A partial packet older
 * than LVPN_FRAG_TTL_MS is forgotten.  A fragment whose size differs from
 * the one its packet was started with starts the packet again.
 *
 * Sending: the first fragment stays in the caller's buffer; the rest of the
 * packet waits in one of LVPN_FRAG_TXQ slots until lvpn_frag_next() hands
 * out its fragments one by one.
 *
 * Every buffer is allocated by lvpn_frag_init(); nothing else allocates.
 * The header is authenticated with the packet, but its fields come from
 * the peer: each is checked before use and bad ones are dropped and
 * counted.
 */
#ifndef LVPN_PROTO_FRAGMENT_H
#define LVPN_PROTO_FRAGMENT_H

#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

#define LVPN_FRAG_HDR_LEN  4
#define LVPN_FRAG_BUFS     25    /* packets reassembled at once */
#define LVPN_FRAG_SEQ_IDS  256   /* sequence ids wrap here */
#define LVPN_FRAG_MAX      32    /* fragments per packet */
#define LVPN_FRAG_TTL_MS   10000 /* a partial packet is kept this long */
#define LVPN_FRAG_TXQ      32    /* fragmented packets waiting to be sent */
#define LVPN_FRAG_MIN_SIZE 68    /* the smallest --fragment value */
#define LVPN_FRAG_SLACK    64    /* a plaintext's framing beyond tun-mtu */

enum lvpn_frag_type {
	LVPN_FRAG_WHOLE = 0,
	LVPN_FRAG_NOTLAST = 1,
	LVPN_FRAG_LAST = 2,
	LVPN_FRAG_TEST = 3,
};

struct lvpn_frag_stats {
	uint64_t rx_whole, rx_frags, rx_done; /* packets whole, fragments, reassembled */
	uint64_t tx_split, tx_frags;          /* packets cut, fragments sent */
	uint64_t drop_malformed;              /* test type, size not a multiple of 4,
	                                       * flags set on a whole packet, truncated */
	uint64_t drop_overflow;               /* a fragment past the reassembly buffer */
	uint64_t expired;                     /* partial packets forgotten (TTL, window) */
	uint64_t drop_tx_full;                /* not sent: LVPN_FRAG_TXQ slots busy */
	uint64_t drop_tx_big;                 /* not sent: more than 32 fragments needed */
};

struct lvpn_frag_part {
	uint8_t *mem;   /* cap bytes */
	uint32_t len;   /* bytes reassembled so far (highest end) */
	uint32_t size;  /* fragment size of this packet */
	uint32_t map;   /* bit n: fragment n arrived (all above n once the last did) */
	uint64_t stamp; /* ms: the latest fragment */
	uint8_t used;
};

struct lvpn_frag_tx {
	uint8_t *mem; /* cap bytes: what is left of one packet */
	uint32_t off, len, size;
	uint8_t seq, id;
};

struct lvpn_frag {
	uint32_t cap; /* largest packet reassembled or queued */
	uint8_t *mem; /* every buffer below, one allocation */
	struct lvpn_frag_part rx[LVPN_FRAG_BUFS];
	unsigned rx_seq, rx_index; /* highest sequence id seen, its slot */
	int rx_any;
	struct lvpn_frag_tx tx[LVPN_FRAG_TXQ];
	unsigned tx_head, tx_count;
	uint8_t tx_seq;
	struct lvpn_frag_stats st;
};

/* Allocates the reassembly and send buffers for packets of up to cap bytes
 * (the compression-framed plaintext); seq0 is the first sequence id less
 * one (OpenVPN starts at a random one).
 * Errors: LVPN_ERR_INVAL (cap 0 or over 65535), LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_frag_init(struct lvpn_frag *f, uint32_t cap, uint8_t seq0);

/* Frees what lvpn_frag_init allocated (f may be zeroed or freed twice). */
void lvpn_frag_free(struct lvpn_frag *f);

/* The largest fragment payload for a datagram of at most max_dgram bytes
 * when sealing adds head bytes before and up to tail after the plaintext
 * (the fragment header included in neither): rounded down to a multiple of
 * 4.  Errors: LVPN_ERR_CONFIG (nothing would fit). */
LVPN_MUST_CHECK int lvpn_frag_payload_max(uint32_t max_dgram, uint32_t head, uint32_t tail,
                                          uint32_t *out);

/* Outgoing: b holds one compression-framed plaintext with at least
 * LVPN_FRAG_HDR_LEN bytes of headroom.  If b->len <= max it gets the
 * "whole" header; otherwise b keeps the first fragment (with its header)
 * and the rest of the packet is queued for lvpn_frag_next().
 * Errors: LVPN_ERR_TOO_BIG (over 32 fragments or over cap; counted),
 * LVPN_ERR_AGAIN (every send slot busy; counted), LVPN_ERR_BUFSIZE (no
 * headroom), LVPN_ERR_INVAL (max under 4). */
LVPN_MUST_CHECK int lvpn_frag_send(struct lvpn_frag *f, struct lvpn_buf *b, uint32_t max);

/* 1 if fragments wait for lvpn_frag_next(). */
static inline int lvpn_frag_pending(const struct lvpn_frag *f)
{
	return f->tx_count != 0;
}

/* Writes the next waiting fragment, with its header, at b's head (b empty,
 * with LVPN_FRAG_HDR_LEN bytes of headroom).  Returns 1 if it wrote one, 0
 * if none waits.  Errors: LVPN_ERR_BUFSIZE (b too small: the fragment
 * stays queued). */
LVPN_MUST_CHECK int lvpn_frag_next(struct lvpn_frag *f, struct lvpn_buf *b);

/* Incoming: b holds a decrypted plaintext starting with the fragment
 * header, received at now (ms).  Returns 1 when b holds a whole packet
 * (header removed; a completed packet is copied into b, which must have
 * room for cap bytes after its head), 0 when the fragment was kept and
 * nothing is to be delivered yet.  Every error is a drop, counted.
 * Errors: LVPN_ERR_TRUNCATED, LVPN_ERR_MALFORMED, LVPN_ERR_TOO_BIG (past the
 * reassembly buffer), LVPN_ERR_BUFSIZE (b cannot take the packet). */
LVPN_MUST_CHECK int lvpn_frag_recv(struct lvpn_frag *f, struct lvpn_buf *b, uint64_t now);

#endif
