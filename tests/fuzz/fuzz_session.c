/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: the whole session state machine, client and server, in
 * memory with a virtual clock.  The input is a script: byte 0 picks the
 * transport (UDP, or TCP through lvpn_session_recv_stream) and the control
 * channel wrap (none, tls-auth, tls-crypt, tls-crypt-v2); each following
 * op byte decides which side gets which bytes - the next queued packet as
 * is, mutated, dropped, swapped with the one behind it, raw bytes injected,
 * a TUN packet sent, a renegotiation or a close started - and when time
 * advances.  Keys and certificates are fixed (tests/data); the engine's
 * and OpenSSL's random bytes come from a PRNG seeded by the input, so a run
 * is deterministic.
 * Nothing may crash, assert or leak. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPENSSL_SUPPRESS_DEPRECATED /* RAND_set_rand_method */
#include <openssl/rand.h>

#include "crypto/tls.h"
#include "proto/comp.h"
#include "proto/session.h"
#include "proto/tcpframe.h"
#include "crypto/tcv2.h"
#include "proto/wrap.h"

#ifndef FUZZ_SRCDIR
#define FUZZ_SRCDIR "."
#endif

#define QLEN    16
#define PKT_MAX 2048

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct queue {
	uint8_t pkt[QLEN][PKT_MAX];
	size_t len[QLEN];
	unsigned n;
};

struct side {
	struct lvpn_session *s;
	struct lvpn_session_conf conf;
	struct queue in; /* what travels toward this side */
	int dead;        /* a fatal error: the frontend would drop the session */
};

static struct lvpn_tls_ctx *cctx, *sctx;
static struct lvpn_log quiet_log;
static uint8_t key2[256];
static uint8_t wkc[1024]; /* the tls-crypt-v2 client's wrapped key2 */
static size_t wkc_len;
static uint32_t rng;
static uint64_t now;
static struct side cl, sv;
static int verbose; /* FUZZ_VERBOSE set: print the events */

static char *slurp(const char *name)
{
	char path[512];
	const char *top = getenv("top_srcdir");
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/tests/data/pki/%s", top ? top : FUZZ_SRCDIR, name);
	f = fopen(path, "rb");
	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) <= 0)
		abort();
	rewind(f);
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n)
		abort();
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void quiet(void *ctx, int level, const char *line)
{
	(void)ctx;
	(void)level;
	(void)line;
}

static int det_rand(void *ctx, uint8_t *out, size_t len)
{
	(void)ctx;
	for (size_t i = 0; i < len; i++) {
		rng ^= rng << 13;
		rng ^= rng >> 17;
		rng ^= rng << 5;
		out[i] = (uint8_t)rng;
	}
	return 0;
}

/* OpenSSL's own random bytes (TLS randoms, ECDHE keys, signatures) come
 * from the same PRNG, so that an input replays the same handshake. */
static int ossl_bytes(unsigned char *buf, int num)
{
	return det_rand(NULL, buf, (size_t)num) == 0;
}

static int ossl_status(void)
{
	return 1;
}

static const RAND_METHOD det_method = {
    .bytes = ossl_bytes,
    .pseudorand = ossl_bytes,
    .status = ossl_status,
};

static void setup(void)
{
	struct lvpn_tls_conf s, c;

	if (lvpn_tls_global_init() != 0 || RAND_set_rand_method(&det_method) != 1)
		abort();
	memset(&s, 0, sizeof(s));
	memset(&c, 0, sizeof(c));
	s.role = LVPN_TLS_SERVER;
	s.ca_pem = slurp("ca.pem");
	s.cert_pem = slurp("server-ec.pem");
	s.key_pem = slurp("server-ec-key.pem");
	c.role = LVPN_TLS_CLIENT;
	c.ca_pem = s.ca_pem;
	c.cert_pem = slurp("client-rsa.pem");
	c.key_pem = slurp("client-rsa-key.pem");
	c.remote_cert = LVPN_REMOTE_CERT_SERVER;
	if (lvpn_tls_ctx_new(&s, &sctx) != 0 || lvpn_tls_ctx_new(&c, &cctx) != 0)
		abort();
	free((void *)s.ca_pem);
	free((void *)s.cert_pem);
	free((void *)s.key_pem);
	free((void *)c.cert_pem);
	free((void *)c.key_pem);
	lvpn_log_init(&quiet_log, 0, quiet, NULL);
	verbose = getenv("FUZZ_VERBOSE") != NULL;
	for (size_t i = 0; i < sizeof(key2); i++)
		key2[i] = (uint8_t)(i * 7 + 3);
	{
		struct lvpn_tcv2_server srv;
		uint8_t skey[128], meta[9] = {LVPN_TCV2_META_TIMESTAMP, 0, 0, 0, 0, 0x65, 0, 0, 0};

		for (size_t i = 0; i < sizeof(skey); i++)
			skey[i] = (uint8_t)(i * 13 + 1);
		if (lvpn_tcv2_server_init(&srv, skey) != 0 ||
		    lvpn_tcv2_wrap_key(&srv, key2, meta, sizeof(meta), wkc, sizeof(wkc),
		                       &wkc_len) != 0)
			abort();
		lvpn_tcv2_server_free(&srv);
	}
}

