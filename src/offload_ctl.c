/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - LEANVPN_OFFLOAD and the data path counters (see offload_ctl.h). */
#include "src/offload_ctl.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

void lvpn_offload_env(const char *v, struct lvpn_offload_want *w, struct lvpn_log *lg)
{
	char buf[64], *save = NULL;

	w->tun = w->gso = w->gro = 1;
	if (!v || !*v)
		return;
	snprintf(buf, sizeof(buf), "%s", v);
	for (char *t = strtok_r(buf, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
		if (strcmp(t, "all") == 0)
			w->tun = w->gso = w->gro = 1;
		else if (strcmp(t, "none") == 0)
			w->tun = w->gso = w->gro = 0;
		else if (strcmp(t, "no-tun") == 0)
			w->tun = 0;
		else if (strcmp(t, "no-gso") == 0)
			w->gso = 0;
		else if (strcmp(t, "no-gro") == 0)
			w->gro = 0;
		else
			LVPN_LOG(
			    lg, LVPN_LOG_WARN,
			    "LEANVPN_OFFLOAD: '%s' is not all, none, no-tun, no-gso or no-gro; "
			    "ignored",
			    t);
	}
}

void lvpn_offload_log(struct lvpn_log *lg, int level, const struct lvpn_link_stats *l,
                      const struct lvpn_dp_stats *d)
{
	LVPN_LOG(lg, level,
	         "STATISTICS: link reads %llu packets in %llu calls, writes %llu packets in %llu "
	         "calls, send drops %llu, truncated %llu",
	         (unsigned long long)l->rx_pkts, (unsigned long long)l->rx_calls,
	         (unsigned long long)l->tx_pkts, (unsigned long long)l->tx_calls,
	         (unsigned long long)l->tx_drop, (unsigned long long)l->rx_trunc);
	LVPN_LOG(lg, level,
	         "STATISTICS: offload: TUN reads %llu, super-packets %llu cut into %llu segments, "
	         "bad %llu; TUN writes %llu, coalesced %llu of %llu packets, refused %llu; "
	         "UDP GSO trains %llu of %llu datagrams, refused %llu; UDP GRO buffers %llu of "
	         "%llu datagrams",
	         (unsigned long long)d->tun_reads, (unsigned long long)d->tun_super,
	         (unsigned long long)d->tun_segs, (unsigned long long)d->tun_bad,
	         (unsigned long long)d->tun_writes, (unsigned long long)d->gro_writes,
	         (unsigned long long)d->gro_segs, (unsigned long long)d->tun_wfail,
	         (unsigned long long)l->gso_trains, (unsigned long long)l->gso_pkts,
	         (unsigned long long)l->gso_refused, (unsigned long long)l->gro_bufs,
	         (unsigned long long)l->gro_pkts);
}

void lvpn_tunw_init(struct lvpn_tunw *w, int fd, int vnet, uint8_t *gro_mem,
                    struct lvpn_dp_stats *st, struct lvpn_log *lg)
{
	w->fd = fd;
	w->vnet = vnet;
	w->coalesce = 1;
	w->st = st;
	w->lg = lg;
	lvpn_gro_init(&w->gro, gro_mem, LVPN_VNET_HDR_LEN + LVPN_GSO_MAX);
}

static const uint8_t zero_hdr[LVPN_VNET_HDR_LEN];

/* One packet written on its own (behind a GSO_NONE header with offloads). */
static void write_one(struct lvpn_tunw *w, const uint8_t *p, size_t len)
{
	struct iovec iov[2] = {{(void *)zero_hdr, sizeof(zero_hdr)}, {(void *)p, len}};
	ssize_t r = w->vnet ? writev(w->fd, iov, 2) : write(w->fd, p, len);

	w->st->tun_writes++;
	if (r < 0)
		w->st->tun_wfail++; /* a full TUN queue drops, like any router */
}

void lvpn_tunw_flush(struct lvpn_tunw *w)
{
	unsigned nseg = w->gro.nseg;
	const uint8_t *p;
	size_t len;

	if (lvpn_gro_finish(&w->gro, &p, &len))
		return;
	w->st->tun_writes++;
	if (nseg > 1) {
		w->st->gro_writes++;
		w->st->gro_segs += nseg;
	}
	if (write(w->fd, p, len) >= 0)
		return;
	w->st->tun_wfail++;
	if (nseg > 1 && errno != EAGAIN && errno != ENOBUFS && w->coalesce) {
		w->coalesce = 0;
		LVPN_LOG(w->lg, LVPN_LOG_WARN,
		         "the TUN device refused a coalesced packet (%s): writing one packet at a "
		         "time from now on",
		         strerror(errno));
	}
}

/* A TCP packet (IPv4 or IPv6 without extension headers). */
static int is_tcp(const uint8_t *p, size_t len)
{
	if (len >= 20 && p[0] >> 4 == 4)
		return p[9] == 6;
	return len >= 40 && p[0] >> 4 == 6 && p[6] == 6;
}

void lvpn_tunw_put(struct lvpn_tunw *w, const uint8_t *p, size_t len)
{
	int rc;

	if (!w->vnet || !w->coalesce || !is_tcp(p, len)) {
		write_one(w, p, len);
		return;
	}
	rc = lvpn_gro_add(&w->gro, p, len);
	if (rc == 0) { /* does not join: the next super-packet starts with it */
		lvpn_tunw_flush(w);
		rc = lvpn_gro_add(&w->gro, p, len);
	}
	if (rc != 1)
		write_one(w, p, len);
}

void lvpn_offload_add_tx(struct lvpn_link_stats *l, struct lvpn_dp_stats *d,
                         const struct lvpn_link_stats *tl, const struct lvpn_dp_stats *td)
{
	l->tx_calls += tl->tx_calls;
	l->tx_pkts += tl->tx_pkts;
	l->tx_drop += tl->tx_drop;
	l->gso_trains += tl->gso_trains;
	l->gso_pkts += tl->gso_pkts;
	l->gso_refused += tl->gso_refused;
	d->tun_reads += td->tun_reads;
	d->tun_super += td->tun_super;
	d->tun_segs += td->tun_segs;
	d->tun_bad += td->tun_bad;
}

int lvpn_offload_wait(int fd, int stopfd, int *asked)
{
	struct pollfd p[2] = {{.fd = fd, .events = POLLIN}, {.fd = stopfd, .events = POLLIN}};

	for (;;) {
		int n = poll(p, 2, -1);

		*asked = n >= 0 && p[1].revents != 0;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || *asked || (p[0].revents & (POLLERR | POLLHUP | POLLNVAL)))
			return 0;
		if (p[0].revents & POLLIN)
			return 1;
	}
}
