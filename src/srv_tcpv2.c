/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - a new TCP connection waits (in a small fixed table, with no
 * session and no client slot) until its first frame is complete; only
 * then is the session created and fed the frame.  With tls-crypt-v2 the
 * client's key arrives wrapped in that frame: it is unwrapped statelessly
 * and checked and the verify script runs first.  A full table drops its
 * oldest waiter; a waiter that sends anything else, or not its whole
 * first frame within PENDING_MAX_MS (hand-window if shorter), is closed;
 * the connection's hand-window counts from its accept.  With port-share
 * its first bytes are judged first (proto/portshare.h): another protocol
 * leaves for the relay (src/portshare.c) with the bytes read. */
#include "src/server_int.h"

#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "base/wire.h"
#include "crypto/hmac.h"
#include "proto/portshare.h"

#define PENDING_MAX_MS 10000 /* a first frame must be complete within this */

static uint64_t hand_ms(const struct server *sv)
{
	return 1000u * (uint64_t)(sv->o->hand_window > 0 ? sv->o->hand_window : 60);
}

static uint64_t pending_max(const struct server *sv)
{
	return hand_ms(sv) < PENDING_MAX_MS ? hand_ms(sv) : PENDING_MAX_MS;
}

static void drop_pending(struct server *sv, int i)
{
	struct tcpv2_pending *p = &sv->ck_tcp[i];

	if (!p->fd)
		return;
	epoll_ctl(sv->epfd, EPOLL_CTL_DEL, p->fd, NULL);
	close(p->fd);
	lvpn_wipe(p->buf, sizeof(p->buf));
	p->fd = 0;
	p->have = 0;
}

void srv_tcpv2_accept(struct server *sv, int fd, const struct sockaddr_storage *a, socklen_t alen,
                      uint64_t now)
{
	int free_i = -1, old_i = 0;
	struct epoll_event ev = {.events = EPOLLIN};

	for (int i = 0; i < TCPV2_PENDING; i++) {
		struct tcpv2_pending *p = &sv->ck_tcp[i];

		if (p->fd && now - p->since > pending_max(sv))
			drop_pending(sv, i);
		if (!p->fd && free_i < 0)
			free_i = i;
		if (p->fd && p->since < sv->ck_tcp[old_i].since)
			old_i = i;
	}
	if (free_i < 0) {
		drop_pending(sv, old_i);
		free_i = old_i;
	}
	ev.data.u64 = (uint64_t)(int64_t)(TCPV2_TAG - free_i);
	if (fd == 0 || epoll_ctl(sv->epfd, EPOLL_CTL_ADD, fd, &ev)) {
		close(fd);
		return;
	}
	sv->ck_tcp[free_i].fd = fd;
	sv->ck_tcp[free_i].since = now;
	sv->ck_tcp[free_i].have = 0;
	sv->ck_tcp[free_i].shared = 0;
	memcpy(&sv->ck_tcp[free_i].addr, a, alen);
	sv->ck_tcp[free_i].alen = alen;
}

_Static_assert(TCPV2_SEEN_ID == LVPN_TLS_CRYPT_OFF_TAG + LVPN_TLS_CRYPT_TAG_SIZE,
               "a first frame is known by its bytes up to the end of its tag");

/* 1 if this first frame (its header and tag) came within hand-window. */
static int seen(const struct server *sv, const uint8_t *id, uint64_t now)
{
	for (int i = 0; i < TCPV2_SEEN; i++)
		if (sv->v2_seen[i].at && now - sv->v2_seen[i].at < hand_ms(sv) &&
		    !lvpn_ct_differ(sv->v2_seen[i].id, id, TCPV2_SEEN_ID))
			return 1;
	return 0;
}

static void remember(struct server *sv, const uint8_t *id, uint64_t now)
{
	unsigned i = sv->v2_seen_next++ % TCPV2_SEEN;

	memcpy(sv->v2_seen[i].id, id, TCPV2_SEEN_ID);
	sv->v2_seen[i].at = now;
}

/* tls-crypt-v2: unwraps a copy of the first frame and checks it; 0 and
 * the client key in sv->ck_admit.kc, or -1 (logged).  Over TCP a captured
 * first frame can be replayed on any number of connections, and each
 * would run --tls-crypt-v2-verify: a frame already seen within hand-window
 * is refused unopened, and the script runs at most connect-freq-initial
 * times per period (the UDP handshake's budget, unused by a TCP server). */
