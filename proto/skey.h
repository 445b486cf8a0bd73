/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the static-key data channel (--secret, no TLS), deprecated in
 * OpenVPN 2.6 but still run.  Facts from OpenVPN 2.6 (init.c
 * do_init_crypto_static, crypto.c openvpn_encrypt_v1, packet_id.c):
 *
 *   no opcode byte, no key id, no peer-id; the packet id is the long form,
 *   id(4) then the sender's time(4), both big-endian, inside the encrypted
 *   part:
 *     CBC:   HMAC(iv || ct) iv ct,  ct = E_CBC(id || time || payload || pad)
 *     none:  HMAC(id || time || payload) id time payload
 *   AEAD ciphers are refused in this mode (2.6: "mode not supported").
 *
 * The 2048-bit key file holds two keys of (cipher 64 || hmac 64): with key
 * direction 0 we send with the first and receive with the second, with 1
 * the inverse, without a direction both ways use the first.  The sender's
 * time is taken at the first packet and again when ids reach 0xFF000000
 * (ids then start over): the receiver starts its window over on a later
 * time and refuses an earlier one (proto/replay.h, long form).
 *
 * With --no-replay (2.6: no packet_id_init for the static key) packets
 * carry neither id nor time, CBC: HMAC(iv || ct) iv E_CBC(payload || pad),
 * none: HMAC(payload) payload, and nothing is replay-checked.
 *
 * Sealing and opening are in place and never allocate (the cipher
 * contexts and the replay window are set up by lvpn_skey_init). */
#ifndef LVPN_PROTO_SKEY_H
#define LVPN_PROTO_SKEY_H

#include <stdint.h>

#include "crypto/dc.h"
#include "base/buf.h"
#include "base/err.h"
#include "proto/replay.h"

#define LVPN_SKEY_TIME_LEN 4
#define LVPN_SKEY_ID_RESET 0xFF000000u /* 2.6's PACKET_ID_WRAP_TRIGGER */

enum lvpn_skey_dir { LVPN_SKEY_BIDI = -1, LVPN_SKEY_NORMAL = 0, LVPN_SKEY_INVERSE = 1 };

struct lvpn_skey_stats {
	uint64_t tx_packets, rx_packets;
	uint64_t drop_truncated, drop_auth, drop_malformed, drop_replay;
};

struct lvpn_skey {
	struct lvpn_dc_key dc;
	struct lvpn_replay replay;
	uint32_t send_id;   /* last id sent (0 = none yet); tests may set it */
	uint32_t send_time; /* the time our packets carry; 0 = not chosen yet */
	int no_replay;      /* --no-replay: no id, no time, no window (set it
	                     * after lvpn_skey_init; CBC and none only) */
	struct lvpn_skey_stats st;
};

/* Sets up both directions from the 256-byte key file contents, a CBC
 * cipher (or none) and an HMAC digest (or none), the key direction, and
 * the replay window (window 0: TCP, ids in sequence).  k must be zeroed.
 * Errors: LVPN_ERR_CONFIG (an AEAD cipher), LVPN_ERR_INVAL (bad direction
 * or window), and those of lvpn_dc_key_install and lvpn_replay_init
 * (nothing is left allocated on error). */
LVPN_MUST_CHECK int lvpn_skey_init(struct lvpn_skey *k, enum lvpn_dc_cipher c, enum lvpn_dc_auth a,
                                   const uint8_t key[LVPN_DC_KEY2_LEN], enum lvpn_skey_dir dir,
                                   uint32_t replay_window, uint32_t replay_time);

/* Frees the contexts and the window, wiping the keys.  Safe on a zeroed or
 * freed k. */
void lvpn_skey_free(struct lvpn_skey *k);

/* Bytes sealing adds before and (at most) after a payload.
 * Errors: LVPN_ERR_INVAL (bad cipher or digest id). */
LVPN_MUST_CHECK int lvpn_skey_overhead(enum lvpn_dc_cipher c, enum lvpn_dc_auth a, uint32_t *head,
                                       uint32_t *tail);

/* Seals the payload at b's head in place; unix_now is the wall-clock
 * second (the time field; unused with no_replay).
 * Errors: LVPN_ERR_BUFSIZE (too little headroom/tailroom; b unchanged),
 * and those of lvpn_dc_seal. */
LVPN_MUST_CHECK int lvpn_skey_seal(struct lvpn_skey *k, struct lvpn_buf *b, uint64_t unix_now);

/* Authenticates, decrypts and replay-checks (unless no_replay) the packet
 * at b, in place; on success b holds the payload.  now is a local second count (replay
 * window expiry).  A packet that fails is counted and changes nothing
 * else (b's window is restored).
 * Errors: LVPN_ERR_TRUNCATED, LVPN_ERR_AUTH, LVPN_ERR_MALFORMED,
 * LVPN_ERR_REPLAY, and the others of lvpn_dc_open. */
LVPN_MUST_CHECK int lvpn_skey_open(struct lvpn_skey *k, struct lvpn_buf *b, uint64_t now);

#endif
