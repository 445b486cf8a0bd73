/* SPDX-License-Identifier: BSD-2-Clause */
/* Two session engines wired back to back in memory, with a fake clock and
 * a link that can drop, duplicate and reorder (deterministic PRNG).  Used by
 * the session tests; the same shape drives the benchmark. */
#ifndef LVPN_TEST_SESSION_PAIR_H
#define LVPN_TEST_SESSION_PAIR_H

#include "tests/unit/test_tls_harness.h"

#include "crypto/keyfile.h"
#include "proto/wrap.h"
#include "proto/session.h"

#define PQ_LEN 64
#define PKT_MAX 4096

struct pq {
	uint8_t pkt[PQ_LEN][PKT_MAX];
	size_t len[PQ_LEN];
	unsigned n;
};

struct side {
	struct lvpn_session *s;
	struct lvpn_session_conf conf;
	int tls_up, connected, auth_failed, restart, halt, exit_, renegotiated;
	int push_requests;
	char last_text[256];
	uint64_t tun_rx; /* packets delivered to this side's TUN */
};

struct spair {
	struct lvpn_tls_conf ctc, stc;
	struct lvpn_tls_ctx *cctx, *sctx;
	struct side c, s;
	struct lvpn_session_ops ops;
	struct lvpn_log log;
	uint64_t now;
	/* impairment, per mille */
	unsigned drop, dup, reorder;
	uint32_t rng;
	struct pq to_s, to_c;
	uint8_t key2[256];
	uint8_t wkc[1024];
	size_t wkc_len;
	const char *push[8];
	size_t npush;
	const char *const *push_many; /* instead of push, when set */
	size_t npush_many;
	int push_rc; /* what lvpn_session_push_reply returned */
	int refuse; /* server answers PUSH_REQUEST with AUTH_FAILED */
	const char *refuse_reason; /* its reason; NULL: "refused" */
	int stream; /* TCP: hand the engine the raw stream in random splits */
};

static inline uint32_t spair_rand(struct spair *p)
{
	p->rng ^= p->rng << 13;
	p->rng ^= p->rng >> 17;
	p->rng ^= p->rng << 5;
	return p->rng;
}

static inline void spair_log(void *ctx, int level, const char *line)
{
	(void)ctx;
	if (getenv("LVPN_TEST_VERBOSE"))
		fprintf(stderr, "  [%d] %s\n", level, line);
}

/* Sets up both TLS contexts (ca, server cert, client cert from the test
 * PKI) and default session confs: UDP, no wrap.  Tests adjust p->c.conf /
 * p->s.conf, then call spair_start. */
static inline void spair_init(struct spair *p, const char *ca, const char *server_cert,
			     const char *client_cert)
{
	memset(p, 0, sizeof(*p));
	p->rng = 0x1234567u;
	conf_pki(&p->stc, LVPN_TLS_SERVER, ca, server_cert);
	conf_pki(&p->ctc, LVPN_TLS_CLIENT, ca, client_cert);
	p->ctc.remote_cert = LVPN_REMOTE_CERT_SERVER;
	lvpn_log_init(&p->log, getenv("LVPN_TEST_VERBOSE") ? 7 : 1, spair_log, NULL);
	p->ops.log = &p->log;
	p->ops.unix_base = 1700000000;
	for (size_t i = 0; i < sizeof(p->key2); i++)
		p->key2[i] = (uint8_t)(i * 7 + 3);
	p->c.conf.role = LVPN_SESSION_CLIENT;
	p->s.conf.role = LVPN_SESSION_SERVER;
	p->c.conf.iv_proto = 990;
	p->c.conf.peer_info = "IV_VER=2.6.14\nIV_PLAT=linux\nIV_PROTO=990\n"
			      "IV_CIPHERS=AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305\nIV_TCPNL=1\n";
	p->c.conf.options_string = "V4,dev-type tun,link-mtu 1549,tun-mtu 1500,proto UDPv4,"
				   "cipher AES-256-GCM,auth [null-digest],keysize 256,"
				   "key-method 2,tls-client";
	p->s.conf.options_string = "V4,dev-type tun,link-mtu 1549,tun-mtu 1500,proto UDPv4,"
				   "cipher AES-256-GCM,auth [null-digest],keysize 256,"
				   "key-method 2,tls-server";
	p->s.conf.peer_id = 7;
	p->push[p->npush++] = "ifconfig 198.19.0.2 255.255.255.0";
	p->push[p->npush++] = "route-gateway 198.19.0.1";
	p->push[p->npush++] = "topology subnet";
	p->push[p->npush++] = "ping 10";
	p->push[p->npush++] = "ping-restart 60";
}

