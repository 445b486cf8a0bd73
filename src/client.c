/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the client: setup, reconnection to the next remote with
 * OpenVPN's backoff, SIGHUP's re-read of the configuration, cleanup. */
#include "src/client.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "crypto/dc.h"
#include "src/client_env.h"
#include "src/client_int.h"
#include "src/client_mgmt.h"
#include "src/client_sys.h"
#include "src/sdnotify.h"
#include "src/signals.h"

#define POOL_BUFS (2 * LVPN_CLINK_BATCH)

/* Packet buffers: room for the largest tun-mtu (or tun-mtu-max, the most a
 * server may push) of any connection entry plus every header and trailer
 * the data channel adds. */
static uint32_t link_bufsize(const struct lvpn_options *o)
{
	uint32_t mtu = 1500, extra = 0;

	for (int i = 0; i < o->nconns; i++) {
		/* tun-mtu-extra: a device read may be that much longer */
		if (o->conns[i].tun_mtu_extra_set && (uint32_t)o->conns[i].tun_mtu_extra > extra)
			extra = (uint32_t)o->conns[i].tun_mtu_extra;
		if (o->conns[i].tun_mtu > 0 && (uint32_t)o->conns[i].tun_mtu > mtu)
			mtu = (uint32_t)o->conns[i].tun_mtu;
		if (o->conns[i].tun_max_mtu > 0 && (uint32_t)o->conns[i].tun_max_mtu > mtu)
			mtu = (uint32_t)o->conns[i].tun_max_mtu;
	}
	mtu += extra + 1024;
	return mtu < 4096 ? 4096 : mtu > 70000 ? 70000 : mtu;
}

