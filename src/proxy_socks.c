/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the SOCKS5 handshake of the client's proxy link (see
 * proxy.h), as OpenVPN 2.6's socks.c: one method offered (username and
 * password when an authfile is given, or 'stdin': typed), then CONNECT to the server's name
 * for TCP, or UDP ASSOCIATE for UDP, whose relay (IPv4) then carries
 * every datagram behind a 10-byte header naming the server. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proto/socks.h"
#include "src/proxy_int.h"

/* Drops the first n bytes of h->in (a reply consumed). */
static void consume(struct hs *h, size_t n)
{
	memmove(h->in, h->in + n, h->have - n);
	h->have -= n;
}

static int fail(struct hs *h, const char *msg)
{
	LVPN_LOG(h->l->lg, LVPN_LOG_ERR, "%s", msg);
	return LVPN_ERR_IO;
}

/* Greeting, method choice, and RFC 1929 authentication if offered. */
static int handshake(struct hs *h, const struct lvpn_conn *ce)
{
	/* 'stdin' as the authfile: the terminal (no file) asked each time */
	const struct lvpn_blob *file = ce->proxy.socks_ask ? NULL : &ce->proxy.socks_auth;
	int up = ce->proxy.socks_ask || ce->proxy.socks_auth.data != NULL, rc;
	uint8_t msg[520];
	size_t n = 0, used = 0;

	if (lvpn_socks_greeting(up, msg, sizeof(msg), &n) || lvpn_proxy_send(h, msg, n))
		return LVPN_ERR_IO;
	while ((rc = lvpn_socks_method_read(h->in, h->have, up, &used)) == LVPN_ERR_AGAIN)
		if (lvpn_proxy_more(h, "socks_handshake") != 0)
			return LVPN_ERR_IO;
	if (rc == LVPN_ERR_MALFORMED)
		return fail(h, "socks_handshake: Socks proxy returned bad status");
	if (rc)
		return fail(h, "socks_handshake: Socks proxy returned unexpected auth");
	consume(h, used);
	if (!up)
		return 0;
	if ((rc = lvpn_proxy_creds(h->l, file, "SOCKS Proxy")) != 0)
		return rc;
	rc = lvpn_socks_userpass(h->l->creds->user, h->l->creds->pass, msg, sizeof(msg), &n);
	lvpn_proxy_forget(h->l); /* read again for each connection, as OpenVPN */
	if (rc)
		return fail(h, "SOCKS username and/or password exceeds 255 characters.  "
		               "Authentication not possible.");
	rc = lvpn_proxy_send(h, msg, n);
	lvpn_wipe(msg, sizeof(msg));
	if (rc)
		return rc;
	while ((rc = lvpn_socks_auth_read(h->in, h->have, &used)) == LVPN_ERR_AGAIN)
		if (lvpn_proxy_more(h, "socks_username_password_auth") != 0)
			return LVPN_ERR_IO;
	if (rc)
		return fail(h, "socks_username_password_auth: server refused the authentication");
	consume(h, used);
	return 0;
}

/* Sends a request and reads its reply into *a. */
static int ask(struct hs *h, int cmd, const struct lvpn_conn *ce, struct lvpn_socks_addr *a)
{
	const char *port = ce->remote_port ? ce->remote_port : ce->port;
	uint8_t req[LVPN_SOCKS_REQ_MAX];
	size_t n = 0, used = 0;
	int rep = 0, rc;

	if (lvpn_socks_request(cmd, ce->remote, (uint16_t)atoi(port), req, sizeof(req), &n))
		return fail(h, "establish_socks_proxy_passthru: the server name is too long");
	if (lvpn_proxy_send(h, req, n))
		return LVPN_ERR_IO;
	while ((rc = lvpn_socks_reply_read(h->in, h->have, a, &rep, &used)) == LVPN_ERR_AGAIN)
		if (lvpn_proxy_more(h, "recv_socks_reply") != 0)
			return LVPN_ERR_IO;
	if (rc == LVPN_ERR_UNSUPPORTED) {
		LVPN_LOG(h->l->lg, LVPN_LOG_ERR,
		         "recv_socks_reply: Socks proxy returned bad reply (%d: %s)", rep,
		         lvpn_socks_rep_str(rep));
		return LVPN_ERR_IO;
	}
	if (rc)
		return fail(h, "recv_socks_reply: Socks proxy returned bad address type");
	consume(h, used);
	return 0;
}

