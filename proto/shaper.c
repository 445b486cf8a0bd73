/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the --shaper traffic shaper (OpenVPN 2.6 shaper.c semantics:
 * the time of the next permitted send moves on by the cost of each write,
 * counted from the write, not from the previous wakeup). */
#include "proto/shaper.h"

void lvpn_shaper_init(struct lvpn_shaper *s, uint32_t rate)
{
	if (rate && rate < LVPN_SHAPER_MIN)
		rate = LVPN_SHAPER_MIN;
	if (rate > LVPN_SHAPER_MAX)
		rate = LVPN_SHAPER_MAX;
	s->rate = rate;
	s->wakeup = 0;
}

uint64_t lvpn_shaper_delay(const struct lvpn_shaper *s, uint64_t now_us)
{
	uint64_t d;

	if (!s->rate || s->wakeup <= now_us)
		return 0;
	d = s->wakeup - now_us;
	if (d < LVPN_SHAPER_SLACK_US)
		return 0;
	return d > LVPN_SHAPER_MAX_WAIT_US ? LVPN_SHAPER_MAX_WAIT_US : d;
}

void lvpn_shaper_wrote(struct lvpn_shaper *s, uint64_t bytes, uint64_t now_us)
{
	uint64_t cost;

	if (!s->rate)
		return;
	/* bytes is at most a few megabytes a call: no overflow in 64 bits */
	cost = bytes * 1000000u / s->rate;
	if (cost > LVPN_SHAPER_MAX_WAIT_US)
		cost = LVPN_SHAPER_MAX_WAIT_US;
	s->wakeup = now_us + cost;
}

uint32_t lvpn_shaper_overhead(int ipv6, int tcp)
{
	return (ipv6 ? 40u : 20u) + (tcp ? 20u : 8u);
}
