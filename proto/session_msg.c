/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - control-channel messages once the control channel is up:
 * PUSH_REQUEST / PUSH_REPLY (both roles), AUTH_FAILED, RESTART, HALT, INFO,
 * EXIT; and applying what a server pushes that the engine itself uses
 * (cipher, peer-id, key derivation, protocol flags, keepalive, compression).
 * Everything else pushed (addresses, routes, DNS) is the frontend's. */
#include "proto/session_int.h"

#include "proto/config/options.h"
#include "proto/config/push.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MS                       1000u
#define PUSH_REQUEST_INTERVAL_MS 5000u /* 2.6: PUSH_REQUEST_INTERVAL */
#define PUSH_OPTS_MAX            256
#define PUSH_OWN_MAX             5 /* options lvpn_session_push_reply adds itself */

static int send_msg(struct lvpn_session *s, const char *keyword, const char *arg, uint64_t now)
{
	char buf[LVPN_CTRLMSG_MAX + 1];
	size_t len;
	int rc = lvpn_ctrlmsg_build(buf, sizeof(buf), keyword, arg, &len);

	if (rc)
		return rc;
	return lvpn_sess_ks_send_text(s, &s->ks[KS_PRIMARY], buf, len, now);
}

int lvpn_sess_msg_client_active(struct lvpn_session *s, uint64_t now)
{
	s->push_request_next = now + PUSH_REQUEST_INTERVAL_MS;
	s->push_deadline = now + lvpn_sess_secs_ms(s->conf.hand_window);
	return send_msg(s, "PUSH_REQUEST", NULL, now);
}

int lvpn_sess_msg_tick(struct lvpn_session *s, uint64_t now)
{
	if (!s->push_request_next || now < s->push_request_next)
		return 0;
	if (now >= s->push_deadline)
		return lvpn_sess_fatal(
		    s, LVPN_ERR_TIMEOUT, LVPN_EV_RESTART,
		    "No reply from server to push requests in hand-window seconds");
	s->push_request_next = now + PUSH_REQUEST_INTERVAL_MS;
	return send_msg(s, "PUSH_REQUEST", NULL, now);
}

static int set_cipher(struct lvpn_session *s, const char *name)
{
	enum lvpn_dc_cipher c;

	if (lvpn_dc_cipher_by_name(name, &c))
		return LVPN_ERR_UNSUPPORTED;
	s->cipher = c;
	s->cipher_set = 1;
	return 0;
}

/* What a client lets the server set (proto/config/push.h). */
static struct lvpn_pull_policy policy(const struct lvpn_session *s)
{
	struct lvpn_pull_policy pol = {s->conf.pull_filters, s->conf.npull_filters,
	                               s->conf.route_nopull, s->conf.data_ciphers};

	return pol;
}

static int unusable(struct lvpn_session *s, const char *opt)
{
	char why[EV_TEXT];

	snprintf(why, sizeof(why), "cannot use pushed option '%.120s'", opt);
	return lvpn_sess_fatal(s, LVPN_ERR_CONFIG, LVPN_EV_RESTART, why);
}

/* The engine's part of the typed reply. */
static int apply_engine(struct lvpn_session *s, const struct lvpn_push *p)
{
	char opt[80];

	if ((p->have & LVPN_PUSH_CIPHER) && set_cipher(s, p->cipher)) {
		snprintf(opt, sizeof(opt), "cipher %.60s", p->cipher);
		return unusable(s, opt);
	}
	if (p->have & LVPN_PUSH_PEER_ID)
		s->data.peer_id = p->peer_id;
	if (p->proto_flags & LVPN_PF_CC_EXIT)
		s->cc_exit = 1;
	if (p->proto_flags & LVPN_PF_TLS_EKM)
		s->use_ekm = 1;
	if (p->proto_flags & LVPN_PF_DYN_TLS_CRYPT)
		s->dyn_tls_crypt = 1;
	if (p->have & LVPN_PUSH_PING)
		s->ping_ms = lvpn_sess_secs_ms(p->ping);
	if (p->have & LVPN_PUSH_PING_RESTART)
		s->ping_restart_ms = lvpn_sess_secs_ms(p->ping_restart);
	if (p->have & LVPN_PUSH_PING_EXIT)
		s->ping_exit_ms = lvpn_sess_secs_ms(p->ping_exit);
	if (p->have & LVPN_PUSH_INACTIVE) {
		s->conf.inactive = p->inactive;
		s->conf.inactive_bytes = p->inactive_bytes;
		s->inactive_ms = lvpn_sess_secs_ms(p->inactive);
		s->inactive_start = s->now;
		s->inactive_count = 0;
	}
	if (p->have & LVPN_PUSH_EXIT_NOTIFY)
		s->conf.explicit_exit_notify = p->explicit_exit_notify;
	if ((p->have & LVPN_PUSH_COMP) && lvpn_sess_data_setup_comp(s, p->comp))
		return unusable(s, "compress");
	return 0;
}

