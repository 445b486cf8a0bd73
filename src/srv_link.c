/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the server's input: UDP datagrams (peer-id or address
 * lookup; unknown addresses go through the stateless cookie handshake,
 * srv_cookie.c) in batches (src/udp_batch.h) and TCP connections; the
 * TUN device is read in srv_dp.c. */
#include "src/server_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <netinet/tcp.h>

#include "crypto/keyfile.h"
#include "base/wire.h"

/* --- UDP --- */

/* One datagram from a, handled in place in the receive buffer or, when
 * it may need room that buffer has not, in sv->pkt. */
/* A control packet from a client's address that names another session
 * id than the one that client's session has. */
static int other_session(struct server *sv, int slot, const uint8_t *p, size_t len)
{
	uint8_t sid[LVPN_SID_SIZE];
	unsigned op = lvpn_op_of(p[0]);

	if (len < 1 + LVPN_SID_SIZE || lvpn_op_is_data(op) || !sv->cl[slot].s ||
	    !lvpn_session_peer_sid(sv->cl[slot].s, sid))
		return 0;
	return memcmp(p + 1, sid, LVPN_SID_SIZE) != 0;
}

static void udp_packet(struct server *sv, struct lvpn_buf *in, const struct sockaddr_storage *a,
                       socklen_t alen, uint64_t now)
{
	struct lvpn_buf b = *in;
	const uint8_t *p = lvpn_buf_data(in);
	size_t len = in->len;
	enum lvpn_rx rx;
	unsigned op = len ? lvpn_op_of(p[0]) : 0;
	int slot = -1, by_id = 0, rc;
	int known = lvpn_peertab_by_addr(sv->peers, a, alen, &slot);

	if (len == 0)
		return;
	if (!known && op == LVPN_OP_DATA_V2 && len >= 4) {
		known = lvpn_peertab_by_peer_id(
		    sv->peers, (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3], &slot);
		by_id = known;
	}
	if (!known) {
		/* no state until the client proved it got our cookie */
		slot = srv_cookie_udp(sv, p, len, a, alen, -1, now);
		if (slot < 0)
			return;
		sv->cl[slot].local = sv->dp.u.local;
	} else if (!by_id && other_session(sv, slot, p, len)) {
		/* the client restarted from the same address and port: its new
		 * session is admitted like any other and then replaces this one */
		slot = srv_cookie_udp(sv, p, len, a, alen, slot, now);
		if (slot < 0)
			return;
		sv->cl[slot].local = sv->dp.u.local;
	}
	/* a datagram cut from a GRO buffer has no room after it: enough for
	 * data packets opened in place, but not for one that may decompress,
	 * nor for control packets (rare: copied) */
	if ((sv->o->allow_compression != LVPN_ALLOWCOMP_NO ||
	     (op != LVPN_OP_DATA_V2 && op != LVPN_OP_DATA_V1)) &&
	    lvpn_buf_tailroom(in) + in->len < sv->dp.bufsize) {
		lvpn_buf_init(&b, sv->pkt, PKT_MAX);
		memcpy(b.base, p, len);
		b.len = (uint32_t)len;
	}
	sv->verifying = slot; /* --tls-verify runs for this client */
	rc = lvpn_session_recv(sv->cl[slot].s, &b, now, &rx);
	sv->verifying = -1;
	/* multihome: answered from where its authenticated packets come to,
	 * as 2.6 answers from where the last one came */
	if (rc == 0 && !by_id)
		sv->cl[slot].local = sv->dp.u.local;
	if (rc == 0 && by_id) {
		/* authenticated from a new address: the client moved */
		if (lvpn_peertab_float(sv->peers, slot, a, alen) == 0) {
			memcpy(&sv->cl[slot].addr, a, alen);
			sv->cl[slot].alen = alen;
			sv->cl[slot].local = sv->dp.u.local;
		}
	}
	if (rc == 0 && rx == LVPN_RX_TUN)
		srv_from_client(sv, slot, &b, now);
	srv_client_events(sv, slot, now);
}

struct rx_ctx {
	struct server *sv;
	uint64_t now;
};