static void conf(struct side *sd, enum lvpn_session_role role, int tcp, int wrap)
{
	static const char occ_c[] = "V4,dev-type tun,link-mtu 1549,tun-mtu 1500,proto UDPv4,"
	                            "cipher AES-256-GCM,auth [null-digest],keysize 256,"
	                            "key-method 2,tls-client";
	static const char occ_s[] = "V4,dev-type tun,link-mtu 1549,tun-mtu 1500,proto UDPv4,"
	                            "cipher AES-256-GCM,auth [null-digest],keysize 256,"
	                            "key-method 2,tls-server";
	struct lvpn_session_conf *c = &sd->conf;

	memset(sd, 0, sizeof(*sd));
	c->role = role;
	c->transport = tcp ? LVPN_TRANSPORT_TCP : LVPN_TRANSPORT_UDP;
	c->tls = role == LVPN_SESSION_CLIENT ? cctx : sctx;
	/* 3: tls-crypt-v2, the server already holding the client's key */
	c->wrap_mode = wrap == 3 ? LVPN_WRAP_CRYPT : wrap;
	c->wrap_key = wrap ? key2 : NULL;
	if (wrap == 3 && role == LVPN_SESSION_CLIENT) {
		c->wkc = wkc;
		c->wkc_len = wkc_len;
	}
	c->tcv2_server = wrap == 3 && role == LVPN_SESSION_SERVER;
	c->wrap_dir = role == LVPN_SESSION_CLIENT ? LVPN_KEY_DIR_INVERSE : LVPN_KEY_DIR_NORMAL;
	c->comp = LVPN_COMP_STUB_V2;
	c->allow_comp = LVPN_COMP_ALLOW_ASYM;
	c->mssfix = 1400;
	c->ping = 10;
	c->ping_restart = 60;
	c->options_string = role == LVPN_SESSION_CLIENT ? occ_c : occ_s;
	if (role == LVPN_SESSION_CLIENT) {
		c->iv_proto = 990;
		c->peer_info = "IV_VER=2.6.14\nIV_PLAT=linux\nIV_PROTO=990\n"
		               "IV_CIPHERS=AES-256-GCM:CHACHA20-POLY1305\nIV_TCPNL=1\n";
		c->username = "user";
		c->password = "pass";
	} else {
		c->peer_id = 7;
	}
}

static void put(struct queue *q, const uint8_t *p, size_t len)
{
	if (q->n == QLEN || len > PKT_MAX)
		return;
	memcpy(q->pkt[q->n], p, len);
	q->len[q->n++] = len;
}

static void pop(struct queue *q)
{
	if (q->n == 0)
		return;
	q->n--;
	memmove(q->pkt[0], q->pkt[1], (size_t)q->n * PKT_MAX);
	memmove(q->len, q->len + 1, (size_t)q->n * sizeof(size_t));
}

