/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the server: a client's life, from its first packet (a new
 * engine session) through push-reply to its end; its decrypted packets
 * go to the TUN device or, with client-to-client, to another client. */
#include "src/server_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "proto/peerstr.h"
#include "proto/server/srvaddr.h"
#include "base/wire.h"
#include "src/srv_hooks.h"
#include "src/srv_learn.h"

void srv_client_free(struct server *sv, int slot)
{
	struct sclient *c = &sv->cl[slot];
	int rc;

	if (!c->used)
		return;
	if (c->connected)
		LVPN_LOG(sv->lg, LVPN_LOG_INFO, "%s: client disconnected", c->cn[0] ? c->cn : "?");
	srv_hooks_disconnect(sv, slot);
	srv_learn_forget(sv, slot);
	lvpn_iptable_remove_client(sv->routes, slot);
	lvpn_mactab_remove_client(sv->macs, slot);
	if (c->lease >= 0) {
		rc = lvpn_ippool_release(sv->pool, c->lease, 0);
		(void)rc;
	}
	rc = lvpn_peertab_remove(sv->peers, slot);
	(void)rc;
	if (c->fd >= 0) {
		epoll_ctl(sv->epfd, EPOLL_CTL_DEL, c->fd, NULL);
		close(c->fd);
	}
	if (c->tq.dropped)
		LVPN_LOG(sv->lg, LVPN_LOG_VERBOSE,
		         "%s: %llu packets dropped, its TCP connection could not take them",
		         c->cn[0] ? c->cn : "client", (unsigned long long)c->tq.dropped);
	if (c->tq_broken && sv->tq_broken)
		sv->tq_broken--;
	lvpn_tcpout_free(&c->tq);
	if (c->s) {
		const struct lvpn_session_stats *ss = lvpn_session_stats(c->s);

		sv->gone_drops += ss->ctrl_drop + ss->data_drop;
	}
	lvpn_session_free(c->s);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->lease = -1;
}

/* Watches the client's connection for EPOLLOUT too (on) or not (off). */
static void watch_out(struct server *sv, struct sclient *c, int on)
{
	struct epoll_event ev = {.events = EPOLLIN | (on ? EPOLLOUT : 0),
	                         .data.u64 = (uint64_t)(c - sv->cl)};

	/* on failure the tail still goes out with the next frame sent */
	if (epoll_ctl(sv->epfd, EPOLL_CTL_MOD, c->fd, &ev) == 0)
		c->tq_watch = on;
}

void srv_send_to(struct server *sv, struct sclient *c, const uint8_t *p, size_t len)
{
	if (c->fd < 0) {
		srv_dp_send(sv, c, p, len); /* sent at the end of the batch */
		return;
	}
	if (c->tq_broken)
		return;
	/* Never blocks: a client that stops reading fills its socket buffer,
	 * then its frames are dropped whole (counted in c->tq) until the
	 * waiting tail is out, as a full tcp-queue-limit queue drops them in
	 * OpenVPN.  A dropped data packet is a lost packet; a dropped control
	 * packet is safe too: the engine's reliability layer has not seen it
	 * acknowledged, so it sends it again later. */
	if (lvpn_tcpout_send(&c->tq, c->fd, p, len) < 0) {
		c->tq_broken = 1;
		sv->tq_broken++;
		return;
	}
	if (lvpn_tcpout_pending(&c->tq) && !c->tq_watch)
		watch_out(sv, c, 1);
}

void srv_tcp_writable(struct server *sv, int slot)
{
	struct sclient *c = &sv->cl[slot];
	int rc;

	if (!c->used || c->fd < 0 || c->tq_broken)
		return;
	rc = lvpn_tcpout_flush(&c->tq, c->fd);
	if (rc < 0) {
		srv_client_free(sv, slot);
		return;
	}
	if (rc == 0 && c->tq_watch)
		watch_out(sv, c, 0);
}

void srv_tcp_reap(struct server *sv)
{
	for (unsigned i = 0; sv->tq_broken && i < sv->max; i++) {
		if (sv->cl[i].used && sv->cl[i].tq_broken) {
			LVPN_LOG(sv->lg, LVPN_LOG_INFO, "%s: TCP connection broken",
			         sv->cl[i].cn[0] ? sv->cl[i].cn : "client");
			srv_client_free(sv, (int)i);
		}
	}
	sv->tq_broken = 0;
}

