/* SPDX-License-Identifier: BSD-2-Clause */
/* Tests for the option table, typed options, helper expansions, checks
 * across options and the --check-config printer.  Expected behaviour is
 * OpenVPN 2.6's (options.c, helper.c, the manual), cited per case. */
#include "tests/unit/testutil.h"
#include "tests/unit/test_config_memfs.h"

#include "proto/config/optset.h"
#include "proto/config/opttab.h"

static struct lvpn_options o;
static char msg[1200];

#define PEM "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
#define KEY "-----BEGIN OpenVPN Static key V1-----\n00\n-----END OpenVPN Static key V1-----\n"

static const char *client_head = "client\nremote vpn.example 1194\n<ca>\n" PEM "</ca>\n"
                                 "<cert>\n" PEM "</cert>\n<key>\n" PEM "</key>\n";
static const char *server_head = "server 10.8.0.0 255.255.255.0\n<ca>\n" PEM "</ca>\n"
                                 "<cert>\n" PEM "</cert>\n<key>\n" PEM "</key>\n";

/* Runs head + body as a.conf (with extra files) through parse and finish. */
static int run2(const char *head, const char *body, const struct memfile *extra)
{
	static char text[8192];
	struct memfile files[8] = {{"a.conf", text}};
	const char *argv[] = {"leanvpn", "--dev",    "tun",    "--dh",
	                      "none",    "--config", "a.conf", NULL};
	int i = 1;

	snprintf(text, sizeof(text), "%s%s", head, body);
	for (; extra && extra->path && i < 7; extra++)
		files[i++] = *extra;
	return memfs_run(&o, files, argv, 1, msg, sizeof(msg));
}

static void expect_ok(const char *head, const char *body)
{
	int rc = run2(head, body, NULL);

	if (rc != 0)
		fail_msg("unexpected error: %s", msg);
}

static void expect_ok2(const char *head, const char *body, const struct memfile *extra)
{
	int rc = run2(head, body, extra);

	if (rc != 0)
		fail_msg("unexpected error: %s", msg);
}

static void expect_err(const char *head, const char *body, const char *expected)
{
	assert_int_equal(run2(head, body, NULL), LVPN_ERR_CONFIG);
	assert_string_equal(msg, expected);
	lvpn_options_free(&o);
}

static void table_is_sorted_and_sane(void **state)
{
	for (size_t i = 0; i < lvpn_opttab_len; i++) {
		const struct lvpn_opttab *t = &lvpn_opttab[i];

		if (i > 0)
			assert_true(strcmp(lvpn_opttab[i - 1].name, t->name) < 0);
		assert_true(t->min <= t->max);
		assert_true(t->max <= LVPN_OPT_MANY);
		assert_true(t->where != 0);
		if (t->status != LVPN_OPT_OK)
			assert_non_null(t->why);
		assert_ptr_equal(lvpn_opttab_find(t->name), t);
	}
	assert_null(lvpn_opttab_find("frobnicate"));
	assert_null(lvpn_opttab_find(""));
	/* OpenVPN 2.6 has 311 option names in add_option, leanvpn adds
	 * check-config, data-threads and OpenVPN 2.7's dns-updown */
	assert_int_equal(lvpn_opttab_len, 314);
}

static void defaults_are_openvpn_26(void **state)
{
	/* openvpn-protocol.md b.16 */
	expect_ok(client_head, "");
	assert_int_equal(o.tls_timeout, 2);
	assert_int_equal(o.hand_window, 60);
	assert_int_equal(o.tran_window, 3600);
	assert_int_equal(o.reneg_sec, 3600);
	assert_int_equal(o.replay_window, 64);
	assert_int_equal(o.replay_time, 15);
	assert_int_equal(o.conns[0].connect_retry, 1);
	assert_int_equal(o.conns[0].connect_retry_max_backoff, 300);
	assert_int_equal(o.conns[0].connect_timeout, 120);
	assert_int_equal(o.max_clients, 1024);
	assert_int_equal(o.tcp_queue_limit, 64);
	assert_int_equal(o.conns[0].tun_mtu, 1500);
	assert_int_equal(o.conns[0].mssfix, 1492);
	assert_string_equal(o.data_ciphers, "AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305");
	assert_int_equal(o.tls_version_min, 0x0303);
	assert_string_equal(o.auth, "SHA1");
	assert_string_equal(o.conns[0].remote_port, "1194");
	assert_int_equal(o.allow_compression, LVPN_ALLOWCOMP_NO);
	lvpn_options_free(&o);
}

static void client_expands_to_pull_tls_client(void **state)
{
	expect_ok(client_head, "");
	assert_int_equal(o.pull, 1);
	assert_int_equal(o.tls_client, 1);
	assert_int_equal(o.role, LVPN_ROLE_CLIENT);
	lvpn_options_free(&o);
	expect_ok("pull\ntls-client\nremote h\n<ca>\n" PEM "</ca>\nauth-user-pass\n", "");
	assert_int_equal(o.role, LVPN_ROLE_CLIENT);
	assert_int_equal(o.auth_user_pass_set, 1);
	assert_null(o.auth_user_pass.data);
	lvpn_options_free(&o);
	expect_ok(server_head, "");
	assert_int_equal(o.role, LVPN_ROLE_SERVER);
	assert_int_equal(o.mode_server, 1);
	assert_int_equal(o.tls_server, 1);
	lvpn_options_free(&o);
}

/* helper.c helper_keepalive: client ping a / ping-restart b; server
 * ping a / ping-restart 2b and pushes ping a / ping-restart b. */
static void keepalive_expansion(void **state)
{
	expect_ok(client_head, "keepalive 10 60\n");
	assert_int_equal(o.ping, 10);
	assert_int_equal(o.ping_restart, 60);
	assert_int_equal(o.push.n, 0);
	lvpn_options_free(&o);
	expect_ok(server_head, "keepalive 10 60\n");
	assert_int_equal(o.ping, 10);
	assert_int_equal(o.ping_restart, 120);
	assert_int_equal(o.push.n, 2);
	assert_string_equal(o.push.v[0], "ping 10");
	assert_string_equal(o.push.v[1], "ping-restart 60");
	lvpn_options_free(&o);
	expect_err(client_head, "keepalive 10 60\nping 5\n",
	           "leanvpn: a.conf:18: option 'keepalive': conflicts with 'ping', 'ping-restart' "
	           "and 'ping-exit'");
	expect_err(
	    client_head, "keepalive 10 15\n",
	    "leanvpn: a.conf:18: option 'keepalive': the timeout (15) must be at least twice "
	    "the ping interval (10)");
	expect_err(client_head, "ping-exit 5\nping-restart 6\n",
	           "leanvpn: a.conf:18: option 'ping-exit': cannot be used with 'ping-restart'");
}

