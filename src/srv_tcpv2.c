/* leanvpn - tls-crypt-v2 over TCP: the client's key arrives wrapped in its
 * first packet, so a new connection waits (in a small fixed table, with
 * no session) until its first frame is complete; that frame is then
 * unwrapped statelessly and checked, the verify script runs, and only
 * then is the session created and fed the frame.  A full table drops its
 * oldest waiter; a waiter that sends anything else is closed. */
#include "src/server_int.h"

#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "base/wire.h"

#define PENDING_MAX_MS 10000 /* a first frame must be complete within this */

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

		if (p->fd && now - p->since > PENDING_MAX_MS)
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
	memcpy(&sv->ck_tcp[free_i].addr, a, alen);
	sv->ck_tcp[free_i].alen = alen;
}

/* The first frame is in: unwrap a copy, check it, make the session. */
static void admit(struct server *sv, int i, uint64_t now)
{
	struct tcpv2_pending *p = &sv->ck_tcp[i];
	struct lvpn_cookie_admit *ad = &sv->ck_admit;
	uint8_t tmp[TCPV2_FRAME];
	struct lvpn_ctrl_pkt pk;
	struct lvpn_buf b;
	uint32_t len = p->have - 2;
	int fd = p->fd, slot, rc;

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
	if (rc || srv_v2verify(sv, &ad->meta)) {
		LVPN_LOG(sv->lg, LVPN_LOG_VERBOSE, "tls-crypt-v2 TCP client refused: %s",
		         rc ? lvpn_strerror(rc) : "verify script");
		drop_pending(sv, i);
		return;
	}
	memcpy(ad->kc, sv->scratch.key, LVPN_KEY2_LEN);
	epoll_ctl(sv->epfd, EPOLL_CTL_DEL, fd, NULL);
	p->fd = 0;
	slot = srv_client_new(sv, &p->addr, p->alen, fd, ad->kc, NULL, now);
	lvpn_wipe(ad->kc, sizeof(ad->kc));
	if (slot < 0) {
		close(fd);
		lvpn_wipe(p->buf, sizeof(p->buf));
		return;
	}
	srv_ep_add(sv, fd, slot);
	srv_tcp_feed(sv, slot, p->buf, p->have, now);
	lvpn_wipe(p->buf, sizeof(p->buf));
	p->have = 0;
}

void srv_tcpv2_read(struct server *sv, int i, uint64_t now)
{
	struct tcpv2_pending *p;
	uint32_t want;
	ssize_t n;

	if (i < 0 || i >= TCPV2_PENDING || !sv->ck_tcp[i].fd)
		return;
	p = &sv->ck_tcp[i];
	/* the length prefix first, then exactly that frame: nothing more is
	 * read before the session exists */
	want = p->have < 2 ? 2 : 2 + ((uint32_t)p->buf[0] << 8 | p->buf[1]);
	n = recv(p->fd, p->buf + p->have, want - p->have, MSG_DONTWAIT);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		drop_pending(sv, i);
		return;
	}
	if (n < 0)
		return;
	p->have += (uint32_t)n;
	if (p->have == 2) {
		uint32_t flen = (uint32_t)p->buf[0] << 8 | p->buf[1];

		if (flen < 1 + LVPN_SID_SIZE || flen > TCPV2_FRAME - 2) {
			drop_pending(sv, i);
			return;
		}
	}
	if (p->have > 2 && p->have == 2 + ((uint32_t)p->buf[0] << 8 | p->buf[1]))
		admit(sv, i, now);
}

void srv_tcpv2_free(struct server *sv)
{
	for (int i = 0; i < TCPV2_PENDING; i++)
		drop_pending(sv, i);
}
