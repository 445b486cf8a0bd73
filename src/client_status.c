/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the client's status report and --status file (client_int.h),
 * as OpenVPN 2.6 writes them (sig.c print_status, status.c): the file is
 * opened once at start and rewritten in place (written from the start,
 * then truncated) every interval. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "src/client_int.h"
#include "src/status.h"

int lvpn_client_status_render(const struct client *c, char *buf, size_t cap, size_t *len)
{
	static const struct lvpn_session_stats zero;
	const struct lvpn_session_stats *st = c->s ? lvpn_session_stats(c->s) : &zero;
	char when[24];
	int n;

	n = snprintf(buf, cap,
	             "OpenVPN STATISTICS\nUpdated,%s\nTUN/TAP read bytes,%llu\n"
	             "TUN/TAP write bytes,%llu\nTCP/UDP read bytes,%llu\n"
	             "TCP/UDP write bytes,%llu\nAuth read bytes,%llu\n",
	             lvpn_status_time(time(NULL), when), (unsigned long long)st->tun_rx_bytes,
	             (unsigned long long)st->tun_tx_bytes, (unsigned long long)st->link_rx_bytes,
	             (unsigned long long)st->link_tx_bytes, (unsigned long long)st->auth_rx_bytes);
	if (n < 0 || (size_t)n >= cap)
		return -2;
	/* OpenVPN prints its compressor's byte counters whenever compression
	 * is configured; leanvpn counts packets, not bytes, there: 0 */
	if (c->o->comp != LVPN_OPT_COMP_NONE) {
		int m = snprintf(buf + n, cap - (size_t)n,
		                 "pre-compress bytes,0\npost-compress bytes,0\n"
		                 "pre-decompress bytes,0\npost-decompress bytes,0\n");

		if (m < 0 || (size_t)m >= cap - (size_t)n)
			return -2;
		n += m;
	}
	if ((size_t)n + 4 >= cap)
		return -2;
	memcpy(buf + n, "END\n", 5);
	*len = (size_t)n + 4;
	return 0;
}

void lvpn_client_status_open(struct client *c)
{
	c->status_fd = -1;
	if (!c->o->status_file)
		return;
	c->status_fd = open(c->o->status_file, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
	if (c->status_fd < 0)
		LVPN_LOG(c->lg, LVPN_LOG_WARN, "Note: cannot open %s for WRITE: %s",
		         c->o->status_file, strerror(errno));
	c->status_next = 0; /* the first write at once, as OpenVPN */
}

void lvpn_client_status_tick(struct client *c, int force)
{
	char buf[1024];
	size_t len;
	uint64_t now = now_ms(c);
	int every = c->o->status_interval;

	/* status FILE 0: no timer, as OpenVPN (only the end of a connection) */
	if (c->status_fd < 0 || (!force && (every <= 0 || now < c->status_next)))
		return;
	c->status_next = now + 1000u * (uint64_t)(every > 0 ? every : 60);
	if (lvpn_client_status_render(c, buf, sizeof(buf), &len) ||
	    pwrite(c->status_fd, buf, len, 0) != (ssize_t)len ||
	    ftruncate(c->status_fd, (off_t)len) != 0)
		LVPN_LOG(c->lg, LVPN_LOG_WARN, "cannot write the status file %s: %s",
		         c->o->status_file, strerror(errno));
}

void lvpn_client_status_close(struct client *c)
{
	if (c->status_fd < 0)
		return;
	close(c->status_fd);
	c->status_fd = -1;
}
