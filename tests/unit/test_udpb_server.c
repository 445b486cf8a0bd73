/* SPDX-License-Identifier: BSD-2-Clause */
/* UDP batching on the server's unconnected socket: a batch grouped by
 * client (lvpn_udpb_group) then cut into trains that never mix two
 * destinations (lvpn_udpb_train_to); over loopback, one lvpn_udpb_send_to
 * reaching two clients with a train each, each received datagram's source
 * address (GRO buffers too), truncated datagrams dropped and counted, and
 * no heap allocation per packet on either path. */
#include "tests/unit/testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "src/udp_batch.h"
#include "tests/unit/alloc_count.h"

static void group_interleaved(void **state)
{
	/* clients 7, 3, 9 interleaved: each group where its first entry was,
	 * arrival order kept within */
	static const uint32_t key[] = {7, 3, 7, 7, 9, 3, 7, 9};
	static const uint8_t want[] = {0, 2, 3, 6, 1, 5, 4, 7};
	uint8_t order[8];

	(void)state;
	lvpn_udpb_group(key, 8, order);
	assert_memory_equal(order, want, sizeof(want));
	lvpn_udpb_group(key, 1, order);
	assert_int_equal(order[0], 0);
}

static void group_all_distinct(void **state)
{
	/* as many clients as entries (more than a train's segments): the
	 * batch order is kept */
	static uint32_t key[LVPN_UDPB_TX_MAX];
	static uint8_t order[LVPN_UDPB_TX_MAX];

	(void)state;
	for (unsigned i = 0; i < LVPN_UDPB_TX_MAX; i++)
		key[i] = LVPN_UDPB_TX_MAX - i;
	lvpn_udpb_group(key, LVPN_UDPB_TX_MAX, order);
	for (unsigned i = 0; i < LVPN_UDPB_TX_MAX; i++)
		assert_int_equal(order[i], i);
	for (unsigned i = 0; i < LVPN_UDPB_TX_MAX; i++)
		key[i] = i % 3; /* three clients, 43 + 43 + 42 entries */
	lvpn_udpb_group(key, LVPN_UDPB_TX_MAX, order);
	assert_int_equal(order[0], 0);
	assert_int_equal(order[1], 3);
	assert_int_equal(order[42], 126);
	assert_int_equal(order[43], 1);
	assert_int_equal(order[86], 2);
	assert_int_equal(order[127], 125);
}

#define NB 10

/* A batch of (client, length), grouped, then cut into trains: *n trains
 * of the sizes in got[]. */
static void plan(const uint32_t *key, const uint32_t *len, unsigned n, unsigned *got,
                 unsigned *ntrains)
{
	static uint8_t mem[NB][2000];
	struct lvpn_buf b[NB], *gb[NB];
	struct sockaddr_storage addr[NB];
	const struct sockaddr_storage *ga[NB];
	socklen_t gl[NB];
	uint8_t order[NB];

	for (unsigned i = 0; i < n; i++) {
		struct sockaddr_in *s = (struct sockaddr_in *)&addr[i];

		memset(&addr[i], 0, sizeof(addr[i]));
		s->sin_family = AF_INET;
		s->sin_port = htons((uint16_t)(1000 + key[i])); /* a copy per entry */
		lvpn_buf_init(&b[i], mem[i], sizeof(mem[i]));
		b[i].len = len[i];
	}
	lvpn_udpb_group(key, n, order);
	for (unsigned i = 0; i < n; i++) {
		gb[i] = &b[order[i]];
		ga[i] = &addr[order[i]];
		gl[i] = sizeof(struct sockaddr_in);
	}
	*ntrains = 0;
	for (unsigned at = 0; at < n;) {
		unsigned k = lvpn_udpb_train_to(gb + at, ga + at, gl + at, n - at, 1472);

		assert_true(k > 0);
		got[(*ntrains)++] = k;
		at += k;
	}
}

