/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for src/script: env set, command splitting, script-security,
 * running with a timeout, and the OpenVPN script environment.
 *
 * The expected environment in env_matches_openvpn was recorded from the
 * real OpenVPN 2.6.14 (Debian) running in a scratch network namespace with
 * the same options and an --up/--route-up script that ran `env` (see the
 * comment there).  The argv splitting cases follow OpenVPN's parse_line()
 * rules, worked out by hand.
 */
#include "tests/unit/testutil.h"

#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto/tls.h"
#include "src/script.h"

static char tmpdir[64];

static int setup(void **state)
{
	strcpy(tmpdir, "/tmp/lvpn-script.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* 64 routes of each family (the plan's maximum) need about 450 variables:
 * the set is sized by what it holds, not by a guess (it was 256). */
static void env_grows(void **state)
{
	struct lvpn_env e;
	char name[32], v[32];

	(void)state;
	assert_int_equal(lvpn_env_init(&e, 256, 1024), 0);
	for (int i = 1; i <= 1000; i++) {
		snprintf(name, sizeof(name), "route_network_%d", i);
		snprintf(v, sizeof(v), "10.%d.%d.0", i / 256, i % 256);
		assert_int_equal(lvpn_env_set(&e, name, v), 0);
	}
	assert_int_equal(e.n, 1000);
	assert_true(e.cap >= 1000);
	assert_string_equal(lvpn_env_get(&e, "route_network_1"), "10.0.1.0");
	assert_string_equal(lvpn_env_get(&e, "route_network_1000"), "10.3.232.0");
	lvpn_env_free(&e);
}

static void env_set_rules(void **state)
{
	struct lvpn_env e;
	char big[100];

	assert_int_equal(lvpn_env_init(&e, 3, 32), 0);
	assert_int_equal(lvpn_env_set(&e, "dev", "tun0"), 0);
	assert_int_equal(lvpn_env_set(&e, "dev", "tun1"), 0); /* replaces */
	assert_string_equal(lvpn_env_get(&e, "dev"), "tun1");
	assert_int_equal(e.n, 1);
	assert_int_equal(lvpn_env_set(&e, "x",
	                              "a\nb\x01\x7f"
	                              "c"),
	                 0);
	assert_string_equal(lvpn_env_get(&e, "x"), "a_b__c"); /* non-printable -> _ */
	assert_int_equal(lvpn_env_set(&e, "bad-name", "v"), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_env_set(&e, "a=b", "v"), LVPN_ERR_INVAL);
	assert_int_equal(lvpn_env_set(&e, "", "v"), LVPN_ERR_INVAL);
	memset(big, 'v', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(lvpn_env_set(&e, "y", big), LVPN_ERR_BUFSIZE);
	big[32 - 3] = '\0'; /* "y=" + 29 + NUL = 32: fits exactly */
	assert_int_equal(lvpn_env_set(&e, "y", big), 0);
	/* the set was full (3): it grows, what it held stays */
	assert_int_equal(lvpn_env_set(&e, "z", "more"), 0);
	assert_int_equal(e.cap, 6);
	assert_string_equal(lvpn_env_get(&e, "z"), "more");
	assert_string_equal(lvpn_env_get(&e, "dev"), "tun1");
	assert_string_equal(lvpn_env_get(&e, "y"), big);
	assert_null(lvpn_env_get(&e, "d"));
	lvpn_env_free(&e);
	lvpn_env_free(&e); /* safe twice */
}

static unsigned split(const char *cmd, char **argv)
{
	static char buf[256];
	unsigned argc = 99;
	int rc = lvpn_script_split(cmd, buf, sizeof(buf), argv, 16, &argc, NULL);
	if (rc != 0)
		fail_msg("split '%s': %d", cmd, rc);
	return argc;
}

static void split_like_openvpn(void **state)
{
	char *v[16];

	assert_int_equal(split("/bin/echo a  b", v), 3);
	assert_string_equal(v[0], "/bin/echo");
	assert_string_equal(v[2], "b");
	assert_null(v[3]);
	assert_int_equal(split("\"/p with space/x\" 'single $HOME \\n' a\\ b", v), 3);
	assert_string_equal(v[0], "/p with space/x");
	assert_string_equal(v[1], "single $HOME \\n"); /* no escapes in '...' */
	assert_string_equal(v[2], "a b");
	assert_int_equal(split("x \"a\\\"b\" \\\\y", v), 3);
	assert_string_equal(v[1], "a\"b");
	assert_string_equal(v[2], "\\y");
	assert_int_equal(split("x \"\" y", v), 3);
	assert_string_equal(v[1], "");
	assert_int_equal(split("x # comment", v), 1);
	assert_int_equal(split("x ;comment", v), 1);
	assert_int_equal(split("\"a\"b", v), 2); /* a closing quote ends a word */
	assert_string_equal(v[1], "b");
	assert_int_equal(split("x \\", v), 1); /* a lone trailing backslash */
}

static void split_rejects_bad(void **state)
{
	static const char *const bad[] = {"x \"abc", "x 'abc", "x a\\n", "",
	                                  "   ",     "# only", "ab\\"};
	char buf[64], *v[4];
	unsigned argc;

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(lvpn_script_split(bad[i], buf, sizeof(buf), v, 4, &argc, NULL),
		                 LVPN_ERR_CONFIG);
	assert_int_equal(lvpn_script_split("a b c d", buf, sizeof(buf), v, 4, &argc, NULL),
	                 LVPN_ERR_BUFSIZE); /* 4 words + NULL need 5 */
	assert_int_equal(lvpn_script_split("abcdefgh", buf, 8, v, 4, &argc, NULL),
	                 LVPN_ERR_BUFSIZE);
	assert_int_equal(lvpn_script_split("abcdefg", buf, 8, v, 4, &argc, NULL), 0);
}

static void write_script(const char *path, const char *body)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	assert_int_equal(chmod(path, 0700), 0);
}

static char *slurp(const char *path)
{
	static char data[8192];
	FILE *f = fopen(path, "r");
	size_t n;

	if (f == NULL)
		return NULL;
	n = fread(data, 1, sizeof(data) - 1, f);
	fclose(f);
	data[n] = '\0';
	return data;
}

static void security_levels(void **state)
{
	char script[128], out[128], cmd[300];
	struct lvpn_script s = {.security = LVPN_SSEC_NONE, .timeout_ms = 5000};
	struct lvpn_env e;
	int status = -1;

	snprintf(script, sizeof(script), "%s/s.sh", tmpdir);
	snprintf(out, sizeof(out), "%s/out", tmpdir);
	snprintf(cmd, sizeof(cmd), "/bin/sh -c 'env > %s' sh", out);
	write_script(script, "");
	assert_int_equal(lvpn_env_init(&e, 8, 64), 0);
	assert_int_equal(lvpn_env_set(&e, "password", "secret"), 0);
	assert_int_equal(lvpn_env_set(&e, "common_name", "c"), 0);
	/* 0 and 1: refused, nothing runs */
	assert_int_equal(lvpn_script_run(&s, "up", cmd, NULL, 0, &e, &status), LVPN_ERR_CONFIG);
	s.security = LVPN_SSEC_BUILTIN;
	assert_int_equal(lvpn_script_run(&s, "up", cmd, NULL, 0, &e, &status), LVPN_ERR_CONFIG);
	assert_int_equal(status, -1);
	assert_null(slurp(out));
	/* 2: runs, but no password in the environment */
	s.security = LVPN_SSEC_SCRIPTS;
	assert_int_equal(lvpn_script_run(&s, "up", cmd, NULL, 0, &e, &status), 0);
	assert_int_equal(status, 0);
	assert_non_null(slurp(out));
	assert_non_null(strstr(slurp(out), "common_name=c\n"));
	assert_non_null(strstr(slurp(out), "script_type=up\n"));
	assert_null(strstr(slurp(out), "password"));
	/* 3: password passed */
	s.security = LVPN_SSEC_PW_ENV;
	assert_int_equal(lvpn_script_run(&s, "up", cmd, NULL, 0, &e, &status), 0);
	assert_non_null(strstr(slurp(out), "password=secret\n"));
	lvpn_env_free(&e);
}

static void run_args_status_timeout(void **state)
{
	char script[128], out[128], body[300], cmd[200];
	struct lvpn_script s = {.security = LVPN_SSEC_SCRIPTS, .timeout_ms = 5000};
	const char *extra[6];
	char abuf[64];
	struct lvpn_netplan p;
	struct lvpn_env e;
	int status = -1;

	snprintf(script, sizeof(script), "%s/up.sh", tmpdir);
	snprintf(out, sizeof(out), "%s/args", tmpdir);
	snprintf(body, sizeof(body), "for a in \"$@\"; do echo \"[$a]\"; done > %s\nexit 3", out);
	write_script(script, body);
	lvpn_netplan_init(&p);
	assert_int_equal(lvpn_netplan_parse_option(&p, "topology subnet", NULL), 0);
	assert_int_equal(lvpn_netplan_parse_option(&p, "ifconfig 198.19.0.2 255.255.255.0", NULL),
	                 0);
	assert_int_equal(
	    lvpn_script_updown_args(&p, "tun0", 1500, "init", abuf, sizeof(abuf), extra), 0);
	assert_int_equal(lvpn_env_init(&e, 8, 64), 0);
	snprintf(cmd, sizeof(cmd), "%s 'first arg'", script);
	assert_int_equal(lvpn_script_run(&s, "up", cmd, extra, 6, &e, &status), 0);
	assert_int_equal(status, 3);
	/* OpenVPN 2.6.14 ran the same --up with: tun0 1500 0 198.19.0.2 255.255.255.0 init */
	assert_string_equal(slurp(out), "[first arg]\n[tun0]\n[1500]\n[0]\n[198.19.0.2]\n"
	                                "[255.255.255.0]\n[init]\n");
	/* without ifconfig the address arguments are empty, not missing */
	lvpn_netplan_init(&p);
	assert_int_equal(
	    lvpn_script_updown_args(&p, "tun0", 1400, "restart", abuf, sizeof(abuf), extra), 0);
	assert_int_equal(lvpn_script_run(&s, "down", script, extra, 6, &e, &status), 0);
	assert_string_equal(slurp(out), "[tun0]\n[1400]\n[0]\n[]\n[]\n[restart]\n");
	assert_int_equal(lvpn_script_updown_args(&p, "tun0", 1400, "init", abuf, 4, extra),
	                 LVPN_ERR_BUFSIZE);

	/* not executable / missing: the child's 127 */
	snprintf(cmd, sizeof(cmd), "%s/missing", tmpdir);
	assert_int_equal(lvpn_script_run(&s, "up", cmd, NULL, 0, &e, &status), 0);
	assert_int_equal(status, 127);
	/* no PATH search: a bare name is not found either */
	assert_int_equal(lvpn_script_run(&s, "up", "true", NULL, 0, &e, &status), 0);
	assert_int_equal(status, 127);
	/* a timeout is required */
	s.timeout_ms = 0;
	assert_int_equal(lvpn_script_run(&s, "up", "/bin/true", NULL, 0, &e, &status),
	                 LVPN_ERR_INVAL);
	/* timeout: killed with SIGKILL */
	s.timeout_ms = 200;
	assert_int_equal(lvpn_script_run(&s, "up", "/bin/sleep 5", NULL, 0, &e, &status),
	                 LVPN_ERR_TIMEOUT);
	assert_int_equal(status, 128 + 9);
	lvpn_env_free(&e);
}

static void env_matches_openvpn(void **state)
{
	/* Recorded from OpenVPN 2.6.14 in a namespace with a veth default
	 * route via 198.18.0.1 / 2001:2::1:
	 *   openvpn --dev tun --topology subnet --ifconfig 198.19.0.2 255.255.255.0
	 *     --route-gateway 198.19.0.1 --ifconfig-ipv6 2001:2:0:1::1000/64 2001:2:0:1::1
	 *     --route 198.19.5.0 255.255.255.0 --route 198.18.100.0 255.255.255.0 net_gateway 9
	 *     --route-ipv6 2001:2:0:10::/64 --route-metric 50 --redirect-gateway def1 ipv6
	 *     --remote 198.18.1.1 --up env-dumper --script-security 2
	 * (generic variables such as config, verb, daemon*, remote_1 omitted:
	 * the frontend sets those). */
	static const char *const want[] = {
	    "dev=tun0",
	    "dev_type=tun",
	    "tun_mtu=1500",
	    "script_context=init",
	    "ifconfig_ipv6_local=2001:2:0:1::1000",
	    "ifconfig_ipv6_netbits=64",
	    "ifconfig_ipv6_remote=2001:2:0:1::1",
	    "ifconfig_local=198.19.0.2",
	    "ifconfig_netmask=255.255.255.0",
	    "net_gateway_ipv6=2001:2::1",
	    "route_gateway_1=198.19.0.1",
	    "route_gateway_2=198.18.0.1",
	    "route_ipv6_gateway_1=2001:2:0:1::1",
	    "route_ipv6_gateway_2=2001:2:0:1::1",
	    "route_ipv6_gateway_3=2001:2:0:1::1",
	    "route_ipv6_gateway_4=2001:2:0:1::1",
	    "route_ipv6_gateway_5=2001:2:0:1::1",
	    "route_ipv6_metric_1=50",
	    "route_ipv6_metric_2=50",
	    "route_ipv6_metric_3=50",
	    "route_ipv6_metric_4=50",
	    "route_ipv6_metric_5=50",
	    "route_ipv6_network_1=2001:2:0:10::/64",
	    "route_ipv6_network_2=::/3",
	    "route_ipv6_network_3=2000::/4",
	    "route_ipv6_network_4=3000::/4",
	    "route_ipv6_network_5=fc00::/7",
	    "route_metric_1=50",
	    "route_metric_2=9",
	    "route_net_gateway=198.18.0.1",
	    "route_netmask_1=255.255.255.0",
	    "route_netmask_2=255.255.255.0",
	    "route_network_1=198.19.5.0",
	    "route_network_2=198.18.100.0",
	    "route_vpn_gateway=198.19.0.1",
	    "foreign_option_1=dhcp-option DNS 198.19.0.1",
	    "foreign_option_2=dhcp-option DOMAIN-SEARCH example.org",
	};
	static const char *const lines[] = {
	    "topology subnet",
	    "ifconfig 198.19.0.2 255.255.255.0",
	    "route-gateway 198.19.0.1",
	    "ifconfig-ipv6 2001:2:0:1::1000/64 2001:2:0:1::1",
	    "route 198.19.5.0 255.255.255.0",
	    "route 198.18.100.0 255.255.255.0 net_gateway 9",
	    "route-ipv6 2001:2:0:10::/64",
	    "route-metric 50",
	    "redirect-gateway def1 ipv6",
	};
	static const char *const foreign[] = {"dhcp-option DNS 198.19.0.1",
	                                      "dhcp-option DOMAIN-SEARCH example.org"};
	struct lvpn_netplan p;
	struct lvpn_netcfg_sys sys;
	struct lvpn_env e;

	lvpn_netplan_init(&p);
	for (unsigned i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		assert_int_equal(lvpn_netplan_parse_option(&p, lines[i], NULL), 0);
	p.have_remote_host = 1;
	p.remote_host = 0xc6120101; /* 198.18.1.1 */
	memset(&sys, 0, sizeof(sys));
	sys.tun_ifindex = 5;
	sys.have_gw4 = sys.gw4.has_gw = 1;
	inet_pton(AF_INET, "198.18.0.1", sys.gw4.gw);
	sys.have_gw6 = sys.gw6.has_gw = 1;
	inet_pton(AF_INET6, "2001:2::1", sys.gw6.gw);
	assert_int_equal(lvpn_env_init(&e, 64, 128), 0);
	assert_int_equal(
	    lvpn_script_env_netcfg(&e, &p, &sys, "tun0", 1500, "init", foreign, 2, NULL), 0);
	for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		char name[64];
		const char *eq = strchr(want[i], '=');
		memcpy(name, want[i], (size_t)(eq - want[i]));
		name[eq - want[i]] = '\0';
		const char *got = lvpn_env_get(&e, name);
		if (got == NULL || strcmp(got, eq + 1) != 0)
			fail_msg("%s: got '%s', OpenVPN sets '%s'", name, got ? got : "(unset)",
			         eq + 1);
	}
	/* nothing more than that */
	assert_int_equal(e.n, sizeof(want) / sizeof(want[0]));

	/* a small set grows to hold it all */
	lvpn_env_free(&e);
	assert_int_equal(lvpn_env_init(&e, 10, 128), 0);
	assert_int_equal(lvpn_script_env_netcfg(&e, &p, &sys, "tun0", 1500, "init", NULL, 0, NULL),
	                 0);
	assert_true(e.n > 10);
	lvpn_env_free(&e);
}

/* setenv lines as the options keep them (lvpn_opt_join quotes a value
 * with a space or a quote): the value a script sees is the unquoted one,
 * "" without a value, and a name a shell cannot have is left out. */
static void setenv_lines(void **state)
{
	char *lines[] = {"SE_TEST \"a value\"", "PLAIN x", "EMPTY", "Q \"say \\\"hi\\\" \\\\ ok\"",
	                 "BAD-NAME 1"};
	struct lvpn_env e;

	(void)state;
	assert_int_equal(lvpn_env_init(&e, 8, 128), 0);
	assert_int_equal(lvpn_script_env_setenv(&e, lines, 5), 0);
	assert_string_equal(lvpn_env_get(&e, "SE_TEST"), "a value");
	assert_string_equal(lvpn_env_get(&e, "PLAIN"), "x");
	assert_string_equal(lvpn_env_get(&e, "EMPTY"), "");
	assert_string_equal(lvpn_env_get(&e, "Q"), "say \"hi\" \\ ok");
	assert_null(lvpn_env_get(&e, "BAD-NAME"));
	assert_int_equal(e.n, 4);
	/* cleared: empty, and usable again */
	lvpn_env_clear(&e);
	assert_int_equal(e.n, 0);
	assert_null(lvpn_env_get(&e, "PLAIN"));
	assert_int_equal(lvpn_env_set(&e, "A", "b"), 0);
	assert_string_equal(lvpn_env_get(&e, "A"), "b");
	lvpn_env_free(&e);
}

/* trusted_ip / trusted_ip6 and the port, as OpenVPN names them. */
static void addr_vars(void **state)
{
	struct sockaddr_in a4 = {.sin_family = AF_INET, .sin_port = htons(1194)};
	struct sockaddr_in6 a6 = {.sin6_family = AF_INET6, .sin6_port = htons(443)};
	struct sockaddr un = {.sa_family = AF_UNIX};
	struct lvpn_env e;

	(void)state;
	inet_pton(AF_INET, "198.18.0.1", &a4.sin_addr);
	inet_pton(AF_INET6, "2001:2::1", &a6.sin6_addr);
	assert_int_equal(lvpn_env_init(&e, 8, 128), 0);
	assert_int_equal(lvpn_script_env_addr(&e, "trusted", (struct sockaddr *)&a4), 0);
	assert_string_equal(lvpn_env_get(&e, "trusted_ip"), "198.18.0.1");
	assert_string_equal(lvpn_env_get(&e, "trusted_port"), "1194");
	assert_int_equal(lvpn_script_env_addr(&e, "untrusted", (struct sockaddr *)&a6), 0);
	assert_string_equal(lvpn_env_get(&e, "untrusted_ip6"), "2001:2::1");
	assert_string_equal(lvpn_env_get(&e, "untrusted_port"), "443");
	assert_null(lvpn_env_get(&e, "untrusted_ip"));
	assert_int_equal(lvpn_script_env_addr(&e, "x", &un), 0);
	assert_int_equal(e.n, 4);
	lvpn_env_free(&e);
}

/* One certificate's variables; a hostile subject or field value loses
 * its control bytes, as OpenVPN cleans them (a backquote is printable and
 * stays: scripts get values in the environment, never through a shell). */
static void cert_vars(void **state)
{
	struct lvpn_tls_cert_info ci;
	struct lvpn_env e;

	(void)state;
	memset(&ci, 0, sizeof(ci));
	ci.depth = 1;
	strcpy(ci.subject, "CN=ca\nX=1");
	strcpy(ci.serial, "42");
	strcpy(ci.serial_hex, "2a");
	strcpy(ci.sha1, "aa:bb");
	strcpy(ci.sha256, "cc:dd");
	ci.nfields = 1;
	strcpy(ci.field[0].name, "X509_1_CN");
	strcpy(ci.field[0].value, "ca\n`id`");
	assert_int_equal(lvpn_env_init(&e, 4, 256), 0);
	assert_int_equal(lvpn_script_env_cert(&e, &ci), 0);
	assert_int_equal(e.n, 6);
	assert_string_equal(lvpn_env_get(&e, "tls_serial_1"), "42");
	assert_string_equal(lvpn_env_get(&e, "tls_serial_hex_1"), "2a");
	assert_string_equal(lvpn_env_get(&e, "tls_digest_1"), "aa:bb");
	assert_string_equal(lvpn_env_get(&e, "tls_digest_sha256_1"), "cc:dd");
	assert_null(strchr(lvpn_env_get(&e, "tls_id_1"), '\n'));
	assert_null(strchr(lvpn_env_get(&e, "X509_1_CN"), '\n'));
	lvpn_env_free(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(env_set_rules),       cmocka_unit_test(env_grows),
	    cmocka_unit_test(split_like_openvpn),  cmocka_unit_test(split_rejects_bad),
	    cmocka_unit_test(security_levels),     cmocka_unit_test(run_args_status_timeout),
	    cmocka_unit_test(env_matches_openvpn), cmocka_unit_test(setenv_lines),
	    cmocka_unit_test(addr_vars),           cmocka_unit_test(cert_vars),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
