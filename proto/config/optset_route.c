/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - option handlers: routes, redirect-gateway, DHCP/DNS options
 * and pull filters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/config/dnsopt.h"
#include "proto/clinat.h"
#include "proto/config/optset.h"

#define FLAG(fn, field)                                                                            \
	static int fn(struct optarg *a)                                                            \
	{                                                                                          \
		a->o->field = 1;                                                                   \
		return 0;                                                                          \
	}

FLAG(h_route_nopull, route_nopull)
FLAG(h_route_noexec, route_noexec)
FLAG(h_block_ipv6, block_ipv6)

static int is_gw_keyword(const char *s)
{
	return !strcmp(s, "vpn_gateway") || !strcmp(s, "net_gateway") ||
	       !strcmp(s, "remote_host") || !strcmp(s, "default");
}

/* client-nat snat|dnat NETWORK NETMASK ALIAS (proto/clinat.h). */
static int h_client_nat(struct optarg *a)
{
	struct lvpn_clinat t = {0};

	if (lvpn_clinat_add(&t, (const char *const *)a->argv + 1) != 0)
		return lvpn_optarg_fail(a, "expected snat|dnat and three IPv4 addresses");
	return lvpn_strlist_add(a->o, &a->o->client_nat, lvpn_opt_join(a->o, a->argc, a->argv, 1));
}

static int h_route(struct optarg *a)
{
	int metric;

	if (!lvpn_is_ipv4(a->argv[1], NULL) && !is_gw_keyword(a->argv[1]) &&
	    !lvpn_is_hostname(a->argv[1]))
		return lvpn_optarg_fail(a, "'%s' is not a network address", a->argv[1]);
	if (a->argc > 2 && strcmp(a->argv[2], "default") != 0 && !lvpn_is_netmask(a->argv[2], NULL))
		return lvpn_optarg_fail(a, "'%s' is not an IPv4 netmask", a->argv[2]);
	if (a->argc > 3 && !is_gw_keyword(a->argv[3]) && !lvpn_is_ipv4(a->argv[3], NULL))
		return lvpn_optarg_fail(a, "'%s' is not a gateway address", a->argv[3]);
	if (a->argc > 4 && strcmp(a->argv[4], "default") != 0 &&
	    lvpn_optarg_int(a, 4, 0, 0x7fffffff, &metric) != 0)
		return LVPN_ERR_CONFIG;
	return lvpn_strlist_add(a->o, &a->o->routes, lvpn_opt_join(a->o, a->argc, a->argv, 1));
}

static int h_route_ipv6(struct optarg *a)
{
	int rc = lvpn_optarg_ipv6(a, 1, 0, 0, 128), metric;

	if (rc != 0)
		return rc;
	if (a->argc > 2 && strcmp(a->argv[2], "net_gateway_ipv6") != 0 &&
	    strcmp(a->argv[2], "default") != 0 && (rc = lvpn_optarg_ipv6(a, 2, 0, 0, 128)) != 0)
		return rc;
	if (a->argc > 3 && strcmp(a->argv[3], "default") != 0 &&
	    lvpn_optarg_int(a, 3, 0, 0x7fffffff, &metric) != 0)
		return LVPN_ERR_CONFIG;
	return lvpn_strlist_add(a->o, &a->o->routes_ipv6, lvpn_opt_join(a->o, a->argc, a->argv, 1));
}

static int h_route_gateway(struct optarg *a)
{
	if (strcmp(a->argv[1], "dhcp") != 0 && lvpn_optarg_ipv4(a, 1) != 0)
		return LVPN_ERR_CONFIG;
	return lvpn_optarg_str(a, 1, &a->o->route_gateway);
}

static int h_route_ipv6_gateway(struct optarg *a)
{
	if (lvpn_optarg_ipv6(a, 1, 0, 0, 128) != 0)
		return LVPN_ERR_CONFIG;
	return lvpn_optarg_str(a, 1, &a->o->route_ipv6_gateway);
}

static int h_route_metric(struct optarg *a)
{
	return lvpn_optarg_int(a, 1, 0, 255, &a->o->route_metric);
}

static int h_route_delay(struct optarg *a)
{
	int rc = 0;

	a->o->route_delay_set = 1;
	a->o->route_delay = 0;
	a->o->route_delay_window = 30;
	if (a->argc > 1)
		rc = lvpn_optarg_int(a, 1, 0, 100000, &a->o->route_delay);
	if (rc == 0 && a->argc > 2)
		rc = lvpn_optarg_int(a, 2, 0, 100000, &a->o->route_delay_window);
	return rc;
}

