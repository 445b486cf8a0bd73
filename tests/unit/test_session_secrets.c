/* SPDX-License-Identifier: BSD-2-Clause */
/* Two hardening properties of the session engine, each tied to an OpenVPN
 * finding (docs/SECURITY.md):
 *  - the server can wipe a client's password once it was checked
 *    (secret hygiene, Quarkslab 2017 finding 5.4);
 *  - an established tls-crypt-v2 session ignores a new client key offered
 *    mid-session: a HARD_RESET_CLIENT_V3 or CONTROL_WKC_V1 carrying another
 *    client's WKc, or a replay of its own first packet, is dropped and the
 *    tunnel and its renegotiation go on with the key it has (CVE-2025-2704's
 *    class). */
#include "tests/unit/session_pair.h"

#include "crypto/tcv2.h"
#include "proto/kem2.h"
#include "proto/pkt.h"
#include "proto/session_int.h" /* the test peeks at the session id */

static void connect_pair(struct spair *p)
{
	spair_start(p);
	assert_true(spair_run(p, 30));
	assert_int_equal(spair_data(p, &p->c, &p->s, 100, 1), 0);
	assert_int_equal(spair_data(p, &p->s, &p->c, 100, 2), 0);
}

static void password_wiped_on_request(void **state)
{
	struct spair p;
	const char *user, *pass;
	int too_long;

	(void)state;
	spair_init(&p, "ca", "server-rsa", "client-rsa");
	p.c.conf.username = "alice";
	p.c.conf.password = "s3cret-pass";
	connect_pair(&p);
	lvpn_session_peer_creds(p.s.s, &user, &pass, &too_long);
	assert_string_equal(user, "alice");
	assert_string_equal(pass, "s3cret-pass");
	lvpn_session_wipe_creds(p.s.s);
	/* the same storage, every byte of it zero */
	for (size_t i = 0; i < LVPN_KEM2_USERPASS_MAX; i++)
		assert_int_equal(pass[i], 0);
	lvpn_session_peer_creds(p.s.s, &user, &pass, &too_long);
	assert_string_equal(pass, "");
	spair_free(&p);
}

/* A tls-crypt-v2 packet of opcode op from a client whose key is key2 (WKc
 * made with the server key of spair_wrap), as the server's peer sees it. */
static size_t foreign_v2_packet(uint8_t *out, size_t cap, uint8_t op, const uint8_t *key2,
                                const uint8_t *ack_sid)
{
	static const uint8_t sid[8] = {9, 8, 7, 6, 5, 4, 3, 2};
	uint8_t skey[128], meta[9] = {LVPN_TCV2_META_TIMESTAMP, 0, 0, 0, 0, 0x65, 0, 0, 0};
	uint8_t wkc[1024], mem[PKT_MAX];
	struct lvpn_tcv2_server srv;
	struct lvpn_ctrl_pkt c = {0};
	struct lvpn_wrap w = {0};
	struct lvpn_buf b;
	size_t wkc_len, len;

	for (size_t i = 0; i < sizeof(skey); i++)
		skey[i] = (uint8_t)(i * 13 + 1);
	assert_int_equal(lvpn_tcv2_server_init(&srv, skey), 0);
	assert_int_equal(
	    lvpn_tcv2_wrap_key(&srv, key2, meta, sizeof(meta), wkc, sizeof(wkc), &wkc_len), 0);
	lvpn_tcv2_server_free(&srv);
	assert_int_equal(
	    lvpn_wrap_init(&w, LVPN_WRAP_CRYPT, key2, LVPN_KEY_DIR_INVERSE, NULL, 64, 15), 0);
	assert_int_equal(lvpn_wrap_set_wkc(&w, wkc, wkc_len), 0);
	c.op = op;
	c.sid = sid;
	c.msg_id = op == LVPN_OP_HARD_RESET_CLIENT_V3 ? 0 : 1;
	c.n_acks = ack_sid ? 1 : 0;
	c.ack_sid = ack_sid;
	lvpn_buf_init(&b, mem, sizeof(mem));
	assert_int_equal(lvpn_buf_reset(&b, 128), 0);
	assert_int_equal(lvpn_pkt_write(&c, lvpn_buf_data(&b), sizeof(mem) - 128 - 1100, &len), 0);
	b.len = (uint32_t)len;
	assert_int_equal(lvpn_wrap_seal(&w, &b, 1700000000), 0);
	assert_true(b.len <= cap);
	memcpy(out, lvpn_buf_data(&b), b.len);
	lvpn_wrap_free(&w);
	return b.len;
}

static int inject(struct spair *p, struct side *to, const uint8_t *pkt, size_t len)
{
	uint8_t t[PKT_MAX];
	struct lvpn_buf b;
	enum lvpn_rx rx = LVPN_RX_NONE;
	int rc;

	memcpy(t, pkt, len);
	lvpn_buf_init(&b, t, sizeof(t));
	b.len = (uint32_t)len;
	rc = lvpn_session_recv(to->s, &b, p->now, &rx);
	side_events(p, to);
	return rc;
}

static void foreign_wkc_mid_session_is_dropped(void **state)
{
	static const uint8_t ops[] = {LVPN_OP_HARD_RESET_CLIENT_V3, LVPN_OP_CONTROL_WKC_V1};
	uint8_t other[256], pkt[PKT_MAX];
	struct spair p;
	uint64_t drops;

	(void)state;
	spair_init(&p, "ca", "server-rsa", "client-rsa");
	spair_wrap(&p, LVPN_WRAP_CRYPT, 1);
	connect_pair(&p);
	for (size_t i = 0; i < sizeof(other); i++)
		other[i] = (uint8_t)(i * 5 + 11);
	drops = lvpn_session_stats(p.s.s)->ctrl_drop;
	for (size_t k = 0; k < sizeof(ops); k++) {
		/* another client's key, then this client's own key */
		const uint8_t *keys[2] = {other, p.key2};

		for (int j = 0; j < 2; j++) {
			size_t len =
			    foreign_v2_packet(pkt, sizeof(pkt), ops[k], keys[j],
			                      ops[k] == LVPN_OP_CONTROL_WKC_V1 ? p.s.s->sid : NULL);
			int rc = inject(&p, &p.s, pkt, len);

			assert_true(rc < 0);
			assert_false(lvpn_err_is_fatal(rc));
		}
	}
	assert_int_equal(lvpn_session_stats(p.s.s)->ctrl_drop, drops + 4);
	assert_int_equal(p.s.restart + p.s.halt + p.c.restart + p.c.halt, 0);
	/* the tunnel goes on, and so does a renegotiation with the old key */
	assert_int_equal(spair_data(&p, &p.c, &p.s, 500, 3), 0);
	assert_int_equal(lvpn_session_renegotiate(p.c.s, p.now), 0);
	for (int k = 0; k < 3000 && !(p.c.renegotiated && p.s.renegotiated); k++)
		spair_step(&p);
	assert_true(p.c.renegotiated >= 1 && p.s.renegotiated >= 1);
	assert_int_equal(spair_data(&p, &p.s, &p.c, 500, 4), 0);
	spair_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(password_wiped_on_request),
	    cmocka_unit_test(foreign_wkc_mid_session_is_dropped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