static void on_datagram(void *ctx, struct lvpn_buf *b)
{
	struct rx_ctx *x = ctx;
	struct lvpn_udpb *u = &x->sv->dp.u;

	udp_packet(x->sv, b, u->from, u->fromlen, x->now);
}

/* With workers: the datagrams of one receive call, handled in one pass
 * under the lock (the receive buffers keep them until the next call). */
static void handle_kept(void *ctx)
{
	struct rx_ctx *x = ctx;
	struct server *sv = x->sv;

	srv_lock(sv);
	for (unsigned i = 0; i < sv->nrxg; i++) {
		struct srv_rxg *g = &sv->rxg[i];

		sv->dp.u.local = g->local; /* multihome: where it came to */
		udp_packet(sv, &g->b, g->from, g->fromlen, x->now);
	}
	sv->nrxg = 0;
	srv_unlock(sv);
}

static void keep_datagram(void *ctx, struct lvpn_buf *b)
{
	struct rx_ctx *x = ctx;
	struct server *sv = x->sv;
	struct srv_rxg *g = &sv->rxg[sv->nrxg++];

	g->b = *b;
	g->from = sv->dp.u.from;
	g->fromlen = sv->dp.u.fromlen;
	g->local = sv->dp.u.local;
	if (sv->nrxg == SRV_RXG)
		handle_kept(ctx);
}

/* A batch of datagrams (recvmmsg, GRO buffers cut), then what they
 * produced: the coalesced TUN writes and the link packets, grouped by
 * client.  With workers the socket is read and the queue sent without
 * the lock. */
void srv_read_udp(struct server *sv, uint64_t now)
{
	struct rx_ctx x = {sv, now};
	int rc;

	if (!sv->nwk) {
		rc = lvpn_udpb_recv(&sv->dp.u, on_datagram, &x);
		(void)rc; /* a UDP error is not fatal */
		srv_dp_flush(sv);
		return;
	}
	sv->nrxg = 0;
	srv_unlock(sv);
	rc = lvpn_udpb_recv_vec(&sv->dp.u, keep_datagram, handle_kept, &x);
	(void)rc;
	srv_dp_flush(sv);
	srv_lock(sv);
}

/* --- TCP --- */

/* A new connection takes no client slot until its first frame is in: it
 * waits in srv_tcpv2.c's small table (the oldest waiter makes room, a
 * silent one is closed soon), so connections that send nothing cannot
 * keep real clients out; with tls-crypt-v2 the frame also brings the
 * client key. */
void srv_accept_tcp(struct server *sv, uint64_t now)
{
	struct sockaddr_storage a;
	socklen_t alen = sizeof(a);
	int one = 1,
	    fd = accept4(sv->lsock, (struct sockaddr *)&a, &alen, SOCK_CLOEXEC | SOCK_NONBLOCK);

	if (fd < 0)
		return;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	srv_tcpv2_accept(sv, fd, &a, alen, now);
}

void srv_read_tcp(struct server *sv, int slot, uint64_t now)
{
	struct sclient *c = &sv->cl[slot];
	/* many frames per read: the server's buffer, fed before the next
	 * read (nothing in srv_tcp_feed reads a connection) */
	ssize_t n = recv(c->fd, sv->dp.tcp_in, SRV_TCP_IN, MSG_DONTWAIT);

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		srv_client_free(sv, slot);
		return;
	}
	if (n > 0)
		srv_tcp_feed(sv, slot, sv->dp.tcp_in, (size_t)n, now);
}

void srv_tcp_feed(struct server *sv, int slot, const uint8_t *in, size_t n, uint64_t now)
{
	struct sclient *c = &sv->cl[slot];

	for (size_t off = 0; off < n && sv->cl[slot].used;) {
		struct lvpn_buf b;
		enum lvpn_rx rx;
		size_t used;
		int rc;

		lvpn_buf_init(&b, sv->pkt, PKT_MAX);
		sv->verifying = slot;
		rc = lvpn_session_recv_stream(c->s, in + off, n - off, &used, &b, now, &rx);
		sv->verifying = -1;
		off += used;
		if (rc == 0 && rx == LVPN_RX_TUN)
			srv_from_client(sv, slot, &b, now);
		if (srv_client_events(sv, slot, now) || rc == LVPN_ERR_FRAMING || used == 0)
			break;
	}
}
