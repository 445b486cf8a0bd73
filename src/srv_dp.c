/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the server's data path (UDP and TUN device).
 *
 * Link output: every packet for a UDP client waits in a queue of
 * buffers allocated once (with a copy of the client's address) until the
 * end of the batch being handled (a receive batch, a TUN batch, a timer
 * round), then the queue goes out in one sendmmsg, grouped by client so
 * that each client's equal-sized datagrams form one UDP GSO train
 * (src/udp_batch.h).  TCP clients are written at once, as before.
 *
 * TUN input: with offloads (IFF_VNET_HDR + TSO), one read may be a TCP
 * super-packet of up to 64 KiB; it is routed once by its header (its
 * segments share the destination), cut (proto/offload.h) into queue
 * buffers at the destination session's headroom, encrypted in place and
 * queued.  Without offloads a read is one packet, cut the same way.
 *
 * TUN output: decrypted packets go through lvpn_tunw (TCP segments of a
 * flow coalesced into one write with offloads).
 *
 * Nothing here allocates after srv_dp_setup() or formats text per
 * packet.  LEANVPN_OFFLOAD forces the fallbacks (src/offload_ctl.h). */
#include "src/server_int.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TUN_READS   64 /* TUN reads per wakeup */
#define SEG_BATCH   16 /* segments sealed per engine call */
#define TUN_IN_SIZE (LVPN_VNET_HDR_LEN + LVPN_GSO_MAX)
#define SOCKBUF     (4 << 20) /* UDP socket buffers unless configured */

void srv_dp_env(struct server *sv)
{
	lvpn_offload_env(getenv("LEANVPN_OFFLOAD"), &sv->dp.off, sv->lg);
}

/* Buffers hold a packet of the largest tun-mtu with room for any
 * cipher's and compression's headers (as the client's). */
static uint32_t dp_bufsize(const struct lvpn_options *o)
{
	uint32_t mtu = 1500;

	if (o->ce.tun_mtu > 0 && (uint32_t)o->ce.tun_mtu > mtu)
		mtu = (uint32_t)o->ce.tun_mtu;
	if (o->ce.tun_max_mtu > 0 && (uint32_t)o->ce.tun_max_mtu > mtu)
		mtu = (uint32_t)o->ce.tun_max_mtu;
	mtu += 1024;
	return mtu < 4096 ? 4096 : mtu > 65536 ? 65536 : mtu;
}

static void bigbuf(int fd, int force, int plain, int configured)
{
	int v = SOCKBUF;

	if (configured > 0) {
		setsockopt(fd, SOL_SOCKET, plain, &configured, sizeof(configured));
		return;
	}
	/* root may go beyond rmem_max/wmem_max; otherwise the kernel caps */
	if (setsockopt(fd, SOL_SOCKET, force, &v, sizeof(v)) != 0)
		setsockopt(fd, SOL_SOCKET, plain, &v, sizeof(v));
}

int srv_dp_setup(struct server *sv)
{
	struct srv_dp *d = &sv->dp;

	d->bufsize = dp_bufsize(sv->o);
	d->txmem = malloc((size_t)SRV_TXQ * d->bufsize);
	d->tun_in = malloc(TUN_IN_SIZE);
	d->gro_mem = malloc(TUN_IN_SIZE);
	d->tcp_in = sv->tcp ? malloc(SRV_TCP_IN) : NULL;
	if (!d->txmem || !d->tun_in || !d->gro_mem || (sv->tcp && !d->tcp_in)) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "out of memory for the packet buffers");
		return -1;
	}
	for (unsigned i = 0; i < SRV_TXQ; i++)
		lvpn_buf_init(&d->txb[i], d->txmem + (size_t)i * d->bufsize, d->bufsize);
	lvpn_tunw_init(&d->tw, sv->tun.fd, sv->tun.vnet, d->gro_mem, &d->c, sv->lg);
	d->tw_ready = 1;
	if (sv->udp < 0)
		return 0;
	if (lvpn_udpb_init(&d->u, d->bufsize, &d->st, sv->lg)) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "out of memory for the receive buffers");
		return -1;
	}
	d->u_ready = 1;
	bigbuf(sv->udp, SO_SNDBUFFORCE, SO_SNDBUF, sv->o->sndbuf);
	bigbuf(sv->udp, SO_RCVBUFFORCE, SO_RCVBUF, sv->o->rcvbuf);
	lvpn_udpb_attach(&d->u, sv->udp, d->off.gso, d->off.gro);
	if (sv->o->multihome && lvpn_udpb_pktinfo(&d->u))
		return -1;
	LVPN_LOG(sv->lg, LVPN_LOG_INFO, "data path: TUN offload %s, UDP GSO %s, UDP GRO %s",
	         sv->tun.vnet ? "on" : "off", d->u.gso ? "on" : "off", d->u.gro ? "on" : "off");
	return 0;
}

