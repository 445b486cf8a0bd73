/* SPDX-License-Identifier: BSD-2-Clause */
/* Tests for proto/config/optlex.c, the one tokenizer of the option language
 * (config files, the command line, client-config-dir files, network
 * option lines, each option of a PUSH_REPLY).  Expected tokenizations are
 * derived by hand from OpenVPN 2.6's parse_line rules (options.c), quoted
 * in each case's comment. */
#include "tests/unit/testutil.h"

#include "proto/config/optlex.h"
#include "proto/config/push.h"

static struct lvpn_optline ln;

static int tok(const char *s, const char **why)
{
	*why = NULL;
	return lvpn_optlex_line(s, strlen(s), &ln, why);
}

static void assert_tokens(const char *line, int n, ...)
{
	const char *why;
	va_list ap;

	assert_int_equal(tok(line, &why), 0);
	assert_int_equal(ln.argc, n);
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		assert_string_equal(ln.argv[i], va_arg(ap, const char *));
	va_end(ap);
	assert_null(ln.argv[n]);
}

static void assert_tok_error(const char *line, const char *what)
{
	const char *why;

	assert_int_equal(tok(line, &why), LVPN_ERR_CONFIG);
	assert_non_null(why);
	assert_non_null(strstr(why, what));
}

static void tokenizer_whitespace_and_comments(void **state)
{
	assert_tokens("remote  vpn.example\t1194   udp", 4, "remote", "vpn.example", "1194", "udp");
	assert_tokens("", 0);
	assert_tokens("   \t ", 0);
	assert_tokens("# a comment", 0);
	assert_tokens("; a comment", 0);
	assert_tokens("   ;indented comment", 0);
	/* a comment starts only where an argument would start */
	assert_tokens("verb 3 # three", 2, "verb", "3");
	assert_tokens("verb 3;x", 2, "verb", "3;x");
	assert_tokens("dev tun#0", 2, "dev", "tun#0");
	/* CR (CRLF files) is whitespace */
	assert_tokens("verb 3\r", 2, "verb", "3");
	/* "--name" in a file means "name" (bypass_doubledash), but "--" alone stays */
	assert_tokens("--verb 3", 2, "verb", "3");
	assert_tokens("-- x", 2, "--", "x");
}

static void tokenizer_quotes(void **state)
{
	assert_tokens("up \"/bin/my script\" 'a b'", 3, "up", "/bin/my script", "a b");
	assert_tokens("x \"\" ''", 3, "x", "", "");
	/* inside double quotes # and ; are ordinary characters */
	assert_tokens("x \"#not a comment;\"", 2, "x", "#not a comment;");
	/* a closing quote ends the argument even without following space */
	assert_tokens("x \"a\"b", 3, "x", "a", "b");
	/* quotes inside an unquoted argument are ordinary */
	assert_tokens("x a\"b", 2, "x", "a\"b");
	assert_tok_error("x \"abc", "no closing quotation (\")");
	assert_tok_error("x 'abc", "no closing single quotation");
	assert_tok_error("x \"abc\\\"", "no closing quotation");
}

static void tokenizer_backslashes(void **state)
{
	/* \\ \" and \<space> are the only escapes outside single quotes */
	assert_tokens("x a\\ b", 2, "x", "a b");
	assert_tokens("x \"a\\\"b\"", 2, "x", "a\"b");
	assert_tokens("x c:\\\\dir\\\\file", 2, "x", "c:\\dir\\file");
	assert_tokens("x \\\"quoted\\\"", 2, "x", "\"quoted\"");
	/* single quotes take backslashes literally */
	assert_tokens("x 'c:\\dir'", 2, "x", "c:\\dir");
	assert_tok_error("x c:\\dir", "bad backslash");
	assert_tok_error("x \"a\\nb\"", "bad backslash");
	assert_tok_error("x a\\", "backslash at the end");
}

static void tokenizer_limits(void **state)
{
	char line[400];
	const char *why;

	/* 16 arguments fit, a 17th does not (MAX_PARMS) */
	assert_tokens("a b c d e f g h i j k l m n o p", 16, "a", "b", "c", "d", "e", "f", "g", "h",
	              "i", "j", "k", "l", "m", "n", "o", "p");
	assert_tok_error("a b c d e f g h i j k l m n o p q", "too many arguments");
	memset(line, 'x', sizeof(line));
	assert_int_equal(lvpn_optlex_line(line, 255, &ln, &why), 0);
	assert_int_equal(strlen(ln.argv[0]), 255);
	assert_int_equal(lvpn_optlex_line(line, 256, &ln, &why), LVPN_ERR_CONFIG);
	assert_int_equal(lvpn_optlex_line("a\0b", 3, &ln, &why), LVPN_ERR_CONFIG);
}

