/* SPDX-License-Identifier: BSD-2-Clause */
/* src/mgmt over a real unix socket in a temporary directory: greeting,
 * each command, the exchanges eduVPN's vpn-daemon makes (`status 2` sent
 * before the greeting is read, then lines up to END; `kill CN` then the
 * first SUCCESS/ERROR line), garbage, over-long lines, several clients,
 * password, notifications.  Reply texts are OpenVPN 2.6 manage.c's;
 * tests/srv/status_openvpn.sh compares with a live openvpn. */
#include "tests/unit/testutil.h"

#include <errno.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "src/mgmt.h"
#include "src/status.h"

/* bind is wrapped: the mode of a unix socket's file the moment bind made
 * it (nobody may connect before it is 0660) */
int __real_bind(int fd, const struct sockaddr *a, socklen_t len);
int __wrap_bind(int fd, const struct sockaddr *a, socklen_t len);
static mode_t bound_mode;

int __wrap_bind(int fd, const struct sockaddr *a, socklen_t len)
{
	int rc = __real_bind(fd, a, len);
	struct stat st;

	if (rc == 0 && a->sa_family == AF_UNIX &&
	    stat(((const struct sockaddr_un *)a)->sun_path, &st) == 0)
		bound_mode = st.st_mode & 07777;
	return rc;
}

struct fake {
	int killed_cn, killed_addr, killed_cid, signals, released;
	char last[128];
	uint32_t ip;
	int port;
};

static int f_status(void *ctx, int version, char *buf, size_t cap, size_t *len)
{
	static const struct lvpn_status_client c[] = {
	    {"alice", "198.18.0.2:40001", "10.8.0.2", "2001:db8::1000", 1, 2, 1700000000, "UNDEF",
	     3, 0, "AES-256-GCM"},
	};
	struct lvpn_status s = {"leanvpn-test", 1700000400, c, 1, NULL, 0, 0};

	(void)ctx;
	return lvpn_status_render(&s, version ? version : 1, buf, cap, len);
}

static int f_kill_cn(void *ctx, const char *cn)
{
	struct fake *f = ctx;

	snprintf(f->last, sizeof(f->last), "%s", cn);
	f->killed_cn++;
	return strcmp(cn, "alice") ? 0 : 1;
}

static int f_kill_addr(void *ctx, uint32_t ip, int port)
{
	struct fake *f = ctx;

	f->ip = ip;
	f->port = port;
	f->killed_addr++;
	return ip == 0xc6120002 && port == 40001 ? 1 : 0;
}

static int f_kill_cid(void *ctx, unsigned long cid, const char *msg)
{
	struct fake *f = ctx;

	snprintf(f->last, sizeof(f->last), "%lu %s", cid, msg ? msg : "(null)");
	f->killed_cid++;
	return cid == 3 ? 0 : -1;
}

static int f_signal(void *ctx, const char *name)
{
	struct fake *f = ctx;

	snprintf(f->last, sizeof(f->last), "%s", name);
	f->signals++;
	return strcmp(name, "SIGHUP") ? 0 : -1;
}

static void f_release(void *ctx)
{
	((struct fake *)ctx)->released++;
}

static void f_stats(void *ctx, int *n, uint64_t *in, uint64_t *out)
{
	(void)ctx;
	*n = 1, *in = 10, *out = 20;
}

static const struct lvpn_mgmt_ops ops = {f_status, f_kill_cn, f_kill_addr, f_kill_cid,
                                         f_signal, f_release, f_stats};

struct env {
	char dir[64], path[96];
	struct fake f;
	struct lvpn_mgmt *m;
};

static struct env *env_new(const char *password, int hold)
{
	struct env *e = calloc(1, sizeof(*e));
	struct lvpn_mgmt_cfg cfg = {0};