/* Both sides use wrap mode (LVPN_WRAP_AUTH / CRYPT) with the shared key;
 * v2 makes the client a tls-crypt-v2 client with a WKc made here. */
static inline void spair_wrap(struct spair *p, int mode, int v2)
{
	p->c.conf.wrap_mode = p->s.conf.wrap_mode = mode;
	p->c.conf.wrap_key = p->s.conf.wrap_key = p->key2;
	if (mode == LVPN_WRAP_AUTH) {
		p->s.conf.wrap_dir = LVPN_KEY_DIR_NORMAL;
		p->c.conf.wrap_dir = LVPN_KEY_DIR_INVERSE;
	}
	if (v2) {
		struct lvpn_tcv2_server srv;
		uint8_t skey[128], meta[9] = {LVPN_TCV2_META_TIMESTAMP, 0, 0, 0, 0, 0x65, 0, 0, 0};

		for (size_t i = 0; i < sizeof(skey); i++)
			skey[i] = (uint8_t)(i * 13 + 1);
		assert_int_equal(lvpn_tcv2_server_init(&srv, skey), 0);
		assert_int_equal(lvpn_tcv2_wrap_key(&srv, p->key2, meta, sizeof(meta), p->wkc,
						    sizeof(p->wkc), &p->wkc_len),
				 0);
		lvpn_tcv2_server_free(&srv);
		p->c.conf.wkc = p->wkc;
		p->c.conf.wkc_len = p->wkc_len;
		p->s.conf.tcv2_server = 1;
	}
}

static inline void spair_start(struct spair *p)
{
	assert_int_equal(lvpn_tls_ctx_new(&p->stc, &p->sctx), 0);
	assert_int_equal(lvpn_tls_ctx_new(&p->ctc, &p->cctx), 0);
	p->s.conf.tls = p->sctx;
	p->c.conf.tls = p->cctx;
	assert_int_equal(lvpn_session_new(&p->s.conf, &p->ops, p->now, &p->s.s), 0);
	assert_int_equal(lvpn_session_new(&p->c.conf, &p->ops, p->now, &p->c.s), 0);
}

static inline void spair_free(struct spair *p)
{
	lvpn_session_free(p->c.s);
	lvpn_session_free(p->s.s);
	lvpn_tls_ctx_free(p->cctx);
	lvpn_tls_ctx_free(p->sctx);
	conf_free(&p->ctc);
	conf_free(&p->stc);
}

static inline void pq_put(struct spair *p, struct pq *q, const uint8_t *pkt, size_t len)
{
	unsigned at;

	if (q->n == PQ_LEN || len > PKT_MAX)
		return; /* a full link drops, like a full socket buffer */
	at = q->n;
	if (p->reorder && q->n && spair_rand(p) % 1000 < p->reorder)
		at = spair_rand(p) % (q->n + 1);
	memmove(&q->pkt[at + 1], &q->pkt[at], (size_t)(q->n - at) * PKT_MAX);
	memmove(&q->len[at + 1], &q->len[at], (size_t)(q->n - at) * sizeof(size_t));
	memcpy(q->pkt[at], pkt, len);
	q->len[at] = len;
	q->n++;
}

