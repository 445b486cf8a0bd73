/* SPDX-License-Identifier: BSD-2-Clause */
/* Known answers against the real openvpn 2.6: it runs as a client on
 * loopback, we receive its first HARD_RESET_CLIENT, open it with our wrap
 * (tls-auth SHA1/SHA512, tls-crypt, tls-crypt-v2), answer with our own
 * HARD_RESET_SERVER_V2 and check that its next packet ACKs ours and opens
 * under our wrap too.  Only 127.0.0.1, a few seconds per mode, and the
 * openvpn process is stopped by its PID.  The server_* tests turn the
 * roles round: openvpn is a point-to-point TLS server and accepts our
 * client's sealed reset (tls-auth, tls-crypt, tls-crypt-v2 with WKc).  Skipped without openvpn/openssl.
 *
 * CTRL_CAPTURE_DIR=dir keeps the received datagrams (fuzz seeds). */
#include "tests/unit/testutil.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>

#include "tests/unit/ctrl_testutil.h"

#include "crypto/keyfile.h"
#include "proto/wrap.h"
#include "proto/server/cookie.h"
#include "proto/pkt.h"
#include "proto/tcpframe.h"

#define HEADROOM 256

static int have_tools;
static pid_t child;   /* the openvpn we started, until it is reaped */
static int child_fd = -1;

static int setup(void **state)
{
	have_tools = ctrl_have("openvpn") && ctrl_have("openssl");
	if (!have_tools)
		return 0;
	/* a throwaway self-signed certificate for the client's --ca/--cert */
	/* CTRL_KEY_DIR=dir: use fixed keys (ta.key, v2s.key, v2c.key) from dir,
	 * e.g. tests/data/ctrl, to capture fuzz seeds that open with them */
	if (getenv("CTRL_KEY_DIR")) {
		const char *d = getenv("CTRL_KEY_DIR");

		return ctrl_run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
				"-nodes -keyout '%s' -out '%s' -subj /CN=leanvpn-test -days 2",
				ctrl_path("ca.key"), ctrl_path("ca.crt")) ||
		       ctrl_run("cp '%s/ta.key' '%s/v2s.key' '%s/v2c.key' '%s'", d, d, d, ctrl_tmp());
	}
	if (ctrl_run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
		     "-keyout '%s' -out '%s' -subj /CN=leanvpn-test -days 2",
		     ctrl_path("ca.key"), ctrl_path("ca.crt")) ||
	    ctrl_run("openvpn --genkey secret '%s'", ctrl_path("ta.key")) ||
	    ctrl_run("openvpn --genkey tls-crypt-v2-server '%s'", ctrl_path("v2s.key")) ||
	    ctrl_run("openvpn --tls-crypt-v2 '%s' --genkey tls-crypt-v2-client '%s'",
		     ctrl_path("v2s.key"), ctrl_path("v2c.key")))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	ctrl_tmp_cleanup();
	return 0;
}

struct run {
	int fd;
	pid_t pid;
	struct sockaddr_in peer;
	socklen_t peer_len;
	int ncap;
};

static void save(struct run *r, const char *mode, const uint8_t *p, size_t n)
{
	const char *dir = getenv("CTRL_CAPTURE_DIR");
	char path[512];

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/%s-%d.bin", dir, mode, r->ncap++);
	if (ctrl_write(path, p, n))
		fprintf(stderr, "could not write %s\n", path);
}

/* Starts openvpn as a client of 127.0.0.1:<our port> with extra args. */
/* A free UDP port on 127.0.0.1 (bound, read, released). */
static unsigned free_port(void)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	unsigned port;

	assert_true(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &al), 0);
	port = ntohs(a.sin_port);
	close(fd);
	return port;
}

/* Starts openvpn on 127.0.0.1 with extra args: as a client of our socket,
 * or (server) as a point-to-point TLS server on a free port that r->peer
 * then names. */
