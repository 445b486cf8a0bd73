/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the multi-client server: one engine session per client, over
 * one UDP socket or a TCP listener; clients found by P_DATA_V2 peer-id or
 * by address; TUN packets routed to clients by destination address.
 *
 * The parts: src/server_int.h lists them.  This file: setup, teardown,
 * signals, timers and the main loop. */
#include "src/server.h"

#include "src/server_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <signal.h>
#include <sys/signalfd.h>

#include "crypto/dc.h"
#include "src/privs.h"
#include "src/sdnotify.h"
#include "src/signals.h"
#include "src/srv_learn.h"

uint64_t srv_now_ms(const struct server *sv)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)(t.tv_sec - sv->t0.tv_sec) * 1000 +
	       (uint64_t)((t.tv_nsec - sv->t0.tv_nsec) / 1000000);
}

void srv_ep_add(struct server *sv, int fd, int tag)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = (uint64_t)(int64_t)tag};

	epoll_ctl(sv->epfd, EPOLL_CTL_ADD, fd, &ev);
}

static void on_signal(struct server *sv);

/* --management-hold: waits until the management interface releases the
 * hold, a signal stops the server, or the interface fails.  Returns -1 on
 * failure, else 0 (sv->stop set when a signal ended the wait). */
static int srv_mgmt_hold_wait(struct server *sv)
{
	if (!sv->mgmt || !lvpn_mgmt_held(sv->mgmt))
		return 0;
	LVPN_LOG(sv->lg, LVPN_LOG_NOTE, "Need hold release from management interface, waiting...");
	while (!sv->stop && lvpn_mgmt_held(sv->mgmt)) {
		struct epoll_event evs[4];
		int n = epoll_wait(sv->epfd, evs, 4, -1);

		if (n < 0 && errno != EINTR)
			return -1;
		for (int i = 0; i < n; i++) {
			int tag = (int)(int64_t)evs[i].data.u64;

			if (tag == SIGFD_TAG)
				on_signal(sv);
			else if (tag == MGMT_TAG && lvpn_mgmt_handle(sv->mgmt))
				return -1;
		}
	}
	return 0;
}

static int setup(struct server *sv, int first)
{
	uint64_t seed = (uint64_t)time(NULL) ^ (uint64_t)getpid() << 32;

	sv->max = sv->o->max_clients > 0 ? (unsigned)sv->o->max_clients : 1024;
	sv->pkt = malloc(PKT_MAX);
	sv->out = malloc(PKT_MAX);
	sv->cl = calloc(sv->max, sizeof(*sv->cl));
	sv->ccd = calloc(1, sizeof(*sv->ccd));
	if (!sv->pkt || !sv->out || !sv->cl || !sv->ccd || lvpn_tls_global_init() || lvpn_dc_init())
		return -1;
	for (unsigned i = 0; i < sv->max; i++) {
		sv->cl[i].fd = -1;
		sv->cl[i].lease = -1;
	}
	if (lvpn_peertab_new(sv->max, seed, &sv->peers) ||
	    lvpn_iptable_new(sv->max, 4 * sv->max + 64, seed * 31, &sv->routes))
		return -1;
	srv_warn_unapplied(sv);
	/* keys and addresses first: their mistakes still reach the terminal */
	if (srv_token_setup(sv) || srv_setup_keys(sv) || srv_setup_addrs(sv) ||
	    srv_tap_setup(sv, seed * 37))
		return -1;
	/* before the signalfd and epoll set exist: they would stay with the
	 * parent */
	if (first && lvpn_privs_daemonize(sv->o, sv->lg))
		return -1;
	sv->sigfd = lvpn_signals_open();
	sv->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (sv->sigfd < 0 || sv->epfd < 0)
		return -1;
	srv_ep_add(sv, sv->sigfd, SIGFD_TAG);
	srv_dp_env(sv);
	/* the management interface first: with --management-hold nothing else
	 * is opened until "hold release" (as OpenVPN holds before its sockets) */
	if (srv_setup_mgmt(sv) || srv_mgmt_hold_wait(sv))
		return -1;
	if (sv->stop)
		return 0;
	if (srv_setup_tun(sv) || srv_setup_socket(sv) || srv_dp_setup(sv) ||
	    srv_cookie_setup(sv, srv_now_ms(sv)))
		return -1;
	srv_ep_add(sv, sv->tun.fd, TUN_TAG);
	/* --user/--group once everything privileged is open (CAP_NET_ADMIN
	 * stays: the routes must still be removable at exit) */
	if (first && (sv->o->user || sv->o->group) && lvpn_privs_drop(sv->o, sv->lg))
		return -1;
	return 0;
}

