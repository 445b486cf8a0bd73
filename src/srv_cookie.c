/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the UDP server's stateless handshake (proto/server/cookie.h): a
 * packet from an address without a session is answered, or admitted, or
 * dropped, and nothing is kept until a third packet proves the client got
 * our cookie.  Replies are limited by --connect-freq-initial. */
#include "src/server_int.h"

#include <string.h>

#include "crypto/random.h"
#include "base/wire.h"

#define CK_FREQ_N   100 /* --connect-freq-initial defaults (OpenVPN 2.6) */
#define CK_FREQ_SEC 10

int srv_cookie_setup(struct server *sv, uint64_t now_ms)
{
	uint8_t key[LVPN_COOKIE_KEY_LEN];
	int hw = sv->o->hand_window > 0 ? sv->o->hand_window : 60;
	int n = sv->o->connect_freq_initial_n > 0 ? sv->o->connect_freq_initial_n : CK_FREQ_N;
	int sec =
	    sv->o->connect_freq_initial_sec > 0 ? sv->o->connect_freq_initial_sec : CK_FREQ_SEC;
	int rc, dir;

	/* K: random, once per process */
	rc = lvpn_random(key, sizeof(key));
	if (rc == 0)
		rc = lvpn_cookie_init(&sv->ck.ck, key, (uint32_t)hw);
	lvpn_wipe(key, sizeof(key));
	if (rc == 0)
		rc = lvpn_ratelim_init(&sv->ck_rl, (uint32_t)n, (uint32_t)sec, now_ms);
	if (rc == 0 && sv->o->connect_freq_n > 0)
		rc = lvpn_ratelim_init(&sv->cf_rl, (uint32_t)sv->o->connect_freq_n,
		                       (uint32_t)sv->o->connect_freq_sec, now_ms);
	if (rc == 0 && sv->have_v2) {
		sv->ck.wrap = &sv->scratch;
		sv->ck.v2 = &sv->v2;
		sv->ck.allow_noncookie = !sv->o->ce.tls_crypt_v2_force_cookie;
	} else if (rc == 0) {
		dir = sv->ef.conf.wrap_mode == LVPN_WRAP_CRYPT ? LVPN_KEY_DIR_NORMAL
		                                               : sv->ef.conf.wrap_dir;
		rc = lvpn_wrap_init(&sv->ck_wrap, sv->ef.conf.wrap_mode, sv->ef.conf.wrap_key, dir,
		                    sv->o->auth, 0, 0);
		sv->ck.wrap = &sv->ck_wrap;
	}
	if (rc) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "cannot set up the HMAC cookie: %s",
		         lvpn_strerror(rc));
		return -1;
	}
	sv->ck_ready = 1;
	return 0;
}

void srv_cookie_free(struct server *sv)
{
	if (!sv->ck_ready)
		return;
	LVPN_LOG(
	    sv->lg, LVPN_LOG_VERBOSE,
	    "HMAC cookie: %llu replies, %llu admitted, %llu allow-noncookie, %llu dropped as "
	    "invalid, %llu over connect-freq-initial",
	    (unsigned long long)sv->ck_stats.replies, (unsigned long long)sv->ck_stats.admitted,
	    (unsigned long long)sv->ck_stats.noncookie, (unsigned long long)sv->ck_stats.invalid,
	    (unsigned long long)sv->ck_stats.limited);
	lvpn_cookie_free(&sv->ck.ck);
	lvpn_wrap_free(&sv->ck_wrap);
	sv->ck_ready = 0;
}

/* The bytes the cookie binds: family, port and address (not the padding
 * or the flow label a sockaddr may carry). */
static size_t addr_bytes(const struct sockaddr_storage *a, uint8_t out[32])
{
	if (a->ss_family == AF_INET) {
		const struct sockaddr_in *s = (const struct sockaddr_in *)a;

		out[0] = 4;
		memcpy(out + 1, &s->sin_port, 2);
		memcpy(out + 3, &s->sin_addr, 4);
		return 7;
	}
	if (a->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s = (const struct sockaddr_in6 *)a;

		out[0] = 6;
		memcpy(out + 1, &s->sin6_port, 2);
		memcpy(out + 3, &s->sin6_addr, 16);
		memcpy(out + 19, &s->sin6_scope_id, 4);
		return 23;
	}
	return 0;
}

/* One log line per period about replies the limit refused. */
static void log_limited(struct server *sv, uint64_t now)
{
	uint32_t d;

	if (now < sv->ck_log_next)
		return;
	sv->ck_log_next = now + 10000;
	d = lvpn_ratelim_dropped(&sv->ck_rl);
	if (d)
		LVPN_LOG(sv->lg, LVPN_LOG_WARN,
		         "connect-freq-initial: %u initial packets dropped (limit reached)", d);
}