static void start(struct run *r, int server, const char *const *wrap_args)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	char port[16], sport[16];
	const char *argv[48];
	char *ca = strdup(ctrl_path("ca.crt")), *key = strdup(ctrl_path("ca.key"));
	int n = 0;

	r->fd = socket(AF_INET, SOCK_DGRAM, 0);
	assert_true(r->fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(r->fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(r->fd, (struct sockaddr *)&a, &al), 0);
	snprintf(port, sizeof(port), "%u", ntohs(a.sin_port));

	argv[n++] = "openvpn";
	if (server) {
		unsigned sp = free_port();

		snprintf(sport, sizeof(sport), "%u", sp);
		memset(&r->peer, 0, sizeof(r->peer));
		r->peer.sin_family = AF_INET;
		r->peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		r->peer.sin_port = htons((uint16_t)sp);
		r->peer_len = sizeof(r->peer);
		const char *base[] = { "--tls-server", "--dh", "none", "--local", "127.0.0.1",
				       "--port", sport };
		for (size_t i = 0; i < sizeof(base) / sizeof(base[0]); i++)
			argv[n++] = base[i];
	} else {
		const char *base[] = { "--client", "--remote", "127.0.0.1", port, "--nobind",
				       "--connect-retry-max", "1" };
		for (size_t i = 0; i < sizeof(base) / sizeof(base[0]); i++)
			argv[n++] = base[i];
	}
	const char *common[] = { "--dev", "null", "--proto", "udp", "--ca", ca, "--cert", ca,
				 "--key", key, "--verb", "0", "--hand-window", "20" };
	for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++)
		argv[n++] = common[i];
	for (int i = 0; wrap_args[i]; i++)
		argv[n++] = wrap_args[i];
	argv[n] = NULL;

	r->pid = fork();
	assert_true(r->pid >= 0);
	child = r->pid;
	child_fd = r->fd;
	if (r->pid == 0) {
		int dn = open("/dev/null", O_RDWR);

		if (dn >= 0 && !getenv("CTRL_VERBOSE")) {
			dup2(dn, 1);
			dup2(dn, 2);
		}
		execvp("openvpn", (char *const *)argv);
		_exit(127);
	}
	free(ca);
	free(key);
}

/* Stops the openvpn we started (by its PID) and closes our socket; also
 * the per-test teardown, so a failed assertion leaves nothing running. */
static int stop_child(void **state)
{
	int st;

	if (child > 0) {
		kill(child, SIGTERM);
		for (int i = 0; i < 50; i++) {
			if (waitpid(child, &st, WNOHANG) == child)
				goto done;
			usleep(100000);
		}
		kill(child, SIGKILL);
		waitpid(child, &st, 0);
	}
done:
	child = 0;
	if (child_fd >= 0)
		close(child_fd);
	child_fd = -1;
	return 0;
}

static void stop(struct run *r)
{
	(void)r;
	stop_child(NULL);
}

/* Receives one datagram into b (at HEADROOM) within ms; 0 or -1. */
static int recv_pkt(struct run *r, struct lvpn_buf *b, uint8_t *mem, size_t cap, int ms)
{
	struct pollfd pfd = { .fd = r->fd, .events = POLLIN };
	ssize_t n;

	if (poll(&pfd, 1, ms) != 1)
		return -1;
	r->peer_len = sizeof(r->peer);
	n = recvfrom(r->fd, mem + HEADROOM, cap - HEADROOM, 0, (struct sockaddr *)&r->peer,
		     &r->peer_len);
	if (n <= 0)
		return -1;
	lvpn_buf_init(b, mem, (uint32_t)cap);
	if (lvpn_buf_reset(b, HEADROOM))
		return -1;
	b->len = (uint32_t)n;
	return 0;
}

enum kind { K_AUTH, K_CRYPT, K_V2 };

/* One handshake start against openvpn.  For K_V2, v2 is the server
 * context and w an initialised CRYPT scratch wrap. */
