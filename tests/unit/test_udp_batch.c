/* SPDX-License-Identifier: BSD-2-Clause */
/* UDP segmentation and receive offload: the pure helpers (trains of equal
 * datagrams, cutting a GRO buffer) and, over loopback, trains sent in one
 * system call and GRO buffers cut back into the datagrams that were sent. */
#include "tests/unit/testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/socket.h>
#include <unistd.h>

#include "src/udp_batch.h"

#define N 12

struct dgrams {
	struct lvpn_buf b[N], *p[N];
	uint8_t mem[N][300];
};

static void make(struct dgrams *d, const uint32_t *len, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		lvpn_buf_init(&d->b[i], d->mem[i], sizeof(d->mem[i]));
		d->b[i].head = 8;
		d->b[i].len = len[i];
		memset(d->mem[i] + 8, 'a' + (int)i, len[i]);
		d->p[i] = &d->b[i];
	}
}

static void trains(void **state)
{
	/* 100 x3, a short 60 ends the train; 100 x2 then 200 (larger: a new
	 * train) and 200, 200 */
	static const uint32_t len[] = {100, 100, 100, 60, 100, 100, 200, 200, 200};
	struct dgrams d;
	unsigned at = 0, got[9], n = 0;

	(void)state;
	make(&d, len, 9);
	while (at < 9) {
		got[n] = lvpn_udpb_train(d.p + at, 9 - at, 1472);
		assert_true(got[n] > 0);
		at += got[n++];
	}
	assert_int_equal(n, 3);
	assert_int_equal(got[0], 4);
	assert_int_equal(got[1], 2);
	assert_int_equal(got[2], 3);
	assert_int_equal(lvpn_udpb_train(d.p, 0, 1472), 0);
}

static void train_limits(void **state)
{
	static struct lvpn_buf b[80], *p[80];
	static uint8_t mem[2000];

	(void)state;
	for (int i = 0; i < 80; i++) {
		lvpn_buf_init(&b[i], mem, sizeof(mem));
		b[i].len = 100;
		p[i] = &b[i];
	}
	assert_int_equal(lvpn_udpb_train(p, 80, 1472), LVPN_UDPB_TRAIN_SEGS);
	for (int i = 0; i < 80; i++)
		b[i].len = 1400; /* 46 x 1400 <= 65000 < 47 x 1400 */
	assert_int_equal(lvpn_udpb_train(p, 80, 1472), 46);
	/* larger than the route allows in one packet: alone */
	assert_int_equal(lvpn_udpb_train(p, 80, 1399), 1);
	assert_int_equal(lvpn_udpb_train(p, 80, 1400), 46);
	b[1].len = 0; /* an empty datagram never joins */
	assert_int_equal(lvpn_udpb_train(p, 80, 1472), 1);
}

static void split(void **state)
{
	size_t off = 0, seg, seen[8];
	unsigned n = 0;

	(void)state;
	while (n < 8 && lvpn_udpb_split(350, 100, &off, &seg))
		seen[n++] = seg;
	assert_int_equal(n, 4);
	assert_int_equal(seen[0], 100);
	assert_int_equal(seen[2], 100);
	assert_int_equal(seen[3], 50); /* the short last one */
	off = 0;
	assert_int_equal(lvpn_udpb_split(70, 0, &off, &seg), 1); /* no GRO: one */
	assert_int_equal(seg, 70);
	assert_int_equal(lvpn_udpb_split(70, 0, &off, &seg), 0);
	off = 0;
	assert_int_equal(lvpn_udpb_split(0, 100, &off, &seg), 0);
}