void srv_flush(struct server *sv, struct sclient *c, uint64_t now)
{
	for (int i = 0; i < 256; i++) {
		size_t len;

		if (lvpn_session_poll_link(c->s, sv->out, PKT_MAX, &len, now) || len == 0)
			return;
		srv_send_to(sv, c, sv->out, len);
	}
}

/* A TCP client's room for one frame's tail: the largest packet of the
 * session's frame, sized for any cipher and with its 2-byte length
 * (control packets are smaller).  A larger frame would be dropped. */
static int tcp_queue(struct sclient *c)
{
	struct lvpn_frame f;
	size_t max;

	lvpn_session_frame(c->s, &f);
	max = (size_t)lvpn_frame_bufsize(&f);
	if (max < 2048)
		max = 2048;
	if (max > PKT_MAX + 2)
		max = PKT_MAX + 2;
	return lvpn_tcpout_init(&c->tq, max);
}

int srv_peer_addr(const struct sclient *c, char ip[INET6_ADDRSTRLEN], int *port)
{
	ip[0] = '\0';
	*port = 0;
	if (c->addr.ss_family == AF_INET) {
		const struct sockaddr_in *a = (const struct sockaddr_in *)&c->addr;

		inet_ntop(AF_INET, &a->sin_addr, ip, INET6_ADDRSTRLEN);
		*port = ntohs(a->sin_port);
	} else if (c->addr.ss_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)&c->addr;

		inet_ntop(AF_INET6, &a->sin6_addr, ip, INET6_ADDRSTRLEN);
		*port = ntohs(a->sin6_port);
		if (strncmp(ip, "::ffff:", 7) != 0 || !strchr(ip, '.'))
			return 1;
		/* a v4 client on a dual-stack socket */
		memmove(ip, ip + 7, strlen(ip + 7) + 1);
	}
	return 0;
}

int srv_client_new(struct server *sv, const struct sockaddr_storage *a, socklen_t alen, int fd,
                   const uint8_t *kc, const struct lvpn_session_cookie *ck, uint64_t now)
{
	struct lvpn_session_conf conf;
	struct lvpn_session_ops ops = {.log = sv->lg};
	struct sclient *c;
	int slot, rc;

	rc = lvpn_peertab_add(sv->peers, a, alen, &slot);
	if (rc) {
		LVPN_LOG(sv->lg, LVPN_LOG_WARN, "new client refused: %s",
		         rc == LVPN_ERR_EXHAUSTED ? "max-clients reached" : lvpn_strerror(rc));
		return -1;
	}
	c = &sv->cl[slot];
	memset(c, 0, sizeof(*c));
	c->used = 1;
	c->fd = fd;
	c->lease = -1;
	memcpy(&c->addr, a, alen);
	c->alen = alen;
	c->cid = sv->next_cid++;
	c->since = time(NULL);
	c->born = now;
	lvpn_engconf_session(&sv->ef.conf, sv->o, &sv->o->ce, sv->tls, &conf);
	conf.peer_id = (uint32_t)slot;
	conf.tap = sv->tap;
	conf.tun_mtu_extra = lvpn_engconf_tun_mtu_extra(&sv->o->ce, sv->tap);
	if (kc) {
		conf.wrap_mode = LVPN_WRAP_CRYPT;
		conf.wrap_key = kc;
		conf.tcv2_server = 1;
	}
	ops.unix_base = (uint64_t)time(NULL) - now / 1000;
	rc = ck ? lvpn_session_new_from_cookie(&conf, &ops, now, ck, &c->s)
	        : lvpn_session_new(&conf, &ops, now, &c->s);
	if (rc) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "cannot start a session: %s", lvpn_strerror(rc));
		c->fd = -1; /* the caller closes it */
		srv_client_free(sv, slot);
		return -1;
	}
	if (fd >= 0 && tcp_queue(c)) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "cannot start a session: no memory");
		c->fd = -1; /* the caller closes it */
		srv_client_free(sv, slot);
		return -1;
	}
	return slot;
}

/* Without --duplicate-cn a client replaces the older ones with its common
 * name, as OpenVPN's multi_delete_dup does. */
