/* SPDX-License-Identifier: BSD-2-Clause */
/* The session engine: two real engines back to back in memory, full TLS
 * handshakes, key method 2, push/pull, data both ways, renegotiation, and
 * the failure paths, over a link that drops, duplicates and reorders. */
#include "tests/unit/session_pair.h"

#include "proto/wrap.h"
#include "proto/session_int.h" /* the tests peek at session ids */

static void data_both_ways(struct spair *p, unsigned n)
{
	static const size_t sizes[] = {1, 20, 100, 576, 1400, 1500};

	for (unsigned i = 0; i < n; i++) {
		size_t len = sizes[i % (sizeof(sizes) / sizeof(sizes[0]))];

		assert_int_equal(spair_data(p, &p->c, &p->s, len, i), 0);
		assert_int_equal(spair_data(p, &p->s, &p->c, len, i + 1000), 0);
	}
}

static void connect_and_check(struct spair *p)
{
	spair_start(p);
	assert_true(spair_run(p, 30));
	assert_int_equal(p->c.tls_up, 1);
	assert_int_equal(p->s.tls_up, 1);
	assert_int_equal(p->s.push_requests, 1);
	assert_string_equal(lvpn_session_cipher(p->c.s), lvpn_session_cipher(p->s.s));
	data_both_ways(p, 12);
}

static void handshake_plain_rsa(void **state)
{
	struct spair p;
	const char *o;
	int n = 0;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	connect_and_check(&p);
	/* the client sees what the server pushed, plus what the engine added */
	for (o = lvpn_session_pushed_next(p.c.s, NULL); o; o = lvpn_session_pushed_next(p.c.s, o))
		n += strcmp(o, "ifconfig 198.19.0.2 255.255.255.0") == 0 ||
		     strcmp(o, "peer-id 7") == 0 || strcmp(o, "cipher AES-256-GCM") == 0 ||
		     strcmp(o, "protocol-flags cc-exit tls-ekm dyn-tls-crypt") == 0;
	assert_int_equal(n, 4);
	assert_string_equal(lvpn_session_cipher(p.c.s), "AES-256-GCM");
	spair_free(&p);
}

static void handshake_ed25519_tls13(void **state)
{
	struct spair p;

	spair_init(&p, "ed-ca", "server-ed", "client-ed");
	p.ctc.version_min = "1.3";
	spair_wrap(&p, LVPN_WRAP_CRYPT, 0);
	p.c.conf.data_ciphers = "AES-256-GCM:CHACHA20-POLY1305";
	p.s.conf.data_ciphers = "CHACHA20-POLY1305:AES-256-GCM";
	connect_and_check(&p);
	/* the server's order wins */
	assert_string_equal(lvpn_session_cipher(p.c.s), "CHACHA20-POLY1305");
	spair_free(&p);
}

static void handshake_tls12_tls_auth(void **state)
{
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	p.ctc.version_max = "1.2";
	spair_wrap(&p, LVPN_WRAP_AUTH, 0);
	p.c.conf.wrap_digest = p.s.conf.wrap_digest = "SHA256";
	connect_and_check(&p);
	spair_free(&p);
}

static void handshake_tls_crypt_v2(void **state)
{
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	spair_wrap(&p, LVPN_WRAP_CRYPT, 1);
	connect_and_check(&p);
	spair_free(&p);
}

static void handshake_tcp(void **state)
{
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	spair_wrap(&p, LVPN_WRAP_CRYPT, 0);
	p.c.conf.transport = p.s.conf.transport = LVPN_TRANSPORT_TCP;
	connect_and_check(&p);
	spair_free(&p);
}

