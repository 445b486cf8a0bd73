/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - UDP segmentation and receive offload (see udp_batch.h). */
#include "src/udp_batch.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <stdlib.h>
#include <string.h>

#define RX_CALLS 4 /* recvmmsg calls per wakeup */

unsigned lvpn_udpb_train(struct lvpn_buf *const *b, unsigned n, uint32_t max_seg)
{
	uint32_t size, total;
	unsigned i;

	if (n == 0)
		return 0;
	size = total = b[0]->len;
	if (size > max_seg)
		return 1;
	for (i = 1; i < n && i < LVPN_UDPB_TRAIN_SEGS; i++) {
		uint32_t len = b[i]->len;

		if (len > size || len == 0 || total + len > LVPN_UDPB_TRAIN_BYTES)
			break;
		total += len;
		if (len < size) /* a shorter datagram is the last of its train */
			return i + 1;
	}
	return i;
}

/* dst[i] is the address dst[0] is. */
static int same_dst(const struct sockaddr_storage *const *dst, const socklen_t *dlen, unsigned i)
{
	return dlen[i] == dlen[0] && (dst[i] == dst[0] || memcmp(dst[i], dst[0], dlen[0]) == 0);
}

unsigned lvpn_udpb_train_to(struct lvpn_buf *const *b, const struct sockaddr_storage *const *dst,
                            const socklen_t *dlen, unsigned n, uint32_t max_seg)
{
	unsigned run = n;

	if (dst && n)
		for (run = 1; run < n && same_dst(dst, dlen, run); run++)
			;
	return lvpn_udpb_train(b, run, max_seg);
}

void lvpn_udpb_group(const uint32_t *key, unsigned n, uint8_t *order)
{
	uint8_t taken[LVPN_UDPB_TX_MAX] = {0};
	unsigned m = 0;

	for (unsigned i = 0; i < n && i < LVPN_UDPB_TX_MAX; i++) {
		if (taken[i])
			continue;
		for (unsigned j = i; j < n && j < LVPN_UDPB_TX_MAX; j++) {
			if (!taken[j] && key[j] == key[i]) {
				taken[j] = 1;
				order[m++] = (uint8_t)j;
			}
		}
	}
}

int lvpn_udpb_split(size_t len, size_t gso, size_t *off, size_t *seg)
{
	if (*off >= len)
		return 0;
	*seg = gso && len - *off > gso ? gso : len - *off;
	*off += *seg;
	return 1;
}

int lvpn_udpb_init(struct lvpn_udpb *u, uint32_t dgram_size, struct lvpn_link_stats *st,
                   struct lvpn_log *lg)
{
	memset(u, 0, sizeof(*u));
	u->fd = -1;
	u->lg = lg;
	u->st = st;
	if (dgram_size == 0 || dgram_size > LVPN_UDPB_GRO_BUF)
		return LVPN_ERR_INVAL;
	u->dgram_size = dgram_size;
	u->rx_mem = malloc(LVPN_UDPB_RX_MEM);
	return u->rx_mem ? 0 : LVPN_ERR_NOMEM;
}

void lvpn_udpb_free(struct lvpn_udpb *u)
{
	if (u->rx_mem)
		lvpn_wipe(u->rx_mem, LVPN_UDPB_RX_MEM);
	free(u->rx_mem);
	u->rx_mem = NULL;
}

/* The largest UDP payload that fits the connected route's MTU in one IP
 * packet (IPv4 or IPv6 headers); 1472 when it cannot be known. */
static uint32_t route_max_seg(int fd)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int mtu = 0, v6;
	socklen_t ml = sizeof(mtu);

	if (getsockname(fd, (struct sockaddr *)&ss, &sl) != 0)
		return 1472;
	v6 = ss.ss_family == AF_INET6;
	if (getsockopt(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_MTU : IP_MTU, &mtu, &ml) !=
	        0 ||
	    mtu < 576)
		return 1472;
	return (uint32_t)mtu - (v6 ? 48u : 28u);
}

void lvpn_udpb_attach(struct lvpn_udpb *u, int fd, int want_gso, int want_gro)
{
	int one = 1, v = 0;
	socklen_t vl = sizeof(v);

	struct sockaddr_storage peer;
	socklen_t pl = sizeof(peer);

	u->fd = fd;
	u->named = getpeername(fd, (struct sockaddr *)&peer, &pl) != 0;
	/* the option exists (any value) where the kernel segments UDP */
	u->gso = want_gso && getsockopt(fd, SOL_UDP, UDP_SEGMENT, &v, &vl) == 0;
	u->gro = want_gro && setsockopt(fd, SOL_UDP, UDP_GRO, &one, sizeof(one)) == 0;
	u->max_seg = route_max_seg(fd);
	u->rx_size = u->gro ? LVPN_UDPB_GRO_BUF : u->dgram_size;
	u->nrx = LVPN_UDPB_RX_MEM / u->rx_size;
	if (u->nrx > LVPN_UDPB_RX_MAX)
		u->nrx = LVPN_UDPB_RX_MAX;
	for (unsigned i = 0; i < u->nrx; i++) {
		u->rx_iov[i].iov_base = u->rx_mem + (size_t)i * u->rx_size;
		u->rx_iov[i].iov_len = u->rx_size;
	}
}

