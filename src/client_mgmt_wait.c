/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the client's management interface: the waits (hold, the
 * questions for credentials and the key's pass phrase) and auth-retry
 * (see client_mgmt.h). */
#include "src/client_mgmt_int.h"

#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>

#include "base/wipe.h"
#include "src/client_env.h"
#include "src/proxy.h"

/* --- waiting --- */

/* Serves signals and the interface a second at a time until done(g). */
static enum outcome wait_for(struct client *c, int (*done)(struct lvpn_cmgmt *g))
{
	while (!done(c->mgmt)) {
		enum outcome o = lvpn_client_backoff(c, 1);

		if (o == STOP || c->stopping)
			return STOP;
		if (c->restart_now)
			return RESTART;
	}
	return GO_ON;
}

static int released(struct lvpn_cmgmt *g)
{
	return !lvpn_mgmt_held(g->m);
}

static int answered(struct lvpn_cmgmt *g)
{
	return lvpn_mgmt_answered(g->m);
}

enum outcome lvpn_cmgmt_hold(struct client *c)
{
	if (!c->mgmt || !lvpn_mgmt_held(c->mgmt->m))
		return GO_ON;
	LVPN_LOG(c->lg, LVPN_LOG_NOTE, "Need hold release from management interface, waiting...");
	/* SIGUSR1/SIGHUP are ignored while holding: only a stop ends it */
	for (;;) {
		enum outcome o = wait_for(c, released);

		if (o != RESTART)
			return o;
	}
}

static int remote_answered(struct lvpn_cmgmt *g)
{
	const char *h, *p;
	int skip;

	return lvpn_mgmt_remote_answer(g->m, &skip, &h, &p) != LVPN_MGMT_REMOTE_WAIT;
}

enum outcome lvpn_cmgmt_remote(struct client *c, const struct lvpn_conn *ce,
                               const struct lvpn_conn **use, int *skip)
{
	struct lvpn_cmgmt *g = c->mgmt;
	const char *host, *port;
	enum outcome o;

	*use = ce;
	*skip = 0;
	if (!g || !c->o->management_query_remote)
		return GO_ON;
	if (lvpn_mgmt_remote_ask(g->m, ce->remote ? ce->remote : "",
	                         ce->remote_port ? ce->remote_port : ce->port,
	                         lvpn_cenv_proto_name(ce)))
		return GO_ON;
	o = wait_for(c, remote_answered);
	if (o == GO_ON) {
		switch (lvpn_mgmt_remote_answer(g->m, skip, &host, &port)) {
		case LVPN_MGMT_REMOTE_SKIP:
			*use = NULL;
			if (*skip < 1)
				*skip = 1;
			break;
		case LVPN_MGMT_REMOTE_MOD:
			/* 2.6 keeps the new host and port for this attempt */
			g->mod = *ce;
			snprintf(g->mod_host, sizeof(g->mod_host), "%s", host);
			snprintf(g->mod_port, sizeof(g->mod_port), "%s", port);
			g->mod.remote = g->mod_host;
			g->mod.remote_port = g->mod_port;
			*use = &g->mod;
			break;
		default:
			break;
		}
	}
	lvpn_mgmt_remote_end(g->m);
	return o;
}

static int proxy_answered(struct lvpn_cmgmt *g)
{
	const char *h, *p;
	int nct;

	return lvpn_mgmt_proxy_answer(g->m, &h, &p, &nct) != LVPN_MGMT_PROXY_WAIT;
}

