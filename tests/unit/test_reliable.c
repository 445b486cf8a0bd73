/* SPDX-License-Identifier: BSD-2-Clause */
/* Reliability layer: timing, windows, ACKs, and a lossy simulated link. */
#include "tests/unit/testutil.h"

/* Our code's heap calls, counted through the linker's --wrap (see
 * mk/ctrl.am): the packet path must make none after setup. */
void *__real_malloc(size_t n);
void *__wrap_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__wrap_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void *__wrap_realloc(void *p, size_t n);
static unsigned long heap_calls;

void *__wrap_malloc(size_t n)
{
	heap_calls++;
	return __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t m)
{
	heap_calls++;
	return __real_calloc(n, m);
}

void *__wrap_realloc(void *p, size_t n)
{
	heap_calls++;
	return __real_realloc(p, n);
}

#include "base/buf.h"
#include "proto/reliable.h"

static struct lvpn_rel mk(void)
{
	struct lvpn_rel r;

	assert_int_equal(lvpn_rel_init(&r, 100, 100, 2000), 0);
	return r;
}

static void retransmit_timing_doubles(void **state)
{
	struct lvpn_rel r = mk();
	struct lvpn_ctrl_pkt p;
	const uint8_t msg[] = "hello";
	uint64_t t = 1000, expect[] = { 1000, 3000, 7000, 15000, 31000 };

	assert_int_equal(lvpn_rel_queue(&r, LVPN_OP_CONTROL_V1, msg, sizeof(msg), t), 0);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(lvpn_rel_deadline(&r, 0), expect[i]);
		assert_int_equal(lvpn_rel_next(&r, expect[i] - 1, &p), 0);
		assert_int_equal(lvpn_rel_next(&r, expect[i], &p), 1);
		assert_int_equal(p.op, LVPN_OP_CONTROL_V1);
		assert_int_equal(p.msg_id, 0);
		assert_int_equal(p.payload_len, sizeof(msg));
		assert_memory_equal(p.payload, msg, sizeof(msg));
		assert_int_equal(lvpn_rel_next(&r, expect[i], &p), 0);
	}
	/* acked: nothing more, ever */
	uint32_t id = 0;
	assert_int_equal(lvpn_rel_on_acks(&r, &id, 1, 40000), 1);
	assert_int_equal(lvpn_rel_deadline(&r, 40000), UINT64_MAX);
	assert_true(lvpn_rel_idle(&r));
	lvpn_rel_free(&r);
}

static void early_retransmit(void **state)
{
	struct lvpn_rel r = mk();
	struct lvpn_ctrl_pkt p;
	uint8_t b = 1;
	uint32_t acks[3] = { 1, 2, 3 };

	for (int i = 0; i < 4; i++)
		assert_int_equal(lvpn_rel_queue(&r, LVPN_OP_CONTROL_V1, &b, 1, 0), 0);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(lvpn_rel_next(&r, 0, &p), 1);
		assert_int_equal(p.msg_id, (uint32_t)i);
	}
	assert_int_equal(lvpn_rel_next(&r, 100, &p), 0);
	/* two later ACKs: not yet */
	assert_int_equal(lvpn_rel_on_acks(&r, acks, 2, 100), 2);
	assert_int_equal(lvpn_rel_next(&r, 100, &p), 0);
	/* the third: message 0 goes again at once, not at 2000 */
	assert_int_equal(lvpn_rel_on_acks(&r, acks + 2, 1, 150), 1);
	assert_int_equal(lvpn_rel_deadline(&r, 150), 150);
	assert_int_equal(lvpn_rel_next(&r, 150, &p), 1);
	assert_int_equal(p.msg_id, 0);
	lvpn_rel_free(&r);
}

