/* leanvpn - the client event loop: one session at a time over UDP or TCP,
 * epoll with the engine's deadline as the timeout, signals through a
 * signalfd, and reconnection to the next remote with OpenVPN's backoff. */
#include "src/client.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "crypto/dc.h"
#include "crypto/tls.h"
#include "src/client_conf.h"
#include "src/signals.h"
#include "src/client_link.h"
#include "src/client_net.h"
#include "src/client_reload.h"
#include "src/client_sys.h"

#define POOL_BUFS (2 * LVPN_CLINK_BATCH)
#define EXIT_CLIENT_OK 0
#define EXIT_ERROR 1
#define EXIT_AUTH 2
#define EXIT_GAVE_UP 3

enum outcome { GO_ON, RESTART, STOP };

struct client;
static enum outcome backoff(struct client *c, unsigned secs);

/* Packet buffers: room for the largest tun-mtu of any connection entry
 * plus every header and trailer the data channel adds. */
static uint32_t link_bufsize(const struct lvpn_options *o)
{
	uint32_t mtu = 1500;

	for (int i = 0; i < o->nconns; i++)
		if (o->conns[i].tun_mtu > 0 && (uint32_t)o->conns[i].tun_mtu > mtu)
			mtu = (uint32_t)o->conns[i].tun_mtu;
	mtu += 1024;
	return mtu < 4096 ? 4096 : mtu > 70000 ? 70000 : mtu;
}

struct client {
	struct lvpn_options *o;
	struct lvpn_log *lg;
	struct lvpn_client_conf cc;
	struct lvpn_tls_ctx *tls;
	struct lvpn_cnet net;
	int epfd, sigfd;
	struct lvpn_clink link;
	uint32_t bufsize;
	struct lvpn_session *s;
	struct lvpn_pool pool;
	struct lvpn_frame frame;
	uint8_t ctrl[4096];
	struct timespec t0;
	int connected;     /* this session completed; scripts ran */
	int ever_connected;
	int exit_code;
	int stopping;      /* SIGINT/SIGTERM: send the exit notification, leave */
	uint64_t stop_at;
	uint64_t poll_deadline; /* server-poll-timeout for this attempt */
	int got_packet;
	int restart_now; /* a restart signal came while backoff() waited */
	int hup;         /* SIGHUP: re-read the configuration before the next try */
	struct lvpn_client_argv args;
};

static uint64_t now_ms(const struct client *c)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)(t.tv_sec - c->t0.tv_sec) * 1000 +
	       (uint64_t)((t.tv_nsec - c->t0.tv_nsec) / 1000000);
}

/* --- the session's packets --- */

static void link_down(struct client *c)
{
	if (c->link.fd >= 0)
		epoll_ctl(c->epfd, EPOLL_CTL_DEL, c->link.fd, NULL);
	lvpn_clink_close(&c->link);
}

static void flush(struct client *c, uint64_t now)
{
	for (int i = 0; i < 256; i++) {
		size_t len;

		if (lvpn_session_poll_link(c->s, c->ctrl, sizeof(c->ctrl), &len, now) || len == 0)
			return;
		if (lvpn_clink_send(&c->link, c->ctrl, len))
			return; /* TCP gone: the read side sees it and restarts */
	}
}

struct rx_ctx {
	struct client *c;
	uint64_t now;
};

/* One link packet: into the engine, and the plaintext (if any) to the
 * TUN device (a full TUN queue drops, like any router). */
static void deliver(void *ctx, struct lvpn_buf *b)
{
	struct rx_ctx *x = ctx;
	struct client *c = x->c;
	enum lvpn_rx rx;

	if (lvpn_session_recv(c->s, b, x->now, &rx) == 0 && rx == LVPN_RX_TUN && c->net.tun_open) {
		ssize_t n = write(c->net.tun.fd, lvpn_buf_data(b), b->len);

		(void)n;
	}
	c->got_packet = 1;
}

static int read_link(struct client *c, uint64_t now)
{
	struct rx_ctx x = {c, now};

	return lvpn_clink_recv(&c->link, deliver, &x);
}

/* Drains the TUN device into up to LVPN_CLINK_BATCH pool buffers, encrypts
 * each in place and sends them in one batch; a few rounds at most per
 * wakeup.  Returns nonzero when the TCP connection is gone. */
