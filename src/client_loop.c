/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the client's session loop: epoll with the engine's deadline as
 * the timeout, batched packets between the link and the TUN device, the
 * engine's events, signals through a signalfd. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "proto/config/push.h"
#include "src/client_env.h"
#include "src/client_int.h"
#include "src/addrstr.h"
#include "src/client_mgmt.h"
#include "src/client_sys.h"
#include "src/sdnotify.h"
#include "src/signals.h"
#include "crypto/tls.h"
#include "proto/peerstr.h"

/* --- the session's packets --- */

static void link_down(struct client *c)
{
	if (c->link.fd >= 0)
		epoll_ctl(c->epfd, EPOLL_CTL_DEL, c->link.fd, NULL);
	lvpn_clink_close(&c->link);
}

void lvpn_client_flush(struct client *c, uint64_t now)
{
	for (int i = 0; i < 256; i++) {
		size_t len;

		if (lvpn_session_poll_link(c->s, c->ctrl, sizeof(c->ctrl), &len, now) || len == 0)
			return;
		if (lvpn_clink_send(&c->link, c->ctrl, len))
			return; /* TCP gone: the read side sees it and restarts */
	}
}

/* --- events --- */

/* A pushed auth-token replaces the password in every later key method 2
 * message, on renegotiation and reconnection (the session holds a pointer
 * to c->cred.password). */
static void take_auth_token(struct client *c)
{
	const struct lvpn_push *p = lvpn_session_push(c->s);

	if (!c->cred.have_creds || !p || !(p->have & LVPN_PUSH_AUTH_TOKEN) ||
	    strlen(p->auth_token) >= sizeof(c->cred.password))
		return;
	if (!c->cred.have_token && !c->o->auth_nocache)
		memcpy(c->cred.real_password, c->cred.password, sizeof(c->cred.password));
	if (c->o->auth_nocache) /* the token stands in; the password is gone */
		c->cred.forgotten = 1;
	snprintf(c->cred.password, sizeof(c->cred.password), "%s", p->auth_token);
	c->cred.have_token = 1;
	lvpn_client_push_token_user(c, p);
	LVPN_LOG(c->lg, LVPN_LOG_INFO, "auth-token received: it replaces the password from now on");
}

/* auth-nocache: the password has gone out in key method 2; wipe it (a
 * pushed auth-token, if any, is kept).  The next connection reads the file
 * or asks again. */
static void forget_password(struct client *c)
{
	if (!c->o->auth_nocache || !c->cred.have_creds || c->cred.have_token || c->cred.forgotten)
		return;
	lvpn_wipe(c->cred.password, sizeof(c->cred.password));
	c->cred.forgotten = 1;
	LVPN_LOG(c->lg, LVPN_LOG_INFO, "auth-nocache: the password was sent and is forgotten");
}

/* auth-nocache without a token: key method 2 is about to carry the
 * password again (a renegotiation): read the file or ask again, as
 * OpenVPN does. */
static int refresh_creds(void *ctx)
{
	struct client *c = ctx;
	char err[512];

	if (!c->cred.forgotten || c->cred.have_token)
		return 0;
	if (c->mgmt) /* --management-query-passwords: asked there */
		return lvpn_cmgmt_refresh(c);
	if (lvpn_cred_load(&c->cred, c->o, err, sizeof(err))) {
		LVPN_LOG(c->lg, LVPN_LOG_WARN, "auth-nocache: %s", err);
		return -1;
	}
	LVPN_LOG(c->lg, LVPN_LOG_INFO, "auth-nocache: the password was read again");
	return 0;
}

/* "[CN] Peer Connection Initiated with [AF_INET]a:p", as OpenVPN logs the
 * first key exchange with a server (its common name sanitized). */