	assert_non_null(e);
	strcpy(e->dir, "/tmp/lvpn-mgmt-XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	snprintf(e->path, sizeof(e->path), "%s/mgmt.sock", e->dir);
	cfg.unix_path = e->path;
	cfg.password = password;
	cfg.title = "leanvpn-test";
	cfg.hold = hold;
	cfg.ctx = &e->f;
	assert_int_equal(lvpn_mgmt_new(&cfg, &ops, NULL, &e->m), 0);
	assert_true(lvpn_mgmt_fd(e->m) >= 0);
	return e;
}

static void env_free(struct env *e)
{
	lvpn_mgmt_free(e->m);
	assert_int_equal(access(e->path, F_OK), -1); /* socket file removed */
	assert_int_equal(rmdir(e->dir), 0);
	free(e);
}

static int dial(struct env *e)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	strcpy(sa.sun_path, e->path);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

static void sendstr(int fd, const char *s, size_t n)
{
	assert_int_equal(send(fd, s, n, MSG_NOSIGNAL), (ssize_t)n);
}

/* Runs the interface and collects what fd receives until acc ends with
 * want (or 3 s pass); returns what arrived (static). */
static const char *until(struct env *e, int fd, const char *want)
{
	static char acc[1 << 16];
	size_t n = 0, wl = strlen(want);
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	acc[0] = 0;
	for (;;) {
		struct pollfd p = {lvpn_mgmt_fd(e->m), POLLIN, 0};
		ssize_t r;

		poll(&p, 1, 10);
		assert_int_equal(lvpn_mgmt_handle(e->m), 0);
		r = recv(fd, acc + n, sizeof(acc) - 1 - n, MSG_DONTWAIT);
		if (r > 0) {
			n += (size_t)r;
			acc[n] = 0;
		}
		if (r == 0)
			break; /* closed */
		if (n >= wl && !memcmp(acc + n - wl, want, wl))
			break;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec > 3)
			break;
	}
	return acc;
}

#define GREETING ">INFO:OpenVPN Management Interface Version 5 -- type 'help' for more info\r\n"

static void cmd(struct env *e, int fd, const char *c, const char *want)
{
	sendstr(fd, c, strlen(c));
	assert_string_equal(until(e, fd, want), want);
}

/* as cmd(), when only the end of the reply is fixed */
static void cmd_end(struct env *e, int fd, const char *c, const char *head, const char *tail)
{
	const char *r;

	sendstr(fd, c, strlen(c));
	r = until(e, fd, tail);
	assert_true(!strncmp(r, head, strlen(head)));
	assert_true(strlen(r) >= strlen(tail));
	assert_string_equal(r + strlen(r) - strlen(tail), tail);
}

