/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the dns options in the scripts' environment, as OpenVPN 2.6
 * on Linux sets them after a PUSH_REPLY (dns.c setenv_dns_options,
 * options.c foreign_options_copy_dns). */
#include <stdio.h>
#include <string.h>

#include "src/script.h"

/* name (a format and its numbers) = v; needs a char name[64] in scope */
#define SET(e, v, ...) (snprintf(name, sizeof(name), __VA_ARGS__), lvpn_env_set((e), name, nz(v)))

static const char *nz(const char *v)
{
	return v ? v : "";
}

/* dns_search_domain_I, dns_server_I_address_J, dns_server_I_port_J,
 * dns_server_I_resolve_domain_J, dns_server_I_dnssec, _transport, _sni
 * (I the server's place in priority order, from 1). */
static int dns_vars(struct lvpn_env *e, const struct lvpn_dns *d)
{
	static const char *const sec[] = {"unset", "no", "yes", "optional"};
	static const char *const tr[] = {"unset", "plain", "DoH", "DoT"};
	char a[LVPN_DNS_ADDR_STRLEN], port[8], name[64];
	int rc = 0;

	for (unsigned i = 0; rc == 0 && i < d->n_search; i++)
		rc = SET(e, lvpn_dns_text(d, d->search[i]), "dns_search_domain_%u", i + 1);
	for (unsigned i = 0; rc == 0 && i < d->n_servers; i++) {
		const struct lvpn_dns_server *s = &d->servers[i];

		for (unsigned j = 0; rc == 0 && j < s->n_addr; j++) {
			rc = SET(e, lvpn_dns_addr_fmt(&s->addr[j], 0, NULL, a, sizeof(a)),
			         "dns_server_%u_address_%u", i + 1, j + 1);
			snprintf(port, sizeof(port), "%u", (unsigned)s->addr[j].port);
			if (rc == 0 && s->addr[j].port)
				rc = SET(e, port, "dns_server_%u_port_%u", i + 1, j + 1);
		}
		for (unsigned j = 0; rc == 0 && j < s->n_resolve; j++)
			rc = SET(e, lvpn_dns_text(d, s->resolve[j]),
			         "dns_server_%u_resolve_domain_%u", i + 1, j + 1);
		if (rc == 0 && s->dnssec)
			rc = SET(e, sec[s->dnssec], "dns_server_%u_dnssec", i + 1);
		if (rc == 0 && s->transport)
			rc = SET(e, tr[s->transport], "dns_server_%u_transport", i + 1);
		if (rc == 0 && s->have_sni)
			rc = SET(e, lvpn_dns_text(d, s->sni), "dns_server_%u_sni", i + 1);
	}
	return rc;
}

static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int lvpn_script_env_dns(struct lvpn_env *e, const struct lvpn_netplan *p)
{
	const struct lvpn_dns *d = &p->dns;
	char v[LVPN_DNS_ADDR_STRLEN + 32], name[64];
	unsigned n = 0;
	int rc = dns_vars(e, d);

	/* foreign_option_N: with dns servers, the dhcp-option DNS* entries
	 * give way to the servers' addresses; with dns search domains, the
	 * DOMAIN-SEARCH ones to them (renumbered, the servers' and domains'
	 * entries last) */
	for (unsigned i = 0; rc == 0 && i < p->n_dhcp; i++) {
		const char *t = lvpn_netplan_dhcp_text(p, &p->dhcp[i]);

		if ((d->n_servers && starts(t, "dhcp-option DNS")) ||
		    (d->n_search && starts(t, "dhcp-option DOMAIN-SEARCH")))
			continue;
		rc = SET(e, t, "foreign_option_%u", ++n);
	}
	for (unsigned i = 0; rc == 0 && i < d->n_servers; i++) {
		const struct lvpn_dns_server *s = &d->servers[i];

		for (unsigned j = 0; rc == 0 && j < s->n_addr; j++) {
			char a[LVPN_DNS_ADDR_STRLEN];

			snprintf(v, sizeof(v), "dhcp-option %s %s",
			         s->addr[j].family == 6 ? "DNS6" : "DNS",
			         lvpn_dns_addr_fmt(&s->addr[j], 0, NULL, a, sizeof(a)));
			rc = SET(e, v, "foreign_option_%u", ++n);
		}
	}
	for (unsigned i = 0; rc == 0 && i < d->n_search; i++) {
		char t[LVPN_DNS_NAME_MAX + 40];

		snprintf(t, sizeof(t), "dhcp-option DOMAIN-SEARCH %s",
		         lvpn_dns_text(d, d->search[i]));
		rc = SET(e, t, "foreign_option_%u", ++n);
	}
	return rc;
}
