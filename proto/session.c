/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - session engine: lifecycle, the control-packet receive path,
 * output, timers and events.  The per-key handshake is in keystate.c, the
 * control messages (push/pull, AUTH_FAILED, ...) in session_msg.c, the data
 * path in session_data.c. */
#include "proto/session_int.h"

#include <stdlib.h>
#include <string.h>

#include "crypto/hmac.h"
#include "crypto/random.h"

#define MS 1000u

static int rand_bytes(struct lvpn_session *s, uint8_t *out, size_t len)
{
	if (s->ops.rand_bytes)
		return s->ops.rand_bytes(s->ops.ctx, out, len);
	return lvpn_random(out, len);
}

uint64_t lvpn_sess_unix_time(const struct lvpn_session *s, uint64_t now)
{
	return s->ops.unix_base + now / MS;
}

void lvpn_sess_event(struct lvpn_session *s, enum lvpn_event_type type, int reason,
                     const char *text)
{
	struct evslot *e;
	size_t n = text ? strlen(text) : 0;

	if (s->ev_count == EVQ_LEN) {
		/* a full queue means the frontend stopped listening: keep the
		 * oldest events, which say why the session is ending */
		LVPN_LOG(s->log, LVPN_LOG_WARN, "event queue full, dropped event %d", (int)type);
		return;
	}
	e = &s->evq[(s->ev_head + s->ev_count) % EVQ_LEN];
	s->ev_count++;
	e->type = type;
	e->reason = reason;
	if (n >= EV_TEXT)
		n = EV_TEXT - 1;
	if (n)
		memcpy(e->text, text, n);
	e->text[n] = '\0';
	e->text_len = n;
}

/* Reports a session-ending error once; returns code for the caller. */
int lvpn_sess_fatal(struct lvpn_session *s, int code, enum lvpn_event_type type, const char *why)
{
	if (!s->dead) {
		s->dead = 1;
		/* a dead session is never checked: its peer's password goes now */
		lvpn_session_wipe_creds(s);
		LVPN_LOG(s->log, LVPN_LOG_ERR, "%s", why);
		lvpn_sess_event(s, type, code, why);
	}
	return code;
}

void lvpn_session_next_event(struct lvpn_session *s, struct lvpn_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	if (s->ev_count == 0)
		return;
	s->ev_out = s->evq[s->ev_head];
	s->ev_head = (s->ev_head + 1) % EVQ_LEN;
	s->ev_count--;
	ev->type = s->ev_out.type;
	ev->reason = s->ev_out.reason;
	ev->text = s->ev_out.text;
	ev->text_len = s->ev_out.text_len;
}

/* --- creation --- */

static int setup_wrap(struct lvpn_session *s)
{
	const struct lvpn_session_conf *c = &s->conf;
	int dir = c->wrap_dir;
	uint32_t window = c->replay_window;
	int rc;

	if (c->wrap_mode == LVPN_WRAP_CRYPT)
		/* tls-crypt directions are implicit: the server sends with keys[0] */
		dir = c->role == LVPN_SESSION_SERVER ? LVPN_KEY_DIR_NORMAL : LVPN_KEY_DIR_INVERSE;
	rc = lvpn_wrap_init(&s->wrap, c->wrap_mode, c->wrap_key, dir, c->wrap_digest, window,
	                    c->replay_time);
	if (rc)
		return rc;
	if (c->wkc && c->role == LVPN_SESSION_CLIENT) {
		rc = lvpn_wrap_set_wkc(&s->wrap, c->wkc, c->wkc_len);
		if (rc)
			return rc;
		/* early negotiation: the first reset carries id 0x0f000001 */
		lvpn_wrap_set_send_id(&s->wrap, LVPN_EARLY_NEG_START);
	}
	s->payload_max =
	    lvpn_ctrl_payload_max(s->conf.tls_mtu, (uint32_t)lvpn_wrap_headroom(&s->wrap), 0);
	return s->payload_max >= 64 ? 0 : LVPN_ERR_CONFIG;
}