static void tcp_stream_in_any_split(void **state)
{
	struct spair p;
	uint8_t buf[4][PKT_MAX], stream[4 * PKT_MAX], tun[70000];
	size_t total = 0;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	spair_wrap(&p, LVPN_WRAP_CRYPT, 1);
	p.c.conf.transport = p.s.conf.transport = LVPN_TRANSPORT_TCP;
	p.stream = 1; /* the handshake itself goes through recv_stream */
	connect_and_check(&p);
	/* four data packets back to back in one stream, fed one byte at a time */
	for (int i = 0; i < 4; i++) {
		struct lvpn_frame f;
		struct lvpn_buf b;

		lvpn_session_frame(p.c.s, &f);
		lvpn_buf_init(&b, buf[i], sizeof(buf[i]));
		assert_int_equal(lvpn_buf_reset(&b, f.headroom), 0);
		memset(b.base + b.head, 0x45 + i, 300 + 100 * (size_t)i);
		b.len = 300 + 100 * (uint32_t)i;
		assert_int_equal(lvpn_session_encrypt(p.c.s, &b, p.now), 0);
		memcpy(stream + total, lvpn_buf_data(&b), b.len);
		total += b.len;
	}
	for (size_t off = 0, got = 0; off < total;) {
		struct lvpn_buf b;
		enum lvpn_rx rx;
		size_t used;

		lvpn_buf_init(&b, tun, sizeof(tun));
		assert_int_equal(lvpn_session_recv_stream(p.s.s, stream + off, 1, &used, &b, p.now, &rx), 0);
		assert_int_equal(used, 1);
		off += used;
		if (rx == LVPN_RX_TUN) {
			assert_int_equal(b.len, 300 + 100 * got);
			assert_int_equal(lvpn_buf_data(&b)[0], 0x45 + got);
			got++;
		}
		if (off == total)
			assert_int_equal(got, 4);
	}
	/* a zero-length frame breaks the stream for good */
	{
		struct lvpn_buf b;
		enum lvpn_rx rx;
		size_t used;

		lvpn_buf_init(&b, tun, sizeof(tun));
		assert_int_equal(lvpn_session_recv_stream(p.s.s, (const uint8_t *)"\0\0", 2, &used, &b,
							  p.now, &rx),
				 LVPN_ERR_FRAMING);
	}
	spair_free(&p);
}

static void handshake_over_a_bad_link(void **state)
{
	for (uint32_t seed = 1; seed <= 6; seed++) {
		struct spair p;

		spair_init(&p, "ca", "server-rsa", "client-rsa");
		spair_wrap(&p, seed % 2 ? LVPN_WRAP_CRYPT : LVPN_WRAP_AUTH, 0);
		p.rng = seed * 2654435761u;
		p.drop = 200;
		p.dup = 100;
		p.reorder = 300;
		spair_start(&p);
		assert_true(spair_run(&p, 120));
		p.drop = p.dup = p.reorder = 0;
		data_both_ways(&p, 6);
		spair_free(&p);
	}
}

static void cbc_cipher_and_legacy_prf(void **state)
{
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	/* a client without EKM support: the keys come from the TLS1 PRF */
	p.c.conf.iv_proto = 2 | 4 | 128;
	p.c.conf.peer_info = "IV_VER=2.5.0\nIV_PLAT=linux\nIV_PROTO=134\n"
			     "IV_CIPHERS=AES-128-CBC\n";
	p.c.conf.data_ciphers = "AES-128-CBC";
	p.s.conf.data_ciphers = "AES-256-GCM:AES-128-CBC";
	p.c.conf.auth = p.s.conf.auth = "SHA1";
	connect_and_check(&p);
	assert_string_equal(lvpn_session_cipher(p.c.s), "AES-128-CBC");
	spair_free(&p);
}

static void renegotiation_either_side_wraps_key_ids(void **state)
{
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	spair_wrap(&p, LVPN_WRAP_CRYPT, 0);
	connect_and_check(&p);
	/* 9 renegotiations: key ids 1..7 then back to 1, 2; each side starts
	 * some; traffic flows across every switch */
	for (int i = 0; i < 9; i++) {
		struct side *who = i % 3 ? &p.c : &p.s;
		int before_c = p.c.renegotiated, before_s = p.s.renegotiated;

		assert_int_equal(lvpn_session_renegotiate(who->s, p.now), 0);
		for (int k = 0; k < 2000 && (p.c.renegotiated == before_c ||
					     p.s.renegotiated == before_s); k++) {
			spair_step(&p);
			assert_int_equal(spair_data(&p, &p.c, &p.s, 200, (uint32_t)k), 0);
		}
		assert_int_equal(p.c.renegotiated, before_c + 1);
		assert_int_equal(p.s.renegotiated, before_s + 1);
		data_both_ways(&p, 6);
	}
	assert_int_equal(lvpn_session_stats(p.c.s)->renegotiations, 9);
	spair_free(&p);
}

/* A renegotiation must come from the client of key id 0: another (valid)
 * certificate, or another username, ends the session on the server side
 * (OpenVPN 2.6 refuses both) and installs no key; the same ones pass. */
