/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - control-channel protection: none, tls-auth, tls-crypt,
 * tls-crypt-v2 (openvpn-protocol.md b.3-b.5).
 *
 * The packet layouts and the replay window are here; the HMAC and
 * AES-256-CTR primitives under them are crypto/ctlkey.h, the tls-crypt-v2
 * server key crypto/tcv2.h.
 *
 * A struct lvpn_wrap holds one peer's keys for both directions, the send
 * replay counter (long form: u32 id, u32 time) and the receive replay
 * window.  Contexts are created once by lvpn_wrap_init(); per packet only
 * the IV changes.  (Inside OpenSSL 3.0, EVP_MAC_init still makes two
 * short-lived allocations per HMAC: 4 per seal+open, measured; our code
 * makes none.)  Packets are wrapped and unwrapped in place in a struct
 * lvpn_buf: the plain layout (proto/pkt.h) sits in the buffer before seal
 * and after open, and lvpn_wrap_headroom() tells how much headroom seal
 * needs in front of it.
 *
 *   tls-auth:  op|kid sid HMAC(H) id time | ACK block, msg id, payload
 *              HMAC over id time op|kid sid ACK...payload
 *   tls-crypt: op|kid sid id time | tag(32) | AES-256-CTR(ACK...payload)
 *              tag = HMAC-SHA256(header || plaintext), IV = tag[0..16)
 *
 * Open always authenticates first, then checks the replay window, and
 * only then records the id: a packet that fails leaves the wrap state
 * unchanged (the buffer contents are then undefined: drop it).
 */
#ifndef LVPN_WRAP_H
#define LVPN_WRAP_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/wire.h"
#include "crypto/ctlkey.h"
#include "crypto/tcv2.h"
#include "proto/replay.h"

enum lvpn_wrap_mode {
	LVPN_WRAP_NONE = 0,
	LVPN_WRAP_AUTH = 1,  /* tls-auth */
	LVPN_WRAP_CRYPT = 2, /* tls-crypt, and tls-crypt-v2 with Kc */
};

struct lvpn_wrap {
	int mode;
	size_t hmac_len; /* tls-auth digest size; 32 for tls-crypt */
	struct lvpn_ctlkey send, recv;
	uint32_t send_id;   /* last replay id sent */
	uint32_t send_time; /* 0 until the first seal */
	struct lvpn_replay replay;
	uint8_t key[LVPN_KEY2_LEN];     /* the key data (for dyn-tls-crypt) */
	uint8_t wkc[LVPN_TCV2_WKC_MAX]; /* tls-crypt-v2 client: appended WKc */
	size_t wkc_len;
};

/* open() flags */
#define LVPN_WRAP_NO_REPLAY 1u /* stateless check: verify only, no replay window */

/* Sets up w.  key2 is the 256-byte static key (ignored for NONE); dir is
 * enum lvpn_key_dir (tls-crypt: NORMAL on the server, INVERSE on the
 * client); digest names the tls-auth HMAC ("SHA1" default, "SHA256",
 * "SHA512"; ignored for tls-crypt which is always SHA256).  The replay
 * window has replay_window slots and replay_time seconds (0 = TCP linear).
 * Errors: LVPN_ERR_INVAL (mode, dir), LVPN_ERR_CONFIG (digest),
 * LVPN_ERR_NOMEM, LVPN_ERR_CRYPTO. */
LVPN_MUST_CHECK int lvpn_wrap_init(struct lvpn_wrap *w, int mode, const uint8_t *key2, int dir,
                                   const char *digest, uint32_t replay_window,
                                   uint32_t replay_time);

/* Frees the contexts and wipes the keys.  Safe on a zeroed w. */
void lvpn_wrap_free(struct lvpn_wrap *w);

/* Replaces the keys of an initialised AUTH/CRYPT wrap without allocating
 * its contexts again; resets the send counter and the replay window.
 * Errors: LVPN_ERR_STATE (mode NONE), LVPN_ERR_INVAL, LVPN_ERR_CRYPTO. */
LVPN_MUST_CHECK int lvpn_wrap_rekey(struct lvpn_wrap *w, const uint8_t key2[LVPN_KEY2_LEN],
                                    int dir);