static int client_apply_push(struct lvpn_session *s, struct keystate *ks, uint64_t now)
{
	const struct lvpn_pull_policy pol = policy(s);
	struct lvpn_push *p = s->pushed_opts;
	int rc;

	/* every option is judged before any is applied: a rejected one
	 * refuses the whole reply, as OpenVPN 2.6 does ("Offending option
	 * received from server", SIGUSR1) */
	lvpn_push_reset(p);
	if (s->conf.net_base)
		lvpn_push_set_base(p, s->conf.net_base);
	for (const char *o = lvpn_push_acc_next(&s->push, NULL); o;
	     o = lvpn_push_acc_next(&s->push, o))
		if (lvpn_push_add(p, o, strlen(o), &pol, s->log) == LVPN_PULL_REJECT)
			return lvpn_sess_fatal(s, LVPN_ERR_CONFIG, LVPN_EV_RESTART,
			                       "Offending option received from server");
	if (p->bad)
		return unusable(s, p->bad);
	rc = apply_engine(s, p);
	if (rc)
		return rc;
	if (!s->cipher_set && (!s->conf.cipher_fallback || set_cipher(s, s->conf.cipher_fallback)))
		return lvpn_sess_fatal(s, LVPN_ERR_CONFIG, LVPN_EV_RESTART,
		                       "the server pushed no cipher and there is no "
		                       "--data-ciphers-fallback");
	if (s->use_ekm && !(s->conf.iv_proto & LVPN_IV_PROTO_TLS_KEY_EXPORT))
		s->use_ekm = 0;
	s->pushed = 1;
	s->push_request_next = 0;
	lvpn_sess_event(s, LVPN_EV_PUSH_REPLY, 0, NULL);
	return lvpn_sess_ks_install_keys(s, ks, now);
}

static int handle_push_reply(struct lvpn_session *s, struct keystate *ks,
                             const struct lvpn_ctrlmsg *m, uint64_t now)
{
	int rc;

	if (s->conf.role != LVPN_SESSION_CLIENT)
		return 0;
	if (s->pushed) {
		/* after the first, a server only sends PUSH_REPLY,auth-token TOKEN
		 * to renew the token (2.6 push.c); anything else changes nothing.
		 * The token is judged as in the first reply. */
		const struct lvpn_pull_policy pol = policy(s);
		char tok[EV_TEXT];

		rc = lvpn_push_renew_token(m->arg, &pol, tok, sizeof(tok), s->log);
		if (rc == LVPN_ERR_CONFIG)
			return lvpn_sess_fatal(s, LVPN_ERR_CONFIG, LVPN_EV_RESTART,
			                       "Offending option received from server");
		if (rc == 1)
			lvpn_sess_event(s, LVPN_EV_AUTH_TOKEN, 0, tok);
		lvpn_wipe(tok, sizeof(tok));
		return 0;
	}
	rc = lvpn_push_acc_add(&s->push, m);
	if (rc)
		return lvpn_sess_fatal(s, rc, LVPN_EV_RESTART, "bad PUSH_REPLY");
	return s->push.complete ? client_apply_push(s, ks, now) : 0;
}

