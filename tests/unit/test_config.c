/* SPDX-License-Identifier: BSD-2-Clause */
/* Tests for proto/config/config.c: inline blocks, includes, <connection> blocks,
 * the command line and the parser's error messages (the tokenizer itself:
 * test_optlex.c). */
#include "tests/unit/testutil.h"
#include "tests/unit/test_config_memfs.h"

#include "proto/config/opttab.h"

static char msg[1200];
static struct lvpn_options o;

static int run(const struct memfile *files, int finish)
{
	const char *argv[] = {"leanvpn", "--config", "a.conf", NULL};

	return memfs_run(&o, files, argv, finish, msg, sizeof(msg));
}

static void expect_error(const struct memfile *files, const char *expected)
{
	assert_int_equal(run(files, 1), LVPN_ERR_CONFIG);
	assert_string_equal(msg, expected);
	lvpn_options_free(&o);
}

static void bom_and_crlf(void **state)
{
	const struct memfile files[] = {
	    {"a.conf", "\xEF\xBB\xBF"
	               "client\r\nremote vpn.example 443 tcp\r\n"
	               "<ca>\r\n-----BEGIN CERTIFICATE-----\r\nAAAA\r\n</ca>\r\n"},
	    {NULL, NULL},
	};

	assert_int_equal(run(files, 0), 0);
	assert_int_equal(o.client, 1);
	assert_int_equal(o.nremotes, 1);
	assert_string_equal(o.remotes[0].host, "vpn.example");
	assert_string_equal(o.remotes[0].port, "443");
	assert_int_equal(o.ca.is_inline, 1);
	assert_string_equal(o.ca.data, "-----BEGIN CERTIFICATE-----\nAAAA\n");
	lvpn_options_free(&o);
}

/* Each inline block lands in its option, as text. */
static void every_inline_block(void **state)
{
	static const char *const tags[] = {"ca",           "cert",           "key",
	                                   "extra-certs",  "pkcs12",         "dh",
	                                   "crl-verify",   "tls-auth",       "tls-crypt",
	                                   "tls-crypt-v2", "auth-user-pass", "peer-fingerprint"};
	const char *fp = "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:"
	                 "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99";

	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		char text[600];
		const struct lvpn_blob *b;
		struct memfile files[] = {{"a.conf", text}, {NULL, NULL}};
		int fpr = strcmp(tags[i], "peer-fingerprint") == 0;

		snprintf(text, sizeof(text),
		         "verb 3\n  <%s>  \nline one %s\n  line two\n  </%s>\nverb 4\n", tags[i],
		         fpr ? "" : "x", tags[i]);
		if (fpr)
			snprintf(text, sizeof(text), "<%s>\n# comment\n%s\n</%s>\nverb 4\n",
			         tags[i], fp, tags[i]);
		assert_int_equal(run(files, 0), 0);
		b = i == 0    ? &o.ca
		    : i == 1  ? &o.cert
		    : i == 2  ? &o.key
		    : i == 3  ? &o.extra_certs
		    : i == 4  ? &o.pkcs12
		    : i == 5  ? &o.dh
		    : i == 6  ? &o.crl_verify
		    : i == 7  ? &o.ce.tls_auth
		    : i == 8  ? &o.ce.tls_crypt
		    : i == 9  ? &o.ce.tls_crypt_v2
		    : i == 10 ? &o.auth_user_pass
		              : &o.peer_fingerprint;
		assert_non_null(b->data);
		assert_int_equal(b->is_inline, 1);
		if (!fpr)
			assert_string_equal(b->data, "line one x\n  line two\n");
		assert_int_equal(b->loc.line, fpr ? 1 : 2);
		assert_int_equal(o.verb, 4); /* parsing continued after the block */
		lvpn_options_free(&o);
	}
}