static void value_validation(void **state)
{
	expect_err(client_head, "port 65536\n",
	           "leanvpn: a.conf:18: option 'port': bad port number '65536' (1 to 65535)");
	expect_err(client_head, "ifconfig 10.0.0.256 10.0.0.2\n",
	           "leanvpn: a.conf:18: option 'ifconfig': '10.0.0.256' is not an IPv4 address");
	expect_err(client_head, "route 10.0.0.0 255.0.255.0\n",
	           "leanvpn: a.conf:18: option 'route': '255.0.255.0' is not an IPv4 netmask");
	expect_err(
	    client_head, "route-ipv6 2001:db8::/129\n",
	    "leanvpn: a.conf:18: option 'route-ipv6': '2001:db8::/129' is not an IPv6 address");
	expect_err(client_head, "proto sctp\n",
	           "leanvpn: a.conf:18: option 'proto': 'sctp' is not one of 'udp', 'udp4', "
	           "'udp6', 'tcp', 'tcp4', 'tcp6', 'tcp-client', 'tcp4-client', 'tcp6-client', "
	           "'tcp-server', 'tcp4-server', 'tcp6-server'");
	expect_err(client_head, "data-ciphers AES-256-GCM::X\n",
	           "leanvpn: a.conf:18: option 'data-ciphers': 'AES-256-GCM::X' is not a "
	           "':'-separated list of cipher names");
	expect_err(client_head, "cipher AES 256\n",
	           "leanvpn: a.conf:18: option 'cipher': expects 1 argument, got 2");
	expect_err(client_head, "tls-version-min 1.4\n",
	           "leanvpn: a.conf:18: option 'tls-version-min': '1.4' is not one of '1.0', "
	           "'1.1', '1.2', '1.3'");
	expect_err(client_head, "key-direction 2\n",
	           "leanvpn: a.conf:18: option 'key-direction': '2' is not one of '0', '1'");
	expect_err(client_head, "reneg-sec -1\n",
	           "leanvpn: a.conf:18: option 'reneg-sec': -1 is out of range (0 to 100000000)");
	expect_err(client_head, "peer-fingerprint AA:BB\n",
	           "leanvpn: a.conf:18: option 'peer-fingerprint': 'AA:BB' is not a SHA-256 "
	           "fingerprint (32 hex bytes separated by ':')");
	expect_err("", "server 10.8.0.1 255.255.255.0\n",
	           "leanvpn: a.conf:1: option 'server': 10.8.0.1 is not the first address of a "
	           "255.255.255.0 network");
	expect_err("", "server-ipv6 2001:db8::/48\n",
	           "leanvpn: a.conf:1: option 'server-ipv6': prefix length /48 out of range (/64 "
	           "to /124)");
	expect_err(client_head, "redirect-gateway def1 bypass-dhcp sideways\n",
	           "leanvpn: a.conf:18: option 'redirect-gateway': 'sideways' is not one of "
	           "'local', 'autolocal', 'def1', 'bypass-dhcp', 'bypass-dns', 'block-local', "
	           "'ipv6', '!ipv4'");
	expect_ok(client_head, "redirect-gateway def1 ipv6 !ipv4\nroute-ipv6 ::/0\n"
	                       "ifconfig-ipv6 fd00::2/64 fd00::1\nroute 192.0.2.0 255.255.255.0 "
	                       "net_gateway 5\n");
	assert_int_equal(o.redirect_gateway,
	                 LVPN_RG_ENABLE | LVPN_RG_DEF1 | LVPN_RG_IPV6 | LVPN_RG_NO_IPV4);
	assert_int_equal(o.routes.n, 1);
	lvpn_options_free(&o);
}

static void conflicts_and_requirements(void **state)
{
	expect_err(client_head,
	           "<tls-auth>\n" KEY "</tls-auth>\n<tls-crypt>\n" KEY "</tls-crypt>\n",
	           "leanvpn: a.conf:23: option 'tls-crypt': cannot be used with 'tls-auth'");
	expect_err(
	    client_head, "mode server\n",
	    "leanvpn: a.conf:1: option 'client': a server ('mode server') cannot pull options");
	expect_err("client\nremote h\n", "",
	           "leanvpn: a.conf:1: option 'client': needs 'ca' (or 'capath', 'pkcs12', "
	           "'peer-fingerprint') to verify the peer's certificate");
	expect_err("client\nremote h\n<ca>\n" PEM "</ca>\n", "",
	           "leanvpn: a.conf:1: option 'client': needs a client certificate ('cert' and "
	           "'key', or 'pkcs12') or 'auth-user-pass'");
	expect_err("client\nremote h\n<ca>\n" PEM "</ca>\n<cert>\n" PEM "</cert>\n", "",
	           "leanvpn: a.conf:8: option 'cert': given without 'key'");
	expect_err("client\n<ca>\n" PEM "</ca>\nauth-user-pass\n", "",
	           "leanvpn: a.conf:1: option 'client': a client needs at least one 'remote'");
	expect_err(
	    client_head, "client-to-client\n",
	    "leanvpn: a.conf:18: option 'client-to-client': only for a server ('mode server')");
	expect_err(server_head, "auth-user-pass\n",
	           "leanvpn: a.conf:17: option 'auth-user-pass': needs 'pull' (or 'client')");
	expect_err(server_head, "remote h\n",
	           "leanvpn: a.conf:17: option 'remote': a server ('mode server') takes no remote");
	expect_err("verb 3\n", "",
	           "leanvpn: a.conf:1: option 'tls-client': no TLS role given: use 'client' (or "
	           "'tls-client'), 'server' (or 'tls-server') or 'secret'; unencrypted mode is "
	           "not supported");
	expect_err(client_head, "comp-lzo\nallow-compression no\n",
	           "leanvpn: a.conf:19: option 'allow-compression': 'allow-compression no' "
	           "conflicts with the compression configured");
	/* remotes outside blocks are not used when there are blocks */
	expect_ok(client_head, "<connection>\nremote x\n</connection>\n");
	assert_int_equal(o.nconns, 1);
	assert_string_equal(o.conns[0].remote, "x");
	lvpn_options_free(&o);
	/* pushed and per-client options are not for config files */
	expect_err(client_head, "push-reset\n",
	           "leanvpn: a.conf:18: option 'push-reset': not allowed in a configuration file");
	/* fragment, UDP only; mssfix follows it unless given a value (2.6) */
	expect_ok(client_head, "fragment 1300\n");
	assert_int_equal(o.conns[0].fragment, 1300);
	assert_int_equal(o.conns[0].fragment_mtu, 0);
	assert_int_equal(o.conns[0].mssfix, 1300);
	lvpn_options_free(&o);
	expect_ok(client_head, "fragment 1300 mtu\nmssfix 1400\n");
	assert_int_equal(o.conns[0].fragment_mtu, 1);
	assert_int_equal(o.conns[0].mssfix, 1400);
	lvpn_options_free(&o);
	expect_err(
	    client_head, "proto tcp\nfragment 1300\n",
	    "leanvpn: a.conf:19: option 'fragment': --fragment can only be used with --proto udp");
	expect_err(client_head, "fragment 67\n",
	           "leanvpn: a.conf:18: option 'fragment': 67 is out of range (68 to 65535)");
	expect_err(client_head, "fragment 1300 udp\n",
	           "leanvpn: a.conf:18: option 'fragment': 'udp' is not one of 'mtu'");
}

