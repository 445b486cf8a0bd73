/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the client's link socket (see client_link.h). */
#include "src/client_link.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proto/socks.h"
#include "src/addrstr.h"
#include "src/linkdev.h"
#include "src/proxy.h"

int lvpn_clink_init(struct lvpn_clink *l, uint32_t bufsize, struct lvpn_log *lg)
{
	memset(l, 0, sizeof(*l));
	l->fd = -1;
	l->ctrl_fd = -1;
	l->listen_fd = -1;
	l->lg = lg;
	l->want_gso = l->want_gro = 1;
	if (bufsize < 2048)
		return LVPN_ERR_INVAL;
	l->bufsize = bufsize;
	if (lvpn_udpb_init(&l->ub, bufsize < LVPN_UDPB_GRO_BUF ? bufsize : LVPN_UDPB_GRO_BUF,
	                   &l->st, lg)) {
		lvpn_clink_free(l);
		return LVPN_ERR_NOMEM;
	}
	l->tf_mem = malloc(LVPN_CLINK_TCP_IN);
	l->tcp_in = malloc(LVPN_CLINK_TCP_IN);
	l->tcp_pkt = malloc(bufsize);
	if (!l->tf_mem || !l->tcp_in || !l->tcp_pkt) {
		lvpn_clink_free(l);
		return LVPN_ERR_NOMEM;
	}
	return 0;
}

void lvpn_clink_free(struct lvpn_clink *l)
{
	/* a zeroed link (never initialised: bufsize 0) holds nothing; its
	 * fds read 0, which is stdin and not ours to close */
	if (l->bufsize == 0)
		return;
	lvpn_clink_close(l);
	lvpn_proxy_free(l);
	lvpn_udpb_free(&l->ub);
	if (l->tcp_pkt)
		lvpn_wipe(l->tcp_pkt, l->bufsize);
	free(l->tf_mem);
	free(l->tcp_in);
	free(l->tcp_pkt);
	l->tf_mem = l->tcp_in = l->tcp_pkt = NULL;
}

void lvpn_clink_close(struct lvpn_clink *l)
{
	if (l->fd >= 0)
		close(l->fd);
	if (l->ctrl_fd >= 0)
		close(l->ctrl_fd);
	if (l->listen_fd >= 0)
		close(l->listen_fd);
	l->fd = l->ctrl_fd = l->listen_fd = -1;
	l->socks_udp = 0;
	l->pend_len = 0;
}

static const char *lport_of(const struct lvpn_conn *ce)
{
	return ce->lport ? ce->lport : ce->port ? ce->port : "1194";
}

/* The link as OpenVPN 2.6 names it in its log: UDPv4, TCPv6_CLIENT, ... */
static const char *link_name(int tcp, int family)
{
	static const char *const names[2][2] = {{"UDPv4", "UDPv6"},
	                                        {"TCPv4_CLIENT", "TCPv6_CLIENT"}};

	return names[tcp != 0][family == AF_INET6];
}

/* "UDPv4 link local: (not bound)" and "UDPv4 link remote: [AF_INET]a:p",
 * as OpenVPN 2.6 logs a link (a bound one said by bind_local). */
static void say_link(struct lvpn_clink *l, const struct lvpn_conn *ce, int family,
                     const char *remote)
{
	if (ce->bind != 1)
		LVPN_LOG(l->lg, LVPN_LOG_INFO, "%s link local: (not bound)",
		         link_name(l->tcp, family));
	LVPN_LOG(l->lg, LVPN_LOG_INFO, "%s link remote: %s", link_name(l->tcp, family), remote);
}