/* ACKs for ids never sent (or already acked) change nothing at all. */
static void bogus_acks_change_nothing(void **state)
{
	struct lvpn_rel r = mk();
	struct lvpn_ctrl_pkt p;
	uint8_t b = 1;
	struct lvpn_rel snap;
	uint8_t mem_snap[100 * 18];
	uint32_t bogus[] = { 2, 3, 1000, UINT32_MAX, 7 };

	for (int i = 0; i < 2; i++) {
		assert_int_equal(lvpn_rel_queue(&r, LVPN_OP_CONTROL_V1, &b, 1, 0), 0);
		assert_int_equal(lvpn_rel_next(&r, 0, &p), 1);
	}
	snap = r;
	memcpy(mem_snap, r.mem, sizeof(mem_snap));
	for (int k = 0; k < 4; k++)
		assert_int_equal(lvpn_rel_on_acks(&r, bogus, 5, 10), 0);
	assert_memory_equal(&snap, &r, sizeof(r));
	assert_memory_equal(mem_snap, r.mem, sizeof(mem_snap));
	/* an ACK of 1, then of 1 again: the second changes nothing */
	uint32_t one = 1;
	assert_int_equal(lvpn_rel_on_acks(&r, &one, 1, 10), 1);
	snap = r;
	assert_int_equal(lvpn_rel_on_acks(&r, &one, 1, 10), 0);
	assert_memory_equal(&snap, &r, sizeof(r));
	lvpn_rel_free(&r);
}

static void send_window(void **state)
{
	struct lvpn_rel r = mk();
	struct lvpn_ctrl_pkt p;
	uint8_t b[200] = { 0 };
	uint32_t later[] = { 1, 2, 3, 4, 5 };
	size_t taken;

	assert_int_equal(lvpn_rel_send_room(&r), 6);
	for (int i = 0; i < 6; i++)
		assert_int_equal(lvpn_rel_queue(&r, LVPN_OP_CONTROL_V1, b, 100, 0), 0);
	assert_int_equal(lvpn_rel_queue(&r, LVPN_OP_CONTROL_V1, b, 1, 0), LVPN_ERR_AGAIN);
	assert_int_equal(lvpn_rel_queue(&r, LVPN_OP_CONTROL_V1, b, 101, 0), LVPN_ERR_TOO_BIG);
	assert_int_equal(lvpn_rel_queue(&r, LVPN_OP_ACK_V1, b, 1, 0), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_rel_queue(&r, LVPN_OP_DATA_V2, b, 1, 0), LVPN_ERR_INVAL);
	/* 1..5 acked, 0 still out: 5 free slots but no room (window of 0) */
	while (lvpn_rel_next(&r, 0, &p))
		;
	assert_int_equal(lvpn_rel_on_acks(&r, later, 5, 1), 5);
	assert_int_equal(lvpn_rel_send_room(&r), 0);
	assert_int_equal(lvpn_rel_queue(&r, LVPN_OP_CONTROL_V1, b, 1, 0), LVPN_ERR_AGAIN);
	uint32_t zero = 0;
	assert_int_equal(lvpn_rel_on_acks(&r, &zero, 1, 1), 1);
	assert_int_equal(lvpn_rel_send_room(&r), 6);
	/* write splits into payloads of at most send_max, stops when full */
	assert_int_equal(lvpn_rel_write(&r, LVPN_OP_CONTROL_V1, b, 200, 5, &taken), 0);
	assert_int_equal(taken, 200);
	assert_int_equal(lvpn_rel_send_room(&r), 4);
	static uint8_t big[1000];
	assert_int_equal(lvpn_rel_write(&r, LVPN_OP_CONTROL_V1, big, 1000, 5, &taken), 0);
	assert_int_equal(taken, 400);
	assert_int_equal(lvpn_rel_send_room(&r), 0);
	int n = 0;
	while (lvpn_rel_next(&r, 5, &p)) {
		assert_int_equal(p.msg_id, 6 + n);
		assert_true(p.payload_len <= 100);
		n++;
	}
	assert_int_equal(n, 6);
	lvpn_rel_free(&r);
}

