/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - option handlers: server and per-client options, scripts,
 * management, status and the process (logging, user, daemon). */
#include <stdlib.h>
#include <string.h>

#include "proto/config/optset.h"

#define FLAG(fn, field)                                                                            \
	static int fn(struct optarg *a)                                                            \
	{                                                                                          \
		a->o->field = 1;                                                                   \
		return 0;                                                                          \
	}

FLAG(h_push_reset, push_reset)
FLAG(h_duplicate_cn, duplicate_cn)
FLAG(h_client_to_client, client_to_client)
FLAG(h_multihome, multihome)
FLAG(h_ccd_exclusive, ccd_exclusive)
FLAG(h_disable, disable)
FLAG(h_username_as_cn, username_as_common_name)
FLAG(h_auth_user_pass_optional, auth_user_pass_optional)
FLAG(h_up_restart, up_restart)
FLAG(h_up_delay, up_delay)
FLAG(h_down_pre, down_pre)
FLAG(h_management_hold, management_hold)
FLAG(h_management_query_passwords, management_query_passwords)
FLAG(h_management_client_auth, management_client_auth)
FLAG(h_suppress_timestamps, suppress_timestamps)
FLAG(h_machine_readable_output, machine_readable_output)
FLAG(h_mlock, mlock)
FLAG(h_check_config, check_config)

static int h_server(struct optarg *a)
{
	uint32_t net, mask;
	int rc;

	if (!lvpn_is_ipv4(a->argv[1], &net))
		return lvpn_optarg_fail(a, "'%s' is not an IPv4 network address", a->argv[1]);
	if (!lvpn_is_netmask(a->argv[2], &mask))
		return lvpn_optarg_fail(a, "'%s' is not an IPv4 netmask", a->argv[2]);
	if (net & ~mask)
		return lvpn_optarg_fail(a, "%s is not the first address of a %s network",
		                        a->argv[1], a->argv[2]);
	if ((~mask) < 7)
		return lvpn_optarg_fail(a, "netmask %s leaves too few addresses (at most /29)",
		                        a->argv[2]);
	if (a->argc > 3 && strcmp(a->argv[3], "nopool") != 0)
		return lvpn_optarg_fail(a, "'%s' is not 'nopool'", a->argv[3]);
	if ((rc = lvpn_optarg_str(a, 1, &a->o->server_net)) != 0 ||
	    (rc = lvpn_optarg_str(a, 2, &a->o->server_mask)) != 0)
		return rc;
	a->o->server_flags = a->argc > 3 ? "nopool" : NULL;
	return 0;
}

/* server-bridge GW MASK POOL-START POOL-END | nogw | (nothing), as
 * OpenVPN 2.6 reads it (options.c). */
static int h_server_bridge(struct optarg *a)
{
	uint32_t v;
	int rc;

	if (a->argc == 1 || (a->argc == 2 && strcmp(a->argv[1], "nogw") == 0)) {
		a->o->server_bridge_dhcp = 1;
		a->o->server_bridge_nogw = a->argc == 2;
		return 0;
	}
	if (a->argc != 5)
		return lvpn_optarg_fail(a, "takes GATEWAY NETMASK POOL-START POOL-END, 'nogw' "
		                           "or nothing");
	for (int i = 1; i < 5; i++) {
		if (i == 2 ? !lvpn_is_netmask(a->argv[i], &v) : !lvpn_is_ipv4(a->argv[i], &v))
			return lvpn_optarg_fail(a, "'%s' is not an IPv4 %s", a->argv[i],
			                        i == 2 ? "netmask" : "address");
		if ((rc = lvpn_optarg_str(a, i, &a->o->server_bridge[i - 1])) != 0)
			return rc;
	}
	return 0;
}

static int h_server_ipv6(struct optarg *a)
{
	int rc = lvpn_optarg_ipv6(a, 1, 1, 64, 124);

	return rc ? rc : lvpn_optarg_str(a, 1, &a->o->server_ipv6);
}