static void test_commands(void **state)
{
	struct env *e = env_new(NULL, 0);
	int fd = dial(e);

	(void)state;
	assert_string_equal(until(e, fd, "\r\n"), GREETING);
	cmd(e, fd, "version\n",
	    "OpenVPN Version: leanvpn-test\r\nManagement Version: 5\r\nEND\r\n");
	cmd(e, fd, "version 3\nkill nobody\n", "ERROR: common name 'nobody' not found\r\n");
	cmd(e, fd, "kill alice\n", "SUCCESS: common name 'alice' found, 1 client(s) killed\r\n");
	cmd(e, fd, "kill 198.18.0.2:40001\n",
	    "SUCCESS: 1 client(s) at address 198.18.0.2:40001 killed\r\n");
	assert_int_equal(e->f.ip, 0xc6120002);
	cmd(e, fd, "kill 198.18.0.9:40001\n",
	    "ERROR: client at address 198.18.0.9:40001 not found\r\n");
	cmd(e, fd, "kill 198.18.0.2:0\n", "ERROR: port number is out of range: 0\r\n");
	cmd(e, fd, "kill 1.2.3:5\n", "ERROR: client at address 1.2.0.3:5 not found\r\n");
	cmd(e, fd, "kill 1.2.3.x:5\n", "ERROR: error parsing IP address: 1.2.3.x\r\n");
	cmd(e, fd, "kill :5\n", "ERROR: kill parse\r\n");
	cmd(e, fd, "kill\n", "ERROR: the 'kill' command requires 1 parameter\r\n");
	cmd(e, fd, "client-kill 3 HALT\n", "SUCCESS: client-kill command succeeded\r\n");
	assert_string_equal(e->f.last, "3 HALT");
	cmd(e, fd, "client-kill 4\n", "ERROR: client-kill command failed\r\n");
	cmd(e, fd, "client-kill x\n", "ERROR: cannot parse CID\r\n");
	cmd(e, fd, "client-kill\n",
	    "ERROR: the 'client-kill' command requires at least 1 parameter\r\n");
	cmd(e, fd, "signal SIGUSR1\n", "SUCCESS: signal SIGUSR1 thrown\r\n");
	cmd(e, fd, "signal SIGHUP\n", "ERROR: signal 'SIGHUP' is currently ignored\r\n");
	cmd(e, fd, "signal SIGKILL\n", "ERROR: signal 'SIGKILL' is not a known signal type\r\n");
	assert_int_equal(e->f.signals, 2);
	cmd(e, fd, "bytecount 5\n", "SUCCESS: bytecount interval changed\r\n");
	assert_int_equal(lvpn_mgmt_bytecount_interval(e->m), 5);
	lvpn_mgmt_bytecount_cli(e->m, 3, 100, 200);
	assert_string_equal(until(e, fd, "\r\n"), ">BYTECOUNT_CLI:3,100,200\r\n");
	cmd(e, fd, "bytecount 0\n", "SUCCESS: bytecount interval changed\r\n");
	assert_int_equal(lvpn_mgmt_bytecount_interval(e->m), 0);
	cmd(e, fd, "hold\n", "SUCCESS: hold=0\r\n");
	cmd(e, fd, "hold on\n", "SUCCESS: hold flag set to ON\r\n");
	cmd(e, fd, "hold release\n", "SUCCESS: hold release succeeded\r\n");
	assert_int_equal(e->f.released, 1);
	cmd(e, fd, "hold x\n", "ERROR: bad hold command parameter\r\n");
	cmd(e, fd, "load-stats\n", "SUCCESS: nclients=1,bytesin=10,bytesout=20\r\n");
	cmd(e, fd, "nclients\n", "SUCCESS: nclients=1\r\n");
	cmd(e, fd, "password Auth x\n", "ERROR: no password is currently needed at this time\r\n");
	cmd(e, fd, "frobnicate\n", "ERROR: unknown command, enter 'help' for more options\r\n");
	cmd_end(e, fd, "help\n", "Management Interface for leanvpn-test\r\n", "\r\nEND\r\n");
	cmd_end(e, fd, "status\n", "OpenVPN CLIENT LIST\r\nUpdated,", "\r\nEND\r\n");
	cmd(e, fd, "status 9\n", "ERROR: bad status format version number\r\n");
	cmd(e, fd, "quit\n", "");
	assert_int_equal(recv(fd, (char[8]){0}, 8, 0), 0); /* closed by the server */
	close(fd);
	until(e, -1, "x");
	assert_int_equal(lvpn_mgmt_nconns(e->m), 0);
	env_free(e);
}