/* bind / lport / local: the local address of the remote's family. */
static int bind_local(struct lvpn_clink *l, const struct lvpn_conn *ce, const struct addrinfo *ai)
{
	struct addrinfo hints = {0}, *res = NULL;
	const char *port = lport_of(ce);
	int rc;

	hints.ai_family = ai->ai_family;
	hints.ai_socktype = ai->ai_socktype;
	hints.ai_flags = AI_PASSIVE;
	if (l->persist_local && l->kept_local_len && l->kept_local_ce == ce &&
	    l->kept_local.ss_family == ai->ai_family) {
		/* persist-local-ip: 2.6 keeps the address it bound on SIGUSR1 */
		if (bind(l->fd, (struct sockaddr *)&l->kept_local, l->kept_local_len) == 0)
			return 0;
		l->kept_local_len = 0;
	}
	rc = getaddrinfo(ce->local, port, &hints, &res);
	if (rc) {
		LVPN_LOG(l->lg, LVPN_LOG_ERR, "RESOLVE: cannot resolve local address %s:%s (%s)",
		         ce->local ? ce->local : "[undef]", port, gai_strerror(rc));
		return LVPN_ERR_CONFIG;
	}
	if (bind(l->fd, res->ai_addr, res->ai_addrlen) != 0) {
		LVPN_LOG(l->lg, LVPN_LOG_ERR,
		         "%s: Socket bind failed on local address %s:%s: %s (errno=%d)",
		         l->tcp ? "TCP" : "UDP", ce->local ? ce->local : "[undef]", port,
		         strerror(errno), errno);
		freeaddrinfo(res);
		return LVPN_ERR_CONFIG;
	}
	memcpy(&l->kept_local, res->ai_addr, res->ai_addrlen);
	l->kept_local_len = res->ai_addrlen;
	l->kept_local_ce = ce;
	LVPN_LOG(l->lg, LVPN_LOG_INFO, "%s link local (bound): [%s]%s:%s",
	         link_name(l->tcp, ai->ai_family),
	         ai->ai_family == AF_INET6 ? "AF_INET6" : "AF_INET",
	         ce->local ? ce->local : "[undef]", port);
	freeaddrinfo(res);
	return 0;
}

static void bigbuf(int fd, int force, int plain)
{
	int v = LVPN_CLINK_SOCKBUF;

	if (setsockopt(fd, SOL_SOCKET, force, &v, sizeof(v)) != 0)
		setsockopt(fd, SOL_SOCKET, plain, &v, sizeof(v));
}

void lvpn_clink_sockopts(struct lvpn_clink *l, int fd, int tcp, const struct lvpn_options *o,
                         const struct lvpn_conn *ce)
{
	int one = 1;

	if (tcp) {
		struct timeval tv = {.tv_sec = ce->connect_timeout > 0 ? ce->connect_timeout : 120};

		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		/* also bounds a TCP connect, and a blocking write to a dead peer */
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	}
	if (o->sndbuf > 0)
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &o->sndbuf, sizeof(int));
	if (o->rcvbuf > 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &o->rcvbuf, sizeof(int));
	/* UDP without sndbuf/rcvbuf: a burst of GSO trains (64 KiB each)
	 * overflows the kernel's default (rmem/wmem_default, ~208 KiB) at
	 * once.  Root may go beyond rmem_max/wmem_max (the FORCE options);
	 * otherwise the kernel caps the request there. */
	if (!tcp && o->sndbuf <= 0)
		bigbuf(fd, SO_SNDBUFFORCE, SO_SNDBUF);
	if (!tcp && o->rcvbuf <= 0)
		bigbuf(fd, SO_RCVBUFFORCE, SO_RCVBUF);
	if (o->mark > 0)
		setsockopt(fd, SOL_SOCKET, SO_MARK, &o->mark, sizeof(int));
	lvpn_linkdev_sock(fd, o, ce, l->lg);
}

static int listen_open(struct lvpn_clink *l, const struct lvpn_options *o,
                       const struct lvpn_conn *ce);

