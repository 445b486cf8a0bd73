/* SPDX-License-Identifier: BSD-2-Clause */
#include "proto/reliable.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

int lvpn_rel_init(struct lvpn_rel *rel, uint32_t send_max, uint32_t recv_max, uint32_t timeout_ms)
{
	size_t total;
	uint8_t *p;

	memset(rel, 0, sizeof(*rel));
	if (!send_max || !recv_max || send_max > 0xffff || recv_max > 0xffff || !timeout_ms)
		return LVPN_ERR_INVAL;
	total = (size_t)send_max * LVPN_REL_SEND_WINDOW + (size_t)recv_max * LVPN_REL_RECV_WINDOW;
	rel->mem = malloc(total);
	if (!rel->mem)
		return LVPN_ERR_NOMEM;
	p = rel->mem;
	for (int i = 0; i < LVPN_REL_SEND_WINDOW; i++, p += send_max)
		rel->out[i].data = p;
	for (int i = 0; i < LVPN_REL_RECV_WINDOW; i++, p += recv_max)
		rel->in[i].data = p;
	rel->send_max = send_max;
	rel->recv_max = recv_max;
	rel->timeout_ms = timeout_ms;
	return 0;
}

void lvpn_rel_free(struct lvpn_rel *rel)
{
	if (rel->mem) {
		lvpn_wipe(rel->mem, (size_t)rel->send_max * LVPN_REL_SEND_WINDOW +
		                        (size_t)rel->recv_max * LVPN_REL_RECV_WINDOW);
		free(rel->mem);
	}
	memset(rel, 0, sizeof(*rel));
}

/* Oldest unacknowledged id, if any. */
static int oldest_active(const struct lvpn_rel *rel, uint32_t *id)
{
	int found = 0;

	for (int i = 0; i < LVPN_REL_SEND_WINDOW; i++) {
		const struct lvpn_rel_out_slot *s = &rel->out[i];

		if (s->active && (!found || s->msg_id < *id)) {
			*id = s->msg_id;
			found = 1;
		}
	}
	return found;
}

unsigned lvpn_rel_send_room(const struct lvpn_rel *rel)
{
	unsigned free_slots = 0;
	uint32_t oldest = 0;
	uint64_t limit;

	if (rel->ids_exhausted)
		return 0;
	for (int i = 0; i < LVPN_REL_SEND_WINDOW; i++)
		free_slots += !rel->out[i].active;
	if (!oldest_active(rel, &oldest))
		return free_slots;
	/* stay within the window of the oldest unacknowledged message */
	limit = (uint64_t)oldest + LVPN_REL_SEND_WINDOW;
	if (rel->next_id >= limit)
		return 0;
	return (unsigned)(limit - rel->next_id) < free_slots ? (unsigned)(limit - rel->next_id)
	                                                     : free_slots;
}

int lvpn_rel_queue(struct lvpn_rel *rel, uint8_t op, const uint8_t *data, size_t len,
                   uint64_t now_ms)
{
	struct lvpn_rel_out_slot *s = NULL;

	if (op < LVPN_OP_FIRST || op > LVPN_OP_LAST || op == LVPN_OP_ACK_V1 || lvpn_op_is_data(op))
		return LVPN_ERR_INVAL;
	if (len > rel->send_max)
		return LVPN_ERR_TOO_BIG;
	if (rel->ids_exhausted)
		return LVPN_ERR_EXHAUSTED;
	if (!lvpn_rel_send_room(rel))
		return LVPN_ERR_AGAIN;
	for (int i = 0; i < LVPN_REL_SEND_WINDOW && !s; i++)
		if (!rel->out[i].active)
			s = &rel->out[i];
	if (!s)
		return LVPN_ERR_AGAIN;
	if (len)
		memcpy(s->data, data, len);
	s->len = (uint32_t)len;
	s->op = op;
	s->msg_id = rel->next_id;
	s->next_ms = now_ms;
	s->timeout_ms = rel->timeout_ms;
	s->active = 1;
	s->sent = 0;
	s->later_acks = 0;
	if (rel->next_id == UINT32_MAX)
		rel->ids_exhausted = 1;
	else
		rel->next_id++;
	return 0;
}