static void trains_per_client(void **state)
{
	/* A: 100 100 60(short: ends its train) 100; B: 100 100 50; C: 200 */
	static const uint32_t key[] = {1, 2, 1, 1, 2, 1, 3, 2};
	static const uint32_t len[] = {100, 100, 100, 60, 100, 100, 200, 50};
	/* a size change: 100 100 then 300 (larger: a new train) 300 */
	static const uint32_t key2[] = {5, 5, 5, 5};
	static const uint32_t len2[] = {100, 100, 300, 300};
	unsigned got[NB], n;

	(void)state;
	plan(key, len, 8, got, &n);
	assert_int_equal(n, 4);
	assert_int_equal(got[0], 3); /* A 100 100 60 */
	assert_int_equal(got[1], 1); /* A 100 */
	assert_int_equal(got[2], 3); /* B 100 100 50 */
	assert_int_equal(got[3], 1); /* C */
	plan(key2, len2, 4, got, &n);
	assert_int_equal(n, 2);
	assert_int_equal(got[0], 2);
	assert_int_equal(got[1], 2);
	/* without destinations (a connected socket): as lvpn_udpb_train */
	{
		static uint8_t m[2][200];
		struct lvpn_buf b[2], *p[2] = {&b[0], &b[1]};

		lvpn_buf_init(&b[0], m[0], 200);
		lvpn_buf_init(&b[1], m[1], 200);
		b[0].len = b[1].len = 100;
		assert_int_equal(lvpn_udpb_train_to(p, NULL, NULL, 2, 1472), 2);
		assert_int_equal(lvpn_udpb_train_to(p, NULL, NULL, 0, 1472), 0);
	}
}

static int udp_bound(struct sockaddr_in *a)
{
	socklen_t l = sizeof(*a);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)a, sizeof(*a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)a, &l), 0);
	return fd;
}

struct seen {
	struct lvpn_udpb *u;
	unsigned n, from_a, from_b, other;
	uint16_t port_a, port_b;
	uint32_t bytes;
};

static void on_rx(void *ctx, struct lvpn_buf *b)
{
	struct seen *s = ctx;
	const struct sockaddr_in *f = (const struct sockaddr_in *)s->u->from;

	s->n++;
	s->bytes += b->len;
	if (s->u->fromlen == sizeof(*f) && f->sin_port == s->port_a)
		s->from_a++;
	else if (s->u->fromlen == sizeof(*f) && f->sin_port == s->port_b)
		s->from_b++;
	else
		s->other++;
}

static void on_count(void *ctx, struct lvpn_buf *b)
{
	(void)b;
	(*(unsigned *)ctx)++;
}

/* Reads fd's waiting datagrams into a connected client's udpb. */
static unsigned drain(struct lvpn_udpb *u)
{
	unsigned n = 0;

	usleep(20000);
	assert_int_equal(lvpn_udpb_recv(u, on_count, &n), 0);
	return n;
}