static void files_through_ops(void **state)
{
	const struct memfile keys[] = {
	    {"/etc/vpn/ca.crt", PEM}, {"/etc/vpn/ta.key", KEY}, {NULL, NULL}};

	assert_int_equal(run2("client\nremote h\nauth-user-pass\ncd /etc/vpn\nca ca.crt\n",
	                      "tls-auth ta.key 1\n", keys),
	                 0);
	assert_string_equal(o.ca.data, "/etc/vpn/ca.crt");
	assert_int_equal(o.ca.is_inline, 0);
	assert_string_equal(o.conns[0].tls_auth.data, "/etc/vpn/ta.key");
	assert_int_equal(o.conns[0].key_direction, 1);
	lvpn_options_free(&o);
	assert_int_equal(run2("client\nremote h\nauth-user-pass\nca /etc/vpn/ca.crt\n",
	                      "tls-crypt missing.key\n", keys),
	                 LVPN_ERR_CONFIG);
	assert_string_equal(msg, "leanvpn: a.conf:5: option 'tls-crypt': cannot read file "
	                         "'missing.key': No such file or directory");
	lvpn_options_free(&o);
	assert_int_equal(run2("client\nremote h\nauth-user-pass\nca [inline]\n", "", keys),
	                 LVPN_ERR_CONFIG);
	assert_string_equal(msg, "leanvpn: a.conf:4: option 'ca': '[inline]' given but no <ca> "
	                         "block follows");
	lvpn_options_free(&o);
	expect_err(client_head, "<tls-crypt>\nnot a key\n</tls-crypt>\n",
	           "leanvpn: a.conf:18: option 'tls-crypt': the inline <tls-crypt> block holds no "
	           "OpenVPN key (-----BEGIN OpenVPN ...)");
	expect_err(client_head, "<pkcs12>\nnot*base64\n</pkcs12>\n",
	           "leanvpn: a.conf:18: option 'pkcs12': the inline <pkcs12> block must be base64 "
	           "(PKCS#12 data)");
}

/* key-direction applies to an inline tls-auth, as in OpenVPN. */
static void key_direction_inline(void **state)
{
	expect_ok(client_head, "key-direction 1\n<tls-auth>\n" KEY "</tls-auth>\n");
	assert_int_equal(o.conns[0].key_direction, 1);
	assert_int_equal(o.conns[0].tls_auth.is_inline, 1);
	lvpn_options_free(&o);
	expect_ok(client_head, "<tls-auth>\n" KEY "</tls-auth>\n");
	assert_int_equal(o.conns[0].key_direction, -1);
	lvpn_options_free(&o);
}

static void cipher_joins_data_ciphers(void **state)
{
	/* OpenVPN 2.6 appends --cipher to --data-ciphers when it is missing */
	expect_ok(client_head, "cipher AES-128-CBC\n");
	assert_string_equal(o.data_ciphers,
	                    "AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305:AES-128-CBC");
	lvpn_options_free(&o);
	expect_ok(client_head, "cipher aes-256-gcm\n");
	assert_string_equal(o.data_ciphers, "AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305");
	lvpn_options_free(&o);
}

/* The same apply() serves PUSH_REPLY and client-config-dir lines. */
static void permissions_by_source(void **state)
{
	struct lvpn_config_loc loc = {"ccd/alice", 3};
	struct lvpn_config_loc push = {"[PUSH]", 1};
	struct lvpn_config_err err;
	char *route[] = {"route", "10.1.0.0", "255.255.0.0", NULL};
	char *ca[] = {"ca", "x", NULL};
	char *iroute[] = {"iroute", "10.2.0.0", "255.255.0.0", NULL};
	char *secret[] = {"setenv", "opt", "ca", "x", NULL};

	assert_int_equal(lvpn_options_init(&o, NULL, NULL), 0);
	assert_int_equal(lvpn_options_apply(&o, 3, route, 0, LVPN_WHERE_PUSH, &push, &err), 0);
	assert_int_equal(o.routes.n, 1);
	assert_int_equal(lvpn_options_apply(&o, 2, ca, 0, LVPN_WHERE_PUSH, &push, &err),
	                 LVPN_ERR_CONFIG);
	lvpn_config_err_format(&err, msg, sizeof(msg));
	assert_string_equal(msg, "leanvpn: [PUSH]:1: option 'ca': not allowed in options pushed "
	                         "by the server");
	/* "setenv opt" does not shield pushed options */
	assert_int_equal(lvpn_options_apply(&o, 4, secret, 0, LVPN_WHERE_PUSH, &push, &err),
	                 LVPN_ERR_CONFIG);
	assert_int_equal(lvpn_options_apply(&o, 3, iroute, 0, LVPN_WHERE_CCD, &loc, &err), 0);
	assert_int_equal(o.iroutes.n, 1);
	assert_int_equal(lvpn_options_apply(&o, 3, route, 0, LVPN_WHERE_CCD, &loc, &err),
	                 LVPN_ERR_CONFIG);
	lvpn_options_free(&o);
}

struct lines {
	char text[8192];
};

static void collect(void *ctx, const char *line)
{
	struct lines *l = ctx;

	snprintf(l->text + strlen(l->text), sizeof(l->text) - strlen(l->text), "%s\n", line);
}

static void print_redacts_secrets(void **state)
{
	struct lines l = {""};

	expect_ok(client_head, "auth-token SECRET123\n<tls-crypt>\n" KEY "</tls-crypt>\n"
	                       "setenv opt block-outside-dns\npush-peer-info\n");
	lvpn_options_print(&o, collect, &l);
	assert_null(strstr(l.text, "SECRET123"));
	assert_null(strstr(l.text, "BEGIN"));
	assert_non_null(strstr(l.text, "auth-token [redacted]\n"));
	assert_non_null(strstr(l.text, "\nca [inline]\n"));
	assert_non_null(strstr(l.text, "\ntls-crypt [inline]\n"));
	assert_non_null(strstr(l.text, "\nremote vpn.example 1194 udp\n"));
	assert_true(strncmp(l.text, "client\n", 7) == 0);
	lvpn_options_free(&o);
}

