/* SPDX-License-Identifier: BSD-2-Clause */
/* The port-share relay (src/portshare.c) on loopback sockets, driven by
 * its own epoll set as the server drives it: the first bytes and then
 * 1 MiB each way arrive intact through the fixed buffers; a backend that
 * closes has all it sent delivered before the client's side closes; the
 * DIR file is named after the relay's address toward the backend, holds
 * the client's, and is gone afterwards (DIR as it was at start, whatever
 * the directory now); a full table refuses (closes) the
 * next connection; a backend that refuses the connect closes the client. */
#include "tests/unit/testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>

#include "src/portshare.h"

#define TAG_BASE (-1000)
#define BIG      (1 << 20)

struct rig {
	int epfd, backend_l, front_l;
	char port[8], dir[64];
	struct lvpn_ps *ps;
};

static int listener(uint16_t *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t al = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(fd, 64), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &al), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

static void rig_open(struct rig *r, int with_dir)
{
	uint16_t p, q;

	r->epfd = epoll_create1(EPOLL_CLOEXEC);
	r->backend_l = listener(&p);
	r->front_l = listener(&q);
	snprintf(r->port, sizeof(r->port), "%u", p);
	snprintf(r->dir, sizeof(r->dir), "/tmp/lvpn-psdir.XXXXXX");
	assert_non_null(mkdtemp(r->dir));
	/* DIR relative to the directory at start: the server changes its
	 * directory (cd, chroot) later */
	assert_int_equal(chdir("/tmp"), 0);
	assert_int_equal(lvpn_ps_open(&r->ps, "127.0.0.1", r->port, with_dir ? r->dir + 5 : NULL,
	                              r->epfd, TAG_BASE, NULL),
	                 0);
	assert_int_equal(chdir("/"), 0);
}

static void rig_close(struct rig *r)
{
	lvpn_ps_close(r->ps);
	close(r->epfd);
	close(r->backend_l);
	close(r->front_l);
	rmdir(r->dir);
}

/* One client connection: *cli our end, returns the server's end (as the
 * VPN server accepted it), non-blocking. */
static int front(struct rig *r, int *cli)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	int fd, small = 4096;

	assert_int_equal(getsockname(r->front_l, (struct sockaddr *)&a, &al), 0);
	*cli = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_int_equal(setsockopt(*cli, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)), 0);
	assert_int_equal(connect(*cli, (struct sockaddr *)&a, al), 0);
	fd = accept4(r->front_l, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &small, sizeof(small)), 0);
	assert_int_equal(fcntl(*cli, F_SETFL, O_NONBLOCK), 0);
	return fd;
}

/* Runs the relay's pending events once (at most ms milliseconds). */
static void turn(struct rig *r, int ms)
{
	struct epoll_event ev[16];
	int n = epoll_wait(r->epfd, ev, 16, ms);

	for (int i = 0; i < n; i++)
		lvpn_ps_event(r->ps, TAG_BASE - (int)(int64_t)ev[i].data.u64, 0);
}

static int backend(struct rig *r)
{
	int fd = -1;

	for (int i = 0; i < 200 && fd < 0; i++) {
		turn(r, 5);
		fd = accept4(r->backend_l, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	}
	assert_true(fd >= 0);
	return fd;
}

/* Moves src[0..n) from fd a to fd b through the relay, b reading
 * nothing for the first 200 turns so that the relay meets a full socket
 * (partial writes, a full buffer); with close_a, a is closed once all is
 * sent and b must then read the end.  0 when all arrived intact. */
static int through(struct rig *r, int a, int b, const uint8_t *src, size_t n, int close_a)
{
	static uint8_t got[BIG];
	size_t sent = 0, recvd = 0;
	int end = 0;

	for (int i = 0; i < 20000 && (recvd < n || (close_a && !end)); i++) {
		ssize_t k;

		if (sent < n && (k = send(a, src + sent, n - sent, MSG_NOSIGNAL)) > 0)
			sent += (size_t)k;
		if (sent == n && close_a && a >= 0) {
			close(a);
			a = -1;
		}
		turn(r, 1);
		while (i >= 200 && (k = recv(b, got + recvd, BIG - recvd, 0)) > 0)
			recvd += (size_t)k;
		end = i >= 200 && k == 0;
	}
	return recvd == n && memcmp(got, src, n) == 0 && (!close_a || end) ? 0 : -1;
}

/* 1 when fd reads end-of-stream (or a reset) within a few turns. */
static int closed(struct rig *r, int fd)
{
	uint8_t b[256];

	for (int i = 0; i < 200; i++) {
		ssize_t k = recv(fd, b, sizeof(b), 0);

		if (k == 0 || (k < 0 && errno != EAGAIN))
			return 1;
		turn(r, 5);
	}
	return 0;
}

static void both_ways_intact(void **st)
{
	static uint8_t data[BIG];
	struct rig r;
	uint8_t head[3];
	int cli, srv, be;

	(void)st;
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + (i >> 11));
	rig_open(&r, 0);
	srv = front(&r, &cli);
	lvpn_ps_take(r.ps, srv, (const uint8_t *)"GET", 3, 0);
	be = backend(&r);
	for (int i = 0; i < 100 && recv(be, head, 3, MSG_PEEK) < 3; i++)
		turn(&r, 5);
	assert_int_equal(recv(be, head, 3, 0), 3);
	assert_memory_equal(head, "GET", 3);
	assert_int_equal(through(&r, cli, be, data, sizeof(data), 0), 0);
	/* the backend answers and closes: all of it arrives, then the end */
	assert_int_equal(through(&r, be, cli, data, sizeof(data), 1), 0);
	close(cli);
	rig_close(&r);
}

