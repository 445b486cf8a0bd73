/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the client's management interface (OpenVPN 2.6's
 * doc/management-notes.txt, client side): the shared src/mgmt module with
 * the client's callbacks, and the hooks the client calls.
 *
 * What a management client sees: >STATE (CONNECTING, TCP_CONNECT, WAIT,
 * AUTH, GET_CONFIG, ASSIGN_IP, ADD_ROUTES, CONNECTED, RECONNECTING,
 * EXITING), >LOG, >BYTECOUNT, >HOLD with --management-hold, >PASSWORD
 * queries with --management-query-passwords ('Auth', with SC: for a
 * static challenge; 'Private Key'), ">PASSWORD:Verification Failed:
 * 'Auth'" after AUTH_FAILED, >FATAL before a fatal exit; `signal`,
 * `status`, `forget-passwords` act on the client.
 *
 * Waiting (hold, a password) runs lvpn_client_backoff() a second at a
 * time: signals and the management sockets are served meanwhile.  Every
 * hook is a no-op without --management. */
#ifndef LVPN_CLIENT_MGMT_H
#define LVPN_CLIENT_MGMT_H

#include "src/client_int.h"

/* Opens the interface (--management): the socket, the password file,
 * --management-client-user/-group, the log copy for `log`; adds it to
 * c->epfd; reports CONNECTING.  Returns 0, or -1 after logging why. */
int lvpn_cmgmt_open(struct client *c);

/* Reports EXITING (if not yet), or >FATAL with the last error when the
 * exit is an error (EXIT_ERROR), and closes the interface. */
void lvpn_cmgmt_close(struct client *c);

/* 1 if fd is the interface's (an event for lvpn_cmgmt_handle()). */
int lvpn_cmgmt_is_fd(const struct client *c, int fd);

/* Serves the management connections.  Returns 1 when what a wait waited
 * for came (hold released, query answered), else 0. */
int lvpn_cmgmt_handle(struct client *c);

/* Hooks of the session loop: a new attempt to ce (TCP_CONNECT), each
 * engine event before the client acts on it (GET_CONFIG, the reason of a
 * restart), and the end of each loop turn (WAIT, AUTH, ASSIGN_IP,
 * ADD_ROUTES, CONNECTED, >BYTECOUNT). */
void lvpn_cmgmt_attempt(struct client *c, const struct lvpn_conn *ce);
void lvpn_cmgmt_event(struct client *c, const struct lvpn_event *ev);
void lvpn_cmgmt_tick(struct client *c);

/* The session ended with r: RECONNECTING or EXITING with the reason. */
void lvpn_cmgmt_ended(struct client *c, enum outcome r);

/* --management-query-remote before a connection to *ce: ">REMOTE:host,port,
 * proto", then waits for the answer (signals are served meanwhile).
 * Returns GO_ON with *use the entry to connect to (ce, or a copy whose
 * remote and port the answer changed, valid until the next call) or NULL
 * and *skip (>= 1 entries to pass over); STOP or RESTART for a signal. */
enum outcome lvpn_cmgmt_remote(struct client *c, const struct lvpn_conn *ce,
                               const struct lvpn_conn **use, int *skip);

/* --management-query-proxy (without --management-query-remote, as 2.6)
 * before a connection to *ce, entry idx: ">PROXY:idx+1,UDP|TCP,host", then
 * waits for the answer.  Returns GO_ON with *use the entry to connect with
 * (ce, or a copy with the HTTP or SOCKS proxy the answer named, valid until
 * the next call); STOP or RESTART for a signal. */
enum outcome lvpn_cmgmt_proxy(struct client *c, const struct lvpn_conn *ce, int idx,
                              const struct lvpn_conn **use);

/* --management-up-down, as OpenVPN's management_up_down: ">UPDOWN:UP"
 * (the tunnel is set up, routes added) or ">UPDOWN:DOWN" (before it is
 * closed), then ">UPDOWN:ENV,name=value" for each variable of the
 * scripts' environment and ">UPDOWN:ENV,END". */
void lvpn_cmgmt_updown(struct client *c, const char *updown);

/* The start-up hold (--management-hold): waits for `hold release`.
 * Returns GO_ON, or STOP after SIGTERM/SIGINT. */
enum outcome lvpn_cmgmt_hold(struct client *c);

/* The pause before the next attempt: with the hold flag on, holds instead
 * (">HOLD:Waiting for hold release:secs", no pause after the release);
 * otherwise lvpn_client_backoff(c, secs). */
enum outcome lvpn_cmgmt_pause(struct client *c, unsigned secs);

/* Before an attempt: --management-query-passwords and no username and
 * password yet: asks for them and waits.  GO_ON, RESTART (SIGUSR1/SIGHUP
 * while waiting) or STOP. */
enum outcome lvpn_cmgmt_creds(struct client *c);

/* Before an attempt through an HTTP proxy whose credentials would be
 * asked on the terminal ('stdin'), with --management-query-passwords:
 * asks ">PASSWORD:Need 'HTTP Proxy' username/password" instead, as
 * OpenVPN does, and keeps the answer for the link.  GO_ON, RESTART or
 * STOP. */
enum outcome lvpn_cmgmt_proxy_creds(struct client *c, const struct lvpn_conn *ce);

/* auth-nocache without a token, in the middle of a session (a
 * renegotiation needs the password again): with
 * --management-query-passwords asks for it as OpenVPN does, the link and
 * the TUN device left unread meanwhile; otherwise reads the file or the
 * terminal (lvpn_cred_load()).  Returns 0, or -1 (no answer: a
 * signal came, or the file cannot be read). */
int lvpn_cmgmt_refresh(struct client *c);

/* 1 if the TLS context must wait for lvpn_cmgmt_key() (an encrypted key
 * and --management-query-passwords). */
int lvpn_cmgmt_key_deferred(const struct client *c);

/* Asks for the 'Private Key' password if lvpn_cmgmt_key_deferred() and
 * creates c->tls with it; a wrong one is reported as ">PASSWORD:
 * Verification Failed: 'Private Key'".  Returns 0 or -1 (logged). */
int lvpn_cmgmt_key(struct client *c);

/* AUTH_FAILED (not an expired token): --auth-retry none exits
 * (EXIT_AUTH); nointeract retries with the same credentials; interact
 * forgets them (asked again: on the management interface, which first
 * gets ">PASSWORD:Verification Failed: 'Auth' ['reason']", or the
 * terminal).  text is the engine's event text. */
enum outcome lvpn_cmgmt_auth_failed(struct client *c, const char *text);

#endif
