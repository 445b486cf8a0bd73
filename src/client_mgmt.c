/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the client's management interface (see client_mgmt.h). */
#include "src/client_mgmt_int.h"

#include <arpa/inet.h>
#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "base/wipe.h"
#include "proto/config/push.h"

#include "config.h"
#include "src/mgmt.h"
#include "src/mgmt_setup.h"

#define TITLE PACKAGE_NAME " " PACKAGE_VERSION " (OpenVPN 2.6 compatible)"

static uint32_t unix_now(void)
{
	return (uint32_t)time(NULL);
}

/* ">STATE:" body: STATE,desc,tun IPv4,remote ip,port,local ip,port[,IPv6]
 * (OpenVPN's log_entry_print with an absent address as ",") */
static void state(struct lvpn_cmgmt *g, const char *name, const char *desc, const char *tun4,
                  const char *remote, const char *local, const char *tun6)
{
	char body[512];

	snprintf(body, sizeof(body), "%s,%s,%s,%s,%s%s%s", name, desc ? desc : "", tun4 ? tun4 : "",
	         remote ? remote : ",", local ? local : ",", tun6 && *tun6 ? "," : "",
	         tun6 ? tun6 : "");
	lvpn_mgmt_state(g->m, unix_now(), body);
}

static void tee(void *ctx, int level, const char *line)
{
	struct lvpn_cmgmt *g = ctx;

	if (g->emit)
		g->emit(g->emit_ctx, level, line);
	if (level <= LVPN_LOG_ERR)
		snprintf(g->last_err, sizeof(g->last_err), "%s", line);
	if (g->in_log)
		return;
	g->in_log = 1;
	lvpn_mgmt_log(g->m, unix_now(),
	              level == LVPN_LOG_FATAL   ? "F"
	              : level <= LVPN_LOG_WARN  ? "W"
	              : level >= LVPN_LOG_DEBUG ? "D"
	                                        : "I",
	              line);
	g->in_log = 0;
}

/* --- callbacks --- */

static int m_status(void *ctx, int version, char *buf, size_t cap, size_t *len)
{
	struct lvpn_cmgmt *g = ctx;

	(void)version; /* a client has one format, as OpenVPN */
	return lvpn_client_status_render(g->c, buf, cap, len);
}

/* The signal goes through the signalfd like one from kill(1), so the
 * client acts on it exactly as on a real one. */
static int m_signal(void *ctx, const char *name)
{
	int signo = lvpn_mgmt_signo(name);

	(void)ctx;
	return signo >= 0 && kill(getpid(), signo) == 0 ? 0 : -1;
}

static void m_forget(void *ctx)
{
	struct lvpn_cmgmt *g = ctx;
	struct lvpn_cred *cr = &g->c->cred;

	if (!cr->have_creds)
		return;
	/* the session keeps a pointer to cr->password: it is wiped in place,
	 * and asked again before the next connection */
	lvpn_wipe(cr->password, sizeof(cr->password));
	lvpn_wipe(cr->real_password, sizeof(cr->real_password));
	cr->have_creds = cr->have_token = 0;
	cr->forgotten = 1; /* read or asked again when next needed */
}

static int m_auth_retry(void *ctx, const char *set)
{
	static const char *const modes[] = {"none", "nointeract", "interact"};
	struct lvpn_cmgmt *g = ctx;

	for (int i = 0; set && i < 3; i++)
		if (!strcmp(set, modes[i]))
			return g->c->o->auth_retry = i;
	return set ? -1 : g->c->o->auth_retry;
}

static int peer_ids(const struct lvpn_options *o, struct lvpn_mgmt_cfg *cfg, struct lvpn_log *lg)
{
	if (o->management_client_user) {
		const struct passwd *pw = getpwnam(o->management_client_user);

		if (!pw) {
			LVPN_LOG(lg, LVPN_LOG_ERR, "option 'management-client-user': no user '%s'",
			         o->management_client_user);
			return -1;
		}
		cfg->peer_uid_set = 1;
		cfg->peer_uid = pw->pw_uid;
	}
	if (o->management_client_group) {
		const struct group *gr = getgrnam(o->management_client_group);

		if (!gr) {
			LVPN_LOG(lg, LVPN_LOG_ERR,
			         "option 'management-client-group': no group '%s'",
			         o->management_client_group);
			return -1;
		}
		cfg->peer_gid_set = 1;
		cfg->peer_gid = gr->gr_gid;
	}
	return 0;
}

