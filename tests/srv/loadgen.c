/* SPDX-License-Identifier: BSD-2-Clause */
/* A load generator for tests/srv/memory.sh: N real client engines
 * (liblvpn, client role, each on its own UDP socket) against one server,
 *   loadgen SERVER_IP PORT N HOLD_S CA CERT KEY [TLS_CRYPT_KEY]
 * At most 32 handshakes are in flight at a time.  Once every client has
 * its data keys (handshake and push done) it prints "connected N" and
 * keeps them idle but alive (keepalive pings) for HOLD_S seconds, then
 * prints "done" and exits.  It does no TUN I/O: tunnel packets the
 * server sends are counted and dropped.
 * LOADGEN_USER / LOADGEN_PASS (username and password) and LOADGEN_INFO
 * (peer-info lines added) let a test send what no openvpn client would
 * (e.g. line breaks in a username); "\n" there stands for a newline.
 * With LOADGEN_REFUSED=1 an AUTH_FAILED is the expected outcome: loadgen
 * prints "refused" and exits 0 at once.
 * LOADGEN_RENEG=S: the clients renegotiate every S seconds (reneg-sec);
 * the data key changes are counted and printed before "done" as
 * "renegotiated K".  LOADGEN_EXIT=1: at the end every client sends its
 * explicit-exit-notify and is freed before loadgen exits (a clean
 * disconnect, for tests/srv/flood_soak.sh). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "crypto/dc.h"
#include "crypto/keyfile.h"
#include "crypto/tls.h"
#include "proto/wrap.h"
#include "proto/session.h"

#define INFLIGHT 32
#define PKT      4096

struct cl {
	int fd, started, connected, dead;
	struct lvpn_session *s;
};

static uint64_t now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	b = malloc((size_t)n + 1);
	if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	if (b)
		b[n] = '\0';
	fclose(f);
	return b;
}

/* getenv(name) copied into out[cap], each backslash-n turned into a newline. */
static const char *env_text(const char *name, char *out, size_t cap)
{
	const char *v = getenv(name);
	size_t n = 0;

	if (!v)
		return NULL;
	for (; *v && n + 1 < cap; v++) {
		if (v[0] == '\\' && v[1] == 'n') {
			out[n++] = '\n';
			v++;
		} else {
			out[n++] = *v;
		}
	}
	out[n] = '\0';
	return out;
}

static void flush(struct cl *c, uint64_t now)
{
	uint8_t out[PKT];

	for (int i = 0; i < 64; i++) {
		size_t len;

		if (lvpn_session_poll_link(c->s, out, sizeof(out), &len, now) || len == 0)
			return;
		if (send(c->fd, out, len, MSG_DONTWAIT) < 0 && errno != EAGAIN)
			return;
	}
}

static int expect_refused;
static unsigned long renegotiated;

static void events(struct cl *c, unsigned *up)
{
	struct lvpn_event ev;

	for (lvpn_session_next_event(c->s, &ev); ev.type != LVPN_EV_NONE;
	     lvpn_session_next_event(c->s, &ev)) {
		if (ev.type == LVPN_EV_CONNECTED && !c->connected) {
			c->connected = 1;
			(*up)++;
		} else if (ev.type == LVPN_EV_RENEGOTIATED) {
			renegotiated++;
		} else if (ev.type == LVPN_EV_AUTH_FAILED && expect_refused) {
			printf("refused\n");
			exit(0);
		} else if (ev.type == LVPN_EV_RESTART || ev.type == LVPN_EV_HALT ||
		           ev.type == LVPN_EV_AUTH_FAILED) {
			if (!c->dead)
				fprintf(stderr, "loadgen: a client failed: %.*s\n",
				        (int)ev.text_len, ev.text ? ev.text : "");
			c->dead = 1;
		}
	}
}

/* Every client sends its exit notification, then all is freed. */
static void leave(struct cl *cl, unsigned n, uint64_t now)
{
	for (unsigned i = 0; i < n; i++) {
		lvpn_session_close(cl[i].s, now);
		flush(&cl[i], now);
		lvpn_session_free(cl[i].s);
		close(cl[i].fd);
	}
	free(cl);
}