static int h_ifconfig_pool(struct optarg *a)
{
	int rc;

	if ((rc = lvpn_optarg_ipv4(a, 1)) || (rc = lvpn_optarg_ipv4(a, 2)))
		return rc;
	if (a->argc > 3 && (rc = lvpn_optarg_netmask(a, 3)))
		return rc;
	if ((rc = lvpn_optarg_str(a, 1, &a->o->ifconfig_pool_start)) ||
	    (rc = lvpn_optarg_str(a, 2, &a->o->ifconfig_pool_end)))
		return rc;
	return a->argc > 3 ? lvpn_optarg_str(a, 3, &a->o->ifconfig_pool_mask) : 0;
}

static int h_ifconfig_pool_persist(struct optarg *a)
{
	int rc = 0;

	if (a->argc > 2)
		rc = lvpn_optarg_int(a, 2, 0, 100000000, &a->o->ifconfig_pool_persist_secs);
	return rc ? rc : lvpn_optarg_str(a, 1, &a->o->ifconfig_pool_persist);
}

static int h_ifconfig_ipv6_pool(struct optarg *a)
{
	int rc = lvpn_optarg_ipv6(a, 1, 1, 64, 124);

	return rc ? rc : lvpn_optarg_str(a, 1, &a->o->ifconfig_ipv6_pool);
}

static int h_push(struct optarg *a)
{
	if (a->argv[1][0] == '\0')
		return lvpn_optarg_fail(a, "empty push option");
	return lvpn_strlist_add(a->o, &a->o->push, a->argv[1]);
}

static int h_push_remove(struct optarg *a)
{
	return lvpn_strlist_add(a->o, &a->o->push_remove, a->argv[1]);
}

static int h_max_clients(struct optarg *a)
{
	return lvpn_optarg_int(a, 1, 1, 1 << 24, &a->o->max_clients);
}

static int h_client_config_dir(struct optarg *a)
{
	return lvpn_optarg_str(a, 1, &a->o->client_config_dir);
}

static int h_iroute(struct optarg *a)
{
	int rc = lvpn_optarg_ipv4(a, 1);

	if (rc == 0 && a->argc > 2)
		rc = lvpn_optarg_netmask(a, 2);
	return rc ? rc
	          : lvpn_strlist_add(a->o, &a->o->iroutes,
	                             lvpn_opt_join(a->o, a->argc, a->argv, 1));
}

static int h_iroute_ipv6(struct optarg *a)
{
	int rc = lvpn_optarg_ipv6(a, 1, 0, 0, 128);

	return rc ? rc : lvpn_strlist_add(a->o, &a->o->iroutes_ipv6, a->argv[1]);
}

static int h_ifconfig_push(struct optarg *a)
{
	int rc;

	if ((rc = lvpn_optarg_ipv4(a, 1)) || (rc = lvpn_optarg_ipv4(a, 2)))
		return rc;
	if ((rc = lvpn_optarg_str(a, 1, &a->o->ifconfig_push_local)))
		return rc;
	return lvpn_optarg_str(a, 2, &a->o->ifconfig_push_remote);
}

static int h_ifconfig_ipv6_push(struct optarg *a)
{
	int rc = lvpn_optarg_ipv6(a, 1, 1, 0, 128);

	if (rc == 0 && a->argc > 2)
		rc = lvpn_optarg_ipv6(a, 2, 0, 0, 128);
	return rc ? rc : lvpn_optarg_rest(a, 1, &a->o->ifconfig_ipv6_push);
}

static int h_auth_gen_token(struct optarg *a)
{
	a->o->auth_gen_token = 1;
	if (a->argc > 1)
		return lvpn_optarg_int(a, 1, 0, 100000000, &a->o->auth_gen_token_lifetime);
	return 0;
}

static int h_tcp_queue_limit(struct optarg *a)
{
	return lvpn_optarg_int(a, 1, 1, 65536, &a->o->tcp_queue_limit);
}

static int h_hash_size(struct optarg *a)
{
	int rc = lvpn_optarg_int(a, 1, 1, 1 << 20, &a->o->hash_size_real);

	return rc ? rc : lvpn_optarg_int(a, 2, 1, 1 << 20, &a->o->hash_size_virtual);
}