static void teardown(struct server *sv)
{
	srv_dp_flush(sv);
	if (sv->dp.tw_ready)
		srv_dp_log(sv, LVPN_LOG_NOTE);
	for (unsigned i = 0; sv->cl && i < sv->max; i++)
		srv_client_free(sv, (int)i);
	if (sv->nl_open) {
		if (lvpn_netcfg_undo(&sv->nc))
			LVPN_LOG(sv->lg, LVPN_LOG_WARN,
			         "some routes or addresses could not be removed");
		lvpn_nl_close(&sv->nl);
	}
	if (sv->tun_open)
		lvpn_tun_close(&sv->tun);
	lvpn_tls_ctx_free(sv->tls);
	lvpn_engfiles_free(&sv->ef);
	lvpn_env_free(&sv->venv);
	if (sv->have_v2) {
		lvpn_tcv2_server_free(&sv->v2);
		lvpn_wipe(sv->v2key, sizeof(sv->v2key));
	}
	srv_tcpv2_free(sv);
	lvpn_ps_close(sv->ps);
	sv->ps = NULL;
	srv_cookie_free(sv);
	lvpn_wrap_free(&sv->scratch);
	if (sv->o->status_file && sv->cl) {
		sv->status_next = 0;
		srv_write_status(sv, 0);
	}
	lvpn_mgmt_free(sv->mgmt);
	srv_persist_tick(sv, 0, 1);
	lvpn_ippool_free(sv->pool);
	lvpn_iptable_free(sv->routes);
	lvpn_mactab_free(sv->macs);
	sv->macs = NULL;
	lvpn_peertab_free(sv->peers);
	free(sv->cl);
	free(sv->ccd);
	lvpn_wipe(sv->token_key, sizeof(sv->token_key));
	free(sv->pkt);
	free(sv->out);
	srv_dp_free(sv);
	if (sv->udp >= 0)
		close(sv->udp);
	if (sv->lsock >= 0)
		close(sv->lsock);
	if (sv->epfd >= 0)
		close(sv->epfd);
	if (sv->sigfd >= 0)
		close(sv->sigfd);
}

/* SIGUSR2: the connected clients, then every session (connected or not)
 * and the packets dropped: by sessions (malformed, failing
 * authentication, replayed; those of freed sessions included) and before
 * any session (first packets the stateless handshake refused). */
static void stats(struct server *sv)
{
	unsigned n = 0, sessions = 0;
	uint64_t in = 0, out = 0, drops = sv->gone_drops;

	for (unsigned i = 0; i < sv->max; i++) {
		const struct lvpn_session_stats *ss;

		if (!sv->cl[i].used || !sv->cl[i].s)
			continue;
		ss = lvpn_session_stats(sv->cl[i].s);
		sessions++;
		drops += ss->ctrl_drop + ss->data_drop;
		if (sv->cl[i].connected) {
			n++;
			in += ss->link_rx_bytes;
			out += ss->link_tx_bytes;
		}
	}
	LVPN_LOG(sv->lg, LVPN_LOG_NOTE, "STATISTICS: %u clients connected, %llu bytes in, %llu out",
	         n, (unsigned long long)in, (unsigned long long)out);
	LVPN_LOG(sv->lg, LVPN_LOG_NOTE,
	         "STATISTICS: %u sessions, %llu packets dropped by sessions, %llu before a session",
	         sessions, (unsigned long long)drops,
	         (unsigned long long)(sv->ck_stats.invalid + sv->ck_stats.limited));
	srv_dp_log(sv, LVPN_LOG_NOTE);
}