int lvpn_cmgmt_open(struct client *c)
{
	static const struct lvpn_mgmt_ops ops = {
	    .status = m_status,
	    .signal = m_signal,
	    .forget_passwords = m_forget,
	    .auth_retry = m_auth_retry,
	};
	const struct lvpn_options *o = c->o;
	struct lvpn_mgmt_cfg cfg = {.title = TITLE, .hold = o->management_hold, .remote_cmd = 1};
	struct epoll_event ev = {.events = EPOLLIN};
	struct lvpn_cmgmt *g;
	char *pw = NULL;
	int rc;

	if (!o->management_addr)
		return 0;
	if (peer_ids(o, &cfg, c->lg))
		return -1;
	if (lvpn_mgmt_cfg_load(o, &cfg, &pw, c->lg))
		return -1;
	g = calloc(1, sizeof(*g));
	if (!g) {
		free(pw);
		return -1;
	}
	g->c = c;
	cfg.ctx = g;
	rc = lvpn_mgmt_new(&cfg, &ops, c->lg, &g->m);
	if (pw) {
		lvpn_wipe(pw, strlen(pw));
		free(pw);
	}
	ev.data.fd = lvpn_mgmt_fd(g->m);
	if (rc || epoll_ctl(c->epfd, EPOLL_CTL_ADD, ev.data.fd, &ev)) {
		LVPN_LOG(c->lg, LVPN_LOG_ERR, "cannot start the management interface on %s",
		         o->management_addr);
		lvpn_mgmt_free(g->m);
		free(g);
		return -1;
	}
	c->mgmt = g;
	g->emit = c->lg->emit;
	g->emit_ctx = c->lg->ctx;
	c->lg->emit = tee;
	c->lg->ctx = g;
	state(g, "CONNECTING", "", "", NULL, NULL, NULL);
	return 0;
}

void lvpn_cmgmt_close(struct client *c)
{
	struct lvpn_cmgmt *g = c->mgmt;

	if (!g)
		return;
	/* as OpenVPN: a fatal error is reported as >FATAL, not EXITING */
	if (!g->exited && c->exit_code != EXIT_ERROR)
		lvpn_cmgmt_ended(c, STOP);
	if (c->exit_code == EXIT_ERROR && g->last_err[0]) {
		char line[LVPN_LOG_LINE_MAX + 16];

		snprintf(line, sizeof(line), ">FATAL:%s", g->last_err);
		lvpn_mgmt_notify(g->m, line);
	}
	c->lg->emit = g->emit;
	c->lg->ctx = g->emit_ctx;
	lvpn_mgmt_free(g->m);
	lvpn_wipe(g->key_pass, sizeof(g->key_pass));
	free(g);
	c->mgmt = NULL;
}

void lvpn_cmgmt_updown(struct client *c, const char *updown)
{
	const struct lvpn_env *e = &c->env;
	char line[LVPN_MGMT_LINE_MAX];

	if (!c->mgmt || !c->o->management_up_down)
		return;
	snprintf(line, sizeof(line), ">UPDOWN:%s", updown);
	lvpn_mgmt_notify(c->mgmt->m, line);
	for (unsigned i = 0; i < e->n; i++) {
		const char *v = e->slots + (size_t)i * e->entry_max;

		if (strncmp(v, "password", 8) == 0)
			continue; /* never outside a script run under script-security 3 */
		snprintf(line, sizeof(line), ">UPDOWN:ENV,%s", v);
		lvpn_mgmt_notify(c->mgmt->m, line);
	}
	lvpn_mgmt_notify(c->mgmt->m, ">UPDOWN:ENV,END");
}

int lvpn_cmgmt_is_fd(const struct client *c, int fd)
{
	return c->mgmt && fd == lvpn_mgmt_fd(c->mgmt->m);
}

int lvpn_cmgmt_handle(struct client *c)
{
	struct lvpn_cmgmt *g = c->mgmt;
	int held;

	if (!g)
		return 0;
	held = lvpn_mgmt_held(g->m);
	if (lvpn_mgmt_handle(g->m))
		LVPN_LOG(c->lg, LVPN_LOG_WARN, "MANAGEMENT: the listening socket failed");
	return (held && !lvpn_mgmt_held(g->m)) || lvpn_mgmt_answered(g->m);
}

/* --- states --- */

/* OpenVPN's short reason for a restart or an exit (its signal text). */
static const char *reason_of(const struct lvpn_event *ev)
{
	static const struct {
		const char *has, *reason;
	} map[] = {
	    {"ping-restart", "ping-restart"},
	    {"ping-exit", "ping-exit"},
	    {"--inactive", "inactive"},
	    {"control message: RESTART", "server-pushed-connection-reset"},
	    {"control message: HALT", "server-pushed-halt"},
	    {"Exit message", "remote-exit"},
	    {"AUTH_FAILED", "auth-failure"},
	    {"TLS", "tls-error"},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strstr(ev->text, map[i].has))
			return map[i].reason;
	return ev->type == LVPN_EV_HALT ? "SIGTERM" : "SIGUSR1";
}

void lvpn_cmgmt_attempt(struct client *c, const struct lvpn_conn *ce)
{
	if (c->mgmt && ce->proto != LVPN_PROTO_UDP)
		state(c->mgmt, "TCP_CONNECT", "", "", NULL, NULL, NULL);
}

/* A pushed `echo text` goes to the `echo` history (OpenVPN's
 * management_echo: the arguments joined with single spaces). */
