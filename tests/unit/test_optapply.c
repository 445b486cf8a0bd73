/* SPDX-License-Identifier: BSD-2-Clause */
/* Options OpenVPN 2.6 applies that leanvpn once refused or ignored:
 * they are taken, checked and stored as 2.6 does (options.c add_option,
 * cited per case). */
#include "tests/unit/testutil.h"
#include "tests/unit/test_config_memfs.h"

#include "proto/config/options.h"
#include "proto/config/opttab.h"
#include "proto/config/engconf.h"

static struct lvpn_options o;
static char msg[1200];

#define CERT "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
#define PKI  "<ca>\n" CERT "</ca>\n<cert>\n" CERT "</cert>\n<key>\n" CERT "</key>\n"

/* Reads role + PKI + line as a.conf; 0 or the error (msg holds it). */
static int conf(const char *role, const char *line)
{
	static char text[4096];
	struct memfile files[] = {{"a.conf", text}, {NULL, NULL}};
	const char *argv[] = {"leanvpn", "--dev",    "tun",    "--dh",
	                      "none",    "--config", "a.conf", NULL};

	lvpn_options_free(&o);
	memset(&o, 0, sizeof(o));
	snprintf(text, sizeof(text), "%s\n%s%s\n", role, PKI, line);
	return memfs_run(&o, files, argv, 1, msg, sizeof(msg));
}

#define CLIENT "client\nremote vpn.example 1194"
#define SERVER "server 10.8.0.0 255.255.255.0"

static void taken(const char *role, const char *line)
{
	if (conf(role, line) != 0)
		fail_msg("'%s' refused: %s", line, msg);
}

static void refused(const char *role, const char *line, const char *why)
{
	assert_int_equal(conf(role, line), LVPN_ERR_CONFIG);
	if (!strstr(msg, why))
		fail_msg("'%s': '%s' without '%s'", line, msg, why);
}

/* keying-material-exporter LABEL LEN, either role: the label begins with
 * EXPORTER and is not the data keys' one; 16 <= LEN <= 4095 (atoi). */
static void keying_material_exporter(void **state)
{
	(void)state;
	taken(CLIENT, "keying-material-exporter EXPORTER-test 32");
	assert_string_equal(o.ekm_label, "EXPORTER-test");
	assert_int_equal(o.ekm_len, 32);
	taken(SERVER, "keying-material-exporter EXPORTER 16");
	assert_int_equal(o.ekm_len, 16);
	taken(CLIENT, "keying-material-exporter EXPORTERx 4095");
	assert_int_equal(o.ekm_len, 4095);
	taken(CLIENT, "keying-material-exporter EXPORTER-a 64bytes");
	assert_int_equal(o.ekm_len, 64);
	refused(CLIENT, "keying-material-exporter EXPORTE 32",
	        "'keying-material-exporter': Keying material exporter label must begin with "
	        "\"EXPORTER\"");
	refused(CLIENT, "keying-material-exporter exporter-lower 32", "must begin with");
	refused(CLIENT, "keying-material-exporter EXPORTER-OpenVPN-datakeys 32",
	        "label must not be 'EXPORTER-OpenVPN-datakeys'");
	refused(SERVER, "keying-material-exporter EXPORTER-a 15",
	        "Invalid keying material exporter length");
	refused(CLIENT, "keying-material-exporter EXPORTER-a 4096", "Invalid keying material");
	refused(CLIENT, "keying-material-exporter EXPORTER-a -32", "Invalid keying material");
	refused(CLIENT, "keying-material-exporter EXPORTER-a", "keying-material-exporter");
}

/* ifconfig-push-constraint NETWORK NETMASK: two addresses, neither zero */
static void ifconfig_push_constraint(void **state)
{
	(void)state;
	taken(SERVER, "ifconfig-push-constraint 10.8.0.0 255.255.0.0");
	assert_int_equal(o.push_constraint, 1);
	assert_int_equal(o.push_constraint_net, 0x0a080000);
	assert_int_equal(o.push_constraint_mask, 0xffff0000);
	taken(SERVER, "verb 3");
	assert_int_equal(o.push_constraint, 0);
	refused(SERVER, "ifconfig-push-constraint 0.0.0.0 255.255.0.0",
	        "'ifconfig-push-constraint': cannot parse --ifconfig-push-constraint addresses");
	refused(SERVER, "ifconfig-push-constraint 10.8.0.0 0.0.0.0", "cannot parse");
	refused(SERVER, "ifconfig-push-constraint 10.8.0 255.255.0.0", "cannot parse");
	refused(SERVER, "ifconfig-push-constraint 10.8.0.0", "ifconfig-push-constraint");
}