static void drop_dups(struct server *sv, int slot)
{
	for (unsigned i = 0; i < sv->max; i++) {
		if ((int)i == slot || !sv->cl[i].used || strcmp(sv->cl[i].cn, sv->cl[slot].cn))
			continue;
		LVPN_LOG(sv->lg, LVPN_LOG_INFO,
		         "%s: replaced by a new connection (no duplicate-cn)", sv->cl[i].cn);
		srv_client_free(sv, (int)i);
	}
}

/* Chooses the client's addresses: ifconfig-push / ifconfig-ipv6-push from
 * its ccd (or client-connect) directives, else the pool. */
static void pick_addrs(struct server *sv, struct sclient *c, const struct lvpn_ccd *ccd)
{
	if (ccd->has_push4) {
		c->has4 = c->fixed4 = 1;
		c->ip4 = ccd->push4_local;
		c->ip4_b = ccd->push4_remote_netmask;
	}
	if (ccd->has_push6) {
		c->has6 = 1;
		memcpy(c->ip6, ccd->push6_local, 16);
		c->ip6_bits = ccd->push6_bits;
		memcpy(c->ip6_b,
		       ccd->push6_has_remote ? ccd->push6_remote : sv->sc.ifconfig_ipv6_local, 16);
	}
	if (c->lease < 0 && sv->pool && (!c->has4 || !c->has6) &&
	    lvpn_ippool_acquire(sv->pool, c->cn, &c->l) == 0)
		c->lease = c->l.handle;
	if (c->lease >= 0 && !c->has4 && c->l.has_v4) {
		c->has4 = 1;
		c->ip4 = c->l.remote;
		c->ip4_b = sv->o->topology == LVPN_TOPO_SUBNET || sv->tap ? sv->sc.pool_netmask
		           : sv->o->topology == LVPN_TOPO_NET30           ? c->l.local
		                                                          : sv->sc.ifconfig_local;
	}
	if (c->lease >= 0 && !c->has6 && c->l.has_v6) {
		c->has6 = 1;
		memcpy(c->ip6, c->l.remote6, 16);
		c->ip6_bits = sv->sc.ifconfig_ipv6_netbits;
		memcpy(c->ip6_b, sv->sc.ifconfig_ipv6_local, 16);
	}
}

/* client-connect may have given addresses of its own: they replace the
 * pool's (whose entry goes back). */
static void repick_addrs(struct server *sv, struct sclient *c, const struct lvpn_ccd *ccd)
{
	if ((ccd->has_push4 && (!c->fixed4 || c->ip4 != ccd->push4_local)) || ccd->has_push6) {
		c->has4 = c->has6 = c->fixed4 = 0;
		pick_addrs(sv, c, ccd);
		if (c->lease >= 0 && c->has4 && c->fixed4 && c->has6 && ccd->has_push6) {
			int rc = lvpn_ippool_release(sv->pool, c->lease, 0);

			(void)rc;
			c->lease = -1;
		}
	}
}

static int pushed_removed(const struct lvpn_ccd *ccd, const char *opt)
{
	for (int i = 0; i < ccd->n_push_remove; i++)
		if (strstr(opt, ccd->push_remove[i]))
			return 1;
	return 0;
}

/* The push list: the global one (unless push-reset; less push-remove),
 * the client's own push lines, then its addresses.  Routes: its
 * addresses and iroutes. */
