/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - compression framing inside the data-channel plaintext (b.12).
 *
 *   alg            uncompressed                   compressed
 *   NONE           (no framing byte at all)       -
 *   LZO_STUB       0xFA prefix                    0x66 + LZO: dropped, counted
 *   STUB           swap: 0xFB at front, the first byte moved to the end
 *   LZ4            swap with 0xFB                 swap with 0x69 (LZ4 block)
 *   STUB_V2        nothing; 0x50 first -> 0x50 0x00 prefix
 *   LZ4_V2         as STUB_V2                     0x50 0x01 + LZ4 block
 *                  (0x50 0x02 LZO and 0x50 0x03 Snappy: dropped, counted)
 *
 * `comp-lzo [yes|adaptive]` maps to LZO_STUB: we never compress with LZO.
 * allow-compression (2.6): NO accepts every framing but refuses compressed
 * packets; ASYM decompresses but never compresses; YES also compresses
 * outgoing packets of at least 100 bytes when that saves space (only the
 * LZ4 algorithms).  Decompression is bounded by the frame payload.
 *
 * Everything is in place in the packet buffer.  The LZ4 algorithms use ONE
 * scratch buffer per context, allocated by lvpn_comp_init: LZ4 output goes
 * there and is copied back.  No allocation per packet.
 */
#ifndef LVPN_PROTO_COMP_H
#define LVPN_PROTO_COMP_H

#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

#define LVPN_COMP_THRESHOLD 100

enum lvpn_comp_alg {
	LVPN_COMP_NONE,
	LVPN_COMP_LZO_STUB,
	LVPN_COMP_STUB,
	LVPN_COMP_LZ4,
	LVPN_COMP_STUB_V2,
	LVPN_COMP_LZ4_V2,
};

enum lvpn_comp_allow { LVPN_COMP_ALLOW_NO, LVPN_COMP_ALLOW_ASYM, LVPN_COMP_ALLOW_YES };

struct lvpn_comp_stats {
	uint64_t tx_compressed, rx_decompressed;
	uint64_t drop_lzo;      /* LZO (or Snappy) compressed input */
	uint64_t drop_refused;  /* compressed input with allow-compression no */
	uint64_t drop_bad_byte; /* unknown framing byte */
	uint64_t drop_corrupt;  /* LZ4 data did not decode within the frame */
};

struct lvpn_comp {
	enum lvpn_comp_alg alg;
	enum lvpn_comp_allow allow;
	uint32_t max_payload; /* decompressed packets may not exceed this */
	uint8_t *scratch;     /* LZ4 algorithms only */
	uint32_t scratch_len;
	struct lvpn_comp_stats st;
};

/* Sets up a context; max_payload is the frame's largest plaintext.
 * Errors: LVPN_ERR_INVAL (bad alg/allow, max_payload 0 or > 1 GiB),
 * LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_comp_init(struct lvpn_comp *c, enum lvpn_comp_alg alg,
                                   enum lvpn_comp_allow allow, uint32_t max_payload);

void lvpn_comp_free(struct lvpn_comp *c);

/* Bytes framing may add in front of / behind a packet (for the frame). */
void lvpn_comp_overhead(enum lvpn_comp_alg alg, uint32_t *head, uint32_t *tail);

/* Frames (and with allow YES and an LZ4 alg, maybe compresses) the packet at
 * b's head in place.  Empty packets are left as they are.
 * Errors: LVPN_ERR_BUFSIZE (headroom < 2 or tailroom < 1 where needed). */
LVPN_MUST_CHECK int lvpn_comp_send(struct lvpn_comp *c, struct lvpn_buf *b);

/* Removes the framing of a received plaintext in place, decompressing when
 * allowed.  On error b is unchanged in size but its bytes may differ.
 * Errors: LVPN_ERR_UNSUPPORTED (LZO/Snappy, or compressed while refused),
 * LVPN_ERR_MALFORMED (bad framing byte, corrupt LZ4), LVPN_ERR_TOO_BIG
 * (decompresses beyond the frame or the buffer). */
LVPN_MUST_CHECK int lvpn_comp_recv(struct lvpn_comp *c, struct lvpn_buf *b);

#endif
