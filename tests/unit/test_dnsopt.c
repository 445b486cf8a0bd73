/* SPDX-License-Identifier: BSD-2-Clause */
/* Tests for the typed --dns option (proto/config/dnsopt.h): the syntax of
 * OpenVPN 2.6 (options.c, dns.c), a pushed server replacing a configured
 * one, the names and addresses refused, and the settings a client
 * derives from dhcp-options when no dns server is given (OpenVPN 2.7).
 * Expected values written by hand from those rules. */
#include "tests/unit/testutil.h"

#include "proto/config/dnsopt.h"
#include "proto/config/netplan.h"
#include "proto/config/push.h"

static int dns(struct lvpn_netplan *p, const char *line)
{
	return lvpn_netplan_parse_option(p, line, NULL);
}

static const char *addr(const struct lvpn_dns_server *s, unsigned i, int resolved, const char *sni)
{
	static char b[128];

	assert_true(i < s->n_addr);
	assert_non_null(lvpn_dns_addr_fmt(&s->addr[i], resolved, sni, b, sizeof(b)));
	return b;
}

static void test_server_lines(void **state)
{
	static struct lvpn_netplan p;
	const struct lvpn_dns *d = &p.dns;
	(void)state;

	lvpn_netplan_init(&p);
	assert_int_equal(dns(&p, "dns server 5 address 10.0.0.1 [fd00::53]:5353 192.0.2.1:853"), 0);
	assert_int_equal(dns(&p, "dns server -3 address fd00::1"), 0);
	assert_int_equal(dns(&p, "dns server 5 resolve-domains corp.example. lab.example"), 0);
	assert_int_equal(dns(&p, "dns server 5 dnssec optional"), 0);
	assert_int_equal(dns(&p, "dns server 5 transport DoT"), 0);
	assert_int_equal(dns(&p, "dns server 5 sni dns.example"), 0);
	assert_int_equal(dns(&p, "dns search-domains a.example b.example"), 0);
	assert_int_equal(d->n_servers, 2);
	/* priority order, the lowest first */
	assert_int_equal(d->servers[0].priority, -3);
	assert_string_equal(addr(&d->servers[0], 0, 0, NULL), "fd00::1");
	assert_int_equal(d->servers[1].priority, 5);
	assert_int_equal(d->servers[1].n_addr, 3);
	assert_string_equal(addr(&d->servers[1], 0, 0, NULL), "10.0.0.1");
	assert_int_equal(d->servers[1].addr[0].port, 0);
	assert_string_equal(addr(&d->servers[1], 1, 0, NULL), "fd00::53");
	assert_int_equal(d->servers[1].addr[1].port, 5353);
	assert_string_equal(addr(&d->servers[1], 1, 1, NULL), "[fd00::53]:5353");
	assert_string_equal(addr(&d->servers[1], 2, 1, "dns.example"), "192.0.2.1:853#dns.example");
	assert_string_equal(addr(&d->servers[1], 0, 1, "dns.example"), "10.0.0.1#dns.example");
	assert_int_equal(d->servers[1].n_resolve, 2);
	assert_string_equal(lvpn_dns_text(d, d->servers[1].resolve[0]), "corp.example.");
	assert_int_equal(d->servers[1].dnssec, LVPN_DNSSEC_OPTIONAL);
	assert_int_equal(d->servers[1].transport, LVPN_DNS_TR_DOT);
	assert_true(d->servers[1].have_sni);
	assert_string_equal(lvpn_dns_text(d, d->servers[1].sni), "dns.example");
	assert_int_equal(d->n_search, 2);
	assert_string_equal(lvpn_dns_text(d, d->search[1]), "b.example");
}

