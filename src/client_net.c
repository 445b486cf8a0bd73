/* leanvpn - the client's TUN device, addresses, routes and scripts. */
#include "src/client_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/push.h"
#include "src/script.h"

#define SCRIPT_TIMEOUT_MS 30000

void lvpn_cnet_init(struct lvpn_cnet *n, const struct lvpn_options *o, struct lvpn_log *lg)
{
	memset(n, 0, sizeof(*n));
	n->o = o;
	n->lg = lg;
	n->tun.fd = -1;
	n->tun_offload = 0; /* the client turns it on */
}

static const char *const topo_name[] = {"net30", "p2p", "subnet"};

/* One line into the plan; other options are none of our business here. */
static void plan_line(struct lvpn_cnet *n, const char *line)
{
	int rc = lvpn_netcfg_parse_option(&n->plan, line, n->lg);

	if (rc && rc != LVPN_ERR_UNSUPPORTED)
		LVPN_LOG(n->lg, LVPN_LOG_WARN, "option ignored: %s", line);
}

static void plan_redirect(struct lvpn_cnet *n, unsigned f)
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
	plan_line(n, line);
}

/* The plan: the config's lines first, then the server's (which override
 * ifconfig and topology and add routes), as OpenVPN merges them. */
static void build_plan(struct lvpn_cnet *n, struct lvpn_session *s)
{
	const struct lvpn_options *o = n->o;
	const struct lvpn_push_line *l;
	const struct lvpn_push *p;
	char line[600];
	int rc;

	lvpn_netcfg_plan_init(&n->plan);
	for (unsigned i = 0; i < n->n_foreign; i++)
		free(n->foreign[i]);
	n->n_foreign = 0;
	snprintf(line, sizeof(line), "topology %s", topo_name[o->topology % 3]);
	plan_line(n, line);
	if (o->ifconfig_local) {
		snprintf(line, sizeof(line), "ifconfig %s %s", o->ifconfig_local,
		         o->ifconfig_remote ? o->ifconfig_remote : "");
		plan_line(n, line);
	}
	if (o->ifconfig_ipv6_local) {
		snprintf(line, sizeof(line), "ifconfig-ipv6 %s %s", o->ifconfig_ipv6_local,
		         o->ifconfig_ipv6_remote ? o->ifconfig_ipv6_remote : "");
		plan_line(n, line);
	}
	if (o->route_gateway) {
		snprintf(line, sizeof(line), "route-gateway %s", o->route_gateway);
		plan_line(n, line);
	}
	if (o->route_metric > 0) {
		snprintf(line, sizeof(line), "route-metric %d", o->route_metric);
		plan_line(n, line);
	}
	plan_redirect(n, o->redirect_gateway);
	for (int i = 0; i < o->routes.n; i++) {
		snprintf(line, sizeof(line), "route %s", o->routes.v[i]);
		plan_line(n, line);
	}
	for (int i = 0; i < o->routes_ipv6.n; i++) {
		snprintf(line, sizeof(line), "route-ipv6 %s", o->routes_ipv6.v[i]);
		plan_line(n, line);
	}
	/* the engine has judged and split the pushed options already
	 * (pull-filter, the push permission, route-nopull): these are the
	 * accepted ones, in the server's order */
	p = lvpn_session_push(s);
	for (l = p ? lvpn_push_next(p, NULL) : NULL; l; l = lvpn_push_next(p, l)) {
		if (strcmp(l->argv[0], "dhcp-option") == 0 &&
		    n->n_foreign < LVPN_CNET_FOREIGN_MAX) {
			n->foreign[n->n_foreign] = strdup(l->text);
			n->n_foreign += n->foreign[n->n_foreign] != NULL;
		}
		rc = lvpn_netcfg_parse_args(&n->plan, l->argc, l->argv, n->lg);
		if (rc && rc != LVPN_ERR_UNSUPPORTED)
			LVPN_LOG(n->lg, LVPN_LOG_WARN, "option ignored: %s", l->text);
	}
	if (p && (p->have & LVPN_PUSH_TUN_MTU))
		(void)lvpn_push_tun_mtu(p->tun_mtu, o->ce.tun_max_mtu, &n->tun_mtu, n->lg);
}