void srv_dp_free(struct server *sv)
{
	struct srv_dp *d = &sv->dp;

	if (d->u_ready)
		lvpn_udpb_free(&d->u);
	d->u_ready = d->tw_ready = 0;
	if (d->txmem)
		lvpn_wipe(d->txmem, (size_t)SRV_TXQ * d->bufsize);
	if (d->tun_in)
		lvpn_wipe(d->tun_in, TUN_IN_SIZE);
	if (d->gro_mem)
		lvpn_wipe(d->gro_mem, TUN_IN_SIZE);
	if (d->tcp_in)
		lvpn_wipe(d->tcp_in, SRV_TCP_IN);
	free(d->tcp_in);
	d->tcp_in = NULL;
	free(d->txmem);
	free(d->tun_in);
	free(d->gro_mem);
	d->txmem = d->tun_in = d->gro_mem = NULL;
	d->ntx = 0;
}

int srv_dp_worker_init(struct server *sv, struct srv_dp *d)
{
	memset(d, 0, sizeof(*d));
	d->bufsize = sv->dp.bufsize;
	d->txmem = malloc((size_t)SRV_TXQ * d->bufsize);
	if (!d->txmem)
		return -1;
	for (unsigned i = 0; i < SRV_TXQ; i++)
		lvpn_buf_init(&d->txb[i], d->txmem + (size_t)i * d->bufsize, d->bufsize);
	/* the server's socket and what it allows (GSO, pktinfo); the receive
	 * memory stays the main thread's and is never used here */
	d->u = sv->dp.u;
	d->u.st = &d->st;
	d->u_ready = 1;
	return 0;
}

void srv_dp_worker_free(struct srv_dp *d)
{
	if (d->txmem)
		lvpn_wipe(d->txmem, (size_t)SRV_TXQ * d->bufsize);
	free(d->txmem);
	d->txmem = NULL;
	d->ntx = 0;
}

/* --- link output --- */

void srv_dp_send_queue(struct srv_dp *d)
{
	unsigned n = d->ntx;
	int rc;

	d->ntx = 0;
	if (n == 0 || !d->u_ready)
		return;
	lvpn_udpb_group(d->txkey, n, d->order);
	for (unsigned i = 0; i < n; i++) {
		unsigned k = d->order[i];

		d->gb[i] = &d->txb[k];
		d->ga[i] = &d->txaddr[k];
		d->gl[i] = d->txalen[k];
		d->gs[i] = &d->txsrc[k];
	}
	rc = lvpn_udpb_send_from(&d->u, d->gb, d->ga, d->gl, d->u.pktinfo ? d->gs : NULL, n);
	(void)rc; /* n is at most SRV_TXQ */
}

struct lvpn_buf *srv_dp_txbuf(struct server *sv)
{
	struct srv_dp *d = &sv->dp;
	struct lvpn_buf *b;

	if (d->ntx == SRV_TXQ)
		srv_dp_send_queue(d);
	b = &d->txb[d->ntx];
	b->head = 0;
	b->len = 0;
	return b;
}

/* Queues d's next buffer for client c (its address copied). */
static void commit(struct srv_dp *d, const struct server *sv, const struct sclient *c)
{
	unsigned i = d->ntx;

	d->txkey[i] = (uint32_t)(c - sv->cl);
	memcpy(&d->txaddr[i], &c->addr, c->alen);
	d->txalen[i] = c->alen;
	d->txsrc[i] = c->local;
	d->ntx = i + 1;
}

void srv_dp_commit(struct server *sv, const struct sclient *c)
{
	commit(&sv->dp, sv, c);
}

void srv_dp_send(struct server *sv, const struct sclient *c, const uint8_t *p, size_t len)
{
	struct lvpn_buf *b;

	if (len > sv->dp.bufsize) {
		sv->dp.st.tx_drop++;
		return;
	}
	b = srv_dp_txbuf(sv);
	memcpy(b->base, p, len);
	b->len = (uint32_t)len;
	srv_dp_commit(sv, c);
}

void srv_dp_flush(struct server *sv)
{
	if (sv->dp.tw_ready)
		lvpn_tunw_flush(&sv->dp.tw);
	srv_dp_send_queue(&sv->dp);
}

/* --- TUN --- */

void srv_dp_to_tun(struct server *sv, const uint8_t *p, size_t len)
{
	if (sv->dp.tw_ready)
		lvpn_tunw_put(&sv->dp.tw, p, len);
}

/* Cuts up to SEG_BATCH segments of g into the free send-queue buffers,
 * seals them in one engine call and queues (UDP) or sends (TCP) those the
 * session sealed, in order; a refused one (no key yet, too big) is
 * dropped.  Returns the number of segments cut (< SEG_BATCH: g is done). */
