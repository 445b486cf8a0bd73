/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - option handlers: connections, sockets, device, timers,
 * and the parser's own options (config, connection, setenv,
 * ignore-unknown-option). */
#include <stdlib.h>
#include <string.h>

#include "proto/config/opttab.h"
#include "proto/config/optset.h"
#include "proto/shaper.h"

#define FLAG(fn, field)                                                                            \
	static int fn(struct optarg *a)                                                            \
	{                                                                                          \
		a->o->field = 1;                                                                   \
		return 0;                                                                          \
	}

FLAG(h_remote_random, remote_random)
FLAG(h_remote_random_hostname, remote_random_hostname)
FLAG(h_tcp_nodelay, tcp_nodelay)
FLAG(h_ifconfig_noexec, ifconfig_noexec)
FLAG(h_ifconfig_nowarn, ifconfig_nowarn)
FLAG(h_passtos, passtos)
FLAG(h_persist_key, persist_key)
FLAG(h_persist_tun, persist_tun)
FLAG(h_ping_timer_rem, ping_timer_rem)
FLAG(h_persist_remote_ip, persist_remote_ip)
FLAG(h_persist_local_ip, persist_local_ip)

static const char *const protos[] = {
    "udp",         "udp4",        "udp6",       "tcp",         "tcp4",        "tcp6", "tcp-client",
    "tcp4-client", "tcp6-client", "tcp-server", "tcp4-server", "tcp6-server", NULL,
};

static int parse_proto(struct optarg *a, int i, int *proto, int *af)
{
	static const int p[] = {
	    LVPN_PROTO_UDP,        LVPN_PROTO_UDP,        LVPN_PROTO_UDP,
	    LVPN_PROTO_TCP,        LVPN_PROTO_TCP,        LVPN_PROTO_TCP,
	    LVPN_PROTO_TCP_CLIENT, LVPN_PROTO_TCP_CLIENT, LVPN_PROTO_TCP_CLIENT,
	    LVPN_PROTO_TCP_SERVER, LVPN_PROTO_TCP_SERVER, LVPN_PROTO_TCP_SERVER};
	int k, rc = lvpn_optarg_enum(a, i, protos, &k);

	if (rc != 0)
		return rc;
	*proto = p[k];
	*af = k % 3 == 0 ? LVPN_AF_ANY : k % 3 == 1 ? LVPN_AF_INET : LVPN_AF_INET6;
	return 0;
}

static int h_connection(struct optarg *a)
{
	struct lvpn_options *o = a->o;
	struct lvpn_conn c = o->ce, *n;
	int rc;

	if (!a->is_inline)
		return lvpn_optarg_fail(a, "must be an inline <connection> block");
	c.remote = NULL;
	c.remote_port = NULL;
	o->cur = &c;
	rc = lvpn_config_parse_text(o, a->argv[1], strlen(a->argv[1]), a->loc->file, a->loc->line,
	                            LVPN_WHERE_CONN, o->depth, a->err);
	o->cur = &o->ce;
	if (rc != 0)
		return rc;
	if (!c.remote)
		return lvpn_optarg_fail(a, "each <connection> block needs exactly one 'remote'");
	n = realloc(o->conns, (size_t)(o->nconns + 1) * sizeof(*n));
	if (!n)
		return LVPN_ERR_NOMEM;
	o->conns = n;
	o->conns[o->nconns++] = c;
	o->conns_from_blocks = 1;
	return 0;
}