int main(int argc, char **argv)
{
	struct lvpn_tls_conf tc = {.role = LVPN_TLS_CLIENT, .remote_cert = LVPN_REMOTE_CERT_SERVER};
	struct lvpn_session_conf sc = {.role = LVPN_SESSION_CLIENT};
	struct lvpn_session_ops ops = {0};
	struct sockaddr_in srv = {.sin_family = AF_INET};
	struct lvpn_tls_ctx *ctx;
	uint8_t key2[LVPN_KEY2_LEN], pkt[PKT];
	static char user[4096], pass[4096], info[4096], xtra[2048];
	const char *extra;
	unsigned n, up = 0, started = 0, inflight = 0, dead = 0;
	uint64_t hold_until = 0, give_up;
	struct cl *cl;
	int ep, hold;

	if (argc != 8 && argc != 9) {
		fprintf(stderr,
		        "usage: loadgen SERVER_IP PORT N HOLD_S CA CERT KEY [TLS_CRYPT_KEY]\n");
		return 2;
	}
	if (inet_pton(AF_INET, argv[1], &srv.sin_addr) != 1)
		return 2;
	srv.sin_port = htons((uint16_t)atoi(argv[2]));
	n = (unsigned)atoi(argv[3]);
	hold = atoi(argv[4]);
	tc.ca_pem = slurp(argv[5]);
	tc.cert_pem = slurp(argv[6]);
	tc.key_pem = slurp(argv[7]);
	if (!tc.ca_pem || !tc.cert_pem || !tc.key_pem || lvpn_tls_global_init() || lvpn_dc_init() ||
	    lvpn_tls_ctx_new(&tc, &ctx)) {
		fprintf(stderr, "loadgen: cannot set up TLS\n");
		return 1;
	}
	if (argc == 9) {
		char *t = slurp(argv[8]);

		if (!t || lvpn_key_read_static(t, strlen(t), key2))
			return 1;
		free(t);
		sc.wrap_mode = LVPN_WRAP_CRYPT;
		sc.wrap_key = key2;
	}
	sc.tls = ctx;
	sc.iv_proto = 990;
	sc.peer_info = "IV_VER=2.6.14\nIV_PLAT=linux\nIV_PROTO=990\n"
	               "IV_CIPHERS=AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305\nIV_TCPNL=1\n";
	sc.username = env_text("LOADGEN_USER", user, sizeof(user));
	sc.password = env_text("LOADGEN_PASS", pass, sizeof(pass));
	extra = env_text("LOADGEN_INFO", xtra, sizeof(xtra));
	if (extra) {
		snprintf(info, sizeof(info), "%s%s\n", sc.peer_info, extra);
		sc.peer_info = info;
	}
	expect_refused = getenv("LOADGEN_REFUSED") != NULL;
	if (getenv("LOADGEN_RENEG"))
		sc.reneg_sec = (uint32_t)atoi(getenv("LOADGEN_RENEG"));
	if (getenv("LOADGEN_EXIT"))
		sc.explicit_exit_notify = 1;
	sc.options_string = "V4,dev-type tun,link-mtu 1549,tun-mtu 1500,proto UDPv4,"
	                    "cipher AES-256-GCM,auth [null-digest],keysize 256,"
	                    "key-method 2,tls-client";
	ops.unix_base = (uint64_t)time(NULL) - now_ms() / 1000;
	cl = calloc(n ? n : 1, sizeof(*cl));
	ep = epoll_create1(0);
	if (!cl || ep < 0)
		return 1;
	give_up = now_ms() + 600000;
	while (now_ms() < give_up) {
		struct epoll_event evs[64];
		uint64_t now = now_ms();
		int k;

		/* start more clients while few handshakes are in flight */
		while (started < n && inflight < INFLIGHT) {
			struct cl *c = &cl[started];
			struct epoll_event ev = {.events = EPOLLIN, .data.u32 = started};

			c->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
			if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&srv, sizeof(srv)) ||
			    epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) ||
			    lvpn_session_new(&sc, &ops, now, &c->s)) {
				fprintf(stderr, "loadgen: cannot start client %u\n", started);
				return 1;
			}
			c->started = 1;
			flush(c, now);
			started++;
			inflight++;
		}
		k = epoll_wait(ep, evs, 64, 50);
		now = now_ms();
		for (int i = 0; i < k; i++) {
			struct cl *c = &cl[evs[i].data.u32];

			for (int j = 0; j < 64; j++) {
				struct lvpn_buf b;
				enum lvpn_rx rx;
				ssize_t r = recv(c->fd, pkt, sizeof(pkt), MSG_DONTWAIT);
				int rc;

				if (r <= 0)
					break;
				lvpn_buf_init(&b, pkt, sizeof(pkt));
				b.len = (uint32_t)r;
				rc = lvpn_session_recv(c->s, &b, now, &rx);
				(void)rc; /* drops are the engine's business */
			}
		}
		for (unsigned i = 0; i < started; i++) {
			struct cl *c = &cl[i];
			unsigned was = up;
			int was_dead = c->dead;

			if (c->dead)
				continue;
			if (lvpn_session_deadline(c->s) <= now) {
				int rc = lvpn_session_tick(c->s, now);

				(void)rc;
			}
			events(c, &up);
			if (up != was || (c->dead && !was_dead))
				inflight--;
			if (c->dead && !was_dead)
				dead++;
			if (!c->dead)
				flush(c, now);
		}
		if (dead) {
			fprintf(stderr, "loadgen: %u clients failed\n", dead);
			return 1;
		}
		if (up == n && !hold_until) {
			printf("connected %u\n", up);
			fflush(stdout);
			hold_until = now + (uint64_t)hold * 1000;
			give_up = hold_until + 1000;
		}
		if (hold_until && now >= hold_until) {
			if (getenv("LOADGEN_RENEG"))
				printf("renegotiated %lu\n", renegotiated);
			if (getenv("LOADGEN_EXIT"))
				leave(cl, started, now);
			printf("done\n");
			return 0;
		}
	}
	fprintf(stderr, "loadgen: only %u of %u connected\n", up, n);
	return 1;
}