static void inline_errors(void **state)
{
	const struct memfile unterminated[] = {{"a.conf", "verb 3\n<ca>\nAAAA\n"}, {NULL, NULL}};
	const struct memfile nested[] = {{"a.conf", "<ca>\nAAAA\n<cert>\nB\n</cert>\n</ca>\n"},
	                                 {NULL, NULL}};
	const struct memfile stray[] = {{"a.conf", "verb 3\n</ca>\n"}, {NULL, NULL}};
	const struct memfile notinline[] = {{"a.conf", "<remote>\nx\n</remote>\n"}, {NULL, NULL}};
	const struct memfile secret[] = {{"a.conf", "<secret>\nx\n</secret>\n"}, {NULL, NULL}};
	const struct memfile proxy[] = {{"a.conf", "<http-proxy-user-pass>\n\n"
	                                           "</http-proxy-user-pass>\n"},
	                                {NULL, NULL}};
	const struct memfile empty[] = {{"a.conf", "<ca>\n\n</ca>\n"}, {NULL, NULL}};

	expect_error(
	    unterminated,
	    "leanvpn: a.conf:2: option 'ca': inline block <ca> is not closed (missing </ca>)");
	expect_error(nested, "leanvpn: a.conf:3: option 'ca': inline block <cert> inside <ca> "
	                     "(blocks cannot be nested; is </ca> missing?)");
	expect_error(stray,
	             "leanvpn: a.conf:2: option 'ca': closing tag </ca> without an opening <ca>");
	expect_error(
	    notinline,
	    "leanvpn: a.conf:1: option 'remote': cannot be given as an inline <remote> block");
	/* an inline static key is taken; without 'cipher' the mode cannot run */
	expect_error(secret, "leanvpn: a.conf:1: option 'secret': Cipher BF-CBC not supported (the "
	                     "static-key default, which OpenVPN 2.6 cannot run on OpenSSL 3 "
	                     "either): set 'cipher', e.g. AES-256-CBC");
	expect_error(proxy, "leanvpn: a.conf:1: option 'http-proxy-user-pass': the inline "
	                    "<http-proxy-user-pass> block is empty");
	expect_error(empty, "leanvpn: a.conf:1: option 'ca': the inline <ca> block is empty");
}

static void line_errors(void **state)
{
	char longline[301];
	struct memfile toolong[] = {{"a.conf", longline}, {NULL, NULL}};
	const struct memfile quote[] = {{"a.conf", "verb 3\nup \"/bin/true\n"}, {NULL, NULL}};
	const struct memfile missing[] = {{"a.conf", "remote\n"}, {NULL, NULL}};
	const struct memfile extra[] = {{"a.conf", "verb 3 4\n"}, {NULL, NULL}};
	const struct memfile badint[] = {{"a.conf", "verb three\n"}, {NULL, NULL}};
	const struct memfile range[] = {{"a.conf", "verb 12\n"}, {NULL, NULL}};
	const struct memfile unknown[] = {{"a.conf", "\n\nfrobnicate 1\n"}, {NULL, NULL}};
	const struct memfile typo[] = {{"a.conf", "remote-cert-tsl server\n"}, {NULL, NULL}};

	/* 255 characters including the newline is the most OpenVPN reads */
	memset(longline, 'x', 300);
	memcpy(longline, "verb ", 5);
	longline[255] = '\n';
	longline[256] = '\0';
	expect_error(toolong,
	             "leanvpn: a.conf:1: option 'verb': line too long (at most 255 characters)");
	longline[254] = '\n';
	longline[255] = '\0';
	memcpy(longline, "setenv X ", 9);
	assert_int_equal(run(toolong, 0), 0);
	lvpn_options_free(&o);

	expect_error(quote, "leanvpn: a.conf:2: option 'up': no closing quotation (\")");
	expect_error(missing,
	             "leanvpn: a.conf:1: option 'remote': expects 1 to 3 arguments, got 0");
	expect_error(extra, "leanvpn: a.conf:1: option 'verb': expects 1 argument, got 2");
	expect_error(badint, "leanvpn: a.conf:1: option 'verb': 'three' is not a number");
	expect_error(range, "leanvpn: a.conf:1: option 'verb': 12 is out of range (0 to 11)");
	expect_error(unknown, "leanvpn: a.conf:3: option 'frobnicate': unknown option");
	expect_error(typo, "leanvpn: a.conf:1: option 'remote-cert-tsl': unknown option (did you "
	                   "mean 'remote-cert-tls'?)");
}