static int h_redirect(struct optarg *a)
{
	static const char *const flags[] = {
	    "",           "local",       "autolocal", "def1",  "bypass-dhcp",
	    "bypass-dns", "block-local", "ipv6",      "!ipv4", NULL};
	unsigned f = a->o->redirect_gateway & LVPN_RG_ENABLE;
	int k;

	if (strcmp(a->argv[0], "redirect-gateway") == 0)
		f = LVPN_RG_ENABLE;
	for (int i = 1; i < a->argc; i++) {
		if (lvpn_optarg_enum(a, i, flags, &k) != 0)
			return LVPN_ERR_CONFIG;
		f |= 1u << k;
	}
	a->o->redirect_gateway = f;
	a->o->redirect_gateway_set = 1;
	return 0;
}

static int h_dhcp_option(struct optarg *a)
{
	return lvpn_strlist_add(a->o, &a->o->dhcp_options,
	                        lvpn_opt_join(a->o, a->argc, a->argv, 1));
}

static void keep_line(void *ctx, int level, const char *line)
{
	(void)level;
	snprintf(ctx, 200, "%s", line);
}

/* Each line is checked alone here (its syntax, names and addresses); the
 * plan (proto/config/netplan.h) reads them all together. */
static int h_dns(struct optarg *a)
{
	static const char *const kinds[] = {"server", "search-domains", NULL};
	char why[200] = "bad value";
	struct lvpn_log lg = {.verb = LVPN_LOG_ERR, .emit = keep_line, .ctx = why};
	struct lvpn_dns *one;
	int k, rc;

	if (lvpn_optarg_enum(a, 1, kinds, &k) != 0)
		return LVPN_ERR_CONFIG;
	if (k == 0 && a->argc < 5)
		return lvpn_optarg_fail(a, "'dns server' needs a priority, a keyword and a value");
	one = malloc(sizeof(*one));
	if (!one)
		return LVPN_ERR_NOMEM;
	lvpn_dns_init(one);
	rc = lvpn_dns_parse_args(one, a->argc, a->argv, &lg);
	free(one);
	if (rc)
		return lvpn_optarg_fail(a, "%s", why);
	return lvpn_strlist_add(a->o, &a->o->dns, lvpn_opt_join(a->o, a->argc, a->argv, 1));
}

/* OpenVPN 2.7's --dns-updown: "disable" (no DNS setup by leanvpn) or
 * "force" (also with an --up script); a command is not supported. */
static int h_dns_updown(struct optarg *a)
{
	static const char *const kinds[] = {"disable", "force", NULL};
	int k;

	if (lvpn_optarg_enum(a, 1, kinds, &k) != 0)
		return LVPN_ERR_CONFIG;
	a->o->dns_updown = k == 0 ? LVPN_DNS_UPDOWN_DISABLE : LVPN_DNS_UPDOWN_FORCE;
	return 0;
}

static int h_pull_filter(struct optarg *a)
{
	static const char *const kinds[] = {"accept", "ignore", "reject", NULL};
	struct lvpn_options *o = a->o;
	struct lvpn_pull_filter *n;
	int k;

	if (lvpn_optarg_enum(a, 1, kinds, &k) != 0)
		return LVPN_ERR_CONFIG;
	n = realloc(o->pull_filters, (size_t)(o->npull_filters + 1) * sizeof(*n));
	if (!n)
		return LVPN_ERR_NOMEM;
	o->pull_filters = n;
	n[o->npull_filters].action = k;
	if ((n[o->npull_filters].text = lvpn_opt_strdup(o, a->argv[2])) == NULL)
		return LVPN_ERR_NOMEM;
	o->npull_filters++;
	return 0;
}

const struct opt_handler_ent lvpn_optset_route[] = {
    {"block-ipv6", h_block_ipv6},
    {"client-nat", h_client_nat},
    {"dhcp-option", h_dhcp_option},
    {"dns", h_dns},
    {"dns-updown", h_dns_updown},
    {"pull-filter", h_pull_filter},
    {"redirect-gateway", h_redirect},
    {"redirect-private", h_redirect},
    {"route", h_route},
    {"route-delay", h_route_delay},
    {"route-gateway", h_route_gateway},
    {"route-ipv6", h_route_ipv6},
    {"route-ipv6-gateway", h_route_ipv6_gateway},
    {"route-metric", h_route_metric},
    {"route-noexec", h_route_noexec},
    {"route-nopull", h_route_nopull},
    {NULL, NULL},
};