static void id_ceiling(void **state)
{
	struct lvpn_rel r = mk();
	struct lvpn_ctrl_pkt p;
	uint8_t b = 0;

	r.next_id = UINT32_MAX - 1;
	assert_int_equal(lvpn_rel_queue(&r, LVPN_OP_CONTROL_V1, &b, 1, 0), 0);
	assert_int_equal(lvpn_rel_queue(&r, LVPN_OP_CONTROL_V1, &b, 1, 0), 0);
	assert_int_equal(lvpn_rel_queue(&r, LVPN_OP_CONTROL_V1, &b, 1, 0), LVPN_ERR_EXHAUSTED);
	assert_int_equal(lvpn_rel_send_room(&r), 0);
	assert_int_equal(lvpn_rel_next(&r, 0, &p), 1);
	assert_int_equal(p.msg_id, UINT32_MAX - 1);
	assert_int_equal(lvpn_rel_next(&r, 0, &p), 1);
	assert_int_equal(p.msg_id, UINT32_MAX);
	/* receiving side at the ceiling: the last id is delivered, then nothing */
	const uint8_t *d;
	size_t len;
	uint8_t op;
	r.recv_next = UINT32_MAX;
	assert_int_equal(lvpn_rel_on_msg(&r, LVPN_OP_CONTROL_V1, UINT32_MAX, &b, 1), 0);
	assert_int_equal(lvpn_rel_peek(&r, &op, &d, &len), 1);
	lvpn_rel_pop(&r);
	assert_int_equal(lvpn_rel_peek(&r, &op, &d, &len), 0);
	assert_int_equal(lvpn_rel_on_msg(&r, LVPN_OP_CONTROL_V1, UINT32_MAX, &b, 1), 1);
	assert_int_equal(lvpn_rel_on_msg(&r, LVPN_OP_CONTROL_V1, 0, &b, 1), 1);
	lvpn_rel_free(&r);
}

static void receive_window_and_acks(void **state)
{
	struct lvpn_rel r = mk();
	struct lvpn_ctrl_pkt p;
	uint8_t b[101] = { 0 };
	const uint8_t *d;
	size_t len;
	uint8_t op;

	/* 12 ahead is outside, 11 inside; neither is deliverable yet */
	assert_int_equal(lvpn_rel_on_msg(&r, LVPN_OP_CONTROL_V1, 12, b, 1), LVPN_ERR_WINDOW);
	assert_int_equal(r.n_ack_q, 0);
	assert_int_equal(lvpn_rel_on_msg(&r, LVPN_OP_CONTROL_V1, 3, b, 101), LVPN_ERR_TOO_BIG);
	assert_int_equal(r.n_ack_q, 0);
	for (uint32_t id = 11; id >= 1; id--)
		assert_int_equal(lvpn_rel_on_msg(&r, LVPN_OP_CONTROL_V1, id, b, 1), 0);
	assert_int_equal(lvpn_rel_peek(&r, &op, &d, &len), 0);
	assert_int_equal(lvpn_rel_on_msg(&r, LVPN_OP_CONTROL_V1, 5, b, 1), 1); /* dup */
	/* 11 ACKs queued: a P_ACK_V1 takes 8, the next takes the other 3 and
	 * repeats 5 recent ones */
	assert_int_equal(lvpn_rel_deadline(&r, 77), 77);
	assert_int_equal(lvpn_rel_next(&r, 0, &p), 1);
	assert_int_equal(p.op, LVPN_OP_ACK_V1);
	assert_int_equal(p.has_msg_id, 0);
	assert_int_equal(p.n_acks, 8);
	assert_int_equal(p.acks[0], 11);
	assert_int_equal(lvpn_rel_next(&r, 0, &p), 1);
	assert_int_equal(p.n_acks, 8);
	assert_int_equal(p.acks[0], 3);
	assert_int_equal(p.acks[2], 1);
	assert_int_equal(lvpn_rel_next(&r, 0, &p), 0);
	/* message 0 arrives: everything is delivered in order */
	b[0] = 42;
	assert_int_equal(lvpn_rel_on_msg(&r, LVPN_OP_HARD_RESET_SERVER_V2, 0, b, 1), 0);
	for (uint32_t id = 0; id <= 11; id++) {
		assert_int_equal(lvpn_rel_peek(&r, &op, &d, &len), 1);
		assert_int_equal(len, 1);
		if (id == 0) {
			assert_int_equal(op, LVPN_OP_HARD_RESET_SERVER_V2);
			assert_int_equal(d[0], 42);
		}
		lvpn_rel_pop(&r);
	}
	assert_int_equal(lvpn_rel_peek(&r, &op, &d, &len), 0);
	/* a message of ours carries at most 4 ACKs: the new one first, then
	 * recently sent ones again */
	assert_int_equal(lvpn_rel_queue(&r, LVPN_OP_CONTROL_V1, b, 1, 0), 0);
	assert_int_equal(lvpn_rel_next(&r, 0, &p), 1);
	assert_int_equal(p.op, LVPN_OP_CONTROL_V1);
	assert_int_equal(p.n_acks, 4);
	assert_int_equal(p.acks[0], 0);
	assert_int_equal(lvpn_rel_next(&r, 0, &p), 0);
	/* an old duplicate is ACKed again */
	assert_int_equal(lvpn_rel_on_msg(&r, LVPN_OP_CONTROL_V1, 4, b, 1), 1);
	assert_int_equal(lvpn_rel_next(&r, 0, &p), 1);
	assert_int_equal(p.op, LVPN_OP_ACK_V1);
	assert_int_equal(p.acks[0], 4);
	lvpn_rel_free(&r);
}

