/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - a client's credentials and the terminal prompts for them. */
#include "src/cred.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "base/wipe.h"
#include "src/client_auth.h"
#include "src/fileio.h"

static int fail(char *err, size_t errsize, const char *msg)
{
	snprintf(err, errsize, "%s", msg);
	return LVPN_ERR_CONFIG;
}

int lvpn_cred_ask(const char *prompt, char *out, size_t n, int secret)
{
	struct termios old, quiet;
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC), ok;
	FILE *f;

	if (fd < 0) {
		fprintf(stderr, "%s", prompt);
		fflush(stderr);
		if (!fgets(out, (int)n, stdin))
			return LVPN_ERR_IO;
		out[strcspn(out, "\r\n")] = '\0';
		return 0;
	}
	f = fdopen(fd, "r+");
	if (!f) {
		close(fd);
		return LVPN_ERR_IO;
	}
	fprintf(f, "%s", prompt);
	fflush(f);
	if (secret && tcgetattr(fd, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	} else {
		secret = 0;
	}
	ok = fgets(out, (int)n, f) != NULL;
	if (secret) {
		tcsetattr(fd, TCSAFLUSH, &old);
		fprintf(f, "\n");
	}
	fclose(f);
	if (!ok)
		return LVPN_ERR_IO;
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

/* static-challenge: the response is asked for (echoed if the profile
 * says so) and sent with the password as SCRV1:base64(pw):base64(resp). */
static int challenge(struct lvpn_cred *c, const struct lvpn_options *o, char *err, size_t errsize)
{
	char prompt[600], resp[1024], pw[sizeof(c->password)];
	int rc;

	if (!o->static_challenge)
		return 0;
	snprintf(prompt, sizeof(prompt), "CHALLENGE: %s ", o->static_challenge);
	if (lvpn_cred_ask(prompt, resp, sizeof(resp), !o->static_challenge_echo))
		return fail(err, errsize,
		            "option 'static-challenge': no terminal to ask for the response");
	memcpy(pw, c->password, sizeof(pw));
	rc = lvpn_client_scrv1(pw, resp, c->password, sizeof(c->password));
	lvpn_wipe(pw, sizeof(pw));
	lvpn_wipe(resp, sizeof(resp));
	if (rc)
		return fail(err, errsize,
		            "option 'static-challenge': password and response too long");
	return 0;
}

/* The username and password lines of an auth-user-pass text; 1 when the
 * password was there, 0 when not, negative when the text is unusable. */
static int from_text(struct lvpn_cred *c, const struct lvpn_options *o, char *text, size_t len,
                     char *err, size_t errsize)
{
	char *save = NULL, *user = strtok_r(text, "\r\n", &save);
	char *pass = strtok_r(NULL, "\r\n", &save);
	const struct lvpn_config_loc *l = &o->auth_user_pass.loc;
	int rc = pass ? 1 : 0;

	if (!user || strlen(user) >= sizeof(c->username) ||
	    (pass && strlen(pass) >= sizeof(c->password))) {
		snprintf(err, errsize, "%s:%d: option 'auth-user-pass': no username, or too long",
		         l->file ? l->file : "command line", l->line);
		rc = LVPN_ERR_CONFIG;
	} else {
		snprintf(c->username, sizeof(c->username), "%s", user);
		if (pass)
			snprintf(c->password, sizeof(c->password), "%s", pass);
	}
	lvpn_wipe(text, len);
	free(text);
	return rc;
}

/* auth-user-pass: what the file or block lacks is asked on the terminal. */
static int credentials(struct lvpn_cred *c, const struct lvpn_options *o, char *err, size_t errsize)
{
	int mgmt = o->management_addr && o->management_query_passwords;
	char *text = NULL;
	size_t len;
	int rc;

	if (!o->auth_user_pass_set || o->role == LVPN_ROLE_SERVER)
		return 0;
	rc = lvpn_fileio_blob(&o->auth_user_pass, "auth-user-pass", &text, &len, err, errsize);
	if (rc)
		return rc;
	if (!text && mgmt)
		return 0; /* asked on the management interface (client_mgmt.c) */
	if (text) {
		rc = from_text(c, o, text, len, err, errsize);
		if (rc < 0)
			return rc;
		if (rc == 1) {
			c->have_creds = 1;
			return challenge(c, o, err, errsize);
		}
	} else if (lvpn_cred_ask("Enter Auth Username: ", c->username, sizeof(c->username), 0)) {
		return fail(err, errsize,
		            "option 'auth-user-pass': no terminal to ask for a username");
	}
	if (mgmt)
		return 0; /* a file without the password: asked on the interface */
	if (lvpn_cred_ask("Enter Auth Password: ", c->password, sizeof(c->password), 1))
		return fail(err, errsize,
		            "option 'auth-user-pass': no terminal to ask for a password");
	c->have_creds = 1;
	return challenge(c, o, err, errsize);
}

int lvpn_cred_load(struct lvpn_cred *c, const struct lvpn_options *o, char *err, size_t errsize)
{
	int rc;

	lvpn_cred_wipe(c);
	rc = credentials(c, o, err, errsize);
	if (rc == LVPN_ERR_NOMEM)
		snprintf(err, errsize, "out of memory");
	return rc;
}

int lvpn_cred_askpass(const struct lvpn_options *o, char **pass, char *err, size_t errsize)
{
	size_t len;
	int rc;

	*pass = NULL;
	if (!o->askpass_set)
		return 0;
	if (o->askpass.data) {
		rc = lvpn_fileio_blob(&o->askpass, "askpass", pass, &len, err, errsize);
		if (rc == 0 && *pass)
			(*pass)[strcspn(*pass, "\r\n")] = '\0';
		return rc;
	}
	*pass = malloc(1024);
	if (!*pass)
		return LVPN_ERR_NOMEM;
	if (lvpn_cred_ask("Enter Private Key Password: ", *pass, 1024, 1) != 0) {
		free(*pass);
		*pass = NULL;
		return fail(err, errsize, "option 'askpass': no pass phrase read");
	}
	return 0;
}

void lvpn_cred_session(const struct lvpn_cred *c, struct lvpn_session_conf *sc)
{
	if (c->have_creds) {
		sc->username = c->username;
		sc->password = c->password;
	}
}

void lvpn_cred_wipe(struct lvpn_cred *c)
{
	lvpn_wipe(c, sizeof(*c)); /* the flags too: nothing held */
}