static void exchange(const char *mode, enum kind kind, const char *const *args,
		     struct lvpn_wrap *w, struct lvpn_tcv2_server *v2, const uint8_t *want_kc)
{
	uint8_t mem[4096], reply_mem[2048];
	struct lvpn_ctrl_pkt q, rp;
	struct lvpn_buf b, rb;
	struct run r = { 0 };
	struct lvpn_tcv2_meta meta;
	uint8_t client_sid[8], our_sid[8] = { 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4 };
	uint8_t tlv[6];
	uint32_t rid = 0;
	size_t len, tlv_len = 0;
	int rc, acked = 0;
	uint64_t now = (uint64_t)time(NULL);

	struct lvpn_cookie cookie;
	uint8_t cookie_key[LVPN_COOKIE_KEY_LEN];

	for (size_t i = 0; i < sizeof(cookie_key); i++)
		cookie_key[i] = (uint8_t)rand();
	start(&r, 0, args);
	assert_int_equal(recv_pkt(&r, &b, mem, sizeof(mem), 8000), 0);
	save(&r, mode, lvpn_buf_data(&b), b.len);
	assert_int_equal(lvpn_op_of(lvpn_buf_data(&b)[0]),
			 kind == K_V2 ? LVPN_OP_HARD_RESET_CLIENT_V3 : LVPN_OP_HARD_RESET_CLIENT_V2);
	assert_int_equal(lvpn_key_id_of(lvpn_buf_data(&b)[0]), 0);
	memcpy(client_sid, lvpn_buf_data(&b) + 1, 8);

	/* a flipped byte in openvpn's packet does not verify (the check can fail) */
	{
		uint8_t save_mem[4096];
		uint32_t h = b.head, l = b.len;

		memcpy(save_mem, mem, sizeof(mem));
		mem[h + l / 2] ^= 0x40;
		if (kind == K_V2)
			rc = lvpn_tcv2_open_first(v2, w, &b, LVPN_WRAP_NO_REPLAY, now, &meta, &rid);
		else
			rc = lvpn_wrap_open(w, &b, 0, now, &rid);
		assert_true(rc == LVPN_ERR_AUTH);
		memcpy(mem, save_mem, sizeof(mem));
		b.head = h;
		b.len = l;
	}
	if (kind == K_V2) {
		rc = lvpn_tcv2_open_first(v2, w, &b, 0, now, &meta, &rid);
		assert_int_equal(rc, 0);
		assert_memory_equal(w->key, want_kc, LVPN_KEY2_LEN); /* WKc -> Kc */
		assert_int_equal(meta.type, LVPN_TCV2_META_TIMESTAMP);
		/* 2.6 announces early negotiation in the replay id (b.5) */
		assert_int_equal(rid, LVPN_EARLY_NEG_START + 1);
	} else {
		assert_int_equal(lvpn_wrap_open(w, &b, 0, now, &rid), 0);
		assert_true(rid == 1 || rid == LVPN_EARLY_NEG_START + 1);
	}
	assert_int_equal(lvpn_pkt_parse(lvpn_buf_data(&b), b.len, &q), 0);
	assert_memory_equal(q.sid, client_sid, 8);
	assert_int_equal(q.n_acks, 0);
	assert_int_equal(q.msg_id, 0);

