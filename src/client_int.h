/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the client's state, shared by client.c (setup, reconnection,
 * SIGHUP) and client_loop.c (one session: packets, events, signals). */
#ifndef LVPN_CLIENT_INT_H
#define LVPN_CLIENT_INT_H

#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "base/pktpool.h"
#include "crypto/tls.h"
#include "proto/offload.h"
#include "proto/session.h"
#include "src/cred.h"
#include "src/client_link.h"
#include "src/client_net.h"
#include "src/client_reload.h"
#include "src/engfiles.h"
#include "src/offload_ctl.h"

#define EXIT_ERROR   1
#define EXIT_AUTH    2
#define EXIT_GAVE_UP 3

enum outcome { GO_ON, RESTART, STOP };

#define LVPN_CLIENT_RXV 256 /* link packets opened per engine call */

struct lvpn_cmgmt; /* src/client_mgmt.c */

struct client {
	struct lvpn_options *o;
	struct lvpn_log *lg;
	struct lvpn_engfiles ef; /* the engine's configuration, keys, certificates */
	struct lvpn_cred cred;
	struct lvpn_tls_ctx *tls;
	struct lvpn_cnet net;
	int epfd, sigfd;
	struct lvpn_clink link;
	struct sockaddr_storage lock_from; /* p2p without remote: the peer */
	socklen_t lock_len;                /* to lock on to (0: none yet) */
	uint32_t bufsize;
	struct lvpn_session *s;
	struct lvpn_pool pool;
	struct lvpn_frame frame;
	struct lvpn_offload_want off; /* LEANVPN_OFFLOAD turns them off */
	struct lvpn_dp_stats dp;
	uint8_t *tun_in;     /* one TUN read with its virtio_net_hdr */
	uint8_t *gro_mem;    /* the super-packet being coalesced for the TUN */
	uint8_t *bounce;     /* a link packet that needs room (bufsize bytes) */
	struct lvpn_tunw tw; /* TUN writes (coalesced with offloads) */
	/* link packets of one receive call, opened in one engine call */
	struct lvpn_buf rxv[LVPN_CLIENT_RXV];
	unsigned nrxv;
	/* data-threads 2 (src/client_tx.c): a second thread reads the TUN
	 * device, seals and sends; the engine is shared under slock, which the
	 * main thread holds except while it waits and while it reads the link
	 * or writes the device, and the second thread takes for each batch it
	 * seals.  tx_on and tx_locked are the main thread's. */
	int tx_on;
	int tx_locked;
	int tx_stopfd; /* eventfd: the main thread asks it to stop */
	int tx_failed; /* it stopped on its own (under slock) */
	pthread_t tx_th;
	pthread_mutex_t slock;
	struct lvpn_udpb txu;             /* its sends: the link's socket, its own counters */
	struct lvpn_link_stats tx_st;     /* added to the link's when it stops */
	struct lvpn_dp_stats tx_dp;       /* its TUN reads, added to dp then */
	struct lvpn_link_stats tx_st_pub; /* copies of both, made under the */
	struct lvpn_dp_stats tx_dp_pub;   /* lock each batch (SIGUSR2) */
	int may_decomp;                   /* compression allowed: packets may grow on receive */
	int frag; /* --fragment: a sealed batch may leave fragments waiting */
	uint8_t ctrl[4096];
	struct timespec t0;
	int connected; /* this session completed; scripts ran */
	int ever_connected;
	int tun_paused; /* --shaper: the TUN is out of the epoll set until the link may send */
	int link_tos;   /* --passtos: the TOS set on the link socket (-1: none yet) */
	int rp_fd;      /* --replay-persist file, or -1 */
	uint32_t rp_id, rp_time; /* the state it holds (rp_time 0: none) */
	uint64_t rp_next;        /* when it is written next (now_ms) */
	int exit_code;
	int stopping; /* SIGINT/SIGTERM: send the exit notification, leave */
	uint64_t stop_at;
	int session_secs;       /* session-timeout in force (configured or pushed) */
	uint64_t session_end;   /* when it runs out; 0: never */
	uint64_t poll_deadline; /* server-poll-timeout for this attempt */
	int got_packet;
	int restart_now; /* a restart signal came while backoff() waited */
	int hup;         /* SIGHUP: re-read the configuration before the next try */
	struct lvpn_client_argv args;
	struct lvpn_cmgmt *mgmt; /* --management, or NULL */
	struct lvpn_env env;     /* the scripts' (client_env.h) */
	time_t start_time;       /* daemon_start_time */
	int status_fd;           /* --status FILE, or -1 */
	uint64_t status_next;    /* when it is written next (now_ms) */
};