static int h_remote(struct optarg *a)
{
	struct lvpn_options *o = a->o;
	struct lvpn_remote_entry r = {NULL, NULL, -1, LVPN_AF_ANY, *a->loc};
	struct lvpn_remote_entry *n;
	int rc;

	if (!lvpn_is_hostname(a->argv[1]))
		return lvpn_optarg_fail(a, "'%s' is not a host name or address", a->argv[1]);
	if ((rc = lvpn_optarg_str(a, 1, &r.host)) != 0)
		return rc;
	if (a->argc > 2 && (rc = lvpn_optarg_port(a, 2, 0, &r.port)) != 0)
		return rc;
	if (a->argc > 3 && (rc = parse_proto(a, 3, &r.proto, &r.af)) != 0)
		return rc;
	if (a->where == LVPN_WHERE_CONN) {
		if (a->ce->remote)
			return lvpn_optarg_fail(a, "a <connection> block holds only one 'remote'");
		a->ce->remote = r.host;
		a->ce->remote_port = r.port;
		if (r.proto >= 0) {
			a->ce->proto = r.proto;
			a->ce->af = r.af;
		}
		a->ce->remote_loc = *a->loc;
		return 0;
	}
	n = realloc(o->remotes, (size_t)(o->nremotes + 1) * sizeof(*n));
	if (!n)
		return LVPN_ERR_NOMEM;
	o->remotes = n;
	o->remotes[o->nremotes++] = r;
	return 0;
}

static int h_proto(struct optarg *a)
{
	return parse_proto(a, 1, &a->ce->proto, &a->ce->af);
}

static int h_proto_force(struct optarg *a)
{
	int af;

	return parse_proto(a, 1, &a->o->proto_force, &af);
}

static int h_port(struct optarg *a)
{
	int rc = lvpn_optarg_port(a, 1, 0, &a->ce->port);

	if (rc == 0 && strcmp(a->argv[0], "port") == 0)
		a->ce->lport = a->ce->port;
	return rc;
}

static int h_lport(struct optarg *a)
{
	int rc = lvpn_optarg_port(a, 1, 1, &a->ce->lport);

	if (rc == 0)
		a->ce->bind = 1;
	return rc;
}

static int h_local(struct optarg *a)
{
	if (!lvpn_is_hostname(a->argv[1]))
		return lvpn_optarg_fail(a, "'%s' is not a host name or address", a->argv[1]);
	a->ce->bind = 1;
	return lvpn_optarg_str(a, 1, &a->ce->local);
}

static int h_bind(struct optarg *a)
{
	if (a->argc > 1 && strcmp(a->argv[1], "ipv6only") != 0)
		return lvpn_optarg_fail(a, "'%s' is not 'ipv6only'", a->argv[1]);
	a->ce->bind = 1;
	return 0;
}

static int h_nobind(struct optarg *a)
{
	a->ce->bind = 0;
	return 0;
}

static int h_float(struct optarg *a)
{
	a->ce->float_ = 1;
	return 0;
}

static int h_connect_retry(struct optarg *a)
{
	int rc = lvpn_optarg_int(a, 1, 0, 1000000, &a->ce->connect_retry);

	if (rc == 0 && a->argc > 2)
		rc = lvpn_optarg_int(a, 2, 0, 1000000, &a->ce->connect_retry_max_backoff);
	return rc;
}

static int h_connect_retry_max(struct optarg *a)
{
	return lvpn_optarg_int(a, 1, 0, 1000000, &a->o->connect_retry_max);
}

static int h_connect_timeout(struct optarg *a)
{
	return lvpn_optarg_int(a, 1, 0, 1000000, &a->ce->connect_timeout);
}

static int h_explicit_exit_notify(struct optarg *a)
{
	a->ce->explicit_exit_notify = 1;
	if (a->argc > 1)
		return lvpn_optarg_int(a, 1, 0, 1000, &a->ce->explicit_exit_notify);
	return 0;
}

static int h_tun_mtu(struct optarg *a)
{
	int occ;
	int rc = lvpn_optarg_int(a, 1, 100, 65536, &a->ce->tun_mtu);

	if (rc == 0 && a->argc > 2)
		rc = lvpn_optarg_int(a, 2, 0, 65536, &occ);
	return rc;
}

static int h_tun_mtu_extra(struct optarg *a)
{
	a->ce->tun_mtu_extra_set = 1;
	return lvpn_optarg_int(a, 1, 0, 65536, &a->ce->tun_mtu_extra);
}

static int h_tun_mtu_max(struct optarg *a)
{
	return lvpn_optarg_int(a, 1, 100, 65536, &a->ce->tun_max_mtu);
}

