/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the server's setup: keys, address pools, the TUN device
 * with its addresses and routes, and the listening socket. */
#include "src/server_int.h"
#include "src/srv_hooks.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <netdb.h>

#include "crypto/keyfile.h"
#include "proto/config/config.h"
#include "src/fileio.h"

/* --- setup --- */

int srv_setup_addrs(struct server *sv)
{
	const struct lvpn_options *o = sv->o;
	struct lvpn_srvconf_in in = {
	    .server_net = o->server_net,
	    .server_mask = o->server_mask,
	    .nopool = o->server_flags && strstr(o->server_flags, "nopool") != NULL,
	    .server_ipv6 = o->server_ipv6,
	    .topology = o->topology == LVPN_TOPO_SUBNET ? LVPN_SRV_TOPO_SUBNET
	                : o->topology == LVPN_TOPO_P2P  ? LVPN_SRV_TOPO_P2P
	                                                : LVPN_SRV_TOPO_NET30,
	    .client_to_client = o->client_to_client,
	    .mode_server = o->mode_server,
	    .tap = lvpn_srvconf_is_tap(o->dev, o->dev_type),
	    .bridge = {o->server_bridge[0], o->server_bridge[1], o->server_bridge[2],
	               o->server_bridge[3]},
	    .bridge_dhcp = o->server_bridge_dhcp,
	    .bridge_nogw = o->server_bridge_nogw,
	    .ifconfig_given = o->ifconfig_local != NULL,
	    .ifconfig_local = o->ifconfig_local,
	    .ifconfig_netmask = o->ifconfig_remote,
	    .pool_start = o->ifconfig_pool_start,
	    .pool_end = o->ifconfig_pool_end,
	    .pool_mask = o->ifconfig_pool_mask,
	    .ifconfig_pool_given = o->ifconfig_pool_start != NULL,
	    .ifconfig_ipv6_pool_given = o->ifconfig_ipv6_pool != NULL,
	};
	struct lvpn_ippool_cfg pc = {
	    .duplicate_cn = o->duplicate_cn,
	    .persist_secs = o->ifconfig_pool_persist ? o->ifconfig_pool_persist_secs : 600};
	char err[256];

	if (lvpn_srvconf_expand(&in, &sv->sc, err, sizeof(err))) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "%s", err);
		return -1;
	}
	sv->tap = in.tap;
	srv_block6_setup(sv);
	if (srv_nat_setup(sv))
		return -1;
	pc.v4 = sv->sc.pool_defined;
	/* a tap's pool hands out single addresses, whatever the topology */
	pc.net30 = o->topology == LVPN_TOPO_NET30 && !sv->tap;
	pc.start = sv->sc.pool_start;
	pc.end = sv->sc.pool_end;
	pc.v6 = sv->sc.ipv6_pool_defined;
	memcpy(pc.v6_base, sv->sc.ipv6_pool_base, 16);
	pc.v6_netbits = sv->sc.ipv6_pool_netbits;
	if ((pc.v4 || pc.v6) && lvpn_ippool_new(&pc, sv->lg, &sv->pool)) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "cannot set up the address pool");
		return -1;
	}
	if (pc.v4 && sv->sc.has_v4 && lvpn_ippool_reserve4(sv->pool, sv->sc.ifconfig_local))
		LVPN_LOG(sv->lg, LVPN_LOG_WARN, "the server's address is outside the pool");
	srv_persist_load(sv);
	return 0;
}

/* Adds "NAME x y" (two IPv4 addresses, host order) to the plan. */
static int plan_pair(struct lvpn_netplan *plan, const char *name, uint32_t x, uint32_t y,
                     struct lvpn_log *lg)
{
	char line[100], a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];
	uint32_t v = htonl(x);

	inet_ntop(AF_INET, &v, a, sizeof(a));
	v = htonl(y);
	inet_ntop(AF_INET, &v, b, sizeof(b));
	snprintf(line, sizeof(line), "%s %s %s", name, a, b);
	return lvpn_netplan_parse_option(plan, line, lg);
}