static int read_tun(struct client *c, uint64_t now)
{
	struct lvpn_buf *b[LVPN_CLINK_BATCH];
	uint32_t room = c->frame.headroom + c->frame.tailroom;
	uint32_t max = c->bufsize > room ? c->bufsize - room : 0;
	int rc = 0, more = 1;

	if (c->frame.payload < max)
		max = c->frame.payload;
	for (int round = 0; round < 4 && more && rc == 0; round++) {
		unsigned n = 0, got = 0;

		while (got < LVPN_CLINK_BATCH) {
			ssize_t r;

			b[n] = lvpn_pool_get(&c->pool);
			if (!b[n])
				break;
			b[n]->head = c->frame.headroom;
			r = read(c->net.tun.fd, b[n]->base + b[n]->head, max);
			if (r <= 0) {
				lvpn_pool_put(&c->pool, b[n]);
				break;
			}
			got++;
			b[n]->len = (uint32_t)r;
			if (lvpn_session_encrypt(c->s, b[n], now) == 0)
				n++;
			else
				lvpn_pool_put(&c->pool, b[n]);
		}
		more = got == LVPN_CLINK_BATCH;
		rc = lvpn_clink_send_batch(&c->link, b, n);
		for (unsigned i = 0; i < n; i++)
			lvpn_pool_put(&c->pool, b[i]);
	}
	return rc;
}

/* --- events --- */

/* A pushed auth-token replaces the password in every later key method 2
 * message, on renegotiation and reconnection (the session holds a pointer
 * to c->cc.password). */
static void take_auth_token(struct client *c)
{
	const char *p;

	if (!c->cc.have_creds)
		return;
	for (p = lvpn_session_pushed_next(c->s, NULL); p; p = lvpn_session_pushed_next(c->s, p)) {
		if (strncmp(p, "auth-token ", 11) != 0 || strlen(p + 11) >= sizeof(c->cc.password))
			continue;
		if (!c->cc.have_token && !c->o->auth_nocache)
			memcpy(c->cc.real_password, c->cc.password, sizeof(c->cc.password));
		if (c->o->auth_nocache) /* the token stands in; the password is gone */
			c->cc.forgotten = 1;
		snprintf(c->cc.password, sizeof(c->cc.password), "%s", p + 11);
		c->cc.have_token = 1;
		LVPN_LOG(c->lg, LVPN_LOG_INFO, "auth-token received: it replaces the password from now on");
	}
}

/* auth-nocache: the password has gone out in key method 2; wipe it (a
 * pushed auth-token, if any, is kept).  The next connection reads the file
 * or asks again. */
static void forget_password(struct client *c)
{
	if (!c->o->auth_nocache || !c->cc.have_creds || c->cc.have_token || c->cc.forgotten)
		return;
	lvpn_wipe(c->cc.password, sizeof(c->cc.password));
	c->cc.forgotten = 1;
	LVPN_LOG(c->lg, LVPN_LOG_INFO, "auth-nocache: the password was sent and is forgotten");
}