static void echo_pushed(struct lvpn_cmgmt *g)
{
	const struct lvpn_push *p = lvpn_session_push(g->c->s);
	const struct lvpn_push_line *l;

	for (l = p ? lvpn_push_next(p, NULL) : NULL; l; l = lvpn_push_next(p, l)) {
		char text[LVPN_CONFIG_LINE_MAX + 1] = "";
		size_t used = 0;

		if (strcmp(l->argv[0], "echo") != 0)
			continue;
		for (int i = 1; i < l->argc && used < sizeof(text); i++)
			used += (size_t)snprintf(text + used, sizeof(text) - used, "%s%s",
			                         i > 1 ? " " : "", l->argv[i]);
		lvpn_mgmt_echo(g->m, unix_now(), text);
	}
}

void lvpn_cmgmt_event(struct client *c, const struct lvpn_event *ev)
{
	struct lvpn_cmgmt *g = c->mgmt;

	if (!g)
		return;
	lvpn_cmgmt_tick(c); /* AUTH before GET_CONFIG */
	if (ev->type == LVPN_EV_TLS_UP)
		state(g, "GET_CONFIG", "", "", NULL, NULL, NULL);
	else if (ev->type == LVPN_EV_PUSH_REPLY)
		echo_pushed(g);
	else if (ev->type == LVPN_EV_RESTART || ev->type == LVPN_EV_HALT ||
	         ev->type == LVPN_EV_AUTH_FAILED)
		snprintf(g->reason, sizeof(g->reason), "%s", reason_of(ev));
}

static void addr_port(const struct sockaddr_storage *ss, char *out, size_t n)
{
	char host[INET6_ADDRSTRLEN], port[8];
	socklen_t len =
	    ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);

	if (getnameinfo((const struct sockaddr *)ss, len, host, sizeof(host), port, sizeof(port),
	                NI_NUMERICHOST | NI_NUMERICSERV))
		snprintf(out, n, ",");
	else
		snprintf(out, n, "%s,%s", host, port);
}

static void connected(struct lvpn_cmgmt *g)
{
	const struct client *c = g->c;
	const struct lvpn_netplan *p = &c->net.plan;
	char tun4[INET_ADDRSTRLEN] = "", tun6[INET6_ADDRSTRLEN] = "", remote[80], local[80];
	struct sockaddr_storage me = {0};
	socklen_t len = sizeof(me);

	if (p->have_ifconfig) {
		uint32_t a = htonl(p->local);

		inet_ntop(AF_INET, &a, tun4, sizeof(tun4));
	}
	if (p->have_ifconfig6)
		inet_ntop(AF_INET6, p->local6, tun6, sizeof(tun6));
	if (!c->o->ifconfig_noexec)
		state(g, "ASSIGN_IP", "", tun4, NULL, NULL, tun6);
	if (!c->o->route_noexec && (p->n_routes || p->n_routes6 || p->rg_flags))
		state(g, "ADD_ROUTES", "", "", NULL, NULL, NULL);
	addr_port(&c->link.peer, remote, sizeof(remote));
	if (getsockname(c->link.fd, (struct sockaddr *)&me, &len) == 0)
		addr_port(&me, local, sizeof(local));
	else
		snprintf(local, sizeof(local), ",");
	state(g, "CONNECTED", "SUCCESS", tun4, remote, local, tun6);
}

void lvpn_cmgmt_tick(struct client *c)
{
	struct lvpn_cmgmt *g = c->mgmt;
	struct timespec t;

	if (!g)
		return;
	if (c->s != g->s) {
		g->s = c->s;
		g->authed = g->connected = 0;
		g->reason[0] = 0;
		if (c->s)
			state(g, "WAIT", "", "", NULL, NULL, NULL);
	}
	if (!c->s)
		return;
	if (c->got_packet && !g->authed) {
		g->authed = 1;
		state(g, "AUTH", "", "", NULL, NULL, NULL);
	}
	if (c->connected && !g->connected) {
		g->connected = 1;
		connected(g);
	}
	if (lvpn_mgmt_bytecount_interval(g->m)) {
		const struct lvpn_session_stats *st = lvpn_session_stats(c->s);

		clock_gettime(CLOCK_MONOTONIC, &t);
		lvpn_mgmt_bytecount(g->m, (uint64_t)t.tv_sec, st->link_rx_bytes, st->link_tx_bytes);
	}
}

void lvpn_cmgmt_ended(struct client *c, enum outcome r)
{
	struct lvpn_cmgmt *g = c->mgmt;
	const char *why;

	if (!g || g->exited || (r == STOP && c->exit_code == EXIT_ERROR))
		return; /* a fatal error: >FATAL at close */
	why = c->hup ? "SIGHUP" : g->reason[0] ? g->reason : r == STOP ? "SIGTERM" : "SIGUSR1";
	if (c->stopping)
		why = "SIGTERM";
	if (r == STOP) {
		g->exited = 1;
		state(g, "EXITING", why, "", NULL, NULL, NULL);
	} else {
		state(g, "RECONNECTING", why, "", NULL, NULL, NULL);
	}
	g->reason[0] = 0;
	g->s = NULL;
}
