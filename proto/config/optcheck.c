/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - after the last option line: helper expansions (client,
 * keepalive, server), the connection list, paths and files, and the checks
 * of options against each other (OpenVPN's options_postprocess*). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "proto/config/options.h"
#include "proto/config/optset.h"
#include "proto/config/push.h"
#include "proto/config/srvconf.h"
#include "crypto/dc.h"

static const struct lvpn_config_loc nowhere = {NULL, 0};

static const struct lvpn_config_loc *at(const struct lvpn_options *o, const char *name)
{
	const struct lvpn_config_loc *l = lvpn_opt_seen(o, name);

	if (l)
		return l;
	/* no such option: point at the first line of the first config file */
	for (int i = 0; i < o->nseen; i++)
		if (o->seen[i].loc.file)
			return &o->seen[i].loc;
	return o->nseen ? &o->seen[0].loc : &nowhere;
}

static int fail(struct lvpn_options *o, struct lvpn_config_err *err, const char *name,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int fail(struct lvpn_options *o, struct lvpn_config_err *err, const char *name,
                const char *fmt, ...)
{
	char msg[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return lvpn_config_fail(err, at(o, name), name, "%s", msg);
}

/* The option that made this a client or a server, for messages. */
static const char *role_option(const struct lvpn_options *o)
{
	static const char *const names[] = {"client",     "tls-client", "server", "mode",
	                                    "tls-server", "pull",       "secret"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (lvpn_opt_seen(o, names[i]))
			return names[i];
	return "tls-client";
}

/* --secret: one peer of a static-key tunnel, run by the client frontend
 * without pull.  The cipher checks are 2.6.14's (init_key_type without
 * TLS: CBC or none only; BF-CBC, the default, is not in OpenSSL 3). */
static int static_key(struct lvpn_options *o, struct lvpn_config_err *err)
{
	enum lvpn_dc_cipher c;
	enum lvpn_dc_auth a;

	if (o->tls_client || o->tls_server)
		return fail(o, err, "secret",
		            "specify only one of --tls-server, --tls-client, or --secret");
	if (!o->cipher)
		return fail(o, err, "secret",
		            "Cipher BF-CBC not supported (the static-key default, which OpenVPN "
		            "2.6 cannot run on OpenSSL 3 either): set 'cipher', e.g. AES-256-CBC");
	if (lvpn_dc_cipher_by_name(o->cipher, &c) != 0)
		return fail(o, err, "cipher", "Cipher %s not supported", o->cipher);
	if (lvpn_dc_cipher_is_aead(c))
		return fail(o, err, "cipher", "Cipher '%s' mode not supported", o->cipher);
	if (lvpn_dc_auth_by_name(o->auth, &a) != 0)
		return fail(o, err, "auth", "digest '%s' not supported", o->auth);
	LVPN_LOG(o->log, LVPN_LOG_WARN,
	         "WARNING: DEPRECATED OPTION: The option --secret is deprecated.");
	LVPN_LOG(o->log, LVPN_LOG_WARN,
	         "DEPRECATION: No tls-client or tls-server option in configuration detected. "
	         "OpenVPN 2.7 will remove the functionality to run a VPN without TLS. See the "
	         "examples section in the manual page for examples of a similar quick setup "
	         "with peer-fingerprint.");
	o->role = LVPN_ROLE_CLIENT;
	return 0;
}

static int role(struct lvpn_options *o, struct lvpn_config_err *err)
{
	if (o->client) {
		o->pull = 1;
		o->tls_client = 1;
	}
	if (o->server_net || o->server_ipv6 || o->server_bridge[0] || o->server_bridge_dhcp) {
		if (o->mode_server == 0 && lvpn_opt_seen(o, "mode"))
			return fail(o, err,
			            o->server_net || o->server_ipv6 ? "server" : "server-bridge",
			            "cannot be used with 'mode p2p'");
		o->mode_server = 1;
		o->tls_server = 1;
	}
	if (o->mode_server && o->pull)
		return fail(o, err, o->client ? "client" : "pull",
		            "a server ('mode server') cannot pull options");
	if (o->tls_client && o->tls_server)
		return fail(o, err, "tls-server", "cannot be used with 'client' or 'tls-client'");
	if (o->mode_server && !o->tls_server)
		return fail(o, err, "mode", "'mode server' needs 'tls-server' (or use 'server')");
	if (o->pull && !o->tls_client)
		return fail(o, err, "pull", "needs 'tls-client' (or use 'client')");
	if (o->secret.data)
		return static_key(o, err);
	o->role = o->tls_client   ? LVPN_ROLE_CLIENT
	          : o->tls_server ? LVPN_ROLE_SERVER
	                          : LVPN_ROLE_NONE;
	if (o->role == LVPN_ROLE_NONE)
		return lvpn_config_fail(err, at(o, ""), "tls-client",
		                        "no TLS role given: use 'client' (or 'tls-client'), "
		                        "'server' (or 'tls-server') or 'secret'; unencrypted "
		                        "mode is not supported");
	return 0;
}

static int timers(struct lvpn_options *o, struct lvpn_config_err *err)
{
	char line[64];
	int rc;

	if (o->ping_exit && o->ping_restart)
		return fail(o, err, "ping-exit", "cannot be used with 'ping-restart'");
	if (!o->keepalive_ping)
		return 0;
	if (lvpn_opt_seen(o, "ping") || lvpn_opt_seen(o, "ping-restart") ||
	    lvpn_opt_seen(o, "ping-exit"))
		return fail(o, err, "keepalive",
		            "conflicts with 'ping', 'ping-restart' and 'ping-exit'");
	o->ping = o->keepalive_ping;
	if (!o->mode_server) {
		o->ping_restart = o->keepalive_timeout;
		return 0;
	}
	/* a server waits twice as long as it tells its clients to */
	o->ping_restart = 2 * o->keepalive_timeout;
	snprintf(line, sizeof(line), "ping %d", o->keepalive_ping);
	if ((rc = lvpn_strlist_add(o, &o->push, line)) != 0)
		return rc;
	snprintf(line, sizeof(line), "ping-restart %d", o->keepalive_timeout);
	return lvpn_strlist_add(o, &o->push, line);
}

static int compression(struct lvpn_options *o, struct lvpn_config_err *err)
{
	int real = o->comp == LVPN_OPT_COMP_LZO || o->comp == LVPN_OPT_COMP_LZ4 ||
	           o->comp == LVPN_OPT_COMP_LZ4_V2;

	if (o->allow_compression < 0)
		o->allow_compression = real ? LVPN_ALLOWCOMP_ASYM : LVPN_ALLOWCOMP_NO;
	else if (o->allow_compression == LVPN_ALLOWCOMP_NO && real)
		return fail(o, err, "allow-compression",
		            "'allow-compression no' conflicts with the compression configured");
	return 0;
}

static int ciphers(struct lvpn_options *o, struct lvpn_config_err *err)
{
	char buf[256];

	if (!o->cipher || strcmp(o->cipher, "none") == 0 ||
	    lvpn_cipher_in_list(o->data_ciphers, o->cipher))
		return 0;
	/* peer-to-peer (and static-key) mode: --cipher is the fallback, the
	 * list stays as it is (2.6 options_postprocess_cipher) */
	if (!o->pull && !o->mode_server)
		return 0;
	/* OpenVPN 2.6 keeps old profiles working by appending --cipher to
	 * --data-ciphers (with a deprecation warning) */
	LVPN_LOG(o->log, LVPN_LOG_WARN,
	         "leanvpn: %s:%d: option 'cipher': '%s' is not in "
	         "data-ciphers; added to it (use data-ciphers-fallback instead)",
	         at(o, "cipher")->file ? at(o, "cipher")->file : "command line",
	         at(o, "cipher")->line, o->cipher);
	if (snprintf(buf, sizeof(buf), "%s:%s", o->data_ciphers, o->cipher) > 127)
		return fail(o, err, "cipher", "'%s' does not fit into data-ciphers", o->cipher);
	o->data_ciphers = lvpn_opt_strdup(o, buf);
	return o->data_ciphers ? 0 : LVPN_ERR_NOMEM;
}

static int build_conns(struct lvpn_options *o, struct lvpn_config_err *err)
{
	int n = o->conns_from_blocks ? o->nconns : o->nremotes ? o->nremotes : 1;

	/* OpenVPN 2.6 builds its connection list from the <connection>
	 * blocks alone when there are any: other remotes are not used */
	if (o->conns_from_blocks && o->nremotes && !o->mode_server)
		LVPN_LOG(o->log, LVPN_LOG_WARN,
		         "leanvpn: %s:%d: option 'remote': ignored: the <connection> blocks are "
		         "used instead",
		         o->remotes[0].loc.file ? o->remotes[0].loc.file : "command line",
		         o->remotes[0].loc.line);
	/* a server runs from o->ce itself */
	if (o->ce.fragment && !o->ce.mssfix_given)
		o->ce.mssfix = o->ce.fragment;
	if (!o->conns_from_blocks) {
		struct lvpn_conn *c = calloc((size_t)n, sizeof(*c));

		if (!c)
			return LVPN_ERR_NOMEM;
		for (int i = 0; i < n; i++) {
			c[i] = o->ce;
			if (!o->nremotes)
				continue;
			c[i].remote = o->remotes[i].host;
			c[i].remote_port = o->remotes[i].port;
			if (o->remotes[i].proto >= 0) {
				c[i].proto = o->remotes[i].proto;
				c[i].af = o->remotes[i].af;
			}
		}
		free(o->conns);
		o->conns = c;
		o->nconns = n;
	}
	if (o->mode_server && (o->nremotes || o->conns_from_blocks))
		return fail(o, err, o->nremotes ? "remote" : "connection",
		            "a server ('mode server') takes no remote");
	/* p2p without a remote waits for the peer (UDP: the first that
	 * authenticates; proto tcp-server: the first connection); as 2.6, a
	 * TCP client needs a remote */
	if (!o->pull && !o->mode_server && !o->nremotes && !o->conns_from_blocks &&
	    o->ce.proto == LVPN_PROTO_TCP_CLIENT)
		return fail(o, err, "proto", "--remote MUST be used in TCP Client mode");
	if (o->ce.proto == LVPN_PROTO_TCP_SERVER && !o->mode_server &&
	    (o->nremotes > 1 || o->conns_from_blocks))
		return fail(o, err, "remote",
		            "TCP server mode allows at most one --remote address");
	if (o->pull && !o->nremotes && !o->conns_from_blocks)
		return fail(o, err, role_option(o), "a client needs at least one 'remote'");
	for (int i = 0; i < o->nconns; i++) {
		struct lvpn_conn *c = &o->conns[i];
		int is_tcp;

		/* as OpenVPN: a block without its own tls-auth/tls-crypt(-v2)
		 * uses the global one, wherever in the file that was given */
		if (!c->tls_auth.data && !c->tls_crypt.data && !c->tls_crypt_v2.data) {
			c->tls_auth = o->ce.tls_auth;
			c->tls_crypt = o->ce.tls_crypt;
			c->tls_crypt_v2 = o->ce.tls_crypt_v2;
			c->key_direction = o->ce.key_direction;
		}

		if (c->proto == LVPN_PROTO_TCP_CLIENT && o->mode_server)
			return fail(o, err, "proto",
			            "a server ('mode server') cannot use tcp-client");
		if (c->proto == LVPN_PROTO_TCP_SERVER && o->pull)
			return fail(o, err, o->client ? "client" : "pull",
			            "a client cannot use proto tcp-server");
		/* as 2.6: only 'client' and a server make 'proto tcp' a side */
		if (c->proto == LVPN_PROTO_TCP && !o->client && !o->mode_server)
			return fail(o, err, "proto",
			            "--proto tcp is ambiguous in this context. Please specify "
			            "--proto tcp-server or --proto tcp-client");
		if (c->proto == LVPN_PROTO_TCP)
			c->proto = o->role == LVPN_ROLE_SERVER ? LVPN_PROTO_TCP_SERVER
			                                       : LVPN_PROTO_TCP_CLIENT;
		if (!c->port)
			c->port = "1194";
		if (!c->remote_port && c->remote)
			c->remote_port = c->port;
		if (c->bind < 0)
			c->bind = c->proto == LVPN_PROTO_TCP_CLIENT ? 0 : 1;
		is_tcp = c->proto != LVPN_PROTO_UDP;
		if (is_tcp && c->explicit_exit_notify) {
			/* OpenVPN: "--explicit-exit-notify ignored for --proto tcp" */
			c->explicit_exit_notify = 0;
			LVPN_LOG(o->log, LVPN_LOG_WARN,
			         "leanvpn: option 'explicit-exit-notify': ignored with TCP");
		}
		if (o->proto_force >= 0 && is_tcp != (o->proto_force != LVPN_PROTO_UDP)) {
			memmove(c, c + 1, (size_t)(o->nconns - i - 1) * sizeof(*c));
			o->nconns--;
			i--;
			continue;
		}
		if (c->fragment && c->proto != LVPN_PROTO_UDP)
			return fail(o, err, "fragment",
			            "--fragment can only be used with --proto udp");
		/* 2.6: without an mssfix value of its own, mssfix follows fragment */
		if (c->fragment && !c->mssfix_given)
			c->mssfix = c->fragment;
		if (c->tls_auth.data && c->tls_crypt.data)
			return lvpn_config_fail(err, &c->tls_crypt.loc, "tls-crypt",
			                        "cannot be used with 'tls-auth'");
		/* a server may offer tls-crypt-v2 beside tls-auth/tls-crypt */
		if (o->role == LVPN_ROLE_CLIENT && c->tls_crypt_v2.data &&
		    (c->tls_auth.data || c->tls_crypt.data))
			return lvpn_config_fail(err, &c->tls_crypt_v2.loc, "tls-crypt-v2",
			                        "a client cannot use it with 'tls-auth' or "
			                        "'tls-crypt'");
	}
	if (o->nconns == 0)
		return fail(o, err, "proto-force", "no remote is left with this protocol");
	return 0;
}

/* OpenVPN 2.6: "--X requires --mode server" */
static const char *const server_only[] = {
    "force-tls-key-material-export",
    "ifconfig-pool",
    "ifconfig-pool-persist",
    "ifconfig-ipv6-pool",
    "hash-size",
    "learn-address",
    "client-connect",
    "client-crresponse",
    "client-disconnect",
    "client-config-dir",
    "ccd-exclusive",
    "client-to-client",
    "duplicate-cn",
    "connect-freq",
    "verify-client-cert",
    "username-as-common-name",
    "auth-user-pass-optional",
    "opt-verify",
    "auth-user-pass-verify",
    "auth-gen-token",
    "stale-routes-check",
    "force-tls-key-material-export",
};

/* connect-freq limits how often a UDP server creates client instances;
 * OpenVPN refuses it anywhere else. */
static int connect_freq(struct lvpn_options *o, struct lvpn_config_err *err)
{
	if (!o->connect_freq_n)
		return 0;
	if (!o->mode_server)
		return fail(o, err, "connect-freq", "requires 'mode server'");
	for (int i = 0; i < o->nconns; i++)
		if (o->conns[i].proto != LVPN_PROTO_UDP)
			return fail(
			    o, err, "connect-freq",
			    "only works with 'mode server' over UDP (use 'max-clients' instead)");
	return 0;
}

/* port-share: a TCP server's (2.6's two messages). */
static int port_share(struct lvpn_options *o, struct lvpn_config_err *err)
{
	if (!o->port_share_host)
		return 0;
	if (!o->mode_server)
		return fail(
		    o, err, "port-share",
		    "--port-share requires TCP server mode (--mode server --proto tcp-server)");
	for (int i = 0; i < o->nconns; i++)
		if (o->conns[i].proto == LVPN_PROTO_TCP_SERVER)
			return 0;
	return fail(o, err, "port-share",
	            "--port-share only works in TCP server mode (--proto values of tcp-server, "
	            "tcp4-server, or tcp6-server)");
}

static int requirements(struct lvpn_options *o, struct lvpn_config_err *err)
{
	int has_cert = o->cert.data || o->pkcs12.data;

	if (!o->dev)
		return fail(o, err, role_option(o), "needs a device: 'dev tun'");
	/* the device type is the dev-type, else the name's prefix (OpenVPN) */
	if (lvpn_options_null(o)) {
		/* 2.6 runs a null device only without addresses: it fails at
		 * start when it would set them (no device to set them on) */
		if (o->mode_server || o->server_net)
			return fail(o, err, o->dev_type ? "dev-type" : "dev",
			            "a server needs a device ('dev null' has none)");
		if (o->pull)
			return fail(o, err, o->dev_type ? "dev-type" : "dev",
			            "'dev null' has no device for the addresses a server pushes "
			            "(it is for peer-to-peer tests)");
		if (o->ifconfig_local || o->ifconfig_ipv6_local)
			return fail(o, err, o->ifconfig_local ? "ifconfig" : "ifconfig-ipv6",
			            "'dev null' has no device to set an address on");
	} else if (!lvpn_options_tap(o) &&
	           (o->dev_type ? strcmp(o->dev_type, "tun") != 0 : strncmp(o->dev, "tun", 3) != 0))
		return fail(o, err, "dev",
		            "'%s' is neither a tun nor a tap device (only those are supported; "
		            "--dev-type tells which)",
		            o->dev);
	/* OpenVPN 2.6: "--lladdr can only be used in --dev tap mode" */
	if (o->have_lladdr && !lvpn_options_tap(o))
		return fail(o, err, "lladdr", "can only be used with a tap device ('dev tap')");
	/* 2.6 learns this gateway from DHCP replies it sees cross the tap
	 * device (forward.c, dhcp.c); leanvpn does not look into them */
	if (o->route_gateway && strcmp(o->route_gateway, "dhcp") == 0)
		return fail(o, err, "route-gateway",
		            "'dhcp' is not supported: leanvpn does not learn the gateway from DHCP "
		            "replies; give the gateway's address");
	/* OpenVPN refuses these when it reads the options (helper.c) */
	if ((o->server_bridge[0] || o->server_bridge_dhcp) && !lvpn_options_tap(o))
		return fail(o, err, "server-bridge", "only makes sense with 'dev tap'");
	if ((o->server_bridge[0] || o->server_bridge_dhcp) && o->server_net)
		return fail(o, err, "server-bridge", "cannot be used with 'server'");

	if (o->secret.data)
		return 0; /* no TLS: certificates, if any, are not used (2.6) */
	if (o->cert.data && !o->key.data)
		return fail(o, err, "cert", "given without 'key'");
	if (o->key.data && !o->cert.data)
		return fail(o, err, "key", "given without 'cert'");
	if (!o->ca.data && !o->capath.data && !o->pkcs12.data && !o->peer_fingerprint.data)
		return fail(o, err, role_option(o),
		            "needs 'ca' (or 'capath', 'pkcs12', 'peer-fingerprint') to verify "
		            "the peer's certificate");
	if (o->role == LVPN_ROLE_CLIENT) {
		if (o->dh.data || o->dh_none)
			LVPN_LOG(o->log, LVPN_LOG_WARN,
			         "leanvpn: option 'dh': ignored: only a server uses it");
		if (!has_cert && !o->auth_user_pass_set)
			return fail(o, err, role_option(o),
			            "needs a client certificate ('cert' and 'key', or 'pkcs12') "
			            "or 'auth-user-pass'");
		return 0;
	}
	if (!has_cert)
		return fail(o, err, role_option(o),
		            "a server needs 'cert' and 'key' (or 'pkcs12')");
	/* OpenVPN 2.6: "You must define DH file (--dh)" */
	if (!o->dh.data && !o->dh_none)
		return fail(
		    o, err, role_option(o),
		    "a server needs 'dh' (a DH parameter file, or 'dh none' for ECDH only)");
	if (o->server_net && o->ifconfig_local)
		return fail(o, err, "ifconfig", "cannot be used with 'server'");
	if (!o->mode_server)
		for (size_t i = 0; i < sizeof(server_only) / sizeof(server_only[0]); i++)
			if (lvpn_opt_seen(o, server_only[i]))
				return fail(o, err, server_only[i],
				            "only for a server ('mode server')");
	return 0;
}

static int client_side(struct lvpn_options *o, struct lvpn_config_err *err)
{
	if (o->role != LVPN_ROLE_CLIENT)
		return 0;
	for (size_t i = 0; i < sizeof(server_only) / sizeof(server_only[0]); i++)
		if (lvpn_opt_seen(o, server_only[i]))
			return fail(o, err, server_only[i], "only for a server ('mode server')");
	return 0;
}

#define SEEN(name) (lvpn_opt_seen(o, name) != NULL)

/* OpenVPN 2.6 options_postprocess_verify_ce: options that contradict. */
static int consistency(struct lvpn_options *o, struct lvpn_config_err *err)
{
	static const char *const not_on_server[] = {
	    "nobind",   "redirect-gateway",        "route-delay",
	    "up-delay", "allow-recursive-routing", "shaper"};

	if (SEEN("nobind") && (SEEN("bind") || SEEN("local") || SEEN("lport")))
		return fail(o, err, "nobind", "cannot be used with 'bind', 'local' or 'lport'");
	if (o->mode_server)
		for (size_t i = 0; i < sizeof(not_on_server) / sizeof(not_on_server[0]); i++)
			if (SEEN(not_on_server[i]))
				return fail(o, err, not_on_server[i],
				            "cannot be used with 'mode server' (push it to the "
				            "clients instead)");
	if (o->ccd_exclusive && !o->client_config_dir)
		return fail(o, err, "ccd-exclusive", "needs 'client-config-dir'");
	if (o->pkcs12.data && (o->cert.data || o->key.data || o->capath.data))
		return fail(o, err, "pkcs12", "cannot be used with 'cert', 'key' or 'capath'");
	if (o->tls_version_max && o->tls_version_min > o->tls_version_max)
		return fail(o, err, "tls-version-min", "is higher than 'tls-version-max'");
	if (o->auth_user_pass_set && !o->pull)
		return fail(o, err, "auth-user-pass", "needs 'pull' (or 'client')");
	if (o->no_replay && SEEN("replay-window"))
		return fail(o, err, "replay-window", "makes no sense with 'no-replay'");
	/* 2.6 drops packet ids from TLS-mode CBC data packets too; leanvpn
	 * keeps replay protection with TLS, so refuses rather than mismatch */
	if (o->no_replay && !o->secret.data)
		return fail(o, err, "no-replay",
		            "is supported with a static key ('secret') only: with TLS leanvpn "
		            "keeps replay protection");
	if (o->no_replay)
		LVPN_LOG(o->log, LVPN_LOG_WARN,
		         "WARNING: You have disabled Replay Protection (--no-replay) which may "
		         "make leanvpn less secure");
	if (o->ifconfig_local && strcmp(o->ifconfig_local, o->ifconfig_remote) == 0)
		return fail(o, err, "ifconfig", "the local and remote addresses must differ");
	if (SEEN("link-mtu") && SEEN("tun-mtu"))
		return fail(o, err, "link-mtu", "cannot be used with 'tun-mtu'");
	if (!o->mode_server && o->data_threads > 2)
		return fail(o, err, "data-threads",
		            "a client runs its data path on 1 or 2 threads");
	return 0;
}

/* Options leanvpn applies on the client only (src/linkdev.c,
 * src/client_stimer.c, src/client_pushenv.c, src/client_tos.c): in a server's configuration they
 * are ignored with a warning, never silently. */
static void client_only(const struct lvpn_options *o)
{
	static const char *const names[] = {
	    "auth-token-user",   "bind-dev",       "mtu-disc",        "persist-local-ip",
	    "persist-remote-ip", "push-peer-info", "session-timeout", "setenv-safe",
	    "txqueuelen",        "passtos"};

	if (o->role != LVPN_ROLE_SERVER)
		return;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct lvpn_config_loc *l = lvpn_opt_seen(o, names[i]);

		if (l)
			LVPN_LOG(o->log, LVPN_LOG_WARN,
			         "WARNING: %s:%d: option '%s': ignored: applied by the leanvpn "
			         "client only, not by its server yet",
			         l->file ? l->file : "command line", l->line, names[i]);
	}
}

int lvpn_options_finish(struct lvpn_options *o, struct lvpn_config_err *err)
{
	int rc;

	if ((rc = role(o, err)) || (rc = timers(o, err)) || (rc = compression(o, err)) ||
	    (rc = ciphers(o, err)))
		return rc;
	if ((rc = lvpn_options_check_files(o, err)) != 0)
		return rc;
	/* the proxy checks come before the certificate ones, as in OpenVPN */
	if ((rc = build_conns(o, err)) || (rc = lvpn_optset_proxy_check(o, err)) ||
	    (rc = client_side(o, err)) || (rc = requirements(o, err)) ||
	    (rc = connect_freq(o, err)) || (rc = port_share(o, err)))
		return rc;
	client_only(o);
	return consistency(o, err);
}
