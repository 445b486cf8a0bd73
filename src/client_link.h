/* leanvpn - the client's link socket: name resolution, local bind
 * (lport / local / bind / nobind), connect, and batched packet I/O.
 *
 * UDP: datagrams are read with recvmmsg, up to LVPN_CLINK_BATCH per call,
 * into buffers allocated once by lvpn_clink_init(); encrypted packets are
 * sent with sendmmsg, a batch per call.  TCP: the stream is read in large
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
#include "proto/options.h"
#include "proto/tcpframe.h"

#define LVPN_CLINK_BATCH 32
#define LVPN_CLINK_TCP_IN 65536 /* TCP reassembly and read buffer, each */

struct lvpn_clink_stats {
	uint64_t rx_calls, rx_pkts; /* receive system calls, packets they gave */
	uint64_t tx_calls, tx_pkts; /* send system calls, packets they took */
	uint64_t tx_drop;           /* UDP packets the socket would not take */
	uint64_t rx_trunc;          /* UDP datagrams larger than a buffer */
};

struct lvpn_clink {
	int fd;
	int tcp;
	struct sockaddr_storage peer;
	socklen_t peer_len;
	struct lvpn_log *lg;
	struct lvpn_clink_stats st;
	/* UDP receive batch: buffers preallocated once */
	uint8_t *rx_mem;
	uint32_t rx_bufsize;
	struct lvpn_buf rx[LVPN_CLINK_BATCH];
	struct iovec rx_iov[LVPN_CLINK_BATCH];
	struct mmsghdr rx_msg[LVPN_CLINK_BATCH];
	/* send batch */
	struct iovec tx_iov[LVPN_CLINK_BATCH];
	struct mmsghdr tx_msg[LVPN_CLINK_BATCH];
	/* TCP */
	struct lvpn_tcpframe tf;
	uint8_t *tf_mem;
	uint8_t *tcp_in;
};

/* What lvpn_clink_recv() calls for each packet read: b holds one link
 * packet (head 0), which the callee may process in place. */
typedef void (*lvpn_clink_rx_fn)(void *ctx, struct lvpn_buf *b);

/* Allocates the receive buffers (LVPN_CLINK_BATCH of bufsize bytes) and
 * the TCP buffers; the link starts closed.
 * Errors: LVPN_ERR_INVAL (bufsize under 2048), LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_clink_init(struct lvpn_clink *l, uint32_t bufsize, struct lvpn_log *lg);

/* Frees what init allocated (closing the socket first). */
void lvpn_clink_free(struct lvpn_clink *l);

/* Resolves ce's remote, creates the socket (sndbuf/rcvbuf/mark from o),
 * binds it when ce->bind is set (to ce->local, or the wildcard address,
 * port ce->lport, or ce->port when lport is unset, as OpenVPN), and
 * connects (TCP: bounded by connect-timeout).  Each failure is logged.
 * Errors: LVPN_ERR_AGAIN (the name did not resolve: retry later),
 * LVPN_ERR_CONFIG (the local address cannot be bound: taken, or not
 * ours; fatal, as in OpenVPN), LVPN_ERR_IO (no address could be
 * connected). */
LVPN_MUST_CHECK int lvpn_clink_open(struct lvpn_clink *l, const struct lvpn_options *o,
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

/* Reads what is waiting (UDP: up to LVPN_CLINK_BATCH datagrams per
 * recvmmsg, a few calls at most; TCP: one large read, split into packets)
 * and calls fn for each packet.  Errors: LVPN_ERR_IO (TCP: the peer closed
 * or reset the connection), LVPN_ERR_FRAMING (TCP framing broken). */
LVPN_MUST_CHECK int lvpn_clink_recv(struct lvpn_clink *l, lvpn_clink_rx_fn fn, void *ctx);

#endif