/* --- a lossy link between two peers --- */

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

#define INFLIGHT 4096
struct wire_pkt {
	uint64_t at;
	int to;
	size_t len;
	uint8_t data[200];
};
static struct wire_pkt link_q[INFLIGHT];
static int n_link;

static void link_send(int to, const uint8_t *p, size_t len, uint64_t now, int loss)
{
	int copies = 1;

	if ((int)(rnd() % 100) < loss)
		return;
	if (rnd() % 100 < 10)
		copies = 2; /* duplicated */
	for (int c = 0; c < copies && n_link < INFLIGHT; c++) {
		struct wire_pkt *w = &link_q[n_link++];

		w->at = now + 5 + rnd() % 300; /* reordered by the random delay */
		w->to = to;
		w->len = len;
		memcpy(w->data, p, len);
	}
}

#define NMSG 300
static void lossy_link(int loss)
{
	struct lvpn_rel peer[2];
	uint32_t sent[2] = { 0, 0 }, got[2] = { 0, 0 };
	const uint8_t sid[8] = { 0 };
	uint64_t now = 0;

	n_link = 0;
	for (int i = 0; i < 2; i++)
		assert_int_equal(lvpn_rel_init(&peer[i], 60, 60, 2000), 0);
	while ((got[0] < NMSG || got[1] < NMSG) && now < 3600 * 1000) {
		for (int i = 0; i < 2; i++) {
			struct lvpn_ctrl_pkt p;
			uint8_t buf[200], msg[60];

			/* message k of peer i: k as 4 bytes, then a pattern */
			while (sent[i] < NMSG && lvpn_rel_send_room(&peer[i])) {
				size_t len = 4 + sent[i] % 50;

				lvpn_put_be32(msg, sent[i]);
				for (size_t k = 4; k < len; k++)
					msg[k] = (uint8_t)(sent[i] + k);
				assert_int_equal(lvpn_rel_queue(&peer[i], LVPN_OP_CONTROL_V1, msg, len, now), 0);
				sent[i]++;
			}
			while (lvpn_rel_next(&peer[i], now, &p)) {
				size_t len;

				p.sid = sid;
				p.ack_sid = sid;
				assert_int_equal(lvpn_pkt_write(&p, buf, sizeof(buf), &len), 0);
				link_send(1 - i, buf, len, now, loss);
			}
		}
		/* deliver what is due */
		for (int k = 0; k < n_link;) {
			struct wire_pkt *w = &link_q[k];
			struct lvpn_ctrl_pkt q;
			struct lvpn_rel *r;

			if (w->at > now) {
				k++;
				continue;
			}
			r = &peer[w->to];
			assert_int_equal(lvpn_pkt_parse(w->data, w->len, &q), 0);
			lvpn_rel_on_acks(r, q.acks, q.n_acks, now);
			if (q.has_msg_id) {
				int rc = lvpn_rel_on_msg(r, q.op, q.msg_id, q.payload, q.payload_len);
				assert_true(rc == 0 || rc == 1 || rc == LVPN_ERR_WINDOW);
			}
			{
				uint8_t op;
				const uint8_t *d;
				size_t len;

				while (lvpn_rel_peek(r, &op, &d, &len)) {
					uint32_t id = lvpn_get_be32(d);

					/* in order, exactly once, intact */
					assert_int_equal(id, got[w->to]);
					assert_int_equal(len, 4 + id % 50);
					for (size_t j = 4; j < len; j++)
						assert_int_equal(d[j], (uint8_t)(id + j));
					got[w->to]++;
					lvpn_rel_pop(r);
				}
			}
			link_q[k] = link_q[--n_link];
		}
		/* jump to the next event */
		uint64_t next = now + 50;
		for (int i = 0; i < 2; i++) {
			uint64_t d = lvpn_rel_deadline(&peer[i], now);
			if (d > now && d < next)
				next = d;
		}
		now = next;
	}
	assert_int_equal(got[0], NMSG);
	assert_int_equal(got[1], NMSG);
	for (int i = 0; i < 2; i++)
		lvpn_rel_free(&peer[i]);
}

