/* SPDX-License-Identifier: BSD-2-Clause */
/* What a client engine takes from a hostile or careless server's PUSH_REPLY:
 * pull-filter (ignore, accept, reject) applied before anything uses an
 * option, the push permission, route-nopull, pushed and configured timers
 * beyond 32-bit milliseconds, pushed cipher and peer-id bounds, and the
 * server's own option array at its limit.  Two real engines back to back. */
#include "tests/unit/session_pair.h"

#include <limits.h>

#include "proto/config/options.h"
#include "proto/session_int.h" /* the tests read the timers the engine set */

#define F(action, text)                                                                            \
	{                                                                                          \
		LVPN_PULL_##action, (char *)(text)                                                 \
	}

/* 1 if the client's list of accepted options has one starting with prefix. */
static int pushed_has(const struct spair *p, const char *prefix)
{
	for (const char *o = lvpn_session_pushed_next(p->c.s, NULL); o;
	     o = lvpn_session_pushed_next(p->c.s, o))
		if (strncmp(o, prefix, strlen(prefix)) == 0)
			return 1;
	return 0;
}

/* Only the options given, none of spair_init's defaults. */
static void push_only(struct spair *p, const char *a, const char *b, const char *c)
{
	p->npush = 0;
	if (a)
		p->push[p->npush++] = a;
	if (b)
		p->push[p->npush++] = b;
	if (c)
		p->push[p->npush++] = c;
}

/* The server renews the auth-token; fake time runs up to a second. */
static void renew_token(struct spair *p, const char *msg)
{
	assert_int_equal(lvpn_session_send_control(p->s.s, msg, p->now), 0);
	for (int k = 0; k < 100 && !p->c.restart; k++)
		spair_step(p);
}

static void cut_link_for(struct spair *p, unsigned seconds)
{
	p->drop = 1000;
	for (unsigned k = 0; k < seconds * 100 && !p->c.restart && !p->c.halt; k++)
		spair_step(p);
}

static void ignored_ping_restart_is_not_applied(void **state)
{
	static const struct lvpn_pull_filter f[] = {F(IGNORE, "ping-restart")};
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa"); /* pushes ping-restart 60 */
	p.c.conf.pull_filters = f;
	p.c.conf.npull_filters = 1;
	spair_start(&p);
	assert_true(spair_run(&p, 30));
	assert_false(pushed_has(&p, "ping-restart"));
	assert_true(pushed_has(&p, "ping 10"));
	assert_int_equal(p.c.s->ping_restart_ms, 0);
	assert_int_equal(p.c.s->ping_ms, 10000);
	/* two minutes of silence: ping-restart 60 would have restarted */
	cut_link_for(&p, 120);
	assert_int_equal(p.c.restart, 0);
	spair_free(&p);
}

static void reject_refuses_the_whole_reply(void **state)
{
	static const struct lvpn_pull_filter f[] = {F(REJECT, "topology")};
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	p.c.conf.pull_filters = f;
	p.c.conf.npull_filters = 1;
	spair_start(&p);
	assert_false(spair_run(&p, 30));
	assert_int_equal(p.c.restart, 1);
	assert_int_equal(p.c.connected, 0);
	assert_non_null(strstr(p.c.last_text, "Offending option received from server"));
	/* nothing of the refused reply is shown to the frontend, nor used */
	assert_null(lvpn_session_pushed_next(p.c.s, NULL));
	assert_int_equal(p.c.s->ping_restart_ms, 0);
	spair_free(&p);
}

static void first_matching_filter_wins(void **state)
{
	static const struct lvpn_pull_filter f[] = {
	    F(ACCEPT, "route-gateway 198.19.0.1"),
	    F(REJECT, "route-gateway"),
	};
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	p.c.conf.pull_filters = f;
	p.c.conf.npull_filters = 2;
	spair_start(&p);
	assert_true(spair_run(&p, 30));
	assert_true(pushed_has(&p, "route-gateway 198.19.0.1"));
	assert_true(pushed_has(&p, "ping 10"));
	spair_free(&p);
}

static void server_may_not_push_everything(void **state)
{
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	push_only(&p, "script-security 3", "up /bin/sh", "config /etc/passwd");
	p.push[p.npush++] = "no-such-option 1";
	p.push[p.npush++] = "route 10.9.0.0 255.255.0.0";
	p.push[p.npush++] = "dhcp-option DNS 198.18.0.53";
	p.push[p.npush++] = "route-gateway 198.19.0.1";
	p.c.conf.route_nopull = 1;
	spair_start(&p);
	assert_true(spair_run(&p, 30));
	assert_false(pushed_has(&p, "script-security"));
	assert_false(pushed_has(&p, "up "));
	assert_false(pushed_has(&p, "config"));
	assert_false(pushed_has(&p, "no-such-option"));
	assert_false(pushed_has(&p, "route "));
	assert_false(pushed_has(&p, "dhcp-option"));
	assert_true(pushed_has(&p, "route-gateway 198.19.0.1"));
	assert_true(pushed_has(&p, "peer-id 7")); /* what the engine needs stays */
	spair_free(&p);
}