int lvpn_clink_open(struct lvpn_clink *l, const struct lvpn_options *o, const struct lvpn_conn *ce)
{
	struct addrinfo hints = {0}, kept = {0}, *res = NULL, *ai;
	char shown[80], rndhost[300];
	const char *host;
	const char *port = ce->remote_port ? ce->remote_port : ce->port ? ce->port : "1194";
	int rc;

	lvpn_clink_close(l);
	l->tcp = ce->proto != LVPN_PROTO_UDP;
	l->listening = 0;
	l->persist_local = o->persist_local_ip;
	if (!ce->remote && !l->tcp)
		return listen_open(l, o, ce);
	if (ce->proto == LVPN_PROTO_TCP_SERVER)
		return lvpn_clink_listen(l, o, ce);
	if (lvpn_proxy_used(ce)) {
		rc = lvpn_proxy_open(l, o, ce);
		if (rc != 0) {
			lvpn_clink_close(l);
			return rc;
		}
		goto attach;
	}
	hints.ai_family = ce->af == LVPN_AF_INET    ? AF_INET
	                  : ce->af == LVPN_AF_INET6 ? AF_INET6
	                                            : AF_UNSPEC;
	hints.ai_socktype = l->tcp ? SOCK_STREAM : SOCK_DGRAM;
	host = lvpn_linkdev_hostname(o, ce->remote, rndhost, sizeof(rndhost));
	rc = o->persist_remote_ip && l->kept_len && l->kept_ce == ce
	         ? 0
	         : getaddrinfo(host, port, &hints, &res);
	if (rc) {
		LVPN_LOG(l->lg, LVPN_LOG_ERR, "RESOLVE: cannot resolve host address: %s:%s (%s)",
		         host, port, gai_strerror(rc));
		return LVPN_ERR_AGAIN;
	}
	if (!res) { /* persist-remote-ip: the address kept (2.6 keeps it on SIGUSR1) */
		kept.ai_family = l->kept.ss_family;
		kept.ai_socktype = hints.ai_socktype;
		kept.ai_addr = (struct sockaddr *)&l->kept;
		kept.ai_addrlen = l->kept_len;
	}
	for (ai = res ? res : &kept; ai; ai = ai->ai_next) {
		l->fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, 0);
		if (l->fd < 0)
			continue;
		lvpn_clink_sockopts(l, l->fd, l->tcp, o, ce);
		if (ce->bind == 1 && (rc = bind_local(l, ce, ai)) != 0) {
			lvpn_clink_close(l);
			if (res)
				freeaddrinfo(res);
			return rc;
		}
		memcpy(&l->peer, ai->ai_addr, ai->ai_addrlen);
		lvpn_addrstr(&l->peer, shown, sizeof(shown));
		if (l->tcp)
			LVPN_LOG(l->lg, LVPN_LOG_INFO,
			         "Attempting to establish TCP connection with %s", shown);
		else
			say_link(l, ce, ai->ai_family, shown);
		if (connect(l->fd, ai->ai_addr, ai->ai_addrlen) == 0) {
			l->peer_len = ai->ai_addrlen;
			memcpy(&l->kept, ai->ai_addr, ai->ai_addrlen);
			l->kept_len = ai->ai_addrlen;
			l->kept_ce = ce;
			if (l->tcp) {
				LVPN_LOG(l->lg, LVPN_LOG_INFO, "TCP connection established with %s",
				         shown);
				say_link(l, ce, ai->ai_family, shown);
			}
			break;
		}
		LVPN_LOG(l->lg, LVPN_LOG_WARN, "connect to %s:%s failed: %s", ce->remote, port,
		         strerror(errno));
		lvpn_clink_close(l);
	}
	if (res)
		freeaddrinfo(res);
	if (l->fd < 0)
		return LVPN_ERR_IO;
attach:
	/* UDP is non-blocking; TCP writes block (bounded by SO_SNDTIMEO) so
	 * that the stream stays framed, and reads use MSG_DONTWAIT */
	if (!l->tcp) {
		fcntl(l->fd, F_SETFL, fcntl(l->fd, F_GETFL) | O_NONBLOCK);
		/* SOCKS datagrams each carry their header: no GSO/GRO trains */
		lvpn_udpb_attach(&l->ub, l->fd, l->want_gso && !l->socks_udp,
		                 l->want_gro && !l->socks_udp);
		LVPN_LOG(l->lg, LVPN_LOG_INFO, "UDP offloads: GSO %s, GRO %s",
		         l->ub.gso ? "on" : "off", l->ub.gro ? "on" : "off");
	}
	lvpn_tcpframe_init(&l->tf, l->tf_mem, LVPN_CLINK_TCP_IN);
	return 0;
}

/* TCP: writes every byte of iov[0..n) (blocking socket), advancing past
 * partial writes. */
