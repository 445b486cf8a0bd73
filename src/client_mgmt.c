/* leanvpn - the client's management interface (see client_mgmt.h). */
#include "src/client_mgmt.h"

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

#include <openssl/crypto.h>

#include "config.h"
#include "src/mgmt.h"
#include "src/mgmt_setup.h"

#define TITLE PACKAGE_NAME " " PACKAGE_VERSION " (OpenVPN 2.6 compatible)"

struct lvpn_cmgmt {
	struct lvpn_mgmt *m;
	struct client *c;
	lvpn_log_emit_fn *emit; /* the log's own sink, called first */
	void *emit_ctx;
	int in_log; /* no >LOG of what logging >LOG logs */
	char last_err[LVPN_LOG_LINE_MAX];
	const struct lvpn_session *s; /* the session last seen by tick */
	int authed, connected, exited, restart_asked;
	char reason[64];
	char key_pass[LVPN_MGMT_ANSWER_MAX];
	int key_deferred;
};

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
	const struct lvpn_session_stats *st = g->c->s ? lvpn_session_stats(g->c->s) : NULL;
	struct lvpn_session_stats zero = {0};
	char when[64];
	time_t now = time(NULL);
	struct tm tm;
	int n;

	(void)version; /* a client has one format, as OpenVPN */
	if (!st)
		st = &zero;
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", localtime_r(&now, &tm));
	n = snprintf(buf, cap,
	             "OpenVPN STATISTICS\nUpdated,%s\nTUN/TAP read bytes,%llu\n"
	             "TUN/TAP write bytes,%llu\nTCP/UDP read bytes,%llu\n"
	             "TCP/UDP write bytes,%llu\nAuth read bytes,%llu\nEND\n",
	             when, (unsigned long long)st->tun_rx_bytes,
	             (unsigned long long)st->tun_tx_bytes, (unsigned long long)st->link_rx_bytes,
	             (unsigned long long)st->link_tx_bytes, (unsigned long long)st->link_rx_bytes);
	if (n < 0 || (size_t)n >= cap)
		return -2;
	*len = (size_t)n;
	return 0;
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
	struct lvpn_client_conf *cc = &g->c->cc;

	if (!cc->have_creds)
		return;
	/* the session keeps a pointer to cc->password: it is wiped in place,
	 * and asked again before the next connection */
	OPENSSL_cleanse(cc->password, sizeof(cc->password));
	OPENSSL_cleanse(cc->real_password, sizeof(cc->real_password));
	cc->have_creds = cc->have_token = 0;
	cc->forgotten = !g->c->o->management_query_passwords;
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
	struct lvpn_mgmt_cfg cfg = {.title = TITLE, .hold = o->management_hold};
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
		OPENSSL_cleanse(pw, strlen(pw));
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
	OPENSSL_cleanse(g->key_pass, sizeof(g->key_pass));
	free(g);
	c->mgmt = NULL;
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

void lvpn_cmgmt_event(struct client *c, const struct lvpn_event *ev)
{
	struct lvpn_cmgmt *g = c->mgmt;

	if (!g)
		return;
	lvpn_cmgmt_tick(c); /* AUTH before GET_CONFIG */
	if (ev->type == LVPN_EV_TLS_UP)
		state(g, "GET_CONFIG", "", "", NULL, NULL, NULL);
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
	const struct lvpn_netcfg_plan *p = &c->net.plan;
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
	struct lvpn_client_conf *cc = &c->cc;
	char sc[600];
	enum outcome o;

	if (!c->mgmt || !c->o->management_query_passwords || !c->o->auth_user_pass_set ||
	    cc->have_creds || cc->have_token)
		return GO_ON;
	if (c->o->static_challenge)
		snprintf(sc, sizeof(sc), "SC:%d,%s", c->o->static_challenge_echo ? 1 : 0,
		         c->o->static_challenge);
	o = ask(c, LVPN_MGMT_ASK_USERPASS, "Auth", c->o->static_challenge ? sc : NULL, cc->username,
	        sizeof(cc->username), cc->password, sizeof(cc->password));
	if (o != GO_ON)
		return o;
	/* with a static challenge the answer is already "SCRV1:...", as the
	 * management client builds it (management-notes.txt) */
	cc->have_creds = 1;
	cc->forgotten = 0;
	return GO_ON;
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
	if (c->net.tun_open) {
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
		if (lvpn_client_conf_creds(&c->cc, c->o, err, sizeof(err))) {
			LVPN_LOG(c->lg, LVPN_LOG_WARN, "auth-nocache: %s", err);
			return -1;
		}
		return 0;
	}
	OPENSSL_cleanse(c->cc.password, sizeof(c->cc.password));
	c->cc.have_creds = 0;
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
	const char *k = c->cc.tls.key_pem;

	return c->o->management_addr && c->o->management_query_passwords && k &&
	       !c->cc.tls.key_pass && strstr(k, "ENCRYPTED") != NULL;
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
	c->cc.tls.key_pass = g->key_pass;
	if (lvpn_tls_ctx_new(&c->cc.tls, &c->tls)) {
		lvpn_mgmt_notify(g->m, ">PASSWORD:Verification Failed: 'Private Key'");
		LVPN_LOG(c->lg, LVPN_LOG_ERR, "Cannot load private key (wrong password?)");
		c->cc.tls.key_pass = NULL;
		return -1;
	}
	c->cc.tls.key_pass = NULL; /* the key is loaded: the pass phrase goes */
	OPENSSL_cleanse(g->key_pass, sizeof(g->key_pass));
	return 0;
}

enum outcome lvpn_cmgmt_auth_failed(struct client *c, const char *text)
{
	struct lvpn_client_conf *cc = &c->cc;
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
		OPENSSL_cleanse(cc->password, sizeof(cc->password));
		cc->have_creds = 0;
		/* without the interface the next attempt reads or asks again */
		cc->forgotten = !(c->mgmt && c->o->management_query_passwords);
		return RESTART;
	default:
		c->exit_code = EXIT_AUTH;
		return STOP;
	}
}