static void loopback_server(void **state)
{
	static uint8_t mem[8][1200];
	struct sockaddr_in sa, ca, cb;
	struct sockaddr_storage da, db;
	struct lvpn_link_stats sst = {0}, ast = {0}, bst = {0};
	struct lvpn_udpb s, a, b;
	struct lvpn_buf x[8], *p[8];
	const struct sockaddr_storage *dst[8];
	socklen_t dl[8];
	struct seen seen = {0};
	int fs = udp_bound(&sa), fa = udp_bound(&ca), fb = udp_bound(&cb);
	unsigned long libc;

	(void)state;
	assert_int_equal(connect(fa, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(connect(fb, (struct sockaddr *)&sa, sizeof(sa)), 0);
	memcpy(&da, &ca, sizeof(ca));
	memcpy(&db, &cb, sizeof(cb));
	assert_int_equal(lvpn_udpb_init(&s, 1024, &sst, NULL), 0);
	assert_int_equal(lvpn_udpb_init(&a, 2048, &ast, NULL), 0);
	assert_int_equal(lvpn_udpb_init(&b, 2048, &bst, NULL), 0);
	lvpn_udpb_attach(&s, fs, 1, 1);
	lvpn_udpb_attach(&a, fa, 1, 0);
	lvpn_udpb_attach(&b, fb, 1, 0);
	assert_true(s.named);
	assert_false(a.named);
	for (unsigned i = 0; i < 8; i++) {
		lvpn_buf_init(&x[i], mem[i], sizeof(mem[i]));
		x[i].len = i == 4 ? 500 : 1000;
		memset(mem[i], 'a' + (int)i, sizeof(mem[i]));
		p[i] = &x[i];
	}
	libc = alloc_count_libc();
	/* server -> clients, grouped: A 1000 x4, B 1000 x3 then a short 500 */
	for (unsigned i = 0; i < 8; i++) {
		dst[i] = i < 4 ? &da : &db;
		dl[i] = sizeof(struct sockaddr_in);
	}
	p[4] = &x[5];
	p[5] = &x[6];
	p[6] = &x[7];
	p[7] = &x[4];
	assert_int_equal(lvpn_udpb_send_to(&s, p, dst, dl, 8), 0);
	assert_int_equal(sst.tx_pkts, 8);
	assert_int_equal(sst.tx_drop, 0);
	assert_int_equal(sst.tx_calls, 1); /* both clients' trains in one sendmmsg */
	if (s.gso) {
		assert_int_equal(sst.gso_trains, 2);
		assert_int_equal(sst.gso_pkts, 8);
	}
	assert_int_equal(drain(&a), 4);
	assert_int_equal(drain(&b), 4);
	assert_int_equal(bst.rx_pkts, 4);
	/* clients -> server: A sends a train of 3, B one datagram; every
	 * datagram carries its sender's address, GRO buffers too */
	for (unsigned i = 0; i < 3; i++)
		p[i] = &x[i];
	assert_int_equal(lvpn_udpb_send(&a, p, 3), 0);
	assert_int_equal(lvpn_udpb_send(&b, p, 1), 0);
	usleep(20000);
	seen.u = &s;
	seen.port_a = ca.sin_port;
	seen.port_b = cb.sin_port;
	assert_int_equal(lvpn_udpb_recv(&s, on_rx, &seen), 0);
	if (alloc_count_libc_active())
		assert_int_equal(alloc_count_libc(), libc); /* none per packet */
	assert_int_equal(seen.n, 4);
	assert_int_equal(seen.from_a, 3);
	assert_int_equal(seen.from_b, 1);
	assert_int_equal(seen.other, 0);
	assert_int_equal(seen.bytes, 4000);
	if (a.gso && s.gro)
		assert_int_equal(sst.gro_bufs, 1); /* loopback keeps the train whole */
	/* a datagram larger than the server's buffers: dropped and counted */
	x[0].len = 1100;
	assert_int_equal(lvpn_udpb_send(&b, p, 1), 0);
	usleep(20000);
	seen.n = 0;
	assert_int_equal(lvpn_udpb_recv(&s, on_rx, &seen), 0);
	assert_int_equal(seen.n, 0);
	assert_int_equal(sst.rx_trunc, 1);
	lvpn_udpb_free(&s);
	lvpn_udpb_free(&a);
	lvpn_udpb_free(&b);
	close(fs);
	close(fa);
	close(fb);
}

/* A destination the kernel refuses (here an IPv6 address on an IPv4
 * socket) loses its datagram, not the next client's. */
static void refused_destination(void **state)
{
	static uint8_t mem[4][600];
	struct sockaddr_in sa, ca, cb;
	struct sockaddr_in6 bad = {.sin6_family = AF_INET6, .sin6_port = htons(9)};
	struct sockaddr_storage da, db, dx;
	struct lvpn_link_stats sst = {0}, ast = {0}, bst = {0};
	struct lvpn_udpb s, a, b;
	struct lvpn_buf x[4], *p[4];
	const struct sockaddr_storage *dst[4] = {&da, &dx, &db, &db};
	socklen_t dl[4] = {sizeof(ca), sizeof(bad), sizeof(cb), sizeof(cb)};
	int fs = udp_bound(&sa), fa = udp_bound(&ca), fb = udp_bound(&cb);

	(void)state;
	memcpy(&da, &ca, sizeof(ca));
	memcpy(&db, &cb, sizeof(cb));
	memcpy(&dx, &bad, sizeof(bad));
	assert_int_equal(connect(fa, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(connect(fb, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(lvpn_udpb_init(&s, 1024, &sst, NULL), 0);
	assert_int_equal(lvpn_udpb_init(&a, 2048, &ast, NULL), 0);
	assert_int_equal(lvpn_udpb_init(&b, 2048, &bst, NULL), 0);
	lvpn_udpb_attach(&s, fs, 1, 0);
	lvpn_udpb_attach(&a, fa, 0, 0);
	lvpn_udpb_attach(&b, fb, 0, 0);
	for (unsigned i = 0; i < 4; i++) {
		lvpn_buf_init(&x[i], mem[i], sizeof(mem[i]));
		x[i].len = 500;
		p[i] = &x[i];
	}
	assert_int_equal(lvpn_udpb_send_to(&s, p, dst, dl, 4), 0);
	assert_int_equal(sst.tx_drop, 1);
	assert_int_equal(drain(&a), 1);
	assert_int_equal(drain(&b), 2);
	lvpn_udpb_free(&s);
	lvpn_udpb_free(&a);
	lvpn_udpb_free(&b);
	close(fs);
	close(fa);
	close(fb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(group_interleaved),   cmocka_unit_test(group_all_distinct),
	    cmocka_unit_test(trains_per_client),   cmocka_unit_test(loopback_server),
	    cmocka_unit_test(refused_destination),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