static int h_link_mtu(struct optarg *a)
{
	return lvpn_optarg_int(a, 1, 100, 65536, &a->ce->link_mtu);
}

static int h_mssfix(struct optarg *a)
{
	static const char *const kinds[] = {"mtu", "fixed", NULL};
	int k, rc;

	a->ce->mssfix = 1492;
	a->ce->mssfix_mtu = 1;
	a->ce->mssfix_fixed = 0;
	if (a->argc < 2)
		return 0;
	rc = lvpn_optarg_int(a, 1, 0, 65535, &a->ce->mssfix);
	a->ce->mssfix_given = 1;
	a->ce->mssfix_mtu = 0;
	if (rc == 0 && a->argc > 2 && (rc = lvpn_optarg_enum(a, 2, kinds, &k)) == 0) {
		a->ce->mssfix_mtu = k == 0;
		a->ce->mssfix_fixed = k == 1;
	}
	return rc;
}

/* --max-packet-size N: control packets of at most N bytes (154..2048, as
 * 2.6 clamps it, with a note), and `mssfix N mtu`. */
static int h_max_packet_size(struct optarg *a)
{
	int n, rc = lvpn_optarg_int(a, 1, 1, 65535, &n);

	if (rc)
		return rc;
	a->ce->tls_mtu = n < 154 ? 154 : n > 2048 ? 2048 : n;
	if (a->ce->tls_mtu != n)
		LVPN_LOG(a->o->log, LVPN_LOG_WARN,
		         "Note: max-packet-size value outside of allowed control channel packet "
		         "size (154 to 2048), will use %d instead.",
		         a->ce->tls_mtu);
	a->ce->mssfix = n;
	a->ce->mssfix_given = 1;
	a->ce->mssfix_mtu = 1;
	a->ce->mssfix_fixed = 0;
	return 0;
}

/* --fragment N [mtu]: N at least 68, as 2.6 (options.c) wants it. */
static int h_fragment(struct optarg *a)
{
	static const char *const kinds[] = {"mtu", NULL};
	int k, rc = lvpn_optarg_int(a, 1, 68, 65535, &a->ce->fragment);

	a->ce->fragment_mtu = 0;
	if (rc == 0 && a->argc > 2 && (rc = lvpn_optarg_enum(a, 2, kinds, &k)) == 0)
		a->ce->fragment_mtu = 1;
	return rc;
}

static int h_key_direction(struct optarg *a)
{
	static const char *const dirs[] = {"0", "1", NULL};

	return lvpn_optarg_enum(a, 1, dirs, &a->ce->key_direction);
}

static int h_resolv_retry(struct optarg *a)
{
	if (strcmp(a->argv[1], "infinite") == 0) {
		a->o->resolv_retry = -1;
		return 0;
	}
	return lvpn_optarg_int(a, 1, 0, 100000000, &a->o->resolv_retry);
}

static int h_sockbuf(struct optarg *a)
{
	return lvpn_optarg_int(a, 1, 0, 1 << 30,
	                       a->argv[0][0] == 's' ? &a->o->sndbuf : &a->o->rcvbuf);
}

static int h_mark(struct optarg *a)
{
	return lvpn_optarg_int(a, 1, 0, 0x7fffffff, &a->o->mark);
}

/* socket-flags: only TCP_NODELAY exists in OpenVPN 2.6 */
static int h_socket_flags(struct optarg *a)
{
	static const char *const flags[] = {"TCP_NODELAY", NULL};
	int k;

	for (int i = 1; i < a->argc; i++)
		if (lvpn_optarg_enum(a, i, flags, &k) != 0)
			return LVPN_ERR_CONFIG;
	if (a->argc > 1)
		a->o->tcp_nodelay = 1;
	return 0;
}

static int h_bind_dev(struct optarg *a)
{
	return lvpn_optarg_str(a, 1, &a->o->bind_dev);
}

static int h_mtu_disc(struct optarg *a)
{
	static const char *const how[] = {"no", "maybe", "yes", NULL};
	int k;

	if (lvpn_optarg_enum(a, 1, how, &k) != 0)
		return LVPN_ERR_CONFIG;
	a->ce->mtu_disc = LVPN_MTUDISC_NO + k;
	return 0;
}

