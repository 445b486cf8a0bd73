/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - applying a server's PUSH_REPLY to a client's options:
 * every option judged and split by lvpn_push_add (proto/config/push.c), as the
 * engine's, then applied with LVPN_WHERE_PUSH. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/wipe.h"
#include "proto/config/optset.h"
#include "proto/config/push.h"

int lvpn_options_pull_filter(const struct lvpn_options *o, const char *line)
{
	return lvpn_pull_filter_match(o->pull_filters, o->npull_filters, line);
}

/* One option of the reply, the n-th: judged and kept by lvpn_push_add
 * (the same path as the engine's), then applied to o. */
static int apply_one(struct lvpn_options *o, struct lvpn_push *p, const char *opt, size_t len,
                     int n, struct lvpn_config_err *err)
{
	const struct lvpn_pull_policy pol = {o->pull_filters, o->npull_filters, o->route_nopull,
	                                     NULL};
	struct lvpn_config_loc loc = {"[PUSH-OPTIONS]", n};
	struct lvpn_push_line *l;
	struct lvpn_config_err skipped;
	unsigned before = p->n;
	int rc;

	switch (lvpn_push_add(p, opt, len, &pol, o->log)) {
	case LVPN_PULL_REJECT:
		return lvpn_config_fail(
		    err, &loc, "pull-filter", "pushed option '%.*s' rejected: reconnecting",
		    (int)(len > LVPN_CONFIG_LINE_MAX ? LVPN_CONFIG_LINE_MAX : len), opt);
	case LVPN_PULL_IGNORE:
		return 0;
	}
	if (p->n == before)
		return 0;
	l = &p->line[before];
	rc = lvpn_options_apply(o, l->argc, l->argv, 0, LVPN_WHERE_PUSH, &loc, &skipped);
	if (rc == LVPN_ERR_CONFIG) {
		/* as OpenVPN: a bad pushed option is reported, not fatal */
		char msg[1200];

		lvpn_config_err_format(&skipped, msg, sizeof(msg));
		LVPN_LOG(o->log, LVPN_LOG_WARN, "%s (skipped)", msg);
		return 0;
	}
	return rc;
}

int lvpn_options_apply_push(struct lvpn_options *o, const char *text, size_t len,
                            struct lvpn_config_err *err)
{
	struct lvpn_push *p = malloc(sizeof(*p));
	size_t pos = 0;
	int n = 0, rc = 0;

	if (!p)
		return LVPN_ERR_NOMEM;
	lvpn_push_reset(p);
	while (rc == 0 && pos < len) {
		const char *comma = memchr(text + pos, ',', len - pos);
		size_t k = comma ? (size_t)(comma - (text + pos)) : len - pos;

		rc = apply_one(o, p, text + pos, k, ++n, err);
		pos += k + 1;
	}
	lvpn_wipe(p, sizeof(*p));
	free(p);
	return rc;
}

int lvpn_push_tun_mtu(const char *arg, int max_mtu, int *mtu, struct lvpn_log *lg)
{
	int limit = *mtu > max_mtu ? *mtu : max_mtu;
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (end == arg || errno || (*end && *end != ' ') || v < LVPN_TUN_MTU_MIN ||
	    v > LVPN_TUN_MTU_MAX) {
		LVPN_LOG(lg, LVPN_LOG_WARN,
		         "pushed tun-mtu '%s' is not a number from %d to %d: ignored", arg,
		         LVPN_TUN_MTU_MIN, LVPN_TUN_MTU_MAX);
		return LVPN_ERR_CONFIG;
	}
	if (v > limit) {
		/* as OpenVPN 2.6: the tunnel's buffers are sized for at most this */
		LVPN_LOG(lg, LVPN_LOG_WARN,
		         "Server-pushed tun-mtu is too large, please add tun-mtu-max %ld in the "
		         "client configuration; using %d",
		         v, limit);
		v = limit;
	}
	*mtu = (int)v;
	return 0;
}