static size_t build_push(struct server *sv, int slot, const struct lvpn_ccd *ccd, const char **opts,
                         char *ifc, size_t ifclen, char *ifc6, size_t ifc6len)
{
	struct sclient *c = &sv->cl[slot];
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	size_t n = 0;
	int rc = 0, nroutes = 0;

	for (int i = 0; !ccd->push_reset && i < sv->sc.n_push && n < PUSH_MAX - 4; i++)
		if (!pushed_removed(ccd, sv->sc.push[i]))
			opts[n++] = sv->sc.push[i];
	for (int i = 0; !ccd->push_reset && i < sv->o->push.n && n < PUSH_MAX - 4; i++)
		if (!pushed_removed(ccd, sv->o->push.v[i]))
			opts[n++] = sv->o->push.v[i];
	for (int i = 0; i < ccd->n_push && n < PUSH_MAX - 4; i++)
		opts[n++] = ccd->push[i];
	if (c->has6) {
		snprintf(ifc6, ifc6len, "ifconfig-ipv6 %s/%d %s", lvpn_srvaddr_fmt6(c->ip6, a),
		         c->ip6_bits, lvpn_srvaddr_fmt6(c->ip6_b, b));
		opts[n++] = ifc6;
	}
	if (c->has4) {
		snprintf(ifc, ifclen, "ifconfig %s %s", lvpn_srvaddr_fmt4(c->ip4, a),
		         lvpn_srvaddr_fmt4(c->ip4_b, b));
		opts[n++] = ifc;
	}
	/* the routes in 2.6's order, each within max-routes-per-client */
	if (c->has4 && srv_hooks_route_quota(sv, slot, ccd, &nroutes))
		rc |= srv_learn_route4(sv, slot, c->ip4, 32, 0, &nroutes);
	if (c->has6 && srv_hooks_route_quota(sv, slot, ccd, &nroutes))
		rc |= srv_learn_route(sv, slot, 6, c->ip6, 128, 0, &nroutes);
	for (int i = 0; i < ccd->n_iroute4; i++)
		if (srv_hooks_route_quota(sv, slot, ccd, &nroutes))
			rc |= srv_learn_route4(sv, slot, ccd->iroute4[i].net, ccd->iroute4[i].bits,
			                       1, &nroutes);
	for (int i = 0; i < ccd->n_iroute6; i++)
		if (srv_hooks_route_quota(sv, slot, ccd, &nroutes))
			rc |= srv_learn_route(sv, slot, 6, ccd->iroute6[i].net,
			                      ccd->iroute6[i].bits, 1, &nroutes);
	if (rc)
		LVPN_LOG(sv->lg, LVPN_LOG_WARN, "%s: not every route of this client could be added",
		         c->cn);
	return n;
}

/* AUTH_FAILED goes out now; the client is removed (its slot free again)
 * REFUSED_LINGER_MS later at the latest (server.c timers), as OpenVPN
 * 2.6 schedules the exit of a refused client. */
static void refuse(struct server *sv, struct sclient *c, const char *reason, uint64_t now)
{
	int rc = lvpn_session_auth_failed(c->s, reason, now);

	(void)sv;
	(void)rc; /* the session may also end sooner, with an event */
	if (!c->end_at)
		c->end_at = now + REFUSED_LINGER_MS;
}

/* The client asked for its options: authentication, its ccd and
 * client-connect, an address, then the push list. */
static void push_reply(struct server *sv, int slot, uint64_t now)
{
	struct sclient *c = &sv->cl[slot];
	struct lvpn_tls_cert_info ci;
	struct lvpn_ccd *ccd = sv->ccd;
	const char *opts[PUSH_MAX];
	char ifc[128] = "no address", ifc6[160];
	const char *reason = NULL;
	size_t n;
	int rc;

	if (c->connected || c->end_at)
		return; /* a repeated request: the engine answers it; or refused */
	/* the common name as OpenVPN keeps it: control characters become '_'
	 * (it goes into logs, the status, ccd lookups and scripts) */
	rc = lvpn_tls_peer_cert(lvpn_session_tls(c->s), 0, &ci);
	if (rc == 0) {
		lvpn_peerstr_show(c->cn, sizeof(c->cn), ci.cn, LVPN_PEERSTR_NAME);
	} else if (rc != LVPN_ERR_INVAL) { /* a certificate that could not be read */
		refuse(sv, c, NULL, now);
		return;
	}
	if (srv_auth_check(sv, slot, &reason)) {
		refuse(sv, c, reason, now);
		return;
	}
	if (!sv->o->duplicate_cn && c->cn[0])
		drop_dups(sv, slot);
	if (srv_hooks_ccd(sv, slot, ccd)) {
		lvpn_ccd_free(ccd);
		refuse(sv, c, NULL, now);
		return;
	}
	pick_addrs(sv, c, ccd);
	if (srv_hooks_client_connect(sv, slot, ccd)) {
		lvpn_ccd_free(ccd);
		refuse(sv, c, NULL, now);
		return;
	}
	/* client-connect succeeded: from here every way out of this client
	 * (push failure, refusal, timeout, kill, exit) goes through
	 * srv_client_free, which runs client-disconnect once */
	c->hooked = 1;
	repick_addrs(sv, c, ccd);
	(void)srv_hooks_constraint(sv, slot);
	n = build_push(sv, slot, ccd, opts, ifc, sizeof(ifc), ifc6, sizeof(ifc6));
	srv_auth_push(sv, slot, opts, &n);
	rc = lvpn_session_push_reply(c->s, opts, n, now);
	if (rc == 0) {
		c->connected = 1;
		LVPN_LOG(sv->lg, LVPN_LOG_INFO, "%s: client connected, %s", c->cn, ifc);
	} else if (rc != LVPN_ERR_STATE) {
		/* (no common cipher: the engine sent AUTH_FAILED) the client is
		 * not asked again: it goes like a refused one */
		LVPN_LOG(sv->lg, LVPN_LOG_WARN, "%s: push failed: %s", c->cn, lvpn_strerror(rc));
		if (!c->end_at)
			c->end_at = now + REFUSED_LINGER_MS;
	}
	lvpn_ccd_free(ccd);
}

