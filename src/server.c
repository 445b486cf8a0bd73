/* leanvpn - the multi-client server: one engine session per client, over
 * one UDP socket or a TCP listener; clients found by P_DATA_V2 peer-id or
 * by address; TUN packets routed to clients by destination address.
 *
 * This first version does the `server`/`server-ipv6` helpers, address
 * pools, push, keepalive, client-to-client, max-clients, tls-auth /
 * tls-crypt / tls-crypt-v2 and address float.  Not yet: the stateless
 * HMAC cookie, scripts, client-config-dir, status and management. */
#include "src/server.h"

#include <arpa/inet.h>
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

#include "config.h"
#include "crypto/dc.h"
#include "crypto/keyfile.h"
#include "crypto/tls.h"
#include "crypto/wrap.h"
#include "proto/iptable.h"
#include "proto/peertab.h"
#include "proto/pool.h"
#include "proto/srvaddr.h"
#include "proto/srvconf.h"
#include "proto/wire.h"
#include "src/client_conf.h"
#include "src/signals.h"
#include "src/fileio.h"
#include "src/netcfg.h"
#include "src/mgmt.h"
#include "src/netlink.h"
#include "src/status.h"
#include "src/tun_linux.h"

#define PKT_MAX 70000
#define PUSH_MAX 128
#define SIGFD_TAG (-2)
#define LISTEN_TAG (-3)
#define TUN_TAG (-4)
#define UDP_TAG (-5)

struct sclient {
	int used;
	struct lvpn_session *s;
	struct sockaddr_storage addr;
	socklen_t alen;
	int fd;               /* TCP: the connection */
	int lease;            /* pool handle, -1: none */
	struct lvpn_ippool_lease l;
	char cn[LVPN_IPPOOL_CN_MAX + 1];
	int connected;
	unsigned long cid;    /* management client id, one per connection */
	time_t since;
};

struct server {
	struct lvpn_options *o;
	struct lvpn_log *lg;
	struct lvpn_client_conf cc; /* TLS, wrap key, OCC string */
	struct lvpn_tls_ctx *tls;
	struct lvpn_srvconf sc;
	struct lvpn_ippool *pool;
	struct lvpn_iptable *routes;
	struct lvpn_peertab *peers;
	struct lvpn_tcv2_server v2;
	int have_v2;
	uint8_t v2key[LVPN_KEY_LEN];
	struct lvpn_wrap scratch;   /* unwraps tls-crypt-v2 first packets */
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
	uint64_t status_next;  /* ms: next status file write */
};

#define MGMT_TAG (-6)

static uint64_t now_ms(const struct server *sv)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)(t.tv_sec - sv->t0.tv_sec) * 1000 +
	       (uint64_t)((t.tv_nsec - sv->t0.tv_nsec) / 1000000);
}

static void ep_add(struct server *sv, int fd, int tag)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = (uint64_t)(int64_t)tag};

	epoll_ctl(sv->epfd, EPOLL_CTL_ADD, fd, &ev);
}

/* --- clients --- */

static void client_free(struct server *sv, int slot)
{
	struct sclient *c = &sv->cl[slot];
	int rc;

	if (!c->used)
		return;
	if (c->connected)
		LVPN_LOG(sv->lg, LVPN_LOG_INFO, "%s: client disconnected", c->cn[0] ? c->cn : "?");
	lvpn_iptable_remove_client(sv->routes, slot);
	if (c->lease >= 0) {
		rc = lvpn_ippool_release(sv->pool, c->lease, 0);
		(void)rc;
	}
	rc = lvpn_peertab_remove(sv->peers, slot);
	(void)rc;
	if (c->fd >= 0) {
		epoll_ctl(sv->epfd, EPOLL_CTL_DEL, c->fd, NULL);
		close(c->fd);
	}
	lvpn_session_free(c->s);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->lease = -1;
}

static void send_to(struct server *sv, struct sclient *c, const uint8_t *p, size_t len)
{
	if (c->fd >= 0) {
		while (len) {
			ssize_t n = send(c->fd, p, len, MSG_NOSIGNAL);

			if (n <= 0)
				return; /* a stuck client loses packets, the stream stays framed
					 * only if whole frames go: the socket is blocking */
			p += n;
			len -= (size_t)n;
		}
		return;
	}
	sendto(sv->udp, p, len, MSG_DONTWAIT, (const struct sockaddr *)&c->addr, c->alen);
}

static void flush(struct server *sv, struct sclient *c, uint64_t now)
{
	for (int i = 0; i < 256; i++) {
		size_t len;

		if (lvpn_session_poll_link(c->s, sv->out, PKT_MAX, &len, now) || len == 0)
			return;
		send_to(sv, c, sv->out, len);
	}
}