enum outcome lvpn_cmgmt_proxy(struct client *c, const struct lvpn_conn *ce, int idx,
                              const struct lvpn_conn **use)
{
	struct lvpn_cmgmt *g = c->mgmt;
	const char *host, *port;
	enum lvpn_mgmt_proxy a;
	enum outcome o;
	int nct = 0;

	*use = ce;
	if (!g || !c->o->management_query_proxy || c->o->management_query_remote)
		return GO_ON;
	if (lvpn_mgmt_proxy_ask(g->m, idx + 1, ce->proto == LVPN_PROTO_UDP,
	                        ce->remote ? ce->remote : ""))
		return GO_ON;
	o = wait_for(c, proxy_answered);
	a = o == GO_ON ? lvpn_mgmt_proxy_answer(g->m, &host, &port, &nct) : LVPN_MGMT_PROXY_NONE;
	if (a == LVPN_MGMT_PROXY_HTTP || a == LVPN_MGMT_PROXY_SOCKS) {
		g->mod = *ce;
		snprintf(g->mod_host, sizeof(g->mod_host), "%s", host);
		snprintf(g->mod_port, sizeof(g->mod_port), "%s", port);
		if (a == LVPN_MGMT_PROXY_HTTP) {
			g->mod.proxy.http_server = g->mod_host;
			g->mod.proxy.http_port = g->mod_port;
			g->mod.proxy.http_auto =
			    nct ? 2 : 1; /* 2.6: auth_retry PAR_NCT or PAR_ALL */
		} else {
			g->mod.proxy.socks_server = g->mod_host;
			g->mod.proxy.socks_port = g->mod_port;
		}
		*use = &g->mod;
	}
	lvpn_mgmt_proxy_end(g->m);
	return o;
}

enum outcome lvpn_cmgmt_pause(struct client *c, unsigned secs)
{
	if (c->mgmt && lvpn_mgmt_hold(c->mgmt->m, (int)secs)) {
		LVPN_LOG(c->lg, LVPN_LOG_NOTE,
		         "Need hold release from management interface, waiting...");
		return lvpn_cmgmt_hold(c);
	}
	LVPN_LOG(c->lg, LVPN_LOG_INFO, "Restart pause, %u second(s)", secs);
	return lvpn_client_backoff(c, secs);
}

/* Asks kind/type and waits for the answer into user/pass. */
static enum outcome ask(struct client *c, enum lvpn_mgmt_ask kind, const char *type,
                        const char *extra, char *user, size_t ucap, char *pass, size_t pcap)
{
	struct lvpn_cmgmt *g = c->mgmt;
	enum outcome o;

	if (lvpn_mgmt_ask(g->m, kind, type, extra)) {
		LVPN_LOG(c->lg, LVPN_LOG_ERR, "MANAGEMENT: cannot ask for '%s'", type);
		c->exit_code = EXIT_ERROR;
		return STOP;
	}
	LVPN_LOG(c->lg, LVPN_LOG_NOTE, "Need password(s) from management interface, waiting...");
	o = wait_for(c, answered);
	if (o == GO_ON)
		lvpn_mgmt_answer(g->m, user, ucap, pass, pcap);
	else
		lvpn_mgmt_ask_end(g->m);
	return o;
}

enum outcome lvpn_cmgmt_creds(struct client *c)
{
	struct lvpn_cred *cr = &c->cred;
	char sc[600];
	enum outcome o;

	if (!c->mgmt || !c->o->management_query_passwords || !c->o->auth_user_pass_set ||
	    cr->have_creds || cr->have_token)
		return GO_ON;
	if (c->o->static_challenge)
		snprintf(sc, sizeof(sc), "SC:%d,%s", c->o->static_challenge_echo ? 1 : 0,
		         c->o->static_challenge);
	o = ask(c, LVPN_MGMT_ASK_USERPASS, "Auth", c->o->static_challenge ? sc : NULL, cr->username,
	        sizeof(cr->username), cr->password, sizeof(cr->password));
	if (o != GO_ON)
		return o;
	/* with a static challenge the answer is already "SCRV1:...", as the
	 * management client builds it (management-notes.txt) */
	cr->have_creds = 1;
	cr->forgotten = 0;
	return GO_ON;
}

enum outcome lvpn_cmgmt_proxy_creds(struct client *c, const struct lvpn_conn *ce)
{
	const char *kind = lvpn_proxy_wants_terminal(&c->link, c->o, ce);
	char user[256], pass[256];
	enum outcome o;

	if (!c->mgmt || !c->o->management_query_passwords || !kind)
		return GO_ON;
	o = ask(c, LVPN_MGMT_ASK_USERPASS, kind, NULL, user, sizeof(user), pass, sizeof(pass));
	if (o == GO_ON && lvpn_proxy_keep(&c->link, user, pass) != 0)
		LVPN_LOG(c->lg, LVPN_LOG_WARN,
		         "MANAGEMENT: the '%s' username is empty or too long: asking the terminal",
		         kind);
	lvpn_wipe(user, sizeof(user));
	lvpn_wipe(pass, sizeof(pass));
	return o;
}

