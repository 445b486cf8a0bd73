/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the server's per-client hooks (see srv_hooks.h). */
#include "src/srv_hooks.h"

#include "src/server_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proto/peerstr.h"
#include "proto/server/srvaddr.h"
#include "src/certexport.h"
#include "src/fileio.h"

/* The peer's address as OpenVPN names it: untrusted_ip (or _ip6) and the
 * port; a v4 client on a dual-stack socket is an IPv4 peer. */
static int env_addr(struct lvpn_env *e, const char *pfx, const struct sclient *c)
{
	char ip[INET6_ADDRSTRLEN], name[32];
	int port, v6 = srv_peer_addr(c, ip, &port);

	snprintf(name, sizeof(name), "%s_ip%s", pfx, v6 ? "6" : "");
	if (lvpn_env_set(e, name, ip))
		return LVPN_ERR_BUFSIZE;
	snprintf(name, sizeof(name), "%s_port", pfx);
	return lvpn_env_setf(e, name, "%d", port);
}

/* tls_id_N, X509_N_*, tls_serial_N ... for each certificate of the chain
 * (the same variables a client's scripts get: script_env.c). */
static int env_certs(struct lvpn_env *e, const struct sclient *c)
{
	const struct lvpn_tls_sess *ts = lvpn_session_tls(c->s);
	struct lvpn_tls_cert_info ci;
	int rc = 0;

	for (int d = 0; rc == 0 && d < LVPN_TLS_MAX_DEPTH; d++) {
		int got = lvpn_tls_peer_cert(ts, d, &ci);

		if (got == LVPN_ERR_INVAL)
			break; /* the end of the chain (or no certificate) */
		if (got)
			return got; /* never a script with part of the chain */
		rc = lvpn_script_env_cert(e, &ci);
	}
	return rc;
}

/* IV_* and UV_* lines of the client's peer-info, checked and cleaned as
 * OpenVPN's misc.c output_peer_info_env() does; a bad line is skipped. */
static int env_peer_info(struct lvpn_env *e, const struct sclient *c)
{
	const char *p = lvpn_session_peer_info(c->s);
	char line[SRV_ENV_ENTRY];

	while (p && *p) {
		size_t n = strcspn(p, "\n");
		char *eq;

		if (n < sizeof(line) && (strncmp(p, "IV_", 3) == 0 || strncmp(p, "UV_", 3) == 0)) {
			memcpy(line, p, n);
			line[n] = '\0';
			eq = strchr(line, '=');
			if (eq && lvpn_peerstr_peer_info(line) == 0) {
				*eq = '\0';
				if (lvpn_env_set(e, line, eq + 1) == LVPN_ERR_BUFSIZE)
					return LVPN_ERR_BUFSIZE;
			}
		}
		p += n + (p[n] == '\n');
	}
	return 0;
}

/* The server's own tunnel addresses (ifconfig_local ...), set at start. */
static int env_server(struct server *sv, struct lvpn_env *e)
{
	char a[INET6_ADDRSTRLEN];
	int rc = lvpn_env_set(e, "dev", sv->tun.name);

	rc |= lvpn_env_setf(e, "tun_mtu", "%d", sv->o->ce.tun_mtu > 0 ? sv->o->ce.tun_mtu : 1500);
	rc |= lvpn_env_set(e, "dev_type",
	                   sv->o->dev_type && !strcmp(sv->o->dev_type, "tap") ? "tap" : "tun");
	rc |= lvpn_env_set(e, "script_context", "init");
	rc |= lvpn_env_setf(e, "daemon", "%d", sv->o->daemon ? 1 : 0);
	rc |= lvpn_env_setf(e, "verb", "%d", sv->o->verb);
	if (sv->sc.has_v4) {
		rc |=
		    lvpn_env_set(e, "ifconfig_local", lvpn_srvaddr_fmt4(sv->sc.ifconfig_local, a));
		rc |= lvpn_env_set(
		    e, sv->o->topology == LVPN_TOPO_SUBNET ? "ifconfig_netmask" : "ifconfig_remote",
		    lvpn_srvaddr_fmt4(sv->sc.ifconfig_remote_netmask, a));
	}
	if (sv->sc.has_v6) {
		rc |= lvpn_env_set(e, "ifconfig_ipv6_local",
		                   lvpn_srvaddr_fmt6(sv->sc.ifconfig_ipv6_local, a));
		rc |= lvpn_env_setf(e, "ifconfig_ipv6_netbits", "%d", sv->sc.ifconfig_ipv6_netbits);
		rc |= lvpn_env_set(e, "ifconfig_ipv6_remote",
		                   lvpn_srvaddr_fmt6(sv->sc.ifconfig_ipv6_remote, a));
	}
	rc |= lvpn_script_env_setenv(e, sv->o->setenv.v, sv->o->setenv.n);
	return rc ? LVPN_ERR_BUFSIZE : 0;
}

