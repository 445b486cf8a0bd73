/* leanvpn - parsing of OpenVPN's network option lines into a plan.
 *
 * Syntax and defaults from OpenVPN 2.6 (options.c add_option, route.c
 * init_route/init_route_ipv6, socket.c get_addr_generic): a missing or
 * "default" netmask is 255.255.255.255, a missing or "default" gateway is
 * the VPN gateway, an IPv6 prefix without /bits is /64, ifconfig-ipv6 wants
 * /64../124.  Unlike OpenVPN, names are never resolved here and an IPv4
 * network with bits outside its netmask is refused (the kernel would refuse
 * it later with a less helpful EINVAL).
 */
#include "src/netcfg.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "proto/optlex.h"

void lvpn_netcfg_plan_init(struct lvpn_netcfg_plan *p)
{
	memset(p, 0, sizeof(*p));
	p->topology = LVPN_NC_TOPO_NET30;
	p->route_metric = -1;
}

static int ip4(const char *s, uint32_t *out)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		return -1;
	*out = ntohl(a.s_addr);
	return 0;
}

/* A contiguous netmask: ones then zeros. */
static int mask_ok(uint32_t m)
{
	return (~m & (~m + 1)) == 0;
}

static int num(const char *s, int64_t max, int64_t *out)
{
	int64_t v = 0;

	if (*s == '\0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > max)
			return -1;
	}
	*out = v;
	return 0;
}

/* "addr[/bits]", default /64; host bits beyond the prefix are cleared. */
static int ip6_prefix(const char *s, uint8_t *addr, uint8_t *bits, int clear)
{
	char tmp[INET6_ADDRSTRLEN + 8];
	char *slash;
	int64_t b = 64;

	if (strlen(s) >= sizeof(tmp))
		return -1;
	strcpy(tmp, s);
	slash = strchr(tmp, '/');
	if (slash != NULL) {
		*slash = '\0';
		if (num(slash + 1, 128, &b) != 0)
			return -1;
	}
	if (inet_pton(AF_INET6, tmp, addr) != 1)
		return -1;
	*bits = (uint8_t)b;
	for (int i = 0; clear && i < 16; i++) {
		int keep = (int)b - 8 * i;
		if (keep <= 0)
			addr[i] = 0;
		else if (keep < 8)
			addr[i] &= (uint8_t)(0xff << (8 - keep));
	}
	return 0;
}

static int defaulted(const char *s)
{
	return s == NULL || strcmp(s, "default") == 0;
}

static enum lvpn_gw keyword(const char *s)
{
	if (strcmp(s, "vpn_gateway") == 0)
		return LVPN_GW_VPN;
	if (strcmp(s, "net_gateway") == 0)
		return LVPN_GW_NET;
	if (strcmp(s, "remote_host") == 0)
		return LVPN_GW_REMOTE_HOST;
	return LVPN_GW_ADDR;
}

static int metric(const char *s, int64_t *m)
{
	if (defaulted(s)) {
		*m = -1;
		return 0;
	}
	return num(s, UINT32_MAX, m);
}

#define BAD(...)                                                                                   \
	do {                                                                                       \
		LVPN_LOG(lg, LVPN_LOG_ERR, __VA_ARGS__);                                           \
		return LVPN_ERR_CONFIG;                                                            \
	} while (0)

