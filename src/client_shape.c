/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --shaper on the client and in peer-to-peer mode, as OpenVPN
 * 2.6 applies it (forward.c, shaper.c): every datagram sent to the peer
 * moves the next permitted send on by its size over the rate; while the
 * link must wait, the TUN device is not read, so packets queue in the
 * kernel (and are dropped there when its queue is full), as in 2.6.  A
 * server may push shaper; 2.6 refuses it in a server's own configuration.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

#include "proto/config/push.h"
#include "src/client_int.h"

uint64_t lvpn_clink_now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000u + (uint64_t)t.tv_nsec / 1000u;
}

void lvpn_clink_shape_sent(struct lvpn_clink *l, uint64_t bytes, unsigned n)
{
	uint32_t per;

	if (!l->shaper.rate)
		return;
	per = lvpn_shaper_overhead(l->peer.ss_family == AF_INET6, l->tcp);
	lvpn_shaper_wrote(&l->shaper, bytes + (uint64_t)per * n, lvpn_clink_now_us());
}

void lvpn_client_shape_start(struct client *c)
{
	lvpn_shaper_init(&c->link.shaper, (uint32_t)c->o->shaper);
	c->tun_paused = 0;
}

void lvpn_client_shape_push(struct client *c, const struct lvpn_push *p)
{
	for (unsigned i = 0; i < p->n; i++) {
		const struct lvpn_push_line *l = &p->line[i];
		long v;

		if (l->argc != 2 || strcmp(l->argv[0], "shaper") != 0)
			continue;
		v = strtol(l->argv[1], NULL, 10);
		if (v < LVPN_SHAPER_MIN || v > LVPN_SHAPER_MAX) {
			LVPN_LOG(
			    c->lg, LVPN_LOG_WARN,
			    "Bad shaper value, must be between %d and %d: pushed shaper ignored",
			    LVPN_SHAPER_MIN, LVPN_SHAPER_MAX);
			continue;
		}
		lvpn_shaper_init(&c->link.shaper, (uint32_t)v);
		/* a packet a read, as with a configured shaper: the device opens
		 * after the PUSH_REPLY (a persisted one keeps its offloads) */
		c->net.tun_offload = 0;
		LVPN_LOG(c->lg, LVPN_LOG_INFO,
		         "Output Traffic Shaping initialized at %ld bytes per second", v);
	}
}

int lvpn_client_shape_gate(struct client *c)
{
	uint64_t d;
	struct epoll_event e = {.events = EPOLLIN, .data.fd = c->net.tun.fd};

	if (!c->link.shaper.rate || !c->net.tun_open || c->net.tun.null)
		return -1;
	d = lvpn_shaper_delay(&c->link.shaper, lvpn_clink_now_us());
	if (d == 0) {
		if (c->tun_paused && epoll_ctl(c->epfd, EPOLL_CTL_MOD, c->net.tun.fd, &e) == 0)
			c->tun_paused = 0;
		return -1;
	}
	e.events = 0;
	if (!c->tun_paused && epoll_ctl(c->epfd, EPOLL_CTL_MOD, c->net.tun.fd, &e) == 0)
		c->tun_paused = 1;
	return (int)((d + 999) / 1000);
}