int lvpn_sess_msg_handle(struct lvpn_session *s, struct keystate *ks, char *msg, uint64_t now)
{
	struct lvpn_ctrlmsg m;
	int client = s->conf.role == LVPN_SESSION_CLIENT;
	char text[EV_TEXT];

	if (lvpn_ctrlmsg_parse(msg, &m)) {
		LVPN_LOG(s->log, LVPN_LOG_WARN, "control message with unprintable bytes dropped");
		return 0;
	}
	switch (m.type) {
	case LVPN_CM_PUSH_REQUEST:
		if (!client && !s->push_sent && !s->push_requested) {
			s->push_requested = 1;
			lvpn_sess_event(s, LVPN_EV_PUSH_REQUEST, 0, NULL);
		}
		return 0;
	case LVPN_CM_PUSH_REPLY:
		if (client && lvpn_log_on(s->log, LVPN_LOG_INFO)) {
			char shown[LVPN_CTRLMSG_MAX + 1];

			lvpn_ctrlmsg_redact(m.text, shown, sizeof(shown),
			                    lvpn_log_on(s->log, LVPN_LOG_DEBUG));
			LVPN_LOG(s->log, LVPN_LOG_INFO, "PUSH: Received control message: '%s'",
			         shown);
		}
		return handle_push_reply(s, ks, &m, now);
	case LVPN_CM_AUTH_FAILED:
		if (!client)
			return 0;
		snprintf(text, sizeof(text), "AUTH: Received control message: %s", m.text);
		/* TEMP: the server asks to try again later (2.6 restarts) */
		return lvpn_sess_fatal(
		    s, LVPN_ERR_AUTH_FAILED,
		    m.af_kind == LVPN_AF_TEMP ? LVPN_EV_RESTART : LVPN_EV_AUTH_FAILED, text);
	case LVPN_CM_RESTART:
	case LVPN_CM_HALT:
		if (!client)
			return 0;
		snprintf(text, sizeof(text), "Received control message: %s", m.text);
		return lvpn_sess_fatal(s, LVPN_ERR_STATE,
		                       m.type == LVPN_CM_HALT ? LVPN_EV_HALT : LVPN_EV_RESTART,
		                       text);
	case LVPN_CM_EXIT:
		/* the peer is leaving: a server drops the client, a client
		 * or a p2p peer reconnects (the peer may be restarting) */
		return lvpn_sess_fatal(s, LVPN_ERR_STATE,
		                       client || s->conf.p2p ? LVPN_EV_RESTART : LVPN_EV_EXIT,
		                       "Exit message received by peer");
	case LVPN_CM_INFO:
	case LVPN_CM_INFO_PRE:
	case LVPN_CM_AUTH_PENDING:
		lvpn_sess_event(s, LVPN_EV_INFO, 0, m.text);
		return 0;
	default:
		LVPN_LOG(s->log, LVPN_LOG_VERBOSE, "unknown control message ignored");
		return 0;
	}
}

/* --- server side --- */

/* OpenVPN 2.6's ncp_get_best_cipher: the first of our data-ciphers that
 * the client announced (IV_CIPHERS), else its OCC cipher if we allow it,
 * else data-ciphers-fallback. */
static int negotiate_cipher(struct lvpn_session *s)
{
	/* a client without IV_CIPHERS: its OCC cipher is a list of one */
	const char *theirs = s->peer_ciphers[0] ? s->peer_ciphers : s->peer_cipher_occ;

	if (lvpn_sess_cipher_pick(s, s->conf.data_ciphers, theirs) == 0)
		return 0;
	if (s->conf.cipher_fallback && set_cipher(s, s->conf.cipher_fallback) == 0)
		return 0;
	return LVPN_ERR_CONFIG;
}

