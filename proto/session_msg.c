/* leanvpn - control-channel messages once the control channel is up:
 * PUSH_REQUEST / PUSH_REPLY (both roles), AUTH_FAILED, RESTART, HALT, INFO,
 * EXIT; and applying what a server pushes that the engine itself uses
 * (cipher, peer-id, key derivation, protocol flags, keepalive, compression).
 * Everything else pushed (addresses, routes, DNS) is the frontend's. */
#include "proto/session_int.h"

#include "proto/options.h"

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

/* Reads a decimal in [lo, hi] from s; 0 or LVPN_ERR_MALFORMED. */
static int get_num(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return LVPN_ERR_MALFORMED;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < lo || v > hi)
		return LVPN_ERR_MALFORMED;
	*out = v;
	return 0;
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

static enum lvpn_comp_alg comp_from_push(const char *kw, const char *arg)
{
	if (strcmp(kw, "comp-lzo") == 0)
		return LVPN_COMP_LZO_STUB; /* we never compress with LZO */
	if (!arg || !*arg || strcmp(arg, "stub") == 0)
		return LVPN_COMP_STUB;
	if (strcmp(arg, "stub-v2") == 0)
		return LVPN_COMP_STUB_V2;
	if (strcmp(arg, "lz4") == 0)
		return LVPN_COMP_LZ4;
	if (strcmp(arg, "lz4-v2") == 0)
		return LVPN_COMP_LZ4_V2;
	if (strcmp(arg, "lzo") == 0)
		return LVPN_COMP_LZO_STUB;
	return LVPN_COMP_NONE;
}

/* One pushed option the engine cares about; others are left alone.
 * opt is "keyword arg ...". */
static int apply_one(struct lvpn_session *s, const char *opt)
{
	char kw[32], a1[96] = "", a2[32] = "", a3[32] = "", a4[32] = "";
	long v;
	int n = sscanf(opt, "%31s %95s %31s %31s %31s", kw, a1, a2, a3, a4);

	if (n < 1)
		return 0;
	if (strcmp(kw, "cipher") == 0) {
		if (!lvpn_sess_cipher_listed(s->conf.data_ciphers, a1, strlen(a1))) {
			LVPN_LOG(s->log, LVPN_LOG_ERR,
			         "pushed cipher '%s' is not in --data-ciphers (%s)", a1,
			         s->conf.data_ciphers);
			return LVPN_ERR_CONFIG;
		}
		return set_cipher(s, a1) ? LVPN_ERR_CONFIG : 0;
	}
	if (strcmp(kw, "peer-id") == 0) {
		if (get_num(a1, -1, 0xFFFFFE, &v))
			return LVPN_ERR_CONFIG;
		s->data.peer_id = v < 0 ? LVPN_PEER_ID_NONE : (uint32_t)v;
		return 0;
	}
	if (strcmp(kw, "key-derivation") == 0) {
		if (strcmp(a1, "tls-ekm") == 0)
			s->use_ekm = 1;
		return 0;
	}
	if (strcmp(kw, "protocol-flags") == 0) {
		const char *flags[4] = {a1, a2, a3, a4};

		for (int i = 0; i < 4; i++) {
			if (strcmp(flags[i], "cc-exit") == 0)
				s->cc_exit = 1;
			else if (strcmp(flags[i], "tls-ekm") == 0)
				s->use_ekm = 1;
			else if (strcmp(flags[i], "dyn-tls-crypt") == 0)
				s->dyn_tls_crypt = 1;
		}
		return 0;
	}
	if (strcmp(kw, "ping") == 0 || strcmp(kw, "ping-restart") == 0 ||
	    strcmp(kw, "ping-exit") == 0) {
		/* OpenVPN takes any int (positive_atoi) */
		if (get_num(a1, 0, INT_MAX, &v))
			return LVPN_ERR_CONFIG;
		if (kw[4] == '\0')
			s->ping_ms = lvpn_sess_secs_ms((uint64_t)v);
		else if (kw[5] == 'r')
			s->ping_restart_ms = lvpn_sess_secs_ms((uint64_t)v);
		else
			s->ping_exit_ms = lvpn_sess_secs_ms((uint64_t)v);
		return 0;
	}
	if (strcmp(kw, "inactive") == 0) {
		long bytes = 0;

		if (get_num(a1, 0, INT_MAX, &v) || (a2[0] && get_num(a2, 0, LONG_MAX, &bytes)))
			return LVPN_ERR_CONFIG;
		s->conf.inactive = (uint32_t)v;
		s->conf.inactive_bytes = bytes;
		s->inactive_ms = lvpn_sess_secs_ms((uint64_t)v);
		s->inactive_start = s->now;
		s->inactive_count = 0;
		return 0;
	}
	if (strcmp(kw, "explicit-exit-notify") == 0) {
		if (get_num(a1[0] ? a1 : "1", 0, 100, &v))
			return LVPN_ERR_CONFIG;
		s->conf.explicit_exit_notify = (uint32_t)v;
		return 0;
	}
	if (strcmp(kw, "compress") == 0 || strcmp(kw, "comp-lzo") == 0)
		return lvpn_sess_data_setup_comp(s, comp_from_push(kw, n > 1 ? a1 : NULL));
	return 0;
}