static inline uint64_t now_ms(const struct client *c)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)(t.tv_sec - c->t0.tv_sec) * 1000 +
	       (uint64_t)((t.tv_nsec - c->t0.tv_nsec) / 1000000);
}

/* The data path's buffers (allocated once; free on every path).
 * Errors: LVPN_ERR_NOMEM. */
int lvpn_client_dp_init(struct client *c);
void lvpn_client_dp_free(struct client *c);

/* Reads LEANVPN_OFFLOAD ("all", "none", or a comma-separated list of
 * "no-tun", "no-gso", "no-gro") into c->off; an unknown word is logged and
 * ignored. */
void lvpn_client_dp_env(struct client *c);

/* Sends every packet the session has due (control, keepalive, the
 * waiting fragments of packets sealed with --fragment). */
void lvpn_client_flush(struct client *c, uint64_t now);

/* Drains the TUN device: super-packets are cut into segments; each packet
 * is encrypted in place in a pool buffer and sent in batches.  Returns
 * nonzero when the TCP link is gone. */
int lvpn_client_read_tun(struct client *c, uint64_t now);

/* --block-ipv6: answers each IPv6 packet of b[0..n) (read from the TUN
 * device) on the TUN device with ICMPv6 "no route" (proto/icmp6.h), gives
 * its buffer back and keeps the other packets, in order, in b.  Returns
 * how many are left.  Without the option returns n. */
unsigned lvpn_client_block6(struct client *c, struct lvpn_buf **b, unsigned n);

/* --client-nat (proto/clinat.h) on the packets b[0..n) read from the
 * device, and on one packet p (len bytes) about to be written to it. */
void lvpn_client_nat_out(struct client *c, struct lvpn_buf **b, unsigned n);
void lvpn_client_nat_in(struct client *c, uint8_t *p, size_t len);

/* data-threads 2 (client_tx.c).  tx_start, when the tunnel is up: starts
 * the second thread when the connection allows it (UDP to a known remote,
 * without fragment, shaper, passtos, block-ipv6 or a SOCKS relay; else one
 * thread, said once in the log); the caller must not hold the lock.
 * tx_stop (idempotent): stops it and waits for it; the main thread's lock
 * is given up first.  lock/unlock: the main thread's side of slock (no-ops
 * with one thread). */
void lvpn_client_tx_start(struct client *c);
void lvpn_client_tx_stop(struct client *c);

static inline void lvpn_client_lock(struct client *c)
{
	if (c->tx_on && !c->tx_locked) {
		pthread_mutex_lock(&c->slock);
		c->tx_locked = 1;
	}
}

static inline void lvpn_client_unlock(struct client *c)
{
	if (c->tx_locked) {
		c->tx_locked = 0;
		pthread_mutex_unlock(&c->slock);
	}
}

/* Reads the link; plaintexts go to the TUN device, consecutive TCP
 * segments of a flow coalesced into super-packets (with offloads).
 * Returns nonzero when the TCP link is gone or broken. */
int lvpn_client_read_link(struct client *c, uint64_t now);

/* Logs the link and data path counters at level. */
void lvpn_client_dp_log(const struct client *c, int level);

/* One connection attempt to ce (opens the link, runs the session) until it
 * must restart or stop. */
enum outcome lvpn_client_session(struct client *c, const struct lvpn_conn *ce);

/* Ends the session: its link, and the TUN device (unless keep_tun) with
 * every address and route. */
