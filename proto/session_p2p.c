/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - peer-to-peer TLS mode (tls-client / tls-server without pull or
 * mode server): what the two peers settle from each other's key method 2
 * peer-info once the control channel is up, with nothing pushed.
 *
 * Facts from OpenVPN 2.6 (ssl.c push_peer_info, ssl_ncp.c p2p_mode_ncp and
 * get_p2p_ncp_cipher, init.c do_deferred_p2p_ncp):
 *   - each peer announces IV_CIPHERS and IV_PROTO with IV_PROTO_NCP_P2P;
 *   - the cipher is the first of the tls-server's data-ciphers that the
 *     tls-client's list holds (both peers compute the same one); without a
 *     common one (or without IV_CIPHERS) the data-ciphers-fallback cipher,
 *     which in p2p mode an explicit --cipher also sets;
 *   - only when the peer announced NCP_P2P: DATA_V2 makes both peers send
 *     P_DATA_V2 with one peer-id (from the TLS exporter when both export
 *     keys, else 0x76706e), TLS_KEY_EXPORT selects EKM data keys, and
 *     CC_EXIT_NOTIFY and DYN_TLS_CRYPT turn those on. */
#include "proto/session_int.h"

#include "proto/config/push.h"
#include "proto/replaypersist.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define P2P_PEER_ID_FIXED 0x76706eu /* 'v' 'p' 'n' (OpenVPN 2.6) */

int lvpn_sess_cipher_pick(struct lvpn_session *s, const char *prefer, const char *other)
{
	enum lvpn_dc_cipher c;
	char name[64];

	for (const char *p = prefer; p && *p;) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (*p == '?') {
			p++;
			len--;
		}
		if (len < sizeof(name) && lvpn_cipher_in_list_n(other, p, len)) {
			memcpy(name, p, len);
			name[len] = '\0';
			if (lvpn_dc_cipher_by_name(name, &c) == 0) {
				s->cipher = c;
				s->cipher_set = 1;
				return 0;
			}
		}
		p = end ? end + 1 : NULL;
	}
	return LVPN_ERR_CONFIG;
}

static int flags(struct lvpn_session *s, struct keystate *ks)
{
	/* what both announced (ours is what conf.peer_info says) */
	unsigned proto = s->peer_iv_proto & s->conf.iv_proto;
	int rc;

	if (!(proto & LVPN_IV_PROTO_NCP_P2P))
		return 0;
	s->cc_exit = (proto & LVPN_IV_PROTO_CC_EXIT_NOTIFY) != 0;
	s->dyn_tls_crypt = (proto & LVPN_IV_PROTO_DYN_TLS_CRYPT) != 0;
	s->use_ekm = (proto & LVPN_IV_PROTO_TLS_KEY_EXPORT) != 0;
	if (!(proto & LVPN_IV_PROTO_DATA_V2))
		return 0;
	s->data.peer_id = P2P_PEER_ID_FIXED;
	if (!s->use_ekm)
		return 0;
	rc = lvpn_kdf_ekm_p2p_peer_id(ks->tls, &s->data.peer_id);
	if (rc)
		return lvpn_sess_fatal(s, rc, LVPN_EV_RESTART,
		                       "TLS key export for the P2P peer-id failed");
	return 0;
}

int lvpn_sess_p2p_active(struct lvpn_session *s, struct keystate *ks, uint64_t now)
{
	int server = s->conf.role == LVPN_SESSION_SERVER;
	const char *ours = s->conf.data_ciphers;
	enum lvpn_dc_cipher fallback;
	int rc = flags(s, ks);

	if (rc)
		return rc;
	s->cipher_set = 0;
	if (!s->peer_ciphers[0] || lvpn_sess_cipher_pick(s, server ? ours : s->peer_ciphers,
	                                                 server ? s->peer_ciphers : ours) != 0) {
		if (!s->conf.cipher_fallback ||
		    lvpn_dc_cipher_by_name(s->conf.cipher_fallback, &fallback) != 0)
			return lvpn_sess_fatal(s, LVPN_ERR_CONFIG, LVPN_EV_RESTART,
			                       "ERROR: failed to negotiate cipher with peer and "
			                       "--data-ciphers-fallback not enabled. No usable "
			                       "data channel cipher");
		s->cipher = fallback;
		s->cipher_set = 1;
	}
	if (lvpn_log_on(s->log, LVPN_LOG_INFO))
		LVPN_LOG(s->log, LVPN_LOG_INFO,
		         "P2P mode NCP negotiation result: TLS_export=%d, DATA_v2=%d, "
		         "peer-id %u, cipher=%s",
		         s->use_ekm, s->data.peer_id != LVPN_PEER_ID_NONE,
		         s->data.peer_id != LVPN_PEER_ID_NONE ? (unsigned)s->data.peer_id : 0u,
		         lvpn_dc_cipher_name(s->cipher));
	return lvpn_sess_ks_install_keys(s, ks, now);
}

int lvpn_session_replay_last(const struct lvpn_session *s, uint32_t *id, uint32_t *time)
{
	if (!s->is_static || s->skey.no_replay || s->skey.replay.max_time == 0)
		return 0;
	*id = s->skey.replay.max_id;
	*time = s->skey.replay.max_time;
	return 1;
}

void lvpn_session_replay_restore(struct lvpn_session *s, uint32_t id, uint32_t time)
{
	if (s->is_static && !s->skey.no_replay)
		lvpn_replay_restore(&s->skey.replay, id, time);
}

int lvpn_sess_static_start(struct lvpn_session *s)
{
	const char *name = s->conf.cipher_fallback ? s->conf.cipher_fallback : "BF-CBC";
	int rc;

	if (lvpn_dc_cipher_by_name(name, &s->cipher) != 0 || lvpn_dc_cipher_is_aead(s->cipher)) {
		LVPN_LOG(s->log, LVPN_LOG_ERR, "Cipher %s not supported in static-key mode", name);
		return LVPN_ERR_CONFIG;
	}
	rc = lvpn_skey_init(&s->skey, s->cipher, s->auth, s->conf.static_key,
	                    (enum lvpn_skey_dir)s->conf.static_dir,
	                    s->conf.transport == LVPN_TRANSPORT_TCP ? 0 : s->conf.replay_window,
	                    s->conf.replay_time);
	if (rc)
		return rc;
	s->skey.no_replay = s->conf.no_replay;
	s->is_static = 1;
	s->cipher_set = 1;
	LVPN_LOG(s->log, LVPN_LOG_INFO, "Static Key: cipher '%s', auth '%s', key direction %s",
	         lvpn_dc_cipher_name(s->cipher), s->conf.auth,
	         s->conf.static_dir < 0 ? "none"
	         : s->conf.static_dir   ? "1"
	                                : "0");
	lvpn_sess_event(s, LVPN_EV_CONNECTED, 0, NULL);
	return 0;
}
