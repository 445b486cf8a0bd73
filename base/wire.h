/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - OpenVPN 2.6 wire constants and header-size arithmetic.
 *
 * The one place for opcodes, field sizes and the limits of the control
 * channel (reference: openvpn-protocol.md b.1-b.6, b.11, b.16).  Every
 * multi-byte field on the wire is big-endian.
 */
#ifndef LVPN_WIRE_H
#define LVPN_WIRE_H

#include <stddef.h>
#include <stdint.h>

/* --- first byte: opcode (high 5 bits) | key_id (low 3 bits) --- */
#define LVPN_OP_SHIFT    3
#define LVPN_KEY_ID_MASK 0x07u
#define LVPN_KEY_ID_MAX  7u

enum lvpn_opcode {
	LVPN_OP_HARD_RESET_CLIENT_V1 = 1, /* key method 1: rejected */
	LVPN_OP_HARD_RESET_SERVER_V1 = 2, /* key method 1: rejected */
	LVPN_OP_SOFT_RESET_V1 = 3,
	LVPN_OP_CONTROL_V1 = 4,
	LVPN_OP_ACK_V1 = 5,
	LVPN_OP_DATA_V1 = 6,
	LVPN_OP_HARD_RESET_CLIENT_V2 = 7,
	LVPN_OP_HARD_RESET_SERVER_V2 = 8,
	LVPN_OP_DATA_V2 = 9,
	LVPN_OP_HARD_RESET_CLIENT_V3 = 10,
	LVPN_OP_CONTROL_WKC_V1 = 11,
};

#define LVPN_OP_FIRST 3
#define LVPN_OP_LAST  11

static inline uint8_t lvpn_op_byte(unsigned op, unsigned key_id)
{
	return (uint8_t)(op << LVPN_OP_SHIFT | (key_id & LVPN_KEY_ID_MASK));
}

static inline unsigned lvpn_op_of(uint8_t b)
{
	return b >> LVPN_OP_SHIFT;
}

static inline unsigned lvpn_key_id_of(uint8_t b)
{
	return b & LVPN_KEY_ID_MASK;
}

static inline int lvpn_op_is_data(unsigned op)
{
	return op == LVPN_OP_DATA_V1 || op == LVPN_OP_DATA_V2;
}

static inline int lvpn_op_is_hard_reset(unsigned op)
{
	return op == LVPN_OP_HARD_RESET_CLIENT_V2 || op == LVPN_OP_HARD_RESET_SERVER_V2 ||
	       op == LVPN_OP_HARD_RESET_CLIENT_V3;
}

/* --- control packet fields --- */
#define LVPN_SID_SIZE          8 /* session id */
#define LVPN_MSG_ID_SIZE       4 /* reliable-layer message packet-id */
#define LVPN_PID_LONG_SIZE     8 /* replay packet-id, long form: u32 id, u32 time */
#define LVPN_ACK_MAX           8 /* ACKs in one P_ACK_V1 (RELIABLE_ACK_SIZE) */
#define LVPN_ACK_PIGGYBACK_MAX 4 /* ACKs on other control packets */

/* Bytes of an ACK block with n ids: count, ids, peer sid only if n > 0. */
#define LVPN_ACK_SIZE(n) (1u + ((n) ? LVPN_SID_SIZE : 0u) + 4u * (n))

/* Plain (unwrapped) control header: op|kid, own sid, ACK block of n ids,
 * message id (absent in P_ACK_V1). */
static inline size_t lvpn_ctrl_hdr_size(unsigned n_acks, int has_msg_id)
{
	return 1 + LVPN_SID_SIZE + LVPN_ACK_SIZE(n_acks) + (has_msg_id ? LVPN_MSG_ID_SIZE : 0);
}

/* --- reliability layer (ssl_pkt.h, reliable.h) --- */
#define LVPN_REL_SEND_WINDOW      6    /* TLS_RELIABLE_N_SEND_BUFFERS */
#define LVPN_REL_RECV_WINDOW      12   /* TLS_RELIABLE_N_REC_BUFFERS */
#define LVPN_REL_EARLY_RETRANSMIT 3    /* N_ACK_RETRANSMIT */
#define LVPN_TLS_TIMEOUT_DEFAULT  2    /* seconds, --tls-timeout */
#define LVPN_TLS_MTU_DEFAULT      1250 /* control packet size, --max-packet-size */
#define LVPN_TLS_MTU_MIN          154

/* --- wrapping overheads --- */
#define LVPN_TLS_CRYPT_TAG_SIZE 32
#define LVPN_TLS_CRYPT_OFF_PID  9  /* op|kid, sid */
#define LVPN_TLS_CRYPT_OFF_TAG  17 /* ... replay id and time */
#define LVPN_TLS_CRYPT_OFF_CT   49 /* ... tag */
#define LVPN_TLS_CRYPT_OVERHEAD (LVPN_PID_LONG_SIZE + LVPN_TLS_CRYPT_TAG_SIZE)
#define LVPN_HMAC_MAX           64 /* largest tls-auth digest (SHA512) */

/* --- static keys (crypto.h struct key / key2) --- */
#define LVPN_KEY_CIPHER_LEN 64
#define LVPN_KEY_HMAC_LEN   64
#define LVPN_KEY_LEN        (LVPN_KEY_CIPHER_LEN + LVPN_KEY_HMAC_LEN) /* struct key: 128 */
#define LVPN_KEY2_LEN       (2 * LVPN_KEY_LEN)                        /* struct key2: 256 */

/* key directions (b.4) */
enum lvpn_key_dir {
	LVPN_KEY_DIR_BIDI = -1,   /* no direction: keys[0] both ways */
	LVPN_KEY_DIR_NORMAL = 0,  /* send keys[0], receive keys[1]; tls-crypt server */
	LVPN_KEY_DIR_INVERSE = 1, /* send keys[1], receive keys[0]; tls-crypt client */
};

/* --- tls-crypt-v2 (b.5) --- */
#define LVPN_TCV2_KC_LEN         LVPN_KEY2_LEN
#define LVPN_TCV2_WKC_MAX        1024
#define LVPN_TCV2_META_MAX       (LVPN_TCV2_WKC_MAX - (LVPN_TCV2_KC_LEN + 32 + 2)) /* 734 */
#define LVPN_TCV2_WKC_MIN        (32 + LVPN_TCV2_KC_LEN + 2)
#define LVPN_TCV2_META_USER      0x00
#define LVPN_TCV2_META_TIMESTAMP 0x01

/* early negotiation */
#define LVPN_EARLY_NEG_START           0x0f000000u
#define LVPN_EARLY_NEG_MASK            0xff000000u
#define LVPN_TLV_EARLY_NEG_FLAGS       0x0001u
#define LVPN_EARLY_NEG_FLAG_RESEND_WKC 0x0001u

/* --- TCP framing (b.2) --- */
#define LVPN_TCP_LEN_SIZE 2

#endif
