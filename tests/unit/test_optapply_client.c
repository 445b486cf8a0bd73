/* SPDX-License-Identifier: BSD-2-Clause */
/* Tests for the values of client options leanvpn applies as OpenVPN 2.6
 * does (options.c add_option and the functions it hands values to), read
 * through the whole parser: mtu-disc; and the warning a server gives for
 * those only the client applies. */
#include "tests/unit/testutil.h"
#include "tests/unit/test_config_memfs.h"

#include "proto/kem2.h"
#include "src/logsink.h"

static struct lvpn_options o;
static char msg[1200];

#define PEM "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"

static const char *head = "client\nremote vpn.example 1194\n<ca>\n" PEM "</ca>\n"
                          "<cert>\n" PEM "</cert>\n<key>\n" PEM "</key>\n";

/* head + body as a.conf through parse and finish */
static int run(const char *body)
{
	static char text[4096];
	struct memfile files[2] = {{"a.conf", text}};
	const char *argv[] = {"leanvpn", "--dev", "tun", "--config", "a.conf", NULL};

	snprintf(text, sizeof(text), "%s%s", head, body);
	return memfs_run(&o, files, argv, 1, msg, sizeof(msg));
}

static void ok(const char *body)
{
	if (run(body) != 0)
		fail_msg("unexpected error: %s", msg);
}

static void expect_err(const char *body, const char *expected)
{
	assert_int_equal(run(body), LVPN_ERR_CONFIG);
	assert_string_equal(msg, expected);
	lvpn_options_free(&o);
}

/* 2.6 mtu.c translate_mtu_discover_type_name: yes, maybe, no, anything
 * else stops; per connection entry (OPT_P_CONNECTION) */
static void mtu_disc_values(void **state)
{
	(void)state;
	ok("");
	assert_int_equal(o.conns[0].mtu_disc, 0);
	lvpn_options_free(&o);
	ok("mtu-disc yes\n");
	assert_int_equal(o.conns[0].mtu_disc, LVPN_MTUDISC_YES);
	lvpn_options_free(&o);
	ok("mtu-disc maybe\n");
	assert_int_equal(o.conns[0].mtu_disc, LVPN_MTUDISC_MAYBE);
	lvpn_options_free(&o);
	ok("mtu-disc no\n<connection>\nremote b.example\nmtu-disc yes\n</connection>\n"
	   "<connection>\nremote c.example\n</connection>\n");
	assert_int_equal(o.nconns, 2);
	assert_int_equal(o.conns[0].mtu_disc, LVPN_MTUDISC_YES);
	assert_int_equal(o.conns[1].mtu_disc, LVPN_MTUDISC_NO);
	lvpn_options_free(&o);
	expect_err("mtu-disc sometimes\n", "leanvpn: a.conf:18: option 'mtu-disc': 'sometimes' is "
	                                   "not one of 'no', 'maybe', 'yes'");
}

struct warnings {
	int n;
	char last[LVPN_LOG_LINE_MAX];
};

static void capture(void *ctx, int level, const char *line)
{
	struct warnings *w = ctx;

	(void)level;
	w->n++;
	snprintf(w->last, sizeof(w->last), "%s", line);
}

/* text parsed and finished with the warnings counted */
static int warned(const char *text, struct warnings *w)
{
	struct lvpn_config_err err;
	struct lvpn_log lg;
	int rc;

	memset(w, 0, sizeof(*w));
	lvpn_log_init(&lg, LVPN_LOG_WARN, capture, w);
	assert_int_equal(lvpn_options_init(&o, NULL, &lg), 0);
	rc =
	    lvpn_config_parse_text(&o, text, strlen(text), "s.conf", 0, LVPN_WHERE_CONFIG, 1, &err);
	if (rc == 0)
		rc = lvpn_options_finish(&o, &err);
	lvpn_options_free(&o);
	return rc;
}

/* what only the client applies is not silently dropped by a server */
static void client_only_options_warned_on_a_server(void **state)
{
	static const char srv[] = "server 10.8.0.0 255.255.255.0\ndev tun\ndh none\n<ca>\n" PEM
	                          "</ca>\n<cert>\n" PEM "</cert>\n<key>\n" PEM "</key>\n";
	static const char *const opts[] = {
	    "session-timeout 60\n",   "txqueuelen 500\n",   "bind-dev eth0\n",
	    "mtu-disc yes\n",         "setenv-safe A b\n",  "push-peer-info\n",
	    "auth-token-user Ym9i\n", "persist-local-ip\n", "persist-remote-ip\n"};
	char text[1024];
	struct warnings w;

	(void)state;
	assert_int_equal(warned(srv, &w), 0);
	assert_int_equal(w.n, 0);
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		snprintf(text, sizeof(text), "%s%s", srv, opts[i]);
		assert_int_equal(warned(text, &w), 0);
		assert_int_equal(w.n, 1);
		assert_non_null(strstr(w.last, "ignored: applied by the leanvpn client only"));
		assert_non_null(strstr(w.last, "s.conf:19:"));
	}
}

