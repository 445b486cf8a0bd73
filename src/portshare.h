/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --port-share HOST PORT [DIR]: a TCP server hands connections
 * that are not OpenVPN (proto/portshare.h decides) to another server,
 * as OpenVPN 2.6 does.  The relay connects to HOST:PORT (resolved once,
 * at start), sends it the bytes already read from the client, then copies
 * both ways until either side has closed (what was read is delivered
 * first) or fails.  With DIR, a file named after the relay's own address
 * toward HOST:PORT ("198.18.0.1:40312") holds the client's real address
 * ("198.18.0.2:51200") while the connection lasts, so HOST's server can
 * find who it is talking to.  DIR is opened at start, as 2.6's proxy
 * process starts before the server changes directory or root.
 *
 * Memory and descriptors are bounded: a fixed table of LVPN_PS_MAX relays
 * with two fixed buffers each, allocated once; a connection that finds the
 * table full is closed (and counted).  A connect to HOST:PORT that has not
 * completed within 5 seconds (2.6's timeout) is abandoned.  Each relay's
 * two sockets are in the server's epoll set with the tags
 * tag_base - (2 * i + side). */
#ifndef LVPN_PORTSHARE_H
#define LVPN_PORTSHARE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "base/err.h"
#include "base/log.h"

#define LVPN_PS_MAX  32    /* relayed connections at once */
#define LVPN_PS_BUF  16384 /* bytes buffered per direction */
#define LVPN_PS_TAGS (2 * LVPN_PS_MAX)

struct lvpn_ps;

struct lvpn_ps_stats {
	uint64_t relayed, refused, failed; /* taken, table full, connect failed */
};

/* Resolves host and port (the first address getaddrinfo gives, as 2.6)
 * and makes the relay table; dir may be NULL.  Relays' sockets go into
 * epfd.
 * Errors: LVPN_ERR_CONFIG (host or port does not resolve; logged),
 * LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_ps_open(struct lvpn_ps **out, const char *host, const char *port,
                                 const char *dir, int epfd, int tag_base, struct lvpn_log *lg);

/* Takes over the client connection fd (non-blocking, not in epfd),
 * whose first n bytes head were already read; fd is closed when the
 * table is full or the connect cannot start. */
void lvpn_ps_take(struct lvpn_ps *ps, int fd, const uint8_t *head, size_t n, uint64_t now);

/* An epoll event for tag_base - idx (0 <= idx < LVPN_PS_TAGS). */
void lvpn_ps_event(struct lvpn_ps *ps, int idx, uint64_t now);

/* Abandons connects older than 5 seconds. */
void lvpn_ps_expire(struct lvpn_ps *ps, uint64_t now);

void lvpn_ps_stats(const struct lvpn_ps *ps, struct lvpn_ps_stats *st);

/* Closes every relay (their DIR files removed) and frees ps (NULL: no-op). */
void lvpn_ps_close(struct lvpn_ps *ps);

#endif