/* Every single-bit flip of valid lines tokenizes or fails cleanly. */
static void tokenizer_bitflips(void **state)
{
	static const char *const lines[] = {
	    "remote \"vpn example\" 1194 'udp' # c",
	    "up a\\ b \"c\\\\d\" ; x",
	};
	char buf[64];
	const char *why;

	for (size_t l = 0; l < 2; l++) {
		size_t n = strlen(lines[l]);

		for (size_t bit = 0; bit < n * 8; bit++) {
			int rc;

			memcpy(buf, lines[l], n);
			buf[bit / 8] ^= (char)(1 << (bit % 8));
			rc = lvpn_optlex_line(buf, n, &ln, &why);
			assert_true(rc == 0 || rc == LVPN_ERR_CONFIG);
			if (rc == 0)
				assert_true(ln.argc <= LVPN_CONFIG_ARGS_MAX);
		}
	}
}

/* A NUL byte anywhere before a comment refuses the line (OpenVPN reads C
 * strings: what follows a NUL would be silently lost). */
static void tokenizer_nul_bytes(void **state)
{
	static const struct {
		const char *s;
		size_t len;
	} bad[] = {
	    {"\0verb 3", 7}, {"verb\0 3", 7}, {"verb 3\0", 7}, {"x \"a\0b\"", 7},
	    {"x 'a\0b'", 7}, {"x a\\\0", 5},  {"   \0", 4},    {"\0", 1},
	};
	const char *why;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		assert_int_equal(lvpn_optlex_line(bad[i].s, bad[i].len, &ln, &why),
		                 LVPN_ERR_CONFIG);
		assert_non_null(strstr(why, "NUL"));
		assert_int_equal(ln.argc, 0);
	}
}

/* A backslash that escapes nothing: an error inside an argument, nothing
 * at all after whitespace (parse_line's initial state ignores it), and
 * an ordinary character in single quotes. */
static void tokenizer_trailing_backslash(void **state)
{
	assert_tok_error("x a\\", "backslash at the end");
	assert_tokens("\\", 0);
	assert_tok_error("x \"a\\", "backslash at the end");
	assert_tok_error("x \"a", "no closing quotation");
	assert_tokens("x a \\", 2, "x", "a");
	assert_tokens("x 'a\\'", 2, "x", "a\\");
	assert_tokens("x a\\\\", 2, "x", "a\\");
	assert_tokens("x a\\ ", 2, "x", "a ");
}

/* The longest argument is the longest line; escapes and quotes count
 * against the line, not the argument. */
static void tokenizer_overlong_tokens(void **state)
{
	char line[300];
	const char *why;

	memset(line, 'y', sizeof(line));
	line[0] = '"';
	line[254] = '"';
	assert_int_equal(lvpn_optlex_line(line, 255, &ln, &why), 0);
	assert_int_equal(ln.argc, 1);
	assert_int_equal(strlen(ln.argv[0]), 253);
	line[254] = 'y';
	line[255] = '"';
	assert_int_equal(lvpn_optlex_line(line, 256, &ln, &why), LVPN_ERR_CONFIG);
	assert_non_null(strstr(why, "too long"));
	/* 127 escaped backslashes and one more character: 128 stored */
	for (int i = 0; i < 254; i += 2) {
		line[i] = '\\';
		line[i + 1] = '\\';
	}
	line[254] = 'z';
	assert_int_equal(lvpn_optlex_line(line, 255, &ln, &why), 0);
	assert_int_equal(ln.argc, 1);
	assert_int_equal(strlen(ln.argv[0]), 128);
	assert_int_equal(ln.argv[0][127], 'z');
	/* the most a line can store: every character and one NUL per argument */
	memset(line, 'w', sizeof(line));
	for (int i = 1; i < 255; i += 17)
		line[i] = ' ';
	assert_int_equal(lvpn_optlex_line(line, 255, &ln, &why), 0);
	assert_int_equal(ln.argc, 16);
	assert_true(ln.argv[15] + strlen(ln.argv[15]) < ln.buf + sizeof(ln.buf));
}

