/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - OpenVPN's --dns option, typed (dnsopt.h). */
#include "proto/config/dnsopt.h"

#include <stdio.h>
#include <string.h>

#include "proto/config/netplan.h"
#include "proto/server/srvaddr.h"

#define BAD(...)                                                                                   \
	do {                                                                                       \
		LVPN_LOG(lg, LVPN_LOG_ERR, __VA_ARGS__);                                           \
		return LVPN_ERR_CONFIG;                                                            \
	} while (0)

void lvpn_dns_init(struct lvpn_dns *d)
{
	memset(d, 0, sizeof(*d));
}

void lvpn_dns_begin_pull(struct lvpn_dns *d)
{
	d->pulling = 1;
}

const char *lvpn_dns_text(const struct lvpn_dns *d, uint16_t off)
{
	return d->text + off;
}

int lvpn_dns_name_ok(const char *s)
{
	size_t len = strlen(s), label = 0;

	if (len == 0 || len > LVPN_DNS_NAME_MAX + 1 ||
	    (len > LVPN_DNS_NAME_MAX && s[len - 1] != '.'))
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == '.') {
			if (label == 0)
				return 0;
			label = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return 0;
		if (c == '-' && label == 0) /* never an option to resolvectl */
			return 0;
		if (++label > 63)
			return 0;
	}
	return 1;
}

