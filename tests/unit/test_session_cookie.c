/* SPDX-License-Identifier: BSD-2-Clause */
/* A UDP server admitted by the stateless HMAC cookie: a real client engine
 * against lvpn_cookie_input (no server state until the third packet) and a
 * server engine made by lvpn_session_new_from_cookie.  Covers tls-auth,
 * tls-crypt, tls-crypt-v2 (CONTROL_WKC_V1), no wrapping, a lost and a
 * duplicated stateless reply, the reply's wrap packet-id continuation, and
 * third packets that must not create a session. */
#include "tests/unit/session_pair.h"

#include "proto/wrap.h"
#include "proto/server/cookie.h"
#include "proto/session_int.h" /* the tests peek at ids and counters */

static const uint8_t ADDR[16] = {2, 0, 0x04, 0xaa, 198, 18, 0, 2};
static const uint8_t OTHER[16] = {2, 0, 0x04, 0xab, 198, 18, 0, 2};

struct stl {
	struct lvpn_cookie_srv cs;
	struct lvpn_wrap w;
	struct lvpn_tcv2_server v2;
	int have_v2;
	struct lvpn_cookie_admit ad;
	unsigned replies, admitted, drops;
	unsigned drop_replies; /* lose this many replies */
	unsigned dup_replies;  /* deliver each reply twice */
	int bad_reply_id;      /* tamper: the session restarts the wrap counter */
	int mangle_third;      /* tamper: flip a bit of the third packet */
	unsigned drop_thirds;  /* lose this many packets that follow the reset */
	const uint8_t *addr;   /* the source address third packets come from */
};

/* The server side of spair_wrap: the same keys, stateless. */
static void stl_init(struct stl *t, struct spair *p)
{
	uint8_t ck[LVPN_COOKIE_KEY_LEN];

	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < sizeof(ck); i++)
		ck[i] = (uint8_t)(0xa5 ^ i);
	assert_int_equal(lvpn_cookie_init(&t->cs.ck, ck, 60), 0);
	if (p->s.conf.tcv2_server) {
		uint8_t skey[128], skey2[LVPN_KEY2_LEN] = {0};

		for (size_t i = 0; i < sizeof(skey); i++)
			skey[i] = (uint8_t)(i * 13 + 1); /* as spair_wrap */
		assert_int_equal(lvpn_tcv2_server_init(&t->v2, skey), 0);
		t->have_v2 = 1;
		t->cs.v2 = &t->v2;
		/* a scratch wrap: its key is replaced by each client's Kc */
		assert_int_equal(
		    lvpn_wrap_init(&t->w, LVPN_WRAP_CRYPT, skey2, LVPN_KEY_DIR_NORMAL, NULL, 0, 0),
		    0);
	} else {
		int dir = p->s.conf.wrap_mode == LVPN_WRAP_CRYPT ? LVPN_KEY_DIR_NORMAL
		                                                 : p->s.conf.wrap_dir;

		assert_int_equal(lvpn_wrap_init(&t->w, p->s.conf.wrap_mode, p->s.conf.wrap_key, dir,
		                                p->s.conf.wrap_digest, 0, 0),
		                 0);
	}
	t->cs.wrap = &t->w;
	t->addr = ADDR;
}

static void stl_free(struct stl *t)
{
	lvpn_cookie_free(&t->cs.ck);
	lvpn_wrap_free(&t->w);
	if (t->have_v2)
		lvpn_tcv2_server_free(&t->v2);
}

static uint64_t unix_now(struct spair *p)
{
	return p->ops.unix_base + p->now / 1000;
}