static enum outcome on_event(struct client *c, const struct lvpn_event *ev, int restart)
{
	switch (ev->type) {
	case LVPN_EV_TLS_UP:
		forget_password(c);
		return GO_ON;
	case LVPN_EV_PUSH_REPLY:
		LVPN_LOG(c->lg, LVPN_LOG_INFO, "PUSH: Received control message: PUSH_REPLY");
		take_auth_token(c);
		return GO_ON;
	case LVPN_EV_CONNECTED:
		if (lvpn_cnet_up(&c->net, c->s, (const struct sockaddr *)&c->link.peer, restart)) {
			c->exit_code = EXIT_ERROR;
			return STOP;
		}
		if (c->net.tun_open) {
			struct epoll_event e = {.events = EPOLLIN, .data.fd = c->net.tun.fd};

			epoll_ctl(c->epfd, EPOLL_CTL_ADD, c->net.tun.fd, &e);
		}
		if (!c->ever_connected && (c->o->chroot || c->o->user || c->o->group) &&
		    lvpn_client_confine(c->o, c->lg)) {
			c->exit_code = EXIT_ERROR;
			return STOP;
		}
		c->connected = c->ever_connected = 1;
		LVPN_LOG(c->lg, LVPN_LOG_NOTE, "Initialization Sequence Completed");
		return GO_ON;
	case LVPN_EV_AUTH_FAILED:
		LVPN_LOG(c->lg, LVPN_LOG_ERR, "%s", ev->text);
		if (c->cc.have_token) {
			/* the token expired (AUTH_FAILED,SESSION: or plain): back
			 * to the real password, as OpenVPN does (auth-nocache:
			 * read or asked again before the next attempt) */
			memcpy(c->cc.password, c->cc.real_password, sizeof(c->cc.password));
			lvpn_wipe(c->cc.real_password, sizeof(c->cc.real_password));
			c->cc.have_token = 0;
			LVPN_LOG(c->lg, LVPN_LOG_NOTE, "auth-token refused, using the password again");
			return RESTART;
		}
		if (c->cc.forgotten && c->connected) {
			/* auth-nocache without a token: a renegotiation had no
			 * password to send (OpenVPN would read the file or ask
			 * again at that point; the engine has no hook for it):
			 * reconnect, reading it again */
			LVPN_LOG(c->lg, LVPN_LOG_NOTE,
				 "auth-nocache: refused without the forgotten password, reconnecting");
			return RESTART;
		}
		c->exit_code = EXIT_AUTH;
		return STOP;
	case LVPN_EV_RESTART:
		LVPN_LOG(c->lg, LVPN_LOG_NOTE, "SIGUSR1[soft,%s] received, process restarting", ev->text);
		return RESTART;
	case LVPN_EV_HALT:
		LVPN_LOG(c->lg, LVPN_LOG_NOTE, "SIGTERM[soft,%s] received, process exiting", ev->text);
		return STOP;
	case LVPN_EV_INFO:
		LVPN_LOG(c->lg, LVPN_LOG_INFO, "%s", ev->text);
		return GO_ON;
	case LVPN_EV_AUTH_TOKEN:
		if (c->cc.have_token && ev->text_len < sizeof(c->cc.password)) {
			memcpy(c->cc.password, ev->text, ev->text_len + 1);
			LVPN_LOG(c->lg, LVPN_LOG_VERBOSE, "auth-token renewed by the server");
		}
		return GO_ON;
	default:
		return GO_ON;
	}
}

static enum outcome on_signal(struct client *c, uint64_t now)
{
	struct signalfd_siginfo si;

	while (read(c->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGINT:
		case SIGTERM:
			LVPN_LOG(c->lg, LVPN_LOG_NOTE, "%s received, sending exit notification to peer",
				 si.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM");
			c->stopping = 1;
			c->stop_at = now + (c->s ? 1000u * c->o->ce.explicit_exit_notify : 0);
			if (c->s)
				lvpn_session_close(c->s, now);
			break;
		case SIGUSR1:
			LVPN_LOG(c->lg, LVPN_LOG_NOTE, "SIGUSR1 received, restarting");
			return RESTART;
		case SIGHUP:
			LVPN_LOG(c->lg, LVPN_LOG_NOTE,
				 "SIGHUP received, restarting and re-reading the configuration");
			c->hup = 1;
			return RESTART;
		case SIGUSR2: {
			const struct lvpn_session_stats *st = c->s ? lvpn_session_stats(c->s) : NULL;

			if (st)
				LVPN_LOG(c->lg, LVPN_LOG_NOTE,
					 "STATISTICS: TUN read bytes %llu, TUN write bytes %llu, "
					 "link packets in %llu out %llu, dropped %llu",
					 (unsigned long long)st->tun_rx_bytes,
					 (unsigned long long)st->tun_tx_bytes,
					 (unsigned long long)st->link_rx, (unsigned long long)st->link_tx,
					 (unsigned long long)(st->data_drop + st->ctrl_drop));
			LVPN_LOG(c->lg, LVPN_LOG_NOTE,
				 "STATISTICS: link reads %llu packets in %llu calls, writes %llu "
				 "packets in %llu calls, send drops %llu",
				 (unsigned long long)c->link.st.rx_pkts,
				 (unsigned long long)c->link.st.rx_calls,
				 (unsigned long long)c->link.st.tx_pkts,
				 (unsigned long long)c->link.st.tx_calls,
				 (unsigned long long)c->link.st.tx_drop);
			break;
		}
		}
	}
	return GO_ON;
}

/* Opens the link to ce.  A name that does not resolve is tried again for
 * resolv-retry seconds (infinite: until it resolves), every 5 seconds at
 * most, before the next remote; a signal ends the wait.  A local address
 * that cannot be bound is fatal, as in OpenVPN. */
static enum outcome open_link(struct client *c, const struct lvpn_conn *ce)
{
	uint64_t t0 = now_ms(c);
	struct epoll_event ev = {.events = EPOLLIN};