static void peer_initiated(struct client *c)
{
	struct lvpn_tls_cert_info ci;
	char cn[128] = "UNDEF", addr[80];

	if (lvpn_tls_peer_cert(lvpn_session_tls(c->s), 0, &ci) == 0 && ci.cn[0])
		lvpn_peerstr_show(cn, sizeof(cn), ci.cn, LVPN_PEERSTR_NAME);
	LVPN_LOG(c->lg, LVPN_LOG_INFO, "[%s] Peer Connection Initiated with %s", cn,
	         lvpn_addrstr(&c->link.peer, addr, sizeof(addr)));
}

/* The scripts' "signal" for the down of this connection: the reason of a
 * soft restart or stop (e.g. "ping-restart"), else the signal's name. */
static void set_signal(struct client *c, const char *why)
{
	snprintf(c->net.signal, sizeof(c->net.signal), "%s", why);
}

static enum outcome on_event(struct client *c, const struct lvpn_event *ev)
{
	switch (ev->type) {
	case LVPN_EV_TLS_UP:
		peer_initiated(c);
		forget_password(c);
		if (lvpn_cenv_connected(c) != 0)
			LVPN_LOG(c->lg, LVPN_LOG_WARN, "WARNING: ipchange script failed");
		return GO_ON;
	case LVPN_EV_RENEGOTIATED:
		forget_password(c);
		return GO_ON;
	case LVPN_EV_PUSH_REPLY:
		take_auth_token(c);
		lvpn_client_stimer_push(c, lvpn_session_push(c->s), now_ms(c));
		lvpn_client_push_env(c, lvpn_session_push(c->s));
		lvpn_client_shape_push(c, lvpn_session_push(c->s));
		return GO_ON;
	case LVPN_EV_CONNECTED:
		if (lvpn_cnet_up(&c->net, c->s, (const struct sockaddr *)&c->link.peer)) {
			c->exit_code = EXIT_ERROR;
			return STOP;
		}
		lvpn_client_tx_start(c); /* data-threads 2: the device is its */
		if (c->net.tun_open && !c->net.tun.null && !c->tx_on) {
			struct epoll_event e = {.events = EPOLLIN, .data.fd = c->net.tun.fd};

			epoll_ctl(c->epfd, EPOLL_CTL_ADD, c->net.tun.fd, &e);
		}
		if (!c->ever_connected && (c->o->chroot || c->o->user || c->o->group) &&
		    lvpn_client_confine(c->o, c->lg)) {
			c->exit_code = EXIT_ERROR;
			return STOP;
		}
		c->connected = c->ever_connected = 1;
		lvpn_cmgmt_updown(c, "UP");
		LVPN_LOG(c->lg, LVPN_LOG_NOTE, "Initialization Sequence Completed");
		lvpn_sdnotify("READY=1\nSTATUS=Initialization Sequence Completed");
		return GO_ON;
	case LVPN_EV_AUTH_FAILED:
		LVPN_LOG(c->lg, LVPN_LOG_ERR, "%s", ev->text);
		if (c->cred.have_token) {
			/* the token expired (AUTH_FAILED,SESSION: or plain): back
			 * to the real password, as OpenVPN does (auth-nocache:
			 * read or asked again before the next attempt) */
			memcpy(c->cred.password, c->cred.real_password, sizeof(c->cred.password));
			lvpn_wipe(c->cred.real_password, sizeof(c->cred.real_password));
			c->cred.have_token = 0;
			if (c->cred.token_user)
				memcpy(c->cred.username, c->cred.real_username,
				       sizeof(c->cred.username));
			c->cred.token_user = 0;
			LVPN_LOG(c->lg, LVPN_LOG_NOTE,
			         "auth-token refused, using the password again");
			return RESTART;
		}
		if (c->cred.forgotten && c->connected) {
			/* auth-nocache without a token: the password read again
			 * for a renegotiation was refused (or could not be read):
			 * reconnect, reading it once more */
			LVPN_LOG(
			    c->lg, LVPN_LOG_NOTE,
			    "auth-nocache: refused without the forgotten password, reconnecting");
			return RESTART;
		}
		return lvpn_cmgmt_auth_failed(c, ev->text); /* auth-retry */
	case LVPN_EV_RESTART:
		/* --tls-exit: a TLS error (the engine's reasons that start
		 * with "TLS", the management's "tls-error") stops instead, as
		 * 2.6's SIGTERM[soft,tls-error] */
		if (c->o->tls_exit &&
		    (ev->reason == LVPN_ERR_TLS || strncmp(ev->text, "TLS", 3) == 0)) {
			LVPN_LOG(c->lg, LVPN_LOG_NOTE, "%s", ev->text);
			LVPN_LOG(c->lg, LVPN_LOG_NOTE,
			         "SIGTERM[soft,tls-error] received, process exiting");
			set_signal(c, "tls-error");
			return STOP;
		}
		LVPN_LOG(c->lg, LVPN_LOG_NOTE, "SIGUSR1[soft,%s] received, process restarting",
		         ev->text);
		set_signal(c, ev->text);
		return RESTART;
	case LVPN_EV_HALT:
		LVPN_LOG(c->lg, LVPN_LOG_NOTE, "SIGTERM[soft,%s] received, process exiting",
		         ev->text);
		set_signal(c, ev->text);
		return STOP;
	case LVPN_EV_INFO:
		LVPN_LOG(c->lg, LVPN_LOG_INFO, "%s", ev->text);
		return GO_ON;
	case LVPN_EV_AUTH_TOKEN:
		if (c->cred.have_token && ev->text_len < sizeof(c->cred.password)) {
			memcpy(c->cred.password, ev->text, ev->text_len + 1);
			LVPN_LOG(c->lg, LVPN_LOG_VERBOSE, "auth-token renewed by the server");
		}
		return GO_ON;
	default:
		return GO_ON;
	}
}