void lvpn_client_session_end(struct client *c, int keep_tun);

/* Waits secs before the next attempt; a signal cuts it short (STOP after
 * SIGINT/SIGTERM; c->restart_now after SIGUSR1/SIGHUP). */
enum outcome lvpn_client_backoff(struct client *c, unsigned secs);

struct lvpn_push;
/* --shaper (client_shape.c): start sets the configured rate for a new
 * session; push takes a pushed shaper (out of 2.6's bounds: logged and
 * left out); gate, before each wait, takes the TUN device out of the wait
 * while the link must not send, and returns the milliseconds until it may
 * (-1: no wait needed). */
void lvpn_client_shape_start(struct client *c);
void lvpn_client_shape_push(struct client *c, const struct lvpn_push *p);
int lvpn_client_shape_gate(struct client *c);

/* --replay-persist (client_replay.c): open reads the file at start (a
 * failure is logged, the run goes on without it); start gives a new
 * session the state; save writes the session's state when it changed
 * (at most once a minute unless force); close closes the file. */
void lvpn_client_replay_open(struct client *c);
void lvpn_client_replay_start(struct client *c, uint64_t now);
void lvpn_client_replay_save(struct client *c, uint64_t now, int force);
void lvpn_client_replay_close(struct client *c);

/* --passtos (client_tos.c): mark records the IPv4 TOS of each plaintext
 * b[i] in tos[i] (-1: not IPv4); send sends the sealed packets in runs of
 * one TOS, setting IP_TOS on the link socket when it changes.
 * send's errors: those of lvpn_clink_send_batch. */
void lvpn_client_tos_mark(const struct client *c, struct lvpn_buf *const *b, unsigned n,
                          int16_t *tos);
int lvpn_client_send_tos(struct client *c, struct lvpn_buf *const *b, const int16_t *tos,
                         unsigned n);

/* session-timeout (client_stimer.c): start counts from now with the
 * configured value; push restarts the count from now when the PUSH_REPLY
 * p holds a timer option, with its session-timeout if it has one. */
void lvpn_client_stimer_start(struct client *c, uint64_t now);
void lvpn_client_stimer_push(struct client *c, const struct lvpn_push *p, uint64_t now);

/* A PUSH_REPLY's setenv-safe options into the scripts' environment
 * (client_pushenv.c): OPENVPN_NAME=VALUE, as 2.6 applies them when
 * pulled (a name too long is logged and left out); its echo options whose
 * text starts with "msg" into the log as "ECHO-PULL:text". */
void lvpn_client_push_env(struct client *c, const struct lvpn_push *p);

/* A PUSH_REPLY's auth-token-user (base64, 2.6 set_auth_token_user): the
 * username sent with the auth-token from the next key exchange on (the
 * user's own kept in cred.real_username); one that does not decode is
 * logged and left out.  Call once the token is taken. */
void lvpn_client_push_token_user(struct client *c, const struct lvpn_push *p);

/* The client's status report, as OpenVPN 2.6's print_status (also the
 * management `status` reply): "OpenVPN STATISTICS", "Updated,<time>",
 * TUN/TAP read/write bytes, TCP/UDP read/write bytes, Auth read bytes,
 * the four compression counters when compression is configured, "END";
 * the counters are the current connection's (0 between connections).
 * Returns 0, or -2 when cap is too small. */
int lvpn_client_status_render(const struct client *c, char *buf, size_t cap, size_t *len);

/* --status FILE: opened (created, emptied) at start, as OpenVPN does, so
 * it stays writable after chroot or user; sets c->status_fd (-1 without
 * the option or when it cannot be opened: a warning, not fatal). */
void lvpn_client_status_open(struct client *c);

/* Rewrites the status file in place when its interval (--status FILE N,
 * default 60 s; 0: never) has passed, or at once with force (the end of
 * each connection, so the file keeps its last counters). */
void lvpn_client_status_tick(struct client *c, int force);

/* Closes the file. */
void lvpn_client_status_close(struct client *c);

#endif