/* Every refused line leaves the plan as it was. */
static void test_refused(void **state)
{
	static const char *const bad[] = {
	    "dns",
	    "dns servers 0 address 10.0.0.1",
	    "dns server 0 address",
	    "dns server x address 10.0.0.1",
	    "dns server 128 address 10.0.0.1",
	    "dns server -129 address 10.0.0.1",
	    "dns server 0 address 10.0.0.300",
	    "dns server 0 address 010.0.0.1",
	    "dns server 0 address 10.0.0.1:0",
	    "dns server 0 address 10.0.0.1:65536",
	    "dns server 0 address 10.0.0.1:-1",
	    "dns server 0 address fd00::1:53x",
	    "dns server 0 address [fd00::1]",
	    "dns server 0 address [fd00::1]x:53",
	    "dns server 0 address not-an-address",
	    /* one string (in parentheses: clang's -Wstring-concatenation) */
	    ("dns server 0 address 10.0.0.1 10.0.0.2 10.0.0.3 10.0.0.4 10.0.0.5 10.0.0.6 "
	     "10.0.0.7 10.0.0.8 10.0.0.9"),
	    "dns server 0 dnssec maybe",
	    "dns server 0 dnssec yes no",
	    "dns server 0 transport doh",
	    "dns server 0 weight 1",
	    "dns server 0 resolve-domains \"a;rm -rf /\"",
	    "dns server 0 resolve-domains a..b",
	    "dns server 0 sni \"$(id)\"",
	    "dns search-domains good.example \"bad name\"",
	    "dns search-domains -",
	    "dns search-domains .",
	    "dns server 7 address bogus",
	    "dns server 7 dnssec maybe",
	    "dns server -7 resolve-domains a..b",
	};
	static struct lvpn_netplan p, before;
	(void)state;

	lvpn_netplan_init(&p);
	assert_int_equal(dns(&p, "dns server 0 address 10.0.0.53"), 0);
	assert_int_equal(dns(&p, "dns search-domains ok.example"), 0);
	before = p;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = dns(&p, bad[i]);

		if (rc == 0 || memcmp(&p, &before, sizeof(p)) != 0)
			fail_msg("accepted or changed the plan: %s", bad[i]);
	}
}

/* Names up to the text's size (long names, one per line as a config
 * allows: a line holds 255 bytes); the name that does not fit changes
 * nothing. */
static void test_full(void **state)
{
	static struct lvpn_dns d, before;
	char name[201], prio[8];
	char *search[] = {"dns", "search-domains", name, name, NULL};
	char *rdom[] = {"dns", "server", prio, "resolve-domains", name, NULL};
	size_t at = 0;
	int k = 0;
	(void)state;

	for (int i = 0; i < 200; i++)
		name[i] = i % 2 ? '.' : 'a';
	name[199] = 'b';
	name[200] = '\0';
	lvpn_dns_init(&d);
	/* 201 bytes each: 20 fit in the 4096-byte text */
	for (k = 0; d.used + 201 <= sizeof(d.text); k++) {
		snprintf(prio, sizeof(prio), "%d", k % LVPN_DNS_MAX_SERVERS);
		assert_int_equal(lvpn_dns_parse_args(&d, 5, rdom, NULL), 0);
		at = d.used;
	}
	assert_int_equal(k, 20);
	before = d;
	assert_int_equal(lvpn_dns_parse_args(&d, 4, search, NULL), LVPN_ERR_EXHAUSTED);
	assert_memory_equal(&d, &before, sizeof(d));
	snprintf(prio, sizeof(prio), "%d", 1);
	assert_int_equal(lvpn_dns_parse_args(&d, 5, rdom, NULL), LVPN_ERR_EXHAUSTED);
	assert_memory_equal(&d, &before, sizeof(d));
	assert_int_equal(at, d.used);
}

static void test_names(void **state)
{
	char long_label[70], long_name[300];
	(void)state;

	assert_true(lvpn_dns_name_ok("example.test"));
	assert_true(lvpn_dns_name_ok("example.test."));
	assert_true(lvpn_dns_name_ok("_srv.x-y.Z9"));
	assert_false(lvpn_dns_name_ok(""));
	assert_false(lvpn_dns_name_ok(".x"));
	assert_false(lvpn_dns_name_ok("a;rm"));
	assert_false(lvpn_dns_name_ok("a b"));
	assert_false(lvpn_dns_name_ok("a\nb"));
	assert_false(lvpn_dns_name_ok("~corp"));
	assert_false(lvpn_dns_name_ok("--help"));
	assert_false(lvpn_dns_name_ok("a.-b"));
	memset(long_label, 'a', 64);
	long_label[64] = '\0';
	assert_false(lvpn_dns_name_ok(long_label));
	long_label[63] = '\0';
	assert_true(lvpn_dns_name_ok(long_label));
	for (int i = 0; i < 300; i++)
		long_name[i] = i % 2 ? '.' : 'a';
	long_name[253] = '\0'; /* a.a. ... a: 253 bytes */
	assert_true(lvpn_dns_name_ok(long_name));
	long_name[253] = 'a';
	long_name[254] = '\0';
	assert_false(lvpn_dns_name_ok(long_name));
}

