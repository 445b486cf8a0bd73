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

#include "proto/wire.h"

void srv_client_free(struct server *sv, int slot)
{
	struct sclient *c = &sv->cl[slot];
	int rc;

	if (!c->used)
		return;
	if (c->connected)
		LVPN_LOG(sv->lg, LVPN_LOG_INFO, "%s: client disconnected", c->cn[0] ? c->cn : "?");
	lvpn_iptable_remove_client(sv->routes, slot);
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
	lvpn_session_free(c->s);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->lease = -1;
}

void srv_send_to(struct server *sv, struct sclient *c, const uint8_t *p, size_t len)
{
	if (c->fd >= 0) {
		while (len) {
			ssize_t n = send(c->fd, p, len, MSG_NOSIGNAL);

			if (n <= 0)
				return; /* a stuck client loses packets, the stream stays framed
				         * only if whole frames go: the socket is blocking */
			p += n;
			len -= (size_t)n;
		}
		return;
	}
	sendto(sv->udp, p, len, MSG_DONTWAIT, (const struct sockaddr *)&c->addr, c->alen);
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

int srv_client_new(struct server *sv, const struct sockaddr_storage *a, socklen_t alen, int fd,
                   const uint8_t *kc, uint64_t now)
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
	lvpn_client_session_conf(&sv->cc, sv->o, &sv->o->ce, sv->tls, &conf);
	conf.role = LVPN_SESSION_SERVER;
	conf.peer_id = (uint32_t)slot;
	conf.username = conf.password = conf.peer_info = NULL;
	if (kc) {
		conf.wrap_mode = LVPN_WRAP_CRYPT;
		conf.wrap_key = kc;
		conf.tcv2_server = 1;
	}
	ops.unix_base = (uint64_t)time(NULL) - now / 1000;
	rc = lvpn_session_new(&conf, &ops, now, &c->s);
	if (rc) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "cannot start a session: %s", lvpn_strerror(rc));
		c->used = 1;
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
		LVPN_LOG(sv->lg, LVPN_LOG_INFO, "%s: replaced by a new connection (no duplicate-cn)",
		         sv->cl[i].cn);
		srv_client_free(sv, (int)i);
	}
}

/* The client asked for its options: an address, then the push list. */
static void push_reply(struct server *sv, int slot, uint64_t now)
{
	struct sclient *c = &sv->cl[slot];
	struct lvpn_tls_cert_info ci;
	const char *opts[PUSH_MAX];
	char ifc[128], ifc6[160], a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	size_t n = 0;
	uint32_t v;

	if (lvpn_tls_peer_cert(lvpn_session_tls(c->s), 0, &ci) == 0)
		snprintf(c->cn, sizeof(c->cn), "%.*s", (int)sizeof(c->cn) - 1, ci.cn);
	if (!sv->o->duplicate_cn && c->cn[0])
		drop_dups(sv, slot);
	if (c->lease < 0 && sv->pool && lvpn_ippool_acquire(sv->pool, c->cn, &c->l) == 0)
		c->lease = c->l.handle;
	for (int i = 0; i < sv->sc.n_push && n < PUSH_MAX - 4; i++)
		opts[n++] = sv->sc.push[i];
	for (int i = 0; i < sv->o->push.n && n < PUSH_MAX - 4; i++)
		opts[n++] = sv->o->push.v[i];
	if (c->lease >= 0 && c->l.has_v6) {
		inet_ntop(AF_INET6, c->l.remote6, a, sizeof(a));
		inet_ntop(AF_INET6, sv->sc.ifconfig_ipv6_local, b, sizeof(b));
		snprintf(ifc6, sizeof(ifc6), "ifconfig-ipv6 %s/%d %s", a,
		         sv->sc.ifconfig_ipv6_netbits, b);
		opts[n++] = ifc6;
		if (lvpn_iptable_add6(sv->routes, c->l.remote6, 128, slot))
			LVPN_LOG(sv->lg, LVPN_LOG_WARN, "routing table full");
	}
	if (c->lease >= 0 && c->l.has_v4) {
		v = htonl(c->l.remote);
		inet_ntop(AF_INET, &v, a, sizeof(a));
		v = htonl(sv->o->topology == LVPN_TOPO_SUBNET  ? sv->sc.pool_netmask
		          : sv->o->topology == LVPN_TOPO_NET30 ? c->l.local
		                                               : sv->sc.ifconfig_local);
		inet_ntop(AF_INET, &v, b, sizeof(b));
		snprintf(ifc, sizeof(ifc), "ifconfig %s %s", a, b);
		opts[n++] = ifc;
		if (lvpn_iptable_add4(sv->routes, c->l.remote, 32, slot))
			LVPN_LOG(sv->lg, LVPN_LOG_WARN, "routing table full");
	}
	if (lvpn_session_push_reply(c->s, opts, n, now) == 0) {
		c->connected = 1;
		LVPN_LOG(sv->lg, LVPN_LOG_INFO, "%s: client connected, %s", c->cn,
		         c->lease >= 0 ? ifc : "no address");
	}
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
		case LVPN_EV_RESTART:
		case LVPN_EV_HALT:
		case LVPN_EV_EXIT:
			srv_flush(sv, c, now); /* an AUTH_FAILED or alert may be waiting */
			LVPN_LOG(sv->lg, LVPN_LOG_INFO, "%s: %s", c->cn[0] ? c->cn : "client",
			         ev.text ? ev.text : "session ended");
			srv_client_free(sv, slot);
			return 1;
		default:
			break;
		}
	}
	srv_flush(sv, c, now);
	return 0;
}

/* A decrypted packet from client slot: to another client or to the TUN. */
void srv_from_client(struct server *sv, int slot, struct lvpn_buf *b, uint64_t now)
{
	int to = -1;

	if (lvpn_iptable_src_check(sv->routes, slot, lvpn_buf_data(b), b->len) != 0)
		return; /* a source address that is not the client's */
	if (sv->o->client_to_client &&
	    lvpn_iptable_route(sv->routes, lvpn_buf_data(b), b->len, &to) == 0 && to >= 0 &&
	    to != slot && sv->cl[to].used && sv->cl[to].connected) {
		struct lvpn_frame f;

		/* re-encrypt for the other client: move the packet to the room
		 * the frame needs (one copy, client-to-client only) */
		lvpn_session_frame(sv->cl[to].s, &f);
		memmove(b->base + f.headroom, lvpn_buf_data(b), b->len);
		b->head = f.headroom;
		if (lvpn_session_encrypt(sv->cl[to].s, b, now) == 0)
			srv_send_to(sv, &sv->cl[to], lvpn_buf_data(b), b->len);
		return;
	}
	if (sv->tun_open) {
		ssize_t n = write(sv->tun.fd, lvpn_buf_data(b), b->len);

		(void)n;
	}
}
