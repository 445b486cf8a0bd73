/* SPDX-License-Identifier: BSD-2-Clause */
/* crypto/tls + proto/kem2 + crypto/kdf against the real openvpn 2.6.
 *
 * Starts openvpn point-to-point with --dev null (no TUN, no root) on
 * 127.0.0.1, as --tls-server when we are the client and as --tls-client
 * when we are the server, and talks to it over a minimal plain control
 * channel written here for the test only (hard resets, P_CONTROL_V1,
 * P_ACK_V1, resend every 500 ms; reference b.3).  In each run:
 *   - the TLS handshake completes both ways round (RSA and Ed25519, TLS
 *     1.3 forced for Ed25519), remote-cert-tls checked on both sides;
 *   - our key method 2 message is accepted and openvpn's parses;
 *   - the data-channel keys openvpn logs at --verb 7 ("Outgoing/Incoming
 *     Data Channel: CIPHER KEY") equal ours, with TLS-EKM (we announce
 *     IV_PROTO_TLS_KEY_EXPORT) and with the legacy PRF (we do not), in
 *     the right direction for each role.
 * As root, one more run puts the process in a network namespace of its own
 * and pulls from a p2mp `openvpn --server` with 70 pushed routes: the
 * PUSH_REPLY pieces merge into all 70 routes in order, and the dynamic
 * tls-crypt keys it logs equal our exporter's (server sends with keys[0]
 * there, unlike the data channel); with --auth-user-pass-verify our
 * username and password arrive intact, and a wrong password comes back as
 * an AUTH_FAILED message we parse.  Loopback only.  Skips when openvpn is
 * not installed.
 * LVPN_KEEP_LOG=1 keeps openvpn's log in /tmp/lvpn-interop-* for a look.
 */
#include "tests/unit/test_tls_harness.h"

#include <sched.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "crypto/kdf.h"
#include "base/buf.h"
#include "proto/ctrlmsg.h"
#include "proto/kem2.h"

#define OP_CONTROL_V1           4
#define OP_ACK_V1               5
#define OP_HARD_RESET_CLIENT_V2 7
#define OP_HARD_RESET_SERVER_V2 8

struct out_pkt {
	uint32_t pid;
	size_t len;
	uint8_t b[1300];
};

struct link {
	int fd;
	struct sockaddr_in peer;
	uint8_t sid[8], peer_sid[8];
	int have_peer;
	uint32_t next_pid; /* our next message id */
	uint32_t expect;   /* next message id we deliver */
	uint32_t acks[16];
	int nacks;
	struct out_pkt unacked[32];
	int nunacked;
	struct lvpn_tls_sess *tls;
	int is_server; /* we play the TLS server, openvpn the client */
	int have_addr; /* peer address known (a server learns it) */
};

static uint64_t now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

static size_t put_acks(struct link *l, uint8_t *p, int max)
{
	int n = l->nacks < max ? l->nacks : max;
	size_t o = 1;

	p[0] = (uint8_t)n;
	for (int i = 0; i < n; i++, o += 4)
		lvpn_put_be32(p + o, l->acks[i]);
	if (n > 0) {
		memcpy(p + o, l->peer_sid, 8);
		o += 8;
	}
	memmove(l->acks, l->acks + n, (size_t)(l->nacks - n) * sizeof(l->acks[0]));
	l->nacks -= n;
	return o;
}

static void send_raw(struct link *l, const uint8_t *b, size_t n)
{
	assert_int_equal(sendto(l->fd, b, n, 0, (struct sockaddr *)&l->peer, sizeof(l->peer)),
	                 (ssize_t)n);
}

/* A reliable control packet (hard reset or P_CONTROL_V1). */
static void send_ctl(struct link *l, int op, const uint8_t *payload, size_t plen)
{
	struct out_pkt *o;
	size_t n;

	assert_true(l->nunacked < 32);
	o = &l->unacked[l->nunacked++];
	o->b[0] = (uint8_t)(op << 3);
	memcpy(o->b + 1, l->sid, 8);
	n = 9 + put_acks(l, o->b + 9, 4);
	lvpn_put_be32(o->b + n, l->next_pid);
	n += 4;
	if (plen > 0)
		memcpy(o->b + n, payload, plen);
	o->len = n + plen;
	o->pid = l->next_pid++;
	send_raw(l, o->b, o->len);
}

