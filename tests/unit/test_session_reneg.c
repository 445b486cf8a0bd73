/* SPDX-License-Identifier: BSD-2-Clause */
/* Renegotiation triggers at their exact edges: the packet-id ceiling
 * (data.need_reneg), reneg-pkts and reneg-bytes.  Each must start a soft
 * reset at the very next tick, and the session's deadline must say so (a
 * frontend ticks only when the deadline has come). */
#include "tests/unit/session_pair.h"

#include "proto/session_int.h" /* the tests set counters and read key states */

static void connect_pair(struct spair *p)
{
	assert_true(spair_connect_quiet(p));
	/* the handshake's last ACKs went out: nothing is due any more */
	assert_true(lvpn_session_deadline(p->c.s) > p->now);
}

/* 1 if the client started a soft reset at this tick (the old key became
 * the lame duck). */
static int tick_starts_reneg(struct spair *p)
{
	struct lvpn_session *c = p->c.s;
	int due = lvpn_session_deadline(c) <= p->now;

	assert_int_equal(lvpn_session_tick(c, p->now), 0);
	if (c->ks[KS_LAME].state == KS_NONE)
		return 0;
	/* a soft reset that started must have been announced by the deadline */
	assert_true(due);
	return 1;
}

static void send_c2s(struct spair *p, size_t len)
{
	static uint32_t seq;

	assert_int_equal(spair_data(p, &p->c, &p->s, len, seq++), 0);
}

static void packet_id_ceiling(void **state)
{
	struct spair p;
	struct lvpn_data_key *k;

	connect_pair(&p);
	k = lvpn_data_key_find(&p.c.s->data, p.c.s->ks[KS_PRIMARY].key_id);
	assert_non_null(k);
	k->send_pid = LVPN_DATA_PID_RENEG - 2;
	send_c2s(&p, 100); /* id RENEG - 1 */
	assert_int_equal(p.c.s->data.need_reneg, 0);
	assert_false(tick_starts_reneg(&p));
	send_c2s(&p, 100); /* id RENEG */
	assert_int_equal(p.c.s->data.need_reneg, 1);
	assert_true(tick_starts_reneg(&p));
	assert_int_equal(p.c.s->data.need_reneg, 0);
	for (int k2 = 0; k2 < 3000 && !p.c.renegotiated; k2++)
		spair_step(&p);
	assert_int_equal(p.c.renegotiated, 1);
	send_c2s(&p, 100);
	spair_free(&p);
}

static void reneg_pkts_edge(void **state)
{
	struct spair p;
	struct keystate *ks;

	connect_pair(&p);
	ks = &p.c.s->ks[KS_PRIMARY];
	p.c.s->conf.reneg_pkts = (int64_t)ks->n_packets + 3;
	send_c2s(&p, 10);
	send_c2s(&p, 10);
	assert_false(tick_starts_reneg(&p));
	send_c2s(&p, 10);
	assert_true(tick_starts_reneg(&p));
	spair_free(&p);
}

static void reneg_bytes_edge(void **state)
{
	struct spair p;
	struct keystate *ks;

	connect_pair(&p);
	ks = &p.c.s->ks[KS_PRIMARY];
	p.c.s->conf.reneg_bytes = (int64_t)ks->n_bytes + 1000;
	send_c2s(&p, 500);
	send_c2s(&p, 499);
	assert_false(tick_starts_reneg(&p));
	send_c2s(&p, 1);
	assert_true(tick_starts_reneg(&p));
	spair_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(packet_id_ceiling),
	    cmocka_unit_test(reneg_pkts_edge),
	    cmocka_unit_test(reneg_bytes_edge),
	};
	return cmocka_run_group_tests_name("session_reneg", tests, NULL, NULL);
}