/* Moves everything `from` wants to send onto the link toward its peer. */
static inline void spair_drain(struct spair *p, struct side *from, struct pq *q)
{
	uint8_t out[PKT_MAX];
	int tcp = from->conf.transport == LVPN_TRANSPORT_TCP;

	for (int i = 0; i < 256; i++) {
		size_t len;

		assert_int_equal(lvpn_session_poll_link(from->s, out, sizeof(out), &len, p->now), 0);
		if (len == 0)
			return;
		if (tcp) { /* the stream is reliable: only strip the length */
			assert_true(len >= 2);
			assert_int_equal(lvpn_get_be16(out), len - 2);
			if (p->stream)
				pq_put(p, q, out, len); /* the engine frames it */
			else
				pq_put(p, q, out + 2, len - 2);
			continue;
		}
		if (p->drop && spair_rand(p) % 1000 < p->drop)
			continue;
		pq_put(p, q, out, len);
		if (p->dup && spair_rand(p) % 1000 < p->dup)
			pq_put(p, q, out, len);
	}
	fail_msg("poll_link never ran dry");
}

static inline void side_events(struct spair *p, struct side *sd)
{
	struct lvpn_event ev;

	for (lvpn_session_next_event(sd->s, &ev); ev.type != LVPN_EV_NONE;
	     lvpn_session_next_event(sd->s, &ev)) {
		if (ev.text)
			snprintf(sd->last_text, sizeof(sd->last_text), "%s", ev.text);
		switch (ev.type) {
		case LVPN_EV_TLS_UP: sd->tls_up++; break;
		case LVPN_EV_CONNECTED: sd->connected++; break;
		case LVPN_EV_AUTH_FAILED: sd->auth_failed++; break;
		case LVPN_EV_RESTART: sd->restart++; break;
		case LVPN_EV_HALT: sd->halt++; break;
		case LVPN_EV_EXIT: sd->exit_++; break;
		case LVPN_EV_RENEGOTIATED: sd->renegotiated++; break;
		case LVPN_EV_PUSH_REQUEST:
			sd->push_requests++;
			if (p->refuse)
				assert_int_equal(lvpn_session_auth_failed(sd->s, p->refuse_reason ? p->refuse_reason : "refused",
							  p->now), 0);
			else {
				/* LVPN_ERR_CONFIG: no common cipher, AUTH_FAILED was sent */
				int rc = p->push_many ? lvpn_session_push_reply(sd->s, p->push_many,
										p->npush_many, p->now)
						      : lvpn_session_push_reply(sd->s, p->push, p->npush,
										p->now);

				p->push_rc = rc;
				assert_true(rc == 0 || rc == LVPN_ERR_CONFIG || p->push_many);
			}
			break;
		default: break;
		}
	}
}

/* Delivers what is queued toward `to`; data packets are counted. */
static inline void spair_deliver(struct spair *p, struct side *to, struct pq *q)
{
	struct lvpn_buf b;
	uint8_t mem[PKT_MAX];

	while (q->n) {
		enum lvpn_rx rx;
		size_t len = q->len[0];
		int rc;

		memcpy(mem, q->pkt[0], len);
		q->n--;
		memmove(&q->pkt[0], &q->pkt[1], (size_t)q->n * PKT_MAX);
		memmove(&q->len[0], &q->len[1], (size_t)q->n * sizeof(size_t));
		if (p->stream && to->conf.transport == LVPN_TRANSPORT_TCP) {
			static uint8_t frame[70000];

			/* the frame's bytes in random pieces, 1 byte at the least */
			for (size_t off = 0; off < len;) {
				size_t piece = 1 + spair_rand(p) % 7, used;

				if (piece > len - off)
					piece = len - off;
				while (piece) {
					lvpn_buf_init(&b, frame, sizeof(frame));
					rc = lvpn_session_recv_stream(to->s, mem + off, piece, &used, &b,
								      p->now, &rx);
					assert_true(rc != LVPN_ERR_FRAMING);
					if (rx == LVPN_RX_TUN)
						to->tun_rx++;
					off += used;
					piece -= used;
					if (used == 0)
						break;
				}
			}
			side_events(p, to);
			continue;
		}
		lvpn_buf_init(&b, mem, sizeof(mem));
		b.len = (uint32_t)len;
		rc = lvpn_session_recv(to->s, &b, p->now, &rx);
		(void)rc; /* drops are the engine's business; the test checks outcomes */
		if (rx == LVPN_RX_TUN)
			to->tun_rx++;
		side_events(p, to);
	}
}

