/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - tunnel network configuration: steps, apply, undo (netcfg.h). */
#include "src/netcfg.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

static void put4(uint8_t *out, uint32_t host)
{
	uint32_t n = htonl(host);
	memcpy(out, &n, 4);
}

static uint32_t get4(const uint8_t *in)
{
	uint32_t n;
	memcpy(&n, in, 4);
	return ntohl(n);
}

static int mask_bits(uint32_t m)
{
	int b = 0;

	while (b < 32 && (m & (0x80000000u >> b)))
		b++;
	return (b == 32 ? 0xffffffffu : ~(0xffffffffu >> b)) == m ? b : -1;
}

/* The address a keyword stands for; -1 (logged) if unknown. */
static int special4(const struct lvpn_netplan *p, const struct lvpn_netcfg_sys *sys,
                    enum lvpn_gw kind, uint32_t *out, struct lvpn_log *lg)
{
	switch (kind) {
	case LVPN_GW_DEFAULT:
	case LVPN_GW_VPN:
		if (lvpn_netplan_vpn_gateway(p, out))
			return 0;
		LVPN_LOG(lg, LVPN_LOG_ERR,
		         "route: vpn_gateway undefined (no --route-gateway, "
		         "and --ifconfig has no remote address)");
		return -1;
	case LVPN_GW_NET:
		if (sys->have_gw4 && sys->gw4.has_gw) {
			*out = get4(sys->gw4.gw);
			return 0;
		}
		LVPN_LOG(lg, LVPN_LOG_ERR, "route: net_gateway undefined -- no default gateway");
		return -1;
	case LVPN_GW_REMOTE_HOST:
		if (p->have_remote_host) {
			*out = p->remote_host;
			return 0;
		}
		LVPN_LOG(lg, LVPN_LOG_ERR, "route: remote_host undefined");
		return -1;
	case LVPN_GW_ADDR:
		break;
	}
	return -1;
}

static int server_on_gw_net(const struct lvpn_netplan *p, const struct lvpn_netcfg_sys *sys)
{
	uint32_t m = sys->gw4_plen ? ~0u << (32 - sys->gw4_plen) : 0;

	return p->have_remote_host && ((p->remote_host ^ get4(sys->gw4.gw)) & m) == 0;
}

/* block-local applies: the routes OpenVPN's add_block_local adds. */
static int block_local(const struct lvpn_netplan *p, const struct lvpn_netcfg_sys *sys)
{
	uint32_t vpn;

	return (p->rg_flags & (LVPN_NC_RG_ENABLE | LVPN_NC_RG_BLOCK_LOCAL)) ==
	           (LVPN_NC_RG_ENABLE | LVPN_NC_RG_BLOCK_LOCAL) &&
	       sys->have_gw4 && sys->gw4.has_gw && sys->gw4_plen < 32 &&
	       lvpn_netplan_vpn_gateway(p, &vpn) && !server_on_gw_net(p, sys);
}

int lvpn_netcfg_routes4(const struct lvpn_netplan *p, const struct lvpn_netcfg_sys *sys,
                        struct lvpn_route4_res *out, unsigned max, unsigned *n, struct lvpn_log *lg)
{
	unsigned k = 0;
	uint32_t vpn = 0;
	int have_vpn = lvpn_netplan_vpn_gateway(p, &vpn);

