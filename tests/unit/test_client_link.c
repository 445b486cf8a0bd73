/* SPDX-License-Identifier: BSD-2-Clause */
/* The client link over loopback: batched receive (one recvmmsg for many
 * datagrams), batched send (one sendmmsg), TCP coalescing (one sendmsg for
 * many framed packets) and reassembly, and the local bind (lport taken is
 * an error; nobind leaves the kernel's choice). */
#include "tests/unit/testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "src/client_link.h"

struct got {
	unsigned n;
	size_t len[64];
	uint8_t first[64];
};

static void collect(void *ctx, struct lvpn_buf *b)
{
	struct got *g = ctx;

	if (g->n < 64) {
		g->len[g->n] = b->len;
		g->first[g->n] = b->len ? lvpn_buf_data(b)[0] : 0;
	}
	g->n++;
}

/* A loopback socket of type ty bound to an ephemeral port; *port gets it
 * as text. */
static int listener(int ty, char *port, size_t n)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t al = sizeof(a);
	int fd = socket(AF_INET, ty, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &al), 0);
	if (ty == SOCK_STREAM)
		assert_int_equal(listen(fd, 1), 0);
	snprintf(port, n, "%u", ntohs(a.sin_port));
	return fd;
}

static void conn_for(struct lvpn_conn *ce, int proto, char *port)
{
	memset(ce, 0, sizeof(*ce));
	ce->remote = "127.0.0.1";
	ce->remote_port = port;
	ce->port = port;
	ce->proto = proto;
	ce->af = LVPN_AF_INET;
	ce->bind = 0;
	ce->connect_timeout = 5;
}

static void udp_batches(void **state)
{
	struct lvpn_options o = {0};
	struct lvpn_conn ce;
	struct lvpn_clink l;
	struct sockaddr_in me;
	socklen_t ml = sizeof(me);
	struct lvpn_buf bufs[20], *bp[20];
	uint8_t mem[20][64];
	struct got g = {0};
	char port[8];
	int srv = listener(SOCK_DGRAM, port, sizeof(port));

	(void)state;
	conn_for(&ce, LVPN_PROTO_UDP, port);
	assert_int_equal(lvpn_clink_init(&l, 4096, NULL), 0);
	l.want_gro = 0; /* 32 buffers per recvmmsg (16 with GRO: test_udp_batch) */
	assert_int_equal(lvpn_clink_open(&l, &o, &ce), 0);
	/* the "server" sends 20 datagrams to the client's address */
	assert_int_equal(getsockname(l.fd, (struct sockaddr *)&me, &ml), 0);
	for (int i = 0; i < 20; i++) {
		uint8_t d[100];

		memset(d, 'a' + i, sizeof(d));
		assert_int_equal(sendto(srv, d, 10 + (size_t)i, 0, (struct sockaddr *)&me, ml),
				 10 + i);
	}
	assert_int_equal(lvpn_clink_recv(&l, collect, &g), 0);
	assert_int_equal(g.n, 20);
	for (unsigned i = 0; i < 20; i++) {
		assert_int_equal(g.len[i], 10 + i);
		assert_int_equal(g.first[i], 'a' + i);
	}
	assert_int_equal(l.st.rx_calls, 1); /* all 20 in one recvmmsg */
	assert_int_equal(l.st.rx_pkts, 20);

	/* 20 packets out in one sendmmsg */
	for (int i = 0; i < 20; i++) {
		lvpn_buf_init(&bufs[i], mem[i], sizeof(mem[i]));
		bufs[i].head = 4;
		bufs[i].len = 5 + (uint32_t)i;
		memset(mem[i], 'A' + i, sizeof(mem[i]));
		bp[i] = &bufs[i];
	}
	assert_int_equal(lvpn_clink_send_batch(&l, bp, 20), 0);
	assert_int_equal(l.st.tx_calls, 1);
	assert_int_equal(l.st.tx_drop, 0);
	for (int i = 0; i < 20; i++) {
		uint8_t d[100];
		ssize_t n = recv(srv, d, sizeof(d), MSG_DONTWAIT);

		assert_int_equal(n, 5 + i);
		assert_int_equal(d[0], 'A' + i);
	}
	assert_int_equal(lvpn_clink_send_batch(&l, bp, LVPN_CLINK_BATCH + 1), LVPN_ERR_INVAL);
	lvpn_clink_free(&l);
	close(srv);
}

/* UDP socket buffers: LVPN_CLINK_SOCKBUF unless configured (root: beyond
 * rmem_max/wmem_max); configured values as given (the kernel doubles). */