/* One packet toward a server that has no session yet. */
static void stl_packet(struct spair *p, struct stl *t, uint8_t *pkt, size_t len)
{
	enum lvpn_cookie_verdict v;
	uint8_t out[PKT_MAX];
	size_t out_len;
	int rc;

	if (lvpn_op_of(pkt[0]) != LVPN_OP_HARD_RESET_CLIENT_V2 &&
	    lvpn_op_of(pkt[0]) != LVPN_OP_HARD_RESET_CLIENT_V3) {
		if (t->drop_thirds) {
			t->drop_thirds--;
			return;
		}
		if (t->mangle_third)
			pkt[t->mangle_third % len] ^= 0x10;
	}
	rc = lvpn_cookie_input(&t->cs, unix_now(p), t->addr, 16, pkt, len, out, sizeof(out),
	                       &out_len, &v, &t->ad);
	if (rc) {
		t->drops++;
		return;
	}
	if (v == LVPN_COOKIE_REPLY) {
		t->replies++;
		if (t->drop_replies) {
			t->drop_replies--;
			return;
		}
		pq_put(p, &p->to_c, out, out_len);
		if (t->dup_replies)
			pq_put(p, &p->to_c, out, out_len);
		return;
	}
	assert_int_equal(v, LVPN_COOKIE_ADMIT);
	t->admitted++;
	if (t->bad_reply_id)
		t->ad.sc.reply_id = 0;
	if (t->have_v2)
		p->s.conf.wrap_key = t->ad.kc; /* the Kc its WKc carried */
	assert_int_equal(
	    lvpn_session_new_from_cookie(&p->s.conf, &p->ops, p->now, &t->ad.sc, &p->s.s), 0);
	pq_put(p, &p->to_s, pkt, len); /* the session takes the third packet */
}

/* Runs the client against the stateless server until a session exists
 * (or the time is up); returns 1 if one was created. */
static int stl_run(struct spair *p, struct stl *t, unsigned seconds)
{
	uint64_t end = p->now + (uint64_t)seconds * 1000;

	while (p->now < end && !p->s.s) {
		struct pq q;

		p->now += 10;
		if (lvpn_session_deadline(p->c.s) <= p->now) {
			int rc = lvpn_session_tick(p->c.s, p->now);

			(void)rc;
		}
		side_events(p, &p->c);
		spair_drain(p, &p->c, &p->to_s);
		q = p->to_s;
		p->to_s.n = 0;
		for (unsigned i = 0; i < q.n; i++) {
			if (p->s.s)
				pq_put(p, &p->to_s, q.pkt[i], q.len[i]); /* the session's now */
			else
				stl_packet(p, t, q.pkt[i], q.len[i]);
		}
		spair_deliver(p, &p->c, &p->to_c);
	}
	return p->s.s != NULL;
}

static void start_client(struct spair *p)
{
	assert_int_equal(lvpn_tls_ctx_new(&p->stc, &p->sctx), 0);
	assert_int_equal(lvpn_tls_ctx_new(&p->ctc, &p->cctx), 0);
	p->s.conf.tls = p->sctx;
	p->c.conf.tls = p->cctx;
	assert_int_equal(lvpn_session_new(&p->c.conf, &p->ops, p->now, &p->c.s), 0);
}

static void data_both_ways(struct spair *p, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(spair_data(p, &p->c, &p->s, 100 + i, i), 0);
		assert_int_equal(spair_data(p, &p->s, &p->c, 1400 - i, i + 1000), 0);
	}
}

/* The whole path: cookie exchange, then the engines finish the handshake. */
static void cookie_connect(struct spair *p, struct stl *t)
{
	start_client(p);
	stl_init(t, p);
	assert_true(stl_run(p, t, 30));
	assert_int_equal(t->admitted, 1);
	/* the session's sid is the cookie the client already knows */
	assert_memory_equal(p->s.s->sid, p->c.s->peer_sid, LVPN_SID_SIZE);
	assert_true(spair_run(p, 30));
	assert_int_equal(p->c.tls_up, 1);
	assert_int_equal(p->s.tls_up, 1);
	data_both_ways(p, 6);
}

static void finish(struct spair *p, struct stl *t)
{
	stl_free(t);
	spair_free(p);
}

static void cookie_tls_crypt(void **state)
{
	struct spair p;
	struct stl t;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	spair_wrap(&p, LVPN_WRAP_CRYPT, 0);
	cookie_connect(&p, &t);
	assert_int_equal(t.replies, 1);
	/* nothing the server sent was a replay for the client: the session's
	 * wrap counter went on after the stateless reply's id */
	assert_int_equal(p.c.s->st.ctrl_drop, 0);
	assert_int_equal(p.s.s->wrap.send_id > LVPN_COOKIE_REPLY_ID, 1);
	finish(&p, &t);
}

