/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - data-threads N on the server: N-1 worker threads move the
 * tun -> link direction.
 *
 * Each worker owns one queue of the tun device (a multi-queue device when
 * there are two or more workers, IFF_MULTI_QUEUE: the kernel hands all
 * the packets of one flow to the same queue, so a flow is never split
 * across workers) and a send queue of its own.  It reads up to WK_READS
 * packets or super-packets without the lock, then under the lock routes
 * each to its client, cuts it into segments and seals them (srv_dp.c, the
 * code the main thread runs with one thread), publishes its counters and
 * lets the lock go, and sends the queue as GSO trains per client on the
 * server's socket.  The main thread keeps the link -> tun direction, the
 * control channel, timers, scripts and management: everything that
 * changes a client or the routing table does so under the lock.  Workers
 * log nothing (the log is the main thread's); one whose device fails
 * stops and says so through sv->wk[i].failed, which the main thread
 * reads under the lock.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "src/server_int.h"

#define WK_READS    16
#define TUN_IN_SIZE (LVPN_VNET_HDR_LEN + LVPN_GSO_MAX)

struct srv_worker {
	struct server *sv;
	pthread_t th;
	int fd;      /* its queue of the tun device */
	int own_fd;  /* a queue opened for it (closed at stop), or -1 */
	int started; /* the thread runs */
	int failed;  /* its device failed (under slock) */
	struct srv_dp d;
	uint8_t *in;                   /* WK_READS reads of TUN_IN_SIZE bytes */
	struct lvpn_link_stats st_pub; /* d's counters, published under */
	struct lvpn_dp_stats c_pub;    /* the lock each batch */
};

/* Why the server runs its data path on one thread, or NULL. */
static const char *why_one(const struct server *sv)
{
	if (sv->tcp)
		return "TCP transport";
	if (sv->tap)
		return "dev tap";
	if (sv->tun.null || !sv->tun_open)
		return "no tun device";
	if (sv->o->ce.fragment)
		return "fragment";
	if (sv->o->block_ipv6)
		return "block-ipv6";
	return NULL;
}

static void *wk_main(void *arg)
{
	struct srv_worker *w = arg;
	struct server *sv = w->sv;
	size_t len[WK_READS];
	int asked;

	while (lvpn_offload_wait(w->fd, sv->wk_stopfd, &asked)) {
		unsigned k = 0;
		uint64_t now;

		while (k < WK_READS) {
			ssize_t r = read(w->fd, w->in + (size_t)k * TUN_IN_SIZE, TUN_IN_SIZE);

			if (r <= 0)
				break;
			len[k++] = (size_t)r;
		}
		if (k == 0)
			continue;
		now = srv_now_ms(sv);
		pthread_mutex_lock(&sv->slock);
		for (unsigned i = 0; i < k; i++) {
			w->d.c.tun_reads++;
			srv_dp_tun_read(sv, &w->d, w->in + (size_t)i * TUN_IN_SIZE, len[i], now);
		}
		w->st_pub = w->d.st;
		w->c_pub = w->d.c;
		pthread_mutex_unlock(&sv->slock);
		srv_dp_send_queue(&w->d);
	}
	if (!asked) { /* the main loop says so */
		pthread_mutex_lock(&sv->slock);
		w->failed = 1;
		pthread_mutex_unlock(&sv->slock);
	}
	return NULL;
}

/* Allocates worker i's buffers and queue (worker 0 reads the device's
 * first queue). */
static int wk_init(struct server *sv, struct srv_worker *w, unsigned i)
{
	w->sv = sv;
	w->own_fd = -1;
	w->fd = sv->tun.fd;
	if (i > 0) {
		if (lvpn_tun_add_queue(&sv->tun, &w->own_fd))
			return -1;
		w->fd = w->own_fd;
	}
	w->in = malloc((size_t)WK_READS * TUN_IN_SIZE);
	if (!w->in || srv_dp_worker_init(sv, &w->d))
		return -1;
	return 0;
}

static void wk_free(struct srv_worker *w)
{
	srv_dp_worker_free(&w->d);
	if (w->in)
		lvpn_wipe(w->in, (size_t)WK_READS * TUN_IN_SIZE);
	free(w->in);
	w->in = NULL;
	if (w->own_fd >= 0)
		close(w->own_fd);
	w->own_fd = -1;
}

void srv_tx_stats(const struct server *sv, struct lvpn_link_stats *l, struct lvpn_dp_stats *d)
{
	for (unsigned i = 0; i < sv->nwk; i++)
		lvpn_offload_add_tx(l, d, &sv->wk[i].st_pub, &sv->wk[i].c_pub);
}

/* Stops and frees the workers started so far (n of them run). */
static void stop_all(struct server *sv, unsigned n)
{
	uint64_t one = 1;

	if (write(sv->wk_stopfd, &one, sizeof(one)) != (ssize_t)sizeof(one)) {
		/* a counter of 1 cannot overflow: the write does not fail */
	}
	for (unsigned i = 0; i < n; i++)
		pthread_join(sv->wk[i].th, NULL);
}

void srv_tx_start(struct server *sv)
{
	unsigned want = sv->o->data_threads > 1 ? (unsigned)sv->o->data_threads - 1 : 0, i;
	const char *why = want ? why_one(sv) : NULL;

	if (!want || sv->nwk)
		return;
	if (why) {
		LVPN_LOG(sv->lg, LVPN_LOG_NOTE, "data-threads %d: one thread (%s)",
		         sv->o->data_threads, why);
		return;
	}
	if (want > 1 && !sv->tun.mq) {
		LVPN_LOG(sv->lg, LVPN_LOG_NOTE,
		         "data-threads %d: one worker (the tun device has one queue)",
		         sv->o->data_threads);
		want = 1;
	}
	sv->wk = calloc(want, sizeof(*sv->wk));
	for (i = 0; sv->wk && i < want; i++)
		sv->wk[i].own_fd = -1;
	sv->wk_stopfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (!sv->wk || sv->wk_stopfd < 0 || pthread_mutex_init(&sv->slock, NULL) != 0) {
		LVPN_LOG(sv->lg, LVPN_LOG_WARN, "data-threads: one thread (%s)", strerror(errno));
		goto undo;
	}
	for (i = 0; i < want; i++)
		if (wk_init(sv, &sv->wk[i], i)) {
			LVPN_LOG(sv->lg, LVPN_LOG_WARN, "data-threads: one thread (worker %u: %s)",
			         i, strerror(errno));
			goto undo_lock;
		}
	sv->nwk = want;
	srv_lock(sv); /* the main thread's share, from now on */
	for (i = 0; i < want; i++) {
		int rc = pthread_create(&sv->wk[i].th, NULL, wk_main, &sv->wk[i]);

		if (rc != 0) {
			srv_unlock(sv);
			stop_all(sv, i);
			LVPN_LOG(sv->lg, LVPN_LOG_WARN, "data-threads: one thread (%s)",
			         strerror(rc));
			sv->nwk = 0;
			goto undo_lock;
		}
		sv->wk[i].started = 1;
	}
	epoll_ctl(sv->epfd, EPOLL_CTL_DEL, sv->tun.fd, NULL);
	LVPN_LOG(sv->lg, LVPN_LOG_INFO, "data-threads %d: %u worker%s on the tun device%s",
	         sv->o->data_threads, want, want > 1 ? "s" : "", want > 1 ? " (a queue each)" : "");
	return;
undo_lock:
	pthread_mutex_destroy(&sv->slock);
undo:
	for (i = 0; sv->wk && i < want; i++)
		wk_free(&sv->wk[i]);
	free(sv->wk);
	sv->wk = NULL;
	if (sv->wk_stopfd >= 0)
		close(sv->wk_stopfd);
	sv->wk_stopfd = -1;
}

void srv_tx_stop(struct server *sv)
{
	if (!sv->nwk)
		return;
	srv_unlock(sv); /* a worker may be waiting for it */
	stop_all(sv, sv->nwk);
	for (unsigned i = 0; i < sv->nwk; i++) {
		lvpn_offload_add_tx(&sv->dp.st, &sv->dp.c, &sv->wk[i].d.st, &sv->wk[i].d.c);
		wk_free(&sv->wk[i]);
	}
	free(sv->wk);
	sv->wk = NULL;
	sv->nwk = 0;
	pthread_mutex_destroy(&sv->slock);
	close(sv->wk_stopfd);
	sv->wk_stopfd = -1;
}

int srv_tx_failed(const struct server *sv)
{
	for (unsigned i = 0; i < sv->nwk; i++)
		if (sv->wk[i].failed)
			return 1;
	return 0;
}
