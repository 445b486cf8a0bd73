/* SPDX-License-Identifier: BSD-2-Clause */
/* src/mgmt's signals as OpenVPN 2.6's manage.c throws them: `signal
 * SIGUSR1` under --remap-usr1 (man_mod_signal), and what a closed
 * connection does under --management-signal (a SIGUSR1, remapped too,
 * ignored while holding) and --management-forget-disconnect (the
 * passwords forgotten); the >REMOTE and >PROXY queries and the `remote`
 * and `proxy` commands; over a real unix socket. */
#include "tests/unit/testutil.h"

#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "src/mgmt.h"

static char thrown[8][16];
static int nthrown, forgot;

static int on_signal(void *ctx, const char *name)
{
	(void)ctx;
	if (nthrown < 8)
		snprintf(thrown[nthrown++], sizeof(thrown[0]), "%s", name);
	return 0;
}

static void on_forget(void *ctx)
{
	(void)ctx;
	forgot++;
}

static const struct lvpn_mgmt_ops ops = {.signal = on_signal, .forget_passwords = on_forget};

static char dir[64], sock[96];
static struct lvpn_mgmt *m;

static int remote_cmd;

static void start(int remap, int sig_close, int forget, int hold)
{
	struct lvpn_mgmt_cfg cfg = {.unix_path = sock,
	                            .remote_cmd = remote_cmd,
	                            .title = "t",
	                            .hold = hold,
	                            .remap_usr1 = remap,
	                            .signal_on_close = sig_close,
	                            .forget_on_close = forget};

	strcpy(dir, "/tmp/lvpn-msig-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(sock, sizeof(sock), "%s/m.sock", dir);
	assert_int_equal(lvpn_mgmt_new(&cfg, &ops, NULL, &m), 0);
	nthrown = forgot = 0;
}

static void stop(void)
{
	lvpn_mgmt_free(m);
	m = NULL;
	assert_int_equal(rmdir(dir), 0);
}

/* a few rounds of the interface (at most 50 x 10 ms) */
static void turn(int rounds)
{
	for (int i = 0; i < rounds && i < 50; i++) {
		struct pollfd p = {lvpn_mgmt_fd(m), POLLIN, 0};

		poll(&p, 1, 10);
		assert_int_equal(lvpn_mgmt_handle(m), 0);
	}
}

static int dial(void)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memcpy(sa.sun_path, sock, strlen(sock) + 1);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	turn(5);
	return fd;
}

/* sends line, returns the last line that came back */
static const char *ask(int fd, const char *line)
{
	static char got[4096];
	ssize_t n, have = 0;

	while (recv(fd, got, sizeof(got), MSG_DONTWAIT) > 0)
		; /* greeting, >HOLD */
	assert_int_equal(send(fd, line, strlen(line), MSG_NOSIGNAL), (ssize_t)strlen(line));
	for (int i = 0; i < 50 && (have == 0 || got[have - 1] != '\n'); i++) {
		turn(1);
		n = recv(fd, got + have, sizeof(got) - 1 - (size_t)have, MSG_DONTWAIT);
		if (n > 0)
			have += n;
	}
	got[have] = 0;
	return got;
}

static void signal_command_remapped(void **state)
{
	int fd;

	(void)state;
	start(SIGTERM, 0, 0, 0);
	fd = dial();
	assert_string_equal(ask(fd, "signal SIGUSR1\n"), "SUCCESS: signal SIGTERM thrown\r\n");
	assert_string_equal(ask(fd, "signal SIGUSR2\n"), "SUCCESS: signal SIGUSR2 thrown\r\n");
	assert_int_equal(nthrown, 2);
	assert_string_equal(thrown[0], "SIGTERM");
	close(fd);
	turn(5);
	assert_int_equal(nthrown, 2); /* no management-signal */
	assert_int_equal(forgot, 0);
	stop();

	start(SIGHUP, 0, 0, 0);
	fd = dial();
	assert_string_equal(ask(fd, "signal SIGUSR1\n"), "SUCCESS: signal SIGHUP thrown\r\n");
	close(fd);
	stop();

	/* holding: SIGUSR1 remapped to SIGTERM is thrown, to SIGHUP ignored */
	start(SIGTERM, 0, 0, 1);
	fd = dial();
	assert_string_equal(ask(fd, "signal SIGUSR1\n"), "SUCCESS: signal SIGTERM thrown\r\n");
	close(fd);
	stop();
	start(SIGHUP, 0, 0, 1);
	fd = dial();
	assert_non_null(strstr(ask(fd, "signal SIGUSR1\n"), "currently ignored"));
	assert_int_equal(nthrown, 0);
	close(fd);
	stop();
}