/* Lays b[0..n) out as messages: a train each with segmentation (gso),
 * else one datagram each; to dst[i] unless dst is NULL, from
 * u->tx_src[base + i] when set.  Returns the number of messages. */
static unsigned build(struct lvpn_udpb *u, struct lvpn_buf *const *b,
                      const struct sockaddr_storage *const *dst, const socklen_t *dlen, unsigned n,
                      int gso, unsigned base)
{
	unsigned m = 0;

	for (unsigned i = 0; i < n; i++) {
		u->tx_iov[i].iov_base = lvpn_buf_data(b[i]);
		u->tx_iov[i].iov_len = b[i]->len;
	}
	for (unsigned i = 0; i < n; m++) {
		unsigned k = gso ? lvpn_udpb_train_to(b + i, dst ? dst + i : NULL,
		                                      dst ? dlen + i : NULL, n - i, u->max_seg)
		                 : 1;
		struct msghdr *h = &u->tx_msg[m].msg_hdr;

		memset(h, 0, sizeof(*h));
		if (dst) {
			h->msg_name = (void *)dst[i];
			h->msg_namelen = dlen[i];
		}
		h->msg_iov = &u->tx_iov[i];
		h->msg_iovlen = k;
		if (k > 1) {
			struct cmsghdr *cm = &u->tx_cmsg[m].h;
			uint16_t seg = (uint16_t)b[i]->len;

			h->msg_control = cm;
			h->msg_controllen = CMSG_SPACE(sizeof(seg));
			cm->cmsg_level = SOL_UDP;
			cm->cmsg_type = UDP_SEGMENT;
			cm->cmsg_len = CMSG_LEN(sizeof(seg));
			memcpy(CMSG_DATA(cm), &seg, sizeof(seg));
		}
		if (u->tx_src && u->tx_src[base + i]) {
			/* after the segmentation message, if any */
			size_t at = h->msg_controllen,
			       sp = lvpn_udp_local_cmsg(u->tx_src[base + i],
			                                (struct cmsghdr *)(u->tx_cmsg[m].b + at));

			h->msg_control = u->tx_cmsg[m].b;
			h->msg_controllen = at + sp;
			if (h->msg_controllen == 0)
				h->msg_control = NULL;
		}
		u->tx_cnt[m] = (uint8_t)k;
		i += k;
	}
	return m;
}

/* The kernel or the route cannot segment (EIO: no checksum offload on
 * the egress device; EINVAL, EMSGSIZE: segments beyond the MTU). */
static int refused(int err)
{
	return err == EIO || err == EINVAL || err == EMSGSIZE || err == ENOPROTOOPT ||
	       err == EOPNOTSUPP;
}

int lvpn_udpb_send(struct lvpn_udpb *u, struct lvpn_buf *const *b, unsigned n)
{
	return lvpn_udpb_send_to(u, b, NULL, NULL, n);
}

int lvpn_udpb_pktinfo(struct lvpn_udpb *u)
{
	if (lvpn_udp_pktinfo_on(u->fd)) {
		LVPN_LOG(u->lg, LVPN_LOG_ERR,
		         "multihome: the socket gives no packet information: %s", strerror(errno));
		return LVPN_ERR_IO;
	}
	u->pktinfo = 1;
	return 0;
}

int lvpn_udpb_send_from(struct lvpn_udpb *u, struct lvpn_buf *const *b,
                        const struct sockaddr_storage *const *dst, const socklen_t *dlen,
                        const struct lvpn_udp_local *const *src, unsigned n)
{
	int rc;

	u->tx_src = src;
	rc = lvpn_udpb_send_to(u, b, dst, dlen, n);
	u->tx_src = NULL;
	return rc;
}