static void set_server(struct lvpn_cnet *n, const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET) {
		n->plan.have_remote_host = 1;
		n->plan.remote_host = ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr);
	} else if (sa->sa_family == AF_INET6) {
		n->plan.have_remote_host6 = 1;
		memcpy(n->plan.remote_host6, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
	}
}

/* Runs script cmd of type (up, route-up, down) with OpenVPN's arguments and
 * environment.  Returns its exit status (0 when it is not configured). */
static int script(struct lvpn_cnet *n, const char *type, const char *cmd, const char *context)
{
	struct lvpn_script sc = {
	    .security = (enum lvpn_ssec)n->o->script_security,
	    .timeout_ms = SCRIPT_TIMEOUT_MS,
	    .lg = n->lg,
	};
	struct lvpn_env env;
	const char *args[6];
	char argbuf[512];
	int status = 0, rc;

	if (!cmd)
		return 0;
	if (lvpn_env_init(&env, 256, 1024))
		return -1;
	rc = lvpn_script_env_netcfg(&env, &n->plan, &n->sys, n->tun.name, n->tun_mtu, context,
	                            (const char *const *)n->foreign, n->n_foreign, n->lg);
	if (rc == 0)
		rc = lvpn_script_updown_args(&n->plan, n->tun.name, n->tun_mtu, context, argbuf,
		                             sizeof(argbuf), args);
	for (int i = 0; rc == 0 && i < n->o->setenv.n; i++) {
		char name[128];
		const char *v = strchr(n->o->setenv.v[i], ' ');

		snprintf(name, sizeof(name), "%.*s", v ? (int)(v - n->o->setenv.v[i]) : 0,
		         n->o->setenv.v[i]);
		if (v && name[0])
			rc = lvpn_env_set(&env, name, v + 1);
	}
	if (rc == 0)
		rc = lvpn_script_run(&sc, type, cmd, strcmp(type, "route-up") ? args : NULL,
		                     strcmp(type, "route-up") ? 6 : 0, &env, &status);
	lvpn_env_free(&env);
	if (rc)
		return -1;
	if (status)
		LVPN_LOG(n->lg, LVPN_LOG_WARN, "WARNING: %s script '%s' returned %d", type, cmd,
		         status);
	return status;
}

static int open_tun(struct lvpn_cnet *n)
{
	int rc;

	if (n->tun_open)
		return 0;
	rc = n->tun_offload ? lvpn_tun_open_offload(&n->tun, n->o->dev, n->o->dev_type, n->lg)
	                    : lvpn_tun_open(&n->tun, n->o->dev, n->o->dev_type, n->lg);
	if (rc)
		return rc;
	n->tun_open = 1;
	LVPN_LOG(n->lg, LVPN_LOG_INFO, "TUN/TAP device %s opened", n->tun.name);
	LVPN_LOG(n->lg, LVPN_LOG_INFO, "net_iface_mtu_set: mtu %d for %s", n->tun_mtu, n->tun.name);
	rc = lvpn_tun_set_mtu(&n->tun, n->tun_mtu);
	if (rc == 0) {
		LVPN_LOG(n->lg, LVPN_LOG_INFO, "net_iface_up: set %s up", n->tun.name);
		rc = lvpn_tun_set_up(&n->tun, 1);
	}
	return rc;
}

/* Route steps one at a time: as in OpenVPN, a route the kernel refuses
 * (typically "File exists": eduVPN pushes "route 0.0.0.0 0.0.0.0" next to
 * redirect-gateway def1 while a default route exists) is logged and left
 * out, not fatal; it is not in the undo log, so exit does not remove it. */
