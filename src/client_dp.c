/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the client's data path: TUN device <-> engine <-> link.
 *
 * With TUN offloads (IFF_VNET_HDR + TSO), one read from the TUN device may
 * be a TCP super-packet of up to 64 KiB: it is cut into the segments the
 * kernel would have sent (proto/offload.h), each in a pool buffer at the
 * session's headroom, encrypted in place and sent with the rest of the
 * batch (as UDP GSO trains when the socket allows).  On the way back the
 * decrypted TCP segments of a flow are coalesced into one super-packet per
 * TUN write; any other packet is written on its own behind a zero
 * virtio_net_hdr.  The wire carries the same packets as without offloads.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "src/client_int.h"

#define TUN_READS   64 /* TUN reads per wakeup */
#define TUN_IN_SIZE (LVPN_VNET_HDR_LEN + LVPN_GSO_MAX)

int lvpn_client_dp_init(struct client *c)
{
	lvpn_client_dp_free(c);
	c->tun_in = malloc(TUN_IN_SIZE);
	c->gro_mem = malloc(TUN_IN_SIZE);
	c->bounce = malloc(c->bufsize);
	if (!c->tun_in || !c->gro_mem || !c->bounce) {
		lvpn_client_dp_free(c);
		return LVPN_ERR_NOMEM;
	}
	lvpn_tunw_init(&c->tw, -1, 0, c->gro_mem, &c->dp, c->lg);
	return 0;
}

void lvpn_client_dp_free(struct client *c)
{
	if (c->tun_in)
		lvpn_wipe(c->tun_in, TUN_IN_SIZE);
	if (c->gro_mem)
		lvpn_wipe(c->gro_mem, TUN_IN_SIZE);
	if (c->bounce)
		lvpn_wipe(c->bounce, c->bufsize);
	free(c->tun_in);
	free(c->gro_mem);
	free(c->bounce);
	c->tun_in = c->gro_mem = c->bounce = NULL;
}

void lvpn_client_dp_env(struct client *c)
{
	lvpn_offload_env(getenv("LEANVPN_OFFLOAD"), &c->off, c->lg);
}

/* --- TUN -> link --- */

/* The counters of this direction: the second thread's own with
 * data-threads 2 (published under the lock, see send_group). */
static struct lvpn_dp_stats *tx_dp(struct client *c)
{
	return c->tx_on ? &c->tx_dp : &c->dp;
}

/* Largest plaintext a pool buffer takes at the session's headroom. */
static uint32_t seg_cap(const struct client *c)
{
	uint32_t room = c->frame.headroom + c->frame.tailroom;
	uint32_t max = c->bufsize > room ? c->bufsize - room : 0;

	return c->frame.payload < max ? c->frame.payload : max;
}

/* Seals b[0..n) (TUN packets) in one engine call, sends those the
 * session sealed (a packet it refuses, no key yet or too big, is dropped)
 * and gives every buffer back. */
static int send_group(struct client *c, struct lvpn_buf **b, unsigned n, uint64_t now)
{
	int res[LVPN_CLINK_BATCH], rc = 0;
	int16_t tos[LVPN_CLINK_BATCH];
	unsigned m = 0;

	if (c->o->passtos)
		lvpn_client_tos_mark(c, b, n, tos);
	if (c->tx_on) { /* the second thread: the engine is shared */
		pthread_mutex_lock(&c->slock);
		lvpn_session_encrypt_batch(c->s, b, n, now, res);
		c->tx_dp_pub = c->tx_dp; /* what SIGUSR2 shows meanwhile */
		c->tx_st_pub = c->tx_st;
		pthread_mutex_unlock(&c->slock);
	} else {
		lvpn_session_encrypt_batch(c->s, b, n, now, res);
	}
	for (unsigned i = 0; i < n; i++) {
		if (res[i] == 0) {
			if (c->o->passtos)
				tos[m] = tos[i];
			b[m++] = b[i];
		} else {
			lvpn_pool_put(&c->pool, b[i]);
		}
	}
	if (m && c->tx_on)
		rc = lvpn_udpb_send(&c->txu, b, m);
	else if (m)
		rc = c->o->passtos ? lvpn_client_send_tos(c, b, tos, m)
		                   : lvpn_clink_send_batch(&c->link, b, m);
	for (unsigned i = 0; i < m; i++)
		lvpn_pool_put(&c->pool, b[i]);
	if (c->frag && rc == 0) /* the rest of the packets cut */
		lvpn_client_flush(c, now);
	return rc;
}

