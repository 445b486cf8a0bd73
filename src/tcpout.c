/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - framed output on a non-blocking TCP socket (see tcpout.h). */
#include "src/tcpout.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int lvpn_tcpout_init(struct lvpn_tcpout *q, size_t max_frame)
{
	memset(q, 0, sizeof(*q));
	q->buf = malloc(max_frame);
	if (!q->buf)
		return -1;
	q->cap = max_frame;
	return 0;
}

void lvpn_tcpout_free(struct lvpn_tcpout *q)
{
	free(q->buf);
	memset(q, 0, sizeof(*q));
}

/* Writes as much of p as the kernel takes: the count, or -1 when broken. */
static ssize_t put(int fd, const uint8_t *p, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = send(fd, p + done, len - done, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n == 0)
			errno = EPIPE;
		return -1;
	}
	return (ssize_t)done;
}

int lvpn_tcpout_flush(struct lvpn_tcpout *q, int fd)
{
	ssize_t n;

	if (!lvpn_tcpout_pending(q))
		return 0;
	n = put(fd, q->buf + q->off, q->len - q->off);
	if (n < 0)
		return -1;
	q->off += (size_t)n;
	if (q->off < q->len)
		return 1;
	q->off = q->len = 0;
	return 0;
}

int lvpn_tcpout_send(struct lvpn_tcpout *q, int fd, const uint8_t *p, size_t len)
{
	ssize_t n;
	int rc = lvpn_tcpout_flush(q, fd);

	if (rc < 0)
		return -1;
	if (rc > 0 || len > q->cap) {
		q->dropped++;
		return 1;
	}
	n = put(fd, p, len);
	if (n < 0)
		return -1;
	if ((size_t)n < len) {
		/* the kernel took the head only: the tail must follow before any
		 * other frame, or the peer's framing is lost */
		memcpy(q->buf, p + n, len - (size_t)n);
		q->off = 0;
		q->len = len - (size_t)n;
	}
	return 0;
}
