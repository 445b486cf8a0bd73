/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - data-channel packets: P_DATA_V1/V2 headers, packet-id counters,
 * and the key slots (primary, lame duck, next) of one session.
 *
 *   P_DATA_V1: (6 << 3 | key_id)                          1 byte
 *   P_DATA_V2: (9 << 3 | key_id) peer_id(24 bits, BE)     4 bytes
 *
 * Peer-id 0xFFFFFF means "none".  Outgoing packet ids start at 1 per key.
 * From LVPN_DATA_PID_RENEG (0xFF000000) on, every seal sets need_reneg;
 * after 0xFFFFFFFF was used the key refuses to seal (LVPN_ERR_EXHAUSTED):
 * an id is never reused.
 *
 * Receiving: the header names a key_id; any installed key accepts packets,
 * except a lame duck whose expiry time has passed.  The packet is
 * authenticated and decrypted first (crypto/dc), then the replay window of
 * that key is checked and updated: an unauthenticated packet changes
 * nothing but a drop counter.
 *
 * Keys are allocated at install (cipher contexts, replay window); sealing
 * and opening never allocate.  Time is a caller-supplied second count.
 */
#ifndef LVPN_PROTO_DATACHAN_H
#define LVPN_PROTO_DATACHAN_H

#include <stdint.h>

#include "crypto/dc.h"
#include "base/buf.h"
#include "base/err.h"
#include "proto/mss.h"
#include "proto/replay.h"
#include "base/wire.h"

#define LVPN_PEER_ID_NONE   0xFFFFFFu
#define LVPN_DATA_PID_RENEG 0xFF000000u
#define LVPN_DATA_SLOTS     3
#define LVPN_DATA_HDR_MAX   4

/* Why packets were dropped (or not sent). */
struct lvpn_data_stats {
	uint64_t tx_packets, rx_packets;
	uint64_t drop_truncated; /* shorter than header + crypto overhead */
	uint64_t drop_opcode;    /* not P_DATA_V1/V2 */
	uint64_t drop_key_id;    /* no key installed for the key_id */
	uint64_t drop_expired;   /* lame-duck key past its expiry */
	uint64_t drop_auth;      /* tag / HMAC did not verify */
	uint64_t drop_malformed; /* CBC length or padding wrong after auth */
	uint64_t drop_replay;    /* replay window refused the id */
	uint64_t tx_exhausted;   /* not sent: packet ids used up */
};

struct lvpn_data_key {
	struct lvpn_dc_key dc;
	struct lvpn_replay replay;
	uint32_t send_pid; /* last id sent (0 = none yet); tests may set it */
	uint64_t expires;  /* receive until this second; 0 = no limit */
	uint8_t key_id;    /* 0..7 */
	uint8_t installed;
};

struct lvpn_data {
	struct lvpn_data_key slot[LVPN_DATA_SLOTS];
	int primary;      /* slot index we send with; -1 = none */
	uint32_t peer_id; /* ours, for V2 headers; LVPN_PEER_ID_NONE = send V1 */
	uint32_t replay_window, replay_time;
	int need_reneg; /* set when a send id reached LVPN_DATA_PID_RENEG */
	struct lvpn_data_stats st;
};

/* Builds a data header for (opcode, key_id, peer_id) into out.
 * Returns the header length (1 for V1, 4 for V2); never fails for
 * LVPN_OP_DATA_V1/V2, key_id < 8 and peer_id <= 0xFFFFFF.
 * Errors: LVPN_ERR_INVAL (another opcode, key_id > 7, peer_id > 0xFFFFFF). */
LVPN_MUST_CHECK int lvpn_data_hdr_build(uint8_t out[LVPN_DATA_HDR_MAX], int opcode, uint8_t key_id,
                                        uint32_t peer_id);

/* Parses the header at p: opcode, key_id, and the peer-id (V2; V1 gives
 * LVPN_PEER_ID_NONE).  Returns the header length.
 * Errors: LVPN_ERR_TRUNCATED, LVPN_ERR_OPCODE (not a data opcode). */
LVPN_MUST_CHECK int lvpn_data_hdr_parse(const uint8_t *p, size_t len, int *opcode, uint8_t *key_id,
                                        uint32_t *peer_id);

/* Empty key set.  peer_id: send V2 with this peer-id, or LVPN_PEER_ID_NONE
 * to send V1.  Replay window/time as --replay-window (window 0 = TCP linear).
 * Errors: LVPN_ERR_INVAL (peer_id > 0xFFFFFF, window/time over the maxima). */