	for (;;) {
		int rc = lvpn_clink_open(&c->link, c->o, ce);
		uint64_t left, waited = now_ms(c) - t0;
		enum outcome w;

		if (rc == LVPN_ERR_CONFIG) {
			c->exit_code = EXIT_ERROR;
			return STOP;
		}
		if (rc == LVPN_ERR_IO)
			return RESTART;
		if (rc == 0)
			break;
		if (c->o->resolv_retry >= 0 && waited >= 1000u * (uint64_t)c->o->resolv_retry) {
			LVPN_LOG(c->lg, LVPN_LOG_WARN,
				 "RESOLVE: gave up on %s after resolv-retry %d s", ce->remote,
				 c->o->resolv_retry);
			return RESTART;
		}
		left = c->o->resolv_retry < 0 ? 5000 : 1000u * (uint64_t)c->o->resolv_retry - waited;
		w = backoff(c, left > 5000 ? 5 : (unsigned)((left + 999) / 1000));
		if (w == STOP || c->stopping)
			return STOP;
		if (c->restart_now) /* SIGUSR1/SIGHUP while waiting */
			return RESTART;
	}
	ev.data.fd = c->link.fd;
	if (epoll_ctl(c->epfd, EPOLL_CTL_ADD, c->link.fd, &ev)) {
		lvpn_clink_close(&c->link);
		return RESTART;
	}
	return GO_ON;
}

/* One connection attempt to ce, until restart or stop. */
static enum outcome session_loop(struct client *c, const struct lvpn_conn *ce, int restart)
{
	struct lvpn_session_conf sc;
	struct lvpn_session_ops ops = {.log = c->lg};
	uint64_t now = now_ms(c);
	char err[512];
	enum outcome out = GO_ON;

