/* SPDX-License-Identifier: BSD-2-Clause */
/* A sequence of arbitrary plain control packets into the reliability
 * layer.  Input: records of [u8 time step][u16 length][packet]; between
 * records we queue messages and drain what the layer wants to send.
 * Invariants: delivery is in order (consecutive ids), sends stay within
 * the window, nothing aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "proto/pkt.h"
#include "proto/reliable.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lvpn_rel rel;
	struct lvpn_rd r;
	uint64_t now = 0;
	uint32_t delivered = 0, queued = 0;
	static const uint8_t msg[64] = { 1 };

	if (lvpn_rel_init(&rel, 64, 1200, 2000))
		abort();
	lvpn_rd_init(&r, data, size);
	for (;;) {
		uint8_t step;
		uint16_t len;
		const uint8_t *pkt;
		struct lvpn_ctrl_pkt p;

		if (lvpn_rd_u8(&r, &step) || lvpn_rd_u16(&r, &len) || lvpn_rd_bytes(&r, len, &pkt))
			break;
		now += (uint64_t)step * 37;
		if (step & 1) {
			unsigned room = lvpn_rel_send_room(&rel);

			if (room && lvpn_rel_queue(&rel, LVPN_OP_CONTROL_V1, msg, step % 65, now) == 0)
				queued++;
		}
		if (lvpn_pkt_parse(pkt, len, &p) == 0) {
			int rc;

			lvpn_rel_on_acks(&rel, p.acks, p.n_acks, now);
			if (p.has_msg_id) {
				rc = lvpn_rel_on_msg(&rel, p.op, p.msg_id, p.payload, p.payload_len);
				if (rc < 0 && rc != LVPN_ERR_WINDOW && rc != LVPN_ERR_TOO_BIG)
					abort();
			}
		}
		for (;;) {
			uint8_t op;
			const uint8_t *d;
			size_t dl;

			if (!lvpn_rel_peek(&rel, &op, &d, &dl))
				break;
			if (dl > 1200)
				abort();
			lvpn_rel_pop(&rel);
			delivered++;
			if (rel.recv_next != delivered)
				abort(); /* in order, no gaps */
		}
		for (int guard = 0; guard < 64; guard++) {
			struct lvpn_ctrl_pkt o;

			if (!lvpn_rel_next(&rel, now, &o))
				break;
			if (o.has_msg_id && (o.msg_id >= queued || o.n_acks > LVPN_ACK_PIGGYBACK_MAX))
				abort();
			if (!o.has_msg_id && (o.n_acks == 0 || o.n_acks > LVPN_ACK_MAX))
				abort();
		}
		if (lvpn_rel_deadline(&rel, now) < now)
			abort();
	}
	lvpn_rel_free(&rel);
	return 0;
}