static int route4(struct lvpn_netcfg_plan *p, int n, char *const *t, struct lvpn_log *lg)
{
	struct lvpn_route4 r = {.mask = 0xffffffffu, .metric = -1};

	if (n < 2 || n > 5)
		BAD("route: expected 1 to 4 arguments (network [netmask [gateway [metric]]])");
	if (p->n_routes == LVPN_NETCFG_MAX_ROUTES) {
		LVPN_LOG(lg, LVPN_LOG_ERR, "route: more than %d routes", LVPN_NETCFG_MAX_ROUTES);
		return LVPN_ERR_EXHAUSTED;
	}
	r.net_kind = keyword(t[1]);
	if (r.net_kind == LVPN_GW_ADDR && ip4(t[1], &r.net) != 0)
		BAD("route: network '%s' is not an IPv4 address (names are not resolved)", t[1]);
	if (n > 2 && !defaulted(t[2]) && (ip4(t[2], &r.mask) != 0 || !mask_ok(r.mask)))
		BAD("route %s: bad netmask '%s'", t[1], t[2]);
	if (r.net_kind == LVPN_GW_ADDR && (r.net & ~r.mask) != 0)
		BAD("route %s: network has bits outside netmask %s", t[1], t[2]);
	if (n > 3 && !defaulted(t[3])) {
		r.gw_kind = keyword(t[3]);
		if (r.gw_kind == LVPN_GW_ADDR && ip4(t[3], &r.gw) != 0)
			BAD("route %s: gateway '%s' is not an IPv4 address or keyword", t[1], t[3]);
	}
	if (n > 4 && metric(t[4], &r.metric) != 0)
		BAD("route %s: bad metric '%s'", t[1], t[4]);
	p->routes[p->n_routes++] = r;
	return 0;
}

static int route6(struct lvpn_netcfg_plan *p, int n, char *const *t, struct lvpn_log *lg)
{
	struct lvpn_route6 r = {.metric = -1};

	if (n < 2 || n > 4)
		BAD("route-ipv6: expected 1 to 3 arguments (prefix/bits [gateway [metric]])");
	if (p->n_routes6 == LVPN_NETCFG_MAX_ROUTES) {
		LVPN_LOG(lg, LVPN_LOG_ERR, "route-ipv6: more than %d routes",
		         LVPN_NETCFG_MAX_ROUTES);
		return LVPN_ERR_EXHAUSTED;
	}
	if (ip6_prefix(t[1], r.net, &r.bits, 1) != 0)
		BAD("route-ipv6: '%s' is not an IPv6 prefix (address/0..128)", t[1]);
	if (n > 2 && !defaulted(t[2])) {
		if (strcmp(t[2], "net_gateway_ipv6") == 0 || strcmp(t[2], "net_gateway") == 0)
			r.gw_kind = LVPN_GW_NET;
		else if (strcmp(t[2], "vpn_gateway") == 0)
			r.gw_kind = LVPN_GW_VPN;
		else if (inet_pton(AF_INET6, t[2], r.gw) == 1)
			r.gw_kind = LVPN_GW_ADDR;
		else
			BAD("route-ipv6 %s: gateway '%s' is not an IPv6 address or keyword", t[1],
			    t[2]);
	}
	if (n > 3 && metric(t[3], &r.metric) != 0)
		BAD("route-ipv6 %s: bad metric '%s'", t[1], t[3]);
	p->routes6[p->n_routes6++] = r;
	return 0;
}

static const struct {
	const char *name;
	unsigned set;
} rg_names[] = {
    {"local", LVPN_NC_RG_LOCAL},
    {"autolocal", LVPN_NC_RG_AUTOLOCAL},
    {"def1", LVPN_NC_RG_DEF1},
    {"bypass-dhcp", LVPN_NC_RG_BYPASS_DHCP},
    {"bypass-dns", LVPN_NC_RG_BYPASS_DNS},
    {"block-local", LVPN_NC_RG_BLOCK_LOCAL},
    {"ipv6", LVPN_NC_RG_IPV6},
};

static int redirect(struct lvpn_netcfg_plan *p, int n, char *const *t, struct lvpn_log *lg)
{
	unsigned f = p->rg_flags | LVPN_NC_RG_ENABLE;

	if (strcmp(t[0], "redirect-gateway") == 0)
		f |= LVPN_NC_RG_REROUTE_GW;
	for (int i = 1; i < n; i++) {
		unsigned k;
		for (k = 0; k < sizeof(rg_names) / sizeof(rg_names[0]); k++)
			if (strcmp(t[i], rg_names[k].name) == 0)
				break;
		if (k < sizeof(rg_names) / sizeof(rg_names[0]))
			f |= rg_names[k].set;
		else if (strcmp(t[i], "!ipv4") == 0)
			f &= ~(unsigned)(LVPN_NC_RG_REROUTE_GW | LVPN_NC_RG_ENABLE);
		else
			BAD("%s: unknown flag '%s'", t[0], t[i]);
	}
	p->rg_flags = f;
	return 0;
}