int lvpn_session_push_reply(struct lvpn_session *s, const char *const *opts, size_t nopts,
                            uint64_t now)
{
	struct keystate *ks = &s->ks[KS_PRIMARY];
	const char *all[PUSH_OPTS_MAX];
	char peer_id[32], cipher[64], flags[64], mtu[32];
	char piece[LVPN_PUSH_BUNDLE_SIZE];
	struct lvpn_push_builder pb;
	size_t n = 0, len;
	int last = 0, rc;
	unsigned proto = s->peer_iv_proto;

	s->now = now;
	if (s->conf.role != LVPN_SESSION_SERVER || !s->push_requested || s->push_sent ||
	    ks->state < KS_ACTIVE || s->dead)
		return LVPN_ERR_STATE;
	if (nopts > PUSH_OPTS_MAX - PUSH_OWN_MAX)
		return LVPN_ERR_TOO_BIG;
	/* 2.6 multi.c multi_client_set_protocol_options, before the cipher */
	if (s->conf.force_ekm && !(proto & LVPN_IV_PROTO_TLS_KEY_EXPORT)) {
		LVPN_LOG(s->log, LVPN_LOG_INFO,
		         "PUSH: client does not support TLS Keying Material Exporters but "
		         "--force-tls-key-material-export is enabled.");
		rc = lvpn_session_auth_failed(
		    s,
		    "Client incompatible with this server. Keying Material "
		    "Exporters (RFC 5705) support missing. Upgrade to a "
		    "client that supports this feature (OpenVPN 2.6.0+).",
		    now);
		return rc ? rc : LVPN_ERR_CONFIG;
	}
	if (negotiate_cipher(s)) {
		rc = lvpn_session_auth_failed(s, "no common data channel cipher", now);
		return rc ? rc : LVPN_ERR_CONFIG;
	}
	for (size_t i = 0; i < nopts; i++)
		all[n++] = opts[i];
	if (proto & LVPN_IV_PROTO_DATA_V2) {
		s->data.peer_id = s->conf.peer_id;
		snprintf(peer_id, sizeof(peer_id), "peer-id %u", s->conf.peer_id);
		all[n++] = peer_id;
	}
	if (s->peer_ciphers[0]) {
		snprintf(cipher, sizeof(cipher), "cipher %s", lvpn_dc_cipher_name(s->cipher));
		all[n++] = cipher;
	}
	s->use_ekm = (proto & LVPN_IV_PROTO_TLS_KEY_EXPORT) != 0;
	s->cc_exit = (proto & LVPN_IV_PROTO_CC_EXIT_NOTIFY) != 0;
	s->dyn_tls_crypt = (proto & LVPN_IV_PROTO_DYN_TLS_CRYPT) != 0;
	if (s->cc_exit || s->dyn_tls_crypt) {
		snprintf(flags, sizeof(flags), "protocol-flags%s%s%s", s->cc_exit ? " cc-exit" : "",
		         s->cc_exit && s->use_ekm ? " tls-ekm" : "",
		         s->dyn_tls_crypt ? " dyn-tls-crypt" : "");
		all[n++] = flags;
	}
	if (s->use_ekm && !s->cc_exit)
		all[n++] = "key-derivation tls-ekm";
	if (strstr(s->peer_info, "IV_MTU=")) {
		snprintf(mtu, sizeof(mtu), "tun-mtu %u", s->conf.tun_mtu);
		all[n++] = mtu;
	}
	lvpn_push_builder_init(&pb, all, n);
	while (!last) {
		rc = lvpn_push_builder_next(&pb, piece, sizeof(piece), &len, &last);
		if (rc == 0)
			rc = lvpn_sess_ks_send_text(s, ks, piece, len, now);
		if (rc)
			return rc;
	}
	s->push_sent = 1;
	s->push_requested = 0;
	return lvpn_sess_ks_install_keys(s, ks, now);
}

int lvpn_session_auth_failed(struct lvpn_session *s, const char *reason, uint64_t now)
{
	int rc;

	s->now = now;
	if (s->conf.role != LVPN_SESSION_SERVER || s->ks[KS_PRIMARY].state < KS_ACTIVE)
		return LVPN_ERR_STATE;
	rc = send_msg(s, "AUTH_FAILED", reason, now);
	/* the frontend keeps polling until the message is out, then frees
	 * the session; no data key is ever installed */
	s->push_requested = 0;
	s->push_sent = 1;
	return rc;
}

int lvpn_session_send_control(struct lvpn_session *s, const char *msg, uint64_t now)
{
	s->now = now;
	if (s->conf.role != LVPN_SESSION_SERVER || s->ks[KS_PRIMARY].state < KS_ACTIVE)
		return LVPN_ERR_STATE;
	return send_msg(s, msg, NULL, now);
}