	/* our HARD_RESET_SERVER_V2: ACK 0, message id 0, the TLV if asked, and
	 * a stateless cookie as our sid (proto/server/cookie builds the same bytes) */
	assert_int_equal(lvpn_cookie_init(&cookie, cookie_key, 60), 0);
	assert_int_equal(lvpn_cookie_check_first(&q), 0);
	assert_int_equal(lvpn_cookie_make(&cookie, now, (const uint8_t *)&r.peer, r.peer_len,
					  client_sid, our_sid), 0);
	if ((rid & LVPN_EARLY_NEG_MASK) == LVPN_EARLY_NEG_START)
		assert_int_equal(lvpn_tlv_write_early_neg(tlv, sizeof(tlv),
							  LVPN_EARLY_NEG_FLAG_RESEND_WKC, &tlv_len), 0);
	memset(&rp, 0, sizeof(rp));
	rp.op = LVPN_OP_HARD_RESET_SERVER_V2;
	rp.sid = our_sid;
	rp.n_acks = 1;
	rp.acks[0] = 0;
	rp.ack_sid = client_sid;
	rp.msg_id = 0;
	rp.payload = tlv;
	rp.payload_len = tlv_len;
	lvpn_buf_init(&rb, reply_mem, sizeof(reply_mem));
	assert_int_equal(lvpn_buf_reset(&rb, HEADROOM), 0);
	assert_int_equal(lvpn_pkt_write(&rp, lvpn_buf_data(&rb), 1024, &len), 0);
	rb.len = (uint32_t)len;
	{
		uint8_t cr[1024];
		size_t cl;

		assert_int_equal(lvpn_cookie_reply(&cookie, now, (const uint8_t *)&r.peer,
						   r.peer_len, &q, rid, cr, sizeof(cr), &cl), 0);
		assert_int_equal(cl, len);
		assert_memory_equal(cr, lvpn_buf_data(&rb), len);
	}
	assert_int_equal(lvpn_wrap_seal(w, &rb, now), 0);
	if (getenv("CTRL_BREAK_SEAL")) /* to see this test fail */
		lvpn_buf_data(&rb)[rb.len - 1] ^= 1;
	assert_true(sendto(r.fd, lvpn_buf_data(&rb), rb.len, 0, (struct sockaddr *)&r.peer,
			   r.peer_len) == (ssize_t)rb.len);

	/* openvpn's next packets: one must ACK our message 0 and name our sid */
	for (int i = 0; i < 6 && !acked; i++) {
		if (recv_pkt(&r, &b, mem, sizeof(mem), 5000))
			break;
		save(&r, mode, lvpn_buf_data(&b), b.len);
		unsigned op = lvpn_op_of(lvpn_buf_data(&b)[0]);

		if (op == LVPN_OP_CONTROL_WKC_V1) {
			/* the third packet re-sends the WKc (the stateless server needs it) */
			assert_int_equal(kind, K_V2);
			assert_int_equal(lvpn_tcv2_open_first(v2, w, &b, LVPN_WRAP_NO_REPLAY, now,
							      &meta, &rid), 0);
		} else {
			rc = lvpn_wrap_open(w, &b, 0, now, &rid);
			assert_int_equal(rc, 0);
		}
		assert_int_equal(lvpn_pkt_parse(lvpn_buf_data(&b), b.len, &q), 0);
		assert_memory_equal(q.sid, client_sid, 8);
		for (unsigned k = 0; k < q.n_acks; k++)
			if (q.acks[k] == 0 && memcmp(q.ack_sid, our_sid, 8) == 0)
				acked = 1;
		if (acked) {
			/* openvpn's third packet passes the stateless cookie check,
			 * and would not from another port */
			struct sockaddr_in other = r.peer;

			assert_int_equal(lvpn_cookie_check_third(&cookie, now + 1,
								 (const uint8_t *)&r.peer,
								 r.peer_len, &q), 0);
			other.sin_port ^= 1;
			assert_int_equal(lvpn_cookie_check_third(&cookie, now + 1,
								 (const uint8_t *)&other,
								 r.peer_len, &q), LVPN_ERR_AUTH);
		}
		if (q.op == LVPN_OP_CONTROL_V1 || q.op == LVPN_OP_CONTROL_WKC_V1)
			assert_int_equal(q.msg_id, 1);
	}
	stop(&r);
	lvpn_cookie_free(&cookie);
	assert_true(acked);
}

