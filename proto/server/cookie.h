/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the stateless HMAC-cookie handshake of a UDP server
 * (openvpn-protocol.md b.6, reliability.md 4.1-4.2), as pure functions.
 *
 * The server answers a client's HARD_RESET_CLIENT_V2/V3 with a
 * HARD_RESET_SERVER_V2 whose session id is a cookie:
 *	HMAC-SHA256(K, slot || client sockaddr bytes || client sid)[0..8)
 *	slot = now / ((hand_window + 1) / 2)   (u32, big-endian in the MAC)
 * and keeps no state.  A session is created only when a third packet
 * (P_ACK_V1, P_CONTROL_V1 or P_CONTROL_WKC_V1) ACKs message 0 or 1 with a
 * cookie valid for the current slot or the two before (never a future
 * one).  Packets reach these functions already unwrapped (stateless wrap
 * check, proto/wrap.h LVPN_WRAP_NO_REPLAY) and parsed (proto/pkt.h).
 *
 * The cookie comparison is constant-time.  Every check here has a
 * negative test (CVE-2025-13086 was an inverted one).
 */
#ifndef LVPN_COOKIE_H
#define LVPN_COOKIE_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/hmac.h"
#include "proto/wrap.h"
#include "base/err.h"
#include "proto/pkt.h"
#include "proto/session.h"

#define LVPN_COOKIE_KEY_LEN  32
#define LVPN_COOKIE_ADDR_MAX 128 /* largest sockaddr accepted */

struct lvpn_cookie {
	struct lvpn_hmac hmac; /* HMAC-SHA256 with the per-process key K */
	uint32_t slot_len;     /* seconds per slot: (hand_window + 1) / 2 */
};

/* Sets up the cookie key K (random, once per process) and the slot length
 * from --hand-window (seconds, default 60).
 * Errors: LVPN_ERR_INVAL (hand_window 0), LVPN_ERR_NOMEM, LVPN_ERR_CRYPTO. */
LVPN_MUST_CHECK int lvpn_cookie_init(struct lvpn_cookie *c, const uint8_t key[LVPN_COOKIE_KEY_LEN],
                                     uint32_t hand_window);
void lvpn_cookie_free(struct lvpn_cookie *c);

/* The server session id for this client at Unix second now.
 * Errors: LVPN_ERR_INVAL (addr_len 0 or over LVPN_COOKIE_ADDR_MAX, c not
 * set up), LVPN_ERR_CRYPTO. */
LVPN_MUST_CHECK int lvpn_cookie_make(struct lvpn_cookie *c, uint64_t now, const uint8_t *addr,
                                     size_t addr_len, const uint8_t client_sid[LVPN_SID_SIZE],
                                     uint8_t out[LVPN_SID_SIZE]);

/* 0 if cookie is this client's cookie for the slot of now or one of the
 * two before.  Errors: LVPN_ERR_AUTH, LVPN_ERR_INVAL, LVPN_ERR_CRYPTO. */
LVPN_MUST_CHECK int lvpn_cookie_verify(struct lvpn_cookie *c, uint64_t now, const uint8_t *addr,
                                       size_t addr_len, const uint8_t client_sid[LVPN_SID_SIZE],
                                       const uint8_t cookie[LVPN_SID_SIZE]);

/* Is p an acceptable first packet: HARD_RESET_CLIENT_V2 or V3, key_id 0,
 * no ACKs, message id 0?  Errors: LVPN_ERR_OPCODE, LVPN_ERR_MALFORMED. */
LVPN_MUST_CHECK int lvpn_cookie_check_first(const struct lvpn_ctrl_pkt *p);

/* Builds the plain HARD_RESET_SERVER_V2 answering first (checked with
 * lvpn_cookie_check_first): own sid = the cookie, one ACK of message 0
 * naming the client's sid, own message id 0, and the EARLY_NEG_FLAGS TLV
 * (RESEND_WKC) when first_replay_id carries the early-negotiation marker.
 * The caller wraps it (leave lvpn_wrap_headroom() in front of out) and
 * sends it once; nothing is kept.
 * Errors: LVPN_ERR_BUFSIZE, those of lvpn_cookie_make. */
LVPN_MUST_CHECK int lvpn_cookie_reply(struct lvpn_cookie *c, uint64_t now, const uint8_t *addr,
                                      size_t addr_len, const struct lvpn_ctrl_pkt *first,
                                      uint32_t first_replay_id, uint8_t *out, size_t cap,
                                      size_t *len);