/* options leanvpn applies need no warning in a client's configuration
 * (up-delay and errors-to-stderr: leanvpn's only behaviour is theirs, see
 * tests/opt_applied.allow) */
static void applied_without_warning(void **state)
{
	static const char cli[] = "client\ndev tun\nremote vpn.example\n<ca>\n" PEM "</ca>\n"
	                          "<cert>\n" PEM "</cert>\n<key>\n" PEM "</key>\n";
	static const char *const opts[] = {
	    "nice 5\n",
	    "mlock\n",
	    "txqueuelen 500\n",
	    "bind-dev eth0\n",
	    "mtu-disc yes\n",
	    "tls-exit\n",
	    "session-timeout 60\n",
	    "up-delay\n",
	    "errors-to-stderr\n",
	    "setenv-safe A b\n",
	    "remote-random-hostname\n",
	    "persist-remote-ip\n",
	    "persist-local-ip\n",
	    "push-peer-info\n",
	    "echo secret\n",
	    "allow-recursive-routing\n",
	    "machine-readable-output\n",
	    "auth-token-user Ym9i\n",
	};
	char text[1024];
	struct warnings w;

	(void)state;
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		snprintf(text, sizeof(text), "%s%s", cli, opts[i]);
		assert_int_equal(warned(text, &w), 0);
		if (w.n != 0)
			fail_msg("%s", w.last);
	}
}

/* push-peer-info's lines go after the compression ones and before
 * IV_GUI_VER (2.6 ssl.c push_peer_info); what is not NAME=value lines of
 * printable characters is refused, never sent */
static void peer_info_extra_lines(void **state)
{
	struct lvpn_peer_info_conf c = {.version = "2.6.14",
	                                .platform = "linux",
	                                .mtu = 1600,
	                                .ciphers = "AES-256-GCM",
	                                .comp = LVPN_PI_COMP_STUBS,
	                                .gui_ver = "leanvpn_1",
	                                .extra = "IV_SSL=OpenSSL 3\nUV_A=b c\n"};
	static const char *const bad[] = {"IV_SSL=x",   "IV_SSL=x\nUV\n", "=x\n",
	                                  "UV_A=\tb\n", "UV_A=\x80\n",    "\n"};
	char out[1024];

	(void)state;
	assert_int_equal(lvpn_peer_info_build(&c, out, sizeof(out)), 0);
	assert_non_null(
	    strstr(out, "IV_COMP_STUBv2=1\nIV_SSL=OpenSSL 3\nUV_A=b c\nIV_GUI_VER=leanvpn_1\n"));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		c.extra = bad[i];
		if (lvpn_peer_info_build(&c, out, sizeof(out)) != LVPN_ERR_INVAL)
			fail_msg("extra lines '%s' taken", bad[i]);
	}
	c.extra = "";
	assert_int_equal(lvpn_peer_info_build(&c, out, sizeof(out)), 0);
}

/* 2.6 options.c: only an echo starting with "msg" is logged, its
 * arguments joined with single spaces */
static void echo_logged(void **state)
{
	static const char cli[] = "client\ndev tun\nremote vpn.example\n<ca>\n" PEM "</ca>\n"
	                          "<cert>\n" PEM "</cert>\n<key>\n" PEM "</key>\n";
	char text[1024], *pushed[] = {"echo", "msgX", "a  b"};
	struct warnings w = {0};
	struct lvpn_log lg;

	(void)state;
	snprintf(text, sizeof(text), "%s%s", cli, "echo msg   hello  \"big world\"\necho x y\n");
	assert_int_equal(warned(text, &w), 0);
	assert_int_equal(w.n, 1);
	assert_string_equal(w.last, "ECHO:msg hello big world");
	lvpn_log_init(&lg, LVPN_LOG_WARN, capture, &w);
	lvpn_opt_echo(&lg, 3, pushed, 1);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.last, "ECHO-PULL:msgX a  b");
	pushed[1] = "ms";
	lvpn_opt_echo(&lg, 3, pushed, 1);
	assert_int_equal(w.n, 2);
}

/* 2.6 error.c with machine_readable_output: "%lld.%06ld %x %s" */
static void machine_readable_lines(void **state)
{
	struct timespec ts = {1706706309, 123456789};
	char out[64];

	(void)state;
	assert_int_equal(lvpn_logsink_format_machine(out, sizeof(out), &ts, LVPN_LOG_INFO, "up"),
	                 23);
	assert_string_equal(out, "1706706309.123456 3 up\n");
	lvpn_logsink_format_machine(out, sizeof(out), &ts, LVPN_LOG_FATAL, "stop");
	assert_string_equal(out, "1706706309.123456 11 stop\n");
	ts.tv_nsec = 999;
	assert_int_equal(lvpn_logsink_format_machine(out, 12, &ts, LVPN_LOG_WARN, "cut"), 11);
	assert_string_equal(out, "1706706309.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(mtu_disc_values),
	    cmocka_unit_test(client_only_options_warned_on_a_server),
	    cmocka_unit_test(applied_without_warning),
	    cmocka_unit_test(peer_info_extra_lines),
	    cmocka_unit_test(echo_logged),
	    cmocka_unit_test(machine_readable_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
