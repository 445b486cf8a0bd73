/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - sending framed packets on a non-blocking TCP socket without
 * ever blocking the event loop and without breaking the framing.
 *
 * The kernel's socket buffer is the queue.  When it is full, the kernel
 * may take only the head of a frame: the tail is kept here (room for one
 * whole frame, allocated once per connection) and pushed out when the
 * socket becomes writable again.  While a tail is waiting, new frames
 * are dropped and counted, as a full --tcp-queue-limit queue drops them
 * in OpenVPN: the data channel tolerates loss, a stalled server does not.
 */
#ifndef LVPN_TCPOUT_H
#define LVPN_TCPOUT_H

#include <stddef.h>
#include <stdint.h>

struct lvpn_tcpout {
	uint8_t *buf; /* the pending tail: buf[off..len) */
	size_t cap, off, len;
	uint64_t dropped; /* frames dropped while a tail was waiting */
};

/* Room for a tail of up to max_frame bytes (the largest frame the
 * connection sends, its 2-byte length included).  Returns 0 or -1 (no
 * memory). */
int lvpn_tcpout_init(struct lvpn_tcpout *q, size_t max_frame);
void lvpn_tcpout_free(struct lvpn_tcpout *q);

/* Sends one whole frame on the non-blocking socket fd.  Returns 0 when
 * the frame was sent or its tail kept, 1 when it was dropped (a tail is
 * still waiting, or the frame is larger than max_frame), -1 when the
 * connection is broken (errno set). */
int lvpn_tcpout_send(struct lvpn_tcpout *q, int fd, const uint8_t *p, size_t len);

/* The socket is writable: pushes out the waiting tail.  Returns 0 when
 * nothing waits any more, 1 when some still does, -1 when the connection
 * is broken. */
int lvpn_tcpout_flush(struct lvpn_tcpout *q, int fd);

static inline int lvpn_tcpout_pending(const struct lvpn_tcpout *q)
{
	return q->len > q->off;
}

#endif