void srv_signal(struct server *sv, int signo)
{
	signo = lvpn_signals_remap(signo, sv->o->remap_usr1);
	switch (signo) {
	case SIGINT:
	case SIGTERM:
		LVPN_LOG(sv->lg, LVPN_LOG_NOTE, "%s received, process exiting",
		         signo == SIGINT ? "SIGINT" : "SIGTERM");
		sv->stop = 1;
		break;
	case SIGHUP:
	case SIGUSR1:
		LVPN_LOG(sv->lg, LVPN_LOG_NOTE, "%s[hard,] received, process restarting",
		         signo == SIGHUP ? "SIGHUP" : "SIGUSR1");
		sv->stop = 1;
		sv->restart = signo;
		break;
	case SIGUSR2:
		stats(sv);
		break;
	default:
		break;
	}
}

static void on_signal(struct server *sv)
{
	struct signalfd_siginfo si;

	while (read(sv->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si))
		srv_signal(sv, (int)si.ssi_signo);
}

/* A client that is not connected in time goes: refused (its AUTH_FAILED
 * had REFUSED_LINGER_MS to go out), or still without its push reply
 * hand-window after its connection (TCP: the accept) or first packet.
 * Returns 1 when freed; else *next gets the client's own deadline. */
static int overdue(struct server *sv, int slot, uint64_t now, uint64_t *next)
{
	struct sclient *c = &sv->cl[slot];
	uint64_t hw = 1000u * (uint64_t)(sv->o->hand_window > 0 ? sv->o->hand_window : 60);
	uint64_t d = c->end_at ? c->end_at : c->born + hw;

	if (c->connected && !c->end_at)
		return 0;
	if (now < d) {
		if (d < *next)
			*next = d;
		return 0;
	}
	LVPN_LOG(sv->lg, LVPN_LOG_INFO, "%s: %s", c->cn[0] ? c->cn : "client",
	         c->end_at ? "refused client removed"
	                   : "not connected within hand-window: removed");
	srv_client_free(sv, slot);
	return 1;
}

/* The timers of every client: the earliest deadline, ticking the due. */
static uint64_t timers(struct server *sv, uint64_t now)
{
	uint64_t next = now + 1000;

	srv_tcpv2_expire(sv, now);
	lvpn_ps_expire(sv->ps, now);
	for (unsigned i = 0; i < sv->max; i++) {
		struct sclient *c = &sv->cl[i];
		uint64_t d;

		if (!c->used || overdue(sv, (int)i, now, &next))
			continue;
		d = lvpn_session_deadline(c->s);
		if (d <= now) {
			int rc;

			sv->verifying = (int)i;
			rc = lvpn_session_tick(c->s, now);
			sv->verifying = -1;

			(void)rc; /* the events say what happened */
			if (srv_client_events(sv, (int)i, now))
				continue;
			d = lvpn_session_deadline(c->s);
		}
		if (d < next)
			next = d;
	}
	return next;
}

