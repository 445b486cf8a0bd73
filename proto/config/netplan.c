/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - OpenVPN's network options into a plan (netplan.h). */
#include "proto/config/netplan.h"

#include <stdio.h>
#include <string.h>

#include "proto/config/optlex.h"
#include "proto/config/options.h"
#include "proto/server/srvaddr.h"

void lvpn_netplan_init(struct lvpn_netplan *p)
{
	memset(p, 0, sizeof(*p));
	p->topology = LVPN_NC_TOPO_NET30;
	p->route_metric = -1;
}

/* A dotted quad, as inet_pton takes it: no octet with a leading zero. */
static int ip4(const char *s, uint32_t *out)
{
	for (const char *c = s; *c; c++)
		if (*c == '0' && (c == s || c[-1] == '.') && c[1] >= '0' && c[1] <= '9')
			return -1;
	return lvpn_srvaddr_parse4(s, out) == 0 ? 0 : -1;
}

static int ip6(const char *s, uint8_t *out)
{
	return lvpn_srvaddr_parse6(s, out) == 0 ? 0 : -1;
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
	char tmp[LVPN_ADDR6_STRLEN + 8];
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
	if (ip6(tmp, addr) != 0)
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

static int route4(struct lvpn_netplan *p, int n, char *const *t, struct lvpn_log *lg)
{
	struct lvpn_route4 r = {.mask = 0xffffffffu, .metric = -1};

	if (n < 2 || n > 5)
		BAD("route: expected 1 to 4 arguments (network [netmask [gateway [metric]]])");
	if (p->n_routes == LVPN_NETPLAN_MAX_ROUTES) {
		LVPN_LOG(lg, LVPN_LOG_ERR, "route: more than %d routes", LVPN_NETPLAN_MAX_ROUTES);
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

static int route6(struct lvpn_netplan *p, int n, char *const *t, struct lvpn_log *lg)
{
	struct lvpn_route6 r = {.metric = -1};

	if (n < 2 || n > 4)
		BAD("route-ipv6: expected 1 to 3 arguments (prefix/bits [gateway [metric]])");
	if (p->n_routes6 == LVPN_NETPLAN_MAX_ROUTES) {
		LVPN_LOG(lg, LVPN_LOG_ERR, "route-ipv6: more than %d routes",
		         LVPN_NETPLAN_MAX_ROUTES);
		return LVPN_ERR_EXHAUSTED;
	}
	if (ip6_prefix(t[1], r.net, &r.bits, 1) != 0)
		BAD("route-ipv6: '%s' is not an IPv6 prefix (address/0..128)", t[1]);
	if (n > 2 && !defaulted(t[2])) {
		if (strcmp(t[2], "net_gateway_ipv6") == 0 || strcmp(t[2], "net_gateway") == 0)
			r.gw_kind = LVPN_GW_NET;
		else if (strcmp(t[2], "vpn_gateway") == 0)
			r.gw_kind = LVPN_GW_VPN;
		else if (ip6(t[2], r.gw) == 0)
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

static int redirect(struct lvpn_netplan *p, int n, char *const *t, struct lvpn_log *lg)
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

static int ifconfig6(struct lvpn_netplan *p, int n, char *const *t, struct lvpn_log *lg)
{
	uint8_t a[16], r[16], bits;

	if (n != 3)
		BAD("ifconfig-ipv6: expected 2 arguments (address/bits remote)");
	if (ip6_prefix(t[1], a, &bits, 0) != 0 || ip6(t[2], r) != 0)
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

static int simple(struct lvpn_netplan *p, int n, char *const *t, struct lvpn_log *lg)
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
			BAD("route-gateway: expected one IPv4 address ('dhcp' is not supported: "
			    "leanvpn does not learn the gateway from DHCP replies)");
		p->route_gateway = a;
		p->have_route_gateway = 1;
	} else if (strcmp(t[0], "route-ipv6-gateway") == 0) {
		uint8_t g[16];
		if (n != 2 || ip6(t[1], g) != 0)
			BAD("route-ipv6-gateway: expected one IPv6 address");
		memcpy(p->route_gateway6, g, 16);
		p->have_route_gateway6 = 1;
	} else if (strcmp(t[0], "block-ipv6") == 0 && n == 1) {
		p->block_ipv6 = 1;
	} else if (strcmp(t[0], "route-metric") == 0) {
		if (n != 2 || num(t[1], UINT32_MAX, &m) != 0)
			BAD("route-metric: expected a number");
		p->route_metric = m;
	} else {
		return LVPN_ERR_UNSUPPORTED;
	}
	return 0;
}

/* Appends s (n bytes) and a NUL to the dhcp text; its offset, or -1. */
static long dhcp_put(struct lvpn_netplan *p, const char *s, size_t n)
{
	size_t at = p->dhcp_used;

	if (n >= sizeof(p->dhcp_text) - at)
		return -1;
	memcpy(p->dhcp_text + at, s, n);
	p->dhcp_text[at + n] = '\0';
	p->dhcp_used += n + 1;
	return (long)at;
}

static int dhcp(struct lvpn_netplan *p, int n, char *const *t, const char *text,
                struct lvpn_log *lg)
{
	struct lvpn_netplan_dhcp d = {.kind = LVPN_DHCP_OTHER};
	size_t used = p->dhcp_used;
	const char *type = n > 1 ? t[1] : "", *v = n > 2 ? t[2] : "";
	long at = 0, val;

	if (p->n_dhcp == LVPN_NETPLAN_MAX_DHCP)
		goto full;
	if (text) {
		at = dhcp_put(p, text, strlen(text));
	} else {
		for (int i = 0; i < n && at >= 0; i++) {
			long k = dhcp_put(p, t[i], strlen(t[i]));
			if (i == 0)
				at = k;
			else if (k >= 0) /* joined: the NUL before becomes a space */
				p->dhcp_text[k - 1] = ' ';
			else
				at = -1;
		}
	}
	val = at < 0 ? -1 : dhcp_put(p, v, strlen(v));
	if (val < 0)
		goto full;
	d.text = (uint16_t)at;
	d.value = (uint16_t)val;
	if ((strcmp(type, "DNS") == 0 || strcmp(type, "DNS6") == 0) && n == 3) {
		uint32_t a;

		if (ip4(v, &a) == 0) {
			d.addr[0] = (uint8_t)(a >> 24);
			d.addr[1] = (uint8_t)(a >> 16);
			d.addr[2] = (uint8_t)(a >> 8);
			d.addr[3] = (uint8_t)a;
			d.family = 4;
			d.kind = LVPN_DHCP_DNS;
		} else if (ip6(v, d.addr) == 0) {
			d.family = 6;
			d.kind = LVPN_DHCP_DNS;
		} else {
			memset(d.addr, 0, sizeof(d.addr)); /* not an address: for scripts only */
		}
	} else if (strcmp(type, "DOMAIN") == 0 || strcmp(type, "ADAPTER_DOMAIN_SUFFIX") == 0) {
		d.kind = LVPN_DHCP_DOMAIN;
	} else if (strcmp(type, "DOMAIN-SEARCH") == 0) {
		d.kind = LVPN_DHCP_DOMAIN_SEARCH;
	}
	p->dhcp[p->n_dhcp++] = d;
	return 0;
full:
	memset(p->dhcp_text + used, 0, p->dhcp_used - used);
	p->dhcp_used = used;
	LVPN_LOG(lg, LVPN_LOG_ERR, "dhcp-option: more than %d options or %d bytes",
	         LVPN_NETPLAN_MAX_DHCP, LVPN_NETPLAN_DHCP_TEXT_MAX);
	return LVPN_ERR_EXHAUSTED;
}

/* 2.6 add_client_nat_to_option_list: a 65th rule is warned about and
 * left out. */
static int client_nat(struct lvpn_netplan *p, int n, char *const *t, struct lvpn_log *lg)
{
	int rc = n == 5 ? lvpn_clinat_add(&p->nat, (const char *const *)t + 1) : LVPN_ERR_CONFIG;

	if (rc == LVPN_ERR_EXHAUSTED) {
		LVPN_LOG(lg, LVPN_LOG_WARN, "WARNING: client-nat table overflow (max %d entries)",
		         LVPN_CLINAT_MAX);
		return 0;
	}
	if (rc)
		BAD("client-nat: expected snat|dnat NETWORK NETMASK ALIAS (IPv4 addresses)");
	return 0;
}

int lvpn_netplan_parse_args(struct lvpn_netplan *p, int n, char *const *t, const char *text,
                            struct lvpn_log *lg)
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
	if (strcmp(t[0], "dhcp-option") == 0)
		return dhcp(p, n, t, text, lg);
	if (strcmp(t[0], "dns") == 0)
		return lvpn_dns_parse_args(&p->dns, n, t, lg);
	if (strcmp(t[0], "client-nat") == 0)
		return client_nat(p, n, t, lg);
	return simple(p, n, t, lg);
}

int lvpn_netplan_parse_option(struct lvpn_netplan *p, const char *line, struct lvpn_log *lg)
{
	struct lvpn_optline ln;
	const char *why;

	if (lvpn_optlex_line(line, strlen(line), &ln, &why) != 0)
		BAD("%.60s: %s", line, why);
	return lvpn_netplan_parse_args(p, ln.argc, ln.argv, line, lg);
}

int lvpn_netplan_vpn_gateway(const struct lvpn_netplan *p, uint32_t *gw)
{
	if (p->have_route_gateway) {
		*gw = p->route_gateway;
		return 1;
	}
	if (p->have_ifconfig && !lvpn_netplan_has_netmask(p)) {
		*gw = p->remote_netmask;
		return 1;
	}
	return 0;
}

int lvpn_netplan_has_netmask(const struct lvpn_netplan *p)
{
	return p->tap || p->topology == LVPN_NC_TOPO_SUBNET;
}

const char *lvpn_netplan_dhcp_text(const struct lvpn_netplan *p, const struct lvpn_netplan_dhcp *d)
{
	return p->dhcp_text + d->text;
}

const char *lvpn_netplan_dhcp_value(const struct lvpn_netplan *p, const struct lvpn_netplan_dhcp *d)
{
	return p->dhcp_text + d->value;
}

/* One config line into the plan; other options are none of its business. */
static void config_line(struct lvpn_netplan *p, const char *line, struct lvpn_log *lg)
{
	int rc = lvpn_netplan_parse_option(p, line, lg);

	if (rc && rc != LVPN_ERR_UNSUPPORTED)
		LVPN_LOG(lg, LVPN_LOG_WARN, "option ignored: %s", line);
}

static void config_redirect(struct lvpn_netplan *p, unsigned f, struct lvpn_log *lg)
{
	static const struct {
		unsigned bit;
		const char *word;
	} flags[] = {
	    {LVPN_RG_LOCAL, " local"},
	    {LVPN_RG_AUTOLOCAL, " autolocal"},
	    {LVPN_RG_DEF1, " def1"},
	    {LVPN_RG_BYPASS_DHCP, " bypass-dhcp"},
	    {LVPN_RG_BYPASS_DNS, " bypass-dns"},
	    {LVPN_RG_BLOCK_LOCAL, " block-local"},
	    {LVPN_RG_IPV6, " ipv6"},
	    {LVPN_RG_NO_IPV4, " !ipv4"},
	};
	char line[200] = "redirect-gateway";

	if (!(f & LVPN_RG_ENABLE))
		return;
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (f & flags[i].bit)
			strncat(line, flags[i].word, sizeof(line) - strlen(line) - 1);
	config_line(p, line, lg);
}

void lvpn_netplan_from_options(struct lvpn_netplan *p, const struct lvpn_options *o,
                               struct lvpn_log *lg)
{
	static const char *const topo_name[] = {"net30", "p2p", "subnet"};
	char line[600];

	lvpn_netplan_init(p);
	p->tap = lvpn_options_tap(o);
	snprintf(line, sizeof(line), "topology %s", topo_name[o->topology % 3]);
	config_line(p, line, lg);
	if (o->ifconfig_local) {
		snprintf(line, sizeof(line), "ifconfig %s %s", o->ifconfig_local,
		         o->ifconfig_remote ? o->ifconfig_remote : "");
		config_line(p, line, lg);
	}
	if (o->ifconfig_ipv6_local) {
		snprintf(line, sizeof(line), "ifconfig-ipv6 %s %s", o->ifconfig_ipv6_local,
		         o->ifconfig_ipv6_remote ? o->ifconfig_ipv6_remote : "");
		config_line(p, line, lg);
	}
	if (o->route_gateway) {
		snprintf(line, sizeof(line), "route-gateway %s", o->route_gateway);
		config_line(p, line, lg);
	}
	if (o->route_metric > 0) {
		snprintf(line, sizeof(line), "route-metric %d", o->route_metric);
		config_line(p, line, lg);
	}
	if (o->block_ipv6)
		config_line(p, "block-ipv6", lg);
	config_redirect(p, o->redirect_gateway, lg);
	for (int i = 0; i < o->client_nat.n; i++) {
		snprintf(line, sizeof(line), "client-nat %s", o->client_nat.v[i]);
		config_line(p, line, lg);
	}
	for (int i = 0; i < o->routes.n; i++) {
		snprintf(line, sizeof(line), "route %s", o->routes.v[i]);
		config_line(p, line, lg);
	}
	for (int i = 0; i < o->routes_ipv6.n; i++) {
		snprintf(line, sizeof(line), "route-ipv6 %s", o->routes_ipv6.v[i]);
		config_line(p, line, lg);
	}
	for (int i = 0; i < o->dns.n; i++) {
		snprintf(line, sizeof(line), "dns %s", o->dns.v[i]);
		config_line(p, line, lg);
	}
}