	for (unsigned i = 0; i < p->n_routes; i++) {
		const struct lvpn_route4 *r = &p->routes[i];
		struct lvpn_route4_res x = {.net = r->net, .mask = r->mask, .gw = r->gw};
		if (k == max)
			return LVPN_ERR_BUFSIZE;
		if (r->net_kind != LVPN_GW_ADDR) {
			if (special4(p, sys, r->net_kind, &x.net, lg) != 0)
				return LVPN_ERR_CONFIG;
			x.net &= r->mask;
		}
		if (r->gw_kind != LVPN_GW_ADDR && special4(p, sys, r->gw_kind, &x.gw, lg) != 0)
			return LVPN_ERR_CONFIG;
		x.metric = r->metric >= 0 ? r->metric : p->route_metric;
		if (r->gw_kind == LVPN_GW_NET)
			x.oif = sys->gw4.oif;
		else if (have_vpn && x.gw == vpn)
			x.oif = sys->tun_ifindex;
		out[k++] = x;
	}
	if (block_local(p, sys)) {
		/* the gateway's subnet split in two, one bit longer each */
		uint32_t mask = ~0u << (32 - sys->gw4_plen - 1);
		uint32_t half = ~mask + 1, net = get4(sys->gw4.gw) & (mask << 1);
		if (k + 2 > max)
			return LVPN_ERR_BUFSIZE;
		out[k++] = (struct lvpn_route4_res){net + half, mask, vpn, -1, sys->tun_ifindex};
		out[k++] = (struct lvpn_route4_res){net, mask, vpn, -1, sys->tun_ifindex};
	}
	*n = k;
	return 0;
}

/* Does the prefix net/bits contain addr? */
static int covers(const uint8_t *net, unsigned bits, const uint8_t *addr)
{
	for (unsigned i = 0; i < 16 && bits > 0; i++, bits = bits > 8 ? bits - 8 : 0) {
		uint8_t m = bits >= 8 ? 0xff : (uint8_t)(0xff << (8 - bits));
		if ((net[i] & m) != (addr[i] & m))
			return 0;
	}
	return 1;
}

int lvpn_netcfg_routes6(const struct lvpn_netplan *p, const struct lvpn_netcfg_sys *sys,
                        struct lvpn_route6 *out, unsigned max, unsigned *n)
{
	static const char *const redirect[] = {"::", "2000::", "3000::", "fc00::"};
	static const uint8_t redirect_bits[] = {3, 4, 4, 7};
	unsigned k = 0, first = 0, need_host = 0;

	/* slot 0 is kept for the server host route, decided below */
	if (p->have_remote_host6 && sys->have_to_server6 && sys->to_server6.oif > 0 &&
	    sys->to_server6.oif != sys->tun_ifindex)
		first = 1;
	if (first + p->n_routes6 + ((p->rg_flags & LVPN_NC_RG_IPV6) ? 4 : 0) > max)
		return LVPN_ERR_BUFSIZE;
	k = first;
	for (unsigned i = 0; i < p->n_routes6; i++)
		out[k++] = p->routes6[i];
	if (p->rg_flags & LVPN_NC_RG_IPV6) {
		for (unsigned i = 0; i < 4; i++) {
			struct lvpn_route6 r = {.bits = redirect_bits[i], .metric = -1};
			inet_pton(AF_INET6, redirect[i], r.net);
			out[k++] = r;
		}
	}
	for (unsigned i = first; i < k; i++) {
		if (out[i].metric < 0)
			out[i].metric = p->route_metric;
		if (out[i].gw_kind != LVPN_GW_NET && first &&
		    covers(out[i].net, out[i].bits, p->remote_host6))
			need_host = 1;
	}
	if (first && need_host) {
		const struct lvpn_nl_route *s = &sys->to_server6;
		struct lvpn_route6 h = {.bits = 128, .metric = 1, .oif = s->oif};
		memcpy(h.net, p->remote_host6, 16);
		h.gw_kind = LVPN_GW_ADDR;
		if (s->has_gw) /* else on-link: the gateway stays :: */
			memcpy(h.gw, s->gw, 16);
		out[0] = h;
	} else if (first) {
		memmove(out, out + 1, (k - 1) * sizeof(*out));
		k--;
	}
	*n = k;
	return 0;
}

static int push(struct lvpn_netcfg_steps *out, const struct lvpn_netcfg_step *s)
{
	if (out->n == LVPN_NETCFG_MAX_STEPS)
		return LVPN_ERR_BUFSIZE;
	out->s[out->n++] = *s;
	return 0;
}

