/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - peer-to-peer over proto tcp-server: wait for the one peer (see
 * client_link.h).  As OpenVPN 2.6 (socket.c, socket_listen_accept): the
 * listening socket takes one connection and is closed; with a 'remote',
 * a connection from any other address is closed and the wait goes on. */
#include <errno.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <string.h>
#include <unistd.h>

#include "src/addrstr.h"
#include "src/client_link.h"

/* The address of sa with an IPv4-mapped IPv6 address written as IPv4. */
static void unmap(struct sockaddr_storage *sa)
{
	struct sockaddr_in6 s6;
	struct sockaddr_in *s4 = (struct sockaddr_in *)sa;

	if (sa->ss_family != AF_INET6)
		return;
	memcpy(&s6, sa, sizeof(s6));
	if (!IN6_IS_ADDR_V4MAPPED(&s6.sin6_addr))
		return;
	memset(sa, 0, sizeof(*sa));
	s4->sin_family = AF_INET;
	s4->sin_port = s6.sin6_port;
	memcpy(&s4->sin_addr, &s6.sin6_addr.s6_addr[12], 4);
}

int lvpn_clink_listen(struct lvpn_clink *l, const struct lvpn_options *o,
                      const struct lvpn_conn *ce)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE}, *res = NULL;
	const char *port = ce->lport ? ce->lport : ce->port ? ce->port : "1194";
	int one = 1, off = 0, rc;
	char shown[80];

	/* as 2.6: dual-stack unless tcp4-server or an IPv4 local address */
	hints.ai_family = ce->af == LVPN_AF_INET ? AF_INET : AF_INET6;
	if (ce->local && strchr(ce->local, ':') == NULL)
		hints.ai_family = AF_INET;
	rc = getaddrinfo(ce->local, port, &hints, &res);
	if (rc) {
		LVPN_LOG(l->lg, LVPN_LOG_ERR, "RESOLVE: cannot resolve local address %s:%s (%s)",
		         ce->local ? ce->local : "[undef]", port, gai_strerror(rc));
		return LVPN_ERR_CONFIG;
	}
	l->listen_fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (l->listen_fd < 0) {
		freeaddrinfo(res);
		return LVPN_ERR_IO;
	}
	setsockopt(l->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (res->ai_family == AF_INET6 && ce->af != LVPN_AF_INET6)
		setsockopt(l->listen_fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
	memcpy(&l->peer, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	lvpn_addrstr(&l->peer, shown, sizeof(shown));
	if (bind(l->listen_fd, (struct sockaddr *)&l->peer,
	         l->peer.ss_family == AF_INET6 ? sizeof(struct sockaddr_in6)
	                                       : sizeof(struct sockaddr_in)) != 0) {
		LVPN_LOG(l->lg, LVPN_LOG_ERR, "TCP: Socket bind failed on local address %s: %s",
		         shown, strerror(errno));
		lvpn_clink_close(l);
		return LVPN_ERR_CONFIG;
	}
	if (listen(l->listen_fd, 32) != 0) {
		LVPN_LOG(l->lg, LVPN_LOG_ERR, "TCP: listen() failed: %s", strerror(errno));
		lvpn_clink_close(l);
		return LVPN_ERR_IO;
	}
	l->tcp = 1;
	l->peer_len = 0;
	LVPN_LOG(l->lg, LVPN_LOG_INFO, "Listening for incoming TCP connection on %s", shown);
	return 0;
}

/* Whether a (unmapped) has the address, not the port, of one of the
 * addresses the name resolves to; a name that does not resolve matches
 * nothing. */
static int is_remote(const char *name, const struct sockaddr_storage *a)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL, *ai;
	int match = 0;

	if (getaddrinfo(name, NULL, &hints, &res) != 0)
		return 0;
	for (ai = res; ai && !match; ai = ai->ai_next) {
		struct sockaddr_storage b = {0};

		memcpy(&b, ai->ai_addr, ai->ai_addrlen);
		unmap(&b);
		if (b.ss_family != a->ss_family)
			continue;
		if (a->ss_family == AF_INET)
			match = memcmp(&((const struct sockaddr_in *)a)->sin_addr,
			               &((struct sockaddr_in *)&b)->sin_addr, 4) == 0;
		else
			match = memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
			               &((struct sockaddr_in6 *)&b)->sin6_addr, 16) == 0;
	}
	freeaddrinfo(res);
	return match;
}

int lvpn_clink_accept(struct lvpn_clink *l, const struct lvpn_options *o,
                      const struct lvpn_conn *ce)
{
	struct sockaddr_storage from = {0};
	socklen_t len = sizeof(from);
	char shown[80];
	int fd;

	if (l->listen_fd < 0)
		return LVPN_ERR_STATE;
	fd = accept4(l->listen_fd, (struct sockaddr *)&from, &len, SOCK_CLOEXEC);
	if (fd < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ||
		               errno == ECONNABORTED
		           ? LVPN_ERR_AGAIN
		           : LVPN_ERR_IO;
	unmap(&from);
	lvpn_addrstr(&from, shown, sizeof(shown));
	if (ce->remote && !is_remote(ce->remote, &from)) {
		LVPN_LOG(l->lg, LVPN_LOG_WARN,
		         "TCP NOTE: Rejected connection attempt from %s due to --remote setting",
		         shown);
		close(fd);
		return LVPN_ERR_AGAIN;
	}
	close(l->listen_fd);
	l->listen_fd = -1;
	l->fd = fd;
	memcpy(&l->peer, &from, sizeof(from));
	l->peer_len =
	    from.ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	lvpn_clink_sockopts(l, fd, 1, o, ce);
	lvpn_tcpframe_init(&l->tf, l->tf_mem, LVPN_CLINK_TCP_IN);
	LVPN_LOG(l->lg, LVPN_LOG_INFO, "TCP connection established with %s", shown);
	LVPN_LOG(l->lg, LVPN_LOG_INFO, "%s link remote: %s",
	         from.ss_family == AF_INET6 ? "TCPv6_SERVER" : "TCPv4_SERVER", shown);
	return 0;
}