/* --check-config prints verify-x509-name and peer-fingerprint in a form
 * that parses again to the same values (a name with spaces quoted; each
 * fingerprint of a list on its own line, as OpenVPN 2.6 adds option lines
 * to the list). */
static void print_round_trip(void **state)
{
	struct lines l = {""};
	char body[4096] = "", *line;
	const char *fa = "AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:"
	                 "AA:AA:AA:AA:AA:AA:AA:AA";
	const char *fb = "0B:0B:0B:0B:0B:0B:0B:0B:0B:0B:0B:0B:0B:0B:0B:0B:0B:0B:0B:0B:0B:0B:0B:0B:"
	                 "0B:0B:0B:0B:0B:0B:0B:0B";
	char conf[1024];

	snprintf(conf, sizeof(conf),
	         "verify-x509-name 'C=DE, O=Example \\\"VPN\\\", CN=vpn one' subject\n"
	         "peer-fingerprint %s\npeer-fingerprint %s\n",
	         fa, fb);
	expect_ok(client_head, conf);
	assert_string_equal(o.verify_x509_name, "C=DE, O=Example \\\"VPN\\\", CN=vpn one");
	lvpn_options_print(&o, collect, &l);
	lvpn_options_free(&o);
	for (line = strtok(l.text, "\n"); line; line = strtok(NULL, "\n"))
		if (!strncmp(line, "verify-x509-name ", 17) ||
		    !strncmp(line, "peer-fingerprint ", 17))
			snprintf(body + strlen(body), sizeof(body) - strlen(body), "%s\n", line);
	expect_ok(client_head, body);
	assert_string_equal(o.verify_x509_name, "C=DE, O=Example \\\"VPN\\\", CN=vpn one");
	assert_string_equal(o.verify_x509_type, "subject");
	assert_non_null(o.peer_fingerprint.data);
	assert_non_null(strstr(o.peer_fingerprint.data, fa));
	assert_non_null(strstr(o.peer_fingerprint.data, fb));
	lvpn_options_free(&o);
	/* an inline block replaces what option lines gave, as in 2.6 */
	snprintf(conf, sizeof(conf),
	         "peer-fingerprint %s\n<peer-fingerprint>\n# ours\n%s\n</peer-fingerprint>\n", fa,
	         fb);
	expect_ok(client_head, conf);
	assert_null(strstr(o.peer_fingerprint.data, fa));
	assert_non_null(strstr(o.peer_fingerprint.data, fb));
	lvpn_options_free(&o);
}

/* ns-cert-type and verify-hash as OpenVPN 2.6.14 takes them (it refuses
 * other ns-cert-type values and hashes of the wrong length), printed back
 * so that they parse again. */
static void ns_cert_type_verify_hash(void **state)
{
	const char *sha1 = "71:D2:C8:17:76:72:7D:C6:96:71:F5:F1:61:82:D9:CE:47:08:17:78";
	char conf[512];
	struct lines l = {""};

	snprintf(conf, sizeof(conf), "ns-cert-type server\nverify-hash %s\n", sha1);
	expect_ok(client_head, conf);
	assert_int_equal(o.ns_cert_type, 2);
	assert_int_equal(o.verify_hash_sha256, 0);
	lvpn_options_print(&o, collect, &l);
	assert_non_null(strstr(l.text, "\nns-cert-type server\n"));
	snprintf(conf, sizeof(conf), "\nverify-hash %s SHA1\n", sha1);
	assert_non_null(strstr(l.text, conf));
	lvpn_options_free(&o);
	expect_err(client_head, "ns-cert-type both\n",
	           "leanvpn: a.conf:18: option 'ns-cert-type': must be 'client' or 'server'");
	expect_err(client_head, "verify-hash AB:CD\n",
	           "leanvpn: a.conf:18: option 'verify-hash': 'AB:CD' is not a SHA-1 fingerprint "
	           "(20 hex bytes separated by ':')");
	snprintf(conf, sizeof(conf), "verify-hash %s SHA256\n", sha1);
	assert_int_equal(run2(client_head, conf, NULL), LVPN_ERR_CONFIG);
	assert_non_null(strstr(msg, "is not a SHA-256 fingerprint"));
	lvpn_options_free(&o);
}