static void test_state_log(void **state)
{
	struct env *e = env_new(NULL, 0);
	int fd = dial(e);

	(void)state;
	until(e, fd, GREETING);
	lvpn_mgmt_state(e->m, 100, "CONNECTING,,,,,,,");
	lvpn_mgmt_state(e->m, 101, "CONNECTED,SUCCESS,10.8.0.1,,,,,");
	cmd(e, fd, "state\n", "101,CONNECTED,SUCCESS,10.8.0.1,,,,,\r\nEND\r\n");
	cmd(e, fd, "state all\n",
	    "100,CONNECTING,,,,,,,\r\n101,CONNECTED,SUCCESS,10.8.0.1,,,,,\r\nEND\r\n");
	cmd(e, fd, "state on\n", "SUCCESS: real-time state notification set to ON\r\n");
	lvpn_mgmt_state(e->m, 102, "EXITING,SIGTERM,,,,,,");
	assert_string_equal(until(e, fd, "\r\n"), ">STATE:102,EXITING,SIGTERM,,,,,,\r\n");
	cmd(e, fd, "state off 1\n",
	    "SUCCESS: real-time state notification set to "
	    "OFF\r\n102,EXITING,SIGTERM,,,,,,\r\nEND\r\n");
	cmd(e, fd, "state bogus\n",
	    "ERROR: state parameter must be 'on' or 'off' or some number n or 'all'\r\n");
	for (int i = 0; i < 150; i++)
		lvpn_mgmt_log(e->m, (uint32_t)(1000 + i), "I", "hello");
	cmd(e, fd, "log 2\n", "1148,I,hello\r\n1149,I,hello\r\nEND\r\n");
	cmd(e, fd, "log on 1\n",
	    "SUCCESS: real-time log notification set to ON\r\n1149,I,hello\r\nEND\r\n");
	/* all: the last LVPN_MGMT_HISTORY lines */
	cmd_end(e, fd, "log all\n", "1050,I,hello\r\n1051,I,hello\r\n", "1149,I,hello\r\nEND\r\n");
	lvpn_mgmt_log(e->m, 7, "W", "careful");
	assert_string_equal(until(e, fd, "\r\n"), ">LOG:7,W,careful\r\n");
	cmd(e, fd, "log\n", "ERROR: the 'log' command requires at least 1 parameter\r\n");
	close(fd);
	env_free(e);
}

/* what eduVPN's vpn-daemon does: write the command at once, skip the
 * greeting, read up to the line starting with END / SUCCESS / ERROR */
static void test_vpn_daemon(void **state)
{
	struct env *e = env_new(NULL, 0);
	int fd = dial(e);
	const char *r;

	(void)state;
	sendstr(fd, "status 2\n", 9);
	r = until(e, fd, "END\r\n");
	assert_true(!strncmp(r, GREETING, strlen(GREETING)));
	assert_non_null(
	    strstr(r, "\r\nCLIENT_LIST,alice,198.18.0.2:40001,10.8.0.2,2001:db8::1000,"));
	close(fd);
	fd = dial(e);
	sendstr(fd, "status 3\n", 9);
	r = until(e, fd, "END\r\n");
	assert_non_null(strstr(r, "\r\nCLIENT_LIST\talice\t198.18.0.2:40001\t10.8.0.2\t"));
	close(fd);
	fd = dial(e);
	sendstr(fd, "kill alice\n", 11);
	r = until(e, fd, "killed\r\n");
	assert_string_equal(r,
	                    GREETING "SUCCESS: common name 'alice' found, 1 client(s) killed\r\n");
	close(fd);
	env_free(e);
}

static void test_garbage_and_long(void **state)
{
	struct env *e = env_new(NULL, 0);
	int fd = dial(e);
	char big[5000];

	(void)state;
	until(e, fd, GREETING);
	/* non-printable bytes are dropped, the rest of the line stands */
	cmd(e, fd, "ve\x01rs\xffion\r\n",
	    "OpenVPN Version: leanvpn-test\r\nManagement Version: 5\r\nEND\r\n");
	cmd(e, fd, "\n\n   \t \n", "");
	cmd(e, fd, "kill \"unterminated\n", "ERROR: cannot parse command line\r\n");
	cmd(e, fd, "kill \"al\\ice\"\n",
	    "SUCCESS: common name 'alice' found, 1 client(s) killed\r\n");
	cmd(e, fd, "a b c d e f g h i j k l m n o p q\n", "ERROR: cannot parse command line\r\n");
	/* over-long line: an error, and the connection works afterwards */
	memset(big, 'k', sizeof(big));
	big[sizeof(big) - 1] = '\n';
	sendstr(fd, big, sizeof(big));
	assert_string_equal(until(e, fd, "\r\n"), "ERROR: command line too long\r\n");
	/* the longest accepted line: 1023 bytes and the newline (2.6's
	 * 1024-byte command buffer holds both) */
	memset(big, ' ', 1024);
	memcpy(big + 1020, "pid\n", 4);
	sendstr(fd, big, 1024);
	assert_true(!strncmp(until(e, fd, "\r\n"), "SUCCESS: pid=", 13));
	memset(big, ' ', 1025);
	memcpy(big + 1021, "pid\n", 4);
	sendstr(fd, big, 1025);
	assert_string_equal(until(e, fd, "\r\n"), "ERROR: command line too long\r\n");
	cmd(e, fd, "nclients\n", "SUCCESS: nclients=1\r\n");
	/* a command split across writes */
	sendstr(fd, "nclie", 5);
	until(e, fd, "never");
	cmd(e, fd, "nts\n", "SUCCESS: nclients=1\r\n");
	close(fd);
	env_free(e);
}

