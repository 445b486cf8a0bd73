/* SPDX-License-Identifier: BSD-2-Clause */
/* src/ccd: files read from a temporary directory, CN to file name mapping
 * (platform_gen_path() rules), DEFAULT, ccd-exclusive, each directive, bad
 * lines skipped, other lines handed to the apply callback. */
#include "tests/unit/testutil.h"

#include <sys/stat.h>
#include <unistd.h>

#include "proto/server/srvaddr.h"
#include "src/ccd.h"

static char dir[64];

static void put(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void rm(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/lvpn-ccd-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	rm("alice");
	rm("DEFAULT");
	rm("a_b");
	rm("big");
	return rmdir(dir);
}

struct seen {
	int n;
	char first[8][64];
	int line[8];
};

static int apply(void *ctx, int argc, char **argv, const char *file, int line)
{
	struct seen *s = ctx;

	(void)file;
	if (s->n < 8) {
		snprintf(s->first[s->n], 64, "%s/%d", argv[0], argc);
		s->line[s->n] = line;
	}
	s->n++;
	return strcmp(argv[0], "refused-by-options") ? 0 : -1;
}

static void test_names(void **state)
{
	char out[300];

	(void)state;
	assert_int_equal(lvpn_ccd_name("alice", out, sizeof(out)), 0);
	assert_string_equal(out, "alice");
	/* '/' and non-printable bytes become '_' (platform_gen_path) */
	assert_int_equal(lvpn_ccd_name("../etc/passwd", out, sizeof(out)), 0);
	assert_string_equal(out, ".._etc_passwd");
	assert_int_equal(lvpn_ccd_name("a\x01\xff/b", out, sizeof(out)), 0);
	assert_string_equal(out, "a___b");
	assert_int_equal(lvpn_ccd_name("..", out, sizeof(out)), -1);
	assert_int_equal(lvpn_ccd_name(".", out, sizeof(out)), -1);
	assert_int_equal(lvpn_ccd_name("", out, sizeof(out)), -1);
	assert_int_equal(lvpn_ccd_name(NULL, out, sizeof(out)), -1);
	assert_int_equal(lvpn_ccd_name("alice", out, 5), -1);
	memset(out, 'x', 256);
	out[256] = 0;
	assert_int_equal(lvpn_ccd_name(out, out, sizeof(out)), -1);
}

static void test_directives(void **state)
{
	struct lvpn_ccd r;
	struct seen s = {0};
	char a[LVPN_ADDR6_STRLEN];

	(void)state;
	put("alice", "# a comment\n"
	             "; another\n"
	             "ifconfig-push 10.8.0.50 255.255.255.0\n"
	             "ifconfig-ipv6-push 2001:db8::50/64 2001:db8::1\n"
	             "iroute 192.168.10.0 255.255.255.0\n"
	             "iroute 192.168.11.7\n"
	             "--iroute-ipv6 2001:db8:1::/48\n"
	             "push \"route 10.9.0.0 255.255.0.0\"\n"
	             "push-reset\n"
	             "push 'dhcp-option DNS 10.8.0.1'   # trailing comment\n"
	             "push \"echo a\\\"b\"\n"
	             "push-remove route\n"
	             "  inactive 3600\n"
	             "refused-by-options x\n"
	             "\r\n");
	assert_int_equal(lvpn_ccd_load(dir, "alice", 0, apply, &s, NULL, &r), 0);
	assert_true(r.found);
	assert_false(r.is_default);
	assert_false(r.disable);
	assert_true(r.has_push4);
	assert_int_equal(r.push4_local, 0x0a080032);
	assert_int_equal(r.push4_remote_netmask, 0xffffff00u);
	assert_true(r.has_push6 && r.push6_has_remote);
	assert_int_equal(r.push6_bits, 64);
	assert_string_equal(lvpn_srvaddr_fmt6(r.push6_local, a), "2001:db8::50");
	assert_int_equal(r.n_iroute4, 2);
	assert_int_equal(r.iroute4[0].net, 0xc0a80a00);
	assert_int_equal(r.iroute4[0].bits, 24);
	assert_int_equal(r.iroute4[1].bits, 32);
	assert_int_equal(r.n_iroute6, 1);
	assert_int_equal(r.iroute6[0].bits, 48);
	/* push-reset drops what came before it */
	assert_true(r.push_reset);
	assert_int_equal(r.n_push, 2);
	assert_string_equal(r.push[0], "dhcp-option DNS 10.8.0.1");
	assert_string_equal(r.push[1], "echo a\"b");
	assert_int_equal(r.n_push_remove, 1);
	assert_string_equal(r.push_remove[0], "route");
	/* other lines go to the options layer, with their line numbers */
	assert_int_equal(s.n, 2);
	assert_string_equal(s.first[0], "inactive/2");
	assert_int_equal(s.line[0], 13);
	assert_int_equal(r.errors, 1);
	lvpn_ccd_free(&r);
	assert_int_equal(r.n_push, 0);
}

static void test_bad_lines(void **state)
{
	struct lvpn_ccd r;
	char big[5000];

	(void)state;
	put("alice", "iroute 192.168.10.1 255.255.255.0\n" /* host bits */
	             "iroute 192.168.10.0 255.0.255.0\n"
	             "iroute nonsense\n"
	             "iroute\n"
	             "iroute-ipv6 2001:db8::/129\n"
	             "ifconfig-push 10.8.0.50\n"
	             "ifconfig-ipv6-push zz\n"
	             "push\n"
	             "push \"unterminated\n"
	             "push-reset now\n"
	             "disable please\n"
	             "unknown-without-callback\n"
	             "a b c d e f g h i j k l m n o p q\n"
	             "iroute 10.0.0.0 255.0.0.0\n");
	assert_int_equal(lvpn_ccd_load(dir, "alice", 0, NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.errors, 13);
	assert_int_equal(r.n_iroute4, 1); /* only the good line */
	assert_false(r.has_push4);
	assert_false(r.has_push6);
	assert_false(r.disable);
	assert_false(r.push_reset);
	lvpn_ccd_free(&r);
	/* over-long line and NUL bytes */
	memset(big, 'a', sizeof(big));
	assert_int_equal(lvpn_ccd_parse(big, sizeof(big), "x", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.errors, 1);
	lvpn_ccd_free(&r);
	assert_int_equal(lvpn_ccd_parse("disable\0\ndisable", 16, "x", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.errors, 1);
	assert_true(r.disable);
	lvpn_ccd_free(&r);
	/* truncated: a line without its end */
	assert_int_equal(
	    lvpn_ccd_parse("ifconfig-push 10.8.0.5 255.255", 30, "x", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.errors, 1);
	assert_false(r.has_push4);
	lvpn_ccd_free(&r);
}

static void test_default_and_exclusive(void **state)
{
	struct lvpn_ccd r;

	(void)state;
	rm("alice");
	/* nothing at all: fine unless exclusive */
	assert_int_equal(lvpn_ccd_load(dir, "alice", 0, NULL, NULL, NULL, &r), 0);
	assert_false(r.found);
	assert_int_equal(lvpn_ccd_load(dir, "alice", 1, NULL, NULL, NULL, &r), -1);
	put("DEFAULT", "disable\n");
	assert_int_equal(lvpn_ccd_load(dir, "alice", 0, NULL, NULL, NULL, &r), 0);
	assert_true(r.found && r.is_default && r.disable);
	lvpn_ccd_free(&r);
	/* ccd-exclusive: DEFAULT does not count, nor does CN "DEFAULT" */
	assert_int_equal(lvpn_ccd_load(dir, "alice", 1, NULL, NULL, NULL, &r), -1);
	assert_int_equal(lvpn_ccd_load(dir, "DEFAULT", 1, NULL, NULL, NULL, &r), -1);
	assert_int_equal(lvpn_ccd_load(dir, "..", 1, NULL, NULL, NULL, &r), -1);
	/* a bad name without ccd-exclusive falls back to DEFAULT */
	assert_int_equal(lvpn_ccd_load(dir, "..", 0, NULL, NULL, NULL, &r), 0);
	assert_true(r.is_default);
	lvpn_ccd_free(&r);
	put("alice", "iroute 10.1.0.0 255.255.0.0\n");
	assert_int_equal(lvpn_ccd_load(dir, "alice", 1, NULL, NULL, NULL, &r), 0);
	assert_true(r.found && !r.is_default && !r.disable);
	lvpn_ccd_free(&r);
	/* the path stays inside dir: "a/b" reads "a_b" */
	put("a_b", "disable\n");
	assert_int_equal(lvpn_ccd_load(dir, "a/b", 1, NULL, NULL, NULL, &r), 0);
	assert_true(r.disable);
	lvpn_ccd_free(&r);
	/* a directory where the file should be: refused */
	mkdir("/tmp/lvpn-ccd-dir-check", 0700);
	assert_int_equal(lvpn_ccd_load("/tmp", "lvpn-ccd-dir-check", 0, NULL, NULL, NULL, &r), -1);
	rmdir("/tmp/lvpn-ccd-dir-check");
	assert_int_equal(lvpn_ccd_load(NULL, "alice", 0, NULL, NULL, NULL, &r), 0);
	assert_int_equal(lvpn_ccd_load(NULL, "alice", 1, NULL, NULL, NULL, &r), -1);
}

/* A ccd file is split by the option tokenizer, as a config file: quotes
 * and escapes mean the same, OpenVPN's bad backslash and 255-character
 * line are refused (the line is skipped and counted). */
static void test_config_syntax(void **state)
{
	static const char text[] = "--iroute '10.7.0.0' \"255.255.0.0\"\n"
	                           "iroute \"10.6.0.0\" 255.255.0.0 # six\n"
	                           "push \"dhcp-option DOMAIN a\\qb\"\n"
	                           "push \"route 10.5.0.0 255.255.0.0\" ; five\n";
	char big[300];
	struct lvpn_ccd r;

	(void)state;
	memset(&r, 0, sizeof(r)); /* lvpn_ccd_parse adds to what res holds */
	assert_int_equal(lvpn_ccd_parse(text, sizeof(text) - 1, "x", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.n_iroute4, 2);
	assert_int_equal(r.iroute4[0].net, 0x0a070000);
	assert_int_equal(r.iroute4[0].bits, 16);
	assert_int_equal(r.iroute4[1].net, 0x0a060000);
	assert_int_equal(r.n_push, 1);
	assert_string_equal(r.push[0], "route 10.5.0.0 255.255.0.0");
	assert_int_equal(r.errors, 1); /* \q is no escape */
	lvpn_ccd_free(&r);
	memset(big, ' ', sizeof(big));
	memcpy(big, "disable", 7);
	assert_int_equal(lvpn_ccd_parse(big, 256, "x", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.errors, 1);
	assert_false(r.disable);
	lvpn_ccd_free(&r);
	assert_int_equal(lvpn_ccd_parse(big, 255, "x", NULL, NULL, NULL, &r), 0);
	assert_true(r.disable);
	lvpn_ccd_free(&r);
}

/* every single-bit flip of a valid file parses without harm */
static void test_bitflip(void **state)
{
	static const char good[] = "ifconfig-push 10.8.0.50 255.255.255.0\n"
	                           "iroute 192.168.10.0 255.255.255.0\n"
	                           "iroute-ipv6 2001:db8:1::/48\n"
	                           "push \"route 10.9.0.0 255.255.0.0\"\n"
	                           "disable\n";
	char text[sizeof(good)];

	(void)state;
	for (size_t bit = 0; bit < 8 * (sizeof(good) - 1); bit++) {
		struct lvpn_ccd r;

		memset(&r, 0, sizeof(r)); /* lvpn_ccd_parse adds to what res holds */
		memcpy(text, good, sizeof(good));
		text[bit / 8] ^= (char)(1 << (bit % 8));
		assert_int_equal(lvpn_ccd_parse(text, sizeof(good) - 1, "x", NULL, NULL, NULL, &r),
		                 0);
		assert_true(r.n_iroute4 <= 1 && r.n_iroute6 <= 1 && r.n_push <= 1);
		for (int i = 0; i < r.n_iroute4; i++)
			assert_true(r.iroute4[i].bits >= 0 && r.iroute4[i].bits <= 32);
		lvpn_ccd_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_directives),
	    cmocka_unit_test(test_bad_lines),
	    cmocka_unit_test(test_config_syntax),
	    cmocka_unit_test(test_default_and_exclusive),
	    cmocka_unit_test(test_bitflip),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