/* A soft or hard SIGTERM: the exit notification when configured, then
 * stop (why: the scripts' signal). */
static void begin_stop(struct client *c, uint64_t now, const char *why)
{
	set_signal(c, why);
	c->stopping = 1;
	c->stop_at = now + (c->s ? 1000u * c->o->ce.explicit_exit_notify : 0);
	if (c->s)
		lvpn_session_close(c->s, now);
}

static enum outcome on_signal(struct client *c, uint64_t now)
{
	struct signalfd_siginfo si;

	while (read(c->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		si.ssi_signo = (uint32_t)lvpn_signals_remap((int)si.ssi_signo, c->o->remap_usr1);
		switch (si.ssi_signo) {
		case SIGINT:
		case SIGTERM:
			if (c->s && c->o->ce.explicit_exit_notify > 0)
				LVPN_LOG(c->lg, LVPN_LOG_NOTE,
				         "%s received, sending exit notification to peer",
				         si.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM");
			else
				LVPN_LOG(c->lg, LVPN_LOG_NOTE,
				         "%s[hard,] received, process exiting",
				         si.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM");
			begin_stop(c, now, si.ssi_signo == SIGINT ? "sigint" : "sigterm");
			break;
		case SIGUSR1:
			LVPN_LOG(c->lg, LVPN_LOG_NOTE,
			         "SIGUSR1[hard,] received, process restarting");
			set_signal(c, "sigusr1");
			return RESTART;
		case SIGHUP:
			LVPN_LOG(c->lg, LVPN_LOG_NOTE,
			         "SIGHUP[hard,] received, process restarting");
			c->hup = 1;
			set_signal(c, "sighup");
			return RESTART;
		case SIGUSR2: {
			const struct lvpn_session_stats *st =
			    c->s ? lvpn_session_stats(c->s) : NULL;

			if (st)
				LVPN_LOG(c->lg, LVPN_LOG_NOTE,
				         "STATISTICS: TUN read bytes %llu, TUN write bytes %llu, "
				         "link packets in %llu out %llu, dropped %llu",
				         (unsigned long long)st->tun_rx_bytes,
				         (unsigned long long)st->tun_tx_bytes,
				         (unsigned long long)st->link_rx,
				         (unsigned long long)st->link_tx,
				         (unsigned long long)(st->data_drop + st->ctrl_drop));
			lvpn_client_dp_log(c, LVPN_LOG_NOTE);
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
		left =
		    c->o->resolv_retry < 0 ? 5000 : 1000u * (uint64_t)c->o->resolv_retry - waited;
		w = lvpn_client_backoff(c, left > 5000 ? 5 : (unsigned)((left + 999) / 1000));
		if (w == STOP || c->stopping)
			return STOP;
		if (c->restart_now) /* SIGUSR1/SIGHUP while waiting */
			return RESTART;
	}
	/* proto tcp-server (p2p): the peer is looked for once a second, as
	 * 2.6 does, signals answered in between */
	while (c->link.listen_fd >= 0) {
		int rc = lvpn_clink_accept(&c->link, c->o, ce);

		if (rc == 0)
			break;
		if (rc != LVPN_ERR_AGAIN || lvpn_client_backoff(c, 1) == STOP || c->stopping ||
		    c->restart_now) {
			lvpn_clink_close(&c->link);
			return rc != LVPN_ERR_AGAIN || c->restart_now ? RESTART : STOP;
		}
	}
	ev.data.fd = c->link.fd;
	if (epoll_ctl(c->epfd, EPOLL_CTL_ADD, c->link.fd, &ev)) {
		lvpn_clink_close(&c->link);
		return RESTART;
	}
	return GO_ON;
}

static enum outcome run(struct client *c, uint64_t now);

/* One connection attempt to ce, until restart or stop. */
enum outcome lvpn_client_session(struct client *c, const struct lvpn_conn *ce)
{
	struct lvpn_session_conf sc;
	struct lvpn_session_ops ops = {.ctx = c, .log = c->lg, .refresh_creds = refresh_creds};
	uint64_t now = now_ms(c);
	char err[512];
	enum outcome out = GO_ON;

	if (c->cred.forgotten && !c->cred.have_token &&
	    lvpn_cred_load(&c->cred, c->o, err, sizeof(err))) {
		LVPN_LOG(c->lg, LVPN_LOG_ERR, "auth-nocache: %s", err);
		c->exit_code = EXIT_ERROR;
		return STOP;
	}
	if (lvpn_engfiles_conn(&c->ef, c->o, ce, err, sizeof(err))) {
		LVPN_LOG(c->lg, LVPN_LOG_ERR, "%s", err);
		c->exit_code = EXIT_ERROR;
		return STOP;
	}
	c->link.want_gso = c->off.gso;
	c->link.want_gro = c->off.gro;
	c->net.tun_offload = c->off.tun && !c->o->shaper; /* --shaper: a packet a read */
	c->tw.coalesce = 1;
	c->may_decomp = c->o->allow_compression != LVPN_ALLOWCOMP_NO;
	out = lvpn_cmgmt_creds(c);
	if (out != GO_ON)
		return out;
	out = lvpn_cmgmt_proxy_creds(c, ce);
	if (out != GO_ON)
		return out;
	lvpn_cmgmt_attempt(c, ce);
	set_signal(c, "sigusr1"); /* a restart whose reason is not known */
	if (lvpn_cenv_start(c)) {
		c->exit_code = EXIT_ERROR;
		return STOP;
	}
	out = open_link(c, ce);
	if (out != GO_ON)
		return out;
	ops.unix_base = (uint64_t)time(NULL) - now / 1000;
	lvpn_engconf_session(&c->ef.conf, c->o, ce, c->tls, &sc);
	lvpn_cred_session(&c->cred, &sc);
	sc.net_base = &c->net.base;
	c->frag = sc.fragment != 0;
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
	lvpn_client_stimer_start(c, now);
	lvpn_client_shape_start(c);
	c->link_tos = -1; /* a new socket */
	lvpn_client_replay_start(c, now);
	out = run(c, now);
	lvpn_client_tx_stop(c);
	return out;
}

/* The session's loop (with data-threads 2 the main thread holds the
 * engine's lock in it except while it waits and moves packets). */
static enum outcome run(struct client *c, uint64_t now)
{
	enum outcome out = GO_ON;

	while (out == GO_ON) {
		struct epoll_event evs[4];
		struct lvpn_event ev;
		uint64_t dl;
		int n, timeout, shape;

		now = now_ms(c);
		lvpn_client_flush(c, now);
		if (c->stopping && now >= c->stop_at)
			return STOP;
		if (c->tx_on && c->tx_failed) {
			LVPN_LOG(c->lg, LVPN_LOG_WARN,
			         "data-threads: the TUN device failed, restarting");
			return RESTART;
		}
		dl = lvpn_session_deadline(c->s);
		if (c->stopping && c->stop_at < dl)
			dl = c->stop_at;
		if (!c->got_packet && c->poll_deadline < dl)
			dl = c->poll_deadline;
		if (c->session_end && !c->stopping && c->session_end < dl)
			dl = c->session_end;
		timeout = dl <= now ? 0 : dl - now > 1000 ? 1000 : (int)(dl - now);
		shape = lvpn_client_shape_gate(c);
		if (shape >= 0 && shape < timeout)
			timeout = shape;
		lvpn_client_unlock(c);
		n = epoll_wait(c->epfd, evs, 4, timeout);
		lvpn_client_lock(c);
		now = now_ms(c);
		for (int i = 0; i < n && out == GO_ON; i++) {
			if (evs[i].data.fd == c->sigfd)
				out = on_signal(c, now);
			else if (evs[i].data.fd == c->link.fd && lvpn_client_read_link(c, now))
				out = RESTART;
			else if (c->net.tun_open && evs[i].data.fd == c->net.tun.fd &&
			         lvpn_client_read_tun(c, now))
				out = RESTART;
			else if (lvpn_cmgmt_is_fd(c, evs[i].data.fd))
				lvpn_cmgmt_handle(c);
		}
		if (lvpn_session_deadline(c->s) <= now && lvpn_session_tick(c->s, now) < 0) {
			/* the event says why */
		}
		if (c->session_end && !c->stopping && now >= c->session_end) {
			LVPN_LOG(c->lg, LVPN_LOG_NOTE, "Session timeout, exiting");
			begin_stop(c, now, "session-timeout");
		}
		if (!c->got_packet && now >= c->poll_deadline) {
			LVPN_LOG(c->lg, LVPN_LOG_WARN,
			         "Server poll timeout, trying the next server");
			out = RESTART;
		}
		for (lvpn_session_next_event(c->s, &ev); ev.type != LVPN_EV_NONE && out == GO_ON;
		     lvpn_session_next_event(c->s, &ev)) {
			lvpn_cmgmt_event(c, &ev);
			out = on_event(c, &ev);
		}
		lvpn_cmgmt_tick(c);
		lvpn_client_status_tick(c, 0);
		lvpn_client_replay_save(c, now, 0);
	}
	return out;
}

void lvpn_client_session_end(struct client *c, int keep_tun)
{
	lvpn_client_tx_stop(c);
	if (c->net.tun_open && !c->net.tun.null)
		epoll_ctl(c->epfd, EPOLL_CTL_DEL, c->net.tun.fd, NULL);
	if (c->s) {
		lvpn_client_status_tick(c, 1); /* the connection's last counters */
		lvpn_client_replay_save(c, now_ms(c), 1);
	}
	lvpn_session_free(c->s);
	c->s = NULL;
	link_down(c);
	if (!keep_tun && (c->net.up || c->net.preserved))
		lvpn_cmgmt_updown(c, "DOWN");
	lvpn_cnet_down(&c->net, keep_tun);
}

/* Waits secs before the next attempt; a signal cuts it short. */
enum outcome lvpn_client_backoff(struct client *c, unsigned secs)
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
		} else if (n > 0 && lvpn_cmgmt_is_fd(c, ev.data.fd) && lvpn_cmgmt_handle(c)) {
			return GO_ON; /* what a management wait waited for came */
		}
	}
	return GO_ON;
}
