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
	lvpn_gro_init(&c->gro, c->gro_mem, TUN_IN_SIZE);
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
	const char *v = getenv("LEANVPN_OFFLOAD");
	char buf[64], *save = NULL;

	c->off.tun = c->off.gso = c->off.gro = 1;
	if (!v || !*v)
		return;
	snprintf(buf, sizeof(buf), "%s", v);
	for (char *w = strtok_r(buf, ", ", &save); w; w = strtok_r(NULL, ", ", &save)) {
		if (strcmp(w, "all") == 0)
			c->off.tun = c->off.gso = c->off.gro = 1;
		else if (strcmp(w, "none") == 0)
			c->off.tun = c->off.gso = c->off.gro = 0;
		else if (strcmp(w, "no-tun") == 0)
			c->off.tun = 0;
		else if (strcmp(w, "no-gso") == 0)
			c->off.gso = 0;
		else if (strcmp(w, "no-gro") == 0)
			c->off.gro = 0;
		else
			LVPN_LOG(
			    c->lg, LVPN_LOG_WARN,
			    "LEANVPN_OFFLOAD: '%s' is not all, none, no-tun, no-gso or no-gro; "
			    "ignored",
			    w);
	}
}

/* --- TUN -> link --- */

/* Largest plaintext a pool buffer takes at the session's headroom. */
static uint32_t seg_cap(const struct client *c)
{
	uint32_t room = c->frame.headroom + c->frame.tailroom;
	uint32_t max = c->bufsize > room ? c->bufsize - room : 0;

	return c->frame.payload < max ? c->frame.payload : max;
}

/* Sends b[0..n) and gives the buffers back. */
static int send_out(struct client *c, struct lvpn_buf **b, unsigned n)
{
	int rc = lvpn_clink_send_batch(&c->link, b, n);

	for (unsigned i = 0; i < n; i++)
		lvpn_pool_put(&c->pool, b[i]);
	return rc;
}

/* Encrypts x in place and appends it to the batch b (*n so far); a
 * packet the session refuses (no key yet, too big) is dropped. */
static void seal(struct client *c, struct lvpn_buf *x, struct lvpn_buf **b, unsigned *n,
                 uint64_t now)
{
	if (lvpn_session_encrypt(c->s, x, now) == 0)
		b[(*n)++] = x;
	else
		lvpn_pool_put(&c->pool, x);
}

/* Cuts one read (virtio_net_hdr + packet, len bytes) into pool buffers
 * appended to b (*n of them so far), encrypted; a full batch is sent on
 * the way. */
static int cut_read(struct client *c, size_t len, struct lvpn_buf **b, unsigned *n, uint64_t now)
{
	struct lvpn_vnet_hdr h;
	struct lvpn_gso g;
	uint32_t cap = seg_cap(c);
	int rc = 0;

	if (lvpn_vnet_hdr_read(c->tun_in, len, &h) ||
	    lvpn_gso_start(&g, &h, c->tun_in + LVPN_VNET_HDR_LEN, len - LVPN_VNET_HDR_LEN)) {
		c->dp.tun_bad++;
		return 0;
	}
	if (h.gso_type != LVPN_VNET_GSO_NONE)
		c->dp.tun_super++;
	for (;;) {
		struct lvpn_buf *x;
		size_t seg;
		int k;

		if (*n == LVPN_CLINK_BATCH) {
			rc = send_out(c, b, *n);
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
				c->dp.tun_bad++;
			return 0;
		}
		if (h.gso_type != LVPN_VNET_GSO_NONE)
			c->dp.tun_segs++;
		x->len = (uint32_t)seg;
		seal(c, x, b, n, now);
	}
}

/* Without offloads: one packet per read, straight into a pool buffer. */
static int read_plain(struct client *c, struct lvpn_buf **b, unsigned *n, uint64_t now)
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
	c->dp.tun_reads++;
	x->len = (uint32_t)r;
	seal(c, x, b, n, now);
	return 0;
}

int lvpn_client_read_tun(struct client *c, uint64_t now)
{
	struct lvpn_buf *b[LVPN_CLINK_BATCH];
	unsigned n = 0;
	int rc = 0;

	for (int i = 0; i < TUN_READS && rc == 0; i++) {
		if (!c->net.tun.vnet) {
			if (n == LVPN_CLINK_BATCH) {
				rc = send_out(c, b, n);
				n = 0;
				continue;
			}
			if (read_plain(c, b, &n, now))
				break;
		} else {
			ssize_t r = read(c->net.tun.fd, c->tun_in, TUN_IN_SIZE);

			if (r <= 0)
				break;
			c->dp.tun_reads++;
			rc = cut_read(c, (size_t)r, b, &n, now);
		}
	}
	if (n && rc == 0)
		return send_out(c, b, n);
	for (unsigned i = 0; i < n; i++)
		lvpn_pool_put(&c->pool, b[i]);
	return rc;
}

/* --- link -> TUN --- */

static const uint8_t zero_hdr[LVPN_VNET_HDR_LEN];