static void renegotiation_keeps_the_client_identity(void **state)
{
	for (int what = 0; what < 3; what++) {
		struct lvpn_tls_conf other;
		struct lvpn_tls_ctx *octx = NULL;
		struct spair p;
		int before;

		spair_init(&p, "ca", "server-rsa", "client-rsa");
		p.c.conf.username = "alice";
		p.c.conf.password = "pw";
		connect_and_check(&p);
		if (what == 1) { /* another certificate from the same CA */
			conf_pki(&other, LVPN_TLS_CLIENT, "ca", "multi-ou-client");
			other.remote_cert = LVPN_REMOTE_CERT_SERVER;
			assert_int_equal(lvpn_tls_ctx_new(&other, &octx), 0);
			p.c.s->conf.tls = octx;
		} else if (what == 2) {
			p.c.s->conf.username = "mallory";
		}
		before = p.s.renegotiated;
		assert_int_equal(lvpn_session_renegotiate(p.c.s, p.now), 0);
		for (int k = 0; k < 2000 && p.s.renegotiated == before && !p.s.restart; k++)
			spair_step(&p);
		if (what == 0) {
			assert_int_equal(p.s.renegotiated, before + 1);
			assert_int_equal(p.s.restart, 0);
		} else {
			assert_int_equal(p.s.renegotiated, before);
			assert_int_equal(p.s.restart, 1);
		}
		spair_free(&p);
		if (octx) {
			lvpn_tls_ctx_free(octx);
			conf_free(&other);
		}
	}
}

static void renegotiation_by_seconds(void **state)
{
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	p.s.conf.reneg_sec = 2;
	connect_and_check(&p);
	for (int k = 0; k < 1000 && p.c.renegotiated < 3; k++) {
		spair_step(&p);
		if (k % 10 == 0)
			assert_int_equal(spair_data(&p, &p.c, &p.s, 100, (uint32_t)k), 0);
	}
	assert_true(p.c.renegotiated >= 3);
	data_both_ways(&p, 6);
	spair_free(&p);
}

static void server_reneg_sec_is_jittered(void **state)
{
	uint32_t seen_min = UINT32_MAX, seen_max = 0;

	/* 3600 on a server: between 3241 and 3600 (up to 10% early); a client
	 * keeps 3600; with `reneg-sec 100 50` anywhere in 51..100 */
	for (int i = 0; i < 200; i++) {
		struct spair p;

		spair_init(&p, "ca", "server-rsa", "client-rsa");
		p.s.conf.reneg_sec = p.c.conf.reneg_sec = 3600;
		spair_start(&p);
		seen_min = p.s.s->conf.reneg_sec < seen_min ? p.s.s->conf.reneg_sec : seen_min;
		seen_max = p.s.s->conf.reneg_sec > seen_max ? p.s.s->conf.reneg_sec : seen_max;
		assert_int_equal(p.c.s->conf.reneg_sec, 3600);
		if (i < 50) {
			struct lvpn_session *x;

			p.c.conf.reneg_sec = 100;
			p.c.conf.reneg_sec_min = 50;
			assert_int_equal(lvpn_session_new(&p.c.conf, &p.ops, 0, &x), 0);
			assert_true(x->conf.reneg_sec > 50 && x->conf.reneg_sec <= 100);
			lvpn_session_free(x);
		}
		spair_free(&p);
	}
	assert_true(seen_min >= 3241 && seen_max <= 3600);
	assert_true(seen_max - seen_min > 100); /* it does vary */
}

static void auth_failed_reaches_the_client(void **state)
{
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	p.refuse = 1;
	spair_start(&p);
	assert_false(spair_run(&p, 30));
	assert_int_equal(p.c.auth_failed, 1);
	assert_non_null(strstr(p.c.last_text, "AUTH_FAILED"));
	assert_int_equal(p.c.connected, 0);
	assert_int_equal(p.s.connected, 0);
	spair_free(&p);
}

static void auth_failed_temp_is_a_restart(void **state)
{
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	p.refuse = 1;
	p.refuse_reason = "TEMP[backoff 10]:busy";
	spair_start(&p);
	assert_false(spair_run(&p, 30));
	assert_int_equal(p.c.auth_failed, 0);
	assert_int_equal(p.c.restart, 1);
	assert_non_null(strstr(p.c.last_text, "AUTH_FAILED,TEMP"));
	spair_free(&p);
}