static void events(struct side *sd)
{
	static const char *const push[] = {"ifconfig 198.19.0.2 255.255.255.0",
	                                   "route-gateway 198.19.0.1", "topology subnet", "ping 10",
	                                   "ping-restart 60"};
	struct lvpn_event ev;

	for (int i = 0; i < 64; i++) {
		lvpn_session_next_event(sd->s, &ev);
		if (ev.type == LVPN_EV_NONE)
			return;
		if (ev.text && strlen(ev.text) != ev.text_len)
			abort();
		if (verbose)
			fprintf(stderr, "%s event %d %s\n", sd == &cl ? "client" : "server",
			        (int)ev.type, ev.text ? ev.text : "");
		switch (ev.type) {
		case LVPN_EV_PUSH_REQUEST:
			(void)lvpn_session_push_reply(sd->s, push, 5, now);
			break;
		case LVPN_EV_PUSH_REPLY:
			for (const char *o = lvpn_session_pushed_next(sd->s, NULL); o;
			     o = lvpn_session_pushed_next(sd->s, o))
				(void)strlen(o);
			break;
		case LVPN_EV_RESTART:
		case LVPN_EV_HALT:
		case LVPN_EV_AUTH_FAILED:
			sd->dead = 1;
			break;
		default:
			break;
		}
	}
}

static int fatal(int rc)
{
	return rc == LVPN_ERR_FRAMING || lvpn_err_is_fatal(rc);
}

static void drain(struct side *from, struct side *to)
{
	uint8_t out[PKT_MAX + 2];

	for (int i = 0; i < 64 && !from->dead; i++) {
		size_t len = 0;
		int rc = lvpn_session_poll_link(from->s, out, sizeof(out), &len, now);

		if (rc < 0) {
			from->dead = fatal(rc);
			break;
		}
		if (len == 0)
			break;
		put(&to->in, out, len);
	}
	events(from);
}

/* Hands `to` the bytes p[len]; on TCP in pieces of `split` bytes. */
static void deliver(struct side *to, uint8_t *p, size_t len, size_t split)
{
	static uint8_t frame[70000];
	struct lvpn_buf b;
	enum lvpn_rx rx = LVPN_RX_NONE;
	int rc;

	if (to->dead)
		return;
	if (verbose) {
		uint32_t h = 2166136261u;

		for (size_t k = 0; k < len; k++)
			h = (h ^ p[k]) * 16777619u;
		fprintf(stderr, "to %s: %zu bytes, hash %08x\n", to == &cl ? "client" : "server",
		        len, (unsigned)h);
	}
	if (to->conf.transport == LVPN_TRANSPORT_TCP) {
		for (size_t off = 0, guard = 0; off < len && guard < 4096; guard++) {
			size_t piece = split < len - off ? split : len - off, used = 0;

			lvpn_buf_init(&b, frame, sizeof(frame));
			rc = lvpn_session_recv_stream(to->s, p + off, piece, &used, &b, now, &rx);
			if (used > piece)
				abort();
			if (rc < 0 && fatal(rc)) {
				to->dead = 1;
				break;
			}
			if (rx == LVPN_RX_TUN && (b.len == 0 || b.len > 65535))
				abort();
			off += used;
			if (used == 0 && rc >= 0)
				break;
			events(to);
		}
	} else {
		uint8_t mem[PKT_MAX];

		memcpy(mem, p, len);
		lvpn_buf_init(&b, mem, sizeof(mem));
		b.len = (uint32_t)len;
		rc = lvpn_session_recv(to->s, &b, now, &rx);
		if (rc < 0 && fatal(rc))
			to->dead = 1;
		if (rx == LVPN_RX_TUN && b.head + b.len > sizeof(mem))
			abort();
	}
	events(to);
}

static void send_tun(struct side *sd, size_t len, uint8_t fill)
{
	static uint8_t mem[4096];
	struct lvpn_frame f;
	struct lvpn_buf b;

	if (sd->dead)
		return;
	lvpn_session_frame(sd->s, &f);
	if (len > f.payload || f.headroom + len + f.tailroom > sizeof(mem))
		return;
	lvpn_buf_init(&b, mem, sizeof(mem));
	if (lvpn_buf_reset(&b, f.headroom))
		abort();
	memset(lvpn_buf_data(&b), fill, len);
	if (len >= 20)
		mem[f.headroom] = 0x45;
	b.len = (uint32_t)len;
	if (lvpn_session_encrypt(sd->s, &b, now) == 0) {
		uint8_t *p = lvpn_buf_data(&b);
		struct side *to = sd == &cl ? &sv : &cl;

		if (sd->conf.transport == LVPN_TRANSPORT_TCP) {
			if (lvpn_tcpframe_prefix(&b) != 0)
				return;
			p = lvpn_buf_data(&b);
		}
		put(&to->in, p, b.len);
	}
}