static void udp_socket_buffers(void **state)
{
	struct lvpn_options o = {0};
	struct lvpn_conn ce;
	struct lvpn_clink l;
	char port[8];
	int srv = listener(SOCK_DGRAM, port, sizeof(port)), v;
	socklen_t vl = sizeof(v);

	(void)state;
	if (geteuid() != 0) {
		close(srv);
		skip();
	}
	conn_for(&ce, LVPN_PROTO_UDP, port);
	assert_int_equal(lvpn_clink_init(&l, 4096, NULL), 0);
	assert_int_equal(lvpn_clink_open(&l, &o, &ce), 0);
	assert_int_equal(getsockopt(l.fd, SOL_SOCKET, SO_RCVBUF, &v, &vl), 0);
	assert_true(v >= LVPN_CLINK_SOCKBUF);
	assert_int_equal(getsockopt(l.fd, SOL_SOCKET, SO_SNDBUF, &v, &vl), 0);
	assert_true(v >= LVPN_CLINK_SOCKBUF);
	o.rcvbuf = o.sndbuf = 100000;
	assert_int_equal(lvpn_clink_open(&l, &o, &ce), 0);
	assert_int_equal(getsockopt(l.fd, SOL_SOCKET, SO_RCVBUF, &v, &vl), 0);
	assert_int_equal(v, 200000);
	assert_int_equal(getsockopt(l.fd, SOL_SOCKET, SO_SNDBUF, &v, &vl), 0);
	assert_int_equal(v, 200000);
	lvpn_clink_free(&l);
	close(srv);
}

static void udp_oversized_datagram_dropped(void **state)
{
	struct lvpn_options o = {0};
	struct lvpn_conn ce;
	struct lvpn_clink l;
	struct sockaddr_in me;
	socklen_t ml = sizeof(me);
	static uint8_t big[5000];
	struct got g = {0};
	char port[8];
	int srv = listener(SOCK_DGRAM, port, sizeof(port));

	(void)state;
	conn_for(&ce, LVPN_PROTO_UDP, port);
	assert_int_equal(lvpn_clink_init(&l, 4096, NULL), 0);
	assert_int_equal(lvpn_clink_open(&l, &o, &ce), 0);
	assert_int_equal(getsockname(l.fd, (struct sockaddr *)&me, &ml), 0);
	assert_int_equal(sendto(srv, big, sizeof(big), 0, (struct sockaddr *)&me, ml), sizeof(big));
	assert_int_equal(sendto(srv, big, 7, 0, (struct sockaddr *)&me, ml), 7);
	assert_int_equal(lvpn_clink_recv(&l, collect, &g), 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.len[0], 7);
	assert_int_equal(l.st.rx_trunc, 1);
	lvpn_clink_free(&l);
	close(srv);
}

static void tcp_coalesces_and_reassembles(void **state)
{
	struct lvpn_options o = {0};
	struct lvpn_conn ce;
	struct lvpn_clink l;
	struct lvpn_buf bufs[10], *bp[10];
	uint8_t mem[10][64], stream[1024];
	struct got g = {0};
	size_t total = 0, off = 0;
	char port[8];
	int lfd = listener(SOCK_STREAM, port, sizeof(port)), peer;

	(void)state;
	conn_for(&ce, LVPN_PROTO_TCP_CLIENT, port);
	assert_int_equal(lvpn_clink_init(&l, 4096, NULL), 0);
	assert_int_equal(lvpn_clink_open(&l, &o, &ce), 0);
	peer = accept(lfd, NULL, NULL);
	assert_true(peer >= 0);
	/* ten framed packets (u16 length + body) in one sendmsg */
	for (int i = 0; i < 10; i++) {
		uint32_t blen = 3 + (uint32_t)i;

		lvpn_buf_init(&bufs[i], mem[i], sizeof(mem[i]));
		bufs[i].head = 8;
		bufs[i].len = 2 + blen;
		mem[i][8] = 0;
		mem[i][9] = (uint8_t)blen;
		memset(mem[i] + 10, '0' + i, blen);
		bp[i] = &bufs[i];
		total += 2 + blen;
	}
	assert_int_equal(lvpn_clink_send_batch(&l, bp, 10), 0);
	assert_int_equal(l.st.tx_calls, 1);
	while (off < total) {
		struct pollfd p = {.fd = peer, .events = POLLIN};
		ssize_t n;

		assert_int_equal(poll(&p, 1, 2000), 1);
		n = recv(peer, stream + off, sizeof(stream) - off, 0);
		assert_true(n > 0);
		off += (size_t)n;
	}
	assert_int_equal(off, total);
	/* the peer sends the same stream back: ten packets come out */
	assert_int_equal(send(peer, stream, total, 0), (ssize_t)total);
	for (int tries = 0; tries < 50 && g.n < 10; tries++) {
		struct pollfd p = {.fd = l.fd, .events = POLLIN};

		assert_int_equal(poll(&p, 1, 2000), 1);
		assert_int_equal(lvpn_clink_recv(&l, collect, &g), 0);
	}
	assert_int_equal(g.n, 10);
	for (unsigned i = 0; i < 10; i++) {
		assert_int_equal(g.len[i], 3 + i);
		assert_int_equal(g.first[i], '0' + i);
	}
	/* a zero-length frame breaks the stream */
	assert_int_equal(send(peer, "\0\0", 2, 0), 2);
	{
		struct pollfd p = {.fd = l.fd, .events = POLLIN};

		assert_int_equal(poll(&p, 1, 2000), 1);
	}
	assert_int_equal(lvpn_clink_recv(&l, collect, &g), LVPN_ERR_FRAMING);
	/* the peer closing is an I/O error */
	close(peer);
	lvpn_clink_close(&l);
	assert_int_equal(lvpn_clink_open(&l, &o, &ce), 0);
	peer = accept(lfd, NULL, NULL);
	close(peer);
	{
		struct pollfd p = {.fd = l.fd, .events = POLLIN};

		assert_int_equal(poll(&p, 1, 2000), 1);
	}
	assert_int_equal(lvpn_clink_recv(&l, collect, &g), LVPN_ERR_IO);
	lvpn_clink_free(&l);
	close(lfd);
}