static int h_dev(struct optarg *a)
{
	return lvpn_optarg_str(a, 1, &a->o->dev);
}

static int h_dev_type(struct optarg *a)
{
	static const char *const types[] = {"tun", "tap", "null", NULL};
	int k;

	if (lvpn_optarg_enum(a, 1, types, &k) != 0)
		return LVPN_ERR_CONFIG;
	return lvpn_optarg_str(a, 1, &a->o->dev_type);
}

static int h_lladdr(struct optarg *a)
{
	if (lvpn_mac_parse(a->argv[1], a->o->lladdr) != 0)
		return lvpn_optarg_fail(a, "'%s' is not a MAC address (aa:bb:cc:dd:ee:ff)",
		                        a->argv[1]);
	a->o->have_lladdr = 1;
	return 0;
}

static int h_dev_node(struct optarg *a)
{
	return lvpn_optarg_str(a, 1, &a->o->dev_node);
}

static int h_topology(struct optarg *a)
{
	static const char *const t[] = {"net30", "p2p", "subnet", NULL};

	return lvpn_optarg_enum(a, 1, t, &a->o->topology);
}

static int h_ifconfig(struct optarg *a)
{
	int rc;

	if ((rc = lvpn_optarg_ipv4(a, 1)) != 0 || (rc = lvpn_optarg_ipv4(a, 2)) != 0)
		return rc;
	if ((rc = lvpn_optarg_str(a, 1, &a->o->ifconfig_local)) != 0)
		return rc;
	return lvpn_optarg_str(a, 2, &a->o->ifconfig_remote);
}

static int h_ifconfig_ipv6(struct optarg *a)
{
	int rc;

	if ((rc = lvpn_optarg_ipv6(a, 1, 1, 0, 128)) != 0 ||
	    (rc = lvpn_optarg_ipv6(a, 2, 0, 0, 128)))
		return rc;
	if ((rc = lvpn_optarg_str(a, 1, &a->o->ifconfig_ipv6_local)) != 0)
		return rc;
	return lvpn_optarg_str(a, 2, &a->o->ifconfig_ipv6_remote);
}

static int h_txqueuelen(struct optarg *a)
{
	return lvpn_optarg_int(a, 1, 0, 1000000, &a->o->txqueuelen);
}

static int h_replay_persist(struct optarg *a)
{
	return lvpn_optarg_str(a, 1, &a->o->replay_persist);
}

/* 2.6 takes 100 to 100000000 bytes per second */
static int h_shaper(struct optarg *a)
{
	return lvpn_optarg_int(a, 1, LVPN_SHAPER_MIN, LVPN_SHAPER_MAX, &a->o->shaper);
}

static int h_timer(struct optarg *a)
{
	struct lvpn_options *o = a->o;
	const char *n = a->argv[0];
	int *dst = !strcmp(n, "ping")           ? &o->ping
	           : !strcmp(n, "ping-exit")    ? &o->ping_exit
	           : !strcmp(n, "ping-restart") ? &o->ping_restart
	                                        : &o->session_timeout;

	return lvpn_optarg_int(a, 1, 0, 100000000, dst);
}

static int h_inactive(struct optarg *a)
{
	int rc = lvpn_optarg_int(a, 1, 0, 100000000, &a->o->inactive);

	if (rc == 0 && a->argc > 2)
		rc = lvpn_optarg_i64(a, 2, 0, INT64_MAX / 2, &a->o->inactive_bytes);
	return rc;
}

static int h_keepalive(struct optarg *a)
{
	int rc = lvpn_optarg_int(a, 1, 1, 100000000, &a->o->keepalive_ping);

	if (rc == 0)
		rc = lvpn_optarg_int(a, 2, 1, 100000000, &a->o->keepalive_timeout);
	if (rc == 0 && a->o->keepalive_timeout < 2 * a->o->keepalive_ping)
		return lvpn_optarg_fail(a,
		                        "the timeout (%d) must be at least twice the ping "
		                        "interval (%d)",
		                        a->o->keepalive_timeout, a->o->keepalive_ping);
	return rc;
}