int lvpn_rel_write(struct lvpn_rel *rel, uint8_t op, const uint8_t *data, size_t len,
                   uint64_t now_ms, size_t *taken)
{
	size_t done = 0;
	int rc = 0;

	/* an empty message is queued once, as one payload */
	do {
		size_t n = len - done < rel->send_max ? len - done : rel->send_max;

		rc = lvpn_rel_queue(rel, op, data + done, n, now_ms);
		if (rc)
			break;
		done += n;
	} while (done < len);
	*taken = done;
	return rc == LVPN_ERR_AGAIN ? 0 : rc;
}

unsigned lvpn_rel_on_acks(struct lvpn_rel *rel, const uint32_t *ids, unsigned n, uint64_t now_ms)
{
	unsigned freed = 0;

	for (unsigned k = 0; k < n; k++) {
		int hit = 0;

		for (int i = 0; i < LVPN_REL_SEND_WINDOW; i++) {
			struct lvpn_rel_out_slot *s = &rel->out[i];

			if (s->active && s->msg_id == ids[k]) {
				s->active = 0;
				hit = 1;
				freed++;
			}
		}
		if (!hit)
			continue;
		/* a later message got through: count it against earlier ones */
		for (int i = 0; i < LVPN_REL_SEND_WINDOW; i++) {
			struct lvpn_rel_out_slot *s = &rel->out[i];

			if (s->active && s->sent && s->msg_id < ids[k] &&
			    ++s->later_acks >= LVPN_REL_EARLY_RETRANSMIT) {
				s->next_ms = now_ms;
				s->later_acks = 0;
			}
		}
	}
	return freed;
}

static int in_list(const uint32_t *l, uint32_t n, uint32_t id)
{
	for (uint32_t i = 0; i < n; i++)
		if (l[i] == id)
			return 1;
	return 0;
}

static void queue_ack(struct lvpn_rel *rel, uint32_t id)
{
	if (in_list(rel->ack_q, rel->n_ack_q, id))
		return;
	if (rel->n_ack_q == LVPN_REL_ACK_QUEUE) {
		/* full: forget the oldest; the peer retransmits and gets it again */
		memmove(rel->ack_q, rel->ack_q + 1, (LVPN_REL_ACK_QUEUE - 1) * sizeof(uint32_t));
		rel->n_ack_q--;
	}
	rel->ack_q[rel->n_ack_q++] = id;
}

int lvpn_rel_on_msg(struct lvpn_rel *rel, uint8_t op, uint32_t msg_id, const uint8_t *payload,
                    size_t len)
{
	struct lvpn_rel_in_slot *s;

	if (msg_id < rel->recv_next || (rel->recv_exhausted && msg_id == UINT32_MAX)) {
		queue_ack(rel, msg_id);
		return 1;
	}
	if ((uint64_t)msg_id >= (uint64_t)rel->recv_next + LVPN_REL_RECV_WINDOW)
		return LVPN_ERR_WINDOW;
	if (len > rel->recv_max)
		return LVPN_ERR_TOO_BIG;
	s = &rel->in[msg_id % LVPN_REL_RECV_WINDOW];
	queue_ack(rel, msg_id);
	if (s->present && s->msg_id == msg_id)
		return 1;
	if (len)
		memcpy(s->data, payload, len);
	s->len = (uint32_t)len;
	s->msg_id = msg_id;
	s->op = op;
	s->present = 1;
	return 0;
}

int lvpn_rel_peek(const struct lvpn_rel *rel, uint8_t *op, const uint8_t **data, size_t *len)
{
	const struct lvpn_rel_in_slot *s = &rel->in[rel->recv_next % LVPN_REL_RECV_WINDOW];

	if (rel->recv_exhausted || !s->present || s->msg_id != rel->recv_next)
		return 0;
	*op = s->op;
	*data = s->data;
	*len = s->len;
	return 1;
}