/* One step of 10 ms of fake time: timers, output, delivery, events. */
static inline void spair_step(struct spair *p)
{
	struct side *sides[2] = {&p->c, &p->s};

	p->now += 10;
	for (int i = 0; i < 2; i++) {
		if (lvpn_session_deadline(sides[i]->s) <= p->now) {
			int rc = lvpn_session_tick(sides[i]->s, p->now);

			(void)rc;
		}
		side_events(p, sides[i]);
	}
	spair_drain(p, &p->c, &p->to_s);
	spair_drain(p, &p->s, &p->to_c);
	spair_deliver(p, &p->s, &p->to_s);
	spair_deliver(p, &p->c, &p->to_c);
}

/* Runs until both sides are connected or `seconds` of fake time passed;
 * returns 1 if connected. */
static inline int spair_run(struct spair *p, unsigned seconds)
{
	uint64_t end = p->now + (uint64_t)seconds * 1000;

	while (p->now < end) {
		spair_step(p);
		if (p->c.connected && p->s.connected)
			return 1;
		if (p->c.restart || p->c.auth_failed || p->c.halt || p->s.restart)
			return 0;
	}
	return 0;
}

/* Runs a started pair until connected, then delivers the handshake's last
 * ACKs.  Returns 1 when connected. */
static inline int spair_settle(struct spair *p)
{
	if (!spair_run(p, 30))
		return 0;
	for (int k = 0; k < 300; k++)
		spair_step(p);
	return 1;
}

/* A pair with the default certificates, connected, and the handshake's
 * last ACKs delivered.  Returns 1 when connected. */
static inline int spair_connect_quiet(struct spair *p)
{
	spair_init(p, "ca", "server-rsa", "client-rsa");
	spair_start(p);
	return spair_settle(p);
}

/* Sends one TUN packet of len bytes (pattern seeded by seq) from one side
 * and checks that it comes out of the other side's TUN intact. */
static inline int spair_data(struct spair *p, struct side *from, struct side *to, size_t len,
			    uint32_t seq)
{
	struct lvpn_frame f;
	uint8_t mem[PKT_MAX], want[PKT_MAX];
	struct lvpn_buf b;
	enum lvpn_rx rx;
	size_t off = 0;
	int rc;

	lvpn_session_frame(from->s, &f);
	assert_true(lvpn_frame_bufsize(&f) <= sizeof(mem));
	lvpn_buf_init(&b, mem, sizeof(mem));
	assert_int_equal(lvpn_buf_reset(&b, f.headroom), 0);
	for (size_t i = 0; i < len; i++)
		want[i] = (uint8_t)(seq * 31 + i);
	want[0] = 0x45; /* not the first byte of a ping/OCC magic */
	assert_int_equal(lvpn_buf_put(&b, want, (uint32_t)len), 0);
	rc = lvpn_session_encrypt(from->s, &b, p->now);
	if (rc)
		return rc;
	if (from->conf.transport == LVPN_TRANSPORT_TCP) {
		assert_int_equal(lvpn_get_be16(lvpn_buf_data(&b)), b.len - 2);
		off = 2;
	}
	b.head += (uint32_t)off;
	b.len -= (uint32_t)off;
	rc = lvpn_session_recv(to->s, &b, p->now, &rx);
	if (rc)
		return rc;
	if (rx != LVPN_RX_TUN || b.len != len || memcmp(lvpn_buf_data(&b), want, len) != 0)
		return -1000;
	return 0;
}

#endif