static void closed_connection(void **state)
{
	int fd;

	(void)state;
	start(0, 1, 0, 0);
	fd = dial();
	close(fd);
	turn(5);
	assert_int_equal(nthrown, 1);
	assert_string_equal(thrown[0], "SIGUSR1");
	assert_int_equal(forgot, 0);
	/* `quit` closes it too */
	fd = dial();
	ask(fd, "quit\n");
	turn(5);
	close(fd);
	turn(5);
	assert_int_equal(nthrown, 2);
	stop();

	start(SIGTERM, 1, 1, 0);
	fd = dial();
	close(fd);
	turn(5);
	assert_int_equal(nthrown, 1);
	assert_string_equal(thrown[0], "SIGTERM");
	assert_int_equal(forgot, 1);
	stop();

	/* holding: the SIGUSR1 is ignored; the passwords still go */
	start(0, 1, 1, 1);
	fd = dial();
	close(fd);
	turn(5);
	assert_int_equal(nthrown, 0);
	assert_int_equal(forgot, 1);
	stop();
	assert_int_equal(nthrown, 0); /* none when the interface itself closes */
}

static void remote_query(void **state)
{
	const char *h = NULL, *p = NULL;
	int fd, fd2, skip = 0;
	char got[1024];
	ssize_t n;

	(void)state;
	start(0, 0, 0, 0); /* a server: no `remote` */
	fd = dial();
	assert_string_equal(
	    ask(fd, "remote ACCEPT\n"),
	    "ERROR: The 'remote' command is not supported by the current daemon mode\r\n");
	close(fd);
	stop();

	remote_cmd = 1;
	start(0, 0, 0, 0);
	fd = dial();
	assert_string_equal(ask(fd, "remote ACCEPT\n"), "ERROR: remote command failed\r\n");
	assert_int_equal(lvpn_mgmt_remote_ask(m, "vpn.example", "1194", "udp"), 0);
	assert_int_equal(lvpn_mgmt_remote_answer(m, &skip, &h, &p), LVPN_MGMT_REMOTE_WAIT);
	/* a connection opened now gets the query after the greeting */
	fd2 = dial();
	turn(3);
	n = recv(fd2, got, sizeof(got) - 1, MSG_DONTWAIT);
	assert_true(n > 0);
	got[n] = 0;
	assert_non_null(strstr(got, ">REMOTE:vpn.example,1194,udp\r\n"));
	close(fd2);
	turn(3);
	assert_string_equal(ask(fd, "remote MOD other\n"), "ERROR: remote command failed\r\n");
	assert_string_equal(ask(fd, "remote BOGUS\n"), "ERROR: remote command failed\r\n");
	assert_string_equal(ask(fd, "remote\n"),
	                    "ERROR: the 'remote' command requires at least 1 parameter\r\n");
	assert_string_equal(ask(fd, "remote MOD other.example 443\n"),
	                    "SUCCESS: remote command succeeded\r\n");
	assert_int_equal(lvpn_mgmt_remote_answer(m, &skip, &h, &p), LVPN_MGMT_REMOTE_MOD);
	assert_string_equal(h, "other.example");
	assert_string_equal(p, "443");
	/* answered once */
	assert_string_equal(ask(fd, "remote ACCEPT\n"), "ERROR: remote command failed\r\n");
	lvpn_mgmt_remote_end(m);
	assert_int_equal(lvpn_mgmt_remote_ask(m, "a", "1", "tcp-client"), 0);
	assert_string_equal(ask(fd, "remote SKIP 3\n"), "SUCCESS: remote command succeeded\r\n");
	assert_int_equal(lvpn_mgmt_remote_answer(m, &skip, &h, &p), LVPN_MGMT_REMOTE_SKIP);
	assert_int_equal(skip, 3);
	lvpn_mgmt_remote_end(m);
	assert_int_equal(lvpn_mgmt_remote_ask(m, "a", "1", "udp"), 0);
	assert_string_equal(ask(fd, "remote SKIP\n"), "SUCCESS: remote command succeeded\r\n");
	assert_int_equal(lvpn_mgmt_remote_answer(m, &skip, &h, &p), LVPN_MGMT_REMOTE_SKIP);
	assert_int_equal(skip, 1);
	lvpn_mgmt_remote_end(m);
	assert_int_equal(lvpn_mgmt_remote_ask(m, "a", "1", "udp"), 0);
	assert_string_equal(ask(fd, "remote ACCEPT\n"), "SUCCESS: remote command succeeded\r\n");
	assert_int_equal(lvpn_mgmt_remote_answer(m, &skip, &h, &p), LVPN_MGMT_REMOTE_ACCEPT);
	lvpn_mgmt_remote_end(m);
	close(fd);
	stop();
	remote_cmd = 0;
}