/* A fresh step adding an address of family to interface ifindex. */
static void addr_step(struct lvpn_netcfg_step *s, int family, int ifindex)
{
	memset(s, 0, sizeof(*s));
	s->op = LVPN_NC_ADDR_ADD;
	s->addr.family = family;
	s->addr.ifindex = ifindex;
}

int lvpn_netcfg_build_addrs(const struct lvpn_netplan *p, const struct lvpn_netcfg_sys *sys,
                            struct lvpn_netcfg_steps *out, struct lvpn_log *lg)
{
	struct lvpn_netcfg_step s;
	int rc;

	if (p->have_ifconfig) {
		addr_step(&s, AF_INET, sys->tun_ifindex);
		put4(s.addr.local, p->local);
		if (lvpn_netplan_has_netmask(p)) {
			int b = mask_bits(p->remote_netmask);
			if (b < 0) {
				LVPN_LOG(lg, LVPN_LOG_ERR, "ifconfig: bad netmask for %s",
				         p->tap ? "a tap device" : "topology subnet");
				return LVPN_ERR_CONFIG;
			}
			s.addr.plen = (uint8_t)b;
		} else {
			s.addr.plen = 32;
			s.addr.has_peer = 1;
			put4(s.addr.peer, p->remote_netmask);
		}
		if ((rc = push(out, &s)) != 0)
			return rc;
	}
	if (p->have_ifconfig6) {
		addr_step(&s, AF_INET6, sys->tun_ifindex);
		s.addr.plen = p->bits6;
		memcpy(s.addr.local, p->local6, 16);
		if ((rc = push(out, &s)) != 0)
			return rc;
	}
	return 0;
}

static int route_step(struct lvpn_netcfg_steps *out, int family, const uint8_t *dst, unsigned plen,
                      const uint8_t *gw, int oif, int64_t metric)
{
	struct lvpn_netcfg_step s;

	memset(&s, 0, sizeof(s));
	s.op = LVPN_NC_ROUTE_ADD;
	s.route.family = family;
	memcpy(s.route.dst, dst, family == AF_INET ? 4 : 16);
	s.route.plen = (uint8_t)plen;
	if (gw != NULL) {
		s.route.has_gw = 1;
		memcpy(s.route.gw, gw, family == AF_INET ? 4 : 16);
	}
	s.route.oif = oif;
	if (metric >= 0) {
		s.route.has_metric = 1;
		s.route.metric = (uint32_t)metric;
	}
	return push(out, &s);
}

static int route4_step(struct lvpn_netcfg_steps *out, uint32_t net, int plen, uint32_t gw, int oif,
                       int64_t metric)
{
	uint8_t d[4], g[4];

	put4(d, net);
	put4(g, gw);
	return route_step(out, AF_INET, d, (unsigned)plen, g, oif, metric);
}

static int redirect4(const struct lvpn_netplan *p, const struct lvpn_netcfg_sys *sys,
                     struct lvpn_netcfg_steps *out, struct lvpn_log *lg)
{
	unsigned f = p->rg_flags;
	int local = (f & LVPN_NC_RG_LOCAL) != 0, rc;
	uint32_t vpn = 0;