static int client_new(struct server *sv, const struct sockaddr_storage *a, socklen_t alen, int fd,
		      const uint8_t *kc, uint64_t now)
{
	struct lvpn_session_conf conf;
	struct lvpn_session_ops ops = {.log = sv->lg};
	struct sclient *c;
	int slot, rc;

	rc = lvpn_peertab_add(sv->peers, a, alen, &slot);
	if (rc) {
		LVPN_LOG(sv->lg, LVPN_LOG_WARN, "new client refused: %s",
			 rc == LVPN_ERR_EXHAUSTED ? "max-clients reached" : lvpn_strerror(rc));
		return -1;
	}
	c = &sv->cl[slot];
	memset(c, 0, sizeof(*c));
	c->used = 1;
	c->fd = fd;
	c->lease = -1;
	memcpy(&c->addr, a, alen);
	c->alen = alen;
	c->cid = sv->next_cid++;
	c->since = time(NULL);
	lvpn_client_session_conf(&sv->cc, sv->o, &sv->o->ce, sv->tls, &conf);
	conf.role = LVPN_SESSION_SERVER;
	conf.peer_id = (uint32_t)slot;
	conf.username = conf.password = conf.peer_info = NULL;
	if (kc) {
		conf.wrap_mode = LVPN_WRAP_CRYPT;
		conf.wrap_key = kc;
		conf.tcv2_server = 1;
	}
	ops.unix_base = (uint64_t)time(NULL) - now / 1000;
	rc = lvpn_session_new(&conf, &ops, now, &c->s);
	if (rc) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "cannot start a session: %s", lvpn_strerror(rc));
		c->used = 1;
		client_free(sv, slot);
		return -1;
	}
	return slot;
}

/* The client asked for its options: an address, then the push list. */
static void push_reply(struct server *sv, int slot, uint64_t now)
{
	struct sclient *c = &sv->cl[slot];
	struct lvpn_tls_cert_info ci;
	const char *opts[PUSH_MAX];
	char ifc[128], ifc6[160], a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	size_t n = 0;
	uint32_t v;

	if (lvpn_tls_peer_cert(lvpn_session_tls(c->s), 0, &ci) == 0)
		snprintf(c->cn, sizeof(c->cn), "%.*s", (int)sizeof(c->cn) - 1, ci.cn);
	if (c->lease < 0 && sv->pool && lvpn_ippool_acquire(sv->pool, c->cn, &c->l) == 0)
		c->lease = c->l.handle;
	for (int i = 0; i < sv->sc.n_push && n < PUSH_MAX - 4; i++)
		opts[n++] = sv->sc.push[i];
	for (int i = 0; i < sv->o->push.n && n < PUSH_MAX - 4; i++)
		opts[n++] = sv->o->push.v[i];
	if (c->lease >= 0 && c->l.has_v6) {
		inet_ntop(AF_INET6, c->l.remote6, a, sizeof(a));
		inet_ntop(AF_INET6, sv->sc.ifconfig_ipv6_local, b, sizeof(b));
		snprintf(ifc6, sizeof(ifc6), "ifconfig-ipv6 %s/%d %s", a, sv->sc.ifconfig_ipv6_netbits, b);
		opts[n++] = ifc6;
		if (lvpn_iptable_add6(sv->routes, c->l.remote6, 128, slot))
			LVPN_LOG(sv->lg, LVPN_LOG_WARN, "routing table full");
	}
	if (c->lease >= 0 && c->l.has_v4) {
		v = htonl(c->l.remote);
		inet_ntop(AF_INET, &v, a, sizeof(a));
		v = htonl(sv->o->topology == LVPN_TOPO_SUBNET ? sv->sc.pool_netmask
			  : sv->o->topology == LVPN_TOPO_NET30 ? c->l.local
							       : sv->sc.ifconfig_local);
		inet_ntop(AF_INET, &v, b, sizeof(b));
		snprintf(ifc, sizeof(ifc), "ifconfig %s %s", a, b);
		opts[n++] = ifc;
		if (lvpn_iptable_add4(sv->routes, c->l.remote, 32, slot))
			LVPN_LOG(sv->lg, LVPN_LOG_WARN, "routing table full");
	}
	if (lvpn_session_push_reply(c->s, opts, n, now) == 0) {
		c->connected = 1;
		LVPN_LOG(sv->lg, LVPN_LOG_INFO, "%s: client connected, %s", c->cn,
			 c->lease >= 0 ? ifc : "no address");
	}
}

/* Handles a client's events; returns 1 when the client is gone. */
static int client_events(struct server *sv, int slot, uint64_t now)
{
	struct sclient *c = &sv->cl[slot];
	struct lvpn_event ev;

	for (lvpn_session_next_event(c->s, &ev); ev.type != LVPN_EV_NONE;
	     lvpn_session_next_event(c->s, &ev)) {
		switch (ev.type) {
		case LVPN_EV_PUSH_REQUEST:
			push_reply(sv, slot, now);
			break;
		case LVPN_EV_RESTART:
		case LVPN_EV_HALT:
		case LVPN_EV_EXIT:
			flush(sv, c, now); /* an AUTH_FAILED or alert may be waiting */
			LVPN_LOG(sv->lg, LVPN_LOG_INFO, "%s: %s", c->cn[0] ? c->cn : "client",
				 ev.text ? ev.text : "session ended");
			client_free(sv, slot);
			return 1;
		default:
			break;
		}
	}
	flush(sv, c, now);
	return 0;
}