LVPN_MUST_CHECK int lvpn_data_init(struct lvpn_data *d, uint32_t peer_id, uint32_t replay_window,
                                   uint32_t replay_time);

/* Frees every key (wiping it). */
void lvpn_data_free(struct lvpn_data *d);

/* Installs a key for key_id from key2 (see lvpn_dc_key_install), replacing
 * one with the same key_id, taking a free slot or one whose expiry passed
 * at now.  The first key installed becomes primary.
 * Errors: LVPN_ERR_INVAL (key_id > 7), LVPN_ERR_STATE (all slots busy), and
 * those of lvpn_dc_key_install / lvpn_replay_init. */
LVPN_MUST_CHECK int lvpn_data_key_install(struct lvpn_data *d, uint8_t key_id,
                                          enum lvpn_dc_cipher c, enum lvpn_dc_auth a,
                                          const uint8_t key2[LVPN_DC_KEY2_LEN],
                                          enum lvpn_dc_role role, uint64_t now);

/* Makes key_id the primary (send) key.  The former primary becomes a lame
 * duck that still receives until now + tran_window seconds.
 * Errors: LVPN_ERR_KEY_ID (not installed). */
LVPN_MUST_CHECK int lvpn_data_key_activate(struct lvpn_data *d, uint8_t key_id, uint64_t now,
                                           uint32_t tran_window);

/* Frees the key for key_id now.  Errors: LVPN_ERR_KEY_ID (not installed). */
LVPN_MUST_CHECK int lvpn_data_key_retire(struct lvpn_data *d, uint8_t key_id);

/* The slot holding key_id, or NULL. */
struct lvpn_data_key *lvpn_data_key_find(struct lvpn_data *d, uint8_t key_id);

/* Bytes seal adds before and (at most) after a payload with these
 * algorithms and header form (peer_id NONE = V1).  For frame sizing.
 * Errors: LVPN_ERR_INVAL. */
LVPN_MUST_CHECK int lvpn_data_overhead(enum lvpn_dc_cipher c, enum lvpn_dc_auth a, uint32_t peer_id,
                                       uint32_t *head, uint32_t *tail);

/* Fills the overhead fields of f for --mssfix (proto_header,
 * payload_overhead, cbc_block, encap) from the algorithms, the header form
 * (peer_id NONE = V1), the transport (tcp: 2-byte length prefix and TCP outer
 * header) and outer IP family, and comp_bytes (1 for comp-lzo, compress
 * stub and compress lz4; 0 for none and the v2 forms), as OpenVPN 2.6 counts
 * them.  mssfix, mtu and fixed are left as the caller set them.
 * Errors: LVPN_ERR_INVAL. */
LVPN_MUST_CHECK int lvpn_data_mss_frame(struct lvpn_mss_frame *f, enum lvpn_dc_cipher c,
                                        enum lvpn_dc_auth a, uint32_t peer_id, int tcp, int ipv6,
                                        uint32_t comp_bytes);

/* Seals the (compression-framed) payload at b's head with the primary key:
 * next packet id, encryption, header.  Sets d->need_reneg from id
 * 0xFF000000 on.
 * Errors: LVPN_ERR_STATE (no primary key), LVPN_ERR_EXHAUSTED (ids used up:
 * packet not sent, b unchanged), and those of lvpn_dc_seal (the id is then
 * consumed, never reused). */
LVPN_MUST_CHECK int lvpn_data_seal(struct lvpn_data *d, struct lvpn_buf *b);

/* Seals n buffers with the primary key in one pass (ids in order).
 * Returns the number sealed (n unless an error stopped it early, in which
 * case *err holds the code for bufs[returned]). */
uint32_t lvpn_data_seal_batch(struct lvpn_data *d, struct lvpn_buf **bufs, uint32_t n, int *err);

/* Opens a data packet at b's head received at second now: header, key by
 * key_id, authenticate + decrypt, then replay check and update.  On success
 * b holds the (still compression-framed) plaintext; *key_id (if not NULL)
 * says which key took it.  Every failure bumps one drop counter and changes
 * no other state.  The V2 peer-id is not checked here: a server picks the
 * session by it before calling, a client ignores it (as OpenVPN does).
 * Errors: LVPN_ERR_TRUNCATED, LVPN_ERR_OPCODE, LVPN_ERR_KEY_ID (unknown or
 * expired), LVPN_ERR_AUTH, LVPN_ERR_MALFORMED, LVPN_ERR_REPLAY,
 * LVPN_ERR_CRYPTO. */
LVPN_MUST_CHECK int lvpn_data_open(struct lvpn_data *d, struct lvpn_buf *b, uint64_t now,
                                   uint8_t *key_id);

#endif