/* The client's pushed addresses (multi.c multi_set_virtual_addr_env). */
static int env_client_addrs(struct server *sv, const struct sclient *c, struct lvpn_env *e)
{
	char a[INET6_ADDRSTRLEN];
	int rc = 0;

	if (c->has4) {
		rc |= lvpn_env_set(e, "ifconfig_pool_remote_ip", lvpn_srvaddr_fmt4(c->ip4, a));
		rc |= lvpn_env_set(e,
		                   sv->o->topology == LVPN_TOPO_SUBNET ? "ifconfig_pool_netmask"
		                                                       : "ifconfig_pool_local_ip",
		                   lvpn_srvaddr_fmt4(c->ip4_b, a));
	}
	if (c->has6) {
		rc |= lvpn_env_set(e, "ifconfig_pool_remote_ip6", lvpn_srvaddr_fmt6(c->ip6, a));
		rc |= lvpn_env_setf(e, "ifconfig_pool_ip6_netbits", "%d", c->ip6_bits);
	}
	return rc ? LVPN_ERR_BUFSIZE : 0;
}

int srv_hooks_env(struct server *sv, int slot, struct lvpn_env *e)
{
	const struct sclient *c = &sv->cl[slot];
	char ts[64];
	int rc = env_server(sv, e);

	rc |= env_certs(e, c);
	if (c->cn[0])
		rc |= lvpn_env_set(e, "common_name", c->cn);
	if (c->user[0])
		rc |= lvpn_env_set(e, "username", c->user);
	rc |= env_addr(e, "untrusted", c);
	if (c->authed)
		rc |= env_addr(e, "trusted", c);
	rc |= env_peer_info(e, c);
	rc |= env_client_addrs(sv, c, e);
	rc |= lvpn_env_setf(e, "time_unix", "%lld", (long long)c->since);
	ctime_r(&c->since, ts);
	ts[strcspn(ts, "\n")] = '\0';
	rc |= lvpn_env_set(e, "time_ascii", ts);
	return rc ? LVPN_ERR_BUFSIZE : 0;
}

int srv_hooks_run(struct server *sv, const char *type, const char *cmd, const char *arg,
                  struct lvpn_env *env)
{
	struct lvpn_script sc = {
	    .security = (enum lvpn_ssec)sv->o->script_security,
	    .timeout_ms = SRV_SCRIPT_TIMEOUT_MS,
	    .lg = sv->lg,
	};
	const char *extra[1] = {arg};
	int status = -1;

	if (lvpn_script_run(&sc, type, cmd, extra, arg ? 1 : 0, env, &status))
		return -1;
	return status;
}