static int apply_routes(struct lvpn_cnet *n, const struct lvpn_netcfg_steps *st)
{
	struct lvpn_netcfg_steps *one = malloc(sizeof(*one));

	if (!one)
		return LVPN_ERR_NOMEM;
	for (unsigned i = 0; i < st->n; i++) {
		const struct lvpn_nl_route *r = &st->s[i].route;
		char dst[INET6_ADDRSTRLEN];

		one->n = 1;
		one->s[0] = st->s[i];
		if (lvpn_netcfg_apply(&n->nc, one) == 0)
			continue;
		if (!inet_ntop(r->family, r->dst, dst, sizeof(dst)))
			snprintf(dst, sizeof(dst), "?");
		if (n->nl.last_errno == EEXIST && st->s[i].op == LVPN_NC_ROUTE_ADD)
			LVPN_LOG(n->lg, LVPN_LOG_INFO,
			         "NOTE: route add %s/%u failed because the route exists", dst,
			         r->plen);
		else
			LVPN_LOG(n->lg, LVPN_LOG_WARN,
			         "ERROR: route %s %s/%u failed (%s); continuing without it",
			         st->s[i].op == LVPN_NC_ROUTE_DEL ? "delete" : "add", dst, r->plen,
			         strerror(n->nl.last_errno));
	}
	free(one);
	return 0;
}

int lvpn_cnet_up(struct lvpn_cnet *n, struct lvpn_session *s, const struct sockaddr *server,
                 int restart)
{
	const char *context = restart ? "restart" : "init";
	struct lvpn_netcfg_steps *st;
	int rc;

	n->tun_mtu = n->o->ce.tun_mtu > 0 ? n->o->ce.tun_mtu : 1500;
	build_plan(n, s);
	set_server(n, server);
	rc = open_tun(n);
	if (rc)
		return rc;
	if (!n->nl_open) {
		rc = lvpn_nl_open(&n->nl, n->lg);
		if (rc)
			return rc;
		n->nl_open = 1;
		lvpn_netcfg_init(&n->nc, &n->nl, n->lg);
	}
	st = malloc(sizeof(*st));
	if (!st)
		return LVPN_ERR_NOMEM;
	rc = lvpn_netcfg_probe(&n->nl, &n->plan, n->tun.ifindex, &n->sys);
	if (rc == 0 && !n->o->ifconfig_noexec) {
		st->n = 0;
		rc = lvpn_netcfg_build_addrs(&n->plan, &n->sys, st, n->lg);
		if (rc == 0)
			rc = lvpn_netcfg_apply(&n->nc, st);
	}
	n->up = 1; /* from here on, down runs the down script and undoes */
	if (rc == 0 && script(n, "up", n->o->up, context) != 0)
		rc = LVPN_ERR_IO;
	if (rc == 0 && !n->o->route_noexec) {
		st->n = 0;
		rc = lvpn_netcfg_build_routes(&n->plan, &n->sys, st, n->lg);
		if (rc == 0)
			rc = apply_routes(n, st);
	}
	free(st);
	if (rc == 0 && script(n, "route-up", n->o->route_up, context) < 0)
		rc = LVPN_ERR_IO;
	if (rc) {
		LVPN_LOG(n->lg, LVPN_LOG_ERR, "cannot configure %s: %s", n->tun.name,
		         lvpn_strerror(rc));
		lvpn_cnet_down(n, 0);
	}
	return rc;
}

void lvpn_cnet_down(struct lvpn_cnet *n, int keep_tun)
{
	if (n->up) {
		if (n->o->route_pre_down)
			script(n, "route-pre-down", n->o->route_pre_down, "init");
		if (!keep_tun)
			LVPN_LOG(n->lg, LVPN_LOG_INFO, "Closing TUN/TAP interface");
		if (n->nl_open && lvpn_netcfg_undo(&n->nc) != 0)
			LVPN_LOG(n->lg, LVPN_LOG_WARN,
			         "some routes or addresses could not be removed");
		script(n, "down", n->o->down, "init");
		n->up = 0;
	}
	if (n->nl_open && !keep_tun) {
		lvpn_nl_close(&n->nl);
		n->nl_open = 0;
	}
	if (n->tun_open && !keep_tun) {
		lvpn_tun_close(&n->tun);
		n->tun_open = 0;
	}
	if (!keep_tun) {
		for (unsigned i = 0; i < n->n_foreign; i++)
			free(n->foreign[i]);
		n->n_foreign = 0;
	}
}
