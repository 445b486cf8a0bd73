/* SPDX-License-Identifier: BSD-2-Clause */
/* --port-share: which first bytes of a TCP connection are an OpenVPN
 * client (OpenVPN 2.6's rule), which are another protocol, and when the
 * bytes are too few to say. */
#include "tests/unit/testutil.h"
#include "tests/unit/test_config_memfs.h"

#include "proto/config/options.h"
#include "proto/portshare.h"

/* A length prefix and an opcode byte (op << 3 | key id). */
static enum lvpn_ps_verdict check3(unsigned plen, uint8_t b)
{
	uint8_t p[3] = {(uint8_t)(plen >> 8), (uint8_t)plen, b};

	return lvpn_portshare_check(p, sizeof(p));
}

static void too_few_bytes_wait(void **st)
{
	const uint8_t g[1] = {'G'};

	(void)st;
	assert_int_equal(lvpn_portshare_check(NULL, 0), LVPN_PS_WAIT);
	assert_int_equal(lvpn_portshare_check(g, 1), LVPN_PS_WAIT);
	assert_int_equal(lvpn_portshare_check((const uint8_t *)"\x00", 1), LVPN_PS_WAIT);
}

static void http_and_tls_are_foreign(void **st)
{
	const char get[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
	const uint8_t hello[] = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01};

	(void)st;
	assert_int_equal(lvpn_portshare_check((const uint8_t *)get, sizeof(get) - 1),
	                 LVPN_PS_FOREIGN);
	assert_int_equal(lvpn_portshare_check(hello, sizeof(hello)), LVPN_PS_FOREIGN);
	/* "GE" alone: a length of 0x4745, beyond any first packet */
	assert_int_equal(lvpn_portshare_check((const uint8_t *)get, 2), LVPN_PS_FOREIGN);
}

static void hard_reset_v2_is_openvpn(void **st)
{
	(void)st;
	assert_int_equal(check3(14, 7 << 3), LVPN_PS_OPENVPN);
	assert_int_equal(check3(54, 7 << 3), LVPN_PS_OPENVPN);
	assert_int_equal(check3(255, 7 << 3), LVPN_PS_OPENVPN);
	/* lengths out of 14..255 */
	assert_int_equal(check3(13, 7 << 3), LVPN_PS_FOREIGN);
	assert_int_equal(check3(256, 7 << 3), LVPN_PS_FOREIGN);
	assert_int_equal(check3(0, 7 << 3), LVPN_PS_FOREIGN);
	/* another key id, another opcode (a soft reset, data, V1 reset) */
	assert_int_equal(check3(54, 7 << 3 | 1), LVPN_PS_FOREIGN);
	assert_int_equal(check3(54, 3 << 3), LVPN_PS_FOREIGN);
	assert_int_equal(check3(54, 9 << 3), LVPN_PS_FOREIGN);
	assert_int_equal(check3(54, 1 << 3), LVPN_PS_FOREIGN);
}

static void hard_reset_v3_needs_a_wrapped_key(void **st)
{
	(void)st;
	assert_int_equal(check3(336, 10 << 3), LVPN_PS_OPENVPN);
	assert_int_equal(check3(600, 10 << 3), LVPN_PS_OPENVPN);
	assert_int_equal(check3(1278, 10 << 3), LVPN_PS_OPENVPN);
	assert_int_equal(check3(335, 10 << 3), LVPN_PS_FOREIGN);
	assert_int_equal(check3(1279, 10 << 3), LVPN_PS_FOREIGN);
	assert_int_equal(check3(54, 10 << 3), LVPN_PS_FOREIGN);
	assert_int_equal(check3(600, 10 << 3 | 2), LVPN_PS_FOREIGN);
}

/* Two bytes: only the length can be judged (2.6 decides on them). */
static void two_bytes_judge_the_length(void **st)
{
	const uint8_t ok[2] = {0, 54}, small[2] = {0, 13}, big[2] = {1, 0}, v3[2] = {1, 0x80};

	(void)st;
	assert_int_equal(lvpn_portshare_check(ok, 2), LVPN_PS_OPENVPN);
	assert_int_equal(lvpn_portshare_check(small, 2), LVPN_PS_FOREIGN);
	assert_int_equal(lvpn_portshare_check(big, 2), LVPN_PS_FOREIGN);
	assert_int_equal(lvpn_portshare_check(v3, 2), LVPN_PS_FOREIGN);
}

#define CERT "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"

/* port-share HOST PORT [DIR] on the command line after an inline PKI:
 * taken by a TCP server (host, port and dir stored as given), refused
 * with 2.6's messages elsewhere. */
static void option_taken_by_tcp_servers_only(void **st)
{
	static const struct {
		const char *args[10];
		const char *host, *port, *dir, *error; /* error NULL: taken */
	} cases[] = {
	    {{"--server", "10.8.0.0", "255.255.255.0", "--proto", "tcp-server", "--port-share",
	      "127.0.0.1", "8443", "/run/ps"},
	     "127.0.0.1",
	     "8443",
	     "/run/ps",
	     NULL},
	    {{"--mode", "server", "--tls-server", "--proto", "tcp", "--port-share", "web.example",
	      "https"},
	     "web.example",
	     "https",
	     NULL,
	     NULL},
	    {{"--server", "10.8.0.0", "255.255.255.0", "--port-share", "127.0.0.1", "443"},
	     NULL,
	     NULL,
	     NULL,
	     "--port-share only works in TCP server mode (--proto values of tcp-server, "
	     "tcp4-server, or tcp6-server)"},
	    {{"--client", "--remote", "vpn.example", "--proto", "tcp", "--port-share", "127.0.0.1",
	      "443"},
	     NULL,
	     NULL,
	     NULL,
	     "--port-share requires TCP server mode (--mode server --proto tcp-server)"},
	};
	const struct memfile files[] = {
	    {"pki.conf", "<ca>\n" CERT "</ca>\n<cert>\n" CERT "</cert>\n<key>\n" CERT "</key>\n"},
	    {NULL, NULL}};
	struct lvpn_options o;
	char msg[1200];

	(void)st;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *argv[20] = {"leanvpn", "--config", "pki.conf", "--dev",
		                        "tun",     "--dh",     "none"};
		int rc;

		for (size_t k = 0; k < 10 && cases[i].args[k]; k++)
			argv[7 + k] = cases[i].args[k];
		memset(&o, 0, sizeof(o));
		rc = memfs_run(&o, files, argv, 1, msg, sizeof(msg));
		if (cases[i].error) {
			assert_int_equal(rc, LVPN_ERR_CONFIG);
			if (!strstr(msg, cases[i].error))
				fail_msg("case %zu: '%s' without '%s'", i, msg, cases[i].error);
		} else {
			if (rc)
				fail_msg("case %zu refused: %s", i, msg);
			assert_string_equal(o.port_share_host, cases[i].host);
			assert_string_equal(o.port_share_port, cases[i].port);
			if (cases[i].dir)
				assert_string_equal(o.port_share_dir, cases[i].dir);
			else
				assert_null(o.port_share_dir);
		}
		lvpn_options_free(&o);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(too_few_bytes_wait),
	    cmocka_unit_test(http_and_tls_are_foreign),
	    cmocka_unit_test(hard_reset_v2_is_openvpn),
	    cmocka_unit_test(hard_reset_v3_needs_a_wrapped_key),
	    cmocka_unit_test(two_bytes_judge_the_length),
	    cmocka_unit_test(option_taken_by_tcp_servers_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
