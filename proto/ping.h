/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the data-channel control payloads: keepalive ping and OCC
 * (openvpn-protocol.md b.13).  They travel as ordinary data packets
 * (compression-framed, then encrypted) and are never written to the TUN.
 *
 *   ping: the 16 bytes 2a 18 7b f3 64 1e b4 cb 07 ed 2d 0a 98 1f c7 48
 *   OCC:  28 7f 34 6b d4 ef 7a 81 2d 56 b8 d3 af c5 45 9c, an opcode byte,
 *         then: REPLY the options string with its NUL; MTU_LOAD_REQUEST a
 *         u16 size; MTU_REPLY two u16 (largest received, largest sent);
 *         MTU_LOAD random filler; REQUEST, MTU_REQUEST and EXIT nothing.
 *
 * Only building blocks: the timers (ping interval, OCC retries, exit
 * notification count) belong to the session engine.
 */
#ifndef LVPN_PROTO_PING_H
#define LVPN_PROTO_PING_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

#define LVPN_PING_LEN      16
#define LVPN_OCC_MAGIC_LEN 16
/* the longest REPLY options string lvpn_occ_build sends, its NUL included
 * (far more than a packet holds; it keeps the length a 32-bit buffer
 * length) */
#define LVPN_OCC_OPTIONS_MAX 65535u

extern const uint8_t lvpn_ping_magic[LVPN_PING_LEN];
extern const uint8_t lvpn_occ_magic[LVPN_OCC_MAGIC_LEN];

enum lvpn_occ_op {
	LVPN_OCC_REQUEST = 0,
	LVPN_OCC_REPLY = 1,
	LVPN_OCC_MTU_LOAD_REQUEST = 2,
	LVPN_OCC_MTU_LOAD = 3,
	LVPN_OCC_MTU_REQUEST = 4,
	LVPN_OCC_MTU_REPLY = 5,
	LVPN_OCC_EXIT = 6,
};

/* What a decrypted, decompressed data payload is. */
enum lvpn_payload_kind {
	LVPN_PAYLOAD_DATA, /* an IP packet: to the TUN */
	LVPN_PAYLOAD_PING, /* drop (it already reset the ping-restart timer) */
	LVPN_PAYLOAD_OCC,  /* hand to lvpn_occ_parse, then drop */
};

/* Classifies a payload: ping if it is exactly the 16 magic bytes, OCC if it
 * starts with the OCC magic (as OpenVPN's is_ping_msg / is_occ_msg). */
enum lvpn_payload_kind lvpn_payload_kind(const uint8_t *p, size_t len);

/* Appends the ping payload to b (normally empty, at its headroom).
 * Errors: LVPN_ERR_BUFSIZE. */
LVPN_MUST_CHECK int lvpn_ping_build(struct lvpn_buf *b);

struct lvpn_occ_msg {
	uint8_t op;          /* enum lvpn_occ_op */
	const char *options; /* REPLY: the peer's options string (NUL-terminated in p) */
	size_t options_len;  /* without the NUL */
	uint16_t mtu_a;      /* MTU_LOAD_REQUEST: size; MTU_REPLY: largest received */
	uint16_t mtu_b;      /* MTU_REPLY: largest sent */
};

/* Parses an OCC payload (lvpn_payload_kind said OCC).  m->options points
 * into p.
 * Errors: LVPN_ERR_TRUNCATED (no opcode, or a field missing), LVPN_ERR_OPCODE
 * (unknown opcode), LVPN_ERR_MALFORMED (REPLY string not NUL-terminated). */
LVPN_MUST_CHECK int lvpn_occ_parse(const uint8_t *p, size_t len, struct lvpn_occ_msg *m);

/* Appends an OCC REQUEST, EXIT (explicit-exit-notify), MTU_REQUEST or
 * REPLY to b; options is the REPLY's options string (sent with its NUL),
 * ignored otherwise.  The answer to a REQUEST is a REPLY with the local
 * options string.
 * Errors: LVPN_ERR_INVAL (other opcodes, REPLY without options),
 * LVPN_ERR_BUFSIZE (no room in b, or options longer than
 * LVPN_OCC_OPTIONS_MAX with its NUL). */
LVPN_MUST_CHECK int lvpn_occ_build(struct lvpn_buf *b, enum lvpn_occ_op op, const char *options);

#endif