void lvpn_rel_pop(struct lvpn_rel *rel)
{
	struct lvpn_rel_in_slot *s = &rel->in[rel->recv_next % LVPN_REL_RECV_WINDOW];

	if (rel->recv_exhausted || !s->present || s->msg_id != rel->recv_next)
		return;
	s->present = 0;
	if (rel->recv_next == UINT32_MAX)
		rel->recv_exhausted = 1;
	else
		rel->recv_next++;
}

static void lru_add(struct lvpn_rel *rel, uint32_t id)
{
	uint32_t i, n = rel->n_ack_lru;

	for (i = 0; i < n && rel->ack_lru[i] != id; i++)
		;
	if (i == n) /* not there: drop the least recent if full */
		i = n < LVPN_REL_ACK_LRU ? n++ : n - 1;
	memmove(rel->ack_lru + 1, rel->ack_lru, i * sizeof(uint32_t));
	rel->ack_lru[0] = id;
	rel->n_ack_lru = n;
}

/* Fills up to max ACKs: queued ones first (they leave the queue), then
 * recent ones again. */
static void take_acks(struct lvpn_rel *rel, struct lvpn_ctrl_pkt *out, unsigned max)
{
	unsigned n = 0, q = 0;
	uint32_t sent[LVPN_ACK_MAX];

	while (n < max && q < rel->n_ack_q)
		out->acks[n++] = rel->ack_q[q++];
	memmove(rel->ack_q, rel->ack_q + q, (rel->n_ack_q - q) * sizeof(uint32_t));
	rel->n_ack_q -= q;
	memcpy(sent, out->acks, n * sizeof(uint32_t));
	for (uint32_t i = 0; i < rel->n_ack_lru && n < max; i++)
		if (!in_list(out->acks, n, rel->ack_lru[i]))
			out->acks[n++] = rel->ack_lru[i];
	for (unsigned i = q; i-- > 0;)
		lru_add(rel, sent[i]);
	out->n_acks = (uint8_t)n;
}

int lvpn_rel_next(struct lvpn_rel *rel, uint64_t now_ms, struct lvpn_ctrl_pkt *out)
{
	struct lvpn_rel_out_slot *due = NULL;

	for (int i = 0; i < LVPN_REL_SEND_WINDOW; i++) {
		struct lvpn_rel_out_slot *s = &rel->out[i];

		if (s->active && s->next_ms <= now_ms && (!due || s->msg_id < due->msg_id))
			due = s;
	}
	if (!due && !rel->n_ack_q)
		return 0;
	memset(out, 0, sizeof(*out));
	if (!due) {
		out->op = LVPN_OP_ACK_V1;
		take_acks(rel, out, LVPN_ACK_MAX);
		return 1;
	}
	out->op = due->op;
	out->has_msg_id = 1;
	out->msg_id = due->msg_id;
	out->payload = due->data;
	out->payload_len = due->len;
	take_acks(rel, out, LVPN_ACK_PIGGYBACK_MAX);
	if (due->sent && due->timeout_ms < LVPN_REL_TIMEOUT_MAX_MS)
		due->timeout_ms *= 2;
	due->sent = 1;
	due->later_acks = 0;
	due->next_ms = now_ms + due->timeout_ms;
	return 1;
}

uint64_t lvpn_rel_deadline(const struct lvpn_rel *rel, uint64_t now_ms)
{
	uint64_t t = UINT64_MAX;

	if (rel->n_ack_q)
		return now_ms;
	for (int i = 0; i < LVPN_REL_SEND_WINDOW; i++)
		if (rel->out[i].active && rel->out[i].next_ms < t)
			t = rel->out[i].next_ms;
	return t;
}

int lvpn_rel_idle(const struct lvpn_rel *rel)
{
	for (int i = 0; i < LVPN_REL_SEND_WINDOW; i++)
		if (rel->out[i].active)
			return 0;
	return 1;
}
