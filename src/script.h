/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - OpenVPN-compatible external scripts (--up, --down, --route-up,
 * --route-pre-down) and their environment.
 *
 * As OpenVPN 2.6 does it (run_command.c, argv.c, init.c run_up_down):
 *   - the command string is split into argv with the config-file quoting
 *     rules (spaces separate, "..." and '...' quote, backslash escapes a
 *     backslash, a double quote or a space), never through a shell;
 *   - up/down/route-pre-down get appended: dev tun_mtu 0 ifconfig_local
 *     ifconfig_remote|netmask init|restart (the 0 replaced link_mtu in
 *     2.6); route-up gets nothing appended;
 *   - argv[0] is run with execve as given (no PATH search); the
 *     environment is exactly the env set (nothing inherited);
 *   - --script-security: 0 no external programs, 1 built-ins only (no user
 *     scripts), 2 user scripts, 3 also variables named password* in the env.
 */
#ifndef LVPN_SCRIPT_H
#define LVPN_SCRIPT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "base/err.h"
#include "base/log.h"
#include "src/netcfg.h"

enum lvpn_ssec {
	LVPN_SSEC_NONE = 0,
	LVPN_SSEC_BUILTIN = 1,
	LVPN_SSEC_SCRIPTS = 2,
	LVPN_SSEC_PW_ENV = 3,
};

/* A set of name=value strings: cap entries of at most entry_max bytes
 * each ("name=value" plus NUL).  cap is the initial capacity; the set
 * doubles it when full (up to LVPN_ENV_MAX entries), so what it holds
 * (e.g. one group of variables per pushed route) decides its size. */
#define LVPN_ENV_MAX 65536
struct lvpn_env {
	unsigned n, cap;
	size_t entry_max;
	char *slots; /* cap * entry_max bytes */
	char **envp; /* cap + 1 pointers, NULL-terminated view */
};

/* Allocates the set.  Errors: LVPN_ERR_INVAL (cap or entry_max 0),
 * LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_env_init(struct lvpn_env *e, unsigned cap, size_t entry_max);

/* Frees the set (safe on a zeroed struct). */
void lvpn_env_free(struct lvpn_env *e);

/* Empties the set (its entries wiped: one may hold a password); the
 * memory is kept. */
void lvpn_env_clear(struct lvpn_env *e);

/* Sets name to value, replacing an earlier value.  As OpenVPN does, bytes
 * of value that are not printable become '_'.  A full set grows.
 * Errors: LVPN_ERR_INVAL (name empty or not [A-Za-z0-9_]),
 * LVPN_ERR_BUFSIZE (does not fit entry_max, or LVPN_ENV_MAX entries),
 * LVPN_ERR_NOMEM (growing failed; the set is unchanged). */
LVPN_MUST_CHECK int lvpn_env_set(struct lvpn_env *e, const char *name, const char *value);