static void tick(struct side *sd)
{
	if (!sd->dead && lvpn_session_deadline(sd->s) <= now) {
		int rc = lvpn_session_tick(sd->s, now);

		if (rc < 0 && fatal(rc))
			sd->dead = 1;
		events(sd);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lvpn_session_ops ops;
	size_t i = 1;
	int tcp, wrap;

	if (size < 1 || size > 4096)
		return 0;
	if (!cctx)
		setup();
	tcp = data[0] & 1;
	wrap = (data[0] >> 1) & 3;
	rng = 0x9e3779b9u ^ data[0];
	now = 1000;
	memset(&ops, 0, sizeof(ops));
	ops.log = &quiet_log;
	ops.rand_bytes = det_rand;
	ops.unix_base = 1700000000;
	conf(&cl, LVPN_SESSION_CLIENT, tcp, wrap);
	conf(&sv, LVPN_SESSION_SERVER, tcp, wrap);
	if (lvpn_session_new(&sv.conf, &ops, now, &sv.s) != 0 ||
	    lvpn_session_new(&cl.conf, &ops, now, &cl.s) != 0)
		abort();
	while (i < size) {
		uint8_t op = data[i++];
		uint8_t arg = i < size ? data[i] : 0;
		struct side *to = op & 1 ? &cl : &sv;
		struct queue *q = &to->in;

		drain(&cl, &sv);
		drain(&sv, &cl);
		switch (op >> 1 & 7) {
		case 0: /* deliver everything queued toward to */
			for (unsigned k = 0; k < QLEN && q->n; k++) {
				uint8_t p[PKT_MAX];
				size_t len = q->len[0];

				memcpy(p, q->pkt[0], len);
				pop(q);
				deliver(to, p, len, 1 + (size_t)(op >> 4) * 97);
			}
			break;
		case 1: /* deliver the next one, one byte changed */
			if (q->n && i + 1 < size) {
				uint8_t p[PKT_MAX];
				size_t len = q->len[0];

				memcpy(p, q->pkt[0], len);
				pop(q);
				p[data[i] % len] ^= data[i + 1] ? data[i + 1] : 1;
				i += 2;
				deliver(to, p, len, 1 + (op >> 4));
			}
			break;
		case 2: /* drop it */
			pop(q);
			break;
		case 3: /* reorder: the second goes first */
			if (q->n >= 2) {
				uint8_t t[PKT_MAX];
				size_t tl = q->len[0];

				memcpy(t, q->pkt[0], tl);
				memcpy(q->pkt[0], q->pkt[1], q->len[1]);
				q->len[0] = q->len[1];
				memcpy(q->pkt[1], t, tl);
				q->len[1] = tl;
			}
			break;
		case 4: { /* inject: a length byte, then that many bytes; with bit 7
			   * of op the packet is 8 times as long, the bytes repeated */
			size_t len = arg, total;
			uint8_t p[PKT_MAX];

			i++;
			if (len > size - i)
				len = size - i;
			total = op & 0x80 ? (size_t)arg * 8 : len;
			if (len) {
				for (size_t k = 0; k < total; k++)
					p[k] = data[i + k % len];
				i += len;
				deliver(to, p, total, 1 + (op >> 4 & 7));
			}
			break;
		}
		case 5: /* time passes: arg * 50 ms */
			i++;
			now += (uint64_t)arg * 50;
			break;
		case 6: /* a TUN packet from the other side */
			i++;
			send_tun(to == &cl ? &sv : &cl, (size_t)arg * 6, (uint8_t)op);
			break;
		case 7: /* renegotiate, or close */
			if (!to->dead) {
				if (op & 0x80)
					lvpn_session_close(to->s, now);
				else if (lvpn_session_renegotiate(to->s, now) < 0)
					break;
				events(to);
			}
			break;
		}
		tick(&cl);
		tick(&sv);
	}
	lvpn_session_free(cl.s);
	lvpn_session_free(sv.s);
	cl.s = sv.s = NULL;
	return 0;
}