int lvpn_udpb_send_to(struct lvpn_udpb *u, struct lvpn_buf *const *b,
                      const struct sockaddr_storage *const *dst, const socklen_t *dlen, unsigned n)
{
	unsigned m, done = 0, sent = 0, past = 0; /* past: datagrams sent or skipped */

	if (n > LVPN_UDPB_TX_MAX)
		return LVPN_ERR_INVAL;
	if (n == 0)
		return 0;
	m = build(u, b, dst, dlen, n, u->gso, 0);
	u->st->tx_pkts += n;
	/* sendmmsg stops at the first message the socket refuses: one more
	 * try for the rest (two after a segmentation refusal), then what is
	 * left is dropped.  On an unconnected socket a message that one
	 * destination refuses (unreachable, filtered) is skipped and the
	 * others' go on (at most once per message). */
	for (unsigned tries = 0; done < m && tries < 3 + (dst ? m : 0); tries++) {
		int r = sendmmsg(u->fd, u->tx_msg + done, m - done, MSG_DONTWAIT);

		u->st->tx_calls++;
		if (r < 0 && u->gso && u->tx_cnt[done] > 1 && refused(errno)) {
			u->st->gso_refused++;
			if (errno == EINVAL || errno == EMSGSIZE) {
				/* a segment beyond the route's MTU (it shrank):
				 * this batch one by one, later trains smaller */
				u->max_seg = route_max_seg(u->fd);
			} else {
				u->gso = 0;
				LVPN_LOG(u->lg, LVPN_LOG_WARN,
				         "UDP segmentation refused (%s): sending one datagram per "
				         "message",
				         strerror(errno));
			}
			m = build(u, b + past, dst ? dst + past : NULL, dlen ? dlen + past : NULL,
			          n - past, 0, past);
			done = 0;
			continue;
		}
		if (r < 0 && dst && errno != EAGAIN && errno != EWOULDBLOCK && errno != ENOBUFS &&
		    errno != EINTR) {
			past += u->tx_cnt[done++];
			continue;
		}
		if (r <= 0)
			break;
		for (unsigned k = done; k < done + (unsigned)r; k++) {
			sent += u->tx_cnt[k];
			past += u->tx_cnt[k];
			if (u->tx_cnt[k] > 1) {
				u->st->gso_trains++;
				u->st->gso_pkts += u->tx_cnt[k];
			}
		}
		done += (unsigned)r;
	}
	u->st->tx_drop += n - sent;
	return 0;
}

/* The segment size of a GRO buffer (0: one datagram). */
static size_t gro_size(struct msghdr *h)
{
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(h); cm; cm = CMSG_NXTHDR(h, cm)) {
		if (cm->cmsg_level == SOL_UDP && cm->cmsg_type == UDP_GRO) {
			int v;

			memcpy(&v, CMSG_DATA(cm), sizeof(v));
			return v > 0 ? (size_t)v : 0;
		}
	}
	return 0;
}

/* Cuts one received buffer into datagrams for fn.  A datagram is handed
 * with room up to the next one (the last: to the end of the buffer). */
static void cut(struct lvpn_udpb *u, uint8_t *p, size_t len, size_t gso, lvpn_udpb_rx_fn fn,
                void *ctx)
{
	size_t off = 0, seg;
	unsigned cnt = 0;

	while (lvpn_udpb_split(len, gso, &off, &seg)) {
		struct lvpn_buf b;
		size_t start = off - seg;

		cnt++;
		if (seg > u->dgram_size) {
			u->st->rx_trunc++;
			continue;
		}
		lvpn_buf_init(&b, p + start, (uint32_t)(off < len ? seg : u->rx_size - start));
		b.len = (uint32_t)seg;
		fn(ctx, &b);
	}
	u->st->rx_pkts += cnt;
	if (cnt > 1) {
		u->st->gro_bufs++;
		u->st->gro_pkts += cnt;
	}
}

int lvpn_udpb_recv(struct lvpn_udpb *u, lvpn_udpb_rx_fn fn, void *ctx)
{
	return lvpn_udpb_recv_vec(u, fn, NULL, ctx);
}

int lvpn_udpb_recv_vec(struct lvpn_udpb *u, lvpn_udpb_rx_fn fn, lvpn_udpb_end_fn end, void *ctx)
{
	for (int call = 0; call < RX_CALLS; call++) {
		int r;

		for (unsigned i = 0; i < u->nrx; i++) {
			struct msghdr *h = &u->rx_msg[i].msg_hdr;

			memset(h, 0, sizeof(*h));
			h->msg_iov = &u->rx_iov[i];
			h->msg_iovlen = 1;
			if (u->named) {
				h->msg_name = &u->rx_name[i];
				h->msg_namelen = sizeof(u->rx_name[i]);
			}
			if (u->gro || u->pktinfo) {
				h->msg_control = &u->rx_cmsg[i];
				h->msg_controllen = sizeof(u->rx_cmsg[i]);
			}
		}
		r = recvmmsg(u->fd, u->rx_msg, u->nrx, MSG_DONTWAIT, NULL);
		if (r <= 0)
			return 0; /* nothing (more); a UDP error is not fatal */
		u->st->rx_calls++;
		for (int i = 0; i < r; i++) {
			struct msghdr *h = &u->rx_msg[i].msg_hdr;

			if (h->msg_flags & MSG_TRUNC) {
				u->st->rx_pkts++;
				u->st->rx_trunc++;
				continue;
			}
			u->from = &u->rx_name[i];
			u->fromlen = h->msg_namelen;
			if (u->pktinfo)
				lvpn_udp_local_parse(h, &u->local);
			cut(u, h->msg_iov->iov_base, u->rx_msg[i].msg_len, u->gro ? gro_size(h) : 0,
			    fn, ctx);
		}
		if (end)
			end(ctx);
		if ((unsigned)r < u->nrx)
			return 0;
	}
	return 0;
}