static void device_and_proto_roles(void **state)
{
	const char *argv[] = {"leanvpn", "--config", "a.conf", NULL};
	const struct memfile nodev[] = {{"a.conf", "client\nremote h\nauth-user-pass\n"
	                                           "<ca>\n" PEM "</ca>\n"},
	                                {NULL, NULL}};

	const struct memfile nodh[] = {{"a.conf", "dev tun\nserver 10.8.0.0 255.255.255.0\n"
	                                          "ca /ca\ncert /ca\nkey /ca\n"},
	                               {"/ca", PEM},
	                               {NULL, NULL}};

	/* OpenVPN: "You must define DH file (--dh)" */
	assert_int_equal(memfs_run(&o, nodh, argv, 1, msg, sizeof(msg)), LVPN_ERR_CONFIG);
	assert_string_equal(msg, "leanvpn: a.conf:2: option 'server': a server needs 'dh' (a DH "
	                         "parameter file, or 'dh none' for ECDH only)");
	lvpn_options_free(&o);
	/* OpenVPN: "You must define TUN/TAP device (--dev)" */
	assert_int_equal(memfs_run(&o, nodev, argv, 1, msg, sizeof(msg)), LVPN_ERR_CONFIG);
	assert_string_equal(msg, "leanvpn: a.conf:1: option 'client': needs a device: 'dev tun'");
	lvpn_options_free(&o);
	/* a client takes a tap device (and a server, below) */
	expect_ok(client_head, "dev tap\n");
	assert_int_equal(lvpn_options_tap(&o), 1);
	lvpn_options_free(&o);
	expect_ok(client_head, "dev vpn0\ndev-type tap\nlladdr 02:00:5E:10:20:3a\n");
	assert_int_equal(lvpn_options_tap(&o), 1);
	assert_int_equal(o.have_lladdr, 1);
	assert_memory_equal(o.lladdr, ((uint8_t[]){2, 0, 0x5e, 0x10, 0x20, 0x3a}), 6);
	lvpn_options_free(&o);
	expect_err(
	    client_head, "dev vpn0\n",
	    "leanvpn: a.conf:18: option 'dev': 'vpn0' is neither a tun nor a tap device (only "
	    "those are supported; --dev-type tells which)");
	/* OpenVPN 2.6: "--lladdr can only be used in --dev tap mode" */
	expect_err(client_head, "lladdr 02:00:5e:10:20:30\n",
	           "leanvpn: a.conf:18: option 'lladdr': can only be used with a tap device ('dev "
	           "tap')");
	expect_err(client_head, "dev tap\nlladdr 02:00:5e:10:20\n",
	           "leanvpn: a.conf:19: option 'lladdr': '02:00:5e:10:20' is not a MAC address "
	           "(aa:bb:cc:dd:ee:ff)");
	expect_err(client_head, "dev tap\nlladdr 02-00-5e-10-20-30\n",
	           "leanvpn: a.conf:19: option 'lladdr': '02-00-5e-10-20-30' is not a MAC address "
	           "(aa:bb:cc:dd:ee:ff)");
	expect_err(client_head, "dev tap\nlladdr 0x:00:5e:10:20:30\n",
	           "leanvpn: a.conf:19: option 'lladdr': '0x:00:5e:10:20:30' is not a MAC address "
	           "(aa:bb:cc:dd:ee:ff)");
	expect_err(client_head, "dev tap\nroute-gateway dhcp\n",
	           "leanvpn: a.conf:19: option 'route-gateway': 'dhcp' is not supported: leanvpn "
	           "does not learn the gateway from DHCP replies; give the gateway's address");
	expect_ok(client_head, "dev vpn0\ndev-type tun\n");
	assert_int_equal(lvpn_options_tap(&o), 0);
	lvpn_options_free(&o);
	/* a server takes a tap: `server` or `mode server`, and server-bridge
	 * (a server role by itself); pki: server_head without its `server` */
	const char *pki = server_head + strlen("server 10.8.0.0 255.255.255.0\n");
	struct lines printed = {""};

	expect_ok(server_head, "dev tap\n");
	lvpn_options_free(&o);
	expect_ok(pki, "mode server\ntls-server\ndev-type tap\n");
	lvpn_options_free(&o);
	expect_ok(pki, "server-bridge 10.8.0.4 255.255.255.0 10.8.0.128 10.8.0.254\ndev tap\n");
	assert_int_equal(o.mode_server, 1);
	assert_int_equal(o.role, LVPN_ROLE_SERVER);
	assert_string_equal(o.server_bridge[3], "10.8.0.254");
	lvpn_options_print(&o, collect, &printed);
	assert_non_null(
	    strstr(printed.text, "\nserver-bridge 10.8.0.4 255.255.255.0 10.8.0.128 10.8.0.254\n"));
	lvpn_options_free(&o);
	expect_ok(pki, "server-bridge nogw\ndev tap\n");
	assert_int_equal(o.server_bridge_dhcp, 1);
	assert_int_equal(o.server_bridge_nogw, 1);
	printed.text[0] = '\0';
	lvpn_options_print(&o, collect, &printed);
	assert_non_null(strstr(printed.text, "\nserver-bridge nogw\n"));
	lvpn_options_free(&o);
	expect_err(pki, "server-bridge 10.8.0.4 255.255.255.0 10.8.0.128\n",
	           "leanvpn: a.conf:16: option 'server-bridge': takes GATEWAY NETMASK POOL-START "
	           "POOL-END, 'nogw' or nothing");
	expect_err(pki, "server-bridge 10.8.0.4 255.255.0.255 10.8.0.128 10.8.0.254\n",
	           "leanvpn: a.conf:16: option 'server-bridge': '255.255.0.255' is not an IPv4 "
	           "netmask");
	expect_err(pki, "server-bridge nogw\n",
	           "leanvpn: a.conf:16: option 'server-bridge': only makes sense with 'dev tap'");
	expect_err(server_head, "server-bridge\ndev tap\n",
	           "leanvpn: a.conf:17: option 'server-bridge': cannot be used with 'server'");
	/* a tls-server without mode server is a peer-to-peer peer: tap too */
	expect_ok(pki, "tls-server\ndev tap\n");
	assert_int_equal(o.mode_server, 0);
	lvpn_options_free(&o);
	expect_err(server_head, "proto tcp-client\n",
	           "leanvpn: a.conf:17: option 'proto': a server ('mode server') cannot use "
	           "tcp-client");
	expect_err(client_head, "proto tcp-server\n",
	           "leanvpn: a.conf:1: option 'client': a client cannot use proto tcp-server");
	expect_ok(server_head, "proto tcp\n");
	assert_int_equal(o.conns[0].proto, LVPN_PROTO_TCP_SERVER);
	lvpn_options_free(&o);
	expect_ok(client_head, "proto tcp\n");
	assert_int_equal(o.conns[0].proto, LVPN_PROTO_TCP_CLIENT);
	assert_int_equal(o.conns[0].bind, 0); /* a TCP client binds no local port */
	lvpn_options_free(&o);
}

struct warnings {
	int n;
	char last[LVPN_LOG_LINE_MAX];
};

static void capture(void *ctx, int level, const char *line)
{
	struct warnings *w = ctx;

	w->n++;
	snprintf(w->last, sizeof(w->last), "%s", line);
}

/* Global tls-auth reaches blocks without their own, even when given after
 * them; other connection options after blocks are ignored, with a warning
 * (OpenVPN 2.6 options_postprocess_mutate_ce, check_option_permission). */
static void blocks_and_later_globals(void **state)
{
	const char *text =
	    "client\ndev tun\nauth-user-pass\n<ca>\n" PEM "</ca>\n"
	    "<connection>\nremote a\n</connection>\n"
	    "<connection>\nremote b\n<tls-crypt>\n" KEY "</tls-crypt>\n</connection>\n"
	    "key-direction 1\n<tls-auth>\n" KEY "</tls-auth>\nport 999\n";
	struct lvpn_config_err err;
	struct warnings w = {0};
	struct lvpn_log lg;

	lvpn_log_init(&lg, LVPN_LOG_WARN, capture, &w);
	assert_int_equal(lvpn_options_init(&o, NULL, &lg), 0);
	assert_int_equal(
	    lvpn_config_parse_text(&o, text, strlen(text), "a.conf", 0, LVPN_WHERE_CONFIG, 1, &err),
	    0);
	assert_int_equal(w.n, 1);
	assert_string_equal(w.last, "leanvpn: a.conf:26: option 'port': ignored by the "
	                            "<connection> blocks before it");
	assert_int_equal(lvpn_options_finish(&o, &err), 0);
	assert_int_equal(o.nconns, 2);
	assert_non_null(o.conns[0].tls_auth.data);
	assert_int_equal(o.conns[0].key_direction, 1);
	assert_string_equal(o.conns[0].remote_port, "1194");
	assert_null(o.conns[1].tls_auth.data);
	assert_non_null(o.conns[1].tls_crypt.data);
	lvpn_options_free(&o);
}

