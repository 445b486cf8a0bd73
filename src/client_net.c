/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the client's TUN device, addresses, routes and scripts. */
#include "src/client_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/config/ifwarn.h"
#include "proto/config/push.h"
#include "src/linkdev.h"
#include "src/script.h"

#define SCRIPT_TIMEOUT_MS 30000

void lvpn_cnet_init(struct lvpn_cnet *n, const struct lvpn_options *o, struct lvpn_env *env,
                    struct lvpn_log *lg)
{
	memset(n, 0, sizeof(*n));
	n->o = o;
	n->env = env;
	n->lg = lg;
	n->tun.fd = -1;
	n->tun_offload = 0; /* the client turns it on */
	lvpn_netplan_from_options(&n->base, o, lg);
}

/* The plan: the engine has judged the pushed options (pull-filter, the
 * push permission, route-nopull) and applied the accepted network ones
 * onto the configured plan, in the server's order (proto/config/push.h). */
static void build_plan(struct lvpn_cnet *n, struct lvpn_session *s)
{
	const struct lvpn_push *p = lvpn_session_push(s);

	n->plan = p ? p->net : n->base;
	if (p && (p->have & LVPN_PUSH_TUN_MTU))
		(void)lvpn_push_tun_mtu(p->tun_mtu, n->o->ce.tun_max_mtu, &n->tun_mtu, n->lg);
	n->have_lladdr = n->o->have_lladdr;
	memcpy(n->lladdr, n->o->lladdr, 6);
	if (p && (p->have & LVPN_PUSH_LLADDR)) {
		/* 2.6 sets a pushed one when it opens the device (init.c) */
		if (!n->plan.tap)
			LVPN_LOG(n->lg, LVPN_LOG_WARN,
			         "pushed option 'lladdr' ignored: not a tap device");
		else if (lvpn_mac_parse(p->lladdr, n->lladdr) != 0)
			LVPN_LOG(n->lg, LVPN_LOG_WARN,
			         "pushed option 'lladdr %.40s' ignored: not a MAC address",
			         p->lladdr);
		else
			n->have_lladdr = 1;
	}
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

int lvpn_cnet_script(struct lvpn_cnet *n, const char *type, const char *cmd,
                     const char *const *args, unsigned n_args)
{
	struct lvpn_script sc = {
	    .security = (enum lvpn_ssec)n->o->script_security,
	    .timeout_ms = SCRIPT_TIMEOUT_MS,
	    .lg = n->lg,
	};
	int status = 0;

	if (!cmd)
		return 0;
	if (lvpn_script_run(&sc, type, cmd, args, n_args, n->env, &status))
		return -1;
	if (status)
		LVPN_LOG(n->lg, LVPN_LOG_WARN, "WARNING: %s script '%s' returned %d", type, cmd,
		         status);
	return status;
}

/* Runs up, down or route-pre-down with OpenVPN's arguments: dev tun_mtu 0
 * ifconfig_local ifconfig_remote|netmask (of plan p) context. */
static int updown(struct lvpn_cnet *n, const struct lvpn_netplan *p, const char *type,
                  const char *cmd, const char *context)
{
	const char *args[6];
	char argbuf[512];

	if (!cmd)
		return 0;
	if (lvpn_env_set(n->env, "script_context", context) ||
	    lvpn_script_updown_args(p, n->tun.name, n->tun_mtu, context, argbuf, sizeof(argbuf),
	                            args))
		return -1;
	return lvpn_cnet_script(n, type, cmd, args, 6);
}

/* The device's variables (and, for a new setup, the routes'): OpenVPN
 * sets them as it opens the device; pushed dhcp-options as it reads the
 * PUSH_REPLY. */
static int setenv_up(struct lvpn_cnet *n, const struct lvpn_netplan *p, int routes)
{
	int rc = lvpn_script_env_tun(n->env, p, n->tun.name, n->tun_mtu, "init");

	if (rc == 0 && routes)
		rc = lvpn_script_env_routes(n->env, p, &n->sys, n->lg);
	return rc ? rc : lvpn_script_env_dns(n->env, &n->plan);
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
	if (n->tun.null) {
		LVPN_LOG(n->lg, LVPN_LOG_INFO, "null device: no TUN/TAP device opened");
		return 0;
	}
	LVPN_LOG(n->lg, LVPN_LOG_INFO, "TUN/TAP device %s opened", n->tun.name);
	if (n->have_lladdr) {
		const uint8_t *m = n->lladdr;

		LVPN_LOG(n->lg, LVPN_LOG_INFO,
		         "TUN/TAP link address of %s: %02x:%02x:%02x:%02x:%02x:%02x", n->tun.name,
		         m[0], m[1], m[2], m[3], m[4], m[5]);
		rc = lvpn_tun_set_lladdr(&n->tun, m);
		if (rc)
			return rc;
	}
	lvpn_linkdev_tun(n->tun.name, n->o, n->lg);
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

/* "signal" for the down scripts: why the tunnel goes down. */
static void set_signal(struct lvpn_cnet *n, const char *dflt)
{
	if (lvpn_env_set(n->env, "signal", n->signal[0] ? n->signal : dflt))
		LVPN_LOG(n->lg, LVPN_LOG_WARN, "the scripts' environment is full");
}

/* Everything down: route-pre-down, routes and addresses undone, down,
 * the device closed (OpenVPN's do_close_tun); the scripts' arguments are
 * those of plan p. */
static void teardown(struct lvpn_cnet *n, const struct lvpn_netplan *p)
{
	if (n->up || n->preserved) {
		set_signal(n, "sigterm");
		lvpn_resolved_down(&n->dns, n->lg);
		updown(n, p, "route-pre-down", n->o->route_pre_down, "init");
		LVPN_LOG(n->lg, LVPN_LOG_INFO, "Closing TUN/TAP interface");
		if (n->nl_open && lvpn_netcfg_undo(&n->nc) != 0)
			LVPN_LOG(n->lg, LVPN_LOG_WARN,
			         "some routes or addresses could not be removed");
		updown(n, p, "down", n->o->down, "init");
		n->up = n->preserved = 0;
	}
	if (n->nl_open) {
		lvpn_nl_close(&n->nl);
		n->nl_open = 0;
	}
	if (n->tun_open) {
		lvpn_tun_close(&n->tun);
		n->tun_open = 0;
	}
}

/* After a persist-tun restart, as OpenVPN's do_up: the kept device's
 * variables, and up with "restart" under up-restart; then, if the server
 * pushed other settings, everything is undone (route-pre-down and down
 * with "init"; no signal behind it) to be set up anew.  Returns 1 when the
 * device stays as it is, 0 when it must be set up, -1 when up failed. */
static int keep_preserved(struct lvpn_cnet *n, const struct lvpn_netplan *prev, int prev_mtu)
{
	if (!n->preserved)
		return 0;
	LVPN_LOG(n->lg, LVPN_LOG_INFO, "Preserving previous TUN/TAP instance: %s", n->tun.name);
	n->preserved = 0;
	n->up = 1;
	if (setenv_up(n, prev, 0) != 0 ||
	    (n->o->up_restart && updown(n, prev, "up", n->o->up, "restart") != 0))
		return -1;
	if (memcmp(prev, &n->plan, sizeof(*prev)) == 0 && prev_mtu == n->tun_mtu)
		return 1;
	LVPN_LOG(n->lg, LVPN_LOG_INFO,
	         "NOTE: Pulled options changed on restart, will need to close and reopen "
	         "TUN/TAP device.");
	snprintf(n->signal, sizeof(n->signal), "UNKNOWN");
	teardown(n, prev); /* down's arguments are the old device's */
	return 0;
}

/* 2.6 checks the ifconfig pair each time it sets the device up (pushed
 * addresses too), unless ifconfig-nowarn */
static void ifconfig_sanity(struct lvpn_cnet *n, const struct lvpn_session *s)
{
	const struct lvpn_push *p = lvpn_session_push(s);
	char w[320];

	if (n->o->ifconfig_nowarn)
		return;
	for (unsigned i = 0; p && i < p->n; i++)
		if (strcmp(p->line[i].argv[0], "ifconfig-nowarn") == 0)
			return;
	if (lvpn_ifconfig_warning(&n->plan, w, sizeof(w)))
		LVPN_LOG(n->lg, LVPN_LOG_WARN, "%s", w);
}

int lvpn_cnet_up(struct lvpn_cnet *n, struct lvpn_session *s, const struct sockaddr *server)
{
	struct lvpn_netcfg_steps *st;
	struct lvpn_netplan *prev = malloc(sizeof(*prev));
	int prev_mtu = n->setup_mtu;
	int rc, kept;

	if (!prev)
		return LVPN_ERR_NOMEM;
	*prev = n->plan;
	n->tun_mtu = n->o->ce.tun_mtu > 0 ? n->o->ce.tun_mtu : 1500;
	build_plan(n, s);
	set_server(n, server);
	ifconfig_sanity(n, s);
	n->setup_mtu = n->tun_mtu;
	kept = keep_preserved(n, prev, prev_mtu);
	free(prev);
	if (kept) {
		rc = kept < 0 ? LVPN_ERR_IO : 0;
		goto out;
	}
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
	/* dev null: no device, so no addresses, routes or DNS (as OpenVPN) */
	rc = n->tun.null ? 0 : lvpn_netcfg_probe(&n->nl, &n->plan, n->tun.ifindex, &n->sys);
	if (rc == 0 && !n->o->ifconfig_noexec && !n->tun.null) {
		st->n = 0;
		rc = lvpn_netcfg_build_addrs(&n->plan, &n->sys, st, n->lg);
		if (rc == 0)
			rc = lvpn_netcfg_apply(&n->nc, st);
	}
	n->up = 1; /* from here on, down runs the down script and undoes */
	if (rc == 0)
		rc = setenv_up(n, &n->plan, 1);
	if (rc == 0 && !n->tun.null)
		(void)lvpn_resolved_up(&n->dns, n->o, &n->plan, n->tun.name, n->lg);
	if (rc == 0 && updown(n, &n->plan, "up", n->o->up, "init") != 0)
		rc = LVPN_ERR_IO;
	if (rc == 0 && n->tun.null && n->plan.n_routes + n->plan.n_routes6 > 0)
		LVPN_LOG(n->lg, LVPN_LOG_WARN,
		         "WARNING: routes not added: 'dev null' has no device to route to");
	if (rc == 0 && !n->o->route_noexec && !n->tun.null) {
		st->n = 0;
		rc = lvpn_netcfg_build_routes(&n->plan, &n->sys, st, n->lg);
		if (rc == 0)
			rc = apply_routes(n, st);
		/* OpenVPN: 1 when redirect-gateway redirected IPv4 */
		if (rc == 0)
			rc = lvpn_env_set(n->env, "redirect_gateway",
			                  n->plan.rg_flags & LVPN_NC_RG_REROUTE_GW ? "1" : "0");
	}
	free(st);
	if (rc == 0 && lvpn_cnet_script(n, "route-up", n->o->route_up, NULL, 0) < 0)
		rc = LVPN_ERR_IO;
out:
	if (rc) {
		LVPN_LOG(n->lg, LVPN_LOG_ERR, "cannot configure %s: %s", n->tun.name,
		         lvpn_strerror(rc));
		lvpn_cnet_down(n, 0);
	}
	return rc;
}

void lvpn_cnet_down(struct lvpn_cnet *n, int keep_tun)
{
	if (keep_tun && (n->up || n->preserved)) {
		if (n->up && n->o->up_restart) {
			set_signal(n, "sigusr1");
			updown(n, &n->plan, "down", n->o->down, "restart");
		}
		n->up = 0;
		n->preserved = 1;
		return;
	}
	teardown(n, &n->plan);
}
