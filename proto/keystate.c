/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - one key state: the reset exchange, the TLS handshake carried by
 * the reliability layer, key method 2, and the data keys derived from it.
 *
 * The order follows OpenVPN 2.6's tls_process_state (ssl.c):
 *   PRE_START -> START       when our reset was acknowledged
 *   client: START -> SENT_KEY (write key method 2 once TLS is up)
 *           -> GOT_KEY (read the server's) -> ACTIVE when all is ACKed
 *   server: START -> GOT_KEY (read the client's) -> SENT_KEY (answer)
 *           -> ACTIVE when all is ACKed
 * Data keys for key id 0 come after PUSH_REPLY (the cipher is negotiated
 * there); for a renegotiated key right at ACTIVE. */
#include "proto/session_int.h"
#include "proto/mss.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MS             1000u
#define RECV_MAX       2048 /* largest control payload accepted (TLS_CHANNEL_BUF_SIZE) */
#define ROUNDS         16   /* bound on state-machine passes per call */
#define RETIRE_GRACE_S 10   /* a dropped key still decrypts this long */

static int is_client(const struct lvpn_session *s)
{
	return s->conf.role == LVPN_SESSION_CLIENT;
}

/* Everything of lvpn_sess_ks_start but queueing our reset. */
static int ks_setup(struct lvpn_session *s, struct keystate *ks, uint8_t key_id, uint8_t initial_op,
                    uint64_t now)
{
	int rc;

	memset(ks, 0, sizeof(*ks));
	ks->key_id = key_id;
	ks->initial_op = initial_op;
	rc = lvpn_rel_init(&ks->rel, s->payload_max, RECV_MAX,
	                   (uint32_t)(lvpn_sess_secs_ms(s->conf.tls_timeout) > UINT32_MAX
	                                  ? UINT32_MAX
	                                  : lvpn_sess_secs_ms(s->conf.tls_timeout)));
	if (rc)
		goto fail;
	rc = lvpn_tls_sess_new(s->conf.tls, &ks->tls);
	if (rc)
		goto fail;
	rc = lvpn_key_source_random(&ks->local, !is_client(s));
	if (rc)
		goto fail;
	ks->must_negotiate = now + lvpn_sess_secs_ms(s->conf.hand_window);
	ks->send_after = ks->must_negotiate;
	ks->state = KS_PRE_START;
	return 0;
fail:
	lvpn_sess_ks_free(ks);
	return rc;
}

int lvpn_sess_ks_start(struct lvpn_session *s, struct keystate *ks, uint8_t key_id,
                       uint8_t initial_op, uint64_t now)
{
	int rc = ks_setup(s, ks, key_id, initial_op, now);

	/* our reset: message id 0, no payload */
	if (rc == 0 && (rc = lvpn_rel_queue(&ks->rel, initial_op, NULL, 0, now)))
		lvpn_sess_ks_free(ks);
	return rc;
}

int lvpn_sess_ks_start_after_cookie(struct lvpn_session *s, struct keystate *ks, uint64_t now)
{
	int rc = ks_setup(s, ks, 0, LVPN_OP_HARD_RESET_SERVER_V2, now);

	if (rc)
		return rc;
	/* Both resets are behind us: ours (message 0) was the stateless
	 * reply, which the client ACKed; the client's (message 0) was ACKed
	 * by that reply.  Both directions continue at message id 1. */
	ks->rel.next_id = 1;
	ks->rel.recv_next = 1;
	ks->peer_reset_seen = 1;
	ks->state = KS_START;
	return 0;
}

void lvpn_sess_ks_free(struct keystate *ks)
{
	lvpn_rel_free(&ks->rel);
	lvpn_tls_sess_free(ks->tls);
	lvpn_key_source_wipe(&ks->local);
	lvpn_key_source_wipe(&ks->peer);
	memset(ks, 0, sizeof(*ks));
}

static int tls_fail(struct lvpn_session *s, struct keystate *ks)
{
	const char *w = lvpn_tls_why(ks->tls);
	char why[EV_TEXT];

	/* the reason usually says "TLS error: ..." already */
	snprintf(why, sizeof(why), "%s%s", strncasecmp(w, "TLS", 3) ? "TLS Error: " : "", w);
	ks->state = KS_ERROR;
	return lvpn_sess_fatal(s, LVPN_ERR_TLS, LVPN_EV_RESTART, why);
}

/* Moves the TLS ciphertext that is waiting into the reliability layer,
 * one control packet's worth at a time.  Returns 1 if it queued anything. */
static int tls_out(struct lvpn_session *s, struct keystate *ks, uint64_t now)
{
	int queued = 0;

	while (lvpn_tls_pending(ks->tls) > 0 && lvpn_rel_send_room(&ks->rel) > 0) {
		uint8_t op = LVPN_OP_CONTROL_V1;
		size_t max = s->payload_max, n;
		int rc;

		/* tls-crypt-v2 with early negotiation: the first packet after
		 * the reset carries the wrapped key again (CONTROL_WKC_V1) */
		if (s->early_neg && ks->key_id == 0 && ks->rel.next_id == 1) {
			op = LVPN_OP_CONTROL_WKC_V1;
			max = max > s->conf.wkc_len + 16 ? max - s->conf.wkc_len : 16;
		}
		rc = lvpn_tls_pull(ks->tls, s->cipher_tmp, max, &n);
		if (rc)
			return tls_fail(s, ks);
		if (n == 0)
			break;
		rc = lvpn_rel_queue(&ks->rel, op, s->cipher_tmp, n, now);
		if (rc)
			return lvpn_sess_fatal(s, rc, LVPN_EV_RESTART,
			                       "control channel send window");
		queued = 1;
	}
	return queued;
}

int lvpn_sess_ks_send_text(struct lvpn_session *s, struct keystate *ks, const char *msg, size_t len,
                           uint64_t now)
{
	int rc = lvpn_tls_write(ks->tls, (const uint8_t *)msg, len);

	if (rc)
		return tls_fail(s, ks);
	rc = tls_out(s, ks, now);
	return rc < 0 ? rc : 0;
}

/* Takes the in-order messages the peer sent: its reset (and the server's
 * early-negotiation TLVs), then TLS ciphertext for the TLS session. */
static int take_incoming(struct lvpn_session *s, struct keystate *ks)
{
	const uint8_t *data;
	size_t len;
	uint8_t op;
	int took = 0;

	while (lvpn_rel_peek(&ks->rel, &op, &data, &len)) {
		if (!ks->peer_reset_seen) {
			if (!lvpn_op_is_hard_reset(op) && op != LVPN_OP_SOFT_RESET_V1) {
				lvpn_rel_pop(&ks->rel);
				return lvpn_sess_fatal(
				    s, LVPN_ERR_OPCODE, LVPN_EV_RESTART,
				    "TLS Error: the peer did not start with a reset");
			}
			if (is_client(s) && op == LVPN_OP_HARD_RESET_SERVER_V2 && len) {
				uint16_t flags = 0;

				if (lvpn_tlv_parse_early_neg(data, len, &flags) == 0 &&
				    (flags & LVPN_EARLY_NEG_FLAG_RESEND_WKC) && s->conf.wkc)
					s->early_neg = 1;
			}
			ks->peer_reset_seen = 1;
		} else if (len) {
			if (lvpn_tls_feed(ks->tls, data, len)) {
				lvpn_rel_pop(&ks->rel);
				return tls_fail(s, ks);
			}
			ks->tls_rx = 1;
		}
		lvpn_rel_pop(&ks->rel);
		took = 1;
	}
	return took;
}

static int write_key(struct lvpn_session *s, struct keystate *ks)
{
	struct lvpn_kem2_msg m = {
	    .ks = &ks->local,
	    .options = s->conf.options_string,
	};
	size_t len;
	int rc;

	if (is_client(s)) {
		if (s->conf.username && s->ops.refresh_creds)
			(void)s->ops.refresh_creds(s->ops.ctx);
		m.username = s->conf.username;
		m.password = s->conf.password;
	}
	/* a server of many clients says nothing; a p2p tls-server its
	 * ciphers and protocol flags, as a client */
	if (is_client(s) || s->conf.p2p)
		m.peer_info = s->conf.peer_info;
	rc = lvpn_kem2_write(!is_client(s), &m, s->cipher_tmp, CIPHER_TMP_SIZE, &len);
	if (rc == 0)
		rc = lvpn_tls_write(ks->tls, s->cipher_tmp, len);
	/* wipe what was written (all of it on error): an idle session then
	 * keeps the rest of this buffer untouched, not resident */
	lvpn_wipe(s->cipher_tmp, rc == 0 && len <= CIPHER_TMP_SIZE ? len : CIPHER_TMP_SIZE);
	if (rc)
		return rc == LVPN_ERR_TLS
		           ? tls_fail(s, ks)
		           : lvpn_sess_fatal(s, rc, LVPN_EV_RESTART,
		                             "cannot write the key method 2 message");
	ks->state = KS_SENT_KEY;
	return 0;
}

/* A renegotiation's password (or auth-token), as key id 0's. */
static void remember_pass(struct lvpn_session *s, const struct lvpn_kem2_parsed *p)
{
	if (s->peer_pass)
		snprintf(s->peer_pass, LVPN_KEM2_USERPASS_MAX, "%s", p->password);
	s->peer_creds_too_long = p->creds_too_long;
}

/* What a server keeps from the client's key method 2 message. */
static void remember_peer(struct lvpn_session *s, const struct lvpn_kem2_parsed *p)
{
	char v[32];

	snprintf(s->peer_info, sizeof(s->peer_info), "%s", p->peer_info);
	snprintf(s->peer_user, sizeof(s->peer_user), "%s", p->username);
	if (s->peer_pass)
		snprintf(s->peer_pass, LVPN_KEM2_USERPASS_MAX, "%s", p->password);
	s->peer_creds_too_long = p->creds_too_long;
	s->peer_iv_proto = 0;
	if (lvpn_peer_info_get(p->peer_info, "IV_PROTO", v, sizeof(v)) == 1)
		s->peer_iv_proto = (unsigned)strtoul(v, NULL, 10);
	if (lvpn_peer_info_get(p->peer_info, "IV_CIPHERS", s->peer_ciphers,
	                       sizeof(s->peer_ciphers)) != 1) {
		s->peer_ciphers[0] = '\0';
		/* IV_NCP=2 without IV_CIPHERS: the two GCM ciphers (2.4 clients) */
		if (lvpn_peer_info_get(p->peer_info, "IV_NCP", v, sizeof(v)) == 1 && atoi(v) >= 2)
			snprintf(s->peer_ciphers, sizeof(s->peer_ciphers),
			         "AES-256-GCM:AES-128-GCM");
	}
	if (lvpn_occ_get(p->options, "cipher", s->peer_cipher_occ, sizeof(s->peer_cipher_occ)) != 1)
		s->peer_cipher_occ[0] = '\0';
}

/* Reads the peer's key method 2 message (the first TLS record). */
static int read_key(struct lvpn_session *s, struct keystate *ks, int *got)
{
	struct lvpn_kem2_parsed p;
	size_t n;
	int rc;

	*got = 0;
	rc = lvpn_tls_read(ks->tls, s->plain_in, PLAIN_IN_SIZE, &n);
	if (rc)
		return tls_fail(s, ks);
	if (n == 0)
		return 0;
	rc = lvpn_kem2_read(is_client(s), s->plain_in, n, &p);
	if (rc == 0) {
		ks->peer = p.ks;
		if ((!is_client(s) || s->conf.p2p) && ks->key_id == 0)
			remember_peer(s, &p);
		else if (!is_client(s) &&
		         strncmp(p.username, s->peer_user, sizeof(s->peer_user) - 1) != 0)
			rc = LVPN_ERR_AUTH_FAILED;
		else if (!is_client(s))
			remember_pass(s, &p); /* the frontend checks it again */
		lvpn_kem2_parsed_wipe(&p);
	}
	if (rc == LVPN_ERR_AUTH_FAILED) {
		lvpn_wipe(s->plain_in, n);
		return lvpn_sess_fatal(s, rc, LVPN_EV_RESTART,
		                       "TLS Auth Error: the username changed on renegotiation");
	}
	lvpn_wipe(s->plain_in, n);
	if (rc)
		return lvpn_sess_fatal(s, rc, LVPN_EV_RESTART,
		                       "TLS Error: malformed key method 2 message from the peer");
	ks->state = KS_GOT_KEY;
	*got = 1;
	return 0;
}

static void log_established(struct lvpn_session *s, struct keystate *ks)
{
	char desc[160];

	if (lvpn_log_on(s->log, LVPN_LOG_NOTE))
		LVPN_LOG(s->log, LVPN_LOG_NOTE, "Control Channel: %s (key id %u)",
		         lvpn_tls_describe(ks->tls, desc, sizeof(desc)), ks->key_id);
}

/* Server: every key of a session belongs to the client of key id 0: its
 * certificate must not change on renegotiation (OpenVPN 2.6 refuses that
 * too, ssl_verify.c). */
static int same_client(struct lvpn_session *s, struct keystate *ks)
{
	struct lvpn_tls_cert_info ci;
	const char *fp = lvpn_tls_peer_cert(ks->tls, 0, &ci) == 0 ? ci.sha256 : "";

	if (is_client(s))
		return 0;
	if (ks->key_id == 0) {
		snprintf(s->peer_cert, sizeof(s->peer_cert), "%s", fp);
		return 0;
	}
	if (strcmp(fp, s->peer_cert) == 0)
		return 0;
	return lvpn_sess_fatal(s, LVPN_ERR_AUTH_FAILED, LVPN_EV_RESTART,
	                       "TLS Auth Error: the client certificate changed on renegotiation");
}

static int become_active(struct lvpn_session *s, struct keystate *ks, uint64_t now)
{
	int rc = same_client(s, ks);

	if (rc)
		return rc;
	ks->state = KS_ACTIVE;
	ks->established = now;
	ks->must_negotiate = 0;
	log_established(s, ks);
	if (ks->key_id != 0)
		return lvpn_sess_ks_install_keys(s, ks, now);
	lvpn_sess_event(s, LVPN_EV_TLS_UP, 0, NULL);
	if (s->conf.p2p)
		return lvpn_sess_p2p_active(s, ks, now);
	return is_client(s) ? lvpn_sess_msg_client_active(s, now) : 0;
}

/* After ACTIVE the TLS plaintext is a stream of NUL-terminated messages. */
static int read_messages(struct lvpn_session *s, struct keystate *ks, uint64_t now)
{
	/* TLS is asked only when ciphertext came in since it last had
	 * nothing: an idle session's ticks then never touch it (nor make
	 * OpenSSL take its record buffer back, SSL_MODE_RELEASE_BUFFERS) */
	for (int i = 0; i < ROUNDS && ks->tls_rx; i++) {
		size_t n, used;
		char *msg;
		int rc = lvpn_tls_read(ks->tls, s->plain_in + s->plain_len,
		                       PLAIN_IN_SIZE - s->plain_len, &n);

		if (rc)
			return tls_fail(s, ks);
		if (n == 0) {
			ks->tls_rx = 0;
			return 0;
		}
		s->plain_len += n;
		for (;;) {
			rc = lvpn_ctrlmsg_next((char *)s->plain_in, s->plain_len, &used, &msg);
			if (rc == LVPN_ERR_AGAIN)
				break;
			if (rc == 0) {
				LVPN_LOG(s->log, LVPN_LOG_DEBUG,
				         "control message on key id %u: %.60s", ks->key_id, msg);
				rc = lvpn_sess_msg_handle(s, ks, msg, now);
			} else
				LVPN_LOG(s->log, LVPN_LOG_WARN,
				         "oversized control message dropped");
			memmove(s->plain_in, s->plain_in + used, s->plain_len - used);
			s->plain_len -= used;
			if (rc < 0 || s->dead)
				return rc;
			if (used == 0)
				break;
		}
		if (s->plain_len == PLAIN_IN_SIZE)
			return lvpn_sess_fatal(s, LVPN_ERR_TOO_BIG, LVPN_EV_RESTART,
			                       "control message too long");
	}
	return 0;
}

int lvpn_sess_ks_process(struct lvpn_session *s, struct keystate *ks, uint64_t now)
{
	int client = is_client(s);

	for (int round = 0; round < ROUNDS && !s->dead; round++) {
		int changed = 0, got, rc;

		if (ks->state == KS_PRE_START && lvpn_rel_idle(&ks->rel)) {
			ks->state = KS_START;
			changed = 1;
		}
		rc = take_incoming(s, ks);
		if (rc < 0)
			return rc;
		changed |= rc;
		if (lvpn_tls_handshake_done(ks->tls)) {
			if (client && ks->state == KS_START) {
				rc = write_key(s, ks);
				if (rc)
					return rc;
				changed = 1;
			}
			if ((client && ks->state == KS_SENT_KEY) ||
			    (!client && ks->state == KS_START)) {
				rc = read_key(s, ks, &got);
				if (rc)
					return rc;
				if (got && !client) {
					rc = write_key(s, ks);
					if (rc)
						return rc;
				}
				changed |= got;
			}
		}
		if (ks->state >= KS_START) {
			rc = tls_out(s, ks, now);
			if (rc < 0)
				return rc;
			changed |= rc;
		}
		if (((client && ks->state == KS_GOT_KEY) ||
		     (!client && ks->state == KS_SENT_KEY)) &&
		    lvpn_rel_idle(&ks->rel)) {
			rc = become_active(s, ks, now);
			if (rc)
				return rc;
			changed = 1;
		}
		if (ks->state >= KS_ACTIVE) {
			rc = read_messages(s, ks, now);
			if (rc)
				return rc;
		}
		if (!changed)
			break;
	}
	return 0;
}

/* The TCP MSS ceiling for --mssfix, now that the cipher is known. */
static void set_mss(struct lvpn_session *s)
{
	struct lvpn_mss_frame f = {.mssfix = s->conf.mssfix,
	                           .mtu = (uint8_t)s->conf.mssfix_mtu,
	                           .fixed = (uint8_t)s->conf.mssfix_fixed};
	/* the fragment header counts as payload overhead, as 2.6's does */
	uint32_t comp = (s->comp.alg == LVPN_COMP_LZO_STUB || s->comp.alg == LVPN_COMP_STUB ||
	                 s->comp.alg == LVPN_COMP_LZ4) +
	                (s->frag_on ? LVPN_FRAG_HDR_LEN : 0);
	uint16_t mss;

	if (lvpn_data_mss_frame(&f, s->cipher, s->auth, s->data.peer_id,
	                        s->conf.transport == LVPN_TRANSPORT_TCP, s->conf.link_ipv6,
	                        comp) != 0)
		return;
	/* 2.6 counts the tap extra as payload (mtu.c
	 * frame_calculate_payload_overhead) */
	f.payload_overhead += s->conf.tun_mtu_extra;
	if (lvpn_mss_ceiling(&f, &mss) == 0)
		s->mss_max = mss;
}

/* A data key slot for a new key: keys of key states that are gone (kept a
 * little while so the peer's in-flight packets still decrypt) go first. */
static void free_slot(struct lvpn_session *s)
{
	for (int i = 0; i < LVPN_DATA_SLOTS; i++) {
		struct lvpn_data_key *k = &s->data.slot[i];
		int live = 0;

		for (int j = 0; j < KS_COUNT; j++)
			live |= s->ks[j].state >= KS_PRE_START && s->ks[j].key_id == k->key_id;
		if (k->installed && !live && i != s->data.primary) {
			int rc = lvpn_data_key_retire(&s->data, k->key_id);

			(void)rc; /* it is installed: cannot fail */
		}
	}
}

/* Which key sends.  As OpenVPN's tls_select_encryption_key, a new key is
 * used only once hand-window seconds passed since its negotiation began, so
 * that the peer surely has it.  Before that, unlike OpenVPN (which then falls
 * back to the newest key, and drops packets when they overtake the final
 * ACK), we keep sending with the oldest key that has data keys: the peer
 * still has it.  Receiving works with every installed key. */
int lvpn_sess_ks_select_send(struct lvpn_session *s, uint64_t now)
{
	struct keystate *sel = NULL, *oldest = NULL;
	int p = s->data.primary;

	for (int i = 0; i < KS_COUNT; i++) {
		struct keystate *ks = &s->ks[i];

		if (ks->state != KS_GENERATED)
			continue;
		if (now >= ks->send_after) {
			sel = ks;
			break;
		}
		oldest = ks;
	}
	if (!sel)
		sel = oldest;
	if (!sel || (p >= 0 && s->data.slot[p].key_id == sel->key_id))
		return 0;
	return lvpn_data_key_activate(&s->data, sel->key_id, now / MS, s->conf.tran_window);
}

int lvpn_sess_ks_install_keys(struct lvpn_session *s, struct keystate *ks, uint64_t now)
{
	uint8_t key2[LVPN_KEY2_LEN];
	enum lvpn_dc_role role = is_client(s) ? LVPN_DC_CLIENT : LVPN_DC_SERVER;
	int rc;

	if (!s->cipher_set)
		return lvpn_sess_fatal(s, LVPN_ERR_STATE, LVPN_EV_RESTART,
		                       "no data cipher negotiated");
	if (s->use_ekm)
		rc = lvpn_kdf_ekm_datakeys(ks->tls, key2);
	else if (is_client(s))
		rc = lvpn_kdf_openvpn_prf(&ks->local, &ks->peer, s->sid, s->peer_sid, key2);
	else
		rc = lvpn_kdf_openvpn_prf(&ks->peer, &ks->local, s->peer_sid, s->sid, key2);
	if (rc == 0) {
		free_slot(s);
		rc = lvpn_data_key_install(&s->data, ks->key_id, s->cipher, s->auth, key2, role,
		                           now / MS);
	}
	lvpn_wipe(key2, sizeof(key2));
	lvpn_key_source_wipe(&ks->local);
	lvpn_key_source_wipe(&ks->peer);
	if (rc)
		return lvpn_sess_fatal(s, rc, LVPN_EV_RESTART,
		                       "cannot install the data channel keys");
	ks->state = KS_GENERATED;
	ks->n_bytes = ks->n_packets = 0;
	if (ks->key_id == 0)
		ks->send_after = now;
	rc = lvpn_sess_ks_select_send(s, now);
	if (rc)
		return lvpn_sess_fatal(s, rc, LVPN_EV_RESTART,
		                       "cannot activate the data channel key");
	if (ks->key_id == 0 && s->conf.mssfix)
		set_mss(s);
	if (ks->key_id == 0 && s->dyn_tls_crypt) {
		uint8_t ekm[LVPN_KEY2_LEN];
		uint32_t window = s->conf.replay_window;
		int dir = is_client(s) ? LVPN_KEY_DIR_INVERSE : LVPN_KEY_DIR_NORMAL;

		rc = lvpn_kdf_ekm_dyn_tls_crypt(ks->tls, ekm);
		if (rc == 0)
			rc = lvpn_wrap_init_dyn(&s->dyn, &s->wrap, ekm, dir, window,
			                        s->conf.replay_time);
		lvpn_wipe(ekm, sizeof(ekm));
		if (rc)
			return lvpn_sess_fatal(s, rc, LVPN_EV_RESTART,
			                       "cannot set up dynamic tls-crypt");
		s->have_dyn = 1;
	}
	if (s->data.peer_id != LVPN_PEER_ID_NONE)
		LVPN_LOG(s->log, LVPN_LOG_INFO, "Data Channel: cipher '%s', key id %u, peer-id %u",
		         lvpn_dc_cipher_name(s->cipher), ks->key_id, (unsigned)s->data.peer_id);
	else
		LVPN_LOG(s->log, LVPN_LOG_INFO, "Data Channel: cipher '%s', key id %u",
		         lvpn_dc_cipher_name(s->cipher), ks->key_id);
	if (ks->key_id == 0) {
		lvpn_sess_event(s, LVPN_EV_CONNECTED, 0, NULL);
	} else {
		s->st.renegotiations++;
		lvpn_sess_event(s, LVPN_EV_RENEGOTIATED, 0, NULL);
	}
	return 0;
}

int lvpn_sess_soft_reset(struct lvpn_session *s, uint64_t now)
{
	struct keystate *pri = &s->ks[KS_PRIMARY];
	struct keystate *lame = &s->ks[KS_LAME];
	uint8_t key_id = s->next_key_id;
	int rc;

	if (pri->state < KS_GENERATED)
		return 0;
	if (lame->state != KS_NONE) {
		/* its data key stays until a slot is needed, or the grace ends */
		struct lvpn_data_key *k = lvpn_data_key_find(&s->data, lame->key_id);

		if (k && (k->expires == 0 || k->expires > now / MS + RETIRE_GRACE_S))
			k->expires = now / MS + RETIRE_GRACE_S;
		lvpn_sess_ks_free(lame);
	}
	*lame = *pri;
	lame->must_die = now + lvpn_sess_secs_ms(s->conf.tran_window);
	memset(pri, 0, sizeof(*pri));
	s->next_key_id = key_id == LVPN_KEY_ID_MAX ? 1 : key_id + 1;
	LVPN_LOG(s->log, LVPN_LOG_VERBOSE, "TLS: soft reset, new key id %u", key_id);
	rc = lvpn_sess_ks_start(s, pri, key_id, LVPN_OP_SOFT_RESET_V1, now);
	if (rc)
		return lvpn_sess_fatal(s, rc, LVPN_EV_RESTART, "cannot start a renegotiation");
	/* the key that sent until now may be gone: pick the sender again */
	rc = lvpn_sess_ks_select_send(s, now);
	return rc ? lvpn_sess_fatal(s, rc, LVPN_EV_RESTART, "cannot select a data key") : 0;
}