static void send_acks(struct link *l)
{
	uint8_t b[128];
	size_t n;

	while (l->nacks > 0 && l->have_peer) {
		b[0] = OP_ACK_V1 << 3;
		memcpy(b + 1, l->sid, 8);
		n = 9 + put_acks(l, b + 9, 8);
		send_raw(l, b, n);
	}
}

static void got_ack(struct link *l, uint32_t id)
{
	for (int i = 0; i < l->nunacked; i++) {
		if (l->unacked[i].pid == id) {
			l->unacked[i] = l->unacked[--l->nunacked];
			return;
		}
	}
}

/* Parses one datagram; hands in-order TLS payload to the session. */
static void receive(struct link *l, const uint8_t *b, size_t n)
{
	struct lvpn_rd r;
	uint8_t op, cnt;
	const uint8_t *sid, *rsid;
	uint32_t id, pid;

	lvpn_rd_init(&r, b, n);
	assert_int_equal(lvpn_rd_u8(&r, &op), 0);
	op >>= 3;
	assert_int_equal(lvpn_rd_bytes(&r, 8, &sid), 0);
	assert_int_equal(lvpn_rd_u8(&r, &cnt), 0);
	for (int i = 0; i < cnt; i++) {
		assert_int_equal(lvpn_rd_u32(&r, &id), 0);
		got_ack(l, id);
	}
	if (cnt > 0) {
		assert_int_equal(lvpn_rd_bytes(&r, 8, &rsid), 0);
		assert_memory_equal(rsid, l->sid, 8);
	}
	if (op == OP_ACK_V1)
		return;
	assert_int_equal(lvpn_rd_u32(&r, &pid), 0);
	if ((op == OP_HARD_RESET_SERVER_V2 || op == OP_HARD_RESET_CLIENT_V2) && !l->have_peer) {
		memcpy(l->peer_sid, sid, 8);
		l->have_peer = 1;
	}
	assert_memory_equal(sid, l->peer_sid, 8);
	if (l->nacks < 16)
		l->acks[l->nacks++] = pid;
	if (op == OP_HARD_RESET_CLIENT_V2 && l->is_server && l->next_pid == 0)
		send_ctl(l, OP_HARD_RESET_SERVER_V2, NULL, 0);
	if (pid != l->expect)
		return; /* duplicate or early: it will come again */
	l->expect++;
	if (op == OP_CONTROL_V1)
		assert_int_equal(lvpn_tls_feed(l->tls, r.p, r.left), 0);
}

static void pump_link(struct link *l, int wait_ms)
{
	static uint64_t last_resend;
	struct pollfd pfd = {.fd = l->fd, .events = POLLIN};
	uint8_t b[2048];

	if (poll(&pfd, 1, wait_ms) > 0) {
		ssize_t n;

		struct sockaddr_in from;
		socklen_t fl = sizeof(from);

		while ((n = recvfrom(l->fd, b, sizeof(b), MSG_DONTWAIT, (struct sockaddr *)&from,
		                     &fl)) > 0) {
			if (!l->have_addr) {
				l->peer = from;
				l->have_addr = 1;
			}
			receive(l, b, (size_t)n);
		}
	}
	while (lvpn_tls_pending(l->tls) > 0 && l->have_peer) {
		size_t len;

		assert_int_equal(lvpn_tls_pull(l->tls, b, 1000, &len), 0);
		send_ctl(l, OP_CONTROL_V1, b, len);
	}
	send_acks(l);
	if (now_ms() - last_resend > 500) {
		last_resend = now_ms();
		for (int i = 0; i < l->nunacked; i++)
			send_raw(l, l->unacked[i].b, l->unacked[i].len);
	}
}

static int free_udp_port(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t al = sizeof(a);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	int port;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &al), 0);
	port = ntohs(a.sin_port);
	close(fd);
	return port;
}

/* stopped and removed by the teardown even when a check failed */
static pid_t server_pid;
static char tmpdir[64], logpath[256];