static void lport_bind_and_taken(void **state)
{
	struct lvpn_options o = {0};
	struct lvpn_conn ce;
	struct lvpn_clink l, l2;
	struct sockaddr_in me;
	socklen_t ml = sizeof(me);
	char port[8], lport[8];
	int srv = listener(SOCK_DGRAM, port, sizeof(port));
	int probe = listener(SOCK_DGRAM, lport, sizeof(lport));

	(void)state;
	close(probe); /* a port that was free a moment ago */
	conn_for(&ce, LVPN_PROTO_UDP, port);
	ce.bind = 1;
	ce.lport = lport;
	ce.local = "127.0.0.1";
	assert_int_equal(lvpn_clink_init(&l, 4096, NULL), 0);
	assert_int_equal(lvpn_clink_init(&l2, 4096, NULL), 0);
	assert_int_equal(lvpn_clink_open(&l, &o, &ce), 0);
	assert_int_equal(getsockname(l.fd, (struct sockaddr *)&me, &ml), 0);
	assert_int_equal(ntohs(me.sin_port), atoi(lport));
	/* the same lport again: taken */
	assert_int_equal(lvpn_clink_open(&l2, &o, &ce), LVPN_ERR_CONFIG);
	assert_int_equal(l2.fd, -1);
	/* nobind: the kernel picks another port */
	ce.bind = 0;
	assert_int_equal(lvpn_clink_open(&l2, &o, &ce), 0);
	ml = sizeof(me);
	assert_int_equal(getsockname(l2.fd, (struct sockaddr *)&me, &ml), 0);
	assert_int_not_equal(ntohs(me.sin_port), atoi(lport));
	lvpn_clink_free(&l);
	lvpn_clink_free(&l2);
	close(srv);
}

static void unresolvable_is_again(void **state)
{
	struct lvpn_options o = {0};
	struct lvpn_conn ce;
	struct lvpn_clink l;
	char port[] = "1194";

	(void)state;
	conn_for(&ce, LVPN_PROTO_UDP, port);
	ce.remote = "not an address"; /* no resolver asked: a space is no host name */
	assert_int_equal(lvpn_clink_init(&l, 4096, NULL), 0);
	assert_int_equal(lvpn_clink_open(&l, &o, &ce), LVPN_ERR_AGAIN);
	assert_int_equal(l.fd, -1);
	lvpn_clink_free(&l);
	assert_int_equal(lvpn_clink_init(&l, 100, NULL), LVPN_ERR_INVAL);
	lvpn_clink_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(udp_batches),
	    cmocka_unit_test(udp_socket_buffers),
	    cmocka_unit_test(udp_oversized_datagram_dropped),
	    cmocka_unit_test(tcp_coalesces_and_reassembles),
	    cmocka_unit_test(lport_bind_and_taken),
	    cmocka_unit_test(unresolvable_is_again),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