	if (!(f & LVPN_NC_RG_ENABLE))
		return 0;
	if ((f & LVPN_NC_RG_REROUTE_GW) && !lvpn_netplan_vpn_gateway(p, &vpn)) {
		LVPN_LOG(lg, LVPN_LOG_ERR,
		         "unable to redirect IPv4 default gateway -- VPN "
		         "gateway parameter (--route-gateway or --ifconfig) is missing");
		return LVPN_ERR_CONFIG;
	}
	if ((f & LVPN_NC_RG_AUTOLOCAL) && sys->have_to_server4)
		local = !sys->to_server4.has_gw;
	if (!local && p->have_remote_host) {
		const struct lvpn_nl_route *s = &sys->to_server4;
		uint8_t d[4];
		if (!sys->have_to_server4 || s->oif == sys->tun_ifindex) {
			LVPN_LOG(lg, LVPN_LOG_ERR,
			         "unable to redirect IPv4 default gateway -- "
			         "no route to the server outside the tunnel");
			return LVPN_ERR_CONFIG;
		}
		put4(d, p->remote_host);
		rc = route_step(out, AF_INET, d, 32, s->has_gw ? s->gw : NULL, s->oif, -1);
		if (rc)
			return rc;
	}
	if (block_local(p, sys)) {
		/* keep reaching the gateway itself (OpenVPN's bypass route) */
		rc = route_step(out, AF_INET, sys->gw4.gw, 32, sys->gw4.gw, sys->gw4.oif, -1);
		if (rc)
			return rc;
	}
	if (!(f & LVPN_NC_RG_REROUTE_GW))
		return 0;
	if (f & LVPN_NC_RG_DEF1) {
		rc = route4_step(out, 0, 1, vpn, sys->tun_ifindex, -1);
		return rc ? rc : route4_step(out, 0x80000000u, 1, vpn, sys->tun_ifindex, -1);
	}
	if (sys->have_gw4 && sys->gw4.multipath) {
		/* its undo could not put it back as it was */
		LVPN_LOG(lg, LVPN_LOG_ERR,
		         "redirect-gateway: the default route is multipath; "
		         "not replacing it (use redirect-gateway def1)");
		return LVPN_ERR_UNSUPPORTED;
	}
	if (sys->have_gw4) {
		struct lvpn_netcfg_step s = {.op = LVPN_NC_ROUTE_DEL, .route = sys->gw4};
		if ((rc = push(out, &s)) != 0)
			return rc;
	}
	return route4_step(out, 0, 0, vpn, sys->tun_ifindex, -1);
}

int lvpn_netcfg_build_routes(const struct lvpn_netplan *p, const struct lvpn_netcfg_sys *sys,
                             struct lvpn_netcfg_steps *out, struct lvpn_log *lg)
{
	struct lvpn_route4_res r4[LVPN_NETPLAN_MAX_ROUTES + 2];
	struct lvpn_route6 r6[LVPN_NETPLAN_MAX_ROUTES + 5];
	unsigned n4, n6;
	int rc = redirect4(p, sys, out, lg);

	if (rc == 0)
		rc = lvpn_netcfg_routes4(p, sys, r4, LVPN_NETPLAN_MAX_ROUTES + 2, &n4, lg);
	for (unsigned i = 0; rc == 0 && i < n4; i++)
		rc = route4_step(out, r4[i].net, mask_bits(r4[i].mask), r4[i].gw, r4[i].oif,
		                 r4[i].metric);
	if (rc)
		return rc;
	rc = lvpn_netcfg_routes6(p, sys, r6, sizeof(r6) / sizeof(r6[0]), &n6);
	for (unsigned i = 0; rc == 0 && i < n6; i++) {
		const struct lvpn_route6 *r = &r6[i];
		static const uint8_t any[16];
		if (r->oif) { /* the server host route */
			int gw = memcmp(r->gw, any, 16) != 0;
			rc = route_step(out, AF_INET6, r->net, r->bits, gw ? r->gw : NULL, r->oif,
			                r->metric);
		} else if (r->gw_kind == LVPN_GW_NET) {
			if (!sys->have_gw6) {
				LVPN_LOG(lg, LVPN_LOG_ERR,
				         "route-ipv6: net_gateway_ipv6 undefined "
				         "-- no IPv6 default gateway");
				return LVPN_ERR_CONFIG;
			}
			rc = route_step(out, AF_INET6, r->net, r->bits,
			                sys->gw6.has_gw ? sys->gw6.gw : NULL, sys->gw6.oif,
			                r->metric);
		} else {
			/* on a tun device the next hop is the device itself */
			rc = route_step(out, AF_INET6, r->net, r->bits, NULL, sys->tun_ifindex,
			                r->metric);
		}
	}
	return rc;
}
