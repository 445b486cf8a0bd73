/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the client's link through an HTTP or SOCKS5 proxy (see
 * proxy.h). */
#include "src/proxy.h"
#include "src/proxy_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "proto/httpproxy.h"
#include "proto/socks.h"
#include "src/cred.h"
#include "src/fileio.h"

int lvpn_proxy_used(const struct lvpn_conn *ce)
{
	return ce->proxy.http_server || ce->proxy.socks_server;
}

const char *lvpn_proxy_wants_terminal(const struct lvpn_clink *l, const struct lvpn_options *o,
                                      const struct lvpn_conn *ce)
{
	int http = ce->proxy.http_server && ce->proxy.http_ask && !o->http_proxy_user_pass.data;

	if (!http && !(ce->proxy.socks_server && ce->proxy.socks_ask))
		return NULL;
	if (l->creds && l->creds->have && l->creds->from == NULL)
		return NULL;
	return http ? "HTTP Proxy" : "SOCKS Proxy";
}

int lvpn_proxy_keep(struct lvpn_clink *l, const char *user, const char *pass)
{
	struct lvpn_proxy_creds *c = l->creds;

	if (!user[0] || strlen(user) >= sizeof(c->user) || strlen(pass) >= sizeof(c->pass))
		return LVPN_ERR_INVAL;
	if (!c && !(c = l->creds = calloc(1, sizeof(*c))))
		return LVPN_ERR_NOMEM;
	memcpy(c->user, user, strlen(user) + 1);
	memcpy(c->pass, pass, strlen(pass) + 1);
	c->from = NULL;
	c->have = 1;
	return 0;
}

void lvpn_proxy_free(struct lvpn_clink *l)
{
	if (!l->creds)
		return;
	lvpn_wipe(l->creds, sizeof(*l->creds));
	free(l->creds);
	l->creds = NULL;
}

static int ms_left(const struct hs *h)
{
	struct timespec now;
	long long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (h->end.tv_sec - now.tv_sec) * 1000LL + (h->end.tv_nsec - now.tv_nsec) / 1000000;
	return ms < 0 ? 0 : ms > 3600000 ? 3600000 : (int)ms;
}

/* A TCP connection to host:port (the proxy), any address family. */
int lvpn_proxy_dial(struct hs *h, const struct lvpn_options *o, const struct lvpn_conn *ce,
                    const char *host, const char *port, struct sockaddr_storage *sa,
                    socklen_t *salen)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL, *ai;
	int rc = getaddrinfo(host, port, &hints, &res);

	if (rc) {
		LVPN_LOG(h->l->lg, LVPN_LOG_ERR, "RESOLVE: cannot resolve host address: %s:%s (%s)",
		         host, port, gai_strerror(rc));
		return LVPN_ERR_AGAIN;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		h->fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, 0);
		if (h->fd < 0)
			continue;
		lvpn_clink_sockopts(h->l, h->fd, 1, o, ce);
		if (connect(h->fd, ai->ai_addr, ai->ai_addrlen) == 0) {
			memcpy(sa, ai->ai_addr, ai->ai_addrlen);
			*salen = ai->ai_addrlen;
			break;
		}
		LVPN_LOG(h->l->lg, LVPN_LOG_WARN, "connect to proxy %s:%s failed: %s", host, port,
		         strerror(errno));
		close(h->fd);
		h->fd = -1;
	}
	freeaddrinfo(res);
	return h->fd < 0 ? LVPN_ERR_IO : 0;
}