int srv_setup_tun(struct server *sv)
{
	struct lvpn_netplan plan;
	struct lvpn_netcfg_sys sys;
	struct lvpn_netcfg_steps *st;
	char line[200], a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	int rc;

	/* data-threads 3 or more: a queue per worker (srv_tx.c) */
	if (lvpn_tun_open_ex(&sv->tun, sv->o->dev, sv->o->dev_type, sv->dp.off.tun,
	                     sv->o->data_threads > 2, sv->lg) != 0)
		return -1;
	sv->tun_open = 1;
	if (lvpn_tun_set_mtu(&sv->tun, sv->o->ce.tun_mtu > 0 ? sv->o->ce.tun_mtu : 1500) ||
	    lvpn_tun_set_up(&sv->tun, 1) || lvpn_nl_open(&sv->nl, sv->lg))
		return -1;
	sv->nl_open = 1;
	lvpn_netcfg_init(&sv->nc, &sv->nl, sv->lg);
	lvpn_netplan_init(&plan);
	/* a tap's ifconfig is an address and a netmask, as with subnet */
	snprintf(line, sizeof(line), "topology %s",
	         sv->o->topology == LVPN_TOPO_SUBNET || sv->tap ? "subnet"
	         : sv->o->topology == LVPN_TOPO_P2P             ? "p2p"
	                                                        : "net30");
	rc = lvpn_netplan_parse_option(&plan, line, sv->lg);
	if (rc == 0 && sv->sc.has_v4)
		rc = plan_pair(&plan, "ifconfig", sv->sc.ifconfig_local,
		               sv->sc.ifconfig_remote_netmask, sv->lg);
	if (rc == 0 && sv->sc.has_v4 && sv->sc.has_local_route)
		rc = plan_pair(&plan, "route", sv->sc.local_route_net, sv->sc.local_route_mask,
		               sv->lg);
	if (rc == 0 && sv->sc.has_v6) {
		inet_ntop(AF_INET6, sv->sc.ifconfig_ipv6_local, a, sizeof(a));
		inet_ntop(AF_INET6, sv->sc.ifconfig_ipv6_remote, b, sizeof(b));
		snprintf(line, sizeof(line), "ifconfig-ipv6 %s/%d %s", a,
		         sv->sc.ifconfig_ipv6_netbits, b);
		rc = lvpn_netplan_parse_option(&plan, line, sv->lg);
	}
	st = malloc(sizeof(*st));
	if (rc || !st) {
		free(st);
		return -1;
	}
	st->n = 0;
	rc = lvpn_netcfg_probe(&sv->nl, &plan, sv->tun.ifindex, &sys);
	if (rc == 0)
		rc = lvpn_netcfg_build_addrs(&plan, &sys, st, sv->lg);
	if (rc == 0)
		rc = lvpn_netcfg_build_routes(&plan, &sys, st, sv->lg);
	if (rc == 0)
		rc = lvpn_netcfg_apply(&sv->nc, st);
	free(st);
	if (rc == 0)
		LVPN_LOG(sv->lg, LVPN_LOG_INFO, "TUN/TAP device %s opened", sv->tun.name);
	return rc ? -1 : 0;
}

int srv_setup_socket(struct server *sv)
{
	const struct lvpn_conn *ce = &sv->o->ce;
	struct addrinfo hints = {.ai_flags = AI_PASSIVE}, *res = NULL;
	const char *port = ce->lport ? ce->lport : ce->port ? ce->port : "1194";
	int one = 1, fd, rc;

	sv->tcp = ce->proto != LVPN_PROTO_UDP;
	hints.ai_family = ce->af == LVPN_AF_INET6  ? AF_INET6
	                  : ce->af == LVPN_AF_INET ? AF_INET
	                  : ce->local              ? AF_UNSPEC
	                                           : AF_INET6;
	hints.ai_socktype = sv->tcp ? SOCK_STREAM : SOCK_DGRAM;
	rc = getaddrinfo(ce->local, port, &hints, &res);
	if (rc) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "cannot use local address %s port %s: %s",
		         ce->local ? ce->local : "(any)", port, gai_strerror(rc));
		return -1;
	}
	fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC, 0);
	if (fd >= 0) {
		int v6only = 0;

		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (res->ai_family == AF_INET6 && ce->af != LVPN_AF_INET6)
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof(v6only));
	}
	if (fd < 0 || bind(fd, res->ai_addr, res->ai_addrlen) || (sv->tcp && listen(fd, 64))) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "cannot bind to port %s: %s", port, strerror(errno));
		freeaddrinfo(res);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	freeaddrinfo(res);
	if (sv->tcp) {
		sv->lsock = fd;
		srv_ep_add(sv, fd, LISTEN_TAG);
		if (sv->o->port_share_host &&
		    lvpn_ps_open(&sv->ps, sv->o->port_share_host, sv->o->port_share_port,
		                 sv->o->port_share_dir, sv->epfd, PS_TAG, sv->lg))
			return -1;
	} else {
		sv->udp = fd;
		srv_ep_add(sv, fd, UDP_TAG);
	}
	LVPN_LOG(sv->lg, LVPN_LOG_INFO, "%s server listening on port %s", sv->tcp ? "TCP" : "UDP",
	         port);
	return 0;
}