/* We are the client: openvpn runs as a TLS server.  Our HARD_RESET_CLIENT
 * (V2, or V3 with the WKc when w has one), sealed by our wrap, must be
 * accepted: openvpn's HARD_RESET_SERVER_V2 comes back, opens under our
 * wrap and ACKs our message 0. */
static void exchange_as_client(const char *mode, const char *const *args, struct lvpn_wrap *w)
{
	uint8_t mem[4096], out[2048];
	const uint8_t sid[8] = { 0x5e, 0x55, 0x10, 0x4e, 7, 7, 7, 7 };
	struct lvpn_ctrl_pkt p, q;
	struct lvpn_buf b, ob;
	struct run r = { 0 };
	size_t len;
	uint32_t rid;
	int got = 0;
	uint64_t now = (uint64_t)time(NULL);

	start(&r, 1, args);
	memset(&p, 0, sizeof(p));
	p.op = w->wkc_len ? LVPN_OP_HARD_RESET_CLIENT_V3 : LVPN_OP_HARD_RESET_CLIENT_V2;
	p.sid = sid;
	p.has_msg_id = 1;
	/* openvpn needs a moment to start: send the reset (a retransmission
	 * each time, with a fresh replay id) until it answers */
	for (int i = 0; i < 40 && !got; i++) {
		lvpn_buf_init(&ob, out, sizeof(out));
		assert_int_equal(lvpn_buf_reset(&ob, HEADROOM), 0);
		assert_int_equal(lvpn_pkt_write(&p, out + HEADROOM, 512, &len), 0);
		ob.len = (uint32_t)len;
		assert_int_equal(lvpn_wrap_seal(w, &ob, now), 0);
		if (i == 0)
			save(&r, mode, lvpn_buf_data(&ob), ob.len);
		(void)!sendto(r.fd, lvpn_buf_data(&ob), ob.len, 0, (struct sockaddr *)&r.peer,
			      r.peer_len);
		if (recv_pkt(&r, &b, mem, sizeof(mem), 250))
			continue;
		save(&r, mode, lvpn_buf_data(&b), b.len);
		assert_int_equal(lvpn_wrap_open(w, &b, 0, now, &rid), 0);
		assert_int_equal(lvpn_pkt_parse(lvpn_buf_data(&b), b.len, &q), 0);
		assert_int_equal(q.op, LVPN_OP_HARD_RESET_SERVER_V2);
		assert_int_equal(q.msg_id, 0);
		assert_true(q.n_acks >= 1);
		assert_int_equal(q.acks[0], 0);
		assert_memory_equal(q.ack_sid, sid, 8);
		got = 1;
	}
	stop(&r);
	assert_true(got);
}

static uint8_t static_key[LVPN_KEY2_LEN];

static void load_static(void)
{
	char text[4096];
	long n = ctrl_read(ctrl_path("ta.key"), text, sizeof(text));

	assert_true(n > 0);
	assert_int_equal(lvpn_key_read_static(text, (size_t)n, static_key), 0);
}

static void tls_auth_sha1(void **state)
{
	struct lvpn_wrap w;
	char ta[512];
	const char *args[] = { "--tls-auth", ta, "1", NULL };

	if (!have_tools)
		skip();
	load_static();
	snprintf(ta, sizeof(ta), "%s", ctrl_path("ta.key"));
	assert_int_equal(lvpn_wrap_init(&w, LVPN_WRAP_AUTH, static_key, LVPN_KEY_DIR_NORMAL, "SHA1", 64, 15), 0);
	exchange("tls-auth", K_AUTH, args, &w, NULL, NULL);
	lvpn_wrap_free(&w);
}

static void tls_auth_sha512(void **state)
{
	struct lvpn_wrap w;
	char ta[512];
	const char *args[] = { "--tls-auth", ta, "1", "--auth", "SHA512", NULL };

	if (!have_tools)
		skip();
	load_static();
	snprintf(ta, sizeof(ta), "%s", ctrl_path("ta.key"));
	assert_int_equal(lvpn_wrap_init(&w, LVPN_WRAP_AUTH, static_key, LVPN_KEY_DIR_NORMAL, "SHA512", 64, 15), 0);
	exchange("tls-auth-sha512", K_AUTH, args, &w, NULL, NULL);
	lvpn_wrap_free(&w);
}

