/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - UDP segmentation and receive offload, for either role: on a
 * connected socket (the client) or an unconnected one (the server: a
 * destination per datagram sent, a source per datagram received).
 *
 * Sending: datagrams of equal size go to the kernel as one "train": one
 * message with a UDP_SEGMENT control message (the segment size is the
 * first datagram's size; the last may be shorter; at most
 * LVPN_UDPB_TRAIN_SEGS datagrams and LVPN_UDPB_TRAIN_BYTES bytes), each
 * datagram an iovec of its own, so nothing is copied.  All the trains of a
 * batch go out in one sendmmsg.  The peer sees ordinary datagrams.  Only
 * datagrams that fit the route's MTU join a train.  When the kernel or the
 * route refuses segmentation (EIO: no checksum offload on the way out;
 * ENOPROTOOPT, EOPNOTSUPP), the batch is sent again one message per
 * datagram, and so is every later one; when it refuses a segment size
 * (EINVAL, EMSGSIZE: the route's MTU shrank), the batch is sent again one
 * message per datagram and the MTU is read again for later trains.
 *
 * Receiving: with UDP_GRO enabled, the kernel may hand one buffer holding
 * several datagrams of one size (the last may be shorter); the size comes
 * in a UDP_GRO control message and the buffer is cut back into datagrams.
 * Receive buffers are allocated once (lvpn_udpb_init).
 *
 * Nothing here allocates after lvpn_udpb_init() or formats text on the
 * packet path (the one-time fallback message excepted).
 */
#ifndef LVPN_UDP_BATCH_H
#define LVPN_UDP_BATCH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "base/buf.h"
#include "base/log.h"
#include "src/udp_pktinfo.h"

#define LVPN_UDPB_TX_MAX      128   /* datagrams per lvpn_udpb_send */
#define LVPN_UDPB_TRAIN_SEGS  64    /* datagrams per train (UDP_MAX_SEGMENTS) */
#define LVPN_UDPB_TRAIN_BYTES 65000 /* payload bytes per train (IP length cap) */
#define LVPN_UDPB_GRO_BUF     65536 /* receive buffer size with GRO */
#define LVPN_UDPB_RX_MEM      (16 * LVPN_UDPB_GRO_BUF)
#define LVPN_UDPB_RX_MAX      32  /* buffers per recvmmsg */
#define LVPN_UDPB_CMSG        128 /* room for the control messages of one message */

/* Storage for one control message, aligned for struct cmsghdr. */
union lvpn_udpb_cmsg {
	struct cmsghdr h;
	uint8_t b[LVPN_UDPB_CMSG];
};

/* Link counters (the TCP link uses the first six too). */
struct lvpn_link_stats {
	uint64_t rx_calls, rx_pkts;    /* receive system calls, datagrams they gave */
	uint64_t tx_calls, tx_pkts;    /* send system calls, datagrams they took */
	uint64_t tx_drop;              /* datagrams the socket would not take */
	uint64_t rx_trunc;             /* datagrams (or GRO buffers) larger than a buffer */
	uint64_t gso_trains, gso_pkts; /* trains of 2+ datagrams sent, their datagrams */
	uint64_t gro_bufs, gro_pkts;   /* buffers holding 2+ datagrams, their datagrams */
	uint64_t gso_refused;          /* sends the kernel refused to segment */
};

struct lvpn_udpb {
	int fd;
	int gso, gro;     /* in use on fd */
	uint32_t max_seg; /* largest datagram put in a train (the route's MTU) */
	struct lvpn_log *lg;
	struct lvpn_link_stats *st;
	/* receive: nrx buffers of rx_size bytes carved from rx_mem */
	uint8_t *rx_mem;
	uint32_t rx_size, nrx, dgram_size;
	struct iovec rx_iov[LVPN_UDPB_RX_MAX];
	struct mmsghdr rx_msg[LVPN_UDPB_RX_MAX];
	union lvpn_udpb_cmsg rx_cmsg[LVPN_UDPB_RX_MAX];
	/* send: a message per train, an iovec per datagram */
	struct iovec tx_iov[LVPN_UDPB_TX_MAX];
	struct mmsghdr tx_msg[LVPN_UDPB_TX_MAX];
	union lvpn_udpb_cmsg tx_cmsg[LVPN_UDPB_TX_MAX];
	uint8_t tx_cnt[LVPN_UDPB_TX_MAX]; /* datagrams in message i */
	/* unconnected socket: the source of each received buffer; the one
	 * of the datagram being handed to the callback */
	int named;
	struct sockaddr_storage rx_name[LVPN_UDPB_RX_MAX];
	const struct sockaddr_storage *from;
	socklen_t fromlen;
	/* --multihome (lvpn_udpb_pktinfo): the local end of the datagram
	 * being handed to the callback; the source of each message sent */
	int pktinfo;
	struct lvpn_udp_local local;
	const struct lvpn_udp_local *const *tx_src;
};

/* What lvpn_udpb_recv() calls for each datagram: b holds it at head 0.
 * The callee may process it in place; b->cap may be exactly b->len (a
 * datagram cut from a GRO buffer, followed by the next one).  On an
 * unconnected socket u->from and u->fromlen hold its source during the
 * call (every datagram of a GRO buffer has the buffer's source). */
typedef void (*lvpn_udpb_rx_fn)(void *ctx, struct lvpn_buf *b);

/* Allocates the receive memory (LVPN_UDPB_RX_MEM bytes); dgram_size is
 * the largest datagram expected without GRO (a buffer each).  Counters go
 * to *st.  Errors: LVPN_ERR_INVAL (dgram_size 0 or above
 * LVPN_UDPB_GRO_BUF), LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_udpb_init(struct lvpn_udpb *u, uint32_t dgram_size,
                                   struct lvpn_link_stats *st, struct lvpn_log *lg);

/* Frees the receive memory (the socket is the caller's). */
void lvpn_udpb_free(struct lvpn_udpb *u);

/* Starts using fd (a UDP socket, connected or not): enables UDP_GRO when
 * want_gro and the kernel has it; uses UDP_SEGMENT when want_gso and the
 * kernel has it, for datagrams that fit the route's MTU as known now
 * (IP_MTU; 1472 bytes on an unconnected socket).  What is not available
 * is simply not used. */
void lvpn_udpb_attach(struct lvpn_udpb *u, int fd, int want_gso, int want_gro);

/* Sends the n datagrams b[0..n) in order, as trains when segmentation is
 * on.  Datagrams the socket does not take (full buffer) are dropped and
 * counted.  Errors: LVPN_ERR_INVAL (n above LVPN_UDPB_TX_MAX). */
LVPN_MUST_CHECK int lvpn_udpb_send(struct lvpn_udpb *u, struct lvpn_buf *const *b, unsigned n);

/* As lvpn_udpb_send on an unconnected socket: datagram i goes to
 * dst[i] (dlen[i] bytes).  A train holds consecutive datagrams to one
 * address: put each destination's datagrams together (lvpn_udpb_group).
 * A destination the kernel refuses loses its datagrams (counted as
 * drops), not the others'.
 * Errors: LVPN_ERR_INVAL (n above LVPN_UDPB_TX_MAX). */
LVPN_MUST_CHECK int lvpn_udpb_send_to(struct lvpn_udpb *u, struct lvpn_buf *const *b,
                                      const struct sockaddr_storage *const *dst,
                                      const socklen_t *dlen, unsigned n);

/* --multihome: asks the kernel for each datagram's local end (u->local
 * while the receive callback runs) and lets lvpn_udpb_send_from send from
 * a given one.  Errors: LVPN_ERR_IO (the kernel refused; logged). */
LVPN_MUST_CHECK int lvpn_udpb_pktinfo(struct lvpn_udpb *u);

/* lvpn_udpb_send_to, each datagram i sent from src[i] (NULL, or an
 * unknown one: the kernel chooses).  Datagrams of one train share their
 * destination, and so their source.  Errors: as lvpn_udpb_send_to. */
LVPN_MUST_CHECK int lvpn_udpb_send_from(struct lvpn_udpb *u, struct lvpn_buf *const *b,
                                        const struct sockaddr_storage *const *dst,
                                        const socklen_t *dlen,
                                        const struct lvpn_udp_local *const *src, unsigned n);

/* Reads what is waiting (a few recvmmsg calls at most) and calls fn for
 * each datagram, in order.  A UDP error is not fatal: returns 0. */
LVPN_MUST_CHECK int lvpn_udpb_recv(struct lvpn_udpb *u, lvpn_udpb_rx_fn fn, void *ctx);

/* Called after the datagrams of each receive call: until it returns, the
 * buffers handed to fn in that call keep their bytes (the next call
 * reuses them), so fn may gather them and end process them together. */
typedef void (*lvpn_udpb_end_fn)(void *ctx);

/* lvpn_udpb_recv, with end (may be NULL) called after each receive call. */
LVPN_MUST_CHECK int lvpn_udpb_recv_vec(struct lvpn_udpb *u, lvpn_udpb_rx_fn fn,
                                       lvpn_udpb_end_fn end, void *ctx);

/* --- pure helpers (no socket), used above and by the tests --- */

/* How many of b[0..n) form the first train: equal lengths, the last of
 * them possibly shorter (it ends the train), at most LVPN_UDPB_TRAIN_SEGS
 * datagrams and LVPN_UDPB_TRAIN_BYTES bytes.  A first datagram larger than
 * max_seg travels alone (the kernel refuses to segment beyond the route's
 * MTU; alone it may be fragmented).  0 when n is 0. */
unsigned lvpn_udpb_train(struct lvpn_buf *const *b, unsigned n, uint32_t max_seg);

/* As lvpn_udpb_train, the train also ending where the destination
 * changes (dst[i] differs from dst[0] in length or bytes); dst NULL: one
 * destination for all. */
unsigned lvpn_udpb_train_to(struct lvpn_buf *const *b, const struct sockaddr_storage *const *dst,
                            const socklen_t *dlen, unsigned n, uint32_t max_seg);

/* Puts the n entries of a batch in groups by key, each group in its
 * first entry's place in the batch and in arrival order within (a stable
 * grouping): order[0..n) gets the indexes.  n at most LVPN_UDPB_TX_MAX. */
void lvpn_udpb_group(const uint32_t *key, unsigned n, uint8_t *order);

/* Cuts a received buffer of len bytes that the kernel coalesced with
 * segment size gso (0: one datagram): the datagram at *off, its length in
 * *seg; *off moves past it.  Returns 1 when there was one, 0 at the end. */
int lvpn_udpb_split(size_t len, size_t gso, size_t *off, size_t *seg);

#endif