/* A decrypted packet from client slot: to another client or to the TUN. */
static void from_client(struct server *sv, int slot, struct lvpn_buf *b, uint64_t now)
{
	int to = -1;

	if (lvpn_iptable_src_check(sv->routes, slot, lvpn_buf_data(b), b->len) != 0)
		return; /* a source address that is not the client's */
	if (sv->o->client_to_client && lvpn_iptable_route(sv->routes, lvpn_buf_data(b), b->len, &to) == 0 &&
	    to >= 0 && to != slot && sv->cl[to].used && sv->cl[to].connected) {
		struct lvpn_frame f;

		/* re-encrypt for the other client: move the packet to the room
		 * the frame needs (one copy, client-to-client only) */
		lvpn_session_frame(sv->cl[to].s, &f);
		memmove(b->base + f.headroom, lvpn_buf_data(b), b->len);
		b->head = f.headroom;
		if (lvpn_session_encrypt(sv->cl[to].s, b, now) == 0)
			send_to(sv, &sv->cl[to], lvpn_buf_data(b), b->len);
		return;
	}
	if (sv->tun_open) {
		ssize_t n = write(sv->tun.fd, lvpn_buf_data(b), b->len);

		(void)n;
	}
}

/* --- UDP --- */

/* tls-crypt-v2: the client's key comes wrapped in its first packet. */
static int unwrap_v2(struct server *sv, const uint8_t *p, size_t len, uint8_t kc[LVPN_KEY2_LEN])
{
	struct lvpn_buf b;
	struct lvpn_tcv2_meta meta;
	uint8_t tmp[2048];

	if (len > sizeof(tmp))
		return -1;
	memcpy(tmp, p, len);
	lvpn_buf_init(&b, tmp, sizeof(tmp));
	b.len = (uint32_t)len;
	if (lvpn_tcv2_open_first(&sv->v2, &sv->scratch, &b, LVPN_WRAP_NO_REPLAY, 0, &meta, NULL))
		return -1;
	memcpy(kc, sv->scratch.key, LVPN_KEY2_LEN);
	return 0;
}

static void udp_packet(struct server *sv, uint8_t *p, size_t len, struct sockaddr_storage *a,
		       socklen_t alen, uint64_t now)
{
	struct lvpn_buf b;
	enum lvpn_rx rx;
	unsigned op = len ? lvpn_op_of(p[0]) : 0;
	int slot = lvpn_peertab_by_addr(sv->peers, a, alen), by_id = 0, rc;
	uint8_t kc[LVPN_KEY2_LEN];

	if (len == 0)
		return;
	if (slot < 0 && op == LVPN_OP_DATA_V2 && len >= 4) {
		slot = lvpn_peertab_by_peer_id(sv->peers, (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]);
		by_id = slot >= 0;
	}
	if (slot < 0) {
		if (op != LVPN_OP_HARD_RESET_CLIENT_V2 && op != LVPN_OP_HARD_RESET_CLIENT_V3)
			return;
		if (sv->have_v2 != (op == LVPN_OP_HARD_RESET_CLIENT_V3))
			return;
		if (sv->have_v2 && unwrap_v2(sv, p, len, kc))
			return; /* silently: no state for a bad first packet */
		slot = client_new(sv, a, alen, -1, sv->have_v2 ? kc : NULL, now);
		lvpn_wipe(kc, sizeof(kc));
		if (slot < 0)
			return;
	}
	lvpn_buf_init(&b, p, PKT_MAX);
	b.len = (uint32_t)len;
	rc = lvpn_session_recv(sv->cl[slot].s, &b, now, &rx);
	if (rc == 0 && by_id) {
		/* authenticated from a new address: the client moved */
		if (lvpn_peertab_float(sv->peers, slot, a, alen) == 0) {
			memcpy(&sv->cl[slot].addr, a, alen);
			sv->cl[slot].alen = alen;
		}
	}
	if (rc == 0 && rx == LVPN_RX_TUN)
		from_client(sv, slot, &b, now);
	client_events(sv, slot, now);
}

static void read_udp(struct server *sv, uint64_t now)
{
	for (int i = 0; i < 64; i++) {
		struct sockaddr_storage a;
		socklen_t alen = sizeof(a);
		ssize_t n = recvfrom(sv->udp, sv->pkt, 2048, MSG_DONTWAIT, (struct sockaddr *)&a, &alen);

		if (n < 0)
			return;
		udp_packet(sv, sv->pkt, (size_t)n, &a, alen, now);
	}
}

/* --- TCP --- */

static void accept_tcp(struct server *sv, uint64_t now)
{
	struct sockaddr_storage a;
	socklen_t alen = sizeof(a);
	int one = 1, fd = accept4(sv->lsock, (struct sockaddr *)&a, &alen, SOCK_CLOEXEC), slot;
	struct timeval tv = {.tv_sec = 5};

	if (fd < 0)
		return;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (sv->have_v2) {
		/* the client key arrives with the first frame: wait for it */
		LVPN_LOG(sv->lg, LVPN_LOG_WARN, "tls-crypt-v2 over TCP is not supported yet");
		close(fd);
		return;
	}
	slot = client_new(sv, &a, alen, fd, NULL, now);
	if (slot < 0) {
		close(fd);
		return;
	}
	ep_add(sv, fd, slot);
}

