/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - a client's credentials: the auth-user-pass username and
 * password (a file, an inline block, or asked on the terminal), the
 * static-challenge response, the private key's pass phrase (--askpass),
 * and the auth-token that stands in for the password once pushed.  The
 * management interface asks for them in src/client_mgmt_wait.c. */
#ifndef LVPN_CRED_H
#define LVPN_CRED_H

#include <stddef.h>

#include "base/err.h"
#include "proto/config/options.h"
#include "proto/session.h"

struct lvpn_cred {
	int have_creds;
	char username[256];
	char password[4096];      /* what key method 2 sends: the password, or
	                           * the server's auth-token once it pushed one */
	char real_password[4096]; /* the user's, while a token stands in */
	int have_token;
	int token_user;          /* a pushed auth-token-user replaced username */
	char real_username[256]; /* the user's, while token_user */
	int forgotten;           /* auth-nocache: the password was wiped */
};

/* Asks prompt on the terminal and reads one line into out (n bytes, the
 * line end cut); echo off when secret.  Without a controlling terminal the
 * answer is read from standard input (as OpenVPN's console falls back to
 * stdin).
 * Errors: LVPN_ERR_IO (nothing could be read). */
LVPN_MUST_CHECK int lvpn_cred_ask(const char *prompt, char *out, size_t n, int secret);

/* Loads the username and password of --auth-user-pass into c (after
 * wiping what c held): the file or inline block (username on the first
 * line, password on the second), the missing parts asked on the terminal
 * (or standard input without one), unless --management-query-passwords
 * leaves them to the management interface; with --static-challenge the
 * response is asked and the password becomes "SCRV1:...".  Without
 * auth-user-pass, or on a server, c stays empty.
 * Errors: LVPN_ERR_CONFIG (unreadable file, no username, too long, no
 * terminal to ask on; err names the option), LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_cred_load(struct lvpn_cred *c, const struct lvpn_options *o, char *err,
                                   size_t errsize);

/* --askpass: the private key's pass phrase, the first line of the file
 * named, or asked on the terminal when none is; in *pass (malloc'd, the
 * caller wipes and frees it), NULL without askpass.
 * Errors: LVPN_ERR_CONFIG (unreadable file, nothing read), LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_cred_askpass(const struct lvpn_options *o, char **pass, char *err,
                                      size_t errsize);

/* Hands c's username and password to the session configuration sc
 * (pointers into c: the password changes in place when a token comes). */
void lvpn_cred_session(const struct lvpn_cred *c, struct lvpn_session_conf *sc);

/* Wipes every secret in c. */
void lvpn_cred_wipe(struct lvpn_cred *c);

#endif