int srv_hooks_tls_verify(void *arg, const struct lvpn_tls_cert_info *ci)
{
	struct server *sv = arg;
	int slot = sv->verifying, rc, status = -1;
	char depth[16], subject[sizeof(ci->subject)], pef[LVPN_CERTEXPORT_PATH_MAX] = "";
	const char *args[2] = {depth, subject};
	struct lvpn_script sc = {
	    .security = (enum lvpn_ssec)sv->o->script_security,
	    .timeout_ms = SRV_SCRIPT_TIMEOUT_MS,
	    .lg = sv->lg,
	};

	if (slot < 0 || !sv->cl[slot].used)
		return 1;
	/* a new chain (another client, or the root again): a fresh set */
	if (slot != sv->venv_slot || ci->depth >= sv->venv_depth) {
		lvpn_env_clear(&sv->venv);
		rc = env_server(sv, &sv->venv);
		rc = rc ? rc : env_addr(&sv->venv, "untrusted", &sv->cl[slot]);
		if (rc)
			return 1;
	}
	sv->venv_slot = slot;
	sv->venv_depth = ci->depth;
	rc = lvpn_script_env_cert(&sv->venv, ci);
	if (rc == 0 && ci->depth == 0)
		rc = lvpn_env_set(
		    &sv->venv, "common_name",
		    lvpn_peerstr_show(subject, sizeof(subject), ci->cn, LVPN_PEERSTR_NAME));
	if (rc)
		return 1;
	if (sv->o->tls_export_cert &&
	    lvpn_certexport_write(sv->o->tls_export_cert, ci, &sv->venv, pef, sizeof(pef), sv->lg))
		return 1;
	snprintf(depth, sizeof(depth), "%d", ci->depth);
	lvpn_peerstr_show(subject, sizeof(subject), ci->subject, LVPN_PEERSTR_SUBJECT);
	if (sv->o->tls_verify &&
	    (lvpn_script_run(&sc, "tls-verify", sv->o->tls_verify, args, 2, &sv->venv, &status) ||
	     status != 0)) {
		LVPN_LOG(sv->lg, LVPN_LOG_WARN, "VERIFY SCRIPT ERROR: depth=%d, %s", ci->depth,
		         subject);
		rc = 1;
	} else if (sv->o->tls_verify) {
		LVPN_LOG(sv->lg, LVPN_LOG_INFO, "VERIFY SCRIPT OK: depth=%d, %s", ci->depth,
		         subject);
	}
	lvpn_certexport_remove(&sv->venv, pef);
	return rc;
}

int srv_hooks_constraint(struct server *sv, int slot)
{
	const struct sclient *c = &sv->cl[slot];
	uint32_t net = sv->o->push_constraint_net, mask = sv->o->push_constraint_mask;
	char ip[INET6_ADDRSTRLEN], a[3][INET_ADDRSTRLEN];
	int port;

	/* 2.6's helper sets the --server network over any explicit one */
	if (sv->sc.ifconfig_constraint) {
		net = sv->sc.constraint_net;
		mask = sv->sc.constraint_mask;
	} else if (!sv->o->push_constraint) {
		return 0;
	}
	if (!c->has4 || (c->ip4 & mask) == net)
		return 0;
	(void)srv_peer_addr(c, ip, &port);
	LVPN_LOG(sv->lg, LVPN_LOG_ERR,
	         "MULTI ERROR: primary virtual IP for %s/%s:%d (%s) violates tunnel "
	         "network/netmask constraint (%s/%s)",
	         c->cn, ip, port, lvpn_srvaddr_fmt4(c->ip4, a[0]), lvpn_srvaddr_fmt4(net, a[1]),
	         lvpn_srvaddr_fmt4(mask, a[2]));
	return 1;
}

int srv_hooks_route_quota(struct server *sv, int slot, const struct lvpn_ccd *ccd, int *count)
{
	const struct sclient *c = &sv->cl[slot];
	int max = ccd->max_routes > 0                ? ccd->max_routes
	          : sv->o->max_routes_per_client > 0 ? sv->o->max_routes_per_client
	                                             : LVPN_CCD_MAX_IROUTES;
	char ip[INET6_ADDRSTRLEN];
	int port;

	if (*count < max) {
		(*count)++;
		return 1;
	}
	(void)srv_peer_addr(c, ip, &port);
	LVPN_LOG(sv->lg, LVPN_LOG_INFO,
	         "MULTI ROUTE: route quota (%d) exceeded for %s/%s:%d (see --max-routes-per-client "
	         "option)",
	         max, c->cn, ip, port);
	return 0;
}