/* A decimal number in [min, max]. */
static int number(const char *s, long min, long max, long *out)
{
	long v = 0;
	int neg = *s == '-';

	s += neg;
	if (*s == '\0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 1000000)
			return -1;
		v = v * 10 + (*s - '0');
	}
	v = neg ? -v : v;
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* "a.b.c.d", "a.b.c.d:port", "v6", "[v6]:port" (OpenVPN's
 * dns_server_addr_parse). */
static int parse_addr(const char *s, struct lvpn_dns_addr *a)
{
	char host[64];
	const char *first = strchr(s, ':'), *last = strrchr(s, ':');
	size_t n = strlen(s);
	long port = 0;

	memset(a, 0, sizeof(*a));
	if (!first || first == last) { /* IPv4, maybe with a port */
		if (last) {
			n = (size_t)(last - s);
			if (number(last + 1, 1, 65535, &port) != 0 || last[1] == '-')
				return -1;
		}
		a->family = 4;
	} else { /* IPv6: a port only in the bracket form */
		if (s[0] == '[') {
			if (last[-1] != ']' || number(last + 1, 1, 65535, &port) != 0 ||
			    last[1] == '-')
				return -1;
			s++;
			n = (size_t)(last - 1 - s);
		}
		a->family = 6;
	}
	if (n == 0 || n >= sizeof(host))
		return -1;
	memcpy(host, s, n);
	host[n] = '\0';
	a->port = (uint16_t)port;
	if (a->family == 4) {
		uint32_t v;

		for (const char *c = host; *c; c++) /* no octal-looking octet */
			if (*c == '0' && (c == host || c[-1] == '.') && c[1] >= '0' && c[1] <= '9')
				return -1;
		if (lvpn_srvaddr_parse4(host, &v) != 0)
			return -1;
		a->addr[0] = (uint8_t)(v >> 24);
		a->addr[1] = (uint8_t)(v >> 16);
		a->addr[2] = (uint8_t)(v >> 8);
		a->addr[3] = (uint8_t)v;
		return 0;
	}
	return lvpn_srvaddr_parse6(host, a->addr) == 0 ? 0 : -1;
}

/* Appends a name to the text; its offset, or -1 when full. */
static long put(struct lvpn_dns *d, const char *s)
{
	size_t n = strlen(s), at = d->used;

	if (n >= sizeof(d->text) - at)
		return -1;
	memcpy(d->text + at, s, n + 1);
	d->used += n + 1;
	return (long)at;
}

/* Appends names argv[0..argc-1] to list (*n entries). */
static int names(struct lvpn_dns *d, uint16_t *list, unsigned *n, int argc, char *const *argv,
                 struct lvpn_log *lg)
{
	size_t need = 0;

	for (int i = 0; i < argc; i++) {
		if (!lvpn_dns_name_ok(argv[i]))
			BAD("dns: '%.64s' is not a valid domain name", argv[i]);
		need += strlen(argv[i]) + 1;
	}
	/* all or nothing: d is unchanged when they do not fit */
	if (*n + (unsigned)argc > LVPN_DNS_MAX_DOMAINS || need > sizeof(d->text) - d->used)
		goto full;
	for (int i = 0; i < argc; i++)
		list[(*n)++] = (uint16_t)put(d, argv[i]);
	return 0;
full:
	LVPN_LOG(lg, LVPN_LOG_ERR, "dns: more than %d domains or %d bytes of names",
	         LVPN_DNS_MAX_DOMAINS, LVPN_DNS_TEXT_MAX);
	return LVPN_ERR_EXHAUSTED;
}

/* The server of priority prio in d, inserted in order if new (a pushed
 * line replaces a configured server of that priority); NULL when full. */
static struct lvpn_dns_server *server_get(struct lvpn_dns *d, int prio)
{
	unsigned i = 0;

	while (i < d->n_servers && d->servers[i].priority < prio)
		i++;
	if (i < d->n_servers && d->servers[i].priority == prio) {
		if (d->pulling && !d->servers[i].pulled) {
			memset(&d->servers[i], 0, sizeof(d->servers[i]));
			d->servers[i].priority = prio;
			d->servers[i].pulled = 1;
		}
		return &d->servers[i];
	}
	if (d->n_servers == LVPN_DNS_MAX_SERVERS)
		return NULL;
	memmove(&d->servers[i + 1], &d->servers[i], (d->n_servers - i) * sizeof(d->servers[0]));
	d->n_servers++;
	memset(&d->servers[i], 0, sizeof(d->servers[i]));
	d->servers[i].priority = prio;
	d->servers[i].pulled = d->pulling;
	return &d->servers[i];
}

static int server_opt(struct lvpn_dns *d, struct lvpn_dns_server *s, int argc, char *const *t,
                      struct lvpn_log *lg)
{
	static const char *const sec[] = {"no", "yes", "optional"};
	static const char *const tr[] = {"plain", "DoH", "DoT"};
	const char *k = t[3];

	if (strcmp(k, "address") == 0) {
		struct lvpn_dns_addr a[LVPN_DNS_MAX_ADDRS];
		int n = argc - 4;

		if (s->n_addr + (unsigned)n > LVPN_DNS_MAX_ADDRS) {
			LVPN_LOG(lg, LVPN_LOG_ERR, "dns server %s: more than %d addresses", t[2],
			         LVPN_DNS_MAX_ADDRS);
			return LVPN_ERR_EXHAUSTED;
		}
		for (int i = 0; i < n; i++)
			if (parse_addr(t[4 + i], &a[i]) != 0)
				BAD("dns server %s: '%.64s' is not an address[:port]", t[2],
				    t[4 + i]);
		memcpy(&s->addr[s->n_addr], a, (size_t)n * sizeof(a[0]));
		s->n_addr += (unsigned)n;
		return 0;
	}
	if (strcmp(k, "resolve-domains") == 0)
		return names(d, s->resolve, &s->n_resolve, argc - 4, t + 4, lg);
	if (argc != 5)
		BAD("dns server %s %.20s: expected one value", t[2], k);
	if (strcmp(k, "sni") == 0) {
		uint16_t off[1];
		unsigned one = 0;
		int rc = names(d, off, &one, 1, t + 4, lg);

		if (rc == 0) {
			s->sni = off[0];
			s->have_sni = 1;
		}
		return rc;
	}
	for (int i = 0; i < 3; i++) {
		if (strcmp(k, "dnssec") == 0 && strcmp(t[4], sec[i]) == 0) {
			s->dnssec = (enum lvpn_dns_sec)(LVPN_DNSSEC_NO + i);
			return 0;
		}
		if (strcmp(k, "transport") == 0 && strcmp(t[4], tr[i]) == 0) {
			s->transport = (enum lvpn_dns_transport)(LVPN_DNS_TR_PLAIN + i);
			return 0;
		}
	}
	BAD("dns server %s: bad %.20s value '%.32s'", t[2], k, t[4]);
}

int lvpn_dns_parse_args(struct lvpn_dns *d, int argc, char *const *t, struct lvpn_log *lg)
{
	struct lvpn_dns_server *s;
	size_t used = d->used;
	long prio;
	int rc;

	if (argc >= 3 && strcmp(t[1], "search-domains") == 0) {
		unsigned n = d->n_search;

		rc = names(d, d->search, &n, argc - 2, t + 2, lg);
		if (rc == 0)
			d->n_search = n;
		return rc;
	}
	if (argc < 2 || strcmp(t[1], "server") != 0)
		BAD("dns: expected 'search-domains' or 'server'");
	if (argc < 5)
		BAD("dns server: expected a priority, a keyword and a value");
	if (number(t[2], d->pulling ? 0 : -128, 127, &prio) != 0)
		BAD("dns server: bad priority '%.16s'", t[2]);
	if (strcmp(t[3], "address") != 0 && strcmp(t[3], "resolve-domains") != 0 &&
	    strcmp(t[3], "dnssec") != 0 && strcmp(t[3], "transport") != 0 &&
	    strcmp(t[3], "sni") != 0)
		BAD("dns server %s: unknown keyword '%.20s'", t[2], t[3]);
	{
		/* on error, d is as it was: work on a copy of the server */
		struct lvpn_dns_server *keep = NULL, before;
		unsigned n_before = d->n_servers;

		memset(&before, 0, sizeof(before));

		for (unsigned i = 0; i < d->n_servers; i++)
			if (d->servers[i].priority == (int)prio) {
				keep = &d->servers[i];
				before = *keep;
			}
		s = server_get(d, (int)prio);
		if (!s) {
			LVPN_LOG(lg, LVPN_LOG_ERR, "dns: more than %d servers",
			         LVPN_DNS_MAX_SERVERS);
			return LVPN_ERR_EXHAUSTED;
		}
		rc = server_opt(d, s, argc, t, lg);
		if (rc == 0)
			return 0;
		if (keep) {
			*keep = before;
		} else {
			unsigned i = (unsigned)(s - d->servers);

			memmove(&d->servers[i], &d->servers[i + 1],
			        (d->n_servers - i - 1) * sizeof(d->servers[0]));
			d->n_servers = n_before;
			memset(&d->servers[d->n_servers], 0, sizeof(d->servers[0]));
		}
		memset(d->text + used, 0, d->used - used);
		d->used = used;
		return rc;
	}
}

/* Adds the dhcp-options' DNS and domains to out as OpenVPN 2.7 does. */
static void from_dhcp(const struct lvpn_netplan *p, struct lvpn_dns *out, struct lvpn_log *lg)
{
	struct lvpn_dns_server *s = &out->servers[0];
	int any = 0;

	for (unsigned i = 0; i < p->n_dhcp; i++)
		any |= p->dhcp[i].kind == LVPN_DHCP_DNS;
	if (!any)
		return;
	memset(s, 0, sizeof(*s));
	out->n_servers = 1;
	for (unsigned k = LVPN_DHCP_DNS; k <= LVPN_DHCP_DOMAIN_SEARCH; k++) {
		for (unsigned i = 0; i < p->n_dhcp; i++) {
			const struct lvpn_netplan_dhcp *e = &p->dhcp[i];
			char *v = (char *)lvpn_netplan_dhcp_value(p, e);

			if (e->kind != k)
				continue;
			if (k == LVPN_DHCP_DNS) {
				if (s->n_addr == LVPN_DNS_MAX_ADDRS)
					continue;
				s->addr[s->n_addr].family = e->family;
				memcpy(s->addr[s->n_addr].addr, e->addr, 16);
				s->n_addr++;
			} else if (!lvpn_dns_name_ok(v)) {
				LVPN_LOG(
				    lg, LVPN_LOG_WARN,
				    "dhcp-option: '%.64s' is not a valid domain name: left out", v);
			} else if (names(out, out->search, &out->n_search, 1, &v, lg) != 0) {
				return;
			}
		}
	}
}

unsigned lvpn_dns_effective(const struct lvpn_netplan *p, struct lvpn_dns *out, struct lvpn_log *lg)
{
	const struct lvpn_dns *d = &p->dns;
	unsigned n = 0;

	*out = *d;
	if (d->n_servers == 0)
		from_dhcp(p, out, lg);
	for (unsigned i = 0; i < out->n_servers; i++) {
		if (out->servers[i].n_addr == 0) {
			LVPN_LOG(lg, LVPN_LOG_WARN, "dns server %d has no address: left out",
			         out->servers[i].priority);
			continue;
		}
		out->servers[n++] = out->servers[i];
	}
	out->n_servers = n;
	return n;
}

const char *lvpn_dns_addr_fmt(const struct lvpn_dns_addr *a, int resolved, const char *sni,
                              char *out, size_t cap)
{
	char s[LVPN_ADDR6_STRLEN];
	uint32_t v4 = (uint32_t)a->addr[0] << 24 | (uint32_t)a->addr[1] << 16 |
	              (uint32_t)a->addr[2] << 8 | a->addr[3];
	int n;

	if (a->family == 4)
		lvpn_srvaddr_fmt4(v4, s);
	else
		lvpn_srvaddr_fmt6(a->addr, s);
	if (!resolved || (a->port == 0 && !sni))
		n = snprintf(out, cap, "%s", s);
	else if (a->port == 0)
		n = snprintf(out, cap, "%s#%s", s, sni);
	else
		n = snprintf(out, cap, a->family == 6 ? "[%s]:%u%s%s" : "%s:%u%s%s", s,
		             (unsigned)a->port, sni ? "#" : "", sni ? sni : "");
	return n >= 0 && (size_t)n < cap ? out : NULL;
}