static void lossy_links(void **state)
{
	lossy_link(0);
	lossy_link(20);
	lossy_link(50);
}

/* After lvpn_rel_init, queueing, sending, ACKing, receiving and
 * delivering 100k messages allocates nothing. */
static void no_heap_after_setup(void **state)
{
	struct lvpn_rel a, b;
	struct lvpn_ctrl_pkt p, q;
	uint8_t buf[256], msg[100] = { 0 };
	const uint8_t sid[8] = { 0 };
	unsigned long before;
	uint32_t delivered = 0;
	uint64_t now = 0;

	assert_int_equal(lvpn_rel_init(&a, 100, 100, 2000), 0);
	assert_int_equal(lvpn_rel_init(&b, 100, 100, 2000), 0);
	assert_true(heap_calls >= 2); /* the counter works: init allocated */
	before = heap_calls;
	for (uint32_t i = 0; i < 100000; now += 10) {
		size_t len;
		uint8_t op;
		const uint8_t *d;

		while (lvpn_rel_send_room(&a) && i < 100000) {
			lvpn_put_be32(msg, i++);
			assert_int_equal(lvpn_rel_queue(&a, LVPN_OP_CONTROL_V1, msg, sizeof(msg), now), 0);
		}
		while (lvpn_rel_next(&a, now, &p)) {
			p.sid = p.ack_sid = sid;
			assert_int_equal(lvpn_pkt_write(&p, buf, sizeof(buf), &len), 0);
			assert_int_equal(lvpn_pkt_parse(buf, len, &q), 0);
			lvpn_rel_on_acks(&b, q.acks, q.n_acks, now);
			assert_true(lvpn_rel_on_msg(&b, q.op, q.msg_id, q.payload, q.payload_len) >= 0);
		}
		while (lvpn_rel_peek(&b, &op, &d, &len)) {
			assert_int_equal(lvpn_get_be32(d), delivered++);
			lvpn_rel_pop(&b);
		}
		while (lvpn_rel_next(&b, now, &p)) {
			p.sid = p.ack_sid = sid;
			assert_int_equal(lvpn_pkt_write(&p, buf, sizeof(buf), &len), 0);
			assert_int_equal(lvpn_pkt_parse(buf, len, &q), 0);
			lvpn_rel_on_acks(&a, q.acks, q.n_acks, now);
		}
	}
	assert_int_equal(delivered, 100000);
	assert_int_equal(heap_calls, before);
	lvpn_rel_free(&a);
	lvpn_rel_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(retransmit_timing_doubles),
		cmocka_unit_test(early_retransmit),
		cmocka_unit_test(bogus_acks_change_nothing),
		cmocka_unit_test(send_window),
		cmocka_unit_test(id_ceiling),
		cmocka_unit_test(receive_window_and_acks),
		cmocka_unit_test(lossy_links),
		cmocka_unit_test(no_heap_after_setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