int lvpn_proxy_send(struct hs *h, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n) {
		ssize_t w = send(h->fd, b, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			LVPN_LOG(h->l->lg, LVPN_LOG_WARN, "proxy: TCP port write failed: %s",
			         strerror(errno));
			return LVPN_ERR_IO;
		}
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Reads what the proxy sends next into h->in (appended); a signal, the
 * deadline, a closed connection or a full buffer end the handshake. */
int lvpn_proxy_more(struct hs *h, const char *what)
{
	struct pollfd p = {.fd = h->fd, .events = POLLIN};
	ssize_t n;
	int rc;

	if (h->have >= sizeof(h->in))
		return LVPN_ERR_IO;
	rc = poll(&p, 1, ms_left(h));
	if (rc == 0) {
		LVPN_LOG(h->l->lg, LVPN_LOG_WARN, "%s: TCP port read timeout expired", what);
		return LVPN_ERR_IO;
	}
	if (rc < 0)
		return LVPN_ERR_IO; /* a signal: the client loop decides */
	n = recv(h->fd, h->in + h->have, sizeof(h->in) - h->have, 0);
	if (n <= 0) {
		LVPN_LOG(h->l->lg, LVPN_LOG_WARN, "%s: the proxy closed the connection%s%s", what,
		         n < 0 ? ": " : "", n < 0 ? strerror(errno) : "");
		return LVPN_ERR_IO;
	}
	h->have += (size_t)n;
	return 0;
}

/* The username and password of a user-pass file or inline block, the
 * terminal asked for what is missing (OpenVPN's get_user_pass). */
int lvpn_proxy_creds(struct lvpn_clink *l, const struct lvpn_blob *b, const char *kind)
{
	const struct lvpn_config_ops *ops = lvpn_fileio_ops();
	struct lvpn_proxy_creds *c = l->creds;
	char *text = NULL, *save = NULL, *u = NULL, *p = NULL, why[256], prompt[64];
	size_t len = 0;

	if (!c && !(c = l->creds = calloc(1, sizeof(*c))))
		return LVPN_ERR_NOMEM;
	if (c->have && c->from == b)
		return 0;
	c->have = 0;
	c->from = b;
	if (b && b->data && b->is_inline) {
		len = strlen(b->data);
		text = strdup(b->data);
		if (!text)
			return LVPN_ERR_NOMEM;
	} else if (b && b->data &&
	           ops->read_file(ops->ctx, b->data, &text, &len, why, sizeof(why))) {
		LVPN_LOG(l->lg, LVPN_LOG_ERR, "%s: cannot read '%s': %s", kind, b->data, why);
		return LVPN_ERR_IO;
	}
	if (text) {
		u = strtok_r(text, "\r\n", &save);
		p = strtok_r(NULL, "\r\n", &save);
	}
	snprintf(c->user, sizeof(c->user), "%s", u ? u : "");
	snprintf(c->pass, sizeof(c->pass), "%s", p ? p : "");
	if (text) {
		lvpn_wipe(text, len);
		free(text);
	}
	if (!u) {
		snprintf(prompt, sizeof(prompt), "Enter %s Username: ", kind);
		if (lvpn_cred_ask(prompt, c->user, sizeof(c->user), 0))
			goto none;
	}
	if (!p) {
		snprintf(prompt, sizeof(prompt), "Enter %s Password: ", kind);
		if (lvpn_cred_ask(prompt, c->pass, sizeof(c->pass), 1))
			goto none;
	}
	if (!c->user[0])
		goto none;
	c->have = 1;
	return 0;
none:
	LVPN_LOG(l->lg, LVPN_LOG_ERR, "ERROR: could not read %s username/password from the %s",
	         kind, b && b->data ? "file" : "terminal");
	lvpn_wipe(c, sizeof(*c));
	return LVPN_ERR_IO;
}

void lvpn_proxy_forget(struct lvpn_clink *l)
{
	if (l->creds)
		lvpn_wipe(l->creds, sizeof(*l->creds));
}

static void start(struct hs *h, struct lvpn_clink *l, const struct lvpn_conn *ce)
{
	h->l = l;
	h->fd = -1;
	h->have = 0;
	clock_gettime(CLOCK_MONOTONIC, &h->end);
	h->end.tv_sec += ce->connect_timeout > 0 ? ce->connect_timeout : 120;
}

static void stop(struct hs *h)
{
	if (h->fd >= 0)
		close(h->fd);
	h->fd = -1;
}

int lvpn_proxy_open(struct lvpn_clink *l, const struct lvpn_options *o, const struct lvpn_conn *ce)
{
	struct hs *h = malloc(sizeof(*h));
	int rc;

	if (!h)
		return LVPN_ERR_NOMEM;
	start(h, l, ce);
	rc = ce->proxy.http_server ? lvpn_proxy_http(h, o, ce) : lvpn_proxy_socks(h, o, ce);
	stop(h);
	free(h);
	return rc;
}