/* Credentials, keys and certificates, and the TLS context. */
static int load_conf(struct client *c)
{
	char err[512];

	if (lvpn_engfiles_load(&c->ef, c->o, c->lg, err, sizeof(err)) ||
	    lvpn_cred_load(&c->cred, c->o, err, sizeof(err))) {
		LVPN_LOG(c->lg, LVPN_LOG_ERR, "%s", err);
		return -1;
	}
	/* each certificate of the server's chain: the scripts' variables and
	 * --tls-verify (client_env.c) */
	c->ef.conf.tls.verify = lvpn_cenv_verify;
	c->ef.conf.tls.verify_arg = c;
	if (!c->ef.conf.have_static && !lvpn_cmgmt_key_deferred(c) &&
	    lvpn_tls_ctx_new(&c->ef.conf.tls, &c->tls)) {
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
	lvpn_client_dp_free(c);
	c->bufsize = link_bufsize(c->o);
	if (lvpn_clink_init(&c->link, c->bufsize, c->lg) ||
	    lvpn_pool_init(&c->pool, POOL_BUFS, c->bufsize, 0) || lvpn_client_dp_init(c))
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

	lvpn_sdnotify_reloading();
	if (!c->args.argv) {
		LVPN_LOG(c->lg, LVPN_LOG_ERR,
		         "SIGHUP: the command line could not be kept at start");
		return -1;
	}
	if (lvpn_client_reparse(&c->args, c->lg, &n, err, sizeof(err))) {
		LVPN_LOG(c->lg, LVPN_LOG_ERR, "SIGHUP: %s", err);
		return -1;
	}
	lvpn_tls_ctx_free(c->tls);
	c->tls = NULL;
	lvpn_engfiles_free(&c->ef);
	lvpn_options_free(c->o);
	*c->o = n;
	/* persist-remote-ip and persist-local-ip keep nothing over SIGHUP */
	c->link.kept_len = c->link.kept_local_len = 0;
	lvpn_cnet_init(&c->net, c->o, &c->env, c->lg);
	if (load_conf(c) || lvpn_cmgmt_key(c) || (link_bufsize(c->o) > c->bufsize && buffers(c)))
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
	lvpn_client_dp_env(c);
	LVPN_LOG(c->lg, LVPN_LOG_INFO, "offloads wanted: TUN %s, UDP GSO %s, UDP GRO %s",
	         c->off.tun ? "on" : "off", c->off.gso ? "on" : "off", c->off.gro ? "on" : "off");
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
	if (epoll_ctl(c->epfd, EPOLL_CTL_ADD, c->sigfd, &ev))
		return -1;
	/* an encrypted key's pass phrase may come from the interface */
	return lvpn_cmgmt_open(c) || lvpn_cmgmt_key(c) ? -1 : 0;
}

/* --remap-usr1 for a restart that was not a SIGHUP (a SIGUSR1 from inside:
 * ping-restart, a TLS or link error; one from outside is remapped where it
 * is read), as OpenVPN's remap_signal: a SIGHUP restart or an exit. */
static enum outcome remap_usr1(struct client *c, enum outcome r)
{
	if (r != RESTART || c->hup || c->stopping || !c->o->remap_usr1)
		return r;
	if (c->o->remap_usr1 == LVPN_REMAP_SIGHUP) {
		LVPN_LOG(c->lg, LVPN_LOG_NOTE,
		         "SIGHUP[soft,remap-usr1] received, process restarting");
		c->hup = 1;
		return RESTART;
	}
	LVPN_LOG(c->lg, LVPN_LOG_NOTE, "SIGTERM[soft,remap-usr1] received, process exiting");
	return STOP;
}

int lvpn_client_run(struct lvpn_options *o, struct lvpn_log *lg)
{
	struct client c = {.o = o,
	                   .lg = lg,
	                   .epfd = -1,
	                   .sigfd = -1,
	                   .link = {.fd = -1},
	                   .status_fd = -1,
	                   .rp_fd = -1};
	unsigned attempt = 0, tries = 0;
	int idx = 0, cycles = 0;

	clock_gettime(CLOCK_MONOTONIC, &c.t0);
	c.start_time = time(NULL);
	if (o->nconns <= 0) {
		LVPN_LOG(lg, LVPN_LOG_ERR, "no remote to connect to");
		return EXIT_ERROR;
	}
	if (lvpn_env_init(&c.env, 256, 1024)) {
		LVPN_LOG(lg, LVPN_LOG_ERR, "out of memory");
		return EXIT_ERROR;
	}
	lvpn_cnet_init(&c.net, o, &c.env, lg);
	if (setup(&c)) {
		c.exit_code = EXIT_ERROR;
		goto out;
	}
	if (o->remote_random) {
		srand((unsigned)time(NULL) ^ (unsigned)getpid());
		idx = rand() % o->nconns;
	}
	lvpn_client_status_open(&c);
	lvpn_client_replay_open(&c);
	if (lvpn_client_argv_load(&c.args))
		LVPN_LOG(lg, LVPN_LOG_WARN, "cannot keep the command line: SIGHUP will stop");
	if (lvpn_cmgmt_hold(&c) == STOP)
		goto out;
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
		{
			const struct lvpn_conn *use;
			int skip;

			r = lvpn_cmgmt_remote(&c, ce, &use, &skip);
			if (r == GO_ON && !use) {
				/* remote SKIP n: on to the entry n further, at once;
				 * twice round the list without one: 2.6 gives up */
				tries += (unsigned)skip;
				idx += skip;
				cycles += idx / o->nconns;
				idx %= o->nconns;
				if (cycles >= 2) {
					LVPN_LOG(lg, LVPN_LOG_ERR,
					         "No usable connection profiles are present");
					c.exit_code = EXIT_ERROR;
					break;
				}
				continue;
			}
			cycles = 0;
			if (r == GO_ON)
				r = lvpn_cmgmt_proxy(&c, use, idx, &use);
			if (r == GO_ON)
				r = lvpn_client_session(&c, use);
		}
		r = remap_usr1(&c, r);
		lvpn_cmgmt_ended(&c, r == STOP || c.stopping ? STOP : RESTART);
		lvpn_client_session_end(&c,
		                        r == RESTART && o->persist_tun && !c.stopping && !c.hup);
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
			LVPN_LOG(lg, LVPN_LOG_ERR,
			         "All connections have been connect-retry-max (%d) "
			         "times unsuccessful, exiting",
			         o->connect_retry_max);
			c.exit_code = EXIT_GAVE_UP;
			break;
		}
		wait = (unsigned)(ce->connect_retry > 0 ? ce->connect_retry : 1);
		shift = attempt / (5u * (unsigned)o->nconns);
		wait <<= shift > 8 ? 8 : shift;
		if (wait > (unsigned)(ce->connect_retry_max_backoff > 0
		                          ? ce->connect_retry_max_backoff
		                          : 300))
			wait = (unsigned)(ce->connect_retry_max_backoff > 0
			                      ? ce->connect_retry_max_backoff
			                      : 300);
		if (c.connected)
			wait = 1;
		if (lvpn_cmgmt_pause(&c, wait) == STOP) /* logs the pause */
			break;
	}
out:
	lvpn_client_session_end(&c, 0);
	lvpn_client_status_close(&c);
	lvpn_client_replay_close(&c);
	lvpn_env_free(&c.env);
	lvpn_cmgmt_close(&c);
	lvpn_tls_ctx_free(c.tls);
	lvpn_engfiles_free(&c.ef);
	lvpn_cred_wipe(&c.cred);
	lvpn_client_dp_log(&c, LVPN_LOG_NOTE);
	lvpn_pool_free(&c.pool);
	lvpn_clink_free(&c.link);
	lvpn_client_dp_free(&c);
	lvpn_client_argv_free(&c.args);
	if (c.epfd >= 0)
		close(c.epfd);
	if (c.sigfd >= 0)
		close(c.sigfd);
	if (o->writepid)
		unlink(o->writepid);
	lvpn_sdnotify("STOPPING=1");
	LVPN_LOG(lg, LVPN_LOG_NOTE, "Exiting");
	return c.exit_code;
}