int srv_hooks_ccd(struct server *sv, int slot, struct lvpn_ccd *ccd)
{
	struct sclient *c = &sv->cl[slot];
	int rc;

	memset(ccd, 0, sizeof(*ccd));
	if (!sv->o->client_config_dir)
		return 0;
	rc = lvpn_ccd_load(sv->o->client_config_dir, c->cn, sv->o->ccd_exclusive, NULL, NULL,
	                   sv->lg, ccd);
	if (rc == -2) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "%s: out of memory reading its ccd file", c->cn);
		return -1;
	}
	if (rc) {
		LVPN_LOG(sv->lg, LVPN_LOG_WARN, "%s: refused by client-config-dir%s", c->cn,
		         sv->o->ccd_exclusive ? " (ccd-exclusive)" : "");
		return -1;
	}
	if (ccd->found)
		LVPN_LOG(sv->lg, LVPN_LOG_INFO,
		         "%s: OPTIONS IMPORT: reading client specific options from: %s", c->cn,
		         ccd->path);
	if (ccd->disable) {
		LVPN_LOG(sv->lg, LVPN_LOG_WARN, "%s: client is disabled by its ccd file", c->cn);
		return -1;
	}
	return 0;
}

/* Reads the file client-connect wrote and adds its lines to *ccd. */
static int read_dynamic(struct server *sv, const char *path, struct lvpn_ccd *ccd)
{
	const struct lvpn_config_ops *ops = lvpn_fileio_ops();
	char err[200], *text = NULL;
	size_t len = 0;
	int rc;

	if (ops->read_file(ops->ctx, path, &text, &len, err, sizeof(err)))
		return 0; /* the script wrote nothing: fine */
	rc = lvpn_ccd_parse(text, len, path, NULL, NULL, sv->lg, ccd);
	free(text);
	return rc ? -1 : 0;
}

int srv_hooks_client_connect(struct server *sv, int slot, struct lvpn_ccd *ccd)
{
	struct sclient *c = &sv->cl[slot];
	const char *dir = sv->o->tmp_dir ? sv->o->tmp_dir : "/tmp";
	char path[4096];
	struct lvpn_env env;
	int fd, st = -1;

	if (!sv->o->client_connect)
		return 0;
	if (snprintf(path, sizeof(path), "%s/lvpn_cc_XXXXXX", dir) >= (int)sizeof(path))
		return -1;
	fd = mkstemp(path);
	if (fd < 0) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "client-connect: cannot create a file in %s: %s",
		         dir, strerror(errno));
		return -1;
	}
	close(fd);
	if (lvpn_env_init(&env, SRV_ENV_CAP, SRV_ENV_ENTRY) == 0) {
		if (srv_hooks_env(sv, slot, &env) == 0 &&
		    lvpn_env_set(&env, "client_connect_config_file", path) == 0)
			st = srv_hooks_run(sv, "client-connect", sv->o->client_connect, path, &env);
		lvpn_env_free(&env);
	}
	if (st == 0 && read_dynamic(sv, path, ccd))
		st = -1;
	unlink(path);
	if (st != 0) {
		LVPN_LOG(sv->lg, LVPN_LOG_WARN,
		         "%s: client-connect script failed (%d): client refused", c->cn, st);
		return -1;
	}
	if (ccd->disable) {
		LVPN_LOG(sv->lg, LVPN_LOG_WARN, "%s: client is disabled by client-connect", c->cn);
		return -1;
	}
	return 0;
}

void srv_hooks_disconnect(struct server *sv, int slot)
{
	struct sclient *c = &sv->cl[slot];
	const struct lvpn_session_stats *ss;
	struct lvpn_env env;

	if (!c->hooked)
		return;
	c->hooked = 0;
	if (!sv->o->client_disconnect)
		return;
	ss = lvpn_session_stats(c->s);
	if (lvpn_env_init(&env, SRV_ENV_CAP, SRV_ENV_ENTRY))
		return;
	if (srv_hooks_env(sv, slot, &env) == 0 &&
	    lvpn_env_setf(&env, "bytes_received", "%llu", (unsigned long long)ss->link_rx_bytes) ==
	        0 &&
	    lvpn_env_setf(&env, "bytes_sent", "%llu", (unsigned long long)ss->link_tx_bytes) == 0 &&
	    lvpn_env_setf(&env, "time_duration", "%lld", (long long)(time(NULL) - c->since)) == 0)
		(void)srv_hooks_run(sv, "client-disconnect", sv->o->client_disconnect, NULL, &env);
	lvpn_env_free(&env);
}
