/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the server's internals, shared by src/server.c (setup, main
 * loop, signals), src/srv_client.c (a client's life), src/srv_link.c
 * (UDP and TCP input), src/srv_dp.c (the data path: link output queue,
 * TUN input and output), src/srv_setup.c (keys, addresses, device,
 * socket) and src/srv_mgmt.c (status file and management interface).
 * Nothing here is used outside the server. */
#ifndef LVPN_SERVER_INT_H
#define LVPN_SERVER_INT_H

#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/socket.h>
#include <time.h>

#include "crypto/tls.h"
#include "proto/wrap.h"
#include "base/buf.h"
#include "proto/server/cookie.h"
#include "proto/server/iptable.h"
#include "proto/server/mactab.h"
#include "base/log.h"
#include "proto/config/options.h"
#include "proto/server/peertab.h"
#include "proto/server/ippool.h"
#include "proto/session.h"
#include "proto/config/srvconf.h"
#include "src/ccd.h"
#include "src/engfiles.h"
#include "src/mgmt.h"
#include "src/portshare.h"
#include "src/netcfg.h"
#include "src/netlink.h"
#include "src/script.h"
#include "src/offload_ctl.h"
#include "src/tcpout.h"
#include "src/tun_linux.h"
#include "src/udp_batch.h"

#define PKT_MAX  70000
#define PUSH_MAX 128
/* a refused client goes this long after its AUTH_FAILED (OpenVPN 2.6's
 * scheduled exit interval) */
#define REFUSED_LINGER_MS 5000
#define SRV_USER_MAX      128  /* USER_PASS_LEN - 1 */
#define SRV_CRED_MAX      4096 /* the engine's key-method-2 string limit */
/* epoll tags: >= 0 is a TCP client's slot */
#define SIGFD_TAG  (-2)
#define LISTEN_TAG (-3)
#define TUN_TAG    (-4)
#define UDP_TAG    (-5)
#define MGMT_TAG   (-6)
/* <= PS_TAG: a port-share relay's socket, index PS_TAG - tag */
#define PS_TAG (-100000)
/* <= TCPV2_TAG: a tls-crypt-v2 TCP connection waiting for its first frame
 * (srv_tcpv2.c), index TCPV2_TAG - tag */
#define TCPV2_TAG     (-1000)
#define TCPV2_PENDING 16
#define TCPV2_FRAME   (2 + 2048)
/* tls-crypt-v2 first frames seen lately: their first bytes up to the end
 * of the tag (opcode, session id, packet id and time, tag) */
#define TCPV2_SEEN    64
#define TCPV2_SEEN_ID (17 + 32)

struct sclient {
	int used;
	struct lvpn_session *s;
	struct sockaddr_storage addr;
	socklen_t alen;
	struct lvpn_udp_local local; /* multihome: where its datagrams came to */
	int fd;                      /* TCP: the connection */
	int lease;                   /* pool handle, -1: none */
	struct lvpn_ippool_lease l;
	char cn[LVPN_IPPOOL_CN_MAX + 1];
	int connected;
	uint64_t born;     /* ms: accepted (TCP) or first packet: hand-window */
	uint64_t end_at;   /* ms: refused, removed then (0: not refused) */
	unsigned long cid; /* management client id, one per connection */
	time_t since;
	/* hooks */
	int authed; /* user/password (or none needed) accepted */
	int hooked; /* connected after client-connect: disconnect owed */
	char user[SRV_USER_MAX + 1];
	int has4, has6; /* the pushed ifconfig / ifconfig-ipv6 */
	uint32_t ip4;   /* the client's address */
	uint32_t ip4_b; /* the netmask (subnet) or the server's end */
	uint8_t ip6[16], ip6_b[16];
	int ip6_bits;
	int fixed4;   /* ip4 from ifconfig-push, not the pool */
	int tok_have; /* auth-gen-token: session id and initial time known */
	uint8_t tok_sid[12];
	uint64_t tok_t0;
	char tok_push[128]; /* "auth-token ..." while the push is built */
	/* tcp out */
	struct lvpn_tcpout tq; /* TCP: the tail the kernel did not take yet */
	int tq_watch;          /* EPOLLOUT is watched for the tail */
	int tq_broken;         /* a send failed: srv_tcp_reap frees the client */
};

/* The UDP and TUN data path (srv_dp.c): packets for the link wait in a
 * queue of buffers (a copy of their destination each) until the end of
 * the batch being handled, then go out grouped by client, a GSO train
 * per client when the socket segments. */
#define SRV_TXQ    LVPN_UDPB_TX_MAX
#define SRV_RXG    256 /* datagrams handled per lock with workers */
#define SRV_TCP_IN 65536
struct srv_dp {
	struct lvpn_offload_want off;
	struct lvpn_udpb u; /* UDP only */
	int u_ready;
	struct lvpn_link_stats st;
	struct lvpn_dp_stats c;
	uint32_t bufsize; /* a link packet or plaintext with the frame's room */
	uint8_t *txmem;   /* SRV_TXQ buffers of bufsize bytes */
	struct lvpn_buf txb[SRV_TXQ];
	uint32_t txkey[SRV_TXQ]; /* the client's slot */
	struct sockaddr_storage txaddr[SRV_TXQ];
	socklen_t txalen[SRV_TXQ];
	struct lvpn_udp_local txsrc[SRV_TXQ]; /* multihome */
	const struct lvpn_udp_local *gs[SRV_TXQ];
	unsigned ntx;
	/* the queue in client order, as handed to lvpn_udpb_send_to */
	uint8_t order[SRV_TXQ];
	struct lvpn_buf *gb[SRV_TXQ];
	const struct sockaddr_storage *ga[SRV_TXQ];
	socklen_t gl[SRV_TXQ];
	/* TUN with offloads: one read, the super-packet being coalesced */
	uint8_t *tun_in, *gro_mem;
	uint8_t *tcp_in; /* TCP: one read from a client (SRV_TCP_IN bytes) */
	struct lvpn_tunw tw;
	int tw_ready;
};

struct server {
	struct lvpn_options *o;
	struct lvpn_log *lg;
	/* --tls-verify: the client slot whose packet the engine is reading
	 * (-1: none), the environment of its chain so far, and the depth
	 * last checked (the hook sees certificates, not clients) */
	int verifying;
	int venv_slot, venv_depth;
	struct lvpn_env venv;
	struct lvpn_engfiles ef; /* TLS, wrap key, OCC string */
	struct lvpn_tls_ctx *tls;
	struct lvpn_srvconf sc;
	struct lvpn_ippool *pool;
	struct lvpn_iptable *routes;
	int tap;                  /* dev tap: frames, routed by MAC address */
	uint8_t block6_src[16];   /* --block-ipv6: the answers' source */
	struct lvpn_clinat nat;   /* --client-nat rules */
	struct lvpn_mactab *macs; /* dev tap only */
	struct {
		uint64_t bad;      /* frames shorter than an Ethernet header */
		uint64_t bad_src;  /* client frames from a source not learnt */
		uint64_t unknown;  /* device frames for no client */
		uint64_t log_next; /* ms: the next quota log line */
	} tapst;
	struct lvpn_peertab *peers;
	struct lvpn_tcv2_server v2;
	int have_v2;
	uint8_t v2key[LVPN_KEY_LEN];
	struct lvpn_wrap scratch; /* unwraps tls-crypt-v2 first packets */
	struct sclient *cl;
	unsigned max;
	struct lvpn_tun tun;
	struct lvpn_nl nl;
	struct lvpn_netcfg nc;
	int tun_open, nl_open;
	int epfd, sigfd, udp, lsock, tcp;
	uint8_t *pkt, *out;
	struct timespec t0;
	int stop;
	unsigned long next_cid;
	struct lvpn_mgmt *mgmt;
	uint64_t status_next; /* ms: next status file write */
	uint64_t stale_next;  /* ms: next stale-routes-check (srv_learn.c) */
	/* cookie: the stateless UDP handshake (srv_cookie.c) */
	int ck_ready;
	struct lvpn_cookie_srv ck;
	struct lvpn_wrap ck_wrap;          /* tls-auth / tls-crypt, stateless */
	struct lvpn_ratelim ck_rl;         /* --connect-freq-initial */
	struct lvpn_ratelim cf_rl;         /* --connect-freq (0 n: off) */
	uint64_t cf_log_next;              /* when its next log line may come */
	uint64_t ck_log_next;              /* ms: next "dropped" log line */
	struct lvpn_cookie_admit ck_admit; /* scratch for one third packet */
	struct {
		uint64_t replies, admitted, noncookie, invalid, limited;
	} ck_stats;
	uint64_t gone_drops; /* packets dropped by sessions since freed */
	struct tcpv2_pending {
		int fd; /* 0: unused (fd 0 is never a connection here) */
		uint64_t since;
		struct sockaddr_storage addr;
		socklen_t alen;
		uint32_t have;
		int shared; /* port-share: known to be an OpenVPN client */
		uint8_t buf[TCPV2_FRAME];
	} ck_tcp[TCPV2_PENDING];
	struct {
		uint64_t at; /* ms; 0: empty */
		uint8_t id[TCPV2_SEEN_ID];
	} v2_seen[TCPV2_SEEN];
	unsigned v2_seen_next;
	/* hooks */
	struct lvpn_ccd *ccd;  /* scratch for one client's ccd directives */
	int restart;           /* 1: SIGHUP (re-read the config), 2: SIGUSR1 */
	uint64_t persist_next; /* ms: next ifconfig-pool-persist write */
	uint8_t token_key[32]; /* auth-gen-token HMAC key */
	time_t unix_base;      /* time(NULL) at t0 */
	/* tcp out */
	unsigned tq_broken; /* clients marked broken, not yet freed */
	struct srv_dp dp;
	struct lvpn_ps *ps; /* port-share relays (src/portshare.c); NULL: none */
	/* data-threads N (srv_tx.c): N-1 workers read the tun device (a
	 * queue each), route, seal and send; everything else stays on the
	 * main thread, which holds slock except while it waits and while it
	 * moves packets (reads the socket, writes the device, sends its own
	 * queue).  A worker takes slock once per batch of reads. */
	struct srv_worker *wk;
	unsigned nwk;
	int wk_stopfd; /* eventfd: stop (never read: every worker sees it) */
	int locked;    /* the main thread holds slock */
	pthread_mutex_t slock;
	/* UDP datagrams of one receive call, kept for one locked pass */
	struct srv_rxg {
		struct lvpn_buf b;
		const struct sockaddr_storage *from;
		socklen_t fromlen;
		struct lvpn_udp_local local;
	} rxg[SRV_RXG];
	unsigned nrxg;
};

/* server.c */
uint64_t srv_now_ms(const struct server *sv);
void srv_ep_add(struct server *sv, int fd, int tag);

/* srv_client.c: a client's slot, from first packet to free.
 * srv_client_new: the slot, or -1 (logged); on -1 the caller still owns
 * the TCP connection fd and closes it. */
int srv_client_new(struct server *sv, const struct sockaddr_storage *a, socklen_t alen, int fd,
                   const uint8_t *kc, const struct lvpn_session_cookie *ck, uint64_t now);
void srv_client_free(struct server *sv, int slot);
/* The client's real address as OpenVPN prints it (a v4 client on a
 * dual-stack socket as IPv4; "" if unknown) and port; 1 if IPv6. */
int srv_peer_addr(const struct sclient *c, char ip[INET6_ADDRSTRLEN], int *port);
/* Handles a client's events; returns 1 when the client is gone. */
int srv_client_events(struct server *sv, int slot, uint64_t now);
void srv_send_to(struct server *sv, struct sclient *c, const uint8_t *p, size_t len);
void srv_flush(struct server *sv, struct sclient *c, uint64_t now);
void srv_from_client(struct server *sv, int slot, struct lvpn_buf *b, uint64_t now);
/* Sends client t a copy of the plaintext p (len bytes), encrypted for it:
 * client-to-client and frames for several clients. */
void srv_send_copy(struct server *sv, struct sclient *t, const uint8_t *p, size_t len,
                   uint64_t now);
/* TCP output never blocks: srv_send_to keeps a partly sent frame's tail
 * (and drops new frames while it waits), srv_tcp_writable pushes the tail
 * out on EPOLLOUT, srv_tcp_reap frees the clients whose connection broke
 * during a send (never freed from inside srv_send_to, whose callers still
 * use the slot). */
void srv_tcp_writable(struct server *sv, int slot);
void srv_tcp_reap(struct server *sv);

/* srv_link.c: input from the link */
void srv_read_udp(struct server *sv, uint64_t now);
void srv_accept_tcp(struct server *sv, uint64_t now);
void srv_read_tcp(struct server *sv, int slot, uint64_t now);
void srv_tcp_feed(struct server *sv, int slot, const uint8_t *in, size_t n, uint64_t now);

/* srv_dp.c: the data path.  srv_dp_env reads LEANVPN_OFFLOAD (before the
 * TUN device is opened); srv_dp_setup allocates the buffers and starts
 * the UDP socket's batching (0, or -1 logged); srv_dp_free undoes it.
 * srv_dp_txbuf gives the next free queue buffer (the queue is sent first
 * when full), srv_dp_commit queues it for client c (UDP), srv_dp_send
 * queues a copy of p; srv_dp_flush writes the coalesced TUN packet and
 * sends the queue.  srv_dp_to_tun writes a decrypted packet to the TUN
 * device (coalesced with offloads).  srv_dp_log logs the counters. */
void srv_dp_env(struct server *sv);
int srv_dp_setup(struct server *sv);
void srv_dp_free(struct server *sv);
struct lvpn_buf *srv_dp_txbuf(struct server *sv);
void srv_dp_commit(struct server *sv, const struct sclient *c);
void srv_dp_send(struct server *sv, const struct sclient *c, const uint8_t *p, size_t len);
void srv_dp_flush(struct server *sv);
void srv_dp_to_tun(struct server *sv, const uint8_t *p, size_t len);
void srv_read_tun(struct server *sv, uint64_t now);
void srv_dp_log(struct server *sv, int level);
/* For workers (srv_tx.c): one read from the tun device (in, n bytes,
 * with its virtio_net_hdr when the device has them) routed, cut, sealed
 * and queued in d; d's queue sent; a worker's d made (its own queue and
 * counters, the server's socket) and freed. */
void srv_dp_tun_read(struct server *sv, struct srv_dp *d, const uint8_t *in, size_t n,
                     uint64_t now);
void srv_dp_send_queue(struct srv_dp *d);
int srv_dp_worker_init(struct server *sv, struct srv_dp *d);
void srv_dp_worker_free(struct srv_dp *d);

/* srv_tx.c: data-threads.  srv_tx_start starts the workers when the
 * configuration allows them (a UDP server on a tun device without
 * fragment or block-ipv6; otherwise one thread, said once) and takes the
 * tun device out of the main thread's epoll set; srv_tx_stop (idempotent)
 * stops them, adds their counters to the server's and frees them.
 * srv_lock/srv_unlock: the main thread's side of slock (no-ops without
 * workers); srv_tx_stats adds the workers' counters so far (main thread,
 * lock held). */
void srv_tx_start(struct server *sv);
void srv_tx_stop(struct server *sv);
void srv_tx_stats(const struct server *sv, struct lvpn_link_stats *l, struct lvpn_dp_stats *d);
/* A worker stopped on its own (its device failed); lock held. */
int srv_tx_failed(const struct server *sv);

static inline void srv_lock(struct server *sv)
{
	if (sv->nwk && !sv->locked) {
		pthread_mutex_lock(&sv->slock);
		sv->locked = 1;
	}
}

static inline void srv_unlock(struct server *sv)
{
	if (sv->locked) {
		sv->locked = 0;
		pthread_mutex_unlock(&sv->slock);
	}
}

/* srv_block6.c: --block-ipv6 as 2.6 applies it on a server: an IPv6
 * packet for a client is not sent; an ICMPv6 "no route" answer to the
 * packet's source, from the server's IPv6 remote address (server-ipv6:
 * NET+2) or fe80::7, goes instead to the TUN device (to_tun: a packet read
 * from it, 2.6 process_incoming_tun) or to the client (a copy from another
 * client or a broadcast, 2.6 multi_get_queue).  srv_block6_setup picks
 * the source once; srv_block6_batch takes the IPv6 packets out of
 * v[0..n) (to the client: replaced by the answer when it fits in room
 * bytes) and returns how many are left in v, in order (n without the
 * option). */
void srv_block6_setup(struct server *sv);
/* srv_clinat.c: --client-nat as 2.6 applies it on a server (TUN): to the
 * packets read from the device for one client (outgoing, 2.6
 * process_incoming_tun) and those a client sends to the device (incoming,
 * process_outgoing_tun); not to client-to-client copies.  srv_nat_setup
 * reads the rules (0, or -1 logged). */
int srv_nat_setup(struct server *sv);
void srv_nat(struct server *sv, struct lvpn_buf **v, unsigned n, enum lvpn_clinat_dir dir);
unsigned srv_block6_batch(struct server *sv, struct lvpn_buf **v, unsigned n, size_t room,
                          int to_tun);

/* srv_tap.c: layer 2 (dev tap).  srv_tap_setup creates the MAC table
 * when the device is a tap (0, or -1 logged); srv_tap_from_client learns
 * the source address of a client's frame and sends the frame on (the
 * device, and with client-to-client the client holding its destination
 * or, broadcast, every other client); srv_tap_from_tun sends a frame read
 * from the device to the client holding its destination, or to every
 * client (broadcast and multicast); unknown destinations are dropped. */
int srv_tap_setup(struct server *sv, uint64_t seed);
void srv_tap_from_client(struct server *sv, int slot, const uint8_t *p, size_t len, uint64_t now);
void srv_tap_from_tun(struct server *sv, const uint8_t *p, size_t len, uint64_t now);
/* logs the tap counters and the MAC table's size (with the data path's) */
void srv_tap_log(struct server *sv, int level);

/* srv_cookie.c: the stateless UDP handshake.  srv_cookie_udp handles a
 * packet from an address without a session: returns the new client's
 * slot (feed it the packet), or -1 (answered statelessly, or dropped).
 * replace >= 0: the address belongs to that client's session but the
 * packet to another one (the client restarted from the same address and
 * port); the old session ends only when the new one completes the cookie
 * exchange, which proves the address is its own. */
int srv_cookie_setup(struct server *sv, uint64_t now_ms);
void srv_cookie_free(struct server *sv);
int srv_cookie_udp(struct server *sv, const uint8_t *p, size_t len,
                   const struct sockaddr_storage *a, socklen_t alen, int replace, uint64_t now);

/* srv_tcpv2.c: every TCP connection waits, without a session, until its
 * first frame (with tls-crypt-v2: with the client key) is in */
void srv_tcpv2_accept(struct server *sv, int fd, const struct sockaddr_storage *a, socklen_t alen,
                      uint64_t now);
void srv_tcpv2_read(struct server *sv, int idx, uint64_t now);
/* closes the waiters whose first frame is overdue (every second) */
void srv_tcpv2_expire(struct server *sv, uint64_t now);
void srv_tcpv2_free(struct server *sv);

/* srv_v2verify.c: --tls-crypt-v2-verify; 0 accepts the client key */
int srv_v2verify(struct server *sv, const struct lvpn_tcv2_meta *meta);

/* srv_setup.c: each returns 0 or -1 after logging why */
int srv_setup_keys(struct server *sv);
int srv_setup_addrs(struct server *sv);
int srv_setup_tun(struct server *sv);
int srv_setup_socket(struct server *sv);
void srv_warn_unapplied(struct server *sv);
int srv_reload_config(struct lvpn_options *o, struct lvpn_log *lg);

/* server.c: a signal, from signalfd or the management interface */
void srv_signal(struct server *sv, int signo);

/* srv_mgmt.c */
int srv_setup_mgmt(struct server *sv);
void srv_write_status(struct server *sv, uint64_t now);

/* srv_auth.c: 0 accepted, -1 refused (*reason: for AUTH_FAILED or NULL) */
int srv_auth_check(struct server *sv, int slot, const char **reason);
void srv_auth_push(struct server *sv, int slot, const char **opts, size_t *n);
void srv_auth_renew(struct server *sv, int slot, uint64_t now);
/* 0: the renegotiation's credentials pass; -1: refused (AUTH_FAILED sent
 * and the client freed) */
int srv_auth_again(struct server *sv, int slot, uint64_t now);

/* srv_persist.c: ifconfig-pool-persist (force: write now, e.g. at exit) */
void srv_persist_load(struct server *sv);
void srv_persist_tick(struct server *sv, uint64_t now, int force);

/* srv_token.c: auth-gen-token */
int srv_token_setup(struct server *sv);
int srv_token_is(const char *pass);
int srv_token_verify(struct server *sv, int slot, const char *user, const char *pass,
                     const char **reason);
int srv_token_make(struct server *sv, int slot, char *out, size_t cap);

#endif