static void test_many_clients(void **state)
{
	struct env *e = env_new(NULL, 0);
	int fd[LVPN_MGMT_MAX_CONNS + 1];

	(void)state;
	for (int i = 0; i < LVPN_MGMT_MAX_CONNS; i++) {
		fd[i] = dial(e);
		assert_string_equal(until(e, fd[i], "\r\n"), GREETING);
	}
	fd[LVPN_MGMT_MAX_CONNS] = dial(e);
	assert_string_equal(until(e, fd[LVPN_MGMT_MAX_CONNS], "\r\n"),
	                    "ERROR: too many management connections\r\n");
	close(fd[LVPN_MGMT_MAX_CONNS]);
	/* interleaved: every client gets its own answer */
	sendstr(fd[0], "nclients\n", 9);
	sendstr(fd[2], "pid\n", 4);
	sendstr(fd[1], "hold\n", 5);
	assert_string_equal(until(e, fd[1], "\r\n"), "SUCCESS: hold=0\r\n");
	assert_string_equal(until(e, fd[0], "\r\n"), "SUCCESS: nclients=1\r\n");
	assert_true(!strncmp(until(e, fd[2], "\r\n"), "SUCCESS: pid=", 13));
	lvpn_mgmt_notify(e->m, ">CLIENT:ESTABLISHED,3");
	for (int i = 0; i < LVPN_MGMT_MAX_CONNS; i++)
		assert_string_equal(until(e, fd[i], "\r\n"), ">CLIENT:ESTABLISHED,3\r\n");
	/* a client that vanishes does not disturb the others */
	close(fd[1]);
	cmd(e, fd[3], "nclients\n", "SUCCESS: nclients=1\r\n");
	assert_int_equal(lvpn_mgmt_nconns(e->m), LVPN_MGMT_MAX_CONNS - 1);
	fd[1] = dial(e);
	assert_string_equal(until(e, fd[1], "\r\n"), GREETING);
	for (int i = 0; i < LVPN_MGMT_MAX_CONNS; i++)
		close(fd[i]);
	env_free(e);
}

static void test_password_and_hold(void **state)
{
	struct env *e = env_new("s3cret", 1);
	int fd = dial(e);

	(void)state;
	assert_string_equal(until(e, fd, ":"), "ENTER PASSWORD:");
	cmd(e, fd, "version\n", "ERROR: bad password\r\nENTER PASSWORD:");
	assert_int_equal(lvpn_mgmt_held(e->m), 1);
	lvpn_mgmt_notify(e->m, ">CLIENT:not for you"); /* not sent before login */
	cmd(e, fd, "s3cret\n",
	    "SUCCESS: password is correct\r\n" GREETING ">HOLD:Waiting for hold release:0\r\n");
	cmd(e, fd, "hold release\n", "SUCCESS: hold release succeeded\r\n");
	assert_int_equal(lvpn_mgmt_held(e->m), 0);
	close(fd);
	/* three wrong passwords close the connection */
	fd = dial(e);
	until(e, fd, ":");
	cmd(e, fd, "s3cre\n", "ERROR: bad password\r\nENTER PASSWORD:");
	cmd(e, fd, "s3cret!\n", "ERROR: bad password\r\nENTER PASSWORD:");
	cmd(e, fd, "\n", "ERROR: bad password\r\n");
	assert_int_equal(recv(fd, (char[8]){0}, 8, 0), 0);
	close(fd);
	env_free(e);
}

