/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the client's link socket: name resolution, local bind
 * (lport / local / bind / nobind), connect, and batched packet I/O.
 *
 * UDP (udp_batch.h): datagrams are read with recvmmsg into buffers
 * allocated once by lvpn_clink_init(), with UDP GRO when the kernel has
 * it; encrypted packets are sent with sendmmsg, a batch per call, equal
 * sizes as UDP GSO trains when the kernel and route allow.  TCP: the stream is read in large
 * chunks and split into packets by the framer; a batch of framed packets
 * goes out in one sendmsg with an iovec per packet.  Nothing here
 * allocates after lvpn_clink_init(), and nothing formats text on the
 * packet path.
 */
#ifndef LVPN_CLIENT_LINK_H
#define LVPN_CLIENT_LINK_H

#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "base/buf.h"
#include "base/log.h"
#include "proto/config/options.h"
#include "proto/shaper.h"
#include "proto/tcpframe.h"
#include "src/udp_batch.h"

#define LVPN_CLINK_BATCH   64
#define LVPN_CLINK_TCP_IN  65536     /* TCP reassembly and read buffer, each */
#define LVPN_CLINK_SOCKBUF (4 << 20) /* UDP socket buffers unless configured */

struct lvpn_clink {
	int fd;
	int tcp;
	int listening; /* UDP without a remote: waiting for the peer (p2p) */
	int listen_fd; /* proto tcp-server (p2p): waiting for the peer, or -1 */
	struct sockaddr_storage peer;
	socklen_t peer_len;
	struct lvpn_log *lg;
	int want_gso, want_gro; /* UDP offloads to try at open (default: both) */
	struct lvpn_link_stats st;
	struct lvpn_udpb ub; /* UDP batches */
	/* TCP */
	struct iovec tx_iov[LVPN_CLINK_BATCH];
	struct lvpn_tcpframe tf;
	uint8_t *tf_mem;
	uint8_t *tcp_in;
	uint8_t *tcp_pkt; /* one frame, bufsize bytes */
	uint32_t bufsize;
	/* proxies (src/proxy.c) */
	size_t pend_len; /* TCP: bytes the proxy sent after its answer, in tcp_in */
	int ctrl_fd;     /* SOCKS UDP: the TCP connection holding the association */
	int socks_udp;   /* datagrams carry the SOCKS header */
	uint8_t socks_hdr[10];
	uint64_t socks_drop;   /* datagrams from the relay: bad header, not the server's */
	lvpn_udpb_rx_fn rx_fn; /* SOCKS UDP: the caller's, behind strip() */
	void *rx_ctx;
	struct lvpn_proxy_creds *creds; /* proxy username/password, kept once read */
	/* persist-remote-ip: the address last connected to for kept_ce,
	 * used instead of resolving it again (kept_len 0: none) */
	struct sockaddr_storage kept;
	socklen_t kept_len;
	const struct lvpn_conn *kept_ce;
	/* persist-local-ip: the same for the local address bound */
	int persist_local;
	struct sockaddr_storage kept_local;
	socklen_t kept_local_len;
	const struct lvpn_conn *kept_local_ce;
	struct lvpn_shaper shaper; /* --shaper (src/client_shape.c); rate 0: off */
};

/* What lvpn_clink_recv() calls for each packet read: b holds one link
 * packet (head 0), which the callee may process in place; b->cap may be
 * exactly b->len (see lvpn_udpb_rx_fn). */
typedef lvpn_udpb_rx_fn lvpn_clink_rx_fn;

/* Allocates the receive buffers (UDP: see lvpn_udpb_init; a datagram or
 * TCP packet of up to bufsize bytes) and the TCP buffers; the link starts
 * closed, with both UDP offloads wanted.
 * Errors: LVPN_ERR_INVAL (bufsize under 2048), LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_clink_init(struct lvpn_clink *l, uint32_t bufsize, struct lvpn_log *lg);

/* Peer-to-peer without a remote: the socket, bound and not connected, is
 * connected to the first peer whose packet the session accepted (from),
 * as OpenVPN 2.6 takes the first authenticated peer; packets from any
 * other address are then left to the kernel to refuse.
 * Errors: LVPN_ERR_STATE (not listening), LVPN_ERR_IO (connect failed). */
LVPN_MUST_CHECK int lvpn_clink_lock(struct lvpn_clink *l, const struct sockaddr_storage *from,
                                    socklen_t fromlen);

/* Peer-to-peer over proto tcp-server (src/client_accept.c): a listening
 * TCP socket on local/lport (port, 1194 by default; IPv6 with IPv4 mapped
 * unless tcp4-server or an IPv4 local address) in l->listen_fd; the link
 * has no connection until lvpn_clink_accept() takes one.  Logs 2.6's
 * "Listening for incoming TCP connection on ...".
 * Errors: LVPN_ERR_CONFIG (local address unresolved or cannot be bound),
 * LVPN_ERR_IO (no socket, listen failed). */