/* One packet written on its own (behind a GSO_NONE header with offloads). */
static void write_one(struct client *c, const uint8_t *p, size_t len)
{
	struct iovec iov[2] = {{(void *)zero_hdr, sizeof(zero_hdr)}, {(void *)p, len}};
	ssize_t w = c->net.tun.vnet ? writev(c->net.tun.fd, iov, 2) : write(c->net.tun.fd, p, len);

	c->dp.tun_writes++;
	if (w < 0)
		c->dp.tun_wfail++; /* a full TUN queue drops, like any router */
}

/* Writes the super-packet being coalesced, if any. */
static void flush_gro(struct client *c)
{
	unsigned nseg = c->gro.nseg;
	const uint8_t *p;
	size_t len;

	if (lvpn_gro_finish(&c->gro, &p, &len))
		return;
	c->dp.tun_writes++;
	if (nseg > 1) {
		c->dp.gro_writes++;
		c->dp.gro_segs += nseg;
	}
	if (write(c->net.tun.fd, p, len) >= 0)
		return;
	c->dp.tun_wfail++;
	if (nseg > 1 && errno != EAGAIN && errno != ENOBUFS && c->coalesce) {
		c->coalesce = 0;
		LVPN_LOG(c->lg, LVPN_LOG_WARN,
		         "the TUN device refused a coalesced packet (%s): writing one packet at a "
		         "time from now on",
		         strerror(errno));
	}
}

/* A TCP packet (IPv4 or IPv6 without extension headers). */
static int is_tcp(const uint8_t *p, size_t len)
{
	if (len >= 20 && p[0] >> 4 == 4)
		return p[9] == 6;
	return len >= 40 && p[0] >> 4 == 6 && p[6] == 6;
}

static void to_tun(struct client *c, const uint8_t *p, size_t len)
{
	int rc;

	if (!c->net.tun.vnet || !c->coalesce || !is_tcp(p, len)) {
		write_one(c, p, len);
		return;
	}
	rc = lvpn_gro_add(&c->gro, p, len);
	if (rc == 0) { /* does not join: the next super-packet starts with it */
		flush_gro(c);
		rc = lvpn_gro_add(&c->gro, p, len);
	}
	if (rc != 1)
		write_one(c, p, len);
}

struct rx_ctx {
	struct client *c;
	uint64_t now;
};

/* One link packet: into the engine, the plaintext (if any) to the TUN
 * device.  A packet cut from a GRO buffer has no room to grow in; with
 * compression allowed it is moved to a buffer that has. */
static void deliver(void *ctx, struct lvpn_buf *b)
{
	struct rx_ctx *x = ctx;
	struct client *c = x->c;
	struct lvpn_buf room;
	enum lvpn_rx rx;

	if (c->may_decomp && b->cap - b->head < c->bufsize) {
		lvpn_buf_init(&room, c->bounce, c->bufsize);
		memcpy(room.base, lvpn_buf_data(b), b->len);
		room.len = b->len;
		b = &room;
	}
	if (lvpn_session_recv(c->s, b, x->now, &rx) == 0 && rx == LVPN_RX_TUN && c->net.tun_open)
		to_tun(c, lvpn_buf_data(b), b->len);
	c->got_packet = 1;
}

int lvpn_client_read_link(struct client *c, uint64_t now)
{
	struct rx_ctx x = {c, now};
	int rc = lvpn_clink_recv(&c->link, deliver, &x);

	if (c->net.tun_open)
		flush_gro(c);
	return rc;
}

void lvpn_client_dp_log(const struct client *c, int level)
{
	const struct lvpn_link_stats *l = &c->link.st;

	LVPN_LOG(c->lg, level,
	         "STATISTICS: link reads %llu packets in %llu calls, writes %llu packets in %llu "
	         "calls, send drops %llu",
	         (unsigned long long)l->rx_pkts, (unsigned long long)l->rx_calls,
	         (unsigned long long)l->tx_pkts, (unsigned long long)l->tx_calls,
	         (unsigned long long)l->tx_drop);
	LVPN_LOG(c->lg, level,
	         "STATISTICS: offload: TUN reads %llu, super-packets %llu cut into %llu segments, "
	         "bad %llu; TUN writes %llu, coalesced %llu of %llu packets, refused %llu; "
	         "UDP GSO trains %llu of %llu datagrams, refused %llu; UDP GRO buffers %llu of "
	         "%llu datagrams",
	         (unsigned long long)c->dp.tun_reads, (unsigned long long)c->dp.tun_super,
	         (unsigned long long)c->dp.tun_segs, (unsigned long long)c->dp.tun_bad,
	         (unsigned long long)c->dp.tun_writes, (unsigned long long)c->dp.gro_writes,
	         (unsigned long long)c->dp.gro_segs, (unsigned long long)c->dp.tun_wfail,
	         (unsigned long long)l->gso_trains, (unsigned long long)l->gso_pkts,
	         (unsigned long long)l->gso_refused, (unsigned long long)l->gro_bufs,
	         (unsigned long long)l->gro_pkts);
}
