/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the control channel's reliability layer (openvpn-protocol.md
 * b.3 "Reliability constants"; OpenVPN reliable.c).
 *
 * Per direction, message ids count from 0 without gaps.  The sender keeps
 * up to LVPN_REL_SEND_WINDOW unacknowledged payloads in fixed slots
 * (allocated once by lvpn_rel_init), and never gets further than that
 * ahead of its oldest unacknowledged message.  Each is sent at once, then
 * again after the retransmit timeout (initially --tls-timeout, doubling
 * each time), or at once when LVPN_REL_EARLY_RETRANSMIT later messages
 * were acknowledged.  ACKs are not cumulative: each names one message id.
 * The receiver buffers up to LVPN_REL_RECV_WINDOW messages ahead, delivers
 * them in order exactly once, ACKs every message it receives (again for
 * duplicates), and keeps the last ACKs sent in a small LRU to repeat them
 * on later packets.
 *
 * Sans-IO: the caller passes the time (milliseconds, any epoch) and asks
 * lvpn_rel_next() what to send and lvpn_rel_deadline() when to ask again.
 * Call lvpn_rel_on_acks()/lvpn_rel_on_msg() only with authenticated
 * packets of this session.
 */
#ifndef LVPN_RELIABLE_H
#define LVPN_RELIABLE_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "proto/pkt.h"
#include "base/wire.h"

#define LVPN_REL_ACK_QUEUE      16 /* ACKs waiting to be sent */
#define LVPN_REL_ACK_LRU        8  /* ACKs sent lately, repeated on later packets */
#define LVPN_REL_TIMEOUT_MAX_MS 64000u

struct lvpn_rel_out_slot {
	uint8_t *data;
	uint32_t len;
	uint32_t msg_id;
	uint64_t next_ms;    /* when it is due (again) */
	uint32_t timeout_ms; /* interval before the next retransmission */
	uint8_t op;
	uint8_t active;
	uint8_t sent;
	uint8_t later_acks; /* later messages ACKed since the last send */
};

struct lvpn_rel_in_slot {
	uint8_t *data;
	uint32_t len;
	uint32_t msg_id;
	uint8_t op;
	uint8_t present;
};

struct lvpn_rel {
	uint8_t *mem;                /* all slot storage, one allocation */
	uint32_t send_max, recv_max; /* payload bytes per slot */
	uint32_t timeout_ms;         /* initial retransmit timeout */
	uint32_t next_id;            /* next outgoing message id */
	uint8_t ids_exhausted;       /* next_id went past 2^32-1 */
	struct lvpn_rel_out_slot out[LVPN_REL_SEND_WINDOW];
	uint32_t recv_next; /* next message id to deliver */
	uint8_t recv_exhausted;
	struct lvpn_rel_in_slot in[LVPN_REL_RECV_WINDOW];
	uint32_t ack_q[LVPN_REL_ACK_QUEUE];
	uint32_t n_ack_q;
	uint32_t ack_lru[LVPN_REL_ACK_LRU]; /* [0] is the most recent */
	uint32_t n_ack_lru;
};

/* Largest TLS payload in one control packet of tls_mtu bytes (the whole
 * packet, wrapping included) with LVPN_ACK_PIGGYBACK_MAX ACKs. 0 if none fits. */
static inline uint32_t lvpn_ctrl_payload_max(uint32_t tls_mtu, uint32_t wrap_head,
                                             uint32_t wrap_tail)
{
	uint32_t over =
	    (uint32_t)lvpn_ctrl_hdr_size(LVPN_ACK_PIGGYBACK_MAX, 1) + wrap_head + wrap_tail;

	return tls_mtu > over ? tls_mtu - over : 0;
}

/* Allocates the slots: send_max bytes for each outgoing payload,
 * recv_max for each incoming one; timeout_ms is --tls-timeout.
 * Errors: LVPN_ERR_INVAL (a size or the timeout is 0 or sizes over
 * 65535), LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_rel_init(struct lvpn_rel *rel, uint32_t send_max, uint32_t recv_max,
                                  uint32_t timeout_ms);

/* Frees (and wipes: payloads are TLS records) the slots. Safe on zeroed rel. */
void lvpn_rel_free(struct lvpn_rel *rel);

/* How many more payloads lvpn_rel_queue would take now. */
unsigned lvpn_rel_send_room(const struct lvpn_rel *rel);

/* Copies one payload (len <= send_max) into a slot as message op, with
 * the next message id, due at once.
 * Errors: LVPN_ERR_AGAIN (window full: retry after ACKs), LVPN_ERR_TOO_BIG,
 * LVPN_ERR_INVAL (op ACK_V1 or not a control opcode),
 * LVPN_ERR_EXHAUSTED (2^32 ids used: renegotiate or close). */
LVPN_MUST_CHECK int lvpn_rel_queue(struct lvpn_rel *rel, uint8_t op, const uint8_t *data,
                                   size_t len, uint64_t now_ms);

/* Splits data into payloads of at most send_max bytes and queues as many
 * as fit; *taken tells how many bytes were queued (call again with the
 * rest later).  Errors: those of lvpn_rel_queue other than AGAIN (a full
 * window just stops early and returns 0). */
LVPN_MUST_CHECK int lvpn_rel_write(struct lvpn_rel *rel, uint8_t op, const uint8_t *data,
                                   size_t len, uint64_t now_ms, size_t *taken);

/* Processes the ACKs of an authenticated packet.  Ids of messages never
 * sent, or already acknowledged, are ignored and change nothing.
 * Returns the number of slots freed. */
unsigned lvpn_rel_on_acks(struct lvpn_rel *rel, const uint32_t *ids, unsigned n, uint64_t now_ms);

/* Takes an authenticated message (not P_ACK_V1).  Returns 0 when it is new
 * and stored, 1 when it is a duplicate (already delivered or buffered); an
 * ACK is queued in both cases.
 * Errors: LVPN_ERR_WINDOW (too far ahead: dropped, not ACKed),
 * LVPN_ERR_TOO_BIG (payload over recv_max: dropped, not ACKed). */
LVPN_MUST_CHECK int lvpn_rel_on_msg(struct lvpn_rel *rel, uint8_t op, uint32_t msg_id,
                                    const uint8_t *payload, size_t len);

/* The next in-order message, if it has arrived: 1 with op, data and len set
 * (pointing into the slot, valid until lvpn_rel_pop), else 0. */
int lvpn_rel_peek(const struct lvpn_rel *rel, uint8_t *op, const uint8_t **data, size_t *len);

/* Releases the message lvpn_rel_peek returned. */
void lvpn_rel_pop(struct lvpn_rel *rel);

/* What to send now.  Returns 1 and fills out's op, msg_id and has_msg_id,
 * payload and ACKs (at most LVPN_ACK_PIGGYBACK_MAX on a message, up to
 * LVPN_ACK_MAX in a P_ACK_V1 when no message is due but ACKs wait); the
 * caller sets key_id, sid and ack_sid, writes and wraps it, and calls
 * again until it returns 0.  A message returned is counted as sent and
 * rescheduled; ACKs returned are removed from the queue. */
int lvpn_rel_next(struct lvpn_rel *rel, uint64_t now_ms, struct lvpn_ctrl_pkt *out);

/* When lvpn_rel_next next has something: now_ms if ACKs wait, else the
 * earliest retransmission, else UINT64_MAX. */
uint64_t lvpn_rel_deadline(const struct lvpn_rel *rel, uint64_t now_ms);

/* 1 when nothing is left unacknowledged. */
int lvpn_rel_idle(const struct lvpn_rel *rel);

#endif