static int h_connect_freq(struct optarg *a)
{
	int rc = lvpn_optarg_int(a, 1, 1, 1000000, &a->o->connect_freq_n);

	return rc ? rc : lvpn_optarg_int(a, 2, 1, 1000000, &a->o->connect_freq_sec);
}

static int h_connect_freq_initial(struct optarg *a)
{
	int rc = lvpn_optarg_int(a, 1, 1, 1000000, &a->o->connect_freq_initial_n);

	return rc ? rc : lvpn_optarg_int(a, 2, 1, 86400, &a->o->connect_freq_initial_sec);
}

static int h_stale_routes_check(struct optarg *a)
{
	int rc = lvpn_optarg_int(a, 1, 1, 100000000, &a->o->stale_routes_check);

	/* the check interval defaults to the ageing time (2.6) */
	a->o->stale_routes_interval = a->o->stale_routes_check;
	return rc == 0 && a->argc > 2
	           ? lvpn_optarg_int(a, 2, 1, 100000000, &a->o->stale_routes_interval)
	           : rc;
}

static int h_auth_gen_token_secret(struct optarg *a)
{
	return lvpn_optarg_blob(a, &a->o->auth_gen_token_secret);
}

static int h_protocol_flags(struct optarg *a)
{
	static const char *const flags[] = {"cc-exit", "tls-ekm", "dyn-tls-crypt", NULL};
	int k;

	if (strcmp(a->argv[0], "key-derivation") == 0) {
		if (strcmp(a->argv[1], "tls-ekm") != 0)
			return lvpn_optarg_fail(a, "'%s' is not 'tls-ekm'", a->argv[1]);
		a->o->protocol_flags |= LVPN_PF_TLS_EKM;
		return 0;
	}
	for (int i = 1; i < a->argc; i++) {
		if (lvpn_optarg_enum(a, i, flags, &k) != 0)
			return LVPN_ERR_CONFIG;
		a->o->protocol_flags |= 1u << k;
	}
	return 0;
}

static int h_push_continuation(struct optarg *a)
{
	return lvpn_optarg_int(a, 1, 1, 2, &a->o->push_continuation);
}

static int h_peer_id(struct optarg *a)
{
	return lvpn_optarg_int(a, 1, 0, 0xfffffe, &a->o->peer_id);
}

static int h_script_security(struct optarg *a)
{
	return lvpn_optarg_int(a, 1, 0, 3, &a->o->script_security);
}

/* As OpenVPN's set_user_script: the command is split like a config line
 * and its program must be executable (relative to --cd), unless a chroot
 * makes the path unknowable here. */
static int check_script(struct optarg *a, const char *cmd)
{
	const struct lvpn_config_ops *ops = a->o->ops;
	struct lvpn_optline *ln;
	const char *why;
	char *path = NULL;
	int ok = 1;

	if (!ops || !ops->is_executable || a->o->chroot)
		return 0;
	ln = malloc(sizeof(*ln));
	if (!ln)
		return LVPN_ERR_NOMEM;
	if (lvpn_optlex_line(cmd, strlen(cmd), ln, &why) != 0 || ln->argc == 0)
		ok = 0;
	else if ((path = lvpn_opt_path(a->o, ln->argv[0])) == NULL)
		ok = -1;
	else
		ok = ops->is_executable(ops->ctx, path);
	free(ln);
	if (ok < 0)
		return LVPN_ERR_NOMEM;
	if (!ok)
		return lvpn_optarg_fail(a, "cannot run '%s': %s", cmd,
		                        path ? "no such executable" : "no program in the command");
	return 0;
}