/* OpenVPN 2.6 options_postprocess_verify_ce: contradictions. */
/* A Windows-only option OpenVPN 2.6 on Linux does not know is refused in
 * a configuration as 2.6 refuses it, taken (and ignored) when
 * ignore-unknown-option names it or setenv opt hides it, and ignored when
 * a server pushes it (eduVPN servers push block-outside-dns to everyone).
 * route-method, which 2.6 on Linux accepts, stays accepted. */
static void windows_only_options(void **state)
{
	static const char reply[] = "block-outside-dns,register-dns,route 10.1.0.0 255.255.0.0";
	struct lvpn_config_err err;

	expect_err(client_head, "block-outside-dns\n",
	           "leanvpn: a.conf:18: option 'block-outside-dns': Windows only: OpenVPN 2.6 on "
	           "Linux refuses it too (remove it, or name it in 'ignore-unknown-option')");
	expect_err(client_head, "tap-sleep 2\n",
	           "leanvpn: a.conf:18: option 'tap-sleep': Windows only: OpenVPN 2.6 on "
	           "Linux refuses it too (remove it, or name it in 'ignore-unknown-option')");
	expect_ok(client_head, "ignore-unknown-option block-outside-dns\nblock-outside-dns\n");
	lvpn_options_free(&o);
	expect_ok(client_head, "setenv opt tap-sleep 2\nroute-method exe\n");
	assert_int_equal(lvpn_options_apply_push(&o, reply, strlen(reply), &err), 0);
	assert_int_equal(o.routes.n, 1);
	lvpn_options_free(&o);
}

static void contradictions(void **state)
{
	expect_err(client_head, "nobind\nlport 5000\n",
	           "leanvpn: a.conf:18: option 'nobind': cannot be used with 'bind', 'local' or "
	           "'lport'");
	expect_err(server_head, "redirect-gateway def1\n",
	           "leanvpn: a.conf:17: option 'redirect-gateway': cannot be used with 'mode "
	           "server' (push it to the clients instead)");
	expect_err(server_head, "ccd-exclusive\n",
	           "leanvpn: a.conf:17: option 'ccd-exclusive': needs 'client-config-dir'");
	expect_err(client_head, "<pkcs12>\nMIIB\n</pkcs12>\n",
	           "leanvpn: a.conf:18: option 'pkcs12': cannot be used with 'cert', 'key' or "
	           "'capath'");
	expect_err(
	    client_head, "tls-version-min 1.3\ntls-version-max 1.2\n",
	    "leanvpn: a.conf:18: option 'tls-version-min': is higher than 'tls-version-max'");
	expect_err(client_head, "no-replay\nreplay-window 128\n",
	           "leanvpn: a.conf:19: option 'replay-window': makes no sense with 'no-replay'");
	expect_err(
	    client_head, "ifconfig 10.1.0.1 10.1.0.1\n",
	    "leanvpn: a.conf:18: option 'ifconfig': the local and remote addresses must differ");
	expect_ok(server_head, "push \"redirect-gateway def1\"\n");
	lvpn_options_free(&o);
}

/* A pushed tun-mtu: a number from 100 to 65536 or nothing (it used to be
 * read with atoi: "abc" gave 0, "1400x" 1400); above what the buffers were
 * sized for (tun-mtu, tun-mtu-max) it is lowered, as OpenVPN 2.6 does. */
static int tun_mtu_after(const char *arg, int max_mtu, int mtu)
{
	assert_int_equal(lvpn_push_tun_mtu(arg, max_mtu, &mtu, NULL), 0);
	return mtu;
}

static void pushed_tun_mtu(void **state)
{
	static const char *const bad[] = {"abc",   "",      "99",         "-1500",
	                                  "65537", "1400x", "4294968896", "1400,"};
	int mtu;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		mtu = 1500;
		assert_int_equal(lvpn_push_tun_mtu(bad[i], 0, &mtu, NULL), LVPN_ERR_CONFIG);
		assert_int_equal(mtu, 1500);
	}
	assert_int_equal(tun_mtu_after("1400", 0, 1500), 1400);
	assert_int_equal(tun_mtu_after("100 1300", 0, 1500), 100);
	assert_int_equal(tun_mtu_after("9000", 0, 1500), 1500);
	assert_int_equal(tun_mtu_after("9000", 1600, 1500), 1600);
	assert_int_equal(tun_mtu_after("65536", 1600, 9000), 9000);
}

static void keep_line(void *ctx, int level, const char *line)
{
	(void)level;
	snprintf(ctx, 256, "%s", line);
}

/* A filtered auth-token is logged without its value. */
static void push_verdict_hides_the_token(void **state)
{
	static const struct lvpn_pull_filter f[] = {{LVPN_PULL_IGNORE, (char *)"auth-token"},
	                                            {LVPN_PULL_REJECT, (char *)"auth-token-user"}};
	struct lvpn_log lg;
	char line[256] = "";

	(void)state;
	lvpn_log_init(&lg, 9, keep_line, line);
	assert_int_equal(lvpn_push_verdict(f, 1, 0, "auth-token SECRET", &lg), LVPN_PULL_IGNORE);
	assert_non_null(strstr(line, "removed by filter"));
	assert_null(strstr(line, "SECRET"));
	assert_int_equal(lvpn_push_verdict(f + 1, 1, 0, "auth-token-user dXNlcg==", &lg),
	                 LVPN_PULL_REJECT);
	assert_non_null(strstr(line, "rejected by filter: 'auth-token-user dXNlcg=='"));
}

/* Which options a server may push at all (OpenVPN's pull mask), before
 * and after the pull-filters. */
static void push_verdict(void **state)
{
	static const char *const never[] = {
	    "up /bin/sh", "script-security 3",   "config /etc/x", "down x",
	    "route-up x", "tls-verify x",        "ca x",          "auth-user-pass x",
	    "no-such 1",  "pull-filter accept x"};
	static const char *const fine[] = {"route 10.0.0.0 255.0.0.0",
	                                   "ping 10",
	                                   "cipher AES-256-GCM",
	                                   "peer-id 3",
	                                   "auth-token x",
	                                   "tun-mtu 1400",
	                                   "dhcp-option DNS 10.0.0.1",
	                                   "  topology subnet"};
	static const struct lvpn_pull_filter f[] = {{LVPN_PULL_ACCEPT, (char *)"up "},
	                                            {LVPN_PULL_REJECT, (char *)"ping"}};

	(void)state;
	for (size_t i = 0; i < sizeof(never) / sizeof(never[0]); i++)
		assert_int_equal(lvpn_push_verdict(NULL, 0, 0, never[i], NULL), LVPN_PULL_IGNORE);
	for (size_t i = 0; i < sizeof(fine) / sizeof(fine[0]); i++)
		assert_int_equal(lvpn_push_verdict(NULL, 0, 0, fine[i], NULL), LVPN_PULL_ACCEPT);
	/* "accept" in a filter cannot widen what a server may push */
	assert_int_equal(lvpn_push_verdict(f, 2, 0, "up /bin/sh", NULL), LVPN_PULL_IGNORE);
	assert_int_equal(lvpn_push_verdict(f, 2, 0, "ping 10", NULL), LVPN_PULL_REJECT);
	assert_int_equal(lvpn_push_verdict(NULL, 0, 1, "route 10.0.0.0 255.0.0.0", NULL),
	                 LVPN_PULL_IGNORE);
	assert_int_equal(lvpn_push_verdict(NULL, 0, 1, "route-gateway 10.0.0.1", NULL),
	                 LVPN_PULL_ACCEPT);
	assert_int_equal(lvpn_push_verdict(NULL, 0, 0, "", NULL), LVPN_PULL_IGNORE);
}