/* dyn-tls-crypt: sets w up as a tls-crypt wrap (for key_id > 0) keyed with
 * the 256 exported bytes ekm XOR base's key data (ekm alone when base has
 * no key).  dir as for tls-crypt.  Errors: as lvpn_wrap_init. */
LVPN_MUST_CHECK int lvpn_wrap_init_dyn(struct lvpn_wrap *w, const struct lvpn_wrap *base,
                                       const uint8_t ekm[LVPN_KEY2_LEN], int dir,
                                       uint32_t replay_window, uint32_t replay_time);

/* tls-crypt-v2 client: the WKc appended to HARD_RESET_CLIENT_V3 and
 * CONTROL_WKC_V1 by seal.  Errors: LVPN_ERR_INVAL (too long, not CRYPT). */
LVPN_MUST_CHECK int lvpn_wrap_set_wkc(struct lvpn_wrap *w, const uint8_t *wkc, size_t len);

/* Sets the last replay id sent, so the next packet carries id + 1 (early
 * negotiation: LVPN_EARLY_NEG_START). */
void lvpn_wrap_set_send_id(struct lvpn_wrap *w, uint32_t id);

/* Headroom seal needs before the plain packet; tailroom it needs after
 * (the WKc on tls-crypt-v2 clients). */
size_t lvpn_wrap_headroom(const struct lvpn_wrap *w);
size_t lvpn_wrap_tailroom(const struct lvpn_wrap *w);

/* Wraps the plain control packet in b in place, now = Unix seconds (the
 * long-form time, fixed at the first seal).  Appends the WKc to
 * HARD_RESET_CLIENT_V3 and CONTROL_WKC_V1 when one is set.
 * Errors: LVPN_ERR_TRUNCATED (under 9 bytes), LVPN_ERR_BUFSIZE (head- or
 * tailroom), LVPN_ERR_EXHAUSTED (replay id would wrap), LVPN_ERR_CRYPTO. */
LVPN_MUST_CHECK int lvpn_wrap_seal(struct lvpn_wrap *w, struct lvpn_buf *b, uint64_t now);

/* Unwraps the packet in b in place into the plain layout and, unless
 * flags has LVPN_WRAP_NO_REPLAY, checks and records its replay id at
 * local second now.  *replay_id (may be NULL) gets the packet's replay id.
 * Errors: LVPN_ERR_TRUNCATED, LVPN_ERR_AUTH (HMAC/tag), LVPN_ERR_REPLAY,
 * LVPN_ERR_CRYPTO.  On error the wrap state is unchanged. */
LVPN_MUST_CHECK int lvpn_wrap_open(struct lvpn_wrap *w, struct lvpn_buf *b, unsigned flags,
                                   uint64_t now, uint32_t *replay_id);

/* --- tls-crypt-v2 server side (the key itself: crypto/tcv2.h) --- */

/* Locates the WKc at the end of a HARD_RESET_CLIENT_V3 / CONTROL_WKC_V1
 * packet (from the u16 in its last 2 bytes) and removes it from b;
 * *wkc points at it (still in b's storage, until b is reused).
 * Errors: LVPN_ERR_OPCODE (other opcode), LVPN_ERR_TRUNCATED,
 * LVPN_ERR_MALFORMED (length < minimum or > 1024 or leaves no room for
 * the tls-crypt header).  b is unchanged on error. */
LVPN_MUST_CHECK int lvpn_tcv2_strip_wkc(struct lvpn_buf *b, const uint8_t **wkc, size_t *wkc_len);

/* The server's first-packet path: strips the WKc, unwraps it, keys w (an
 * initialised CRYPT wrap, rekeyed in place: no allocation) with Kc in the
 * NORMAL direction, fills *meta for a verify hook, then opens the packet
 * as lvpn_wrap_open does.  Any failure is a silent drop: the caller must
 * not answer.
 * Errors: LVPN_ERR_STATE (w is not a CRYPT wrap), those of the steps:
 * lvpn_tcv2_strip_wkc, lvpn_tcv2_unwrap_key, lvpn_wrap_rekey,
 * lvpn_wrap_open. */
LVPN_MUST_CHECK int lvpn_tcv2_open_first(struct lvpn_tcv2_server *s, struct lvpn_wrap *w,
                                         struct lvpn_buf *b, unsigned flags, uint64_t now,
                                         struct lvpn_tcv2_meta *meta, uint32_t *replay_id);

#endif
