/* SPDX-License-Identifier: BSD-2-Clause */
/* How a server session ends, against two OpenVPN findings
 * (docs/SECURITY.md):
 *  - CVE-2024-28882: a client repeating its exit notification must not
 *    postpone the end of its session.  The engine reports the first EXIT
 *    (OCC on the data channel, or "EXIT" on the control channel when
 *    cc-exit is negotiated) as an LVPN_EV_EXIT at once, and the server
 *    frontend frees the client on that event (src/srv_client.c); every
 *    later EXIT, of either kind, is refused by the dead session: no second
 *    event, no timer, no packet, no data.
 *  - CVE-2020-15078: a client refused at authentication gets AUTH_FAILED
 *    and nothing else: a PUSH_REQUEST repeated by a client that ignores
 *    the refusal raises no new request and cannot get a PUSH_REPLY, no
 *    data key is installed on either side, and no tunnel packet is
 *    accepted or sent. */
#include "tests/unit/session_pair.h"

#include "proto/kem2.h"
#include "proto/session_int.h" /* the hostile client is driven from inside */

#define STEPS_PER_S 100 /* spair_step is 10 ms */

static void connect_pair(struct spair *p)
{
	spair_start(p);
	assert_true(spair_run(p, 30));
	assert_int_equal(spair_data(p, &p->c, &p->s, 100, 1), 0);
	assert_int_equal(spair_data(p, &p->s, &p->c, 100, 2), 0);
}

/* The client queues one EXIT on the data channel (OCC) and one on the
 * control channel, whatever was negotiated. */
static void client_sends_exits(struct spair *p)
{
	struct lvpn_session *c = p->c.s;

	c->cc_exit = 0;
	c->exit_pending = 1;
	c->exit_next = p->now;
	assert_int_equal(lvpn_sess_ks_send_text(c, &c->ks[KS_PRIMARY], "EXIT", 5, p->now), 0);
}

static void repeated_exit_ends_at_the_first(void **state)
{
	struct spair p;
	uint64_t first = 0, ended = 0;

	(void)state;
	spair_init(&p, "ca", "server-rsa", "client-rsa");
	connect_pair(&p);
	/* EXIT at t = 0, 1, 2 and 3 s, each on both channels */
	for (int k = 0; k < 4; k++) {
		if (k == 0)
			first = p.now;
		client_sends_exits(&p);
		for (int i = 0; i < STEPS_PER_S; i++) {
			uint8_t out[PKT_MAX];
			size_t len;

			spair_step(&p);
			if (p.s.exit_ && !ended)
				ended = p.now;
			if (!ended)
				continue;
			/* once ended: no event, no timer, no packet */
			assert_int_equal(p.s.exit_, 1);
			assert_int_equal(p.s.restart + p.s.halt + p.s.auth_failed, 0);
			assert_int_equal(lvpn_session_deadline(p.s.s), UINT64_MAX);
			assert_int_equal(
			    lvpn_session_poll_link(p.s.s, out, sizeof(out), &len, p.now), 0);
			assert_int_equal(len, 0);
		}
		/* ended by the first EXIT's arrival (the next 10 ms step) */
		assert_int_equal(ended, first + 10);
		/* the session takes no tunnel packet, and sends none */
		assert_int_not_equal(spair_data(&p, &p.c, &p.s, 100, 10 + (uint32_t)k), 0);
		assert_int_equal(spair_data(&p, &p.s, &p.c, 100, 20 + (uint32_t)k), LVPN_ERR_AGAIN);
	}
	/* the later EXITs were sent (the client saw its own packets go) */
	assert_true(lvpn_session_stats(p.c.s)->link_tx > 8);
	assert_int_equal(p.s.exit_, 1);
	spair_free(&p);
}

/* The refused client: it ignores AUTH_FAILED and asks for its options
 * again, once a second for 10 s. */
static void refused_client_gets_only_auth_failed(void **state)
{
	struct spair p;
	struct lvpn_session *c;
	const char *opts[] = {"auth-token SESS_ID_should_never_go_out", "ping 10"};

	(void)state;
	spair_init(&p, "ca", "server-rsa", "client-rsa");
	p.c.conf.username = "mallory";
	p.c.conf.password = "wrong";
	p.refuse = 1;
	spair_start(&p);
	assert_false(spair_run(&p, 30));
	assert_int_equal(p.c.auth_failed, 1);
	assert_non_null(strstr(p.c.last_text, "AUTH_FAILED"));
	assert_int_equal(p.s.push_requests, 1);
	c = p.c.s;
	c->dead = 0; /* the hostile client carries on */
	for (int k = 0; k < 10; k++) {
		assert_int_equal(
		    lvpn_sess_ks_send_text(c, &c->ks[KS_PRIMARY], "PUSH_REQUEST", 13, p.now), 0);
		for (int i = 0; i < STEPS_PER_S; i++)
			spair_step(&p);
		/* no new request reaches the frontend ... */
		assert_int_equal(p.s.push_requests, 1);
		/* ... and a frontend that answered anyway could not */
		assert_int_equal(lvpn_session_push_reply(p.s.s, opts, 2, p.now), LVPN_ERR_STATE);
	}
	/* nothing but the AUTH_FAILED reached the client: no push reply, no
	 * pushed option (so no auth-token), no data key */
	assert_int_equal(p.c.auth_failed, 1);
	assert_int_equal(p.c.connected + p.c.restart + p.c.halt, 0);
	assert_int_equal(p.s.connected, 0);
	assert_null(lvpn_session_pushed_next(p.c.s, NULL));
	assert_int_equal(p.c.s->data.primary, -1);
	assert_int_equal(p.s.s->data.primary, -1);
	/* no tunnel packet either way */
	assert_int_equal(spair_data(&p, &p.s, &p.c, 100, 1), LVPN_ERR_AGAIN);
	assert_int_equal(spair_data(&p, &p.c, &p.s, 100, 2), LVPN_ERR_AGAIN);
	assert_int_equal(p.s.tun_rx + p.c.tun_rx, 0);
	spair_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(repeated_exit_ends_at_the_first),
	    cmocka_unit_test(refused_client_gets_only_auth_failed),
	};
	return cmocka_run_group_tests_name("session_exit", tests, NULL, NULL);
}