	if (c->cc.forgotten && !c->cc.have_token &&
	    lvpn_client_conf_creds(&c->cc, c->o, err, sizeof(err))) {
		LVPN_LOG(c->lg, LVPN_LOG_ERR, "auth-nocache: %s", err);
		c->exit_code = EXIT_ERROR;
		return STOP;
	}
	if (lvpn_client_conf_conn(&c->cc, c->o, ce, err, sizeof(err))) {
		LVPN_LOG(c->lg, LVPN_LOG_ERR, "%s", err);
		c->exit_code = EXIT_ERROR;
		return STOP;
	}
	out = open_link(c, ce);
	if (out != GO_ON)
		return out;
	ops.unix_base = (uint64_t)time(NULL) - now / 1000;
	lvpn_client_session_conf(&c->cc, c->o, ce, c->tls, &sc);
	if (lvpn_session_new(&sc, &ops, now, &c->s)) {
		LVPN_LOG(c->lg, LVPN_LOG_ERR, "cannot start a session");
		link_down(c);
		c->exit_code = EXIT_ERROR;
		return STOP;
	}
	lvpn_session_frame(c->s, &c->frame);
	c->connected = 0;
	c->got_packet = 0;
	c->poll_deadline = now + 1000u * (ce->connect_timeout > 0 ? ce->connect_timeout : 120);
	while (out == GO_ON) {
		struct epoll_event evs[4];
		struct lvpn_event ev;
		uint64_t dl;
		int n, timeout;

		now = now_ms(c);
		flush(c, now);
		if (c->stopping && now >= c->stop_at)
			return STOP;
		dl = lvpn_session_deadline(c->s);
		if (c->stopping && c->stop_at < dl)
			dl = c->stop_at;
		if (!c->got_packet && c->poll_deadline < dl)
			dl = c->poll_deadline;
		timeout = dl <= now ? 0 : dl - now > 1000 ? 1000 : (int)(dl - now);
		n = epoll_wait(c->epfd, evs, 4, timeout);
		now = now_ms(c);
		for (int i = 0; i < n && out == GO_ON; i++) {
			if (evs[i].data.fd == c->sigfd)
				out = on_signal(c, now);
			else if (evs[i].data.fd == c->link.fd && read_link(c, now))
				out = RESTART;
			else if (c->net.tun_open && evs[i].data.fd == c->net.tun.fd &&
				 read_tun(c, now))
				out = RESTART;
		}
		if (lvpn_session_deadline(c->s) <= now && lvpn_session_tick(c->s, now) < 0) {
			/* the event says why */
		}
		if (!c->got_packet && now >= c->poll_deadline) {
			LVPN_LOG(c->lg, LVPN_LOG_WARN, "Server poll timeout, trying the next server");
			out = RESTART;
		}
		for (lvpn_session_next_event(c->s, &ev); ev.type != LVPN_EV_NONE && out == GO_ON;
		     lvpn_session_next_event(c->s, &ev))
			out = on_event(c, &ev, restart);
	}
	return out;
}

static void session_end(struct client *c, int keep_tun)
{
	if (c->net.tun_open)
		epoll_ctl(c->epfd, EPOLL_CTL_DEL, c->net.tun.fd, NULL);
	lvpn_session_free(c->s);
	c->s = NULL;
	link_down(c);
	lvpn_cnet_down(&c->net, keep_tun);
}

/* Credentials, keys and certificates, and the TLS context. */
static int load_conf(struct client *c)
{
	char err[512];

	if (lvpn_client_conf_load(&c->cc, c->o, c->lg, err, sizeof(err))) {
		LVPN_LOG(c->lg, LVPN_LOG_ERR, "%s", err);
		return -1;
	}
	if (lvpn_tls_ctx_new(&c->cc.tls, &c->tls)) {
		LVPN_LOG(c->lg, LVPN_LOG_ERR, "cannot set up TLS (see above)");
		return -1;
	}
	return 0;
}

/* The packet buffers, sized for the options' largest tun-mtu. */
static int buffers(struct client *c)
{
	lvpn_clink_free(&c->link);
	lvpn_pool_free(&c->pool);
	c->bufsize = link_bufsize(c->o);
	if (lvpn_clink_init(&c->link, c->bufsize, c->lg) ||
	    lvpn_pool_init(&c->pool, POOL_BUFS, c->bufsize, 0))
		return -1;
	return 0;
}

/* SIGHUP: the command line and configuration files are parsed again and
 * replace the options (in place: main() frees them at the end); keys,
 * certificates and credentials are loaded again.  The session, TUN device
 * and routes are already gone.  A configuration that no longer parses is
 * fatal, as in OpenVPN. */
static int reload(struct client *c)
{
	struct lvpn_options n;
	char err[1200];

	if (!c->args.argv) {
		LVPN_LOG(c->lg, LVPN_LOG_ERR, "SIGHUP: the command line could not be kept at start");
		return -1;
	}
	if (lvpn_client_reparse(&c->args, c->lg, &n, err, sizeof(err))) {
		LVPN_LOG(c->lg, LVPN_LOG_ERR, "SIGHUP: %s", err);
		return -1;
	}
	lvpn_tls_ctx_free(c->tls);
	c->tls = NULL;
	lvpn_client_conf_free(&c->cc);
	lvpn_options_free(c->o);
	*c->o = n;
	lvpn_cnet_init(&c->net, c->o, c->lg);
	if (load_conf(c) || (link_bufsize(c->o) > c->bufsize && buffers(c)))
		return -1;
	LVPN_LOG(c->lg, LVPN_LOG_NOTE, "SIGHUP: configuration re-read");
	return 0;
}

static int setup(struct client *c)
{
	struct epoll_event ev = {.events = EPOLLIN};

	if (lvpn_tls_global_init() || lvpn_dc_init()) {
		LVPN_LOG(c->lg, LVPN_LOG_ERR, "cannot initialise OpenSSL");
		return -1;
	}
	if (load_conf(c) || buffers(c))
		return -1;
	/* before the signalfd and epoll set exist: epoll watches a signalfd
	 * for the process that registered it, so a fork afterwards would
	 * leave the daemon deaf to signals */
	if (lvpn_client_daemonize(c->o, c->lg))
		return -1;
	c->sigfd = lvpn_signals_open();
	c->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (c->sigfd < 0 || c->epfd < 0)
		return -1;
	ev.data.fd = c->sigfd;
	return epoll_ctl(c->epfd, EPOLL_CTL_ADD, c->sigfd, &ev);
}

/* Waits secs before the next attempt; a signal cuts it short. */
static enum outcome backoff(struct client *c, unsigned secs)
{
	struct epoll_event ev;
	uint64_t end = now_ms(c) + 1000u * secs;