/* PUSH_REPLY handling as OpenVPN's apply_push_options: pull-filters
 * first (first prefix match wins), route-nopull drops route and DNS
 * options but keeps route-gateway, a bad pushed option is skipped. */
static void pushed_options(void **state)
{
	static const char reply[] = "route 10.1.0.0 255.255.0.0,route 10.2.0.0 255.255.0.0,"
	                            "topology subnet,ifconfig 10.8.0.2 255.255.255.0,peer-id 3,"
	                            "cipher AES-256-GCM,ping 10,ping-restart 60,"
	                            "dhcp-option DNS 10.8.0.1,ca bogus,unknown-opt 1,"
	                            "route-gateway 10.8.0.1,  tun-mtu 1400";
	struct lvpn_config_err err;

	expect_ok(client_head, "");
	assert_int_equal(lvpn_options_apply_push(&o, reply, strlen(reply), &err), 0);
	assert_int_equal(o.routes.n, 2);
	assert_int_equal(o.topology, LVPN_TOPO_SUBNET);
	assert_string_equal(o.ifconfig_local, "10.8.0.2");
	assert_int_equal(o.peer_id, 3);
	assert_string_equal(o.cipher, "AES-256-GCM");
	assert_int_equal(o.ping, 10);
	assert_int_equal(o.ping_restart, 60);
	assert_int_equal(o.dhcp_options.n, 1);
	assert_string_equal(o.route_gateway, "10.8.0.1");
	assert_int_equal(o.ca.is_inline, 1); /* "ca bogus" was not taken */
	assert_int_equal(o.ce.tun_mtu, 1400);
	/* what 2.6 servers push for negotiated features (openvpn-protocol.md b.15) */
	{
		static const char more[] = "protocol-flags cc-exit tls-ekm dyn-tls-crypt,"
		                           "key-derivation tls-ekm,push-continuation 2,"
		                           "socket-flags TCP_NODELAY";

		assert_int_equal(lvpn_options_apply_push(&o, more, strlen(more), &err), 0);
		assert_int_equal(o.protocol_flags,
		                 LVPN_PF_CC_EXIT | LVPN_PF_TLS_EKM | LVPN_PF_DYN_TLS_CRYPT);
		assert_int_equal(o.push_continuation, 2);
		assert_int_equal(o.tcp_nodelay, 1);
	}
	lvpn_options_free(&o);

	expect_ok(client_head, "route-nopull\npull-filter ignore \"route 10.2.\"\n");
	assert_int_equal(lvpn_options_apply_push(&o, reply, strlen(reply), &err), 0);
	assert_int_equal(o.routes.n, 0);
	assert_int_equal(o.dhcp_options.n, 0);
	assert_string_equal(o.route_gateway, "10.8.0.1");
	lvpn_options_free(&o);

	expect_ok(client_head, "pull-filter accept \"route 10.1.\"\npull-filter ignore route\n"
	                       "pull-filter reject dhcp-option\n");
	assert_int_equal(lvpn_options_pull_filter(&o, "  route 10.1.0.0 255.255.0.0"),
	                 LVPN_PULL_ACCEPT);
	assert_int_equal(lvpn_options_pull_filter(&o, "route 10.2.0.0 255.255.0.0"),
	                 LVPN_PULL_IGNORE);
	assert_int_equal(lvpn_options_pull_filter(&o, "ping 10"), LVPN_PULL_ACCEPT);
	assert_int_equal(lvpn_options_apply_push(&o, reply, strlen(reply), &err), LVPN_ERR_CONFIG);
	lvpn_config_err_format(&err, msg, sizeof(msg));
	assert_string_equal(msg, "leanvpn: [PUSH-OPTIONS]:9: option 'pull-filter': pushed option "
	                         "'dhcp-option DNS 10.8.0.1' rejected: reconnecting");
	assert_int_equal(o.routes.n, 1);
	lvpn_options_free(&o);
}

/* OpenVPN's filechecks for directories: the client-config-dir (inside the
 * chroot) must exist, the status file's directory must exist. */
static void directories_through_ops(void **state)
{
	const struct memfile dirs[] = {{"/etc/vpn", ""},
	                               {"/etc/vpn/ccd", ""},
	                               {"/var/log", ""},
	                               {"/jail/ccd", ""},
	                               {NULL, NULL}};

	expect_ok2(server_head,
	           "client-config-dir /etc/vpn/ccd\nstatus /var/log/s.log\n"
	           "status-version 2\n",
	           dirs);
	lvpn_options_free(&o);
	expect_ok2(server_head, "cd /etc/vpn\nclient-config-dir ccd\nstatus s.log\n", dirs);
	lvpn_options_free(&o);
	assert_int_equal(run2(server_head, "client-config-dir /etc/vpn/nothere\n", dirs),
	                 LVPN_ERR_CONFIG);
	assert_string_equal(msg, "leanvpn: a.conf:17: option 'client-config-dir': cannot read "
	                         "directory '/etc/vpn/nothere'");
	lvpn_options_free(&o);
	assert_int_equal(run2(server_head, "status /run/nothere/s.log\n", dirs), LVPN_ERR_CONFIG);
	assert_string_equal(msg, "leanvpn: a.conf:17: option 'status': the directory of "
	                         "'/run/nothere/s.log' does not exist");
	lvpn_options_free(&o);
	/* with a chroot, the client-config-dir is looked up inside it */
	assert_int_equal(run2(server_head, "chroot /jail\nclient-config-dir ccd\n", dirs),
	                 LVPN_ERR_CONFIG);
	assert_string_equal(msg, "leanvpn: a.conf:17: option 'chroot': cannot read directory "
	                         "'/jail'");
	lvpn_options_free(&o);
}

/* The options a client takes from a PUSH_REPLY: the list in
 * openvpn-protocol.md b.15 (OpenVPN's pull_permission_mask), plus the
 * few more whose permission class is in that mask (init.c, options.c). */
