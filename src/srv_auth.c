/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the server's user/password check (--auth-user-pass-verify
 * via-env|via-file, --username-as-common-name, --auth-user-pass-optional)
 * and the auth-token it hands out (--auth-gen-token, srv_token.c). */
#include "src/server_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proto/peerstr.h"
#include "src/srv_hooks.h"

/* Writes "user\npass\n" to a new 0600 file in dir; path gets its name. */
static int cred_file(const char *dir, const char *user, const char *pass, char *path, size_t n)
{
	size_t lu = strlen(user), lp = strlen(pass);
	int fd;

	if (snprintf(path, n, "%s/lvpn_up_XXXXXX", dir) >= (int)n)
		return -1;
	fd = mkstemp(path); /* mode 0600 */
	if (fd < 0)
		return -1;
	if (write(fd, user, lu) != (ssize_t)lu || write(fd, "\n", 1) != 1 ||
	    write(fd, pass, lp) != (ssize_t)lp || write(fd, "\n", 1) != 1) {
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	return 0;
}

/* Runs the auth-user-pass-verify script: 0 accepted, -1 refused. */
static int verify_script(struct server *sv, int slot, const char *user, const char *pass)
{
	const char *method = sv->o->auth_user_pass_verify_method;
	int via_file = method && strcmp(method, "via-file") == 0;
	char path[4096];
	struct lvpn_env env;
	int st = -1;

	if (lvpn_env_init(&env, SRV_ENV_CAP, SRV_ENV_ENTRY))
		return -1;
	if (srv_hooks_env(sv, slot, &env) == 0 && lvpn_env_set(&env, "username", user) == 0) {
		if (via_file) {
			if (cred_file(sv->o->tmp_dir ? sv->o->tmp_dir : "/tmp", user, pass, path,
			              sizeof(path)) == 0) {
				st = srv_hooks_run(sv, "user-pass-verify",
				                   sv->o->auth_user_pass_verify, path, &env);
				unlink(path);
			} else {
				LVPN_LOG(
				    sv->lg, LVPN_LOG_ERR,
				    "auth-user-pass-verify: cannot write the credentials file: %s",
				    strerror(errno));
			}
		} else if (lvpn_env_set(&env, "password", pass) == 0) {
			st = srv_hooks_run(sv, "user-pass-verify", sv->o->auth_user_pass_verify,
			                   NULL, &env);
		}
	}
	/* the password sat in the env's slots: wipe them */
	if (env.slots)
		lvpn_wipe(env.slots, (size_t)env.cap * env.entry_max);
	lvpn_env_free(&env);
	return st == 0 ? 0 : -1;
}

/* The credentials as OpenVPN 2.6 takes them (ssl_verify.c): control
 * characters in the username and the password become '_' before anything
 * (script, file, token check, log) sees them.  0, or -1 (too long). */
static int clean_creds(const char *user, const char *pass, char u[SRV_CRED_MAX + 1],
                       char p[SRV_CRED_MAX + 1])
{
	if (lvpn_peerstr_clean(u, SRV_CRED_MAX + 1, user, LVPN_PEERSTR_NAME) ||
	    lvpn_peerstr_clean(p, SRV_CRED_MAX + 1, pass, LVPN_PEERSTR_NAME))
		return -1;
	return 0;
}

/* Checks user/pass (cleaned; with --auth-user-pass-verify): 0 or -1. */
static int check_creds(struct server *sv, int slot, const char *user, const char *pass,
                       const char **reason)
{
	struct sclient *c = &sv->cl[slot];
	int rc;

	if (sv->o->auth_gen_token && srv_token_is(pass)) {
		rc = srv_token_verify(sv, slot, user, pass, reason);
		LVPN_LOG(sv->lg, LVPN_LOG_INFO, "%s: auth-token %s", c->cn,
		         rc ? "refused" : "accepted");
		return rc ? -1 : 0;
	}
	rc = verify_script(sv, slot, user, pass);
	LVPN_LOG(sv->lg, rc ? LVPN_LOG_WARN : LVPN_LOG_INFO, "%s: TLS Auth %s: username '%s'",
	         c->cn,
	         rc ? "Error: Auth Username/Password verification failed"
	            : "Username/Password authentication succeeded",
	         user);
	return rc;
}

int srv_auth_check(struct server *sv, int slot, const char **reason)
{
	struct sclient *c = &sv->cl[slot];
	const char *user = NULL, *pass = NULL;
	char u[SRV_CRED_MAX + 1] = "", p[SRV_CRED_MAX + 1] = "";
	int too_long = 0, rc;

	*reason = NULL;
	if (c->authed)
		return 0;
	lvpn_session_peer_creds(c->s, &user, &pass, &too_long);
	/* Without --auth-user-pass-verify the username is not looked at and
	 * the status shows UNDEF, as OpenVPN 2.6 does (which still refuses
	 * over-long credentials). */
	if (!sv->o->auth_user_pass_verify && !too_long) {
		c->authed = 1;
		lvpn_session_wipe_creds(c->s);
		return 0;
	}
	if (sv->o->auth_user_pass_optional && (!user || !pass)) {
		/* no credentials: the script decides from the rest (2.6) */
		user = user ? user : "";
		pass = pass ? pass : "";
	}
	if (too_long || (user && pass && clean_creds(user, pass, u, p))) {
		LVPN_LOG(sv->lg, LVPN_LOG_WARN, "%s: username or password too long", c->cn);
		rc = -1;
	} else if (!user || !pass) {
		LVPN_LOG(sv->lg, LVPN_LOG_WARN, "%s: no username/password: refused", c->cn);
		rc = -1;
	} else {
		rc = check_creds(sv, slot, u, p, reason);
	}
	lvpn_session_wipe_creds(c->s);
	lvpn_wipe(p, sizeof(p));
	if (rc)
		return -1;
	c->authed = 1;
	snprintf(c->user, sizeof(c->user), "%s", u); /* shown; longer ones cut */
	if (sv->o->username_as_common_name && c->user[0])
		snprintf(c->cn, sizeof(c->cn), "%.*s", (int)sizeof(c->cn) - 1, c->user);
	return 0;
}

/* With --auth-gen-token: adds "auth-token TOKEN" to the push list of an
 * authenticated client that sent a username (storage in c). */
void srv_auth_push(struct server *sv, int slot, const char **opts, size_t *n)
{
	struct sclient *c = &sv->cl[slot];

	if (!sv->o->auth_gen_token || !sv->o->auth_user_pass_verify || !c->authed || *n >= PUSH_MAX)
		return;
	memcpy(c->tok_push, "auth-token ", 11);
	if (srv_token_make(sv, slot, c->tok_push + 11, sizeof(c->tok_push) - 11) == 0)
		opts[(*n)++] = c->tok_push;
}

/* After each renegotiation a fresh token (same session, new time) goes to
 * the client as "PUSH_REPLY,auth-token ...", as OpenVPN 2.6 sends it, so a
 * client that reconnects much later still holds a valid one. */
void srv_auth_renew(struct server *sv, int slot, uint64_t now)
{
	struct sclient *c = &sv->cl[slot];
	char msg[sizeof(c->tok_push) + 16];

	if (!sv->o->auth_gen_token || !sv->o->auth_user_pass_verify || !c->authed || !c->tok_have)
		return;
	memcpy(msg, "PUSH_REPLY,auth-token ", 22);
	if (srv_token_make(sv, slot, msg + 22, sizeof(msg) - 22) ||
	    lvpn_session_send_control(c->s, msg, now))
		LVPN_LOG(sv->lg, LVPN_LOG_WARN, "%s: the renewed auth-token could not be sent",
		         c->cn);
	lvpn_wipe(msg, sizeof(msg));
}

/* Each renegotiation carries the password (or the auth-token) again and
 * is checked again, as OpenVPN 2.6 does; a refusal sends AUTH_FAILED and
 * frees the client.  Returns 0 when the client may stay. */
int srv_auth_again(struct server *sv, int slot, uint64_t now)
{
	struct sclient *c = &sv->cl[slot];
	const char *reason = NULL;

	if (!sv->o->auth_user_pass_verify || !c->authed)
		return 0;
	c->authed = 0;
	if (srv_auth_check(sv, slot, &reason) == 0)
		return 0;
	LVPN_LOG(sv->lg, LVPN_LOG_WARN, "%s: refused on renegotiation", c->cn);
	/* the old key still works: tell the client, then end it here */
	if (lvpn_session_auth_failed(c->s, reason, now) == 0)
		srv_flush(sv, c, now);
	srv_client_free(sv, slot);
	return -1;
}
