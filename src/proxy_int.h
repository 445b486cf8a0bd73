/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - private to the proxy files (proxy.c, proxy_http.c,
 * proxy_socks.c): one handshake with a proxy and the helpers it uses. */
#ifndef LVPN_PROXY_INT_H
#define LVPN_PROXY_INT_H

#include <time.h>

#include "proto/httpproxy.h"
#include "src/proxy.h"

struct lvpn_proxy_creds {
	int have;
	const struct lvpn_blob *from; /* what they were loaded from (NULL: terminal) */
	char user[256], pass[256];
};

/* One proxy handshake: its socket and the time it must end by. */
struct hs {
	struct lvpn_clink *l;
	int fd;
	struct timespec end;
	uint8_t in[LVPN_HTTPPROXY_MAX_RESP + 1];
	size_t have;
};

/* Resolves and connects h->fd to host:port (the proxy); *sa is the
 * address connected.  Errors: LVPN_ERR_AGAIN (no such name), LVPN_ERR_IO. */
LVPN_MUST_CHECK int lvpn_proxy_dial(struct hs *h, const struct lvpn_options *o,
                                    const struct lvpn_conn *ce, const char *host, const char *port,
                                    struct sockaddr_storage *sa, socklen_t *salen);

/* Sends n bytes.  Errors: LVPN_ERR_IO (logged). */
LVPN_MUST_CHECK int lvpn_proxy_send(struct hs *h, const void *p, size_t n);

/* Appends what the proxy sends next to h->in, within the deadline.
 * Errors: LVPN_ERR_IO (timeout, closed, a signal, h->in full; logged
 * with what as the prefix). */
LVPN_MUST_CHECK int lvpn_proxy_more(struct hs *h, const char *what);

/* Loads l->creds once from b (a file or inline block; NULL or no data:
 * the terminal), asking the terminal for what b lacks; kind names them
 * in prompts and errors ("HTTP Proxy", "SOCKS Proxy").
 * Errors: LVPN_ERR_IO (unreadable, nothing typed; logged), LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_proxy_creds(struct lvpn_clink *l, const struct lvpn_blob *b,
                                     const char *kind);

/* Wipes the kept credentials so that the next attempt loads them again. */
void lvpn_proxy_forget(struct lvpn_clink *l);

/* The HTTP CONNECT and SOCKS5 handshakes (proxy_http.c, proxy_socks.c).
 * Errors: those of lvpn_proxy_open. */
LVPN_MUST_CHECK int lvpn_proxy_http(struct hs *h, const struct lvpn_options *o,
                                    const struct lvpn_conn *ce);
LVPN_MUST_CHECK int lvpn_proxy_socks(struct hs *h, const struct lvpn_options *o,
                                     const struct lvpn_conn *ce);

#endif