static void read_tcp(struct server *sv, int slot, uint64_t now)
{
	struct sclient *c = &sv->cl[slot];
	uint8_t in[16384];
	ssize_t n = recv(c->fd, in, sizeof(in), MSG_DONTWAIT);

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		client_free(sv, slot);
		return;
	}
	for (size_t off = 0; n > 0 && off < (size_t)n && sv->cl[slot].used;) {
		struct lvpn_buf b;
		enum lvpn_rx rx;
		size_t used;
		int rc;

		lvpn_buf_init(&b, sv->pkt, PKT_MAX);
		rc = lvpn_session_recv_stream(c->s, in + off, (size_t)n - off, &used, &b, now, &rx);
		off += used;
		if (rc == 0 && rx == LVPN_RX_TUN)
			from_client(sv, slot, &b, now);
		if (client_events(sv, slot, now) || rc == LVPN_ERR_FRAMING || used == 0)
			break;
	}
}

/* --- TUN --- */

static void read_tun(struct server *sv, uint64_t now)
{
	for (int i = 0; i < 64; i++) {
		struct lvpn_buf b;
		int to = -1;
		ssize_t n;

		lvpn_buf_init(&b, sv->pkt, PKT_MAX);
		b.head = 256;
		n = read(sv->tun.fd, sv->pkt + b.head, 65535);
		if (n <= 0)
			return;
		b.len = (uint32_t)n;
		if (lvpn_iptable_route(sv->routes, lvpn_buf_data(&b), b.len, &to) || to < 0 ||
		    !sv->cl[to].used || !sv->cl[to].connected)
			continue;
		if (lvpn_session_encrypt(sv->cl[to].s, &b, now) == 0)
			send_to(sv, &sv->cl[to], lvpn_buf_data(&b), b.len);
	}
}


/* --- status file and management interface --- */

static void addr_str(const struct sclient *c, char *out, size_t n)
{
	char ip[INET6_ADDRSTRLEN] = "?";
	int port = 0;

	if (c->addr.ss_family == AF_INET) {
		const struct sockaddr_in *a = (const struct sockaddr_in *)&c->addr;

		inet_ntop(AF_INET, &a->sin_addr, ip, sizeof(ip));
		port = ntohs(a->sin_port);
	} else if (c->addr.ss_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)&c->addr;

		inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof(ip));
		port = ntohs(a->sin6_port);
		if (strncmp(ip, "::ffff:", 7) == 0) /* a v4 client on a dual-stack socket */
			memmove(ip, ip + 7, strlen(ip + 7) + 1);
	}
	snprintf(out, n, "%s:%d", ip, port);
}

/* Renders the status text (OpenVPN's versions 1 to 3) of the connected
 * clients.  Storage for the strings lives in st_buf. */
static int render_status(struct server *sv, int version, char *buf, size_t cap, size_t *len)
{
	struct lvpn_status_client *cl = calloc(sv->max, sizeof(*cl));
	struct lvpn_status_route *rt = calloc(2 * (size_t)sv->max, sizeof(*rt));
	char (*txt)[4][INET6_ADDRSTRLEN + 8] = calloc(sv->max, sizeof(*txt));
	struct lvpn_status st = {.title = PACKAGE_NAME " " PACKAGE_VERSION " (OpenVPN 2.6 compatible)",
				 .now = time(NULL), .clients = cl, .routes = rt};
	int rc = -1;

	if (!cl || !rt || !txt)
		goto out;
	for (unsigned i = 0; i < sv->max; i++) {
		const struct sclient *c = &sv->cl[i];
		const struct lvpn_session_stats *ss;
		uint32_t v;

		if (!c->used || !c->connected)
			continue;
		ss = lvpn_session_stats(c->s);
		addr_str(c, txt[i][0], sizeof(txt[i][0]));
		txt[i][1][0] = txt[i][2][0] = '\0';
		if (c->lease >= 0 && c->l.has_v4) {
			v = htonl(c->l.remote);
			inet_ntop(AF_INET, &v, txt[i][1], sizeof(txt[i][1]));
		}
		if (c->lease >= 0 && c->l.has_v6)
			inet_ntop(AF_INET6, c->l.remote6, txt[i][2], sizeof(txt[i][2]));
		cl[st.n_clients] = (struct lvpn_status_client){
			.common_name = c->cn[0] ? c->cn : "UNDEF",
			.real_addr = txt[i][0],
			.vaddr4 = txt[i][1],
			.vaddr6 = txt[i][2],
			.bytes_in = ss->link_rx_bytes,
			.bytes_out = ss->link_tx_bytes,
			.connected_since = c->since,
			.username = "UNDEF",
			.client_id = c->cid,
			.peer_id = i,
			.cipher = lvpn_session_cipher(c->s),
		};
		st.n_clients++;
		for (int k = 1; k <= 2; k++)
			if (txt[i][k][0])
				rt[st.n_routes++] = (struct lvpn_status_route){
					.vaddr = txt[i][k],
					.common_name = c->cn[0] ? c->cn : "UNDEF",
					.real_addr = txt[i][0],
					.last_ref = st.now,
				};
	}
	rc = lvpn_status_render(&st, version, buf, cap, len);
out:
	free(cl);
	free(rt);
	free(txt);
	return rc;
}

