/* SPDX-License-Identifier: BSD-2-Clause */
/* --multihome over loopback: a server socket on the wildcard address
 * learns which local address each datagram came to (127.0.0.2, not the
 * 127.0.0.1 the kernel would answer from) and answers from it, through
 * the batch sender (also with several datagrams in one train) and the
 * single send; on an IPv4 socket and on a dual-stack IPv6 one. */
#include "tests/unit/testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "src/udp_batch.h"

struct rx {
	struct lvpn_udpb *u;
	struct lvpn_udp_local local;
	struct sockaddr_storage from;
	socklen_t fromlen;
	unsigned n;
};

static void on_rx(void *ctx, struct lvpn_buf *b)
{
	struct rx *r = ctx;

	(void)b;
	r->local = r->u->local;
	memcpy(&r->from, r->u->from, r->u->fromlen);
	r->fromlen = r->u->fromlen;
	r->n++;
}

/* A server socket of family fam on the wildcard address, its port. */
static int server_sock(int fam, uint16_t *port)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int fd = socket(fam, SOCK_DGRAM, 0), off = 0;

	assert_true(fd >= 0);
	memset(&ss, 0, sizeof(ss));
	ss.ss_family = (sa_family_t)fam;
	if (fam == AF_INET6)
		assert_int_equal(setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)), 0);
	assert_int_equal(
	    bind(fd, (struct sockaddr *)&ss,
	         fam == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6)),
	    0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&ss, &sl), 0);
	*port = ntohs(fam == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
	                             : ((struct sockaddr_in6 *)&ss)->sin6_port);
	return fd;
}

/* The source address of the next datagram on client socket fd. */
static void reply_from(int fd, char *txt)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	uint8_t buf[64];
	struct timeval tv = {2, 0};

	assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0);
	assert_true(recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&a, &al) > 0);
	inet_ntop(AF_INET, &a.sin_addr, txt, INET_ADDRSTRLEN);
}

static void answers_from_local(int fam)
{
	struct lvpn_link_stats st = {0};
	struct lvpn_udpb u;
	struct rx r = {0};
	struct sockaddr_in to = {.sin_family = AF_INET};
	uint8_t mem[3][64];
	struct lvpn_buf b[3], *bp[3];
	const struct sockaddr_storage *dst[3];
	socklen_t dlen[3];
	const struct lvpn_udp_local *src[3];
	char txt[INET_ADDRSTRLEN];
	uint16_t port;
	int sfd = server_sock(fam, &port), cfd = socket(AF_INET, SOCK_DGRAM, 0);

	assert_true(cfd >= 0);
	assert_int_equal(lvpn_udpb_init(&u, 1500, &st, NULL), 0);
	lvpn_udpb_attach(&u, sfd, 1, 0);
	assert_int_equal(lvpn_udpb_pktinfo(&u), 0);
	r.u = &u;
	to.sin_port = htons(port);
	inet_pton(AF_INET, "127.0.0.2", &to.sin_addr);
	assert_int_equal(sendto(cfd, "hello", 5, 0, (struct sockaddr *)&to, sizeof(to)), 5);
	for (int i = 0; i < 50 && r.n == 0; i++) {
		assert_int_equal(lvpn_udpb_recv(&u, on_rx, &r), 0);
		if (r.n == 0)
			usleep(20000);
	}
	assert_int_equal(r.n, 1);
	assert_int_equal(r.local.fam, fam);
	if (fam == AF_INET)
		assert_memory_equal(r.local.a, "\x7f\x00\x00\x02", 4);
	else
		assert_memory_equal(r.local.a, "\0\0\0\0\0\0\0\0\0\0\xff\xff\x7f\x00\x00\x02", 16);
	/* three equal datagrams back: one train (with GSO), from 127.0.0.2 */
	for (int i = 0; i < 3; i++) {
		lvpn_buf_init(&b[i], mem[i], sizeof(mem[i]));
		b[i].len = 20;
		memset(mem[i], 'r', 20);
		bp[i] = &b[i];
		dst[i] = &r.from;
		dlen[i] = r.fromlen;
		src[i] = &r.local;
	}
	assert_int_equal(lvpn_udpb_send_from(&u, bp, dst, dlen, src, 3), 0);
	for (int i = 0; i < 3; i++) {
		reply_from(cfd, txt);
		assert_string_equal(txt, "127.0.0.2");
	}
	assert_int_equal(st.tx_drop, 0);
	/* the single send (the stateless cookie reply) */
	assert_int_equal(
	    lvpn_udp_sendto_from(sfd, "c", 1, (struct sockaddr *)&r.from, r.fromlen, &r.local), 1);
	reply_from(cfd, txt);
	assert_string_equal(txt, "127.0.0.2");
	/* without the local address the kernel picks 127.0.0.1 */
	assert_int_equal(
	    lvpn_udp_sendto_from(sfd, "c", 1, (struct sockaddr *)&r.from, r.fromlen, NULL), 1);
	reply_from(cfd, txt);
	assert_string_equal(txt, "127.0.0.1");
	lvpn_udpb_free(&u);
	close(sfd);
	close(cfd);
}

static void ipv4(void **state)
{
	(void)state;
	answers_from_local(AF_INET);
}

static void dual_stack(void **state)
{
	(void)state;
	answers_from_local(AF_INET6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ipv4),
	    cmocka_unit_test(dual_stack),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