static void cookie_tls_auth(void **state)
{
	struct spair p;
	struct stl t;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	spair_wrap(&p, LVPN_WRAP_AUTH, 0);
	p.c.conf.wrap_digest = p.s.conf.wrap_digest = "SHA256";
	cookie_connect(&p, &t);
	assert_int_equal(p.c.s->st.ctrl_drop, 0);
	finish(&p, &t);
}

static void cookie_no_wrap(void **state)
{
	struct spair p;
	struct stl t;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	cookie_connect(&p, &t);
	finish(&p, &t);
}

static void cookie_tls_crypt_v2(void **state)
{
	struct spair p;
	struct stl t;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	spair_wrap(&p, LVPN_WRAP_CRYPT, 1);
	cookie_connect(&p, &t);
	/* the reply asked for the WKc again, and the client sent it */
	assert_int_equal(p.c.s->early_neg, 1);
	assert_int_equal(t.ad.meta.type, LVPN_TCV2_META_TIMESTAMP);
	assert_int_equal(p.c.s->st.ctrl_drop, 0);
	finish(&p, &t);
}

static void cookie_lost_reply(void **state)
{
	struct spair p;
	struct stl t;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	spair_wrap(&p, LVPN_WRAP_CRYPT, 1);
	start_client(&p);
	stl_init(&t, &p);
	t.drop_replies = 1;
	assert_true(stl_run(&p, &t, 30));
	assert_int_equal(t.replies, 2); /* the client sent its reset again */
	assert_true(spair_run(&p, 30));
	data_both_ways(&p, 2);
	finish(&p, &t);
}

static void cookie_duplicated_reply(void **state)
{
	struct spair p;
	struct stl t;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	spair_wrap(&p, LVPN_WRAP_CRYPT, 0);
	start_client(&p);
	stl_init(&t, &p);
	t.dup_replies = 1;
	assert_true(stl_run(&p, &t, 30));
	assert_true(spair_run(&p, 30));
	assert_int_equal(t.admitted, 1);
	data_both_ways(&p, 2);
	finish(&p, &t);
}

/* The client's third packet is lost: its retransmission (which repeats
 * the ACK of our reply) is admitted instead; nothing was kept meanwhile. */
static void cookie_lost_third_packet(void **state)
{
	for (int v2 = 0; v2 < 2; v2++) {
		struct spair p;
		struct stl t;

		spair_init(&p, "ca", "server-rsa", "client-rsa");
		spair_wrap(&p, LVPN_WRAP_CRYPT, v2);
		start_client(&p);
		stl_init(&t, &p);
		t.drop_thirds = 1;
		assert_true(stl_run(&p, &t, 30));
		assert_int_equal(t.drop_thirds, 0);
		assert_int_equal(t.admitted, 1);
		assert_true(spair_run(&p, 30));
		data_both_ways(&p, 2);
		finish(&p, &t);
	}
}

/* The counter continuation matters: a session that restarted its wrap ids
 * (reply_id 0) sends id 1 again in the same second, and the client drops
 * that as a replay.  (This is the negative of the ctrl_drop == 0 checks.) */
static void restarted_wrap_counter_is_a_replay(void **state)
{
	struct spair p;
	struct stl t;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	spair_wrap(&p, LVPN_WRAP_CRYPT, 0);
	start_client(&p);
	stl_init(&t, &p);
	t.bad_reply_id = 1;
	assert_true(stl_run(&p, &t, 30));
	(void)spair_run(&p, 30);
	assert_true(p.c.s->st.ctrl_drop > 0);
	finish(&p, &t);
}

/* A third packet from another address, or with any bit flipped, creates
 * nothing; the client never gets a session. */
