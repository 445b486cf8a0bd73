/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the client's script environment as OpenVPN 2.6 builds it: one
 * set of variables per connection attempt (OpenVPN's per-instance env_set),
 * filled as the session goes and seen by every script of that attempt.
 *
 *   start        config, verb, daemon, daemon_log_redirect,
 *                daemon_start_time, daemon_pid, proto_N, local_N,
 *                local_port_N, remote_N, remote_port_N (one N per
 *                connection entry, from 1) and the config's setenv
 *                variables (options.c setenv_settings)
 *   each certificate of the server's chain, as OpenSSL accepts it:
 *                untrusted_ip/_port, tls_id_N, X509_N_*, tls_serial_N,
 *                tls_serial_hex_N, tls_digest_N, tls_digest_sha256_N,
 *                common_name at depth 0; then --tls-verify runs with
 *                "depth subject" appended (ssl_verify.c verify_cert)
 *   connected    trusted_ip/_port; --ipchange runs with one argument
 *                "[AF_INET]addr port" (socket.c
 *                link_socket_connection_initiated)
 *   up, route-up, route-pre-down, down: src/client_net.c
 */
#ifndef LVPN_CLIENT_ENV_H
#define LVPN_CLIENT_ENV_H

#include "crypto/tls.h"

struct client;
struct lvpn_conn;

/* Empties c->env and sets the variables of the start.  Returns 0, or -1
 * (logged) if the set is full. */
int lvpn_cenv_start(struct client *c);

/* OpenVPN's proto2ascii short form of ce's protocol: udp, udp4, udp6,
 * tcp-client, tcp4-client, ... */
const char *lvpn_cenv_proto_name(const struct lvpn_conn *ce);

/* The TLS verify hook (struct lvpn_tls_conf verify, arg the client): sets
 * the certificate's variables and runs --tls-verify.  Returns 0 to accept,
 * 1 to refuse (the script exited non-zero or could not run). */
int lvpn_cenv_verify(void *arg, const struct lvpn_tls_cert_info *ci);

/* The server is authenticated: trusted_* set, --ipchange run.  Returns the
 * script's exit status (0 without one), -1 if it could not run. */
int lvpn_cenv_connected(struct client *c);

#endif
