/* leanvpn - the server's input: UDP datagrams (peer-id or address
 * lookup; unknown addresses go through the stateless cookie handshake,
 * srv_cookie.c), TCP connections and the TUN device. */
#include "src/server_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <netinet/tcp.h>

#include "crypto/keyfile.h"
#include "base/wire.h"

/* --- UDP --- */

static void udp_packet(struct server *sv, uint8_t *p, size_t len, struct sockaddr_storage *a,
                       socklen_t alen, uint64_t now)
{
	struct lvpn_buf b;
	enum lvpn_rx rx;
	unsigned op = len ? lvpn_op_of(p[0]) : 0;
	int slot = -1, by_id = 0, rc;
	int known = lvpn_peertab_by_addr(sv->peers, a, alen, &slot);

	if (len == 0)
		return;
	if (!known && op == LVPN_OP_DATA_V2 && len >= 4) {
		known = lvpn_peertab_by_peer_id(
			sv->peers, (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3], &slot);
		by_id = known;
	}
	if (!known) {
		/* no state until the client proved it got our cookie */
		slot = srv_cookie_udp(sv, p, len, a, alen, now);
		if (slot < 0)
			return;
	}
	lvpn_buf_init(&b, p, PKT_MAX);
	b.len = (uint32_t)len;
	rc = lvpn_session_recv(sv->cl[slot].s, &b, now, &rx);
	if (rc == 0 && by_id) {
		/* authenticated from a new address: the client moved */
		if (lvpn_peertab_float(sv->peers, slot, a, alen) == 0) {
			memcpy(&sv->cl[slot].addr, a, alen);
			sv->cl[slot].alen = alen;
		}
	}
	if (rc == 0 && rx == LVPN_RX_TUN)
		srv_from_client(sv, slot, &b, now);
	srv_client_events(sv, slot, now);
}

void srv_read_udp(struct server *sv, uint64_t now)
{
	for (int i = 0; i < 64; i++) {
		struct sockaddr_storage a;
		socklen_t alen = sizeof(a);
		ssize_t n =
		    recvfrom(sv->udp, sv->pkt, 2048, MSG_DONTWAIT, (struct sockaddr *)&a, &alen);

		if (n < 0)
			return;
		udp_packet(sv, sv->pkt, (size_t)n, &a, alen, now);
	}
}

/* --- TCP --- */

/* A new connection takes no client slot until its first frame is in: it
 * waits in srv_tcpv2.c's small table (the oldest waiter makes room, a
 * silent one is closed soon), so connections that send nothing cannot
 * keep real clients out; with tls-crypt-v2 the frame also brings the
 * client key. */
void srv_accept_tcp(struct server *sv, uint64_t now)
{
	struct sockaddr_storage a;
	socklen_t alen = sizeof(a);
	int one = 1,
	    fd = accept4(sv->lsock, (struct sockaddr *)&a, &alen, SOCK_CLOEXEC | SOCK_NONBLOCK);

	if (fd < 0)
		return;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	srv_tcpv2_accept(sv, fd, &a, alen, now);
}

void srv_read_tcp(struct server *sv, int slot, uint64_t now)
{
	struct sclient *c = &sv->cl[slot];
	uint8_t in[16384];
	ssize_t n = recv(c->fd, in, sizeof(in), MSG_DONTWAIT);

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		srv_client_free(sv, slot);
		return;
	}
	if (n > 0)
		srv_tcp_feed(sv, slot, in, (size_t)n, now);
}

void srv_tcp_feed(struct server *sv, int slot, const uint8_t *in, size_t n, uint64_t now)
{
	struct sclient *c = &sv->cl[slot];

	for (size_t off = 0; off < n && sv->cl[slot].used;) {
		struct lvpn_buf b;
		enum lvpn_rx rx;
		size_t used;
		int rc;

		lvpn_buf_init(&b, sv->pkt, PKT_MAX);
		rc = lvpn_session_recv_stream(c->s, in + off, n - off, &used, &b, now, &rx);
		off += used;
		if (rc == 0 && rx == LVPN_RX_TUN)
			srv_from_client(sv, slot, &b, now);
		if (srv_client_events(sv, slot, now) || rc == LVPN_ERR_FRAMING || used == 0)
			break;
	}
}

/* --- TUN --- */

void srv_read_tun(struct server *sv, uint64_t now)
{
	for (int i = 0; i < 64; i++) {
		struct lvpn_buf b;
		int to = -1;
		ssize_t n;

		lvpn_buf_init(&b, sv->pkt, PKT_MAX);
		b.head = 256;
		n = read(sv->tun.fd, sv->pkt + b.head, 65535);
		if (n <= 0)
			return;
		b.len = (uint32_t)n;
		if (lvpn_iptable_route(sv->routes, lvpn_buf_data(&b), b.len, &to) || to < 0 ||
		    !sv->cl[to].used || !sv->cl[to].connected)
			continue;
		if (lvpn_session_encrypt(sv->cl[to].s, &b, now) == 0)
			srv_send_to(sv, &sv->cl[to], lvpn_buf_data(&b), b.len);
	}
}