static void apply_defaults(struct lvpn_session_conf *c)
{
	if (!c->tls_mtu)
		c->tls_mtu = LVPN_TLS_MTU_DEFAULT;
	if (!c->tun_mtu)
		c->tun_mtu = 1500;
	if (!c->tls_timeout)
		c->tls_timeout = LVPN_TLS_TIMEOUT_DEFAULT;
	if (!c->hand_window)
		c->hand_window = 60;
	if (!c->tran_window)
		c->tran_window = 3600;
	if (!c->data_ciphers)
		c->data_ciphers = "AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305";
	if (!c->auth)
		c->auth = "SHA1";
	if (c->replay_window == 0 && c->replay_time == 0) {
		c->replay_window = LVPN_REPLAY_WINDOW_DEFAULT;
		c->replay_time = LVPN_REPLAY_TIME_DEFAULT;
	}
}

/* reneg-sec jitter, chosen once per session as OpenVPN 2.6 (init.c): a
 * server renegotiates up to 10% early by default; with `reneg-sec max min`
 * at a random point between min and max. */
static int reneg_jitter(struct lvpn_session *s)
{
	uint32_t max = s->conf.reneg_sec, span, r;
	int rc;

	if (max == 0 || (s->conf.role != LVPN_SESSION_SERVER && s->conf.reneg_sec_min == 0))
		return 0;
	span = s->conf.reneg_sec_min
	           ? (max > s->conf.reneg_sec_min ? max - s->conf.reneg_sec_min : 1)
	           : (max / 10 ? max / 10 : 1);
	rc = rand_bytes(s, (uint8_t *)&r, sizeof(r));
	if (rc == 0)
		s->conf.reneg_sec = max - r % span;
	return rc;
}

/* --fragment: UDP only, at least 68 bytes (as 2.6); the first sequence
 * id is random, as OpenVPN picks it. */
static int setup_fragment(struct lvpn_session *s)
{
	uint8_t seq0;
	int rc;

	if (!s->conf.fragment)
		return 0;
	if (s->conf.transport != LVPN_TRANSPORT_UDP || s->conf.fragment < LVPN_FRAG_MIN_SIZE)
		return LVPN_ERR_CONFIG;
	rc = rand_bytes(s, &seq0, 1);
	if (rc == 0)
		rc = lvpn_frag_init(&s->frag, s->conf.tun_mtu + LVPN_FRAG_SLACK, seq0);
	if (rc == 0)
		s->frag_on = 1;
	return rc;
}

int lvpn_session_new(const struct lvpn_session_conf *conf, const struct lvpn_session_ops *ops,
                     uint64_t now, struct lvpn_session **out)
{
	struct lvpn_session *s;
	uint32_t window;
	int rc;

	*out = NULL;
	if (!conf || !ops || (!conf->tls && !conf->static_key))
		return LVPN_ERR_INVAL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return LVPN_ERR_NOMEM;
	s->conf = *conf;
	s->ops = *ops;
	s->log = ops->log;
	apply_defaults(&s->conf);
	s->plain_in = malloc(PLAIN_IN_SIZE);
	s->cipher_tmp = malloc(CIPHER_TMP_SIZE);
	/* only a client collects a PUSH_REPLY; only a server reads a password */
	if (conf->role == LVPN_SESSION_CLIENT) {
		s->push_store = malloc(PUSH_STORE_SIZE);
		s->pushed_opts = malloc(sizeof(*s->pushed_opts));
	} else {
		s->peer_pass = malloc(LVPN_KEM2_USERPASS_MAX);
	}
	if (!s->plain_in || !s->cipher_tmp ||
	    ((!s->push_store || !s->pushed_opts) && !s->peer_pass)) {
		rc = LVPN_ERR_NOMEM;
		goto fail;
	}
	if (s->push_store) {
		lvpn_push_acc_init(&s->push, s->push_store, PUSH_STORE_SIZE);
		lvpn_push_reset(s->pushed_opts);
	}
	if (conf->transport == LVPN_TRANSPORT_TCP) {
		s->tf_mem = malloc(TCP_FRAME_MAX);
		if (!s->tf_mem) {
			rc = LVPN_ERR_NOMEM;
			goto fail;
		}
		lvpn_tcpframe_init(&s->tf, s->tf_mem, TCP_FRAME_MAX);
	}
	rc = setup_wrap(s);
	if (rc)
		goto fail;
	window = s->conf.replay_window;
	rc = lvpn_data_init(&s->data, LVPN_PEER_ID_NONE, window, s->conf.replay_time);
	if (rc)
		goto fail;
	rc = lvpn_sess_data_setup_comp(s, (enum lvpn_comp_alg)s->conf.comp);
	if (rc)
		goto fail;
	rc = lvpn_dc_auth_by_name(s->conf.auth, &s->auth);
	if (rc) {
		rc = LVPN_ERR_CONFIG;
		goto fail;
	}
	rc = setup_fragment(s);
	if (rc)
		goto fail;
	s->ping_ms = lvpn_sess_secs_ms(s->conf.ping);
	s->ping_restart_ms = lvpn_sess_secs_ms(s->conf.ping_restart);
	s->ping_exit_ms = lvpn_sess_secs_ms(s->conf.ping_exit);
	s->inactive_ms = lvpn_sess_secs_ms(s->conf.inactive);
	s->inactive_start = now;
	s->last_sent = s->last_recv = s->now = now;
	rc = rand_bytes(s, s->sid, sizeof(s->sid));
	if (rc == 0)
		rc = reneg_jitter(s);
	if (rc)
		goto fail;
	s->next_key_id = 1;
	if (s->conf.static_key) {
		rc = lvpn_sess_static_start(s);
		if (rc)
			goto fail;
	} else if (s->conf.role == LVPN_SESSION_CLIENT) {
		uint8_t op =
		    s->conf.wkc ? LVPN_OP_HARD_RESET_CLIENT_V3 : LVPN_OP_HARD_RESET_CLIENT_V2;

		rc = lvpn_sess_ks_start(s, &s->ks[KS_PRIMARY], 0, op, now);
		if (rc)
			goto fail;
	}
	*out = s;
	return 0;
fail:
	lvpn_session_free(s);
	return rc;
}