/* remap-usr1 SIGHUP|SIGTERM; management-signal,
 * management-forget-disconnect, management-up-down,
 * management-query-remote and management-query-proxy are flags */
static void remap_and_management(void **state)
{
	(void)state;
	taken(CLIENT, "remap-usr1 SIGTERM");
	assert_int_equal(o.remap_usr1, LVPN_REMAP_SIGTERM);
	taken(SERVER, "remap-usr1 SIGHUP");
	assert_int_equal(o.remap_usr1, LVPN_REMAP_SIGHUP);
	assert_int_equal(o.management_signal, 0);
	assert_int_equal(o.management_up_down, 0);
	refused(CLIENT, "remap-usr1 SIGUSR2",
	        "'remap-usr1': --remap-usr1 parm must be 'SIGHUP' or 'SIGTERM'");
	refused(CLIENT, "remap-usr1 sigterm", "must be 'SIGHUP' or 'SIGTERM'");
	taken(CLIENT,
	      "management /tmp/m.sock unix\nmanagement-signal\nmanagement-forget-disconnect\n"
	      "management-up-down\nmanagement-query-remote\nmanagement-query-proxy");
	assert_int_equal(o.management_signal, 1);
	assert_int_equal(o.management_up_down, 1);
	assert_int_equal(o.management_query_remote, 1);
	assert_int_equal(o.management_query_proxy, 1);
	assert_int_equal(o.management_forget_disconnect, 1);
	assert_int_equal(o.remap_usr1, 0);
}

/* tls-export-cert DIR: the directory must be there at start (2.6's
 * check_file_access) */
static void tls_export_cert(void **state)
{
	(void)state;
	taken(SERVER, "tls-export-cert a.conf");
	assert_string_equal(o.tls_export_cert, "a.conf");
	refused(CLIENT, "tls-export-cert /nonexistent",
	        "'tls-export-cert': cannot read directory '/nonexistent'");
}

/* hash-size: meaningless for leanvpn's tables, warned with that reason */
static void hash_size_reason(void **state)
{
	const struct lvpn_opttab *t = lvpn_opttab_find("hash-size");

	(void)state;
	assert_non_null(t);
	assert_int_equal(t->status, LVPN_OPT_WARN);
	assert_non_null(strstr(t->why, "from max-clients"));
	taken(SERVER, "hash-size 512 512");
}

/* force-tls-key-material-export: a server's, handed to its engine (2.6:
 * "requires --mode server") */
static void force_tls_ekm(void **state)
{
	struct lvpn_engconf ec;
	struct lvpn_session_conf sc;

	(void)state;
	memset(&ec, 0, sizeof(ec));
	memset(&sc, 0, sizeof(sc));
	taken(SERVER, "force-tls-key-material-export");
	assert_int_equal(o.force_tls_ekm, 1);
	lvpn_engconf_session(&ec, &o, &o.ce, NULL, &sc);
	assert_int_equal(sc.force_ekm, 1);
	refused(CLIENT, "force-tls-key-material-export",
	        "'force-tls-key-material-export': only for a server");
}

/* max-routes-per-client N: 2.6's max_int(atoi(N), 1) */
static void max_routes_per_client(void **state)
{
	(void)state;
	taken(SERVER, "verb 3");
	assert_int_equal(o.max_routes_per_client, 0); /* the default, 256 */
	taken(SERVER, "max-routes-per-client 7");
	assert_int_equal(o.max_routes_per_client, 7);
	taken(SERVER, "max-routes-per-client 0");
	assert_int_equal(o.max_routes_per_client, 1);
	taken(SERVER, "max-routes-per-client -5");
	assert_int_equal(o.max_routes_per_client, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(keying_material_exporter), cmocka_unit_test(ifconfig_push_constraint),
	    cmocka_unit_test(remap_and_management),     cmocka_unit_test(tls_export_cert),
	    cmocka_unit_test(hash_size_reason),         cmocka_unit_test(force_tls_ekm),
	    cmocka_unit_test(max_routes_per_client),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	lvpn_options_free(&o);
	return rc;
}