/* The client's verdict on one pushed option (proto/options.h). */
static int verdict(const struct lvpn_session *s, const char *opt)
{
	return lvpn_push_verdict(s->conf.pull_filters, s->conf.npull_filters, s->conf.route_nopull,
	                         opt, s->log);
}

/* Judges every pushed option once, before anything uses one: those not
 * taken are removed from the list (so neither the engine nor the frontend
 * ever sees them); a rejected one refuses the whole reply, as OpenVPN 2.6
 * does ("Offending option received from server", SIGUSR1). */
static int filter_push(struct lvpn_session *s)
{
	struct lvpn_push_acc *acc = &s->push;
	size_t w = 0;
	unsigned n = 0;

	for (size_t r = 0; r < acc->len;) {
		char *o = acc->store + r;
		size_t l = strlen(o) + 1;

		switch (verdict(s, o)) {
		case LVPN_PULL_REJECT:
			return lvpn_sess_fatal(s, LVPN_ERR_CONFIG, LVPN_EV_RESTART,
			                       "Offending option received from server");
		case LVPN_PULL_ACCEPT:
			memmove(acc->store + w, o, l);
			w += l;
			n++;
			break;
		default:
			break;
		}
		r += l;
	}
	acc->len = w;
	acc->nopts = n;
	return 0;
}

/* The whole PUSH_REPLY is in: filter it, apply it, then install the data
 * keys. */
static int client_apply_push(struct lvpn_session *s, struct keystate *ks, uint64_t now)
{
	int rc = filter_push(s);

	if (rc)
		return rc;
	for (const char *o = lvpn_push_acc_next(&s->push, NULL); o;
	     o = lvpn_push_acc_next(&s->push, o)) {
		rc = apply_one(s, o);
		if (rc) {
			char why[EV_TEXT];

			snprintf(why, sizeof(why), "cannot use pushed option '%.120s'", o);
			return lvpn_sess_fatal(s, LVPN_ERR_CONFIG, LVPN_EV_RESTART, why);
		}
	}
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
		 * to renew the token (2.6 push.c); anything else changes nothing */
		const char *t = strstr(m->arg, "auth-token ");

		if (t && (t == m->arg || t[-1] == ',')) {
			char tok[EV_TEXT];
			size_t n = strcspn(t, ",");

			if (n < sizeof(tok)) {
				memcpy(tok, t, n);
				tok[n] = '\0';
				/* the same filter as the first reply's */
				switch (verdict(s, tok)) {
				case LVPN_PULL_REJECT:
					lvpn_wipe(tok, sizeof(tok));
					return lvpn_sess_fatal(
					    s, LVPN_ERR_CONFIG, LVPN_EV_RESTART,
					    "Offending option received from server");
				case LVPN_PULL_ACCEPT:
					lvpn_sess_event(s, LVPN_EV_AUTH_TOKEN, 0, tok + 11);
					break;
				default:
					break;
				}
				lvpn_wipe(tok, sizeof(tok));
			}
		}
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
