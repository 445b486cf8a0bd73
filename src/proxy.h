/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the client's link through an HTTP or SOCKS5 proxy, as
 * OpenVPN 2.6 makes it (proxy.c, socks.c): the proxy's address is
 * connected instead of the server's, then an HTTP CONNECT, a SOCKS5
 * CONNECT (TCP), or a SOCKS5 UDP ASSOCIATE whose relay then carries the
 * datagrams, each behind the SOCKS header.  The messages are built and
 * parsed by proto/httpproxy.c and proto/socks.c; this file does the I/O,
 * bounded by connect-timeout, and reads the credentials (a file, an
 * inline <http-proxy-user-pass> block, or the terminal).
 */
#ifndef LVPN_PROXY_H
#define LVPN_PROXY_H

#include "proto/config/options.h"
#include "src/client_link.h"

/* 1 if ce goes through a proxy. */
int lvpn_proxy_used(const struct lvpn_conn *ce);

/* Opens l's socket to ce's server through ce's proxy: on success l->fd
 * is the stream to the server (TCP; bytes the proxy sent after its answer
 * wait in l->tcp_in, l->pend_len of them) or the UDP socket connected to
 * the SOCKS relay (l->socks_udp set, l->ctrl_fd holding the association).
 * Each failure is logged as OpenVPN logs it.
 * Errors: LVPN_ERR_AGAIN (a name did not resolve), LVPN_ERR_IO (the proxy
 * could not be reached, refused, failed the authentication or answered
 * something else: try the next remote, as OpenVPN's soft restart),
 * LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_proxy_open(struct lvpn_clink *l, const struct lvpn_options *o,
                                    const struct lvpn_conn *ce);

/* The kind of proxy credentials ("HTTP Proxy", "SOCKS Proxy") opening
 * ce's link will ask the terminal for ('stdin' as the authfile; HTTP: no
 * http-proxy-user-pass) when none are kept, else NULL: a management
 * client may give them first. */
const char *lvpn_proxy_wants_terminal(const struct lvpn_clink *l, const struct lvpn_options *o,
                                      const struct lvpn_conn *ce);

/* Keeps user and pass as the terminal's answer for the next connection
 * through ce's HTTP or SOCKS proxy (what the management interface was told).
 * Errors: LVPN_ERR_NOMEM, LVPN_ERR_INVAL (user empty, either too long). */
LVPN_MUST_CHECK int lvpn_proxy_keep(struct lvpn_clink *l, const char *user, const char *pass);

/* Forgets the credentials kept in l (wiped) and frees them. */
void lvpn_proxy_free(struct lvpn_clink *l);

#endif