/* Handles a client's events; returns 1 when the client is gone. */
int srv_client_events(struct server *sv, int slot, uint64_t now)
{
	struct sclient *c = &sv->cl[slot];
	struct lvpn_event ev;

	for (lvpn_session_next_event(c->s, &ev); ev.type != LVPN_EV_NONE;
	     lvpn_session_next_event(c->s, &ev)) {
		switch (ev.type) {
		case LVPN_EV_PUSH_REQUEST:
			push_reply(sv, slot, now);
			break;
		case LVPN_EV_RENEGOTIATED:
			if (srv_auth_again(sv, slot, now))
				return 1; /* refused: freed */
			srv_auth_renew(sv, slot, now);
			break;
		case LVPN_EV_RESTART:
		case LVPN_EV_HALT:
		case LVPN_EV_EXIT: {
			char why[256];

			srv_flush(sv, c, now); /* an AUTH_FAILED or alert may be waiting */
			/* the text may be the peer's own words */
			LVPN_LOG(
			    sv->lg, LVPN_LOG_INFO, "%s: %s", c->cn[0] ? c->cn : "client",
			    ev.text ? lvpn_peerstr_show(why, sizeof(why), ev.text, LVPN_PEERSTR_LOG)
			            : "session ended");
			srv_client_free(sv, slot);
			return 1;
		}
		default:
			break;
		}
	}
	srv_flush(sv, c, now);
	return 0;
}

void srv_send_copy(struct server *sv, struct sclient *t, const uint8_t *p, size_t len, uint64_t now)
{
	struct lvpn_frame f;
	struct lvpn_buf *x;

	/* a copy at the room the client's frame needs, encrypted for it */
	lvpn_session_frame(t->s, &f);
	if ((uint64_t)f.headroom + len + f.tailroom > sv->dp.bufsize) {
		sv->dp.st.tx_drop++;
		return;
	}
	x = srv_dp_txbuf(sv);
	x->head = f.headroom;
	memcpy(x->base + x->head, p, len);
	x->len = (uint32_t)len;
	if (srv_block6_batch(sv, &x, 1, sv->dp.bufsize - f.headroom - f.tailroom, 0) == 0)
		return;
	if (lvpn_session_encrypt(t->s, x, now) != 0)
		return;
	if (t->fd < 0)
		srv_dp_commit(sv, t);
	else
		srv_send_to(sv, t, lvpn_buf_data(x), x->len);
}

/* A decrypted packet from client slot: to another client or to the TUN
 * (frames of a tap: src/srv_tap.c). */
void srv_from_client(struct server *sv, int slot, struct lvpn_buf *b, uint64_t now)
{
	int to = -1;

	if (sv->tap) {
		srv_tap_from_client(sv, slot, lvpn_buf_data(b), b->len, now);
		return;
	}
	if (lvpn_iptable_src_check(sv->routes, slot, lvpn_buf_data(b), b->len) != 0)
		return; /* a source address that is not the client's */
	if (sv->o->client_to_client &&
	    lvpn_iptable_route(sv->routes, lvpn_buf_data(b), b->len, &to) == 0 && to >= 0 &&
	    to != slot && sv->cl[to].used && sv->cl[to].connected) {
		srv_send_copy(sv, &sv->cl[to], lvpn_buf_data(b), b->len, now);
		return;
	}
	srv_nat(sv, &b, 1, LVPN_CLINAT_IN);
	srv_dp_to_tun(sv, lvpn_buf_data(b), b->len);
}