static int files_in(const char *dir, char *name, size_t cap)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			snprintf(name, cap, "%s", e->d_name);
			n++;
		}
	closedir(d);
	return n;
}

static void dir_names_the_client(void **st)
{
	struct rig r;
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	char name[256], path[400], want[64], text[64] = {0}, bname[64];
	int cli, srv, be, fd;

	(void)st;
	rig_open(&r, 1);
	srv = front(&r, &cli);
	lvpn_ps_take(r.ps, srv, (const uint8_t *)"GE", 2, 0);
	be = backend(&r);
	assert_int_equal(files_in(r.dir, name, sizeof(name)), 1);
	/* named after the relay's end of the backend connection */
	assert_int_equal(getpeername(be, (struct sockaddr *)&a, &al), 0);
	snprintf(bname, sizeof(bname), "127.0.0.1:%u", ntohs(a.sin_port));
	assert_string_equal(name, bname);
	/* holding the client's address, as the client sees its own */
	al = sizeof(a);
	assert_int_equal(getsockname(cli, (struct sockaddr *)&a, &al), 0);
	snprintf(want, sizeof(want), "127.0.0.1:%u", ntohs(a.sin_port));
	snprintf(path, sizeof(path), "%s/%s", r.dir, name);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_true(read(fd, text, sizeof(text) - 1) > 0);
	close(fd);
	assert_string_equal(text, want);
	/* the client leaves: both sides close, the file goes */
	close(cli);
	assert_true(closed(&r, be));
	assert_int_equal(files_in(r.dir, name, sizeof(name)), 0);
	close(be);
	rig_close(&r);
}

static void full_table_refuses(void **st)
{
	struct rig r;
	struct lvpn_ps_stats s;
	int cli[LVPN_PS_MAX + 1], be[LVPN_PS_MAX];

	(void)st;
	rig_open(&r, 0);
	for (int i = 0; i < LVPN_PS_MAX; i++) {
		lvpn_ps_take(r.ps, front(&r, &cli[i]), (const uint8_t *)"GET", 3, 0);
		be[i] = backend(&r);
	}
	lvpn_ps_take(r.ps, front(&r, &cli[LVPN_PS_MAX]), (const uint8_t *)"GET", 3, 0);
	assert_true(closed(&r, cli[LVPN_PS_MAX]));
	lvpn_ps_stats(r.ps, &s);
	assert_int_equal(s.relayed, LVPN_PS_MAX);
	assert_int_equal(s.refused, 1);
	/* one leaves: its place is free again */
	close(cli[0]);
	assert_true(closed(&r, be[0]));
	close(be[0]);
	lvpn_ps_take(r.ps, front(&r, &cli[0]), (const uint8_t *)"GET", 3, 0);
	be[0] = backend(&r);
	lvpn_ps_stats(r.ps, &s);
	assert_int_equal(s.relayed, LVPN_PS_MAX + 1);
	for (int i = 0; i <= LVPN_PS_MAX; i++)
		close(cli[i]);
	for (int i = 0; i < LVPN_PS_MAX; i++)
		close(be[i]);
	rig_close(&r);
}

static void refused_connect_closes_the_client(void **st)
{
	struct rig r;
	struct lvpn_ps_stats s;
	int cli;

	(void)st;
	rig_open(&r, 0);
	close(r.backend_l); /* nothing listens on the port now */
	r.backend_l = socket(AF_INET, SOCK_STREAM, 0);
	lvpn_ps_take(r.ps, front(&r, &cli), (const uint8_t *)"GET", 3, 0);
	assert_true(closed(&r, cli));
	lvpn_ps_stats(r.ps, &s);
	assert_int_equal(s.failed, 1);
	close(cli);
	rig_close(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(both_ways_intact),
	    cmocka_unit_test(dir_names_the_client),
	    cmocka_unit_test(full_table_refuses),
	    cmocka_unit_test(refused_connect_closes_the_client),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
