/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - running netcfg steps with an undo log, and probing the system
 * (netcfg.h). */
#include "src/netcfg.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

void lvpn_netcfg_init(struct lvpn_netcfg *nc, struct lvpn_nl *nl, struct lvpn_log *lg)
{
	nc->nl = nl;
	nc->lg = lg;
	nc->n_undo = 0;
}

/* One line per change, in the words of OpenVPN 2.6's net_* calls
 * ("net_addr_v4_add: 10.8.0.2/24 dev tun0"), so that a log reads the same. */
static void say(struct lvpn_log *lg, const struct lvpn_netcfg_step *s)
{
	static const char *const verb[] = {"add", "del", "add", "del"};
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], dev[IF_NAMESIZE] = "[NULL]";
	int v6;

	if (!lvpn_log_on(lg, LVPN_LOG_INFO))
		return;
	if (s->op == LVPN_NC_ADDR_ADD || s->op == LVPN_NC_ADDR_DEL) {
		const struct lvpn_nl_addr *x = &s->addr;

		v6 = x->family == AF_INET6;
		if (!if_indextoname((unsigned)x->ifindex, dev))
			snprintf(dev, sizeof(dev), "%d", x->ifindex);
		inet_ntop(x->family, x->local, a, sizeof(a));
		if (x->has_peer && !v6) {
			inet_ntop(AF_INET, x->peer, b, sizeof(b));
			if (s->op == LVPN_NC_ADDR_ADD)
				LVPN_LOG(lg, LVPN_LOG_INFO,
				         "net_addr_ptp_v4_add: %s peer %s dev %s", a, b, dev);
			else
				LVPN_LOG(lg, LVPN_LOG_INFO, "net_addr_ptp_v4_del: %s dev %s", a,
				         dev);
		} else if (!v6 && s->op == LVPN_NC_ADDR_DEL) {
			LVPN_LOG(lg, LVPN_LOG_INFO, "net_addr_v4_del: %s dev %s", a, dev);
		} else {
			LVPN_LOG(lg, LVPN_LOG_INFO, "net_addr_v%d_%s: %s/%u dev %s", v6 ? 6 : 4,
			         verb[s->op], a, x->plen, dev);
		}
		return;
	}
	v6 = s->route.family == AF_INET6;
	if (s->route.oif && !if_indextoname((unsigned)s->route.oif, dev))
		snprintf(dev, sizeof(dev), "%d", s->route.oif);
	inet_ntop(s->route.family, s->route.dst, a, sizeof(a));
	if (s->route.has_gw)
		inet_ntop(s->route.family, s->route.gw, b, sizeof(b));
	else
		snprintf(b, sizeof(b), "%s", v6 ? "::" : "0.0.0.0");
	LVPN_LOG(lg, LVPN_LOG_INFO, "net_route_v%d_%s: %s/%u via %s dev %s table %u metric %ld",
	         v6 ? 6 : 4, verb[s->op], a, s->route.plen, b, dev, s->route.table,
	         s->route.has_metric ? (long)s->route.metric : -1L);
}

static int run(struct lvpn_nl *nl, struct lvpn_log *lg, const struct lvpn_netcfg_step *s)
{
	say(lg, s);
	switch (s->op) {
	case LVPN_NC_ADDR_ADD:
		return lvpn_nl_addr(nl, 1, &s->addr);
	case LVPN_NC_ADDR_DEL:
		return lvpn_nl_addr(nl, 0, &s->addr);
	case LVPN_NC_ROUTE_ADD:
		return lvpn_nl_route(nl, 1, &s->route);
	case LVPN_NC_ROUTE_DEL:
		return lvpn_nl_route(nl, 0, &s->route);
	}
	return LVPN_ERR_INVAL;
}

static struct lvpn_netcfg_step inverse(const struct lvpn_netcfg_step *s)
{
	struct lvpn_netcfg_step r = *s;

	switch (s->op) {
	case LVPN_NC_ADDR_ADD:
		r.op = LVPN_NC_ADDR_DEL;
		break;
	case LVPN_NC_ADDR_DEL:
		r.op = LVPN_NC_ADDR_ADD;
		break;
	case LVPN_NC_ROUTE_ADD:
		r.op = LVPN_NC_ROUTE_DEL;
		break;
	case LVPN_NC_ROUTE_DEL:
		r.op = LVPN_NC_ROUTE_ADD;
		break;
	}
	return r;
}