static void tls_crypt(void **state)
{
	struct lvpn_wrap w;
	char ta[512];
	const char *args[] = { "--tls-crypt", ta, NULL };

	if (!have_tools)
		skip();
	load_static();
	snprintf(ta, sizeof(ta), "%s", ctrl_path("ta.key"));
	assert_int_equal(lvpn_wrap_init(&w, LVPN_WRAP_CRYPT, static_key, LVPN_KEY_DIR_NORMAL, NULL, 64, 15), 0);
	exchange("tls-crypt", K_CRYPT, args, &w, NULL, NULL);
	lvpn_wrap_free(&w);
}

static void v2_with(const char *path_tmp)
{
	char client_key_path[512];
	char text[4096];
	uint8_t srv[LVPN_KEY_LEN], kc[LVPN_TCV2_KC_LEN], wkc[LVPN_TCV2_WKC_MAX], junk[LVPN_KEY2_LEN];
	size_t wkc_len;
	long n;
	struct lvpn_tcv2_server s;
	struct lvpn_wrap w;
	const char *args[] = { "--tls-crypt-v2", client_key_path, NULL };

	snprintf(client_key_path, sizeof(client_key_path), "%s", path_tmp);
	n = ctrl_read(ctrl_path("v2s.key"), text, sizeof(text));
	assert_true(n > 0);
	assert_int_equal(lvpn_key_read_tcv2_server(text, (size_t)n, srv), 0);
	n = ctrl_read(client_key_path, text, sizeof(text));
	assert_true(n > 0);
	assert_int_equal(lvpn_key_read_tcv2_client(text, (size_t)n, kc, wkc, &wkc_len), 0);
	assert_int_equal(lvpn_tcv2_server_init(&s, srv), 0);
	memset(junk, 0xee, sizeof(junk));
	assert_int_equal(lvpn_wrap_init(&w, LVPN_WRAP_CRYPT, junk, LVPN_KEY_DIR_NORMAL, NULL, 64, 15), 0);
	exchange("tls-crypt-v2", K_V2, args, &w, &s, kc);
	lvpn_wrap_free(&w);
	lvpn_tcv2_server_free(&s);
}

static void tls_crypt_v2_openvpn_key(void **state)
{
	if (!have_tools)
		skip();
	v2_with(ctrl_path("v2c.key"));
}

/* A client key we generated (from openvpn's server key) works in openvpn. */
static void tls_crypt_v2_our_key(void **state)
{
	char srv_text[4096], cli[LVPN_KEYFILE_PEM_TEXT_MAX];
	struct lvpn_genkey_args a = { 0 };
	size_t cl;
	long n;

	if (!have_tools)
		skip();
	n = ctrl_read(ctrl_path("v2s.key"), srv_text, sizeof(srv_text));
	assert_true(n > 0);
	a.server_key = srv_text;
	a.server_key_len = (size_t)n;
	a.now = (uint64_t)time(NULL);
	assert_int_equal(lvpn_genkey_write(LVPN_GENKEY_TLS_CRYPT_V2_CLIENT, &a, cli, sizeof(cli), &cl), 0);
	assert_int_equal(ctrl_write(ctrl_path("our_v2c.key"), cli, cl), 0);
	v2_with(ctrl_path("our_v2c.key"));
}

/* TCP: openvpn connects to our listener; its stream, fed to proto/tcpframe
 * one byte at a time, yields its reset, which opens under tls-crypt; our
 * framed reply is ACKed. */