int srv_setup_keys(struct server *sv)
{
	const struct lvpn_blob *b = &sv->o->ce.tls_crypt_v2;
	char err[512], *text = NULL;
	size_t len = 0;

	/* the tls-crypt-v2 server key is not a client key: read below */
	if (lvpn_engfiles_load(&sv->ef, sv->o, sv->lg, err, sizeof(err)) ||
	    lvpn_engfiles_conn(&sv->ef, sv->o, &sv->o->ce, err, sizeof(err))) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "%s", err);
		return -1;
	}
	/* each certificate of a client's chain: --tls-verify, --tls-export-cert
	 * (srv_hooks.c) */
	if (sv->o->tls_verify || sv->o->tls_export_cert) {
		if (lvpn_env_init(&sv->venv, SRV_ENV_CAP, SRV_ENV_ENTRY))
			return -1;
		sv->ef.conf.tls.verify = srv_hooks_tls_verify;
		sv->ef.conf.tls.verify_arg = sv;
	}
	if (lvpn_tls_ctx_new(&sv->ef.conf.tls, &sv->tls)) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "cannot set up TLS (see above)");
		return -1;
	}
	if (!b->data)
		return 0;
	if (lvpn_fileio_blob(b, "tls-crypt-v2", &text, &len, err, sizeof(err))) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "%s", err);
		return -1;
	}
	if (!text || lvpn_key_read_tcv2_server(text, len, sv->v2key) ||
	    lvpn_tcv2_server_init(&sv->v2, sv->v2key) ||
	    lvpn_wrap_init(&sv->scratch, LVPN_WRAP_CRYPT, sv->v2key, LVPN_KEY_DIR_NORMAL, NULL, 0,
	                   0)) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR,
		         "option 'tls-crypt-v2': not a tls-crypt-v2 server key");
		free(text);
		return -1;
	}
	lvpn_wipe(text, len);
	free(text);
	sv->have_v2 = 1;
	return 0;
}

/* Options this first server does not apply yet: said once, at start, so
 * that nobody believes they took effect. */
void srv_warn_unapplied(struct server *sv)
{
	const struct lvpn_options *o = sv->o;
	const struct {
		int set;
		const char *name;
	} opts[] = {
	    {o->chroot != NULL, "chroot"},
	    /* a TCP client's queue is its socket buffer (src/tcpout.h) */
	    {o->tcp_queue_limit != 64, "tcp-queue-limit"},
	};

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (opts[i].set)
			LVPN_LOG(sv->lg, LVPN_LOG_WARN,
			         "WARNING: option '%s' is not applied by the leanvpn server yet",
			         opts[i].name);
}

/* SIGHUP: the configuration again, from the same command line (read back
 * from /proc/self/cmdline: the arguments main() parsed).  On success the
 * new options replace *o; on failure *o is kept and -1 returned. */
int srv_reload_config(struct lvpn_options *o, struct lvpn_log *lg)
{
	const struct lvpn_config_ops *ops = lvpn_fileio_ops();
	struct lvpn_config_err cerr;
	struct lvpn_options n;
	char err[1200], *text = NULL, *argv[512];
	size_t len = 0;
	int argc = 0, rc;

	if (ops->read_file(ops->ctx, "/proc/self/cmdline", &text, &len, err, sizeof(err))) {
		LVPN_LOG(lg, LVPN_LOG_ERR, "SIGHUP: cannot read the command line: %s", err);
		return -1;
	}
	for (size_t i = 0; i < len && argc < 511; i += strlen(text + i) + 1)
		argv[argc++] = text + i;
	argv[argc] = NULL;
	memset(&cerr, 0, sizeof(cerr));
	if (lvpn_options_init(&n, ops, lg)) {
		free(text);
		return -1;
	}
	rc = lvpn_config_parse_argv(&n, argc, argv, &cerr);
	if (rc == 0)
		rc = lvpn_options_finish(&n, &cerr);
	free(text);
	if (rc) {
		if (rc == LVPN_ERR_CONFIG)
			lvpn_config_err_format(&cerr, err, sizeof(err));
		else
			snprintf(err, sizeof(err), "%s", lvpn_strerror(rc));
		LVPN_LOG(lg, LVPN_LOG_ERR, "SIGHUP: the configuration does not load: %s", err);
		lvpn_options_free(&n);
		return -1;
	}
	lvpn_options_free(o);
	*o = n;
	o->cur = &o->ce;
	LVPN_LOG(lg, LVPN_LOG_NOTE, "SIGHUP: configuration read again");
	return 0;
}