static void includes(void **state)
{
	const struct memfile ok[] = {
	    {"a.conf", "verb 2\nconfig b.conf\nmute 5\n"},
	    {"b.conf", "verb 4\n"},
	    {NULL, NULL},
	};
	const struct memfile bad[] = {
	    {"a.conf", "verb 2\nconfig b.conf\n"},
	    {"b.conf", "\nverb 99\n"},
	    {NULL, NULL},
	};
	const struct memfile missing[] = {{"a.conf", "\nconfig nothere.conf\n"}, {NULL, NULL}};
	const struct memfile loop[] = {{"a.conf", "config a.conf\n"}, {NULL, NULL}};
	const struct memfile cd[] = {
	    {"a.conf", "cd /etc/vpn\nconfig b.conf\n"},
	    {"/etc/vpn/b.conf", "verb 5\n"},
	    {NULL, NULL},
	};

	assert_int_equal(run(ok, 0), 0);
	assert_int_equal(o.verb, 4);
	assert_int_equal(o.mute, 5);
	lvpn_options_free(&o);
	expect_error(bad, "leanvpn: b.conf:2: option 'verb': 99 is out of range (0 to 11)");
	expect_error(missing, "leanvpn: a.conf:2: option 'config': cannot read configuration file "
	                      "'nothere.conf': No such file or directory");
	/* the command line's file is level 1, as in OpenVPN: ten levels read */
	expect_error(loop, "leanvpn: a.conf:1: option 'config': too many nested includes (at most "
	                   "10) reading 'a.conf': does a file include itself?");
	assert_int_equal(run(cd, 0), 0);
	assert_int_equal(o.verb, 5);
	lvpn_options_free(&o);
}

static void connection_blocks(void **state)
{
	const struct memfile ok[] = {
	    {"a.conf", "client\nproto tcp\nport 443\n"
	               "<connection>\nremote one.example\n</connection>\n"
	               "<connection>\nremote two.example 1194 udp\nconnect-timeout 5\n"
	               "<tls-auth>\nK\n</tls-auth>\nkey-direction 1\n</connection>\n"},
	    {NULL, NULL},
	};
	const struct memfile noremote[] = {{"a.conf", "<connection>\nport 1\n</connection>\n"},
	                                   {NULL, NULL}};
	const struct memfile notallowed[] = {
	    {"a.conf", "<connection>\nremote x\nca ca.crt\n</connection>\n"}, {NULL, NULL}};
	const struct memfile twice[] = {
	    {"a.conf", "<connection>\nremote x\nremote y\n</connection>\n"}, {NULL, NULL}};
	const struct memfile nested[] = {
	    {"a.conf", "<connection>\n<connection>\nremote x\n</connection>\n</connection>\n"},
	    {NULL, NULL}};

	assert_int_equal(run(ok, 0), 0);
	assert_int_equal(o.nconns, 2);
	assert_string_equal(o.conns[0].remote, "one.example");
	assert_null(o.conns[0].remote_port);
	assert_string_equal(o.conns[0].port, "443");        /* inherited */
	assert_int_equal(o.conns[0].proto, LVPN_PROTO_TCP); /* inherited */
	assert_int_equal(o.conns[0].connect_timeout, 120);
	assert_null(o.conns[0].tls_auth.data);
	assert_string_equal(o.conns[1].remote_port, "1194");
	assert_int_equal(o.conns[1].proto, LVPN_PROTO_UDP);
	assert_int_equal(o.conns[1].connect_timeout, 5);
	assert_string_equal(o.conns[1].tls_auth.data, "K\n");
	assert_int_equal(o.conns[1].key_direction, 1);
	assert_int_equal(o.conns[1].remote_loc.line, 8); /* lines counted through the block */
	assert_int_equal(o.ce.connect_timeout, 120);     /* the block did not leak out */
	lvpn_options_free(&o);
	expect_error(noremote, "leanvpn: a.conf:1: option 'connection': each <connection> block "
	                       "needs exactly one 'remote'");
	expect_error(notallowed,
	             "leanvpn: a.conf:3: option 'ca': not allowed inside a <connection> block");
	expect_error(twice, "leanvpn: a.conf:3: option 'remote': a <connection> block holds only "
	                    "one 'remote'");
	expect_error(nested, "leanvpn: a.conf:2: option 'connection': inline block <connection> "
	                     "inside <connection> (blocks cannot be nested; is </connection> "
	                     "missing?)");
}