_Static_assert(sizeof(((struct lvpn_session_cookie *)0)->cookie) == LVPN_SID_SIZE &&
                   sizeof(((struct lvpn_session_cookie *)0)->client_sid) == LVPN_SID_SIZE,
               "session ids in struct lvpn_session_cookie");

int lvpn_session_new_from_cookie(const struct lvpn_session_conf *conf,
                                 const struct lvpn_session_ops *ops, uint64_t now,
                                 const struct lvpn_session_cookie *ck, struct lvpn_session **out)
{
	struct lvpn_session *s;
	int rc;

	*out = NULL;
	if (!conf || !ck || conf->role != LVPN_SESSION_SERVER)
		return LVPN_ERR_INVAL;
	rc = lvpn_session_new(conf, ops, now, &s);
	if (rc)
		return rc;
	memcpy(s->sid, ck->cookie, LVPN_SID_SIZE);
	memcpy(s->peer_sid, ck->client_sid, LVPN_SID_SIZE);
	s->have_peer_sid = 1;
	/* the stateless reply was our first wrapped packet */
	lvpn_wrap_set_send_id(&s->wrap, ck->reply_id);
	rc = lvpn_sess_ks_start_after_cookie(s, &s->ks[KS_PRIMARY], now);
	if (rc) {
		lvpn_session_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

void lvpn_session_free(struct lvpn_session *s)
{
	if (!s)
		return;
	for (int i = 0; i < KS_COUNT; i++)
		lvpn_sess_ks_free(&s->ks[i]);
	lvpn_wrap_free(&s->wrap);
	lvpn_wrap_free(&s->dyn);
	lvpn_data_free(&s->data);
	lvpn_skey_free(&s->skey);
	lvpn_comp_free(&s->comp);
	lvpn_frag_free(&s->frag);
	if (s->plain_in)
		lvpn_wipe(s->plain_in, PLAIN_IN_SIZE);
	if (s->push_store)
		lvpn_wipe(s->push_store, PUSH_STORE_SIZE);
	if (s->pushed_opts) /* an auth-token */
		lvpn_wipe(s->pushed_opts, sizeof(*s->pushed_opts));
	free(s->pushed_opts);
	if (s->peer_pass)
		lvpn_wipe(s->peer_pass, LVPN_KEM2_USERPASS_MAX);
	free(s->peer_pass);
	free(s->tf_mem);
	free(s->plain_in);
	free(s->cipher_tmp);
	free(s->push_store);
	lvpn_wipe(s, sizeof(*s));
	free(s);
}

/* --- receiving control packets --- */

static struct lvpn_wrap *wrap_for(struct lvpn_session *s, unsigned key_id)
{
	return key_id > 0 && s->have_dyn ? &s->dyn : &s->wrap;
}

static int drop(struct lvpn_session *s, int code, const char *what)
{
	s->st.ctrl_drop++;
	LVPN_LOG(s->log, LVPN_LOG_DEBUG, "control packet dropped: %s (%s)", what,
	         lvpn_strerror(code));
	return code;
}

/* The peer starts a renegotiation: its SOFT_RESET names the next key id. */
static int peer_soft_reset(struct lvpn_session *s, unsigned key_id, uint64_t now)
{
	struct keystate *ks = &s->ks[KS_PRIMARY];

	if (ks->state < KS_GENERATED)
		return drop(s, LVPN_ERR_OPCODE, "soft reset before the keys are up");
	if (key_id != s->next_key_id)
		return drop(s, LVPN_ERR_KEY_ID, "soft reset with an unexpected key id");
	return lvpn_sess_soft_reset(s, now);
}

static int ctrl_recv(struct lvpn_session *s, struct lvpn_buf *b, uint64_t now)
{
	struct lvpn_ctrl_pkt p;
	struct keystate *ks;
	unsigned op = lvpn_op_of(lvpn_buf_data(b)[0]);
	unsigned key_id = lvpn_key_id_of(lvpn_buf_data(b)[0]);
	int client = s->conf.role == LVPN_SESSION_CLIENT;
	int rc;

	/* A tls-crypt-v2 client keeps appending its wrapped key to some
	 * packets; once the session exists it is cut off and ignored (the
	 * key was checked when the session was admitted). */
	if (!client && s->conf.tcv2_server &&
	    (op == LVPN_OP_CONTROL_WKC_V1 || op == LVPN_OP_HARD_RESET_CLIENT_V3)) {
		const uint8_t *wkc;
		size_t wkc_len;

		rc = lvpn_tcv2_strip_wkc(b, &wkc, &wkc_len);
		if (rc)
			return drop(s, rc, "bad wrapped client key trailer");
	}
	rc = lvpn_wrap_open(wrap_for(s, key_id), b, 0, now / MS, NULL);
	if (rc)
		return drop(s, rc, "control channel authentication");
	rc = lvpn_pkt_parse(lvpn_buf_data(b), b->len, &p);
	if (rc)
		return drop(s, rc, "control packet parse");
	/* who may send what (an authenticated packet, but still checked) */
	if (client ? (op == LVPN_OP_HARD_RESET_CLIENT_V2 || op == LVPN_OP_HARD_RESET_CLIENT_V3)
	           : op == LVPN_OP_HARD_RESET_SERVER_V2)
		return drop(s, LVPN_ERR_OPCODE, "reset from the wrong role");
	if (lvpn_op_is_hard_reset(op) && p.msg_id != 0)
		return drop(s, LVPN_ERR_MALFORMED, "reset with a message id other than 0");
	if (p.n_acks && lvpn_ct_differ(p.ack_sid, s->sid, LVPN_SID_SIZE))
		return drop(s, LVPN_ERR_SESSION, "ACK for another session");
	if (!s->have_peer_sid) {
		if (!lvpn_op_is_hard_reset(op))
			return drop(s, LVPN_ERR_OPCODE, "first packet is not a reset");
		memcpy(s->peer_sid, p.sid, LVPN_SID_SIZE);
		s->have_peer_sid = 1;
		if (!client) {
			rc = lvpn_sess_ks_start(s, &s->ks[KS_PRIMARY], 0,
			                        LVPN_OP_HARD_RESET_SERVER_V2, now);
			if (rc)
				return lvpn_sess_fatal(s, rc, LVPN_EV_RESTART,
				                       "cannot start the handshake");
		}
	} else if (lvpn_ct_differ(p.sid, s->peer_sid, LVPN_SID_SIZE)) {
		return drop(s, LVPN_ERR_SESSION, "packet from another session");
	}
	ks = &s->ks[KS_PRIMARY];
	if (op == LVPN_OP_SOFT_RESET_V1 && key_id != ks->key_id) {
		rc = peer_soft_reset(s, key_id, now);
		if (rc)
			return rc;
	}
	if (key_id != ks->key_id || ks->state == KS_NONE)
		return drop(s, LVPN_ERR_KEY_ID, "control packet for a key id not in use");
	s->last_recv = now;
	lvpn_rel_on_acks(&ks->rel, p.acks, p.n_acks, now);
	if (p.has_msg_id) {
		rc = lvpn_rel_on_msg(&ks->rel, p.op, p.msg_id, p.payload, p.payload_len);
		if (rc < 0)
			return drop(s, rc, "reliability window");
	}
	return lvpn_sess_ks_process(s, ks, now);
}

int lvpn_session_recv(struct lvpn_session *s, struct lvpn_buf *b, uint64_t now, enum lvpn_rx *rx)
{
	int rc;

	*rx = LVPN_RX_NONE;
	s->now = now;
	if (s->dead)
		return LVPN_ERR_STATE;
	if (b->len == 0)
		return LVPN_ERR_TRUNCATED;
	s->st.link_rx++;
	s->st.link_rx_bytes += b->len;
	if (s->is_static) /* no opcode: everything is data */
		return lvpn_sess_data_recv(s, b, now, rx);
	rc = lvpn_pkt_classify(lvpn_buf_data(b), b->len);
	if (rc < 0) {
		s->st.ctrl_drop++;
		return rc;
	}
	if (rc == 1)
		return lvpn_sess_data_recv(s, b, now, rx);
	return ctrl_recv(s, b, now);
}

unsigned lvpn_session_recv_batch(struct lvpn_session *s, struct lvpn_buf *const *b, unsigned n,
                                 uint64_t now, enum lvpn_rx *rx, int *rc)
{
	unsigned tun = 0;

	for (unsigned i = 0; i < n; i++) {
		rc[i] = lvpn_session_recv(s, b[i], now, &rx[i]);
		tun += rc[i] == 0 && rx[i] == LVPN_RX_TUN;
	}
	return tun;
}

int lvpn_session_recv_stream(struct lvpn_session *s, const uint8_t *data, size_t len, size_t *used,
                             struct lvpn_buf *b, uint64_t now, enum lvpn_rx *rx)
{
	const uint8_t *pkt;
	size_t plen;
	int rc;

	*used = 0;
	*rx = LVPN_RX_NONE;
	if (!s->tf_mem)
		return LVPN_ERR_STATE;
	rc = lvpn_tcpframe_push(&s->tf, data, len, used);
	if (rc <= 0)
		return rc == LVPN_ERR_FRAMING
		           ? lvpn_sess_fatal(s, rc, LVPN_EV_RESTART, "TCP stream framing broken")
		           : rc;
	lvpn_tcpframe_packet(&s->tf, &pkt, &plen);
	if (plen > b->cap) {
		lvpn_tcpframe_next(&s->tf);
		return LVPN_ERR_TOO_BIG;
	}
	memcpy(b->base, pkt, plen);
	b->head = 0;
	b->len = (uint32_t)plen;
	lvpn_tcpframe_next(&s->tf);
	return lvpn_session_recv(s, b, now, rx);
}

/* --- sending --- */

static int ctrl_poll(struct lvpn_session *s, struct keystate *ks, uint8_t *out, size_t cap,
                     size_t *len, uint64_t now)
{
	struct lvpn_ctrl_pkt p;
	struct lvpn_wrap *w = wrap_for(s, ks->key_id);
	uint32_t tcp = s->conf.transport == LVPN_TRANSPORT_TCP ? LVPN_TCP_LEN_SIZE : 0;
	uint32_t head = tcp + (uint32_t)lvpn_wrap_headroom(w);
	uint32_t tail = (uint32_t)lvpn_wrap_tailroom(w);
	struct lvpn_buf b;
	size_t plain;
	int rc;

	if (ks->state < KS_PRE_START || !lvpn_rel_next(&ks->rel, now, &p))
		return 0;
	if (cap < head + tail || cap > UINT32_MAX)
		return LVPN_ERR_BUFSIZE;
	p.key_id = ks->key_id;
	p.sid = s->sid;
	p.ack_sid = s->have_peer_sid ? s->peer_sid : NULL;
	if (p.n_acks && !p.ack_sid)
		p.n_acks = 0;
	rc = lvpn_pkt_write(&p, out + head, cap - head - tail, &plain);
	if (rc)
		return rc;
	lvpn_buf_init(&b, out, (uint32_t)cap);
	b.head = head;
	b.len = (uint32_t)plain;
	rc = lvpn_wrap_seal(w, &b, lvpn_sess_unix_time(s, now));
	if (rc)
		return rc;
	if (tcp) {
		rc = lvpn_tcpframe_prefix(&b);
		if (rc)
			return rc;
	}
	if (b.head != 0)
		memmove(out, lvpn_buf_data(&b), b.len);
	*len = b.len;
	s->last_sent = now;
	return 1;
}

int lvpn_session_poll_link(struct lvpn_session *s, uint8_t *out, size_t cap, size_t *len,
                           uint64_t now)
{
	int rc;

	*len = 0;
	s->now = now;
	if (s->dead)
		return 0;
	rc = ctrl_poll(s, &s->ks[KS_PRIMARY], out, cap, len, now);
	if (rc == 0)
		rc = lvpn_sess_data_poll(s, out, cap, len, now);
	/* lvpn_sess_data_poll may have queued a control message (EXIT): send it now */
	if (rc == 0 && *len == 0)
		rc = ctrl_poll(s, &s->ks[KS_PRIMARY], out, cap, len, now);
	if (rc < 0)
		return lvpn_sess_fatal(s, rc, LVPN_EV_RESTART, "cannot build a packet");
	if (*len) {
		s->st.link_tx++;
		s->st.link_tx_bytes += *len;
	}
	return 0;
}

/* --- timers --- */

static uint64_t earliest(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* A renegotiation is due by count: reneg-bytes, reneg-pkts, or the
 * packet-id ceiling (those have no time of their own: the deadline says
 * "now" as soon as one is reached, so a frontend ticks at once). */
static int reneg_by_count(const struct lvpn_session *s, const struct keystate *ks)
{
	return (s->conf.reneg_bytes > 0 && ks->n_bytes >= (uint64_t)s->conf.reneg_bytes) ||
	       (s->conf.reneg_pkts > 0 && ks->n_packets >= (uint64_t)s->conf.reneg_pkts) ||
	       s->data.need_reneg;
}

uint64_t lvpn_session_deadline(const struct lvpn_session *s)
{
	const struct keystate *ks = &s->ks[KS_PRIMARY];
	const struct keystate *lame = &s->ks[KS_LAME];
	uint64_t t = UINT64_MAX;

	if (s->dead)
		return t;
	if (ks->state >= KS_PRE_START) {
		t = earliest(t, lvpn_rel_deadline(&ks->rel, s->now));
		if (ks->must_negotiate)
			t = earliest(t, ks->must_negotiate);
		if (ks->state >= KS_GENERATED && s->conf.reneg_sec)
			t = earliest(t, ks->established + lvpn_sess_secs_ms(s->conf.reneg_sec));
		if (ks->state >= KS_GENERATED && reneg_by_count(s, ks))
			t = earliest(t, s->now);
		if (ks->state == KS_GENERATED && lame->state == KS_GENERATED &&
		    ks->send_after > s->now)
			t = earliest(t, ks->send_after);
	}
	if (lame->state != KS_NONE && lame->must_die)
		t = earliest(t, lame->must_die);
	if (s->push_request_next)
		t = earliest(t, s->push_request_next);
	if (s->frag_on && lvpn_frag_pending(&s->frag)) /* lvpn_session_poll_link sends them */
		t = earliest(t, s->now);
	if (s->ping_ms && ks->state >= KS_GENERATED)
		t = earliest(t, s->last_sent + s->ping_ms);
	if (s->ping_restart_ms)
		t = earliest(t, s->last_recv + s->ping_restart_ms);
	if (s->ping_exit_ms)
		t = earliest(t, s->last_recv + s->ping_exit_ms);
	if (s->inactive_ms)
		t = earliest(t, s->inactive_start + s->inactive_ms);
	if (s->exit_pending)
		t = earliest(t, s->exit_next);
	return t;
}

int lvpn_session_tick(struct lvpn_session *s, uint64_t now)
{
	struct keystate *ks = &s->ks[KS_PRIMARY];
	struct keystate *lame = &s->ks[KS_LAME];
	int rc;

	s->now = now;
	if (s->dead)
		return LVPN_ERR_STATE;
	if (ks->must_negotiate && now >= ks->must_negotiate && ks->state < KS_ACTIVE)
		return lvpn_sess_fatal(
		    s, LVPN_ERR_TIMEOUT, LVPN_EV_RESTART,
		    "TLS key negotiation failed to occur within hand-window seconds "
		    "(check your network connectivity)");
	if (s->ping_exit_ms && now >= s->last_recv + s->ping_exit_ms)
		return lvpn_sess_fatal(s, LVPN_ERR_TIMEOUT, LVPN_EV_HALT,
		                       "Inactivity timeout (--ping-exit), exiting");
	if (s->inactive_ms && now >= s->inactive_start + s->inactive_ms) {
		/* OpenVPN's check_inactivity_timeout: without a byte count any
		 * traffic restarts the window; with one, the window must carry
		 * at least that much */
		if (s->conf.inactive_bytes <= 0 ||
		    (int64_t)s->inactive_count < s->conf.inactive_bytes)
			return lvpn_sess_fatal(s, LVPN_ERR_TIMEOUT, LVPN_EV_HALT,
			                       "Inactivity timeout (--inactive), exiting");
		s->inactive_start = now;
		s->inactive_count = 0;
	}
	if (s->ping_restart_ms && now >= s->last_recv + s->ping_restart_ms)
		return lvpn_sess_fatal(s, LVPN_ERR_TIMEOUT, LVPN_EV_RESTART,
		                       "Inactivity timeout (--ping-restart), restarting");
	if (lame->state != KS_NONE && lame->must_die && now >= lame->must_die) {
		rc = lvpn_data_key_retire(&s->data, lame->key_id);
		(void)rc; /* LVPN_ERR_KEY_ID: it never had data keys */
		lvpn_sess_ks_free(lame);
		LVPN_LOG(s->log, LVPN_LOG_VERBOSE, "TLS: lame duck key expired");
	}
	if (ks->state >= KS_GENERATED &&
	    ((s->conf.reneg_sec && now >= ks->established + lvpn_sess_secs_ms(s->conf.reneg_sec)) ||
	     reneg_by_count(s, ks))) {
		s->data.need_reneg = 0;
		rc = lvpn_sess_soft_reset(s, now);
		if (rc)
			return rc;
	}
	rc = lvpn_sess_ks_select_send(s, now);
	if (rc)
		return lvpn_sess_fatal(s, rc, LVPN_EV_RESTART, "cannot select a data key");
	rc = lvpn_sess_msg_tick(s, now);
	if (rc)
		return rc;
	return ks->state >= KS_PRE_START ? lvpn_sess_ks_process(s, ks, now) : 0;
}

/* --- small accessors --- */

void lvpn_session_close(struct lvpn_session *s, uint64_t now)
{
	if (s->conf.explicit_exit_notify && s->ks[KS_PRIMARY].state >= KS_GENERATED) {
		s->exit_pending = s->conf.explicit_exit_notify;
		s->exit_next = now;
	}
}

const char *lvpn_session_peer_info(const struct lvpn_session *s)
{
	return s->peer_info;
}

void lvpn_session_peer_creds(const struct lvpn_session *s, const char **user, const char **pass,
                             int *too_long)
{
	*user = s->peer_user;
	*pass = s->peer_pass ? s->peer_pass : "";
	*too_long = s->peer_creds_too_long;
}

void lvpn_session_wipe_creds(struct lvpn_session *s)
{
	if (s->peer_pass)
		lvpn_wipe(s->peer_pass, LVPN_KEM2_USERPASS_MAX);
}

const struct lvpn_tls_sess *lvpn_session_tls(const struct lvpn_session *s)
{
	return s->ks[KS_PRIMARY].tls;
}

int lvpn_session_peer_sid(const struct lvpn_session *s, uint8_t sid[LVPN_SID_SIZE])
{
	if (!s->have_peer_sid)
		return 0;
	memcpy(sid, s->peer_sid, LVPN_SID_SIZE);
	return 1;
}

const struct lvpn_session_stats *lvpn_session_stats(const struct lvpn_session *s)
{
	return &s->st;
}

const char *lvpn_session_cipher(const struct lvpn_session *s)
{
	return s->cipher_set ? lvpn_dc_cipher_name(s->cipher) : "";
}

const struct lvpn_push *lvpn_session_push(const struct lvpn_session *s)
{
	return s->pushed ? s->pushed_opts : NULL;
}

const char *lvpn_session_pushed_next(const struct lvpn_session *s, const char *prev)
{
	const struct lvpn_push *p = lvpn_session_push(s);
	const struct lvpn_push_line *l = NULL;

	if (!p)
		return NULL;
	if (prev) {
		while ((l = lvpn_push_next(p, l)) != NULL && l->text != prev)
			;
		if (!l)
			return NULL;
	}
	l = lvpn_push_next(p, l);
	return l ? l->text : NULL;
}

int lvpn_session_renegotiate(struct lvpn_session *s, uint64_t now)
{
	return lvpn_sess_soft_reset(s, now);
}
