/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the client's session-timeout, as OpenVPN 2.6 keeps it
 * (init.c do_init_timers, forward.c check_session_timeout): counted from
 * the start of each connection attempt, and again from a PUSH_REPLY that
 * carries timer options (2.6's OPT_P_TIMER class), a pushed value replacing
 * the configured one; when it runs out the client stops as on SIGTERM. */
#include <stdlib.h>
#include <string.h>

#include "proto/config/push.h"
#include "src/client_int.h"

/* 2.6's OPT_P_TIMER options: pushing any of them restarts the count */
static int timer_option(const char *name)
{
	static const char *const t[] = {"inactive",  "session-timeout", "ping",
	                                "ping-exit", "ping-restart",    "ping-timer-rem"};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(name, t[i]) == 0)
			return 1;
	return 0;
}

static uint64_t deadline(int secs, uint64_t now)
{
	return secs > 0 ? now + 1000u * (uint64_t)secs : 0;
}

void lvpn_client_stimer_start(struct client *c, uint64_t now)
{
	c->session_secs = c->o->session_timeout;
	c->session_end = deadline(c->session_secs, now);
}

void lvpn_client_stimer_push(struct client *c, const struct lvpn_push *p, uint64_t now)
{
	int timers = 0;

	for (const struct lvpn_push_line *l = lvpn_push_next(p, NULL); l;
	     l = lvpn_push_next(p, l)) {
		if (!timer_option(l->argv[0]))
			continue;
		timers = 1;
		/* 2.6 reads it with positive_atoi: a negative number is 0 (off) */
		if (strcmp(l->argv[0], "session-timeout") == 0 && l->argc > 1) {
			int v = atoi(l->argv[1]);

			c->session_secs = v < 0 ? 0 : v;
		}
	}
	if (timers)
		c->session_end = deadline(c->session_secs, now);
}