/* Even with a umask of 0 the socket file is 0660 from its creation. */
static void test_unix_mode(void **state)
{
	mode_t old = umask(0);
	struct env *e;

	(void)state;
	bound_mode = 0;
	e = env_new(NULL, 0);
	umask(old);
	assert_int_equal(bound_mode, 0660);
	env_free(e);
}

static void test_tcp(void **state)
{
	struct lvpn_mgmt *m;
	struct lvpn_mgmt_cfg cfg = {0};

	(void)state;
	cfg.tcp_addr = "127.0.0.1";
	cfg.tcp_port = 0;
	assert_int_equal(lvpn_mgmt_new(&cfg, &ops, NULL, &m), -EINVAL);
	cfg.tcp_addr = "localhost"; /* literals only */
	cfg.tcp_port = 7505;
	assert_int_equal(lvpn_mgmt_new(&cfg, &ops, NULL, &m), -EINVAL);
	cfg.unix_path = "/nonexistent-dir/x.sock";
	assert_true(lvpn_mgmt_new(&cfg, &ops, NULL, &m) < 0);
}

/* management 127.0.0.1 PORT: the same protocol over loopback TCP */
static void test_tcp_loopback(void **state)
{
	struct lvpn_mgmt_cfg cfg = {0};
	struct sockaddr_in sa = {.sin_family = AF_INET};
	struct env e = {0};
	int fd, rc = -1, port = 0;

	(void)state;
	cfg.tcp_addr = "127.0.0.1";
	cfg.title = "leanvpn-test";
	cfg.ctx = &e.f;
	for (int i = 0; i < 50 && rc; i++) {
		port = 20000 + (int)((getpid() * 7 + i * 131) % 40000);
		cfg.tcp_port = port;
		rc = lvpn_mgmt_new(&cfg, &ops, NULL, &e.m);
	}
	assert_int_equal(rc, 0);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(0x7f000001);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	sendstr(fd, "status 2\n", 9);
	assert_non_null(strstr(until(&e, fd, "END\r\n"), GREETING "TITLE,leanvpn-test\r\n"));
	cmd(&e, fd, "kill alice\n", "SUCCESS: common name 'alice' found, 1 client(s) killed\r\n");
	close(fd);
	lvpn_mgmt_free(e.m);
}

/* The client's questions: >PASSWORD queries answered with OpenVPN's
 * quoting (NetworkManager-openvpn escapes blank, '\\' and '"' with '\\'),
 * wrong types, a late login that gets the query after the greeting, the
 * static challenge, needok, and a hold at restart. */