static unsigned cut_batch(struct server *sv, struct srv_dp *d, struct sclient *c,
                          struct lvpn_gso *g, const struct lvpn_frame *f, uint32_t cap, int gso,
                          uint64_t now)
{
	struct lvpn_buf *v[SEG_BATCH];
	int res[SEG_BATCH];
	unsigned k = 0, kept;

	if (d->ntx + SEG_BATCH > SRV_TXQ)
		srv_dp_send_queue(d);
	while (k < SEG_BATCH) {
		struct lvpn_buf *x = &d->txb[d->ntx + k];
		size_t seg;
		int r;

		x->head = f->headroom;
		r = lvpn_gso_next(g, x->base + x->head, cap, &seg);
		if (r <= 0) {
			if (r < 0)
				d->c.tun_bad++;
			break;
		}
		if (gso)
			d->c.tun_segs++;
		x->len = (uint32_t)seg;
		v[k++] = x;
	}
	srv_nat(sv, v, k, LVPN_CLINAT_OUT);
	kept = srv_block6_batch(sv, v, k, cap, 1);
	lvpn_session_encrypt_batch(c->s, v, kept, now, res);
	for (unsigned j = 0; j < kept; j++) {
		if (res[j])
			continue;
		if (c->fd >= 0) {
			srv_send_to(sv, c, lvpn_buf_data(v[j]), v[j]->len);
			continue;
		}
		/* the queue is contiguous: a sealed buffer takes the place of a
		 * refused one before it (buffers are descriptors: swap them) */
		if (v[j] != &d->txb[d->ntx]) {
			struct lvpn_buf t = d->txb[d->ntx];

			d->txb[d->ntx] = *v[j];
			*v[j] = t;
		}
		commit(d, sv, c);
	}
	/* --fragment: the rest of the packets cut follow at once (the peer
	 * reassembles only 25 packets at a time) */
	if (sv->o->ce.fragment) {
		srv_dp_send_queue(d);
		srv_flush(sv, c, now);
	}
	return k;
}

/* Cuts one read (h, then the packet of len bytes at p) for the client
 * its destination address routes to. */
static void route_read(struct server *sv, struct srv_dp *d, const struct lvpn_vnet_hdr *h,
                       const uint8_t *p, size_t len, uint64_t now)
{
	struct lvpn_frame f;
	struct sclient *c;
	struct lvpn_gso g;
	uint32_t cap;
	int to = -1;

	if (lvpn_iptable_route(sv->routes, p, len, &to) || to < 0 || !sv->cl[to].used ||
	    !sv->cl[to].connected)
		return;
	if (lvpn_gso_start(&g, h, p, len)) {
		d->c.tun_bad++;
		return;
	}
	c = &sv->cl[to];
	lvpn_session_frame(c->s, &f);
	cap = f.headroom + f.tailroom < d->bufsize ? d->bufsize - f.headroom - f.tailroom : 0;
	if (f.payload < cap)
		cap = f.payload;
	if (h->gso_type != LVPN_VNET_GSO_NONE)
		d->c.tun_super++;
	while (cut_batch(sv, d, c, &g, &f, cap, h->gso_type != LVPN_VNET_GSO_NONE, now) ==
	       SEG_BATCH)
		;
}

void srv_dp_tun_read(struct server *sv, struct srv_dp *d, const uint8_t *in, size_t n, uint64_t now)
{
	const struct lvpn_vnet_hdr plain = {0};
	struct lvpn_vnet_hdr h;

	if (!sv->tun.vnet) {
		route_read(sv, d, &plain, in, n, now);
		return;
	}
	if (lvpn_vnet_hdr_read(in, n, &h)) {
		d->c.tun_bad++;
		return;
	}
	route_read(sv, d, &h, in + LVPN_VNET_HDR_LEN, n - LVPN_VNET_HDR_LEN, now);
}

void srv_read_tun(struct server *sv, uint64_t now)
{
	struct srv_dp *d = &sv->dp;

	for (int i = 0; i < TUN_READS; i++) {
		ssize_t n = read(sv->tun.fd, d->tun_in, TUN_IN_SIZE);

		if (n <= 0)
			break;
		d->c.tun_reads++;
		if (sv->tap) {
			srv_tap_from_tun(sv, d->tun_in, (size_t)n, now);
			continue;
		}
		srv_dp_tun_read(sv, d, d->tun_in, (size_t)n, now);
	}
	srv_dp_flush(sv);
}

void srv_dp_log(struct server *sv, int level)
{
	struct lvpn_link_stats l = sv->dp.st;
	struct lvpn_dp_stats c = sv->dp.c;

	srv_tx_stats(sv, &l, &c); /* the workers' so far, if any */
	lvpn_offload_log(sv->lg, level, &l, &c);
	srv_tap_log(sv, level);
}
