/* SPDX-License-Identifier: BSD-2-Clause */
/* Secret hygiene on the server (Quarkslab 2017 finding 5.4, PIA OVPN-01):
 * the engine's copy of a client's password is zeroed on every way out of
 * the server's check (src/srv_auth.c srv_auth_check: no script, accepted,
 * refused, auth-token accepted or refused, via-file) and when the session
 * dies before the check (silence, exit, TLS error: lvpn_sess_fatal), so it
 * never waits for the session's free.  The sessions are real engines
 * after a handshake (tests/unit/session_pair.h); the scripts are stubs
 * (the frontend's hooks are replaced here). */
#include "src/server_int.h"
#undef PKT_MAX /* the server's; the pair of engines has its own */

#include "tests/unit/session_pair.h"

#include <stdio.h>
#include <unistd.h>

#include "proto/kem2.h"
#include "src/srv_hooks.h"

static struct lvpn_options opts;
static struct sclient cls[2];
static struct server sv;
static int script_status;     /* what the stub verify script answers */
static char script_pass[256]; /* the password the script was given */

/* --- the frontend's hooks, as stubs --- */

int srv_hooks_env(struct server *s, int slot, struct lvpn_env *e)
{
	(void)s;
	(void)slot;
	(void)e;
	return 0;
}

int srv_hooks_run(struct server *s, const char *type, const char *cmd, const char *arg,
                  struct lvpn_env *env)
{
	(void)s;
	(void)type;
	(void)cmd;
	(void)env;
	script_pass[0] = '\0';
	if (arg) { /* via-file: "user\npass\n" */
		char buf[512] = "";
		FILE *f = fopen(arg, "r");

		assert_non_null(f);
		assert_true(fread(buf, 1, sizeof(buf) - 1, f) > 0);
		fclose(f);
		sscanf(buf, "%*[^\n]\n%255[^\n]", script_pass);
		snprintf(script_pass + strlen(script_pass),
		         sizeof(script_pass) - strlen(script_pass), "@%s", arg);
	}
	return script_status;
}

void srv_client_free(struct server *s, int slot)
{
	(void)s;
	cls[slot].s = NULL;
}

void srv_flush(struct server *s, struct sclient *c, uint64_t now)
{
	(void)s;
	(void)c;
	(void)now;
}

/* --- helpers --- */

static void server_with(const char *verify)
{
	memset(&opts, 0, sizeof(opts));
	memset(cls, 0, sizeof(cls));
	memset(&sv, 0, sizeof(sv));
	opts.auth_user_pass_verify = (char *)verify;
	opts.reneg_sec = 3600;
	sv.o = &opts;
	sv.cl = cls;
	sv.max = 2;
	script_status = 0;
}

/* A connected pair whose server session holds the client's password;
 * returns that storage (LVPN_KEM2_USERPASS_MAX bytes).  ping_restart:
 * the server's (s); exit: the client's explicit-exit-notify. */
static const char *pair_with(struct spair *p, const char *user, const char *pass,
                             uint32_t ping_restart, uint32_t exit)
{
	const char *u, *pw;
	int too_long;

	spair_init(p, "ca", "server-rsa", "client-rsa");
	p->s.conf.ping_restart = ping_restart;
	p->c.conf.explicit_exit_notify = exit;
	p->c.conf.username = user;
	p->c.conf.password = pass;
	spair_start(p);
	assert_true(spair_run(p, 30));
	lvpn_session_peer_creds(p->s.s, &u, &pw, &too_long);
	assert_string_equal(pw, pass);
	cls[0].s = p->s.s;
	cls[0].used = 1;
	return pw;
}

static const char *pair_with_password(struct spair *p, const char *user, const char *pass)
{
	return pair_with(p, user, pass, 0, 0);
}

static void assert_wiped(const char *pw)
{
	for (size_t i = 0; i < LVPN_KEM2_USERPASS_MAX; i++)
		if (pw[i] != 0)
			fail_msg("password byte %zu not wiped", i);
}