static int ifconfig6(struct lvpn_netcfg_plan *p, int n, char *const *t, struct lvpn_log *lg)
{
	uint8_t a[16], r[16], bits;

	if (n != 3)
		BAD("ifconfig-ipv6: expected 2 arguments (address/bits remote)");
	if (ip6_prefix(t[1], a, &bits, 0) != 0 || inet_pton(AF_INET6, t[2], r) != 1)
		BAD("ifconfig-ipv6 parms '%s' and '%s' must be valid addresses", t[1], t[2]);
	if (bits < 64 || bits > 124)
		BAD("ifconfig-ipv6: /netbits must be between 64 and 124, not '/%u'", bits);
	memcpy(p->local6, a, 16);
	memcpy(p->remote6, r, 16);
	p->bits6 = bits;
	p->have_ifconfig6 = 1;
	p->have_remote6 = 1;
	return 0;
}

static int simple(struct lvpn_netcfg_plan *p, int n, char *const *t, struct lvpn_log *lg)
{
	uint32_t a, b;
	int64_t m;

	if (strcmp(t[0], "ifconfig") == 0) {
		if (n != 3 || ip4(t[1], &a) != 0 || ip4(t[2], &b) != 0)
			BAD("ifconfig: expected two IPv4 addresses (local remote|netmask)");
		p->local = a;
		p->remote_netmask = b;
		p->have_ifconfig = 1;
	} else if (strcmp(t[0], "topology") == 0) {
		if (n == 2 && strcmp(t[1], "net30") == 0)
			p->topology = LVPN_NC_TOPO_NET30;
		else if (n == 2 && strcmp(t[1], "p2p") == 0)
			p->topology = LVPN_NC_TOPO_P2P;
		else if (n == 2 && strcmp(t[1], "subnet") == 0)
			p->topology = LVPN_NC_TOPO_SUBNET;
		else
			BAD("topology: expected net30, p2p or subnet");
	} else if (strcmp(t[0], "route-gateway") == 0) {
		if (n != 2 || ip4(t[1], &a) != 0)
			BAD("route-gateway: expected one IPv4 address (dhcp is not supported)");
		p->route_gateway = a;
		p->have_route_gateway = 1;
	} else if (strcmp(t[0], "route-ipv6-gateway") == 0) {
		uint8_t g[16];
		if (n != 2 || inet_pton(AF_INET6, t[1], g) != 1)
			BAD("route-ipv6-gateway: expected one IPv6 address");
		memcpy(p->route_gateway6, g, 16);
		p->have_route_gateway6 = 1;
	} else if (strcmp(t[0], "route-metric") == 0) {
		if (n != 2 || num(t[1], UINT32_MAX, &m) != 0)
			BAD("route-metric: expected a number");
		p->route_metric = m;
	} else {
		return LVPN_ERR_UNSUPPORTED;
	}
	return 0;
}

int lvpn_netcfg_parse_args(struct lvpn_netcfg_plan *p, int n, char *const *t, struct lvpn_log *lg)
{
	if (n <= 0)
		return LVPN_ERR_UNSUPPORTED;
	if (strcmp(t[0], "route") == 0)
		return route4(p, n, t, lg);
	if (strcmp(t[0], "route-ipv6") == 0)
		return route6(p, n, t, lg);
	if (strcmp(t[0], "redirect-gateway") == 0 || strcmp(t[0], "redirect-private") == 0)
		return redirect(p, n, t, lg);
	if (strcmp(t[0], "ifconfig-ipv6") == 0)
		return ifconfig6(p, n, t, lg);
	return simple(p, n, t, lg);
}

int lvpn_netcfg_parse_option(struct lvpn_netcfg_plan *p, const char *line, struct lvpn_log *lg)
{
	struct lvpn_optline ln;
	const char *why;

	if (lvpn_optlex_line(line, strlen(line), &ln, &why) != 0)
		BAD("%.60s: %s", line, why);
	return lvpn_netcfg_parse_args(p, ln.argc, ln.argv, lg);
}