LVPN_MUST_CHECK int lvpn_clink_listen(struct lvpn_clink *l, const struct lvpn_options *o,
                                      const struct lvpn_conn *ce);

/* Takes a waiting connection without blocking.  When ce has a remote, a
 * connection from an address that is not one the remote resolves to is
 * closed and logged, as 2.6.  Once one is taken the listening socket is
 * closed and the link is an established TCP link (socket options of o and
 * ce, framer reset).
 * Errors: LVPN_ERR_AGAIN (none yet, or the one waiting was refused),
 * LVPN_ERR_STATE (not listening), LVPN_ERR_IO (accept failed). */
LVPN_MUST_CHECK int lvpn_clink_accept(struct lvpn_clink *l, const struct lvpn_options *o,
                                      const struct lvpn_conn *ce);

/* Frees what init allocated (closing the socket first).  Safe on a
 * zeroed link that init never saw (nothing is closed). */
void lvpn_clink_free(struct lvpn_clink *l);

/* Resolves ce's remote, creates the socket (sndbuf/rcvbuf/mark from o;
 * UDP without sndbuf/rcvbuf: LVPN_CLINK_SOCKBUF each, beyond the system's
 * maximum when root; UDP GSO/GRO as l->want_gso/want_gro allow and the
 * kernel has them), binds it when ce->bind is set (to ce->local, or the wildcard address,
 * port ce->lport, or ce->port when lport is unset, as OpenVPN), and
 * connects (TCP: bounded by connect-timeout); through ce's http-proxy or
 * socks-proxy when it has one (src/proxy.h).  proto tcp-server: listens
 * (lvpn_clink_listen), and the caller waits with lvpn_clink_accept.  Each failure is logged.
 * Errors: LVPN_ERR_AGAIN (the name did not resolve: retry later),
 * LVPN_ERR_CONFIG (the local address cannot be bound: taken, or not
 * ours; fatal, as in OpenVPN), LVPN_ERR_IO (no address could be
 * connected). */
LVPN_MUST_CHECK int lvpn_clink_open(struct lvpn_clink *l, const struct lvpn_options *o,
                                    const struct lvpn_conn *ce);

/* The socket options of the link (TCP_NODELAY and the send timeout that
 * bounds a connect for TCP, buffers, mark) on fd. */
void lvpn_clink_sockopts(struct lvpn_clink *l, int fd, int tcp, const struct lvpn_options *o,
                         const struct lvpn_conn *ce);

/* Closes the socket (safe when closed). */
void lvpn_clink_close(struct lvpn_clink *l);

/* Sends one packet (TCP: already framed).  A full UDP socket buffer drops
 * the packet, as a router would.  Errors: LVPN_ERR_IO (closed socket, TCP
 * write failed: the connection is gone). */
LVPN_MUST_CHECK int lvpn_clink_send(struct lvpn_clink *l, const uint8_t *p, size_t len);

/* Sends n packets (n <= LVPN_CLINK_BATCH; TCP: each already framed) with
 * as few system calls as the socket allows: one sendmmsg (UDP) or one
 * sendmsg (TCP) when it takes everything.  UDP packets the socket does not
 * take are dropped and counted.  Errors: LVPN_ERR_INVAL (n too large),
 * LVPN_ERR_IO (as lvpn_clink_send). */
LVPN_MUST_CHECK int lvpn_clink_send_batch(struct lvpn_clink *l, struct lvpn_buf *const *b,
                                          unsigned n);

/* --shaper (src/client_shape.c): records that n datagrams of bytes
 * (payloads) in all were written now; their IP and UDP/TCP headers are
 * counted too, as OpenVPN 2.6 counts them.  Nothing when the shaper is off. */
void lvpn_clink_shape_sent(struct lvpn_clink *l, uint64_t bytes, unsigned n);

/* Microseconds on the monotonic clock (the shaper's time). */
uint64_t lvpn_clink_now_us(void);

/* Reads what is waiting (UDP: a few recvmmsg calls at most, GRO buffers
 * cut back into datagrams; TCP: one large read, split into packets)
 * and calls fn for each packet.  Errors: LVPN_ERR_IO (TCP: the peer closed
 * or reset the connection), LVPN_ERR_FRAMING (TCP framing broken). */
LVPN_MUST_CHECK int lvpn_clink_recv(struct lvpn_clink *l, lvpn_clink_rx_fn fn, void *ctx);

/* lvpn_clink_recv, with end (may be NULL) called after the packets of each
 * receive call (lvpn_udpb_recv_vec): a TCP packet, or a datagram of a
 * SOCKS relay, must be processed in fn (its buffer is reused by the
 * next); a plain UDP datagram may be gathered until end. */
LVPN_MUST_CHECK int lvpn_clink_recv_vec(struct lvpn_clink *l, lvpn_clink_rx_fn fn,
                                        lvpn_udpb_end_fn end, void *ctx);

#endif