int srv_cookie_udp(struct server *sv, const uint8_t *p, size_t len,
                   const struct sockaddr_storage *a, socklen_t alen, int replace, uint64_t now)
{
	struct lvpn_cookie_admit *ad = &sv->ck_admit;
	enum lvpn_cookie_verdict v;
	uint8_t ab[32];
	size_t alen_b = addr_bytes(a, ab), out_len;
	unsigned op;
	int slot, rc, reset;

	if (!sv->ck_ready || !alen_b || len == 0)
		return -1;
	/* A client reset is answered (or, allow-noncookie, given state) only
	 * within the budget: take it first, so that beyond it a flood costs
	 * no crypto at all; given back if the packet is not answered. */
	op = lvpn_op_of(p[0]);
	reset = op == LVPN_OP_HARD_RESET_CLIENT_V2 || op == LVPN_OP_HARD_RESET_CLIENT_V3;
	if (reset) {
		log_limited(sv, now);
		if (lvpn_ratelim_take(&sv->ck_rl, now)) {
			sv->ck_stats.limited++;
			return -1;
		}
	}
	rc = lvpn_cookie_input(&sv->ck, (uint64_t)time(NULL), ab, alen_b, p, len, sv->out, PKT_MAX,
	                       &out_len, &v, ad);
	if (reset && rc)
		lvpn_ratelim_refund(&sv->ck_rl);
	if (rc) {
		sv->ck_stats.invalid++;
		return -1; /* silently: no answer, no state */
	}
	if (v == LVPN_COOKIE_REPLY) {
		sv->ck_stats.replies++;
		LVPN_LOG(sv->lg, LVPN_LOG_PACKET, "HMAC cookie: stateless reply (%zu bytes)",
		         out_len);
		/* from the address the client sent to (multihome) */
		(void)lvpn_udp_sendto_from(sv->udp, sv->out, out_len, (const struct sockaddr *)a,
		                           alen, sv->dp.u.pktinfo ? &sv->dp.u.local : NULL);
		return -1;
	}
	/* Only a completed cookie exchange proves an address in use: a reset
	 * that would create state at once (allow-noncookie) could be forged. */
	if (replace >= 0 && v != LVPN_COOKIE_ADMIT) {
		lvpn_wipe(ad, sizeof(*ad));
		return -1;
	}
	/* --connect-freq: how often a client instance may be created; checked
	 * before the verify script, which a dropped client must not run */
	if (sv->o->connect_freq_n > 0 && lvpn_ratelim_take(&sv->cf_rl, now)) {
		if (now >= sv->cf_log_next) { /* one line per 10 s at most */
			LVPN_LOG(
			    sv->lg, LVPN_LOG_WARN,
			    "MULTI: connections that would exceed the new connection frequency "
			    "limit set by --connect-freq %d %d are dropped",
			    sv->o->connect_freq_n, sv->o->connect_freq_sec);
			sv->cf_log_next = now + 10000;
		}
		lvpn_wipe(ad, sizeof(*ad));
		return -1;
	}
	/* The verify script forks a process: each run takes from the budget
	 * too (given back once the client is in), so a client or a replayed
	 * packet cannot make us fork more often than it allows. */
	if (v == LVPN_COOKIE_ADMIT && sv->have_v2 && sv->o->tls_crypt_v2_verify &&
	    lvpn_ratelim_take(&sv->ck_rl, now)) {
		sv->ck_stats.limited++;
		lvpn_wipe(ad, sizeof(*ad));
		return -1;
	}
	if (sv->have_v2 && srv_v2verify(sv, &ad->meta)) {
		lvpn_wipe(ad, sizeof(*ad));
		return -1;
	}
	if (v == LVPN_COOKIE_ADMIT && sv->have_v2 && sv->o->tls_crypt_v2_verify)
		lvpn_ratelim_refund(&sv->ck_rl);
	if (replace >= 0) {
		LVPN_LOG(sv->lg, LVPN_LOG_INFO,
		         "%s: the client restarted from the same address: its old session ends",
		         sv->cl[replace].cn[0] ? sv->cl[replace].cn : "?");
		srv_client_free(sv, replace);
	}
	slot = srv_client_new(sv, a, alen, -1, sv->have_v2 ? ad->kc : NULL,
	                      v == LVPN_COOKIE_ADMIT ? &ad->sc : NULL, now);
	lvpn_wipe(ad->kc, sizeof(ad->kc));
	if (slot < 0)
		return -1;
	if (v == LVPN_COOKIE_ADMIT) {
		/* a completed three-way handshake does not use up the budget */
		lvpn_ratelim_refund(&sv->ck_rl);
		sv->ck_stats.admitted++;
		LVPN_LOG(sv->lg, LVPN_LOG_INFO,
		         "new client admitted by the HMAC cookie (3-way handshake; %llu so far)",
		         (unsigned long long)sv->ck_stats.admitted);
	} else {
		sv->ck_stats.noncookie++;
		LVPN_LOG(
		    sv->lg, LVPN_LOG_INFO,
		    "tls-crypt-v2 client without early negotiation admitted (allow-noncookie)");
	}
	return slot;
}