/* Empty quoted arguments count; a comment after the 16th does not. */
static void tokenizer_too_many_tokens(void **state)
{
	assert_tokens("\"\" '' \"\" '' \"\" '' \"\" '' \"\" '' \"\" '' \"\" '' \"\" ''", 16, "", "",
	              "", "", "", "", "", "", "", "", "", "", "", "", "", "");
	assert_tok_error("\"\" '' \"\" '' \"\" '' \"\" '' \"\" '' \"\" '' \"\" '' \"\" '' x",
	                 "too many arguments");
	assert_tokens("a b c d e f g h i j k l m n o p # q r", 16, "a", "b", "c", "d", "e", "f",
	              "g", "h", "i", "j", "k", "l", "m", "n", "o", "p");
	assert_tok_error("a b c d e f g h i j k l m n o p q # r", "too many arguments");
	assert_tok_error("a b c d e f g h i j k l m n o p 'q r'", "too many arguments");
}

/* An error leaves no arguments behind, and only len bytes are read. */
static void tokenizer_errors_and_length(void **state)
{
	const char *why;

	assert_tokens("verb 3", 2, "verb", "3");
	assert_int_equal(tok("verb \"3", &why), LVPN_ERR_CONFIG);
	assert_int_equal(ln.argc, 0);
	assert_null(ln.argv[0]);
	assert_int_equal(lvpn_optlex_line("verb 3\" tail", 6, &ln, &why), 0);
	assert_int_equal(ln.argc, 2);
	assert_string_equal(ln.argv[1], "3");
	assert_int_equal(lvpn_optlex_line("x", 0, &ln, &why), 0);
	assert_int_equal(ln.argc, 0);
}

/* Each option of a PUSH_REPLY goes through the same tokenizer: quotes,
 * escapes and a leading "--" mean what they mean in a config file, and a
 * line that does not tokenize is not taken. */
static void push_options_tokenized_like_config(void **state)
{
	static struct lvpn_push p;
	static const struct lvpn_pull_policy pol = {NULL, 0, 0, NULL};
	static const char *const opts[] = {
	    "route \"10.1.0.0\" '255.255.0.0'", "  --ping 10",
	    "setenv-safe X \"a b\\\"c\"",       "echo 'hi, there'",
	    "dhcp-option DOMAIN a\\qb",         "ping-restart \"60",
	};

	(void)state;
	lvpn_push_reset(&p);
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		assert_int_equal(lvpn_push_add(&p, opts[i], strlen(opts[i]), &pol, NULL),
		                 i < 4 ? LVPN_PULL_ACCEPT : LVPN_PULL_IGNORE);
	assert_int_equal(p.n, 4);
	assert_int_equal(p.line[0].argc, 3);
	assert_string_equal(p.line[0].argv[1], "10.1.0.0");
	assert_string_equal(p.line[0].argv[2], "255.255.0.0");
	assert_string_equal(p.line[1].argv[0], "ping");
	assert_true(p.have & LVPN_PUSH_PING);
	assert_int_equal(p.ping, 10);
	assert_false(p.have & LVPN_PUSH_PING_RESTART);
	assert_string_equal(p.line[2].argv[2], "a b\"c");
	assert_string_equal(p.line[3].argv[1], "hi, there");
	assert_string_equal(p.line[0].text, opts[0]);
}

/* The typed part the engine applies: values as 2.6 reads them, the last
 * one pushed wins, a value the engine cannot use is remembered (the first)
 * while later options are still judged, and a reject still wins. */