static void write_status(struct server *sv, uint64_t now)
{
	size_t len;

	if (!sv->o->status_file || now < sv->status_next)
		return;
	sv->status_next = now + 1000u * (sv->o->status_interval > 0 ? sv->o->status_interval : 60);
	if (render_status(sv, sv->o->status_version > 0 ? sv->o->status_version : 1, (char *)sv->out,
			  PKT_MAX, &len) == 0 &&
	    lvpn_status_write_file(sv->o->status_file, (char *)sv->out, len) != 0)
		LVPN_LOG(sv->lg, LVPN_LOG_WARN, "cannot write the status file %s", sv->o->status_file);
}

static int m_status(void *ctx, int version, char *buf, size_t cap, size_t *len)
{
	return render_status(ctx, version, buf, cap, len);
}

static int kill_where(struct server *sv, const char *cn, uint32_t ip, int port, int cid_set,
		      unsigned long cid)
{
	int n = 0;

	for (unsigned i = 0; i < sv->max; i++) {
		struct sclient *c = &sv->cl[i];
		const struct sockaddr_in *a = (const struct sockaddr_in *)&c->addr;

		if (!c->used)
			continue;
		if ((cn && strcmp(c->cn, cn) == 0) ||
		    (!cn && !cid_set && c->addr.ss_family == AF_INET &&
		     ntohl(a->sin_addr.s_addr) == ip && ntohs(a->sin_port) == port) ||
		    (cid_set && c->cid == cid)) {
			/* tell it to reconnect, as OpenVPN's kill does, then drop it */
			lvpn_session_close(c->s, now_ms(sv));
			flush(sv, c, now_ms(sv));
			client_free(sv, (int)i);
			n++;
		}
	}
	return n;
}

static int m_kill_cn(void *ctx, const char *cn)
{
	return kill_where(ctx, cn, 0, 0, 0, 0);
}

static int m_kill_addr(void *ctx, uint32_t ip, int port)
{
	return kill_where(ctx, NULL, ip, port, 0, 0);
}

static int m_kill_cid(void *ctx, unsigned long cid, const char *msg)
{
	return kill_where(ctx, NULL, 0, 0, 1, cid) ? 0 : -1;
}

static int m_signal(void *ctx, const char *name)
{
	struct server *sv = ctx;

	if (strcmp(name, "SIGTERM") == 0 || strcmp(name, "SIGINT") == 0) {
		sv->stop = 1;
		return 0;
	}
	return -1; /* SIGHUP/SIGUSR1 restarts are not done by this server yet */
}

static void m_load_stats(void *ctx, int *n, uint64_t *in, uint64_t *out)
{
	struct server *sv = ctx;

	*n = 0;
	*in = *out = 0;
	for (unsigned i = 0; i < sv->max; i++) {
		if (sv->cl[i].used && sv->cl[i].connected) {
			const struct lvpn_session_stats *ss = lvpn_session_stats(sv->cl[i].s);

			(*n)++;
			*in += ss->link_rx_bytes;
			*out += ss->link_tx_bytes;
		}
	}
}

static int setup_mgmt(struct server *sv)
{
	static const struct lvpn_mgmt_ops ops = {
		.status = m_status,
		.kill_cn = m_kill_cn,
		.kill_addr = m_kill_addr,
		.kill_cid = m_kill_cid,
		.signal = m_signal,
		.load_stats = m_load_stats,
	};
	const struct lvpn_options *o = sv->o;
	struct lvpn_mgmt_cfg cfg = {
		.title = PACKAGE_NAME " " PACKAGE_VERSION " (OpenVPN 2.6 compatible)",
		.ctx = sv,
	};
	char *pw = NULL;

	if (!o->management_addr)
		return 0;
	if (o->management_port && strcmp(o->management_port, "unix") == 0) {
		cfg.unix_path = o->management_addr;
	} else {
		cfg.tcp_addr = o->management_addr;
		cfg.tcp_port = o->management_port ? atoi(o->management_port) : 0;
	}
	if (o->management_pw) {
		const struct lvpn_config_ops *fops = lvpn_fileio_ops();
		size_t len;
		char err[200];

		if (fops->read_file(fops->ctx, o->management_pw, &pw, &len, err, sizeof(err))) {
			LVPN_LOG(sv->lg, LVPN_LOG_ERR, "management password file %s: %s",
				 o->management_pw, err);
			return -1;
		}
		pw[strcspn(pw, "\r\n")] = '\0';
		cfg.password = pw;
	}
	if (lvpn_mgmt_new(&cfg, &ops, sv->lg, &sv->mgmt)) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "cannot start the management interface on %s",
			 o->management_addr);
		free(pw);
		return -1;
	}
	free(pw);
	ep_add(sv, lvpn_mgmt_fd(sv->mgmt), MGMT_TAG);
	return 0;
}

/* --- setup --- */