static int stop_server(void **st)
{
	int status;

	if (server_pid > 0) {
		kill(server_pid, SIGTERM);
		waitpid(server_pid, &status, 0);
		server_pid = 0;
	}
	if (tmpdir[0] != '\0' && getenv("LVPN_KEEP_LOG") == NULL) {
		char script[300];

		snprintf(script, sizeof(script), "%s/auth.sh", tmpdir);
		unlink(script);
		unlink(logpath);
		rmdir(tmpdir);
	}
	tmpdir[0] = '\0';
	return 0;
}

/* What one run uses: our role, the PKI, TLS versions, key derivation. */
struct params {
	int we_serve; /* 1: we are the TLS server, openvpn the client */
	int ekm;      /* announce IV_PROTO_TLS_KEY_EXPORT */
	const char *ca, *our_cert, *their_cert;
	const char *version_min;
	int pull; /* openvpn is a p2mp --server, we a pulling client */
	/* pull only: credentials we send, and whether the server's
	 * --auth-user-pass-verify script (accepting alice / s3cret) refuses */
	const char *user, *pass;
	int auth_fails;
};

static void start_peer(const struct params *pr, int port)
{
	char portstr[16], ca[4096], cert[4096], key[4096], name[128];
	pid_t pid;

	snprintf(portstr, sizeof(portstr), "%d", port);
	snprintf(name, sizeof(name), "tests/data/pki/%s.pem", pr->ca);
	snprintf(ca, sizeof(ca), "%s", lvpn_test_path(name));
	snprintf(name, sizeof(name), "tests/data/pki/%s.pem", pr->their_cert);
	snprintf(cert, sizeof(cert), "%s", lvpn_test_path(name));
	snprintf(name, sizeof(name), "tests/data/pki/%s-key.pem", pr->their_cert);
	snprintf(key, sizeof(key), "%s", lvpn_test_path(name));
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* openvpn goes when the test goes, even if it crashes */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (pr->pull) {
			static char pushes[70][40];
			char *argv[200];
			int n = 0;
			const char *fixed[] = {"openvpn",
			                       "--server",
			                       "10.99.0.0",
			                       "255.255.255.0",
			                       "--topology",
			                       "subnet",
			                       "--dev",
			                       "tun",
			                       "--local",
			                       "127.0.0.1",
			                       "--lport",
			                       portstr,
			                       "--proto",
			                       "udp",
			                       "--ca",
			                       ca,
			                       "--cert",
			                       cert,
			                       "--key",
			                       key,
			                       "--dh",
			                       "none",
			                       "--remote-cert-tls",
			                       "client",
			                       "--verb",
			                       "7",
			                       "--log",
			                       logpath,
			                       "--tls-version-min",
			                       pr->version_min};

			for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
				argv[n++] = (char *)fixed[i];
			for (int i = 0; i < 70; i++) {
				snprintf(pushes[i], sizeof(pushes[i]),
				         "route 10.%d.0.0 255.255.0.0", i + 1);
				argv[n++] = "--push";
				argv[n++] = pushes[i];
			}
			if (pr->user) {
				static char script[300];

				snprintf(script, sizeof(script), "%s/auth.sh", tmpdir);
				argv[n++] = "--script-security";
				argv[n++] = "2";
				argv[n++] = "--auth-user-pass-verify";
				argv[n++] = script;
				argv[n++] = "via-file";
			}
			argv[n] = NULL;
			execvp("openvpn", argv);
		} else if (pr->we_serve)
			execlp("openvpn", "openvpn", "--tls-client", "--dev", "null", "--remote",
			       "127.0.0.1", portstr, "--nobind", "--proto", "udp", "--ca", ca,
			       "--cert", cert, "--key", key, "--remote-cert-tls", "server",
			       "--data-ciphers", "AES-256-GCM", "--verb", "7", "--log", logpath,
			       "--tls-version-min", pr->version_min, (char *)NULL);
		else
			execlp("openvpn", "openvpn", "--tls-server", "--dev", "null", "--local",
			       "127.0.0.1", "--lport", portstr, "--proto", "udp", "--ca", ca,
			       "--cert", cert, "--key", key, "--dh", "none", "--remote-cert-tls",
			       "client", "--data-ciphers", "AES-256-GCM", "--verb", "7", "--log",
			       logpath, "--tls-version-min", pr->version_min, (char *)NULL);
		_exit(127);
	}
	server_pid = pid;
}