static void push_typed_result(void **state)
{
	static struct lvpn_push p;
	static const struct lvpn_pull_filter rej[] = {{LVPN_PULL_REJECT, (char *)"route-gateway"}};
	const struct lvpn_pull_policy pol = {rej, 1, 1, "AES-256-GCM:?CHACHA20-POLY1305"};
	static const char *const good[] = {
	    "peer-id -1",
	    "ping 10",
	    "ping 20",
	    "ping-restart 120",
	    "ping-exit 99",
	    "inactive 300 5000",
	    "compress lz4-v2",
	    "comp-lzo no",
	    "protocol-flags cc-exit tls-ekm",
	    "key-derivation tls-ekm",
	    "explicit-exit-notify",
	    "cipher chacha20-poly1305",
	    "auth-token \"tok en\"",
	    "tun-mtu 1400",
	    "route 10.0.0.0 255.0.0.0",
	};

	(void)state;
	lvpn_push_reset(&p);
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(lvpn_push_add(&p, good[i], strlen(good[i]), &pol, NULL),
		                 i + 1 < sizeof(good) / sizeof(good[0]) ? LVPN_PULL_ACCEPT
		                                                        : LVPN_PULL_IGNORE);
	assert_null(p.bad);
	assert_int_equal(p.peer_id, 0xFFFFFF);
	assert_int_equal(p.ping, 20);
	assert_int_equal(p.ping_restart, 120);
	assert_int_equal(p.ping_exit, 99);
	assert_int_equal(p.inactive, 300);
	assert_int_equal(p.inactive_bytes, 5000);
	assert_int_equal(p.comp, LVPN_COMP_LZO_STUB);
	assert_int_equal(p.proto_flags, LVPN_PF_CC_EXIT | LVPN_PF_TLS_EKM);
	assert_int_equal(p.explicit_exit_notify, 1);
	assert_string_equal(p.cipher, "chacha20-poly1305");
	assert_string_equal(p.auth_token, "tok en");
	assert_string_equal(p.tun_mtu, "1400");
	assert_int_equal(p.have, LVPN_PUSH_PEER_ID | LVPN_PUSH_PING | LVPN_PUSH_PING_RESTART |
	                             LVPN_PUSH_PING_EXIT | LVPN_PUSH_INACTIVE | LVPN_PUSH_COMP |
	                             LVPN_PUSH_EXIT_NOTIFY | LVPN_PUSH_CIPHER |
	                             LVPN_PUSH_AUTH_TOKEN | LVPN_PUSH_TUN_MTU);
	/* route-nopull took the route out (an N option of the table) */
	assert_int_equal(p.n, 14);

	lvpn_push_reset(&p);
	assert_int_equal(lvpn_push_add(&p, "cipher BF-CBC", 13, &pol, NULL), LVPN_PULL_ACCEPT);
	assert_int_equal(lvpn_push_add(&p, "ping x", 6, &pol, NULL), LVPN_PULL_ACCEPT);
	assert_int_equal(lvpn_push_add(&p, "cipher AES-256-GCM", 18, &pol, NULL), LVPN_PULL_ACCEPT);
	assert_string_equal(p.bad, "cipher BF-CBC");
	assert_int_equal(lvpn_push_add(&p, "peer-id 16777215", 16, &pol, NULL), LVPN_PULL_ACCEPT);
	assert_string_equal(p.bad, "cipher BF-CBC");
	assert_int_equal(lvpn_push_add(&p, "route-gateway 10.8.0.1", 22, &pol, NULL),
	                 LVPN_PULL_REJECT);
	/* a server may not push up, script-security or an unknown option */
	assert_int_equal(lvpn_push_add(&p, "up /bin/sh", 10, &pol, NULL), LVPN_PULL_IGNORE);
	assert_int_equal(lvpn_push_add(&p, "script-security 3", 17, &pol, NULL), LVPN_PULL_IGNORE);
	assert_int_equal(lvpn_push_add(&p, "no-such 1", 9, &pol, NULL), LVPN_PULL_IGNORE);
	assert_int_equal(p.n, 4);

	/* an option too long to keep is ignored, but a reject filter still
	 * sees its beginning and refuses the whole reply, as 2.6 does */
	{
		static char longopt[LVPN_CONFIG_LINE_MAX + 64];

		memset(longopt, 'x', sizeof(longopt) - 1);
		memcpy(longopt, "route-gateway ", 14);
		assert_int_equal(lvpn_push_add(&p, longopt, strlen(longopt), &pol, NULL),
		                 LVPN_PULL_REJECT);
		memcpy(longopt, "route-xateway ", 14);
		assert_int_equal(lvpn_push_add(&p, longopt, strlen(longopt), &pol, NULL),
		                 LVPN_PULL_IGNORE);
		assert_int_equal(p.n, 4);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(tokenizer_whitespace_and_comments),
	    cmocka_unit_test(tokenizer_quotes),
	    cmocka_unit_test(tokenizer_backslashes),
	    cmocka_unit_test(tokenizer_limits),
	    cmocka_unit_test(tokenizer_bitflips),
	    cmocka_unit_test(tokenizer_nul_bytes),
	    cmocka_unit_test(tokenizer_trailing_backslash),
	    cmocka_unit_test(tokenizer_overlong_tokens),
	    cmocka_unit_test(tokenizer_too_many_tokens),
	    cmocka_unit_test(tokenizer_errors_and_length),
	    cmocka_unit_test(push_options_tokenized_like_config),
	    cmocka_unit_test(push_typed_result),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
