/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the client's script environment (client_env.h). */
#include "src/client_env.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "proto/peerstr.h"
#include "src/certexport.h"
#include "src/client_int.h"

const char *lvpn_cenv_proto_name(const struct lvpn_conn *ce)
{
	static const char *const udp[] = {"udp", "udp4", "udp6"};
	static const char *const tcp[] = {"tcp-client", "tcp4-client", "tcp6-client"};
	static const char *const srv[] = {"tcp-server", "tcp4-server", "tcp6-server"};
	int af = ce->af >= LVPN_AF_ANY && ce->af <= LVPN_AF_INET6 ? ce->af : LVPN_AF_ANY;

	return ce->proto == LVPN_PROTO_UDP          ? udp[af]
	       : ce->proto == LVPN_PROTO_TCP_SERVER ? srv[af]
	                                            : tcp[af];
}

/* The first config file of the command line (OpenVPN keeps the first
 * --config, or the lone argument "openvpn FILE"). */
static const char *config_file(const struct client *c)
{
	const struct lvpn_client_argv *a = &c->args;

	for (int i = 1; a->argv && i + 1 < a->argc; i++)
		if (strcmp(a->argv[i], "--config") == 0)
			return a->argv[i + 1];
	if (a->argv && a->argc == 2 && strncmp(a->argv[1], "--", 2) != 0)
		return a->argv[1];
	return NULL;
}

static int set_i(struct lvpn_env *e, const char *name, unsigned i, const char *v)
{
	char n[48];

	if (!v)
		return 0;
	snprintf(n, sizeof(n), "%s_%u", name, i);
	return lvpn_env_set(e, n, v);
}

/* proto_N ... remote_port_N (setenv_connection_entry).  A pulling client
 * binds only when told to (local, lport, bind), as OpenVPN 2.6. */
static int conns(struct lvpn_env *e, const struct lvpn_options *o)
{
	int rc = 0;

	for (int i = 0; rc == 0 && i < o->nconns; i++) {
		const struct lvpn_conn *ce = &o->conns[i];
		unsigned n = (unsigned)i + 1;
		int bound = ce->bind == 1 && (!o->pull || ce->local || ce->lport);

		rc = set_i(e, "proto", n, lvpn_cenv_proto_name(ce));
		rc = rc ? rc : set_i(e, "local", n, ce->local);
		rc = rc ? rc
		        : set_i(e, "local_port", n,
		                bound ? (ce->lport ? ce->lport : ce->port) : NULL);
		rc = rc ? rc : set_i(e, "remote", n, ce->remote);
		rc = rc ? rc : set_i(e, "remote_port", n, ce->remote_port);
	}
	return rc;
}

int lvpn_cenv_start(struct client *c)
{
	const struct lvpn_options *o = c->o;
	struct lvpn_env *e = &c->env;
	int rc;

	lvpn_env_clear(e);
	rc = config_file(c) ? lvpn_env_set(e, "config", config_file(c)) : 0;
	rc = rc ? rc : lvpn_env_setf(e, "verb", "%d", o->verb);
	rc = rc ? rc : lvpn_env_setf(e, "daemon", "%d", o->daemon ? 1 : 0);
	rc = rc ? rc : lvpn_env_setf(e, "daemon_log_redirect", "%d", o->log_file ? 1 : 0);
	rc = rc ? rc : lvpn_env_setf(e, "daemon_start_time", "%lld", (long long)c->start_time);
	rc = rc ? rc : lvpn_env_setf(e, "daemon_pid", "%ld", (long)getpid());
	rc = rc ? rc : conns(e, o);
	rc = rc ? rc : lvpn_script_env_setenv(e, o->setenv.v, o->setenv.n);
	rc = rc ? rc : lvpn_script_env_setenv_safe(e, o->setenv_safe.v, o->setenv_safe.n);
	if (rc) {
		LVPN_LOG(c->lg, LVPN_LOG_ERR, "the scripts' environment is full: %s",
		         lvpn_strerror(rc));
		return -1;
	}
	return 0;
}

int lvpn_cenv_verify(void *arg, const struct lvpn_tls_cert_info *ci)
{
	struct client *c = arg;
	char depth[16], subject[sizeof(ci->subject)], pef[LVPN_CERTEXPORT_PATH_MAX] = "";
	const char *args[2] = {depth, subject};
	int rc = lvpn_script_env_addr(&c->env, "untrusted", (const struct sockaddr *)&c->link.peer);

	rc = rc ? rc : lvpn_script_env_cert(&c->env, ci);
	if (rc == 0 && ci->depth == 0)
		rc = lvpn_env_set(&c->env, "common_name", ci->cn);
	if (rc) {
		LVPN_LOG(c->lg, LVPN_LOG_ERR, "the scripts' environment is full");
		return c->o->tls_verify ? 1 : 0;
	}
	if (c->o->tls_export_cert &&
	    lvpn_certexport_write(c->o->tls_export_cert, ci, &c->env, pef, sizeof(pef), c->lg))
		return 1;
	if (!c->o->tls_verify) {
		lvpn_certexport_remove(&c->env, pef);
		return 0;
	}
	snprintf(depth, sizeof(depth), "%d", ci->depth);
	lvpn_peerstr_show(subject, sizeof(subject), ci->subject, LVPN_PEERSTR_SUBJECT);
	rc = lvpn_cnet_script(&c->net, "tls-verify", c->o->tls_verify, args, 2);
	lvpn_certexport_remove(&c->env, pef);
	if (rc != 0)
		LVPN_LOG(c->lg, LVPN_LOG_WARN, "VERIFY SCRIPT ERROR: depth=%d, %s", ci->depth,
		         subject);
	return rc != 0;
}

int lvpn_cenv_connected(struct client *c)
{
	const struct sockaddr *sa = (const struct sockaddr *)&c->link.peer;
	char a[INET6_ADDRSTRLEN] = "?", arg[INET6_ADDRSTRLEN + 32];
	const char *args[1] = {arg};
	int port = 0;

	if (lvpn_script_env_addr(&c->env, "trusted", sa))
		return -1;
	if (!c->o->ipchange)
		return 0;
	if (sa->sa_family == AF_INET) {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, a, sizeof(a));
		port = ntohs(((const struct sockaddr_in *)sa)->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, a, sizeof(a));
		port = ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
	}
	/* one argument, address and port separated by a space (print_sockaddr_ex) */
	snprintf(arg, sizeof(arg), "[%s]%s %d", sa->sa_family == AF_INET6 ? "AF_INET6" : "AF_INET",
	         a, port);
	return lvpn_cnet_script(&c->net, "ipchange", c->o->ipchange, args, 1);
}