static int h_script(struct optarg *a)
{
	struct lvpn_options *o = a->o;
	const char *n = a->argv[0];
	char **dst = !strcmp(n, "up")                    ? &o->up
	             : !strcmp(n, "down")                ? &o->down
	             : !strcmp(n, "route-up")            ? &o->route_up
	             : !strcmp(n, "route-pre-down")      ? &o->route_pre_down
	             : !strcmp(n, "ipchange")            ? &o->ipchange
	             : !strcmp(n, "learn-address")       ? &o->learn_address
	             : !strcmp(n, "client-connect")      ? &o->client_connect
	             : !strcmp(n, "client-disconnect")   ? &o->client_disconnect
	             : !strcmp(n, "client-crresponse")   ? &o->client_crresponse
	             : !strcmp(n, "tls-crypt-v2-verify") ? &o->tls_crypt_v2_verify
	                                                 : &o->tls_verify;
	int rc = lvpn_optarg_str(a, 1, dst);

	if (rc == 0 && strcmp(n, "tls-crypt-v2-verify") != 0)
		rc = check_script(a, *dst);
	return rc;
}

static int h_auth_user_pass_verify(struct optarg *a)
{
	static const char *const m[] = {"via-env", "via-file", NULL};
	int k;

	if (a->argc != 3)
		return lvpn_optarg_fail(a, "needs a second argument: 'via-env' or 'via-file'");
	if (lvpn_optarg_enum(a, 2, m, &k) != 0)
		return LVPN_ERR_CONFIG;
	if (lvpn_optarg_str(a, 2, &a->o->auth_user_pass_verify_method) != 0 ||
	    lvpn_optarg_str(a, 1, &a->o->auth_user_pass_verify) != 0)
		return LVPN_ERR_NOMEM;
	return check_script(a, a->o->auth_user_pass_verify);
}

static int h_setenv_safe(struct optarg *a)
{
	return lvpn_strlist_add(a->o, &a->o->setenv_safe, lvpn_opt_join(a->o, a->argc, a->argv, 1));
}

static int h_management_client_user(struct optarg *a)
{
	return lvpn_optarg_str(a, 1, &a->o->management_client_user);
}

static int h_management_client_group(struct optarg *a)
{
	return lvpn_optarg_str(a, 1, &a->o->management_client_group);
}

static int h_management(struct optarg *a)
{
	int rc;

	if (strcmp(a->argv[2], "unix") != 0 &&
	    (rc = lvpn_optarg_port(a, 2, 0, &a->o->management_port)))
		return rc;
	if ((rc = lvpn_optarg_str(a, 1, &a->o->management_addr)) ||
	    (rc = lvpn_optarg_str(a, 2, &a->o->management_port)))
		return rc;
	return a->argc > 3 ? lvpn_optarg_str(a, 3, &a->o->management_pw) : 0;
}

static int h_status(struct optarg *a)
{
	int rc = lvpn_optarg_str(a, 1, &a->o->status_file);

	if (rc == 0 && a->argc > 2)
		rc = lvpn_optarg_int(a, 2, 0, 100000000, &a->o->status_interval);
	return rc;
}

static int h_status_version(struct optarg *a)
{
	return lvpn_optarg_int(a, 1, 1, 3, &a->o->status_version);
}

static int h_daemon(struct optarg *a)
{
	a->o->daemon = 1;
	return a->argc > 1 ? lvpn_optarg_str(a, 1, &a->o->daemon_name) : 0;
}

static int h_syslog(struct optarg *a)
{
	a->o->syslog = 1;
	return a->argc > 1 ? lvpn_optarg_str(a, 1, &a->o->syslog_name) : 0;
}

static int h_log(struct optarg *a)
{
	a->o->log_append = strcmp(a->argv[0], "log-append") == 0;
	return lvpn_optarg_str(a, 1, &a->o->log_file);
}

static int h_string(struct optarg *a)
{
	struct lvpn_options *o = a->o;
	const char *n = a->argv[0];
	char **dst = !strcmp(n, "writepid") ? &o->writepid
	             : !strcmp(n, "user")   ? &o->user
	             : !strcmp(n, "group")  ? &o->group
	             : !strcmp(n, "chroot") ? &o->chroot
	                                    : &o->tmp_dir;

	return lvpn_optarg_str(a, 1, dst);
}