/* The hex after "<what>: CIPHER KEY: " in the server log, as bytes. */
static int log_key(const char *what, uint8_t *out, size_t n)
{
	char line[1024], tag[128];
	FILE *f = fopen(logpath, "r");
	int found = 0;

	if (f == NULL)
		return 0;
	snprintf(tag, sizeof(tag), "%s: ", what);
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, tag);
		size_t i = 0;

		if (p == NULL)
			continue;
		p += strlen(tag);
		while (*p && i < n) {
			if (*p == ' ') {
				p++;
				continue;
			}
			out[i++] = (uint8_t)strtoul((char[]){p[0], p[1], 0}, NULL, 16);
			p += 2;
		}
		found = i == n; /* keep the last such line */
	}
	fclose(f);
	return found;
}

/* 1 if the peer's log has a line containing what. */
static int log_has(const char *what)
{
	char line[1024];
	FILE *f = fopen(logpath, "r");
	int found = 0;

	if (f == NULL)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, what) != NULL;
	fclose(f);
	return found;
}

/* PUSH_REQUEST, then PUSH_REPLY pieces merged until complete, or an
 * AUTH_FAILED (returns 0 then, 1 after a push); left (n bytes) is plaintext
 * already read after the key method 2 message. */
static int pull(struct link *l, const uint8_t *left, size_t n)
{
	static char pt[8192], store[4096];
	struct lvpn_push_acc acc;
	size_t ptlen = 0, len, used;
	char req[32], *msg;
	const char *o;
	uint64_t deadline = now_ms() + 10000;
	unsigned routes = 0;
	int pieces = 0, ekm = 0, cipher = 0;

	assert_true(n < sizeof(pt));
	memcpy(pt, left, n);
	ptlen = n;
	assert_int_equal(lvpn_ctrlmsg_build(req, sizeof(req), "PUSH_REQUEST", NULL, &len), 0);
	assert_int_equal(lvpn_tls_write(l->tls, (uint8_t *)req, len), 0);
	lvpn_push_acc_init(&acc, store, sizeof(store));
	while (!acc.complete && now_ms() < deadline) {
		struct lvpn_ctrlmsg m;
		int rc;

		pump_link(l, 100);
		assert_int_equal(
		    lvpn_tls_read(l->tls, (uint8_t *)pt + ptlen, sizeof(pt) - ptlen, &len), 0);
		ptlen += len;
		while (ptlen > 0 &&
		       (rc = lvpn_ctrlmsg_next(pt, ptlen, &used, &msg)) != LVPN_ERR_AGAIN) {
			assert_int_equal(rc, 0);
			assert_int_equal(lvpn_ctrlmsg_parse(msg, &m), 0);
			if (m.type == LVPN_CM_PUSH_REPLY) {
				assert_int_equal(lvpn_push_acc_add(&acc, &m), 0);
				pieces++;
			}
			if (m.type == LVPN_CM_AUTH_FAILED)
				return 0;
			memmove(pt, pt + used, ptlen - used);
			ptlen -= used;
		}
	}
	assert_true(acc.complete);
	/* 70 routes need more than one 1024-byte piece */
	assert_true(pieces >= 2);
	for (o = lvpn_push_acc_next(&acc, NULL); o; o = lvpn_push_acc_next(&acc, o)) {
		char want[48];

		snprintf(want, sizeof(want), "route 10.%u.0.0 255.255.0.0", routes + 1);
		if (strcmp(o, want) == 0)
			routes++;
		ekm |= strstr(o, "protocol-flags") == o && strstr(o, "tls-ekm") != NULL;
		cipher |= strcmp(o, "cipher AES-256-GCM") == 0;
		assert_null(strstr(o, "push-continuation"));
	}
	assert_int_equal(routes, 70); /* all, in order */
	assert_true(ekm);
	assert_true(cipher);
	return 1;
}