static void check_and_wipe(const char *verify, int status, int want)
{
	struct spair p;
	const char *pw, *reason = NULL;

	server_with(verify);
	pw = pair_with_password(&p, "alice", "s3cret-pass");
	script_status = status;
	assert_int_equal(srv_auth_check(&sv, 0, &reason), want);
	assert_wiped(pw);
	spair_free(&p);
}

/* --- tests --- */

static void no_script(void **state)
{
	(void)state;
	check_and_wipe(NULL, 0, 0);
	assert_int_equal(cls[0].authed, 1);
}

static void script_accepts_or_refuses(void **state)
{
	(void)state;
	check_and_wipe("verify", 0, 0);
	assert_string_equal(cls[0].user, "alice");
	check_and_wipe("verify", 1, -1);
	assert_int_equal(cls[0].authed, 0);
}

static void via_file_removed(void **state)
{
	struct spair p;
	const char *pw, *reason = NULL;
	char path[256];

	(void)state;
	server_with("verify");
	opts.auth_user_pass_verify_method = "via-file";
	opts.tmp_dir = "/tmp";
	pw = pair_with_password(&p, "alice", "s3cret-pass");
	assert_int_equal(srv_auth_check(&sv, 0, &reason), 0);
	assert_wiped(pw);
	/* the script read the password from the file, which is gone */
	assert_non_null(strchr(script_pass, '@'));
	snprintf(path, sizeof(path), "%s", strchr(script_pass, '@') + 1);
	*strchr(script_pass, '@') = '\0';
	assert_string_equal(script_pass, "s3cret-pass");
	assert_int_equal(access(path, F_OK), -1);
	spair_free(&p);
}

static void auth_token_accepted_or_refused(void **state)
{
	struct spair p;
	const char *pw, *reason = NULL;
	char tok[128];

	(void)state;
	server_with("verify");
	opts.auth_gen_token = 1;
	assert_int_equal(srv_token_setup(&sv), 0);
	snprintf(cls[1].user, sizeof(cls[1].user), "alice");
	assert_int_equal(srv_token_make(&sv, 1, tok, sizeof(tok)), 0);
	pw = pair_with_password(&p, "alice", tok);
	assert_int_equal(srv_auth_check(&sv, 0, &reason), 0);
	assert_wiped(pw);
	spair_free(&p);
	/* a token for another user */
	pw = pair_with_password(&p, "bob", tok);
	cls[0].authed = 0;
	assert_int_equal(srv_auth_check(&sv, 0, &reason), -1);
	assert_wiped(pw);
	spair_free(&p);
}

/* The session ends before the frontend checks anything (its PUSH_REQUEST
 * never came): ping-restart, then an exit notification. */
static void session_death_wipes(void **state)
{
	struct spair p;
	const char *pw;

	(void)state;
	server_with("verify");
	pw = pair_with(&p, "alice", "s3cret-pass", 5, 0);
	for (int i = 0; i < 700 && !p.s.restart; i++) {
		p.now += 10; /* the server alone: the client is silent */
		if (lvpn_session_deadline(p.s.s) <= p.now) {
			int rc = lvpn_session_tick(p.s.s, p.now);

			(void)rc;
		}
		side_events(&p, &p.s);
	}
	assert_int_equal(p.s.restart, 1);
	assert_wiped(pw);
	spair_free(&p);
	/* the client leaves */
	pw = pair_with(&p, "alice", "s3cret-pass", 0, 1);
	lvpn_session_close(p.c.s, p.now);
	for (int k = 0; k < 100 && !p.s.exit_; k++)
		spair_step(&p);
	assert_int_equal(p.s.exit_, 1);
	assert_wiped(pw);
	spair_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(no_script),           cmocka_unit_test(script_accepts_or_refuses),
	    cmocka_unit_test(via_file_removed),    cmocka_unit_test(auth_token_accepted_or_refused),
	    cmocka_unit_test(session_death_wipes),
	};
	return cmocka_run_group_tests_name("srv_auth_wipe", tests, NULL, NULL);
}