static int setup_addrs(struct server *sv)
{
	const struct lvpn_options *o = sv->o;
	struct lvpn_srvconf_in in = {
		.server_net = o->server_net,
		.server_mask = o->server_mask,
		.nopool = o->server_flags && strstr(o->server_flags, "nopool") != NULL,
		.server_ipv6 = o->server_ipv6,
		.topology = o->topology == LVPN_TOPO_SUBNET ? LVPN_SRV_TOPO_SUBNET
			    : o->topology == LVPN_TOPO_P2P  ? LVPN_SRV_TOPO_P2P
							    : LVPN_SRV_TOPO_NET30,
		.client_to_client = o->client_to_client,
		.ifconfig_pool_given = o->ifconfig_pool_start != NULL,
		.ifconfig_ipv6_pool_given = o->ifconfig_ipv6_pool != NULL,
	};
	struct lvpn_ippool_cfg pc = {.duplicate_cn = o->duplicate_cn};
	char err[256];

	if (lvpn_srvconf_expand(&in, &sv->sc, err, sizeof(err))) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "%s", err);
		return -1;
	}
	pc.v4 = sv->sc.pool_defined;
	pc.net30 = o->topology == LVPN_TOPO_NET30;
	pc.start = sv->sc.pool_start;
	pc.end = sv->sc.pool_end;
	pc.v6 = sv->sc.ipv6_pool_defined;
	memcpy(pc.v6_base, sv->sc.ipv6_pool_base, 16);
	pc.v6_netbits = sv->sc.ipv6_pool_netbits;
	if ((pc.v4 || pc.v6) && lvpn_ippool_new(&pc, sv->lg, &sv->pool)) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "cannot set up the address pool");
		return -1;
	}
	if (pc.v4 && sv->sc.has_v4 && lvpn_ippool_reserve4(sv->pool, sv->sc.ifconfig_local))
		LVPN_LOG(sv->lg, LVPN_LOG_WARN, "the server's address is outside the pool");
	return 0;
}

static int setup_tun(struct server *sv)
{
	struct lvpn_netcfg_plan plan;
	struct lvpn_netcfg_sys sys;
	struct lvpn_netcfg_steps *st;
	char line[200], a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	uint32_t v;
	int rc;

	if (lvpn_tun_open(&sv->tun, sv->o->dev, sv->o->dev_type, sv->lg) != 0)
		return -1;
	sv->tun_open = 1;
	if (lvpn_tun_set_mtu(&sv->tun, sv->o->ce.tun_mtu > 0 ? sv->o->ce.tun_mtu : 1500) ||
	    lvpn_tun_set_up(&sv->tun, 1) || lvpn_nl_open(&sv->nl, sv->lg))
		return -1;
	sv->nl_open = 1;
	lvpn_netcfg_init(&sv->nc, &sv->nl, sv->lg);
	lvpn_netcfg_plan_init(&plan);
	snprintf(line, sizeof(line), "topology %s",
		 sv->o->topology == LVPN_TOPO_SUBNET ? "subnet"
		 : sv->o->topology == LVPN_TOPO_P2P  ? "p2p"
						     : "net30");
	rc = lvpn_netcfg_parse_option(&plan, line, sv->lg);
	if (rc == 0 && sv->sc.has_v4) {
		v = htonl(sv->sc.ifconfig_local);
		inet_ntop(AF_INET, &v, a, sizeof(a));
		v = htonl(sv->sc.ifconfig_remote_netmask);
		inet_ntop(AF_INET, &v, b, sizeof(b));
		snprintf(line, sizeof(line), "ifconfig %s %s", a, b);
		rc = lvpn_netcfg_parse_option(&plan, line, sv->lg);
	}
	if (rc == 0 && sv->sc.has_v4 && sv->sc.has_local_route) {
		v = htonl(sv->sc.local_route_net);
		inet_ntop(AF_INET, &v, a, sizeof(a));
		v = htonl(sv->sc.local_route_mask);
		inet_ntop(AF_INET, &v, b, sizeof(b));
		snprintf(line, sizeof(line), "route %s %s", a, b);
		rc = lvpn_netcfg_parse_option(&plan, line, sv->lg);
	}
	if (rc == 0 && sv->sc.has_v6) {
		inet_ntop(AF_INET6, sv->sc.ifconfig_ipv6_local, a, sizeof(a));
		inet_ntop(AF_INET6, sv->sc.ifconfig_ipv6_remote, b, sizeof(b));
		snprintf(line, sizeof(line), "ifconfig-ipv6 %s/%d %s", a, sv->sc.ifconfig_ipv6_netbits, b);
		rc = lvpn_netcfg_parse_option(&plan, line, sv->lg);
	}
	st = malloc(sizeof(*st));
	if (rc || !st) {
		free(st);
		return -1;
	}
	st->n = 0;
	rc = lvpn_netcfg_probe(&sv->nl, &plan, sv->tun.ifindex, &sys);
	if (rc == 0)
		rc = lvpn_netcfg_build_addrs(&plan, &sys, st, sv->lg);
	if (rc == 0)
		rc = lvpn_netcfg_build_routes(&plan, &sys, st, sv->lg);
	if (rc == 0)
		rc = lvpn_netcfg_apply(&sv->nc, st);
	free(st);
	if (rc == 0)
		LVPN_LOG(sv->lg, LVPN_LOG_INFO, "TUN/TAP device %s opened", sv->tun.name);
	return rc ? -1 : 0;
}

