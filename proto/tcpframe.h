/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - TCP stream framing (openvpn-protocol.md b.2).
 *
 * On TCP every OpenVPN packet is preceded by a u16 big-endian length that
 * does not count itself.  The reassembler takes stream bytes in any split
 * and yields whole packets from a fixed buffer the caller provides (sized
 * for the largest packet the session accepts).  As in OpenVPN, a frame of
 * length 0 or longer than the buffer breaks the stream for good: the
 * caller must close the connection.
 *
 * Use:
 *	while (n) {
 *		rc = lvpn_tcpframe_push(&f, p, n, &used);
 *		if (rc < 0) close the connection;
 *		p += used; n -= used;
 *		if (rc == 1) { handle lvpn_tcpframe_packet(); lvpn_tcpframe_next(); }
 *	}
 */
#ifndef LVPN_TCPFRAME_H
#define LVPN_TCPFRAME_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

struct lvpn_tcpframe {
	uint8_t *buf; /* caller's storage for one packet */
	size_t cap;
	size_t need; /* length of the frame being read; 0 = reading prefix */
	size_t have; /* bytes of the prefix or packet read so far */
	uint8_t pfx[2];
	uint8_t state; /* 0 prefix, 1 body, 2 packet ready, 3 broken */
};

/* Sets f up over cap bytes of mem (the largest packet accepted). */
void lvpn_tcpframe_init(struct lvpn_tcpframe *f, uint8_t *mem, size_t cap);

/* Consumes up to len bytes of the stream, stopping after the end of a
 * packet; *used tells how many were taken.  Returns 1 when a whole packet
 * is ready (read it with lvpn_tcpframe_packet, then call
 * lvpn_tcpframe_next before pushing more), 0 when more bytes are needed.
 * Errors: LVPN_ERR_FRAMING (a zero-length frame, a frame larger than the
 * buffer; sticky: close the stream), LVPN_ERR_STATE (a packet is still
 * pending). */
LVPN_MUST_CHECK int lvpn_tcpframe_push(struct lvpn_tcpframe *f, const uint8_t *data, size_t len,
                                       size_t *used);

/* The packet that push reported ready: *pkt points into the buffer. */
void lvpn_tcpframe_packet(const struct lvpn_tcpframe *f, const uint8_t **pkt, size_t *len);

/* Releases the ready packet so reading can go on. */
void lvpn_tcpframe_next(struct lvpn_tcpframe *f);

/* Prepends the u16 length of b's packet into its headroom.
 * Errors: LVPN_ERR_TOO_BIG (packet over 65535 bytes), LVPN_ERR_BUFSIZE
 * (headroom under 2). */
LVPN_MUST_CHECK int lvpn_tcpframe_prefix(struct lvpn_buf *b);

#endif