static int tcp_send_all(struct lvpn_clink *l, struct iovec *iov, unsigned n)
{
	struct msghdr mh = {.msg_iov = iov, .msg_iovlen = n};

	while (mh.msg_iovlen) {
		ssize_t w = sendmsg(l->fd, &mh, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return LVPN_ERR_IO;
		l->st.tx_calls++;
		while (mh.msg_iovlen && (size_t)w >= mh.msg_iov->iov_len) {
			w -= (ssize_t)mh.msg_iov->iov_len;
			mh.msg_iov++;
			mh.msg_iovlen--;
		}
		if (mh.msg_iovlen) {
			mh.msg_iov->iov_base = (uint8_t *)mh.msg_iov->iov_base + w;
			mh.msg_iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

/* SOCKS UDP: the relay's header, then the packet; a full socket buffer
 * drops it, as for plain UDP. */
static int socks_send(struct lvpn_clink *l, const uint8_t *p, size_t len)
{
	struct iovec iov[2] = {{.iov_base = l->socks_hdr, .iov_len = LVPN_SOCKS_UDP_HDR},
	                       {.iov_base = (void *)p, .iov_len = len}};
	struct msghdr mh = {.msg_iov = iov, .msg_iovlen = 2};

	l->st.tx_calls++;
	if (sendmsg(l->fd, &mh, MSG_DONTWAIT) < 0)
		l->st.tx_drop++;
	return 0;
}

/* SOCKS UDP: a datagram from the relay without a valid header, a
 * fragment, or one the relay says came from another address than the
 * server's is dropped and counted; the packet moves to the buffer's
 * start, where the caller expects it. */
static void socks_strip(void *ctx, struct lvpn_buf *b)
{
	struct lvpn_clink *l = ctx;
	uint8_t *d = lvpn_buf_data(b);

	if (lvpn_socks_udp_check(d, b->len) != 0 ||
	    memcmp(d + 4, l->socks_hdr + 4, LVPN_SOCKS_UDP_HDR - 4) != 0) {
		l->socks_drop++;
		return;
	}
	b->len -= LVPN_SOCKS_UDP_HDR;
	memmove(d, d + LVPN_SOCKS_UDP_HDR, b->len);
	l->rx_fn(l->rx_ctx, b);
}

int lvpn_clink_send(struct lvpn_clink *l, const uint8_t *p, size_t len)
{
	struct iovec iov = {.iov_base = (void *)p, .iov_len = len};

	if (l->fd < 0)
		return LVPN_ERR_IO;
	l->st.tx_pkts++;
	lvpn_clink_shape_sent(l, len, 1);
	if (l->tcp)
		return tcp_send_all(l, &iov, 1);
	if (l->socks_udp)
		return socks_send(l, p, len);
	l->st.tx_calls++;
	if (send(l->fd, p, len, MSG_DONTWAIT) < 0)
		l->st.tx_drop++; /* a full socket buffer drops, as UDP does */
	return 0;
}

int lvpn_clink_send_batch(struct lvpn_clink *l, struct lvpn_buf *const *b, unsigned n)
{
	if (n > LVPN_CLINK_BATCH)
		return LVPN_ERR_INVAL;
	if (l->fd < 0)
		return LVPN_ERR_IO;
	if (n == 0)
		return 0;
	if (l->shaper.rate) {
		uint64_t bytes = 0;

		for (unsigned i = 0; i < n; i++)
			bytes += b[i]->len;
		lvpn_clink_shape_sent(l, bytes, n);
	}
	if (!l->tcp && l->socks_udp) {
		l->st.tx_pkts += n;
		for (unsigned i = 0; i < n; i++)
			(void)socks_send(l, lvpn_buf_data(b[i]), b[i]->len);
		return 0;
	}
	if (!l->tcp)
		return lvpn_udpb_send(&l->ub, b, n);
	for (unsigned i = 0; i < n; i++) {
		l->tx_iov[i].iov_base = lvpn_buf_data(b[i]);
		l->tx_iov[i].iov_len = b[i]->len;
	}
	l->st.tx_pkts += n;
	return tcp_send_all(l, l->tx_iov, n);
}

static int recv_tcp(struct lvpn_clink *l, lvpn_clink_rx_fn fn, void *ctx)
{
	struct lvpn_buf b;
	ssize_t n;
	size_t off = 0;

	/* what a proxy sent after its answer comes first */
	if (l->pend_len) {
		n = (ssize_t)l->pend_len;
		l->pend_len = 0;
	} else {
		n = recv(l->fd, l->tcp_in, LVPN_CLINK_TCP_IN, MSG_DONTWAIT);
	}

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		LVPN_LOG(l->lg, LVPN_LOG_WARN, "Connection reset, restarting");
		return LVPN_ERR_IO;
	}
	if (n < 0)
		return 0;
	l->st.rx_calls++;
	while (off < (size_t)n) {
		size_t used = 0, len;
		const uint8_t *pkt;
		int rc = lvpn_tcpframe_push(&l->tf, l->tcp_in + off, (size_t)n - off, &used);

		if (rc < 0) {
			LVPN_LOG(l->lg, LVPN_LOG_WARN, "TCP framing broken, restarting");
			return LVPN_ERR_FRAMING;
		}
		off += used;
		if (rc == 0) {
			if (used == 0)
				break;
			continue;
		}
		lvpn_tcpframe_packet(&l->tf, &pkt, &len);
		l->st.rx_pkts++;
		if (len <= l->bufsize) {
			lvpn_buf_init(&b, l->tcp_pkt, l->bufsize);
			memcpy(b.base, pkt, len);
			b.len = (uint32_t)len;
			fn(ctx, &b);
		} else {
			l->st.rx_trunc++;
		}
		lvpn_tcpframe_next(&l->tf);
	}
	return 0;
}

int lvpn_clink_recv(struct lvpn_clink *l, lvpn_clink_rx_fn fn, void *ctx)
{
	return lvpn_clink_recv_vec(l, fn, NULL, ctx);
}

int lvpn_clink_recv_vec(struct lvpn_clink *l, lvpn_clink_rx_fn fn, lvpn_udpb_end_fn end, void *ctx)
{
	int rc;

	if (l->fd < 0)
		return 0;
	if (l->socks_udp) {
		l->rx_fn = fn;
		l->rx_ctx = ctx;
		rc = lvpn_udpb_recv(&l->ub, socks_strip, l);
	} else if (!l->tcp) {
		return lvpn_udpb_recv_vec(&l->ub, fn, end, ctx);
	} else {
		rc = recv_tcp(l, fn, ctx);
	}
	if (end)
		end(ctx);
	return rc;
}

/* Peer-to-peer without a remote: a UDP socket bound to local/lport (IPv6
 * with IPv4 mapped, as 2.6, unless proto udp4 or an IPv4 local address)
 * and not connected until lvpn_clink_lock. */
static int listen_open(struct lvpn_clink *l, const struct lvpn_options *o,
                       const struct lvpn_conn *ce)
{
	struct addrinfo want = {.ai_family = ce->af == LVPN_AF_INET ? AF_INET : AF_INET6,
	                        .ai_socktype = SOCK_DGRAM};
	int off = 0, rc;

	if (ce->local && strchr(ce->local, ':') == NULL)
		want.ai_family = AF_INET;
	l->fd = socket(want.ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (l->fd < 0)
		return LVPN_ERR_IO;
	if (want.ai_family == AF_INET6 && ce->af != LVPN_AF_INET6)
		setsockopt(l->fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
	lvpn_clink_sockopts(l, l->fd, 0, o, ce);
	rc = bind_local(l, ce, &want);
	if (rc) {
		lvpn_clink_close(l);
		return rc;
	}
	fcntl(l->fd, F_SETFL, fcntl(l->fd, F_GETFL) | O_NONBLOCK);
	lvpn_udpb_attach(&l->ub, l->fd, l->want_gso, l->want_gro);
	l->peer_len = 0;
	l->listening = 1;
	LVPN_LOG(l->lg, LVPN_LOG_INFO, "%s link remote: [AF_UNSPEC]", link_name(0, want.ai_family));
	return 0;
}

int lvpn_clink_lock(struct lvpn_clink *l, const struct sockaddr_storage *from, socklen_t fromlen)
{
	char shown[80];

	if (!l->listening || fromlen > sizeof(l->peer))
		return LVPN_ERR_STATE;
	if (connect(l->fd, (const struct sockaddr *)from, fromlen) != 0) {
		LVPN_LOG(l->lg, LVPN_LOG_WARN, "cannot connect to the peer: %s", strerror(errno));
		return LVPN_ERR_IO;
	}
	memcpy(&l->peer, from, fromlen);
	l->peer_len = fromlen;
	l->listening = 0;
	/* connected now: sends need no address, and the route's MTU is known */
	lvpn_udpb_attach(&l->ub, l->fd, l->ub.gso, l->ub.gro);
	LVPN_LOG(l->lg, LVPN_LOG_NOTE, "Peer Connection Initiated with %s",
	         lvpn_addrstr(from, shown, sizeof(shown)));
	return 0;
}