/* With --fragment, the fragments of one packet must not be spread over
 * more packets than the peer reassembles at once (25 in OpenVPN): the
 * batch goes out in groups, each followed by the fragments it left. */
#define FRAG_GROUP 16

static int send_out(struct client *c, struct lvpn_buf **b, unsigned n, uint64_t now)
{
	unsigned step = c->frag ? FRAG_GROUP : n;
	int rc = 0;

	lvpn_client_nat_out(c, b, n);
	n = lvpn_client_block6(c, b, n);

	for (unsigned i = 0; i < n; i += step) {
		int r = send_group(c, b + i, n - i < step ? n - i : step, now);

		rc = rc ? rc : r;
	}
	return rc;
}

/* Cuts one read (virtio_net_hdr + packet, len bytes) into pool buffers
 * appended to b (*n of them so far); a full batch is sealed and sent
 * on the way. */
static int cut_read(struct client *c, size_t len, struct lvpn_buf **b, unsigned *n, uint64_t now)
{
	struct lvpn_vnet_hdr h;
	struct lvpn_gso g;
	uint32_t cap = seg_cap(c);
	int rc = 0;

	if (lvpn_vnet_hdr_read(c->tun_in, len, &h) ||
	    lvpn_gso_start(&g, &h, c->tun_in + LVPN_VNET_HDR_LEN, len - LVPN_VNET_HDR_LEN)) {
		tx_dp(c)->tun_bad++;
		return 0;
	}
	if (h.gso_type != LVPN_VNET_GSO_NONE)
		tx_dp(c)->tun_super++;
	for (;;) {
		struct lvpn_buf *x;
		size_t seg;
		int k;

		if (*n == LVPN_CLINK_BATCH) {
			rc = send_out(c, b, *n, now);
			*n = 0;
			if (rc)
				return rc;
		}
		x = lvpn_pool_get(&c->pool);
		if (!x)
			return 0;
		x->head = c->frame.headroom;
		k = lvpn_gso_next(&g, x->base + x->head, cap, &seg);
		if (k <= 0) {
			lvpn_pool_put(&c->pool, x);
			if (k < 0)
				tx_dp(c)->tun_bad++;
			return 0;
		}
		if (h.gso_type != LVPN_VNET_GSO_NONE)
			tx_dp(c)->tun_segs++;
		x->len = (uint32_t)seg;
		b[(*n)++] = x;
	}
}

/* Without offloads: one packet per read, straight into a pool buffer. */
static int read_plain(struct client *c, struct lvpn_buf **b, unsigned *n)
{
	struct lvpn_buf *x = lvpn_pool_get(&c->pool);
	ssize_t r;

	if (!x)
		return -1;
	x->head = c->frame.headroom;
	r = read(c->net.tun.fd, x->base + x->head, seg_cap(c));
	if (r <= 0) {
		lvpn_pool_put(&c->pool, x);
		return -1;
	}
	tx_dp(c)->tun_reads++;
	x->len = (uint32_t)r;
	b[(*n)++] = x;
	return 0;
}

int lvpn_client_read_tun(struct client *c, uint64_t now)
{
	struct lvpn_buf *b[LVPN_CLINK_BATCH];
	unsigned n = 0;
	int rc = 0;

	/* --shaper: one read a wakeup, the link waits after each */
	int reads = c->link.shaper.rate ? 1 : TUN_READS;

	for (int i = 0; i < reads && rc == 0; i++) {
		if (!c->net.tun.vnet) {
			if (n == LVPN_CLINK_BATCH) {
				rc = send_out(c, b, n, now);
				n = 0;
				continue;
			}
			if (read_plain(c, b, &n))
				break;
		} else {
			ssize_t r = read(c->net.tun.fd, c->tun_in, TUN_IN_SIZE);

			if (r <= 0)
				break;
			tx_dp(c)->tun_reads++;
			rc = cut_read(c, (size_t)r, b, &n, now);
		}
	}
	if (n && rc == 0)
		return send_out(c, b, n, now);
	for (unsigned i = 0; i < n; i++)
		lvpn_pool_put(&c->pool, b[i]);
	return rc;
}

/* --- link -> TUN --- */

struct rx_ctx {
	struct client *c;
	uint64_t now;
	int vec; /* packets are gathered and opened a receive call at a time */
};

/* The datagram being delivered comes from the peer chosen in this batch. */
static int same_addr(const struct client *c, const struct lvpn_udpb *u)
{
	return u->fromlen == c->lock_len && memcmp(u->from, &c->lock_from, c->lock_len) == 0;
}