static void proxy_query(void **state)
{
	const char *h = NULL, *p = NULL;
	int fd, nct = -1;

	(void)state;
	remote_cmd = 1;
	start(0, 0, 0, 0);
	fd = dial();
	/* no query: still parsed, as 2.6 */
	assert_string_equal(ask(fd, "proxy NONE\n"), "SUCCESS: proxy command succeeded\r\n");
	assert_string_equal(ask(fd, "proxy HTTP h\n"), "ERROR: proxy command failed\r\n");
	assert_int_equal(lvpn_mgmt_proxy_ask(m, 2, 0, "vpn.example"), 0);
	assert_int_equal(lvpn_mgmt_proxy_answer(m, &h, &p, &nct), LVPN_MGMT_PROXY_WAIT);
	assert_string_equal(ask(fd, "proxy HTTP proxy.example 3128 nct\n"),
	                    "SUCCESS: proxy command succeeded\r\n");
	assert_int_equal(lvpn_mgmt_proxy_answer(m, &h, &p, &nct), LVPN_MGMT_PROXY_HTTP);
	assert_string_equal(h, "proxy.example");
	assert_string_equal(p, "3128");
	assert_int_equal(nct, 1);
	lvpn_mgmt_proxy_end(m);
	/* HTTP for a UDP entry: refused, the entry stays as configured */
	assert_int_equal(lvpn_mgmt_proxy_ask(m, 1, 1, "vpn.example"), 0);
	assert_string_equal(ask(fd, "proxy HTTP proxy.example 3128\n"),
	                    "ERROR: proxy command failed\r\n");
	assert_int_equal(lvpn_mgmt_proxy_answer(m, &h, &p, &nct), LVPN_MGMT_PROXY_NONE);
	lvpn_mgmt_proxy_end(m);
	assert_int_equal(lvpn_mgmt_proxy_ask(m, 1, 1, "vpn.example"), 0);
	assert_string_equal(ask(fd, "proxy SOCKS s.example 1080\n"),
	                    "SUCCESS: proxy command succeeded\r\n");
	assert_int_equal(lvpn_mgmt_proxy_answer(m, &h, &p, &nct), LVPN_MGMT_PROXY_SOCKS);
	assert_string_equal(h, "s.example");
	lvpn_mgmt_proxy_end(m);
	close(fd);
	stop();
	remote_cmd = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(signal_command_remapped),
	    cmocka_unit_test(closed_connection),
	    cmocka_unit_test(remote_query),
	    cmocka_unit_test(proxy_query),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