static int h_config(struct optarg *a)
{
	/* an include keeps the permission of its includer (a ccd file can
	 * only include per-client options) */
	int where = a->where == LVPN_WHERE_CCD ? LVPN_WHERE_CCD : LVPN_WHERE_CONFIG;

	return lvpn_config_read_file(a->o, a->argv[1], where, a->o->depth + 1, a->loc, a->err);
}

static int h_setenv(struct optarg *a)
{
	if (strcmp(a->argv[1], "FORWARD_COMPATIBLE") == 0 && a->argc > 2 &&
	    strcmp(a->argv[2], "1") == 0)
		a->o->forward_compatible = 1;
	return lvpn_strlist_add(a->o, &a->o->setenv, lvpn_opt_join(a->o, a->argc, a->argv, 1));
}

static int h_ignore_unknown(struct optarg *a)
{
	/* every unknown option is looked up in this list: keep it short */
	if (a->o->ignore_unknown.n + a->argc - 1 > 256)
		return lvpn_optarg_fail(a, "more than 256 names to ignore");
	for (int i = 1; i < a->argc; i++) {
		int rc = lvpn_strlist_add(a->o, &a->o->ignore_unknown, a->argv[i]);

		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct opt_handler_ent lvpn_optset_net[] = {
    {"bind", h_bind},
    {"bind-dev", h_bind_dev},
    {"config", h_config},
    {"connect-retry", h_connect_retry},
    {"connect-retry-max", h_connect_retry_max},
    {"connect-timeout", h_connect_timeout},
    {"connection", h_connection},
    {"dev", h_dev},
    {"dev-node", h_dev_node},
    {"dev-type", h_dev_type},
    {"explicit-exit-notify", h_explicit_exit_notify},
    {"float", h_float},
    {"ifconfig", h_ifconfig},
    {"ifconfig-ipv6", h_ifconfig_ipv6},
    {"ifconfig-noexec", h_ifconfig_noexec},
    {"ifconfig-nowarn", h_ifconfig_nowarn},
    {"ignore-unknown-option", h_ignore_unknown},
    {"inactive", h_inactive},
    {"keepalive", h_keepalive},
    {"key-direction", h_key_direction},
    {"link-mtu", h_link_mtu},
    {"lladdr", h_lladdr},
    {"local", h_local},
    {"lport", h_lport},
    {"mark", h_mark},
    {"mssfix", h_mssfix},
    {"fragment", h_fragment},
    {"mtu-disc", h_mtu_disc},
    {"max-packet-size", h_max_packet_size},
    {"nobind", h_nobind},
    {"passtos", h_passtos},
    {"persist-key", h_persist_key},
    {"persist-local-ip", h_persist_local_ip},
    {"persist-remote-ip", h_persist_remote_ip},
    {"persist-tun", h_persist_tun},
    {"ping", h_timer},
    {"ping-exit", h_timer},
    {"ping-restart", h_timer},
    {"ping-timer-rem", h_ping_timer_rem},
    {"port", h_port},
    {"proto", h_proto},
    {"proto-force", h_proto_force},
    {"rcvbuf", h_sockbuf},
    {"remote", h_remote},
    {"remote-random", h_remote_random},
    {"remote-random-hostname", h_remote_random_hostname},
    {"replay-persist", h_replay_persist},
    {"resolv-retry", h_resolv_retry},
    {"rport", h_port},
    {"server-poll-timeout", h_connect_timeout},
    {"session-timeout", h_timer},
    {"shaper", h_shaper},
    {"setenv", h_setenv},
    {"sndbuf", h_sockbuf},
    {"socket-flags", h_socket_flags},
    {"tcp-nodelay", h_tcp_nodelay},
    {"topology", h_topology},
    {"tun-mtu", h_tun_mtu},
    {"tun-mtu-extra", h_tun_mtu_extra},
    {"tun-mtu-max", h_tun_mtu_max},
    {"txqueuelen", h_txqueuelen},
    {"udp-mtu", h_link_mtu},
    {NULL, NULL},
};