	c->restart_now = 0;
	while (now_ms(c) < end) {
		uint64_t left = end - now_ms(c);
		int n = epoll_wait(c->epfd, &ev, 1, left > 1000 ? 1000 : (int)left);

		if (n > 0 && ev.data.fd == c->sigfd) {
			enum outcome o = on_signal(c, now_ms(c));

			if (c->stopping)
				return STOP;
			if (o == RESTART) {
				c->restart_now = 1;
				return GO_ON;
			}
		}
	}
	return GO_ON;
}

int lvpn_client_run(struct lvpn_options *o, struct lvpn_log *lg)
{
	struct client c = {.o = o, .lg = lg, .epfd = -1, .sigfd = -1, .link = {.fd = -1}};
	unsigned attempt = 0, tries = 0;
	int idx = 0;

	clock_gettime(CLOCK_MONOTONIC, &c.t0);
	lvpn_cnet_init(&c.net, o, lg);
	if (o->nconns <= 0) {
		LVPN_LOG(lg, LVPN_LOG_ERR, "no remote to connect to");
		return EXIT_ERROR;
	}
	if (setup(&c)) {
		c.exit_code = EXIT_ERROR;
		goto out;
	}
	if (o->remote_random) {
		srand((unsigned)time(NULL) ^ (unsigned)getpid());
		idx = rand() % o->nconns;
	}
	if (lvpn_client_argv_load(&c.args))
		LVPN_LOG(lg, LVPN_LOG_WARN, "cannot keep the command line: SIGHUP will stop");
	for (;;) {
		const struct lvpn_conn *ce;
		enum outcome r;
		unsigned wait, shift;

		if (c.hup) {
			c.hup = 0;
			if (reload(&c)) {
				c.exit_code = EXIT_ERROR;
				break;
			}
			idx = 0;
			attempt = tries = 0;
		}
		ce = &o->conns[idx];
		r = session_loop(&c, ce, c.ever_connected);
		session_end(&c, r == RESTART && o->persist_tun && !c.stopping && !c.hup);
		if (r == STOP || c.stopping)
			break;
		if (c.hup)
			continue; /* a hard restart: at once, as OpenVPN */
		/* OpenVPN: the next remote; connect-retry seconds between
		 * attempts, doubling after 5 rounds, up to its maximum */
		if (!c.connected)
			idx = (idx + 1) % o->nconns;
		attempt = c.connected ? 0 : attempt + 1;
		if (c.connected)
			tries = 0;
		else if (++tries >= (unsigned)o->connect_retry_max * (unsigned)o->nconns &&
			 o->connect_retry_max > 0) {
			LVPN_LOG(lg, LVPN_LOG_ERR, "All connections have been connect-retry-max (%d) "
				 "times unsuccessful, exiting", o->connect_retry_max);
			c.exit_code = EXIT_GAVE_UP;
			break;
		}
		wait = (unsigned)(ce->connect_retry > 0 ? ce->connect_retry : 1);
		shift = attempt / (5u * (unsigned)o->nconns);
		wait <<= shift > 8 ? 8 : shift;
		if (wait > (unsigned)(ce->connect_retry_max_backoff > 0 ? ce->connect_retry_max_backoff
								       : 300))
			wait = (unsigned)(ce->connect_retry_max_backoff > 0
						  ? ce->connect_retry_max_backoff
						  : 300);
		if (c.connected)
			wait = 1;
		LVPN_LOG(lg, LVPN_LOG_INFO, "Restart pause, %u second(s)", wait);
		if (backoff(&c, wait) == STOP)
			break;
	}
out:
	session_end(&c, 0);
	lvpn_tls_ctx_free(c.tls);
	lvpn_client_conf_free(&c.cc);
	lvpn_pool_free(&c.pool);
	lvpn_clink_free(&c.link);
	lvpn_client_argv_free(&c.args);
	if (c.epfd >= 0)
		close(c.epfd);
	if (c.sigfd >= 0)
		close(c.sigfd);
	if (o->writepid)
		unlink(o->writepid);
	LVPN_LOG(lg, LVPN_LOG_NOTE, "Exiting");
	return c.exit_code;
}
