/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - data-threads 2: the client's TUN -> link direction on a thread
 * of its own.
 *
 * The second thread waits on the TUN device, reads and cuts super-packets
 * (client_dp.c, as the main thread does with one thread), seals each batch
 * in one engine call under the session lock, and sends it on the link's
 * socket with a copy of the link's UDP batch state (its own arrays and
 * counters; the kernel serialises the two threads' sends on the socket).
 * The main thread keeps everything else: the link -> TUN direction, the
 * control channel, timers, signals, management.  It holds the lock except
 * while it waits in epoll and while it reads the link or writes the
 * device, so the lock is taken once per batch of up to 64 packets by each
 * side, never per packet, and the system calls of the two directions run
 * at the same time.  Nothing here allocates per packet; the thread logs
 * nothing (the log is the main thread's): when its wait fails it sets
 * tx_failed and the main loop restarts the connection.
 */
#include <errno.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "src/client_int.h"

/* Why the connection cannot have a second thread, or NULL. */
static const char *why_one(const struct client *c)
{
	if (c->link.tcp)
		return "TCP transport";
	if (c->link.listening || c->link.socks_udp)
		return "no fixed peer address on the socket";
	if (c->frag)
		return "fragment";
	if (c->o->shaper)
		return "shaper";
	if (c->o->passtos)
		return "passtos";
	if (c->net.plan.block_ipv6)
		return "block-ipv6";
	if (!c->net.tun_open || c->net.tun.null)
		return "no tun device";
	return NULL;
}

static void *tx_main(void *arg)
{
	struct client *c = arg;
	int asked;

	while (lvpn_offload_wait(c->net.tun.fd, c->tx_stopfd, &asked))
		(void)lvpn_client_read_tun(c, now_ms(c)); /* UDP: never fails */
	if (!asked) {                                     /* the main loop restarts */
		pthread_mutex_lock(&c->slock);
		c->tx_failed = 1;
		pthread_mutex_unlock(&c->slock);
	}
	return NULL;
}

void lvpn_client_tx_start(struct client *c)
{
	const char *why;
	int rc;

	if (c->tx_on || c->o->data_threads < 2)
		return;
	why = why_one(c);
	if (why) {
		LVPN_LOG(c->lg, LVPN_LOG_NOTE,
		         "data-threads %d: one thread on this connection (%s)", c->o->data_threads,
		         why);
		return;
	}
	c->tx_stopfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (c->tx_stopfd < 0 || pthread_mutex_init(&c->slock, NULL) != 0) {
		if (c->tx_stopfd >= 0)
			close(c->tx_stopfd);
		LVPN_LOG(c->lg, LVPN_LOG_WARN, "data-threads: one thread (%s)", strerror(errno));
		return;
	}
	c->txu = c->link.ub;
	memset(&c->tx_st, 0, sizeof(c->tx_st));
	memset(&c->tx_dp, 0, sizeof(c->tx_dp));
	c->tx_st_pub = c->tx_st;
	c->tx_dp_pub = c->tx_dp;
	c->txu.st = &c->tx_st;
	c->tx_failed = 0;
	c->tx_on = 1;
	lvpn_client_lock(c); /* the main thread's share, from now on */
	rc = pthread_create(&c->tx_th, NULL, tx_main, c);
	if (rc != 0) {
		lvpn_client_unlock(c);
		c->tx_on = 0;
		pthread_mutex_destroy(&c->slock);
		close(c->tx_stopfd);
		LVPN_LOG(c->lg, LVPN_LOG_WARN, "data-threads: one thread (%s)", strerror(rc));
		return;
	}
	LVPN_LOG(c->lg, LVPN_LOG_INFO,
	         "data-threads 2: the TUN -> link direction on its own thread");
}

void lvpn_client_tx_stop(struct client *c)
{
	uint64_t one = 1;

	if (!c->tx_on)
		return;
	lvpn_client_unlock(c); /* the thread may be waiting for it */
	if (write(c->tx_stopfd, &one, sizeof(one)) != (ssize_t)sizeof(one)) {
		/* a counter of 1 cannot overflow: the write does not fail */
	}
	pthread_join(c->tx_th, NULL);
	c->tx_on = 0;
	pthread_mutex_destroy(&c->slock);
	close(c->tx_stopfd);
	lvpn_offload_add_tx(&c->link.st, &c->dp, &c->tx_st, &c->tx_dp);
}