static void tcp_tls_crypt(void **state)
{
	struct lvpn_wrap w;
	char ta[512], port[16];
	uint8_t frame_mem[2048], mem[4096], out[2048];
	struct lvpn_tcpframe tf;
	struct lvpn_ctrl_pkt q, rp;
	struct lvpn_buf b, ob;
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	uint8_t client_sid[8], our_sid[8] = { 1, 1, 2, 3, 5, 8, 13, 21 };
	int lfd, cfd = -1, npkt = 0, acked = 0, one = 1;
	uint64_t now = (uint64_t)time(NULL);
	size_t len;
	char *ca, *key;

	if (!have_tools)
		skip();
	load_static();
	snprintf(ta, sizeof(ta), "%s", ctrl_path("ta.key"));
	assert_int_equal(lvpn_wrap_init(&w, LVPN_WRAP_CRYPT, static_key, LVPN_KEY_DIR_NORMAL, NULL, 64, 15), 0);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(lfd >= 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(lfd, 1), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&a, &al), 0);
	snprintf(port, sizeof(port), "%u", ntohs(a.sin_port));
	ca = strdup(ctrl_path("ca.crt"));
	key = strdup(ctrl_path("ca.key"));
	const char *argv[] = { "openvpn", "--client", "--dev", "null", "--proto", "tcp-client",
			       "--remote", "127.0.0.1", port, "--nobind", "--ca", ca, "--cert", ca,
			       "--key", key, "--connect-retry-max", "1", "--verb", "0",
			       "--tls-crypt", ta, NULL };
	child_fd = lfd;
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		int dn = open("/dev/null", O_RDWR);

		if (dn >= 0 && !getenv("CTRL_VERBOSE")) {
			dup2(dn, 1);
			dup2(dn, 2);
		}
		execvp("openvpn", (char *const *)argv);
		_exit(127);
	}
	free(ca);
	free(key);
	struct pollfd pfd = { .fd = lfd, .events = POLLIN };
	assert_int_equal(poll(&pfd, 1, 8000), 1);
	cfd = accept(lfd, NULL, NULL);
	assert_true(cfd >= 0);
	lvpn_tcpframe_init(&tf, frame_mem, sizeof(frame_mem));
	while (!acked && npkt < 6) {
		uint8_t c;
		size_t used;
		int rc;

		pfd.fd = cfd;
		if (poll(&pfd, 1, 5000) != 1 || read(cfd, &c, 1) != 1)
			break;
		rc = lvpn_tcpframe_push(&tf, &c, 1, &used);
		assert_true(rc >= 0);
		assert_int_equal(used, 1);
		if (rc == 0)
			continue;
		const uint8_t *pkt;
		size_t plen;

		lvpn_tcpframe_packet(&tf, &pkt, &plen);
		lvpn_buf_init(&b, mem, sizeof(mem));
		assert_int_equal(lvpn_buf_reset(&b, HEADROOM), 0);
		memcpy(mem + HEADROOM, pkt, plen);
		b.len = (uint32_t)plen;
		lvpn_tcpframe_next(&tf);
		assert_int_equal(lvpn_wrap_open(&w, &b, 0, now, NULL), 0);
		assert_int_equal(lvpn_pkt_parse(lvpn_buf_data(&b), b.len, &q), 0);
		if (npkt++ == 0) {
			assert_int_equal(q.op, LVPN_OP_HARD_RESET_CLIENT_V2);
			memcpy(client_sid, q.sid, 8);
			memset(&rp, 0, sizeof(rp));
			rp.op = LVPN_OP_HARD_RESET_SERVER_V2;
			rp.sid = our_sid;
			rp.n_acks = 1;
			rp.ack_sid = client_sid;
			lvpn_buf_init(&ob, out, sizeof(out));
			assert_int_equal(lvpn_buf_reset(&ob, HEADROOM), 0);
			assert_int_equal(lvpn_pkt_write(&rp, out + HEADROOM, 512, &len), 0);
			ob.len = (uint32_t)len;
			assert_int_equal(lvpn_wrap_seal(&w, &ob, now), 0);
			assert_int_equal(lvpn_tcpframe_prefix(&ob), 0);
			assert_true(write(cfd, lvpn_buf_data(&ob), ob.len) == (ssize_t)ob.len);
			continue;
		}
		for (unsigned k = 0; k < q.n_acks; k++)
			if (q.acks[k] == 0 && memcmp(q.ack_sid, our_sid, 8) == 0)
				acked = 1;
	}
	close(cfd);
	stop_child(NULL);
	lvpn_wrap_free(&w);
	assert_true(acked);
}