static void wrong_ca_fails_cleanly(void **state)
{
	struct spair p;

	spair_init(&p, "other-ca", "server-rsa", "client-rsa");
	/* the server has a cert from ca; the client trusts only other-ca */
	free((void *)p.stc.ca_pem);
	p.stc.ca_pem = pki("ca.pem");
	spair_start(&p);
	assert_false(spair_run(&p, 30));
	assert_int_equal(p.c.restart, 1);
	assert_non_null(strstr(p.c.last_text, "TLS Error"));
	assert_int_equal(p.c.connected, 0);
	spair_free(&p);
}

static void wrong_tls_crypt_key_never_connects(void **state)
{
	struct spair p;
	uint8_t other[256];

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	spair_wrap(&p, LVPN_WRAP_CRYPT, 0);
	memcpy(other, p.key2, sizeof(other));
	other[70] ^= 1; /* inside the client's HMAC key half */
	p.c.conf.wrap_key = other;
	spair_start(&p);
	assert_false(spair_run(&p, 70));
	/* nothing got through: the server never even started a handshake */
	assert_int_equal(p.s.tls_up, 0);
	assert_int_equal(p.c.restart, 1); /* hand-window expired */
	spair_free(&p);
}

static void no_common_cipher_is_refused(void **state)
{
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	p.c.conf.peer_info = "IV_VER=2.6.14\nIV_PLAT=linux\nIV_PROTO=990\nIV_CIPHERS=AES-128-GCM\n";
	p.c.conf.data_ciphers = "AES-128-GCM";
	p.s.conf.data_ciphers = "CHACHA20-POLY1305";
	spair_start(&p);
	assert_false(spair_run(&p, 30));
	assert_int_equal(p.c.auth_failed, 1);
	spair_free(&p);
}

static void ping_keeps_alive_and_silence_restarts(void **state)
{
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	p.s.conf.ping = 10; /* keepalive 10 60 on a server: ping 10, ping-restart 120 */
	p.s.conf.ping_restart = 120;
	connect_and_check(&p);
	/* pushed ping 10 / ping-restart 60: a quiet minute is fine */
	for (int k = 0; k < 9000; k++)
		spair_step(&p);
	assert_int_equal(p.c.restart, 0);
	/* cut the link: the client restarts after ping-restart */
	p.drop = 1000;
	for (int k = 0; k < 7000 && !p.c.restart; k++)
		spair_step(&p);
	assert_int_equal(p.c.restart, 1);
	assert_non_null(strstr(p.c.last_text, "ping-restart"));
	spair_free(&p);
}

static void exit_notification(void **state)
{
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	p.c.conf.explicit_exit_notify = 1;
	connect_and_check(&p);
	lvpn_session_close(p.c.s, p.now);
	for (int k = 0; k < 100 && !p.s.exit_; k++)
		spair_step(&p);
	assert_int_equal(p.s.exit_, 1);
	spair_free(&p);
}

static int drop_lines;

static void count_drop_lines(void *ctx, int level, const char *line)
{
	drop_lines += strstr(line, "packet error") != NULL;
}