static void command_line(void **state)
{
	const struct memfile files[] = {
	    {"a.conf", "verb 2\n"}, {"b.conf", "verb 6\n"}, {NULL, NULL}};
	const char *argv1[] = {"leanvpn", "--config", "a.conf", "--remote", "h", "1",
	                       "tcp",     "--verb",   "5",      "--nobind", NULL};
	const char *argv2[] = {"leanvpn", "b.conf", NULL};
	const char *argv3[] = {"leanvpn", "--verb", "3", "stray", "--", NULL};
	const char *argv4[] = {"leanvpn", "verb", "3", NULL};
	const char *argv5[] = {"leanvpn", "--verb", NULL};
	const char *argv6[] = {"leanvpn", "--iroute", "10.0.0.0", NULL};

	assert_int_equal(memfs_run(&o, files, argv1, 0, msg, sizeof(msg)), 0);
	assert_int_equal(o.verb, 5);
	assert_int_equal(o.nremotes, 1);
	assert_int_equal(o.remotes[0].proto, LVPN_PROTO_TCP);
	assert_int_equal(o.ce.bind, 0);
	lvpn_options_free(&o);
	assert_int_equal(memfs_run(&o, files, argv2, 0, msg, sizeof(msg)), 0);
	assert_int_equal(o.verb, 6);
	lvpn_options_free(&o);
	assert_int_equal(memfs_run(&o, files, argv3, 0, msg, sizeof(msg)), LVPN_ERR_CONFIG);
	assert_string_equal(msg,
	                    "leanvpn: command line: option '--verb': expects 1 argument, got 2");
	lvpn_options_free(&o);
	assert_int_equal(memfs_run(&o, files, argv4, 0, msg, sizeof(msg)), LVPN_ERR_CONFIG);
	assert_string_equal(msg, "leanvpn: command line: option '--verb': expected an option "
	                         "starting with '--' here");
	lvpn_options_free(&o);
	assert_int_equal(memfs_run(&o, files, argv5, 0, msg, sizeof(msg)), LVPN_ERR_CONFIG);
	assert_string_equal(msg,
	                    "leanvpn: command line: option '--verb': expects 1 argument, got 0");
	lvpn_options_free(&o);
	assert_int_equal(memfs_run(&o, files, argv6, 0, msg, sizeof(msg)), LVPN_ERR_CONFIG);
	assert_string_equal(msg, "leanvpn: command line: option '--iroute': not allowed on the "
	                         "command line");
	lvpn_options_free(&o);
}

static void unknown_option_escapes(void **state)
{
	const struct memfile ok[] = {{"a.conf", "setenv opt frobnicate 1 2\nsetenv opt verb 4\n"
	                                        "ignore-unknown-option foo bar\nfoo 1\nbar\n"},
	                             {NULL, NULL}};
	const struct memfile fwd[] = {{"a.conf", "setenv FORWARD_COMPATIBLE 1\nnew-2-7-option x\n"},
	                              {NULL, NULL}};
	const struct memfile bad[] = {{"a.conf", "ignore-unknown-option foo\nbar 1\n"},
	                              {NULL, NULL}};
	const struct memfile known_bad[] = {{"a.conf", "setenv opt verb x\n"}, {NULL, NULL}};
	const struct memfile order[] = {{"a.conf", "foo 1\nignore-unknown-option foo\n"},
	                                {NULL, NULL}};

	assert_int_equal(run(ok, 0), 0);
	assert_int_equal(o.verb, 4);
	lvpn_options_free(&o);
	assert_int_equal(run(fwd, 0), 0);
	lvpn_options_free(&o);
	expect_error(bad, "leanvpn: a.conf:2: option 'bar': unknown option");
	/* a known option behind setenv opt is checked as usual */
	expect_error(known_bad, "leanvpn: a.conf:1: option 'verb': 'x' is not a number");
	/* ignore-unknown-option covers only the lines after it */
	expect_error(order, "leanvpn: a.conf:1: option 'foo': unknown option");
}

/* A client-config-dir file holds per-client options only, also in the
 * files it includes. */
static void ccd_files(void **state)
{
	static struct memfs fs;
	static struct lvpn_config_ops ops = {memfs_read, memfs_readable, &fs, NULL};
	const struct memfile files[] = {
	    {"ccd/alice", "iroute 10.9.0.0 255.255.255.0\nifconfig-push 10.8.0.5 255.255.255.0\n"
	                  "push \"route 10.9.0.0 255.255.255.0\"\nconfig ccd/common\n"},
	    {"ccd/common", "push-reset\nverb 5\n"},
	    {NULL, NULL}};
	struct lvpn_config_err err;

	fs.files = files;
	assert_int_equal(lvpn_options_init(&o, &ops, NULL), 0);
	assert_int_equal(lvpn_config_read_file(&o, "ccd/alice", LVPN_WHERE_CCD, 1, NULL, &err),
	                 LVPN_ERR_CONFIG);
	lvpn_config_err_format(&err, msg, sizeof(msg));
	assert_string_equal(msg, "leanvpn: ccd/common:2: option 'verb': not allowed in a "
	                         "client-config-dir file");
	assert_int_equal(o.iroutes.n, 1);
	assert_string_equal(o.ifconfig_push_local, "10.8.0.5");
	assert_int_equal(o.push.n, 1);
	assert_int_equal(o.push_reset, 1);
	lvpn_options_free(&o);
}