/* Two loopback UDP sockets connected to each other. */
static void pair(int *a, int *b)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	struct sockaddr_in sb = sa;
	socklen_t l = sizeof(sa);

	*a = socket(AF_INET, SOCK_DGRAM, 0);
	*b = socket(AF_INET, SOCK_DGRAM, 0);
	assert_int_equal(bind(*a, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(bind(*b, (struct sockaddr *)&sb, sizeof(sb)), 0);
	assert_int_equal(getsockname(*a, (struct sockaddr *)&sa, &l), 0);
	assert_int_equal(getsockname(*b, (struct sockaddr *)&sb, &l), 0);
	assert_int_equal(connect(*a, (struct sockaddr *)&sb, sizeof(sb)), 0);
	assert_int_equal(connect(*b, (struct sockaddr *)&sa, sizeof(sa)), 0);
}

struct got {
	unsigned n;
	uint32_t len[64];
	uint8_t first[64], last[64];
};

static void collect(void *ctx, struct lvpn_buf *b)
{
	struct got *g = ctx;

	if (g->n < 64) {
		g->len[g->n] = b->len;
		g->first[g->n] = lvpn_buf_data(b)[0];
		g->last[g->n] = lvpn_buf_data(b)[b->len - 1];
	}
	g->n++;
}

/* Sends d through one udpb and reads it with another; both with (off=0)
 * or without (off=1) offloads. */
static void round_trip(const uint32_t *len, unsigned n, int off, struct lvpn_link_stats *tx,
                       struct lvpn_link_stats *rx, struct got *g)
{
	struct lvpn_udpb a, b;
	struct dgrams d;
	int fa, fb;

	pair(&fa, &fb);
	assert_int_equal(lvpn_udpb_init(&a, 2048, tx, NULL), 0);
	assert_int_equal(lvpn_udpb_init(&b, 2048, rx, NULL), 0);
	lvpn_udpb_attach(&a, fa, !off, !off);
	lvpn_udpb_attach(&b, fb, !off, !off);
	assert_int_equal(a.gso, !off);
	assert_int_equal(b.gro, !off);
	make(&d, len, n);
	assert_int_equal(lvpn_udpb_send(&a, d.p, n), 0);
	memset(g, 0, sizeof(*g));
	assert_int_equal(lvpn_udpb_recv(&b, collect, g), 0);
	assert_int_equal(lvpn_udpb_send(&a, d.p, LVPN_UDPB_TX_MAX + 1), LVPN_ERR_INVAL);
	lvpn_udpb_free(&a);
	lvpn_udpb_free(&b);
	close(fa);
	close(fb);
}

static const uint32_t mixed[] = {100, 100, 100, 60, 100, 100, 200, 200, 200, 150, 10, 10};

static void check_datagrams(const struct got *g)
{
	assert_int_equal(g->n, N);
	for (unsigned i = 0; i < N; i++) {
		assert_int_equal(g->len[i], mixed[i]);
		assert_int_equal(g->first[i], 'a' + i);
		assert_int_equal(g->last[i], 'a' + i);
	}
}

static void loopback_offloads(void **state)
{
	struct lvpn_link_stats tx = {0}, rx = {0};
	struct got g;

	(void)state;
	round_trip(mixed, N, 0, &tx, &rx, &g);
	check_datagrams(&g);
	/* trains: 100x3+60, 100x2 (200 is larger: a new train), 200x3+150
	 * (shorter: last of its train), 10x2 */
	assert_int_equal(tx.tx_calls, 1);
	assert_int_equal(tx.tx_pkts, N);
	assert_int_equal(tx.tx_drop, 0);
	assert_int_equal(tx.gso_trains, 4);
	assert_int_equal(tx.gso_pkts, 12);
	/* loopback hands a train to a GRO socket whole: one buffer per train */
	assert_int_equal(rx.rx_calls, 1);
	assert_int_equal(rx.rx_pkts, N);
	assert_int_equal(rx.gro_bufs, 4);
	assert_int_equal(rx.gro_pkts, 12);
}

static void loopback_without_offloads(void **state)
{
	struct lvpn_link_stats tx = {0}, rx = {0};
	struct got g;

	(void)state;
	round_trip(mixed, N, 1, &tx, &rx, &g);
	check_datagrams(&g);
	assert_int_equal(tx.tx_calls, 1);
	assert_int_equal(tx.gso_trains, 0);
	assert_int_equal(rx.rx_calls, 1);
	assert_int_equal(rx.rx_pkts, N);
	assert_int_equal(rx.gro_bufs, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(trains),
	    cmocka_unit_test(train_limits),
	    cmocka_unit_test(split),
	    cmocka_unit_test(loopback_offloads),
	    cmocka_unit_test(loopback_without_offloads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
