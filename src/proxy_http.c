/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the HTTP CONNECT handshake of the client's proxy link (see
 * proxy.h), as OpenVPN 2.6's establish_http_proxy_passthru: Basic
 * authentication from the start when the http-proxy line names an
 * authfile, or (auto, auto-nct) only after the proxy asked for it with a
 * 407, Basic or Digest as the first Proxy-Authenticate 2.6 knows says
 * (proto/httpdigest.h), on a new connection; any answer but 200 ends the
 * attempt and the next remote is tried. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/b64.h"
#include "crypto/random.h"
#include "proto/httpdigest.h"
#include "src/proxy_int.h"

enum how { PLAIN, BASIC, DIGEST };

/* Where the Basic credentials come from: http-proxy-user-pass first (as
 * OpenVPN), then the http-proxy line's file; NULL: the terminal (and
 * always for http-proxy-override). */
static const struct lvpn_blob *cred_source(const struct lvpn_options *o, const struct lvpn_conn *ce)
{
	if (ce->proxy.http_override)
		return NULL;
	if (o->http_proxy_user_pass.data)
		return &o->http_proxy_user_pass;
	if (ce->proxy.http_auth.data)
		return &ce->proxy.http_auth;
	return NULL;
}

/* The Digest answer to chal for the kept credentials, into out. */
static int digest(struct hs *h, const struct lvpn_options *o, const struct lvpn_conn *ce,
                  const struct lvpn_httpdigest_chal *chal, char *out, size_t cap)
{
	char uri[600], cnonce[16];
	uint8_t raw[8];
	int rc;

	if ((rc = lvpn_proxy_creds(h->l, cred_source(o, ce), "HTTP Proxy")) != 0)
		return rc;
	if (lvpn_random(raw, sizeof(raw)) != 0)
		return LVPN_ERR_IO;
	cnonce[lvpn_b64_encode(raw, sizeof(raw), cnonce)] = '\0';
	snprintf(uri, sizeof(uri), "%s:%s", ce->remote,
	         ce->remote_port ? ce->remote_port : ce->port);
	rc = lvpn_httpdigest_answer(chal, h->l->creds->user, h->l->creds->pass, "CONNECT", uri,
	                            cnonce, out, cap);
	if (rc) {
		LVPN_LOG(
		    h->l->lg, LVPN_LOG_ERR, "HTTP proxy: cannot answer the Digest challenge (%s)",
		    rc == LVPN_ERR_INVAL ? "a quote or control byte in the username" : "too long");
		return LVPN_ERR_IO;
	}
	LVPN_LOG(h->l->lg, LVPN_LOG_INFO, "Attempting Digest Proxy-Authorization");
	return 0;
}

static int request(struct hs *h, const struct lvpn_options *o, const struct lvpn_conn *ce,
                   enum how how, const struct lvpn_httpdigest_chal *chal)
{
	const struct lvpn_proxy_conf *p = &ce->proxy;
	struct lvpn_httpproxy_req q = {.host = ce->remote,
	                               .port = ce->remote_port ? ce->remote_port : ce->port,
	                               .version = p->http_version,
	                               .agent = p->http_agent,
	                               .nhdr = p->nhdr};
	char req[4096], auth[1536];
	size_t n = 0;
	int rc;

	for (int i = 0; i < p->nhdr; i++) {
		q.hdr_name[i] = p->hdr_name[i];
		q.hdr_value[i] = p->hdr_value[i];
	}
	if (how == DIGEST) {
		if ((rc = digest(h, o, ce, chal, auth, sizeof(auth))) != 0)
			return rc;
		q.auth = auth;
	}
	if (how == BASIC) {
		if ((rc = lvpn_proxy_creds(h->l, cred_source(o, ce), "HTTP Proxy")) != 0)
			return rc;
		q.user = h->l->creds->user;
		q.pass = h->l->creds->pass;
		LVPN_LOG(h->l->lg, LVPN_LOG_INFO, "Attempting Basic Proxy-Authorization");
	}
	rc = lvpn_httpproxy_request(&q, req, sizeof(req), &n);
	lvpn_wipe(auth, sizeof(auth));
	if (rc) {
		LVPN_LOG(h->l->lg, LVPN_LOG_ERR,
		         "HTTP proxy: cannot build the CONNECT request for %s:%s (%s)", q.host,
		         q.port, rc == LVPN_ERR_BUFSIZE ? "too long" : "a line break in a field");
		return LVPN_ERR_IO;
	}
	LVPN_LOG(h->l->lg, LVPN_LOG_INFO, "Send to HTTP proxy: 'CONNECT %s:%s HTTP/%s'", q.host,
	         q.port, q.version ? q.version : "1.0");
	rc = lvpn_proxy_send(h, req, n);
	lvpn_wipe(req, sizeof(req));
	return rc;
}

/* One connection to the proxy and its answer in *r. */
static int attempt(struct hs *h, const struct lvpn_options *o, const struct lvpn_conn *ce,
                   enum how how, const struct lvpn_httpdigest_chal *chal,
                   struct lvpn_httpproxy_resp *r)
{
	const struct lvpn_proxy_conf *p = &ce->proxy;
	struct sockaddr_storage sa;
	socklen_t salen = 0;
	size_t eol;
	int rc;

