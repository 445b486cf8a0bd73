/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn-bench: two engines back to back in memory (see pair.h). */
#include "bench/pair.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crypto/keyfile.h"
#include "proto/wrap.h"

static const char *const push_opts[] = {
    "ifconfig 198.19.0.2 255.255.255.0",
    "route-gateway 198.19.0.1",
    "topology subnet",
    "ping 10",
    "ping-restart 60",
};

static char *slurp(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;
	char *buf = NULL;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0) {
		rewind(f);
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n) {
			buf[n] = '\0';
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

int bpair_pki_ok(const char *dir)
{
	char *s = slurp(dir, "ca.pem");

	free(s);
	return s != NULL;
}

static int load(struct lvpn_tls_conf *c, enum lvpn_tls_role role, const char *dir, const char *cert)
{
	char name[64];

	memset(c, 0, sizeof(*c));
	c->role = role;
	c->ca_pem = slurp(dir, "ca.pem");
	snprintf(name, sizeof(name), "%s.pem", cert);
	c->cert_pem = slurp(dir, name);
	snprintf(name, sizeof(name), "%s-key.pem", cert);
	c->key_pem = slurp(dir, name);
	if (c->ca_pem && c->cert_pem && c->key_pem)
		return 0;
	fprintf(stderr,
	        "leanvpn-bench: cannot read the test PKI (%s.pem, %s-key.pem, ca.pem) "
	        "in %s; use --pki DIR (tests/data/pki of the source tree)\n",
	        cert, cert, dir);
	return -1;
}

static void unload(struct lvpn_tls_conf *c)
{
	free((void *)c->ca_pem);
	free((void *)c->cert_pem);
	free((void *)c->key_pem);
	memset(c, 0, sizeof(*c));
}

static void quiet(void *ctx, int level, const char *line)
{
	(void)ctx;
	if (getenv("LVPN_BENCH_VERBOSE"))
		fprintf(stderr, "  [%d] %s\n", level, line);
}

/* A tls-crypt-v2 client key wrapped with a fixed server key, as the
 * frontend's --genkey tls-crypt-v2-client would. */
static int make_wkc(struct bpair *p)
{
	struct lvpn_tcv2_server srv;
	uint8_t skey[LVPN_KEY_LEN], meta[9] = {LVPN_TCV2_META_TIMESTAMP, 0, 0, 0, 0, 0x65, 0, 0, 0};
	int rc;

	for (size_t i = 0; i < sizeof(skey); i++)
		skey[i] = (uint8_t)(i * 13 + 1);
	rc = lvpn_tcv2_server_init(&srv, skey);
	if (rc)
		return rc;
	rc = lvpn_tcv2_wrap_key(&srv, p->key2, meta, sizeof(meta), p->wkc, sizeof(p->wkc),
	                        &p->wkc_len);
	lvpn_tcv2_server_free(&srv);
	return rc;
}

static void set_wrap(struct bpair *p, enum bpair_wrap wrap)
{
	if (wrap == BPAIR_WRAP_NONE)
		return;
	p->c.conf.wrap_key = p->s.conf.wrap_key = p->key2;
	if (wrap == BPAIR_WRAP_TLS_AUTH) {
		p->c.conf.wrap_mode = p->s.conf.wrap_mode = LVPN_WRAP_AUTH;
		p->s.conf.wrap_dir = LVPN_KEY_DIR_NORMAL;
		p->c.conf.wrap_dir = LVPN_KEY_DIR_INVERSE;
		p->c.conf.wrap_digest = p->s.conf.wrap_digest = "SHA256";
		return;
	}
	p->c.conf.wrap_mode = p->s.conf.wrap_mode = LVPN_WRAP_CRYPT;
	if (wrap == BPAIR_WRAP_TLS_CRYPT_V2) {
		p->c.conf.wkc = p->wkc;
		p->c.conf.wkc_len = p->wkc_len;
		p->s.conf.tcv2_server = 1;
	}
}

int bpair_init(struct bpair *p, const char *dir, const char *cipher, enum bpair_wrap wrap)
{
	int cbc = strstr(cipher, "CBC") || strstr(cipher, "cbc");

	memset(p, 0, sizeof(*p));
	if (load(&p->stc, LVPN_TLS_SERVER, dir, "server-rsa") ||
	    load(&p->ctc, LVPN_TLS_CLIENT, dir, "client-rsa")) {
		bpair_free(p);
		return -1;
	}
	p->ctc.remote_cert = LVPN_REMOTE_CERT_SERVER;
	lvpn_log_init(&p->log, getenv("LVPN_BENCH_VERBOSE") ? 7 : 1, quiet, NULL);
	p->ops.log = &p->log;
	p->ops.unix_base = 1700000000;
	for (size_t i = 0; i < sizeof(p->key2); i++)
		p->key2[i] = (uint8_t)(i * 7 + 3);
	if (wrap == BPAIR_WRAP_TLS_CRYPT_V2 && make_wkc(p)) {
		fprintf(stderr, "leanvpn-bench: cannot make a tls-crypt-v2 client key\n");
		bpair_free(p);
		return -1;
	}
	snprintf(p->peer_info, sizeof(p->peer_info),
	         "IV_VER=2.6.14\nIV_PLAT=linux\nIV_PROTO=990\nIV_CIPHERS=%s\nIV_TCPNL=1\n", cipher);
	for (int i = 0; i < 2; i++) {
		struct lvpn_session_conf *c = i ? &p->s.conf : &p->c.conf;

		c->role = i ? LVPN_SESSION_SERVER : LVPN_SESSION_CLIENT;
		c->data_ciphers = cipher;
		c->auth = cbc ? "SHA256" : NULL;
		c->tun_mtu = 1500;
		c->mssfix = 1492;
		c->options_string = i ? "V4,dev-type tun,link-mtu 1549,tun-mtu 1500,proto UDPv4,"
		                        "cipher AES-256-GCM,auth [null-digest],keysize 256,"
		                        "key-method 2,tls-server"
		                      : "V4,dev-type tun,link-mtu 1549,tun-mtu 1500,proto UDPv4,"
		                        "cipher AES-256-GCM,auth [null-digest],keysize 256,"
		                        "key-method 2,tls-client";
	}
	p->c.conf.iv_proto = 990;
	p->c.conf.peer_info = p->peer_info;
	p->s.conf.peer_id = 7;
	set_wrap(p, wrap);
	if (lvpn_tls_ctx_new(&p->stc, &p->sctx) || lvpn_tls_ctx_new(&p->ctc, &p->cctx)) {
		fprintf(stderr, "leanvpn-bench: cannot build the TLS contexts from %s\n", dir);
		bpair_free(p);
		return -1;
	}
	p->s.conf.tls = p->sctx;
	p->c.conf.tls = p->cctx;
	return 0;
}

static int events(struct bpair *p, struct bpair_side *sd)
{
	struct lvpn_event ev;

	for (lvpn_session_next_event(sd->s, &ev); ev.type != LVPN_EV_NONE;
	     lvpn_session_next_event(sd->s, &ev)) {
		switch (ev.type) {
		case LVPN_EV_CONNECTED:
			sd->connected = 1;
			break;
		case LVPN_EV_AUTH_FAILED:
		case LVPN_EV_RESTART:
		case LVPN_EV_HALT:
		case LVPN_EV_EXIT:
			fprintf(stderr, "leanvpn-bench: handshake failed (event %d: %s)\n",
			        (int)ev.type, ev.text ? ev.text : "");
			sd->failed = 1;
			break;
		case LVPN_EV_PUSH_REQUEST:
			if (lvpn_session_push_reply(sd->s, push_opts,
			                            sizeof(push_opts) / sizeof(push_opts[0]),
			                            p->now)) {
				fprintf(stderr, "leanvpn-bench: push_reply failed\n");
				sd->failed = 1;
			}
			break;
		default:
			break;
		}
	}
	return sd->failed ? -1 : 0;
}

static int drain(struct bpair *p, struct bpair_side *from, struct bpair_q *q)
{
	for (;;) {
		size_t len;

		if (q->n == BPAIR_QLEN)
			return 0; /* the rest waits for the next step */
		if (lvpn_session_poll_link(from->s, q->pkt[q->n], BPAIR_PKT_MAX, &len, p->now))
			return -1;
		if (len == 0)
			return 0;
		q->len[q->n++] = len;
	}
}

static int deliver(struct bpair *p, struct bpair_side *to, struct bpair_q *q)
{
	struct lvpn_buf b;

	for (unsigned i = 0; i < q->n; i++) {
		enum lvpn_rx rx = LVPN_RX_NONE;
		int rc;

		lvpn_buf_init(&b, q->pkt[i], BPAIR_PKT_MAX);
		b.len = (uint32_t)q->len[i];
		rc = lvpn_session_recv(to->s, &b, p->now, &rx);
		if (rc <= -100) {
			fprintf(stderr, "leanvpn-bench: handshake packet: fatal %d\n", rc);
			return -1;
		}
		if (events(p, to))
			return -1;
	}
	q->n = 0;
	return 0;
}

int bpair_connect(struct bpair *p)
{
	struct bpair_side *sides[2] = {&p->c, &p->s};

	p->c.connected = p->s.connected = p->c.failed = p->s.failed = 0;
	if (lvpn_session_new(&p->s.conf, &p->ops, p->now, &p->s.s) ||
	    lvpn_session_new(&p->c.conf, &p->ops, p->now, &p->c.s)) {
		fprintf(stderr, "leanvpn-bench: lvpn_session_new failed\n");
		return -1;
	}
	for (int step = 0; step < 1000; step++) {
		p->now += 1;
		for (int i = 0; i < 2; i++) {
			if (lvpn_session_deadline(sides[i]->s) <= p->now &&
			    lvpn_session_tick(sides[i]->s, p->now))
				return -1;
			if (events(p, sides[i]))
				return -1;
		}
		if (drain(p, &p->c, &p->to_s) || drain(p, &p->s, &p->to_c) ||
		    deliver(p, &p->s, &p->to_s) || deliver(p, &p->c, &p->to_c))
			return -1;
		if (p->c.connected && p->s.connected)
			return 0;
	}
	fprintf(stderr, "leanvpn-bench: handshake did not finish\n");
	return -1;
}

void bpair_disconnect(struct bpair *p)
{
	lvpn_session_free(p->c.s);
	lvpn_session_free(p->s.s);
	p->c.s = p->s.s = NULL;
	p->to_s.n = p->to_c.n = 0;
}

void bpair_free(struct bpair *p)
{
	bpair_disconnect(p);
	lvpn_tls_ctx_free(p->cctx);
	lvpn_tls_ctx_free(p->sctx);
	p->cctx = p->sctx = NULL;
	unload(&p->ctc);
	unload(&p->stc);
}