static void auth_token_goes_through_the_filter(void **state)
{
	static const struct lvpn_pull_filter ign[] = {F(IGNORE, "auth-token")};
	static const struct lvpn_pull_filter rej[] = {F(REJECT, "auth-token")};
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	p.push[p.npush++] = "auth-token SECRET1";
	p.c.conf.pull_filters = ign;
	p.c.conf.npull_filters = 1;
	spair_start(&p);
	assert_true(spair_run(&p, 30));
	assert_false(pushed_has(&p, "auth-token"));
	/* a renewal later is filtered the same way */
	renew_token(&p, "PUSH_REPLY,auth-token NEW");
	assert_string_not_equal(p.c.last_text, "NEW");
	assert_int_equal(p.c.restart, 0);
	/* a rejected renewal ends the session */
	p.c.s->conf.pull_filters = rej;
	renew_token(&p, "PUSH_REPLY,auth-token NEW2");
	assert_int_equal(p.c.restart, 1);
	spair_free(&p);

	/* without a filter, the token is taken */
	spair_init(&p, "ca", "server-rsa", "client-rsa");
	p.push[p.npush++] = "auth-token SECRET1";
	spair_start(&p);
	assert_true(spair_run(&p, 30));
	assert_true(pushed_has(&p, "auth-token SECRET1"));
	renew_token(&p, "PUSH_REPLY,auth-token NEW");
	assert_string_equal(p.c.last_text, "NEW");
	spair_free(&p);
}

/* Seconds beyond UINT32_MAX milliseconds (4294968 s and up) used to wrap:
 * ping-restart 4294968 became 704 ms. */
static void pushed_timers_do_not_wrap(void **state)
{
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	push_only(&p, "ping-restart 4294968", "inactive 4294968", "ping 4294968");
	spair_start(&p);
	assert_true(spair_run(&p, 30));
	assert_true(p.c.s->ping_restart_ms == 4294968000ull);
	assert_true(p.c.s->inactive_ms == 4294968000ull);
	assert_true(p.c.s->ping_ms == 4294968000ull);
	cut_link_for(&p, 10);
	assert_int_equal(p.c.restart, 0);
	assert_int_equal(p.c.halt, 0);
	spair_free(&p);

	/* OpenVPN takes any int */
	spair_init(&p, "ca", "server-rsa", "client-rsa");
	push_only(&p, "ping-exit 2147483647", NULL, NULL);
	spair_start(&p);
	assert_true(spair_run(&p, 30));
	assert_true(p.c.s->ping_exit_ms == 2147483647000ull);
	spair_free(&p);

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	push_only(&p, "ping-restart 2147483648", NULL, NULL);
	spair_start(&p);
	assert_false(spair_run(&p, 30));
	assert_int_equal(p.c.restart, 1);
	assert_non_null(strstr(p.c.last_text, "ping-restart 2147483648"));
	spair_free(&p);
}

static void configured_timers_do_not_wrap(void **state)
{
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	push_only(&p, "topology subnet", NULL, NULL);
	p.c.conf.ping_restart = 4294968;
	p.c.conf.ping_exit = 4294968;
	p.c.conf.inactive = 4294968;
	p.c.conf.ping = 4294968;
	spair_start(&p);
	assert_true(p.c.s->ping_restart_ms == 4294968000ull);
	assert_true(p.c.s->ping_exit_ms == 4294968000ull);
	assert_true(p.c.s->inactive_ms == 4294968000ull);
	assert_true(p.c.s->ping_ms == 4294968000ull);
	assert_true(spair_run(&p, 30));
	cut_link_for(&p, 10);
	assert_int_equal(p.c.restart, 0);
	assert_int_equal(p.c.halt, 0);
	spair_free(&p);
}

static void pushed_cipher_must_be_in_data_ciphers(void **state)
{
	static const char *const bad[] = {"cipher none", "cipher AES-128-CBC", "cipher BF-CBC"};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct spair p;

		spair_init(&p, "ca", "server-rsa", "client-rsa");
		/* the engine appends the negotiated cipher after these; the
		 * bad one must be refused all the same */
		push_only(&p, bad[i], NULL, NULL);
		spair_start(&p);
		assert_false(spair_run(&p, 30));
		assert_int_equal(p.c.restart, 1);
		assert_non_null(strstr(p.c.last_text, bad[i]));
		spair_free(&p);
	}
}

/* A client without IV_PROTO_DATA_V2: the server adds no peer-id, so the
 * pushed one is the one used. */
static void pushed_peer_id(const char *opt, int ok, uint32_t want)
{
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	p.c.conf.peer_info = "IV_VER=2.6.14\nIV_PLAT=linux\nIV_PROTO=988\n"
	                     "IV_CIPHERS=AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305\nIV_TCPNL=1\n";
	push_only(&p, opt, NULL, NULL);
	spair_start(&p);
	assert_int_equal(spair_run(&p, 30), ok);
	if (ok)
		assert_int_equal(p.c.s->data.peer_id, want);
	else
		assert_int_equal(p.c.restart, 1);
	spair_free(&p);
}

