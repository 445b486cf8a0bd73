/* SPDX-License-Identifier: BSD-2-Clause */
/* Peer-to-peer TLS mode (tls-client / tls-server, nothing pushed): two
 * engines back to back settle the cipher, the peer-id and the key
 * derivation from each other's peer-info, as OpenVPN 2.6's p2p NCP. */
#include "tests/unit/session_pair.h"

#include "proto/kem2.h"
#include "proto/session_int.h" /* the tests peek at the peer-id and EKM use */

#define P2P_PROTO                                                                                  \
	(LVPN_IV_PROTO_DATA_V2 | LVPN_IV_PROTO_DNS_OPTION | LVPN_IV_PROTO_CC_EXIT_NOTIFY |         \
	 LVPN_IV_PROTO_NCP_P2P | LVPN_IV_PROTO_TLS_KEY_EXPORT | LVPN_IV_PROTO_DYN_TLS_CRYPT)

static char client_pi[256], server_pi[256];

static void p2p_side(struct side *sd, char *pi, size_t cap, const char *ciphers, unsigned proto)
{
	sd->conf.p2p = 1;
	sd->conf.data_ciphers = ciphers;
	sd->conf.iv_proto = proto;
	snprintf(pi, cap, "IV_CIPHERS=%s\nIV_PROTO=%u\n", ciphers, proto);
	sd->conf.peer_info = proto ? pi : "";
}

static void p2p_init(struct spair *p, const char *cciphers, const char *sciphers, unsigned cproto,
                     unsigned sproto)
{
	spair_init(p, "ca", "server-rsa", "client-rsa");
	p2p_side(&p->c, client_pi, sizeof(client_pi), cciphers, cproto);
	p2p_side(&p->s, server_pi, sizeof(server_pi), sciphers, sproto);
}

static void data_both_ways(struct spair *p, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(spair_data(p, &p->c, &p->s, 100 + i * 50, i), 0);
		assert_int_equal(spair_data(p, &p->s, &p->c, 100 + i * 50, i + 1000), 0);
	}
}

/* 2.6 peers: the tls-server's order wins, both send P_DATA_V2 with the
 * same exported peer-id, keys from EKM, renegotiation works; nobody asks
 * for or sends a PUSH_REPLY. */
static void p2p_ncp_both_26(void **state)
{
	struct spair p;

	(void)state;
	p2p_init(&p, "AES-256-GCM:CHACHA20-POLY1305", "CHACHA20-POLY1305:AES-256-GCM", P2P_PROTO,
	         P2P_PROTO);
	p.drop = 100;
	spair_start(&p);
	assert_true(spair_run(&p, 60));
	assert_int_equal(p.s.push_requests, 0);
	assert_string_equal(lvpn_session_cipher(p.c.s), "CHACHA20-POLY1305");
	assert_string_equal(lvpn_session_cipher(p.s.s), "CHACHA20-POLY1305");
	assert_int_equal(p.c.s->data.peer_id, p.s.s->data.peer_id);
	assert_int_not_equal(p.c.s->data.peer_id, LVPN_PEER_ID_NONE);
	assert_int_not_equal(p.c.s->data.peer_id, 0x76706e); /* from the exporter */
	assert_true(p.c.s->use_ekm && p.s.s->use_ekm);
	assert_true(p.c.s->cc_exit && p.s.s->cc_exit);
	p.drop = 0;
	data_both_ways(&p, 10);
	assert_int_equal(lvpn_session_renegotiate(p.c.s, p.now), 0);
	for (int i = 0; i < 3000 && !(p.c.renegotiated && p.s.renegotiated); i++)
		spair_step(&p);
	assert_int_equal(p.c.renegotiated, 1);
	assert_int_equal(p.s.renegotiated, 1);
	data_both_ways(&p, 10);
	assert_int_equal(p.c.restart + p.s.restart, 0);
	spair_free(&p);
}

/* The tls-client's own preference does not matter, and a cipher only one
 * side lists is never taken. */
static void p2p_ncp_server_order(void **state)
{
	struct spair p;

	(void)state;
	p2p_init(&p, "CHACHA20-POLY1305:AES-128-GCM:AES-256-GCM", "AES-256-GCM:AES-128-GCM",
	         P2P_PROTO, P2P_PROTO);
	spair_start(&p);
	assert_true(spair_run(&p, 30));
	assert_int_equal(p.s.push_requests, 0);
	assert_string_equal(lvpn_session_cipher(p.c.s), "AES-256-GCM");
	assert_string_equal(lvpn_session_cipher(p.s.s), "AES-256-GCM");
	data_both_ways(&p, 4);
	spair_free(&p);
}

/* A tls-server that announces nothing (before 2.6; modelled by a side
 * with no IV_PROTO bits whose only cipher is its --cipher): the 2.6 side
 * takes the fallback cipher, P_DATA_V1, the legacy PRF. */