static void push_permissions_match_openvpn(void **state)
{
	static const char *const pushable[] = {
	    "ifconfig",
	    "ifconfig-ipv6",
	    "topology",
	    "lladdr",
	    "tun-mtu",
	    "route",
	    "route-ipv6",
	    "redirect-gateway",
	    "route-metric",
	    "block-ipv6",
	    "client-nat",
	    "route-gateway",
	    "route-delay",
	    "dhcp-option",
	    "dns",
	    "block-outside-dns",
	    "register-dns",
	    "ip-win32",
	    "dhcp-renew",
	    "dhcp-pre-release",
	    "tap-sleep",
	    "ping",
	    "ping-restart",
	    "ping-exit",
	    "inactive",
	    "session-timeout",
	    "ping-timer-rem",
	    "peer-id",
	    "cipher",
	    "key-derivation",
	    "protocol-flags",
	    "comp-lzo",
	    "compress",
	    "echo",
	    "auth-token",
	    "auth-token-user",
	    "explicit-exit-notify",
	    "setenv-safe",
	    "push-continuation",
	    "sndbuf",
	    "rcvbuf",
	    "socket-flags",
	    "bind-dev",
	    "persist-key",
	    "persist-tun",
	    "shaper",
	    "verb",
	    "mute",
	    /* same permission classes (OPT_P_ROUTE, _UP, _MESSAGES, _COMP, ...) */
	    "redirect-private",
	    "route-ipv6-gateway",
	    "max-routes",
	    "ifconfig-noexec",
	    "ifconfig-nowarn",
	    "show-net-up",
	    "route-method",
	    "errors-to-stderr",
	    "comp-noadapt",
	    "parameter",
	    "tun-ipv6",
	    "compat-mode",
	};
	size_t n = sizeof(pushable) / sizeof(pushable[0]), count = 0;

	for (size_t i = 0; i < n; i++) {
		const struct lvpn_opttab *t = lvpn_opttab_find(pushable[i]);

		assert_non_null(t);
		if (!(t->where & LVPN_WHERE_PUSH))
			fail_msg("%s should be pushable", pushable[i]);
	}
	for (size_t i = 0; i < lvpn_opttab_len; i++)
		if (lvpn_opttab[i].where & LVPN_WHERE_PUSH)
			count++;
	assert_int_equal(count, n);
}

/* Address syntax by hand from RFC 4291 section 2.2 and dotted quads. */
static void address_syntax(void **state)
{
	static const char *const v6_ok[] = {"::",
	                                    "::1",
	                                    "1::",
	                                    "2001:db8::1",
	                                    "fe80::1:2:3:4",
	                                    "1:2:3:4:5:6:7:8",
	                                    "1:2:3:4:5:6:7::",
	                                    "::ffff:192.0.2.1",
	                                    "2001:DB8:0:0:8:800:200C:417A"};
	static const char *const v6_bad[] = {"",
	                                     ":",
	                                     ":1",
	                                     "1:",
	                                     "1:::2",
	                                     "1::2::3",
	                                     "1:2:3:4:5:6:7:8:9",
	                                     "12345::",
	                                     "g::1",
	                                     "1:2:3:4:5:6:7:8::",
	                                     "::1.2.3",
	                                     "1.2.3.4"};
	uint32_t v;
	int bits;

	for (size_t i = 0; i < sizeof(v6_ok) / sizeof(v6_ok[0]); i++)
		if (!lvpn_is_ipv6(v6_ok[i]))
			fail_msg("%s should be an IPv6 address", v6_ok[i]);
	for (size_t i = 0; i < sizeof(v6_bad) / sizeof(v6_bad[0]); i++)
		if (lvpn_is_ipv6(v6_bad[i]))
			fail_msg("%s should not be an IPv6 address", v6_bad[i]);
	assert_true(lvpn_is_ipv6_prefix("2001:db8::/32", &bits));
	assert_int_equal(bits, 32);
	assert_true(lvpn_is_ipv6_prefix("fd00::1", &bits));
	assert_int_equal(bits, -1);
	assert_false(lvpn_is_ipv6_prefix("fd00::/129", &bits));
	assert_false(lvpn_is_ipv6_prefix("fd00::/", &bits));
	assert_false(lvpn_is_ipv6_prefix("/64", &bits));

	assert_true(lvpn_is_ipv4("192.0.2.255", &v));
	assert_int_equal(v, 0xc00002ff);
	assert_false(lvpn_is_ipv4("192.0.2", NULL));
	assert_false(lvpn_is_ipv4("192.0.2.256", NULL));
	assert_false(lvpn_is_ipv4("192.0.2.1.", NULL));
	assert_false(lvpn_is_ipv4("1920.0.2.1", NULL));
	assert_true(lvpn_is_netmask("255.255.255.0", &v));
	assert_int_equal(v, 0xffffff00);
	assert_true(lvpn_is_netmask("0.0.0.0", NULL));
	assert_true(lvpn_is_netmask("255.255.255.255", NULL));
	assert_false(lvpn_is_netmask("255.0.255.0", NULL));
	assert_false(lvpn_is_netmask("0.255.255.255", NULL));

	assert_true(lvpn_is_alglist("AES-256-GCM:?CHACHA20-POLY1305:aes-128-cbc"));
	assert_false(lvpn_is_alglist("AES-256-GCM:"));
	assert_false(lvpn_is_alglist(":AES-256-GCM"));
	assert_false(lvpn_is_alglist("AES 256"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(table_is_sorted_and_sane),
	    cmocka_unit_test(defaults_are_openvpn_26),
	    cmocka_unit_test(client_expands_to_pull_tls_client),
	    cmocka_unit_test(keepalive_expansion),
	    cmocka_unit_test(value_validation),
	    cmocka_unit_test(conflicts_and_requirements),
	    cmocka_unit_test(files_through_ops),
	    cmocka_unit_test(key_direction_inline),
	    cmocka_unit_test(cipher_joins_data_ciphers),
	    cmocka_unit_test(permissions_by_source),
	    cmocka_unit_test(print_redacts_secrets),
	    cmocka_unit_test(print_round_trip),
	    cmocka_unit_test(ns_cert_type_verify_hash),
	    cmocka_unit_test(device_and_proto_roles),
	    cmocka_unit_test(blocks_and_later_globals),
	    cmocka_unit_test(contradictions),
	    cmocka_unit_test(windows_only_options),
	    cmocka_unit_test(pushed_options),
	    cmocka_unit_test(pushed_tun_mtu),
	    cmocka_unit_test(push_verdict),
	    cmocka_unit_test(push_verdict_hides_the_token),
	    cmocka_unit_test(directories_through_ops),
	    cmocka_unit_test(push_permissions_match_openvpn),
	    cmocka_unit_test(address_syntax),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