/* Undoes log entries from the newest down to index `down_to`. */
static int unwind(struct lvpn_netcfg *nc, unsigned down_to)
{
	int ret = 0;

	while (nc->n_undo > down_to) {
		const struct lvpn_netcfg_step *s = &nc->undo[--nc->n_undo];
		int e;
		if (run(nc->nl, nc->lg, s) == 0)
			continue;
		e = nc->nl->last_errno;
		/* already gone (device removed, route deleted) or already back */
		if (e == ENOENT || e == ESRCH || e == ENODEV || e == EADDRNOTAVAIL ||
		    (e == EEXIST && (s->op == LVPN_NC_ROUTE_ADD || s->op == LVPN_NC_ADDR_ADD))) {
			LVPN_LOG(nc->lg, LVPN_LOG_INFO, "netcfg undo: change already undone (%s)",
			         strerror(e));
			continue;
		}
		ret = LVPN_ERR_IO;
	}
	return ret;
}

int lvpn_netcfg_apply(struct lvpn_netcfg *nc, const struct lvpn_netcfg_steps *steps)
{
	unsigned start = nc->n_undo;

	for (unsigned i = 0; i < steps->n; i++) {
		int rc;
		if (nc->n_undo == LVPN_NETCFG_MAX_STEPS) {
			LVPN_LOG(nc->lg, LVPN_LOG_ERR, "netcfg: undo log full");
			rc = LVPN_ERR_BUFSIZE;
		} else {
			rc = run(nc->nl, nc->lg, &steps->s[i]);
		}
		if (rc) {
			LVPN_LOG(nc->lg, LVPN_LOG_ERR,
			         "netcfg: step %u of %u failed; undoing the %u before it", i + 1,
			         steps->n, nc->n_undo - start);
			(void)unwind(nc, start);
			return rc;
		}
		nc->undo[nc->n_undo++] = inverse(&steps->s[i]);
	}
	return 0;
}

int lvpn_netcfg_undo(struct lvpn_netcfg *nc)
{
	if (nc == NULL || nc->nl == NULL)
		return 0;
	return unwind(nc, 0);
}

/* Runs one probe; "no such route" leaves *have 0. */
static int probe_one(struct lvpn_nl *nl, int rc, int *have)
{
	int e = nl->last_errno;

	*have = rc == 0;
	if (rc == 0 || e == ENOENT || e == ENETUNREACH || e == EHOSTUNREACH || e == ESRCH)
		return 0;
	return rc;
}

int lvpn_netcfg_probe(struct lvpn_nl *nl, const struct lvpn_netplan *p, int tun_ifindex,
                      struct lvpn_netcfg_sys *sys)
{
	uint8_t a[4];
	uint32_t n;
	int rc;

	memset(sys, 0, sizeof(*sys));
	sys->tun_ifindex = tun_ifindex;
	rc = probe_one(nl, lvpn_nl_route_default(nl, AF_INET, &sys->gw4), &sys->have_gw4);
	if (rc == 0)
		rc = probe_one(nl, lvpn_nl_route_default(nl, AF_INET6, &sys->gw6), &sys->have_gw6);
	sys->gw4_plen = 32;
	if (rc == 0 && sys->have_gw4 && sys->gw4.has_gw) {
		struct lvpn_nl_addr a4;
		int have = 0;
		rc = probe_one(nl, lvpn_nl_addr_find(nl, AF_INET, sys->gw4.oif, sys->gw4.gw, &a4),
		               &have);
		if (have)
			sys->gw4_plen = a4.plen;
	}
	if (rc == 0 && p->have_remote_host) {
		n = htonl(p->remote_host);
		memcpy(a, &n, 4);
		rc = probe_one(nl, lvpn_nl_route_get(nl, AF_INET, a, &sys->to_server4),
		               &sys->have_to_server4);
	}
	if (rc == 0 && p->have_remote_host6)
		rc = probe_one(nl,
		               lvpn_nl_route_get(nl, AF_INET6, p->remote_host6, &sys->to_server6),
		               &sys->have_to_server6);
	return rc;
}