static void server_tls_auth(void **state)
{
	struct lvpn_wrap w;
	char ta[512];
	const char *args[] = { "--tls-auth", ta, "0", "--auth", "SHA256", NULL };

	if (!have_tools)
		skip();
	load_static();
	snprintf(ta, sizeof(ta), "%s", ctrl_path("ta.key"));
	assert_int_equal(lvpn_wrap_init(&w, LVPN_WRAP_AUTH, static_key, LVPN_KEY_DIR_INVERSE, "SHA256", 64, 15), 0);
	exchange_as_client("srv-tls-auth", args, &w);
	lvpn_wrap_free(&w);
}

static void server_tls_crypt(void **state)
{
	struct lvpn_wrap w;
	char ta[512];
	const char *args[] = { "--tls-crypt", ta, NULL };

	if (!have_tools)
		skip();
	load_static();
	snprintf(ta, sizeof(ta), "%s", ctrl_path("ta.key"));
	assert_int_equal(lvpn_wrap_init(&w, LVPN_WRAP_CRYPT, static_key, LVPN_KEY_DIR_INVERSE, NULL, 64, 15), 0);
	exchange_as_client("srv-tls-crypt", args, &w);
	lvpn_wrap_free(&w);
}

/* Our tls-crypt-v2 client (Kc in INVERSE, WKc appended, early-negotiation
 * replay ids) against openvpn holding the server key. */
static void server_tls_crypt_v2(void **state)
{
	char text[4096], srvp[512];
	uint8_t kc[LVPN_TCV2_KC_LEN], wkc[LVPN_TCV2_WKC_MAX];
	size_t wkc_len;
	long n;
	struct lvpn_wrap w;
	const char *args[] = { "--tls-crypt-v2", srvp, NULL };

	if (!have_tools)
		skip();
	snprintf(srvp, sizeof(srvp), "%s", ctrl_path("v2s.key"));
	n = ctrl_read(ctrl_path("v2c.key"), text, sizeof(text));
	assert_true(n > 0);
	assert_int_equal(lvpn_key_read_tcv2_client(text, (size_t)n, kc, wkc, &wkc_len), 0);
	assert_int_equal(lvpn_wrap_init(&w, LVPN_WRAP_CRYPT, kc, LVPN_KEY_DIR_INVERSE, NULL, 64, 15), 0);
	assert_int_equal(lvpn_wrap_set_wkc(&w, wkc, wkc_len), 0);
	lvpn_wrap_set_send_id(&w, LVPN_EARLY_NEG_START);
	exchange_as_client("srv-tls-crypt-v2", args, &w);
	lvpn_wrap_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(tls_auth_sha1, stop_child),
		cmocka_unit_test_teardown(tls_auth_sha512, stop_child),
		cmocka_unit_test_teardown(tls_crypt, stop_child),
		cmocka_unit_test_teardown(tls_crypt_v2_openvpn_key, stop_child),
		cmocka_unit_test_teardown(tls_crypt_v2_our_key, stop_child),
		cmocka_unit_test_teardown(tcp_tls_crypt, stop_child),
		cmocka_unit_test_teardown(server_tls_auth, stop_child),
		cmocka_unit_test_teardown(server_tls_crypt, stop_child),
		cmocka_unit_test_teardown(server_tls_crypt_v2, stop_child),
	};
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, setup, teardown);
}