/* Is p a valid third packet from this address at second now?  Checks, in
 * order: opcode P_ACK_V1 / P_CONTROL_V1 / P_CONTROL_WKC_V1 and key_id 0;
 * at least one ACK and every ACKed id <= 1; message id <= 1; the ACK's
 * session id is our cookie for (addr, p->sid) in slot 0, -1 or -2.  Only
 * after 0 may the caller create the session (server sid = p->ack_sid).
 * Errors: LVPN_ERR_OPCODE, LVPN_ERR_MALFORMED, LVPN_ERR_AUTH, LVPN_ERR_INVAL,
 * LVPN_ERR_CRYPTO. */
LVPN_MUST_CHECK int lvpn_cookie_check_third(struct lvpn_cookie *c, uint64_t now,
                                            const uint8_t *addr, size_t addr_len,
                                            const struct lvpn_ctrl_pkt *p);

/* --- the whole stateless step: one packet from an unknown UDP address --- */

/* The wrap replay id of a stateless reply: each is the first packet of a
 * fresh counter, as OpenVPN's (so a session continues at 2). */
#define LVPN_COOKIE_REPLY_ID 1u

struct lvpn_cookie_srv {
	struct lvpn_cookie ck;
	struct lvpn_wrap *wrap;      /* borrowed: the tls-auth / tls-crypt wrap
	                              * (opened with LVPN_WRAP_NO_REPLAY), or the
	                              * tls-crypt-v2 scratch wrap rekeyed with each Kc;
	                              * a NONE wrap for no wrapping */
	struct lvpn_tcv2_server *v2; /* borrowed; non-NULL: tls-crypt-v2 */
	int allow_noncookie;         /* v2: admit resets without early negotiation */
};

enum lvpn_cookie_verdict {
	LVPN_COOKIE_REPLY = 1, /* out holds the wrapped reply: send it once */
	LVPN_COOKIE_ADMIT,     /* a valid third packet: create the session with
	                        * *admit (lvpn_session_new_from_cookie), then
	                        * feed it the original packet */
	LVPN_COOKIE_OLD,       /* v2 reset without early negotiation, allowed:
	                        * create a session the old way and feed it the
	                        * packet */
};

/* What lvpn_cookie_input found, for ADMIT and OLD (tls-crypt-v2: the
 * client key and the metadata of its WKc, for the verify hook). */
struct lvpn_cookie_admit {
	struct lvpn_session_cookie sc;
	uint8_t kc[LVPN_KEY2_LEN]; /* wipe when done */
	struct lvpn_tcv2_meta meta;
};

/* Handles one packet (len bytes, not modified) from the address addr that
 * has no session, at Unix second now; keeps no state.  A first packet
 * (HARD_RESET_CLIENT_V2/V3 that unwraps and passes lvpn_cookie_check_first)
 * gets a wrapped reply in out (cap bytes, *out_len); a third packet that
 * passes lvpn_cookie_check_third gets ADMIT.  *verdict says which.
 * Errors: drop silently on any: LVPN_ERR_TOO_BIG (over 2048 bytes),
 * LVPN_ERR_TRUNCATED (empty), those of the unwrap, lvpn_pkt_parse, lvpn_cookie_check_first/_third,
 * LVPN_ERR_UNSUPPORTED (v2 reset without early negotiation, not allowed),
 * LVPN_ERR_BUFSIZE, LVPN_ERR_CRYPTO. */
LVPN_MUST_CHECK int lvpn_cookie_input(struct lvpn_cookie_srv *cs, uint64_t now, const uint8_t *addr,
                                      size_t addr_len, const uint8_t *pkt, size_t len, uint8_t *out,
                                      size_t cap, size_t *out_len,
                                      enum lvpn_cookie_verdict *verdict,
                                      struct lvpn_cookie_admit *admit);

/* --- --connect-freq-initial n s: a token bucket of n replies per s seconds --- */

struct lvpn_ratelim {
	uint64_t tokens; /* scaled: one reply costs per_ms */
	uint64_t cap;    /* n * per_ms */
	uint64_t last_ms;
	uint32_t n, per_ms;
	uint32_t dropped; /* refusals since the last lvpn_ratelim_dropped() */
};

/* Starts full at now_ms.  Errors: LVPN_ERR_INVAL (n or per_s 0, per_s over
 * 1 day). */
LVPN_MUST_CHECK int lvpn_ratelim_init(struct lvpn_ratelim *rl, uint32_t n, uint32_t per_s,
                                      uint64_t now_ms);

/* Takes one token.  Errors: LVPN_ERR_RATE_LIMIT (counted in dropped). */
LVPN_MUST_CHECK int lvpn_ratelim_take(struct lvpn_ratelim *rl, uint64_t now_ms);

/* Gives a token back (a completed three-way handshake, as OpenVPN). */
void lvpn_ratelim_refund(struct lvpn_ratelim *rl);

/* Returns and clears the refusal count (for one log line per period). */
uint32_t lvpn_ratelim_dropped(struct lvpn_ratelim *rl);

#endif