static void bad_third_packets_create_nothing(void **state)
{
	for (int mode = 0; mode < 3; mode++) {
		struct spair p;
		struct stl t;

		spair_init(&p, "ca", "server-rsa", "client-rsa");
		if (mode)
			spair_wrap(&p, mode == 1 ? LVPN_WRAP_CRYPT : LVPN_WRAP_AUTH, 0);
		start_client(&p);
		stl_init(&t, &p);
		/* the first reset comes from ADDR, the rest from OTHER */
		for (int k = 0; k < 300 && !t.replies; k++) {
			p.now += 10;
			spair_drain(&p, &p.c, &p.to_s);
			for (unsigned i = 0; i < p.to_s.n; i++)
				stl_packet(&p, &t, p.to_s.pkt[i], p.to_s.len[i]);
			p.to_s.n = 0;
			spair_deliver(&p, &p.c, &p.to_c);
		}
		assert_int_equal(t.replies, 1);
		t.addr = OTHER;
		assert_false(stl_run(&p, &t, 5));
		assert_int_equal(t.admitted, 0);
		assert_true(t.drops > 0);
		finish(&p, &t);
	}
	for (unsigned bit = 1; bit < 40; bit += 3) {
		struct spair p;
		struct stl t;

		spair_init(&p, "ca", "server-rsa", "client-rsa");
		start_client(&p);
		stl_init(&t, &p);
		t.mangle_third = (int)bit; /* plain: a flipped byte in the header */
		(void)stl_run(&p, &t, 3);
		/* a flip may land in the payload (accepted: the TLS layer
		 * judges it) but never in the cookie or the sids */
		if (t.admitted) {
			assert_memory_equal(p.s.s->sid, p.c.s->peer_sid, LVPN_SID_SIZE);
			assert_memory_equal(p.s.s->peer_sid, p.c.s->sid, LVPN_SID_SIZE);
			assert_true(bit >= 1 + 8 + 1 + 4 + 8 + 4);
		}
		finish(&p, &t);
	}
}

/* tls-crypt-v2: a reset without the early-negotiation marker is refused
 * under force-cookie; allow-noncookie (2.6's default) admits it the old
 * way. */
static void v2_without_early_negotiation(void **state)
{
	for (int allow = 0; allow < 2; allow++) {
		struct spair p;
		struct stl t;
		uint8_t out[PKT_MAX], pkt[PKT_MAX];
		size_t len, out_len;
		enum lvpn_cookie_verdict v;
		int rc;

		spair_init(&p, "ca", "server-rsa", "client-rsa");
		spair_wrap(&p, LVPN_WRAP_CRYPT, 1);
		start_client(&p);
		stl_init(&t, &p);
		t.cs.allow_noncookie = allow;
		/* an old client: its first replay id is 1, not 0x0f000001 */
		lvpn_wrap_set_send_id(&p.c.s->wrap, 0);
		assert_int_equal(lvpn_session_poll_link(p.c.s, pkt, sizeof(pkt), &len, p.now), 0);
		assert_true(len > 0);
		rc = lvpn_cookie_input(&t.cs, unix_now(&p), ADDR, 16, pkt, len, out, sizeof(out),
		                       &out_len, &v, &t.ad);
		if (allow) {
			assert_int_equal(rc, 0);
			assert_int_equal(v, LVPN_COOKIE_OLD);
			assert_int_equal(out_len, 0);
			assert_memory_equal(t.ad.kc, p.key2, LVPN_KEY2_LEN);
		} else {
			assert_int_equal(rc, LVPN_ERR_UNSUPPORTED);
			assert_int_equal(out_len, 0);
		}
		finish(&p, &t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(cookie_tls_crypt),
	    cmocka_unit_test(cookie_tls_auth),
	    cmocka_unit_test(cookie_no_wrap),
	    cmocka_unit_test(cookie_tls_crypt_v2),
	    cmocka_unit_test(cookie_lost_reply),
	    cmocka_unit_test(cookie_duplicated_reply),
	    cmocka_unit_test(cookie_lost_third_packet),
	    cmocka_unit_test(restarted_wrap_counter_is_a_replay),
	    cmocka_unit_test(bad_third_packets_create_nothing),
	    cmocka_unit_test(v2_without_early_negotiation),
	};
	return cmocka_run_group_tests_name("session_cookie", tests, NULL, NULL);
}
