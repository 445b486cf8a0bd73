/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - control packet codec (plain layout, openvpn-protocol.md b.3).
 *
 *   op|key_id (1) . own session id (8) . ACK block . message id (4) . payload
 *   ACK block = count (1) . count x acked message id (4) . peer session id
 *               (8, only if count > 0)
 *
 * P_ACK_V1 has no message id and no payload.  This codec sees packets
 * after unwrapping (proto/wrap.h turns tls-auth / tls-crypt packets into
 * this layout in place).  P_DATA_V1/V2 are only recognised as data.
 */
#ifndef LVPN_PKT_H
#define LVPN_PKT_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/wire.h"

struct lvpn_ctrl_pkt {
	uint8_t op;         /* LVPN_OP_* (3..11 except 6, 9) */
	uint8_t key_id;     /* 0..7 */
	uint8_t n_acks;     /* 0..LVPN_ACK_MAX */
	uint8_t has_msg_id; /* 0 only for P_ACK_V1 */
	uint32_t msg_id;
	uint32_t acks[LVPN_ACK_MAX];
	const uint8_t *sid;     /* sender's session id, LVPN_SID_SIZE bytes */
	const uint8_t *ack_sid; /* receiver's session id as the sender knows
	                         * it; NULL when n_acks == 0 */
	const uint8_t *payload; /* TLS bytes (or the server reset's TLVs) */
	size_t payload_len;
};

/* Tells control from data by the first byte of pkt.
 * Returns 1 for P_DATA_V1/V2, 0 for a control opcode parse accepts.
 * Errors: LVPN_ERR_TRUNCATED (empty), LVPN_ERR_OPCODE (1, 2, 0, 12..31). */
LVPN_MUST_CHECK int lvpn_pkt_classify(const uint8_t *pkt, size_t len);

/* Parses a plain control packet of len bytes.  *out points into pkt (no
 * copies but the ACK ids); pkt must outlive it.  Checks: opcode 3..11 and
 * not data; key_id 0 on the hard resets; ACK count <= LVPN_ACK_MAX; P_ACK_V1
 * has at least one ACK and no trailing bytes; every length fits.
 * Errors: LVPN_ERR_TRUNCATED, LVPN_ERR_OPCODE (obsolete, unknown or data
 * opcode), LVPN_ERR_MALFORMED (ACK count, key_id, ACK_V1 without ACKs or
 * with trailing bytes). Nothing is written to *out on error. */
LVPN_MUST_CHECK int lvpn_pkt_parse(const uint8_t *pkt, size_t len, struct lvpn_ctrl_pkt *out);

/* Bytes lvpn_pkt_write needs for p. */
size_t lvpn_pkt_size(const struct lvpn_ctrl_pkt *p);

/* Writes p into out (cap bytes) and sets *len.  has_msg_id is taken from
 * the opcode (0 for P_ACK_V1); ack_sid is required when n_acks > 0; payload
 * may overlap out only if it already sits at its final offset
 * (lvpn_ctrl_hdr_size() bytes in), which lets a caller build in place.
 * Errors: LVPN_ERR_INVAL (bad opcode, key_id, ACK count, missing sid or
 * ack_sid, payload on P_ACK_V1), LVPN_ERR_BUFSIZE (out too small). */
LVPN_MUST_CHECK int lvpn_pkt_write(const struct lvpn_ctrl_pkt *p, uint8_t *out, size_t cap,
                                   size_t *len);

/* --- early-negotiation TLVs (the server reset's payload, b.5) --- */

/* Writes one TLV EARLY_NEG_FLAGS = flags into out.
 * Errors: LVPN_ERR_BUFSIZE (cap < 6). */
LVPN_MUST_CHECK int lvpn_tlv_write_early_neg(uint8_t *out, size_t cap, uint16_t flags, size_t *len);

/* Reads the TLV list in a server reset's payload; *flags gets the
 * EARLY_NEG_FLAGS value (0 if absent).  Unknown types are skipped.
 * Errors: LVPN_ERR_TRUNCATED (a TLV runs past the end),
 * LVPN_ERR_MALFORMED (EARLY_NEG_FLAGS not 2 bytes long). */
LVPN_MUST_CHECK int lvpn_tlv_parse_early_neg(const uint8_t *p, size_t len, uint16_t *flags);

#endif