static void p2p_old_peer_fallback(void **state)
{
	struct spair p;

	(void)state;
	p2p_init(&p, "AES-256-GCM", "AES-128-CBC", P2P_PROTO, 0);
	p.c.conf.cipher_fallback = p.s.conf.cipher_fallback = "AES-128-CBC";
	spair_start(&p);
	assert_true(spair_run(&p, 30));
	assert_string_equal(lvpn_session_cipher(p.c.s), "AES-128-CBC");
	assert_string_equal(lvpn_session_cipher(p.s.s), "AES-128-CBC");
	assert_int_equal(p.c.s->data.peer_id, LVPN_PEER_ID_NONE);
	assert_int_equal(p.s.s->data.peer_id, LVPN_PEER_ID_NONE);
	assert_false(p.c.s->use_ekm || p.s.s->use_ekm);
	data_both_ways(&p, 4);
	spair_free(&p);
}

/* No common cipher and no fallback: both give up (restart), no keys. */
static void p2p_no_common_cipher(void **state)
{
	struct spair p;

	(void)state;
	p2p_init(&p, "AES-128-GCM", "AES-256-GCM", P2P_PROTO, P2P_PROTO);
	spair_start(&p);
	assert_false(spair_run(&p, 30));
	assert_int_equal(p.c.connected + p.s.connected, 0);
	assert_true(p.c.restart || p.s.restart);
	assert_true(strstr(p.s.restart ? p.s.last_text : p.c.last_text,
	                   "failed to negotiate cipher") != NULL);
	spair_free(&p);
}

/* The peer leaving (EXIT over the control channel): a p2p tls-server
 * restarts and waits for the peer again, as 2.6 (remote-exit, SIGUSR1). */
static void p2p_exit_restarts_server(void **state)
{
	struct spair p;

	(void)state;
	p2p_init(&p, "AES-256-GCM", "AES-256-GCM", P2P_PROTO, P2P_PROTO);
	p.c.conf.explicit_exit_notify = 1;
	spair_start(&p);
	assert_true(spair_run(&p, 30));
	lvpn_session_close(p.c.s, p.now);
	for (int i = 0; i < 500 && !p.s.restart && !p.s.exit_; i++)
		spair_step(&p);
	assert_int_equal(p.s.restart, 1);
	assert_int_equal(p.s.exit_, 0);
	spair_free(&p);
}

/* Static-key mode: no TLS context, no handshake; both engines are up at
 * creation, data crosses both ways, keepalive pings keep ping-restart
 * away; with the same key direction on both sides nothing authenticates. */
static void static_pair(struct spair *p, int sdir, int cdir)
{
	spair_init(p, "ca", "server-rsa", "client-rsa");
	for (int i = 0; i < 2; i++) {
		struct side *sd = i ? &p->c : &p->s;

		sd->conf.p2p = 1;
		sd->conf.peer_info = "";
		sd->conf.static_key = p->key2;
		sd->conf.static_dir = i ? cdir : sdir;
		sd->conf.cipher_fallback = "AES-256-CBC";
		sd->conf.auth = "SHA256";
		sd->conf.ping = 1;
		sd->conf.ping_restart = 5;
		assert_int_equal(lvpn_session_new(&sd->conf, &p->ops, p->now, &sd->s), 0);
	}
}

static void static_key_mode(void **state)
{
	struct spair p;

	(void)state;
	static_pair(&p, 0, 1);
	assert_true(spair_run(&p, 1));
	assert_string_equal(lvpn_session_cipher(p.c.s), "AES-256-CBC");
	data_both_ways(&p, 10);
	for (int i = 0; i < 2000; i++) /* 20 s of silence but for pings */
		spair_step(&p);
	assert_int_equal(p.c.restart + p.s.restart, 0);
	data_both_ways(&p, 2);
	spair_free(&p);

	static_pair(&p, -1, -1); /* no direction: one key both ways */
	assert_true(spair_run(&p, 1));
	data_both_ways(&p, 4);
	spair_free(&p);

	static_pair(&p, 0, 0); /* a direction mismatch */
	assert_true(spair_run(&p, 1));
	assert_int_equal(spair_data(&p, &p.c, &p.s, 100, 1), LVPN_ERR_AUTH);
	assert_int_equal(lvpn_session_stats(p.s.s)->data_drop, 1);
	for (int i = 0; i < 700; i++)
		spair_step(&p);
	assert_true(p.c.restart && p.s.restart); /* pings never arrived */
	spair_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(p2p_ncp_both_26),          cmocka_unit_test(p2p_ncp_server_order),
	    cmocka_unit_test(p2p_old_peer_fallback),    cmocka_unit_test(p2p_no_common_cipher),
	    cmocka_unit_test(p2p_exit_restarts_server), cmocka_unit_test(static_key_mode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