static void forged_and_replayed_packets_change_nothing(void **state)
{
	struct spair p;
	struct lvpn_frame f;
	uint8_t mem[PKT_MAX], copy[PKT_MAX];
	struct lvpn_buf b;
	enum lvpn_rx rx;
	uint32_t len;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	spair_wrap(&p, LVPN_WRAP_CRYPT, 0);
	connect_and_check(&p);
	p.log.verb = 3;
	p.log.emit = count_drop_lines;
	drop_lines = 0;
	lvpn_session_frame(p.c.s, &f);
	lvpn_buf_init(&b, mem, sizeof(mem));
	assert_int_equal(lvpn_buf_reset(&b, f.headroom), 0);
	assert_int_equal(lvpn_buf_put(&b, "\x45 hello", 7), 0);
	assert_int_equal(lvpn_session_encrypt(p.c.s, &b, p.now), 0);
	len = b.len;
	memcpy(copy, lvpn_buf_data(&b), len);
	/* every single-bit flip is dropped */
	for (uint32_t bit = 0; bit < len * 8; bit++) {
		uint8_t t[PKT_MAX];
		struct lvpn_buf fb;

		memcpy(t, copy, len);
		t[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		lvpn_buf_init(&fb, t, sizeof(t));
		fb.len = len;
		assert_true(lvpn_session_recv(p.s.s, &fb, p.now, &rx) < 0 || rx == LVPN_RX_NONE);
		assert_int_equal(rx, LVPN_RX_NONE);
	}
	/* said, but at most 10 times a minute */
	assert_true(drop_lines >= 1 && drop_lines <= 10);
	/* the genuine packet is still accepted once, then is a replay */
	lvpn_buf_init(&b, mem, sizeof(mem));
	memcpy(mem, copy, len);
	b.len = len;
	assert_int_equal(lvpn_session_recv(p.s.s, &b, p.now, &rx), 0);
	assert_int_equal(rx, LVPN_RX_TUN);
	memcpy(mem, copy, len);
	lvpn_buf_init(&b, mem, sizeof(mem));
	b.len = len;
	assert_int_equal(lvpn_session_recv(p.s.s, &b, p.now, &rx), LVPN_ERR_REPLAY);
	assert_int_equal(rx, LVPN_RX_NONE);
	/* --mute-replay-warnings: replays are counted, not said */
	p.s.s->conf.mute_replay_warnings = 1;
	p.now += 61000; /* a new rate-limit window */
	drop_lines = 0;
	memcpy(mem, copy, len);
	lvpn_buf_init(&b, mem, sizeof(mem));
	b.len = len;
	assert_int_equal(lvpn_session_recv(p.s.s, &b, p.now, &rx), LVPN_ERR_REPLAY);
	assert_int_equal(drop_lines, 0);
	/* still healthy */
	data_both_ways(&p, 3);
	spair_free(&p);
}


/* Before each genuine packet of a handshake is delivered, every truncation
 * of it and a bit flip at every byte are injected: all are dropped, and the
 * handshake completes as if nothing happened. */
static unsigned mutated, mutated_dropped;

static void inject_mutations(struct spair *p, struct side *to, const uint8_t *pkt, size_t len,
			     size_t flip_upto)
{
	uint8_t t[PKT_MAX];
	struct lvpn_buf b;
	enum lvpn_rx rx;

	for (size_t n = 0; n < len && n < flip_upto; n++) {
		memcpy(t, pkt, n);
		lvpn_buf_init(&b, t, sizeof(t));
		b.len = (uint32_t)n;
		mutated++;
		mutated_dropped += lvpn_session_recv(to->s, &b, p->now, &rx) < 0 && rx == LVPN_RX_NONE;
	}
	for (size_t i = 0; i < flip_upto && i < len; i++) {
		memcpy(t, pkt, len);
		t[i] ^= (uint8_t)(1u << (i % 8));
		lvpn_buf_init(&b, t, sizeof(t));
		b.len = (uint32_t)len;
		mutated++;
		mutated_dropped += lvpn_session_recv(to->s, &b, p->now, &rx) < 0 && rx == LVPN_RX_NONE;
	}
}

static void mutated_deliver(struct spair *p, struct side *to, struct pq *q, size_t flip_upto)
{
	while (q->n) {
		/* unauthenticated (plain) packets: the first one from the peer
		 * sets its session id, whatever it says; mutate only after that */
		if (flip_upto == PKT_MAX || to->s->have_peer_sid)
			inject_mutations(p, to, q->pkt[0], q->len[0], flip_upto);
		struct pq one;

		one.n = 1;
		one.len[0] = q->len[0];
		memcpy(one.pkt[0], q->pkt[0], q->len[0]);
		q->n--;
		memmove(&q->pkt[0], &q->pkt[1], (size_t)q->n * PKT_MAX);
		memmove(&q->len[0], &q->len[1], (size_t)q->n * sizeof(size_t));
		spair_deliver(p, to, &one);
	}
}

static void run_mutated(struct spair *p, size_t flip_upto)
{
	mutated = mutated_dropped = 0;
	spair_start(p);
	for (int k = 0; k < 3000 && !(p->c.connected && p->s.connected); k++) {
		p->now += 10;
		for (int i = 0; i < 2; i++) {
			struct side *sd = i ? &p->s : &p->c;

			if (lvpn_session_deadline(sd->s) <= p->now)
				assert_true(lvpn_session_tick(sd->s, p->now) >= 0);
			side_events(p, sd);
		}
		spair_drain(p, &p->c, &p->to_s);
		spair_drain(p, &p->s, &p->to_c);
		mutated_deliver(p, &p->s, &p->to_s, flip_upto);
		mutated_deliver(p, &p->c, &p->to_c, flip_upto);
	}
	assert_int_equal(p->c.connected, 1);
	assert_int_equal(p->s.connected, 1);
	assert_true(mutated > 100);
	assert_int_equal(mutated_dropped, mutated);
	data_both_ways(p, 3);
}

static void mutated_handshake_packets_are_dropped_tls_crypt(void **state)
{
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	spair_wrap(&p, LVPN_WRAP_CRYPT, 0);
	run_mutated(&p, PKT_MAX); /* authenticated: a flip anywhere is dropped */
	spair_free(&p);
}

static void mutated_handshake_packets_are_dropped_tls_auth(void **state)
{
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	spair_wrap(&p, LVPN_WRAP_AUTH, 0);
	run_mutated(&p, PKT_MAX);
	spair_free(&p);
}

static void mutated_headers_are_dropped_plain(void **state)
{
	struct spair p;

	/* no wrapping: only the header is checked by us (opcode, key id,
	 * session id), so header flips and cuts into the header are dropped;
	 * a cut payload looks like a shorter one and only TLS could tell, as
	 * in OpenVPN without tls-auth (the UDP checksum is the protection) */
	spair_init(&p, "ca", "server-rsa", "client-rsa");
	run_mutated(&p, 9);
	spair_free(&p);
}

/* Builds a plain control packet (no wrapping) for injection. */
static size_t craft(uint8_t *out, uint8_t op, uint8_t key_id, const uint8_t sid[8],
		    uint32_t msg_id, unsigned n_acks, const uint8_t *ack_sid)
{
	struct lvpn_ctrl_pkt c = {0};
	size_t len;

	c.op = op;
	c.key_id = key_id;
	c.sid = sid;
	c.msg_id = msg_id;
	c.n_acks = (uint8_t)n_acks;
	c.ack_sid = ack_sid;
	assert_int_equal(lvpn_pkt_write(&c, out, PKT_MAX, &len), 0);
	return len;
}

static int inject(struct spair *p, struct side *to, const uint8_t *pkt, size_t len)
{
	uint8_t t[PKT_MAX];
	struct lvpn_buf b;
	enum lvpn_rx rx;

	memcpy(t, pkt, len);
	lvpn_buf_init(&b, t, sizeof(t));
	b.len = (uint32_t)len;
	return lvpn_session_recv(to->s, &b, p->now, &rx);
}

static void bad_resets_and_session_ids_are_dropped(void **state)
{
	struct spair p;
	uint8_t pkt[PKT_MAX], sid[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	size_t len;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	/* no dyn-tls-crypt, so that key ids > 0 reach the key id check */
	p.c.conf.iv_proto = 990 & ~512u;
	p.c.conf.peer_info = "IV_VER=2.6.14\nIV_PLAT=linux\nIV_PROTO=478\n"
			     "IV_CIPHERS=AES-256-GCM\n";
	spair_start(&p);
	/* a fresh server: a server reset, a client reset with message id 1,
	 * and a control packet that is not a reset all change nothing */
	len = craft(pkt, LVPN_OP_HARD_RESET_SERVER_V2, 0, sid, 0, 0, NULL);
	assert_int_equal(inject(&p, &p.s, pkt, len), LVPN_ERR_OPCODE);
	len = craft(pkt, LVPN_OP_HARD_RESET_CLIENT_V2, 0, sid, 1, 0, NULL);
	assert_int_equal(inject(&p, &p.s, pkt, len), LVPN_ERR_MALFORMED);
	len = craft(pkt, LVPN_OP_CONTROL_V1, 0, sid, 0, 0, NULL);
	assert_int_equal(inject(&p, &p.s, pkt, len), LVPN_ERR_OPCODE);
	/* a client never accepts a client reset */
	len = craft(pkt, LVPN_OP_HARD_RESET_CLIENT_V2, 0, sid, 0, 0, NULL);
	assert_int_equal(inject(&p, &p.c, pkt, len), LVPN_ERR_OPCODE);
	assert_true(spair_run(&p, 30));
	/* once connected: another session id, an ACK for another session,
	 * a key id not in use: dropped */
	len = craft(pkt, LVPN_OP_CONTROL_V1, 0, sid, 5, 0, NULL);
	assert_int_equal(inject(&p, &p.c, pkt, len), LVPN_ERR_SESSION);
	len = craft(pkt, LVPN_OP_ACK_V1, 0, p.s.s->sid, 0, 1, sid);
	assert_int_equal(inject(&p, &p.c, pkt, len), LVPN_ERR_SESSION);
	len = craft(pkt, LVPN_OP_CONTROL_V1, 3, p.s.s->sid, 5, 0, NULL);
	assert_int_equal(inject(&p, &p.c, pkt, len), LVPN_ERR_KEY_ID);
	/* a soft reset with the wrong next key id */
	len = craft(pkt, LVPN_OP_SOFT_RESET_V1, 5, p.s.s->sid, 0, 0, NULL);
	assert_int_equal(inject(&p, &p.c, pkt, len), LVPN_ERR_KEY_ID);
	assert_int_equal(lvpn_session_stats(p.c.s)->ctrl_drop, 5);
	data_both_ways(&p, 3);
	spair_free(&p);
}

static void inactive_exits_without_tunnel_traffic(void **state)
{
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	p.c.conf.inactive = 30;
	p.s.conf.ping = 10; /* pings are not tunnel traffic */
	connect_and_check(&p);
	/* traffic every 20 s keeps it up for two minutes */
	for (int k = 0; k < 12000; k++) {
		spair_step(&p);
		if (k % 2000 == 0)
			assert_int_equal(spair_data(&p, &p.s, &p.c, 100, (uint32_t)k), 0);
	}
	assert_int_equal(p.c.halt, 0);
	/* then 30 s of silence in the tunnel: exit */
	for (int k = 0; k < 3500 && !p.c.halt; k++)
		spair_step(&p);
	assert_int_equal(p.c.halt, 1);
	assert_non_null(strstr(p.c.last_text, "--inactive"));
	spair_free(&p);
}

static void inactive_with_bytes_counts_per_window(void **state)
{
	struct spair p;

	spair_init(&p, "ca", "server-rsa", "client-rsa");
	p.c.conf.inactive = 10;
	p.c.conf.inactive_bytes = 5000;
	connect_and_check(&p);
	/* 600 bytes a second: 6000 per 10 s window, enough */
	for (int k = 0; k < 3000; k++) {
		spair_step(&p);
		if (k % 100 == 0)
			assert_int_equal(spair_data(&p, &p.c, &p.s, 600, (uint32_t)k), 0);
	}
	assert_int_equal(p.c.halt, 0);
	/* 300 bytes a second: 3000 per window, too little */
	for (int k = 0; k < 3000 && !p.c.halt; k++) {
		spair_step(&p);
		if (k % 100 == 0)
			assert_int_equal(spair_data(&p, &p.c, &p.s, 300, (uint32_t)k), 0);
	}
	assert_int_equal(p.c.halt, 1);
	spair_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(handshake_plain_rsa),
		cmocka_unit_test(handshake_ed25519_tls13),
		cmocka_unit_test(handshake_tls12_tls_auth),
		cmocka_unit_test(handshake_tls_crypt_v2),
		cmocka_unit_test(handshake_tcp),
		cmocka_unit_test(tcp_stream_in_any_split),
		cmocka_unit_test(handshake_over_a_bad_link),
		cmocka_unit_test(cbc_cipher_and_legacy_prf),
		cmocka_unit_test(renegotiation_either_side_wraps_key_ids),
		cmocka_unit_test(renegotiation_keeps_the_client_identity),
		cmocka_unit_test(renegotiation_by_seconds),
		cmocka_unit_test(server_reneg_sec_is_jittered),
		cmocka_unit_test(auth_failed_reaches_the_client),
		cmocka_unit_test(auth_failed_temp_is_a_restart),
		cmocka_unit_test(wrong_ca_fails_cleanly),
		cmocka_unit_test(wrong_tls_crypt_key_never_connects),
		cmocka_unit_test(no_common_cipher_is_refused),
		cmocka_unit_test(ping_keeps_alive_and_silence_restarts),
		cmocka_unit_test(exit_notification),
		cmocka_unit_test(inactive_exits_without_tunnel_traffic),
		cmocka_unit_test(inactive_with_bytes_counts_per_window),
		cmocka_unit_test(forged_and_replayed_packets_change_nothing),
		cmocka_unit_test(mutated_handshake_packets_are_dropped_tls_crypt),
		cmocka_unit_test(mutated_handshake_packets_are_dropped_tls_auth),
		cmocka_unit_test(mutated_headers_are_dropped_plain),
		cmocka_unit_test(bad_resets_and_session_ids_are_dropped),
	};
	return cmocka_run_group_tests_name("session", tests, NULL, NULL);
}