/* epoll interest in the link and the TUN device: off while a question
 * waits in the middle of a session (their data would wake every wait) */
static void session_fds(struct client *c, int op)
{
	struct epoll_event ev = {.events = EPOLLIN};

	if (c->link.fd >= 0) {
		ev.data.fd = c->link.fd;
		epoll_ctl(c->epfd, op, c->link.fd, &ev);
	}
	if (c->net.tun_open && !c->net.tun.null) {
		ev.data.fd = c->net.tun.fd;
		epoll_ctl(c->epfd, op, c->net.tun.fd, &ev);
	}
}

int lvpn_cmgmt_refresh(struct client *c)
{
	struct lvpn_session *s = c->s;
	char err[512];
	enum outcome o;

	if (!c->mgmt || !c->o->management_query_passwords) {
		if (lvpn_cred_load(&c->cred, c->o, err, sizeof(err))) {
			LVPN_LOG(c->lg, LVPN_LOG_WARN, "auth-nocache: %s", err);
			return -1;
		}
		return 0;
	}
	lvpn_wipe(c->cred.password, sizeof(c->cred.password));
	c->cred.have_creds = 0;
	session_fds(c, EPOLL_CTL_DEL);
	/* this runs inside the engine (key method 2 being written): a signal
	 * meanwhile must not reach the session; the loop sees c->stopping */
	c->s = NULL;
	o = lvpn_cmgmt_creds(c);
	c->s = s;
	session_fds(c, EPOLL_CTL_ADD);
	return o == GO_ON ? 0 : -1;
}

int lvpn_cmgmt_key_deferred(const struct client *c)
{
	const char *k = c->ef.conf.tls.key_pem;

	return c->o->management_addr && c->o->management_query_passwords && k &&
	       !c->ef.conf.tls.key_pass && strstr(k, "ENCRYPTED") != NULL;
}

int lvpn_cmgmt_key(struct client *c)
{
	struct lvpn_cmgmt *g = c->mgmt;

	if (!lvpn_cmgmt_key_deferred(c) || c->tls)
		return 0;
	if (!g)
		return -1;
	if (ask(c, LVPN_MGMT_ASK_PASS, "Private Key", NULL, NULL, 0, g->key_pass,
	        sizeof(g->key_pass)) != GO_ON)
		return -1;
	c->ef.conf.tls.key_pass = g->key_pass;
	if (lvpn_tls_ctx_new(&c->ef.conf.tls, &c->tls)) {
		lvpn_mgmt_notify(g->m, ">PASSWORD:Verification Failed: 'Private Key'");
		LVPN_LOG(c->lg, LVPN_LOG_ERR, "Cannot load private key (wrong password?)");
		c->ef.conf.tls.key_pass = NULL;
		return -1;
	}
	c->ef.conf.tls.key_pass = NULL; /* the key is loaded: the pass phrase goes */
	lvpn_wipe(g->key_pass, sizeof(g->key_pass));
	return 0;
}

enum outcome lvpn_cmgmt_auth_failed(struct client *c, const char *text)
{
	struct lvpn_cred *cr = &c->cred;
	const char *r = strstr(text, "AUTH_FAILED");

	switch (c->o->auth_retry) {
	case 1: /* nointeract: the same credentials again */
		return RESTART;
	case 2: /* interact */
		if (c->mgmt) {
			char line[LVPN_LOG_LINE_MAX];

			r = r && r[11] == ',' && r[12] ? r + 12 : NULL;
			if (r)
				snprintf(line, sizeof(line),
				         ">PASSWORD:Verification Failed: 'Auth' ['%s']", r);
			else
				snprintf(line, sizeof(line),
				         ">PASSWORD:Verification Failed: 'Auth'");
			lvpn_mgmt_notify(c->mgmt->m, line);
		}
		lvpn_wipe(cr->password, sizeof(cr->password));
		cr->have_creds = 0;
		cr->forgotten = 1; /* the next attempt reads or asks again */
		return RESTART;
	default:
		c->exit_code = EXIT_AUTH;
		return STOP;
	}
}