/* UDP: the association, then a UDP socket connected to the relay. */
static int udp(struct hs *h, const struct lvpn_options *o, const struct lvpn_conn *ce,
               const struct sockaddr_storage *proxy)
{
	struct lvpn_clink *l = h->l;
	const char *port = ce->remote_port ? ce->remote_port : ce->port;
	struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_DGRAM}, *res = NULL;
	struct sockaddr_in relay = {.sin_family = AF_INET}, *srv;
	struct lvpn_socks_addr a;
	char txt[INET_ADDRSTRLEN];
	int rc, fd;

	if ((rc = ask(h, LVPN_SOCKS_UDP_ASSOC, ce, &a)) != 0)
		return rc;
	if (a.atyp != 1)
		return fail(h, "SOCKS proxy: the UDP relay is not an IPv4 address");
	memcpy(&relay.sin_addr, a.addr, 4);
	relay.sin_port = htons(a.port);
	/* 0.0.0.0: the relay is on the proxy's own address (RFC 1928 leaves
	 * it to the client; common proxies answer so) */
	if (relay.sin_addr.s_addr == 0 && proxy->ss_family == AF_INET)
		relay.sin_addr = ((const struct sockaddr_in *)proxy)->sin_addr;
	LVPN_LOG(l->lg, LVPN_LOG_INFO, "SOCKS proxy wants us to send UDP to [AF_INET]%s:%u",
	         inet_ntop(AF_INET, &relay.sin_addr, txt, sizeof(txt)), (unsigned)a.port);
	rc = getaddrinfo(ce->remote, port, &hints, &res);
	if (rc) {
		LVPN_LOG(l->lg, LVPN_LOG_ERR, "RESOLVE: cannot resolve host address: %s:%s (%s)",
		         ce->remote, port, gai_strerror(rc));
		return LVPN_ERR_AGAIN;
	}
	srv = (struct sockaddr_in *)res->ai_addr;
	lvpn_socks_udp_hdr((const uint8_t *)&srv->sin_addr, ntohs(srv->sin_port), l->socks_hdr);
	memcpy(&l->peer, srv, sizeof(*srv));
	l->peer_len = sizeof(*srv);
	freeaddrinfo(res);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fail(h, "SOCKS proxy: cannot create the UDP socket");
	lvpn_clink_sockopts(l, fd, 0, o, ce);
	if (connect(fd, (struct sockaddr *)&relay, sizeof(relay)) != 0) {
		close(fd);
		return fail(h, "SOCKS proxy: cannot reach the UDP relay");
	}
	l->fd = fd;
	l->ctrl_fd = h->fd;
	h->fd = -1;
	l->socks_udp = 1;
	return 0;
}

int lvpn_proxy_socks(struct hs *h, const struct lvpn_options *o, const struct lvpn_conn *ce)
{
	const struct lvpn_proxy_conf *p = &ce->proxy;
	struct sockaddr_storage sa;
	struct lvpn_socks_addr a;
	socklen_t salen = 0;
	int rc;

	LVPN_LOG(h->l->lg, LVPN_LOG_INFO, "%s link remote: %s:%s via SOCKS proxy %s:%s",
	         h->l->tcp ? "TCP" : "UDP", ce->remote,
	         ce->remote_port ? ce->remote_port : ce->port, p->socks_server, p->socks_port);
	if ((rc = lvpn_proxy_dial(h, o, ce, p->socks_server, p->socks_port, &sa, &salen)) != 0 ||
	    (rc = handshake(h, ce)) != 0)
		return rc;
	if (!h->l->tcp)
		return udp(h, o, ce, &sa);
	if ((rc = ask(h, LVPN_SOCKS_CONNECT, ce, &a)) != 0)
		return rc;
	h->l->pend_len = h->have;
	memcpy(h->l->tcp_in, h->in, h->have);
	memcpy(&h->l->peer, &sa, salen);
	h->l->peer_len = salen;
	h->l->fd = h->fd;
	h->fd = -1;
	return 0;
}