static void run(const struct params *pr)
{
	struct lvpn_tls_conf conf;
	struct lvpn_tls_ctx *ctx;
	struct link l;
	struct lvpn_key_source ks;
	struct lvpn_kem2_parsed peer;
	struct lvpn_occ_conf occ = {.tun_mtu = 1500,
	                            .key_direction = -1,
	                            .cipher = "AES-256-GCM",
	                            .data_ciphers = "AES-256-GCM",
	                            .p2p_nopull = 1,
	                            .tls_server = pr->we_serve};
	char opts[LVPN_KEM2_OPTIONS_MAX], pi[256], d[160];
	uint8_t msg[2048], pt[4096], key2[256], got[32];
	const uint8_t *mine, *theirs;
	size_t ptlen = 0, n;
	int kem2_sent = 0, kem2_read = 0, port;
	uint64_t deadline;
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t al = sizeof(a);

	if (system("command -v openvpn >/dev/null 2>&1") != 0)
		skip();
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/lvpn-interop-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	snprintf(logpath, sizeof(logpath), "%s/peer.log", tmpdir);

	memset(&l, 0, sizeof(l));
	l.is_server = pr->we_serve;
	l.fd = socket(AF_INET, SOCK_DGRAM, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(l.fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(l.fd, (struct sockaddr *)&a, &al), 0);
	if (pr->we_serve) {
		port = ntohs(a.sin_port);
	} else {
		port = free_udp_port();
		l.peer.sin_family = AF_INET;
		l.peer.sin_port = htons((uint16_t)port);
		l.peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		l.have_addr = 1;
	}
	if (pr->user) {
		char path[300];
		FILE *f;

		snprintf(path, sizeof(path), "%s/auth.sh", tmpdir);
		f = fopen(path, "w");
		assert_non_null(f);
		fputs("#!/bin/sh\n{ read u; read p; } < \"$1\"\n"
		      "[ \"$u\" = alice ] && [ \"$p\" = s3cret ]\n",
		      f);
		fclose(f);
		assert_int_equal(chmod(path, 0700), 0);
	}
	start_peer(pr, port);
	for (int i = 0; i < 8; i++)
		l.sid[i] = (uint8_t)(rand() ^ (i * 37));
	conf_pki(&conf, pr->we_serve ? LVPN_TLS_SERVER : LVPN_TLS_CLIENT, pr->ca, pr->our_cert);
	conf.remote_cert = pr->we_serve ? LVPN_REMOTE_CERT_CLIENT : LVPN_REMOTE_CERT_SERVER;
	conf.version_min = pr->version_min;
	assert_int_equal(lvpn_tls_ctx_new(&conf, &ctx), 0);
	assert_int_equal(lvpn_tls_sess_new(ctx, &l.tls), 0);
	assert_int_equal(lvpn_key_source_random(&ks, pr->we_serve), 0);
	assert_int_equal(lvpn_occ_string(&occ, 0, opts, sizeof(opts)), 0);
	/* a p2p peer: NCP_P2P and DATA_V2, with or without TLS key export */
	snprintf(pi, sizeof(pi), "IV_CIPHERS=AES-256-GCM\nIV_PROTO=%u\n",
	         LVPN_IV_PROTO_DATA_V2 | LVPN_IV_PROTO_NCP_P2P |
	             (pr->ekm ? LVPN_IV_PROTO_TLS_KEY_EXPORT : 0));
	if (pr->pull) {
		/* what a 2.6 client in pull mode sends */
		const struct lvpn_peer_info_conf pc = {
		    .version = "2.6.14",
		    .platform = "linux",
		    .mtu = 1600,
		    .ciphers = "AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305",
		    .iv_proto = LVPN_IV_PROTO_26_PULL,
		    .comp = LVPN_PI_COMP_STUBS,
		};

		occ.p2p_nopull = 0;
		occ.cipher = NULL;
		occ.data_ciphers = pc.ciphers;
		assert_int_equal(lvpn_occ_string(&occ, 0, opts, sizeof(opts)), 0);
		assert_int_equal(lvpn_peer_info_build(&pc, pi, sizeof(pi)), 0);
	}

	if (!pr->we_serve) {
		usleep(300000); /* let openvpn bind */
		send_ctl(&l, OP_HARD_RESET_CLIENT_V2, NULL, 0);
	}
	deadline = now_ms() + 15000;
	while (!(kem2_read && kem2_sent) && now_ms() < deadline) {
		pump_link(&l, 100);
		if (!lvpn_tls_handshake_done(l.tls))
			continue;
		/* the client writes first; the server answers what it read */
		if (!kem2_sent && (!pr->we_serve || kem2_read)) {
			struct lvpn_kem2_msg m = {&ks, opts, pr->user, pr->pass, pi};

			assert_int_equal(lvpn_kem2_write(pr->we_serve, &m, msg, sizeof(msg), &n),
			                 0);
			assert_int_equal(lvpn_tls_write(l.tls, msg, n), 0);
			kem2_sent = 1;
		}
		assert_int_equal(lvpn_tls_read(l.tls, pt + ptlen, sizeof(pt) - ptlen, &n), 0);
		ptlen += n;
		if (!kem2_read && ptlen > 0 && lvpn_kem2_read(!pr->we_serve, pt, ptlen, &peer) == 0)
			kem2_read = 1;
	}
	assert_true(kem2_read && kem2_sent);
	assert_non_null(strstr(lvpn_tls_describe(l.tls, d, sizeof(d)),
	                       strcmp(pr->version_min, "1.3") == 0 ? "TLSv1.3" : "TLSv1."));
	/* the peer's options string, as 2.6 writes it */
	assert_non_null(strstr(peer.options, pr->pull ? "V4,dev-type tun," : "V4,dev-type null,"));
	assert_non_null(strstr(peer.options, pr->we_serve ? ",tls-client" : ",tls-server"));
	if (pr->pull) {
		int pushed = pull(&l, pt + peer.len, ptlen - peer.len);

		if (pr->auth_fails) {
			assert_false(pushed);
			goto out;
		}
		assert_true(pushed);
		if (pr->user)
			assert_true(log_has("succeeded for username 'alice'"));
	} else
		assert_non_null(strstr(peer.peer_info, "IV_PROTO="));
	/* keep acking until the peer has installed its keys */
	for (int i = 0; i < 30 && !log_key("Incoming Data Channel: CIPHER KEY", got, 32); i++)
		pump_link(&l, 100);

	if (pr->ekm) {
		assert_int_equal(lvpn_kdf_ekm_datakeys(l.tls, key2), 0);
	} else if (pr->we_serve) {
		assert_int_equal(lvpn_kdf_openvpn_prf(&peer.ks, &ks, l.peer_sid, l.sid, key2), 0);
	} else {
		assert_int_equal(lvpn_kdf_openvpn_prf(&ks, &peer.ks, l.sid, l.peer_sid, key2), 0);
	}
	/* the client sends with keys[0], the server with keys[1] (b.9) */
	mine = pr->we_serve ? key2 + 128 : key2;
	theirs = pr->we_serve ? key2 : key2 + 128;
	assert_true(log_key("Incoming Data Channel: CIPHER KEY", got, 32));
	assert_memory_equal(got, mine, 32);
	assert_true(log_key("Outgoing Data Channel: CIPHER KEY", got, 32));
	assert_memory_equal(got, theirs, 32);
	if (pr->pull) {
		/* a p2mp 2.6 server also derives the dynamic tls-crypt keys;
		 * there, as for tls-crypt, the server sends with keys[0] */
		assert_int_equal(lvpn_kdf_ekm_dyn_tls_crypt(l.tls, key2), 0);
		assert_true(log_key("Outgoing dynamic tls-crypt: CIPHER KEY", got, 32));
		assert_memory_equal(got, key2, 32);
		assert_true(log_key("Incoming dynamic tls-crypt: CIPHER KEY", got, 32));
		assert_memory_equal(got, key2 + 128, 32);
	}
out:
	close(l.fd);
	lvpn_kem2_parsed_wipe(&peer);
	lvpn_tls_sess_free(l.tls);
	lvpn_tls_ctx_free(ctx);
	conf_free(&conf);
}

/* we are the client, openvpn the p2p server */
static void client_ekm_rsa(void **st)
{
	const struct params p = {.we_serve = 0,
	                         .ekm = 1,
	                         .ca = "ca",
	                         .our_cert = "client-rsa",
	                         .their_cert = "server-rsa",
	                         .version_min = "1.2",
	                         .pull = 0};
	run(&p);
}

static void client_prf_rsa(void **st)
{
	const struct params p = {.we_serve = 0,
	                         .ekm = 0,
	                         .ca = "ca",
	                         .our_cert = "client-rsa",
	                         .their_cert = "server-rsa",
	                         .version_min = "1.2",
	                         .pull = 0};
	run(&p);
}

static void client_ekm_ed25519_tls13(void **st)
{
	const struct params p = {.we_serve = 0,
	                         .ekm = 1,
	                         .ca = "ed-ca",
	                         .our_cert = "client-ed",
	                         .their_cert = "server-ed",
	                         .version_min = "1.3",
	                         .pull = 0};
	run(&p);
}

/* we are the server, openvpn the p2p client */
static void server_ekm_ed25519_tls13(void **st)
{
	const struct params p = {.we_serve = 1,
	                         .ekm = 1,
	                         .ca = "ed-ca",
	                         .our_cert = "server-ed",
	                         .their_cert = "client-ed",
	                         .version_min = "1.3",
	                         .pull = 0};
	run(&p);
}

static void server_prf_rsa(void **st)
{
	const struct params p = {.we_serve = 1,
	                         .ekm = 0,
	                         .ca = "ca",
	                         .our_cert = "server-rsa",
	                         .their_cert = "client-rsa",
	                         .version_min = "1.2",
	                         .pull = 0};
	run(&p);
}

/* We are a pulling client of a p2mp openvpn --server: needs root for the
 * TUN device, and a network namespace of our own so nothing leaks out
 * (entered once; every later test runs in it too). */
static int own_netns(void)
{
	static int state; /* 0 not tried, 1 in it, -1 impossible */

	if (state == 0) {
		state = -1;
		if (getuid() == 0 && system("command -v openvpn >/dev/null 2>&1") == 0 &&
		    unshare(CLONE_NEWNET) == 0 && system("ip link set lo up") == 0)
			state = 1;
	}
	return state == 1;
}

static void client_pull_p2mp(void **st)
{
	const struct params p = {.ekm = 1,
	                         .ca = "ca",
	                         .our_cert = "client-rsa",
	                         .their_cert = "server-rsa",
	                         .version_min = "1.2",
	                         .pull = 1};

	if (!own_netns())
		skip();
	run(&p);
}

/* username/password reach the server's --auth-user-pass-verify intact */
static void client_pull_userpass(void **st)
{
	const struct params p = {.ekm = 1,
	                         .ca = "ca",
	                         .our_cert = "client-rsa",
	                         .their_cert = "server-rsa",
	                         .version_min = "1.3",
	                         .pull = 1,
	                         .user = "alice",
	                         .pass = "s3cret"};

	if (!own_netns())
		skip();
	run(&p);
}

/* and a wrong password comes back as an AUTH_FAILED we parse */
static void client_pull_auth_failed(void **st)
{
	const struct params p = {.ekm = 1,
	                         .ca = "ca",
	                         .our_cert = "client-rsa",
	                         .their_cert = "server-rsa",
	                         .version_min = "1.3",
	                         .pull = 1,
	                         .user = "alice",
	                         .pass = "wrong",
	                         .auth_fails = 1};

	if (!own_netns())
		skip();
	run(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(client_ekm_rsa, stop_server),
	    cmocka_unit_test_teardown(client_prf_rsa, stop_server),
	    cmocka_unit_test_teardown(client_ekm_ed25519_tls13, stop_server),
	    cmocka_unit_test_teardown(server_ekm_ed25519_tls13, stop_server),
	    cmocka_unit_test_teardown(server_prf_rsa, stop_server),
	    /* last: it moves the process into a new network namespace */
	    cmocka_unit_test_teardown(client_pull_p2mp, stop_server),
	    cmocka_unit_test_teardown(client_pull_userpass, stop_server),
	    cmocka_unit_test_teardown(client_pull_auth_failed, stop_server),
	};

	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	return cmocka_run_group_tests(tests, NULL, NULL);
}