static int h_cd(struct optarg *a)
{
	char *d = lvpn_opt_path(a->o, a->argv[1]);

	if (!d)
		return LVPN_ERR_NOMEM;
	a->o->cd = d;
	return 0;
}

static int h_verb(struct optarg *a)
{
	return lvpn_optarg_int(a, 1, 0, LVPN_LOG_VERB_MAX, &a->o->verb);
}

static int h_mute(struct optarg *a)
{
	return lvpn_optarg_int(a, 1, 0, 100000000, &a->o->mute);
}

static int h_nice(struct optarg *a)
{
	return lvpn_optarg_int(a, 1, -20, 19, &a->o->nice);
}

const struct opt_handler_ent lvpn_optset_srv[] = {
    {"auth-gen-token", h_auth_gen_token},
    {"auth-gen-token-secret", h_auth_gen_token_secret},
    {"key-derivation", h_protocol_flags},
    {"protocol-flags", h_protocol_flags},
    {"push-continuation", h_push_continuation},
    {"auth-user-pass-optional", h_auth_user_pass_optional},
    {"auth-user-pass-verify", h_auth_user_pass_verify},
    {"ccd-exclusive", h_ccd_exclusive},
    {"cd", h_cd},
    {"check-config", h_check_config},
    {"chroot", h_string},
    {"client-config-dir", h_client_config_dir},
    {"client-connect", h_script},
    {"client-crresponse", h_script},
    {"client-disconnect", h_script},
    {"client-to-client", h_client_to_client},
    {"connect-freq", h_connect_freq},
    {"connect-freq-initial", h_connect_freq_initial},
    {"daemon", h_daemon},
    {"disable", h_disable},
    {"down", h_script},
    {"down-pre", h_down_pre},
    {"duplicate-cn", h_duplicate_cn},
    {"group", h_string},
    {"hash-size", h_hash_size},
    {"ifconfig-ipv6-pool", h_ifconfig_ipv6_pool},
    {"ifconfig-ipv6-push", h_ifconfig_ipv6_push},
    {"ifconfig-pool", h_ifconfig_pool},
    {"ifconfig-pool-persist", h_ifconfig_pool_persist},
    {"ifconfig-push", h_ifconfig_push},
    {"ipchange", h_script},
    {"iroute", h_iroute},
    {"iroute-ipv6", h_iroute_ipv6},
    {"learn-address", h_script},
    {"log", h_log},
    {"log-append", h_log},
    {"machine-readable-output", h_machine_readable_output},
    {"management", h_management},
    {"management-client-auth", h_management_client_auth},
    {"management-client-group", h_management_client_group},
    {"management-client-user", h_management_client_user},
    {"management-hold", h_management_hold},
    {"management-query-passwords", h_management_query_passwords},
    {"max-clients", h_max_clients},
    {"mlock", h_mlock},
    {"multihome", h_multihome},
    {"mute", h_mute},
    {"nice", h_nice},
    {"peer-id", h_peer_id},
    {"push", h_push},
    {"push-remove", h_push_remove},
    {"push-reset", h_push_reset},
    {"route-pre-down", h_script},
    {"route-up", h_script},
    {"script-security", h_script_security},
    {"server", h_server},
    {"server-bridge", h_server_bridge},
    {"server-ipv6", h_server_ipv6},
    {"setenv-safe", h_setenv_safe},
    {"stale-routes-check", h_stale_routes_check},
    {"status", h_status},
    {"status-version", h_status_version},
    {"suppress-timestamps", h_suppress_timestamps},
    {"syslog", h_syslog},
    {"tcp-queue-limit", h_tcp_queue_limit},
    {"tls-crypt-v2-verify", h_script},
    {"tls-verify", h_script},
    {"tmp-dir", h_string},
    {"up", h_script},
    {"up-delay", h_up_delay},
    {"up-restart", h_up_restart},
    {"user", h_string},
    {"username-as-common-name", h_username_as_cn},
    {"verb", h_verb},
    {"writepid", h_string},
    {NULL, NULL},
};
