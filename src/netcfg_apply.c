/* leanvpn - running netcfg steps with an undo log, and probing the system
 * (netcfg.h). */
#include "src/netcfg.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

void lvpn_netcfg_init(struct lvpn_netcfg *nc, struct lvpn_nl *nl, struct lvpn_log *lg)
{
	nc->nl = nl;
	nc->lg = lg;
	nc->n_undo = 0;
}

static int run(struct lvpn_nl *nl, const struct lvpn_netcfg_step *s)
{
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
		if (run(nc->nl, s) == 0)
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
			rc = run(nc->nl, &steps->s[i]);
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

int lvpn_netcfg_probe(struct lvpn_nl *nl, const struct lvpn_netcfg_plan *p, int tun_ifindex,
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