static int fake_executable(void *ctx, const char *path)
{
	return strcmp(path, "/usr/bin/hook") == 0 || strcmp(path, "/etc/vpn/up.sh") == 0;
}

/* OpenVPN's set_user_script: one argument (quote a command line), and its
 * program, split like a config line and taken relative to --cd, must be
 * executable. */
static void scripts_must_exist(void **state)
{
	static struct memfs fs;
	static struct lvpn_config_ops ops = {memfs_read, memfs_readable, &fs, fake_executable};
	const char *lines[] = {
	    "up \"/usr/bin/hook up 'a b'\"\n",
	    "cd /etc/vpn\nup up.sh\n",
	    "up /usr/bin/missing\n",
	    "up /usr/bin/hook arg\n",
	    "auth-user-pass-verify /usr/bin/hook\n",
	    "auth-user-pass-verify \"/usr/bin/nothere x\" via-file\n",
	    "down \"\"\n",
	};
	const char *expected[] = {
	    "",
	    "",
	    "leanvpn: a.conf:1: option 'up': cannot run '/usr/bin/missing': no such executable",
	    "leanvpn: a.conf:1: option 'up': expects 1 argument, got 2 (put a command with "
	    "arguments in double quotes)",
	    "leanvpn: a.conf:1: option 'auth-user-pass-verify': needs a second argument: "
	    "'via-env' or 'via-file'",
	    "leanvpn: a.conf:1: option 'auth-user-pass-verify': cannot run '/usr/bin/nothere x': "
	    "no such executable",
	    "leanvpn: a.conf:1: option 'down': cannot run '': no program in the command",
	};

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		struct memfile files[] = {{"a.conf", lines[i]}, {NULL, NULL}};
		struct lvpn_config_err err;
		int rc;

		fs.files = files;
		assert_int_equal(lvpn_options_init(&o, &ops, NULL), 0);
		rc = lvpn_config_read_file(&o, "a.conf", LVPN_WHERE_CONFIG, 1, NULL, &err);
		if (expected[i][0] == '\0') {
			assert_int_equal(rc, 0);
		} else {
			assert_int_equal(rc, LVPN_ERR_CONFIG);
			lvpn_config_err_format(&err, msg, sizeof(msg));
			assert_string_equal(msg, expected[i]);
		}
		lvpn_options_free(&o);
	}
}

/* Every single-bit flip and every truncation of a small profile with
 * inline and <connection> blocks parses or fails with a config error, and
 * a failure always names a line inside the file. */
static void file_bitflips_and_truncations(void **state)
{
	static const char base[] = "client\nremote a 1194 udp\n<ca>\nPEM\n</ca>\n"
	                           "<connection>\nremote b 443 tcp\n<tls-auth>\nK\n</tls-auth>\n"
	                           "</connection>\nup \"/bin/x y\"\nverb 3 # c\n";
	size_t n = sizeof(base) - 1;
	char buf[sizeof(base)];

	for (size_t cut = 0; cut <= n * 9; cut++) {
		struct lvpn_config_err err;
		size_t len = n;
		int rc;

		memcpy(buf, base, n);
		if (cut < n * 8)
			buf[cut / 8] ^= (char)(1 << (cut % 8));
		else
			len = cut - n * 8; /* truncations */
		assert_int_equal(lvpn_options_init(&o, NULL, NULL), 0);
		rc = lvpn_config_parse_text(&o, buf, len, "f.conf", 0, LVPN_WHERE_CONFIG, 1, &err);
		assert_true(rc == 0 || rc == LVPN_ERR_CONFIG);
		if (rc == LVPN_ERR_CONFIG) {
			assert_string_equal(err.file, "f.conf");
			assert_true(err.line >= 1 && err.line <= 14);
		}
		lvpn_options_free(&o);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(bom_and_crlf),
	    cmocka_unit_test(every_inline_block),
	    cmocka_unit_test(inline_errors),
	    cmocka_unit_test(line_errors),
	    cmocka_unit_test(includes),
	    cmocka_unit_test(connection_blocks),
	    cmocka_unit_test(command_line),
	    cmocka_unit_test(unknown_option_escapes),
	    cmocka_unit_test(ccd_files),
	    cmocka_unit_test(scripts_must_exist),
	    cmocka_unit_test(file_bitflips_and_truncations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