static void test_queries(void **state)
{
	struct env *e = env_new(NULL, 0);
	char user[LVPN_MGMT_ANSWER_MAX], pass[LVPN_MGMT_ANSWER_MAX];
	int fd;

	(void)state;
	assert_int_equal(lvpn_mgmt_ask(e->m, LVPN_MGMT_ASK_USERPASS, "Auth", NULL), 0);
	assert_int_equal(lvpn_mgmt_ask(e->m, LVPN_MGMT_ASK_PASS, "Auth", NULL), -EINVAL);
	fd = dial(e);
	assert_string_equal(until(e, fd, "password\r\n"),
	                    GREETING ">PASSWORD:Need 'Auth' username/password\r\n");
	cmd(e, fd, "needok Auth ok\n", "ERROR: no needok-confirmation is currently needed at this time\r\n");
	cmd(e, fd, "username \"Private Key\" x\n",
	    "ERROR: username of type 'Private Key' entered, but we need one of type 'Auth'\r\n");
	cmd(e, fd, "password \"Auth\"\n", "ERROR: the 'password' command requires 2 parameters\r\n");
	cmd(e, fd, "username \"Auth\" \"j\\\\ doe\\\"\"\n",
	    "SUCCESS: 'Auth' username entered, but not yet verified\r\n");
	assert_int_equal(lvpn_mgmt_answered(e->m), 0);
	cmd(e, fd, "password \"Auth\" \"p\\ w\\\\x\\\"y\"\n",
	    "SUCCESS: 'Auth' password entered, but not yet verified\r\n");
	assert_int_equal(lvpn_mgmt_answered(e->m), 1);
	assert_int_equal(lvpn_mgmt_answer(e->m, user, sizeof(user), pass, sizeof(pass)), 1);
	assert_string_equal(user, "j\\ doe\"");
	assert_string_equal(pass, "p w\\x\"y");
	assert_int_equal(lvpn_mgmt_answer(e->m, user, sizeof(user), pass, sizeof(pass)), 0);
	cmd(e, fd, "password Auth x\n", "ERROR: no password is currently needed at this time\r\n");
	/* static challenge; a blank password is an answer */
	assert_int_equal(lvpn_mgmt_ask(e->m, LVPN_MGMT_ASK_USERPASS, "Auth", "SC:1,Your PIN"), 0);
	assert_string_equal(until(e, fd, "PIN\r\n"),
	                    ">PASSWORD:Need 'Auth' username/password SC:1,Your PIN\r\n");
	cmd(e, fd, "password Auth \"\"\n", "SUCCESS: 'Auth' password entered, but not yet verified\r\n");
	assert_int_equal(lvpn_mgmt_answered(e->m), 0); /* no username yet */
	cmd(e, fd, "username Auth u\n", "SUCCESS: 'Auth' username entered, but not yet verified\r\n");
	assert_int_equal(lvpn_mgmt_answer(e->m, user, sizeof(user), pass, sizeof(pass)), 1);
	assert_string_equal(pass, "");
	/* private key pass phrase; then cancelled: nothing left to answer */
	assert_int_equal(lvpn_mgmt_ask(e->m, LVPN_MGMT_ASK_PASS, "Private Key", NULL), 0);
	assert_string_equal(until(e, fd, "\r\n"), ">PASSWORD:Need 'Private Key' password\r\n");
	cmd(e, fd, "username \"Private Key\" x\n",
	    "ERROR: no username is currently needed at this time\r\n");
	lvpn_mgmt_ask_end(e->m);
	cmd(e, fd, "password \"Private Key\" x\n",
	    "ERROR: no password is currently needed at this time\r\n");
	assert_int_equal(lvpn_mgmt_ask(e->m, LVPN_MGMT_ASK_NEEDOK, "token", "Insert it"), 0);
	assert_string_equal(until(e, fd, "\r\n"),
	                    ">NEED-OK:Need 'token' confirmation MSG:Insert it\r\n");
	cmd(e, fd, "needok token cancel\n",
	    "SUCCESS: 'token' needok-confirmation entered, but not yet verified\r\n");
	assert_int_equal(lvpn_mgmt_answer(e->m, NULL, 0, pass, sizeof(pass)), 1);
	assert_string_equal(pass, "cancel");
	/* a hold at restart: signals that restart are ignored meanwhile */
	assert_int_equal(lvpn_mgmt_hold(e->m, 5), 0); /* flag off */
	cmd(e, fd, "hold on\n", "SUCCESS: hold flag set to ON\r\n");
	assert_int_equal(lvpn_mgmt_hold(e->m, 5), 1);
	assert_string_equal(until(e, fd, "\r\n"), ">HOLD:Waiting for hold release:5\r\n");
	cmd(e, fd, "signal SIGUSR1\n",
	    "ERROR: signal 'SIGUSR1' is currently ignored\r\n>HOLD:Waiting for hold release:5\r\n");
	assert_int_equal(lvpn_mgmt_held(e->m), 1);
	cmd(e, fd, "hold release\n", "SUCCESS: hold release succeeded\r\n");
	assert_int_equal(lvpn_mgmt_held(e->m), 0);
	cmd(e, fd, "signal SIGUSR1\n", "SUCCESS: signal SIGUSR1 thrown\r\n");
	close(fd);
	env_free(e);
}