/* A pushed server replaces the configured one of its priority; pushed
 * lines of one priority add up; pushed search domains follow the
 * configured ones; a pushed priority below 0 is refused. */
static void test_pull_merge(void **state)
{
	static const char *const opts[] = {
	    "dns server 1 address 10.8.0.1",  "dns server 1 resolve-domains vpn.example",
	    "dns server -1 address 10.8.0.9", "dns search-domains pushed.example",
	    "dns server 3 address 10.8.0.3",
	};
	static struct lvpn_netplan base;
	static struct lvpn_push p;
	const struct lvpn_pull_policy pol = {NULL, 0, 0, NULL};
	const struct lvpn_dns *d = &p.net.dns;
	(void)state;

	lvpn_netplan_init(&base);
	assert_int_equal(dns(&base, "dns server 1 address 192.0.2.53"), 0);
	assert_int_equal(dns(&base, "dns server 1 dnssec yes"), 0);
	assert_int_equal(dns(&base, "dns server -5 address 192.0.2.5"), 0);
	assert_int_equal(dns(&base, "dns search-domains local.example"), 0);
	lvpn_push_reset(&p);
	lvpn_push_set_base(&p, &base);
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		assert_int_equal(lvpn_push_add(&p, opts[i], strlen(opts[i]), &pol, NULL),
		                 LVPN_PULL_ACCEPT);
	assert_int_equal(d->n_servers, 3);
	assert_int_equal(d->servers[0].priority, -5); /* configured, kept */
	assert_string_equal(addr(&d->servers[0], 0, 0, NULL), "192.0.2.5");
	assert_int_equal(d->servers[1].priority, 1); /* pushed, replaced the configured */
	assert_int_equal(d->servers[1].n_addr, 1);
	assert_string_equal(addr(&d->servers[1], 0, 0, NULL), "10.8.0.1");
	assert_int_equal(d->servers[1].dnssec, LVPN_DNSSEC_UNSET);
	assert_int_equal(d->servers[1].n_resolve, 1);
	assert_int_equal(d->servers[2].priority, 3);
	assert_int_equal(d->n_search, 2);
	assert_string_equal(lvpn_dns_text(d, d->search[0]), "local.example");
	assert_string_equal(lvpn_dns_text(d, d->search[1]), "pushed.example");
}

/* No dns server: dhcp-option DNS/DNS6 become server 0, DOMAIN and
 * DOMAIN-SEARCH its search domains; a value that is not a name is left
 * out.  With a dns server, the dhcp-options are not used. */
static void test_effective(void **state)
{
	static struct lvpn_netplan p;
	static struct lvpn_dns e;
	(void)state;

	lvpn_netplan_init(&p);
	assert_int_equal(dns(&p, "dhcp-option DOMAIN-SEARCH two.example"), 0);
	assert_int_equal(dns(&p, "dhcp-option DNS 198.18.0.53"), 0);
	assert_int_equal(dns(&p, "dhcp-option DOMAIN \"a;rm\""), 0);
	assert_int_equal(dns(&p, "dhcp-option DOMAIN one.example"), 0);
	assert_int_equal(dns(&p, "dhcp-option DNS6 fd00::53"), 0);
	assert_int_equal(dns(&p, "dhcp-option DNS not-an-address"), 0);
	assert_int_equal(lvpn_dns_effective(&p, &e, NULL), 1);
	assert_int_equal(e.servers[0].n_addr, 2);
	assert_string_equal(addr(&e.servers[0], 0, 0, NULL), "198.18.0.53");
	assert_string_equal(addr(&e.servers[0], 1, 0, NULL), "fd00::53");
	assert_int_equal(e.n_search, 2);
	assert_string_equal(lvpn_dns_text(&e, e.search[0]), "one.example");
	assert_string_equal(lvpn_dns_text(&e, e.search[1]), "two.example");

	assert_int_equal(dns(&p, "dns server 2 resolve-domains x.example"), 0); /* no address */
	assert_int_equal(lvpn_dns_effective(&p, &e, NULL), 0);
	assert_int_equal(dns(&p, "dns server 4 address 10.0.0.4"), 0);
	assert_int_equal(lvpn_dns_effective(&p, &e, NULL), 1);
	assert_int_equal(e.servers[0].priority, 4);
	assert_int_equal(e.n_search, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_server_lines), cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_names),        cmocka_unit_test(test_pull_merge),
	    cmocka_unit_test(test_effective),    cmocka_unit_test(test_full),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