static int v2_first(struct server *sv, struct tcpv2_pending *p, uint64_t now)
{
	struct lvpn_cookie_admit *ad = &sv->ck_admit;
	uint8_t tmp[TCPV2_FRAME];
	struct lvpn_ctrl_pkt pk;
	struct lvpn_buf b;
	uint32_t len = p->have - 2;
	int rc;

	if (len < TCPV2_SEEN_ID || seen(sv, p->buf + 2, now)) {
		LVPN_LOG(sv->lg, LVPN_LOG_VERBOSE, "tls-crypt-v2 TCP client refused: %s",
		         len < TCPV2_SEEN_ID ? "too short" : "a replayed first frame");
		return -1;
	}
	memcpy(tmp, p->buf + 2, len);
	lvpn_buf_init(&b, tmp, sizeof(tmp));
	b.len = len;
	rc = lvpn_tcv2_open_first(&sv->v2, &sv->scratch, &b, LVPN_WRAP_NO_REPLAY, 0, &ad->meta,
	                          NULL);
	if (rc == 0)
		rc = lvpn_pkt_parse(lvpn_buf_data(&b), b.len, &pk);
	if (rc == 0)
		rc = lvpn_cookie_check_first(&pk);
	lvpn_wipe(tmp, sizeof(tmp));
	if (rc == 0)
		remember(sv, p->buf + 2, now);
	if (rc == 0 && lvpn_ratelim_take(&sv->ck_rl, now)) {
		LVPN_LOG(sv->lg, LVPN_LOG_VERBOSE,
		         "tls-crypt-v2 TCP client refused: connect-freq-initial exceeded");
		return -1;
	}
	if (rc || srv_v2verify(sv, &ad->meta)) {
		LVPN_LOG(sv->lg, LVPN_LOG_VERBOSE, "tls-crypt-v2 TCP client refused: %s",
		         rc ? lvpn_strerror(rc) : "verify script");
		return -1;
	}
	memcpy(ad->kc, sv->scratch.key, LVPN_KEY2_LEN);
	return 0;
}

/* The first frame is in: (tls-crypt-v2: check it,) make the session. */
static void admit(struct server *sv, int i, uint64_t now)
{
	struct tcpv2_pending *p = &sv->ck_tcp[i];
	uint8_t *kc = sv->have_v2 ? sv->ck_admit.kc : NULL;
	int fd = p->fd, slot;

	if (kc && v2_first(sv, p, now)) {
		drop_pending(sv, i);
		return;
	}
	epoll_ctl(sv->epfd, EPOLL_CTL_DEL, fd, NULL);
	p->fd = 0;
	slot = srv_client_new(sv, &p->addr, p->alen, fd, kc, NULL, now);
	if (kc)
		lvpn_wipe(kc, LVPN_KEY2_LEN);
	if (slot < 0) {
		close(fd);
		lvpn_wipe(p->buf, sizeof(p->buf));
		return;
	}
	sv->cl[slot].born = p->since; /* hand-window from the accept */
	srv_ep_add(sv, fd, slot);
	srv_tcp_feed(sv, slot, p->buf, p->have, now);
	lvpn_wipe(p->buf, sizeof(p->buf));
	p->have = 0;
}

/* Up to want - have more bytes of waiter i: 1 when some came, 0 when none
 * yet, -1 when it was closed (and dropped). */
static int more(struct server *sv, int i, uint32_t want)
{
	struct tcpv2_pending *p = &sv->ck_tcp[i];
	ssize_t n = recv(p->fd, p->buf + p->have, want - p->have, MSG_DONTWAIT);

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		drop_pending(sv, i);
		return -1;
	}
	if (n < 0)
		return 0;
	p->have += (uint32_t)n;
	return 1;
}

/* port-share: up to 3 first bytes say whether this is an OpenVPN client
 * (proto/portshare.h); another protocol goes to the relay with them. */
static void share(struct server *sv, int i, uint64_t now)
{
	struct tcpv2_pending *p = &sv->ck_tcp[i];
	enum lvpn_ps_verdict v;

	if (more(sv, i, 3) <= 0)
		return;
	v = lvpn_portshare_check(p->buf, p->have);
	p->shared = v == LVPN_PS_OPENVPN;
	if (v != LVPN_PS_FOREIGN)
		return;
	LVPN_LOG(sv->lg, LVPN_LOG_INFO, "Non-OpenVPN client protocol detected");
	epoll_ctl(sv->epfd, EPOLL_CTL_DEL, p->fd, NULL);
	lvpn_ps_take(sv->ps, p->fd, p->buf, p->have, now);
	p->fd = 0;
	p->have = 0;
}

void srv_tcpv2_read(struct server *sv, int i, uint64_t now)
{
	struct tcpv2_pending *p;
	uint32_t want;

	if (i < 0 || i >= TCPV2_PENDING || !sv->ck_tcp[i].fd)
		return;
	p = &sv->ck_tcp[i];
	if (sv->ps && !p->shared) {
		share(sv, i, now);
		return;
	}
	/* the length prefix first, then exactly that frame: nothing more is
	 * read before the session exists */
	want = p->have < 2 ? 2 : 2 + ((uint32_t)p->buf[0] << 8 | p->buf[1]);
	if (more(sv, i, want) <= 0)
		return;
	if (p->have >= 2) {
		uint32_t flen = (uint32_t)p->buf[0] << 8 | p->buf[1];

		if (flen < 1 + LVPN_SID_SIZE || flen > TCPV2_FRAME - 2) {
			drop_pending(sv, i);
			return;
		}
	}
	if (p->have > 2 && p->have == 2 + ((uint32_t)p->buf[0] << 8 | p->buf[1]))
		admit(sv, i, now);
}

void srv_tcpv2_expire(struct server *sv, uint64_t now)
{
	for (int i = 0; i < TCPV2_PENDING; i++)
		if (sv->ck_tcp[i].fd && now - sv->ck_tcp[i].since > pending_max(sv))
			drop_pending(sv, i);
}

void srv_tcpv2_free(struct server *sv)
{
	for (int i = 0; i < TCPV2_PENDING; i++)
		drop_pending(sv, i);
}