/* lvpn_env_set with a printf-formatted value.  Errors: as lvpn_env_set. */
LVPN_MUST_CHECK int lvpn_env_setf(struct lvpn_env *e, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Removes name (wiped) if it is set. */
void lvpn_env_unset(struct lvpn_env *e, const char *name);

/* The value of name, or NULL. */
const char *lvpn_env_get(const struct lvpn_env *e, const char *name);

/* Splits a script command string into argv (pointers into buf, which
 * receives the unquoted words).  *argc gets the word count; argv[*argc]
 * is set to NULL, so max_argv must leave room for it.
 * Errors: LVPN_ERR_CONFIG (unclosed quote, bad backslash, empty command;
 * logged), LVPN_ERR_BUFSIZE (buf or argv too small). */
LVPN_MUST_CHECK int lvpn_script_split(const char *cmd, char *buf, size_t bufsize, char **argv,
                                      unsigned max_argv, unsigned *argc, struct lvpn_log *lg);

struct lvpn_script {
	enum lvpn_ssec security;
	int timeout_ms; /* > 0: the script is killed after this long */
	struct lvpn_log *lg;
};

/* Runs cmd (split as above) with extra[0..n_extra-1] appended, in the
 * environment env plus script_type=type, waits at most s->timeout_ms,
 * and stores the exit status (0-255, or 128+signal if killed by one) in
 * *status.  Below LVPN_SSEC_PW_ENV, variables whose name starts with
 * "password" are left out.  A non-zero exit is not an error here: the
 * caller decides (an --up failure is fatal in OpenVPN).
 * Errors: LVPN_ERR_INVAL (s->timeout_ms <= 0), LVPN_ERR_CONFIG
 * (script-security below 2: refused and logged, nothing run; or a bad
 * command string), LVPN_ERR_BUFSIZE (env full or
 * too many words), LVPN_ERR_IO (fork failed), LVPN_ERR_TIMEOUT (killed
 * after the timeout; *status is set). */
LVPN_MUST_CHECK int lvpn_script_run(const struct lvpn_script *s, const char *type, const char *cmd,
                                    const char *const *extra, unsigned n_extra,
                                    struct lvpn_env *env, int *status);

/* Runs the program argv[0] (a path: no PATH search) with argv and
 * environment envp, no shell, waits at most timeout_ms and stores its
 * exit status as lvpn_script_run does; type names it in log lines.
 * Errors: LVPN_ERR_INVAL (timeout_ms <= 0), LVPN_ERR_IO (fork or waitpid
 * failed), LVPN_ERR_TIMEOUT (killed after the timeout; *status is set). */
LVPN_MUST_CHECK int lvpn_script_exec(const char *type, char *const *argv, char *const *envp,
                                     int timeout_ms, struct lvpn_log *lg, int *status);

/* The arguments OpenVPN appends for up/down/route-pre-down: dev, tun_mtu,
 * "0", ifconfig_local, ifconfig_remote (or the netmask for topology
 * subnet; both "" without ifconfig), context ("init" or "restart").
 * Strings are written into buf (at least 64 bytes); out gets 6 pointers.
 * Errors: LVPN_ERR_BUFSIZE. */
LVPN_MUST_CHECK int lvpn_script_updown_args(const struct lvpn_netplan *p, const char *dev,
                                            int tun_mtu, const char *context, char *buf,
                                            size_t bufsize, const char *out[6]);

/* The variables of the device as OpenVPN sets them before --up (init.c
 * run_up_down, tun.c do_ifconfig_setenv): dev, dev_type, tun_mtu,
 * script_context, ifconfig_local with ifconfig_remote (net30/p2p) or
 * ifconfig_netmask (subnet), ifconfig_ipv6_local/_netbits/_remote.
 * Errors: LVPN_ERR_BUFSIZE (env full). */
LVPN_MUST_CHECK int lvpn_script_env_tun(struct lvpn_env *e, const struct lvpn_netplan *p,
                                        const char *dev, int tun_mtu, const char *context);

/* The variables of the routes as OpenVPN sets them when it computes them
 * (route.c setenv_routes): route_net_gateway, route_vpn_gateway,
 * net_gateway_ipv6, route_network_N ... route_ipv6_metric_N (see below).
 * Errors: LVPN_ERR_BUFSIZE (env full), LVPN_ERR_CONFIG (a route's keyword
 * cannot be resolved). */
LVPN_MUST_CHECK int lvpn_script_env_routes(struct lvpn_env *e, const struct lvpn_netplan *p,
                                           const struct lvpn_netcfg_sys *sys, struct lvpn_log *lg);

/* The dns options of plan p as OpenVPN 2.6 on Linux hands them to
 * scripts after a PUSH_REPLY: dns_search_domain_I, dns_server_I_address_J,
 * dns_server_I_port_J, dns_server_I_resolve_domain_J, dns_server_I_dnssec,
 * dns_server_I_transport, dns_server_I_sni; and foreign_option_N for the
 * dhcp-options, where dns servers replace the dhcp-option DNS/DNS6
 * entries and dns search domains the DOMAIN-SEARCH ones.
 * Errors: LVPN_ERR_BUFSIZE (env full). */
LVPN_MUST_CHECK int lvpn_script_env_dns(struct lvpn_env *e, const struct lvpn_netplan *p);

/* The config's setenv lines as the options keep them ("NAME" or "NAME
 * VALUE", VALUE quoted with backslash escapes when it holds a space or a
 * quote): NAME=VALUE unquoted, "" without VALUE (as OpenVPN).  A name a
 * shell cannot have is left out.  Errors: LVPN_ERR_BUFSIZE (env full). */
LVPN_MUST_CHECK int lvpn_script_env_setenv(struct lvpn_env *e, char *const *lines, int n);

/* One setenv line as the options keep it (above) split into its name and
 * unquoted value, each truncated to its buffer (nsz, vsz bytes). */
void lvpn_script_setenv_split(const char *line, char *name, size_t nsz, char *value, size_t vsz);

/* setenv-safe NAME VALUE (2.6 setenv_str_safe): OPENVPN_NAME=VALUE.
 * Errors: LVPN_ERR_INVAL (OPENVPN_NAME longer than 63 characters, as 2.6
 * leaves it out, or a name a shell cannot have), LVPN_ERR_BUFSIZE (env
 * full). */
LVPN_MUST_CHECK int lvpn_script_env_safe(struct lvpn_env *e, const char *name, const char *value);

/* The config's setenv-safe lines (kept as the setenv lines above), each
 * through lvpn_script_env_safe; a name it refuses is left out.
 * Errors: LVPN_ERR_BUFSIZE (env full). */
LVPN_MUST_CHECK int lvpn_script_env_setenv_safe(struct lvpn_env *e, char *const *lines, int n);

struct lvpn_tls_cert_info;

/* The variables OpenVPN's ssl_verify.c sets for one certificate of the
 * peer's chain at depth d: tls_id_d (the subject), X509_d_<field>,
 * tls_serial_d, tls_serial_hex_d, tls_digest_d (SHA-1) and
 * tls_digest_sha256_d; subject and field values cleaned as OpenVPN does
 * (proto/peerstr.h).  Errors: LVPN_ERR_BUFSIZE (env full). */
LVPN_MUST_CHECK int lvpn_script_env_cert(struct lvpn_env *e, const struct lvpn_tls_cert_info *ci);

/* prefix_ip (IPv4) or prefix_ip6 (IPv6) and prefix_port for the address
 * sa, as OpenVPN's setenv_link_socket_actual (e.g. "trusted",
 * "untrusted").  Another family sets nothing.
 * Errors: LVPN_ERR_BUFSIZE (env full). */
LVPN_MUST_CHECK int lvpn_script_env_addr(struct lvpn_env *e, const char *prefix,
                                         const struct sockaddr *sa);

/* Sets the variables OpenVPN sets before --up / --route-up for this plan:
 * dev, dev_type, tun_mtu, script_context, ifconfig_local with
 * ifconfig_remote (net30/p2p) or ifconfig_netmask (subnet),
 * ifconfig_ipv6_local/_netbits/_remote, route_net_gateway,
 * route_vpn_gateway, net_gateway_ipv6, route_network_N/route_netmask_N/
 * route_gateway_N/route_metric_N and route_ipv6_network_N/
 * route_ipv6_gateway_N/route_ipv6_metric_N (N from 1; metric only when
 * given or defaulted by route-metric), and foreign_option_N for each of
 * foreign[] (pushed options applied by scripts, e.g. "dhcp-option DNS a").
 * Errors: LVPN_ERR_BUFSIZE (env full), LVPN_ERR_CONFIG (a route's
 * keyword cannot be resolved). */
LVPN_MUST_CHECK int lvpn_script_env_netcfg(struct lvpn_env *e, const struct lvpn_netplan *p,
                                           const struct lvpn_netcfg_sys *sys, const char *dev,
                                           int tun_mtu, const char *context,
                                           const char *const *foreign, unsigned n_foreign,
                                           struct lvpn_log *lg);

#endif
