/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the server's per-client hooks: the environment OpenVPN 2.6
 * gives its server scripts (ssl_verify.c, multi.c), client-config-dir and
 * --client-connect / --client-disconnect.  Internal to the server. */
#ifndef LVPN_SRV_HOOKS_H
#define LVPN_SRV_HOOKS_H

#include "crypto/tls.h"
#include "src/ccd.h"
#include "src/script.h"

struct server;

#define SRV_SCRIPT_TIMEOUT_MS 30000
#define SRV_ENV_CAP           512
#define SRV_ENV_ENTRY         1024

/* Fills env with what OpenVPN gives a server script about client slot:
 * the certificate chain (tls_id_N, X509_N_*, tls_serial_N,
 * tls_serial_hex_N, tls_digest_sha256_N), common_name, untrusted_ip /
 * untrusted_port (trusted_* too once authenticated; *_ip6 for IPv6),
 * username, IV_* / UV_* from peer-info, the server's dev and ifconfig_*,
 * the client's ifconfig_pool_* addresses once it has them, time_unix /
 * time_ascii, daemon, verb and the config's setenv variables.
 * Returns 0 or LVPN_ERR_BUFSIZE (env full). */
int srv_hooks_env(struct server *sv, int slot, struct lvpn_env *env);

/* Runs cmd of type (e.g. "user-pass-verify") with env and the optional
 * argument arg.  Returns the script's exit status, or -1 when it could not
 * run (not allowed, bad command, timeout). */
int srv_hooks_run(struct server *sv, const char *type, const char *cmd, const char *arg,
                  struct lvpn_env *env);

/* Reads the client's client-config-dir file into *ccd (cleared first; the
 * caller frees it with lvpn_ccd_free()).  Returns 0 (go on) or -1 (refuse
 * the client: `disable`, ccd-exclusive without a file, unreadable file). */
int srv_hooks_ccd(struct server *sv, int slot, struct lvpn_ccd *ccd);

/* Runs --client-connect (if set) once the client's addresses are chosen;
 * the directives it writes into its file are added to *ccd as ccd lines.
 * Returns 0 (go on) or -1 (refuse: non-zero exit, could not run,
 * `disable`). */
int srv_hooks_client_connect(struct server *sv, int slot, struct lvpn_ccd *ccd);

/* The --tls-verify hook of the server's TLS context (arg: the server):
 * for each certificate of the chain of the client sv->verifying, after
 * OpenSSL accepted it, runs the script with "depth subject" and the
 * environment OpenVPN gives it (untrusted_ip/port, the X509_n_*, tls_id_n
 * ... of the chain so far, common_name at depth 0; peer_cert with
 * --tls-export-cert, which also runs without --tls-verify: certexport.h).
 * Returns 0 to accept,
 * 1 to refuse (non-zero exit, could not run, no client). */
int srv_hooks_tls_verify(void *arg, const struct lvpn_tls_cert_info *ci);

/* The client's address against the constraint OpenVPN 2.6 keeps (the
 * --server network with topology subnet, else --ifconfig-push-constraint):
 * outside it, logs the error 2.6 logs (multi.c: "MULTI ERROR: primary
 * virtual IP ... violates tunnel network/netmask constraint") and, as 2.6,
 * lets the client connect.  Returns 1 when it is outside, else 0. */
int srv_hooks_constraint(struct server *sv, int slot);

/* max-routes-per-client (the server's, or the client's ccd's): 1 when
 * client slot may have one more route (*count is counted up), else 0 after
 * logging 2.6's "MULTI ROUTE: route quota (N) exceeded for ... (see
 * --max-routes-per-client option)" (multi.h route_quota_test). */
int srv_hooks_route_quota(struct server *sv, int slot, const struct lvpn_ccd *ccd, int *count);

/* The client is going: runs --client-disconnect if its connection had been
 * established (client-connect succeeded). */
void srv_hooks_disconnect(struct server *sv, int slot);

#endif