static void pushed_peer_id_bounds(void **state)
{
	pushed_peer_id("peer-id 16777214", 1, 0xFFFFFE);
	pushed_peer_id("peer-id 0", 1, 0);
	pushed_peer_id("peer-id -1", 1, LVPN_PEER_ID_NONE);
	pushed_peer_id("peer-id 16777215", 0, 0); /* 0xFFFFFF: "no peer-id" on the wire */
	pushed_peer_id("peer-id 16777216", 0, 0);
	pushed_peer_id("peer-id -2", 0, 0);
	pushed_peer_id("peer-id 7x", 0, 0);
}

/* key-derivation tls-ekm pushed to a client that did not announce it
 * (IV_PROTO without TLS_KEY_EXPORT): the client keeps the PRF, as the
 * server does, and data flows. */
static void unannounced_ekm_is_not_used(void **state)
{
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	p.c.conf.iv_proto = 982;
	p.c.conf.peer_info = "IV_VER=2.6.14\nIV_PLAT=linux\nIV_PROTO=982\n"
	                     "IV_CIPHERS=AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305\nIV_TCPNL=1\n";
	push_only(&p, "key-derivation tls-ekm", "protocol-flags tls-ekm", NULL);
	spair_start(&p);
	assert_true(spair_run(&p, 30));
	assert_int_equal(p.c.s->use_ekm, 0);
	assert_int_equal(spair_data(&p, &p.c, &p.s, 100, 1), 0);
	assert_int_equal(spair_data(&p, &p.s, &p.c, 100, 2), 0);
	spair_free(&p);
}

/* explicit-exit-notify from a server: 0 to 100 notifications (one a
 * second when leaving); more is refused rather than delaying an exit. */
static void pushed_exit_notify_bounds(void **state)
{
	for (int i = 0; i < 2; i++) {
		struct spair p;

		spair_init(&p, "ca", "server-rsa", "client-rsa");
		push_only(&p, i ? "explicit-exit-notify 101" : "explicit-exit-notify 100", NULL,
		          NULL);
		spair_start(&p);
		assert_int_equal(spair_run(&p, 30), !i);
		if (!i)
			assert_int_equal(p.c.s->conf.explicit_exit_notify, 100);
		else
			assert_int_equal(p.c.restart, 1);
		spair_free(&p);
	}
}

/* The server adds up to five options of its own (peer-id, cipher,
 * protocol-flags, key-derivation, tun-mtu) to the caller's: with a client
 * that makes it add all five, 251 options are the most it takes. */
static void push_reply_at_its_limit(void **state)
{
	static char text[260][16];
	static const char *opts[260];
	struct spair p;

	for (int i = 0; i < 260; i++) {
		snprintf(text[i], sizeof(text[i]), "echo %d", i);
		opts[i] = text[i];
	}
	for (size_t n = 251; n <= 252; n++) {
		int count = 0;

		spair_init(&p, "ca", "server-rsa", "client-rsa");
		/* no cc-exit: key-derivation tls-ekm is its own option */
		p.c.conf.iv_proto = 862;
		p.c.conf.peer_info = "IV_VER=2.6.14\nIV_PLAT=linux\nIV_PROTO=862\nIV_MTU=1600\n"
		                     "IV_CIPHERS=AES-256-GCM:AES-128-GCM\nIV_TCPNL=1\n";
		p.push_many = opts;
		p.npush_many = n;
		spair_start(&p);
		if (n == 251) {
			assert_true(spair_run(&p, 30));
			assert_int_equal(p.push_rc, 0);
			for (const char *o = lvpn_session_pushed_next(p.c.s, NULL); o;
			     o = lvpn_session_pushed_next(p.c.s, o))
				count++;
			assert_int_equal(count, 256);
			assert_true(pushed_has(&p, "key-derivation tls-ekm"));
			assert_true(pushed_has(&p, "tun-mtu"));
		} else {
			for (int k = 0; k < 3000 && !p.s.push_requests; k++)
				spair_step(&p);
			assert_int_equal(p.s.push_requests, 1);
			assert_int_equal(p.push_rc, LVPN_ERR_TOO_BIG);
		}
		spair_free(&p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ignored_ping_restart_is_not_applied),
	    cmocka_unit_test(reject_refuses_the_whole_reply),
	    cmocka_unit_test(first_matching_filter_wins),
	    cmocka_unit_test(server_may_not_push_everything),
	    cmocka_unit_test(auth_token_goes_through_the_filter),
	    cmocka_unit_test(pushed_timers_do_not_wrap),
	    cmocka_unit_test(configured_timers_do_not_wrap),
	    cmocka_unit_test(pushed_cipher_must_be_in_data_ciphers),
	    cmocka_unit_test(pushed_peer_id_bounds),
	    cmocka_unit_test(unannounced_ekm_is_not_used),
	    cmocka_unit_test(pushed_exit_notify_bounds),
	    cmocka_unit_test(push_reply_at_its_limit),
	};
	return cmocka_run_group_tests_name("session_push", tests, NULL, NULL);
}