static int setup_socket(struct server *sv)
{
	const struct lvpn_conn *ce = &sv->o->ce;
	struct addrinfo hints = {.ai_flags = AI_PASSIVE}, *res = NULL;
	const char *port = ce->lport ? ce->lport : ce->port ? ce->port : "1194";
	int one = 1, fd, rc;

	sv->tcp = ce->proto != LVPN_PROTO_UDP;
	hints.ai_family = ce->af == LVPN_AF_INET6 ? AF_INET6 : ce->af == LVPN_AF_INET ? AF_INET
		: ce->local ? AF_UNSPEC : AF_INET6;
	hints.ai_socktype = sv->tcp ? SOCK_STREAM : SOCK_DGRAM;
	rc = getaddrinfo(ce->local, port, &hints, &res);
	if (rc) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "cannot use local address %s port %s: %s",
			 ce->local ? ce->local : "(any)", port, gai_strerror(rc));
		return -1;
	}
	fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC, 0);
	if (fd >= 0) {
		int v6only = 0;

		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (res->ai_family == AF_INET6 && ce->af != LVPN_AF_INET6)
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof(v6only));
	}
	if (fd < 0 || bind(fd, res->ai_addr, res->ai_addrlen) || (sv->tcp && listen(fd, 64))) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "cannot bind to port %s: %s", port, strerror(errno));
		freeaddrinfo(res);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	freeaddrinfo(res);
	if (sv->tcp) {
		sv->lsock = fd;
		ep_add(sv, fd, LISTEN_TAG);
	} else {
		sv->udp = fd;
		ep_add(sv, fd, UDP_TAG);
	}
	LVPN_LOG(sv->lg, LVPN_LOG_INFO, "%s server listening on port %s", sv->tcp ? "TCP" : "UDP", port);
	return 0;
}

static int setup_keys(struct server *sv)
{
	const struct lvpn_blob *b = &sv->o->ce.tls_crypt_v2;
	const struct lvpn_config_ops *ops = lvpn_fileio_ops();
	char err[512], *text = NULL;
	size_t len = 0;

	if (lvpn_client_conf_load(&sv->cc, sv->o, sv->lg, err, sizeof(err)) ||
	    lvpn_client_conf_conn(&sv->cc, sv->o, &sv->o->ce, err, sizeof(err))) {
		/* the tls-crypt-v2 server key is not a client key: read below */
		if (!b->data) {
			LVPN_LOG(sv->lg, LVPN_LOG_ERR, "%s", err);
			return -1;
		}
	}
	if (lvpn_tls_ctx_new(&sv->cc.tls, &sv->tls)) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "cannot set up TLS (see above)");
		return -1;
	}
	if (!b->data)
		return 0;
	if (b->is_inline) {
		text = strdup(b->data);
		len = strlen(b->data);
	} else if (ops->read_file(ops->ctx, b->data, &text, &len, err, sizeof(err))) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "option 'tls-crypt-v2': cannot read %s: %s", b->data, err);
		return -1;
	}
	if (!text || lvpn_key_read_tcv2_server(text, len, sv->v2key) ||
	    lvpn_tcv2_server_init(&sv->v2, sv->v2key) ||
	    lvpn_wrap_init(&sv->scratch, LVPN_WRAP_CRYPT, sv->v2key, LVPN_KEY_DIR_NORMAL, NULL, 0, 0)) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "option 'tls-crypt-v2': not a tls-crypt-v2 server key");
		free(text);
		return -1;
	}
	lvpn_wipe(text, len);
	free(text);
	sv->have_v2 = 1;
	return 0;
}

/* Options this first server does not apply yet: said once, at start, so
 * that nobody believes they took effect. */
static void warn_unapplied(struct server *sv)
{
	const struct lvpn_options *o = sv->o;
	const struct {
		int set;
		const char *name;
	} opts[] = {
		{o->client_config_dir != NULL, "client-config-dir"},
		{o->client_connect != NULL, "client-connect"},
		{o->client_disconnect != NULL, "client-disconnect"},
		{o->auth_user_pass_verify != NULL, "auth-user-pass-verify"},
		{o->tls_verify != NULL, "tls-verify"},
		{o->ifconfig_pool_persist != NULL, "ifconfig-pool-persist"},
		{o->user != NULL || o->group != NULL, "user/group"},
		{o->daemon, "daemon"},
	};

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (opts[i].set)
			LVPN_LOG(sv->lg, LVPN_LOG_WARN,
				 "WARNING: option '%s' is not applied by the leanvpn server yet",
				 opts[i].name);
}

static int setup(struct server *sv)
{
	uint64_t seed = (uint64_t)time(NULL) ^ (uint64_t)getpid() << 32;

	sv->max = sv->o->max_clients > 0 ? (unsigned)sv->o->max_clients : 1024;
	sv->pkt = malloc(PKT_MAX);
	sv->out = malloc(PKT_MAX);
	sv->cl = calloc(sv->max, sizeof(*sv->cl));
	if (!sv->pkt || !sv->out || !sv->cl || lvpn_tls_global_init() || lvpn_dc_init())
		return -1;
	for (unsigned i = 0; i < sv->max; i++) {
		sv->cl[i].fd = -1;
		sv->cl[i].lease = -1;
	}
	if (lvpn_peertab_new(sv->max, seed, &sv->peers) ||
	    lvpn_iptable_new(sv->max, 4 * sv->max + 64, seed * 31, &sv->routes))
		return -1;
	sv->sigfd = lvpn_signals_open();
	sv->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (sv->sigfd < 0 || sv->epfd < 0)
		return -1;
	ep_add(sv, sv->sigfd, SIGFD_TAG);
	warn_unapplied(sv);
	if (setup_keys(sv) || setup_addrs(sv) || setup_tun(sv) || setup_socket(sv) || setup_mgmt(sv))
		return -1;
	ep_add(sv, sv->tun.fd, TUN_TAG);
	return 0;
}