/* verb, mute, echo, version N, >BYTECOUNT at each connection's interval */
static void test_client_cmds(void **state)
{
	struct env *e = env_new(NULL, 0);
	struct lvpn_log lg;
	int fd;

	(void)state;
	lvpn_log_init(&lg, 3, NULL, NULL);
	lvpn_mgmt_free(e->m);
	{
		struct lvpn_mgmt_cfg cfg = {.unix_path = e->path, .title = "t", .ctx = &e->f};

		assert_int_equal(lvpn_mgmt_new(&cfg, &ops, &lg, &e->m), 0);
	}
	fd = dial(e);
	until(e, fd, "\r\n");
	cmd(e, fd, "verb\n", "SUCCESS: verb=3\r\n");
	cmd(e, fd, "verb 5\n", "SUCCESS: verb level changed\r\n");
	assert_int_equal(lg.verb, 5);
	cmd(e, fd, "verb 99\n", "ERROR: verb level is out of range\r\n");
	cmd(e, fd, "mute 20\n", "SUCCESS: mute level changed\r\n");
	cmd(e, fd, "mute\n", "SUCCESS: mute=20\r\n");
	/* version N itself says nothing, as 2.6 */
	cmd_end(e, fd, "version 4\npid\n", "SUCCESS: pid=", "\r\n");
	lvpn_mgmt_echo(e->m, 7, "forget-passwords");
	cmd(e, fd, "echo all\n", "7,forget-passwords\r\nEND\r\n");
	cmd(e, fd, "echo on\n", "SUCCESS: real-time echo notification set to ON\r\n");
	lvpn_mgmt_echo(e->m, 8, "x");
	assert_string_equal(until(e, fd, "\r\n"), ">ECHO:8,x\r\n");
	cmd(e, fd, "forget-passwords\n",
	    "ERROR: The 'forget-passwords' command is not supported by the current daemon "
	    "mode\r\n");
	lvpn_mgmt_bytecount(e->m, 100, 1, 2); /* off: nothing */
	cmd(e, fd, "bytecount 2\n", "SUCCESS: bytecount interval changed\r\n");
	lvpn_mgmt_bytecount(e->m, 100, 1, 2);
	lvpn_mgmt_bytecount(e->m, 101, 3, 4); /* not due */
	lvpn_mgmt_bytecount(e->m, 102, 5, 6);
	assert_string_equal(until(e, fd, ">BYTECOUNT:5,6\r\n"),
	                    ">BYTECOUNT:1,2\r\n>BYTECOUNT:5,6\r\n");
	close(fd);
	env_free(e);
}

/* --management-client-user: a peer running as another uid is refused */
static void test_peer_cred(void **state)
{
	struct env *e = env_new(NULL, 0);
	struct lvpn_mgmt_cfg cfg = {.title = "t", .ctx = &e->f, .peer_uid_set = 1};
	int fd;

	(void)state;
	lvpn_mgmt_free(e->m);
	cfg.unix_path = e->path;
	cfg.peer_uid = (unsigned)getuid() + 1;
	assert_int_equal(lvpn_mgmt_new(&cfg, &ops, NULL, &e->m), 0);
	fd = dial(e);
	assert_string_equal(until(e, fd, "\r\n"), ""); /* closed at once */
	assert_int_equal(lvpn_mgmt_nconns(e->m), 0);
	close(fd);
	lvpn_mgmt_free(e->m);
	cfg.peer_uid = (unsigned)getuid();
	cfg.peer_gid_set = 1;
	cfg.peer_gid = (unsigned)getgid();
	assert_int_equal(lvpn_mgmt_new(&cfg, &ops, NULL, &e->m), 0);
	fd = dial(e);
	assert_string_equal(until(e, fd, "\r\n"), GREETING);
	close(fd);
	env_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_commands),     cmocka_unit_test(test_state_log),
	    cmocka_unit_test(test_vpn_daemon),   cmocka_unit_test(test_garbage_and_long),
	    cmocka_unit_test(test_many_clients), cmocka_unit_test(test_password_and_hold),
	    cmocka_unit_test(test_tcp),          cmocka_unit_test(test_tcp_loopback),
	    cmocka_unit_test(test_unix_mode),
	    cmocka_unit_test(test_queries),      cmocka_unit_test(test_client_cmds),
	    cmocka_unit_test(test_peer_cred),
	};
	setenv("TZ", "UTC", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