	if (h->fd >= 0)
		close(h->fd);
	h->fd = -1;
	h->have = 0;
	LVPN_LOG(h->l->lg, LVPN_LOG_INFO, "TCP link remote: %s:%s via HTTP proxy %s:%s", ce->remote,
	         ce->remote_port ? ce->remote_port : ce->port, p->http_server, p->http_port);
	if ((rc = lvpn_proxy_dial(h, o, ce, p->http_server, p->http_port, &sa, &salen)) ||
	    (rc = request(h, o, ce, how, chal)))
		return rc;
	while ((rc = lvpn_httpproxy_parse(h->in, h->have, r)) == LVPN_ERR_AGAIN)
		if (lvpn_proxy_more(h, "HTTP proxy") != 0)
			return LVPN_ERR_IO;
	if (rc) {
		LVPN_LOG(h->l->lg, LVPN_LOG_WARN, "HTTP proxy: %s answer, not HTTP: closing",
		         rc == LVPN_ERR_TOO_BIG ? "an oversized" : "a malformed");
		return LVPN_ERR_IO;
	}
	/* the parser allowed no control bytes: the status line prints as is */
	for (eol = 0; eol < r->hdr_len && h->in[eol] != '\r' && h->in[eol] != '\n'; eol++)
		;
	LVPN_LOG(h->l->lg, LVPN_LOG_INFO, "HTTP proxy returned: '%.*s'", (int)eol,
	         (const char *)h->in);
	memcpy(&h->l->peer, &sa, salen);
	h->l->peer_len = salen;
	return 0;
}

/* After a 407: how to try again (BASIC, DIGEST with *chal filled), or
 * PLAIN for not at all (logged why not).  As 2.6: only auto and auto-nct
 * try again, with the first scheme 2.6 knows that the proxy offered. */
static enum how retry_how(struct hs *h, const struct lvpn_conn *ce, enum how tried,
                          const struct lvpn_httpproxy_resp *r, struct lvpn_httpdigest_chal *chal)
{
	const struct lvpn_proxy_conf *p = &ce->proxy;
	struct lvpn_log *lg = h->l->lg;

	LVPN_LOG(lg, LVPN_LOG_INFO, "Proxy requires authentication");
	if (tried != PLAIN) {
		LVPN_LOG(lg, LVPN_LOG_ERR,
		         "HTTP proxy: authentication failed: the proxy refused the username and "
		         "password (407 Proxy Authentication Required)");
		return PLAIN;
	}
	if (!p->http_auto) {
		LVPN_LOG(lg, LVPN_LOG_ERR,
		         "HTTP proxy: no support for proxy authentication method");
		return PLAIN;
	}
	if (r->first == LVPN_HTTPPROXY_AUTH_DIGEST) {
		if (lvpn_httpdigest_parse((const char *)h->in + r->first_off, r->first_len, chal) ==
		    0)
			return DIGEST;
		LVPN_LOG(lg, LVPN_LOG_ERR,
		         "HTTP proxy: digest auth failed, malformed response from server: realm= "
		         "or nonce= missing");
		return PLAIN;
	}
	if (r->first != LVPN_HTTPPROXY_AUTH_BASIC) {
		LVPN_LOG(
		    lg, LVPN_LOG_ERR,
		    "HTTP proxy: do not recognize the authentication method required by proxy%s",
		    r->first == LVPN_HTTPPROXY_AUTH_NTLM ? " (NTLM is not supported by leanvpn)"
		                                         : "");
		return PLAIN;
	}
	if (p->http_auto == 2) {
		LVPN_LOG(
		    lg, LVPN_LOG_ERR,
		    "HTTP proxy: support for basic auth and other cleartext proxy auth methods "
		    "is disabled");
		return PLAIN;
	}
	return BASIC;
}

int lvpn_proxy_http(struct hs *h, const struct lvpn_options *o, const struct lvpn_conn *ce)
{
	struct lvpn_httpproxy_resp r;
	struct lvpn_httpdigest_chal chal;
	enum how how =
	    strcmp(ce->proxy.http_method, "basic") == 0 || ce->proxy.http_ask ? BASIC : PLAIN;
	int rc;

	/* at most two rounds: auto learns from a 407 what the proxy wants */
	for (int round = 0; round < 2; round++) {
		if ((rc = attempt(h, o, ce, how, &chal, &r)) != 0)
			return rc;
		if (r.status == 200) {
			struct lvpn_clink *l = h->l;

			l->pend_len = h->have - r.hdr_len;
			memcpy(l->tcp_in, h->in + r.hdr_len, l->pend_len);
			l->fd = h->fd;
			h->fd = -1;
			return 0;
		}
		if (r.status != 407) {
			LVPN_LOG(h->l->lg, LVPN_LOG_ERR, "HTTP proxy returned bad status");
			/* tinyproxy answers a wrong password with 401 */
			if (r.status == 401 && how == BASIC)
				LVPN_LOG(h->l->lg, LVPN_LOG_ERR,
				         "HTTP proxy: authentication failed: "
				         "the proxy refused the username and "
				         "password (401 Unauthorized)");
			return LVPN_ERR_IO;
		}
		if ((how = retry_how(h, ce, how, &r, &chal)) == PLAIN)
			return LVPN_ERR_IO;
	}
	return LVPN_ERR_IO;
}