/* A plaintext for the device (dev null drops what the tunnel carries, as
 * OpenVPN's null device). */
static void to_tun(struct client *c, struct lvpn_buf *b)
{
	if (c->net.tun_open && !c->net.tun.null) {
		lvpn_client_nat_in(c, lvpn_buf_data(b), b->len);
		lvpn_tunw_put(&c->tw, lvpn_buf_data(b), b->len);
	}
}

/* The packets gathered from one receive call, opened in one engine call
 * (under the lock with a second thread), then written to the device. */
static void open_vec(void *ctx)
{
	struct rx_ctx *x = ctx;
	struct client *c = x->c;
	struct lvpn_buf *v[LVPN_CLIENT_RXV];
	enum lvpn_rx rx[LVPN_CLIENT_RXV];
	int rc[LVPN_CLIENT_RXV];
	unsigned n = c->nrxv;

	if (n == 0)
		return;
	c->nrxv = 0;
	for (unsigned i = 0; i < n; i++)
		v[i] = &c->rxv[i];
	lvpn_client_lock(c);
	lvpn_session_recv_batch(c->s, v, n, x->now, rx, rc);
	lvpn_client_unlock(c);
	c->got_packet = 1;
	for (unsigned i = 0; i < n; i++)
		if (rc[i] == 0 && rx[i] == LVPN_RX_TUN)
			to_tun(c, v[i]);
}

/* One link packet: into the engine, the plaintext (if any) to the TUN
 * device; or, gathering, kept for open_vec (the receive buffer it points
 * into stays until the next receive call).  A packet cut from a GRO buffer
 * has no room to grow in; with compression allowed it is moved to a
 * buffer that has (not gathered: there is one such buffer). */
static void deliver(void *ctx, struct lvpn_buf *b)
{
	struct rx_ctx *x = ctx;
	struct client *c = x->c;
	struct lvpn_buf room;
	enum lvpn_rx rx;
	int rc;

	if (x->vec) {
		c->rxv[c->nrxv++] = *b;
		if (c->nrxv == LVPN_CLIENT_RXV)
			open_vec(x);
		return;
	}

	/* p2p without a remote: once one address sent a packet the session
	 * took, the others are not heard (the socket is connected after the
	 * batch) */
	if (c->link.listening && (!c->link.ub.from || (c->lock_len && !same_addr(c, &c->link.ub))))
		return;
	if (c->may_decomp && b->cap - b->head < c->bufsize) {
		lvpn_buf_init(&room, c->bounce, c->bufsize);
		memcpy(room.base, lvpn_buf_data(b), b->len);
		room.len = b->len;
		b = &room;
	}
	rc = lvpn_session_recv(c->s, b, x->now, &rx);
	c->got_packet = 1;
	if (rc != 0)
		return;
	if (c->link.listening && !c->lock_len) {
		memcpy(&c->lock_from, c->link.ub.from, c->link.ub.fromlen);
		c->lock_len = c->link.ub.fromlen;
	}
	if (rx == LVPN_RX_TUN)
		to_tun(c, b);
}

int lvpn_client_read_link(struct client *c, uint64_t now)
{
	/* gathering: UDP from a fixed peer, no packet that may grow */
	struct rx_ctx x = {
	    c, now, !c->link.tcp && !c->link.listening && !c->link.socks_udp && !c->may_decomp};
	int rc;

	c->tw.fd = c->net.tun.fd;
	c->tw.vnet = c->net.tun.vnet;
	c->nrxv = 0;
	/* with a second thread the link is read and the device written
	 * without the lock (open_vec takes it) */
	if (x.vec)
		lvpn_client_unlock(c);
	rc = lvpn_clink_recv_vec(&c->link, deliver, x.vec ? open_vec : NULL, &x);
	if (c->net.tun_open && !c->net.tun.null)
		lvpn_tunw_flush(&c->tw);
	lvpn_client_lock(c);
	if (rc == 0 && c->link.listening && c->lock_len) {
		rc = lvpn_clink_lock(&c->link, &c->lock_from, c->lock_len);
		c->lock_len = 0;
	}
	return rc;
}

void lvpn_client_dp_log(const struct client *c, int level)
{
	struct lvpn_link_stats l = c->link.st;
	struct lvpn_dp_stats d = c->dp;

	if (c->tx_on) { /* the main thread holds the lock */
		lvpn_offload_add_tx(&l, &d, &c->tx_st_pub, &c->tx_dp_pub);
	}
	lvpn_offload_log(c->lg, level, &l, &d);
}