static void teardown(struct server *sv)
{
	for (unsigned i = 0; sv->cl && i < sv->max; i++)
		client_free(sv, (int)i);
	if (sv->nl_open) {
		if (lvpn_netcfg_undo(&sv->nc))
			LVPN_LOG(sv->lg, LVPN_LOG_WARN, "some routes or addresses could not be removed");
		lvpn_nl_close(&sv->nl);
	}
	if (sv->tun_open)
		lvpn_tun_close(&sv->tun);
	lvpn_tls_ctx_free(sv->tls);
	lvpn_client_conf_free(&sv->cc);
	if (sv->have_v2) {
		lvpn_tcv2_server_free(&sv->v2);
		lvpn_wipe(sv->v2key, sizeof(sv->v2key));
	}
	lvpn_wrap_free(&sv->scratch);
	if (sv->o->status_file && sv->cl) {
		sv->status_next = 0;
		write_status(sv, 0);
	}
	lvpn_mgmt_free(sv->mgmt);
	lvpn_ippool_free(sv->pool);
	lvpn_iptable_free(sv->routes);
	lvpn_peertab_free(sv->peers);
	free(sv->cl);
	free(sv->pkt);
	free(sv->out);
	if (sv->udp >= 0)
		close(sv->udp);
	if (sv->lsock >= 0)
		close(sv->lsock);
	if (sv->epfd >= 0)
		close(sv->epfd);
	if (sv->sigfd >= 0)
		close(sv->sigfd);
}

static void on_signal(struct server *sv)
{
	struct signalfd_siginfo si;

	while (read(sv->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGINT || si.ssi_signo == SIGTERM) {
			LVPN_LOG(sv->lg, LVPN_LOG_NOTE, "%s received, process exiting",
				 si.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM");
			sv->stop = 1;
		} else if (si.ssi_signo == SIGUSR2) {
			unsigned n = 0;

			for (unsigned i = 0; i < sv->max; i++)
				n += sv->cl[i].used && sv->cl[i].connected;
			LVPN_LOG(sv->lg, LVPN_LOG_NOTE, "STATISTICS: %u clients connected", n);
		}
	}
}

/* The timers of every client: the earliest deadline, ticking the due. */
static uint64_t timers(struct server *sv, uint64_t now)
{
	uint64_t next = now + 1000;

	for (unsigned i = 0; i < sv->max; i++) {
		struct sclient *c = &sv->cl[i];
		uint64_t d;

		if (!c->used)
			continue;
		d = lvpn_session_deadline(c->s);
		if (d <= now) {
			int rc = lvpn_session_tick(c->s, now);

			(void)rc; /* the events say what happened */
			if (client_events(sv, (int)i, now))
				continue;
			d = lvpn_session_deadline(c->s);
		}
		if (d < next)
			next = d;
	}
	return next;
}

int lvpn_server_run(struct lvpn_options *o, struct lvpn_log *lg)
{
	struct server sv = {.o = o, .lg = lg, .epfd = -1, .sigfd = -1, .udp = -1, .lsock = -1};
	int rc = 0;

	clock_gettime(CLOCK_MONOTONIC, &sv.t0);
	if (setup(&sv)) {
		LVPN_LOG(lg, LVPN_LOG_ERR, "server setup failed");
		rc = 1;
		goto out;
	}
	LVPN_LOG(lg, LVPN_LOG_NOTE, "Initialization Sequence Completed");
	while (!sv.stop) {
		struct epoll_event evs[32];
		uint64_t now = now_ms(&sv), next = timers(&sv, now);

		write_status(&sv, now);
		if (sv.o->status_file && sv.status_next < next)
			next = sv.status_next;
		int n = epoll_wait(sv.epfd, evs, 32, next <= now ? 0 : (int)(next - now));

		now = now_ms(&sv);
		for (int i = 0; i < n; i++) {
			int tag = (int)(int64_t)evs[i].data.u64;

			if (tag == SIGFD_TAG)
				on_signal(&sv);
			else if (tag == UDP_TAG)
				read_udp(&sv, now);
			else if (tag == LISTEN_TAG)
				accept_tcp(&sv, now);
			else if (tag == TUN_TAG)
				read_tun(&sv, now);
			else if (tag == MGMT_TAG)
				lvpn_mgmt_handle(sv.mgmt);
			else if (tag >= 0 && (unsigned)tag < sv.max && sv.cl[tag].used)
				read_tcp(&sv, tag, now);
		}
	}
out:
	teardown(&sv);
	LVPN_LOG(lg, LVPN_LOG_NOTE, "Exiting");
	return rc;
}