/* A TCP client's connection: the waiting tail out first, then input. */
static void tcp_event(struct server *sv, int slot, uint32_t events, uint64_t now)
{
	if (events & EPOLLOUT)
		srv_tcp_writable(sv, slot);
	if (sv->cl[slot].used && (events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		srv_read_tcp(sv, slot, now);
}

/* On a restart: every connected client is told (with
 * explicit-exit-notify, as 2.6's server does) so that it reconnects. */
static void tell_clients(struct server *sv)
{
	uint64_t now = srv_now_ms(sv);

	for (unsigned i = 0; i < sv->max; i++) {
		if (sv->cl[i].used && sv->cl[i].connected) {
			lvpn_session_close(sv->cl[i].s, now);
			srv_flush(sv, &sv->cl[i], now);
		}
	}
	srv_dp_flush(sv);
}

/* One run of the server, from setup to teardown; *restart gets the signal
 * that asked for a restart (0: none). */
static int run(struct lvpn_options *o, struct lvpn_log *lg, int first, int *restart)
{
	struct server sv = {.o = o,
	                    .lg = lg,
	                    .epfd = -1,
	                    .sigfd = -1,
	                    .udp = -1,
	                    .lsock = -1,
	                    .verifying = -1,
	                    .venv_slot = -1,
	                    .wk_stopfd = -1};
	int rc = 0;

	clock_gettime(CLOCK_MONOTONIC, &sv.t0);
	if (setup(&sv, first)) {
		LVPN_LOG(lg, LVPN_LOG_ERR, "server setup failed");
		rc = 1;
		goto out;
	}
	if (!sv.stop) {
		LVPN_LOG(lg, LVPN_LOG_NOTE, "Initialization Sequence Completed");
		lvpn_sdnotify("READY=1\nSTATUS=Initialization Sequence Completed");
	}
	if (!sv.stop)
		srv_tx_start(&sv); /* data-threads: from here the lock is held */
	while (!sv.stop) {
		struct epoll_event evs[32];
		uint64_t now = srv_now_ms(&sv), next = timers(&sv, now);

		srv_tcp_reap(&sv); /* connections a send found broken */
		srv_write_status(&sv, now);
		srv_persist_tick(&sv, now, 0);
		srv_learn_tick(&sv, now);
		if (sv.o->status_file && sv.status_next < next)
			next = sv.status_next;
		if (sv.nwk && srv_tx_failed(&sv)) {
			LVPN_LOG(lg, LVPN_LOG_WARN,
			         "data-threads: a worker's tun queue failed, restarting");
			sv.restart = SIGUSR1;
			break;
		}
		/* the main thread's own queue and device writes, and the wait,
		 * without the lock */
		srv_unlock(&sv);
		srv_dp_flush(&sv); /* what the timers sent */
		int n = epoll_wait(sv.epfd, evs, 32, next <= now ? 0 : (int)(next - now));

		srv_lock(&sv);
		now = srv_now_ms(&sv);
		for (int i = 0; i < n; i++) {
			int tag = (int)(int64_t)evs[i].data.u64;

			if (tag == SIGFD_TAG)
				on_signal(&sv);
			else if (tag == UDP_TAG)
				srv_read_udp(&sv, now);
			else if (tag == LISTEN_TAG)
				srv_accept_tcp(&sv, now);
			else if (tag == TUN_TAG)
				srv_read_tun(&sv, now);
			else if (tag == MGMT_TAG)
				lvpn_mgmt_handle(sv.mgmt);
			else if (tag <= PS_TAG)
				lvpn_ps_event(sv.ps, PS_TAG - tag, now);
			else if (tag <= TCPV2_TAG)
				srv_tcpv2_read(&sv, TCPV2_TAG - tag, now);
			else if (tag >= 0 && (unsigned)tag < sv.max && sv.cl[tag].used)
				tcp_event(&sv, tag, evs[i].events, now);
		}
		srv_unlock(&sv);
		srv_dp_flush(&sv);
		srv_lock(&sv);
	}
	srv_tx_stop(&sv);
	if (sv.restart)
		tell_clients(&sv);
out:
	*restart = sv.restart;
	teardown(&sv);
	return rc;
}

int lvpn_server_run(struct lvpn_options *o, struct lvpn_log *lg)
{
	int rc, restart = 0;

	for (int first = 1;; first = 0) {
		rc = run(o, lg, first, &restart);
		if (rc || !restart)
			break;
		if (restart == SIGHUP)
			lvpn_sdnotify_reloading();
		if (restart == SIGHUP && srv_reload_config(o, lg)) {
			rc = 1;
			break;
		}
	}
	if (o->writepid)
		unlink(o->writepid);
	lvpn_sdnotify("STOPPING=1");
	LVPN_LOG(lg, LVPN_LOG_NOTE, "Exiting");
	return rc;
}
